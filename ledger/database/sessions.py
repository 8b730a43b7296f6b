"""The web console's sign-in sessions (登录会话), kept in a table of the ledger's database.

A session is a random token the browser holds in an HTTP-only cookie. The table stores only the
token's SHA-256 (``token_hash``), the name of the access key signed in with and that key's recorded
hash (``key_hash``: the console checks the key in the event store on every request, so revoking or
re-issuing it ends the session at once), the moment the session ends and a notice to show once.
Several service processes on one database share the sessions; a restart keeps them.

The table is neither events (a sign-in is not a fact of the ledger) nor a view (a rebuild of the
views must not sign anyone out): it sits beside them, ``console_sessions`` in the SQLite file or
the PostgreSQL schema, created by the service on start if missing — on a schema that ``ledger db
init`` set up, where the service may create no table, by ``db init`` (ADR 0009). The in-memory
store keeps its sessions in an in-memory SQLite database of the process.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import uuid4

from eventsourcing.persistence import IntegrityError, ProgrammingError
from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore
from psycopg import errors as pg_errors

TABLE = "console_sessions"
COLUMNS = ("token_hash TEXT PRIMARY KEY, key_name TEXT NOT NULL, key_hash TEXT NOT NULL, "
           "expires_at BIGINT NOT NULL, notice TEXT")


def new_token() -> str:
    """A session token: 256 random bits, URL-safe (the cookie's value, never stored)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the table keeps of a token (the token is random: a fast hash leaves nothing to guess)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Session:
    key_name: str
    key_hash: str
    expires_at: int  # Unix seconds
    notice: str | None = None  # left by the last write, for the next page


class SessionStore:
    """Start, find and end sessions; ``clock`` gives the current time (the application's)."""

    placeholder = "?"

    def __init__(self, transaction: Callable[..., AbstractContextManager[Any]], table: str,
                 clock: Callable[[], datetime], close: Callable[[], None] = lambda: None) -> None:
        self._transaction = transaction
        self.table = table
        self._clock = clock
        self._close = close

    def now(self) -> int:
        return int(self._clock().timestamp())

    def _sql(self, statement: str) -> str:
        return statement.format(table=self.table).replace("?", self.placeholder)

    def create_table(self) -> None:
        with self._transaction(commit=True) as c:
            c.execute(self._sql(f"CREATE TABLE IF NOT EXISTS {{table}} ({COLUMNS})"))

    def start(self, key_name: str, key_hash: str, seconds: float) -> tuple[str, Session]:
        """A new session for a key; returns its token (to give the browser, once) and the session.
        Sessions that have ended are cleared out on the way."""
        token, now = new_token(), self.now()
        session = Session(key_name, key_hash, now + round(seconds))
        with self._transaction(commit=True) as c:
            c.execute(self._sql("DELETE FROM {table} WHERE expires_at <= ?"), (now,))
            c.execute(self._sql("INSERT INTO {table} (token_hash, key_name, key_hash, expires_at) VALUES (?, ?, ?, ?)"),
                      (token_hash(token), key_name, key_hash, session.expires_at))
        return token, session

    def find(self, token: str) -> Session | None:
        """The session a token stands for, unless it has ended."""
        with self._transaction(commit=False) as c:
            c.execute(self._sql("SELECT key_name, key_hash, expires_at, notice FROM {table} WHERE token_hash = ? "
                                "AND expires_at > ?"), (token_hash(token), self.now()))
            row = c.fetchone()
        return Session(row["key_name"], row["key_hash"], int(row["expires_at"]), row["notice"]) if row else None

    def end(self, token: str) -> None:
        with self._transaction(commit=True) as c:
            c.execute(self._sql("DELETE FROM {table} WHERE token_hash = ?"), (token_hash(token),))

    def leave_notice(self, token: str, notice: str | None) -> None:
        """Keeps a notice (what the last write said) for the next page of this session; None
        clears it (it is shown once)."""
        with self._transaction(commit=True) as c:
            c.execute(self._sql("UPDATE {table} SET notice = ? WHERE token_hash = ?"), (notice, token_hash(token)))

    def close(self) -> None:
        self._close()


class PostgresSessionStore(SessionStore):
    placeholder = "%s"

    def create_table(self) -> None:
        """Only when it is missing: even ``IF NOT EXISTS`` needs a right the service lacks."""
        with self._transaction(commit=False) as c:
            c.execute("SELECT to_regclass(%s) IS NOT NULL AS found", (self.table,))
            row = c.fetchone()
        if not row["found"]:
            super().create_table()


def open_sessions(recorder: Any, clock: Callable[[], datetime]) -> SessionStore:
    """The sessions of the ledger whose application recorder is ``recorder``: in its database
    (the same SQLite file or PostgreSQL schema), else in an in-memory SQLite database. Creates the
    table if it is missing; two processes starting together may race to, and the loser tries again."""
    datastore = getattr(recorder, "datastore", None)
    if isinstance(datastore, PostgresDatastore):
        store: SessionStore = PostgresSessionStore(datastore.transaction, f'"{datastore.schema}"."{TABLE}"', clock)
    elif isinstance(datastore, SQLiteDatastore):
        store = SessionStore(datastore.transaction, TABLE, clock)
    else:
        own = SQLiteDatastore(f"file:ledger-sessions-{uuid4().hex}?mode=memory&cache=shared")
        store = SessionStore(own.transaction, TABLE, clock, own.close)
    for attempt in range(3):
        try:
            store.create_table()
            break
        except (IntegrityError, ProgrammingError, pg_errors.UniqueViolation, pg_errors.DuplicateTable):
            if attempt == 2:
                raise
            time.sleep(0.2)
    return store
