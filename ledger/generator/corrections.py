"""Corrections (RULES.md §4): about one fact in a hundred turns out to be wrong and is corrected
weeks later by a compensating event — a void or an amendment, and now and then a correction of a
correction (a void reinstated, an amendment taken back, an amendment amended). Corrections are
recorded after what they correct, so the ledger "as known" before and after them differs.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ledger.generator.model import BELOW_MIDDLE
from ledger.generator.world import Target, World

SCENARIOS: dict[str, str] = {  # scenario → the kind of fact it corrects
    "void_award": "award",
    "amend_award": "award",
    "reinstate_award": "award",
    "void_amendment": "award",
    "amend_evaluation": "evaluation",
    "amend_amendment": "evaluation",
    "void_evaluation": "evaluation",
    "amend_posting_end": "posting_end",
    "amend_report": "report",
    "void_exemption": "exemption",
    "amend_exemption_end": "exemption",
}
RATE = 0.008  # scenarios per recorded command
VOID = "录入错误，予以作废"
AMEND = "更正录入错误"


def correct(world: World, year: int) -> None:
    rng = world.rng
    budget = round(world.step_commands * RATE)
    names = list(SCENARIOS)
    order = [n for n in names if not world.seen[f"correction:{n}"]]
    order += [rng.choice(names) for _ in range(max(0, budget - len(order)))]
    used: set[str] = set()
    for name in order:
        candidates = [t for t in world.targets.get(SCENARIOS[name], []) if t.record_id not in used
                      and _fits(name, t)]
        if candidates:
            target = rng.choice(candidates)
            used.add(target.record_id)
            SCENARIO_RUNNERS[name](world, year, target)
            world.seen[f"correction:{name}"] += 1
    world.clear_targets()


def _fits(name: str, t: Target) -> bool:
    if name in ("amend_award", "void_amendment"):
        return t.data["kind"] == "subsidy"
    if name == "amend_amendment":
        return t.data["year"] not in t.person.warned
    if name == "void_evaluation":
        return not t.person.departed and t.person.leaving is None
    if name == "amend_exemption_end":
        leave = t.data["leave"]
        return leave.has_end_date and leave.category != "signature_project" and not leave.voided
    if name == "void_exemption":
        return not t.data["leave"].voided
    return True


def _later(world: World, after: datetime, lo: int, hi: int) -> datetime:
    return after + timedelta(days=world.rng.randint(lo, hi), minutes=world.rng.randint(0, 300))


def _void(world: World, year: int, t: Target, target_id: str, at: datetime, reason: str = VOID,
          note: str | None = None) -> tuple[str, datetime]:
    cid = world.next_id("C", year)
    on = world.at_date(at)
    at = world.emit(t.person, "void", on, reason, at=at, doc=world.doc("correction", year), note=note or "void",
                    correction_id=cid, target_id=target_id, effective_date=on)
    return cid, at


def _amend(world: World, year: int, t: Target, target_id: str, changes: dict, at: datetime,
           note: str | None = None) -> tuple[str, datetime]:
    cid = world.next_id("C", year)
    on = world.at_date(at)
    at = world.emit(t.person, "amend", on, AMEND, at=at, doc=world.doc("correction", year), note=note or "amend",
                    correction_id=cid, target_id=target_id, changes=changes, effective_date=on)
    return cid, at


def void_award(world: World, year: int, t: Target) -> None:
    _void(world, year, t, t.record_id, _later(world, t.recorded_at, 20, 90))


def amend_award(world: World, year: int, t: Target) -> None:
    _amend(world, year, t, t.record_id, {"amount_cny": str(t.data["amount"] + 1000)},
           _later(world, t.recorded_at, 20, 90))


def reinstate_award(world: World, year: int, t: Target) -> None:
    """Void an award, then void that void: the award counts again."""
    cid, at = _void(world, year, t, t.record_id, _later(world, t.recorded_at, 20, 60))
    _void(world, year, t, cid, _later(world, at, 10, 40), "作废有误，恢复原记录",
          note="void:void")


def void_amendment(world: World, year: int, t: Target) -> None:
    """Amend a subsidy's amount, then take the amendment back."""
    cid, at = _amend(world, year, t, t.record_id, {"amount_cny": str(max(100, t.data["amount"] - 1000))},
                     _later(world, t.recorded_at, 20, 60))
    _void(world, year, t, cid, _later(world, at, 10, 40), "更正有误，撤销更正",
          note="void:amend")


def _other_grade(world: World, t: Target, *avoid: str) -> str:
    allowed = BELOW_MIDDLE if t.data["year"] in t.person.warned else ("excellent", "qualified", "basically_qualified")
    return world.rng.choice([g for g in allowed if g not in avoid and g != t.data["grade"]])


def amend_evaluation(world: World, year: int, t: Target) -> None:
    grade = _other_grade(world, t)
    _amend(world, year, t, t.record_id, {"grade": grade}, _later(world, t.recorded_at, 20, 90))
    t.person.grades[t.data["year"]] = grade


def amend_amendment(world: World, year: int, t: Target) -> None:
    """Amend an evaluation's grade, then amend that amendment with the grade it should have had."""
    first = _other_grade(world, t)
    cid, at = _amend(world, year, t, t.record_id, {"grade": first}, _later(world, t.recorded_at, 20, 60))
    second = _other_grade(world, t, first)
    _amend(world, year, t, cid, {"changes": {"grade": second}}, _later(world, at, 10, 40), note="amend:amend")
    t.person.grades[t.data["year"]] = second


def void_evaluation(world: World, year: int, t: Target) -> None:
    """Void an evaluation entered under the wrong id, then record it again."""
    _, at = _void(world, year, t, t.record_id, _later(world, t.recorded_at, 20, 60))
    grade = _other_grade(world, t)
    on = world.at_date(at)
    world.emit(t.person, "evaluation", on, f"{t.data['year']}学年度考核（重新录入）",
               at=_later(world, at, 1, 5), doc=world.doc("evaluation", year), evaluation_id=f"{t.record_id}-R",
               school_year=t.data["year"], grade=grade, school_id=t.data["school"])
    t.person.grades[t.data["year"]] = grade


def amend_posting_end(world: World, year: int, t: Target) -> None:
    stint = t.data["stint"]
    ended = stint.ended - timedelta(days=world.rng.randint(1, 20))
    _amend(world, year, t, t.record_id, {"ended_on": ended.isoformat()}, _later(world, t.recorded_at, 20, 90))
    stint.ended = ended


def amend_report(world: World, year: int, t: Target) -> None:
    stint = t.data["stint"]
    reported = stint.reported + timedelta(days=world.rng.randint(1, 3))
    _amend(world, year, t, t.record_id, {"reported_on": reported.isoformat()}, _later(world, t.recorded_at, 20, 90))
    stint.reported = reported


def void_exemption(world: World, year: int, t: Target) -> None:
    _void(world, year, t, t.record_id, _later(world, t.recorded_at, 20, 90))
    t.data["leave"].voided = True


def amend_exemption_end(world: World, year: int, t: Target) -> None:
    leave = t.data["leave"]
    end = leave.last_day + timedelta(days=90)
    _amend(world, year, t, t.record_id, {"end_date": end.isoformat()}, _later(world, t.recorded_at, 20, 90))
    leave.last_day = end


SCENARIO_RUNNERS = {
    "void_award": void_award, "amend_award": amend_award, "reinstate_award": reinstate_award,
    "void_amendment": void_amendment, "amend_evaluation": amend_evaluation, "amend_amendment": amend_amendment,
    "void_evaluation": void_evaluation, "amend_posting_end": amend_posting_end, "amend_report": amend_report,
    "void_exemption": void_exemption, "amend_exemption_end": amend_exemption_end,
}
