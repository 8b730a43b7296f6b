"""The side of a verification the audit view holds: the links it stored as it chained the events
(``ledger.projections.chain``), read in pages with bounded memory. (The other side, the stored
events, is the event store's notification log, read as stored: ``ledger.store.notifications``.)

Nothing here creates, locks or writes anything, so a read-only database role can verify.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from eventsourcing.popo import POPOApplicationRecorder

from ledger.domain.errors import InvalidInput
from ledger.projections.db import ViewRecorder, is_missing_table, open_recorder, table_name
from ledger.projections.registry import Registry
from ledger.store import EventLedger

AUDIT = "audit"


@contextmanager
def views_of(app: EventLedger) -> Iterator[ViewRecorder]:
    """The views' recorder in the application's database, opened without creating anything."""
    if isinstance(app.recorder, POPOApplicationRecorder):
        raise InvalidInput.one("database_url", "verify.memory")
    factory, recorder = open_recorder(app, create=False)
    try:
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
