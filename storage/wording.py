"""Every word and number format a person reads: day and month names, dates, durations, hours, %.

Names live in one table each and formatting in functions. In English they are the tables
below; in French (`storage.i18n`) day and month names, numbers, percentages and clock times
come from Babel's CLDR data for the locale (fr_CA: "14 h 30", "1 234,5"; fr_FR: "14:30",
"1 234,5" with a narrow space), and the phrases from the catalogue. English never loads
Babel, so the quick commands stay quick. Nothing here depends on the C locale (no strftime
`%a %b %A %B`). What people *type* is read by `storage.grammar`, which reads both languages.

A number is rounded once, the English way (`f"{x:.1f}"`), and only then written with the
locale's symbols: French and English never disagree on a digit.
"""

from __future__ import annotations

import datetime as dt

from storage.calendar import ICS_WEEKDAYS, week_number, whole_months
from storage.i18n import N_, _, babel_locale, is_french

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
    """'Monday' or 'Mon' for a date, a weekday number (0 = Monday) or an RFC 5545 code ('MO');
    'lundi' or 'lun.' in French."""
    if isinstance(day, str):
        index = ICS_WEEKDAYS.index(day)
    elif isinstance(day, int):
        index = day
    else:
        index = day.weekday()
    return _weekdays(short)[index]


def month_name(month: dt.date | int, *, short: bool = False) -> str:
    """'November' or 'Nov' for a date or a month number (1 = January); 'novembre', 'nov.'."""
    number = month if isinstance(month, int) else month.month
    return _months(short)[number - 1]


def _weekdays(short: bool) -> tuple[str, ...]:
    if is_french():
        return _cldr_names(babel_locale(), "days", short)
    return WEEKDAY_SHORT if short else WEEKDAY_NAMES


def _months(short: bool) -> tuple[str, ...]:
    if is_french():
        return _cldr_names(babel_locale(), "months", short)
    return MONTH_SHORT if short else MONTH_NAMES


def _cldr_names(locale: str, kind: str, short: bool) -> tuple[str, ...]:
    """The locale's day (Monday first) or month (January first) names: Babel's CLDR data,
    kept in storage/locale/cldr.py."""
    from storage.locale.cldr import TABLES

    return TABLES[locale][kind + ("_short" if short else "")]  # type: ignore[return-value]


def _nth(day: dt.date) -> str:
    """The day of the month as a date says it: '1', but French writes the first '1er'
    ('mardi 1er décembre'; CLDR leaves that to the writer)."""
    return "1er" if day.day == 1 and is_french() else str(day.day)


def _capital(text: str) -> str:
    """A heading's first letter up ('novembre 2026' → 'Novembre 2026')."""
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- days and times


def day_label(day: dt.date, *, year: bool = False) -> str:
    """'Mon 23 Nov', or 'Mon 23 Nov 2026' with `year` ('lun. 23 nov.' in French)."""
    text = f"{_weekdays(True)[day.weekday()]} {_nth(day)} {_months(True)[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def day_month(day: dt.date, *, year: bool = False) -> str:
    """'23 Nov', or '23 Nov 2026' with `year` (no weekday)."""
    text = f"{_nth(day)} {_months(True)[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def day_title(day: dt.date) -> str:
    """'Monday 23 November 2026': a day in full, for a heading ('Lundi 23 novembre 2026')."""
    text = f"{_weekdays(False)[day.weekday()]} {_nth(day)} {_months(False)[day.month - 1]}"
    return _capital(f"{text} {day.year}")


def day_in_full(day: dt.date, *, year: bool = False) -> str:
    """'Monday 30 November' in a sentence ('lundi 30 novembre'), with the year on request."""
    text = f"{_weekdays(False)[day.weekday()]} {_nth(day)} {_months(False)[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def month_title(day: dt.date) -> str:
    """'November 2026' ('Novembre 2026')."""
    return _capital(f"{_months(False)[day.month - 1]} {day.year}")


def clock(at: dt.datetime | dt.time) -> str:
    """'09:05': a time of day on the 24-hour clock; Québec writes '09 h 05', France '09:05'
    (CLDR's short time of fr_CA and fr_FR; tests hold this to Babel's)."""
    if is_french() and babel_locale() != "fr_FR":
        return f"{at.hour:02d} h {at.minute:02d}"
    return f"{at.hour:02d}:{at.minute:02d}"


def clock_compact(at: dt.datetime | dt.time) -> str:
    """`clock` for a narrow grid cell: '09:05', Québec's '09h05' (no spaces, 5 characters)."""
    if is_french() and babel_locale() != "fr_FR":
        return f"{at.hour:02d}h{at.minute:02d}"
    return f"{at.hour:02d}:{at.minute:02d}"


def day_time(at: dt.datetime) -> str:
    """'Mon 23 Nov 09:05': a moment in the last or next few weeks (give it local time)."""
    return f"{day_label(at.date())} {clock(at)}"


def weekday_time(at: dt.datetime) -> str:
    """'Mon 09:05': a moment in the current week (give it local time)."""
    return f"{_weekdays(True)[at.weekday()]} {clock(at)}"


def day_span(first: dt.date, last: dt.date) -> str:
    """'23–29 Nov 2026', '30 Nov – 6 Dec 2026' or '28 Dec 2026 – 3 Jan 2027'."""
    if first.year != last.year:
        return f"{day_month(first, year=True)} – {day_month(last, year=True)}"
    if first.month != last.month:
        return f"{day_month(first)} – {day_month(last, year=True)}"
    return f"{_nth(first)}–{day_month(last, year=True)}"


def week_title(first: dt.date) -> str:
    """'Week 48 · 23–29 Nov 2026' for the week starting on `first` (ISO week number)."""
    span = day_span(first, first + dt.timedelta(days=6))
    return _("Week {number} · {days}").format(number=week_number(first), days=span)


def period_phrase(first: dt.date, last: dt.date) -> str:
    """'on Mon 23 Nov 2026' or 'from Mon 2 Nov to Mon 30 Nov 2026': a period in a sentence."""
    if first == last:
        return _("on {day}").format(day=day_label(first, year=True))
    return _("from {first} to {last}").format(
        first=day_label(first, year=first.year != last.year), last=day_label(last, year=True)
    )


def period_label(first: dt.date, last: dt.date, week_start: int = 0) -> str:
    """'2026', 'Q4 2026', 'November 2026', 'Week of Mon 16 Nov 2026', or the range."""
    months = whole_months(first, last)
    if months == 12 and first.month == 1:
        return str(first.year)
    if months == 3 and first.month % 3 == 1:
        return _("Q{quarter} {year}").format(quarter=(first.month - 1) // 3 + 1, year=first.year)
    if months == 1:
        return month_title(first)
    if (last - first).days == 6 and first.weekday() == week_start:
        return _("Week of {day}").format(day=day_label(first, year=True))
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
    """Minutes as decimal hours with one decimal, for tables and reports: 750 → '12.5';
    French: '12,5', and 74 070 → '1 234,5'."""
    return decimal(minutes / 60, 1)


def decimal(value: float, digits: int = 1) -> str:
    """`value` with `digits` decimals: '1234.5' in English (as the report always wrote it),
    '1 234,5' in French (Babel's grouping and decimal comma for the locale)."""
    text = f"{value:.{digits}f}"
    return _localised(text) if is_french() else text


def number(value: int) -> str:
    """A whole number for reading: '1234' in English, '1 234' in French."""
    return _localised(str(value)) if is_french() else str(value)


def _localised(text: str) -> str:
    """English digits ('-1234.50') written the locale's way ('-1 234,50'), without rounding
    them again: CLDR's symbols and grouping by three, as Babel's format_decimal writes them
    (tests/storage/test_wording_french.py holds the two equal)."""
    from storage.locale.cldr import TABLES

    symbols = TABLES[babel_locale()]
    sign = "-" if text.startswith("-") else ""
    whole, _point, fraction = text.lstrip("+-").partition(".")
    groups = []
    while len(whole) > 3:
        whole, last = whole[:-3], whole[-3:]
        groups.insert(0, last)
    groups.insert(0, whole)
    number = str(symbols["group"]).join(groups)
    return sign + number + (f"{symbols['decimal']}{fraction}" if fraction else "")


# How storage.accounting.shares rounds, said once in every report format: show it with
# shares_rounding(), which translates it.
SHARES_ROUNDING = N_("shares are rounded so they add up to 100 % (largest remainder)")


def shares_rounding() -> str:
    """SHARES_ROUNDING in the language in use."""
    return _(SHARES_ROUNDING)


def percent(value: float, digits: int = 1) -> str:
    """'12.5 %' (French spacing, which the report and the week bar both use); '12,5 %' with
    a non-breaking space in French, as Babel writes a percentage there."""
    if is_french():
        from storage.locale.cldr import TABLES

        return _localised(f"{value:.{digits}f}") + str(TABLES[babel_locale()]["percent"])
    return f"{value:.{digits}f} %"


def signed(value: float, digits: int = 1) -> str:
    """'+1.5', '−0.25' (a true minus sign) or '0' when it rounds to nothing ('+1,5' …)."""
    text = f"{value:+.{digits}f}"
    if float(text) == 0:
        return "0"
    if is_french():
        sign, rest = text[0], text[1:]
        text = sign + _localised(rest)
    return text.replace("-", MINUS)


def effort_words(logged: int, planned: int | None, *, compact: bool = False) -> tuple[str, ...]:
    """Time logged on a post against its estimate, as the words of `effort_text`; a duration
    is one word (`1 h 30`), so a narrow card wraps between words, never inside a duration.

    `compact` leaves out the closing "planned" (`0 min of 45 min`) for a card with no room
    for it: the durations read as they do everywhere else, never in other units (`45m`)."""
    if planned is None:
        return duration(logged), _("logged")
    if compact:
        return duration(logged), _("of"), duration(planned)
    return duration(logged), _("of"), duration(planned), _("planned")


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
    text = _("Planned {planned} · room {room}").format(
        planned=duration(planned, zero="0 h"), room=duration(room, zero="0 h")
    )
    if planned <= room:
        return text, ""
    return text, _(" — over by {time}").format(time=duration(planned - room))


def grouped(value: int) -> str:
    """A count grouped by thousands, as the report's figures read: '17,300' in English,
    '17 300' in French."""
    return _localised(str(value)) if is_french() else f"{value:,}"


def plain(value: float) -> str:
    """A figure of the settings as short as it reads: 35 → '35', 37.5 → '37.5' ('37,5' in
    French), as the report has written them (`f"{x:g}"`)."""
    text = f"{value:g}"
    return _localised(text) if is_french() and "e" not in text else text


def cell_number(value: float, digits: int | None = None) -> str:
    """A number for a spreadsheet cell: `digits` decimals (None: as Python writes it), never
    grouped; a decimal comma in French, as a French Excel reads it ('74,5')."""
    text = str(value) if digits is None else f"{value:.{digits}f}"
    return text.replace(".", ",") if is_french() else text


def quoted(text: str) -> str:
    """What a person typed (a note), quoted the language's way: '“replied”' in English,
    '« répondu »' in French (non-breaking spaces inside the guillemets)."""
    return _("“{note}”").format(note=text)
