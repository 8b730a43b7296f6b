"""RULES.md §4: corrections by compensating events — void and amend, of records and of corrections."""

from datetime import date

import pytest

from ledger.domain.errors import ConflictError, InvalidInput, NotFoundError, RuleViolation
from tests.support import BY, posting, seed_schools, teacher
from ledger.domain.commands import (
    AmendRecord, ConferTitle, DesignateBackbone, EndPosting, GrantAward, GrantExemption, RecordDeparture,
    RecordEvaluation, VoidRecord,
)


@pytest.fixture
def app(memory_ledger):
    seed_schools(memory_ledger)
    teacher(memory_ledger)
    posting(memory_ledger)
    return memory_ledger


def record(app, record_id, teacher_id="T-001"):
    return app.get_teacher(teacher_id).dossier.records[record_id]


def test_void_stops_a_posting_having_effect_but_keeps_it(app):
    result = app.execute("T-001", VoidRecord(correction_id="C-1", target_id="P-1"), by=BY)
    assert result.event_type == "RecordVoided" and result.record["target_id"] == "P-1"
    p = record(app, "P-1")
    assert p.voided and p.voided_by == "C-1"
    assert app.get_teacher("T-001").dossier.posting_on(date(2021, 1, 1)) is None
    # a new posting over the same period is now possible (R-POST-ONE ignores voided postings)
    assert posting(app, posting_id="P-2").record_id == "P-2"


def test_a_record_cannot_be_voided_twice(app):
    app.execute("T-001", VoidRecord(correction_id="C-1", target_id="P-1"), by=BY)
    with pytest.raises(ConflictError) as e:
        app.execute("T-001", VoidRecord(correction_id="C-2", target_id="P-1"), by=BY)
    assert "already voided" in e.value.detail


def test_a_correction_must_name_an_existing_record_of_that_teacher(app):
    teacher(app, "T-002", name="赵六")
    posting(app, "T-002", "P-9")
    with pytest.raises(NotFoundError):
        app.execute("T-001", VoidRecord(correction_id="C-1", target_id="P-9"), by=BY)
    with pytest.raises(NotFoundError):
        app.execute("T-001", VoidRecord(correction_id="C-1", target_id="NOPE"), by=BY)


def test_amend_changes_fields_and_keeps_the_values_before(app):
    result = app.execute("T-001", AmendRecord(correction_id="C-1", target_id="P-1", changes={"start_date": "2020-08-25", "host_school_ids": ["S-POINT"]}), by=BY)
    assert result.record["changes"] == {"start_date": "2020-08-25", "host_school_ids": ["S-POINT"]}
    assert result.record["before"] == {"start_date": "2020-09-01", "host_school_ids": ["S-VILLAGE"]}
    p = record(app, "P-1")
    assert p.start_date == date(2020, 8, 25) and p.host_school_ids == ("S-POINT",) and p.amended_by == ("C-1",)


def test_amend_is_checked_against_the_invariants(app):
    with pytest.raises(RuleViolation) as e:
        app.execute("T-001", AmendRecord(correction_id="C-1", target_id="P-1", changes={"host_school_ids": ["S-URBAN"]}), by=BY)
    assert e.value.clause == "R-POST-HOST"
    with pytest.raises(InvalidInput) as e:
        app.execute("T-001", AmendRecord(correction_id="C-1", target_id="P-1",
                                         changes={"planned_end_date": "2019-01-01"}), by=BY)
    assert e.value.errors[0].field == "planned_end_date"
    with pytest.raises(InvalidInput) as e:
        app.execute("T-001", AmendRecord(correction_id="C-1", target_id="P-1",
                                         changes={"home_school_id": "S-TOWN", "kind": "x"}), by=BY)
    assert {x.field for x in e.value.errors} == {"changes.home_school_id", "changes.kind"}
    with pytest.raises(InvalidInput):
        app.execute("T-001", AmendRecord(correction_id="C-1", target_id="P-1", changes={"start_date": "2020-09-01"}), by=BY)
    with pytest.raises(RuleViolation) as e:  # an unregistered host, checked before the domain
        app.execute("T-001", AmendRecord(correction_id="C-1", target_id="P-1", changes={"host_school_ids": ["S-GHOST"]}), by=BY)
    assert e.value.clause == "R-POST-HOST"
    assert record(app, "P-1").amended_by == ()


def test_voiding_a_void_reinstates_the_record(app):
    app.execute("T-001", VoidRecord(correction_id="C-1", target_id="P-1"), by=BY)
    result = app.execute("T-001", VoidRecord(correction_id="C-2", target_id="C-1"), by=BY)
    assert result.record["target_type"] == "correction"
    assert not record(app, "P-1").voided and record(app, "C-1").voided_by == "C-2"


def test_reinstating_is_checked_against_the_invariants(app):
    app.execute("T-001", VoidRecord(correction_id="C-1", target_id="P-1"), by=BY)
    posting(app, posting_id="P-2")
    with pytest.raises(RuleViolation) as e:
        app.execute("T-001", VoidRecord(correction_id="C-2", target_id="C-1"), by=BY)
    assert e.value.clause == "R-POST-ONE"
    assert record(app, "P-1").voided


def test_voiding_an_amendment_takes_its_changes_back(app):
    app.execute("T-001", AmendRecord(correction_id="C-1", target_id="P-1", changes={"start_date": "2020-08-25"}), by=BY)
    app.execute("T-001", VoidRecord(correction_id="C-2", target_id="C-1"), by=BY)
    p = record(app, "P-1")
    assert p.start_date == date(2020, 9, 1) and p.amended_by == ()


def test_voiding_an_amendment_keeps_later_changes_to_the_same_field(app):
    app.execute("T-001", AmendRecord(correction_id="C-1", target_id="P-1", changes={"start_date": "2020-08-25"}), by=BY)
    app.execute("T-001", AmendRecord(correction_id="C-2", target_id="P-1", changes={"start_date": "2020-08-20"}), by=BY)
    app.execute("T-001", VoidRecord(correction_id="C-3", target_id="C-1"), by=BY)
    assert record(app, "P-1").start_date == date(2020, 8, 20)


def test_amending_an_amendment_replaces_its_changes(app):
    app.execute("T-001", AmendRecord(correction_id="C-1", target_id="P-1", changes={"start_date": "2020-08-25"}), by=BY)
    result = app.execute("T-001", AmendRecord(correction_id="C-2", target_id="C-1",
                                              changes={"changes": {"start_date": "2020-08-28"}}), by=BY)
    assert result.record["target_type"] == "correction"
    assert record(app, "P-1").start_date == date(2020, 8, 28)
    assert record(app, "C-1").changes == {"start_date": "2020-08-28"}
    assert record(app, "C-1").amended_by == ("C-2",)


def test_a_void_cannot_be_amended(app):
    app.execute("T-001", VoidRecord(correction_id="C-1", target_id="P-1"), by=BY)
    with pytest.raises(InvalidInput):
        app.execute("T-001", AmendRecord(correction_id="C-2", target_id="C-1", changes={"changes": {}}), by=BY)


def test_a_voided_record_cannot_be_amended(app):
    app.execute("T-001", VoidRecord(correction_id="C-1", target_id="P-1"), by=BY)
    with pytest.raises(ConflictError):
        app.execute("T-001", AmendRecord(correction_id="C-2", target_id="P-1", changes={"start_date": "2020-08-01"}), by=BY)


@pytest.mark.parametrize(
    ("make", "target", "changes", "field", "value"),
    [
        (lambda a: a.execute("T-001", GrantExemption(exemption_id="X", category="family_misfortune",
                                                     start_date="2023-01-01", end_date="2023-12-31"), by=BY),
         "X", {"end_date": "2023-06-30"}, "end_date", date(2023, 6, 30)),
        (lambda a: a.execute("T-001", GrantAward(award_id="X", kind="subsidy", awarded_on="2021-06-30",
                                                 posting_id="P-1", amount_cny="20000"), by=BY),
         "X", {"amount_cny": "18000.50"}, "amount_cny", __import__("decimal").Decimal("18000.50")),
        (lambda a: a.execute("T-001", RecordEvaluation(evaluation_id="X", school_year=2020, grade="qualified",
                                                       school_id="S-VILLAGE"), by=BY),
         "X", {"grade": "excellent"}, "grade", "excellent"),
        (lambda a: a.execute("T-001", ConferTitle(title_id="X", title="senior", conferred_on="2023-09-01"), by=BY),
         "X", {"conferred_on": "2023-10-01"}, "conferred_on", date(2023, 10, 1)),
        (lambda a: a.execute("T-001", DesignateBackbone(designation_id="X", level="county", cycle_start="2022-09-01"), by=BY),
         "X", {"level": "city"}, "level", "city"),
    ],
    ids=["exemption", "award", "evaluation", "title", "backbone"],
)
def test_every_record_type_can_be_amended_and_voided(app, make, target, changes, field, value):
    make(app)
    app.execute("T-001", AmendRecord(correction_id="C-A", target_id=target, changes=changes), by=BY)
    assert getattr(record(app, target), field) == value
    app.execute("T-001", VoidRecord(correction_id="C-V", target_id=target), by=BY)
    assert record(app, target).voided


def test_corrections_are_allowed_after_departure_and_can_void_it(app):
    app.execute("T-001", EndPosting(posting_id="P-1", ended_on="2022-08-31"), by=BY)
    app.execute("T-001", RecordDeparture(departed_on="2024-07-01", kind="resigned", departure_id="D-1"), by=BY)
    app.execute("T-001", AmendRecord(correction_id="C-1", target_id="P-1", changes={"planned_end_date": "2022-07-31"}), by=BY)
    app.execute("T-001", VoidRecord(correction_id="C-2", target_id="D-1"), by=BY)
    assert app.get_teacher("T-001").dossier.departure is None
    assert posting(app, posting_id="P-2", start_date="2024-09-01", planned_end_date=None).record_id == "P-2"


def test_a_correction_id_is_unique_within_the_teacher(app):
    with pytest.raises(ConflictError):
        app.execute("T-001", VoidRecord(correction_id="P-1", target_id="P-1"), by=BY)


def test_voiding_an_amendment_of_an_amendment_restores_the_first_amendment(app):
    app.execute("T-001", EndPosting(posting_id="P-1", ended_on="2022-08-31"), by=BY)
    app.execute("T-001", AmendRecord(correction_id="C-1", target_id="P-1", changes={"ended_on": "2023-07-31"}), by=BY)
    app.execute("T-001", AmendRecord(correction_id="C-2", target_id="C-1",
                                     changes={"changes": {"ended_on": "2023-06-30"}}), by=BY)
    assert record(app, "P-1").ended_on == date(2023, 6, 30)
    app.execute("T-001", VoidRecord(correction_id="C-3", target_id="C-2"), by=BY)
    assert record(app, "C-1").changes == {"ended_on": "2023-07-31"}
    assert record(app, "P-1").ended_on == date(2023, 7, 31)
    assert record(app, "C-1").amended_by == ()
    # and voiding the first amendment then takes the posting back to its recorded value
    app.execute("T-001", VoidRecord(correction_id="C-4", target_id="C-1"), by=BY)
    assert record(app, "P-1").ended_on == date(2022, 8, 31)


def test_amendments_nest_three_deep(app):
    app.execute("T-001", AmendRecord(correction_id="C-1", target_id="P-1", changes={"start_date": "2020-08-25"}), by=BY)
    app.execute("T-001", AmendRecord(correction_id="C-2", target_id="C-1",
                                     changes={"changes": {"start_date": "2020-08-26"}}), by=BY)
    app.execute("T-001", AmendRecord(correction_id="C-3", target_id="C-2",
                                     changes={"changes": {"changes": {"start_date": "2020-08-27"}}}), by=BY)
    assert record(app, "P-1").start_date == date(2020, 8, 27)
    app.execute("T-001", VoidRecord(correction_id="C-4", target_id="C-3"), by=BY)
    assert record(app, "P-1").start_date == date(2020, 8, 26)
