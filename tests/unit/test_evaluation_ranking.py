"""Evaluation scores (年度量化考核分): the ranking within the evaluating school with its stated
tie-break, and "below the middle" (R-POST-SUPERVISORY) by grade or by the school's median score."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import orjson
import pytest
from eventsourcing.application import project_aggregate

from ledger.app import RotationLedger
from ledger.app.policy import shipped_profile
from ledger.domain.commands import AmendRecord, RecordEvaluation
from ledger.domain.enums import BelowMiddle, EvaluationGrade
from ledger.domain.errors import InvalidInput
from ledger.domain.policy.evaluations import median_score, rank_school
from ledger.domain.policy.profile import ProfileInForce
from ledger.domain.records import Evaluation
from ledger.domain.teacher import Teacher, teacher_uuid
from tests.support import BY, seed_schools, teacher

DEFAULT = shipped_profile("default")


def in_force(**changes: object) -> ProfileInForce:
    return ProfileInForce(dataclasses.replace(DEFAULT.profile, **changes), DEFAULT.sha256)


def ev(record_id: str, grade: str, score: str | None) -> Evaluation:
    return Evaluation(record_id=record_id, school_year=2025, grade=EvaluationGrade(grade), school_id="S-URBAN",
                      score=Decimal(score) if score is not None else None)


def test_scores_rank_highest_first_and_ties_go_by_grade_then_teacher_id():
    found = [("T-3", "c", ev("V3", "qualified", "80")), ("T-1", "a", ev("V1", "excellent", "80")),
             ("T-2", "b", ev("V2", "qualified", "80")), ("T-4", "d", ev("V4", "excellent", "95.5")),
             ("T-0", "z", ev("V0", "excellent", None)), ("T-5", "e", ev("V5", "unqualified", "40"))]
    ranking = rank_school("S-URBAN", 2025, found, in_force())
    assert [(r.teacher_id, r.rank, r.tied) for r in ranking.rows] == [
        ("T-4", 1, False), ("T-1", 2, True), ("T-2", 3, True), ("T-3", 4, True), ("T-5", 5, False),
        ("T-0", None, False)]
    assert ranking.median == Decimal("80") and len(ranking.ranked) == 5
    assert ranking.to_dict()["rows"][0]["score"] == "95.5"


def test_below_the_middle_by_grade_and_by_the_median_score():
    found = [("T-1", "a", ev("V1", "qualified", "90")), ("T-2", "b", ev("V2", "qualified", "70")),
             ("T-3", "c", ev("V3", "basically_qualified", "85")), ("T-4", "d", ev("V4", "qualified", "60")),
             ("T-5", "e", ev("V5", "unqualified", None))]
    by_grade = rank_school("S-URBAN", 2025, found, in_force())
    assert {r.teacher_id for r in by_grade.rows if r.below_middle} == {"T-3", "T-5"}
    by_median = rank_school("S-URBAN", 2025, found, in_force(below_middle_rule=BelowMiddle.MEDIAN_SCORE))
    assert by_median.median == Decimal("77.5")  # the mean of 70 and 85
    # below 77.5: T-2 (70), T-4 (60); T-5 has no score and is judged by its grade
    assert {r.teacher_id for r in by_median.rows if r.below_middle} == {"T-2", "T-4", "T-5"}
    assert median_score([]) is None and median_score([Decimal(3)]) == Decimal(3)


@pytest.fixture
def app(memory_ledger: RotationLedger) -> RotationLedger:
    seed_schools(memory_ledger)
    for tid in ("T-001", "T-002", "T-003"):
        teacher(memory_ledger, tid)
    return memory_ledger


def record(app: RotationLedger, tid: str, grade: str, score: object, school: str = "S-URBAN") -> None:
    app.execute(tid, RecordEvaluation(evaluation_id=f"V-{tid}", school_year=2025, grade=grade, school_id=school,
                                      score=score), by=BY)


def test_a_score_is_recorded_ranked_and_amended(app):
    record(app, "T-001", "excellent", 91.5)
    record(app, "T-002", "qualified", "78")
    record(app, "T-003", "qualified", None)
    ranking = app.evaluation_ranking("S-URBAN", 2025)
    assert [(r.teacher_id, r.rank) for r in ranking.rows] == [("T-001", 1), ("T-002", 2), ("T-003", None)]
    app.execute("T-002", AmendRecord(correction_id="C-1", target_id="V-T-002", changes={"score": "95"}), by=BY)
    assert app.evaluation_ranking("S-URBAN", 2025).rows[0].teacher_id == "T-002"
    assert app.evaluation_ranking("S-TOWN", 2025).rows == ()


@pytest.mark.parametrize("score", [-1, 100.01, "1e400", "abc", "88.555", True])
def test_a_score_outside_0_to_100_or_with_more_than_two_places_is_refused(app, score):
    with pytest.raises(InvalidInput) as error:
        record(app, "T-001", "qualified", score)
    assert [e.field for e in error.value.errors] == ["score"]


def test_an_evaluation_stored_before_scores_existed_loads_and_replays(app):
    record(app, "T-001", "qualified", None)
    stored = app.mapper.to_stored_event(next(e for e in app.events.get(teacher_uuid("T-001"))
                                             if isinstance(e, Teacher.EvaluationRecorded)))
    state = orjson.loads(stored.state)
    del state["score"]
    old = app.mapper.to_domain_event(dataclasses.replace(stored, state=orjson.dumps(state)))
    assert old.score is None
    events = [e for e in app.events.get(teacher_uuid("T-001")) if not isinstance(e, Teacher.EvaluationRecorded)]
    aggregate = project_aggregate(None, [*events, old])
    assert aggregate.dossier.records["V-T-001"].score is None
    # an identical repeat of the pre-score command replays rather than conflicting
    assert aggregate._commands["record:V-T-001"][1]["score"] is None  # noqa: SLF001
