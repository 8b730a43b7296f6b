"""The service record (任职经历证明) HR reads for title evaluation, grade steps and principal grading.

For a teacher, a target and an as-of date, each requirement of RULES.md §3 "Title, promotion and
grade requirements" with its clause, the days required and credited, ``met`` / ``not_met`` /
``not_applicable`` (with the reason, e.g. the age exception), and the evidence: the postings,
periods and events that earned each credited day.

| target | requirements |
|---|---|
| ``intermediate``, ``senior`` title | R-TITLE-VILLAGE, R-TITLE-INCENTIVE, R-TITLE-REFUSAL |
| ``grade_step`` (salary grade step) | R-GRADE-STEP |
| ``principal_grade`` (first- or special-grade principal) | R-LEADER-RURAL |
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ledger.domain.base import json_native
from ledger.domain.clauses import CLAUSES
from ledger.domain.dates import DAYS_PER_YEAR, age_on, school_year_of
from ledger.domain.dossier import Dossier
from ledger.domain.messages import Message
from ledger.domain.enums import DepartureKind, Gender, Labelled, PostingKind
from ledger.domain.policy.credit import CreditItem, Qualifies, credited_service
from ledger.domain.policy.profile import ProfileInForce
from ledger.domain.records import Posting
from ledger.domain.school import Classification, SchoolFacts
from ledger.domain.service import ServicePeriod


class Target(Labelled):
    INTERMEDIATE = "intermediate", "中级职称", "intermediate title"
    SENIOR = "senior", "副高级职称", "senior title"
    GRADE_STEP = "grade_step", "薪级晋升", "salary grade step"
    PRINCIPAL_GRADE = "principal_grade", "一级、特级校长评定", "first- or special-grade principal rating"


class Status(Labelled):
    MET = "met", "已满足", "met"
    NOT_MET = "not_met", "未满足", "not met"
    NOT_APPLICABLE = "not_applicable", "不适用", "not applicable"


@dataclass(frozen=True)
class Requirement:
    clause: str
    status: Status
    reason: Message
    required_days: int | None = None
    credited_days: int | None = None
    window_start: date | None = None  # None: the whole career
    window_end: date | None = None
    evidence: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        clause = CLAUSES[self.clause]
        return {
            "clause": self.clause, "title_zh": clause.zh, "title_en": clause.en, "status": self.status.value,
            "status_zh": self.status.zh, "reason": self.reason.render(), "reason_code": self.reason.code,
            "reason_params": self.reason.wire_params(), "required_days": self.required_days,
            "credited_days": self.credited_days, "window_start": json_native(self.window_start),
            "window_end": json_native(self.window_end), "evidence": list(self.evidence),
        }


@dataclass(frozen=True)
class ServiceRecord:
    teacher_id: str
    name: str
    target: Target
    as_of: date
    known_at: datetime | None
    profile: ProfileInForce
    age: int
    title: dict[str, Any] | None
    requirements: tuple[Requirement, ...]
    report_warnings: tuple[tuple[int, str], ...]
    departure: dict[str, Any] | None

    @property
    def met(self) -> bool:
        return all(r.status is not Status.NOT_MET for r in self.requirements)

    def requirement(self, clause: str) -> Requirement:
        return next(r for r in self.requirements if r.clause == clause)

    def to_dict(self) -> dict[str, Any]:
        return {
            "teacher_id": self.teacher_id, "name": self.name, "target": self.target.value,
            "target_zh": self.target.zh, "as_of": self.as_of.isoformat(),
            "known_at": self.known_at.isoformat() if self.known_at else None,
            "profile": self.profile.to_dict(), "age": self.age, "title": self.title, "met": self.met,
            "requirements": [r.to_dict() for r in self.requirements],
            "report_warnings": [{"clause": "R-POST-REPORT", "school_year": y, "posting_id": p}
                                for y, p in self.report_warnings],
            "departure": self.departure,
        }


@dataclass(frozen=True)
class Context:
    dossier: Dossier
    schools: Mapping[str, SchoolFacts]
    as_of: date
    in_force: ProfileInForce
    record_events: Mapping[str, Sequence[dict[str, Any]]]

    @property
    def age(self) -> int:
        return age_on(self.dossier.profile.birth_date, self.as_of)

    def credit(self, qualifies: Qualifies, since: date | None = None) -> tuple[int, tuple[CreditItem, ...]]:
        return credited_service(self.dossier, self.schools, qualifies, until=self.as_of, since=since,
                                record_events=self.record_events)


# --------------------------------------------------------------------------- named rules
def age_exception(ctx: Context) -> Message | None:
    """Men from ``title_age_exempt_male`` (50) and women from ``title_age_exempt_female`` (45) are
    exempt from village service (R-TITLE-VILLAGE, R-GRADE-STEP; seed 001 "不受此项限制")."""
    p, person = ctx.in_force.profile, ctx.dossier.profile
    limit = p.title_age_exempt_female if person.gender is Gender.FEMALE else p.title_age_exempt_male
    if ctx.age >= limit:
        return Message("service.age_exempt", age=ctx.age, on=ctx.as_of, gender=person.gender, limit=limit)
    return None


def days_requirement(ctx: Context, clause: str, years: int, what: str, qualifies: Qualifies, *,
                     since: date | None = None, exempt: Message | None = None) -> Requirement:
    """``what`` names the service counted (a ``service.what.*`` code)."""
    required = years * DAYS_PER_YEAR
    credited, items = ctx.credit(qualifies, since)
    window = Message("service.since", since=since) if since else ""
    counted = {"credited": credited, "what": Message(what), "window": window, "required": required, "years": years}
    if exempt:
        status, reason = Status.NOT_APPLICABLE, exempt
    elif credited >= required:
        status, reason = Status.MET, Message("service.met", **counted)
    else:
        status, reason = Status.NOT_MET, Message("service.not_met", **counted)
    return Requirement(clause, status, reason, required, credited, since, ctx.as_of,
                       tuple(i.to_dict() for i in items))


def village_service(ctx: Context) -> Qualifies:
    designated = set(ctx.in_force.profile.designated_village_school_ids)
    return lambda period, cls: cls.is_village or period.school_id in designated


def title_village(ctx: Context) -> Requirement:
    """R-TITLE-VILLAGE: village service within the current title's tenure (whole career without a title)."""
    held = ctx.dossier.title_on(ctx.as_of)
    return days_requirement(ctx, "R-TITLE-VILLAGE", ctx.in_force.profile.village_service_years,
                            "service.what.village", village_service(ctx),
                            since=held.conferred_on if held else None, exempt=age_exception(ctx))


def grade_step(ctx: Context) -> Requirement:
    """R-GRADE-STEP: village service for a salary grade step, same age exception."""
    return days_requirement(ctx, "R-GRADE-STEP", ctx.in_force.profile.grade_step_village_years,
                            "service.what.village", village_service(ctx),
                            exempt=age_exception(ctx))


def title_incentive(ctx: Context) -> Requirement:
    """R-TITLE-INCENTIVE: at least ``incentive_exchange_years`` of incentive exchange."""
    postings = {p.record_id: p for p in ctx.dossier.postings()}

    def incentive(period: ServicePeriod, cls: Classification) -> bool:
        posting = postings.get(period.posting_id or "")
        return posting is not None and posting.kind is PostingKind.INCENTIVE_EXCHANGE

    return days_requirement(ctx, "R-TITLE-INCENTIVE", ctx.in_force.profile.incentive_exchange_years,
                            "service.what.incentive", incentive)


def title_refusal(ctx: Context) -> Requirement:
    """R-TITLE-REFUSAL: no promotion in a school year marked by a failure to report (R-POST-REPORT),
    nor after being treated as having left."""
    year = school_year_of(ctx.as_of)
    warned = ctx.dossier.warned_school_years()
    departure = ctx.dossier.departure
    refusals = [_refusal_evidence(p, ctx) for p in ctx.dossier.postings() if p.refusals]
    if departure is not None and departure.kind is DepartureKind.AUTO_DEPARTURE and departure.departed_on <= ctx.as_of:
        reason = Message("due.auto_departed", on=departure.departed_on)
        return Requirement("R-TITLE-REFUSAL", Status.NOT_MET, reason, window_end=ctx.as_of, evidence=tuple(refusals))
    if year in warned:
        reason = Message("service.refused", posting=warned[year], year=year)
        return Requirement("R-TITLE-REFUSAL", Status.NOT_MET, reason, window_end=ctx.as_of, evidence=tuple(refusals))
    return Requirement("R-TITLE-REFUSAL", Status.MET, Message("service.no_refusal", year=year),
                       window_end=ctx.as_of, evidence=tuple(refusals))


def leader_rural(ctx: Context) -> Requirement:
    """R-LEADER-RURAL: leaders under ``leader_rural_age_under`` need rural service to be rated
    first- or special-grade principal."""
    p, person = ctx.in_force.profile, ctx.dossier.profile
    exempt = None
    if not person.role.is_leader:
        exempt = Message("service.not_leader", role=person.role, role_zh=person.role.zh)
    elif ctx.age >= p.leader_rural_age_under:
        exempt = Message("service.leader_age", age=ctx.age, on=ctx.as_of, limit=p.leader_rural_age_under)
    return days_requirement(ctx, "R-LEADER-RURAL", p.leader_rural_service_years, "service.what.rural",
                            lambda period, cls: cls.is_rural, exempt=exempt)


REQUIREMENTS: dict[Target, tuple[Callable[[Context], Requirement], ...]] = {
    Target.INTERMEDIATE: (title_village, title_incentive, title_refusal),
    Target.SENIOR: (title_village, title_incentive, title_refusal),
    Target.GRADE_STEP: (grade_step,),
    Target.PRINCIPAL_GRADE: (leader_rural,),
}


def service_record(dossier: Dossier, schools: Mapping[str, SchoolFacts], target: Target, as_of: date,
                   in_force: ProfileInForce, *, known_at: datetime | None = None,
                   record_events: Mapping[str, Sequence[dict[str, Any]]] | None = None) -> ServiceRecord:
    ctx = Context(dossier, schools, as_of, in_force, record_events or {})
    held = dossier.title_on(as_of)
    departure = dossier.departure
    return ServiceRecord(
        teacher_id=dossier.profile.teacher_id,
        name=dossier.profile.name,
        target=target,
        as_of=as_of,
        known_at=known_at,
        profile=in_force,
        age=ctx.age,
        title=json_native({"title_id": held.record_id, "title": held.title, "title_zh": held.title.zh,
                           "since": held.conferred_on}) if held else None,
        requirements=tuple(rule(ctx) for rule in REQUIREMENTS[target]),
        report_warnings=tuple(sorted(dossier.warned_school_years().items())),
        departure=json_native({"departure_id": departure.record_id, "departed_on": departure.departed_on,
                               "kind": departure.kind}) if departure and departure.departed_on <= as_of else None,
    )


def _refusal_evidence(p: Posting, ctx: Context) -> dict[str, Any]:
    return {
        "record_id": p.record_id,
        "refusals": [json_native({"failed_on": r.failed_on, "days_absent": r.days_absent,
                                  "consequence": r.consequence}) for r in p.refusals],
        "events": list(ctx.record_events.get(p.record_id, ())),
    }
