"""The event feed: followed from position 0 in small pages while others write, it never misses or
repeats an event; a long poll returns as soon as an event is recorded."""

from __future__ import annotations

import threading
import time

from ledger.app import Envelope
from tests.api.bodies import body, seed
from ledger.domain.commands import GrantAward, RegisterTeacher

BY = Envelope(actor="concurrent-writer", reason="并发写入 concurrent writes")
WRITERS = 4
PER_WRITER = 15


def test_following_from_zero_never_misses_or_repeats_an_event(api):
    seed(api)
    ledger = api.runtime.ledger
    failures: list[BaseException] = []

    def write(n: int) -> None:
        try:
            ledger.register(RegisterTeacher(teacher_id=f"T-W{n}", name="王老师", gender="male", birth_date="1980-01-01", role="teacher", home_school_id="S-URBAN", at_home_school_since="2010-09-01"), by=BY)
            for i in range(PER_WRITER):
                ledger.execute(f"T-W{n}", GrantAward(award_id=f"A-{i}", kind="grade_step", awarded_on="2021-06-30"), by=BY)
        except BaseException as error:  # noqa: BLE001 (reported below)
            failures.append(error)

    writers = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for w in writers:
        w.start()
    seen: list[dict] = []
    after = 0
    while any(w.is_alive() for w in writers) or after < (ledger.recorder.max_notification_id() or 0):
        page = api.get(f"/v1/events?after={after}&limit=7", role="hr").json()
        assert page["head"] >= page["next_after"]
        seen += page["events"]
        after = page["next_after"]
    for w in writers:
        w.join()
    assert not failures

    positions = [e["position"] for e in seen]
    assert positions == sorted(set(positions)), "out of order or repeated"
    stored = ledger.recorder.select_notifications(1, 100_000)
    assert positions == [n.id for n in stored], "missed an event"
    awards = [e for e in seen if e["type"] == "AwardGranted"]
    assert len(awards) == WRITERS * PER_WRITER
    assert {e["actor"] for e in awards} == {"concurrent-writer"}
    assert {e["teacher_id"] for e in awards} == {f"T-W{n}" for n in range(WRITERS)}


def test_each_event_names_its_subject_dates_and_envelope(api):
    seed(api)
    events = api.get("/v1/events?after=0&limit=1000", role="auditor").json()["events"]
    school = next(e for e in events if e["type"] == "SchoolRegistered")
    assert school["school_id"] == "S-URBAN" and school["teacher_id"] is None
    assert school["effective_date"] == "2000-01-01" and school["recorded_at"].endswith("Z")
    assert school["payload"]["name"] == "城关第一小学"
    registered = next(e for e in events if e["type"] == "TeacherRegistered")
    assert registered["teacher_id"] == "T-001" and registered["payload"]["backbone_level"] == "county"
    assert registered["document_ref"] == "县教发〔2026〕12号"
    assert len({e["event_id"] for e in events}) == len(events)


def test_a_subject_first_seen_mid_feed_is_named(api):
    seed(api)
    posted = api.post("/v1/teachers/T-001/awards", body({"award_id": "A-1", "kind": "honour", "date": "2021-06-30"}))
    api.app.state.feed._subjects.clear()  # a fresh service, following from the middle
    event = api.get(f"/v1/events?after={posted.json()['position'] - 1}&limit=1", role="hr").json()["events"][0]
    assert event["type"] == "AwardGranted" and event["teacher_id"] == "T-001"


def test_a_long_poll_returns_when_an_event_is_recorded(api):
    seed(api, teacher=False)
    head = api.get("/v1/events?after=0&limit=1000").json()["head"]
    timer = threading.Timer(0.3, lambda: api.runtime.ledger.issue_key(
        "late-comer", "hr", by=Envelope(actor="cli:test", reason="issued during a long poll")))
    started = time.monotonic()
    timer.start()
    page = api.get(f"/v1/events?after={head}&wait=10", role="hr").json()
    elapsed = time.monotonic() - started
    timer.join()
    assert [e["type"] for e in page["events"]] == ["KeyIssued"] and page["events"][0]["subject_id"] == "late-comer"
    assert 0.25 <= elapsed < 5

    started = time.monotonic()
    empty = api.get(f"/v1/events?after={page['next_after']}&wait=0.3", role="hr").json()
    assert empty["events"] == [] and empty["next_after"] == page["next_after"]
    assert time.monotonic() - started >= 0.3


def test_feed_parameters_are_bounded(sqlite_api):
    for query in ("after=-1", "limit=0", "limit=1001", "wait=31", "after=x", f"after={2**63}"):
        response = sqlite_api.get(f"/v1/events?{query}", role="hr")
        assert response.status_code == 422, query
    assert sqlite_api.get(f"/v1/events?after={2**63 - 1}", role="hr").json()["events"] == []
