"""As-of and known-at answers for a scripted scenario with a backdated amendment: what the ledger
said before the correction, and what is true after it."""

from __future__ import annotations

from tests.integration.test_projection_support import current, read_side  # noqa: F401 (fixture)
from tests.support import BY, posting, seed_schools, teacher
from ledger.domain.commands import AmendRecord, EndPosting


def test_known_at_tells_what_the_ledger_said_and_as_of_what_is_true(ledger, read_side, clock):
    seed_schools(ledger)
    teacher(ledger)  # home S-URBAN since 2015-09-01
    posting(ledger, kind="regular_rotation", host_school_ids=["S-VILLAGE"], start_date="2020-09-01",
            planned_end_date="2023-08-31")
    ledger.execute("T-001", EndPosting(posting_id="P-1", ended_on="2023-08-31"), by=BY)
    before_correction = clock.advance(days=30)
    clock.advance(days=1)
    # a backdated amendment: the posting really started at the point school and ended a year early
    ledger.execute("T-001", AmendRecord(correction_id="C-1", target_id="P-1", effective_date="2026-10-02",
                                        changes={"host_school_ids": ["S-POINT"], "ended_on": "2022-08-31"}), by=BY)
    model = current(read_side)

    then = model.history_known_at(ledger, "T-001", before_correction)
    now = model.history("T-001")
    assert then["known_at"] == before_correction.isoformat(timespec="microseconds")
    assert [(p["school_id"], p["start"], p["end"]) for p in then["periods"]] == [
        ("S-URBAN", "2015-09-01", "2020-08-31"), ("S-VILLAGE", "2020-09-01", "2023-08-31"),
        ("S-URBAN", "2023-09-01", None)]
    assert [(p["school_id"], p["start"], p["end"]) for p in now["periods"]] == [
        ("S-URBAN", "2015-09-01", "2020-08-31"), ("S-POINT", "2020-09-01", "2022-08-31"),
        ("S-URBAN", "2022-09-01", None)]
    assert [e["type"] for e in then["entries"]][-1] == "PostingEnded"  # the correction was not yet made
    posting_then = next(e for e in then["entries"] if e["type"] == "PostingRecorded")
    posting_now = next(e for e in now["entries"] if e["type"] == "PostingRecorded")
    assert posting_then["record"]["host_school_ids"] == ["S-VILLAGE"] and posting_then["amended_by"] == []
    assert posting_now["details"]["host_school_ids"] == ["S-VILLAGE"]  # as recorded
    assert posting_now["record"]["host_school_ids"] == ["S-POINT"] and posting_now["amended_by"] == ["C-1"]
    correction = next(e for e in now["entries"] if e["record_id"] == "C-1")
    assert correction["record"]["before"] == {"host_school_ids": ["S-VILLAGE"], "ended_on": "2023-08-31"}

    # as of a past day, after every correction known now: on 2023-01-01 the teacher is back home
    assert model.teacher("T-001", "2023-01-01")["status"] == "at_home"
    assert model.teacher("T-001", "2021-06-01")["serving_school_ids"] == ["S-POINT"]
    assert [m["teacher_id"] for m in model.roster("S-POINT", "2021-06-01")["hosted"]] == ["T-001"]
    assert model.roster("S-VILLAGE", "2021-06-01")["hosted"] == []
    # as of a day, the history shows what had taken effect by then (corrections known now apply)
    as_of = model.history("T-001", "2021-06-01")
    assert [e["type"] for e in as_of["entries"]] == ["TeacherRegistered", "TeacherRegistered", "PostingRecorded"]
    assert as_of["periods"][-1] == {"school_id": "S-POINT", "start": "2020-09-01", "end": "2021-06-01",
                                    "role": "hosted", "home_school_id": "S-URBAN", "posting_id": "P-1"}
    # known-at and as-of combine: what the ledger said then about 2021-06-01
    said_then = model.history_known_at(ledger, "T-001", before_correction, "2021-06-01")
    assert said_then["periods"][-1] == {**as_of["periods"][-1], "school_id": "S-VILLAGE"}
