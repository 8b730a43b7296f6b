"""Each view after every kind of event and every correction path, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from ledger.app.sources import AggregateSource
from ledger.domain.errors import InvalidInput, NotFoundError
from ledger.generator import GeneratorConfig, write_into
from ledger.projections.read_model import DOSSIER_BATCH
from tests.integration.test_projection_support import (  # noqa: F401 (fixture)
    assert_views_agree_with_the_ledger,
    current,
    every_kind_of_event,
    read_side,
    record_county,
)
from tests.support import BY, posting
from ledger.domain.commands import EndPosting


def test_the_views_agree_with_the_ledger_after_every_kind_of_event(ledger, read_side):
    for step in every_kind_of_event():
        step(ledger)
        assert_views_agree_with_the_ledger(ledger, current(read_side))


def test_a_voided_record_stays_in_the_history_marked_and_linked_to_its_correction(ledger, read_side):
    record_county(ledger)
    history = current(read_side).history("T-003")
    p4 = [e for e in history["entries"] if e["record_id"] == "P-4"]
    assert [e["type"] for e in p4] == ["PostingRecorded"]
    assert p4[0]["voided"] is True and p4[0]["voided_by"] == "C-6" and p4[0]["posting_id"] == "P-4"
    void = next(e for e in history["entries"] if e["record_id"] == "C-6")
    assert void["type"] == "RecordVoided" and void["details"]["target_id"] == "P-4"
    assert void["actor"] == BY.actor and void["reason"] == BY.reason and void["document_ref"] == BY.document_ref
    assert "S-POINT" not in {p["school_id"] for p in history["periods"]}  # a voided posting credits nothing
    # a void of a void reinstates: the award A-1 is in force again, its voiding void is voided
    entries = {e["record_id"]: e for e in current(read_side).history("T-001")["entries"]}
    assert entries["A-1"]["voided"] is False and entries["C-4"]["voided_by"] == "C-5"


def test_an_amended_record_shows_the_recorded_and_the_amended_values_linked(ledger, read_side):
    record_county(ledger)
    entries = current(read_side).history("T-001")["entries"]
    ended = next(e for e in entries if e["type"] == "PostingEnded")
    assert ended["details"]["ended_on"] == "2023-08-31"  # as recorded
    # C-1 amended it to 2023-07-31, C-2 amended C-1 to 2023-06-30, C-3 voided C-2: C-1's value again
    assert ended["record"]["ended_on"] == "2023-07-31"
    assert ended["amended_by"] == ["C-1"]
    amendment = next(e for e in entries if e["record_id"] == "C-1")
    assert amendment["details"]["changes"] == {"ended_on": "2023-07-31"}
    assert amendment["record"]["before"] == {"ended_on": "2023-08-31"}


def test_rosters_and_assignments_show_itinerant_and_posted_teachers(ledger, read_side):
    record_county(ledger)
    model = current(read_side)
    village = model.roster("S-VILLAGE", "2022-01-01")
    assert {(m["teacher_id"], m["role"], m["posting_id"]) for m in village["hosted"]} == {
        ("T-001", "hosted", "P-1"), ("T-002", "itinerant", "P-2")}
    assert model.roster("S-POINT", "2022-01-01")["hosted"][0]["teacher_id"] == "T-002"
    town = model.roster("S-TOWN", "2022-01-01")
    assert [m["teacher_id"] for m in town["home_staff"]] == ["T-003"]  # transferred in on 2019-09-01
    assert [(a["teacher_id"], a["serving_school_ids"]) for a in town["home_staff_away"]] == [
        ("T-002", ["S-POINT", "S-VILLAGE"])]
    assert model.roster("S-URBAN2", "2022-01-01")["serving"] == []
    page = model.assignments("2022-01-01", school_id="S-POINT")
    assert [(a["teacher_id"], a["serving_school_ids"], a["posting_id"]) for a in page.items] == [
        ("T-002", ["S-POINT", "S-VILLAGE"], "P-2")]
    # S-TOWN is in 河口学区 from 2019-09-01 on; the others are in 城关学区
    in_hekou = model.assignments("2022-01-01", district="河口学区")
    assert [a["teacher_id"] for a in in_hekou.items] == ["T-003"]
    assert model.assignments("2018-01-01", district="河口学区").items == []
    assert [a["teacher_id"] for a in model.assignments("2022-01-01", district="城关学区").items] == ["T-001", "T-002"]


def test_teachers_are_listed_by_school_status_and_name_page_by_page(ledger, read_side):
    record_county(ledger)
    model = current(read_side)
    assert [t["teacher_id"] for t in model.teachers(q="𠮷").items] == ["T-003"]
    assert [t["teacher_id"] for t in model.teachers(q="t-00").items] == ["T-001", "T-002", "T-003"]
    assert [t["teacher_id"] for t in model.teachers(q="%").items] == []
    assert [t["teacher_id"] for t in model.teachers(status="departed", as_of="2025-01-01").items] == ["T-003"]
    assert [t["teacher_id"] for t in model.teachers(status="on_posting", as_of="2022-01-01").items] == [
        "T-001", "T-002"]
    assert [t["teacher_id"] for t in model.teachers(status="at_home", as_of="2022-01-01").items] == ["T-003"]
    assert [t["teacher_id"] for t in model.teachers(school_id="S-TOWN", as_of="2022-01-01").items] == [
        "T-002", "T-003"]
    first = model.teachers(limit=2)
    second = model.teachers(limit=2, cursor=first.next_cursor)
    assert [t["teacher_id"] for t in first.items + second.items] == ["T-001", "T-002", "T-003"]
    assert second.next_cursor is None
    with pytest.raises(InvalidInput) as bad:
        model.teachers(status="away", limit=0, cursor="nonsense")
    assert bad.value.errors[0].field in {"status", "limit", "cursor"}
    for kwargs in ({"cursor": "nonsense"}, {"limit": 501}, {"as_of": "2022-13-01"}):
        with pytest.raises(InvalidInput):
            model.teachers(**kwargs)


def test_the_audit_trail_lists_every_event_with_its_envelope(ledger, read_side):
    record_county(ledger)
    model = current(read_side)
    everything = model.audit(limit=500).items
    assert len(everything) == ledger.recorder.max_notification_id()
    first = everything[0]
    assert first["type"] == "SchoolRegistered" and first["subject_type"] == "school"
    assert first["actor"] == BY.actor and first["policy_clauses"] == list(BY.policy_clauses)
    assert first["correlation_id"] == "test" and first["payload"]["name"] == "城关第一小学"
    of_t3 = model.audit(teacher_id="T-003", limit=500).items
    assert {a["subject_id"] for a in of_t3} == {"T-003"}
    assert [a["type"] for a in of_t3][-2:] == ["ReportingFailed", "TeacherDeparted"]
    assert [a["type"] for a in model.audit(school_id="S-TOWN").items] == ["SchoolRegistered", "SchoolReclassified"]
    voids = model.audit(event_type="RecordVoided", limit=2)
    assert [a["type"] for a in voids.items] == ["RecordVoided", "RecordVoided"]
    rest = model.audit(event_type="RecordVoided", after=voids.next_cursor, limit=100)
    assert len(voids.items) + len(rest.items) == 4 and rest.next_cursor is None
    window = model.audit(after=3, until=6)
    assert [a["position"] for a in window.items] == [4, 5, 6]


def test_unknown_ids_are_not_found_and_bad_arguments_invalid(ledger, read_side):
    record_county(ledger)
    model = current(read_side)
    for call in (lambda: model.teacher("T-404"), lambda: model.history("T-404"),
                 lambda: model.roster("S-404", "2022-01-01"), lambda: model.school("S-404"),
                 lambda: model.history_known_at(ledger, "T-001", "2000-01-01T00:00:00+00:00")):
        with pytest.raises(NotFoundError):
            call()
    for call in (lambda: model.teacher("T-001", "yesterday"), lambda: model.audit(after=-1),
                 lambda: model.audit(teacher_id="T-001", school_id="S-TOWN"),
                 lambda: model.history_known_at(ledger, "T-001", "not a moment")):
        with pytest.raises(InvalidInput):
            call()


def test_the_read_source_gives_the_same_dossiers_and_schools_as_the_aggregates(ledger, read_side):
    record_county(ledger)
    ledger.execute("T-002", EndPosting(posting_id="P-2", ended_on="2022-08-31"), by=BY)
    posting(ledger, "T-002", "P-9", kind="competitive_appointment", host_school_ids=["S-URBAN"],
            start_date="2025-09-01", planned_end_date=None, transfers_personnel_relation=True)
    model = current(read_side)
    source = AggregateSource(ledger)
    by_id = {d.profile.teacher_id: d for d in model.dossiers()}
    assert by_id == {d.profile.teacher_id: d for d in source.dossiers()}
    for school_id in ("S-TOWN", "S-URBAN", "S-POINT"):
        assert sorted(d.profile.teacher_id for d in model.dossiers(school_id=school_id)) == sorted(
            d.profile.teacher_id for d in source.dossiers(school_id=school_id))
    assert model.schools() == source.schools()
    assert model.school("S-TOWN", "2020-01-01")["classification"]["kind"] == "village"
    assert model.school("S-TOWN", "2019-01-01")["classification"]["kind"] == "central"


def test_every_dossier_is_read_once_across_batches(ledger, read_side):
    write_into(ledger, GeneratorConfig(teachers=1100, years=1, seed=11))  # more than two batches of 500
    model = current(read_side)
    read = [d.profile.teacher_id for d in model.dossiers()]
    assert len(read) == len(set(read)) > 2 * DOSSIER_BATCH
    assert {d.profile.teacher_id: d for d in model.dossiers()} == {
        d.profile.teacher_id: d for d in AggregateSource(ledger).dossiers()}
