"""How big each benchmark runs: ``full`` (``make bench``, the figures in docs/PERFORMANCE.md) and
``smoke`` (``make bench-smoke``, every benchmark at a tiny size in seconds, so the code cannot rot).

The synthetic county records about 1.5 events per teacher and school year plus the registrations
(``ledger generate``); 22,000 teachers over 30 school years make about 1,000,000 events.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    name: str
    rounds: int  # alternating rounds of a figure and its baseline
    append_commands: int  # commands per append round
    http_clients: tuple[int, ...]  # concurrent clients of the HTTP write benchmark
    http_postings: int  # postings per HTTP (and direct) round, shared among the clients
    county_teachers: int  # the county imported, rebuilt and read
    county_years: int
    prefix_events: int  # the smaller ledger whose rebuild memory is compared
    read_samples: int  # requests per read route
    scale_teachers: tuple[int, int]  # due list and quota report at these county sizes
    scale_years: int
    seed: int = 2026


FULL = Size("full", rounds=5, append_commands=400, http_clients=(1, 16), http_postings=480, county_teachers=22_000,
            county_years=30, prefix_events=100_000, read_samples=300, scale_teachers=(5_000, 50_000), scale_years=3)
SMOKE = Size("smoke", rounds=2, append_commands=12, http_clients=(1, 16), http_postings=32, county_teachers=100,
             county_years=3, prefix_events=150, read_samples=6, scale_teachers=(100, 1_000), scale_years=1)
SIZES = {s.name: s for s in (FULL, SMOKE)}
