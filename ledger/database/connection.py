"""PostgreSQL connections: the one place their parameters are built, and the library's datastore
made to fail fast and recover at once when the server stops answering.

``connection_params(env)`` turns the library's environment (``Settings.eventsourcing_env``) into
psycopg's arguments — for the library's pool, ``ledger db init``, the readiness probe — and
``libpq_env(env)`` into libpq's variables for ``pg_dump`` / ``pg_restore``. From the settings:

- ``connect_timeout`` (``LEDGER_DB_CONNECT_TIMEOUT``): libpq's bound on connecting, which the
  library does not pass to its pool (psycopg's own default is 130 s); the pool also waits this
  long for a free connection. TCP keepalives derived from it find a dead peer on idle
  connections (the projection runner's LISTEN) instead of waiting on it for ever;
- ``statement_timeout`` (``LEDGER_DB_STATEMENT_TIMEOUT``, 0 for none): the server cancels a
  longer statement, and the client gives a connection up when the server has not answered a
  command within that and the connect timeout (``AnsweringConnection``) — a silent server cannot
  hold a request;
- ``lock_timeout`` (``LEDGER_DB_LOCK_TIMEOUT``): the library's bound on the writers' table lock.

Why an outage used to hang requests for 80 s and recovery took 16 s: every read and write of the
library is retried 10 times, each waiting up to the pool's timeout for a connection the pool could
not make, and the pool re-made broken connections with an exponential back-off (1, 2, 4, 8, 16 s …
for up to 5 minutes), so the first requests after the server returned waited for the next attempt.
Here the pool re-tries a broken connection once and then grows again on demand, so the first
request after the server returns connects at once; and while ``StoreWatch`` (``watch.py``) finds
the server not answering, ``get_connection`` fails at once (``StoreHealth.down``), so a request
gets its 503 within seconds instead of waiting out 10 pool timeouts.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from typing import Any

import psycopg
from eventsourcing.persistence import OperationalError
from eventsourcing.postgres import PostgresDatastore, PostgresFactory
from psycopg.rows import DictRow, dict_row

from ledger.database.outage import health_of

STATEMENT_TIMEOUT = "POSTGRES_STATEMENT_TIMEOUT"  # the ledger's own key beside the library's
KEEPALIVE_PROBES = 3


def connection_params(env: Mapping[str, str], **overrides: Any) -> dict[str, Any]:
    """psycopg connection arguments from the library's environment."""
    timeout = int(env.get("POSTGRES_CONNECT_TIMEOUT") or 5)
    params: dict[str, Any] = {
        "dbname": env.get("POSTGRES_DBNAME"),
        "host": env.get("POSTGRES_HOST"),
        "port": env.get("POSTGRES_PORT") or "5432",
        "user": env.get("POSTGRES_USER"),
        "password": env.get("POSTGRES_PASSWORD") or "",
        "connect_timeout": timeout,
        "application_name": "rotation-ledger",
        # an idle connection whose peer vanished is found within about 5 connect timeouts
        "keepalives": 1,
        "keepalives_idle": 2 * timeout,
        "keepalives_interval": timeout,
        "keepalives_count": KEEPALIVE_PROBES,
        "tcp_user_timeout": (2 + KEEPALIVE_PROBES) * timeout * 1000,
    }
    if statement_ms := _statement_ms(env):
        params["options"] = f"-c statement_timeout={statement_ms}"
    params.update(overrides)
    return params


def libpq_env(env: Mapping[str, str]) -> dict[str, str]:
    """libpq's environment variables for the client programs (the password never on a command
    line). No statement timeout: a dump or a restore is as long as the ledger."""
    params = connection_params(env)
    return {"PGHOST": params["host"], "PGPORT": str(params["port"]), "PGUSER": params["user"],
            "PGDATABASE": params["dbname"], "PGPASSWORD": params["password"],
            "PGCONNECT_TIMEOUT": str(params["connect_timeout"]), "PGAPPNAME": params["application_name"]}


def connect(env: Mapping[str, str], *, answer_within: float | None = None, **overrides: Any) -> psycopg.Connection[Any]:
    """A connection of its own (not from the pool), with the same parameters; the server must
    answer each command within ``answer_within`` seconds (default: as pooled connections)."""
    return answering(answer_within or answer_timeout(env)).connect(**connection_params(env, **overrides))


def answer_timeout(env: Mapping[str, str]) -> float | None:
    """How long the client waits for the server to answer one command (None: as long as it takes)."""
    statement_ms = _statement_ms(env)
    return statement_ms / 1000 + int(env.get("POSTGRES_CONNECT_TIMEOUT") or 5) if statement_ms else None


def _statement_ms(env: Mapping[str, str]) -> int:
    return round(float(env.get(STATEMENT_TIMEOUT) or 0) * 1000)


class ServerSilent(psycopg.OperationalError):
    """The server did not answer a command in time (the connection was given up)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"the database server did not answer within {seconds:g} s")


class AnsweringConnection(psycopg.Connection[DictRow]):
    """A connection that gives up on a server that has not answered a command within
    ``answer_timeout`` seconds: the connection is closed (its state is unknown) and the command
    fails as a lost connection does. A caller's own timeout (LISTEN's wait) is left alone."""

    answer_timeout: float | None = None

    def wait(self, gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:
        if timeout is not None or self.answer_timeout is None:
            return super().wait(gen, interval, timeout)
        try:
            return super().wait(gen, interval, self.answer_timeout)
        except psycopg.errors._WaitTimeout:  # noqa: SLF001 (psycopg's own timeout of a wait)
            self.pgconn.finish()
            raise ServerSilent(self.answer_timeout) from None


@cache
def answering(seconds: float | None) -> type[AnsweringConnection]:
    return type("AnsweringConnection", (AnsweringConnection,), {"answer_timeout": seconds})


class LedgerPostgresDatastore(PostgresDatastore):
    """The library's datastore with the ledger's connection parameters and outage handling."""

    def adopt(self, env: Mapping[str, str]) -> None:
        """Called once, before the pool opens."""
        self.health = health_of(env)
        self.health.stores.add(self)
        self._in_use: set[psycopg.Connection[Any]] = set()
        self._in_use_lock = threading.Lock()
        pool = self.pool
        pool.kwargs = {**connection_params(env), "row_factory": dict_row}
        pool.connection_class = answering(answer_timeout(env))
        # A broken connection is re-made at once, once; if that fails the pool gives the slot up
        # and grows again when a request needs it (no back-off that outlasts the outage).
        pool.reconnect_timeout = 0

    @contextmanager
    def get_connection(self) -> Iterator[psycopg.Connection[DictRow]]:
        if down := self.health.down:  # the watch found the server silent: fail now (the library retries)
            raise OperationalError(down)
        with super().get_connection() as conn:
            with self._in_use_lock:
                self._in_use.add(conn)
            try:
                yield conn
            finally:
                with self._in_use_lock:
                    self._in_use.discard(conn)

    def abort_in_use(self) -> int:
        """Ends every connection now in use (the server stopped answering): each command waiting
        on one fails at once as a lost connection, and the pool discards it. Returns how many."""
        with self._in_use_lock:
            connections = list(self._in_use)
        for conn in connections:
            with contextlib.suppress(OSError, psycopg.Error), socket.socket(fileno=os.dup(conn.pgconn.socket)) as sock:
                sock.shutdown(socket.SHUT_RDWR)
        return len(connections)

    def close(self) -> None:
        with contextlib.suppress(AttributeError):
            self.health.stores.discard(self)
        super().close()


class LedgerPostgresFactory(PostgresFactory):
    """``PERSISTENCE_MODULE`` of a PostgreSQL ledger (``Settings.eventsourcing_env``)."""

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        # the library builds its datastore by name; this gives that object the ledger's behaviour
        self.datastore.__class__ = LedgerPostgresDatastore
        assert isinstance(self.datastore, LedgerPostgresDatastore)
        self.datastore.adopt(self.env)
