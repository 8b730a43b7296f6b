"""The generator's own small model of each teacher: enough state to decide, year by year, what a
county would plausibly record next. The ledger's domain checks every resulting command; the model
only has to agree with the rules (RULES.md), never to replace them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from ledger.domain.dates import add_years, age_on, clip, days_inclusive, school_year_end, school_year_start
from ledger.domain.dates import whole_years_of_tenure

LEADER_ROLES = ("principal", "vice_principal", "party_secretary", "middle_manager")
RETIREMENT_AGE = {"male": 60, "female": 55}
AGE_EXEMPT = {"male": 55, "female": 50}  # R-T-AGE
TITLE_AGE_EXEMPT = {"male": 50, "female": 45}  # R-TITLE-VILLAGE, R-GRADE-STEP
TITLES = ("junior", "intermediate", "senior", "full_senior")
BELOW_MIDDLE = ("basically_qualified", "unqualified")
TENURE_RESET_KINDS = ("regular_rotation", "competitive_appointment", "famous_teacher_post", "district_rotation")


@dataclass(slots=True)
class Stint:
    """A posting as the model knows it."""

    posting_id: str
    kind: str
    hosts: tuple[str, ...]
    start: date
    planned_end: date | None
    transfer: bool = False
    ended: date | None = None
    reported: date | None = None
    voided: bool = False

    @property
    def is_open(self) -> bool:
        return not self.voided and not self.transfer and self.ended is None

    def days_in(self, school_year: int) -> int:
        """Days of the school year the teacher served on this posting."""
        if self.voided or self.transfer:
            return 0
        year_end = school_year_end(school_year)
        inside = clip(self.start, self.ended or year_end, school_year_start(school_year), year_end)
        return days_inclusive(*inside) if inside else 0


@dataclass(slots=True)
class Leave:
    """An exemption or deferral as the model knows it."""

    exemption_id: str
    category: str
    start: date
    last_day: date | None
    voided: bool = False
    has_end_date: bool = False

    def active_on(self, on: date) -> bool:
        return not self.voided and self.start <= on and (self.last_day is None or on <= self.last_day)


@dataclass(slots=True)
class Person:
    teacher_id: str
    name: str
    gender: str
    birth: date
    role: str
    subject: str
    home: str
    since: date  # continuous tenure at the home school since (R-TENURE-RESET restarts it)
    hired: date
    title: str | None = None
    title_since: date | None = None
    backbone: str | None = None
    backbone_id: str | None = None
    backbone_end: date | None = None
    backbone_revoked: bool = False
    stints: list[Stint] = field(default_factory=list)
    leaves: list[Leave] = field(default_factory=list)
    project_days: int = 0
    warned: list[int] = field(default_factory=list)
    grades: dict[int, str] = field(default_factory=dict)
    village_days: int = 0
    incentive_done: bool = False
    spouse: str | None = None
    last_returned: date | None = None
    leaving: date | None = None
    departed: bool = False
    last_at: datetime | None = None

    @property
    def is_leader(self) -> bool:
        return self.role in LEADER_ROLES

    @property
    def open_stint(self) -> Stint | None:
        return next((s for s in reversed(self.stints) if s.is_open), None)

    def age_on(self, on: date) -> int:
        return age_on(self.birth, on)

    def retires_on(self) -> date:
        return add_years(self.birth, RETIREMENT_AGE[self.gender])

    def tenure_on(self, on: date) -> int:
        return whole_years_of_tenure(self.since, on)

    def age_excluded(self, planning_year: int) -> bool:
        """R-T-AGE: at or over the age limit on 31 August of the planning year."""
        return self.age_on(date(planning_year, 8, 31)) >= AGE_EXEMPT[self.gender]

    def title_age_exempt(self, on: date) -> bool:
        return self.age_on(on) >= TITLE_AGE_EXEMPT[self.gender]

    def exempt_on(self, on: date) -> Leave | None:
        return next((leave for leave in self.leaves if leave.active_on(on)), None)

    def active_on(self, on: date) -> bool:
        return not self.departed and (self.leaving is None or on < self.leaving)

    def title_rank(self) -> int:
        return TITLES.index(self.title) + 1 if self.title else 0
