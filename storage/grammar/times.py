"""Times of day (``2pm``, ``14:00``, ``14h30``, ``930``) and time ranges (``2-4pm``)."""

from __future__ import annotations

from datetime import time

from storage.deferred import LazyPattern
from storage.errors import ParseError
from storage.grammar.text import _check_text, _fold, _NotRecognised, _shown
from storage.i18n import _


def _time_examples() -> str:
    return _("try 14:00, 2pm, 2:30pm, 14h30, 930 or 14")


_RE_AMPM = LazyPattern(r"(\d{1,2})(?:[:h.]?(\d{2}))? ?([ap])\.?m\.?")
_RE_COLON = LazyPattern(r"(\d{1,2}):(\d{2})")
_RE_HFORM = LazyPattern(r"(\d{1,2}) ?h ?(\d{2})?")  # French writes 14 h 30 too
_RE_BARE = LazyPattern(r"\d{1,4}")
_NOON = {"noon", "midi", "midday"}
_MIDNIGHT = {"midnight", "minuit"}


def _make_time(hour: int, minute: int, shown: str) -> time:
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ParseError(
            _("`{typed}` is not a time of day (hours 0–23, minutes 0–59); {examples}").format(
                typed=shown, examples=_time_examples()
            )
        )
    return time(hour, minute)


def _time_of(text: str) -> time:
    shown = _shown(text)
    s = _fold(text)
    if not s:
        raise _NotRecognised(_("no time given; {examples}").format(examples=_time_examples()))
    if s in _NOON:
        return time(12, 0)
    if s in _MIDNIGHT:
        return time(0, 0)
    if m := _RE_AMPM.fullmatch(s):
        hour, minute = int(m[1]), int(m[2] or 0)
        if not 1 <= hour <= 12:
            raise ParseError(
                _("`{typed}`: with am/pm the hour goes from 1 to 12; try 2pm or 14:00").format(
                    typed=shown
                )
            )
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
    raise _NotRecognised(
        _("could not read `{typed}` as a time; {examples}").format(
            typed=shown, examples=_time_examples()
        )
    )


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


def _range_examples() -> str:
    return _("try 2-4pm, 14:00-16:30, 9:15-10 or 14h30-16h")


_RE_RANGE = LazyPattern(r"([^-]+?) ?- ?([^-]+)")
_RE_PLAIN_12H = LazyPattern(r"(\d{1,2})(?::(\d{2}))?")


EARLIEST_GUESSED_HOUR = 6  # "7-3pm" reads as 07:00-15:00; an earlier start must say "am"


def _looks_like_range(text: str) -> bool:
    m = _RE_RANGE.fullmatch(_fold(text))
    return bool(m and m[1][:1].isdecimal() and m[2][:1].isdecimal())


def _range_of(text: str) -> tuple[time, time]:
    shown = _shown(text)
    s = _fold(text)
    m = _RE_RANGE.fullmatch(s)
    if not m:
        raise _NotRecognised(
            _("could not read `{typed}` as a time range; {examples}").format(
                typed=shown, examples=_range_examples()
            )
        )
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
                _(
                    "`{typed}` is unclear: write {left}am-{right} for a start before dawn, "
                    "or check the hours; {examples}"
                ).format(typed=shown, left=left, right=right, examples=_range_examples())
            )
    else:
        start = _time_of(left)
        left_has_suffix = bool(_RE_AMPM.fullmatch(left))
        plain_end = _RE_PLAIN_12H.fullmatch(right)
        if left_has_suffix and plain_end and end <= start and 1 <= end.hour <= 11:
            # "2pm-4": the start's pm carries over to the end
            end = time(end.hour + 12, end.minute)
    if end <= start:
        message = (
            _("`{typed}` ends before it starts; ranges stay within one day, e.g. 22:00-23:59")
            if end < start
            else _("`{typed}` starts and ends at the same time; {examples}")
        )
        raise ParseError(message.format(typed=shown, examples=_range_examples()))
    return start, end


def parse_time_range(text: str) -> tuple[time, time]:
    """``2-4pm`` (14:00-16:00) ``11-1pm`` (11:00-13:00) ``14:00-16:30`` ``9:15-10``
    ``14h30-16h`` ``9am-12pm``; en dash accepted. End must be after start (no midnight wrap).
    """
    _check_text(text, "a time range")
    return _range_of(text)
