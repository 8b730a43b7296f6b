"""Backing up and restoring the ledger's database (events, views, tracking records).

- SQLite: SQLite's online backup API — a consistent copy while the service keeps writing.
  Restoring copies the backup into the configured path, which must not hold a ledger yet.
- PostgreSQL: ``pg_dump --format=custom`` of the ledger's schema; restoring runs ``pg_restore``
  in one transaction, without the source's owners and grants (run ``ledger db init`` afterwards to
  give the roles their rights again), into a database where that schema holds no tables yet: a
  database just made with ``createdb`` (whose ``public`` schema exists, empty) or a new schema.
  Both need the PostgreSQL client programs on the PATH; the password goes through the
  environment, never the command line.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import closing
from pathlib import Path

from ledger.database.connection import connect, libpq_env
from ledger.database.postgres import schema_of
from ledger.domain.errors import LedgerError
from ledger.domain.messages import Message
from ledger.settings import Settings

PG_MAGIC, SQLITE_MAGIC = b"PGDMP", b"SQLite format 3\x00"
SQLITE_EVENTS = "stored_events"


class BackupError(LedgerError):
    """A file that cannot be restored here, or a PostgreSQL client program that failed (its
    message says why)."""

    title = "Backup error"


def backup(settings: Settings, file: Path) -> str:
    """Writes a backup of the configured database to ``file``; says what was backed up."""
    if file.exists():
        raise BackupError("backup.exists", file=str(file))
    if settings.backend == "sqlite":
        source = settings.sqlite_path
        if not source.exists():
            raise BackupError("backup.no_source", file=str(source))
        _sqlite_copy(source, file)
        return f"{source} → {file}"
    if settings.backend == "postgres":
        env = settings.eventsourcing_env()
        schema = schema_of(env)
        _run("pg_dump", "--format=custom", f"--schema={schema}", f"--file={file}", env=env)
        return f"schema {schema} of {env['POSTGRES_DBNAME']} → {file}"
    raise BackupError("backup.memory")


def restore(settings: Settings, file: Path) -> str:
    """Restores a backup into the configured database, which must not hold the ledger yet."""
    if not file.is_file():
        raise BackupError("backup.not_a_backup", file=str(file), found=Message("backup.found.missing"))
    if settings.backend == "memory":
        raise BackupError("backup.memory_restore")
    kind = _kind_of(file)
    expected = "SQLite" if settings.backend == "sqlite" else "PostgreSQL"
    if kind != expected:
        code = {"SQLite": "backup.found.sqlite", "PostgreSQL": "backup.found.postgresql"}.get(kind or "",
                                                                                            "backup.found.no_backup")
        found = Message(code, expected=expected)
        raise BackupError("backup.not_a_backup", file=str(file), found=found)
    if settings.backend == "sqlite":
        return _restore_sqlite(settings, file)
    return _restore_postgres(settings, file)


def _kind_of(file: Path) -> str | None:
    with file.open("rb") as f:
        head = f.read(len(SQLITE_MAGIC))
    if head.startswith(PG_MAGIC):
        return "PostgreSQL"
    return "SQLite" if head == SQLITE_MAGIC else None


def _restore_sqlite(settings: Settings, file: Path) -> str:
    target = settings.sqlite_path
    if target.exists() and target.stat().st_size > 0:
        raise BackupError("backup.target_not_empty", target=str(target))
    try:
        with closing(sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)) as db:
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        raise BackupError("backup.not_a_backup", file=str(file),
                          found=Message("backup.found.unreadable", error=str(error))) from None
    if SQLITE_EVENTS not in tables:
        raise BackupError("backup.not_a_backup", file=str(file), found=Message("backup.found.no_events"))
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        _sqlite_copy(file, target)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return f"{file} → {target}"


def _restore_postgres(settings: Settings, file: Path) -> str:
    from ledger.bootstrap import ensure_database  # noqa: PLC0415 (bootstrap imports this package)

    env = settings.eventsourcing_env()
    schema = schema_of(env)
    listing = _run("pg_restore", "--list", str(file), env=env)
    entries = listing.splitlines()
    schemas = {words[5] for words in map(str.split, entries) if words[3:5] == ["SCHEMA", "-"] and len(words) > 5}
    if schemas and schema not in schemas:
        raise BackupError("backup.other_schema", file=str(file), schema=sorted(schemas), target=schema)
    ensure_database(settings)
    with connect(env) as conn:
        exists = conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)).fetchone()
        tables = conn.execute("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                              "WHERE n.nspname = %s AND c.relkind IN ('r', 'p', 'v', 'm', 'S')", (schema,)).fetchone()
    if tables and tables[0]:
        raise BackupError("backup.target_not_empty", target=f"{env['POSTGRES_DBNAME']}.{schema}")
    args = ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
            f"--dbname={env['POSTGRES_DBNAME']}"]
    with tempfile.TemporaryDirectory() as folder:
        if exists:  # an empty schema is there already (createdb makes public): restore what is inside it
            keep = [line for line in entries if not _creates_schema(line, schema)]
            chosen = Path(folder) / "restore.list"
            chosen.write_text("\n".join(keep) + "\n", encoding="utf-8")
            args.append(f"--use-list={chosen}")
        _run("pg_restore", *args, str(file), env=env)
    return f"{file} → {env['POSTGRES_DBNAME']}; run `ledger db init` to grant the roles their rights"


def _creates_schema(entry: str, schema: str) -> bool:
    """A listing's entry (``4; 2615 2200 SCHEMA - public owner``) that creates or comments on the
    schema itself."""
    words = entry.split()
    return words[3:6] == ["SCHEMA", "-", schema] or words[3:7] == ["COMMENT", "-", "SCHEMA", schema]


def _sqlite_copy(source: Path, target: Path) -> None:
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _run(program: str, *args: str, env: dict[str, str]) -> str:
    """Runs a PostgreSQL client program against the configured database (connection parameters
    through libpq's environment variables)."""
    if shutil.which(program) is None:
        raise BackupError("backup.no_program", program=program)
    done = subprocess.run([program, *args], env={**os.environ, **libpq_env(env)},  # noqa: S603 (our own arguments)
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError("backup.failed", program=program, error=done.stderr.strip() or str(done.returncode))
    return done.stdout
