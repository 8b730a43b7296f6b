"""``ledger import schools|teachers|history FILE``: read, check every row, then write.

1. **Read** the file (CSV or XLSX, Chinese or English headers) and parse each row; a row that
   cannot be read is reported with its line, column and reason.
2. **Check** every row the file did not already reject against the ledger, through the domain
   itself (unknown schools and teachers, overlapping postings, a posting during an exemption …)
   without saving anything; and no id may appear twice in the file.
3. **Write**, only if nothing was wrong and this is not a dry run: subject by subject, several
   aggregates per transaction. Ids make it idempotent: rows already recorded replay and write
   nothing, so re-importing a file changes nothing and re-running an interrupted import completes it.

Imported events carry the importer as actor and the file's name as document reference.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ledger.app import RotationLedger
from ledger.domain.commands.base import Reference
from ledger.domain.errors import LedgerError
from ledger.domain.messages import Message
from ledger.importers.bulk import BulkWriter, UnknownReference
from ledger.importers.columns import KINDS
from ledger.importers.commands import Entry
from ledger.importers.rows import ID_COLUMN, Layout, RowError, explain, parse_row
from ledger.importers.staging import Staging
from ledger.importers.tables import read_table

Progress = Callable[[str, int, int], None]  # (phase, rows done, rows in all)


@dataclass
class ImportReport:
    kind: str
    path: Path
    dry_run: bool
    encoding: str | None = None
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    recorded: int = 0  # rows that recorded something new
    already: int = 0  # rows already recorded (replayed, nothing written)
    events: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> int:
        return len({e.line for e in self.errors})


def duplicate_key(kind: str, entry: Entry) -> str | None:
    """The id a file must not repeat: the subject of a registration, the record a command creates."""
    if entry.registers:
        return entry.subject_id
    if entry.command.CREATES:
        return f"{entry.subject_id}\x1f{entry.record_id}"
    return None


def import_file(app: RotationLedger, kind: str, path: Path, *, dry_run: bool = False, actor: str = "importer",
                document_ref: str | None = None, batch_events: int = 2000,
                progress: Progress | None = None) -> ImportReport:
    """Imports one file; returns what was done or found wrong. ``ImportFileError`` when the file
    itself cannot be read."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}")
    table = read_table(path)
    report = ImportReport(kind, path, dry_run, table.encoding)
    layout = Layout.read(kind, table.header)
    report.ignored_columns = layout.ignored
    if layout.errors:
        table.close()
        report.errors = layout.errors
        return report
    reference = document_ref or path.name
    named: list[tuple[int, Reference, str]] = []  # references of the rows that failed already
    with Staging() as staging:
        try:
            for line, row in table.rows:
                report.rows += 1
                entry, errors, references = parse_row(layout, line, row, document_ref=reference)
                report.errors += errors
                named += [(line, ref, column) for ref, column in references]
                if entry is not None:
                    staging.add(entry, duplicate_key(kind, entry))
        finally:
            table.close()
        duplicates = staging.duplicates()
        for line, first, _ in duplicates:
            column = layout.label("record_id" if kind == "history" else ID_COLUMN[kind])
            report.errors.append(RowError(line, column, Message("import.duplicate_id", first=first)))
        _check(app, layout, staging, report, actor, {line for line, _, _ in duplicates}, named, progress)
        report.errors.sort(key=lambda e: e.line)
        if report.errors or dry_run:
            return report
        _write(app, staging, report, actor, batch_events, progress)
    return report


def _check(app: RotationLedger, layout: Layout, staging: Staging, report: ImportReport, actor: str,
           skip: set[int], named: list[tuple[int, Reference, str]], progress: Progress | None) -> None:
    """Every staged row through the domain, nothing saved; and the schools and teachers that rows
    which failed already name, so that an unknown one is reported beside their other problems."""
    writer = BulkWriter(app, actor=actor, dry_run=True, cache_size=1000)
    for line, ref, column in named:
        if not (writer.school_known(ref.ident) if ref.kind == "school" else writer.teacher_known(ref.ident)):
            report.errors.append(RowError(line, column, UnknownReference(ref.kind, ref.ident, ref.field, ref.clause).msg))
    for done, entry in enumerate(staging.entries(), start=1):
        if entry.line not in skip:
            try:
                outcome = writer.apply(entry)
            except LedgerError as error:
                report.errors += explain(layout, entry, error)
            else:
                report.already += outcome.replayed
        if progress and done % 500 == 0:
            progress("check", done, staging.count)
    if progress:
        progress("check", staging.count, staging.count)


def _write(app: RotationLedger, staging: Staging, report: ImportReport, actor: str, batch_events: int,
           progress: Progress | None) -> None:
    writer = BulkWriter(app, actor=actor, batch_events=batch_events, cache_size=1000)
    for done, entry in enumerate(staging.entries(), start=1):
        writer.apply(entry)
        if progress and done % 500 == 0:
            progress("write", done, staging.count)
    writer.flush()
    if progress:
        progress("write", staging.count, staging.count)
    report.already = writer.replayed
    report.recorded = writer.applied - writer.replayed
    report.events = writer.saved_events
