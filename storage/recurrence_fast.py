"""The recurrence engine's fast path: the common rules expanded exactly as dateutil does, without it.

Only `storage.recurrence.dates_between` calls this; it asks dateutil for every rule this
returns None for. It exists because `calepin report` would otherwise import dateutil.rrule
(about 13 ms, a tenth of the command) just to count the posts of a few series. A property
test (tests/storage/test_recurrence_fast.py) proves it equal to dateutil on random rules.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from storage.calendar import ICS_WEEKDAYS as _WEEKDAYS

_KEYS = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "WKST"}
_NUMBER = re.compile(r"[1-9]\d{0,5}")
# Wall-clock UNTIL only: dateutil refuses a UTC one against a wall-clock start, so it decides.
_UNTIL = re.compile(r"(\d{4})(\d\d)(\d\d)(?:T(\d\d)(\d\d)(\d\d))?")
_NTH_DAY = re.compile(r"([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)")
_MONTH_DAY = re.compile(r"(-?)([1-9]|[12]\d|3[01])")
_MONTH_LENGTHS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def dates_between(
    rule: str, start: dt.date, time: dt.time | None, first: dt.date, last: dt.date
) -> list[dt.date] | None:
    """The dates from `first` to `last` inclusive on which the series falls, in order.

    As dateutil's rrulestr expands `rule` from `start` at `time` (None: midnight): the first
    date counts only when it fits the rule, COUNT counts from it, and a wall-clock UNTIL ends
    the series at that instant (its day is in when `time` is not later). Handles DAILY,
    WEEKLY (BYDAY weekdays), MONTHLY (BYDAY weekdays, optionally numbered like 1MO or -1FR, or
    BYMONTHDAY) and plain YEARLY, with INTERVAL, COUNT or UNTIL, and WKST. None for any other
    rule.
    """
    if last.year >= dt.MAXYEAR:
        return None  # dateutil stops quietly at the end of the calendar
    parts: dict[str, str] = {}
    for chunk in rule.upper().split(";"):
        key, sep, value = chunk.partition("=")
        if not sep or not value or key in parts or key not in _KEYS:
            return None
        parts[key] = value
    interval = _number(parts.get("INTERVAL", "1"))
    count = _number(parts["COUNT"]) if "COUNT" in parts else 0
    if interval is None or count is None or ("COUNT" in parts and "UNTIL" in parts):
        return None
    end = last
    if "UNTIL" in parts:
        until = _until(parts["UNTIL"])
        if until is None:
            return None
        # Every occurrence is at `time` on its day: UNTIL's day is in unless it ends earlier.
        last_day = until.date()
        if until.time() < (time or dt.time()):
            last_day -= dt.timedelta(days=1)
        end = min(last, last_day)
    wkst = parts.get("WKST", "MO")
    if wkst not in _WEEKDAYS:
        return None

    freq = parts.get("FREQ")
    if freq == "DAILY" and "BYDAY" not in parts and "BYMONTHDAY" not in parts:
        return _daily(start, interval, count, first, end)
    if freq == "WEEKLY" and "BYMONTHDAY" not in parts:
        weekdays = {start.weekday()}
        if "BYDAY" in parts:
            if any(w not in _WEEKDAYS for w in parts["BYDAY"].split(",")):
                return None  # dateutil ignores a number here; leave that to it
            weekdays = {_WEEKDAYS.index(w) for w in parts["BYDAY"].split(",")}
        return _weekly(start, interval, count, first, end, weekdays, _WEEKDAYS.index(wkst))
    if freq == "MONTHLY" and not ("BYDAY" in parts and "BYMONTHDAY" in parts):
        pick = _month_picker(parts, start)
        return None if pick is None else _monthly(start, interval, count, first, end, pick)
    if freq == "YEARLY" and "BYDAY" not in parts and "BYMONTHDAY" not in parts:
        return _yearly(start, interval, count, first, end)
    return None


def _number(text: str) -> int | None:
    return int(text) if _NUMBER.fullmatch(text) else None


def _until(text: str) -> dt.datetime | None:
    match = _UNTIL.fullmatch(text)
    if match is None:
        return None
    try:
        numbers = [int(x) if x else 0 for x in match.groups()]
        return dt.datetime(*numbers)
    except ValueError:
        return None


def _daily(
    start: dt.date, interval: int, count: int, first: dt.date, end: dt.date
) -> list[dt.date]:
    # Without COUNT, start at the period; with it, the dates before the period count too.
    k = 0 if count else max(0, -(-(first - start).days // interval))
    out = []
    while not count or k < count:
        day = start + dt.timedelta(days=k * interval)
        if day > end:
            break
        if day >= first:
            out.append(day)
        k += 1
    return out


def _weekly(
    start: dt.date,
    interval: int,
    count: int,
    first: dt.date,
    end: dt.date,
    weekdays: set[int],
    wkst: int,
) -> list[dt.date]:
    # Weeks begin on WKST; the series' weeks are every `interval`-th from the one of `start`.
    base = start - dt.timedelta(days=(start.weekday() - wkst) % 7)
    offsets = sorted((w - wkst) % 7 for w in weekdays)
    j = 0 if count else max(0, (first - base).days // 7 // interval)
    out: list[dt.date] = []
    seen = 0
    while True:
        week = base + dt.timedelta(weeks=j * interval)
        if week > end:
            return out
        for offset in offsets:
            day = week + dt.timedelta(days=offset)
            if day < start:
                continue
            if day > end or (count and seen == count):
                return out
            seen += 1
            if day >= first:
                out.append(day)
        j += 1


def _month_picker(parts: dict[str, str], start: dt.date) -> Callable[[int, int], list[int]] | None:
    """A function (year, month) -> the days of that month the rule picks, in order."""
    if "BYDAY" in parts:
        nth: list[tuple[int, int]] = []  # (n, weekday); n 0: every such weekday of the month
        for text in parts["BYDAY"].split(","):
            match = _NTH_DAY.fullmatch(text)
            if match is None:
                return None
            nth.append((int(match[1] or 0), _WEEKDAYS.index(match[2])))
        if len({n == 0 for n, _ in nth}) > 1:
            return None  # dateutil keeps only the days that are both, as two filters

        def by_weekday(year: int, month: int) -> list[int]:
            first_weekday, length = _month_range(year, month)
            days = set()
            for n, weekday in nth:
                first_day = 1 + (weekday - first_weekday) % 7
                if n == 0:
                    days.update(range(first_day, length + 1, 7))
                elif n > 0:
                    days.add(first_day + (n - 1) * 7)
                else:
                    days.add(first_day + ((length - first_day) // 7 + n + 1) * 7)
            return sorted(d for d in days if 1 <= d <= length)

        return by_weekday
    wanted = []
    for text in parts["BYMONTHDAY"].split(",") if "BYMONTHDAY" in parts else [str(start.day)]:
        match = _MONTH_DAY.fullmatch(text)
        if match is None:
            return None
        wanted.append(-int(match[2]) if match[1] else int(match[2]))

    def by_month_day(year: int, month: int) -> list[int]:
        length = _month_range(year, month)[1]
        days = {d if d > 0 else length + d + 1 for d in wanted}
        return sorted(d for d in days if 1 <= d <= length)

    return by_month_day


def _is_leap(year: int) -> bool:
    """As `calendar.isleap` (not imported: it would cost `calepin` more than these lines)."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _month_range(year: int, month: int) -> tuple[int, int]:
    """As `calendar.monthrange`: the weekday of the 1st (Monday 0) and the month's length."""
    length = 29 if month == 2 and _is_leap(year) else _MONTH_LENGTHS[month]
    return dt.date(year, month, 1).weekday(), length


def _monthly(
    start: dt.date,
    interval: int,
    count: int,
    first: dt.date,
    end: dt.date,
    pick: Callable[[int, int], list[int]],
) -> list[dt.date]:
    month0 = start.year * 12 + start.month - 1
    k = 0 if count else max(0, (first.year * 12 + first.month - 1 - month0) // interval)
    out: list[dt.date] = []
    seen = 0
    while True:
        year, month = divmod(month0 + k * interval, 12)
        if dt.date(year, month + 1, 1) > end:
            return out
        for day_of_month in pick(year, month + 1):
            day = dt.date(year, month + 1, day_of_month)
            if day < start:
                continue
            if day > end or (count and seen == count):
                return out
            seen += 1
            if day >= first:
                out.append(day)
        k += 1


def _yearly(
    start: dt.date, interval: int, count: int, first: dt.date, end: dt.date
) -> list[dt.date]:
    # On the first date's month and day: a 29 February series falls in leap years only.
    k = 0 if count else max(0, (first.year - start.year) // interval)
    out: list[dt.date] = []
    seen = 0
    while start.year + k * interval <= end.year:
        year = start.year + k * interval
        k += 1
        if not _is_leap(year) and (start.month, start.day) == (2, 29):
            continue
        day = start.replace(year=year)
        if day > end or (count and seen == count):
            break
        seen += 1
        if day >= first:
            out.append(day)
    return out
