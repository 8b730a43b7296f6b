"""Reads: latency (p50, p99) of a teacher's history, a service record, a school's roster and a page
of the event feed over HTTP (a real ``ledger serve`` on the county's ledger, one keep-alive
client, one request at a time) against the raw SQL behind each answer, run on one plain driver
connection to the same database (target: p50 at most 5× raw).

The raw SQL is what each answer needs from the database and no more:

- history: the teacher's events; the teachers view's profile, record states and service periods;
- service record: the teacher's events; the events of the schools served at and of the policy book;
- roster: the school's view row; who served there on the day; its home staff away that day;
- event feed: a page of 100 events after a position, and the head position.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from benchmarks.measure import Figure, Target, median, percentile
from benchmarks.server import Server, serving
from benchmarks.sizes import Size
from benchmarks.stores import Raw, Store
from ledger.bootstrap import build_ledger
from ledger.domain.policy_book import POLICY_BOOK_ID
from ledger.domain.school import school_uuid
from ledger.domain.teacher import teacher_uuid
from ledger.projections import open_read_side
from ledger.projections.assignments import COVERS, PERIOD_FIELDS

DAY = "2026-10-31"
FEED_PAGE = 100
WARM_UP = 5


class RawReads:
    """The SQL behind each read, on a plain connection."""

    def __init__(self, store: Store) -> None:
        self.raw = Raw(store)
        app = build_ledger(store.settings())
        read_side = open_read_side(app)
        try:
            self.t = read_side.read_model._read(lambda r, t: {  # noqa: SLF001 (the served tables' names)
                name: t(view, table) for name, (view, table) in {
                    "teachers": ("teachers", "teachers"), "records": ("teachers", "records"),
                    "periods": ("teachers", "periods"), "schools": ("schools", "schools")}.items()})
        finally:
            read_side.close()
            app.close()
        raw = self.raw
        self.events = (f"SELECT originator_id, originator_version, topic, state FROM {raw.events} "
                       "WHERE originator_id = %s ORDER BY originator_version")

    def history(self, teacher_id: str) -> int:
        uuid = teacher_uuid(teacher_id)
        r, t = self.raw, self.t
        got = r.rows(self.events, (r.id(uuid),))
        got += r.rows(f"SELECT profile FROM {t['teachers']} WHERE uuid = %s", (uuid.hex,))
        got += r.rows(f"SELECT record_id, state FROM {t['records']} WHERE uuid = %s", (uuid.hex,))
        got += r.rows(f"SELECT {PERIOD_FIELDS} FROM {t['periods']} p WHERE p.uuid = %s ORDER BY p.seq", (uuid.hex,))
        return len(got)

    def service_record(self, teacher_id: str) -> int:
        uuid = teacher_uuid(teacher_id)
        r, t = self.raw, self.t
        got = r.rows(self.events, (r.id(uuid),))
        schools = [row[0] for row in r.rows(f"SELECT DISTINCT school_id FROM {t['periods']} WHERE uuid = %s",
                                            (uuid.hex,))]
        for uuid_ in [*(school_uuid(s) for s in schools), POLICY_BOOK_ID]:
            got += r.rows(self.events, (r.id(uuid_),))
        return len(got)

    def roster(self, school_id: str) -> int:
        r, t = self.raw, self.t
        select = f"SELECT {PERIOD_FIELDS}, t.name FROM {t['periods']} p JOIN {t['teachers']} t ON t.uuid = p.uuid"
        got = r.rows(f"SELECT school_id, name, level, timeline FROM {t['schools']} WHERE school_id = %s",
                     (school_id,))
        got += r.rows(f"{select} WHERE p.school_id = %s AND {COVERS} ORDER BY p.teacher_id", (school_id, DAY, DAY))
        got += r.rows(f"{select} WHERE p.home_school_id = %s AND p.role <> 'home' AND p.school_id <> %s AND {COVERS} "
                      "ORDER BY p.teacher_id, p.school_id", (school_id, school_id, DAY, DAY))
        return len(got)

    def feed(self, after: int) -> int:
        r = self.raw
        got = r.rows(f"SELECT {r.position}, originator_id, originator_version, topic, state FROM {r.events} "
                     f"WHERE {r.position} > %s ORDER BY {r.position} LIMIT %s", (after, FEED_PAGE))
        got += r.rows(f"SELECT max({r.position}) FROM {r.events}")
        return len(got)

    def close(self) -> None:
        self.raw.close()


def wait_caught_up(server: Server, timeout: float = 1800) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if httpx.get(f"{server.url}/readyz", timeout=10).json().get("projection_lag") == 0:
            return
        time.sleep(1)
    raise RuntimeError("the views did not catch up")


def latencies(http: httpx.Client, raw_call: Callable[[Any], int], route: Callable[[Any], str],
              subjects: list[Any]) -> tuple[list[float], list[float]]:
    """Milliseconds per request over HTTP and per raw read, alternating, subject by subject."""
    for subject in subjects[:WARM_UP]:
        http.get(route(subject)).raise_for_status()
        raw_call(subject)
    over_http, raw = [], []
    for subject in subjects:
        started = time.perf_counter()
        answer = http.get(route(subject))
        over_http.append((time.perf_counter() - started) * 1000)
        if answer.status_code != 200:
            raise RuntimeError(f"{route(subject)}: {answer.status_code} {answer.text[:300]}")
        started = time.perf_counter()
        raw_call(subject)
        raw.append((time.perf_counter() - started) * 1000)
    return over_http, raw


def run(size: Size, county: Store, folder: Path) -> list[Figure]:
    reads = RawReads(county)
    pick = random.Random(size.seed)
    try:
        r = reads.raw
        teachers = [row[0] for row in r.rows(f"SELECT teacher_id FROM {reads.t['teachers']} ORDER BY teacher_id")]
        schools = [row[0] for row in r.rows(f"SELECT school_id FROM {reads.t['schools']} ORDER BY school_id")]
        head = int(r.rows(f"SELECT max({r.position}) FROM {r.events}")[0][0])
        n = size.read_samples
        subjects = {
            "history": pick.choices(teachers, k=n), "service_record": pick.choices(teachers, k=n),
            "roster": pick.choices(schools, k=n), "feed": [pick.randrange(0, max(1, head - FEED_PAGE)) for _ in range(n)],
        }
        routes = {
            "history": (reads.history, lambda s: f"/v1/teachers/{s}/history"),
            "service_record": (reads.service_record,
                               lambda s: f"/v1/teachers/{s}/service-record?target=intermediate&as_of={DAY}"),
            "roster": (reads.roster, lambda s: f"/v1/schools/{s}/roster?as_of={DAY}"),
            "feed": (reads.feed, lambda s: f"/v1/events?after={s}&limit={FEED_PAGE}"),
        }
        figures = []
        with serving(county, folder / f"server-reads-{county.backend}.log") as server:
            wait_caught_up(server)
            with httpx.Client(base_url=server.url, headers=server.headers, timeout=60) as http:
                for name, (raw_call, route) in routes.items():
                    over_http, raw = latencies(http, raw_call, route, subjects[name])
                    figures.append(Figure(
                        f"read_{name}_p50", county.backend, "ms", percentile(over_http, 50), percentile(raw, 50),
                        "raw SQL p50", Target("<=", 5), over_http, raw,
                        {"p99_ms": percentile(over_http, 99), "raw_p99_ms": percentile(raw, 99),
                         "mean_ms": sum(over_http) / len(over_http), "raw_median_ms": median(raw),
                         "requests": len(over_http), "example": route(subjects[name][0])}))
    finally:
        reads.close()
    return figures
