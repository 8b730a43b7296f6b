"""Postings: R-POST-ONE, R-POST-HOST, R-POST-EXEMPT, R-POST-SUPERVISORY, R-POST-REPORT, dates in
order, transfers, and the posting's life (report, refusal, extension, return)."""

from datetime import date

import pytest

from ledger.domain.errors import ConflictError, InvalidInput, RuleViolation
from tests.support import BY, posting, seed_schools, teacher
from ledger.domain.commands import (
    ConferTitle, EndPosting, ExtendPosting, GrantAward, GrantExemption, RecordDeparture, RecordEvaluation,
    RecordReportingFailure, RegisterSchool, ReportForDuty,
)


@pytest.fixture
def app(memory_ledger):
    seed_schools(memory_ledger)
    teacher(memory_ledger)
    return memory_ledger


def dossier(app, teacher_id="T-001"):
    return app.get_teacher(teacher_id).dossier


def clause_of(excinfo):
    return excinfo.value.clause


def test_a_posting_is_recorded_with_its_home_school(app):
    result = posting(app)
    assert result.event_type == "PostingRecorded"
    assert result.record["home_school_id"] == "S-URBAN"
    assert dossier(app).posting_on(date(2021, 1, 1)).record_id == "P-1"
    assert dossier(app).serving_on(date(2021, 1, 1)) == ("S-VILLAGE",)
    assert dossier(app).serving_on(date(2020, 8, 31)) == ("S-URBAN",)


def test_r_post_one_rejects_an_overlapping_posting(app):
    posting(app)
    with pytest.raises(RuleViolation) as e:
        posting(app, posting_id="P-2", start_date="2021-03-01", host_school_ids=["S-POINT"])
    assert clause_of(e) == "R-POST-ONE"


def test_r_post_one_allows_the_next_posting_after_a_return(app):
    posting(app)
    app.execute("T-001", EndPosting(posting_id="P-1", ended_on="2022-08-31"), by=BY)
    with pytest.raises(RuleViolation):  # still overlaps the finished one
        posting(app, posting_id="P-2", start_date="2022-08-31", planned_end_date=None, host_school_ids=["S-POINT"])
    second = posting(app, posting_id="P-2", start_date="2022-09-01", planned_end_date=None, host_school_ids=["S-POINT"])
    assert second.record_id == "P-2"


def test_r_post_host_rejects_the_home_school_and_unregistered_hosts(app):
    with pytest.raises(RuleViolation) as e:
        posting(app, host_school_ids=["S-URBAN"])
    assert clause_of(e) == "R-POST-HOST"
    with pytest.raises(RuleViolation) as e:
        posting(app, host_school_ids=["S-GHOST"])
    assert clause_of(e) == "R-POST-HOST"


def test_a_host_registered_after_a_refusal_is_then_accepted(app):
    with pytest.raises(RuleViolation):
        posting(app, host_school_ids=["S-NEW"])
    app.register(RegisterSchool(school_id="S-NEW", name="新建村小", level="primary", area="rural", kind="village",
                                tier="weak", district="城关学区", effective_date="2020-01-01"), by=BY)
    assert posting(app, host_school_ids=["S-NEW"]).record["host_school_ids"] == ["S-NEW"]


def test_dates_must_be_in_order(app):
    with pytest.raises(InvalidInput) as e:
        posting(app, planned_end_date="2020-09-01")
    assert e.value.errors[0].field == "planned_end_date"
    posting(app)
    with pytest.raises(InvalidInput) as e:
        app.execute("T-001", EndPosting(posting_id="P-1", ended_on="2020-08-31"), by=BY)
    assert e.value.errors[0].field == "ended_on"
    with pytest.raises(InvalidInput) as e:
        app.execute("T-001", ReportForDuty(posting_id="P-1", reported_on="2020-08-01"), by=BY)
    assert e.value.errors[0].field == "reported_on"


def test_host_counts_depend_on_the_kind(app):
    with pytest.raises(InvalidInput) as e:
        posting(app, kind="itinerant", host_school_ids=["S-VILLAGE"])
    assert "at least two" in e.value.errors[0].message
    with pytest.raises(InvalidInput):
        posting(app, host_school_ids=["S-VILLAGE", "S-POINT"])
    result = posting(app, kind="itinerant", host_school_ids=["S-VILLAGE", "S-POINT"])
    assert dossier(app).serving_on(date(2021, 1, 1)) == ("S-VILLAGE", "S-POINT")
    assert result.record["host_school_ids"] == ["S-VILLAGE", "S-POINT"]


def test_r_post_exempt_needs_an_override_reason_and_records_it(app):
    app.execute("T-001", GrantExemption(exemption_id="E-1", category="spouse_care", start_date="2020-01-01",
                                        end_date="2020-12-31"), by=BY)
    with pytest.raises(RuleViolation) as e:
        posting(app)
    assert clause_of(e) == "R-POST-EXEMPT" and "E-1" in e.value.detail
    result = posting(app, override_exemption_reason="本人申请 at the teacher's request")
    assert result.record["overridden_exemption_ids"] == ["E-1"]
    event = list(app.events.get(app.get_teacher("T-001").id))[-1]
    assert "R-POST-EXEMPT" in event.policy_clauses


def test_r_post_supervisory_lasts_at_least_a_year(app):
    with pytest.raises(RuleViolation) as e:
        posting(app, kind="supervisory_exchange", planned_end_date="2021-08-30")
    assert clause_of(e) == "R-POST-SUPERVISORY"
    posting(app, kind="supervisory_exchange", planned_end_date="2021-08-31")
    with pytest.raises(RuleViolation):
        app.execute("T-001", EndPosting(posting_id="P-1", ended_on="2021-03-01", early=True), by=BY)


def test_a_transfer_moves_the_home_school_on_its_start_date(app):
    posting(app, kind="competitive_appointment", host_school_ids=["S-TOWN"], start_date="2021-09-01",
            planned_end_date=None, transfers_personnel_relation=True)
    d = dossier(app)
    assert d.home_on(date(2021, 8, 31)).school_id == "S-URBAN"
    assert d.home_on(date(2021, 9, 1)).school_id == "S-TOWN"
    assert d.open_posting() is None  # a transfer is not an open posting
    with pytest.raises(RuleViolation) as e:  # the new home cannot host
        posting(app, posting_id="P-2", host_school_ids=["S-TOWN"], start_date="2023-09-01", planned_end_date=None)
    assert clause_of(e) == "R-POST-HOST"
    moved = posting(app, posting_id="P-2", host_school_ids=["S-URBAN"], start_date="2023-09-01", planned_end_date=None)
    assert moved.record["home_school_id"] == "S-TOWN"
    with pytest.raises(ConflictError):
        app.execute("T-001", EndPosting(posting_id="P-1", ended_on="2022-01-01"), by=BY)


def test_report_extension_and_return(app):
    posting(app)
    app.execute("T-001", ReportForDuty(posting_id="P-1", reported_on="2020-09-02"), by=BY)
    with pytest.raises(ConflictError):
        app.execute("T-001", ReportForDuty(posting_id="P-1", reported_on="2020-09-03"), by=BY)
    extended = app.execute("T-001", ExtendPosting(posting_id="P-1", new_end_date="2023-08-31",
                                                  effective_date="2022-06-01"), by=BY)
    assert extended.record["planned_end_date"] == "2023-08-31"
    assert extended.record["extensions"] == [
        {"new_end_date": "2023-08-31", "previous_end_date": "2022-08-31", "extended_on": "2022-06-01"}]
    with pytest.raises(ConflictError):
        app.execute("T-001", ExtendPosting(posting_id="P-1", new_end_date="2023-01-01"), by=BY)
    ended = app.execute("T-001", EndPosting(posting_id="P-1", ended_on="2023-08-31"), by=BY)
    assert ended.record["ended_on"] == "2023-08-31" and ended.record["ended_early"] is False
    with pytest.raises(ConflictError) as e:
        app.execute("T-001", EndPosting(posting_id="P-1", ended_on="2023-09-30"), by=BY)
    assert "the return of posting 'P-1' was already recorded" in e.value.detail
    app.execute("T-001", EndPosting(posting_id="P-1", ended_on="2023-08-31"), by=BY)  # the same return replays


@pytest.mark.parametrize(
    ("days", "consequence", "departed"),
    [(7, "none", False), (8, "warning", False), (14, "warning", False), (15, "departed", True)],
)
def test_r_post_report_thresholds(app, days, consequence, departed):
    posting(app)
    result = app.execute("T-001", RecordReportingFailure(posting_id="P-1", failed_on="2020-09-20", days_absent=days), by=BY)
    assert result.record["refusals"][-1]["consequence"] == consequence
    assert (dossier(app).departure is not None) is departed


def test_a_warned_year_caps_evaluation_blocks_honours_and_promotion(app):
    posting(app)
    app.execute("T-001", RecordReportingFailure(posting_id="P-1", failed_on="2020-09-10", days_absent=9), by=BY)
    with pytest.raises(RuleViolation) as e:
        app.execute("T-001", RecordEvaluation(evaluation_id="V-1", school_year=2020, grade="qualified",
                                              school_id="S-VILLAGE"), by=BY)
    assert clause_of(e) == "R-POST-REPORT"
    app.execute("T-001", RecordEvaluation(evaluation_id="V-1", school_year=2020, grade="basically_qualified",
                                          school_id="S-VILLAGE"), by=BY)
    with pytest.raises(RuleViolation) as e:
        app.execute("T-001", GrantAward(award_id="A-1", kind="honour", awarded_on="2021-05-01"), by=BY)
    assert clause_of(e) == "R-POST-REPORT"
    with pytest.raises(RuleViolation) as e:
        app.execute("T-001", ConferTitle(title_id="TT-1", title="senior", conferred_on="2021-01-01"), by=BY)
    assert clause_of(e) == "R-TITLE-REFUSAL"
    assert app.execute("T-001", ConferTitle(title_id="TT-1", title="senior", conferred_on="2021-09-01"), by=BY).record_id == "TT-1"


def test_a_later_refusal_must_count_more_days(app):
    posting(app)
    app.execute("T-001", RecordReportingFailure(posting_id="P-1", failed_on="2020-09-08", days_absent=8), by=BY)
    with pytest.raises(ConflictError):
        app.execute("T-001", RecordReportingFailure(posting_id="P-1", failed_on="2020-09-09", days_absent=8), by=BY)
    result = app.execute("T-001", RecordReportingFailure(posting_id="P-1", failed_on="2020-09-16", days_absent=16), by=BY)
    assert [r["consequence"] for r in result.record["refusals"]] == ["warning", "departed"]


def test_no_change_to_a_departed_teacher(app):
    app.execute("T-001", RecordDeparture(departed_on="2024-07-01", kind="retired"), by=BY)
    with pytest.raises(ConflictError) as e:
        posting(app, start_date="2024-09-01")
    assert "departed" in e.value.detail


def test_r_post_eval_the_host_evaluates_during_a_posting(app):
    posting(app)
    with pytest.raises(RuleViolation) as e:
        app.execute("T-001", RecordEvaluation(evaluation_id="V-1", school_year=2020, grade="excellent",
                                              school_id="S-URBAN"), by=BY)
    assert clause_of(e) == "R-POST-EVAL"
    app.execute("T-001", RecordEvaluation(evaluation_id="V-1", school_year=2020, grade="excellent",
                                          school_id="S-VILLAGE"), by=BY)
    with pytest.raises(RuleViolation):  # one evaluation per school year
        app.execute("T-001", RecordEvaluation(evaluation_id="V-2", school_year=2020, grade="qualified",
                                              school_id="S-VILLAGE"), by=BY)
