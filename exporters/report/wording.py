"""Words and numbers as the report writes them: hours, day names, periods."""

from __future__ import annotations

import datetime as dt

_WD = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MON = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip


def hours(minutes: int | float) -> str:
    """Minutes as decimal hours with one decimal: 750 → '12.5'."""
    return f"{minutes / 60:.1f}"


def day_label(day: dt.date, *, year: bool = False) -> str:
    text = f"{_WD[day.weekday()]} {day.day} {_MON[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def period_phrase(first: dt.date, last: dt.date) -> str:
    if first == last:
        return f"on {day_label(first, year=True)}"
    return f"from {day_label(first, year=first.year != last.year)} to {day_label(last, year=True)}"


def period_label(first: dt.date, last: dt.date, week_start: int = 0) -> str:
    """'2026', 'Q4 2026', 'November 2026', 'Week of Mon 16 Nov 2026', or the range."""
    next_day = last + dt.timedelta(days=1)
    if first.day == 1 and next_day.day == 1:
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        if months == 12 and first.month == 1:
            return str(first.year)
        if months == 3 and first.month % 3 == 1:
            return f"Q{(first.month - 1) // 3 + 1} {first.year}"
        if months == 1:
            return f"{_MONTH[first.month - 1]} {first.year}"
    if (last - first).days == 6 and first.weekday() == week_start:
        return f"Week of {day_label(first, year=True)}"
    if first == last:
        return day_label(first, year=True)
    return f"{day_label(first, year=first.year != last.year)} – {day_label(last, year=True)}"
