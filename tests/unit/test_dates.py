"""RULES.md §5: counting days, years and ages."""

from datetime import date, datetime, timedelta, timezone

import pytest

from ledger.domain.dates import (
    add_years,
    age_on,
    china_today,
    days_inclusive,
    merged_days,
    parse_moment,
    planning_reference_date,
    school_year_of,
    whole_years_of_tenure,
)


def test_a_period_counts_both_ends():
    assert days_inclusive(date(2020, 9, 1), date(2022, 8, 31)) == 730
    assert days_inclusive(date(2020, 9, 1), date(2020, 9, 1)) == 1
    assert days_inclusive(date(2020, 9, 2), date(2020, 9, 1)) == 0


@pytest.mark.parametrize(
    ("since", "on", "years"),
    [
        (date(2015, 9, 1), date(2026, 8, 31), 11),
        (date(2019, 9, 1), date(2026, 8, 31), 7),
        (date(2019, 9, 2), date(2026, 8, 31), 6),  # one day short of the seventh year
        (date(2020, 9, 1), date(2026, 8, 30), 5),
    ],
)
def test_tenure_runs_to_the_day_after_the_reference_date(since, on, years):
    assert whole_years_of_tenure(since, on) == years


def test_leap_day_birthdays_turn_on_the_first_of_march():
    born = date(2000, 2, 29)
    assert age_on(born, date(2001, 2, 28)) == 0
    assert age_on(born, date(2001, 3, 1)) == 1
    assert age_on(born, date(2004, 2, 29)) == 4
    assert add_years(born, 3) == date(2003, 3, 1)


def test_overlapping_periods_count_once():
    periods = [(date(2020, 1, 1), date(2020, 1, 10)), (date(2020, 1, 5), date(2020, 1, 20)),
               (date(2020, 2, 1), date(2020, 2, 1))]
    assert merged_days(periods) == 21
    assert merged_days([(date(2020, 1, 1), date(2020, 1, 1)), (date(2020, 1, 2), date(2020, 1, 2))]) == 2


def test_school_years_and_planning_reference():
    assert school_year_of(date(2026, 9, 1)) == 2026
    assert school_year_of(date(2026, 8, 31)) == 2025
    assert planning_reference_date(2026) == date(2026, 8, 31)


def test_dates_are_taken_in_china_time():
    assert china_today(datetime(2026, 8, 31, 16, 30, tzinfo=timezone.utc)) == date(2026, 9, 1)
    assert china_today(datetime(2026, 8, 31, 15, 59, tzinfo=timezone.utc)) == date(2026, 8, 31)


def test_a_moment_is_read_with_its_offset_and_as_utc_without_one():
    assert parse_moment("2026-09-01T10:00:00+08:00") == datetime(2026, 9, 1, 2, 0, tzinfo=timezone.utc)
    assert parse_moment("2026-09-01T02:00:00Z").utcoffset() == timedelta(0)
    assert parse_moment("2026-09-01T02:00:00.5") == datetime(2026, 9, 1, 2, 0, 0, 500_000, tzinfo=timezone.utc)
    assert parse_moment("2026-09-01") == datetime(2026, 9, 1, tzinfo=timezone.utc)
    for bad in ("yesterday", "2026-13-01T00:00:00", "", None):
        with pytest.raises(ValueError):
            parse_moment(bad)  # type: ignore[arg-type]

