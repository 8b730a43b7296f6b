"""``ledger db init``: creates the ledger's tables and makes the event table append-only.

PostgreSQL: run it as the database owner or a superuser (the role that is to own the event
table); it creates the tables (the views' too), the triggers and lock function, and the service,
projector and auditor roles with their grants (``postgres.py``): the views, the audit view's hash
chain among them, then belong to the projector. It may run again at any time: it changes nothing that is
already as it should be, and sets the passwords it is given. SQLite: it creates the tables, the
triggers and the views.
"""

from __future__ import annotations

import psycopg
from eventsourcing.persistence import PersistenceError

from ledger.app import RotationLedger
from ledger.bootstrap import build_ledger, ensure_database
from ledger.database import postgres
from ledger.database.postgres import Roles
from ledger.domain.errors import LedgerError
from ledger.projections import open_read_side
from ledger.settings import Settings


class SetupError(LedgerError):
    """The role running ``ledger db init`` lacks a privilege it needs."""

    title = "Database setup refused"


def init_database(settings: Settings, roles: Roles | None = None) -> list[str]:
    """Sets the database of ``settings`` up; returns what was done, line by line."""
    if settings.backend == "memory":
        raise SetupError("database.memory")
    if settings.backend == "sqlite":
        app = build_ledger(settings)
        try:
            open_read_side(app).close()
            return [f"tables, views and append-only triggers in {settings.sqlite_path}"]
        finally:
            app.close()
    env = settings.eventsourcing_env()
    try:
        ensure_database(settings)
        owner = RotationLedger(env=env)  # the library creates what is missing, owned by this connection's role
        try:
            table = owner.recorder.events_table_name  # type: ignore[attr-defined]
            open_read_side(owner).close()  # the views' tables, handed to the projector role below
        finally:
            owner.close()
        return [f"event table {postgres.schema_of(env)}.{table}", *postgres.set_up(env, table, roles or Roles())]
    except (psycopg.errors.InsufficientPrivilege, PersistenceError) as error:
        denied = error if isinstance(error, psycopg.Error) else error.__cause__
        if not isinstance(denied, psycopg.errors.InsufficientPrivilege):
            raise
        raise SetupError("database.setup_refused", user=env["POSTGRES_USER"],
                         error=str(denied).strip().splitlines()[0]) from None
