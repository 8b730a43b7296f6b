"""Tampering with a ledger's database directly, as an intruder with the owner's (or a superuser's)
access would: the helpers of the integrity tests (this module itself holds no tests)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from typing import Any
from uuid import uuid4

import psycopg

from ledger.database.connection import connection_params
from ledger.database.postgres import GROW_TRIGGER, TRIGGER, schema_of
from ledger.database.sqlite import REPLACE_TRIGGER, TRIGGERS
from ledger.settings import Settings

SQLITE_EVENTS = "stored_events"
PG_EVENTS = "rotationledger_events"


class Intruder:
    """Edits the stored events (and the audit view's links) of a ledger's database by position."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.sqlite = settings.backend == "sqlite"
        if self.sqlite:
            self.events, self.position = SQLITE_EVENTS, "rowid"
        else:
            env = settings.eventsourcing_env()
            self.params = {**connection_params(env), "user": "postgres", "password": ""}
            self.schema = schema_of(env)
            self.events, self.position = f'"{self.schema}".{PG_EVENTS}', "notification_id"

    def run(self, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        statement = statement.replace("{events}", self.events).replace("{pos}", self.position)
        if self.sqlite:
            with closing(sqlite3.connect(self.settings.sqlite_path)) as conn, conn:
                return conn.execute(statement.replace("%s", "?"), params).fetchall()
        with psycopg.connect(**self.params) as conn:
            cursor = conn.execute(statement, params)
            return cursor.fetchall() if cursor.description else []

    def drop_guards(self) -> None:
        if self.sqlite:
            for name in [name for _, name in TRIGGERS] + [REPLACE_TRIGGER]:
                self.run(f"DROP TRIGGER IF EXISTS {name}")
        else:
            for name in (TRIGGER, GROW_TRIGGER):
                self.run(f"DROP TRIGGER IF EXISTS {name} ON {{events}}")

    def positions(self) -> list[int]:
        return [row[0] for row in self.run("SELECT {pos} FROM {events} ORDER BY {pos}")]

    def edit_byte(self, position: int) -> None:
        """Changes one byte in the middle of an event's stored payload."""
        (state,) = self.run("SELECT state FROM {events} WHERE {pos} = %s", (position,))[0]
        state = bytearray(state)
        state[len(state) // 2] ^= 0x01
        self.run("UPDATE {events} SET state = %s WHERE {pos} = %s", (bytes(state), position))

    def replace_text(self, position: int, old: bytes, new: bytes) -> None:
        """Changes what an event says, keeping it readable (a date, an amount)."""
        (state,) = self.run("SELECT state FROM {events} WHERE {pos} = %s", (position,))[0]
        assert old in bytes(state)
        self.run("UPDATE {events} SET state = %s WHERE {pos} = %s", (bytes(state).replace(old, new), position))

    def delete(self, position: int) -> None:
        self.run("DELETE FROM {events} WHERE {pos} = %s", (position,))

    def swap(self, first: int, second: int) -> None:
        """Exchanges the positions of two events (reorders the ledger)."""
        spare = 10**9
        for old, new in ((first, spare), (second, first), (spare, second)):
            self.run("UPDATE {events} SET {pos} = %s WHERE {pos} = %s", (new, old))

    def insert(self, position: int, *, shift: bool = True) -> None:
        """Forges an event at ``position`` (a copy of the first event's payload under another
        aggregate id), first moving every event from there on one place up (``shift``) or into a
        gap the position numbers left (``shift=False``)."""
        if shift:
            for moved in sorted((p for p in self.positions() if p >= position), reverse=True):
                self.run("UPDATE {events} SET {pos} = %s WHERE {pos} = %s", (moved + 1, moved))
        topic, state = self.run("SELECT topic, state FROM {events} ORDER BY {pos} LIMIT 1")[0]
        originator = uuid4().hex if self.sqlite else uuid4()
        self.run("INSERT INTO {events} ({pos}, originator_id, originator_version, topic, state) "
                 "VALUES (%s, %s, 1, %s, %s)", (position, originator, topic, state))

    def skip_positions(self, count: int) -> None:
        """PostgreSQL: consumes position numbers, as writes rolled back after taking them do."""
        for _ in range(count):
            self.run("SELECT nextval(pg_get_serial_sequence(%s, 'notification_id'))", (self.events,))

    def truncate(self, position: int) -> None:
        """Deletes every event from ``position`` on."""
        self.run("DELETE FROM {events} WHERE {pos} >= %s", (position,))

    # the audit view, for an intruder who covers their tracks
    def view_table(self, recorder: Any, registry: Any) -> str:
        generation = registry.active()["audit"].generation
        return recorder.qualified(f"pv_audit_events_g{generation}")

    def cut_links(self, table: str, position: int) -> None:
        """Deletes the audit view's links from ``position`` on (and its tracking record follows)."""
        self.run(f"DELETE FROM {table} WHERE position >= %s", (position,))
        tracking = "tracking" if self.sqlite else f'"{self.schema}".projections_tracking'
        self.run(f"UPDATE {tracking} SET notification_id = %s WHERE application_name LIKE 'audit@%%'",
                 (position - 1,))

    def relink(self, table: str, links: list[tuple[int, bytes]]) -> None:
        """Overwrites the audit view's links (recomputed by the intruder from the altered events)."""
        for position, link in links:
            self.run(f"UPDATE {table} SET link = %s WHERE position = %s", (link, position))
