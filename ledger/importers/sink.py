"""Entries written as import files — ``schools``, ``teachers`` and ``history`` (CSV or XLSX,
English or Chinese headers) — which ``ledger import`` reads back into the same records."""

from __future__ import annotations

from pathlib import Path

from ledger.importers.cells import day
from ledger.importers.columns import KINDS, SPECS
from ledger.importers.commands import Entry
from ledger.importers.rows import row_of
from ledger.importers.tables import TableWriter

SHEETS = {"schools": "学校 schools", "teachers": "教师 teachers", "history": "历史记录 history"}


def kind_of(entry: Entry) -> str:
    if not entry.registers:
        return "history"
    return "schools" if entry.command.SUBJECT == "school" else "teachers"


class FileSink:
    def __init__(self, directory: Path, *, fmt: str = "csv", language: str = "en") -> None:
        if fmt not in ("csv", "xlsx"):
            raise ValueError("fmt must be csv or xlsx")
        directory.mkdir(parents=True, exist_ok=True)
        self.paths = {kind: directory / f"{kind}.{fmt}" for kind in KINDS}
        self._writers: dict[str, TableWriter] = {}
        self._language = language

    def _writer(self, kind: str) -> TableWriter:
        if kind not in self._writers:
            columns = SPECS[kind]
            header = [c.zh if self._language == "zh" else c.name for c in columns]
            dates = frozenset(i for i, c in enumerate(columns) if c.read is day)
            self._writers[kind] = TableWriter(self.paths[kind], header, sheet=SHEETS[kind], date_columns=dates)
        return self._writers[kind]

    def write(self, entry: Entry) -> None:
        kind = kind_of(entry)
        cells = row_of(kind, entry)
        self._writer(kind).append([cells.get(c.name, "") for c in SPECS[kind]])

    def close(self) -> dict[str, int]:
        """Closes every file (each kind gets one, even if empty); returns rows per file."""
        for kind in KINDS:
            self._writer(kind)
        counts = {}
        for kind, writer in self._writers.items():
            writer.close()
            counts[kind] = writer.rows
        return counts
