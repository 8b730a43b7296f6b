"""Concurrency and load: many HTTP clients write on overlapping teachers for a bounded time
(postings that compete for the same years, returns, exemptions, awards, voids, repeats). No answer
is a 500, no acknowledged event is lost and none is extra, every invariant holds, and replaying
the acknowledged writes one by one in ledger order gives the very same teachers."""

from __future__ import annotations

import os
import random
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient

from api.app import create_app
from ledger.app import Envelope
from ledger.app.sources import AggregateSource
from ledger.integrity import verify_ledger
from ledger.runtime import Runtime, start_runtime
from ledger.settings import Settings
from tests.api.bodies import SCHOOLS, TEACHER, WHY
from tests.conftest import FakeClock

pytestmark = pytest.mark.slow  # a real server and many clients: `make test` runs it, `make test-fast` does not

TEACHERS = [f"T-{i}" for i in range(6)]
CLIENTS = 8
SECONDS = float(os.environ.get("LEDGER_SOAK_SECONDS", "3"))  # `make soak` writes for longer
MIN_CREATED = 150
MAX_SECONDS = max(SECONDS, 30.0)
ACCEPTED = {200, 201, 404, 409, 422}


class LockedClock(FakeClock):
    """The tests' clock, safe for many threads (the live ledger and its replay share its dates)."""

    def __init__(self) -> None:
        super().__init__(datetime(2026, 9, 1, 2, 0, tzinfo=timezone.utc))
        self.lock = threading.Lock()

    def __call__(self) -> datetime:
        with self.lock:
            return super().__call__()


@dataclass(frozen=True)
class Answer:
    path: str
    body: dict[str, Any]
    status: int
    position: int | None
    event_id: str | None


@contextmanager
def http_server(runtime: Runtime) -> Iterator[str]:
    """The API on a real socket (uvicorn in a thread of this process), over ``runtime``."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(runtime=runtime), host="127.0.0.1", port=port,
                                           log_config=None, access_log=False, limit_concurrency=200))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)


def register_county(post: Any) -> None:
    for school in SCHOOLS:
        assert post("/v1/schools", {**school, **WHY}).status_code == 201
    for teacher_id in TEACHERS:
        assert post("/v1/teachers", {**TEACHER, "teacher_id": teacher_id, **WHY}).status_code == 201


def next_write(rng: random.Random, client: int, n: int, mine: list[tuple[str, str]]) -> tuple[str, dict[str, Any]]:
    """A random write on a random teacher; ids are unique to the client, dates overlap on purpose."""
    teacher_id = rng.choice(TEACHERS)
    year = rng.randint(2016, 2024)
    kind = rng.choices(["posting", "return", "exemption", "award", "void", "repeat"], [5, 2, 2, 3, 2, 1])[0]
    ident = f"{client}-{n}"
    if kind == "return" and mine:
        teacher_id, posting_id = rng.choice(mine)
        return f"/v1/teachers/{teacher_id}/postings/{posting_id}/returns", {"date": f"{year}-07-15", "early": True}
    if kind == "void" and mine:
        teacher_id, record_id = rng.choice(mine)
        return f"/v1/teachers/{teacher_id}/corrections", {"correction_id": f"C-{ident}", "target_id": record_id,
                                                           "action": "void"}
    if kind == "exemption":
        return f"/v1/teachers/{teacher_id}/exemptions", {
            "exemption_id": f"E-{ident}", "category": "family_misfortune", "start_date": f"{year}-01-01",
            "approved_by": "school", "approval_ref": f"校发〔{year}〕{ident}号",
            "end_date": f"{year}-12-31"}
    if kind == "award":
        return f"/v1/teachers/{teacher_id}/awards", {"award_id": f"A-{ident}", "kind": "grade_step",
                                                      "date": f"{year}-06-30"}
    return f"/v1/teachers/{teacher_id}/postings", {
        "posting_id": f"P-{ident}", "kind": "support_teaching",
        "host_school_ids": [rng.choice(["S-VILLAGE", "S-POINT"])],
        "start_date": f"{year}-09-01", "planned_end_date": f"{year + 1}-08-31"}


def writers(base_url: str, key: str, seconds: float) -> list[Answer]:
    """Writes for ``seconds`` and, on a busy machine, on until ``MIN_CREATED`` writes were recorded
    (at most ``MAX_SECONDS``), so the contest is as real on a slow run as on a fast one."""
    answers: list[Answer] = []
    lock = threading.Lock()
    started = time.monotonic()

    def writing() -> bool:
        elapsed = time.monotonic() - started
        if elapsed < seconds:
            return True
        with lock:
            created = sum(a.status == 201 for a in answers)
        return created < MIN_CREATED and elapsed < MAX_SECONDS

    def work(client: int) -> None:
        rng = random.Random(client)
        mine: list[tuple[str, str]] = []
        sent: list[tuple[str, dict[str, Any]]] = []
        with httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {key}"}, timeout=30) as http:
            n = 0
            while writing():
                n += 1
                path, body = (rng.choice(sent) if sent and rng.random() < 0.05 else next_write(rng, client, n, mine))
                response = http.post(path, json={**body, **WHY})
                data = response.json()
                answer = Answer(path, body, response.status_code, data.get("position"), data.get("event_id"))
                with lock:
                    answers.append(answer)
                if response.status_code == 201:
                    sent.append((path, body))
                    if path.endswith("/postings"):
                        mine.append((path.split("/")[3], body["posting_id"]))

    threads = [threading.Thread(target=work, args=(k,)) for k in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(MAX_SECONDS + 60)
    return answers


def dossiers(app: Any) -> dict[str, Any]:
    return {d.profile.teacher_id: d for d in AggregateSource(app).dossiers()}


def test_concurrent_writers_lose_nothing_break_nothing_and_equal_a_serial_replay(backend_settings):
    runtime = start_runtime(backend_settings, clock=LockedClock())
    try:
        key = runtime.ledger.issue_key("load", "admin", by=Envelope(actor="cli:test", reason="load test")).secret
        with http_server(runtime) as base_url:
            with httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {key}"}) as http:
                register_county(lambda path, body: http.post(path, json=body))
            before = runtime.ledger.recorder.max_notification_id()
            stored_before = len(runtime.ledger.recorder.select_notifications(1, 1_000_000))
            started = time.monotonic()
            answers = writers(base_url, key, SECONDS)
            elapsed = time.monotonic() - started
        app = runtime.ledger
        statuses = [a.status for a in answers]
        assert set(statuses) <= ACCEPTED, sorted(set(statuses))
        created = [a for a in answers if a.status == 201]
        assert len(created) >= MIN_CREATED and statuses.count(409) > 0 and statuses.count(200) > 0  # a real contest
        summary = (f"load [{backend_settings.backend}]: {len(answers)} writes in {elapsed:.0f} s "
                   f"({len(answers) / elapsed:.0f}/s) by {CLIENTS} clients on {len(TEACHERS)} teachers: "
                   f"{dict(sorted(Counter(statuses).items()))}")
        print(summary)  # noqa: T201 (the soak run's summary)

        # no acknowledged event lost, none extra: the store grew by exactly the 201s, with their ids
        after = app.recorder.select_notifications(before + 1, 1_000_000)
        assert len(app.recorder.select_notifications(1, 1_000_000)) == stored_before + len(created)
        assert sorted(n.id for n in after) == sorted(a.position for a in created)

        # every invariant holds for every teacher
        live = dossiers(app)
        for dossier in live.values():
            dossier.check(list(dossier.records), app.limits_on(app.today()))

        # a serial replay of the acknowledged writes, in ledger order, accepts each and ends the same
        replay = start_runtime(Settings(database_url="memory://", run_projector=False), clock=LockedClock())
        try:
            replay_key = replay.ledger.issue_key("load", "admin", by=Envelope(actor="cli:test", reason="replay")).secret
            with TestClient(create_app(runtime=replay)) as client:
                headers = {"Authorization": f"Bearer {replay_key}"}
                register_county(lambda path, body: client.post(path, json=body, headers=headers))
                for answer in sorted(created, key=lambda a: a.position):
                    response = client.post(answer.path, json={**answer.body, **WHY}, headers=headers)
                    assert response.status_code == 201, (answer, response.text)
            serial = dossiers(replay.ledger)
        finally:
            replay.close()
        assert {t: d.profile for t, d in live.items()} == {t: d.profile for t, d in serial.items()}
        assert {t: {r: v.to_dict() for r, v in d.records.items()} for t, d in live.items()} == \
               {t: {r: v.to_dict() for r, v in d.records.items()} for t, d in serial.items()}

        runtime.read_side.projector.catch_up()
        assert verify_ledger(app, runtime.read_side.recorder).ok
    finally:
        runtime.close()
