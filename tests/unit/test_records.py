"""Exemptions, awards, titles, backbone designations: their own rules."""

from datetime import date

import pytest

from ledger.domain.errors import ConflictError, InvalidInput, NotFoundError, RuleViolation
from ledger.domain.records import Record
from tests.support import BY, posting, seed_schools, teacher
from ledger.domain.commands import (
    ConferTitle, DesignateBackbone, EndExemption, ExtendPosting, GrantAward, GrantExemption, RecordReportingFailure,
    RevokeBackbone,
)


@pytest.fixture
def app(memory_ledger):
    seed_schools(memory_ledger)
    teacher(memory_ledger)
    return memory_ledger


def test_r_ex_child_ends_the_day_before_the_third_birthday(app):
    app.execute("T-001", GrantExemption(exemption_id="E-1", category="child_under_3", start_date="2024-03-01",
                                        child_birth_date="2024-02-29"), by=BY)
    e = app.get_teacher("T-001").dossier.records["E-1"]
    assert e.last_day == date(2027, 2, 28)
    assert e.active_on(date(2027, 2, 28)) and not e.active_on(date(2027, 3, 1))


def test_pregnancy_and_child_exemptions_are_for_female_teachers(app):
    teacher(app, "T-M", gender="male", name="王强")
    with pytest.raises(RuleViolation) as e:
        app.execute("T-M", GrantExemption(exemption_id="E-1", category="pregnancy", start_date="2024-03-01"), by=BY)
    assert e.value.clause == "R-EX-PREGNANCY"


def test_r_ex_illness_needs_evidence(app):
    with pytest.raises(InvalidInput) as e:
        app.execute("T-001", GrantExemption(exemption_id="E-1", category="illness", start_date="2024-03-01"), by=BY)
    assert e.value.errors[0].field == "evidence_ref" and "R-EX-ILLNESS" in e.value.errors[0].message


def test_r_ex_project_total_is_capped(app):
    app.execute("T-001", GrantExemption(exemption_id="E-1", category="signature_project", start_date="2020-09-01",
                                        end_date="2022-08-31"), by=BY)
    with pytest.raises(RuleViolation) as e:
        app.execute("T-001", GrantExemption(exemption_id="E-2", category="signature_project", start_date="2022-09-01",
                                            end_date="2023-09-01"), by=BY)
    assert e.value.clause == "R-EX-PROJECT"
    app.execute("T-001", GrantExemption(exemption_id="E-2", category="signature_project", start_date="2022-09-01",
                                        end_date="2023-08-30"), by=BY)


def test_ending_an_exemption(app):
    app.execute("T-001", GrantExemption(exemption_id="E-1", category="spouse_care", start_date="2024-01-01"), by=BY)
    result = app.execute("T-001", EndExemption(exemption_id="E-1", ended_on="2024-06-30"), by=BY)
    assert result.record["ended_on"] == "2024-06-30"
    with pytest.raises(ConflictError):
        app.execute("T-001", EndExemption(exemption_id="E-1", ended_on="2024-07-30"), by=BY)


def test_a_subsidy_carries_an_amount_and_only_a_subsidy(app):
    posting(app)
    with pytest.raises(InvalidInput):
        app.execute("T-001", GrantAward(award_id="A-1", kind="subsidy", awarded_on="2021-06-30"), by=BY)
    with pytest.raises(InvalidInput):
        app.execute("T-001", GrantAward(award_id="A-1", kind="honour", awarded_on="2021-06-30", amount_cny="5"), by=BY)
    with pytest.raises(InvalidInput):
        app.execute("T-001", GrantAward(award_id="A-1", kind="subsidy", awarded_on="2021-06-30", amount_cny="1.234"), by=BY)
    result = app.execute("T-001", GrantAward(award_id="A-1", kind="subsidy", awarded_on="2021-06-30", posting_id="P-1",
                                             amount_cny="20000"), by=BY)
    assert result.record["amount_cny"] == "20000"
    with pytest.raises(NotFoundError):
        app.execute("T-001", GrantAward(award_id="A-2", kind="honour", awarded_on="2021-06-30", posting_id="P-404"), by=BY)


def test_backbone_designation_and_revocation(app):
    result = app.execute("T-001", DesignateBackbone(designation_id="B-1", level="county", cycle_start="2022-09-01"), by=BY)
    assert result.record["cycle_end"] == "2025-08-31"
    app.execute("T-001", RevokeBackbone(designation_id="B-1", revoked_on="2023-09-01"), by=BY)
    d = app.get_teacher("T-001").dossier
    assert d.backbone_on(date(2023, 8, 31)) is not None and d.backbone_on(date(2023, 9, 1)) is None
    with pytest.raises(InvalidInput):
        app.execute("T-001", DesignateBackbone(designation_id="B-2", level="city", cycle_start="2022-09-01",
                                               cycle_end="2022-01-01"), by=BY)


def test_title_in_force_on_a_date(app):
    app.execute("T-001", ConferTitle(title_id="TT-1", title="senior", conferred_on="2024-09-01"), by=BY)
    d = app.get_teacher("T-001").dossier
    assert d.title_on(date(2024, 8, 31)).title.value == "intermediate"
    assert d.title_on(date(2024, 9, 1)).title.value == "senior"


def test_records_round_trip_through_their_dict_form(app):
    posting(app)
    app.execute("T-001", RecordReportingFailure(posting_id="P-1", failed_on="2020-09-10", days_absent=9), by=BY)
    app.execute("T-001", ExtendPosting(posting_id="P-1", new_end_date="2023-08-31"), by=BY)
    for r in app.get_teacher("T-001").dossier.records.values():
        assert Record.from_dict(r.to_dict()) == r
