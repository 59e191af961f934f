"""The log command line: ``[day] [time] (duration | range) duty …``, ``start`` and ``stop``.

Datetimes
---------
All datetimes produced are aware, in ``now.tzinfo``. Wall times are built with
``datetime.combine(day, t, tzinfo=tz)`` and normalised through UTC, so a wall time that
does not exist (spring forward) moves to the real instant after the gap, and an ambiguous
wall time (fall back) is the *first* occurrence (daylight time). Spans and minutes are
always computed between UTC instants: ``1:00-3:00`` on the fall-back night is 180 minutes.
Durations are elapsed time (``23:30 2h`` across a DST change still lasts two real hours).

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
   * ``2pm`` is always a clock time; alone it is an error ("how long?").
   * A bare number is minutes (``90 social``). A token that reads both as a clock time and
     as a duration (``1:30``, ``1430``, ``14h30``, ``13h``) is the duration when it stands
     alone (``1:30 web`` is 1 h 30 ending now, as the README lists it), and refused when,
     as a duration, it would exceed 12 hours (``14:00 web``): nothing silently becomes a
     long entry. Followed by a duration it is the start (``1:30 1h web``).
   * ``9h 45min`` (hours-token then a minutes-token) is refused as ambiguous.
3. DUTY: see :func:`match_duty` — a name or alias (possibly several tokens), or an
   unambiguous prefix; archived duties never match.
4. ACTIVITY (optional): the next token(s) if they match an activity the same way; when they
   do not match (or are ambiguous) they start the note, without error.
5. NOTE: the rest, joined with single spaces (one pair of surrounding quotes is dropped).

In French
---------
French writes a time of day and a duration alike (``10h``, ``14 h 30``; ``2h``, ``1 h 30``),
so in French (the language in use, :mod:`storage.i18n`) the time slot reads them this way;
English is unchanged:

* A unit written apart joins its number, in the time slot only: ``2 h`` → ``2h``,
  ``14 h 30`` → ``14h30``, ``90 min``, ``2 heures``, ``1,5 h``, ``1 h 30 min``. A leading
  ``de`` is dropped (``de 14h à 16h30``: a range, like ``14h-16h30``).
* A duration is written ``1h30``, ``2 h``, ``2 heures``, ``1,5 h``, ``90 min``, ``:45``,
  ``90``; from 6 hours on, with its unit in full or its minutes named (``8 heures``,
  ``7h30min``, ``7 h 30 min``). A start time is ``10h``, ``14h30``, ``14 h 30``.
* So a lone ``NNh`` or ``NNhMM`` before a duty is a time of day when its hour is 6 or later
  (``10h événements``: from 10:00 to now); before 6 it is a duration (``2h social``,
  ``1h30 web``), as ranges guess no start before dawn (``EARLIEST_GUESSED_HOUR``). The
  time must be past and the day today; else the line is refused with the ways to write a
  duration or a range: nothing silently becomes a ten-hour entry. ``depuis 10h`` says
  "from 10:00 to now" outright (any time shape).
* Followed by a duration it is the start (``10h 1h30 événements``), in both languages.
* The echo (:func:`describe_log_line`) says so when a lone ``NNh`` was read as a time
  (``· 10h : heure de début``); a duration shows as one by its span ending now.

Commands (:func:`parse_command`): ``start DUTY [ACTIVITY] [NOTE]`` (or ``démarrer``),
``stop`` (or ``arrêt``, ``arrêter``); anything else is a log line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from storage.deferred import cached_dataclass
from storage.errors import ParseError
from storage.grammar.days import _day_of
from storage.grammar.durations import _duration_minutes
from storage.grammar.names import _duty_list, _match, _match_duty_tokens
from storage.grammar.text import _check_text, _fold, _has_control, _NotRecognised, _shown
from storage.grammar.times import (
    EARLIEST_GUESSED_HOUR,
    _is_clock_only,
    _looks_like_range,
    _range_of,
    _time_of,
)
from storage.i18n import _, is_french
from storage.invisible import direction_control
from storage.models import Activity, Duty
from storage.wording import clock, day_label, duration

AMBIGUOUS_LONE_MINUTES = 12 * 60
"""A lone log-line token that is both a clock time and a duration longer than this is refused."""

MAX_LINE_CHARS = 5000


# --------------------------------------------------------------------------- log lines


@cached_dataclass(frozen=True, slots=True)
class LogLine:
    """A parsed log entry; ``start``/``end`` are aware, in ``now.tzinfo``."""

    duty: Duty
    activity: Activity | None
    start: datetime
    end: datetime
    note: str
    # In French, a lone `10h` read as a time of day ("10h : heure de début"), for the echo.
    reading: str = field(default="", compare=False)

    @property
    def minutes(self) -> int:
        """Whole minutes between the two instants (computed in UTC, so DST-correct)."""
        return _span_minutes(self.start, self.end)


@cached_dataclass(frozen=True, slots=True)
class StartTimer:
    duty: Duty
    activity: Activity | None
    note: str


@cached_dataclass(frozen=True, slots=True)
class StopTimer:
    pass


def _log_examples() -> str:
    return _("e.g. `1h30 social`, `yesterday 14:00 1h press`, `2-4pm events create`")


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
    minutes = _try(_duration_minutes, token)
    if minutes is None:
        return None
    if minutes > AMBIGUOUS_LONE_MINUTES and _try(_time_of, token) is not None:
        raise ParseError(
            _(
                "`{typed}` could be a start time or a {duration} duration; "
                "add a duration (`{typed} 1h social`) or write a range (`14:00-16:00`)"
            ).format(typed=_shown(token), duration=duration(minutes))
        )
    return minutes


_RE_HOURS_ONLY = re.compile(r"\d+h")
_RE_MINUTES_ONLY = re.compile(r"\d+(?:m|mn|min|mins|minutes?)")
_RE_FRENCH_CLOCK = re.compile(r"(\d{1,2})h(\d{2})?")
_RE_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_HOUR_UNITS = {"h", "hr", "hrs", "heure", "heures"}
_MINUTE_UNITS = {"m", "mn", "min", "mins", "minute", "minutes"}
_SLOT_WORDS = {"-", "to", "a", "de"}


def _join_units(raw: list[str]) -> list[str]:
    """French: a unit written apart joins its number (`2 h`, `14 h 30`, `90 min`, `2 heures`)
    and a leading `de` goes (`de 14h à 16h`), in the time slot only (up to the first word
    that is not a number, a unit or a dash), so notes stay as typed."""
    out: list[str] = []
    i = 0
    while i < len(raw):
        folded = _fold(raw[i])
        if not (folded[:1].isdecimal() or folded[:1] == ":" or folded in _SLOT_WORDS):
            break
        if folded == "de" and not out and i + 1 < len(raw) and raw[i + 1][:1].isdecimal():
            i += 1
            continue
        token = raw[i]
        i += 1
        if _RE_NUMBER.fullmatch(folded) and i < len(raw):
            unit = _fold(raw[i])
            if unit in _HOUR_UNITS:
                token += raw[i]
                i += 1
                minutes_follow = i < len(raw) and re.fullmatch(r"\d{2}", raw[i])
                if unit == "h" and folded.isdecimal() and minutes_follow:
                    token += raw[i]
                    i += 1
                    if i < len(raw) and _fold(raw[i]) in _MINUTE_UNITS:
                        token += raw[i]
                        i += 1
            elif unit in _MINUTE_UNITS and folded.isdecimal():
                token += raw[i]
                i += 1
        out.append(token)
    return out + raw[i:]


def _french_clock(token: str) -> time | None:
    """French: `10h`, `14h30` as a time of day (6:00 or later, a real time); None for any
    other token, `2h` or `1h30` (durations) included."""
    m = _RE_FRENCH_CLOCK.fullmatch(_fold(token))
    if not m:
        return None
    hour, minute = int(m[1]), int(m[2] or 0)
    if EARLIEST_GUESSED_HOUR <= hour <= 23 and minute <= 59:
        return time(hour, minute)
    return None


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


def _check_line(text: str) -> None:
    if len(text) > MAX_LINE_CHARS:
        raise ParseError(
            _("that line is too long (over {count} characters)").format(count=MAX_LINE_CHARS)
        )
    if _has_control(text):
        raise ParseError(_("the line contains control characters; type plain text"))
    if direction := direction_control(text):
        raise ParseError(
            _("the line contains an invisible direction control ({name}); type plain text").format(
                name=direction
            )
        )


def _parse_entry(text: str, now: datetime, duties, activities) -> LogLine:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    _check_text(text, "a log line")
    _check_line(text)
    raw = text.split()
    if not raw:
        raise ParseError(_("nothing to log; {examples}").format(examples=_log_examples()))
    tz = now.tzinfo
    french = is_french()
    day, i = _split_day([_fold(t) for t in raw], now)
    rest = _merge_ampm(raw[i:])
    since = False  # French `depuis 10h`: from that time to now, said outright
    if french:
        since = bool(rest) and _fold(rest[0]) == "depuis"
        rest = _join_units(rest[1:] if since else rest)
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
    reading = ""
    if since:
        start, end = _since(a, day, on, now, day_shown)
        used = 1
    elif a and _looks_like_range(a):
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
                _(
                    "`{first} {second}`: give a start time then a duration (`14:00 1h`) "
                    "or a range with a dash (`14:00-16:00`)"
                ).format(first=_shown(a), second=_shown(b))
            )
        if a_time is not None and b_minutes is not None:
            if _RE_HOURS_ONLY.fullmatch(_fold(a)) and _RE_MINUTES_ONLY.fullmatch(_fold(b)):
                raise ParseError(
                    _(
                        "`{first} {second}` is ambiguous: for a duration write it as one "
                        "word (`{first}{second}`); for a start time write `{hour}:00 {second}`"
                    ).format(first=_shown(a), second=_shown(b), hour=_fold(a)[:-1])
                )
            start = _wall(on, a_time, tz)
            end = _after(start, b_minutes, tz)
            used = 2
        elif french and (a_clock := _french_clock(a)) is not None:
            start, end = _since(a, day, on, now, day_shown, a_clock)
            reading = _("{typed}: a start time").format(typed=_shown(a))
            used = 1
        else:
            minutes = _lone_duration(a) if a else None
            if minutes is None:
                if a and _is_clock_only(a):
                    raise ParseError(
                        _(
                            "how long? add a duration like 1h or a range like 14:00-16:00, "
                            "e.g. `{line} 1h30 social` (in a log line {typed} is a start time)"
                        ).format(line=_shown(" ".join([*raw[:i], a])), typed=_shown(a))
                    )
                raise ParseError(
                    _(
                        "how long? start with a duration like 1h30 or a range like "
                        "14:00-16:00; {examples}"
                    ).format(examples=_log_examples())
                )
            if day is not None and day != now.date():
                raise ParseError(
                    _(
                        "give a start time or a range for another day, "
                        "e.g. `{day} 14:00 {typed} …` or `{day} 14:00-16:00 …`"
                    ).format(day=day_shown, typed=_shown(a))
                )
            end = _norm(now, tz)
            start = _after(end, -minutes, tz)
            used = 1
    if _span_minutes(start, end) <= 0:
        raise ParseError(_("that span is empty; {examples}").format(examples=_log_examples()))

    duty, activity, note = _duty_activity_note(rest[used:], duties, activities)
    return LogLine(duty, activity, start, end, note, reading)  # type: ignore[arg-type]


def _since(
    typed: str,
    day: date | None,
    on: date,
    now: datetime,
    day_shown: str,
    at: time | None = None,
) -> tuple[datetime, datetime]:
    """French: from the time `typed` (read as `at` when given) to now, today only."""
    if at is None:
        at = _try(_time_of, typed) if typed else None
        if at is None:
            raise ParseError(_("since when? e.g. `depuis 10h events` logs from 10:00 to now"))
    shown = _shown(typed)
    if day is not None and day != now.date():
        raise ParseError(
            _(
                "`{typed}` is a start time: for another day give a range or a start and a "
                "duration, e.g. `{day} {range} …` or `{day} {typed} 2h …`"
            ).format(typed=shown, day=day_shown, range=_range_hint(at))
        )
    start = _wall(on, at, now.tzinfo)
    end = _norm(now, now.tzinfo)
    if start >= end:
        raise ParseError(
            _(
                "`{typed}` is a start time, and {time} is still to come today; for a "
                "duration write `2 h`, `2 heures` or `120 min`; for a range `{range}`"
            ).format(typed=shown, time=clock(at), range=_range_hint(at))
        )
    return start, end


def _range_hint(at: time) -> str:
    """`10h-12h`: a range from `at` as French writes it, for a hint."""
    start = f"{at.hour}h{at.minute:02d}" if at.minute else f"{at.hour}h"
    return f"{start}-{min(at.hour + 2, 23)}h"


def _duty_activity_note(
    rest: Sequence[str], duties: Sequence[Duty], activities: Sequence[Activity]
) -> tuple[Duty, Activity | None, str]:
    """The words after the time: a duty (required), an optional activity, then the note."""
    folded = [_fold(t) for t in rest]
    duty, consumed = _match_duty_tokens(folded, rest, duties)
    rest, folded = rest[consumed:], folded[consumed:]
    activity = None
    if rest:
        winners, consumed = _match(folded, [(x, (x.name, *x.aliases)) for x in activities])
        if len(winners) == 1:
            activity = winners[0]
            rest = rest[consumed:]
    return duty, activity, _note(rest)


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
    _check_line(text)
    raw = text.split()
    first = _fold(raw[0]) if raw else ""
    if first in _STOP_WORDS:
        if len(raw) > 1:
            raise ParseError(_("`stop` takes nothing after it; type just `stop`"))
        return StopTimer()
    if first in _START_WORDS:
        rest = raw[1:]
        if not rest:
            raise ParseError(
                _("start what? e.g. `start social engage`; duties are: {duties}").format(
                    duties=_duty_list(duties)
                )
            )
        duty, activity, note = _duty_activity_note(rest, duties, activities)
        return StartTimer(duty, activity, note)  # type: ignore[arg-type]
    return _parse_entry(text, now, duties, activities)


# --------------------------------------------------------------------------- describing


def describe_span(start: datetime, end: datetime) -> str:
    """``Mon 23 Nov 14:00–16:00 · 2 h`` (the end's day is shown when it differs)."""
    end_local = end.astimezone(start.tzinfo) if start.tzinfo is not None else end
    if end_local.date() == start.date():
        when = f"{day_label(start.date())} {clock(start)}–{clock(end_local)}"
    else:
        when = (
            f"{day_label(start.date())} {clock(start)} – "
            f"{day_label(end_local.date())} {clock(end_local)}"
        )
    if start.tzinfo is not None and end.tzinfo is not None:
        minutes = _span_minutes(start, end)
    else:
        minutes = round((end - start).total_seconds() / 60)
    return f"{when} · {duration(minutes)}"


def describe_log_line(line: LogLine) -> str:
    """``Mon 23 Nov 14:00–16:00 · 2 h · social media / engage · “replied”``."""
    text = f"{describe_span(line.start, line.end)} · {line.duty.name}"
    if line.activity is not None:
        text += f" / {line.activity.name}"
    if line.note:
        from storage.wording import quoted  # the language's quotation marks

        text += f" · {quoted(line.note)}"
    if line.reading:
        text += f" · {line.reading}"
    return text
