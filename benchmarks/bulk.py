"""Bulk import: events per second importing a synthetic county of about 1,000,000 events from its
files (``ledger import schools|teachers|history``: read and stage, check every row through the
domain, write several teachers per transaction) against a raw bulk load of the very rows that
import stored, into an empty table shaped like the event table in the same database: ``COPY …
FROM STDIN`` (binary) on PostgreSQL, one transaction of ``executemany`` inserts on SQLite
(target: at least 0.25 of it).

Beside it, a peer baseline: the eventsourcing library's own multi-aggregate save of the same
events, read back and decoded in advance, written into an empty ledger of the same backend by
``Application.save`` with 100 aggregates' events per save (no row checks, no staging).

The imported ledger is the county the rebuild and read benchmarks then use.
"""

from __future__ import annotations

import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from benchmarks.measure import Figure, Target, median, rate
from benchmarks.sizes import Size
from benchmarks.stores import Raw, Store, Stores
from eventsourcing.application import Application

from ledger.bootstrap import build_ledger
from ledger.generator import GeneratorConfig, write_files
from ledger.importers.columns import KINDS
from ledger.importers.run import import_file

COPY_TABLE = "bench_copy_events"
PEER_AGGREGATES_PER_SAVE = 100
ACTOR = "importer:benchmark"


def generate(size: Size, folder: Path) -> dict[str, Any]:
    """The county's import files (CSV), generated once per run and shared by the backends."""
    config = GeneratorConfig(teachers=size.county_teachers, years=size.county_years, seed=size.seed)
    county = write_files(folder, config)
    return {"teachers": size.county_teachers, "years": size.county_years, "seed": size.seed,
            "rows": county.files, "generated_in_s": round(county.seconds, 1)}


def import_county(store: Store, folder: Path) -> dict[str, Any]:
    """Imports the three files in order; returns events, seconds and where the time went."""
    app = build_ledger(store.settings())
    phases: dict[str, float] = defaultdict(float)
    try:
        started = time.perf_counter()
        for kind in KINDS:
            marks = {"start": time.perf_counter()}

            def progress(phase: str, done: int, of: int, marks: dict[str, float] = marks) -> None:
                marks.setdefault(phase, time.perf_counter())
                marks["end"] = time.perf_counter()

            report = import_file(app, kind, folder / f"{kind}.csv", actor=ACTOR, progress=progress)
            if not report.ok:
                raise RuntimeError(f"the generated {kind} file did not import: {report.errors[:5]}")
            ends = {"read": marks.get("check", marks["end"]), "check": marks.get("write", marks["end"]),
                    "write": time.perf_counter()}
            previous = marks["start"]
            for phase in ("read", "check", "write"):
                phases[phase] += ends[phase] - previous
                previous = ends[phase]
        seconds = time.perf_counter() - started
        events = app.recorder.max_notification_id() or 0
    finally:
        app.close()
    return {"events": events, "seconds": seconds, "phases_s": {k: round(v, 1) for k, v in phases.items()}}


def copy_round(raw: Raw, dump: Path) -> tuple[int, float]:
    """One raw bulk load of the dumped rows into a fresh table; returns (rows, seconds)."""
    raw.execute(f"DROP TABLE IF EXISTS {COPY_TABLE}")
    if raw.backend == "postgres":
        raw.execute(f"CREATE TABLE {COPY_TABLE} (originator_id uuid NOT NULL, originator_version bigint NOT NULL, "
                    "topic text, state bytea, notification_id bigserial, "
                    "PRIMARY KEY (originator_id, originator_version))")
        raw.execute(f"CREATE UNIQUE INDEX {COPY_TABLE}_position ON {COPY_TABLE} (notification_id)")
        started = time.perf_counter()
        with raw.conn.transaction(), raw.conn.cursor() as cursor, dump.open("rb") as source, cursor.copy(
                f"COPY {COPY_TABLE} (originator_id, originator_version, topic, state) FROM STDIN (FORMAT binary)"
        ) as copy:
            while chunk := source.read(1 << 20):
                copy.write(chunk)
        seconds = time.perf_counter() - started
    else:
        raw.execute(f"CREATE TABLE {COPY_TABLE} (originator_id TEXT, originator_version INTEGER, topic TEXT, "
                    "state BLOB, PRIMARY KEY (originator_id, originator_version))")
        source = Raw(Store("sqlite", str(dump)))
        try:
            rows = source.conn.execute(f"SELECT originator_id, originator_version, topic, state FROM {raw.events} "
                                       "ORDER BY rowid")
            started = time.perf_counter()
            raw.execute("BEGIN")
            raw.conn.executemany(f"INSERT INTO {COPY_TABLE} VALUES (?, ?, ?, ?)", rows)
            raw.execute("COMMIT")
            seconds = time.perf_counter() - started
        finally:
            source.close()
    count = raw.rows(f"SELECT count(*) FROM {COPY_TABLE}")[0][0]
    raw.execute(f"DROP TABLE {COPY_TABLE}")
    return count, seconds


def prepared_events(store: Store) -> list[list[Any]]:
    """The imported ledger's domain events, decoded in advance and grouped by aggregate in the
    order they were recorded: what the peer baseline saves."""
    app = build_ledger(store.settings())
    try:
        streams: dict[Any, list[Any]] = {}
        start, limit = 1, 10_000
        while notifications := app.recorder.select_notifications(start, limit):
            for notification in notifications:
                streams.setdefault(notification.originator_id, []).append(app.mapper.to_domain_event(notification))
            start = notifications[-1].id + 1
    finally:
        app.close()
    return list(streams.values())


def peer_round(store: Store, streams: list[list[Any]]) -> tuple[int, float]:
    """One peer baseline round into the empty ``store``: the library's multi-aggregate save,
    ``PEER_AGGREGATES_PER_SAVE`` aggregates' events per save; returns (events, seconds)."""
    app = build_ledger(store.settings())
    try:
        events = 0
        started = time.perf_counter()
        for first in range(0, len(streams), PEER_AGGREGATES_PER_SAVE):
            batch = [event for stream in streams[first:first + PEER_AGGREGATES_PER_SAVE] for event in stream]
            Application.save(app, *batch)
            events += len(batch)
        seconds = time.perf_counter() - started
    finally:
        app.close()
    return events, seconds


def dump_rows(store: Store, folder: Path) -> Path:
    """The stored rows, as the raw load reads them: a binary COPY file on PostgreSQL; on SQLite the
    database file itself (read on a second connection)."""
    if store.backend == "sqlite":
        return Path(store.name)
    path = folder / f"events-{store.name}.copy"
    with Raw(store) as raw, raw.conn.cursor() as cursor, path.open("wb") as out, cursor.copy(
            f"COPY (SELECT originator_id, originator_version, topic, state FROM {raw.events} "
            "ORDER BY notification_id) TO STDOUT (FORMAT binary)") as copy:
        for chunk in copy:
            out.write(chunk)
    return path


def run(stores: Stores, size: Size, files: Path, county: dict[str, Any]) -> tuple[list[Figure], Store]:
    store = stores.new("county")
    imported = import_county(store, files)
    dump = dump_rows(store, stores.folder)
    with store.raw() as raw:
        copies = [copy_round(raw, dump) for _ in range(max(2, size.rounds - 2))]
    if store.backend == "postgres":
        dump.unlink()
    streams = prepared_events(store)
    peers = [peer_round(stores.new(f"peer{n}"), streams) for n in range(max(1, size.rounds - 3))]
    del streams
    speed = rate(imported["events"], imported["seconds"])
    baselines = [rate(rows, seconds) for rows, seconds in copies]
    peer_rates = [rate(events, seconds) for events, seconds in peers]
    details = {**county, **imported, "batch_events": 2000,
               "write_phase_events_per_s": rate(imported["events"], imported["phases_s"]["write"]),
               "raw_load": "COPY FROM STDIN (binary)" if store.backend == "postgres" else
               "executemany INSERT in one transaction"}
    return [Figure("bulk_import", store.backend, "events/s", speed, median(baselines), "raw bulk load of the rows",
                   Target(">=", 0.25), [speed], baselines, details),
            Figure("bulk_import_vs_library", store.backend, "events/s", speed, median(peer_rates),
                   f"library multi-aggregate save, {PEER_AGGREGATES_PER_SAVE} aggregates per save, events prepared",
                   Target(">=", 0.5), [speed], peer_rates,
                   {"peer_events": peers[0][0], "aggregates_per_save": PEER_AGGREGATES_PER_SAVE})], store
