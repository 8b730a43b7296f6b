"""Reads of the event store the library does not offer directly: paging through the notification
log, the aggregates of one kind, the position of one event and the first events of many
aggregates (backend-aware), and what the read side uses of the application (``EventLedger``).

Paging is ours, not the library's ``NotificationLogReader``: that reader asks for sections of at
most the application's section size and needs an empty answer to know it has reached the end; the
projection runner needs pages of thousands and to know the end from a short page.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Any, Protocol, cast
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder, EventStore, Mapper, Notification, Recording, StoredEvent
from eventsourcing.popo import POPOApplicationRecorder
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder
from eventsourcing.utils import get_topic
from psycopg.sql import SQL, Identifier

PAGE_SIZE = 1000


class EventLedger(Protocol):
    """What the read side and the integrity checks use of the application (``RotationLedger``):
    where its events are stored, how they decode, its environment, today by its clock, and the
    hook its saves notify (the projection runner wakes on it)."""

    @property
    def env(self) -> Mapping[str, str]: ...

    @property
    def recorder(self) -> ApplicationRecorder: ...

    @property
    def mapper(self) -> Mapper[UUID]: ...

    @property
    def events(self) -> EventStore[UUID]: ...

    def today(self) -> date: ...

    def _notify(self, recordings: list[Recording[UUID]]) -> None: ...


def backend_of(recorder: ApplicationRecorder) -> str:
    """``sqlite`` | ``postgres`` | ``memory``."""
    if isinstance(recorder, SQLiteApplicationRecorder):
        return "sqlite"
    if isinstance(recorder, PostgresApplicationRecorder):
        return "postgres"
    if isinstance(recorder, POPOApplicationRecorder):
        return "memory"
    raise TypeError(f"unsupported recorder {type(recorder).__name__}")


# ---------------------------------------------------------------------- the notification log
def read_page(recorder: ApplicationRecorder, after: int, size: int, *, stop: int | None = None,
              topics: Sequence[str] = ()) -> Sequence[Notification]:
    """Up to ``size`` notifications after position ``after`` (up to ``stop``; only of ``topics``
    if given), in ledger order. Past ``stop`` it is empty without asking the store."""
    if stop is not None and after >= stop:
        return ()
    return recorder.select_notifications(after, size, stop, topics, inclusive_of_start=False)


def pages(recorder: ApplicationRecorder, after: int = 0, *, stop: int | None = None, topics: Sequence[str] = (),
          size: int = PAGE_SIZE) -> Iterator[Sequence[Notification]]:
    """The notification log after position ``after`` (up to ``stop``; only of ``topics`` if
    given) in pages of ``size``, in ledger order. The last page is shorter than ``size`` (it may
    be empty), so a reader knows it has reached the end."""
    while True:
        page = read_page(recorder, after, size, stop=stop, topics=topics)
        yield page
        if len(page) < size:
            return
        after = page[-1].id


def notifications(recorder: ApplicationRecorder, after: int = 0, *, stop: int | None = None,
                  topics: Sequence[str] = (), size: int = PAGE_SIZE) -> Iterator[Notification]:
    """The notifications of ``pages``, one by one (read a page at a time)."""
    for page in pages(recorder, after, stop=stop, topics=topics, size=size):
        yield from page


def originators(recorder: ApplicationRecorder, event_class: type) -> Iterator[UUID]:
    """The aggregate ids of every event of one class, in ledger order (for a registration event:
    every aggregate of that kind)."""
    return (cast(UUID, n.originator_id) for n in notifications(recorder, topics=[get_topic(event_class)]))


# ---------------------------------------------------------------------- single events
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
            found = c.fetchone()
            return int(found[0]) if found else None
    if backend == "postgres":
        assert isinstance(recorder, PostgresApplicationRecorder)
        statement = SQL(
            "SELECT notification_id FROM {}.{} WHERE originator_id=%s AND originator_version=%s"
        ).format(Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name))
        with recorder.datastore.transaction(commit=False) as curs:
            curs.execute(statement, (originator_id, version))
            row: Any = curs.fetchone()
            return int(row["notification_id"]) if row else None
    return next((n.id for n in notifications(recorder)
                 if n.originator_id == originator_id and n.originator_version == version), None)


def first_events(recorder: ApplicationRecorder, uuids: set[UUID]) -> list[StoredEvent]:
    """The first stored event (version 1) of each aggregate, in one query."""
    if not uuids:
        return []
    if isinstance(recorder, PostgresApplicationRecorder):
        statement = SQL("SELECT originator_id, originator_version, topic, state FROM {}.{} "
                        "WHERE originator_id = ANY(%s) AND originator_version = 1").format(
            Identifier(recorder.datastore.schema), Identifier(recorder.events_table_name))
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement, (list(uuids),))
            return [StoredEvent(r["originator_id"], r["originator_version"], r["topic"], bytes(r["state"]))
                    for r in cursor.fetchall()]
    if isinstance(recorder, SQLiteApplicationRecorder):
        marks = ", ".join("?" * len(uuids))
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT originator_id, originator_version, topic, state FROM "  # noqa: S608 (ours)
                           f"{recorder.events_table_name} WHERE originator_version = 1 AND originator_id IN ({marks})",
                           [u.hex for u in uuids])
            return [StoredEvent(UUID(r["originator_id"]), r["originator_version"], r["topic"], r["state"])
                    for r in cursor.fetchall()]
    return [e for uuid in uuids for e in recorder.select_events(uuid, lte=1)]
