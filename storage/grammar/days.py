"""Days and dates: ``today``, ``tue``, ``last fri``, ``3 dec``, ``2026-12-03``; a day with a time.

Days (:func:`parse_day`)
------------------------
``today yesterday tomorrow`` (``aujourd'hui hier demain avant-hier après-demain``), weekdays
in English and French, full or abbreviated (``tue tues tuesday mardi mar``), ISO
``2026-12-03``, day-month ``3 dec`` / ``dec 3`` / ``3 décembre`` / ``1er mai`` with an
optional 4-digit year. Slash forms (``3/12``) are refused as ambiguous.

* a bare weekday: ``prefer="past"`` gives the most recent one, today included;
  ``prefer="future"`` the next one, today included;
* ``last fri`` / ``fri dernier`` is the most recent Friday *strictly before* today;
  ``next tue`` / ``mardi prochain`` / ``prochain mardi`` is the first Tuesday *strictly
  after* today (on a Monday, ``next tue`` is tomorrow);
* a day-month without a year (``3 dec``, ``20 jan``) is the *nearest* such date, before or
  after today, whatever ``prefer`` says; a tie goes forward (on 6 Dec 2026, ``3 dec`` is
  3 Dec 2026 and ``20 jan`` is 20 Jan 2027).

Periods (:func:`parse_period`)
------------------------------
``--from``/``--to`` resolve as a pair: each end is read as above, then a ``--to`` without a
year (a bare weekday or a day-month) that would fall before ``--from`` is the next such day
on or after ``--from`` (``--from fri --to mon``, ``--from "20 dec" --to "5 jan"``). A period
that still ends before it starts is refused.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Literal

from storage import wording
from storage.calendar import FIRST_YEAR, LAST_YEAR, WEEKDAY_KEYS
from storage.deferred import LazyPattern
from storage.errors import ParseError
from storage.grammar.text import _check_text, _fold, _NotRecognised, _shown
from storage.grammar.times import _time_of
from storage.i18n import _
from storage.wording import clock, day_label, month_name


def _day_examples() -> str:
    return _("try today, yesterday, tue, last fri, next mon, 3 dec or 2026-12-03")


# Weekday words: the settings' English names (`monday`) and their first three letters, then
# other spellings and the French names.
_WEEKDAYS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        ("lundi", "lun"),
        ("tues", "mardi", "mar"),
        ("weds", "mercredi", "mer"),
        ("thur", "thurs", "jeudi", "jeu"),
        ("vendredi", "ven"),
        ("samedi", "sam"),
        ("dimanche", "dim"),
    ]
):
    for _n in (WEEKDAY_KEYS[_i], WEEKDAY_KEYS[_i][:3], *_names):
        _WEEKDAYS[_n] = _i

_MONTH_NAMES = [
    ("january", "jan", "janvier", "janv"),
    ("february", "feb", "fevrier", "fev", "fevr"),
    ("march", "mar", "mars"),
    ("april", "apr", "avril", "avr"),
    ("may", "mai"),
    ("june", "jun", "juin"),
    ("july", "jul", "juillet", "juil"),
    ("august", "aug", "aout"),
    ("september", "sep", "sept", "septembre"),
    ("october", "oct", "octobre"),
    ("november", "nov", "novembre"),
    ("december", "dec", "decembre"),
]
_MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

_RELATIVE_DAYS = {
    "today": 0,
    "aujourd'hui": 0,
    "aujourdhui": 0,
    "auj": 0,
    "yesterday": -1,
    "hier": -1,
    "tomorrow": 1,
    "demain": 1,
    "avant-hier": -2,
    "apres-demain": 2,
}
_LAST = {"last", "previous", "prev", "dernier", "derniere"}
_NEXT = {"next", "prochain", "prochaine"}

_RE_ISO = LazyPattern(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_RE_SLASH = LazyPattern(r"\d{1,4}/\d{1,2}(?:/\d{1,4})?")
_ORD = r"(?:st|nd|rd|th|er|e)?"
_RE_DAY_MONTH = LazyPattern(rf"(\d{{1,2}}){_ORD} (?:of )?([a-z]+)(?: (\d{{4}}))?")
_RE_MONTH_DAY = LazyPattern(rf"([a-z]+) (\d{{1,2}}){_ORD}(?: (\d{{4}}))?")


def _month_of(word: str) -> int | None:
    for number, names in enumerate(_MONTH_NAMES, start=1):
        if word in names:
            return number
    if len(word) >= 3:  # an unambiguous prefix: "dece", "septem", "janv"
        found = {
            n
            for n, names in enumerate(_MONTH_NAMES, start=1)
            if any(x.startswith(word) for x in names)
        }
        if len(found) == 1:
            return found.pop()
    return None


def _weekday_of(word: str) -> int | None:
    return _WEEKDAYS.get(word.rstrip("."))


def check_year(year: int, shown: str) -> None:
    """Raises ParseError naming `shown` when `year` is outside FIRST_YEAR–LAST_YEAR."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ParseError(
            _("`{typed}`: the year {year} is out of range ({first}–{last}); try 2026-12-03").format(
                typed=shown, year=year, first=FIRST_YEAR, last=LAST_YEAR
            )
        )


def _make_date(year: int, month: int, day: int, shown: str) -> date:
    if not 1 <= month <= 12:
        raise ParseError(
            _("`{typed}`: there is no month {month}; try 2026-12-03").format(
                typed=shown, month=month
            )
        )
    check_year(year, shown)
    try:
        return date(year, month, day)
    except ValueError:
        if 1 <= day <= _MONTH_DAYS[month - 1]:
            raise ParseError(
                _("{month} {day} does not exist in {year}").format(
                    month=month_name(month), day=day, year=year
                )
            ) from None
        raise ParseError(_no_such_day(month, day)) from None


def _no_such_day(month: int, day: int) -> str:
    return _("{month} {day} does not exist; {month} has at most {most} days").format(
        month=month_name(month), day=day, most=_MONTH_DAYS[month - 1]
    )


def _day_month(
    day: int, month: int, year: int | None, today: date, forward: bool, shown: str
) -> date:
    """A day-month: with its year; else the nearest such date (ties forward), or with
    `forward` the first one on or after `today`."""
    if year is not None:
        return _make_date(year, month, day, shown)
    if not 1 <= day <= _MONTH_DAYS[month - 1]:
        raise ParseError(_no_such_day(month, day))
    candidates = []
    for y in range(today.year - 8, today.year + 9):  # 29 February comes back within 8 years
        try:
            candidates.append(date(y, month, day))
        except ValueError:
            continue
    if forward:
        candidates = [c for c in candidates if c >= today]
    if not candidates:
        raise ParseError(
            _("`{typed}`: could not place {month} {day}; add a year, e.g. 2028-02-29").format(
                typed=shown, month=month_name(month), day=day
            )
        )
    return min(candidates, key=lambda c: (abs((c - today).days), c < today))


def _day_of(text: str, today: date, prefer: str) -> date:
    return _read_day(text, today, prefer)[0]


def _read_day(text: str, today: date, prefer: str) -> tuple[date, bool]:
    """The day and whether it floats: a bare weekday or a day-month without a year, whose
    date depends on the day it is read from. `prefer="after"` (periods and repeats) reads
    floating days as the first one on or after `today`."""
    if prefer not in ("past", "future", "after"):
        raise ValueError("prefer must be 'past', 'future' or 'after'")
    shown = _shown(text)
    s = _fold(text)
    s = re.sub(r"(?<=[a-z])\.(?= |$)", "", s).replace(",", " ")
    s = " ".join(s.split())
    if not s:
        raise _NotRecognised(_("no day given; {examples}").format(examples=_day_examples()))
    if s in _RELATIVE_DAYS:
        return today + timedelta(days=_RELATIVE_DAYS[s]), False
    if m := _RE_ISO.fullmatch(s):
        return _make_date(int(m[1]), int(m[2]), int(m[3]), shown), False
    if _RE_SLASH.fullmatch(s):
        raise ParseError(
            _("`{typed}` is ambiguous (day/month or month/day?); write 2026-12-03").format(
                typed=shown
            )
        )
    words = s.split(" ")
    named = _weekday_of(words[0])
    if named is not None and len(words) >= 2 and words[1] not in _LAST | _NEXT:
        # 'Tue 1 Dec', as Calepin itself writes days: the date decides, the weekday checks it.
        try:
            day, floats = _read_day(" ".join(words[1:]), today, prefer)
        except ParseError:
            pass  # not a date after all ('mar 15' is 15 March)
        else:
            if day.weekday() != named:
                raise ParseError(
                    _("`{typed}`: {date} is a {weekday}, not a {named}").format(
                        typed=shown,
                        date=wording.day_month(day, year=True),
                        weekday=wording.weekday_name(day),
                        named=wording.weekday_name(named),
                    )
                )
            return day, floats
    if len(words) <= 2:
        *mods, last = words
        first = words[0]
        wd = _weekday_of(last)
        mod = mods[0] if mods else None
        if wd is None and len(words) == 2:
            wd, mod = _weekday_of(first), last
        if wd is not None and (mod is None or mod in _LAST | _NEXT):
            if mod in _LAST:
                return today - timedelta(days=(today.weekday() - wd) % 7 or 7), False
            if mod in _NEXT:
                return today + timedelta(days=(wd - today.weekday()) % 7 or 7), False
            if prefer == "past":
                return today - timedelta(days=(today.weekday() - wd) % 7), True
            return today + timedelta(days=(wd - today.weekday()) % 7), True
    for rx, day_group, month_group in ((_RE_DAY_MONTH, 1, 2), (_RE_MONTH_DAY, 2, 1)):
        if m := rx.fullmatch(s):
            month = _month_of(m[month_group])
            if month is None:
                continue
            year = int(m[3]) if m[3] else None
            day = _day_month(int(m[day_group]), month, year, today, prefer == "after", shown)
            return day, year is None
    raise _NotRecognised(
        _("could not read `{typed}` as a day; {examples}").format(
            typed=shown, examples=_day_examples()
        )
    )


def parse_day(text: str, today: date, *, prefer: Literal["past", "future"]) -> date:
    """A calendar day from a day phrase (see the module docstring for the rules)."""
    _check_text(text, "a day")
    return _day_of(text, today, prefer)


def parse_period(
    start: str | None,
    end: str | None,
    today: date,
    *,
    prefer: Literal["past", "future"],
) -> tuple[date | None, date | None]:
    """The first and last day of ``--from START --to END`` (either may be missing), as a pair.

    Each end is read like :func:`parse_day`; a ``--to`` that floats (a bare weekday or a
    day-month without a year) and would fall before ``--from`` is the next such day on or
    after ``--from``. Raises ParseError when the period still ends before it starts.
    """
    first = last = None
    if start is not None:
        _check_text(start, "--from")
        first = _day_of(start, today, prefer)
    if end is not None:
        _check_text(end, "--to")
        last, floats = _read_day(end, today, prefer)
        if first is not None and last < first and floats:
            last = _day_of(end, first, "after")
    if first is not None and last is not None and last < first:
        raise ParseError(
            _("the period ends ({last}) before it starts ({first})").format(
                last=f"{last:%Y-%m-%d}", first=f"{first:%Y-%m-%d}"
            )
        )
    return first, last


# --------------------------------------------------------------------------- day + time


def _when_examples() -> str:
    return _("try tue 10am, tomorrow 14:30, 3 dec 9h, 2026-12-03 14:00 or 10am")


_AT_WORDS = {"at", "a", "@", "le"}


def parse_when(
    text: str, now: datetime, *, prefer: Literal["past", "future"] = "future"
) -> tuple[date, time | None]:
    """A day optionally with a time (before or after it), for posts.

    ``tue 10am`` ``tomorrow 14:30`` ``2026-12-03`` ``next monday`` ``3 dec 9h``
    ``2026-12-03 14:00`` ``2026-12-03T14:00`` ``14:00 tomorrow``. A time alone is today.
    """
    _check_text(text, "a date")
    shown = _shown(text)
    today = now.date()
    s = _fold(text)
    if not s:
        raise ParseError(_("no date given; {examples}").format(examples=_when_examples()))
    if m := re.fullmatch(r"(\d{4}-\d{1,2}-\d{1,2})t(\S+)", s):
        s = f"{m[1]} {m[2]}"
    # French writes `14 h 30` and `10 h`: one time, not three words
    s = re.sub(r"\b(\d{1,2}) h(?: (\d{2}))?(?= |$)", lambda m: f"{m[1]}h{m[2] or ''}", s)
    words = [w for w in s.split(" ") if w not in _AT_WORDS]
    if not words:
        raise ParseError(_("no date given; {examples}").format(examples=_when_examples()))
    specific: ParseError | None = None

    def try_day(parts: list[str]) -> date | None:
        nonlocal specific
        if not parts:
            return today
        try:
            return _day_of(" ".join(parts), today, prefer)
        except _NotRecognised:
            return None
        except ParseError as exc:
            specific = specific or exc
            return None

    day = try_day(words)
    if day is not None:
        return day, None
    splits: list[tuple[list[str], list[str]]] = []
    for n in (2, 1):  # time at the end ("tue 2 pm", "tue 10am"), then at the start
        if len(words) >= n:
            splits.append((words[:-n], words[-n:]))
            splits.append((words[n:], words[:n]))
    for day_part, time_part in splits:
        try:
            t = _time_of(" ".join(time_part))
        except _NotRecognised:
            continue
        except ParseError as exc:
            if try_day(day_part) is not None:
                raise exc from None
            continue
        day = try_day(day_part)
        if day is not None:
            return day, t
    if specific is not None:
        raise specific
    raise ParseError(
        _("could not read `{typed}` as a date; {examples}").format(
            typed=shown, examples=_when_examples()
        )
    )


# --------------------------------------------------------------------------- describing


def describe_when(day: date, t: time | None) -> str:
    """``Tue 24 Nov 10:00`` or ``Tue 24 Nov``."""
    label = day_label(day)
    return f"{label} {clock(t)}" if t is not None else label
