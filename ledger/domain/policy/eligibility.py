"""The due list (应交流人员名单) for a school year: who should or must rotate, and why.

The reference date is 31 August before the school year starts (RULES.md §5). Each teacher gets
one status, decided in this order:

1. ``excluded`` — treated as having left after failing to report (R-POST-REPORT);
2. ``on_posting`` — already on a posting on the school year's first day, or with a posting
   starting within the school year (R-POST-ONE);
3. ``excluded`` — not a rotation subject: by role or subject (R-EX-ROLE), by age (R-T-AGE,
   teachers) or close to retirement (R-P-RETIRE, leaders);
4. ``must`` / ``should`` / ``not_due`` by continuous tenure (R-T-TENURE for teachers, R-P-TENURE
   for leaders; restarts per R-TENURE-RESET and R-MATERNITY);
5. ``deferred`` — due, but an exemption active on the reference date defers them (named).

Among those due the longest tenure goes first (R-ORDER): ``rank`` county-wide, ``school_rank``
within the home school. One pass over the dossiers, then one sort.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ledger.domain.base import json_native
from ledger.domain.dates import (
    ONE_DAY,
    add_years,
    age_on,
    planning_reference_date,
    school_year_end,
    school_year_of,
    school_year_start,
)
from ledger.domain.dossier import Dossier, Profile
from ledger.domain.enums import DepartureKind, ExemptionCategory, Gender, Labelled, Role
from ledger.domain.messages import Label, Message
from ledger.domain.policy.exemptions import SpouseDue, deferring_exemptions, pending_exemptions, role_exclusions
from ledger.domain.policy.profile import PolicyProfile, ProfileInForce
from ledger.domain.policy.reasons import Reason, clause_ids
from ledger.domain.policy.tenure import Tenure, tenure_on
from ledger.domain.records import Departure, Exemption, Posting
from ledger.domain.school import SchoolFacts


class DueStatus(Labelled):
    MUST = "must", "必须交流", "must rotate"
    SHOULD = "should", "应当交流", "should rotate"
    DEFERRED = "deferred", "暂缓交流", "deferred by an exemption"
    EXCLUDED = "excluded", "不作为交流对象", "not a rotation subject"
    ON_POSTING = "on_posting", "正在交流", "already on a posting"
    NOT_DUE = "not_due", "未到交流年限", "not yet due"


DUE = (DueStatus.MUST, DueStatus.SHOULD)
_GROUP = {DueStatus.MUST: 0, DueStatus.SHOULD: 0, DueStatus.DEFERRED: 1, DueStatus.ON_POSTING: 2,
          DueStatus.EXCLUDED: 3, DueStatus.NOT_DUE: 4}


@dataclass(slots=True)
class DueRow:
    """One teacher's row; ``rank`` and ``school_rank`` are set when the list is ordered (R-ORDER).
    A plain slotted dataclass, as the list may hold 50,000 of them."""

    teacher_id: str
    name: str
    gender: Gender
    role: Role
    subject: str | None
    school_id: str
    school_name: str
    status: DueStatus
    reasons: tuple[Reason, ...]
    tenure: Tenure
    age: int
    backbone_level: str | None
    eligible: bool  # meets the tenure condition, neither excluded nor deferred (R-Q-URBAN counts them)
    exemptions: tuple[Exemption, ...] = ()
    posting: Posting | None = None
    report_warnings: tuple[tuple[int, str], ...] = ()  # (school year, posting id), R-POST-REPORT
    departure: Departure | None = None
    rank: int | None = None
    school_rank: int | None = None

    @property
    def clauses(self) -> list[str]:
        return clause_ids(self.reasons)

    def to_dict(self) -> dict[str, Any]:
        t = self.tenure
        return {
            "teacher_id": self.teacher_id, "name": self.name, "gender": self.gender.value,
            "role": self.role.value, "role_zh": self.role.zh, "subject": self.subject,
            "school_id": self.school_id, "school_name": self.school_name,
            "status": self.status.value, "status_zh": self.status.zh, "status_en": self.status.en,
            "clauses": self.clauses, "reasons": [r.to_dict() for r in self.reasons],
            "rank": self.rank, "school_rank": self.school_rank,
            "tenure_start": t.since.isoformat(), "tenure_years": t.years, "tenure_days": t.days,
            "tenure_reset_by": t.reset_by, "age": self.age, "backbone_level": self.backbone_level,
            "eligible": self.eligible,
            "exemption": _exemption_dict(self.exemptions[0]) if self.exemptions else None,
            "exemptions": [_exemption_dict(e) for e in self.exemptions],
            "posting": _posting_dict(self.posting) if self.posting else None,
            "report_warnings": [{"clause": "R-POST-REPORT", "school_year": y, "posting_id": p}
                                for y, p in self.report_warnings],
            "departure": (json_native({"departure_id": self.departure.record_id,
                                       "departed_on": self.departure.departed_on,
                                       "kind": self.departure.kind}) if self.departure else None),
        }


@dataclass(frozen=True)
class DueList:
    school_year: int
    reference_date: date
    profile: ProfileInForce
    rows: tuple[DueRow, ...]
    known_at: datetime | None = None  # as the ledger stood at that moment; None: now

    def counts(self) -> dict[str, int]:
        counted = Counter(r.status for r in self.rows)
        return {s.value: counted.get(s, 0) for s in DueStatus}

    def to_dict(self) -> dict[str, Any]:
        return {
            "school_year": self.school_year,
            "reference_date": self.reference_date.isoformat(),
            "known_at": self.known_at.isoformat() if self.known_at else None,
            "profile": self.profile.to_dict(),
            "counts": self.counts(),
            "rows": [r.to_dict() for r in self.rows],
        }


# --------------------------------------------------------------------------- named rules
def tenure_status(role: Role, tenure: Tenure, profile: PolicyProfile) -> tuple[DueStatus, Reason]:
    """R-T-TENURE for teachers, R-P-TENURE for leaders (terms of ``principal_term_years``)."""
    if role.is_leader:
        clause, should, must = "R-P-TENURE", profile.leader_should_years, profile.leader_must_years
    else:
        clause, should, must = "R-T-TENURE", profile.teacher_should_years, profile.teacher_must_years
    served = Message("due.served", years=tenure.years, days=tenure.days, school=tenure.school_id, since=tenure.since)
    if tenure.years >= must:
        return DueStatus.MUST, Reason(clause, Message("due.must", served=served, years=must))
    if tenure.years >= should:
        return DueStatus.SHOULD, Reason(clause, Message("due.should", served=served, years=should))
    return DueStatus.NOT_DUE, Reason(clause, Message("due.not_yet", served=served, years=should))


def exclusions(person: Profile, exemptions: list[Exemption], on: date, age: int,
               profile: PolicyProfile) -> list[Reason]:
    """Why the teacher is not a rotation subject on a date: R-EX-ROLE, R-T-AGE, R-P-RETIRE."""
    reasons = []
    if person.role in profile.excluded_roles:
        reasons.append(Reason("R-EX-ROLE", Message("due.excluded_role", role=person.role, role_zh=person.role.zh)))
    if person.subject and person.subject in profile.excluded_subjects:
        reasons.append(Reason("R-EX-ROLE", Message("due.excluded_subject", subject=person.subject)))
    for e in role_exclusions(exemptions, on):
        reasons.append(Reason("R-EX-ROLE", Message("due.excluded_by", exemption=e.record_id, since=e.start_date)))
    female = person.gender is Gender.FEMALE
    if person.role.is_leader:
        retires = add_years(person.birth_date, profile.retirement_age_female if female else profile.retirement_age_male)
        if retires < add_years(on, profile.principal_retirement_margin_years):
            reasons.append(Reason("R-P-RETIRE", Message(
                "due.retires", retires=retires, years=profile.principal_retirement_margin_years, on=on)))
    else:
        limit = profile.age_exempt_female if female else profile.age_exempt_male
        if age >= limit:
            reasons.append(Reason("R-T-AGE", Message("due.age", age=age, on=on, gender=person.gender, limit=limit)))
    return reasons


def posting_for_year(dossier: Dossier, school_year: int) -> Posting | None:
    """The posting the teacher is on when the school year starts, or one starting within it."""
    first, last = school_year_start(school_year), school_year_end(school_year)
    for p in dossier.postings():
        running = not p.is_transfer and p.start_date <= first and (p.ended_on is None or first <= p.ended_on)
        if running or first <= p.start_date <= last:
            return p
    return None


def evaluate_due(dossier: Dossier, school_year: int, profile: PolicyProfile,
                 schools: Mapping[str, SchoolFacts], spouse_due: SpouseDue | None = None) -> DueRow | None:
    """One teacher's row of the due list; None for someone who left before the reference date."""
    ref = planning_reference_date(school_year)
    person = dossier.profile
    departure = dossier.departure
    auto_departed = (departure is not None and departure.kind is DepartureKind.AUTO_DEPARTURE
                     and school_year - 1 <= school_year_of(departure.departed_on) <= school_year)
    if departure is not None and departure.departed_on <= ref and not auto_departed:
        return None
    tenure = tenure_on(dossier, ref, profile)
    age = age_on(person.birth_date, ref)
    due, tenure_reason = tenure_status(person.role, tenure, profile)
    exemptions = dossier.exemptions()
    excluded = exclusions(person, exemptions, ref, age, profile)
    deferring = deferring_exemptions(exemptions, ref, profile, spouse_due) if due in DUE and exemptions else []
    posting = posting_for_year(dossier, school_year)
    warned = tuple(sorted(dossier.warned_school_years().items()))

    status, reasons = due, [tenure_reason, *(
        Reason(c, Message("due.tenure_restarted", since=tenure.since, posting=tenure.reset_by)) for c in tenure.clauses)]
    if auto_departed:
        assert departure is not None
        status, reasons = DueStatus.EXCLUDED, [Reason(
            "R-POST-REPORT", Message("due.auto_departed", on=departure.departed_on))]
    elif posting is not None:
        status, reasons = DueStatus.ON_POSTING, [Reason("R-POST-ONE", Message(
            "due.on_posting", posting=posting.record_id, kind=posting.kind, hosts=list(posting.host_school_ids),
            since=posting.start_date))]
    elif excluded:
        status, reasons = DueStatus.EXCLUDED, excluded
    elif deferring:
        status = DueStatus.DEFERRED
        reasons += [Reason(e.category.clause, Message(
            "due.deferred", exemption=e.record_id, category=Label(e.category), category_zh=e.category.zh,
            since=e.start_date, until=e.last_day or Message("word.further_notice"), approval=approval(e)))
            for e in deferring]
    elif due in DUE:
        days = profile.exemption_notice_days
        reasons += [Reason("R-EX-NOTICE", Message(
            "due.pending_notice", exemption=e.record_id, category=Label(e.category), since=e.notice_from,
            until=e.in_effect_from(days) - ONE_DAY, days=days)) for e in pending_exemptions(exemptions, ref, profile)]
    reasons += [Reason("R-POST-REPORT", Message("due.report_warning", posting=pid, year=y))
                for y, pid in warned if school_year - 1 <= y <= school_year and not auto_departed]
    starts_within = posting is None or posting.start_date > ref
    backbone = dossier.backbone_on(ref)
    return DueRow(
        teacher_id=person.teacher_id, name=person.name, gender=person.gender, role=person.role,
        subject=person.subject, school_id=tenure.school_id,
        school_name=schools[tenure.school_id].name if tenure.school_id in schools else tenure.school_id,
        status=status, reasons=tuple(reasons), tenure=tenure, age=age,
        backbone_level=backbone.level.value if backbone else None,
        eligible=due in DUE and not excluded and not deferring and not auto_departed and starts_within,
        exemptions=tuple(deferring), posting=posting, report_warnings=warned,
        departure=departure if auto_departed else None,
    )


def approval(e: Exemption) -> Message:
    """Who approved an exemption, with the document (R-EX-APPROVER); earlier grants: not recorded."""
    if e.approved_by is None:
        return Message("due.approval_not_recorded")
    return Message("due.approved_by", office=Label(e.approved_by), ref=e.approval_ref or Message("word.none"))


def due_list(dossiers: Iterable[Dossier], schools: Mapping[str, SchoolFacts], school_year: int,
             in_force: ProfileInForce) -> DueList:
    """Every teacher's row, ranked. A couple deferral (R-EX-COUPLE) defers only while the spouse
    is due that year: the few rows deferred by one are evaluated again once every row is known."""
    profile = in_force.profile
    rows: dict[str, DueRow] = {}
    couples: list[Dossier] = []
    for d in dossiers:
        if (row := evaluate_due(d, school_year, profile, schools)) is not None:
            rows[row.teacher_id] = row
            if any(e.category is ExemptionCategory.COUPLE for e in row.exemptions):
                couples.append(d)
    due = {tid for tid, r in rows.items() if r.status in (*DUE, DueStatus.DEFERRED)}
    for d in couples:
        again = evaluate_due(d, school_year, profile, schools, due.__contains__)
        assert again is not None
        rows[again.teacher_id] = again
    return DueList(school_year, planning_reference_date(school_year), in_force, rank_rows(list(rows.values())))


def rank_rows(rows: list[DueRow]) -> tuple[DueRow, ...]:
    """R-ORDER: those due first, longest continuous tenure first; then deferred, on posting,
    excluded and not due, each by tenure."""
    ordered = sorted(rows, key=lambda r: (_GROUP[r.status], -r.tenure.days, r.teacher_id))
    per_school: Counter[str] = Counter()
    for i, row in enumerate(ordered):
        if row.status in DUE:
            per_school[row.school_id] += 1
            row.rank, row.school_rank = i + 1, per_school[row.school_id]
    return tuple(ordered)


def _exemption_dict(e: Exemption) -> dict[str, Any]:
    return json_native({"exemption_id": e.record_id, "category": e.category, "category_zh": e.category.zh,
                        "clause": e.category.clause, "start_date": e.start_date, "last_day": e.last_day})


def _posting_dict(p: Posting) -> dict[str, Any]:
    return json_native({"posting_id": p.record_id, "kind": p.kind, "host_school_ids": p.host_school_ids,
                        "start_date": p.start_date, "planned_end_date": p.planned_end_date,
                        "transfer": p.is_transfer})
