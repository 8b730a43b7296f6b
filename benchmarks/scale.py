"""Scale: seconds to answer the due list and the quota report of a school year for a county of
5,000 and of 50,000 teachers (generated straight into the ledger, views rebuilt, answered from the
views as the service does), as the ratio of the larger to the smaller (target: at most 12× for 10×
the teachers) — and the same answers as known at a moment (``known_at``: one scan of the log), beside
the answer from the views. Beside each size, the raw read of the rows the answers are computed from (every
teacher's profile and record states from the teachers view) on a plain connection."""

from __future__ import annotations

from typing import Any

from benchmarks.measure import Figure, Target, median, timed
from benchmarks.sizes import Size
from benchmarks.stores import Store, Stores
from ledger.bootstrap import build_ledger
from ledger.domain.dates import school_year_of
from ledger.generator import GeneratorConfig, write_into
from ledger.projections import open_read_side

AS_OF = GeneratorConfig(teachers=1, years=1, seed=0).as_of
YEAR = school_year_of(AS_OF)


def measure(store: Store, teachers: int, size: Size) -> dict[str, Any]:
    app = build_ledger(store.settings())
    read_side = open_read_side(app)
    try:
        county = write_into(app, GeneratorConfig(teachers=teachers, years=size.scale_years, seed=size.seed))
        read_side.projector.rebuild()
        app.policy_source = read_side.read_model
        tables = read_side.read_model._read(lambda r, t: (t("teachers", "teachers"), t("teachers", "records")))  # noqa: SLF001
        rounds = max(2, size.rounds - 2)
        due = [timed(lambda: app.due_list(YEAR))[0] for _ in range(rounds)]
        quota = [timed(lambda: app.quota_report(YEAR))[0] for _ in range(rounds)]
        moment = app.clock()  # every event recorded: the same answer, from one scan of the log
        due_known = [timed(lambda: app.due_list(YEAR, known_at=moment))[0] for _ in range(rounds)]
        quota_known = [timed(lambda: app.quota_report(YEAR, known_at=moment))[0] for _ in range(rounds)]
        rows = app.due_list(YEAR).rows
    finally:
        read_side.close()
        app.close()
    with store.raw() as raw:
        scans = [timed(lambda: (raw.rows(f"SELECT uuid, profile FROM {tables[0]}"),
                                raw.rows(f"SELECT uuid, state FROM {tables[1]}")))[0] for _ in range(rounds)]
    return {"teachers_registered": len(rows), "events": county.events, "due_list_s": due, "quota_report_s": quota,
            "due_list_known_at_s": due_known, "quota_report_known_at_s": quota_known, "raw_scan_s": scans}


def run(stores: Stores, size: Size) -> list[Figure]:
    small_n, large_n = size.scale_teachers
    small = measure(stores.new(f"scale{small_n}"), small_n, size)
    large = measure(stores.new(f"scale{large_n}"), large_n, size)
    backend = stores.backend
    details = {"school_year": YEAR, "years": size.scale_years, "teachers": [small_n, large_n],
               "small": {k: v for k, v in small.items() if not k.endswith("_s")},
               "large": {k: v for k, v in large.items() if not k.endswith("_s")},
               "raw_scan_s": [median(small["raw_scan_s"]), median(large["raw_scan_s"])]}
    return [
        *(Figure(f"scale_{answer}", backend, "s", median(large[f"{answer}_s"]), median(small[f"{answer}_s"]),
                 f"the same at {small_n:,} teachers", Target("<=", 12), large[f"{answer}_s"], small[f"{answer}_s"],
                 details)
          for answer in ("due_list", "quota_report", "due_list_known_at", "quota_report_known_at")),
        *(Figure(f"known_at_{answer}", backend, "s", median(large[f"{answer}_known_at_s"]),
                 median(large[f"{answer}_s"]), f"the same from the views now, {large_n:,} teachers", None,
                 large[f"{answer}_known_at_s"], large[f"{answer}_s"], details)
          for answer in ("due_list", "quota_report")),
    ]
