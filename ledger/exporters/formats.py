"""Writing a sheet as CSV, XLSX or PDF.

- **CSV** is UTF-8 *with a byte-order mark*: without it, Excel on Chinese Windows reads the file as
  GBK and shows the names as mojibake. Comma-separated, CRLF line ends (RFC 4180).
- **XLSX** is a streamed, write-only workbook: dates are date cells, numbers numbers, the header row
  frozen.
- A text cell that starts like a formula is never run as one. Reasons and names are typed by
  people; a file must not execute them. In CSV a formula may start with ``=``, ``+``, ``-``, ``@``
  (after any spaces), a tab or a carriage return, or their full-width forms ``＝＋－＠`` (which
  spreadsheet programs with an East Asian input method take as formulas too): such a cell gets a
  leading apostrophe (what spreadsheet programs read as "this is text"). So does a formula after a
  ``;`` or ``,`` inside a cell, which a program splitting on that separator (a semicolon list
  separator, "text to columns") would see at the start of a cell of its own: ``a;=1+2`` is written
  ``a;'=1+2``. In XLSX only ``=`` makes a formula, and such a cell is written as a text cell.
- **PDF** prints the sheet as a document of the issuing body (``pdf.py``): its printed columns,
  the bureau's name over it, the date, page numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, BinaryIO, Literal

from ledger.domain.dates import china_today
from ledger.exporters.document import Document, Issuer, of_sheet
from ledger.exporters.sheet import Language, Sheet

Format = Literal["csv", "xlsx", "pdf"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx", "pdf")
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
               "pdf": "application/pdf"}
FORMULA_CHARS = "=+\\-@＝＋－＠"
# a formula at the start of a cell (after spaces), or after a separator inside one
FORMULA_AT_START = re.compile(f"^(?=[ \u3000]*[{FORMULA_CHARS}]|[\t\r])")
FORMULA_AFTER_SEPARATOR = re.compile(f"([;,][ \u3000\"']*)(?=[{FORMULA_CHARS}])")
MAX_WIDTH = 60


@dataclass(frozen=True)
class Export:
    """A rendered file: its bytes, media type and file name; for a PDF, the characters its font
    could not show (printed as 〓)."""

    content: bytes
    media_type: str
    filename: str
    missing: tuple[str, ...] = ()

    @property
    def disposition(self) -> str:
        """The ``Content-Disposition`` of a download (the name is ASCII: sheet names are)."""
        return f'attachment; filename="{self.filename}"'


def render(sheet: Sheet, fmt: Format, language: Language = "both", *, issuer: Issuer | None = None,
           issued: date | None = None) -> Export:
    """The sheet as a file; a PDF is issued by ``issuer`` (default: the configured bureau) on
    ``issued`` (default: today in China)."""
    if fmt == "pdf":
        return render_document(of_sheet(sheet, issuer or Issuer.configured(), issued or today_in_china()), language)
    out = io.BytesIO()
    write(sheet, fmt, out, language)
    return Export(out.getvalue(), MEDIA_TYPES[fmt], f"{file_stem(sheet.name)}.{fmt}")


def render_document(document: Document, language: Language = "zh") -> Export:
    """An official document as PDF."""
    from ledger.exporters.pdf import pdf_bytes  # noqa: PLC0415 (the PDF library loads only to print)

    content, missing = pdf_bytes(document, language)
    return Export(content, MEDIA_TYPES["pdf"], f"{file_stem(document.name)}.pdf", missing)


def today_in_china() -> date:
    return china_today(datetime.now(timezone.utc))


def file_stem(name: str) -> str:
    """A file name any system accepts: ids may hold ``:``, which Windows refuses."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)


def write(sheet: Sheet, fmt: Format, out: BinaryIO, language: Language = "both") -> None:
    """Writes the sheet to a binary stream (a file or a buffer)."""
    if fmt == "pdf":
        out.write(render(sheet, fmt, language).content)
    elif fmt == "csv":
        write_csv(sheet.header(language), sheet.cells(language), out)
    elif fmt == "xlsx":
        dates = frozenset(i for i, c in enumerate(sheet.columns) if c.kind == "date")
        write_xlsx(sheet.header(language), sheet.cells(language), out, sheet.title_in(language), dates)
    else:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")


def write_csv(head: Sequence[str], rows: Iterable[Sequence[Any]], out: BinaryIO) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    try:
        writer = csv.writer(text)
        writer.writerow(head)
        writer.writerows([_csv_text(v) for v in row] for row in rows)
    finally:
        text.detach()  # leave the caller's stream open


def _csv_text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return FORMULA_AT_START.sub("'", FORMULA_AFTER_SEPARATOR.sub(r"\1'", value), count=1)
    return value


def write_xlsx(head: Sequence[str], rows: Iterable[Sequence[Any]], out: BinaryIO, title: str,
               date_columns: frozenset[int] = frozenset()) -> None:
    from openpyxl import Workbook  # noqa: PLC0415 (only when writing XLSX)
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_sheet_title(title))
    sheet.freeze_panes = "A2"
    rows = list(rows)
    for i, name in enumerate(head):
        longest = max([_width(name), *(_width(row[i]) for row in rows[:200])])
        sheet.column_dimensions[get_column_letter(i + 1)].width = min(MAX_WIDTH, longest + 2)
    sheet.append(list(head))

    def cell(i: int, value: Any) -> Any:
        if i in date_columns and isinstance(value, str) and len(value) == 10:
            found = WriteOnlyCell(sheet, value=date.fromisoformat(value))
            found.number_format = "yyyy-mm-dd"
            return found
        if isinstance(value, str) and value.startswith("="):
            found = WriteOnlyCell(sheet, value=value)
            found.data_type = "s"  # text, never a formula
            return found
        return value

    for row in rows:
        sheet.append([cell(i, v) for i, v in enumerate(row)])
    book.save(out)


def _width(value: Any) -> int:
    """Display width: a Chinese character is about two Latin ones wide."""
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _sheet_title(title: str) -> str:
    """Sheet names are at most 31 characters and may not hold ``[]:*?/\\``."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title).strip()
    return cleaned[:31] or "Sheet1"


def csv_bytes(head: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.BytesIO()
    write_csv(head, rows, out)
    return out.getvalue()


def xlsx_bytes(head: Sequence[str], rows: Iterable[Sequence[Any]], title: str) -> bytes:
    out = io.BytesIO()
    write_xlsx(head, rows, out, title)
    return out.getvalue()
