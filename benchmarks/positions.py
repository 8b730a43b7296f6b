"""``python -m benchmarks.positions``: what the trigger that keeps positions growing costs
(PostgreSQL, ADR 0012). Inserts the same stored events through the library's recorder (its
table lock, one statement per batch) into an event table with the trigger and into one without,
alternating, in batches of 1 (one event per write, as the API) and of 500 (as a bulk import);
prints events per second, the median of five rounds each, and the trigger's own time per
statement as PostgreSQL reports it (``EXPLAIN ANALYZE``, median of 21, over 100,000 stored events),
which a busy machine disturbs far less than the rates.
"""

from __future__ import annotations

import time
from uuid import uuid4

import psycopg
from eventsourcing.persistence import StoredEvent

from statistics import median as middle

from benchmarks.measure import median
from benchmarks.stores import PG, scratch
from ledger.app import RotationLedger
from ledger.database.postgres import GROW_TRIGGER, guard_table, schema_of

TOPIC = "ledger.domain.teacher:Teacher.AwardGranted"
STATE = b'{"award_id":"A-1","kind":"honour","awarded_on":"2025-06-30","actor":"bench","reason":"a reason"}' * 3
ROUNDS = 5


def events(count: int) -> list[StoredEvent]:
    return [StoredEvent(uuid4(), 1, TOPIC, STATE) for _ in range(count)]


def rate(app: RotationLedger, batch: int, count: int) -> float:
    stored = events(count)
    started = time.perf_counter()
    for i in range(0, count, batch):
        app.recorder.insert_events(stored[i:i + batch])
    return count / (time.perf_counter() - started)


def trigger_ms(conn: psycopg.Connection, table: str, rows: int) -> float:
    """The trigger's time for one INSERT of ``rows`` events, as PostgreSQL measures it."""
    plan = conn.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) INSERT INTO {table} (originator_id, originator_version, "
                        f"topic, state) SELECT gen_random_uuid(), 1, %s, %s FROM generate_series(1, {rows})",
                        (TOPIC, STATE)).fetchone()[0][0]
    return sum(t["Time"] for t in plan.get("Triggers", []) if t["Trigger Name"] == GROW_TRIGGER)


def main() -> None:
    with scratch("postgres") as stores:
        apps = {}
        for label, guarded in (("with", True), ("without", False)):
            store = stores.new(f"positions_{label}")
            app = RotationLedger(env=store.settings().eventsourcing_env())
            with psycopg.connect(dbname=store.name, autocommit=True, **PG) as conn:
                schema, table = schema_of(app.env), app.recorder.events_table_name  # type: ignore[attr-defined]
                guard_table(conn, schema, table)
                if not guarded:
                    conn.execute(f'DROP TRIGGER {GROW_TRIGGER} ON "{schema}".{table}')
            apps[label] = app
        try:
            for batch, count in ((1, 2_000), (500, 20_000)):
                found: dict[str, list[float]] = {"with": [], "without": []}
                for _ in range(ROUNDS):
                    for label, app in apps.items():
                        found[label].append(rate(app, batch, count))
                with_, without = median(found["with"]), median(found["without"])
                print(f"batches of {batch}: {with_:,.0f} events/s with the trigger, {without:,.0f} without "
                      f"({with_ / without:.2f})")
            store = stores.made[0]
            with psycopg.connect(dbname=store.name, autocommit=True, **PG) as conn:
                table = f'"{schema_of(apps["with"].env)}".{apps["with"].recorder.events_table_name}'  # type: ignore[attr-defined]
                conn.execute(f"INSERT INTO {table} (originator_id, originator_version, topic, state) "
                             "SELECT gen_random_uuid(), 1, %s, %s FROM generate_series(1, 100000)", (TOPIC, STATE))
                conn.execute(f"ANALYZE {table}")
                for rows in (1, 500):
                    timed = middle(trigger_ms(conn, table, rows) for _ in range(21))
                    print(f"the trigger's own time for an insert of {rows}: {timed:.3f} ms")
        finally:
            for app in apps.values():
                app.close()


if __name__ == "__main__":
    main()
