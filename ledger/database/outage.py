"""When the store cannot do what was asked — it does not answer, it is busy, its storage is full —
the ledger says so as an error of its own (``StoreUnavailable``), never as an unexpected failure.

``store_unavailable(error)`` recognises such a failure anywhere in an exception's chain (the
library wraps the driver's errors): PostgreSQL connection failures, shutdowns, lock and statement
timeouts, a pool without a free connection, a full disk; SQLite's busy and locked database, its
full database or disk, a file it cannot read or write. The API answers them 503 with
``Retry-After`` (507 for full storage), the command line with a message.

``StoreHealth`` (one per database a process uses): ``down`` while the watch (``watch.py``) finds
the server not answering — connections then fail at once instead of waiting — and ``full`` for a
while after a write found the storage full, so ``/readyz`` reports both.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import psycopg
import psycopg_pool
from eventsourcing.persistence import InterfaceError, OperationalError

from ledger.domain.errors import LedgerError

FULL_REPORTED_SECONDS = 60.0  # /readyz reports full storage this long after a write found it full
UNREACHABLE, BUSY, FULL = "unreachable", "busy", "full"


class StoreUnavailable(LedgerError):
    """The store cannot serve the request now; ``kind`` says why (unreachable, busy, full)."""

    title = "Store unavailable"

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__(f"store.{kind}", reason=reason)
        self.kind = kind
        self.reason = reason


# PostgreSQL conditions (SQLSTATE) that say the server is going or gone, or cannot take more now
_PG_UNREACHABLE = {"57P01", "57P02", "57P03", "08000", "08003", "08006", "08001", "08004"}
_PG_BUSY = {"55P03", "57014", "53000", "53200", "53300", "40P01"}
_PG_FULL = {"53100"}
_SQLITE = {"SQLITE_BUSY": BUSY, "SQLITE_LOCKED": BUSY, "SQLITE_FULL": FULL, "SQLITE_IOERR": UNREACHABLE,
           "SQLITE_CANTOPEN": UNREACHABLE}


def store_unavailable(error: BaseException) -> StoreUnavailable | None:
    """The ``StoreUnavailable`` an error amounts to, or None if it is not the store's condition."""
    seen: set[int] = set()
    current: BaseException | None = error
    library_connection_error = driver_error = False
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, StoreUnavailable):
            return current
        found = _classify(current)
        if found is not None:
            return StoreUnavailable(found, reason_of(current))
        library_connection_error |= isinstance(current, (OperationalError, InterfaceError))
        driver_error |= isinstance(current, (psycopg.Error, sqlite3.Error))
        current = current.__cause__ or current.__context__
    if library_connection_error and not driver_error:  # a datastore that failed fast: the server is down
        return StoreUnavailable(UNREACHABLE, reason_of(error))
    return None


def _classify(error: BaseException) -> str | None:
    if isinstance(error, (psycopg_pool.PoolTimeout, psycopg_pool.TooManyRequests)):
        return BUSY
    if isinstance(error, psycopg.Error):
        state = error.sqlstate or ""
        if state in _PG_FULL:
            return FULL
        if state in _PG_BUSY:
            return BUSY
        if state in _PG_UNREACHABLE or state.startswith("08"):
            return UNREACHABLE
        if not state and isinstance(error, (psycopg.OperationalError, psycopg.InterfaceError)):
            return _refused_connection(str(error))
        return None
    if isinstance(error, sqlite3.OperationalError | sqlite3.DatabaseError):
        name = (getattr(error, "sqlite_errorname", "") or "").split("_")
        base = "_".join(name[:2])
        return _SQLITE.get(base)
    return None


def _refused_connection(text: str) -> str | None:
    """A connection that failed on the client's side (refused, closed, no answer in time) or that
    the server refused while starting, stopping or full; not one it refused for bad credentials or
    an unknown database, which is the configuration's mistake."""
    if "FATAL:" not in text:
        return UNREACHABLE
    if "too many" in text:
        return BUSY
    return UNREACHABLE if any(word in text for word in ("starting up", "shutting down", "recovery")) else None


def reason_of(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


@dataclass
class StoreHealth:
    """What this process knows of one database's health."""

    target: str
    down: str | None = None  # why, while the watch finds the server not answering
    full_at: float | None = None  # when a write last found the storage full (monotonic)
    full_reason: str = ""
    stores: weakref.WeakSet[Any] = field(default_factory=weakref.WeakSet)  # datastores of this database
    watchers: int = 0

    def storage_full(self, reason: str) -> None:
        self.full_at, self.full_reason = time.monotonic(), reason

    @property
    def full(self) -> str | None:
        """Why the storage was found full, within the last ``FULL_REPORTED_SECONDS``."""
        if self.full_at is not None and time.monotonic() - self.full_at < FULL_REPORTED_SECONDS:
            return self.full_reason
        return None

    def noted(self, error: StoreUnavailable) -> None:
        if error.kind == FULL:
            self.storage_full(error.reason)


_health: dict[str, StoreHealth] = {}
_health_lock = threading.Lock()


def health_of(env: Mapping[str, str]) -> StoreHealth:
    """The health of the database the library's environment names (one object per database)."""
    if env.get("SQLITE_DBNAME"):
        target = f"sqlite:{env.get('SQLITE_DBNAME')}"
    elif env.get("POSTGRES_DBNAME"):
        target = (f"postgresql:{env.get('POSTGRES_HOST')}:{env.get('POSTGRES_PORT')}/{env.get('POSTGRES_DBNAME')}"
                  f"@{env.get('POSTGRES_USER')}")
    else:
        target = "memory"
    with _health_lock:
        return _health.setdefault(target, StoreHealth(target))
