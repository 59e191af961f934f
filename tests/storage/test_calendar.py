"""storage.calendar: weeks, months, quarters, years and the instants bounding local days."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from storage.calendar import (
    add_months,
    day_bounds,
    month_end,
    period_of,
    quarter_of,
    shift_period,
    week_number,
    week_of,
    week_start,
    whole_months,
    working_days_in,
)

D = dt.date
MONDAY, SUNDAY = 0, 6


@pytest.mark.parametrize(
    ("day", "first_weekday", "start"),
    [
        (D(2026, 11, 23), MONDAY, D(2026, 11, 23)),  # a Monday
        (D(2026, 11, 29), MONDAY, D(2026, 11, 23)),  # the Sunday closes the Monday week
        (D(2026, 11, 29), SUNDAY, D(2026, 11, 29)),  # … and opens the Sunday week
        (D(2026, 11, 28), SUNDAY, D(2026, 11, 22)),
        (D(2027, 1, 1), MONDAY, D(2026, 12, 28)),  # across the new year
        (D(2027, 1, 2), SUNDAY, D(2026, 12, 27)),
        (D(2026, 11, 25), 2, D(2026, 11, 25)),  # weeks may start on any day
    ],
)
def test_week_start(day: dt.date, first_weekday: int, start: dt.date) -> None:
    assert week_start(day, first_weekday) == start
    assert week_of(day, first_weekday) == (start, start + dt.timedelta(days=6))
    assert period_of("week", day, first_weekday) == week_of(day, first_weekday)


def test_week_number_is_iso_at_the_fourth_day() -> None:
    assert week_number(D(2026, 11, 23)) == 48
    assert week_number(D(2026, 12, 28)) == 53  # 2026 has 53 ISO weeks
    assert week_number(D(2027, 1, 4)) == 1


@pytest.mark.parametrize(
    ("day", "months", "moved"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),  # leap year
        (D(2026, 8, 31), 6, D(2027, 2, 28)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),
        (D(2026, 1, 15), -1, D(2025, 12, 15)),
        (D(2026, 5, 31), 0, D(2026, 5, 31)),
        (D(2026, 5, 10), -24, D(2024, 5, 10)),
    ],
)
def test_add_months_clamps_to_the_month_end(day: dt.date, months: int, moved: dt.date) -> None:
    assert add_months(day, months) == moved


def test_month_end() -> None:
    assert month_end(D(2026, 2, 3)) == D(2026, 2, 28)
    assert month_end(D(2028, 2, 29)) == D(2028, 2, 29)
    assert month_end(D(2026, 12, 1)) == D(2026, 12, 31)
    assert month_end(D(2026, 4, 30)) == D(2026, 4, 30)


@pytest.mark.parametrize(
    ("month", "quarter", "first", "last"),
    [
        (1, 1, D(2026, 1, 1), D(2026, 3, 31)),
        (3, 1, D(2026, 1, 1), D(2026, 3, 31)),
        (4, 2, D(2026, 4, 1), D(2026, 6, 30)),
        (9, 3, D(2026, 7, 1), D(2026, 9, 30)),
        (12, 4, D(2026, 10, 1), D(2026, 12, 31)),
    ],
)
def test_quarters(month: int, quarter: int, first: dt.date, last: dt.date) -> None:
    day = D(2026, month, 15)
    assert quarter_of(day) == quarter
    assert period_of("quarter", day) == (first, last)


def test_periods_and_their_neighbours() -> None:
    day = D(2026, 11, 23)
    assert period_of("month", day) == (D(2026, 11, 1), D(2026, 11, 30))
    assert period_of("year", day) == (D(2026, 1, 1), D(2026, 12, 31))
    assert shift_period("month", D(2026, 12, 1), 1) == (D(2027, 1, 1), D(2027, 1, 31))
    assert shift_period("month", D(2026, 1, 1), -1) == (D(2025, 12, 1), D(2025, 12, 31))
    assert shift_period("quarter", D(2026, 10, 1), 1) == (D(2027, 1, 1), D(2027, 3, 31))
    assert shift_period("quarter", D(2026, 1, 1), -1) == (D(2025, 10, 1), D(2025, 12, 31))
    assert shift_period("year", D(2026, 1, 1), -2) == (D(2024, 1, 1), D(2024, 12, 31))
    assert shift_period("week", D(2026, 12, 28), 1) == (D(2027, 1, 4), D(2027, 1, 10))
    assert shift_period("week", D(2026, 11, 22), -1, SUNDAY) == (D(2026, 11, 15), D(2026, 11, 21))
    with pytest.raises(ValueError, match="unknown period kind"):
        period_of("fortnight", day)  # type: ignore[arg-type]


def test_whole_months() -> None:
    assert whole_months(D(2026, 11, 1), D(2026, 11, 30)) == 1
    assert whole_months(D(2026, 10, 1), D(2026, 12, 31)) == 3
    assert whole_months(D(2026, 1, 1), D(2026, 12, 31)) == 12
    assert whole_months(D(2026, 11, 2), D(2026, 11, 30)) == 0
    assert whole_months(D(2026, 11, 1), D(2026, 11, 29)) == 0


def test_working_days_in() -> None:
    weekdays = (0, 1, 2, 3, 4)
    assert working_days_in(D(2026, 11, 1), D(2026, 11, 30), weekdays) == 21
    assert working_days_in(D(2026, 11, 23), D(2026, 11, 29), weekdays) == 5
    assert working_days_in(D(2026, 11, 28), D(2026, 11, 29), weekdays) == 0
    assert working_days_in(D(2026, 11, 29), D(2026, 11, 28), weekdays) == 0
    assert working_days_in(D(2026, 11, 23), D(2026, 11, 29), (1, 2, 3, 4)) == 4
    # the counting shortcut equals counting day by day
    first = D(2026, 1, 1)
    for length in range(40):
        last = first + dt.timedelta(days=length)
        by_hand = sum(
            (first + dt.timedelta(days=i)).weekday() in (0, 2, 6) for i in range(length + 1)
        )
        assert working_days_in(first, last, (0, 2, 6)) == by_hand


TORONTO = ZoneInfo("America/Toronto")


def _hours(bounds: tuple[dt.datetime, dt.datetime]) -> float:
    start, end = (b.astimezone(dt.UTC) for b in bounds)
    return (end - start).total_seconds() / 3600


@pytest.mark.parametrize(
    ("day", "hours", "start_utc"),
    [
        (D(2026, 3, 8), 23, "2026-03-08T05:00:00+00:00"),  # spring forward
        (D(2026, 11, 1), 25, "2026-11-01T04:00:00+00:00"),  # fall back
        (D(2026, 7, 1), 24, "2026-07-01T04:00:00+00:00"),
    ],
)
def test_day_bounds_on_dst_days(day: dt.date, hours: int, start_utc: str) -> None:
    bounds = day_bounds(day, day, TORONTO)
    assert _hours(bounds) == hours
    assert bounds[0].astimezone(dt.UTC).isoformat() == start_utc
    assert bounds[0].date() == day and bounds[1].date() == day + dt.timedelta(days=1)


def test_day_bounds_over_a_week_holding_a_dst_change() -> None:
    assert _hours(day_bounds(D(2026, 10, 26), D(2026, 11, 1), TORONTO)) == 7 * 24 + 1
    assert _hours(day_bounds(D(2026, 3, 2), D(2026, 3, 8), TORONTO)) == 7 * 24 - 1
