"""``ledger db init``: the event table becomes append-only for everyone; the service role may only
read and insert stored events, and read the views, yet serves the whole API; the projector role
alone writes the views (the audit view's hash chain among them) and writes no event; the auditor
role reads and verifies but writes nothing."""

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
from ledger.projections.read_side import ReadOnlyViews
from ledger.runtime import start_runtime
from ledger.settings import Settings
from tests.api.bodies import seed
from tests.api.conftest import serve
from tests.conftest import PG
from tests.integration.test_integrity_support import Intruder
from tests.support import BY, seed_schools, teacher
from ledger.domain.commands import RegisterSchool


def login(role: str, password: str) -> dict[str, object]:
    return {**PG, "user": role, "password": password}


def as_role(url: str, role: str, password: str) -> str:
    return url.replace(f"postgresql://{PG['user']}@", f"postgresql://{role}:{password}@", 1)


@pytest.fixture
def roles(pg_database: str) -> Iterator[Roles]:
    """Role names of this test only (roles belong to the whole server), dropped afterwards."""
    suffix = uuid.uuid4().hex[:8]
    names = Roles(f"svc_{suffix}", f"pw-{suffix}", f"aud_{suffix}", f"pw2-{suffix}", f"prj_{suffix}", f"pw3-{suffix}")
    yield names
    with psycopg.connect(dbname=pg_database, autocommit=True, **PG) as conn:
        for role in (names.service, names.auditor, names.projector):
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
    result = CliRunner().invoke(cli, ["db", "init", "--service-role", roles.service, "--auditor-role", roles.auditor,
                                      "--projector-role", roles.projector],
                                env={"LEDGER_DATABASE_URL": url, "LEDGER_SERVICE_PASSWORD": roles.service_password,
                                     "LEDGER_AUDITOR_PASSWORD": roles.auditor_password,
                                     "LEDGER_PROJECTOR_PASSWORD": roles.projector_password})
    assert result.exit_code == 0, result.output
    return result.output


def role_urls(url: str, roles: Roles) -> dict[str, str]:
    return {"service": as_role(url, roles.service, roles.service_password),
            "projector": as_role(url, roles.projector, roles.projector_password),
            "auditor": as_role(url, roles.auditor, roles.auditor_password)}


@contextmanager
def projecting(url: str, clock) -> Iterator:
    """The projector: a read side that writes the views, as its own role, running until closed."""
    app = build_ledger(Settings(database_url=url), clock=clock)
    side = open_read_side(app, poll_seconds=0.05)
    side.start()
    try:
        yield side
    finally:
        side.close()
        app.close()


@pytest.mark.postgres
def test_the_service_role_serves_the_api_but_may_only_insert_events_and_read_the_views(pg_url, roles, clock):
    # a ledger already in use by the owner, with its views, is then set up for production
    owner = build_ledger(Settings(database_url=pg_url), clock=clock)
    side = open_read_side(owner)
    owner.register(RegisterSchool(school_id="S-OLD", name="老学校", level="primary", area="urban", kind="regular",
                                  tier="ordinary", effective_date="2000-01-01"), by=BY)
    side.projector.catch_up()
    side.close()
    owner.close()
    first = init(pg_url, roles)
    assert f"service role {roles.service} (created)" in first
    assert f"projector role {roles.projector} (created)" in first and "7 existing table(s) handed over" in first
    assert f"service role {roles.service} (updated)" in init(pg_url, roles)  # runs again safely
    urls = role_urls(pg_url, roles)

    with pytest.raises(ReadOnlyViews, match=f"the database role {roles.service} may read the views but not write"):
        start_runtime(Settings(database_url=urls["service"]), clock=clock)  # it may not run the projector itself
    service = Settings(database_url=urls["service"], run_projector=False)
    with projecting(urls["projector"], clock) as projector, served(service, clock) as api:
        assert isinstance(api.runtime.ledger.recorder, AppendOnlyPostgresRecorder)
        assert not api.runtime.read_side.writes and projector.writes
        seed(api, posting=True)  # schools, a teacher and a posting, through the API
        assert api.get("/v1/teachers/T-001", params={"as_of": "2021-01-01"}).json()["status"] == "on_posting"
        projector.projector.rebuild()  # new generations made, old ones dropped, by the projector
        verification = api.get("/v1/ledger/verify", role="auditor").json()
        head = api.runtime.ledger.recorder.max_notification_id()
        assert verification["ok"] and verification["events_checked"] == verification["links_compared"] == head
        assert verification["outcome"] == "consistent"  # no checkpoint: internal consistency only
        audit = Intruder(Settings(database_url=pg_url)).view_table(projector.recorder, projector.registry)

    events = Intruder(Settings(database_url=pg_url)).events
    schema = Settings(database_url=pg_url).eventsourcing_env()["POSTGRES_SCHEMA"]
    refused_to_service = [
        f"UPDATE {events} SET topic = 'x'", f"DELETE FROM {events}", f"TRUNCATE {events}",
        f"LOCK TABLE {events} IN EXCLUSIVE MODE", f"ALTER TABLE {events} DISABLE TRIGGER USER",
        # the chain and the views: the service can neither re-chain nor rebuild them
        f"UPDATE {audit} SET link = '\\x00'", f"DELETE FROM {audit}", f"TRUNCATE {audit}",
        f"INSERT INTO {audit} (position, originator_id, version, type, topic, link) VALUES (0, 'x', 1, 't', 't', '')",
        f"DROP TABLE {audit}", f'UPDATE "{schema}".pv_registry SET generation = 1',
        f'UPDATE "{schema}".projections_tracking SET notification_id = 0',
        f'CREATE TABLE "{schema}".pv_audit_events_g99 (position BIGINT)',
    ]
    for statement in refused_to_service:
        with psycopg.connect(dbname=service.eventsourcing_env()["POSTGRES_DBNAME"], **login(roles.service,
                                                                                             roles.service_password)) as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
        if statement.startswith(("UPDATE", "DELETE", "TRUNCATE")) and events in statement:  # even the owner
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
                Intruder(Settings(database_url=pg_url)).run(statement)
    for command in (["rebuild", "audit", "--force"], ["project"]):  # and the command line says why, in words
        refused = CliRunner().invoke(cli, command, env={"LEDGER_DATABASE_URL": urls["service"]})
        assert refused.exit_code == 1 and "may read the views but not write them" in refused.output, refused.output
    with psycopg.connect(dbname=service.eventsourcing_env()["POSTGRES_DBNAME"],
                         **login(roles.projector, roles.projector_password)) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # and the projector writes no event
            conn.execute(f"INSERT INTO {events} (originator_id, originator_version, topic, state) "
                         "VALUES (gen_random_uuid(), 1, 't', '')")


@pytest.mark.postgres
def test_no_event_can_be_slipped_into_a_gap_of_positions(pg_url, roles, clock):
    init(pg_url, roles)
    app = build_ledger(Settings(database_url=role_urls(pg_url, roles)["service"]), clock=clock)
    intruder = Intruder(Settings(database_url=pg_url))
    try:
        seed_schools(app)
        intruder.skip_positions(2)  # two rolled-back writes leave positions unused
        teacher(app)
        positions = intruder.positions()
        gap = next(p for p in range(1, positions[-1]) if p not in positions)
        (topic, state), = intruder.run("SELECT topic, state FROM {events} ORDER BY {pos} LIMIT 1")
        with psycopg.connect(dbname=Settings(database_url=pg_url).eventsourcing_env()["POSTGRES_DBNAME"],
                             **login(roles.service, roles.service_password)) as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match=f"position {gap} is below an event"):
                conn.execute(f"INSERT INTO {intruder.events} (notification_id, originator_id, originator_version, "
                             "topic, state) VALUES (%s, gen_random_uuid(), 1, %s, %s)", (gap, topic, state))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="below an event"):  # the owner neither
            intruder.insert(gap, shift=False)
        teacher(app, "T-002")  # appending goes on
        assert len(intruder.positions()) == len(positions) + 1
    finally:
        app.close()


@pytest.mark.postgres
def test_the_auditor_role_verifies_and_reads_but_writes_nothing(pg_url, roles, clock):
    init(pg_url, roles)
    urls = role_urls(pg_url, roles)
    app = build_ledger(Settings(database_url=urls["service"]), clock=clock)
    seed_schools(app)
    teacher(app)
    app.close()
    with projecting(urls["projector"], clock) as projector:
        projector.projector.catch_up()

    auditor_url = as_role(pg_url, roles.auditor, roles.auditor_password)
    verified = CliRunner().invoke(cli, ["verify"], env={"LEDGER_DATABASE_URL": auditor_url})
    assert verified.exit_code == 3, verified.output  # no checkpoint: internal consistency only
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
