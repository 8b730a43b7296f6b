"""``ledger export due|quotas|title-priority|service-record|roster|history``: CSV or XLSX files with
headers in Chinese and English, or PDF documents of the bureau (导出)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from ledger.cli.common import opened_read_side, said
from ledger.cli.show import echo, say

export_app = typer.Typer(
    help="Export the due list, quotas, service records, rosters and histories as CSV, XLSX or PDF (导出).",
    no_args_is_help=True,
)
OUT = typer.Option(None, "--out", help="The file to write (.csv, .xlsx or .pdf), or - for standard output; "
                                       "default: a name made from the export in the current folder")
FORCE = typer.Option(False, "--force", help="Overwrite the file if it exists (otherwise an existing file is kept)")
FORMAT = typer.Option(None, "--format", help="csv, xlsx or pdf (default: from --out, else csv)")
HEADERS = typer.Option("both", "--headers", help="Header language: both (中文 / English), zh or en")
SCHOOL_YEAR = typer.Option(..., "--school-year", help="School year Y (1 September Y – 31 August Y+1)")
AS_OF = typer.Option(None, "--as-of", help="The day (YYYY-MM-DD); default today")
KNOWN_AT = typer.Option(None, "--known-at", help="As the ledger knew it at this ISO date-time")


def _export(make: Callable[[Any, Any], Any], out: Path | None, fmt: str | None, headers: str,
            force: bool = False) -> None:
    """Brings the views up to date, builds the sheet from the ledger and its read model, writes it
    to a new file (an existing one only with ``--force``) or, for ``--out -``, to standard output."""
    from ledger.domain.errors import LedgerError  # noqa: PLC0415
    from ledger.exporters import FORMATS, LANGUAGES, render  # noqa: PLC0415
    from ledger.exporters.formats import file_stem  # noqa: PLC0415

    if headers not in LANGUAGES:
        raise typer.BadParameter(say("field.not_one_of", value=headers, allowed=list(LANGUAGES)), param_hint="--headers")
    to_stdout = out is not None and str(out) == "-"
    suffix = out.suffix.lower().lstrip(".") if out is not None and not to_stdout else None
    chosen = fmt or (suffix if suffix in FORMATS else "csv")
    if chosen not in FORMATS or (suffix is not None and suffix != chosen):
        raise typer.BadParameter(say("export.file_format", given=fmt or suffix), param_hint="--format / --out")
    if out is not None and not to_stdout:
        _refuse_to_overwrite(out, force)
    with opened_read_side() as (_, read_side):
        app = read_side.read_model.app
        try:
            read_side.bring_up_to_date()
            app.policy_source = read_side.read_model
            sheet = make(app, read_side.read_model)
        except LedgerError as error:
            echo("cli.error", err=True, error=said(error))
            raise typer.Exit(1) from None
    file = render(sheet, chosen, headers)  # type: ignore[arg-type]
    rows = len(sheet.rows)
    if to_stdout:
        sys.stdout.buffer.write(file.content)
        sys.stdout.flush()
        echo("export.written_one" if rows == 1 else "export.written", err=True, path="-", n=rows)
    else:
        path = out or Path(f"{file_stem(sheet.name)}.{chosen}")
        if out is None:
            _refuse_to_overwrite(path, force)
        path.write_bytes(file.content)
        echo("export.written_one" if rows == 1 else "export.written", path=path, n=rows)
    if file.missing:
        echo("export.missing_characters", err=True, characters=list(file.missing))


def _refuse_to_overwrite(path: Path, force: bool) -> None:
    if path.is_dir():
        echo("export.is_directory", err=True, path=path)
        raise typer.Exit(1)
    if path.exists() and not force:
        echo("export.exists", err=True, path=path)
        raise typer.Exit(1)


@export_app.command("due")
def export_due(
    school_year: int = SCHOOL_YEAR,
    status: list[str] = typer.Option(None, "--status", help="Only these statuses (repeat): must, should, deferred …"),
    school: str = typer.Option(None, "--school", help="Only teachers whose home school this is"),
    district: str = typer.Option(None, "--district", help="Only teachers of schools in this district (学区)"),
    known_at: str = KNOWN_AT, out: Path = OUT, fmt: str = FORMAT, headers: str = HEADERS, force: bool = FORCE,
) -> None:
    """The due list (应交流人员名单) of a school year, in R-ORDER."""
    from ledger.domain.policy import DueStatus  # noqa: PLC0415
    from ledger.exporters import districts_on, due_list_sheet  # noqa: PLC0415

    unknown = sorted(set(status or ()) - {s.value for s in DueStatus})
    if unknown:
        raise typer.BadParameter(say("field.not_one_of", value=unknown, allowed=[s.value for s in DueStatus]),
                                 param_hint="--status")

    def make(app: Any, views: Any) -> Any:
        due = app.due_list(school_year, known_at=known_at)
        district_of = districts_on(views.schools(), due.reference_date)
        rows = [r for r in due.rows if (not status or r.status.value in status)
                and school in (None, r.school_id) and district in (None, district_of.get(r.school_id))]
        return due_list_sheet(school_year, rows, district_of)

    _export(make, out, fmt, headers, force)


@export_app.command("quotas")
def export_quotas(school_year: int = SCHOOL_YEAR, known_at: str = KNOWN_AT, out: Path = OUT, fmt: str = FORMAT,
                  headers: str = HEADERS, force: bool = FORCE) -> None:
    """The quota report (交流比例) of a school year: every target and cap, met or not."""
    from ledger.exporters import quota_sheet  # noqa: PLC0415

    _export(lambda app, _: quota_sheet(app.quota_report(school_year, known_at=known_at)), out, fmt, headers, force)


@export_app.command("title-priority")
def export_title_priority(
    school_year: int = SCHOOL_YEAR,
    school: str = typer.Option(None, "--school", help="Only teachers whose home school this is"),
    teacher: list[str] = typer.Option(None, "--teacher", help="The applicants (repeat); default everyone"),
    out: Path = OUT, fmt: str = FORMAT, headers: str = HEADERS, force: bool = FORCE,
) -> None:
    """R-INCENTIVE-PRIORITY: the title applicants of a school year in the order they claim the quota."""
    from ledger.exporters import title_priority_sheet  # noqa: PLC0415

    _export(lambda app, _: title_priority_sheet(app.title_priority(school_year, school_id=school,
                                                                   applicants=teacher or None)), out, fmt, headers, force)


@export_app.command("service-record")
def export_service_record(
    teacher_id: str = typer.Argument(..., help="The teacher's id"),
    target: str = typer.Option(..., "--target", help="intermediate, senior, grade_step or principal_grade"),
    as_of: str = AS_OF, known_at: str = KNOWN_AT, out: Path = OUT, fmt: str = FORMAT, headers: str = HEADERS,
    force: bool = FORCE,
) -> None:
    """A teacher's service record for a title, grade step or principal grading (HR)."""
    from ledger.exporters import service_record_sheet  # noqa: PLC0415

    _export(lambda app, _: service_record_sheet(
        app.service_record(teacher_id, target=target, as_of=as_of, known_at=known_at)), out, fmt, headers, force)


@export_app.command("roster")
def export_roster(school_id: str = typer.Argument(..., help="The school's id"), as_of: str = AS_OF,
                  out: Path = OUT, fmt: str = FORMAT, headers: str = HEADERS, force: bool = FORCE) -> None:
    """Who serves at a school on a day, and its staff away on postings (在岗名册)."""
    from ledger.exporters import roster_sheet  # noqa: PLC0415

    _export(lambda _, views: roster_sheet(views.roster(school_id, as_of)), out, fmt, headers, force)


@export_app.command("history")
def export_history(teacher_id: str = typer.Argument(..., help="The teacher's id"), as_of: str = AS_OF,
                   known_at: str = KNOWN_AT, out: Path = OUT, fmt: str = FORMAT, headers: str = HEADERS,
                   force: bool = FORCE) -> None:
    """A teacher's history (交流轮岗记录): every entry, corrections shown."""
    from ledger.exporters import history_sheet  # noqa: PLC0415

    def make(_: Any, views: Any) -> Any:
        if known_at:
            return history_sheet(views.history_known_at(None, teacher_id, known_at, as_of))
        return history_sheet(views.history(teacher_id, as_of))

    _export(make, out, fmt, headers, force)
