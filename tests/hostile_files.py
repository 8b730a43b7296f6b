"""Hostile import files, made on the spot: XLSX decompression bombs, XXE and billion-laughs XML,
text in encodings that are neither UTF-8 nor GBK."""

from __future__ import annotations

import random
import string
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
PACKAGE_RELS = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELATIONSHIPS}">'
                f'<Relationship Id="rId1" Type="{DOCUMENT}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{DOCUMENT}">'
            '<sheets><sheet name="teachers" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELATIONSHIPS}">'
                 f'<Relationship Id="rId1" Type="{DOCUMENT}/worksheet" Target="worksheets/sheet1.xml"/>'
                 f'<Relationship Id="rId2" Type="{DOCUMENT}/sharedStrings" Target="sharedStrings.xml"/>'
                 '</Relationships>')
SHEET_START = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
HEADER = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
SHEET_END = "</sheetData></worksheet>"
STRINGS_START = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">'
HEADINGS = "<si><t>teacher_id</t></si><si><t>name</t></si>"
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
          + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
          + f']><sst xmlns="{MAIN}"><si><t>teacher_id</t></si><si><t>&i;</t></si></sst>')
XXE = ('<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
       f'<worksheet xmlns="{MAIN}"><sheetData>{HEADER}'
       '<row r="2"><c r="A2" t="inlineStr"><is><t>&secret;</t></is></c></row>' + SHEET_END)


def workbook(path: Path, sheet: Iterable[str], strings: Iterable[str]) -> Path:
    """An XLSX file of one sheet and its shared strings, streamed (parts of any size)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", PACKAGE_RELS),
                           ("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)):
            archive.writestr(name, text)
        for name, chunks in (("xl/worksheets/sheet1.xml", sheet), ("xl/sharedStrings.xml", strings)):
            with archive.open(name, "w", force_zip64=True) as part:
                for chunk in chunks:
                    part.write(chunk.encode())
    return path


def repeated(text: str, times: int, batch: int = 100_000) -> Iterator[str]:
    for done in range(0, times, batch):
        yield text * min(batch, times - done)


def blank_rows(folder: Path, rows: int = 20_000_000) -> Path:
    """20 million blank rows in a file of a few hundred kilobytes."""
    return workbook(folder / "blank-rows.xlsx", [SHEET_START, HEADER, *repeated("<row/>", rows), SHEET_END],
                    [STRINGS_START, HEADINGS, "</sst>"])


def numbered_rows(folder: Path, rows: int = 1_100_000) -> Path:
    """More rows than a sheet may hold, each numbered (so the file does not compress suspiciously)."""
    def sheet() -> Iterator[str]:
        yield SHEET_START + HEADER
        for start in range(2, rows + 2, 100_000):
            yield "".join(f'<row r="{n}"/>' for n in range(start, min(start + 100_000, rows + 2)))
        yield SHEET_END
    return workbook(folder / "numbered-rows.xlsx", sheet(), [STRINGS_START, HEADINGS, "</sst>"])


def huge_string(folder: Path, megabytes: int = 400) -> Path:
    """One shared string of 400 MB in a file of a few hundred kilobytes."""
    return workbook(folder / "huge-string.xlsx", [SHEET_START, HEADER, SHEET_END],
                    [STRINGS_START, HEADINGS, "<si><t>", *repeated("a" * 1024, megabytes * 1024, 1024), "</t></si></sst>"])


def long_cell(folder: Path, length: int = 40_000) -> Path:
    """A cell longer than Excel allows, of text that does not compress (no size limit catches it)."""
    text = "".join(random.Random(1).choices(string.ascii_letters, k=length))
    row = f'<row r="2"><c r="A2" t="inlineStr"><is><t>T-1</t></is></c><c r="B2" t="s"><v>2</v></c></row>'
    return workbook(folder / "long-cell.xlsx", [SHEET_START, HEADER, row, SHEET_END],
                    [STRINGS_START, HEADINGS, f"<si><t>{text}</t></si></sst>"])


def xxe(folder: Path) -> Path:
    """A sheet whose cell is an external entity: the server's /etc/passwd."""
    return workbook(folder / "xxe.xlsx", [XXE], [STRINGS_START, HEADINGS, "</sst>"])


def billion_laughs(folder: Path) -> Path:
    """Shared strings whose entities expand ten to the ninth times."""
    return workbook(folder / "laughs.xlsx", [SHEET_START, HEADER, SHEET_END], [LAUGHS])


TEACHERS = "teacher_id,name,gender,birth_date,role,subject,home_school_id,at_home_school_since\n"
TRADITIONAL = [("T-1", "李華", "數學"), ("T-2", "王強", "語文"), ("T-3", "張敏", "音樂"), ("T-4", "劉偉", "體育")]
JAPANESE = [("T-1", "山田太郎", "数学"), ("T-2", "佐藤花子", "国語"), ("T-3", "鈴木一郎", "音楽")]


def teachers_in(folder: Path, encoding: str, people: list[tuple[str, str, str]]) -> Path:
    """A teachers file written in ``encoding``."""
    lines = [f"{t},{name},female,1985-03-01,teacher,{subject},S-URBAN,2015-09-01\n" for t, name, subject in people]
    path = folder / f"teachers-{encoding}.csv"
    path.write_bytes((TEACHERS + "".join(lines)).encode(encoding))
    return path
