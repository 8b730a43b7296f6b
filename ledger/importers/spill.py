"""A temporary, on-disk overflow for the bulk path's aggregate cache.

Generating a large county walks every teacher every school year; keeping every aggregate in memory
grows with the whole history, and replaying an evicted aggregate from the event store costs a
query and a decode of all its events. Aggregates evicted from the cache (always already saved)
are pickled into a private temporary SQLite file instead and unpickled on the next miss — a
fraction of a replay's cost, with memory bounded by the cache size. The event store stays the
only source of truth: the file is discarded when the writer finishes, and an aggregate that
another writer may have changed is dropped from it and replayed from the store.
"""

from __future__ import annotations

import pickle
from uuid import UUID

from ledger.domain.base import LedgerAggregate
from ledger.importers.staging import scratch_database


class Spill:
    def __init__(self) -> None:
        self._dir, self._db = scratch_database("ledger-spill-")
        self._db.execute("CREATE TABLE aggregates (id BLOB PRIMARY KEY, state BLOB NOT NULL) WITHOUT ROWID")
        self._held: set[UUID] = set()

    def __contains__(self, uuid: UUID) -> bool:
        return uuid in self._held

    def put(self, aggregates: list[LedgerAggregate]) -> None:
        rows = [(a.id.bytes, pickle.dumps(a, protocol=pickle.HIGHEST_PROTOCOL)) for a in aggregates]
        self._db.executemany("INSERT OR REPLACE INTO aggregates (id, state) VALUES (?, ?)", rows)
        self._held.update(a.id for a in aggregates)

    def take(self, uuid: UUID) -> LedgerAggregate | None:
        if uuid not in self._held:
            return None
        row = self._db.execute("SELECT state FROM aggregates WHERE id = ?", (uuid.bytes,)).fetchone()
        self.forget(uuid)
        return pickle.loads(row[0]) if row else None  # noqa: S301 (our own private file)

    def forget(self, uuid: UUID) -> None:
        self._held.discard(uuid)

    def close(self) -> None:
        self._db.close()
        self._dir.cleanup()
