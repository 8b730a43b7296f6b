"""Where a teacher serves, period by period (the basis of assignments, rosters and service credit)."""

import pytest

from ledger.domain.service import service_periods
from tests.support import BY, posting, seed_schools, teacher
from ledger.domain.commands import AmendRecord, EndPosting, RecordDeparture, VoidRecord


@pytest.fixture
def app(memory_ledger):
    seed_schools(memory_ledger)
    teacher(memory_ledger)  # home S-URBAN since 2015-09-01
    return memory_ledger


def periods(app, teacher_id="T-001"):
    return [(p.school_id, p.start.isoformat(), p.end.isoformat() if p.end else None, p.role, p.posting_id)
            for p in service_periods(app.get_teacher(teacher_id).dossier)]


def test_home_only(app):
    assert periods(app) == [("S-URBAN", "2015-09-01", None, "home", None)]


def test_a_finished_posting_splits_home_service(app):
    posting(app)
    app.execute("T-001", EndPosting(posting_id="P-1", ended_on="2022-08-31"), by=BY)
    assert periods(app) == [
        ("S-URBAN", "2015-09-01", "2020-08-31", "home", None),
        ("S-VILLAGE", "2020-09-01", "2022-08-31", "hosted", "P-1"),
        ("S-URBAN", "2022-09-01", None, "home", None),
    ]


def test_an_open_itinerant_posting_serves_every_host(app):
    posting(app, kind="itinerant", host_school_ids=["S-VILLAGE", "S-POINT"])
    assert periods(app) == [
        ("S-URBAN", "2015-09-01", "2020-08-31", "home", None),
        ("S-POINT", "2020-09-01", None, "itinerant", "P-1"),
        ("S-VILLAGE", "2020-09-01", None, "itinerant", "P-1"),
    ]


def test_a_transfer_moves_home_and_departure_ends_service(app):
    posting(app, kind="competitive_appointment", host_school_ids=["S-TOWN"], start_date="2021-09-01",
            planned_end_date=None, transfers_personnel_relation=True)
    app.execute("T-001", RecordDeparture(departed_on="2025-07-01", kind="retired"), by=BY)
    assert periods(app) == [
        ("S-URBAN", "2015-09-01", "2021-08-31", "home", None),
        ("S-TOWN", "2021-09-01", "2025-06-30", "home", None),
    ]


def test_voided_postings_have_no_effect_and_amended_ones_count_as_amended(app):
    posting(app)
    app.execute("T-001", EndPosting(posting_id="P-1", ended_on="2022-08-31"), by=BY)
    app.execute("T-001", AmendRecord(correction_id="C-1", target_id="P-1", changes={"ended_on": "2021-08-31"}), by=BY)
    assert ("S-VILLAGE", "2020-09-01", "2021-08-31", "hosted", "P-1") in periods(app)
    app.execute("T-001", VoidRecord(correction_id="C-2", target_id="P-1"), by=BY)
    assert periods(app) == [("S-URBAN", "2015-09-01", None, "home", None)]


def test_postings_across_a_transfer(app):
    posting(app, posting_id="P-T", kind="competitive_appointment", host_school_ids=["S-TOWN"], start_date="2018-09-01",
            planned_end_date=None, transfers_personnel_relation=True)
    posting(app, posting_id="P-2", host_school_ids=["S-POINT"], start_date="2020-09-01")
    app.execute("T-001", EndPosting(posting_id="P-2", ended_on="2021-08-31"), by=BY)
    assert periods(app) == [
        ("S-URBAN", "2015-09-01", "2018-08-31", "home", None),
        ("S-TOWN", "2018-09-01", "2020-08-31", "home", None),
        ("S-POINT", "2020-09-01", "2021-08-31", "hosted", "P-2"),
        ("S-TOWN", "2021-09-01", None, "home", None),
    ]
