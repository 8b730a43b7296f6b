"""Crash safety: the projection runner, an import and the API under writes are killed with SIGKILL
at random points (seeded), then restarted; nothing is lost or doubled — the views equal a fresh
rebuild, every acknowledged write is recorded exactly once, and the hash chain verifies."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from datetime import datetime, timezone

import httpx
import pytest

from ledger.app import Envelope
from ledger.app.sources import AggregateSource
from ledger.generator import GeneratorConfig, write_files, write_into
from ledger.integrity import verify_ledger
from ledger.projections import open_read_side
from tests.conftest import FakeClock
from tests.integration.test_import import county, memory
from tests.integration.test_projection_support import snapshot
from tests.support import seed_schools, teacher

pytestmark = pytest.mark.slow  # real processes: `make test` runs these, `make test-fast` does not

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = [20260901 + n for n in range(int(os.environ.get("LEDGER_SOAK_ROUNDS", "1")))]  # `make soak`: more
COUNTY = GeneratorConfig(teachers=500, years=3, seed=3)  # about 2,000 events


@pytest.fixture
def clock() -> FakeClock:
    """Later than every recorded time here (generated counties, the servers' real clocks), so the
    views can be compared with the ledger as known now."""
    return FakeClock(datetime(2030, 1, 1, tzinfo=timezone.utc))


def ledger_process(settings, *args: str, **env: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", "from ledger.cli import main; main()", *args], cwd=ROOT,
        env={**os.environ, "LEDGER_DATABASE_URL": settings.database_url, "LEDGER_LOG_LEVEL": "WARNING", **env},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def kill_after(process: subprocess.Popen[bytes], started: Callable[[], bool], delay: float,
               seconds: float = 30) -> None:
    """SIGKILL ``delay`` seconds after ``started()`` first holds (the process is at work)."""
    deadline = time.monotonic() + seconds
    while not started() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(10)


def assert_nothing_lost_or_doubled(ledger) -> None:
    """A fresh runner catches the views up; they equal a rebuild from the log, hold every
    teacher, and the chain verifies."""
    side = open_read_side(ledger, page_size=500)
    try:
        side.projector.catch_up()
        resumed = snapshot(side)
        teachers = sorted(d.profile.teacher_id for d in AggregateSource(ledger).dossiers())
        assert sorted(row[1] for row in resumed["teachers.teachers"]) == teachers
        result = verify_ledger(ledger, side.recorder)
        stored = len(ledger.recorder.select_notifications(1, 1_000_000))  # PostgreSQL: positions may have gaps
        assert result.ok and result.links_compared == result.events_checked == stored, result
        side.projector.rebuild()
        assert snapshot(side) == resumed
    finally:
        side.close()


@pytest.mark.parametrize("seed", ROUNDS)
def test_the_projection_runner_killed_at_random_points_resumes_exactly_once(ledger, backend_settings, seed):
    write_into(ledger, COUNTY)
    head = ledger.recorder.max_notification_id()
    side = open_read_side(ledger)
    rng = random.Random(seed)
    killed_at = []
    try:
        for _ in range(3):
            before = side.projector.processed()
            runner = ledger_process(backend_settings, "project", LEDGER_PROJECTION_PAGE_SIZE="1")
            kill_after(runner, lambda: side.projector.processed() > before, rng.uniform(0, 0.3))  # noqa: B023
            killed_at.append(side.projector.processed())
    finally:
        side.close()
    assert 0 < killed_at[0] <= killed_at[-1] < head, killed_at  # killed part-way, each time further on
    assert_nothing_lost_or_doubled(ledger)


@pytest.mark.parametrize("seed", ROUNDS)
def test_an_import_killed_at_a_random_point_completes_when_run_again(ledger, backend_settings, tmp_path, seed):
    write_files(tmp_path, COUNTY)
    for kind in ("schools", "teachers"):
        done = ledger_process(backend_settings, "import", kind, str(tmp_path / f"{kind}.csv"))
        assert done.wait(60) == 0
    registered = ledger.recorder.max_notification_id()
    importer = ledger_process(backend_settings, "import", "history", str(tmp_path / "history.csv"), "--batch", "1")
    kill_after(importer, lambda: (ledger.recorder.max_notification_id() or 0) > registered,
               random.Random(seed).uniform(0, 0.2))
    partial = ledger.recorder.max_notification_id() - registered
    again = ledger_process(backend_settings, "import", "history", str(tmp_path / "history.csv"))
    assert again.wait(120) == 0
    assert partial > 0 and ledger.recorder.max_notification_id() - registered > partial  # killed part-way
    direct = memory()
    write_into(direct, COUNTY)
    assert county(ledger) == county(direct)  # nothing lost, nothing twice
    assert_nothing_lost_or_doubled(ledger)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def api_server(settings, port: int, **env: str) -> Iterator[subprocess.Popen[bytes]]:
    server = ledger_process(settings, "serve", "--port", str(port), **env)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
        yield server
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGKILL)
        server.wait(10)


@pytest.mark.parametrize("seed", ROUNDS)
def test_the_api_killed_under_writes_keeps_every_acknowledged_write_once(ledger, backend_settings, seed):
    seed_schools(ledger)
    teachers = [f"T-{i}" for i in range(4)]
    for t in teachers:
        teacher(ledger, t)
    key = ledger.issue_key("crash-test", "admin", by=Envelope(actor="cli:test", reason="crash test")).secret
    writes = [(teachers[i % len(teachers)], f"A-{i}") for i in range(120)]
    acknowledged: dict[str, int] = {}  # award id → status of the answer
    failures: list[str] = []
    lock = threading.Lock()

    def post(client: httpx.Client, teacher_id: str, award_id: str) -> int | None:
        try:
            response = client.post(f"/v1/teachers/{teacher_id}/awards", json={
                "award_id": award_id, "kind": "grade_step", "date": "2021-06-30", "reason": "崩溃测试 crash test"})
        except httpx.HTTPError:
            return None  # the server died under the request: unknown whether it was recorded
        if response.status_code >= 500:
            failures.append(f"{award_id}: {response.status_code} {response.text}")
        return response.status_code

    def writer(part: list[tuple[str, str]], port: int, stop: threading.Event) -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {key}"},
                          timeout=10) as client:
            for teacher_id, award_id in part:
                if stop.is_set():
                    return
                status = post(client, teacher_id, award_id)
                if status is not None:
                    with lock:
                        acknowledged[award_id] = status

    port = free_port()
    with api_server(backend_settings, port) as server:
        stop = threading.Event()
        threads = [threading.Thread(target=writer, args=(writes[k::4], port, stop)) for k in range(4)]
        for thread in threads:
            thread.start()
        kill_after(server, lambda: len(acknowledged) >= 10, random.Random(seed).uniform(0.05, 0.4))
        stop.set()
        for thread in threads:
            thread.join(30)
    assert 10 <= len(acknowledged) < len(writes), "the server was killed part-way"
    recorded_before_restart = {a for d in AggregateSource(ledger).dossiers() for a in d.records if a.startswith("A-")}
    assert {a for a, status in acknowledged.items() if status == 201} <= recorded_before_restart

    port = free_port()
    statuses: dict[str, int | None] = {}

    def send_again(part: list[tuple[str, str]]) -> None:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {key}"},
                          timeout=10) as client:
            for teacher_id, award_id in part:
                statuses[award_id] = post(client, teacher_id, award_id)

    with api_server(backend_settings, port):  # every write is sent again: those recorded are answered as repeats
        threads = [threading.Thread(target=send_again, args=(writes[k::4],)) for k in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert failures == []
    assert {a for a, s in statuses.items() if s == 200} == recorded_before_restart
    assert {a for a, s in statuses.items() if s == 201} == {a for _, a in writes} - recorded_before_restart
    awards = [a for d in AggregateSource(ledger).dossiers() for a in d.records if a.startswith("A-")]
    assert sorted(awards) == sorted(a for _, a in writes)  # each exactly once
    assert_nothing_lost_or_doubled(ledger)
