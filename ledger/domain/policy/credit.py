"""Service credit: the days a teacher served where a rule wants them, and the evidence for each day.

Service comes from ``service_periods`` (home, hosted and itinerant periods; transfers; departure).
Each period is split at the host school's reclassification boundaries, so a day is credited by the
school's classification *at the time of service*. Voided postings credit nothing and amended
postings credit their amended dates (the dossier already holds the effective records); a posting
still open credits up to the as-of date. Overlapping periods — an itinerant posting's hosts —
count once (RULES.md §5).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ledger.domain.base import json_native
from ledger.domain.dates import ONE_DAY, clip, days_inclusive, merged_days
from ledger.domain.dossier import Dossier
from ledger.domain.school import Classification, SchoolFacts
from ledger.domain.service import ServicePeriod, service_periods

REGISTRATION = "registration"  # evidence id of the first home period: the teacher's registration

Qualifies = Callable[[ServicePeriod, Classification], bool]


@dataclass(frozen=True)
class CreditItem:
    record_id: str  # the posting (or transfer) that placed the teacher there, or "registration"
    school_id: str
    school_name: str
    role: str  # "home" | "hosted" | "itinerant"
    start: date
    end: date
    classification: Classification
    credited_days: int  # the days this item adds; a day already credited by an earlier item counts once
    events: tuple[dict[str, Any], ...] = ()

    @property
    def days(self) -> int:
        return days_inclusive(self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        c = self.classification
        return {
            **json_native({"record_id": self.record_id, "school_id": self.school_id,
                           "school_name": self.school_name, "role": self.role, "start": self.start,
                           "end": self.end}),
            "days": self.days, "credited_days": self.credited_days,
            "classification": json_native({"since": c.since, "area": c.area, "kind": c.kind, "tier": c.tier}),
            "events": list(self.events),
        }


def credited_service(
    dossier: Dossier,
    schools: Mapping[str, SchoolFacts],
    qualifies: Qualifies,
    *,
    until: date,
    since: date | None = None,
    record_events: Mapping[str, Sequence[dict[str, Any]]] | None = None,
) -> tuple[int, tuple[CreditItem, ...]]:
    """Days of qualifying service in [since, until] (overlaps once), and the items that earned them."""
    segments: list[tuple[date, date, ServicePeriod, Classification]] = []
    for period in service_periods(dossier):
        clipped = period.clipped(until)
        if clipped is None or clipped.end is None or period.school_id not in schools:
            continue
        start = max(clipped.start, since) if since else clipped.start
        for i, cls in enumerate(schools[period.school_id].timeline):
            lo = date.min if i == 0 else cls.since  # the first classification also covers earlier days
            part = clip(start, clipped.end, lo, cls.until or clipped.end)
            if part and qualifies(period, cls):
                segments.append((*part, period, cls))
    segments.sort(key=lambda s: (s[0], s[2].school_id))

    items = []
    covered_until: date | None = None  # segments come by start date, so what is covered is contiguous
    for start, end, period, cls in segments:
        record_id = period.posting_id or dossier.home_on(start).posting_id or REGISTRATION
        fresh = days_inclusive(start if covered_until is None else max(start, covered_until + ONE_DAY), end)
        covered_until = end if covered_until is None else max(covered_until, end)
        items.append(CreditItem(record_id, period.school_id, schools[period.school_id].name, period.role, start, end,
                                cls, fresh, tuple((record_events or {}).get(record_id, ()))))
    total = merged_days((i.start, i.end) for i in items)
    return total, tuple(items)
