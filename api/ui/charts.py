"""Quota charts as server-side SVG geometry: one bar per school (rotated against what R-Q-SCHOOL
requires), and the county's share targets against their thresholds."""

from __future__ import annotations

from dataclasses import dataclass

from ledger.domain.policy import QuotaReport

BAR_AREA = 520
ROW = 26
LABEL = 230


@dataclass(frozen=True)
class SchoolBar:
    school_id: str
    name: str
    y: int
    rotated: int
    required: int | None
    met: bool | None
    width: float  # of the rotated bar
    mark: float | None  # x of the requirement line


@dataclass(frozen=True)
class SchoolChart:
    width: int
    height: int
    left: int
    bars: list[SchoolBar]


def school_chart(report: QuotaReport, school_ids: set[str] | None = None) -> SchoolChart:
    """Rotated per school against the R-Q-SCHOOL requirement, the least met first."""
    rows = []
    for unit in report.schools:
        if school_ids is not None and unit.unit_id not in school_ids:
            continue
        check = next((c for c in unit.checks if c.clause == "R-Q-SCHOOL"), None)
        rows.append((unit, check.required if check else None, check.met if check else None))
    rows.sort(key=lambda r: (r[2] is not False, r[0].name))
    top = max([1, *(u.numbers.get("rotated", 0) for u, _, _ in rows), *(req or 0 for _, req, _ in rows)])
    scale = BAR_AREA / top
    bars = [SchoolBar(u.unit_id, u.name, 20 + i * ROW, u.numbers.get("rotated", 0), req, met,
                      round(u.numbers.get("rotated", 0) * scale, 1),
                      round(LABEL + req * scale, 1) if req is not None else None)
            for i, (u, req, met) in enumerate(rows)]
    return SchoolChart(LABEL + BAR_AREA + 60, 30 + ROW * len(bars), LABEL, bars)
