"""R-PROG-* at the boundaries issue 17 lists, and every greedy draft keeping every hard rule."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.domain.errors import RuleViolation
from ledger.domain.programme import rules
from ledger.domain.programme.checks import serves, violations
from ledger.domain.programme.drafting import STRATEGIES, Candidate, Need, Pin, Problem
from ledger.domain.programme.lifecycle import Stage, Step, advance


def test_enactment_refused_on_the_notice_last_day_and_allowed_the_day_after() -> None:
    published = date(2027, 7, 1)
    assert rules.notice_last_day(published, 5) == date(2027, 7, 5)
    with pytest.raises(RuleViolation) as refused:
        rules.check_enactable("P-2027", rules.notice_last_day(published, 5), 0, date(2027, 7, 5))
    assert refused.value.clause == "R-PROG-NOTICE" and refused.value.code == "programme.notice_running"
    rules.check_enactable("P-2027", rules.notice_last_day(published, 5), 0, date(2027, 7, 6))


def test_enactment_refused_with_an_open_objection() -> None:
    with pytest.raises(RuleViolation) as refused:
        rules.check_enactable("P-2027", rules.notice_last_day(date(2027, 7, 1), 5), 1, date(2027, 7, 20))
    assert refused.value.code == "programme.objections_open"
    assert "1 open objection" in refused.value.render("en")
    assert "异议" in refused.value.render("zh")


def test_principal_placed_on_10_august_is_in_time_and_on_11_august_is_late() -> None:
    deadline = rules.principal_deadline(2027)
    assert not rules.principal_late(date(2027, 8, 10), deadline)
    assert rules.principal_late(date(2027, 8, 11), deadline)


@pytest.mark.parametrize(("evaluated", "expected"), [(29, 1), (30, 2), (1, 1), (0, 0), (50, 3)])
def test_supervisory_bottom_share_rounds_half_up(evaluated: int, expected: int) -> None:
    assert rules.supervisory_count(evaluated, Decimal("0.05")) == expected


def test_one_incentive_applicant_per_school_passes_and_two_are_refused() -> None:
    rules.check_incentive([("T-1", "S-1"), ("T-2", "S-2")], 1)
    with pytest.raises(RuleViolation) as refused:
        rules.check_incentive([("T-1", "S-1"), ("T-2", "S-1")], 1)
    assert refused.value.clause == "R-PROG-INCENTIVE"


def test_filing_overdue_only_after_filing_days() -> None:
    done = date(2027, 9, 1)
    assert not rules.filing_overdue(done, 30, date(2027, 10, 1), filed=False)
    assert rules.filing_overdue(done, 30, date(2027, 10, 2), filed=False)
    assert not rules.filing_overdue(done, 30, date(2027, 10, 2), filed=True)


def test_steps_out_of_order_are_refused_naming_their_clause() -> None:
    stage = advance(Stage.OPENED, Step.RECORD_NEEDS, "P")
    stage = advance(stage, Step.DRAFT, "P")
    assert advance(stage, Step.ADJUST, "P") is Stage.DRAFTED
    with pytest.raises(RuleViolation) as refused:
        advance(stage, Step.ENACT, "P")
    assert refused.value.clause == "R-PROG-EFFECT"
    for step in (Step.SUBMIT, Step.APPROVE, Step.PUBLISH_NOTICE, Step.ENACT, Step.FILE):
        stage = advance(stage, step, "P")
    assert stage is Stage.FILED


def test_nine_year_school_serves_primary_and_junior_only() -> None:
    nine = frozenset({"nine_year"})
    assert serves(nine, "primary") and serves(nine, "junior") and not serves(nine, "senior")


SCHOOLS = ["S-1", "S-2", "S-3"]
LEVELS = {"S-1": frozenset({"primary"}), "S-2": frozenset({"junior"}), "S-3": frozenset({"nine_year"})}


def _level(school: str) -> str:
    return sorted(LEVELS[school])[0]


candidates = st.lists(
    st.builds(lambda i, school, subject, due, kind, exempt: Candidate(
        f"T-{i}", school, subject, _level(school), due, kind, i, exempt=exempt),
        st.integers(0, 10_000), st.sampled_from(SCHOOLS), st.sampled_from(["语文", "数学"]),
        st.sampled_from(["must", "should", "applied"]),
        st.sampled_from(["regular_rotation", "incentive_exchange"]), st.booleans()),
    max_size=15, unique_by=lambda c: c.teacher_id)
needs = st.lists(
    st.builds(lambda i, school, subject, posts: Need(f"N-{i}", school, subject, _level(school), posts),
              st.integers(0, 100), st.sampled_from(SCHOOLS), st.sampled_from(["语文", "数学"]),
              st.integers(1, 3)),
    max_size=6, unique_by=lambda n: n.need_id)


@settings(max_examples=200, deadline=None)
@given(candidates, needs)
def test_every_greedy_draft_keeps_every_hard_rule(cs: list[Candidate], ns: list[Need]) -> None:
    caps = {f"incentive:{s}": 1 for s in SCHOOLS}
    problem = Problem(tuple(cs), tuple(ns), LEVELS, {"regular_rotation": 3, "incentive_exchange": 1}, caps)
    draft = STRATEGIES["greedy"].draft(problem)
    assert violations(problem, draft) == []
    placed = {a.teacher_id for a in draft.assignments}
    for c in cs:
        if c.due == "must":
            assert (c.teacher_id in placed) != any(u.teacher_id == c.teacher_id for u in draft.unplaced)
    # re-drafting keeping a pin keeps the pin and still breaks no rule
    if draft.assignments:
        first = draft.assignments[0]
        again = STRATEGIES["greedy"].draft(Problem(
            problem.candidates, problem.needs, LEVELS, problem.terms, caps, (Pin(first.teacher_id, first.need_id, "kept"),)))
        assert any(a.pinned and a.teacher_id == first.teacher_id for a in again.assignments)
        assert violations(problem, again) == []


def test_a_drafts_reasons_and_whys_are_catalogue_messages_stored_in_both_languages() -> None:
    from ledger.domain.messages.stored import restore
    from ledger.domain.programme.aggregate import draft_to_dict

    problem = Problem(candidates=(Candidate("T-1", "S-A", "数学", "primary", "must", rank=1),
                                  Candidate("T-2", "S-A", "音乐", "junior", "must", rank=2)),
                      needs=(Need("N-1", "S-B", "数学", "primary", 2),),
                      levels={"S-A": frozenset({"primary"}), "S-B": frozenset({"primary"})},
                      terms={"regular_rotation": 3})
    stored = draft_to_dict(STRATEGIES["greedy"].draft(problem))
    why = restore(stored["unplaced"][0]["why"])
    assert why.render("zh") == "没有接收学校需要初中学段的音乐教师"
    assert why.render("en", labels=True) == "no receiving school needs 音乐 at the junior secondary level"
    reasons = [restore(r["detail"]).render("zh") for r in stored["assignments"][0]["reasons"]]
    assert reasons == ["必须交流，排序第 1 位", "S-B 尚需 2 人（共 2 个岗位）"]
    assert restore(stored["unmet"][0]["why"]).render("en") == "no eligible candidate left"
