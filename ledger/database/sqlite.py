"""SQLite: triggers that make the event table append-only.

Any UPDATE or DELETE of a stored event aborts its transaction. Whoever can write the file can
still drop the triggers — the hash chain and signed checkpoints (``ledger.integrity``) are what
prove such an edit happened.
"""

from __future__ import annotations

from eventsourcing.sqlite import SQLiteApplicationRecorder

TRIGGERS = (("UPDATE", "ledger_events_no_update"), ("DELETE", "ledger_events_no_delete"))


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


def installed_triggers(recorder: SQLiteApplicationRecorder) -> list[str]:
    with recorder.datastore.transaction(commit=False) as c:
        c.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY name",
                  (recorder.events_table_name,))
        return [row["name"] for row in c.fetchall()]
