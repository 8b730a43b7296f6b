"""The county's staff: who is at each school when the ledger starts, and who is hired later.

Ages run from 22 to the statutory retirement age; titles follow years of service (初级 after a
year, 中级 after about five, 副高级 after about fifteen, rarely 正高级); backbone teachers (骨干)
hold designations on three-year cycles; tenure at the current school is spread so that some
teachers are due to rotate (6+ years, R-T-TENURE) and some must (9+ years).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from ledger.domain.dates import add_years
from ledger.generator.county import SchoolSpec
from ledger.generator.model import RETIREMENT_AGE, Person
from ledger.generator.names import RARE_SUBJECTS, person_name, subject_for
from ledger.generator.world import World

CYCLE_BASE = 2019  # backbone designations run 2019–2022, 2022–2025, … (seed 002: three-year cycles)
BACKBONE_LEVELS = ("school", "county", "city", "province")
BACKBONE_WEIGHTS = (50, 35, 12, 3)
FEMALE_SHARE = {"primary": 0.72, "nine_year": 0.62, "junior": 0.55}
LEADER_AGES = {"principal": (38, 56), "party_secretary": (40, 57), "vice_principal": (33, 54),
               "middle_manager": (30, 52)}


def is_cycle_year(school_year: int) -> bool:
    return (school_year - CYCLE_BASE) % 3 == 0


def cycle_start_on(on: date) -> date:
    """The start of the backbone cycle in force on a date."""
    year = on.year if on.month >= 9 else on.year - 1
    return date(year - (year - CYCLE_BASE) % 3, 9, 1)


def roles_for(size: int, kind: str) -> list[str]:
    """The leadership team (领导班子) of a school of ``size``; teaching points have none."""
    if kind == "teaching_point":
        return []
    if size < 6:
        return ["principal"]
    if size < 12:
        return ["principal", "middle_manager"]
    return (["principal", "party_secretary"] + ["vice_principal"] * (1 + size // 40)
            + ["middle_manager"] * max(1, size // 12))


def new_person(world: World, school: SchoolSpec, role: str, start: date, *, joining: bool = False) -> Person:
    """A teacher or leader at ``school`` as of ``start``: on the ledger's first day, or (``joining``)
    arriving that day — a graduate teacher, or a leader appointed from elsewhere."""
    hire = joining and role == "teacher"
    rng = world.rng
    level = school.level if school.level != "nine_year" else rng.choice(("primary", "junior"))
    female = rng.random() < (0.38 if role != "teacher" else FEMALE_SHARE[school.level])
    gender = "female" if female else "male"
    top = RETIREMENT_AGE[gender] - 1
    if role != "teacher":
        lo, hi = LEADER_AGES[role]
        age = rng.randint(lo, min(hi, top))
    elif hire:
        age = rng.randint(22, 27)
    else:
        age = min(top, rng.choice((rng.randint(22, 35), rng.randint(30, 50), rng.randint(40, top))))
    birth = add_years(start, -age) - timedelta(days=rng.randint(0, 364))
    first_job = date(birth.year + 22 + rng.randint(0, 2), 9, 1)
    if first_job > start:
        first_job = date(start.year, 9, 1) if start.month >= 9 else date(start.year - 1, 9, 1)
        first_job = max(first_job, add_years(birth, 17))
    tid = world.serial("T")
    person = Person(tid, person_name(rng, gender), gender, birth, role, subject_for(rng, level), school.school_id,
                    since=start if joining else _arrival(rng, first_job, start), hired=start)
    _title(rng, person, first_job, start, hire)
    if person.title_rank() >= 2 and rng.random() < (0.35 if role != "teacher" else 0.12):
        person.backbone = rng.choices(BACKBONE_LEVELS, weights=BACKBONE_WEIGHTS)[0]
        person.backbone_id = "initial-backbone"
        person.backbone_end = add_years(cycle_start_on(start), 3) - timedelta(days=1)
    world.people[tid] = person
    return person


def _arrival(rng: random.Random, first_job: date, start: date) -> date:
    """When the teacher came to the current school: continuous tenure spread from 0 to 25 years."""
    lo, hi = rng.choices(((0, 2), (3, 5), (6, 8), (9, 14), (15, 25)), weights=(22, 26, 24, 20, 8))[0]
    years = rng.randint(lo, hi)
    arrived = date(start.year - years, 9, 1) if start.month >= 9 else date(start.year - 1 - years, 9, 1)
    return max(arrived, first_job)


def _title(rng: random.Random, person: Person, first_job: date, start: date, hire: bool) -> None:
    service = (start - first_job).days // 365
    if hire and person.role == "teacher":
        return
    if service < 1:
        return
    if service < 5:
        title, after = "junior", 1
    elif service < 13:
        title, after = ("intermediate", 5) if rng.random() < 0.75 else ("junior", 1)
    elif service < 22:
        title, after = ("senior", 13) if rng.random() < 0.4 else ("intermediate", 5)
    else:
        roll = rng.random()
        title, after = ("full_senior", 20) if roll < 0.03 else ("senior", 13) if roll < 0.58 else ("intermediate", 5)
    earliest = add_years(first_job, after)
    span = max(0, (start - earliest).days)
    person.title = title
    person.title_since = earliest + timedelta(days=rng.randint(0, span))
    if person.title_since > start:
        person.title_since = start


def staff_county(world: World, start: date) -> None:
    """Everyone at every school on the ledger's first day, and a few married couples (for R-EX-COUPLE)."""
    for school in world.county.schools.values():
        size = world.county.sizes[school.school_id]
        roles = roles_for(size, school.kind)
        for i in range(size):
            new_person(world, school, roles[i] if i < len(roles) else "teacher", start)
    _pair_couples(world, start)
    _specialist(world, start)


def _pair_couples(world: World, start: date) -> None:
    """A few married couples; the first arrived at their schools five years ago, so both fall due
    together next year and one of them can defer (R-EX-COUPLE)."""
    teachers = [p for p in world.people.values() if p.role == "teacher" and p.age_on(start) < 45]
    men = [p for p in teachers if p.gender == "male"]
    women = [p for p in teachers if p.gender == "female"]
    world.rng.shuffle(men)
    for n, man in enumerate(men[: max(1, len(teachers) // 40)]):
        match = next((w for w in women if w.spouse is None and abs(w.birth.year - man.birth.year) <= 4), None)
        if match is None:
            continue
        man.spouse, match.spouse = match.teacher_id, man.teacher_id
        if n == 0:
            _arrived_years_ago(man, start, 5)
            _arrived_years_ago(match, start, 5)


def _specialist(world: World, start: date) -> None:
    """At least one specialist (心理健康) a county may exclude by subject (R-EX-ROLE), due next year."""
    if any(p.subject in RARE_SUBJECTS and p.tenure_on(start) >= 5 for p in world.people.values()):
        return
    p = next((p for p in world.people.values() if p.role == "teacher" and p.spouse is None
              and 30 <= p.age_on(start) < 40 and world.county.sizes[p.home] >= 8), None)
    if p is not None:
        p.subject = RARE_SUBJECTS[0]
        _arrived_years_ago(p, start, 5)


def _arrived_years_ago(p: Person, start: date, years: int) -> None:
    p.since = max(date(start.year - years, 9, 1), add_years(p.birth, 22))


def hire(world: World, school_id: str, role: str, on: date) -> Person:
    """A new teacher (or a leader appointed to replace one who left) from ``on``."""
    return new_person(world, world.school(school_id), role, on, joining=True)
