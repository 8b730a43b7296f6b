"""The named rules of RULES §6 that compare numbers and dates. Every date here is a *recorded* day
in China Standard Time (``ledger.domain.dates.china_today`` of the event's timestamp), never a date
a client sends."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from ledger.domain.errors import RuleViolation


def notice_last_day(published_on: date, notice_days: int) -> date:
    """R-PROG-NOTICE: a notice published on day d for n days runs d … d+n-1."""
    return published_on + timedelta(days=notice_days - 1)


def check_enactable(programme: str, last: date, open_objections: int, today: date) -> None:
    """R-PROG-NOTICE: nothing takes effect while the notice runs (up to its ``last`` day, from
    ``notice_last_day``) or an objection is open."""
    if today <= last:
        raise RuleViolation("R-PROG-NOTICE", "programme.notice_running", programme=programme, last=last)
    if open_objections:
        raise RuleViolation("R-PROG-NOTICE", "programme.objections_open", programme=programme,
                            count=open_objections)


def principal_deadline(school_year: int, month: int = 8, day: int = 10) -> date:
    """R-PROG-PRINCIPALS: principals are in place by ``principal_deadline`` (10 August) of the year
    the rotation starts (school year ``school_year`` begins in its autumn)."""
    return date(school_year, month, day)


def principal_late(placed_on: date, deadline: date) -> bool:
    """R-PROG-PRINCIPALS: the deadline day itself is in time; the day after is reported."""
    return placed_on > deadline


def supervisory_count(evaluated: int, share: Decimal) -> int:
    """R-PROG-SUPERVISORY: the bottom ``share`` of a school's evaluated staff, rounded half up, at
    least one where anyone is evaluated (29 × 5% = 1.45 → 1; 30 × 5% = 1.5 → 2)."""
    if evaluated <= 0:
        return 0
    return max(1, int((Decimal(evaluated) * share).quantize(Decimal(1), rounding=ROUND_HALF_UP)))


def check_incentive(school_of: Iterable[tuple[str, str]], per_school: int) -> None:
    """R-PROG-INCENTIVE: at most ``per_school`` incentive exchanges per school per year;
    ``school_of`` is (teacher, school) for each incentive assignment."""
    counts = Counter(school for _, school in school_of)
    for school, n in sorted(counts.items()):
        if n > per_school:
            raise RuleViolation("R-PROG-INCENTIVE", "programme.incentive_cap", school=school, count=n,
                                limit=per_school)


def filing_due(completed_on: date, filing_days: int) -> date:
    """R-PROG-FILE: filed within ``filing_days`` after the year's rotation is complete."""
    return completed_on + timedelta(days=filing_days)


def filing_overdue(completed_on: date, filing_days: int, today: date, filed: bool) -> bool:
    return not filed and today > filing_due(completed_on, filing_days)
