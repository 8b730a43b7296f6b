"""Continuous tenure at the home school (R-T-TENURE, R-P-TENURE), and what restarts it.

- **R-TENURE-RESET** Tenure restarts the day after the return from a *completed* posting of a kind
  in the profile's ``tenure_reset_kinds``, and on a transfer (the new home school's tenure starts on
  the transfer's start date). Postings of other kinds (support teaching, itinerant teaching …) do
  not interrupt tenure at home.
- A posting is completed when it ended on or after its planned end (computed from the dates, not
  from the flag a return was sent with); one ended before it is completed only when the days
  served reach its planned term.
- **R-MATERNITY** Statutory maternity leave taken during a posting counts towards its term: the days
  of a pregnancy or nursing exemption (R-EX-PREGNANCY) inside the planned term count as served,
  so a posting ended early for maternity leave that covers the rest of the term is completed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ledger.domain.dates import ONE_DAY, clip, days_inclusive, merged_days, whole_years_of_tenure
from ledger.domain.dossier import Dossier
from ledger.domain.enums import ExemptionCategory
from ledger.domain.policy.profile import PolicyProfile
from ledger.domain.records import Posting


@dataclass(frozen=True, slots=True)
class Tenure:
    school_id: str
    since: date
    years: int
    days: int
    reset_by: str | None  # the posting (return or transfer) that restarted it, if any
    clauses: tuple[str, ...]  # R-TENURE-RESET (and R-MATERNITY) when a posting restarted it


def completed_term(posting: Posting, dossier: Dossier) -> tuple[str, ...] | None:
    """The clauses that make an ended posting complete, or None when its term was not served."""
    if posting.voided or posting.is_transfer or posting.ended_on is None:
        return None
    if not posting.ends_early(posting.ended_on):  # from the dates, whatever flag was recorded
        return ("R-TENURE-RESET",)
    term_end = posting.planned_end_date
    if term_end is None:
        return None
    term = days_inclusive(posting.start_date, term_end)
    served = (posting.start_date, posting.ended_on)
    if days_inclusive(*served) >= term:
        return ("R-TENURE-RESET",)
    leave = [
        inside
        for e in dossier.exemptions()
        if e.category is ExemptionCategory.PREGNANCY
        and (inside := clip(e.start_date, e.last_day or term_end, posting.start_date, term_end))
    ]
    if leave and merged_days([served, *leave]) >= term:
        return ("R-TENURE-RESET", "R-MATERNITY")
    return None


def tenure_on(dossier: Dossier, on: date, profile: PolicyProfile) -> Tenure:
    """Continuous tenure at the home school on a reference date, in whole years and in days."""
    home = dossier.home_on(on)
    since, reset_by = home.since, home.posting_id
    clauses: tuple[str, ...] = ("R-TENURE-RESET",) if home.posting_id else ()
    for p in dossier.postings():
        if p.kind not in profile.tenure_reset_kinds or p.ended_on is None:
            continue
        restart = p.ended_on + ONE_DAY
        if not since < restart <= on + ONE_DAY:
            continue
        if (why := completed_term(p, dossier)) is not None:
            since, reset_by, clauses = restart, p.record_id, why
    return Tenure(
        school_id=home.school_id,
        since=since,
        years=whole_years_of_tenure(since, on),
        days=days_inclusive(since, on),
        reset_by=reset_by,
        clauses=clauses,
    )
