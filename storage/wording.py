"""Every word and number format a person reads: day and month names, dates, durations, hours, %.

Names live in one table each and formatting in functions, so a translation replaces this module
alone. Nothing here depends on the C locale (no strftime `%a %b %A %B`). What people *type* is
read by `storage.grammar`, whose tables also accept French words.
"""

from __future__ import annotations

import datetime as dt

from storage.calendar import ICS_WEEKDAYS, week_number, whole_months

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

MINUS = "−"
"""U+2212, the typographic minus the report prints before negative differences."""


# ---------------------------------------------------------------- names


def weekday_name(day: dt.date | int | str, *, short: bool = False) -> str:
    """'Monday' or 'Mon' for a date, a weekday number (0 = Monday) or an RFC 5545 code ('MO')."""
    if isinstance(day, str):
        index = ICS_WEEKDAYS.index(day)
    elif isinstance(day, int):
        index = day
    else:
        index = day.weekday()
    return (WEEKDAY_SHORT if short else WEEKDAY_NAMES)[index]


def month_name(month: dt.date | int, *, short: bool = False) -> str:
    """'November' or 'Nov' for a date or a month number (1 = January)."""
    number = month if isinstance(month, int) else month.month
    return (MONTH_SHORT if short else MONTH_NAMES)[number - 1]


# ---------------------------------------------------------------- days and times


def day_label(day: dt.date, *, year: bool = False) -> str:
    """'Mon 23 Nov', or 'Mon 23 Nov 2026' with `year`."""
    text = f"{WEEKDAY_SHORT[day.weekday()]} {day.day} {MONTH_SHORT[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def day_month(day: dt.date, *, year: bool = False) -> str:
    """'23 Nov', or '23 Nov 2026' with `year` (no weekday)."""
    text = f"{day.day} {MONTH_SHORT[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def day_title(day: dt.date) -> str:
    """'Monday 23 November 2026': a day in full, for a heading."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def month_title(day: dt.date) -> str:
    """'November 2026'."""
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def clock(at: dt.datetime | dt.time) -> str:
    """'09:05': a time of day on the 24-hour clock."""
    return f"{at.hour:02d}:{at.minute:02d}"


def day_time(at: dt.datetime) -> str:
    """'Mon 23 Nov 09:05': a moment in the last or next few weeks (give it local time)."""
    return f"{day_label(at.date())} {clock(at)}"


def weekday_time(at: dt.datetime) -> str:
    """'Mon 09:05': a moment in the current week (give it local time)."""
    return f"{WEEKDAY_SHORT[at.weekday()]} {clock(at)}"


def day_span(first: dt.date, last: dt.date) -> str:
    """'23–29 Nov 2026', '30 Nov – 6 Dec 2026' or '28 Dec 2026 – 3 Jan 2027'."""
    if first.year != last.year:
        return f"{day_month(first, year=True)} – {day_month(last, year=True)}"
    if first.month != last.month:
        return f"{day_month(first)} – {day_month(last, year=True)}"
    return f"{first.day}–{day_month(last, year=True)}"


def week_title(first: dt.date) -> str:
    """'Week 48 · 23–29 Nov 2026' for the week starting on `first` (ISO week number)."""
    return f"Week {week_number(first)} · {day_span(first, first + dt.timedelta(days=6))}"


def period_phrase(first: dt.date, last: dt.date) -> str:
    """'on Mon 23 Nov 2026' or 'from Mon 2 Nov to Mon 30 Nov 2026': a period in a sentence."""
    if first == last:
        return f"on {day_label(first, year=True)}"
    return f"from {day_label(first, year=first.year != last.year)} to {day_label(last, year=True)}"


def period_label(first: dt.date, last: dt.date, week_start: int = 0) -> str:
    """'2026', 'Q4 2026', 'November 2026', 'Week of Mon 16 Nov 2026', or the range."""
    months = whole_months(first, last)
    if months == 12 and first.month == 1:
        return str(first.year)
    if months == 3 and first.month % 3 == 1:
        return f"Q{(first.month - 1) // 3 + 1} {first.year}"
    if months == 1:
        return month_title(first)
    if (last - first).days == 6 and first.weekday() == week_start:
        return f"Week of {day_label(first, year=True)}"
    if first == last:
        return day_label(first, year=True)
    return f"{day_label(first, year=first.year != last.year)} – {day_label(last, year=True)}"


# ---------------------------------------------------------------- numbers


def duration(minutes: float, *, zero: str = "0 min") -> str:
    """'45 min', '2 h', '1 h 30', '1 h 05'; `zero` for nothing (the week bar says '0 h')."""
    minutes = round(minutes)
    if minutes <= 0:
        return zero
    if minutes < 60:
        return f"{minutes} min"
    whole, rest = divmod(minutes, 60)
    return f"{whole} h" if rest == 0 else f"{whole} h {rest:02d}"


def hours(minutes: float) -> str:
    """Minutes as decimal hours with one decimal, for tables and reports: 750 → '12.5'."""
    return f"{minutes / 60:.1f}"


# How storage.accounting.shares rounds, said once in every report format.
SHARES_ROUNDING = "shares are rounded so they add up to 100 % (largest remainder)"


def percent(value: float, digits: int = 1) -> str:
    """'12.5 %' (French spacing, which the report and the week bar both use)."""
    return f"{value:.{digits}f} %"


def signed(value: float, digits: int = 1) -> str:
    """'+1.5', '−0.25' (a true minus sign) or '0' when it rounds to nothing."""
    text = f"{value:+.{digits}f}"
    return "0" if float(text) == 0 else text.replace("-", MINUS)


def effort_words(logged: int, planned: int | None, *, compact: bool = False) -> tuple[str, ...]:
    """Time logged on a post against its estimate, as the words of `effort_text`; a duration
    is one word (`1 h 30`), so a narrow card wraps between words, never inside a duration.

    `compact` leaves out the closing "planned" (`0 min of 45 min`) for a card with no room
    for it: the durations read as they do everywhere else, never in other units (`45m`)."""
    if planned is None:
        return duration(logged), "logged"
    if compact:
        return duration(logged), "of", duration(planned)
    return duration(logged), "of", duration(planned), "planned"


def effort_text(logged: int, planned: int | None, width: int | None = None) -> str:
    """'45 min of 1 h planned' (or '20 min logged' without an estimate): the logged time first,
    the plan named. One shape everywhere (cards, the post editor, the CLI); when `width` is
    too small for it, the compact words: '45 min of 1 h'."""
    full = " ".join(effort_words(logged, planned))
    if width is None or len(full) <= width:
        return full
    return " ".join(effort_words(logged, planned, compact=True))


def week_plan(planned: int, room: int) -> tuple[str, str]:
    """The week's post estimates against the room the other duties leave for social media:
    ('Planned 7 h 15 · room 3 h 45', ' — over by 3 h 30'), or ('Planned 2 h · room 3 h 45', '')
    when it fits (the second part is the warning)."""
    text = f"Planned {duration(planned, zero='0 h')} · room {duration(room, zero='0 h')}"
    if planned <= room:
        return text, ""
    return text, f" — over by {duration(planned - room)}"
