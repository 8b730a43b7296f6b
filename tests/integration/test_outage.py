"""The store's outages through the real service process (`ledger serve`): answered 503 (507 for
full storage) problem+json with Retry-After within the configured bounds, reported by /readyz,
and recovered from at once. PostgreSQL is reached through a proxy the test stops and resumes;
SQLite's file is locked by another connection, or limited in size on the server's connections."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from urllib.parse import urlparse

import httpx
import pytest

from ledger.app import Envelope
from ledger.bootstrap import build_ledger
from ledger.settings import Settings
from tests.conftest import PG
from tests.integration.test_crash import ROOT, free_port
from tests.proxy import FORWARD, REFUSE, SILENT, proxy_to
from tests.support import seed_schools

pytestmark = pytest.mark.slow
FAST = {"LEDGER_DB_CONNECT_TIMEOUT": "2", "LEDGER_DB_PROBE_SECONDS": "1", "LEDGER_DB_LOCK_TIMEOUT": "1"}
BOUND = 10.0  # seconds: wide of the configured 2 s connect timeout and 1 s probe
SCHOOL = {"name": "新学校", "area": "urban", "kind": "regular", "tier": "quality", "level": "primary",
          "district": "城关学区", "effective_date": "2000-01-01", "reason": "登记学校 register the school"}


def admin_key(settings: Settings) -> str:
    app = build_ledger(settings)
    try:
        seed_schools(app)
        return app.issue_key("outage-test", "admin", by=Envelope(actor="cli:test", reason="outage test")).secret
    finally:
        app.close()


@contextmanager
def served(url: str, key: str, prelude: str = "") -> Iterator[httpx.Client]:
    """`ledger serve` on ``url`` with short timeouts, and a client with an admin key."""
    port = free_port()
    env = {**os.environ, **FAST, "LEDGER_DATABASE_URL": url, "LEDGER_LOG_LEVEL": "WARNING"}
    server = subprocess.Popen([sys.executable, "-c", f"{prelude}\nfrom ledger.cli import main; main()", "serve",
                               "--port", str(port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {key}"},
                          timeout=60) as client:
            until(lambda: _answers(client), 30)
            yield client
    finally:
        server.kill()
        server.wait(10)


def _answers(client: httpx.Client) -> bool:
    try:
        return client.get("/healthz").status_code == 200
    except httpx.TransportError:
        return False


def until(condition: Callable[[], bool], seconds: float) -> float:
    """Seconds until ``condition()`` held (fails after ``seconds``)."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, f"not within {seconds} s"
        time.sleep(0.05)
    return time.monotonic() - started


def timed(call: Callable[[], httpx.Response]) -> tuple[float, httpx.Response]:
    started = time.monotonic()
    response = call()
    return time.monotonic() - started, response


def assert_unavailable(response: httpx.Response, slug: str, status: int = 503) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/problems/unavailable", response.text
    assert response.json()["store"] == slug, response.text
    if status == 503:
        assert int(response.headers["retry-after"]) >= 1


def write(client: httpx.Client, school_id: str) -> httpx.Response:
    return client.post("/v1/schools", json={"school_id": school_id, **SCHOOL})


@pytest.mark.postgres
def test_a_postgres_outage_is_answered_503_within_seconds_and_recovered_from_at_once(pg_url):
    key = admin_key(Settings(database_url=pg_url))
    url = urlparse(pg_url)
    with proxy_to(PG["host"], PG["port"]) as proxy:
        through = pg_url.replace(f"@{url.hostname}:{url.port}/", f"@127.0.0.1:{proxy.port}/")
        with served(through, key) as client:
            assert write(client, "S-BEFORE").status_code == 201
            for n, mode in enumerate((REFUSE, SILENT)):  # the server stops, then it hangs
                proxy.set(mode)
                seconds, read = timed(lambda: client.get("/v1/schools"))
                assert_unavailable(read, "unreachable")
                assert seconds < BOUND, (mode, seconds)
                seconds, written = timed(lambda n=n: write(client, f"S-DURING-{n}"))
                assert_unavailable(written, "unreachable")
                assert seconds < BOUND, (mode, seconds)
                assert until(lambda: client.get("/readyz").status_code == 503, BOUND) < BOUND
                ready = client.get("/readyz")
                assert ready.json()["database"] == "unreachable" and "retry-after" in ready.headers

                proxy.set(FORWARD)
                assert until(lambda: client.get("/v1/schools").status_code == 200, BOUND) < BOUND
                assert client.get("/readyz").status_code == 200
                assert write(client, f"S-AFTER-{n}").status_code == 201
    # every acknowledged write is recorded; the refused ones may or may not be (they were not acknowledged)
    app = build_ledger(Settings(database_url=pg_url))
    try:
        for school in ("S-BEFORE", "S-AFTER-0", "S-AFTER-1"):
            assert app.get_school(school).school_id == school
    finally:
        app.close()


def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path}/ledger.sqlite"


def test_a_locked_sqlite_file_answers_503_busy_after_the_lock_timeout(tmp_path):
    url = sqlite_url(tmp_path)
    key = admin_key(Settings(database_url=url))
    with served(url, key) as client, closing(sqlite3.connect(tmp_path / "ledger.sqlite", isolation_level=None)) as db:
        db.execute("BEGIN EXCLUSIVE")  # another process holds the write lock
        seconds, written = timed(lambda: write(client, "S-LOCKED"))
        assert_unavailable(written, "busy")
        assert 0.5 < seconds < BOUND  # it waited for the lock (1 s), then answered
        assert client.get("/v1/schools").status_code == 200  # reads go on
        db.execute("ROLLBACK")
        assert write(client, "S-LOCKED").status_code == 201


def test_a_full_sqlite_database_answers_507_and_readyz_reports_it(tmp_path):
    url = sqlite_url(tmp_path)
    key = admin_key(Settings(database_url=url))
    with closing(sqlite3.connect(tmp_path / "ledger.sqlite")) as db:
        pages = db.execute("PRAGMA page_count").fetchone()[0]
    # the server's own connections may hold a few pages more than now: its storage is then full
    prelude = ("import sqlite3\n_connect = sqlite3.connect\n"
               "def connect(*args, **kwargs):\n    conn = _connect(*args, **kwargs)\n"
               f"    conn.execute('PRAGMA max_page_count = {pages + 40}')\n    return conn\n"
               "sqlite3.connect = connect")
    with served(url, key, prelude) as client:
        answers = []
        for n in range(400):
            answers.append(write(client, f"S-FULL-{n}"))
            if answers[-1].status_code != 201:
                break
        assert_unavailable(answers[-1], "full", status=507)
        assert "storage is full" in answers[-1].json()["detail"]
        assert {a.status_code for a in answers[:-1]} <= {201}
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["database"] == "full", ready.text
        assert client.get("/v1/schools", params={"limit": 1}).status_code == 200  # reads still work
