"""The Programme aggregate: its steps as events, refusals naming their clause, replay."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ledger.domain.base import Meta
from ledger.domain.errors import ConflictError, RuleViolation
from ledger.domain.programme.aggregate import Programme
from ledger.domain.programme.drafting import STRATEGIES, Candidate, Need, Problem
from ledger.domain.programme.lifecycle import Stage


def meta(day: str, hour: int = 2) -> Meta:
    y, m, d = map(int, day.split("-"))
    return Meta("admin", "programme step", datetime(y, m, d, hour, tzinfo=UTC))


def noticed() -> Programme:
    p = Programme.open("P-2027", 2027, meta("2027-06-01"))
    p.record_needs("B1", [{"need_id": "N-1", "school_id": "S-2", "subject": "数学", "level": "primary", "posts": 1}],
                   meta("2027-06-02"))
    problem = Problem((Candidate("T-1", "S-1", "数学", "primary", "must"),),
                      (Need("N-1", "S-2", "数学", "primary", 1),), {}, {"regular_rotation": 3})
    p.record_draft("D1", STRATEGIES["greedy"].draft(problem), meta("2027-06-03"))
    p.submit(meta("2027-06-04"))
    p.approve("县教育局", "X教〔2027〕12号", meta("2027-06-05"))
    p.publish_notice(5, meta("2027-07-01"))
    return p


def test_enactment_refused_until_the_day_after_the_notice_and_objections_resolved() -> None:
    p = noticed()
    assert p.notice == (date(2027, 7, 1), date(2027, 7, 5))
    # 15:00 UTC on 5 July is still 5 July in China Standard Time: the notice's last day
    with pytest.raises(RuleViolation) as refused:
        p.enact(meta("2027-07-05", 15), [], date(2027, 8, 10))
    assert refused.value.clause == "R-PROG-NOTICE" and refused.value.code == "programme.notice_running"
    p.raise_objection("O-1", "T-1", "parent", meta("2027-07-02"))
    with pytest.raises(RuleViolation) as still:
        p.enact(meta("2027-07-05", 17), [], date(2027, 8, 10))  # 6 July 01:00 in CST: notice over
    assert still.value.code == "programme.objections_open"
    p.resolve_objection("O-1", False, meta("2027-07-07"))
    out = p.enact(meta("2027-08-11"), ["T-1"], date(2027, 8, 10))
    assert p.stage is Stage.IN_EFFECT and p.late_principals == ["T-1"]
    assert p.enact(meta("2027-08-11"), ["T-1"], date(2027, 8, 10)).replayed
    assert out.version == p.version
    p.file(meta("2027-09-01"))
    assert p.stage is Stage.FILED and p.filed_on == date(2027, 9, 1)


def test_a_step_out_of_order_is_refused_with_its_clause() -> None:
    p = Programme.open("P-2027", 2027, meta("2027-06-01"))
    with pytest.raises(RuleViolation) as refused:
        p.approve("县教育局", "X教〔2027〕12号", meta("2027-06-05"))
    assert refused.value.clause == "R-PROG-APPROVE"
    with pytest.raises(ConflictError):
        p.resolve_objection("O-9", True, meta("2027-06-05"))


def test_the_stored_draft_replays_as_recorded() -> None:
    p = noticed()
    events = p.collect_events()
    again = None
    for e in events:
        again = e.mutate(again)
    assert again.draft == p.draft and again.draft["assignments"][0]["teacher_id"] == "T-1"
    assert again.stage is Stage.NOTICED and again.approval == ("县教育局", "X教〔2027〕12号")


def test_a_cap_broken_by_hand_succeeds_with_a_notice_and_an_upheld_objection_withdraws() -> None:
    p = Programme.open("P-2027", 2027, meta("2027-06-01"))
    p.gather_candidates("C1", [{"teacher_id": t, "home_school": "S-1"} for t in ("T-1", "T-2")], meta("2027-06-02"))
    p.record_draft("D1", STRATEGIES["greedy"].draft(Problem((), (), {}, {})), meta("2027-06-03"))
    first = {"teacher_id": "T-1", "need_id": "N-1", "school_id": "S-2", "kind": "incentive_exchange", "term_years": 1}
    assert p.adjust("A1", "pin", first, 1, meta("2027-06-03")).notices == ()
    out = p.adjust("A2", "change", {**first, "teacher_id": "T-2"}, 1, meta("2027-06-03"))
    assert [n.clause for n in out.notices] == ["R-PROG-INCENTIVE"]
    assert "at most 1" in out.notices[0].message
    assert p.adjust("A2", "change", {**first, "teacher_id": "T-2"}, 1, meta("2027-06-03")).replayed
    p.adjust("A3", "withdraw", {"teacher_id": "T-1"}, 1, meta("2027-06-03"))
    assert [a["teacher_id"] for a in p.draft["assignments"]] == ["T-2"]
    p.submit(meta("2027-06-04"))
    p.approve("县教育局", "X教〔2027〕12号", meta("2027-06-05"))
    p.publish_notice(5, meta("2027-07-01"))
    p.raise_objection("O-1", "T-2", "teacher", meta("2027-07-02"))
    p.resolve_objection("O-1", True, meta("2027-07-03"))
    assert p.draft["assignments"] == [] and p.open_objections == 0
