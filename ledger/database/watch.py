"""The watch: a serving process (``ledger serve``, ``ledger project``) checks every
``LEDGER_DB_PROBE_SECONDS`` that PostgreSQL answers, on a connection of its own, within the
connect timeout.

When it does not, the database's ``StoreHealth`` is marked down: every connection now in use is
ended (a command waiting on a silent server fails at once), new requests for a connection fail at
once, and the API answers 503 with ``Retry-After``; ``/readyz`` answers 503. When it answers again
the mark is cleared at once and whoever asked to be told (the projection runner) is woken.
SQLite needs no watch: a file does not go away between two requests.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Mapping
from typing import Any

import psycopg

from ledger.database.connection import ServerSilent, connect
from ledger.database.outage import health_of, reason_of
from ledger.logs import get_logger

log = get_logger("ledger.database")


class StoreWatch:
    def __init__(self, env: Mapping[str, str], every: float) -> None:
        self.env = dict(env)
        self.every = every
        self.health = health_of(env)
        self.postgres = bool(env.get("POSTGRES_DBNAME"))
        self.on_recovery: list[Callable[[], None]] = []
        self._conn: psycopg.Connection[Any] | None = None
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> StoreWatch:
        if self.postgres and self._thread is None:
            self.health.watchers += 1
            self._stopping.clear()
            self._thread = threading.Thread(target=self._run, name="store-watch", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(self.every + 2 * int(self.env.get("POSTGRES_CONNECT_TIMEOUT") or 5))
            self._thread = None
            self.health.watchers -= 1
            if not self.health.watchers:  # nobody left to see it answer again
                self.health.down = None
        self._close()

    def _run(self) -> None:
        while not self._stopping.is_set():
            self.probe()
            self._stopping.wait(self.every)

    def probe(self) -> bool:
        """One check; marks the database down or up. True if it answered."""
        try:
            self._ask()
        except psycopg.Error as error:
            self._close()
            if isinstance(error, ServerSilent):  # it holds the connection but says nothing: down now
                self._down(reason_of(error))
                return False
            try:  # a kept connection may have been broken by a restart that is already over
                self._ask()
            except psycopg.Error as error:
                self._close()
                self._down(reason_of(error))
                return False
        self._up()
        return True

    def _ask(self) -> None:
        if self._conn is None or self._conn.closed:
            timeout = float(self.env.get("POSTGRES_CONNECT_TIMEOUT") or 5)
            self._conn = connect(self.env, answer_within=timeout, autocommit=True,
                                 application_name="rotation-ledger-watch")
        self._conn.execute("SELECT 1")

    def _down(self, reason: str) -> None:
        if self.health.down is None:
            log.warning("store_not_answering", database=self.health.target, error=reason)
        self.health.down = reason
        ended = sum(store.abort_in_use() for store in list(self.health.stores))
        if ended:
            log.warning("store_connections_ended", count=ended)

    def _up(self) -> None:
        if self.health.down is None:
            return
        self.health.down = None
        log.info("store_answering_again", database=self.health.target)
        for wake in self.on_recovery:
            wake()

    def _close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(psycopg.Error):
                self._conn.close()
            self._conn = None
