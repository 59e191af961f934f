"""Filling untracked time: how much of a gap a typed answer takes (the log screen's gap filler)."""

from __future__ import annotations

import datetime as dt

from storage import wording
from storage.errors import ParseError, ValidationError
from storage.grammar import parse_duration, parse_time, parse_time_range
from storage.i18n import N_, _

GAP_EXAMPLES = N_("e.g. 45m, 1h30, an end like 10:15, or a range like 9:15-10:00")


def gap_part(
    text: str, start: dt.datetime, end: dt.datetime, zone: dt.tzinfo
) -> tuple[dt.datetime, dt.datetime]:
    """The part of the gap `start`–`end` that `text` asks for, read with the log grammar.

    Empty: the whole gap. A duration (``45m``, ``1h30``, ``90``): that long from the gap's
    start. A time (``10:15``, ``10am``): from the gap's start until then. A range
    (``9:15-10``): those times. A clock-like word (``10:15``, ``1:30``) is the end when that
    time is in the gap, else the duration (``1:30`` in a 09:00–11:00 gap is 1 h 30).

    Raises:
        ValidationError: the text cannot be read, or asks for time outside the gap.
    """
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    typed = text.strip()
    if not typed:
        return start, end
    gap = f"{wording.clock(local_start)}–{wording.clock(local_end)}"
    if "-" in typed.strip("-") or "–" in typed:
        first, last = parse_time_range(typed.replace("–", "-"))
        part = (_on(local_start, first, zone), _on(local_start, last, zone))
    else:
        part = _duration_or_end(typed, start, end, local_start, zone)
    if part[0] < start or part[1] > end:
        asked = (
            f"{wording.clock(part[0].astimezone(zone))}–{wording.clock(part[1].astimezone(zone))}"
        )
        raise ValidationError(
            _("{asked} is not inside the gap {gap}; {examples}").format(
                asked=asked, gap=gap, examples=_(GAP_EXAMPLES)
            )
        )
    return part


def _duration_or_end(
    typed: str, start: dt.datetime, end: dt.datetime, local_start: dt.datetime, zone: dt.tzinfo
) -> tuple[dt.datetime, dt.datetime]:
    try:
        minutes: int | None = parse_duration(typed)
    except ParseError:
        minutes = None
    try:
        until: dt.datetime | None = _on(local_start, parse_time(typed), zone)
    except ParseError:
        until = None
    as_time = until is not None and start < until <= end
    as_duration = minutes is not None and start + dt.timedelta(minutes=minutes) <= end
    # `10:15` or `10am` in a long gap is an end time (not 10 h 15); `1:30`, `90` or `1h30`
    # that fit are durations, as a log line reads them.
    looks_like_time = ":" in typed or typed.casefold().rstrip(".").endswith(("am", "pm"))
    if as_time and until is not None and (looks_like_time or not as_duration):
        return start, until
    if as_duration and minutes is not None:
        return start, start + dt.timedelta(minutes=minutes)
    examples = _(GAP_EXAMPLES)
    if until is not None and (minutes is None or looks_like_time):
        time = wording.clock(until.astimezone(zone))
        if until <= start:
            message = _("{time} is not after the gap's start {start}; {examples}").format(
                time=time, start=wording.clock(local_start), examples=examples
            )
        else:
            message = _("{time} is after the gap's end {end}; {examples}").format(
                time=time, end=wording.clock(end.astimezone(zone)), examples=examples
            )
        raise ValidationError(message)
    if minutes is not None:
        length = wording.duration(round((end - start).total_seconds() / 60))
        raise ValidationError(
            _("{duration} is longer than the gap ({length}); {examples}").format(
                duration=wording.duration(minutes), length=length, examples=examples
            )
        )
    raise ParseError(
        _("could not read `{typed}`; {examples}").format(typed=typed, examples=examples)
    )


def _on(local_start: dt.datetime, clock: dt.time, zone: dt.tzinfo) -> dt.datetime:
    """`clock` on the gap's day, as an instant (a time the zone skips moves on, as elsewhere)."""
    wall = dt.datetime.combine(local_start.date(), clock, tzinfo=zone)
    return wall.astimezone(dt.UTC).astimezone(zone)
