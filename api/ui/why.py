"""Why was this teacher rotated: one posting, explained by what the ledger holds.

Nothing is decided here; the panel gathers the answers the rules already give:

- who recorded the posting, why, on which clauses and document, and every later event on it
  (the teacher's history entries for the posting);
- the policy profile in force on the posting's start date (``RotationLedger.profile_on``) and the
  parameters behind the clauses involved;
- the teacher's eligibility when that school year was planned: the due-list rule
  (``evaluate_due``) on the teacher's dossier *without* this posting or any later one, on the
  planning reference date (31 August before the school year), and the continuous tenure on the
  start date itself (``tenure_on``);
- the exemptions active on the start date, and the override recorded if the posting went ahead
  despite one (R-POST-EXEMPT).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ledger.app import RotationLedger
from ledger.domain.dates import planning_reference_date, school_year_of
from ledger.domain.dossier import Dossier
from ledger.domain.errors import NotFoundError
from ledger.domain.policy import DueRow, ProfileInForce, evaluate_due
from ledger.domain.policy.tenure import Tenure, tenure_on
from ledger.domain.records import Exemption, Posting
from ledger.domain.school import SchoolFacts

ELIGIBILITY_CLAUSES = frozenset({"R-T-TENURE", "R-P-TENURE", "R-T-AGE", "R-P-RETIRE", "R-TENURE-RESET"})


@dataclass(frozen=True)
class Why:
    teacher_id: str
    name: str
    posting: Posting
    entries: list[dict[str, Any]]  # the history entries about this posting, oldest first
    in_force: ProfileInForce
    parameters: list[dict[str, Any]]  # the profile's parameters behind the clauses involved
    school_year: int
    reference_date: date
    planned: DueRow | None  # the due-list row on the reference date, without this posting
    tenure_at_start: Tenure
    exemptions: list[Exemption]  # active on the start date


def before_posting(dossier: Dossier, posting: Posting) -> Dossier:
    """The dossier as it stood before this posting: without it and without any later posting."""
    kept = {k: r for k, r in dossier.records.items()
            if not (isinstance(r, Posting) and (k == posting.record_id or r.start_date >= posting.start_date))}
    return Dossier(dossier.profile, kept)


def why_rotated(ledger: RotationLedger, history: dict[str, Any], schools: Mapping[str, SchoolFacts],
                teacher_id: str, posting_id: str) -> Why:
    dossier = ledger.get_teacher(teacher_id).dossier
    posting = dossier.records.get(posting_id)
    if not isinstance(posting, Posting):
        raise NotFoundError("posting", posting_id, "not_found.posting", teacher=teacher_id)
    entries = [e for e in history["entries"]
               if e["record_id"] == posting_id or (e.get("record") or {}).get("target_id") == posting_id]
    entries.sort(key=lambda e: e["recorded_at"])
    start = posting.start_date
    in_force = ledger.profile_on(start)
    year = school_year_of(start)
    reference = planning_reference_date(year)
    earlier = before_posting(dossier, posting)
    planned = evaluate_due(earlier, year, ledger.profile_on(reference).profile, schools)
    involved = set(ELIGIBILITY_CLAUSES) | {c for e in entries for c in e["policy_clauses"]}
    if planned is not None:
        involved |= set(planned.clauses)
    return Why(
        teacher_id=teacher_id, name=dossier.profile.name, posting=posting, entries=entries, in_force=in_force,
        parameters=[p for p in in_force.profile.describe() if involved & set(p["clauses"])],
        school_year=year, reference_date=reference, planned=planned,
        tenure_at_start=tenure_on(earlier, start, in_force.profile),
        exemptions=[e for e in dossier.exemptions() if e.active_on(start)],
    )
