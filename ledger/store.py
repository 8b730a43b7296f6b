"""Small, backend-aware reads of the event store that the library does not offer directly."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.popo import POPOApplicationRecorder
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from psycopg.sql import SQL, Identifier


def backend_of(recorder: ApplicationRecorder) -> str:
    """``sqlite`` | ``postgres`` | ``memory``."""
    if isinstance(recorder, SQLiteApplicationRecorder):
        return "sqlite"
    if isinstance(recorder, PostgresApplicationRecorder):
        return "postgres"
    if isinstance(recorder, POPOApplicationRecorder):
        return "memory"
    raise TypeError(f"unsupported recorder {type(recorder).__name__}")


def position_of(recorder: ApplicationRecorder, originator_id: UUID, version: int) -> int | None:
    """The notification id (ledger position) of one stored event, or None if absent."""
    backend = backend_of(recorder)
    if backend == "sqlite":
        assert isinstance(recorder, SQLiteApplicationRecorder)
        with recorder.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT rowid FROM {recorder.events_table_name} "  # noqa: S608 (table name is ours)
                "WHERE originator_id=? AND originator_version=?",
                (originator_id.hex, version),
            )
            row = c.fetchone()
            return int(row[0]) if row else None
    if backend == "postgres":
        assert isinstance(recorder, PostgresApplicationRecorder)
        statement = SQL(
            "SELECT notification_id FROM {}.{} WHERE originator_id=%s AND originator_version=%s"
        ).format(Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name))
        with recorder.datastore.transaction(commit=False) as curs:
            curs.execute(statement, (originator_id, version))
            row: Any = curs.fetchone()
            return int(row["notification_id"]) if row else None
    start = 1
    while True:
        page = recorder.select_notifications(start, 1000)
        for n in page:
            if n.originator_id == originator_id and n.originator_version == version:
                return n.id
        if len(page) < 1000:
            return None
        start = page[-1].id + 1
