"""``ledger import schools|teachers|history FILE``: CSV or XLSX files, every bad row reported."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ledger.cli.common import importer_actor, language, opened_ledger, progress_bar, said
from ledger.cli.show import say

if TYPE_CHECKING:
    from rich.console import Console

    from ledger.importers.run import ImportReport

import_app = typer.Typer(
    help="Import schools, teachers and history from CSV or XLSX files (导入); see docs/IMPORT.md.",
    no_args_is_help=True,
)



def _import(kind: str, file: Path, dry_run: bool, document_ref: str | None, batch: int) -> None:
    from rich.console import Console  # noqa: PLC0415
    from rich.markup import escape  # noqa: PLC0415

    from ledger.domain.errors import LedgerError  # noqa: PLC0415
    from ledger.importers.run import import_file  # noqa: PLC0415
    from ledger.importers.errors import ImportFileError  # noqa: PLC0415

    console = Console()
    if file.is_dir():
        console.print(f"[red]{escape(say('import.is_directory', path=file))}[/red]")
        raise typer.Exit(1)
    with opened_ledger() as app, progress_bar(console, say("import.reading"), 1) as update:
        try:
            report = import_file(app, kind, file, dry_run=dry_run, actor=importer_actor(),
                                 document_ref=document_ref, batch_events=batch, progress=update)
        except ImportFileError as error:
            console.print(f"[red]{escape(say('import.cannot', error=said(error)))}[/red]")
            raise typer.Exit(1) from None
        except LedgerError as error:
            console.print(f"[red]{escape(say('import.stopped', error=said(error)))}[/red]")
            raise typer.Exit(1) from None
    show_report(console, report)
    if not report.ok:
        raise typer.Exit(1)


def show_report(console: Console, report: ImportReport) -> None:
    from rich.markup import escape  # noqa: PLC0415
    from rich.table import Table  # noqa: PLC0415

    if report.encoding and report.encoding.startswith("GBK"):
        console.print(escape(say("import.read_as", file=report.path.name, encoding=report.encoding)))
    if report.ignored_columns:
        console.print(escape(say("import.ignored", kind=report.kind, columns=list(report.ignored_columns))))
    if report.errors:
        title = (say("import.bad_row", file=report.path.name) if report.bad_rows == 1
                 else say("import.bad_rows", n=report.bad_rows, file=report.path.name))
        table = Table(say("import.line"), say("import.column"), say("import.reason"), title=title)
        for e in report.errors:
            table.add_row(str(e.line), e.column, escape(e.render(language())))
        console.print(table)
        console.print(f"[red]{escape(say('import.nothing'))}[/red]")
        return
    one = report.rows == 1
    if report.dry_run:
        console.print(say("import.checked_one" if one else "import.checked", n=report.rows, already=report.already))
        return
    console.print(say("import.done_one" if one else "import.done", n=report.rows, recorded=report.recorded,
                      events=report.events, already=report.already))


DRY_RUN = typer.Option(False, "--dry-run", help="Check every row and report; write nothing")
DOCUMENT = typer.Option(None, "--document-ref", help="Document reference (文号) for the events (default: the file name)")
BATCH = typer.Option(2000, "--batch", min=1, help="Events per transaction")
FILE = typer.Argument(..., help="A .csv or .xlsx file", show_default=False)


@import_app.command("schools")
def import_schools(file: Path = FILE, dry_run: bool = DRY_RUN, document_ref: str = DOCUMENT, batch: int = BATCH) -> None:
    """Register schools (学校) from a file."""
    _import("schools", file, dry_run, document_ref, batch)


@import_app.command("teachers")
def import_teachers(file: Path = FILE, dry_run: bool = DRY_RUN, document_ref: str = DOCUMENT, batch: int = BATCH) -> None:
    """Register teachers and leaders (教师) from a file."""
    _import("teachers", file, dry_run, document_ref, batch)


@import_app.command("history")
def import_history(file: Path = FILE, dry_run: bool = DRY_RUN, document_ref: str = DOCUMENT, batch: int = BATCH) -> None:
    """Record historical postings, returns, exemptions, awards … (历史记录) from a file."""
    _import("history", file, dry_run, document_ref, batch)
