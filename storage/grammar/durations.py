"""Durations: ``1h30``, ``90m``, ``90``, ``1.5h``, ``1:30``, ``:45`` → minutes (`storage.wording.duration` writes them back)."""

from __future__ import annotations

from storage.deferred import LazyPattern
from storage.errors import ParseError
from storage.grammar.text import _check_text, _fold, _int, _NotRecognised, _shown
from storage.i18n import _, is_french

MAX_MINUTES = 24 * 60
"""Longest duration accepted anywhere."""


def _examples() -> str:
    return _("try 1h30, 90m, 90, 1.5h, 1:30 or 45min")


_RE_DUR_MIN = LazyPattern(r"(\d+)(?:m|mn|min|mins|minute|minutes)?")
_RE_DUR_HOURS = LazyPattern(r"(\d+)(?:[.,](\d+))?(?:h|hr|hrs|hour|hours|heure|heures)")
_RE_DUR_HM = LazyPattern(r"(\d+)h(\d{1,2})(?:m|mn|min)?")
_RE_DUR_COLON = LazyPattern(r"(\d*):(\d{2})")


def _duration_minutes(text: str) -> int:
    """Parse a duration; _NotRecognised if it has no duration shape, ParseError if bad value."""
    shown = _shown(text)
    s = _fold(text)
    if not s:
        raise _NotRecognised(_("no duration given; {examples}").format(examples=_examples()))
    if s.startswith("-") and len(s) > 1 and (s[1].isdecimal() or s[1] in ".,:"):
        raise ParseError(_not_positive(shown))
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
            raise ParseError(
                _("`{typed}`: minutes must be under 60; write 2h15, not 1h75").format(typed=shown)
            )
        minutes = _int(m[1]) * 60 + mins
    elif m := _RE_DUR_COLON.fullmatch(s):
        mins = int(m[2])
        if mins >= 60:
            raise ParseError(
                _("`{typed}`: minutes must be under 60; write 2:15, not 1:75").format(typed=shown)
            )
        minutes = _int(m[1] or "0") * 60 + mins
    else:
        raise _NotRecognised(
            _("could not read `{typed}` as a duration; {examples}").format(
                typed=shown, examples=_examples()
            )
        )
    result = round(minutes)
    if result > MAX_MINUTES:
        raise ParseError(
            _("`{typed}` is longer than 24 hours; split it into several entries").format(
                typed=shown
            )
        )
    if result <= 0:
        raise ParseError(_not_positive(shown))
    return result


def _not_positive(shown: str) -> str:
    return _("`{typed}`: a duration must be more than zero; {examples}").format(
        typed=shown, examples=_examples()
    )


def parse_duration(text: str) -> int:
    """Minutes (> 0, at most 24 h) in ``text``.

    ``1h30`` ``1h30m`` ``1h05`` ``90m`` ``45min`` ``90`` (bare = minutes) ``1.5h`` ``1,5h``
    ``2h`` ``1:30`` ``:45``. ``1m`` is one minute (never a month). No inner spaces, but in
    French a unit may stand apart, as French writes it: ``2 h``, ``1 h 30``, ``90 min``.
    """
    _check_text(text, "a duration")
    if is_french():
        text = _joined_units(text)
    return _duration_minutes(text)


def _joined_units(text: str) -> str:
    """French writes a unit apart (`2 h`, `1 h 30`, `90 min`, `1,5 h`): as one word, the way
    Calepin itself writes durations in French can be typed back."""
    import re

    text = re.sub(
        r"(?<=\d) +(?=(?:h|hr|hrs|heures?|m|mn|mins?|minutes?)(?:\s|$|\d))", "", text.strip()
    )
    return re.sub(r"(?<=\dh) +(?=\d{2}(?:\s|$|m))", "", text)
