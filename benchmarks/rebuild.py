"""Rebuild: events per second rebuilding every view (teachers, audit, schools) from the county's
log (``Projector.rebuild``, blue/green, pages of 2000) against a plain read-and-decode of the same
rows (pages of the same size, read with the same queries as the runner, ``ledger.store.pages``,
each notification decoded into its domain event) on the same database (target: at least 0.5 of
it); and the rebuild's peak memory, in a process of its own (doing all the work: one worker),
over the whole log and over a ledger holding its first 100,000 events (target: within 1.5× of
each other). The rate is measured with the workers ``ledger rebuild`` uses by default on the
machine (``default_workers``).

``python -m benchmarks.rebuild rebuild|decode URL`` is that process: it prints events, seconds and
its peak resident memory as JSON.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from benchmarks.measure import Figure, Target, alternate, median, peak_rss_mb, rate, run_child, timed
from benchmarks.sizes import Size
from benchmarks.stores import Raw, Store, Stores
from ledger.app import RotationLedger
from ledger.bootstrap import build_ledger
from ledger.projections import open_read_side
from ledger.projections.decoding import PageDecoder
from ledger.projections.runner import default_workers
from ledger.settings import Settings
from ledger.store import pages

PAGE = 2000


def read_and_decode(app: RotationLedger, page_size: int = PAGE, *, decoder: PageDecoder | None = None) -> int:
    """Reads the whole log in pages and decodes every event (with the library's mapper, or the
    views' own page decoder); returns how many."""
    count = 0
    to_domain_event = app.mapper.to_domain_event
    for page in pages(app.recorder, size=page_size):
        if decoder is not None:
            decoder.decode(page)
        else:
            for notification in page:
                to_domain_event(notification)
        count += len(page)
    return count


def copy_prefix(source: Store, target: Store, events: int) -> int:
    """A ledger holding the first ``events`` events of another (the same rows and positions)."""
    build_ledger(target.settings()).close()  # the event table
    with Raw(source) as src, Raw(target) as dst:
        if source.backend == "postgres":
            columns = "originator_id, originator_version, topic, state, notification_id"
            with src.conn.cursor() as out, dst.conn.cursor() as into, out.copy(
                    f"COPY (SELECT {columns} FROM {src.events} WHERE notification_id <= {int(events)} "
                    "ORDER BY notification_id) TO STDOUT (FORMAT binary)") as reading, into.copy(
                    f"COPY {dst.events} ({columns}) FROM STDIN (FORMAT binary)") as writing:
                for chunk in reading:
                    writing.write(chunk)
            dst.execute(f"SELECT setval(pg_get_serial_sequence('{dst.events}', 'notification_id'), "
                        f"(SELECT max(notification_id) FROM {dst.events}))")
        else:
            dst.execute("ATTACH DATABASE %s AS source", (source.name,))
            dst.execute(f"INSERT INTO {dst.events} (rowid, originator_id, originator_version, topic, state) "
                        f"SELECT rowid, originator_id, originator_version, topic, state FROM source.{src.events} "
                        "WHERE rowid <= %s ORDER BY rowid", (events,))
            dst.execute("DETACH DATABASE source")
        return int(dst.rows(f"SELECT count(*) FROM {dst.events}")[0][0])


def measure_in_child(store: Store, task: str) -> dict[str, Any]:
    return run_child("benchmarks.rebuild", task, store.url)


def run(stores: Stores, size: Size, county: Store) -> list[Figure]:
    app = build_ledger(county.settings())
    read_side = open_read_side(app, page_size=PAGE)
    rounds = max(2, size.rounds - 2)
    workers = default_workers(read_side.recorder)
    try:
        read_and_decode(app)  # warm the database's cache for both alike

        def rebuild(_: int) -> float:
            report = read_side.projector.rebuild(page_size=PAGE, workers=workers)
            return report.events_per_second

        fast_decodes: list[float] = []

        def decode(_: int) -> float:
            seconds, count = timed(lambda: read_and_decode(app, decoder=PageDecoder(app.mapper)))
            fast_decodes.append(rate(count, seconds))
            seconds, count = timed(lambda: read_and_decode(app))
            return rate(count, seconds)

        rebuilds, decodes = alternate(rounds, rebuild, decode)
        events = app.recorder.max_notification_id() or 0
    finally:
        read_side.close()
        app.close()
    prefix = stores.new("prefix")
    prefix_events = copy_prefix(county, prefix, size.prefix_events)
    whole, part = measure_in_child(county, "rebuild"), measure_in_child(prefix, "rebuild")
    decoding = measure_in_child(county, "decode")
    return [
        Figure("rebuild", county.backend, "events/s", median(rebuilds), median(decodes), "read-and-decode",
               Target(">=", 0.5), rebuilds, decodes, {
                   "events": events, "page_size": PAGE, "rounds": rounds, "workers": workers,
                   "views": "teachers, audit, schools",
                   "decode": "the library's mapper (the events as the application reads them)",
                   "views_decoder_per_s": median(fast_decodes),
                   "ratio_to_views_decoder": median(rebuilds) / median(fast_decodes)}),
        Figure("rebuild_memory", county.backend, "MB peak RSS", whole["peak_rss_mb"], part["peak_rss_mb"],
               f"rebuild of the first {prefix_events:,} events", Target("<=", 1.5), [whole["peak_rss_mb"]],
               [part["peak_rss_mb"]], {"events": whole["events"], "prefix_events": prefix_events,
                                       "rebuild_seconds": whole["seconds"], "prefix_seconds": part["seconds"],
                                       "workers": 1,
                                       "read_and_decode_peak_rss_mb": decoding["peak_rss_mb"]}),
    ]


def child(task: str, url: str) -> dict[str, Any]:
    """One measurement in this process: a full rebuild, or a plain read-and-decode."""
    app = build_ledger(Settings(database_url=url))
    try:
        if task == "decode":
            seconds, events = timed(lambda: read_and_decode(app))
        else:
            read_side = open_read_side(app, page_size=PAGE)
            try:
                report = read_side.projector.rebuild(page_size=PAGE)  # one process holds every view
            finally:
                read_side.close()
            seconds, events = report.seconds, report.events
    finally:
        app.close()
    return {"task": task, "events": events, "seconds": seconds, "peak_rss_mb": peak_rss_mb()}


if __name__ == "__main__":
    print(json.dumps(child(sys.argv[1], sys.argv[2])))
