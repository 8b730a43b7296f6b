"""A teacher's dossier (档案): the profile plus every record, and what follows from them.

The ``Teacher`` aggregate keeps its state as a dossier; projections store the same profile and
record dicts; the policy engine reads dossiers built from either. Invariant checks live here as
named functions, each raising a ``RuleViolation`` that names its clause.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, TypeVar

from ledger.domain.base import json_native
from ledger.domain.dates import (
    DAYS_PER_YEAR,
    ONE_DAY,
    add_years,
    clip,
    days_inclusive,
    school_year_days,
    school_year_end,
    school_year_of,
    school_year_start,
)
from ledger.domain.enums import (
    AwardKind,
    EvaluationGrade,
    ExemptionCategory,
    Gender,
    PostingKind,
    RefusalConsequence,
    Role,
)
from ledger.domain.errors import ConflictError, InvalidInput, NotFoundError, RuleViolation
from ledger.domain.grades import GradeRecord
from ledger.domain.limits import DEFAULT_LIMITS, NO_OTHERS, Limits, Others
from ledger.domain.messages import Label, Message, field_term
from ledger.domain.records import (
    Award,
    Backbone,
    Departure,
    Evaluation,
    Exemption,
    Posting,
    Record,
    TitleRecord,
)

R = TypeVar("R", bound=Record)
__all__ = ["DEFAULT_LIMITS", "NO_OTHERS", "Dossier", "HomePeriod", "Limits", "Others", "Profile"]


@dataclass(frozen=True)
class Profile:
    """Who the teacher is and where they started in the ledger."""

    teacher_id: str
    name: str
    gender: Gender
    birth_date: date
    role: Role
    subject: str | None
    home_school_id: str
    at_home_school_since: date

    def to_dict(self) -> dict[str, Any]:
        return json_native(self.__dict__)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Profile:
        return cls(
            teacher_id=d["teacher_id"],
            name=d["name"],
            gender=Gender(d["gender"]),
            birth_date=_date(d["birth_date"]),
            role=Role(d["role"]),
            subject=d.get("subject"),
            home_school_id=d["home_school_id"],
            at_home_school_since=_date(d["at_home_school_since"]),
        )


@dataclass(frozen=True)
class HomePeriod:
    """A span during which the teacher's personnel relation sits at one school."""

    school_id: str
    since: date
    until: date | None  # inclusive; None while current
    posting_id: str | None  # the transfer that started it, if any


@dataclass(frozen=True)
class Dossier:
    profile: Profile
    records: dict[str, Record] = field(default_factory=dict)

    # ----------------------------------------------------------------- records by kind
    def get(self, record_id: str) -> Record:
        try:
            return self.records[record_id]
        except KeyError:
            raise NotFoundError("record", record_id, "not_found.record", teacher=self.profile.teacher_id) from None

    def existing(self, record_id: str, cls: type[R]) -> R:
        """A record of the given class that is not voided (a command acts on it)."""
        record = self.get(record_id)
        if not isinstance(record, cls):
            raise ConflictError("record.wrong_type", record=record_id, actual=record.TYPE, expected=cls.TYPE)
        if record.voided:
            raise ConflictError("record.voided", kind=cls.TYPE, record=record_id, by=record.voided_by)
        return record

    def of_type(self, cls: type[R], *, include_voided: bool = False) -> list[R]:
        return [r for r in self.records.values() if isinstance(r, cls) and (include_voided or not r.voided)]

    def postings(self) -> list[Posting]:
        return sorted(self.of_type(Posting), key=lambda p: (p.start_date, p.record_id))

    def transfers(self) -> list[Posting]:
        return [p for p in self.postings() if p.is_transfer]

    def exemptions(self) -> list[Exemption]:
        return sorted(self.of_type(Exemption), key=lambda e: (e.start_date, e.record_id))

    def evaluations(self) -> list[Evaluation]:
        return sorted(self.of_type(Evaluation), key=lambda e: (e.school_year, e.record_id))

    def awards(self) -> list[Award]:
        return sorted(self.of_type(Award), key=lambda a: (a.awarded_on, a.record_id))

    def titles(self) -> list[TitleRecord]:
        return sorted(self.of_type(TitleRecord), key=lambda t: (t.conferred_on, t.record_id))

    def grades(self) -> list[GradeRecord]:
        return sorted(self.of_type(GradeRecord), key=lambda g: (g.conferred_on, g.record_id))

    def grade_on(self, on: date) -> GradeRecord | None:
        """The principal's grade in force on a date (the latest conferred, not revoked)."""
        held = [g for g in self.grades() if g.in_force_on(on)]
        return held[-1] if held else None

    def backbones(self) -> list[Backbone]:
        return sorted(self.of_type(Backbone), key=lambda b: (b.cycle_start, b.record_id))

    @property
    def departure(self) -> Departure | None:
        departures = self.of_type(Departure)
        return min(departures, key=lambda d: d.departed_on) if departures else None

    def with_records(self, *records: Record) -> Dossier:
        updated = dict(self.records)
        for r in records:
            updated[r.record_id] = r
        return replace(self, records=updated)

    # ----------------------------------------------------------------- derived facts
    def home_periods(self, *, excluding: str | None = None) -> list[HomePeriod]:
        """Where the personnel relation sat, period by period; a transfer moves it on its start."""
        p = self.profile
        starts = [(p.at_home_school_since, p.home_school_id, None)]
        for t in self.transfers():
            if t.record_id != excluding:
                starts.append((t.start_date, t.host_school_ids[0], t.record_id))
        starts.sort(key=lambda s: s[0])
        periods = []
        for i, (since, school, posting_id) in enumerate(starts):
            until = starts[i + 1][0] - ONE_DAY if i + 1 < len(starts) else None
            periods.append(HomePeriod(school, since, until, posting_id))
        return periods

    def home_on(self, on: date, *, excluding: str | None = None) -> HomePeriod:
        """The home period in force on a date (the first one for dates before the ledger knew)."""
        periods = self.home_periods(excluding=excluding)
        current = periods[0]
        for period in periods:
            if period.since <= on:
                current = period
        return current

    def posting_on(self, on: date) -> Posting | None:
        """The (non-transfer) posting the teacher serves on that date, if any."""
        for p in self.postings():
            if not p.is_transfer and p.start_date <= on and (p.ended_on is None or on <= p.ended_on):
                return p
        return None

    def open_posting(self) -> Posting | None:
        return next((p for p in self.postings() if p.is_open), None)

    def exemptions_on(self, on: date) -> list[Exemption]:
        return [e for e in self.exemptions() if e.active_on(on)]

    def title_on(self, on: date) -> TitleRecord | None:
        held = [t for t in self.titles() if t.conferred_on <= on]
        return held[-1] if held else None

    def backbone_on(self, on: date) -> Backbone | None:
        return next((b for b in reversed(self.backbones()) if b.in_force_on(on)), None)

    def warned_school_years(self) -> dict[int, str]:
        """School years marked by a failure to report (R-POST-REPORT), with the posting id."""
        years: dict[int, str] = {}
        for p in self.postings():
            for refusal in p.refusals:
                if refusal.consequence is not RefusalConsequence.NONE:
                    years.setdefault(school_year_of(refusal.failed_on), p.record_id)
        return years

    def status_on(self, on: date) -> str:
        """``departed`` | ``on_posting`` | ``at_home`` on a date."""
        if (d := self.departure) is not None and d.departed_on <= on:
            return "departed"
        return "on_posting" if self.posting_on(on) is not None else "at_home"

    def serving_on(self, on: date) -> tuple[str, ...]:
        """The school(s) where the teacher serves on a date: the hosts when posted, else home."""
        if (d := self.departure) is not None and d.departed_on <= on:
            return ()
        posting = self.posting_on(on)
        return posting.host_school_ids if posting else (self.home_on(on).school_id,)

    # ----------------------------------------------------------------- invariants
    def check(self, touched: Iterable[str], limits: Limits) -> None:
        """Checks every invariant that involves the touched records; raises the first breach.

        Field-level problems of a record raise ``InvalidInput``; policy breaches ``RuleViolation``.
        """
        for record_id in touched:
            record = self.records[record_id]
            errors = record.field_errors()
            if errors:
                raise InvalidInput(errors)
            if record.voided:
                continue
            for check in _CHECKS.get(type(record), ()):
                check(self, record, limits)


# --------------------------------------------------------------------- named rule checks
def check_host_not_home(d: Dossier, p: Posting, limits: Limits) -> None:
    """R-POST-HOST: a host school differs from the home school on the posting's start."""
    home = d.home_on(p.start_date, excluding=p.record_id).school_id
    if home in p.host_school_ids:
        raise RuleViolation("R-POST-HOST", "posting.host_is_home", school=home, on=p.start_date)


def check_transfer_keeps_later_hosts(d: Dossier, p: Posting, limits: Limits) -> None:
    """R-POST-HOST: a (possibly backdated) transfer must not make a later posting's host the
    teacher's new home school."""
    if not p.is_transfer:
        return
    for other in d.postings():
        if other.record_id != p.record_id and other.start_date >= p.start_date:
            check_host_not_home(d, other, limits)


def check_one_posting(d: Dossier, p: Posting, limits: Limits) -> None:
    """R-POST-ONE: postings of one teacher never overlap (an open posting runs on)."""
    start, end = p.span()
    for other in d.postings():
        if other.record_id == p.record_id:
            continue
        o_start, o_end = other.span()
        if (end is None or o_start <= end) and (o_end is None or start <= o_end):
            raise RuleViolation("R-POST-ONE", "posting.overlap", other=other.record_id, start=o_start,
                                end=o_end or Message("word.open"))


def check_posting_exempt(d: Dossier, p: Posting) -> None:
    """R-POST-EXEMPT: a posting that starts during an active exemption needs an explicit override
    with a reason for each such exemption — when recorded, and when an amendment moves its start
    (an exemption granted later does not make its later reports, extensions or return wrong)."""
    blocking = [e for e in d.exemptions_on(p.start_date)
                if not p.override_reason or e.record_id not in p.overridden_exemption_ids]
    if blocking:
        raise RuleViolation("R-POST-EXEMPT", "posting.exempt", on=p.start_date, exemptions=[
            Message("posting.exempt_by", exemption=e.record_id, category=e.category, clause=e.category.clause)
            for e in blocking])


def check_supervisory_term(d: Dossier, p: Posting, limits: Limits) -> None:
    """R-POST-SUPERVISORY: a supervisory exchange lasts at least one year."""
    if p.kind is not PostingKind.SUPERVISORY_EXCHANGE:
        return
    minimum = add_years(p.start_date, 1) - ONE_DAY
    for name, end in (("planned_end_date", p.planned_end_date), ("ended_on", p.ended_on)):
        if end is not None and end < minimum:
            raise RuleViolation("R-POST-SUPERVISORY", "posting.supervisory_term", name=field_term(name), end=end,
                                minimum=minimum)


def check_exemption_person(d: Dossier, e: Exemption, limits: Limits) -> None:
    """R-EX-PREGNANCY and R-EX-CHILD apply to female teachers."""
    if e.category in (ExemptionCategory.PREGNANCY, ExemptionCategory.CHILD_UNDER_3):
        if d.profile.gender is not Gender.FEMALE:
            raise RuleViolation(e.category.clause, "exemption.female_only", category=Label(e.category))


def check_project_total(d: Dossier, e: Exemption, limits: Limits) -> None:
    """R-EX-PROJECT: project deferrals add up to at most the profile's school years — counted over
    their union (overlapping grants once), 29 February left out (``school_year_days``)."""
    max_days = limits.project_deferral_max_days
    if e.category is not ExemptionCategory.SIGNATURE_PROJECT:
        return
    total = school_year_days(
        (x.start_date, x.last_day or x.start_date)
        for x in d.exemptions()
        if x.category is ExemptionCategory.SIGNATURE_PROJECT
    )
    if total > max_days:
        raise RuleViolation("R-EX-PROJECT", "exemption.project_total", total=total, max=max_days,
                            years=max_days // DAYS_PER_YEAR)


def check_evaluation(d: Dossier, ev: Evaluation, limits: Limits) -> None:
    """One evaluation per school year; R-POST-REPORT caps it; R-POST-EVAL: the host evaluates."""
    for other in d.evaluations():
        if other.record_id != ev.record_id and other.school_year == ev.school_year:
            raise RuleViolation("R-POST-EVAL", "evaluation.year_done", year=ev.school_year, other=other.record_id)
    warned = d.warned_school_years()
    if ev.school_year in warned and ev.grade.is_qualified_or_better:
        raise RuleViolation("R-POST-REPORT", "evaluation.capped", posting=warned[ev.school_year],
                            year=ev.school_year, grade=EvaluationGrade.QUALIFIED)
    year_start, year_end = school_year_start(ev.school_year), school_year_end(ev.school_year)
    half = days_inclusive(year_start, year_end) // 2
    for p in d.postings():
        if p.is_transfer:
            continue
        inside = clip(p.start_date, p.ended_on or year_end, year_start, year_end)
        if inside and days_inclusive(*inside) > half and ev.school_id not in p.host_school_ids:
            raise RuleViolation("R-POST-EVAL", "evaluation.by_host", year=ev.school_year, posting=p.record_id,
                                hosts=list(p.host_school_ids))


def check_title_refusal(d: Dossier, t: TitleRecord, limits: Limits) -> None:
    """R-TITLE-REFUSAL: no promotion in a school year marked by a failure to report."""
    before = d.title_on(t.conferred_on - ONE_DAY)
    promoted = before is None or t.title.rank > before.title.rank
    year = school_year_of(t.conferred_on)
    if promoted and year in d.warned_school_years():
        raise RuleViolation("R-TITLE-REFUSAL", "title.no_promotion", year=year)


def check_award(d: Dossier, a: Award, limits: Limits) -> None:
    """An award cites a live posting; R-POST-REPORT: no honours in a year of refusal."""
    if a.posting_id is not None:
        posting = d.records.get(a.posting_id)
        if not isinstance(posting, Posting):
            raise NotFoundError("posting", a.posting_id)
        if posting.voided:
            raise ConflictError("award.posting_voided", posting=a.posting_id)
    year = school_year_of(a.awarded_on)
    if a.kind is AwardKind.HONOUR and year in d.warned_school_years():
        raise RuleViolation("R-POST-REPORT", "award.no_honours", year=year)


def check_single_departure(d: Dossier, dep: Departure, limits: Limits) -> None:
    """A teacher departs once; void the recorded departure to record another."""
    others = [x for x in d.of_type(Departure) if x.record_id != dep.record_id]
    if others:
        raise ConflictError("departure.already", on=others[0].departed_on, record=others[0].record_id)


_CHECKS: dict[type[Record], tuple[Any, ...]] = {
    Posting: (check_host_not_home, check_transfer_keeps_later_hosts, check_one_posting, check_supervisory_term),
    Exemption: (check_exemption_person, check_project_total),
    Evaluation: (check_evaluation,),
    TitleRecord: (check_title_refusal,),
    Award: (check_award,),
    Departure: (check_single_departure,),
}


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
