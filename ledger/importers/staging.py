"""Parsed rows held in a temporary SQLite file while an import is checked and written.

An import first reads every row, then checks them all against the ledger, then writes; the rows
of one teacher may be anywhere in the file. Staging them on disk, ordered by subject, lets a file
of any size be checked and written one subject after another in bounded memory.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

from ledger.importers.commands import Entry

BUFFER = 5000


def scratch_database(prefix: str) -> tuple[tempfile.TemporaryDirectory[str], sqlite3.Connection]:
    """A private temporary SQLite file for scratch data: no journal, no syncing."""
    folder = tempfile.TemporaryDirectory(prefix=prefix)
    db = sqlite3.connect(Path(folder.name) / "scratch.sqlite")
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    return folder, db


class Staging:
    def __init__(self) -> None:
        self._dir, self._db = scratch_database("ledger-import-")
        self._db.execute("CREATE TABLE rows (seq INTEGER PRIMARY KEY, subject TEXT NOT NULL, rkey TEXT, "
                         "line INTEGER NOT NULL, payload TEXT NOT NULL)")
        self._buffer: list[tuple[str, str | None, int, str]] = []
        self.count = 0

    def add(self, entry: Entry, key: str | None) -> None:
        """Stages an entry; rows with the same ``key`` (an id the file must not repeat) are duplicates."""
        payload = json.dumps(entry.to_json(), ensure_ascii=False)
        self._buffer.append((entry.subject_id, key, entry.line, payload))
        self.count += 1
        if len(self._buffer) >= BUFFER:
            self._flush()

    def _flush(self) -> None:
        if self._buffer:
            self._db.executemany("INSERT INTO rows (subject, rkey, line, payload) VALUES (?, ?, ?, ?)", self._buffer)
            self._buffer.clear()

    def duplicates(self) -> list[tuple[int, int, str]]:
        """``(line, first line, key)`` for every row repeating an earlier row's key."""
        self._flush()
        self._db.execute("CREATE INDEX IF NOT EXISTS rows_rkey ON rows (rkey, line)")
        query = ("SELECT r.line, f.first, r.rkey FROM rows r JOIN (SELECT rkey, MIN(line) AS first FROM rows "
                 "WHERE rkey IS NOT NULL GROUP BY rkey HAVING COUNT(*) > 1) f ON r.rkey = f.rkey "
                 "WHERE r.line > f.first ORDER BY r.line")
        return [(line, first, key) for line, first, key in self._db.execute(query)]

    def entries(self) -> Iterator[Entry]:
        """Every staged entry, subject by subject, each subject's in file order."""
        self._flush()
        self._db.execute("CREATE INDEX IF NOT EXISTS rows_subject ON rows (subject, seq)")
        for (payload,) in self._db.execute("SELECT payload FROM rows ORDER BY subject, seq"):
            yield Entry.from_json(json.loads(payload))

    def close(self) -> None:
        self._db.close()
        self._dir.cleanup()

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
