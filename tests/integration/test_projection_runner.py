"""The runner: exactly once across failures, restarts and rival runners; read-your-writes;
blue/green rebuilds; wake-ups by NOTIFY and by the poll timer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from eventsourcing.persistence import IntegrityError

from ledger.bootstrap import build_ledger
from ledger.domain.errors import ConflictError
from ledger.projections import open_read_side
from ledger.projections.audit import AuditView
from ledger.projections.registry import VIEWS
from ledger.projections.teachers import TeacherView
from tests.integration.test_projection_support import (  # noqa: F401 (fixture)
    assert_views_agree_with_the_ledger,
    current,
    read_side,
    record_county,
    snapshot,
)
from tests.support import BY, posting, seed_schools, teacher
from ledger.domain.commands import EndPosting

ROOT = Path(__file__).resolve().parents[2]


class Boom(Exception):
    pass


def rebuilt(ledger):
    """What a fresh rebuild of every view makes of the same log."""
    side = open_read_side(ledger, page_size=1000)
    try:
        side.projector.rebuild()
        return snapshot(side)
    finally:
        side.close()


def test_a_failure_after_some_rows_are_written_leaves_nothing_behind(ledger, read_side, monkeypatch):
    record_county(ledger)
    prepare = AuditView.prepare
    calls = 0

    def failing_third_page(self, load):
        nonlocal calls
        calls += 1
        writes = prepare(self, load)
        if calls == 3:  # the teachers' and the audit rows are written first, then this fails
            writes.append(lambda w: (_ for _ in ()).throw(Boom("disk full")))
        return writes

    monkeypatch.setattr(AuditView, "prepare", failing_third_page)
    with pytest.raises(Boom):
        read_side.projector.catch_up()
    _, positions = read_side.projector.state()
    assert set(positions.values()) == {10}  # two pages of five committed, the third rolled back
    kept = snapshot(read_side)
    assert [row[0] for row in kept["audit.events"]] == list(range(1, 11))
    monkeypatch.setattr(AuditView, "prepare", prepare)
    read_side.projector.catch_up()
    assert_views_agree_with_the_ledger(ledger, read_side.read_model)
    assert snapshot(read_side) == rebuilt(ledger)


def test_closing_and_reopening_resumes_where_it_stopped(ledger, backend_settings, clock):
    seed_schools(ledger)
    teacher(ledger)
    first = open_read_side(ledger, page_size=3)
    first.projector.catch_up()
    first.close()
    posting(ledger)
    ledger.execute("T-001", EndPosting(posting_id="P-1", ended_on="2021-08-31"), by=BY)
    again = open_read_side(ledger, page_size=3)
    try:
        assert again.projector.catch_up() == 2  # only what was recorded in between
        assert_views_agree_with_the_ledger(ledger, again.read_model)
        assert snapshot(again) == rebuilt(ledger)
    finally:
        again.close()


def test_a_runner_killed_mid_run_loses_and_duplicates_nothing(ledger, backend_settings, read_side):
    record_county(ledger)
    for i in range(150):
        teacher(ledger, f"T-1{i:03d}", name=f"张{i}")
    head = ledger.recorder.max_notification_id()
    env = {**os.environ, "LEDGER_DATABASE_URL": backend_settings.database_url, "LEDGER_PROJECTION_PAGE_SIZE": "1",
           "LEDGER_LOG_LEVEL": "WARNING"}
    command = [sys.executable, "-c", "from ledger.cli import main; main()", "project"]
    runner = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while read_side.projector.processed() < 6 and time.monotonic() < deadline:
            time.sleep(0.001)
        runner.send_signal(signal.SIGKILL)
    finally:
        runner.wait(10)
    killed_at = read_side.projector.processed()
    assert 6 <= killed_at < head, "the runner was killed part-way"
    read_side.projector.catch_up()
    assert_views_agree_with_the_ledger(ledger, read_side.read_model)
    assert snapshot(read_side) == rebuilt(ledger)


def test_two_runners_on_one_store_never_apply_an_event_twice(ledger, read_side):
    record_county(ledger)
    rival = open_read_side(ledger, page_size=2)
    collisions = []

    def run(side):
        while True:
            try:
                side.projector.catch_up()
                return
            except IntegrityError:  # the other runner tracked that page first: read again
                collisions.append(1)

    try:
        threads = [threading.Thread(target=run, args=(side,)) for side in (read_side, rival)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert_views_agree_with_the_ledger(ledger, read_side.read_model)
        assert snapshot(read_side) == rebuilt(ledger)
    finally:
        rival.close()


def test_a_read_after_a_write_reflects_it(ledger, read_side):
    seed_schools(ledger)
    read_side.start()
    written = teacher(ledger, name="赵敏")
    assert read_side.read_model.wait_for(written.position)
    assert read_side.read_model.teacher("T-001")["name"] == "赵敏"
    moved = posting(ledger)
    assert read_side.read_model.wait_for(moved.position, timeout=5)
    assert read_side.read_model.teacher("T-001", "2021-01-01")["serving_school_ids"] == ["S-VILLAGE"]
    assert read_side.read_model.wait_for(None)
    assert not read_side.read_model.wait_for(moved.position + 1000, timeout=0.2)  # bounded


def test_a_rebuild_serves_the_old_views_until_the_new_ones_have_caught_up(ledger, read_side):
    record_county(ledger)
    model = current(read_side)
    served = {name: entry.generation for name, entry in read_side.registry.active().items()}
    halfway, resume = threading.Event(), threading.Event()

    def progress(done, total):
        if not halfway.is_set():
            halfway.set()
            resume.wait(30)

    rebuild = threading.Thread(target=lambda: read_side.projector.rebuild(["assignments"], progress=progress,
                                                                          page_size=4))
    rebuild.start()
    try:
        assert halfway.wait(30)
        entries = read_side.registry.active()
        assert entries["teachers"].building == served["teachers"] + 1
        assert {n: e.generation for n, e in entries.items()} == served  # still the old ones
        assert model.teacher("T-001")["name"] == "李华"
        late = teacher(ledger, "T-009", name="新来的")  # recorded while the rebuild runs
        read_side.projector.catch_up()  # the live runner keeps the served views current
        assert model.teacher("T-009")["name"] == "新来的"
    finally:
        resume.set()
        rebuild.join(60)
    switched = {name: entry.generation for name, entry in read_side.registry.active().items()}
    assert switched == {**served, "teachers": served["teachers"] + 1}
    read_side.projector.catch_up()
    assert read_side.projector.processed() >= late.position
    assert model.teacher("T-009")["name"] == "新来的"
    assert_views_agree_with_the_ledger(ledger, model)
    with read_side.recorder.reading() as r:
        tables = read_side.recorder.view_tables(r)
    assert not any(t.startswith("pv_teachers_") and t.endswith(f"_g{served['teachers']}") for t in tables)


def test_a_changed_view_schema_starts_a_fresh_generation_filled_from_the_log(ledger, read_side, monkeypatch):
    record_county(ledger)
    current(read_side)
    old = read_side.registry.active()["teachers"].generation
    monkeypatch.setattr(TeacherView, "VERSION", TeacherView.VERSION + 1)
    reopened = open_read_side(ledger)
    try:
        assert reopened.registry.active()["teachers"].generation == old + 1
        assert reopened.read_model.lag()["teachers"] == ledger.recorder.max_notification_id()
        assert_views_agree_with_the_ledger(ledger, current(reopened))
    finally:
        reopened.close()


def wait_until(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.postgres
def test_a_notify_from_another_process_wakes_the_runner(pg_url, clock):
    from ledger.settings import Settings

    settings = Settings(database_url=pg_url)
    app, writer = build_ledger(settings, clock=clock), build_ledger(settings, clock=clock)
    side = open_read_side(app, poll_seconds=60)  # the poll would not come in time
    try:
        side.start()
        seed_schools(writer)  # another application: only the NOTIFY tells this runner
        head = writer.recorder.max_notification_id()
        assert wait_until(lambda: side.projector.processed() >= head, 10)
    finally:
        side.close()
        writer.close()
        app.close()


def test_the_poll_catches_up_when_no_notification_arrives(ledger, backend_settings, clock, monkeypatch):
    monkeypatch.setattr("ledger.projections.runner.Projector._listen", lambda self: None)  # every NOTIFY lost
    side = open_read_side(ledger, poll_seconds=0.2)
    writer = build_ledger(backend_settings, clock=clock)
    try:
        side.start()
        seed_schools(writer)
        head = writer.recorder.max_notification_id()
        assert wait_until(lambda: side.projector.processed() >= head, 10)
    finally:
        side.close()
        writer.close()


def test_every_view_is_rebuilt_by_name_or_alias(ledger, read_side):
    record_county(ledger)
    current(read_side)
    before = snapshot(read_side)
    report = read_side.projector.rebuild(["history", "audit"])
    assert set(report.generations) == {"teachers", "audit"} and report.events == ledger.recorder.max_notification_id()
    assert snapshot(read_side) == before
    assert set(VIEWS) == {"teachers", "audit", "schools"}


def test_a_rebuilds_progress_ends_at_every_event_of_the_log(ledger, read_side):
    record_county(ledger)
    seen: list[tuple[int, int]] = []
    read_side.projector.rebuild(["teachers"], page_size=4, progress=lambda done, total: seen.append((done, total)))
    head = ledger.recorder.max_notification_id()
    assert seen[-1] == (head, head)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)  # never back to 0 for the catch-up


def test_a_rebuild_shared_among_processes_builds_the_same_views(ledger, read_side):
    record_county(ledger)
    for i in range(30):
        teacher(ledger, f"T-2{i:02d}", name=f"李{i}")
    current(read_side)
    incremental = snapshot(read_side)
    report = read_side.projector.rebuild(workers=3, page_size=4)  # a third of the teachers each
    assert report.events == ledger.recorder.max_notification_id()
    assert snapshot(read_side) == incremental
    _, positions = read_side.projector.state()
    assert set(positions.values()) == {ledger.recorder.max_notification_id()}
    with read_side.recorder.reading() as r:
        tables = read_side.recorder.view_tables(r)
        tracked = r.query(f"SELECT application_name FROM {read_side.recorder.tracking_table}")
    assert not [t for t in tables if t.startswith("pv_teachers_log_")]  # the bulk build's log is gone
    assert not [row for row in tracked if "#" in row["application_name"]]  # the parts' tracking merged
    assert_views_agree_with_the_ledger(ledger, read_side.read_model)


def test_a_rebuild_overtaken_by_another_does_not_switch(ledger, read_side):
    record_county(ledger)
    current(read_side)
    served = read_side.registry.active()["teachers"].generation
    overtaken = threading.Event()

    def start_another(done, total):
        if not overtaken.is_set():
            overtaken.set()
            read_side.registry.begin_build(["teachers"])  # a second rebuild takes over

    with pytest.raises(ConflictError):
        read_side.projector.rebuild(["teachers"], progress=start_another, page_size=4)
    assert read_side.registry.active()["teachers"].generation == served
    assert read_side.read_model.teacher("T-001")["name"] == "李华"


def test_the_background_runner_is_healthy_while_it_reaches_the_end_and_not_once_stopped(ledger, read_side):
    projector = read_side.projector
    assert not projector.healthy(within=60)  # not started
    projector.start()
    try:
        deadline = time.monotonic() + 10
        while not projector.healthy(within=5) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert projector.healthy(within=5)
    finally:
        projector.stop()
    assert not projector.healthy(within=60)
