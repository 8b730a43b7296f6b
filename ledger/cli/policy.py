"""``ledger policy list|show|adopt``, ``ledger due``, ``ledger quotas`` and ``ledger service-record``:
the policy profiles in force and the answers the policy engine gives, as text or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from ledger.cli.common import JSON_OPTION, cli_actor, opened_ledger, print_json

policy_app = typer.Typer(help="Policy profiles (政策参数): list, show, adopt.", no_args_is_help=True)


def _profile_line(p: dict[str, Any]) -> str:
    return f"{p['name']} {p['version']} — {p['label_zh']} / {p['label_en']} ({p['note']})"


@policy_app.command("list")
def list_profiles() -> None:
    """List the shipped profiles."""
    from ledger.app.policy import shipped_profile, shipped_profile_names  # noqa: PLC0415

    for name in shipped_profile_names():
        p = shipped_profile(name).profile
        typer.echo(f"{p.name:16} {p.version:10} {p.label_zh} / {p.label_en}")


@policy_app.command("show")
def show(
    on: str = typer.Option(None, "--on", help="The date (YYYY-MM-DD) whose rules to show; default today"),
    known_at: str = typer.Option(None, "--known-at", help="As the ledger knew it at this ISO date-time"),
    as_json: bool = JSON_OPTION,
) -> None:
    """Show the profile in force on a date, every parameter with its clause ids, and all adoptions."""
    from ledger.domain.values import Checks  # noqa: PLC0415

    with opened_ledger() as app:
        c = Checks()
        day = c.date("on", on, required=False) or app.today()
        moment = c.moment("known_at", known_at)
        c.done()
        in_force = app.profile_on(day, known_at=moment)
        adoptions = [a.in_force().to_dict() for a in app.adoptions(known_at=moment)]
    answer = {"on": day.isoformat(), "profile": in_force.to_dict(), "parameters": in_force.profile.describe(),
              "adoptions": adoptions}
    if as_json:
        print_json(answer)
        return
    typer.echo(f"In force on {day}: {_profile_line(answer['profile'])}")
    for p in answer["parameters"]:
        typer.echo(f"  {p['name']:36} {json.dumps(p['value'], ensure_ascii=False):40} {', '.join(p['clauses'])}")
    typer.echo("Adoptions:" if adoptions else "Adoptions: none recorded")
    for a in adoptions:
        typer.echo(f"  from {a['effective_date']}: {a['name']} {a['version']} ({a['adoption_id']}, sha256 {a['sha256'][:12]}…)")


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
        typer.echo(f"error: there is no profile file {profile}", err=True)
        raise typer.Exit(1)
    with opened_ledger() as app:
        result = app.adopt_profile(
            effective_date=effective_date, profile=None if is_file else profile,
            text=path.read_bytes() if is_file else None, adoption_id=adoption_id,
            by=Envelope(actor=cli_actor(), reason=reason, document_ref=document_ref),
        )
    record = result.record or {}
    done = "Already adopted" if result.replayed else "Adopted"
    typer.echo(f"{done}: {record.get('name')} {record.get('version')} from {record.get('effective_date')} "
               f"as '{result.record_id}' (position {result.position}).")


def due(
    school_year: int = typer.Option(..., "--school-year", help="School year Y (1 September Y – 31 August Y+1)"),
    school: str = typer.Option(None, "--school", help="Only teachers whose home school this is"),
    status: str = typer.Option(None, "--status", help="Only rows with this status (must, should, deferred …)"),
    as_json: bool = JSON_OPTION,
) -> None:
    """The due list (应交流人员名单) for a school year, ordered by R-ORDER."""
    with opened_ledger() as app:
        answer = app.due_list(school_year).to_dict()
    answer["rows"] = [r for r in answer["rows"] if (school is None or r["school_id"] == school)
                      and (status is None or r["status"] == status)]
    if as_json:
        print_json(answer)
        return
    typer.echo(f"Due list for school year {school_year} (reference date {answer['reference_date']}); "
               f"profile {_profile_line(answer['profile'])}")
    typer.echo("  " + ", ".join(f"{k}: {v}" for k, v in answer["counts"].items()))
    for r in answer["rows"]:
        rank = r["rank"] or ""
        typer.echo(f"{rank!s:>5} {r['teacher_id']:12} {r['name']:8} {r['school_id']:12} {r['status']:10} "
                   f"{r['tenure_years']:>3}y {r['tenure_days']:>5}d age {r['age']:>2}  {', '.join(r['clauses'])}")


def quotas(
    school_year: int = typer.Option(..., "--school-year", help="School year Y (1 September Y – 31 August Y+1)"),
    as_json: bool = JSON_OPTION,
) -> None:
    """The quota report (交流比例) for a school year: every target and cap, met or not."""
    with opened_ledger() as app:
        answer = app.quota_report(school_year).to_dict()
    if as_json:
        print_json(answer)
        return
    typer.echo(f"Quota report for school year {school_year}; profile {_profile_line(answer['profile'])}")
    for unit in [answer["county"], *answer["districts"], *answer["schools"]]:
        typer.echo(f"{unit['id']} {unit['name']}")
        for c in unit["checks"]:
            met = {True: "met", False: "NOT MET", None: "n/a"}[c["met"]]
            typer.echo(f"  {c['clause']:14} {met:8} {c['numerator']:>5} / {c['denominator']:<5} "
                       f"required {c['required']!s:>5}  {c['measure']}")


def service_record(
    teacher_id: str = typer.Argument(..., help="The teacher's id"),
    target: str = typer.Option(..., "--target", help="intermediate, senior, grade_step or principal_grade"),
    as_of: str = typer.Option(None, "--as-of", help="The date (YYYY-MM-DD) evaluated; default today"),
    known_at: str = typer.Option(None, "--known-at", help="As the ledger knew it at this ISO date-time"),
    as_json: bool = JSON_OPTION,
) -> None:
    """The service record HR reads for a title, a grade step or principal grading."""
    with opened_ledger() as app:
        answer = app.service_record(teacher_id, target=target, as_of=as_of, known_at=known_at).to_dict()
    if as_json:
        print_json(answer)
        return
    verdict = "all requirements met" if answer["met"] else "requirements NOT met"
    typer.echo(f"{answer['teacher_id']} {answer['name']}: {answer['target']} ({answer['target_zh']}) as of "
               f"{answer['as_of']} — {verdict}; profile {_profile_line(answer['profile'])}")
    for r in answer["requirements"]:
        typer.echo(f"  {r['clause']:18} {r['status']:15} {r['reason']}")
        for e in r["evidence"]:
            typer.echo(f"      {e['record_id']:16} {e.get('school_id', '')} {e.get('start', '')} – {e.get('end', '')} "
                       f"{e.get('credited_days', '')}")


def register(app: typer.Typer) -> None:
    app.add_typer(policy_app, name="policy")
    app.command("due")(due)
    app.command("quotas")(quotas)
    app.command("service-record")(service_record)
