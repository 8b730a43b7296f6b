"""``ledger generate`` (a synthetic county), ``ledger import schools|teachers|history FILE`` and
``ledger export due|quotas|service-record|roster|history`` (CSV or XLSX files)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

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


# ---------------------------------------------------------------------- export
export_app = typer.Typer(
    help="Export the due list, quotas, service records, rosters and histories as CSV or XLSX (导出).",
    no_args_is_help=True,
)
OUT = typer.Option(None, "--out", help="The file to write (.csv or .xlsx); default: a name made from the "
                                       "export in the current folder")
FORMAT = typer.Option(None, "--format", help="csv or xlsx (default: from --out, else csv)")
HEADERS = typer.Option("both", "--headers", help="Header language: both (中文 / English), zh or en")
SCHOOL_YEAR = typer.Option(..., "--school-year", help="School year Y (1 September Y – 31 August Y+1)")
AS_OF = typer.Option(None, "--as-of", help="The day (YYYY-MM-DD); default today")
KNOWN_AT = typer.Option(None, "--known-at", help="As the ledger knew it at this ISO date-time")


def _export(make: Callable[[Any, Any], Any], out: Path | None, fmt: str | None, headers: str) -> None:
    """Brings the views up to date, builds the sheet from the ledger and its read model, writes it."""
    from ledger.cli_projections import opened_read_side  # noqa: PLC0415
    from ledger.domain.errors import LedgerError  # noqa: PLC0415
    from ledger.exporters import FORMATS, LANGUAGES, write  # noqa: PLC0415
    from ledger.exporters.formats import file_stem  # noqa: PLC0415

    if headers not in LANGUAGES:
        raise typer.BadParameter(f"must be one of {', '.join(LANGUAGES)}", param_hint="--headers")
    suffix = out.suffix.lower().lstrip(".") if out is not None else None
    chosen = fmt or (suffix if suffix in FORMATS else "csv")
    if chosen not in FORMATS or (suffix is not None and suffix != chosen):
        raise typer.BadParameter(f"give a .csv or .xlsx file, or --format csv|xlsx matching it (not '{fmt or suffix}')",
                                 param_hint="--format / --out")
    with opened_read_side() as (_, read_side):
        app = read_side.read_model.app
        try:
            read_side.projector.catch_up()
            app.policy_source = read_side.read_model
            sheet = make(app, read_side.read_model)
        except LedgerError as error:
            typer.echo(f"error: {error.detail}", err=True)
            raise typer.Exit(1) from None
    path = out or Path(f"{file_stem(sheet.name)}.{chosen}")
    with path.open("wb") as file:
        write(sheet, chosen, file, headers)  # type: ignore[arg-type]
    typer.echo(f"{path}: {len(sheet.rows)} rows")


@export_app.command("due")
def export_due(
    school_year: int = SCHOOL_YEAR,
    status: list[str] = typer.Option(None, "--status", help="Only these statuses (repeat): must, should, deferred …"),
    school: str = typer.Option(None, "--school", help="Only teachers whose home school this is"),
    district: str = typer.Option(None, "--district", help="Only teachers of schools in this district (学区)"),
    out: Path = OUT, fmt: str = FORMAT, headers: str = HEADERS,
) -> None:
    """The due list (应交流人员名单) of a school year, in R-ORDER."""
    from ledger.domain.policy import DueStatus  # noqa: PLC0415
    from ledger.exporters import districts_on, due_list_sheet  # noqa: PLC0415

    unknown = sorted(set(status or ()) - {s.value for s in DueStatus})
    if unknown:
        raise typer.BadParameter(f"{', '.join(unknown)}: not one of {', '.join(s.value for s in DueStatus)}",
                                 param_hint="--status")

    def make(app: Any, views: Any) -> Any:
        due = app.due_list(school_year).to_dict()
        district_of = districts_on(views.schools(), date.fromisoformat(due["reference_date"]))
        rows = [r for r in due["rows"] if (not status or r["status"] in status)
                and school in (None, r["school_id"]) and district in (None, district_of.get(r["school_id"]))]
        return due_list_sheet(school_year, rows, district_of)

    _export(make, out, fmt, headers)


@export_app.command("quotas")
def export_quotas(school_year: int = SCHOOL_YEAR, out: Path = OUT, fmt: str = FORMAT, headers: str = HEADERS) -> None:
    """The quota report (交流比例) of a school year: every target and cap, met or not."""
    from ledger.exporters import quota_sheet  # noqa: PLC0415

    _export(lambda app, _: quota_sheet(app.quota_report(school_year).to_dict()), out, fmt, headers)


@export_app.command("service-record")
def export_service_record(
    teacher_id: str = typer.Argument(..., help="The teacher's id"),
    target: str = typer.Option(..., "--target", help="intermediate, senior, grade_step or principal_grade"),
    as_of: str = AS_OF, known_at: str = KNOWN_AT, out: Path = OUT, fmt: str = FORMAT, headers: str = HEADERS,
) -> None:
    """A teacher's service record for a title, grade step or principal grading (HR)."""
    from ledger.exporters import service_record_sheet  # noqa: PLC0415

    _export(lambda app, _: service_record_sheet(
        app.service_record(teacher_id, target=target, as_of=as_of, known_at=known_at).to_dict()), out, fmt, headers)


@export_app.command("roster")
def export_roster(school_id: str = typer.Argument(..., help="The school's id"), as_of: str = AS_OF,
                  out: Path = OUT, fmt: str = FORMAT, headers: str = HEADERS) -> None:
    """Who serves at a school on a day, and its staff away on postings (在岗名册)."""
    from ledger.exporters import roster_sheet  # noqa: PLC0415

    _export(lambda _, views: roster_sheet(views.roster(school_id, as_of)), out, fmt, headers)


@export_app.command("history")
def export_history(teacher_id: str = typer.Argument(..., help="The teacher's id"), as_of: str = AS_OF,
                   known_at: str = KNOWN_AT, out: Path = OUT, fmt: str = FORMAT, headers: str = HEADERS) -> None:
    """A teacher's history (交流轮岗记录): every entry, corrections shown."""
    from ledger.exporters import history_sheet  # noqa: PLC0415

    def make(_: Any, views: Any) -> Any:
        if known_at:
            return history_sheet(views.history_known_at(None, teacher_id, known_at, as_of))
        return history_sheet(views.history(teacher_id, as_of))

    _export(make, out, fmt, headers)


def register(app: typer.Typer) -> None:
    """Adds ``generate``, ``import`` and ``export`` to the ``ledger`` command line."""
    app.command("generate")(generate)
    app.add_typer(import_app, name="import")
    app.add_typer(export_app, name="export")
