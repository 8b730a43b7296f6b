"""Backing up and restoring the ledger's database (events, views, tracking records).

- SQLite: SQLite's online backup API — a consistent copy while the service keeps writing.
  Restoring copies the backup into the configured path, which must not hold a ledger yet.
- PostgreSQL: ``pg_dump --format=custom`` of the ledger's schema; restoring runs ``pg_restore``
  in one transaction into a database where that schema does not exist yet, without the source's
  owners and grants (run ``ledger db init`` afterwards to give the roles their rights again).
  Both need the PostgreSQL client programs on the PATH; the password goes through the
  environment, never the command line.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from ledger.database.connection import libpq_env
from ledger.database.postgres import schema_of
from ledger.domain.errors import ConflictError, InvalidInput, LedgerError
from ledger.settings import Settings


class BackupError(LedgerError):
    """A PostgreSQL client program failed (its message says why)."""

    title = "Backup error"


def backup(settings: Settings, file: Path) -> str:
    """Writes a backup of the configured database to ``file``; says what was backed up."""
    if file.exists():
        raise ConflictError(f"{file} exists: a backup never overwrites a file")
    if settings.backend == "sqlite":
        source = settings.sqlite_path
        if not source.exists():
            raise InvalidInput.one("database_url", f"{source} does not exist")
        _sqlite_copy(source, file)
        return f"{source} → {file}"
    if settings.backend == "postgres":
        env = settings.eventsourcing_env()
        schema = schema_of(env)
        _run("pg_dump", "--format=custom", f"--schema={schema}", f"--file={file}", env=env)
        return f"schema {schema} of {env['POSTGRES_DBNAME']} → {file}"
    raise InvalidInput.one("database_url", "memory:// keeps nothing to back up")


def restore(settings: Settings, file: Path) -> str:
    """Restores a backup into the configured database, which must not hold the ledger yet."""
    if not file.is_file():
        raise InvalidInput.one("file", f"{file} is not a backup file")
    if settings.backend == "sqlite":
        target = settings.sqlite_path
        if target.exists() and target.stat().st_size > 0:
            raise ConflictError(f"{target} exists: restore into a new file, never over a ledger")
        target.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(file, target)
        return f"{file} → {target}"
    if settings.backend == "postgres":
        from ledger.bootstrap import ensure_database  # noqa: PLC0415 (bootstrap imports this package)

        ensure_database(settings)
        env = settings.eventsourcing_env()
        _run("pg_restore", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
             f"--dbname={env['POSTGRES_DBNAME']}", str(file), env=env)
        return f"{file} → {env['POSTGRES_DBNAME']}; run `ledger db init` to grant the roles their rights"
    raise InvalidInput.one("database_url", "memory:// keeps nothing to restore into")


def _sqlite_copy(source: Path, target: Path) -> None:
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _run(program: str, *args: str, env: dict[str, str]) -> None:
    """Runs a PostgreSQL client program against the configured database (connection parameters
    through libpq's environment variables)."""
    if shutil.which(program) is None:
        raise InvalidInput.one("database_url", f"{program} is not on the PATH (install the PostgreSQL client)")
    done = subprocess.run([program, *args], env={**os.environ, **libpq_env(env)},  # noqa: S603 (our own arguments)
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{program} failed: {done.stderr.strip() or done.returncode}")
