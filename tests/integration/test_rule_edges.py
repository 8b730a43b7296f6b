"""Rules at their edges, through the application on SQLite and PostgreSQL (issue 16): project
deferrals in school years (R-EX-PROJECT), a late report for duty (R-POST-REPORT), a return's
earliness from its dates (R-TENURE-RESET), a supervisory exchange that continues
(R-POST-SUPERVISORY) and the R-Q-LEADERS warning computed at the write and stored with it."""

from __future__ import annotations

import threading

import pytest

from ledger.app import RotationLedger
from ledger.app.registers import Registers
from ledger.bootstrap import build_ledger
from ledger.domain.commands import (
    AmendRecord,
    EndPosting,
    ExtendPosting,
    GrantExemption,
    RecordEvaluation,
    RecordPosting,
    RecordReportingFailure,
    ReportForDuty,
)
from ledger.domain.errors import InvalidInput, RuleViolation
from tests.support import BY, posting, seed_schools, teacher


@pytest.fixture
def app(ledger: RotationLedger) -> RotationLedger:
    seed_schools(ledger)
    teacher(ledger)
    return ledger


def project(app: RotationLedger, eid: str, start: str, end: str):
    return app.execute("T-001", GrantExemption(exemption_id=eid, category="signature_project", start_date=start,
                                               end_date=end), by=BY)


@pytest.mark.parametrize(("start", "end", "leap"), [("2023-09-01", "2026-08-31", True),
                                                    ("2020-09-01", "2023-08-31", False)])
def test_r_ex_project_three_school_years_pass_with_or_without_a_29_february(app, start, end, leap):
    assert project(app, "E-1", start, end).record["end_date"] == end
    with pytest.raises(RuleViolation) as refused:  # one day more is more than three school years
        project(app, "E-2", end.replace("-08-31", "-09-01"), end.replace("-08-31", "-09-01"))
    assert refused.value.clause == "R-EX-PROJECT"


def test_r_ex_project_counts_overlapping_grants_once(app):
    project(app, "E-1", "2020-09-01", "2022-08-31")
    project(app, "E-2", "2021-09-01", "2023-08-31")  # overlaps E-1 by a year: three school years in all
    with pytest.raises(RuleViolation):
        project(app, "E-3", "2023-09-01", "2023-09-01")


@pytest.mark.parametrize(("day", "warned"), [("2020-09-08", False), ("2020-09-09", True), ("2020-09-15", True)])
def test_a_report_for_duty_within_7_days_is_on_time_and_to_day_14_carries_the_warning(app, day, warned):
    posting(app)  # starts 2020-09-01
    result = app.execute("T-001", ReportForDuty(posting_id="P-1", reported_on=day), by=BY)
    assert [n.clause for n in result.notices] == (["R-POST-REPORT"] if warned else [])
    dossier = app.get_teacher("T-001").dossier
    assert (2020 in dossier.warned_school_years()) is warned
    again = app.execute("T-001", ReportForDuty(posting_id="P-1", reported_on=day), by=BY)
    assert again.replayed and again.notices == result.notices  # the replay answers what the write did
    if warned:
        with pytest.raises(RuleViolation) as refused:  # no higher grade that year: capped below 合格
            app.execute("T-001", RecordEvaluation(evaluation_id="V-1", school_year=2020, grade="qualified",
                                                  school_id="S-VILLAGE"), by=BY)
        assert refused.value.clause == "R-POST-REPORT"


def test_a_report_after_day_14_is_refused_and_the_failure_is_recorded_instead(app):
    posting(app)
    with pytest.raises(RuleViolation) as refused:
        app.execute("T-001", ReportForDuty(posting_id="P-1", reported_on="2020-09-16"), by=BY)
    assert refused.value.clause == "R-POST-REPORT" and refused.value.msg.code == "posting.report_too_late"
    app.execute("T-001", RecordReportingFailure(posting_id="P-1", failed_on="2020-09-16", days_absent=15), by=BY)
    assert app.get_teacher("T-001").dossier.departure is not None


@pytest.mark.parametrize(("ended", "sent", "early"), [("2021-06-30", False, True), ("2022-08-31", True, False),
                                                      ("2021-06-30", None, True), ("2022-08-31", None, False)])
def test_whether_a_return_is_early_follows_from_its_dates(app, ended, sent, early):
    posting(app, kind="regular_rotation", host_school_ids=["S-TOWN"])  # planned end 2022-08-31
    result = app.execute("T-001", EndPosting(posting_id="P-1", ended_on=ended, early=sent), by=BY)
    assert result.record["ended_early"] is early
    assert [n.clause for n in result.notices] == (["R-TENURE-RESET"] if sent is not None and sent != early else [])
    row = next(r for r in app.due_list(2026).rows if r.teacher_id == "T-001")
    assert (row.tenure.reset_by == "P-1") is (not early)  # an early return restarts no tenure


def supervisory(app: RotationLedger, grade: str) -> None:
    posting(app, kind="supervisory_exchange", host_school_ids=["S-TOWN"], start_date="2024-09-01",
            planned_end_date="2025-08-31")
    app.execute("T-001", RecordEvaluation(evaluation_id="V-1", school_year=2024, grade=grade, school_id="S-TOWN"),
                by=BY)


def test_a_supervisory_exchange_below_the_middle_continues(app):
    supervisory(app, "basically_qualified")
    with pytest.raises(RuleViolation) as refused:
        app.execute("T-001", EndPosting(posting_id="P-1", ended_on="2025-08-31"), by=BY)
    assert refused.value.clause == "R-POST-SUPERVISORY" and refused.value.msg.code == "posting.supervisory_continues"
    app.execute("T-001", ExtendPosting(posting_id="P-1", new_end_date="2026-08-31"), by=BY)


def test_a_supervisory_exchange_at_or_above_the_middle_returns_at_term(app):
    supervisory(app, "qualified")
    assert app.execute("T-001", EndPosting(posting_id="P-1", ended_on="2025-08-31"), by=BY).record["ended_on"]


LEADERS = (("T-P", "principal"), ("T-S", "party_secretary"), ("T-V1", "vice_principal"), ("T-V2", "vice_principal"))


def leaders(app: RotationLedger) -> None:
    for tid, role in LEADERS:
        teacher(app, tid, role=role, birth_date="1980-01-01", at_home_school_since="2010-09-01")


def lead_posting(tid: str) -> RecordPosting:
    return RecordPosting(posting_id=f"P-{tid}", kind="regular_rotation", host_school_ids=["S-TOWN"],
                         start_date="2026-09-01", planned_end_date="2029-08-31")


def test_the_leaders_warning_is_computed_at_the_write_and_replayed_as_written(app):
    leaders(app)
    first = app.execute("T-P", lead_posting("T-P"), by=BY)
    second = app.execute("T-S", lead_posting("T-S"), by=BY)  # right after: no views involved
    assert first.notices == ()
    assert [n.clause for n in second.notices] == ["R-Q-LEADERS", "R-Q-LEADERS"]
    assert app.execute("T-S", lead_posting("T-S"), by=BY).notices == second.notices
    assert app.execute("T-P", lead_posting("T-P"), by=BY).notices == ()  # as written, not as it would be now


def race(backend_settings, clock, setup, writes) -> dict[str, object]:
    """Two writes from two applications, each reading what it spans before either saves; the
    answer (or error) of each, by teacher id."""
    apps = [build_ledger(backend_settings, clock=clock) for _ in range(2)]
    both_read = threading.Barrier(2, timeout=10)
    waited: set[int] = set()
    others = Registers.others

    def read_then_wait(self, span, subject_id):
        found = others(self, span, subject_id)
        if threading.get_ident() not in waited:  # only the first attempt waits; a retry runs on
            waited.add(threading.get_ident())
            both_read.wait()
        return found

    results: dict[str, object] = {}

    def write(app, tid, command):
        try:
            results[tid] = app.execute(tid, command, by=BY)
        except RuleViolation as error:
            results[tid] = error

    try:
        setup(apps[0])
        Registers.others = read_then_wait  # type: ignore[method-assign]
        threads = [threading.Thread(target=write, args=(a, tid, c)) for a, (tid, c) in zip(apps, writes, strict=True)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    finally:
        Registers.others = others  # type: ignore[method-assign]
        for a in apps:
            a.close()
    return results


def test_two_leaders_postings_written_at_the_same_moment_see_each_other(backend_settings, clock):
    def setup(app):
        seed_schools(app)
        leaders(app)
        app.execute("T-V1", lead_posting("T-V1"), by=BY)  # one leader of four rotated: at the cap

    results = race(backend_settings, clock, setup, [(t, lead_posting(t)) for t in ("T-P", "T-S")])
    pair = [r for r in results.values() if any("principal_and_secretary" in str(n.msg.params) for n in r.notices)]
    assert len(pair) == 1  # the one saved second saw the first
    assert all(any(n.msg.code == "quota.describe_cap" for n in r.notices) for r in results.values())


def couple(tid: str, spouse: str, eid: str = "E-C") -> GrantExemption:
    return GrantExemption(exemption_id=eid, category="couple", start_date="2026-06-01", end_date="2027-08-31",
                          spouse_teacher_id=spouse)


def test_r_ex_couple_only_one_of_two_due_spouses_defers(app):
    teacher(app, "T-002", gender="male")
    app.execute("T-001", couple("T-001", "T-002"), by=BY)
    with pytest.raises(RuleViolation) as refused:
        app.execute("T-002", couple("T-002", "T-001"), by=BY)
    assert refused.value.clause == "R-EX-COUPLE" and refused.value.msg.params["exemption"] == "E-C"
    rows = {r.teacher_id: r for r in app.due_list(2026).rows}
    assert rows["T-001"].status.value == "deferred" and rows["T-002"].status.value == "must"


def test_r_ex_couple_whose_spouse_is_not_due_defers_nobody(app):
    teacher(app, "T-002", gender="male", at_home_school_since="2024-09-01")  # two years: not due in 2026
    granted = app.execute("T-001", couple("T-001", "T-002"), by=BY)
    assert [n.msg.code for n in granted.notices] == ["exemption.spouse_not_due"]
    rows = {r.teacher_id: r for r in app.due_list(2026).rows}
    assert rows["T-001"].status.value == "must" and rows["T-002"].status.value == "not_due"
    assert app.quota_report(2026).school("S-URBAN").numbers["eligible"] == 1  # the quota report agrees


def test_two_spouses_deferrals_granted_at_the_same_moment_cannot_both_pass(backend_settings, clock):
    def setup(app):
        seed_schools(app)
        teacher(app, "T-001")
        teacher(app, "T-002", gender="male")

    results = race(backend_settings, clock, setup, [("T-001", couple("T-001", "T-002")),
                                                    ("T-002", couple("T-002", "T-001"))])
    refused = [r for r in results.values() if isinstance(r, RuleViolation)]
    assert len(refused) == 1 and refused[0].clause == "R-EX-COUPLE"


def test_an_amendment_into_an_active_exemption_needs_the_override(app):
    posting(app, posting_id="P-1", start_date="2020-09-01", planned_end_date="2021-08-31")
    app.execute("T-001", EndPosting(posting_id="P-1", ended_on="2021-08-31"), by=BY)
    posting(app, posting_id="P-2", start_date="2022-09-01", planned_end_date="2023-08-31")
    app.execute("T-001", GrantExemption(exemption_id="E-1", category="pregnancy", start_date="2024-01-01",
                                        end_date="2024-12-31"), by=BY)
    move = {"start_date": "2024-03-01", "planned_end_date": "2025-02-28"}
    with pytest.raises(RuleViolation) as refused:
        app.execute("T-001", AmendRecord(correction_id="C-1", target_id="P-2", changes=move), by=BY)
    assert refused.value.clause == "R-POST-EXEMPT"
    with pytest.raises(RuleViolation) as overlapping:  # R-POST-ONE holds for amendments as well
        app.execute("T-001", AmendRecord(correction_id="C-1", target_id="P-2", changes={"start_date": "2021-03-01"}),
                    by=BY)
    assert overlapping.value.clause == "R-POST-ONE"
    amended = app.execute("T-001", AmendRecord(correction_id="C-1", target_id="P-2", changes=move,
                                               override_exemption_reason="孕期自愿交流 volunteers"), by=BY)
    assert amended.record["action"] == "amend"
    p2 = app.get_teacher("T-001").dossier.records["P-2"]
    assert p2.overridden_exemption_ids == ("E-1",) and p2.override_reason == "孕期自愿交流 volunteers"


def illness(app: RotationLedger, start: str, **more) -> None:
    app.execute("T-001", GrantExemption(exemption_id="E-1", category="illness", start_date=start,
                                        end_date="2027-08-31", evidence_ref="县医院证明", **more), by=BY)


@pytest.mark.parametrize(("start", "status"), [("2026-08-26", "deferred"), ("2026-08-27", "must")])
def test_r_ex_notice_a_deferral_takes_effect_after_five_days_at_the_school(app, start, status):
    illness(app, start, approved_by="county_bureau", approval_ref="县教发〔2026〕9号")
    row = next(r for r in app.due_list(2026).rows if r.teacher_id == "T-001")
    assert row.status.value == status
    if status == "must":  # due, with the pending deferral named
        pending = [r for r in row.reasons if r.clause == "R-EX-NOTICE"]
        assert pending and pending[0].msg.params["until"].isoformat() == "2026-08-31"
    else:
        assert "county education bureau" in row.reasons[-1].message and "县教发〔2026〕9号" in row.reasons[-1].message


def test_r_ex_approver_an_exemption_recorded_without_one_reads_as_not_recorded(app):
    illness(app, "2026-01-01")  # as imported history may
    row = next(r for r in app.due_list(2026).rows if r.teacher_id == "T-001")
    assert row.status.value == "deferred" and "approver not recorded" in row.reasons[-1].message
    assert "批准机关未记录" in row.reasons[-1].msg.render("zh")


def test_the_due_list_and_the_quota_report_answer_as_the_ledger_stood_at_known_at(app, clock):
    before = clock.advance(hours=1)
    clock.advance(hours=1)
    posting(app, posting_id="P-9", start_date="2026-09-01", planned_end_date="2027-08-31")
    then = next(r for r in app.due_list(2026, known_at=before).rows if r.teacher_id == "T-001")
    now = next(r for r in app.due_list(2026).rows if r.teacher_id == "T-001")
    assert (then.status.value, now.status.value) == ("must", "on_posting")
    rotated = {q: next(c for c in report.county.checks if c.clause == "R-Q-COUNTY").numerator
               for q, report in (("then", app.quota_report(2026, known_at=before.isoformat())),
                                 ("now", app.quota_report(2026)))}
    assert rotated == {"then": 0, "now": 1}
    assert app.due_list(2026, known_at=before).to_dict()["known_at"] == before.isoformat()
    with pytest.raises(InvalidInput):
        app.due_list(2026, known_at="yesterday")
