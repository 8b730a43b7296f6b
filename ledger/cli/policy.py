"""``ledger policy list|show|adopt``, ``ledger due``, ``ledger quotas`` and ``ledger service-record``:
the policy profiles in force and the answers the policy engine gives, as text or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from ledger.cli.common import JSON_OPTION, cli_actor, failing_cleanly, language, opened_ledger, print_json
from ledger.cli.show import echo, print_sheet, print_table, profile_line, say

policy_app = typer.Typer(help="Policy profiles (政策参数): list, show, adopt.", no_args_is_help=True)


@policy_app.command("list")
def list_profiles() -> None:
    """List the shipped profiles."""
    from ledger.app.policy import shipped_profile, shipped_profile_names  # noqa: PLC0415

    for name in shipped_profile_names():
        p = shipped_profile(name).profile
        typer.echo(f"{p.name:16} {p.version:10} {p.label_zh} / {p.label_en}")


@policy_app.command("show")
def show(
    profile: str = typer.Argument(None, help="A shipped profile's name or a .toml file, to read it before adopting "
                                             "it; default: the profile in force"),
    on: str = typer.Option(None, "--on", help="The date (YYYY-MM-DD) whose rules to show; default today"),
    known_at: str = typer.Option(None, "--known-at", help="As the ledger knew it at this ISO date-time"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Show a profile's parameters with their clause ids: a shipped or a file's, or the one in force
    on a date with every adoption recorded."""
    from ledger.domain.values import Checks  # noqa: PLC0415

    if profile is not None:
        _show_profile(profile, as_json)
        return
    with opened_ledger() as app:
        c = Checks()
        day = c.date("on", on, required=False) or app.today()
        moment = c.moment("known_at", known_at)
        c.done()
        in_force = app.profile_on(day, known_at=moment)
        adoptions = [a.in_force() for a in app.adoptions(known_at=moment)]
    answer = {"on": day.isoformat(), "profile": in_force.to_dict(), "parameters": in_force.profile.describe(),
              "adoptions": [a.to_dict() for a in adoptions]}
    if as_json:
        print_json(answer)
        return
    echo("cli.in_force", day=day, profile=profile_line(in_force))
    _parameters(in_force.profile)
    echo("cli.adoptions" if adoptions else "cli.no_adoptions")
    for a in adoptions:
        typer.echo("  " + say("cli.adoption", since=a.effective_date, name=a.profile.name, version=a.profile.version,
                              adoption=a.adoption_id, sha=a.sha256[:12]))


def _show_profile(profile: str, as_json: bool) -> None:
    """A shipped profile or a profile file, as it would be adopted."""
    from ledger.app.policy import parse_profile_file, shipped_profile  # noqa: PLC0415

    with failing_cleanly():
        path = Path(profile)
        if path.suffix == ".toml" or path.is_file():
            if not path.is_file():
                echo("cli.no_profile_file", err=True, file=profile)
                raise typer.Exit(1)
            found = parse_profile_file(path.read_bytes())
        else:
            found = shipped_profile(profile)
    p = found.profile
    if as_json:
        print_json({**p.header(), "sha256": found.sha256, "parameters": p.describe()})
        return
    echo("cli.profile_file", name=p.name, version=p.version, label=p.label_zh if language() == "zh" else p.label_en,
         sha=found.sha256[:12])
    _parameters(p)


def _parameters(profile: Any) -> None:
    from rich.table import Table  # noqa: PLC0415

    zh = language() == "zh"
    table = Table(say("cli.parameter"), say("cli.value"), say("cli.clauses"), say("cli.meaning"), header_style="bold")
    for p in profile.describe():
        table.add_row(p["name"], json.dumps(p["value"], ensure_ascii=False), " ".join(p["clauses"]),
                      p["zh"] if zh else p["en"])
    print_table(table)


@policy_app.command("adopt")
def adopt(
    profile: str = typer.Argument(..., help="A shipped profile's name (see `ledger policy list`) or a .toml file"),
    effective_date: str = typer.Option(..., "--effective-date", help="The date (YYYY-MM-DD) it takes effect"),
    reason: str = typer.Option("adopted with `ledger policy adopt`", help="Why it is adopted"),
    document_ref: str = typer.Option(None, "--document-ref", help="The document (文号) that adopts it"),
    adoption_id: str = typer.Option(None, "--adoption-id", help="Default: <name>-<version>-<effective date>"),
) -> None:
    """Adopt a profile from a date on (an event; adopting the same again changes nothing)."""
    from ledger.app import Envelope  # noqa: PLC0415

    path = Path(profile)
    is_file = path.suffix == ".toml" or path.is_file()
    if is_file and not path.is_file():
        echo("cli.no_profile_file", err=True, file=profile)
        raise typer.Exit(1)
    with opened_ledger() as app:
        result = app.adopt_profile(
            effective_date=effective_date, profile=None if is_file else profile,
            text=path.read_bytes() if is_file else None, adoption_id=adoption_id,
            by=Envelope(actor=cli_actor(), reason=reason, document_ref=document_ref),
        )
    record = result.record or {}
    echo("cli.already_adopted" if result.replayed else "cli.adopted", name=record.get("name"),
         version=record.get("version"), since=record.get("effective_date"), adoption=result.record_id,
         position=result.position)


def due(
    school_year: int = typer.Option(..., "--school-year", help="School year Y (1 September Y – 31 August Y+1)"),
    school: str = typer.Option(None, "--school", help="Only teachers whose home school this is"),
    status: str = typer.Option(None, "--status", help="Only rows with this status (must, should, deferred …)"),
    known_at: str = typer.Option(None, "--known-at", help="As the ledger knew it at this ISO date-time"),
    as_json: bool = JSON_OPTION,
) -> None:
    """The due list (应交流人员名单) for a school year, ordered by R-ORDER."""
    from ledger.domain.policy import DueStatus  # noqa: PLC0415

    from ledger.exporters import due_list_sheet  # noqa: PLC0415

    with opened_ledger() as app:
        due = app.due_list(school_year, known_at=known_at)
    rows = [r for r in due.rows if school in (None, r.school_id) and status in (None, r.status.value)]
    if as_json:
        print_json({**due.to_dict(), "rows": [r.to_dict() for r in rows]})
        return
    echo("cli.due_title", year=school_year, reference_date=due.reference_date, profile=profile_line(due.profile))
    counts = [say("cli.count", what=DueStatus(k), n=n) for k, n in due.counts().items()]
    typer.echo("  " + say("cli.separator").join(counts))
    print_sheet(due_list_sheet(school_year, rows))


def quotas(
    school_year: int = typer.Option(..., "--school-year", help="School year Y (1 September Y – 31 August Y+1)"),
    known_at: str = typer.Option(None, "--known-at", help="As the ledger knew it at this ISO date-time"),
    as_json: bool = JSON_OPTION,
) -> None:
    """The quota report (交流比例) for a school year: every target and cap, met or not."""
    from ledger.exporters import quota_sheet  # noqa: PLC0415

    with opened_ledger() as app:
        report = app.quota_report(school_year, known_at=known_at)
    if as_json:
        print_json(report.to_dict())
        return
    echo("cli.quota_title", year=school_year, reference_date=report.reference_date,
         profile=profile_line(report.profile))
    print_sheet(quota_sheet(report))


def service_record(
    teacher_id: str = typer.Argument(..., help="The teacher's id"),
    target: str = typer.Option(..., "--target", help="intermediate, senior, grade_step or principal_grade"),
    as_of: str = typer.Option(None, "--as-of", help="The date (YYYY-MM-DD) evaluated; default today"),
    known_at: str = typer.Option(None, "--known-at", help="As the ledger knew it at this ISO date-time"),
    as_json: bool = JSON_OPTION,
) -> None:
    """The service record HR reads for a title, a grade step or principal grading."""
    from ledger.domain.policy import Target  # noqa: PLC0415

    from ledger.exporters import service_record_sheet  # noqa: PLC0415

    with opened_ledger() as app:
        record = app.service_record(teacher_id, target=target, as_of=as_of, known_at=known_at)
    answer = record.to_dict()
    if as_json:
        print_json(answer)
        return
    echo("cli.service_title", teacher=answer["teacher_id"], name=answer["name"], target=Target(answer["target"]),
         as_of=answer["as_of"], verdict=say("cli.all_met" if answer["met"] else "cli.not_all_met"),
         profile=profile_line(record.profile))
    print_sheet(service_record_sheet(record))


def title_priority(
    school_year: int = typer.Option(..., "--school-year", help="School year Y of the title quota"),
    school: str = typer.Option(None, "--school", help="Only teachers whose home school this is"),
    teacher: list[str] = typer.Option(None, "--teacher", help="The applicants (repeat); default everyone"),
    as_json: bool = JSON_OPTION,
) -> None:
    """R-INCENTIVE-PRIORITY: the order of a school year's title applicants (职称评聘推荐顺序) —
    those with a completed incentive exchange first, each group by the year before's evaluation."""
    from ledger.exporters import title_priority_sheet  # noqa: PLC0415

    with opened_ledger() as app:
        found = app.title_priority(school_year, school_id=school, applicants=teacher or None)
    if as_json:
        print_json(found.to_dict())
        return
    echo("cli.title_priority_title", year=school_year, evaluation_year=found.evaluation_year,
         profile=profile_line(found.profile))
    print_sheet(title_priority_sheet(found))


def register(app: typer.Typer) -> None:
    app.add_typer(policy_app, name="policy")
    app.command("due")(due)
    app.command("quotas")(quotas)
    app.command("service-record")(service_record)
    app.command("title-priority")(title_priority)
