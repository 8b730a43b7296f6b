"""The rest of a school year, in calendar order: backbone revocations, exemptions and deferrals,
title promotions, early returns, secondments ending, extensions, the year's subsidies, and
departures (retirements and others). Nothing is recorded for a teacher after their departure.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from ledger.domain.dates import add_years, days_inclusive
from ledger.domain.enums import DepartureKind
from ledger.generator.model import BELOW_MIDDLE, TITLES, Leave, Person
from ledger.generator.names import ARTS_SUBJECTS, RARE_SUBJECTS
from ledger.generator.opening import SUBSIDY_PER_YEAR, end_stint, pay_subsidy
from ledger.generator.world import World

DEPARTURE_KINDS = ("resigned", "transferred_out", "deceased", "dismissed")
DEPARTURE_WEIGHTS = (50, 40, 5, 5)


def run_year(world: World, year: int) -> None:
    leavers = plan_departures(world, year)
    revoke_backbones(world, year)
    grant_exemptions(world, year)
    promote(world, year)
    end_early(world, year)
    end_secondments(world, year)
    extend_support_teaching(world, year)
    pay_subsidies(world, year)
    record_departures(world, year, leavers)
    count_village_service(world, year)


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def plan_departures(world: World, year: int) -> list[tuple[Person, str]]:
    rng, start, end = world.rng, date(year, 9, 1), date(year + 1, 8, 31)
    leavers = []
    for p in world.active(start):
        if start <= p.retires_on() <= end:
            p.leaving = p.retires_on()
            leavers.append((p, "retired"))
        elif p.open_stint is None and rng.random() < 0.005:
            p.leaving = _day_between(rng, date(year, 10, 1), date(year + 1, 7, 31))
            leavers.append((p, rng.choices(DEPARTURE_KINDS, weights=DEPARTURE_WEIGHTS)[0]))
    return leavers


def record_departures(world: World, year: int, leavers: list[tuple[Person, str]]) -> None:
    for p, kind in leavers:
        if p.departed or p.leaving is None:
            continue
        stint = p.open_stint
        if stint is not None:
            end_stint(world, p, stint, max(stint.start, p.leaving - timedelta(days=1)), early=True, why=DepartureKind(kind).zh)
        world.emit(p, "departure", p.leaving, DepartureKind(kind).zh, doc=world.doc("departure", year),
                   note=f"departure:{kind}", departure_id=world.next_id("D", year), departed_on=p.leaving, kind=kind)
        p.departed = True
        world.vacancies.append((p.home, p.role))


def revoke_backbones(world: World, year: int) -> None:
    rng, on = world.rng, date(year, 10, 15)
    for p in world.active(on):
        if p.backbone is None or p.backbone_revoked or p.backbone_end is None or p.backbone_end < on:
            continue
        if p.grades.get(year - 1) in BELOW_MIDDLE or rng.random() < 0.01 or not world.seen["backbone_revoked"]:
            world.emit(p, "backbone_revoked", on, "年度考核不合格，撤销骨干教师称号", doc=world.doc("backbone", year), designation_id=p.backbone_id,
                       revoked_on=on)
            p.backbone, p.backbone_revoked = None, True


# -------------------------------------------------------------------- exemptions
def grant_exemptions(world: World, year: int) -> None:
    rng = world.rng
    start, end = date(year, 9, 1), date(year + 1, 8, 31)
    ref = date(year + 1, 8, 31)  # next year's planning reference date
    pool = [p for p in world.active(start) if p.open_stint is None and not any(leave.active_on(end) for leave in p.leaves)]

    def want(category: str, rate: float) -> bool:
        return rng.random() < rate or not world.seen[f"exemption:{category}"]

    deferred = {p.teacher_id for p in pool if p.active_on(end) and p.role == "teacher" and p.tenure_on(ref) >= 6
                and _deferral(world, p, year)}
    for p in pool:
        if not p.active_on(end) or p.teacher_id in deferred:
            continue
        age = p.age_on(start)
        first_births = not (world.seen["exemption:pregnancy"] and world.seen["exemption:child_under_3"])
        if p.gender == "female" and 24 <= age <= 40 and (rng.random() < 0.04 or first_births):
            born = _day_between(rng, date(year, 10, 1), date(year + 1, 6, 30))
            if not world.seen["exemption:pregnancy"] or rng.random() < 0.5:
                _grant(world, p, "pregnancy", max(born - timedelta(days=150), start), born + timedelta(days=300))
            else:
                _grant(world, p, "child_under_3", born + timedelta(days=rng.randint(30, 60)), None, child=born)
        elif want("illness", 0.005):
            first = _day_between(rng, date(year, 10, 1), date(year + 1, 6, 30))
            if rng.random() < 0.7 and world.seen["exemption_end"]:
                _grant(world, p, "illness", first, add_years(first, 1))
            else:
                leave = _grant(world, p, "illness", first, None)
                ended = first + timedelta(days=rng.randint(90, 300))
                world.emit(p, "exemption_end", ended, "病愈返岗，暂缓交流结束",
                           clauses=("R-EX-ILLNESS",), doc=world.doc("exemption", year), exemption_id=leave.exemption_id,
                           ended_on=ended)
                leave.last_day = ended
        elif want("spouse_care", 0.002):
            first = _day_between(rng, date(year, 10, 1), date(year + 1, 6, 30))
            _grant(world, p, "spouse_care", first, add_years(first, 1))
        elif want("family_misfortune", 0.0015):
            first = _day_between(rng, date(year, 10, 1), date(year + 1, 6, 30))
            _grant(world, p, "family_misfortune", first, add_years(first, 1))


def _deferral(world: World, p: Person, year: int) -> bool:
    """Deferrals a due teacher asks for before next year's plan: couple, role, project."""
    rng = world.rng
    first, last = date(year + 1, 6, 1), date(year + 2, 8, 31)
    spouse = world.people.get(p.spouse) if p.spouse else None
    if (p.gender == "female" and spouse is not None and spouse.active_on(last) and spouse.open_stint is None
            and spouse.tenure_on(date(year + 1, 8, 31)) >= 6
            and (rng.random() < 0.7 or not world.seen["exemption:couple"])):
        _grant(world, p, "couple", first, last, spouse=spouse.teacher_id)
    elif p.subject in RARE_SUBJECTS and (rng.random() < 0.5 or not world.seen["exemption:role_excluded"]):
        _grant(world, p, "role_excluded", first, last)
    elif p.subject in (*ARTS_SUBJECTS, "科学") and (rng.random() < 0.02 or not world.seen["exemption:signature_project"]) \
            and p.project_days + days_inclusive(first, last) <= 3 * 365:  # R-EX-PROJECT: three years at most
        p.project_days += days_inclusive(first, last)
        _grant(world, p, "signature_project", first, last)
    else:
        return False
    return True


def _grant(world: World, p: Person, category: str, first: date, last: date | None, *, child: date | None = None,
           spouse: str | None = None) -> Leave:
    year = first.year if first.month >= 9 else first.year - 1
    leave = Leave(world.next_id("X", year), category, first, last, has_end_date=last is not None)
    if child is not None:
        leave.last_day = add_years(child, 3) - timedelta(days=1)  # R-EX-CHILD ends when the child turns three
    evidence = f"县人民医院诊断证明〔{year}〕{world.rng.randint(100, 999)}号" if category == "illness" else None
    at = world.emit(
        p, "exemption", first, f"{_CATEGORY_ZH[category]}，暂缓交流", doc=world.doc("exemption", year),
        note=f"exemption:{category}", exemption_id=leave.exemption_id, category=category, start_date=first,
        end_date=last, child_birth_date=child, evidence_ref=evidence, spouse_teacher_id=spouse)
    p.leaves.append(leave)
    world.target("exemption", p, leave.exemption_id, at, leave=leave)
    return leave


_CATEGORY_ZH = {"illness": "重病治疗", "pregnancy": "孕期哺乳期", "child_under_3": "子女未满三周岁",
                "spouse_care": "配偶需照料", "family_misfortune": "家庭重大变故", "couple": "夫妻同为交流对象",
                "signature_project": "特色项目负责人", "role_excluded": "专业岗位不列入交流"}


# -------------------------------------------------------------------- titles
def promote(world: World, year: int) -> None:
    rng, on = world.rng, date(year, 12, 20)
    for p in world.active(on):
        if p.title is None or p.title == "full_senior" or year in p.warned or p.title_since is None:
            continue
        if (on - p.title_since).days < 5 * 365:
            continue
        village_ok = p.village_days >= 730 or p.title_age_exempt(on)
        odds = {"junior": 0.35 if village_ok else 0.0,
                "intermediate": (0.24 if p.incentive_done else 0.12) if village_ok else 0.0,
                "senior": 0.04 if p.backbone in ("city", "province") or p.grades.get(year - 1) == "excellent" else 0.0}
        if rng.random() >= odds[p.title]:
            continue
        new = TITLES[TITLES.index(p.title) + 1]
        clauses = ("R-TITLE-VILLAGE",) if new in ("intermediate", "senior") and not p.title_age_exempt(on) else ()
        world.emit(p, "title", on, "职称评聘", clauses=clauses, doc=world.doc("title", year),
                   note=f"title:{new}", title_id=world.next_id("TT", year), title=new, conferred_on=on)
        p.title, p.title_since, p.village_days = new, on, 0


# -------------------------------------------------------------------- postings during the year
def end_early(world: World, year: int) -> None:
    rng = world.rng
    first, last = date(year, 12, 1), date(year + 1, 5, 31)
    reasons = ("因病", "家庭原因", "本校工作需要")
    for p in world.active(first):
        stint = p.open_stint
        if (stint is None or stint.kind in ("supervisory_exchange", "secondment") or stint.reported is None
                or stint.planned_end is None or stint.planned_end <= last):
            continue
        if rng.random() < 0.04 or not world.seen["return:early"]:
            ended = max(_day_between(rng, first, last), stint.start + timedelta(days=60))
            if p.leaving is None or ended < p.leaving:
                end_stint(world, p, stint, ended, early=True, why=rng.choice(reasons))


def end_secondments(world: World, year: int) -> None:
    for p in world.active(date(year + 1, 2, 1)):
        stint = p.open_stint
        if stint is not None and stint.kind == "secondment" and stint.planned_end is not None \
                and stint.planned_end < date(year + 1, 8, 31):
            end_stint(world, p, stint, stint.planned_end, early=False)


def extend_support_teaching(world: World, year: int) -> None:
    on = date(year + 1, 5, 15)
    for p in world.active(on):
        stint = p.open_stint
        if stint is None or stint.kind != "support_teaching" or stint.planned_end != date(year + 1, 8, 31):
            continue
        if p.retires_on() <= date(year + 3, 8, 31) or p.leaving is not None:
            continue
        if world.rng.random() < 0.15 or not world.seen["extension"]:
            new_end = date(year + 2, 8, 31)
            world.emit(p, "extension", on, "本人申请延长支教一年",
                       doc=world.doc("plan", year + 1), posting_id=stint.posting_id, new_end_date=new_end,
                       effective_date=on)
            stint.planned_end = new_end


def pay_subsidies(world: World, year: int) -> None:
    on = date(year + 1, 7, 10)
    for p in world.active(on):
        stint = p.open_stint
        if stint is not None and stint.kind in SUBSIDY_PER_YEAR:
            pay_subsidy(world, p, stint, on)


def count_village_service(world: World, year: int) -> None:
    """Days served at village schools and teaching points this year (R-TITLE-VILLAGE)."""
    end = date(year + 1, 8, 31)
    for p in world.active(end):
        posted = sum(s.days_in(year) for s in p.stints)
        at_village = sum(s.days_in(year) for s in p.stints if all(world.school(h).is_village for h in s.hosts))
        if world.school(p.home).is_village:
            at_village += max(0, 365 - posted)
        p.village_days += at_village
