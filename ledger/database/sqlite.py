"""SQLite: triggers that make the event table append-only.

Any UPDATE or DELETE of a stored event aborts its transaction, and so does an INSERT that would
take the place of a stored event (``INSERT OR REPLACE`` / ``REPLACE`` delete the row they replace
without firing a DELETE trigger): an insert at a position or with an id and version already
stored is refused before it happens (an ordinary duplicate, a concurrent writer's, still fails as
an integrity error, which the application retries). Whoever can write the file can
still drop the triggers — the hash chain and signed checkpoints (``ledger.integrity``) are what
prove such an edit happened.
"""

from __future__ import annotations

from eventsourcing.sqlite import SQLiteApplicationRecorder

TRIGGERS = (("UPDATE", "ledger_events_no_update"), ("DELETE", "ledger_events_no_delete"))
REPLACE_TRIGGER = "ledger_events_no_replace"


def install_triggers(recorder: SQLiteApplicationRecorder) -> None:
    """Creates the triggers on the application's event table unless they exist."""
    table = recorder.events_table_name
    with recorder.datastore.transaction(commit=True) as c:
        for operation, name in TRIGGERS:
            c.execute(
                f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {operation} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: {operation} of stored events "
                "is not allowed'); END"
            )
        c.execute(
            f"CREATE TRIGGER IF NOT EXISTS {REPLACE_TRIGGER} BEFORE INSERT ON {table} "
            f"WHEN EXISTS (SELECT 1 FROM {table} WHERE rowid = NEW.rowid) "
            f"OR EXISTS (SELECT 1 FROM {table} WHERE originator_id = NEW.originator_id "
            "AND originator_version = NEW.originator_version) "
            "BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: an insert may not replace a stored event'); END"
        )


def installed_triggers(recorder: SQLiteApplicationRecorder) -> list[str]:
    with recorder.datastore.transaction(commit=False) as c:
        c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY name",
                  (recorder.events_table_name,))
        return [row["name"] for row in c.fetchall()]
