"""Reading what people type: durations, times, days, log lines, commands and repeats.

Pure functions: no I/O, no clock (``now`` / ``today`` is always passed in), no database.
Every failure raises :class:`storage.errors.ParseError` whose message says what was wrong
and shows an example that works. Words are matched case- and accent-insensitively
(``DÉC`` = ``dec``); error messages quote the text as the user typed it.

Datetimes
---------
All datetimes produced are aware, in ``now.tzinfo``. Wall times are built with
``datetime.combine(day, t, tzinfo=tz)`` and normalised through UTC, so a wall time that
does not exist (spring forward) moves to the real instant after the gap, and an ambiguous
wall time (fall back) is the *first* occurrence (daylight time). Spans and minutes are
always computed between UTC instants: ``1:00-3:00`` on the fall-back night is 180 minutes.
Durations are elapsed time (``23:30 2h`` across a DST change still lasts two real hours).

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
* a day-month without a year: the next occurrence (today included) for ``"future"``,
  the most recent (today included) for ``"past"``.

Log lines (:func:`parse_log_line`)
----------------------------------
Grammar (tokens split on whitespace)::

    [DAY] [TIME] (DURATION | RANGE) DUTY [ACTIVITY] [NOTE...]

1. DAY: the longest leading phrase of up to three tokens that reads as a day, with
   ``prefer="past"`` (``tue`` = the most recent Tuesday, today included). A 4-digit
   number right after a day-month is its year (``3 dec 2026``).
2. The time slot, looking at the next token ``A`` and the one after, ``B``:

   * ``A`` is a range (``2-4pm``, ``14:00-16:30``, ``14h30-16h``; also ``A - B`` with a
     lone dash) → that day at those times (today if no day). Ranges never wrap midnight.
   * else if ``B`` is a duration and ``A`` reads as a clock time → start at ``A`` on the
     day, lasting ``B`` (``14 1h``, ``930 45m``, ``yesterday 14:00 1h``).
   * else ``A`` alone must be a duration: the span ENDS NOW (today only; with another day
     you must give a start time or a range).
   * In a log line ``H:MM`` (``14:00``, ``1:30``) and ``2pm`` are always clock times, never
     durations: write durations as ``1h30``, ``90m``, ``90`` or ``:45``. A lone clock time is
     an error ("how long?") — nothing silently becomes a long entry.
   * A bare number is minutes (``90 social``). A token that reads both as a clock time and
     as a duration (``1430``, ``14h30``, ``13h``) is refused when, as a duration, it would
     exceed 12 hours.
   * ``9h 45min`` (hours-token then a minutes-token) is refused as ambiguous.
3. DUTY: see :func:`match_duty` — a name or alias (possibly several tokens), or an
   unambiguous prefix; archived duties never match.
4. ACTIVITY (optional): the next token(s) if they match an activity the same way; when they
   do not match (or are ambiguous) they start the note, without error.
5. NOTE: the rest, joined with single spaces (one pair of surrounding quotes is dropped).

Commands (:func:`parse_command`): ``start DUTY [ACTIVITY] [NOTE]`` (or ``démarrer``),
``stop`` (or ``arrêt``, ``arrêter``); anything else is a log line.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal

from storage.errors import ParseError
from storage.models import Activity, Duty

__all__ = [
    "LogLine",
    "StartTimer",
    "StopTimer",
    "describe_log_line",
    "describe_repeat",
    "describe_span",
    "describe_when",
    "format_minutes",
    "match_activity",
    "match_duty",
    "parse_command",
    "parse_day",
    "parse_duration",
    "parse_log_line",
    "parse_repeat",
    "parse_time",
    "parse_time_range",
    "parse_when",
]

MAX_MINUTES = 24 * 60
"""Longest duration accepted anywhere."""

AMBIGUOUS_LONE_MINUTES = 12 * 60
"""A lone log-line token that is both a clock time and a duration longer than this is refused."""

MAX_LINE_CHARS = 5000


class _NotRecognised(ParseError):
    """Text that does not have the shape of the thing asked for (as opposed to a bad value)."""


# --------------------------------------------------------------------------- text helpers


# Duty and activity names are re-folded on every keystroke of the command bar: cache them.
@functools.lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    """Casefold, drop accents, unify apostrophes and dashes, collapse whitespace."""
    text = unicodedata.normalize("NFKD", str(text).casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    text = text.replace("–", "-").replace("—", "-").replace("−", "-")
    return " ".join(text.split())


def _shown(text: str, limit: int = 40) -> str:
    """The user's text for an error message: stripped, shortened, control chars escaped."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _check_text(text: object, what: str) -> str:
    if not isinstance(text, str):
        raise ParseError(f"expected text for {what}, got {type(text).__name__}")
    return text


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" and not ch.isspace() for ch in text)


# --------------------------------------------------------------------------- durations

_DUR_EXAMPLES = "try 1h30, 90m, 90, 1.5h, 1:30 or 45min"
_RE_DUR_MIN = re.compile(r"(\d+)(?:m|mn|min|mins|minute|minutes)?")
_RE_DUR_HOURS = re.compile(r"(\d+)(?:[.,](\d+))?(?:h|hr|hrs|hour|hours|heure|heures)")
_RE_DUR_HM = re.compile(r"(\d+)h(\d{1,2})(?:m|mn|min)?")
_RE_DUR_COLON = re.compile(r"(\d*):(\d{2})")


def _int(digits: str) -> int:
    # int() refuses very long digit strings (and they are absurd anyway)
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) <= 7 else 10**9


def _duration_minutes(text: str) -> int:
    """Parse a duration; _NotRecognised if it has no duration shape, ParseError if bad value."""
    shown = _shown(text)
    s = _fold(text)
    if not s:
        raise _NotRecognised(f"no duration given; {_DUR_EXAMPLES}")
    if s.startswith("-") and len(s) > 1 and (s[1].isdecimal() or s[1] in ".,:"):
        raise ParseError(f"`{shown}`: a duration must be more than zero; {_DUR_EXAMPLES}")
    minutes: float
    if m := _RE_DUR_MIN.fullmatch(s):
        minutes = _int(m[1])
    elif m := _RE_DUR_HOURS.fullmatch(s):
        whole = _int(m[1])
        frac = m[2] or ""
        minutes = whole * 60 + (int(frac[:6]) / 10 ** len(frac[:6]) * 60 if frac else 0)
    elif m := _RE_DUR_HM.fullmatch(s):
        mins = int(m[2])
        if mins >= 60:
            raise ParseError(f"`{shown}`: minutes must be under 60; write 2h15, not 1h75")
        minutes = _int(m[1]) * 60 + mins
    elif m := _RE_DUR_COLON.fullmatch(s):
        mins = int(m[2])
        if mins >= 60:
            raise ParseError(f"`{shown}`: minutes must be under 60; write 2:15, not 1:75")
        minutes = _int(m[1] or "0") * 60 + mins
    else:
        raise _NotRecognised(f"could not read `{shown}` as a duration; {_DUR_EXAMPLES}")
    result = round(minutes)
    if result > MAX_MINUTES:
        raise ParseError(f"`{shown}` is longer than 24 hours; split it into several entries")
    if result <= 0:
        raise ParseError(f"`{shown}`: a duration must be more than zero; {_DUR_EXAMPLES}")
    return result


def parse_duration(text: str) -> int:
    """Minutes (> 0, at most 24 h) in ``text``.

    ``1h30`` ``1h30m`` ``1h05`` ``90m`` ``45min`` ``90`` (bare = minutes) ``1.5h`` ``1,5h``
    ``2h`` ``1:30`` ``:45``. ``1m`` is one minute (never a month). No inner spaces.
    """
    _check_text(text, "a duration")
    return _duration_minutes(text)


# --------------------------------------------------------------------------- times

_TIME_EXAMPLES = "try 14:00, 2pm, 2:30pm, 14h30, 930 or 14"
_RE_AMPM = re.compile(r"(\d{1,2})(?:[:h.]?(\d{2}))? ?([ap])\.?m\.?")
_RE_COLON = re.compile(r"(\d{1,2}):(\d{2})")
_RE_HFORM = re.compile(r"(\d{1,2})h(\d{2})?")
_RE_BARE = re.compile(r"\d{1,4}")
_NOON = {"noon", "midi", "midday"}
_MIDNIGHT = {"midnight", "minuit"}


def _make_time(hour: int, minute: int, shown: str) -> time:
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ParseError(
            f"`{shown}` is not a time of day (hours 0–23, minutes 0–59); {_TIME_EXAMPLES}"
        )
    return time(hour, minute)


def _time_of(text: str) -> time:
    shown = _shown(text)
    s = _fold(text)
    if not s:
        raise _NotRecognised(f"no time given; {_TIME_EXAMPLES}")
    if s in _NOON:
        return time(12, 0)
    if s in _MIDNIGHT:
        return time(0, 0)
    if m := _RE_AMPM.fullmatch(s):
        hour, minute = int(m[1]), int(m[2] or 0)
        if not 1 <= hour <= 12:
            raise ParseError(f"`{shown}`: with am/pm the hour goes from 1 to 12; try 2pm or 14:00")
        hour = hour % 12 + (12 if m[3] == "p" else 0)
        return _make_time(hour, minute, shown)
    if m := _RE_COLON.fullmatch(s):
        return _make_time(int(m[1]), int(m[2]), shown)
    if m := _RE_HFORM.fullmatch(s):
        return _make_time(int(m[1]), int(m[2] or 0), shown)
    if _RE_BARE.fullmatch(s):
        if len(s) <= 2:
            return _make_time(int(s), 0, shown)
        return _make_time(int(s[:-2]), int(s[-2:]), shown)
    raise _NotRecognised(f"could not read `{shown}` as a time; {_TIME_EXAMPLES}")


def parse_time(text: str) -> time:
    """A time of day: ``2pm`` ``10am`` ``12pm`` (noon) ``12am`` (midnight) ``2:30pm`` ``14``
    (bare hour) ``14:00`` ``1430`` ``930`` ``9:15`` ``14h30`` ``14h`` ``9h`` ``noon``/``midi``.
    """
    _check_text(text, "a time")
    return _time_of(text)


def _is_clock_only(text: str) -> bool:
    """``H:MM``, am/pm and noon words: clock times that a log line never takes as durations."""
    s = _fold(text)
    return bool(_RE_COLON.fullmatch(s) or _RE_AMPM.fullmatch(s) or s in _NOON | _MIDNIGHT)


# --------------------------------------------------------------------------- ranges

_RANGE_EXAMPLES = "try 2-4pm, 14:00-16:30, 9:15-10 or 14h30-16h"
_RE_RANGE = re.compile(r"([^-]+?) ?- ?([^-]+)")
_RE_SUFFIX = re.compile(r".*\d ?[ap]\.?m\.?")
_RE_PLAIN_12H = re.compile(r"(\d{1,2})(?::(\d{2}))?")


EARLIEST_GUESSED_HOUR = 6  # "7-3pm" reads as 07:00-15:00; an earlier start must say "am"


def _looks_like_range(text: str) -> bool:
    m = _RE_RANGE.fullmatch(_fold(text))
    return bool(m and m[1][:1].isdecimal() and m[2][:1].isdecimal())


def _range_of(text: str) -> tuple[time, time]:
    shown = _shown(text)
    s = _fold(text)
    m = _RE_RANGE.fullmatch(s)
    if not m:
        raise _NotRecognised(f"could not read `{shown}` as a time range; {_RANGE_EXAMPLES}")
    left, right = m[1].strip(), m[2].strip()
    end = _time_of(right)
    right_suffix = _RE_AMPM.fullmatch(right)
    left_plain = _RE_PLAIN_12H.fullmatch(left)
    if right_suffix and left_plain and 1 <= int(left_plain[1]) <= 12:
        # "2-4pm": the suffix applies to the start when sensible ("11-1pm" = 11:00-13:00)
        same = right_suffix[3]
        other = "a" if same == "p" else "p"
        start = None
        for suffix in (same, other):
            candidate = _time_of(f"{left}{suffix}m")
            if candidate < end:
                start = candidate
                break
        if start is None:
            start = _time_of(left)
        elif start.hour < EARLIEST_GUESSED_HOUR and same == "p":
            # "4-2pm" would be 04:00-14:00: more likely a slip than ten hours from 4 a.m.
            raise ParseError(
                f"`{shown}` is unclear: write {left}am-{right} for a start before dawn, "
                f"or check the hours; {_RANGE_EXAMPLES}"
            )
    else:
        start = _time_of(left)
        left_has_suffix = bool(_RE_AMPM.fullmatch(left))
        plain_end = _RE_PLAIN_12H.fullmatch(right)
        if left_has_suffix and plain_end and end <= start and 1 <= end.hour <= 11:
            # "2pm-4": the start's pm carries over to the end
            end = time(end.hour + 12, end.minute)
    if end <= start:
        raise ParseError(
            f"`{shown}` ends before it starts; ranges stay within one day, e.g. 22:00-23:59"
            if end < start
            else f"`{shown}` starts and ends at the same time; {_RANGE_EXAMPLES}"
        )
    return start, end


def parse_time_range(text: str) -> tuple[time, time]:
    """``2-4pm`` (14:00-16:00) ``11-1pm`` (11:00-13:00) ``14:00-16:30`` ``9:15-10``
    ``14h30-16h`` ``9am-12pm``; en dash accepted. End must be after start (no midnight wrap).
    """
    _check_text(text, "a time range")
    return _range_of(text)


# --------------------------------------------------------------------------- days

_DAY_EXAMPLES = "try today, yesterday, tue, last fri, next mon, 3 dec or 2026-12-03"

_WEEKDAYS: dict[str, int] = {}
for _i, _names in enumerate(
    [
        ("monday", "mon", "lundi", "lun"),
        ("tuesday", "tue", "tues", "mardi", "mar"),
        ("wednesday", "wed", "weds", "mercredi", "mer"),
        ("thursday", "thu", "thur", "thurs", "jeudi", "jeu"),
        ("friday", "fri", "vendredi", "ven"),
        ("saturday", "sat", "samedi", "sam"),
        ("sunday", "sun", "dimanche", "dim"),
    ]
):
    for _n in _names:
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
_MONTH_LABEL = [names[0].capitalize() for names in _MONTH_NAMES]
_MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
_WD_SHORT = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_MON_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

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

_RE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_RE_SLASH = re.compile(r"\d{1,4}/\d{1,2}(?:/\d{1,4})?")
_ORD = r"(?:st|nd|rd|th|er|e)?"
_RE_DAY_MONTH = re.compile(rf"(\d{{1,2}}){_ORD} (?:of )?([a-z]+)(?: (\d{{4}}))?")
_RE_MONTH_DAY = re.compile(rf"([a-z]+) (\d{{1,2}}){_ORD}(?: (\d{{4}}))?")


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


def _make_date(year: int, month: int, day: int, shown: str) -> date:
    if not 1 <= month <= 12:
        raise ParseError(f"`{shown}`: there is no month {month}; try 2026-12-03")
    if not 1900 <= year <= 2999:
        raise ParseError(f"`{shown}`: the year {year} is out of range; try 2026-12-03")
    try:
        return date(year, month, day)
    except ValueError:
        label = _MONTH_LABEL[month - 1]
        if 1 <= day <= _MONTH_DAYS[month - 1]:
            raise ParseError(f"{label} {day} does not exist in {year}") from None
        raise ParseError(
            f"{label} {day} does not exist; {label} has at most {_MONTH_DAYS[month - 1]} days"
        ) from None


def _day_month(day: int, month: int, year: int | None, today: date, prefer: str, shown: str):
    if year is not None:
        return _make_date(year, month, day, shown)
    label = _MONTH_LABEL[month - 1]
    if not 1 <= day <= _MONTH_DAYS[month - 1]:
        raise ParseError(
            f"{label} {day} does not exist; {label} has at most {_MONTH_DAYS[month - 1]} days"
        )
    step = -1 if prefer == "past" else 1
    year = today.year
    for _ in range(9):  # 29 February comes back within 8 years
        try:
            candidate = date(year, month, day)
        except ValueError:
            year += step
            continue
        if (step > 0 and candidate >= today) or (step < 0 and candidate <= today):
            return candidate
        year += step
    raise ParseError(f"`{shown}`: could not place {label} {day}; add a year, e.g. 2028-02-29")


def _day_of(text: str, today: date, prefer: str) -> date:
    if prefer not in ("past", "future"):
        raise ValueError("prefer must be 'past' or 'future'")
    shown = _shown(text)
    s = _fold(text)
    s = re.sub(r"(?<=[a-z])\.(?= |$)", "", s).replace(",", " ")
    s = " ".join(s.split())
    if not s:
        raise _NotRecognised(f"no day given; {_DAY_EXAMPLES}")
    if s in _RELATIVE_DAYS:
        return today + timedelta(days=_RELATIVE_DAYS[s])
    if m := _RE_ISO.fullmatch(s):
        return _make_date(int(m[1]), int(m[2]), int(m[3]), shown)
    if _RE_SLASH.fullmatch(s):
        raise ParseError(f"`{shown}` is ambiguous (day/month or month/day?); write 2026-12-03")
    words = s.split(" ")
    if len(words) <= 2:
        *mods, last = words
        first = words[0]
        wd = _weekday_of(last)
        mod = mods[0] if mods else None
        if wd is None and len(words) == 2:
            wd, mod = _weekday_of(first), last
        if wd is not None and (mod is None or mod in _LAST | _NEXT):
            if mod in _LAST:
                return today - timedelta(days=(today.weekday() - wd) % 7 or 7)
            if mod in _NEXT:
                return today + timedelta(days=(wd - today.weekday()) % 7 or 7)
            if prefer == "past":
                return today - timedelta(days=(today.weekday() - wd) % 7)
            return today + timedelta(days=(wd - today.weekday()) % 7)
    for rx, day_group, month_group in ((_RE_DAY_MONTH, 1, 2), (_RE_MONTH_DAY, 2, 1)):
        if m := rx.fullmatch(s):
            month = _month_of(m[month_group])
            if month is None:
                continue
            year = int(m[3]) if m[3] else None
            return _day_month(int(m[day_group]), month, year, today, prefer, shown)
    raise _NotRecognised(f"could not read `{shown}` as a day; {_DAY_EXAMPLES}")


def parse_day(text: str, today: date, *, prefer: Literal["past", "future"]) -> date:
    """A calendar day from a day phrase (see the module docstring for the rules)."""
    _check_text(text, "a day")
    return _day_of(text, today, prefer)


# --------------------------------------------------------------------------- day + time

_WHEN_EXAMPLES = "try tue 10am, tomorrow 14:30, 3 dec 9h, 2026-12-03 14:00 or 10am"
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
        raise ParseError(f"no date given; {_WHEN_EXAMPLES}")
    if m := re.fullmatch(r"(\d{4}-\d{1,2}-\d{1,2})t(\S+)", s):
        s = f"{m[1]} {m[2]}"
    words = [w for w in s.split(" ") if w not in _AT_WORDS]
    if not words:
        raise ParseError(f"no date given; {_WHEN_EXAMPLES}")
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
    raise ParseError(f"could not read `{shown}` as a date; {_WHEN_EXAMPLES}")


# --------------------------------------------------------------------------- name matching


def _names_of(names: Sequence[str]) -> list[list[str]]:
    out = []
    for name in names:
        words = _fold(name).split(" ")
        if words and words[0]:
            out.append(words)
    return out


def _match(tokens: Sequence[str], items: Sequence[tuple[object, Sequence[str]]]):
    """Best match of leading ``tokens`` (folded) against items' names.

    Returns (candidates, consumed) where candidates are the items tied for the best match.
    A match is: the whole name/alias over several tokens (best), leading exact words of a name,
    a prefix of the first word, or exact words then a prefix of the name's last word.
    """
    best: tuple[int, int] = (0, -1)
    winners: list[object] = []
    for item, names in items:
        item_best: tuple[int, int] = (0, -1)
        for words in _names_of(names):
            j = 0
            while j < len(tokens) and j < len(words) and tokens[j] == words[j]:
                j += 1
            if j == len(words):
                rank = (j, 2)
            elif (
                j < len(tokens)
                and tokens[j]
                and (j == 0 or j == len(words) - 1)
                and words[j].startswith(tokens[j])
            ):
                rank = (j + 1, 0)
            elif j >= 1:
                rank = (j, 1)
            else:
                continue
            item_best = max(item_best, rank)
        if item_best[0] == 0:
            continue
        if item_best > best:
            best, winners = item_best, [item]
        elif item_best == best and item not in winners:
            winners.append(item)
    return winners, best[0]


def _duty_items(duties: Sequence[Duty]):
    return [(d, (d.name, *d.aliases)) for d in duties if not d.archived]


def _duty_list(duties: Sequence[Duty]) -> str:
    names = [d.name for d in duties if not d.archived]
    return ", ".join(names) if names else "(none set up yet)"


def _match_duty_tokens(
    folded: Sequence[str], raw: Sequence[str], duties: Sequence[Duty]
) -> tuple[Duty, int]:
    if not folded:
        raise ParseError(f"which duty? e.g. `1h30 social`; duties are: {_duty_list(duties)}")
    winners, consumed = _match(folded, _duty_items(duties))
    if not winners:
        hint = ""
        if raw[0][:1].isdecimal():
            hint = " (the order is: [day] [time] duration-or-range duty [activity] [note])"
        raise ParseError(f"unknown duty `{_shown(raw[0])}`{hint}; duties are: {_duty_list(duties)}")
    if len(winners) > 1:
        typed = _shown(" ".join(raw[:consumed]))
        names = ", ".join(sorted(d.name for d in winners))  # type: ignore[attr-defined]
        raise ParseError(f"`{typed}` could be: {names}; type more letters")
    return winners[0], consumed  # type: ignore[return-value]


def match_duty(text: str, duties: Sequence[Duty]) -> Duty:
    """The active duty named by ``text`` (name, alias or unambiguous prefix; may be multiword).

    The whole text must be used up by the match.
    """
    _check_text(text, "a duty")
    raw = text.split()
    folded = [_fold(t) for t in raw]
    duty, consumed = _match_duty_tokens(folded, raw, duties)
    if consumed != len(raw):
        raise ParseError(f"unknown duty `{_shown(text)}`; duties are: {_duty_list(duties)}")
    return duty


def match_activity(text: str, activities: Sequence[Activity]) -> Activity | None:
    """The activity named by ``text`` (name, alias or unambiguous prefix), or None."""
    _check_text(text, "an activity")
    raw = text.split()
    if not raw:
        return None
    winners, consumed = _match(
        [_fold(t) for t in raw], [(a, (a.name, *a.aliases)) for a in activities]
    )
    if len(winners) == 1 and consumed == len(raw):
        return winners[0]  # type: ignore[return-value]
    return None


# --------------------------------------------------------------------------- log lines


@dataclass(frozen=True, slots=True)
class LogLine:
    """A parsed log entry; ``start``/``end`` are aware, in ``now.tzinfo``."""

    duty: Duty
    activity: Activity | None
    start: datetime
    end: datetime
    note: str

    @property
    def minutes(self) -> int:
        """Whole minutes between the two instants (computed in UTC, so DST-correct)."""
        return _span_minutes(self.start, self.end)


@dataclass(frozen=True, slots=True)
class StartTimer:
    duty: Duty
    activity: Activity | None
    note: str


@dataclass(frozen=True, slots=True)
class StopTimer:
    pass


_LOG_EXAMPLES = "e.g. `1h30 social`, `yesterday 14:00 1h press`, `2-4pm events create`"


def _span_minutes(start: datetime, end: datetime) -> int:
    delta = end.astimezone(UTC) - start.astimezone(UTC)
    return round(delta.total_seconds() / 60)


def _wall(day: date, t: time, tz: tzinfo | None) -> datetime:
    return _norm(datetime.combine(day, t, tzinfo=tz), tz)


def _norm(moment: datetime, tz: tzinfo | None) -> datetime:
    return moment.astimezone(UTC).astimezone(tz)


def _after(moment: datetime, minutes: int, tz: tzinfo | None) -> datetime:
    return (moment.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(tz)


def _try(fn, text: str):
    """fn(text), or None when the text does not have the right shape (bad values raise)."""
    try:
        return fn(text)
    except _NotRecognised:
        return None


def _lone_duration(token: str) -> int | None:
    """A token as a log-line duration (None if it is not one); see the module docstring."""
    if _is_clock_only(token):
        return None
    minutes = _try(_duration_minutes, token)
    if minutes is None:
        return None
    if minutes > AMBIGUOUS_LONE_MINUTES and _try(_time_of, token) is not None:
        raise ParseError(
            f"`{_shown(token)}` could be a start time or a {format_minutes(minutes)} duration; "
            f"add a duration (`{_shown(token)} 1h social`) or write a range (`14:00-16:00`)"
        )
    return minutes


_RE_HOURS_ONLY = re.compile(r"\d+h")
_RE_MINUTES_ONLY = re.compile(r"\d+(?:m|mn|min|mins|minutes?)")


def _split_day(folded: list[str], now: datetime) -> tuple[date | None, int]:
    specific: ParseError | None = None
    for n in (3, 2, 1):
        if len(folded) < n:
            continue
        try:
            return _day_of(" ".join(folded[:n]), now.date(), "past"), n
        except _NotRecognised:
            continue
        except ParseError as exc:
            specific = specific or exc
    if specific is not None:
        raise specific
    return None, 0


def _merge_ampm(raw: list[str]) -> list[str]:
    """Join a separate ``am``/``pm`` to the number before it (``2 pm`` → ``2pm``), in the
    time slot only (up to the first word that is not a number or a dash), so notes stay as typed.
    """
    out: list[str] = []
    in_slot = True
    for token in raw:
        folded = _fold(token)
        if in_slot and out and folded in ("am", "pm", "a.m.", "p.m.") and out[-1][-1:].isdecimal():
            out[-1] += token
            continue
        if not (folded[:1].isdecimal() or folded in ("-", "to", "a")):
            in_slot = False
        out.append(token)
    return out


def _parse_entry(text: str, now: datetime, duties, activities) -> LogLine:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    _check_text(text, "a log line")
    if len(text) > MAX_LINE_CHARS:
        raise ParseError(f"that line is too long (over {MAX_LINE_CHARS} characters)")
    if _has_control(text):
        raise ParseError("the line contains control characters; type plain text")
    raw = text.split()
    if not raw:
        raise ParseError(f"nothing to log; {_LOG_EXAMPLES}")
    tz = now.tzinfo
    day, i = _split_day([_fold(t) for t in raw], now)
    rest = _merge_ampm(raw[i:])
    day_shown = _shown(" ".join(raw[:i]))
    on = day if day is not None else now.date()

    # the time slot
    a = rest[0] if rest else ""
    b = rest[1] if len(rest) > 1 else ""
    if (
        len(rest) >= 3
        and _fold(b) in ("-", "to", "a")
        and a[:1].isdecimal()
        and rest[2][:1].isdecimal()
    ):
        a, rest = f"{a}-{rest[2]}", [f"{a}-{rest[2]}", *rest[3:]]
        b = rest[1] if len(rest) > 1 else ""
    start: datetime
    end: datetime
    if a and _looks_like_range(a):
        t1, t2 = _range_of(a)
        start, end = _wall(on, t1, tz), _wall(on, t2, tz)
        used = 1
    else:
        b_is_clock = bool(b) and (_is_clock_only(b) or _looks_like_range(b))
        b_minutes = _try(_duration_minutes, b) if b and not b_is_clock else None
        # A is a start time only when a duration follows (or a clock time, which is an error)
        a_time = _try(_time_of, a) if a and (b_minutes is not None or b_is_clock) else None
        if a_time is not None and b_is_clock:
            raise ParseError(
                f"`{_shown(a)} {_shown(b)}`: give a start time then a duration (`14:00 1h`) "
                f"or a range with a dash (`14:00-16:00`)"
            )
        if a_time is not None and b_minutes is not None:
            if _RE_HOURS_ONLY.fullmatch(_fold(a)) and _RE_MINUTES_ONLY.fullmatch(_fold(b)):
                raise ParseError(
                    f"`{_shown(a)} {_shown(b)}` is ambiguous: for a duration write it as one "
                    f"word (`{_shown(a)}{_shown(b)}`); for a start time write "
                    f"`{_fold(a)[:-1]}:00 {_shown(b)}`"
                )
            start = _wall(on, a_time, tz)
            end = _after(start, b_minutes, tz)
            used = 2
        else:
            minutes = _lone_duration(a) if a else None
            if minutes is None:
                if a and _is_clock_only(a):
                    raise ParseError(
                        f"how long? add a duration like 1h or a range like 14:00-16:00, "
                        f"e.g. `{_shown(' '.join([*raw[:i], a]))} 1h30 social` "
                        f"(in a log line {_shown(a)} is a start time)"
                    )
                raise ParseError(
                    "how long? start with a duration like 1h30 or a range like "
                    f"14:00-16:00; {_LOG_EXAMPLES}"
                )
            if day is not None and day != now.date():
                raise ParseError(
                    f"give a start time or a range for another day, "
                    f"e.g. `{day_shown} 14:00 {_shown(a)} …` or `{day_shown} 14:00-16:00 …`"
                )
            end = _norm(now, tz)
            start = _after(end, -minutes, tz)
            used = 1
    if _span_minutes(start, end) <= 0:
        raise ParseError(f"that span is empty; {_LOG_EXAMPLES}")

    rest = rest[used:]
    folded = [_fold(t) for t in rest]
    duty, consumed = _match_duty_tokens(folded, rest, duties)
    rest, folded = rest[consumed:], folded[consumed:]
    activity = None
    if rest:
        winners, consumed = _match(folded, [(x, (x.name, *x.aliases)) for x in activities])
        if len(winners) == 1:
            activity = winners[0]
            rest = rest[consumed:]
    return LogLine(duty, activity, start, end, _note(rest))  # type: ignore[arg-type]


def _note(tokens: Sequence[str]) -> str:
    note = " ".join(tokens).strip()
    for left, right in (('"', '"'), ("“", "”"), ("'", "'"), ("«", "»")):
        if len(note) >= 2 and note.startswith(left) and note.endswith(right):
            return note[1:-1].strip()
    return note


def parse_log_line(
    text: str, now: datetime, duties: Sequence[Duty], activities: Sequence[Activity]
) -> LogLine:
    """``[day] [time] (duration | range) DUTY [ACTIVITY] [note…]``; see the module docstring."""
    return _parse_entry(text, now, duties, activities)


_START_WORDS = {"start", "demarrer", "demarre"}
_STOP_WORDS = {"stop", "arret", "arreter", "arrete"}


def parse_command(
    text: str, now: datetime, duties: Sequence[Duty], activities: Sequence[Activity]
) -> LogLine | StartTimer | StopTimer:
    """``start DUTY [ACTIVITY] [note]``, ``stop``, or else a log line."""
    _check_text(text, "a command")
    if len(text) > MAX_LINE_CHARS:
        raise ParseError(f"that line is too long (over {MAX_LINE_CHARS} characters)")
    if _has_control(text):
        raise ParseError("the line contains control characters; type plain text")
    raw = text.split()
    first = _fold(raw[0]) if raw else ""
    if first in _STOP_WORDS:
        if len(raw) > 1:
            raise ParseError("`stop` takes nothing after it; type just `stop`")
        return StopTimer()
    if first in _START_WORDS:
        rest = raw[1:]
        if not rest:
            raise ParseError(
                f"start what? e.g. `start social engage`; duties are: {_duty_list(duties)}"
            )
        folded = [_fold(t) for t in rest]
        duty, consumed = _match_duty_tokens(folded, rest, duties)
        rest, folded = rest[consumed:], folded[consumed:]
        activity = None
        if rest:
            winners, consumed = _match(folded, [(x, (x.name, *x.aliases)) for x in activities])
            if len(winners) == 1:
                activity = winners[0]
                rest = rest[consumed:]
        return StartTimer(duty, activity, _note(rest))  # type: ignore[arg-type]
    return _parse_entry(text, now, duties, activities)


# --------------------------------------------------------------------------- describing


def format_minutes(minutes: int) -> str:
    """``45 min``, ``2 h``, ``1 h 30``, ``1 h 05``."""
    minutes = max(0, int(minutes))
    if minutes < 60:
        return f"{minutes} min"
    hours, mins = divmod(minutes, 60)
    return f"{hours} h" if mins == 0 else f"{hours} h {mins:02d}"


def _day_label(day: date) -> str:
    return f"{_WD_SHORT[day.weekday()]} {day.day} {_MON_SHORT[day.month - 1]}"


def describe_when(day: date, t: time | None) -> str:
    """``Tue 24 Nov 10:00`` or ``Tue 24 Nov``."""
    label = _day_label(day)
    return f"{label} {t:%H:%M}" if t is not None else label


def describe_span(start: datetime, end: datetime) -> str:
    """``Mon 23 Nov 14:00–16:00 · 2 h`` (the end's day is shown when it differs)."""
    end_local = end.astimezone(start.tzinfo) if start.tzinfo is not None else end
    if end_local.date() == start.date():
        when = f"{_day_label(start.date())} {start:%H:%M}–{end_local:%H:%M}"
    else:
        when = (
            f"{_day_label(start.date())} {start:%H:%M} – "
            f"{_day_label(end_local.date())} {end_local:%H:%M}"
        )
    if start.tzinfo is not None and end.tzinfo is not None:
        minutes = _span_minutes(start, end)
    else:
        minutes = round((end - start).total_seconds() / 60)
    return f"{when} · {format_minutes(minutes)}"


def describe_log_line(line: LogLine) -> str:
    """``Mon 23 Nov 14:00–16:00 · 2 h · social media / engage · “replied”``."""
    text = f"{describe_span(line.start, line.end)} · {line.duty.name}"
    if line.activity is not None:
        text += f" / {line.activity.name}"
    if line.note:
        text += f" · “{line.note}”"
    return text


# --------------------------------------------------------------------------- repeats

_REPEAT_EXAMPLES = (
    "try weekly, every tue, every tue and thu, every 2 weeks on mon, "
    "monthly on the first thu, monthly on the 15th, yearly; add `until 2027-06-30` or `10 times`"
)
_RRULE_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
_ORDINALS = {
    "first": 1, "1st": 1, "premier": 1, "premiere": 1, "1er": 1, "1re": 1,
    "second": 2, "2nd": 2, "deuxieme": 2, "2e": 2, "seconde": 2,
    "third": 3, "3rd": 3, "troisieme": 3, "3e": 3,
    "fourth": 4, "4th": 4, "quatrieme": 4, "4e": 4,
    "fifth": 5, "5th": 5, "cinquieme": 5, "5e": 5,
    "last": -1, "dernier": -1, "derniere": -1,
}  # fmt: skip
_ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
_INTERVALS = {"other": 2, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_EVERY = r"(?:every|each|chaque|tous les|toutes les|on)"
_FREQ_WORDS = {
    "DAILY": ("day", "days", "jour", "jours"),
    "WEEKLY": ("week", "weeks", "semaine", "semaines", "wk", "wks"),
    "MONTHLY": ("month", "months", "mois"),
    "YEARLY": ("year", "years", "an", "ans", "annee", "annees"),
}
_FREQ_ADVERBS = {
    "daily": "DAILY", "quotidien": "DAILY", "quotidienne": "DAILY",
    "weekly": "WEEKLY", "hebdomadaire": "WEEKLY", "hebdo": "WEEKLY",
    "biweekly": "WEEKLY/2", "fortnightly": "WEEKLY/2",
    "monthly": "MONTHLY", "mensuel": "MONTHLY", "mensuelle": "MONTHLY",
    "yearly": "YEARLY", "annually": "YEARLY", "annuel": "YEARLY", "annuelle": "YEARLY",
}  # fmt: skip


def _weekday_list(text: str) -> list[int] | None:
    """``tue and thu`` / ``mon wed`` / ``mardis`` → weekday numbers, or None."""
    words = [w for w in re.split(r"[ ,&]+|\band\b|\bet\b|\bor\b", text) if w]
    days: list[int] = []
    for word in words:
        wd = _weekday_of(word)
        if wd is None and word.endswith("s"):
            wd = _weekday_of(word[:-1])
        if wd is None:
            return None
        if wd not in days:
            days.append(wd)
    return sorted(days) if days else None


def _byday(days: list[int], ordinal: int | None = None) -> str:
    prefix = str(ordinal) if ordinal is not None else ""
    return "BYDAY=" + ",".join(prefix + _RRULE_DAYS[d] for d in days)


def _monthly_on(text: str, shown: str) -> list[str] | None:
    """``the first thu`` / ``the 15th`` / ``the last day`` / ``le 15`` → rule parts."""
    text = re.sub(r"^(?:on )?(?:the |le |la )?", "", text)
    text = re.sub(r" (?:of|du|de) (?:the |each |every )?(?:month|mois)$", "", text)
    words = text.split(" ")
    if len(words) == 2 and words[0] in _ORDINALS:
        if words[1] in ("day", "jour"):
            return [f"BYMONTHDAY={_ORDINALS[words[0]]}"]
        days = _weekday_list(words[1])
        if days:
            return [_byday(days, _ORDINALS[words[0]])]
    if m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th|er|e)?(?: day)?", text):
        n = int(m[1])
        if not 1 <= n <= 31:
            raise ParseError(f"`{shown}`: a month has days 1 to 31; try monthly on the 15th")
        return [f"BYMONTHDAY={n}"]
    if text in _ORDINALS and _ORDINALS[text] == 1:
        return ["BYMONTHDAY=1"]
    return None


def _interval_of(word: str) -> int | None:
    if word.isdecimal() and len(word) <= 3:
        return int(word)
    return _INTERVALS.get(word)


def _repeat_core(s: str, shown: str) -> list[str]:
    if s in _FREQ_ADVERBS:
        freq = _FREQ_ADVERBS[s]
        return ["FREQ=WEEKLY", "INTERVAL=2"] if freq == "WEEKLY/2" else [f"FREQ={freq}"]
    if s in ("every weekday", "weekdays", "every weekdays", "en semaine", "jours ouvrables"):
        return ["FREQ=WEEKLY", _byday([0, 1, 2, 3, 4])]
    if s in ("tous les jours", "chaque jour", "every day", "everyday", "each day"):
        return ["FREQ=DAILY"]
    # "<adverb> on X" / "every [N] <unit> [on X]"
    m = re.fullmatch(r"(\w+)(?: (?:on|le|les) (.+))?", s)
    freq: str | None = None
    interval = 1
    tail: str | None = None
    if m and m[1] in _FREQ_ADVERBS:
        freq, tail = _FREQ_ADVERBS[m[1]], m[2]
        if freq == "WEEKLY/2":
            freq, interval = "WEEKLY", 2
    elif m := re.fullmatch(rf"{_EVERY}(?: (\w+))? (\w+)(?: (?:on|le|les|,) ?(.+))?", s):
        unit = next((f for f, words in _FREQ_WORDS.items() if m[2] in words), None)
        if unit is not None:
            freq, tail = unit, m[3]
            if m[1] is not None:
                n = _interval_of(m[1])
                if n is None:
                    raise ParseError(f"`{shown}`: how often? {_REPEAT_EXAMPLES}")
                interval = n
    if freq is not None:
        if interval < 1 or interval > 99:
            raise ParseError(f"`{shown}`: the interval must be between 1 and 99")
        parts = [f"FREQ={freq}"] + ([f"INTERVAL={interval}"] if interval > 1 else [])
        if tail is None:
            return parts
        if freq == "WEEKLY":
            days = _weekday_list(tail)
            if days:
                return [*parts, _byday(days)]
        elif freq == "MONTHLY":
            extra = _monthly_on(tail, shown)
            if extra:
                return parts + extra
        raise ParseError(f"`{shown}`: could not read `{tail}`; {_REPEAT_EXAMPLES}")
    # "every tue and thu", "every second tuesday", "every first thu", "tous les mardis"
    if m := re.fullmatch(rf"{_EVERY} (.+)", s):
        body = m[1]
        first, _, others = body.partition(" ")
        if others and first in _ORDINALS and _ORDINALS[first] in (1, -1):
            days = _weekday_list(others)
            if days:
                return ["FREQ=MONTHLY", _byday(days, _ORDINALS[first])]
        if others and _interval_of(first) is not None:
            days = _weekday_list(others)
            if days:
                return ["FREQ=WEEKLY", f"INTERVAL={_interval_of(first)}", _byday(days)]
        days = _weekday_list(body)
        if days:
            return ["FREQ=WEEKLY", _byday(days)]
    # "the first thu of the month", "le premier jeudi du mois"
    if re.search(r" (?:of|du) (?:the |each |every )?(?:month|mois)$", s):
        extra = _monthly_on(s, shown)
        if extra:
            return ["FREQ=MONTHLY", *extra]
    raise ParseError(f"could not read `{shown}` as a repeat; {_REPEAT_EXAMPLES}")


_RE_UNTIL = re.compile(r",? (?:until|till|through|thru|jusqu'au|jusqu'a|jusqu au|jusqu a) (.+)$")


def parse_repeat(text: str, start: date) -> str:
    """An RFC 5545 RRULE value (no ``RRULE:`` prefix) for a repeat typed in words.

    ``daily`` ``weekly`` ``every tue and thu`` ``every 2 weeks on mon`` ``every second tuesday``
    ``monthly on the first thu`` (BYDAY=1TH) ``monthly on the last fri`` (BYDAY=-1FR)
    ``monthly on the 15th`` ``yearly``; suffix ``until DAY`` (UNTIL=YYYYMMDD, a date: the
    caller converts it to UTC for timed posts) or ``10 times`` / ``for 10 times`` / ``x 10``.
    Validated with dateutil against ``start``.
    """
    _check_text(text, "a repeat")
    shown = _shown(text)
    if len(text) > 200 or _has_control(text):
        raise ParseError(f"could not read `{shown}` as a repeat; {_REPEAT_EXAMPLES}")
    s = _fold(text)
    s = re.sub(r"\s*,\s*", ", ", s).strip(" ,.")
    if not s:
        raise ParseError(f"no repeat given; {_REPEAT_EXAMPLES}")
    until: date | None = None
    count: int | None = None
    for step in ("count", "until", "count"):  # the two suffixes, in either order
        if step == "count" and count is None:
            m = re.search(r",? (?:for |pendant )?(\d+) ?(?:times|time|occurrences|fois|x)$", s)
            m = m or re.search(r",? x ?(\d+)$", s)
            if m:
                count = _int(m[1])
                s = s[: m.start()]
        elif step == "until" and (m := re.search(_RE_UNTIL, s)):
            until = _day_of(m[1], start, "future")
            s = s[: m.start()]
    if until is not None and count is not None:
        raise ParseError("give either `until DAY` or `N times`, not both")
    if count is not None and not 1 <= count <= 1000:
        raise ParseError(f"`{shown}`: the number of times must be between 1 and 1000")
    parts = _repeat_core(s.strip(" ,"), shown)
    if count is not None:
        parts.append(f"COUNT={count}")
    if until is not None:
        parts.append(f"UNTIL={until:%Y%m%d}")
    rule = ";".join(parts)
    _validate_rule(rule, start, shown)
    return rule


def _validate_rule(rule: str, start: date, shown: str) -> None:
    from dateutil.rrule import rrulestr  # lazy: keeps `import storage.parse` cheap

    try:
        recurrence = rrulestr(rule, dtstart=datetime.combine(start, time()))
        first = next(iter(recurrence), None)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ParseError(f"`{shown}` is not a valid repeat ({exc}); {_REPEAT_EXAMPLES}") from None
    if first is None:
        raise ParseError(f"`{shown}` never happens: it ends before {start:%Y-%m-%d}")


def describe_repeat(rrule: str) -> str:
    """Plain English for an RRULE value, e.g. ``every 2 weeks on Tue until 30 Jun 2027``.

    Rules with parts Calepin does not write (e.g. BYSETPOS from an import) come back as
    ``custom repeat (…)``.
    """
    _check_text(rrule, "a repeat rule")
    text = rrule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts: dict[str, str] = {}
    for chunk in text.split(";"):
        key, sep, value = chunk.partition("=")
        if not sep or not key.strip():
            raise ParseError(f"`{_shown(rrule)}` is not a repeat rule; e.g. FREQ=WEEKLY;BYDAY=TU")
        parts[key.strip().upper()] = value.strip().upper()
    freq = parts.pop("FREQ", "")
    units = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}
    if freq not in units:
        raise ParseError(f"`{_shown(rrule)}` is not a repeat rule; e.g. FREQ=WEEKLY;BYDAY=TU")
    custom = f"custom repeat ({_shown(text, 80)})"
    interval_text = parts.pop("INTERVAL", "1")
    if not (interval_text.isdecimal() and len(interval_text) <= 4) or int(interval_text) < 1:
        return custom
    interval = int(interval_text)
    unit = units[freq]
    head = f"every {unit}" if interval == 1 else f"every {interval} {unit}s"
    byday = parts.pop("BYDAY", None)
    bymonthday = parts.pop("BYMONTHDAY", None)
    parts.pop("WKST", None)
    count = parts.pop("COUNT", None)
    until = parts.pop("UNTIL", None)
    if parts:
        return custom
    if byday is not None:
        items = []
        for code in byday.split(","):
            m = re.fullmatch(r"([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)", code)
            if not m:
                return custom
            items.append((int(m[1]) if m[1] else None, _RRULE_DAYS.index(m[2])))
        ordinals = {o for o, _ in items}
        names = [_WD_SHORT[d] for _, d in items]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        if ordinals == {None}:
            if freq == "WEEKLY" and interval == 1:
                head = "every weekday" if byday == "MO,TU,WE,TH,FR" else f"every {joined}"
            else:
                head += f" on {joined}"
        elif len(ordinals) == 1 and freq == "MONTHLY" and next(iter(ordinals)) in _ORDINAL_WORDS:
            head += f" on the {_ORDINAL_WORDS[next(iter(ordinals))]} {joined}"  # type: ignore[index]
        else:
            return custom
    if bymonthday is not None:
        if bymonthday == "-1":
            head += " on the last day"
        elif bymonthday.isdecimal() and len(bymonthday) <= 2 and 1 <= int(bymonthday) <= 31:
            head += f" on the {_ordinal_suffix(int(bymonthday))}"
        else:
            return custom
    if count is not None:
        if not (count.isdecimal() and len(count) <= 6):
            return custom
        head += ", once" if count == "1" else f", {int(count)} times"
    if until is not None:
        m = re.match(r"(\d{4})(\d{2})(\d{2})", until)
        if not m:
            return custom
        try:
            end = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return custom
        head += f" until {end.day} {_MON_SHORT[end.month - 1]} {end.year}"
    return head


def _ordinal_suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
