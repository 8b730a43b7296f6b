"""Shared fixtures: a controllable clock, the three stores (memory, SQLite file, PostgreSQL).

PostgreSQL: each test session gets its own throwaway database and each test its own schema, on
127.0.0.1:5432 as user postgres (override with LEDGER_TEST_PG_HOST/PORT/USER). Outside CI an
unreachable server skips the PostgreSQL tests; with CI=true it fails them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import psycopg
import pytest
from psycopg import sql

from ledger.app import RotationLedger
from ledger.bootstrap import build_ledger
from ledger.settings import Settings

PG = {
    "host": os.environ.get("LEDGER_TEST_PG_HOST", "127.0.0.1"),
    "port": int(os.environ.get("LEDGER_TEST_PG_PORT", "5432")),
    "user": os.environ.get("LEDGER_TEST_PG_USER", "postgres"),
}


class FakeClock:
    """A clock the test moves by hand; recorded times are then exact and repeatable."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(microseconds=1)  # every call is a distinct instant
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 9, 1, 2, 0, tzinfo=timezone.utc))


@pytest.fixture
def memory_ledger(clock: FakeClock) -> Iterator[RotationLedger]:
    app = RotationLedger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}, clock=clock)
    yield app
    app.close()


def _pg_error() -> str | None:
    try:
        psycopg.connect(dbname="postgres", connect_timeout=5, **PG).close()
    except psycopg.Error as error:
        return str(error).strip()
    return None


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A throwaway PostgreSQL database for this test session (or xdist worker)."""
    error = _pg_error()
    if error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL must be reachable in CI ({PG['host']}:{PG['port']}): {error}")
        pytest.skip(f"PostgreSQL not reachable: {error}")
    name = f"ledger_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield name
    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def pg_url_for(database: str, schema: str | None = None) -> str:
    url = f"postgresql://{PG['user']}@{PG['host']}:{PG['port']}/{database}"
    return f"{url}?schema={schema}" if schema else url


@pytest.fixture
def pg_url(pg_database: str) -> Iterator[str]:
    """A fresh schema in the session's database, as a ledger database URL."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dbname=pg_database, autocommit=True, **PG) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    yield pg_url_for(pg_database, schema)
    with psycopg.connect(dbname=pg_database, autocommit=True, **PG) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend_settings(request: pytest.FixtureRequest, tmp_path) -> Settings:  # type: ignore[no-untyped-def]
    """Settings for each real backend: an SQLite file, then PostgreSQL over a real connection."""
    if request.param == "sqlite":
        return Settings(database_url=f"sqlite:///{tmp_path}/ledger.sqlite")
    return Settings(database_url=request.getfixturevalue("pg_url"))


@pytest.fixture
def ledger(backend_settings: Settings, clock: FakeClock) -> Iterator[RotationLedger]:
    app = build_ledger(backend_settings, clock=clock)
    yield app
    app.close()
