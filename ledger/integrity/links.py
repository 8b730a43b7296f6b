"""The two sides a verification compares, each read in pages with bounded memory: the stored
events (the event store's notification log, never decoded) and the links the audit view stored
as it chained them (``ledger.projections.chain``).

Nothing here creates, locks or writes anything, so a read-only database role can verify.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import ApplicationRecorder, InfrastructureFactory, Notification
from eventsourcing.popo import POPOApplicationRecorder
from eventsourcing.sqlite import SQLiteFactory
from eventsourcing.utils import Environment

from ledger.app.core import LedgerCore
from ledger.domain.errors import InvalidInput
from ledger.projections.db import PostgresViewRecorder, SQLiteViewRecorder, ViewRecorder, is_missing_table, table_name
from ledger.projections.registry import Registry

AUDIT = "audit"


@contextmanager
def views_of(app: LedgerCore) -> Iterator[ViewRecorder]:
    """The views' recorder in the application's database, opened without creating anything."""
    if isinstance(app.recorder, POPOApplicationRecorder):
        raise InvalidInput.one("database_url", "an in-memory ledger has no stored views to verify against")
    factory: InfrastructureFactory[Any] = InfrastructureFactory.construct(
        Environment("Projections", {**app.env, "CREATE_TABLE": "n"}))
    try:
        recorder_class = SQLiteViewRecorder if isinstance(factory, SQLiteFactory) else PostgresViewRecorder
        recorder = factory.tracking_recorder(recorder_class)
        assert isinstance(recorder, ViewRecorder)
        yield recorder
    finally:
        factory.close()


@dataclass(frozen=True)
class StoredChain:
    """The served generation of the audit view: its table (None when there is none yet) and the
    position up to which it has chained every event."""

    recorder: ViewRecorder
    table: str | None
    linked_up_to: int

    @classmethod
    def served(cls, recorder: ViewRecorder) -> StoredChain:
        try:
            with recorder.reading() as r:
                entry = Registry(recorder).read(r).get(AUDIT)
                if entry is None:
                    return cls(recorder, None, 0)
                tracked = r.query(f"SELECT notification_id FROM {recorder.tracking_table} "
                                  "WHERE application_name = %s", (entry.tracking_name,))
        except Exception as error:
            if not is_missing_table(error):  # no views in this database yet
                raise
            return cls(recorder, None, 0)
        position = tracked[0]["notification_id"] if tracked else 0
        return cls(recorder, recorder.qualified(table_name(AUDIT, "events", entry.generation)), position or 0)

    def links(self, page_size: int) -> Iterator[tuple[int, bytes]]:
        """``(position, link)`` of every chained event, in ledger order."""
        if self.table is None:
            return
        after = 0
        while True:
            with self.recorder.reading() as r:
                rows = r.query(f"SELECT position, link FROM {self.table} WHERE position > %s AND position <= %s "
                               "ORDER BY position LIMIT %s", (after, self.linked_up_to, page_size))
            yield from ((row["position"], bytes(row["link"])) for row in rows)
            if len(rows) < page_size:
                return
            after = rows[-1]["position"]

    def link_at(self, position: int) -> bytes | None:
        """The stored link of one position (None if the view has none)."""
        if self.table is None:
            return None
        with self.recorder.reading() as r:
            rows = r.query(f"SELECT link FROM {self.table} WHERE position = %s", (position,))
        return bytes(rows[0]["link"]) if rows else None


def stored_events(recorder: ApplicationRecorder, up_to: int, page_size: int) -> Iterator[Notification]:
    """Every stored event up to a position, in ledger order, as stored (not decoded)."""
    start = 1
    while start <= up_to:
        page = recorder.select_notifications(start, page_size, stop=up_to)
        yield from page
        if len(page) < page_size:
            return
        start = page[-1].id + 1
