"""The event feed names each event's subject from the subject's first event: for subjects whose
first event is not in the page, those first events are read in one query (SQLite and PostgreSQL),
never one read per aggregate."""

from __future__ import annotations

from typing import Any

import pytest

from api.feed import Feed
from ledger.domain.commands import ReclassifySchool
from ledger.store import first_events
from tests.support import BY, posting, seed_schools, teacher


def test_a_page_without_the_subjects_first_events_names_every_subject(ledger: Any,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    seed_schools(ledger)
    for n in range(5):
        teacher(ledger, f"T-{n}")
    registered = ledger.recorder.max_notification_id()
    for n in range(5):
        posting(ledger, f"T-{n}", "P-1")
    ledger.execute("S-VILLAGE", ReclassifySchool(effective_date="2024-09-01", changes={"tier": "ordinary"},
                                                 reclassification_id="R-1"), by=BY)

    def one_by_one(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("subjects are read in one query, not aggregate by aggregate")

    monkeypatch.setattr(ledger.recorder, "select_events", one_by_one)
    items, head = Feed(ledger).page(registered, 100)
    assert head == ledger.recorder.max_notification_id()
    assert [(i["type"], i["subject_type"], i["subject_id"]) for i in items] == [
        *(("PostingRecorded", "teacher", f"T-{n}") for n in range(5)), ("SchoolReclassified", "school", "S-VILLAGE")]
    assert [i["teacher_id"] for i in items[:5]] == [f"T-{n}" for n in range(5)] and items[5]["school_id"] == "S-VILLAGE"


def test_first_events_reads_version_one_of_each_aggregate_asked(ledger: Any) -> None:
    seed_schools(ledger)
    teacher(ledger, "T-1")
    posting(ledger, "T-1", "P-1")
    found = first_events(ledger.recorder, {ledger.get_teacher("T-1").id, ledger.get_school("S-TOWN").id})
    assert sorted(e.topic.rsplit(".", 1)[-1] for e in found) == ["SchoolRegistered", "TeacherRegistered"]
    assert {e.originator_version for e in found} == {1}
    assert first_events(ledger.recorder, set()) == []
