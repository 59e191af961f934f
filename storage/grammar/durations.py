"""Durations: ``1h30``, ``90m``, ``90``, ``1.5h``, ``1:30``, ``:45`` → minutes (`storage.wording.duration` writes them back)."""

from __future__ import annotations

from storage.deferred import LazyPattern
from storage.errors import ParseError
from storage.grammar.text import _check_text, _fold, _int, _NotRecognised, _shown

MAX_MINUTES = 24 * 60
"""Longest duration accepted anywhere."""

_DUR_EXAMPLES = "try 1h30, 90m, 90, 1.5h, 1:30 or 45min"
_RE_DUR_MIN = LazyPattern(r"(\d+)(?:m|mn|min|mins|minute|minutes)?")
_RE_DUR_HOURS = LazyPattern(r"(\d+)(?:[.,](\d+))?(?:h|hr|hrs|hour|hours|heure|heures)")
_RE_DUR_HM = LazyPattern(r"(\d+)h(\d{1,2})(?:m|mn|min)?")
_RE_DUR_COLON = LazyPattern(r"(\d*):(\d{2})")


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
