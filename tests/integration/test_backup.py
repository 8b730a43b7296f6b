"""Backup and restore on both backends: a backup restored into a fresh database verifies against
a checkpoint taken before the backup, and the restored ledger carries on recording."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import closing

import psycopg
import pytest
from psycopg import sql
from typer.testing import CliRunner

from ledger.bootstrap import build_ledger
from ledger.cli import app as cli
from ledger.settings import Settings
from tests.conftest import PG
from tests.integration.test_projection_support import current, read_side, record_county  # noqa: F401 (fixture)
from tests.support import BY
from ledger.domain.commands import GrantAward


@pytest.fixture
def fresh_url(backend_settings: Settings, tmp_path) -> Iterator[str]:
    """Where the backup is restored: a new SQLite file, or a new PostgreSQL database (same schema name)."""
    if backend_settings.backend == "sqlite":
        yield f"sqlite:///{tmp_path}/restored/ledger.sqlite"
        return
    name = f"ledger_restore_{uuid.uuid4().hex[:10]}"
    yield backend_settings.database_url.replace(f"/{backend_settings.eventsourcing_env()['POSTGRES_DBNAME']}?",
                                                f"/{name}?")
    with psycopg.connect(dbname="postgres", autocommit=True, **PG) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def ledger_cli(url: str, *args: str, **env: str):
    return CliRunner().invoke(cli, list(args), env={"LEDGER_DATABASE_URL": url, **env})


def test_a_restored_backup_verifies_against_a_checkpoint_taken_before_it(ledger, read_side, backend_settings,
                                                                         fresh_url, tmp_path, clock):
    source = backend_settings.database_url
    record_county(ledger)
    current(read_side)
    key = tmp_path / "signing.pem"
    assert ledger_cli(source, "signing-key", str(key)).exit_code == 0
    taken = ledger_cli(source, "checkpoint", "--out", str(tmp_path / "cp.json"), LEDGER_SIGNING_KEY_FILE=str(key))
    assert taken.exit_code == 0, taken.output
    ledger.execute("T-002", GrantAward(award_id="A-LATE", kind="honour", awarded_on="2025-06-30"), by=BY)  # after it
    current(read_side)
    head = ledger.recorder.max_notification_id()

    file = tmp_path / "ledger.backup"
    backed_up = ledger_cli(source, "db", "backup", str(file))
    assert backed_up.exit_code == 0, backed_up.output
    assert ledger_cli(source, "db", "backup", str(file)).exit_code == 1  # never overwrites
    restored = ledger_cli(fresh_url, "db", "restore", str(file))
    assert restored.exit_code == 0, restored.output

    check = ("verify", "--checkpoint", str(tmp_path / "cp.json"), "--public-key", f"{key}.pub")
    verified = ledger_cli(fresh_url, *check)
    assert verified.exit_code == 0, verified.output
    assert f"events checked: {head} ({head} against the audit view's links" in verified.output

    again = build_ledger(Settings(database_url=fresh_url), clock=clock)
    try:
        assert again.get_teacher("T-002").dossier.get("A-LATE").record_id == "A-LATE"
        again.execute("T-001", GrantAward(award_id="A-AFTER", kind="honour", awarded_on="2025-06-30"), by=BY)
        assert again.recorder.max_notification_id() > head  # positions carry on after the restored ones
    finally:
        again.close()
    assert ledger_cli(fresh_url, *check).exit_code == 0
    assert ledger_cli(fresh_url, "db", "restore", str(file)).exit_code == 1  # never over a ledger


def ledger_run(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The `ledger` command as its own process."""
    return subprocess.run([sys.executable, "-c", "from ledger.cli import main; main()", *args], capture_output=True,
                          text=True, timeout=120, check=False,
                          env={**os.environ, "LEDGER_DATABASE_URL": url, "LEDGER_LOG_LEVEL": "WARNING"})


def test_restoring_a_file_that_is_not_a_backup_names_the_problem_and_changes_nothing(backend_settings, fresh_url,
                                                                                     tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a backup\n", encoding="utf-8")
    other = tmp_path / "other.sqlite"  # an SQLite database, but no ledger's
    with closing(sqlite3.connect(other)) as db:
        db.execute("CREATE TABLE t (x)")
    expected = {text: "it is neither a PostgreSQL nor an SQLite backup",
                other: "it is an SQLite database without a ledger's events" if backend_settings.backend == "sqlite"
                else "it is an SQLite backup and LEDGER_DATABASE_URL names PostgreSQL"}
    for file, problem in expected.items():
        done = ledger_run(fresh_url, "db", "restore", str(file))
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        assert done.stderr.startswith(f"error: {file} cannot be restored here: {problem}"), done.stderr
    if backend_settings.backend == "sqlite":
        assert not Settings(database_url=fresh_url).sqlite_path.exists()
    else:
        env = Settings(database_url=fresh_url).eventsourcing_env()
        with psycopg.connect(dbname="postgres", **PG) as conn:  # the restore stopped before making anything
            made = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (env["POSTGRES_DBNAME"],)).fetchone()
        assert made is None
