"""A view rebuilt from scratch equals the one built incrementally, for random valid command
sequences (property-based): both are also what the aggregates say."""

from __future__ import annotations

import tempfile
from datetime import date, datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.bootstrap import build_ledger
from ledger.domain.commands import (
    AmendRecord, Command, EndPosting, ExtendPosting, GrantAward, GrantExemption, ReclassifySchool, RecordDeparture,
    RecordEvaluation, RecordPosting, ReportForDuty, VoidRecord,
)
from ledger.domain.errors import LedgerError
from ledger.projections import open_read_side
from ledger.settings import Settings
from tests.conftest import FakeClock
from tests.integration.test_projection_support import assert_views_agree_with_the_ledger, snapshot
from tests.support import BY, seed_schools, teacher

TEACHERS = ("T-1", "T-2")
SCHOOLS = ("S-TOWN", "S-VILLAGE", "S-POINT", "S-URBAN2")  # not S-URBAN: the home school
KINDS = ("regular_rotation", "support_teaching", "itinerant", "competitive_appointment", "secondment")


@st.composite
def story(draw: st.DrawFn, teacher_id: str, n: int, year: int) -> list[tuple[str, dict]]:
    """One thing happening to a teacher: mostly a posting and its life, sometimes corrected."""
    kind = draw(st.sampled_from(["posting"] * 4 + ["exemption", "award", "evaluation", "reclassify", "departure"]))
    start = date(year, 9, 1)
    if kind == "exemption":
        return [("grant_exemption", dict(teacher_id=teacher_id, exemption_id=f"X-{n}", category="family_misfortune",
                                         start_date=start, end_date=date(year + 1, 6, 30)))]
    if kind == "award":
        return [("grant_award", dict(teacher_id=teacher_id, award_id=f"A-{n}", kind="honour",
                                     awarded_on=date(year, 6, 1)))]
    if kind == "evaluation":
        return [("record_evaluation", dict(teacher_id=teacher_id, evaluation_id=f"E-{n}", school_year=year,
                                           grade="qualified", school_id="S-URBAN"))]
    if kind == "reclassify":
        return [("reclassify_school", dict(school_id=draw(st.sampled_from(SCHOOLS)), effective_date=start,
                                           changes={"district": draw(st.sampled_from(["城关学区", "河口学区"]))}))]
    if kind == "departure":
        return [("record_departure", dict(teacher_id=teacher_id, departed_on=date(year, 7, 1), kind="retired"))]
    posting_kind = draw(st.sampled_from(KINDS))
    hosts = draw(st.lists(st.sampled_from(SCHOOLS), min_size=2 if posting_kind == "itinerant" else 1,
                          max_size=2 if posting_kind == "itinerant" else 1, unique=True))
    transfer = posting_kind == "competitive_appointment" and draw(st.booleans())
    pid = f"P-{n}"
    steps = [("record_posting", dict(teacher_id=teacher_id, posting_id=pid, kind=posting_kind, host_school_ids=hosts,
                                     start_date=start, transfers_personnel_relation=transfer,
                                     planned_end_date=None if transfer else date(year + 1, 8, 31)))]
    if not transfer:
        if draw(st.booleans()):
            steps.append(("report_for_duty", dict(teacher_id=teacher_id, posting_id=pid, reported_on=start)))
        if draw(st.booleans()):
            steps.append(("extend_posting", dict(teacher_id=teacher_id, posting_id=pid,
                                                 new_end_date=date(year + 2, 8, 31))))
        steps.append(("end_posting", dict(teacher_id=teacher_id, posting_id=pid,
                                          ended_on=date(year + 1, draw(st.sampled_from([1, 8])), 31))))
    correction = draw(st.sampled_from([None, None, "void", "amend", "void-void", "amend-void"]))
    if correction in ("void", "void-void"):
        steps.append(("void_record", dict(teacher_id=teacher_id, correction_id=f"V-{n}", target_id=pid)))
    if correction in ("amend", "amend-void") and not transfer:
        steps.append(("amend_record", dict(teacher_id=teacher_id, correction_id=f"M-{n}", target_id=pid,
                                           changes={"ended_on": date(year + 1, 3, 31).isoformat()})))
    if correction in ("void-void", "amend-void") and len(steps) > 1 and steps[-1][0] != "end_posting":
        steps.append(("void_record", dict(teacher_id=teacher_id, correction_id=f"W-{n}",
                                          target_id=steps[-1][1]["correction_id"])))
    return steps


STEPS: dict[str, type[Command]] = {
    "record_posting": RecordPosting, "report_for_duty": ReportForDuty, "extend_posting": ExtendPosting,
    "end_posting": EndPosting, "void_record": VoidRecord, "amend_record": AmendRecord,
    "grant_exemption": GrantExemption, "grant_award": GrantAward, "record_evaluation": RecordEvaluation,
    "record_departure": RecordDeparture,
}


@st.composite
def scripts(draw: st.DrawFn) -> list[tuple[str, dict]]:
    """Stories of the teachers, each teacher's in date order, interleaved."""
    years = {t: 2016 for t in TEACHERS}
    script: list[tuple[str, dict]] = []
    for n in range(draw(st.integers(min_value=1, max_value=8))):
        teacher_id = draw(st.sampled_from(TEACHERS))
        script.extend(draw(story(teacher_id, n, years[teacher_id])))
        years[teacher_id] += draw(st.integers(min_value=2, max_value=3))
    return script


def run_and_compare(url: str, script: list[tuple[str, dict]]) -> None:
    app = build_ledger(Settings(database_url=url), clock=FakeClock(datetime(2026, 9, 1, 2, tzinfo=timezone.utc)))
    incremental = open_read_side(app, page_size=3)
    try:
        seed_schools(app)
        for teacher_id in TEACHERS:
            teacher(app, teacher_id, name=f"教师{teacher_id}")
        for name, arguments in script:
            try:
                if name == "reclassify_school":
                    app.execute(arguments.pop("school_id"), ReclassifySchool(**arguments), by=BY)
                else:
                    app.execute(arguments.pop("teacher_id"), STEPS[name](**arguments), by=BY)
            except LedgerError:
                pass  # an invalid command records nothing
            incremental.projector.catch_up()  # pages end wherever the commands left them
        built_incrementally = snapshot(incremental)
        rebuilt = open_read_side(app, page_size=7)
        try:
            rebuilt.projector.rebuild()
            assert snapshot(rebuilt) == built_incrementally
            assert_views_agree_with_the_ledger(app, rebuilt.read_model)
        finally:
            rebuilt.close()
    finally:
        incremental.close()
        app.close()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(script=scripts())
def test_a_rebuilt_view_equals_the_incrementally_built_one_on_sqlite(script):
    with tempfile.TemporaryDirectory() as folder:
        run_and_compare(f"sqlite:///{folder}/ledger.sqlite", script)


@pytest.mark.postgres
def test_a_rebuilt_view_equals_the_incrementally_built_one_on_postgres(pg_database):
    from tests.conftest import PG, pg_url_for

    import psycopg

    @settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(script=scripts())
    def check(script):
        schema = f"h_{abs(hash(repr(script))) % 10**12}"
        with psycopg.connect(dbname=pg_database, autocommit=True, **PG) as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE; CREATE SCHEMA "{schema}"')
        try:
            run_and_compare(pg_url_for(pg_database, schema), script)
        finally:
            with psycopg.connect(dbname=pg_database, autocommit=True, **PG) as conn:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')

    check()
