"""Counting days, years and ages the way RULES.md §5 prescribes, so every report agrees.

- A period counts both its first and its last day.
- Overlapping periods count once.
- Whole years run from a start date to the day *after* the reference date.
- Someone born on 29 February turns a year older on 1 March in common years.
- Dates are calendar dates in China Standard Time; recorded times are UTC instants.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone

CHINA_TZ = timezone(timedelta(hours=8), name="CST")
ONE_DAY = timedelta(days=1)
DAYS_PER_YEAR = 365


def china_today(now: datetime) -> date:
    """The calendar date in China for a (timezone-aware) instant."""
    return now.astimezone(CHINA_TZ).date()


def aware(moment: datetime) -> datetime:
    """A moment with its time zone: as given, or UTC when it has none."""
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def parse_moment(text: str) -> datetime:
    """An ISO 8601 date and time (``2026-09-01T10:00:00+08:00``, ``…Z``; a bare date is its
    midnight) as an aware moment, UTC when the text gives no offset; ``ValueError`` otherwise."""
    if not isinstance(text, str):
        raise ValueError(f"{text!r} is not ISO 8601 text")
    return aware(datetime.fromisoformat(text))


def days_inclusive(start: date, end: date) -> int:
    """Days in [start, end], counting both ends; 0 when end is before start."""
    return max(0, (end - start).days + 1)


def years_between(start: date, end: date) -> int:
    """Whole years from ``start`` to ``end`` (birthday arithmetic, 29 Feb → 1 Mar)."""
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def whole_years_of_tenure(since: date, on: date) -> int:
    """Tenure in whole years on a reference date: from ``since`` to the day after ``on``.

    Since 2015-09-01, on 2026-08-31, is 11 years; since 2019-09-01 is 7 years.
    """
    return years_between(since, on + ONE_DAY)


def age_on(birth_date: date, on: date) -> int:
    return years_between(birth_date, on)


def add_years(d: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 1 March in common years."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February in a common year
        return date(d.year + years, 3, 1)


def school_year_of(d: date) -> int:
    """School year 2026 runs from 2026-09-01 to 2027-08-31."""
    return d.year if d.month >= 9 else d.year - 1


def school_year_start(year: int) -> date:
    return date(year, 9, 1)


def school_year_end(year: int) -> date:
    return date(year + 1, 8, 31)


def planning_reference_date(school_year: int) -> date:
    """The reference date of a school year's planning: 31 August before it starts."""
    return date(school_year, 8, 31)


def clip(start: date, end: date, lo: date, hi: date) -> tuple[date, date] | None:
    """The part of [start, end] inside [lo, hi], or None when they do not meet."""
    s, e = max(start, lo), min(end, hi)
    return (s, e) if s <= e else None


def merged(periods: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """Inclusive periods merged where they overlap or touch, in date order."""
    spans: list[tuple[date, date]] = []
    for start, end in sorted(p for p in periods if p[0] <= p[1]):
        if spans and start <= spans[-1][1] + ONE_DAY:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return spans


def merged_days(periods: Iterable[tuple[date, date]]) -> int:
    """Total days covered by inclusive periods, overlaps counted once."""
    return sum(days_inclusive(*span) for span in merged(periods))


def leap_days_in(start: date, end: date) -> int:
    """How many 29 Februaries lie in [start, end]."""
    return sum(1 for y in range(start.year, end.year + 1)
               if calendar.isleap(y) and start <= date(y, 2, 29) <= end)


def school_year_days(periods: Iterable[tuple[date, date]]) -> int:
    """Days covered by inclusive periods (overlaps once), 29 February left out: "N school years" is
    at most N × 365 of these, whatever leap days the span holds."""
    return sum(days_inclusive(s, e) - leap_days_in(s, e) for s, e in merged(periods))
