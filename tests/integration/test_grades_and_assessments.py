"""Principals' grades (校长职级) and backbone teachers' yearly assessments, through the application on
both backends: R-LEADER-RURAL's one step for rural service and its rural service for a first grade,
revocation when a leader refuses a posting (seed 003:94), and an unsatisfactory assessment that
revokes a designation, so R-Q-BACKBONE counts change (seed 002)."""

from __future__ import annotations

import pytest

from ledger.app import RotationLedger
from ledger.domain.commands import (
    AssessBackbone,
    ConferGrade,
    DesignateBackbone,
    EndPosting,
    RecordReportingFailure,
)
from ledger.domain.errors import ConflictError, RuleViolation
from tests.support import BY, posting, seed_schools, teacher


@pytest.fixture
def app(ledger: RotationLedger) -> RotationLedger:
    seed_schools(ledger)
    teacher(ledger, "T-P", role="principal", birth_date="1986-01-01", at_home_school_since="2012-09-01")
    return ledger


def grade(app: RotationLedger, **values):
    return app.execute("T-P", ConferGrade(**values), by=BY)


def test_rural_service_earns_one_step_within_the_grade_once(app):
    grade(app, grade_id="G-1", grade="second", step=2, conferred_on="2019-09-01")
    posting(app, "T-P", posting_id="P-R", kind="regular_rotation", host_school_ids=["S-VILLAGE"],
            start_date="2020-09-01", planned_end_date="2023-08-31")
    with pytest.raises(RuleViolation) as two_steps:
        grade(app, grade_id="G-2", grade="second", step=4, conferred_on="2021-09-01", rural_posting_id="P-R")
    assert two_steps.value.clause == "R-LEADER-RURAL"
    assert grade(app, grade_id="G-2", grade="second", step=3, conferred_on="2021-09-01",
                 rural_posting_id="P-R").record["step"] == 3
    with pytest.raises(RuleViolation) as again:
        grade(app, grade_id="G-3", grade="second", step=4, conferred_on="2022-09-01", rural_posting_id="P-R")
    assert again.value.msg.code == "grade.posting_used"


def test_a_step_for_a_posting_that_was_not_rural_is_refused(app):
    grade(app, grade_id="G-1", grade="second", step=1, conferred_on="2019-09-01")
    posting(app, "T-P", posting_id="P-U", kind="regular_rotation", host_school_ids=["S-URBAN2"],
            start_date="2020-09-01", planned_end_date="2023-08-31")
    with pytest.raises(RuleViolation) as refused:
        grade(app, grade_id="G-2", grade="second", step=2, conferred_on="2021-09-01", rural_posting_id="P-U")
    assert refused.value.msg.code == "grade.not_rural"


def test_a_first_grade_under_45_needs_a_year_of_rural_service(app):
    with pytest.raises(RuleViolation) as refused:  # aged 33, always at an urban school
        grade(app, grade_id="G-1", grade="first", step=1, conferred_on="2019-09-01")
    assert refused.value.clause == "R-LEADER-RURAL" and refused.value.msg.code == "grade.needs_rural"
    posting(app, "T-P", posting_id="P-R", kind="regular_rotation", host_school_ids=["S-VILLAGE"],
            start_date="2020-09-01", planned_end_date="2021-08-31")
    app.execute("T-P", EndPosting(posting_id="P-R", ended_on="2021-08-31"), by=BY)
    assert grade(app, grade_id="G-1", grade="first", step=1, conferred_on="2021-09-01").record["grade"] == "first"


def test_a_leader_who_refuses_a_posting_loses_the_grade(app):
    grade(app, grade_id="G-1", grade="second", step=1, conferred_on="2019-09-01")
    posting(app, "T-P", posting_id="P-1", kind="regular_rotation", host_school_ids=["S-TOWN"],
            start_date="2026-09-01", planned_end_date="2029-08-31")
    app.execute("T-P", RecordReportingFailure(posting_id="P-1", failed_on="2026-09-10", days_absent=9), by=BY)
    revoked = app.get_teacher("T-P").dossier.records["G-1"]
    assert revoked.revoked_on.isoformat() == "2026-09-10" and revoked.revoked_by_posting_id == "P-1"
    assert app.get_teacher("T-P").dossier.grade_on(revoked.revoked_on) is None


def test_an_unsatisfactory_assessment_revokes_the_designation_and_the_backbone_count(app):
    teacher(app, "T-B")
    app.execute("T-B", DesignateBackbone(designation_id="B-1", level="county", cycle_start="2025-01-01"), by=BY)
    app.execute("T-B", AssessBackbone(designation_id="B-1", year=2025, result="good", assessed_on="2025-12-20"),
                by=BY)
    posting(app, "T-B", posting_id="P-1", start_date="2026-09-01", planned_end_date="2027-08-31")
    backbone = {"R-Q-BACKBONE": None}

    def counted() -> int:
        report = app.quota_report(2026)
        return next(c for c in report.county.checks if c.clause in backbone).numerator

    assert counted() == 1
    app.execute("T-B", AssessBackbone(designation_id="B-1", year=2026, result="unqualified", assessed_on="2026-06-30"),
                by=BY)
    designation = app.get_teacher("T-B").dossier.records["B-1"]
    assert designation.revoked_on.isoformat() == "2026-06-30" and len(designation.assessments) == 2
    assert counted() == 0  # not a backbone teacher when posted on 2026-09-01
    with pytest.raises(ConflictError):  # the same year assessed again, differently
        app.execute("T-B", AssessBackbone(designation_id="B-1", year=2026, result="good", assessed_on="2026-07-01"),
                    by=BY)
    with pytest.raises(ConflictError):
        app.execute("T-B", AssessBackbone(designation_id="B-1", year=2029, result="good", assessed_on="2029-07-01"),
                    by=BY)
