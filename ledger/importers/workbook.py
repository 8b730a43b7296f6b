"""An XLSX file checked before it is parsed: a workbook is a zip of XML parts, and both layers can
be made to explode (ADR 0011).

1. **The zip**, from its directory alone (nothing inflated): every part together at most
   ``MAX_UNCOMPRESSED`` bytes (256 MiB, seven times a 3,000-teacher county's ten-year history),
   and no part over 1 MiB inflating more than ``MAX_RATIO`` (100) times — Apache POI's default.
   Python's zip reader never inflates a part beyond the size its directory declares, so what the
   checks read is what the parser would.
2. **The XML**, streamed through expat part by part: no document type declaration (the only way
   to declare entities: no XXE, no billion laughs — openpyxl itself parses through defusedxml
   too), at most ``MAX_ROWS`` rows per sheet and no text over ``MAX_CELL`` characters (Excel's own
   limits: every file Excel writes passes). The scan stops at the first excess.

A file refused is an ``ImportFileError`` naming the limit, in Chinese or English.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.parsers import expat

from ledger.importers.errors import ImportFileError

MAX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_RATIO = 100
RATIO_FROM = 1024 * 1024  # smaller parts may inflate as they like
MAX_ROWS = 1_048_576
MAX_CELL = 32_767
CHUNK = 1 << 16
XML_SUFFIXES = (".xml", ".rels", ".vml")


class Refused(Exception):
    """Raised inside the expat handlers (carries the refusal out of the parser)."""

    def __init__(self, error: ImportFileError) -> None:
        super().__init__(error.msg.code)
        self.error = error


def check_workbook(path: Path) -> None:
    """Refuses an XLSX file that exceeds a limit or declares a document type; else returns."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            check_sizes(path, parts)
            for part in parts:
                if part.filename.lower().endswith(XML_SUFFIXES):
                    scan(path, archive, part)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError) as error:
        raise ImportFileError("file.xlsx", file=path.name, error=str(error)) from None


def check_sizes(path: Path, parts: list[zipfile.ZipInfo]) -> None:
    total = sum(part.file_size for part in parts)
    if total > MAX_UNCOMPRESSED:
        raise ImportFileError("file.xlsx_too_large", file=path.name, size=f"{total:,}", limit=f"{MAX_UNCOMPRESSED:,}")
    for part in parts:
        if part.file_size > RATIO_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise ImportFileError("file.xlsx_bomb", file=path.name, part=part.filename,
                                  ratio=part.file_size // max(part.compress_size, 1), limit=MAX_RATIO)


def scan(path: Path, archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    """Streams one XML part through expat with the checks above."""
    sheet = part.filename.startswith("xl/worksheets/")
    parser = expat.ParserCreate()
    parser.buffer_text = True
    rows = 0
    text = 0  # characters of the text node being read

    def no_dtd(*_: object) -> None:
        raise Refused(ImportFileError("file.xml_dtd", file=path.name, part=part.filename))

    def element(name: str, _: object) -> None:
        nonlocal rows, text
        text = 0
        if sheet and (name == "row" or name.endswith(":row")):
            rows += 1
            if rows > MAX_ROWS:
                raise Refused(ImportFileError("file.xlsx_rows", file=path.name, limit=f"{MAX_ROWS:,}"))

    def characters(data: str) -> None:
        nonlocal text
        text += len(data)
        if text > MAX_CELL:
            raise Refused(ImportFileError("file.xlsx_cell", file=path.name, part=part.filename,
                                          limit=f"{MAX_CELL:,}"))

    parser.StartDoctypeDeclHandler = no_dtd
    parser.EntityDeclHandler = no_dtd
    parser.ExternalEntityRefHandler = no_dtd
    parser.StartElementHandler = element
    parser.CharacterDataHandler = characters
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except Refused as refused:
        raise refused.error from None
    except expat.ExpatError as error:
        raise ImportFileError("file.xlsx", file=path.name, error=f"{part.filename}: {error}") from None
