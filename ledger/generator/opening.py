"""The opening of a school year (September): last year's evaluations, postings reaching their
term, backbone designations in a cycle year, titles after probation, new teachers, and the year's
postings with reports for duty — a few refused, a few cancelled.
"""

from __future__ import annotations

from datetime import date, timedelta

from ledger.domain.dates import days_inclusive, school_year_end, school_year_start
from ledger.domain.enums import PostingKind
from ledger.generator.model import BELOW_MIDDLE, TENURE_RESET_KINDS, Person, Stint
from ledger.generator.people import hire, is_cycle_year
from ledger.generator.planner import Hosts, Plan, plan_year
from ledger.generator.world import World

SUBSIDY_PER_YEAR = {"support_teaching": 20000, "famous_teacher_post": 30000, "itinerant": 6000}
GRADES = ("excellent", "qualified", "basically_qualified", "unqualified")


def open_year(world: World, hosts: Hosts, year: int) -> None:
    if year > world.config.first_year:
        evaluate(world, year - 1)
        end_terms(world, year)
    if is_cycle_year(year):
        designate_backbones(world, year)
    confer_probation_titles(world, year)
    hire_for_vacancies(world, year)
    for plan in plan_year(world, hosts, year):
        post(world, plan, year)


# -------------------------------------------------------------------- evaluations (R-POST-EVAL)
def evaluator(p: Person, school_year: int) -> str:
    """The host school when the teacher served most of the year on a posting, else home."""
    half = days_inclusive(school_year_start(school_year), school_year_end(school_year)) // 2
    for stint in p.stints:
        if stint.days_in(school_year) > half:
            return stint.hosts[0]
    return p.home


def grade_for(world: World, p: Person, school_year: int) -> str:
    rng = world.rng
    if school_year in p.warned:  # R-POST-REPORT: not "qualified" or better in a year of refusal
        return "basically_qualified" if rng.random() < 0.85 else "unqualified"
    supervised = any(s.kind == "supervisory_exchange" and s.days_in(school_year) for s in p.stints)
    weights = (5, 55, 38, 2) if supervised else (16, 80, 3, 1)
    return rng.choices(GRADES, weights=weights)[0]


def evaluate(world: World, school_year: int) -> None:
    effective = school_year_end(school_year)
    doc = world.doc("evaluation", school_year + 1)
    for p in world.active(effective):
        if p.hired > school_year_start(school_year):
            continue
        school = evaluator(p, school_year)
        grade = grade_for(world, p, school_year)
        eid = f"E{school_year}-{p.teacher_id}"
        clauses = ("R-POST-EVAL",) if school != p.home else ()
        at = world.emit(p, "evaluation", effective, f"{school_year}学年度考核",
                        clauses=clauses, doc=doc, delay=(1, 10), evaluation_id=eid, school_year=school_year,
                        grade=grade, school_id=school)
        p.grades[school_year] = grade
        p.grades.pop(school_year - 3, None)
        world.target("evaluation", p, eid, at, school=school, year=school_year, grade=grade)


# -------------------------------------------------------------------- terms ending, returns, awards
def end_terms(world: World, year: int) -> None:
    end = date(year, 8, 31)
    for p in world.active(end):
        stint = p.open_stint
        if stint is None or stint.planned_end is None or stint.planned_end > end:
            continue
        if stint.kind == "supervisory_exchange" and p.grades.get(year - 1) in BELOW_MIDDLE:
            new_end = date(year + 1, 8, 31)
            world.emit(p, "extension", date(year, 9, 1), "考核未达中等，延长督促性交流", clauses=("R-POST-SUPERVISORY",), doc=world.doc("plan", year),
                       note="extension:supervisory", posting_id=stint.posting_id, new_end_date=new_end,
                       effective_date=date(year, 9, 1))
            stint.planned_end = new_end
            continue
        end_stint(world, p, stint, stint.planned_end, early=False)


def end_stint(world: World, p: Person, stint: Stint, ended_on: date, *, early: bool, why: str = "") -> None:
    reset = not early and stint.kind in TENURE_RESET_KINDS
    reason = f"提前结束交流：{why}" if early else "交流期满返回"
    at = world.emit(p, "return", ended_on, reason, clauses=("R-TENURE-RESET",) if reset else (),
                    doc=world.doc("plan", ended_on.year), note="return:early" if early else "return",
                    posting_id=stint.posting_id, ended_on=ended_on, early=early)
    stint.ended = ended_on
    p.last_returned = ended_on
    if reset:
        p.since = ended_on + timedelta(days=1)
    if early:
        pay_subsidy(world, p, stint, ended_on)
    else:
        if stint.kind != "supervisory_exchange":
            world.target("posting_end", p, stint.posting_id, at, stint=stint)
        completion_awards(world, p, stint, ended_on)


def award(world: World, p: Person, kind: str, on: date, stint: Stint, reason: str, *,
          clauses: tuple[str, ...] = (), amount: int | None = None) -> None:
    aid = world.next_id("A", on.year if on.month >= 9 else on.year - 1)
    at = world.emit(p, "award", on, reason, clauses=clauses, doc=world.doc("award", on.year), note=f"award:{kind}",
                    award_id=aid, kind=kind, awarded_on=on, posting_id=stint.posting_id,
                    amount_cny=str(amount) if amount is not None else None)
    world.target("award", p, aid, at, kind=kind, amount=amount)


def pay_subsidy(world: World, p: Person, stint: Stint, until: date) -> None:
    """The year's subsidy for service at the host (seed 000: 20,000 CNY a year for support teaching)."""
    per_year = SUBSIDY_PER_YEAR.get(stint.kind)
    if per_year is None:
        return
    year = until.year if until.month >= 9 else until.year - 1
    days = stint.days_in(year)
    amount = round(per_year * days / 365 / 100) * 100
    if amount > 0:
        award(world, p, "subsidy", until, stint, f"交流补贴（在交流学校{days}天）", amount=amount)


def completion_awards(world: World, p: Person, stint: Stint, ended_on: date) -> None:
    rng = world.rng
    on = ended_on + timedelta(days=rng.randint(10, 30))
    year = on.year if on.month >= 9 else on.year - 1
    if stint.kind == "incentive_exchange":
        p.incentive_done = True
        award(world, p, "title_priority", on, stint, "奖励性交流期满，职称评聘优先", clauses=("R-INCENTIVE-PRIORITY",))
    honour_odds = {"incentive_exchange": 0.6, "support_teaching": 0.35, "famous_teacher_post": 0.5, "itinerant": 0.3}
    if rng.random() < honour_odds.get(stint.kind, 0.0) and year not in p.warned:
        award(world, p, "honour", on, stint, "交流轮岗先进个人")
    village_days = stint.days_in(year - 1) + stint.days_in(year - 2) + stint.days_in(year - 3)
    if all(world.school(h).is_village for h in stint.hosts) and village_days >= 730 and rng.random() < 0.6:
        award(world, p, "grade_step", on, stint, "农村学校任教满两年，晋升薪级", clauses=("R-GRADE-STEP",))
    if p.is_leader and world.school(stint.hosts[0]).is_rural:
        award(world, p, "leadership_priority", on, stint, "农村学校任职经历，干部选拔优先", clauses=("R-LEADER-RURAL",))


# -------------------------------------------------------------------- backbone, titles, hires
def designate_backbones(world: World, year: int) -> None:
    rng, start = world.rng, date(year, 9, 1)
    cap = max(1, len(world.people) // 9)
    chosen = 0
    for p in world.active(start):
        if p.hired >= start or p.title_rank() < 2:
            continue
        holder = p.backbone is not None and not p.backbone_revoked
        odds = 0.8 if holder else 0.35 if p.grades.get(year - 1) == "excellent" else 0.02
        if chosen >= cap or rng.random() >= odds:
            if p.backbone_end is not None and p.backbone_end < start:
                p.backbone = None
            continue
        levels = ("school", "county", "city", "province")
        level = p.backbone if holder else "school"
        if holder and rng.random() < 0.15 and level != "province":
            level = levels[levels.index(level) + 1]
        did = f"B{year}-{p.teacher_id}"
        world.emit(p, "backbone", start, "骨干教师认定", doc=world.doc("backbone", year),
                   delay=(3, 20), designation_id=did, level=level, cycle_start=start, cycle_end=None)
        p.backbone, p.backbone_id, p.backbone_end, p.backbone_revoked = level, did, date(year + 3, 8, 31), False
        chosen += 1


def confer_probation_titles(world: World, year: int) -> None:
    start = date(year, 9, 1)
    for p in world.active(start):
        if p.title is None and p.hired <= date(year - 1, 9, 1):
            world.emit(p, "title", start, "试用期满，初定初级职称",
                       doc=world.doc("title", year), delay=(1, 3), note="title:junior",
                       title_id=world.next_id("TT", year), title="junior", conferred_on=start)
            p.title, p.title_since, p.village_days = "junior", start, 0


def hire_for_vacancies(world: World, year: int) -> None:
    start = date(year, 9, 1)
    doc = world.doc("hire", year)
    for school_id, role in world.vacancies:
        p = hire(world, school_id, role, start)
        reason = "新教师入职" if role == "teacher" else "任命学校领导"
        world.emit_registration(p, world.recorded(start, (0, 4)), reason, doc)
    world.vacancies.clear()


# -------------------------------------------------------------------- postings
def post(world: World, plan: Plan, year: int) -> None:
    rng, p = world.rng, plan.person
    stint = Stint(world.next_id("P", year), plan.kind, plan.hosts, plan.start, plan.planned_end, plan.transfer)
    reason = f"{PostingKind(plan.kind).zh}：按{year}学年交流计划派遣"
    world.emit(
        p, "posting", plan.start, reason, clauses=plan.clauses, doc=world.doc("plan", year), delay=(1, 5),
        note=f"posting:{plan.kind}", posting_id=stint.posting_id, kind=plan.kind, host_school_ids=list(plan.hosts),
        start_date=plan.start, planned_end_date=plan.planned_end, transfers_personnel_relation=plan.transfer,
        override_exemption_reason=plan.override)
    p.stints.append(stint)
    if plan.override:
        world.seen["override"] += 1
    if plan.transfer:
        p.home, p.since = plan.hosts[0], plan.start
    elif rng.random() < 0.006 or (not world.seen["correction:void_posting"] and year > world.config.first_year):
        cancel(world, p, stint, year)
        return
    elif p.title_since is None or p.title_since < plan.start:
        if rng.random() < 0.015 or not world.seen["refusal:warning"] or not world.seen["refusal:departed"]:
            refuse(world, p, stint, year)
            return
    report(world, p, stint, plan.start + timedelta(days=rng.randint(0, 4)))


def report(world: World, p: Person, stint: Stint, on: date) -> None:
    at = world.emit(p, "report", on, "到岗报到", delay=(0, 2), posting_id=stint.posting_id,
                    reported_on=on)
    stint.reported = on
    world.target("report", p, stint.posting_id, at, stint=stint)


def cancel(world: World, p: Person, stint: Stint, year: int) -> None:
    """The posting is called off before it starts: recorded, then voided (RULES.md §4)."""
    on = stint.start + timedelta(days=world.rng.randint(10, 25))
    stint.voided = True
    world.emit(p, "void", on, "交流计划取消，予以作废", doc=world.doc("plan", year),
               note="correction:void_posting", correction_id=world.next_id("C", year), target_id=stint.posting_id,
               effective_date=on)


def refuse(world: World, p: Person, stint: Stint, year: int) -> None:
    """R-POST-REPORT: not reporting within 7 days earns a warning; beyond 14, the teacher is treated
    as having left (自动离职)."""
    rng = world.rng
    days = rng.randint(8, 12)
    world.emit(p, "refusal", stint.start + timedelta(days=days), "逾期未到岗",
               note="refusal:warning", posting_id=stint.posting_id, failed_on=stint.start + timedelta(days=days),
               days_absent=days)
    p.warned.append(year)
    if rng.random() < 0.3 or not world.seen["refusal:departed"]:
        days = rng.randint(15, 20)
        left = stint.start + timedelta(days=days)
        world.emit(p, "refusal", left, "逾期十四日未到岗，按自动离职处理",
                   note="refusal:departed", posting_id=stint.posting_id, failed_on=left, days_absent=days)
        p.leaving, p.departed = left, True
        world.vacancies.append((p.home, p.role))
        return
    # a report after a warning comes within the 14 days (later it cannot be recorded, R-POST-REPORT)
    report(world, p, stint, stint.start + timedelta(days=min(days + rng.randint(1, 4), 14)))
