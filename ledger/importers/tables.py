"""Spreadsheet files as rows: CSV (UTF-8 with or without a byte-order mark, or GBK: which one,
``encoding.py``) and XLSX (checked before it is parsed: ``workbook.py``). The import report says
which encoding a CSV file was read in.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from ledger.importers.encoding import detect_encoding
from ledger.importers.errors import ImportFileError
from ledger.importers.workbook import check_workbook

__all__ = ["ImportFileError", "Table", "TableWriter", "read_table"]


@dataclass
class Table:
    header: list[Any]
    rows: Iterator[tuple[int, list[Any]]]  # (line or row number, cells), blank rows skipped
    close: Callable[[], None]
    encoding: str | None = None  # CSV only: "utf-8", "utf-8 (BOM)" or "GBK (GB18030)"


def read_table(path: Path) -> Table:
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ImportFileError("file.missing", file=str(path))
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix == ".xls":
        raise ImportFileError("file.xls", file=path.name)
    return _read_csv(path)


def _read_csv(path: Path) -> Table:
    codec, description = detect_encoding(path)
    stream = path.open("r", encoding=codec, newline="")
    first = stream.readline()
    delimiter = "\t" if "\t" in first and "," not in first else ","
    stream.seek(0)
    reader = csv.reader(stream, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        stream.close()
        raise ImportFileError("file.empty", file=path.name) from None
    except csv.Error as error:
        stream.close()
        raise ImportFileError("file.csv", file=path.name, error=str(error)) from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for cells in reader:
                if any(c.strip() for c in cells):
                    yield reader.line_num, cells
        except csv.Error as error:
            raise ImportFileError("file.csv_line", file=path.name, line=reader.line_num, error=str(error)) from None

    return Table(header, rows(), stream.close, description)


# What openpyxl raises on a workbook it cannot make sense of, including defusedxml's refusals
# (ValueErrors), through which openpyxl parses every part.
UNREADABLE = (zipfile.BadZipFile, KeyError, IndexError, ValueError, TypeError, OSError, ParseError)


def _read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook  # noqa: PLC0415 (only when reading XLSX)

    check_workbook(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        header = next(values, None)
    except UNREADABLE as error:
        raise ImportFileError("file.xlsx", file=path.name, error=str(error) or type(error).__name__) from None
    if header is None:
        workbook.close()
        raise ImportFileError("file.sheet_empty", file=path.name)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, cells in enumerate(values, start=2):
                if any(c is not None and str(c).strip() for c in cells):
                    yield number, list(cells)
        except UNREADABLE as error:
            raise ImportFileError("file.xlsx", file=path.name, error=str(error) or type(error).__name__) from None

    return Table(list(header), rows(), workbook.close)


# -------------------------------------------------------------------- writing
class TableWriter:
    """Writes a table row by row: CSV as UTF-8 with a byte-order mark (so Excel shows Chinese text
    correctly), XLSX as a streamed write-only workbook whose ``date_columns`` hold date cells.
    Memory stays flat however many rows."""

    def __init__(self, path: Path, header: Sequence[str], *, sheet: str,
                 date_columns: frozenset[int] = frozenset()) -> None:
        self.path = path
        self.rows = 0
        self._dates = date_columns
        if path.suffix.lower() == ".xlsx":
            from openpyxl import Workbook  # noqa: PLC0415 (only when writing XLSX)

            self._workbook: Any = Workbook(write_only=True)
            self._sheet = self._workbook.create_sheet(sheet)
            self._sheet.append(list(header))
            self._file = None
        else:
            self._workbook = None
            self._file = path.open("w", encoding="utf-8-sig", newline="")
            self._csv = csv.writer(self._file)
            self._csv.writerow(header)

    def append(self, row: Sequence[Any]) -> None:
        self.rows += 1
        if self._workbook is None:
            self._csv.writerow(["" if v is None else v for v in row])
            return
        self._sheet.append([date.fromisoformat(v) if i in self._dates and isinstance(v, str) and v else v
                            for i, v in enumerate(row)])

    def close(self) -> None:
        if self._workbook is not None:
            self._workbook.save(self.path)
        elif self._file is not None:
            self._file.close()
