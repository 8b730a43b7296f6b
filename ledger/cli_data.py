"""``ledger generate`` (a synthetic county) and ``ledger import schools|teachers|history FILE``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ledger.cli_keys import cli_actor, opened_ledger

if TYPE_CHECKING:
    from rich.console import Console

    from ledger.importers.run import ImportReport

import_app = typer.Typer(
    help="Import schools, teachers and history from CSV or XLSX files (导入); see docs/IMPORT.md.",
    no_args_is_help=True,
)


class FileFormat(str, Enum):
    csv = "csv"
    xlsx = "xlsx"


class Headers(str, Enum):
    en = "en"
    zh = "zh"


def importer_actor() -> str:
    """``importer:<login name>``: the actor of imported events."""
    return f"importer:{cli_actor().removeprefix('cli:')}"[:64]


@contextmanager
def progress_bar(console: Console, title: str, total: int) -> Iterator[Callable[..., None]]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn  # noqa: PLC0415

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task(title, total=total)

        def update(*args: object) -> None:
            *phase, done, of = args
            bar.update(task, completed=int(done), total=int(of), description=str(phase[0]) if phase else title)

        yield update


def generate(
    teachers: int = typer.Option(..., "--teachers", min=100, help="Teachers at the start"),
    years: int = typer.Option(..., "--years", min=1, max=60, help="School years of history"),
    seed: int = typer.Option(..., "--seed", help="Random seed: the same seed gives the same county"),
    as_of: str = typer.Option("2026-10-31", "--as-of", help="The history ends on this date (YYYY-MM-DD)"),
    out: Path | None = typer.Option(None, "--out", help="Write import files into this folder instead of the ledger"),
    fmt: FileFormat = typer.Option(FileFormat.csv, "--format", help="Import file format (with --out)"),
    headers: Headers = typer.Option(Headers.en, "--headers", help="Header language of the files (with --out)"),
) -> None:
    """Generate a synthetic county (生成模拟数据): into the ledger (bulk path) or as import files."""
    from rich.console import Console  # noqa: PLC0415

    from ledger.demo import holds_schools  # noqa: PLC0415
    from ledger.generator import GeneratorConfig, write_files, write_into  # noqa: PLC0415

    console = Console()
    try:
        config = GeneratorConfig(teachers=teachers, years=years, seed=seed, as_of=date.fromisoformat(as_of))
    except ValueError:
        console.print(f"[red]--as-of '{as_of}' is not a date (YYYY-MM-DD)[/red]")
        raise typer.Exit(2) from None
    with progress_bar(console, "school years", years) as update:
        if out is not None:
            county = write_files(out, config, fmt=fmt.value, language=headers.value, progress=update)
            for kind, rows in county.files.items():
                console.print(f"{out / f'{kind}.{fmt.value}'}: {rows} rows")
            return
        with opened_ledger() as app:
            if holds_schools(app):
                console.print("[red]The ledger already holds schools: generate into an empty ledger, "
                              "or write files with --out DIR.[/red]")
                raise typer.Exit(1)
            county = write_into(app, config, progress=update)
    console.print(f"Recorded {county.events} events in {county.seconds:.1f} s "
                  f"({county.events_per_second:,.0f} events/s).")


def _import(kind: str, file: Path, dry_run: bool, document_ref: str | None, batch: int) -> None:
    from rich.console import Console  # noqa: PLC0415

    from ledger.domain.errors import LedgerError  # noqa: PLC0415
    from ledger.importers.run import import_file  # noqa: PLC0415
    from ledger.importers.tables import ImportFileError  # noqa: PLC0415

    console = Console()
    with opened_ledger() as app, progress_bar(console, "reading", 1) as update:
        try:
            report = import_file(app, kind, file, dry_run=dry_run, actor=importer_actor(),
                                 document_ref=document_ref, batch_events=batch, progress=update)
        except ImportFileError as error:
            console.print(f"[red]Cannot import: {error}[/red]")
            raise typer.Exit(1) from None
        except LedgerError as error:
            console.print(f"[red]The import stopped: {error.detail}. What was written is consistent; "
                          "run the same import again to complete it.[/red]")
            raise typer.Exit(1) from None
    show_report(console, report)
    if not report.ok:
        raise typer.Exit(1)


def show_report(console: Console, report: ImportReport) -> None:
    from rich.table import Table  # noqa: PLC0415

    if report.encoding and report.encoding.startswith("GBK"):
        console.print(f"{report.path.name}: read as {report.encoding} text.")
    if report.ignored_columns:
        console.print(f"Ignored columns (not part of the {report.kind} format): {', '.join(report.ignored_columns)}")
    if report.errors:
        table = Table("line 行", "column 列", "reason 原因", title=f"{report.bad_rows} bad row(s) in {report.path.name}")
        for e in report.errors:
            table.add_row(str(e.line), e.column, e.message)
        console.print(table)
        console.print("[red]Nothing was imported; fix the rows above and run the import again.[/red]")
        return
    if report.dry_run:
        console.print(f"{report.rows} rows checked: all good ({report.already} already recorded). "
                      "Dry run: nothing written.")
        return
    console.print(f"{report.rows} rows: {report.recorded} recorded ({report.events} events), "
                  f"{report.already} already recorded.")


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


def register(app: typer.Typer) -> None:
    """Adds ``generate`` and ``import`` to the ``ledger`` command line."""
    app.command("generate")(generate)
    app.add_typer(import_app, name="import")
