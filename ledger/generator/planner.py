"""Who rotates where each school year — the county's annual rotation plan (年度交流计划).

Each school sends some of its due teachers (tenure of 6+ years, R-T-TENURE; those with 9+ first,
longest tenure first, R-ORDER), never those exempt (R-EX-…) or over the age limit (R-T-AGE), and at
most one leader a year (R-Q-LEADERS; leaders after two terms, R-P-TENURE, not close to retirement,
R-P-RETIRE). County programmes add support teaching (支教) to rural and weak schools, itinerant
teaching (走教) across a district's village schools, famous-teacher posts, incentive exchanges for
excellent teachers, supervisory exchanges for those evaluated below the middle, and secondments
of middle managers within a district. Some small schools send no one in a year — quotas are
targets the quota report measures, not rules the plan must meet.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from ledger.domain.dates import add_years
from ledger.generator.county import County
from ledger.generator.model import BELOW_MIDDLE, Person
from ledger.generator.names import ARTS_SUBJECTS
from ledger.generator.world import World

OVERRIDE_REASON = "本人申请，自愿参加支教"
VOLUNTARY_DEFERRALS = ("signature_project", "couple", "role_excluded")


@dataclass
class Plan:
    person: Person
    kind: str
    hosts: tuple[str, ...]
    start: date
    planned_end: date | None
    clauses: tuple[str, ...] = ()
    transfer: bool = False
    override: str | None = None


class Hosts:
    """Schools grouped the ways hosts are chosen."""

    def __init__(self, county: County) -> None:
        schools = list(county.schools.values())
        self.all = [s.school_id for s in schools]
        self.support = [s.school_id for s in schools if s.needs_support]
        self.remote = [s.school_id for s in schools if s.is_village or (s.is_rural and s.tier == "weak")]
        self.central = [s.school_id for s in schools if s.area != "rural" or s.kind == "central"]
        self.county = county

    def pick(self, rng: random.Random, pool: list[str], home: str) -> str:
        for _ in range(20 if pool else 0):
            choice = rng.choice(pool)
            if choice != home:
                return choice
        return rng.choice([s for s in self.all if s != home])

    def in_district(self, rng: random.Random, home: str) -> str:
        return self.pick(rng, self.county.district_of(home), home)

    def villages_near(self, rng: random.Random, home: str) -> tuple[str, ...]:
        pool = [s for s in self.county.district_of(home) if self.county.schools[s].is_village and s != home]
        if len(pool) < 2:
            pool = [s for s in self.remote if s != home]
        return tuple(sorted(rng.sample(pool, min(len(pool), rng.choice((2, 2, 3))))))

    def paired(self, rng: random.Random, home: str) -> str:
        group = self.county.schools[home].group
        members = [s for s in self.all if group and self.county.schools[s].group == group and s != home]
        return members[0] if members else self.pick(rng, self.support, home)


def end_of(year: int, years: int) -> date:
    return date(year + years, 8, 31)


def plan_year(world: World, hosts: Hosts, year: int) -> list[Plan]:
    rng = world.rng
    start = date(year, 9, 1)
    people = [p for p in world.active(start) if p.hired < start]
    free = {p.teacher_id: p for p in people if _free(p, year)}
    plans: dict[str, Plan] = {}

    def add(plan: Plan) -> None:
        plans[plan.person.teacher_id] = plan
        free.pop(plan.person.teacher_id, None)

    for plan in _school_plans(world, hosts, year, list(free.values())):
        add(plan)
    for programme in (_itinerant, _famous, _incentive, _supervisory, _support, _paired, _district, _secondment):
        for plan in programme(world, hosts, year, [p for p in free.values() if p.exempt_on(start) is None]):
            add(plan)
    for plan in _overrides(world, hosts, year, people, plans):
        add(plan)
    return list(plans.values())


def _free(p: Person, year: int) -> bool:
    start = date(year, 9, 1)
    return (p.open_stint is None
            and (p.last_returned is None or p.last_returned <= date(year - 1, 8, 31))
            and p.retires_on() > add_years(start, 4))


def _school_plans(world: World, hosts: Hosts, year: int, free: list[Person]) -> list[Plan]:
    rng = world.rng
    start, ref = date(year, 9, 1), date(year, 8, 31)
    by_school: dict[str, list[Person]] = {}
    for p in free:
        by_school.setdefault(p.home, []).append(p)
    staff: dict[str, int] = {}
    for p in world.active(start):
        staff[p.home] = staff.get(p.home, 0) + 1
    plans: list[Plan] = []
    for school_id, candidates in by_school.items():
        school = world.school(school_id)
        size = staff.get(school_id, 0)
        target = max(1, round(size * rng.uniform(0.04, 0.09))) if size >= 8 else int(rng.random() < 0.55)
        leaders = [p for p in candidates if p.is_leader and p.tenure_on(ref) >= 6 and p.exempt_on(start) is None
                   and p.retires_on() > add_years(start, 5)]
        if leaders and target and rng.random() < 0.6:
            leader = max(leaders, key=lambda p: (p.tenure_on(ref), p.teacher_id))
            pool = hosts.central if school.area == "rural" else hosts.support
            plans.append(Plan(leader, "regular_rotation", (hosts.pick(rng, pool, school_id),), start,
                              end_of(year, 3), ("R-P-TENURE", "R-ORDER")))
            target -= 1
        due = [p for p in candidates if p.role == "teacher" and p.tenure_on(ref) >= 6
               and not p.age_excluded(year) and p.exempt_on(start) is None]
        due.sort(key=lambda p: (p.since, p.teacher_id))  # longest tenure first (R-ORDER)
        for p in due[:target]:
            plans.append(_due_plan(rng, hosts, p, year))
    return plans


def _due_plan(rng: random.Random, hosts: Hosts, p: Person, year: int) -> Plan:
    school = hosts.county.schools[p.home]
    start = date(year, 9, 1)
    clauses = ("R-T-TENURE", "R-ORDER")
    if p.tenure_on(date(year, 8, 31)) >= 9:
        if rng.random() < 0.25:
            return Plan(p, "competitive_appointment", (hosts.pick(rng, hosts.all, p.home),), start, None,
                        ("R-T-TENURE",), transfer=True)
        kind = "regular_rotation"
    else:
        options = [("regular_rotation", 45), ("district_rotation", 25)]
        if school.area != "rural":
            options.append(("support_teaching", 20))
        if school.tier == "quality":
            options.append(("paired_support", 10))
        kind = rng.choices([o[0] for o in options], weights=[o[1] for o in options])[0]
    if kind == "district_rotation":
        return Plan(p, kind, (hosts.in_district(rng, p.home),), start, end_of(year, 1), clauses)
    if kind == "paired_support":
        return Plan(p, kind, (hosts.paired(rng, p.home),), start, end_of(year, 1), clauses)
    if kind == "support_teaching":
        return Plan(p, kind, (hosts.pick(rng, hosts.support, p.home),), start, end_of(year, rng.choice((1, 1, 2))),
                    clauses)
    pool = hosts.central if school.area == "rural" else hosts.support
    return Plan(p, kind, (hosts.pick(rng, pool, p.home),), start, end_of(year, 3), clauses)


def _count(world: World, share: float, candidates: list[Person]) -> int:
    return min(len(candidates), max(1, round(len(world.people) * share)))


def _itinerant(world: World, hosts: Hosts, year: int, free: list[Person]) -> list[Plan]:
    rng, start = world.rng, date(year, 9, 1)
    plans = []
    for district, schools in world.county.districts.items():
        villages = [s for s in schools if world.school(s).is_village]
        if len(villages) < 2 or (plans and rng.random() < 0.5):
            continue
        arts = [p for p in free if p.home in schools and p.subject in ARTS_SUBJECTS and p.role == "teacher"
                and not world.school(p.home).is_village and p.age_on(start) < 50]
        if arts:
            p = rng.choice(arts)
            free.remove(p)
            plans.append(Plan(p, "itinerant", hosts.villages_near(rng, p.home), start, end_of(year, 1)))
    return plans


def _famous(world: World, hosts: Hosts, year: int, free: list[Person]) -> list[Plan]:
    rng, start = world.rng, date(year, 9, 1)
    pool = [p for p in free if p.role in ("teacher", "principal") and world.school(p.home).area != "rural"
            and (p.backbone in ("city", "province") or p.title_rank() >= 3) and p.retires_on() > add_years(start, 6)]
    chosen = rng.sample(pool, min(len(pool), max(1, len(world.people) // 1500)))
    return [Plan(p, "famous_teacher_post", (hosts.pick(rng, hosts.remote, p.home),), start, end_of(year, 3))
            for p in chosen]


def _incentive(world: World, hosts: Hosts, year: int, free: list[Person]) -> list[Plan]:
    rng, start = world.rng, date(year, 9, 1)
    pool = [p for p in free if p.role == "teacher" and p.grades.get(year - 1) == "excellent"
            and not p.incentive_done and p.title_rank() in (1, 2) and p.age_on(start) < 48]
    chosen = rng.sample(pool, _count(world, 0.008, pool))
    return [Plan(p, "incentive_exchange", (hosts.pick(rng, hosts.support, p.home),), start, end_of(year, 1),
                 ("R-TITLE-INCENTIVE",)) for p in chosen]


def _supervisory(world: World, hosts: Hosts, year: int, free: list[Person]) -> list[Plan]:
    rng, start = world.rng, date(year, 9, 1)
    pool = [p for p in free if p.role == "teacher" and p.grades.get(year - 1) in BELOW_MIDDLE
            and year - 1 not in p.warned and not p.age_excluded(year)]
    chosen = [p for p in pool if rng.random() < 0.6] or pool[:1]
    return [Plan(p, "supervisory_exchange", (hosts.pick(rng, hosts.support, p.home),), start, end_of(year, 1))
            for p in chosen]


def _support(world: World, hosts: Hosts, year: int, free: list[Person]) -> list[Plan]:
    rng, start = world.rng, date(year, 9, 1)
    pool = [p for p in free if p.role == "teacher" and world.school(p.home).area != "rural"
            and p.age_on(start) < 45 and p.tenure_on(start) >= 3]
    chosen = rng.sample(pool, _count(world, 0.004, pool))
    return [Plan(p, "support_teaching", (hosts.pick(rng, hosts.support, p.home),), start,
                 end_of(year, rng.choice((1, 2)))) for p in chosen]


def _paired(world: World, hosts: Hosts, year: int, free: list[Person]) -> list[Plan]:
    """Paired support (对口支援): a quality school lends a teacher to the weak school of its group."""
    rng, start = world.rng, date(year, 9, 1)
    plans = []
    for school in world.county.schools.values():
        if school.tier != "quality" or school.group is None or (plans and rng.random() < 0.6):
            continue
        pool = [p for p in free if p.home == school.school_id and p.role == "teacher" and p.tenure_on(start) >= 3
                and p.age_on(start) < 50]
        if pool:
            plans.append(Plan(rng.choice(pool), "paired_support", (hosts.paired(rng, school.school_id),), start,
                              end_of(year, 1)))
    return plans


def _district(world: World, hosts: Hosts, year: int, free: list[Person]) -> list[Plan]:
    """District rotation (学区一体化): backbone teachers serve a year at another school of the
    district (R-Q-DISTRICT asks for a tenth of them each year; some districts manage it)."""
    rng, start = world.rng, date(year, 9, 1)
    plans = []
    for schools in world.county.districts.values():
        if rng.random() < 0.4:
            continue
        backbone = [p for p in free if p.home in schools and p.backbone is not None and not p.age_excluded(year)]
        for p in rng.sample(backbone, min(len(backbone), max(1, len(backbone) // 8))):
            plans.append(Plan(p, "district_rotation", (hosts.in_district(rng, p.home),), start, end_of(year, 1),
                              ("R-Q-DISTRICT",)))
    return plans


def _secondment(world: World, hosts: Hosts, year: int, free: list[Person]) -> list[Plan]:
    rng, start = world.rng, date(year, 9, 1)
    managers = [p for p in free if p.role == "middle_manager"]
    chosen = [p for p in managers if rng.random() < 0.15] or managers[:1]
    last_of_february = date(year + 1, 3, 1) - timedelta(days=1)
    return [Plan(p, "secondment", (hosts.in_district(rng, p.home),), start, last_of_february) for p in chosen]


def _overrides(world: World, hosts: Hosts, year: int, people: list[Person], taken: dict[str, Plan]) -> list[Plan]:
    """A few deferred teachers ask to go anyway: posted with an override (R-POST-EXEMPT)."""
    rng, start = world.rng, date(year, 9, 1)
    pool = [p for p in people if p.teacher_id not in taken and _free(p, year) and p.role == "teacher"
            and (leave := p.exempt_on(start)) is not None and leave.category in VOLUNTARY_DEFERRALS]
    chosen = [p for p in pool if rng.random() < 0.08] or (pool[:1] if not world.seen["override"] else [])
    return [Plan(p, "support_teaching", (hosts.pick(rng, hosts.support, p.home),), start, end_of(year, 1),
                 override=OVERRIDE_REASON) for p in chosen]
