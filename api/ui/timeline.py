"""A teacher's years as a chart: one row per school, one bar per period of service (home, hosted,
itinerant), drawn by the template as server-side SVG. Village schools and teaching points (村小 /
教学点) and rural schools are marked as classified when the period began, as the rules credit them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ledger.domain.school import SchoolFacts

WIDTH = 880
LABEL_WIDTH = 220
ROW_HEIGHT = 34
BAR_HEIGHT = 20
TOP = 28


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    role: str  # home | hosted | itinerant
    village: bool
    rural: bool
    start: str
    end: str | None
    school_id: str
    posting_id: str | None


@dataclass(frozen=True)
class Row:
    y: float
    school_id: str
    name: str
    village: bool
    rural: bool


@dataclass
class Timeline:
    width: int
    height: int
    plot_left: int
    ticks: list[tuple[float, str]] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)


def timeline(periods: list[dict[str, Any]], schools: Mapping[str, SchoolFacts], until: date) -> Timeline | None:
    """The chart of ``periods`` (history periods, ISO dates) up to ``until``; None without any."""
    spans = [(p, date.fromisoformat(p["start"]), date.fromisoformat(p["end"]) if p["end"] else until)
             for p in periods]
    spans = [(p, s, min(e, until)) for p, s, e in spans if s <= until]
    if not spans:
        return None
    first = date(min(s for _, s, _ in spans).year, 1, 1)
    last = date(max(e for _, _, e in spans).year + 1, 1, 1)
    total = (last - first).days
    plot = WIDTH - LABEL_WIDTH - 10

    def x(day: date) -> float:
        return round(LABEL_WIDTH + plot * (day - first).days / total, 1)

    order = list(dict.fromkeys(p["school_id"] for p, _, _ in spans))
    chart = Timeline(WIDTH, TOP + ROW_HEIGHT * len(order) + 8, LABEL_WIDTH)
    step = max(1, (last.year - first.year) // 12)  # at most a dozen year labels
    chart.ticks = [(x(date(y, 1, 1)), str(y)) for y in range(first.year, last.year, step)]
    for i, school_id in enumerate(order):
        facts = schools.get(school_id)
        now = facts.on(until) if facts else None
        chart.rows.append(Row(TOP + i * ROW_HEIGHT, school_id, facts.name if facts else school_id,
                              bool(now and now.is_village), bool(now and now.is_rural)))
    for p, start, end in spans:
        facts = schools.get(p["school_id"])
        then = facts.on(start) if facts else None
        row = order.index(p["school_id"])
        chart.bars.append(Bar(
            x=x(start), y=TOP + row * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2,
            width=max(2.0, round(x(end) - x(start) + plot / total, 1)), role=p["role"],
            village=bool(then and then.is_village), rural=bool(then and then.is_rural),
            start=p["start"], end=p["end"], school_id=p["school_id"], posting_id=p["posting_id"],
        ))
    return chart
