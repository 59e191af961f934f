"""Report periods: the week, month, quarter or year holding a day, and the one before or after."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from storage.timeutil import week_start

PeriodKind = Literal["week", "month", "quarter", "year"]
PERIOD_KINDS: tuple[PeriodKind, ...] = ("week", "month", "quarter", "year")


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def period_of(kind: PeriodKind, day: dt.date, first_weekday: int = 0) -> tuple[dt.date, dt.date]:
    """The inclusive first and last days of the `kind` period holding `day`."""
    if kind == "week":
        first = week_start(day, first_weekday)
        return first, first + dt.timedelta(days=6)
    if kind == "month":
        return day.replace(day=1), _month_end(day.year, day.month)
    if kind == "quarter":
        first_month = 3 * ((day.month - 1) // 3) + 1
        return dt.date(day.year, first_month, 1), _month_end(day.year, first_month + 2)
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
    index = first.year * 12 + first.month - 1 + months
    return period_of(kind, dt.date(index // 12, index % 12 + 1, 1), first_weekday)


def working_days_in(first: dt.date, last: dt.date, working_days: tuple[int, ...]) -> int:
    """How many days from `first` to `last` (inclusive) fall on a working weekday."""
    span = (last - first).days + 1
    if span <= 0:
        return 0
    whole_weeks, rest = divmod(span, 7)
    count = whole_weeks * len(working_days)
    for offset in range(rest):
        if (first.weekday() + whole_weeks * 7 + offset) % 7 in working_days:
            count += 1
    return count
