"""Building the application from settings (never at import time)."""

from __future__ import annotations

import psycopg
from psycopg import sql

from ledger.app import RotationLedger
from ledger.app.core import Clock, utc_now
from ledger.database import guard_store, store_env
from ledger.database.connection import connect
from ledger.settings import Settings


def ensure_database(settings: Settings) -> None:
    """Creates the PostgreSQL database named in the URL if it does not exist yet."""
    if settings.backend != "postgres":
        return
    env = settings.eventsourcing_env()
    dbname = env["POSTGRES_DBNAME"]
    try:
        connect(env).close()
        return
    except psycopg.OperationalError as error:
        if "does not exist" not in str(error):
            raise
    with connect(env, dbname="postgres", autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))


def build_ledger(settings: Settings, *, clock: Clock = utc_now) -> RotationLedger:
    ensure_database(settings)
    app = RotationLedger(env=store_env(settings), clock=clock)
    guard_store(app)
    return app
