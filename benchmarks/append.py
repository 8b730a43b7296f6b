"""append: commands per second, one command per transaction through ``RotationLedger`` (load the
teacher, check the rules, save), against a raw insert-and-commit of an event-sized row into a
table shaped like the event table, on one plain connection (target: at least 0.6 of raw).

Details beside the figure: the same commands on teachers with long streams (about 200 events,
no snapshots), and both with the library's aggregate cache (``AGGREGATE_CACHE_MAXSIZE``), which
the service does not set today.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import uuid4

from benchmarks.measure import Figure, Target, alternate, median, rate
from benchmarks.sizes import Size
from benchmarks.staff import cycle_step, lengthen, register_staff
from benchmarks.stores import Raw, Stores
from ledger.app import RotationLedger
from ledger.bootstrap import build_ledger

LONG_STREAM = 200
CACHE = {"AGGREGATE_CACHE_MAXSIZE": "10000"}
RAW_TABLE = "bench_raw_events"


@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """The library reads its settings from the process environment too (below what the ledger
    passes): set some for one application."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


class Commands:
    """Hands out the next command of the posting cycle, teacher after teacher."""

    def __init__(self, ids: list[str], first_step: int = 0) -> None:
        self.ids, self.step, self.turn = ids, {t: first_step for t in ids}, 0

    def run(self, app: RotationLedger, count: int) -> float:
        """Runs ``count`` commands (each its own transaction); returns commands per second."""
        started = time.perf_counter()
        for _ in range(count):
            tid = self.ids[self.turn % len(self.ids)]
            self.turn += 1
            cycle_step(app, tid, self.step[tid])
            self.step[tid] += 1
        return rate(count, time.perf_counter() - started)


def make_raw_table(raw: Raw) -> None:
    if raw.backend == "postgres":
        raw.execute(f"CREATE TABLE {RAW_TABLE} (originator_id uuid NOT NULL, originator_version bigint NOT NULL, "
                    "topic text, state bytea, notification_id bigserial, PRIMARY KEY (originator_id, originator_version))")
        raw.execute(f"CREATE UNIQUE INDEX {RAW_TABLE}_position ON {RAW_TABLE} (notification_id)")
    else:
        raw.execute(f"CREATE TABLE {RAW_TABLE} (originator_id TEXT, originator_version INTEGER, topic TEXT, "
                    "state BLOB, PRIMARY KEY (originator_id, originator_version))")


def raw_inserts(raw: Raw, payloads: list[tuple[str, bytes]], count: int) -> float:
    """``count`` single-row inserts, each committed on its own; returns rows per second."""
    returning = " RETURNING notification_id" if raw.backend == "postgres" else ""
    statement = f"INSERT INTO {RAW_TABLE} (originator_id, originator_version, topic, state) VALUES (%s, %s, %s, %s)"
    started = time.perf_counter()
    for i in range(count):
        topic, state = payloads[i % len(payloads)]
        raw.rows(statement + returning, (raw.id(uuid4()), 1, topic, state))
    return rate(count, time.perf_counter() - started)


def recent_payloads(raw: Raw, count: int) -> list[tuple[str, bytes]]:
    """The topics and states of the last events recorded (what the measured commands wrote)."""
    rows = raw.rows(f"SELECT topic, state FROM {raw.events} ORDER BY {raw.position} DESC LIMIT %s", (count,))
    return [(topic, bytes(state)) for topic, state in rows]


def run(stores: Stores, size: Size) -> list[Figure]:
    store = stores.new("append")
    settings = store.settings()
    count, rounds = size.append_commands, size.rounds
    app = build_ledger(settings)
    with environment(CACHE):
        cached = build_ledger(settings)
    raw = store.raw()
    try:
        per_round = max(1, count // 3)
        short = register_staff(app, "S", per_round * (rounds + 2), with_schools=True)
        slices = [Commands(short[per_round * i:per_round * (i + 1)]) for i in range(rounds + 2)]
        warm, measured, short_cached = slices[0], slices[1:-1], slices[-1]
        long_count = max(3, count // 4)
        long_ids = register_staff(app, "L", 2 * max(1, long_count // 3))
        long_step = lengthen(app, long_ids, LONG_STREAM)
        half = len(long_ids) // 2
        long_plain, long_cached = Commands(long_ids[:half], long_step), Commands(long_ids[half:], long_step)
        warm.run(app, min(count, 30))
        make_raw_table(raw)
        payloads = recent_payloads(raw, 100)
        raw_inserts(raw, payloads, min(count, 30))

        figures, baselines = alternate(rounds, lambda i: measured[i].run(app, count),
                                       lambda i: raw_inserts(raw, payloads, count))
        details: dict[str, Any] = {
            "commands": "record posting, report for duty, return — cycled over teachers with a few events each",
            "commands_per_round": count, "rounds": rounds, "event_bytes_median": median([len(s) for _, s in payloads]),
            "long_stream_events": LONG_STREAM,
            "long_stream_per_s": median([long_plain.run(app, long_count) for _ in range(rounds)]),
            "long_stream_cached_per_s": median([long_cached.run(cached, long_count) for _ in range(rounds)]),
            "short_stream_cached_per_s": median([short_cached.run(cached, count // rounds or 1)
                                                 for _ in range(rounds)]),
            "aggregate_cache": CACHE,
        }
    finally:
        raw.close()
        cached.close()
        app.close()
    return [Figure("append", store.backend, "commands/s", median(figures), median(baselines),
                   "raw insert-and-commit", Target(">=", 0.6), figures, baselines, details)]
