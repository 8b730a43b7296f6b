"""``ledger db init``: the event table becomes append-only for everyone, the service role may only
read and insert stored events yet runs the whole service (API writes, views, rebuilds), and the
auditor role reads and verifies but writes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from psycopg import sql
from typer.testing import CliRunner

from ledger.bootstrap import build_ledger
from ledger.cli import app as cli
from ledger.database.postgres import AppendOnlyPostgresRecorder, Roles
from ledger.database.sqlite import installed_triggers
from ledger.projections import open_read_side
from ledger.settings import Settings
from tests.api.bodies import seed
from tests.api.conftest import serve
from tests.conftest import PG
from tests.integration.test_integrity_support import Intruder
from tests.support import BY, seed_schools, teacher
from ledger.domain.commands import RegisterSchool


def as_role(url: str, role: str, password: str) -> str:
    return url.replace(f"postgresql://{PG['user']}@", f"postgresql://{role}:{password}@", 1)


@pytest.fixture
def roles(pg_database: str) -> Iterator[Roles]:
    """Role names of this test only (roles belong to the whole server), dropped afterwards."""
    suffix = uuid.uuid4().hex[:8]
    names = Roles(f"svc_{suffix}", f"pw-{suffix}", f"aud_{suffix}", f"pw2-{suffix}")
    yield names
    with psycopg.connect(dbname=pg_database, autocommit=True, **PG) as conn:
        for role in (names.service, names.auditor):
            if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                conn.execute(sql.SQL("DROP OWNED BY {} CASCADE").format(sql.Identifier(role)))
                conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


@contextmanager
def served(settings: Settings, clock) -> Iterator:
    running = serve(settings, clock)
    try:
        yield next(running)
    finally:
        running.close()


def init(url: str, roles: Roles) -> str:
    result = CliRunner().invoke(cli, ["db", "init", "--service-role", roles.service, "--auditor-role", roles.auditor],
                                env={"LEDGER_DATABASE_URL": url, "LEDGER_SERVICE_PASSWORD": roles.service_password,
                                     "LEDGER_AUDITOR_PASSWORD": roles.auditor_password})
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.postgres
def test_the_service_role_runs_the_service_but_may_only_read_and_insert_stored_events(pg_url, roles, clock):
    # a ledger already in use by the owner, with its views, is then set up for production
    owner = build_ledger(Settings(database_url=pg_url), clock=clock)
    side = open_read_side(owner)
    owner.register(RegisterSchool(school_id="S-OLD", name="老学校", level="primary", area="urban", kind="regular",
                                  tier="ordinary", effective_date="2000-01-01"), by=BY)
    side.projector.catch_up()
    side.close()
    owner.close()
    first = init(pg_url, roles)
    assert f"service role {roles.service} (created)" in first and "7 existing table(s) handed over" in first
    assert f"service role {roles.service} (updated)" in init(pg_url, roles)  # runs again safely

    service = Settings(database_url=as_role(pg_url, roles.service, roles.service_password))
    with served(service, clock) as api:
        assert isinstance(api.runtime.ledger.recorder, AppendOnlyPostgresRecorder)
        seed(api, posting=True)  # schools, a teacher and a posting, through the API
        assert api.get("/v1/teachers/T-001", params={"as_of": "2021-01-01"}).json()["status"] == "on_posting"
        api.runtime.read_side.projector.rebuild()  # new generations made, old ones dropped, as the service
        verification = api.get("/v1/ledger/verify", role="auditor").json()
        head = api.runtime.ledger.recorder.max_notification_id()
        assert verification["ok"] and verification["events_checked"] == head, verification

    events = Intruder(Settings(database_url=pg_url)).events
    statements = [f"UPDATE {events} SET topic = 'x'", f"DELETE FROM {events}", f"TRUNCATE {events}",
                  f"LOCK TABLE {events} IN EXCLUSIVE MODE", f"ALTER TABLE {events} DISABLE TRIGGER USER"]
    service_params = {**PG, "user": roles.service, "password": roles.service_password}
    for statement in statements:
        with psycopg.connect(dbname=service.eventsourcing_env()["POSTGRES_DBNAME"], **service_params) as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
        if not statement.startswith(("LOCK", "ALTER")):  # even the owner: the trigger refuses
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
                Intruder(Settings(database_url=pg_url)).run(statement)


@pytest.mark.postgres
def test_the_auditor_role_verifies_and_reads_but_writes_nothing(pg_url, roles, clock):
    init(pg_url, roles)
    service = Settings(database_url=as_role(pg_url, roles.service, roles.service_password))
    app = build_ledger(service, clock=clock)
    side = open_read_side(app)
    seed_schools(app)
    teacher(app)
    side.projector.catch_up()
    side.close()
    app.close()

    auditor_url = as_role(pg_url, roles.auditor, roles.auditor_password)
    verified = CliRunner().invoke(cli, ["verify"], env={"LEDGER_DATABASE_URL": auditor_url})
    assert verified.exit_code == 0, verified.output
    assert "6 against the audit view's links" in verified.output
    reader = build_ledger(Settings(database_url=auditor_url), clock=clock)
    try:
        assert reader.get_teacher("T-001").dossier.profile.name == "李华"
        with pytest.raises(Exception, match="permission denied"):
            teacher(reader, "T-002")
    finally:
        reader.close()


def test_db_init_on_sqlite_makes_tables_views_and_triggers(tmp_path):
    url = f"sqlite:///{tmp_path}/ledger.sqlite"
    result = CliRunner().invoke(cli, ["db", "init"], env={"LEDGER_DATABASE_URL": url})
    assert result.exit_code == 0, result.output
    app = build_ledger(Settings(database_url=url))
    try:
        assert installed_triggers(app.recorder) == ["ledger_events_no_delete", "ledger_events_no_replace",
                                                  "ledger_events_no_update"]
        side = open_read_side(app)
        assert side.registry.active().keys() == {"teachers", "audit", "schools"}
        side.close()
    finally:
        app.close()
    memory = CliRunner().invoke(cli, ["db", "init"], env={"LEDGER_DATABASE_URL": "memory://"})
    assert memory.exit_code == 1 and "no database to set up" in memory.output


@pytest.mark.postgres
def test_db_init_by_an_owner_that_may_not_create_roles_says_so_without_a_traceback(pg_database, roles):
    weak, database = f"weak_{roles.service}", f"weak_{roles.service}"
    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD 'weak-pw'").format(sql.Identifier(weak)))
        conn.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(database), sql.Identifier(weak)))
    try:
        url = f"postgresql://{weak}:weak-pw@{PG['host']}:{PG['port']}/{database}"
        done = subprocess.run([sys.executable, "-c", "from ledger.cli import main; main()", "db", "init",
                               "--service-role", roles.service, "--auditor-role", roles.auditor],
                              env={**os.environ, "LEDGER_DATABASE_URL": url}, capture_output=True, text=True,
                              timeout=120, check=False)
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        assert f"error: The role {weak} may not set this database up (permission denied to create role)" in done.stderr
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database)))
            conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(weak)))
