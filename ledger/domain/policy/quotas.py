"""The quota report (交流比例) for a school year: every target and cap of RULES.md §3 "Quotas", per
school, per district and for the county, with the numbers and met / not met. Reported, never
blocking: a posting that breaks a cap is recorded with a warning naming the clause.

- *Rotated* in school year Y: teachers with a posting (of any kind, transfers included) starting
  between 1 September Y and 31 August Y+1, counted at the home school they were posted from.
- *Staff*: teachers whose home school it is on the reference date (31 August Y), not departed.
- *Eligible*: staff meeting the tenure condition and neither excluded nor deferred (due list).
- *Leadership team* (班子成员): principal, vice principals and party secretary.
- A share target is met when rotated ≥ share × base (no rounding), a cap when rotated ≤ share ×
  base; R-Q-SCHOOL rounds half up and asks for at least ``school_min_count`` (seed 001:
  "四舍五入,人数少的学校至少1人").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import Any

from ledger.domain.clauses import CLAUSES
from ledger.domain.dates import planning_reference_date, school_year_end, school_year_start
from ledger.domain.dossier import Dossier
from ledger.domain.enums import Area, ExemptionCategory, PostingKind, Role, Tier
from ledger.domain.messages import Message, Term
from ledger.domain.policy.eligibility import DUE, DueStatus, evaluate_due
from ledger.domain.policy.profile import PolicyProfile, ProfileInForce
from ledger.domain.records import Posting
from ledger.domain.school import SchoolFacts

LEADERSHIP_TEAM = (Role.PRINCIPAL, Role.VICE_PRINCIPAL, Role.PARTY_SECRETARY)


@dataclass(frozen=True)
class QuotaCheck:
    clause: str
    kind: str  # "target" | "cap"
    what: Message  # what is counted over what, e.g. "rotated / staff" (``measure.rotated_staff``)
    numerator: int
    denominator: int
    threshold: Decimal | None  # the profile's share (None for a rule without one)
    required: int | None  # the count a target needs, or the most a cap allows
    met: bool | None  # None: not applicable (nothing to count)
    note: Message | None = None
    summary: bool = False  # a county line: how many schools or districts meet the clause (all must)

    @property
    def measure(self) -> str:
        """What is counted over what, in English (``what`` in any language)."""
        return self.what.render()

    @property
    def share(self) -> float | None:
        return round(self.numerator / self.denominator, 4) if self.denominator else None

    def describe(self) -> Message:
        """E.g. "leaders rotated / leadership team: 2 of 4; at most 1 (30.000000%) (R-Q-LEADERS, …)"."""
        share = Message("quota.share", share=f"{self.threshold:%}") if self.threshold is not None else ""
        code = "quota.describe_target" if self.kind == "target" else "quota.describe_cap"
        return Message(code, measure=self.what, numerator=self.numerator, denominator=self.denominator,
                       required=self.required, share=share, clause=self.clause, title=Term("clause", self.clause))

    def to_dict(self) -> dict[str, Any]:
        clause = CLAUSES[self.clause]
        return {
            "clause": self.clause, "title_zh": clause.zh, "title_en": clause.en, "kind": self.kind,
            "measure": self.measure, "measure_code": self.what.code, "measure_params": self.what.wire_params(),
            "numerator": self.numerator, "denominator": self.denominator,
            "share": self.share, "threshold": str(self.threshold) if self.threshold is not None else None,
            "required": self.required, "met": self.met, "note": self.note.render() if self.note else "",
            "note_code": self.note.code if self.note else None,
        }


@dataclass
class Tally:
    """What one school (or the county) counts in a school year."""

    staff: int = 0
    eligible: int = 0
    leadership_team: int = 0
    rotated: set[str] = field(default_factory=set)
    backbone_rotated: set[str] = field(default_factory=set)
    leaders_rotated: dict[str, Role] = field(default_factory=dict)

    def rotated_in_role(self, role: Role) -> int:
        return sum(1 for r in self.leaders_rotated.values() if r is role)

    def numbers(self) -> dict[str, int]:
        return {
            "staff": self.staff, "eligible": self.eligible, "rotated": len(self.rotated),
            "backbone_rotated": len(self.backbone_rotated), "leadership_team": self.leadership_team,
            "leaders_rotated": len(self.leaders_rotated),
            "principals_rotated": self.rotated_in_role(Role.PRINCIPAL),
            "party_secretaries_rotated": self.rotated_in_role(Role.PARTY_SECRETARY),
        }

    def add(self, other: Tally) -> None:
        self.staff += other.staff
        self.eligible += other.eligible
        self.leadership_team += other.leadership_team
        self.rotated |= other.rotated
        self.backbone_rotated |= other.backbone_rotated
        self.leaders_rotated.update(other.leaders_rotated)


@dataclass(frozen=True)
class UnitQuotas:
    """A school's or a district's checks with the numbers behind them."""

    unit_id: str
    name: str
    numbers: dict[str, Any]
    checks: tuple[QuotaCheck, ...]

    def breached_caps(self) -> list[QuotaCheck]:
        return [c for c in self.checks if c.kind == "cap" and c.met is False]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.unit_id, "name": self.name, "numbers": self.numbers,
                "checks": [c.to_dict() for c in self.checks]}


@dataclass(frozen=True)
class QuotaReport:
    school_year: int
    reference_date: date
    profile: ProfileInForce
    county: UnitQuotas
    schools: tuple[UnitQuotas, ...]
    districts: tuple[UnitQuotas, ...]
    known_at: datetime | None = None  # as the ledger stood at that moment; None: now

    def school(self, school_id: str) -> UnitQuotas:
        return next(s for s in self.schools if s.unit_id == school_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "school_year": self.school_year, "reference_date": self.reference_date.isoformat(),
            "known_at": self.known_at.isoformat() if self.known_at else None, "profile": self.profile.to_dict(), "county": self.county.to_dict(),
            "schools": [s.to_dict() for s in self.schools], "districts": [d.to_dict() for d in self.districts],
        }


# --------------------------------------------------------------------------- named rules
def share_target(clause: str, measure: str, numerator: int, denominator: int, share: Decimal,
                 *, required: int | None = None, note: Message | None = None) -> QuotaCheck:
    if denominator == 0:
        return QuotaCheck(clause, "target", Message(measure), numerator, 0, share, None, None,
                          note or Message("quota.nothing_to_count"))
    need = required if required is not None else int((share * denominator).to_integral_value(ROUND_CEILING))
    return QuotaCheck(clause, "target", Message(measure), numerator, denominator, share, need, numerator >= need, note)


def share_cap(clause: str, measure: str, numerator: int, denominator: int, share: Decimal) -> QuotaCheck:
    if denominator == 0:
        return QuotaCheck(clause, "cap", Message(measure), numerator, 0, share, None, None,
                          Message("quota.nothing_to_count"))
    allowed = int((share * denominator).to_integral_value(ROUND_FLOOR))
    return QuotaCheck(clause, "cap", Message(measure), numerator, denominator, share, allowed, numerator <= allowed)


def leader_caps(t: Tally, leaders_max_share: Decimal) -> tuple[QuotaCheck, QuotaCheck]:
    """Both R-Q-LEADERS caps: the share of the leadership team rotated, and not the principal and
    the party secretary in the same year."""
    pair = int(t.rotated_in_role(Role.PRINCIPAL) > 0) + int(t.rotated_in_role(Role.PARTY_SECRETARY) > 0)
    return (
        share_cap("R-Q-LEADERS", "measure.leaders_rotated", len(t.leaders_rotated), t.leadership_team,
                  leaders_max_share),
        QuotaCheck("R-Q-LEADERS", "cap", Message("measure.principal_and_secretary"), pair, 2,
                   None, 1, pair <= 1 if t.leadership_team or pair else None),
    )


def leaders_tally(leaders: Iterable[Dossier], school_id: str, school_year: int) -> Tally:
    """What R-Q-LEADERS counts for one school from its leaders' dossiers: the leaders whose home it
    is on the reference date (not departed), and those posted from it within the school year."""
    ref = planning_reference_date(school_year)
    first, last = school_year_start(school_year), school_year_end(school_year)
    t = Tally()
    for d in leaders:
        role = d.profile.role
        if role not in LEADERSHIP_TEAM:
            continue
        if any(first <= p.start_date <= last and p.home_school_id == school_id for p in d.postings()):
            t.leaders_rotated[d.profile.teacher_id] = role
        departed = d.departure is not None and d.departure.departed_on <= ref
        t.leadership_team += not departed and d.home_on(ref).school_id == school_id
    return t


def school_checks(t: Tally, urban_or_quality: bool, p: PolicyProfile) -> tuple[QuotaCheck, ...]:
    """R-Q-SCHOOL, R-Q-URBAN, R-Q-BACKBONE and both R-Q-LEADERS caps for one school."""
    rounded = int((p.school_min_share * t.staff).to_integral_value(ROUND_HALF_UP))
    return (
        share_target("R-Q-SCHOOL", "measure.rotated_staff", len(t.rotated), t.staff, p.school_min_share,
                     required=max(p.school_min_count, rounded)),
        share_target("R-Q-URBAN", "measure.rotated_eligible", len(t.rotated), t.eligible if urban_or_quality else 0,
                     p.urban_min_share_of_eligible,
                     note=None if urban_or_quality else Message("quota.not_urban")),
        share_target("R-Q-BACKBONE", "measure.backbone_rotated", len(t.backbone_rotated),
                     len(t.rotated), p.backbone_min_share),
        *leader_caps(t, p.leaders_max_share),
    )


def summary_check(clause: str, kind: str, what: str, units: list[UnitQuotas]) -> QuotaCheck:
    """How many schools or districts meet every check of a clause (county level)."""
    per_unit = [[c.met for c in u.checks if c.clause == clause and c.met is not None] for u in units]
    judged = [all(checks) for checks in per_unit if checks]
    meeting = sum(judged)
    code = f"measure.{what}_{'within' if kind == 'cap' else 'meeting'}"
    return QuotaCheck(clause, kind, Message(code, clause=clause), meeting, len(judged), None,
                      len(judged), meeting == len(judged) if judged else None, summary=True)


def in_district_exchange(p: Posting, district: str | None, schools: Mapping[str, SchoolFacts]) -> bool:
    """R-Q-DISTRICT: a district rotation, or a posting whose hosts all lie in the home district."""
    if p.kind is PostingKind.DISTRICT_ROTATION:
        return True
    return district is not None and all(
        h in schools and schools[h].on(p.start_date).district == district for h in p.host_school_ids
    )


def quota_report(dossiers: Iterable[Dossier], schools: Mapping[str, SchoolFacts], school_year: int,
                 in_force: ProfileInForce) -> QuotaReport:
    """One pass over the dossiers, then per-school, per-district and county checks."""
    profile = in_force.profile
    ref = planning_reference_date(school_year)
    first, last = school_year_start(school_year), school_year_end(school_year)
    tallies: dict[str, Tally] = defaultdict(Tally)
    backbone: dict[str, set[str]] = defaultdict(set)
    exchanging: dict[str, set[str]] = defaultdict(set)
    due: set[str] = set()
    couples: list[Dossier] = []

    def district_of(school_id: str, day: date) -> str | None:
        return schools[school_id].on(day).district if school_id in schools else None

    for d in dossiers:
        tid, role = d.profile.teacher_id, d.profile.role
        for p in d.postings():
            if first <= p.start_date <= last:
                t = tallies[p.home_school_id]
                t.rotated.add(tid)
                if d.backbone_on(p.start_date) is not None:
                    t.backbone_rotated.add(tid)
                if role in LEADERSHIP_TEAM:
                    t.leaders_rotated[tid] = role
        if d.departure is not None and d.departure.departed_on <= ref:
            continue
        row = evaluate_due(d, school_year, profile, schools)
        assert row is not None
        t = tallies[row.school_id]
        t.staff += 1
        t.eligible += row.eligible
        if row.status in DUE or row.status is DueStatus.DEFERRED:
            due.add(tid)
        if any(e.category is ExemptionCategory.COUPLE for e in row.exemptions):
            couples.append(d)
        t.leadership_team += role in LEADERSHIP_TEAM
        district = district_of(row.school_id, ref)
        if district is not None and row.backbone_level is not None:
            backbone[district].add(tid)
            if any(p.start_date <= last and (p.ended_on is None or first <= p.ended_on)
                   and in_district_exchange(p, district, schools) for p in d.postings()):
                exchanging[district].add(tid)

    for d in couples:  # R-EX-COUPLE defers only while the spouse is due (as the due list counts it)
        again = evaluate_due(d, school_year, profile, schools, due.__contains__)
        assert again is not None
        tallies[again.school_id].eligible += again.eligible

    county = Tally()
    urban = Tally()
    school_units = []
    for school_id in sorted(schools.keys() | tallies.keys()):
        t = tallies.get(school_id, Tally())
        county.add(t)
        facts = schools.get(school_id)
        cls = facts.on(ref) if facts else None
        urban_or_quality = cls is not None and (cls.area is Area.URBAN or cls.tier is Tier.QUALITY)
        if urban_or_quality:
            urban.add(t)
        numbers = {**t.numbers(), "area": cls.area.value if cls else None, "tier": cls.tier.value if cls else None,
                   "district": cls.district if cls else None}
        school_units.append(UnitQuotas(school_id, facts.name if facts else school_id, numbers,
                                       school_checks(t, urban_or_quality, profile)))

    district_units = [
        UnitQuotas(name, name, {"backbone": len(backbone[name]), "in_district_exchange": len(exchanging[name])},
                   (share_target("R-Q-DISTRICT", "measure.district_exchange",
                                 len(exchanging[name]), len(backbone[name]), profile.district_backbone_min_share),))
        for name in sorted(backbone)
    ]
    county_checks = (
        share_target("R-Q-COUNTY", "measure.rotated_staff", len(county.rotated), county.staff, profile.county_min_share),
        share_target("R-Q-URBAN", "measure.urban_rotated", len(urban.rotated),
                     urban.eligible, profile.urban_min_share_of_eligible),
        share_target("R-Q-BACKBONE", "measure.backbone_rotated", len(county.backbone_rotated),
                     len(county.rotated), profile.backbone_min_share),
        summary_check("R-Q-SCHOOL", "target", "schools", school_units),
        summary_check("R-Q-LEADERS", "cap", "schools", school_units),
        summary_check("R-Q-DISTRICT", "target", "districts", district_units),
    )
    return QuotaReport(school_year, ref, in_force, UnitQuotas("county", "全县 county", county.numbers(), county_checks),
                       tuple(school_units), tuple(district_units))
