"""Days, weeks, months, quarters and years: the only place that does calendar arithmetic.

Weekdays are numbered as `datetime.date.weekday()` does: 0 = Monday … 6 = Sunday. The week
start comes from the settings (`Settings.week_start`) and is passed in by every caller.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

PeriodKind = Literal["week", "month", "quarter", "year"]
PERIOD_KINDS: tuple[PeriodKind, ...] = ("week", "month", "quarter", "year")

ICS_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
"""RFC 5545 weekday codes, Monday first: protocol, never shown to a person."""

WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""Weekday names as the settings file spells them: keys, not wording (they stay English)."""

# The years a typed date may name: every date people type (days, periods, months, quarters,
# years) stays in them, so nothing downstream meets year 0, 10000 or a range over millennia.
FIRST_YEAR = 1900
LAST_YEAR = 2999
# The most periods a repeat can skip ("every 99 weeks"), typed or in an RRULE's INTERVAL:
# past it no date falls within the years a planner looks at.
MAX_INTERVAL = 99


# ---------------------------------------------------------------- days and weeks


def iso_day(text: str) -> dt.date | None:
    """`text` when it is exactly a day as Calepin writes it (2026-11-16) in FIRST_YEAR to
    LAST_YEAR, else None: the grammar (`storage.grammar.parse_day`, which reads it the
    same) reads everything else and says what is wrong. The command line's `--week
    2026-11-16` is read without loading the grammar."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    digits = text[:4] + text[5:7] + text[8:]
    if not (digits.isascii() and digits.isdigit()):
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return None
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


def week_start(day: dt.date, first_weekday: int = 0) -> dt.date:
    """The first day of the week holding `day`.

    Args:
        day: any day.
        first_weekday: the day weeks start on (0 = Monday … 6 = Sunday).
    """
    return day - dt.timedelta(days=(day.weekday() - first_weekday) % 7)


def week_of(day: dt.date, first_weekday: int = 0) -> tuple[dt.date, dt.date]:
    """The first and last day (inclusive) of the week holding `day`."""
    first = week_start(day, first_weekday)
    return first, first + dt.timedelta(days=6)


def week_number(first: dt.date) -> int:
    """The ISO week number of the week starting on `first` (taken at its fourth day)."""
    return (first + dt.timedelta(days=3)).isocalendar().week


def day_bounds(first: dt.date, last: dt.date, tz: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    """The instants that start local day `first` and end local day `last` (inclusive) in `tz`.

    On a DST day the span is 23 or 25 hours long: compare the instants, or convert them to
    UTC before subtracting (aware datetimes sharing a tzinfo subtract as wall-clock times).
    """
    start = dt.datetime.combine(first, dt.time(), tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    return start, end


def working_days_in(first: dt.date, last: dt.date, working_days: tuple[int, ...]) -> int:
    """How many days from `first` to `last` (inclusive) fall on one of `working_days`."""
    span = (last - first).days + 1
    if span <= 0:
        return 0
    whole_weeks, rest = divmod(span, 7)
    count = whole_weeks * len(working_days)
    for offset in range(rest):
        if (first.weekday() + whole_weeks * 7 + offset) % 7 in working_days:
            count += 1
    return count


# ---------------------------------------------------------------- months, quarters, years


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved `months` later (earlier when negative), clamped to the month's last day.

    31 Jan + 1 → 28 Feb (29 in a leap year); 31 Aug + 6 → 28 Feb.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    first = dt.date(year, month + 1, 1)
    return first.replace(day=min(day.day, month_end(first).day))


def month_end(day: dt.date) -> dt.date:
    """The last day of the month holding `day`."""
    following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def quarter_of(day: dt.date) -> int:
    """1 to 4: the quarter of the year holding `day`."""
    return (day.month - 1) // 3 + 1


def period_of(kind: PeriodKind, day: dt.date, first_weekday: int = 0) -> tuple[dt.date, dt.date]:
    """The inclusive first and last days of the `kind` period holding `day`.

    Args:
        kind: "week", "month", "quarter" or "year".
        day: any day of the period.
        first_weekday: the day weeks start on (only for "week").
    """
    if kind == "week":
        return week_of(day, first_weekday)
    if kind == "month":
        return day.replace(day=1), month_end(day)
    if kind == "quarter":
        first = dt.date(day.year, 3 * quarter_of(day) - 2, 1)
        return first, month_end(add_months(first, 2))
    if kind == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    raise ValueError(f"unknown period kind {kind!r}")


def shift_period(
    kind: PeriodKind, first: dt.date, step: int, first_weekday: int = 0
) -> tuple[dt.date, dt.date]:
    """The period `step` periods after the one starting on `first` (before it when negative)."""
    if kind == "week":
        return period_of(kind, first + dt.timedelta(weeks=step), first_weekday)
    months = {"month": 1, "quarter": 3, "year": 12}[kind] * step
    return period_of(kind, add_months(first.replace(day=1), months), first_weekday)


def whole_months(first: dt.date, last: dt.date) -> int:
    """How many whole calendar months `first`..`last` spans exactly (0: not whole months)."""
    if first.day != 1 or (last + dt.timedelta(days=1)).day != 1:
        return 0
    return (last.year - first.year) * 12 + last.month - first.month + 1
