"""What a hostile or broken .ics file cannot make the importer do: each event checked
(unreadable dates, years before 1900, end before start, a malformed repeat rule repaired or
reduced to its first date), and a series expanded lazily up to a cap."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from typing import Any

UTC = dt.UTC
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

END_BEFORE = "ends before it starts"
BROKEN = "unreadable"
BAD_YEAR = "year before 1900 or after 9999"
MIN_YEAR = 1900
_READ_DATES = ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "EXDATE", "RDATE", "EXRULE")
_STEPS = {"SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600}
_MAX_WALK = 200_000  # repeats dateutil may walk before the period starts


def event_name(event: Any) -> str:
    """The event as a person can find it in their calendar: its title and UID."""
    title = " ".join(_CONTROL.sub(" ", str(event.get("SUMMARY", ""))).split())[:60]
    uid = " ".join(_CONTROL.sub(" ", str(event.get("UID", ""))).split())[:80]
    return f"“{title or '(no title)'}” (UID {uid or 'none'})"


def as_utc(value: Any, zone: dt.tzinfo) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


def _repair_rule(event: Any) -> str | None:
    """Keep the readable parts of an unreadable RRULE; a note when something was left out."""
    import icalendar

    values = event.get("RRULE")
    values = values if isinstance(values, list) else [values]
    if not any(isinstance(v, icalendar.vBroken) for v in values):
        return None
    del event["RRULE"]
    kept: list[Any] = []
    dropped: list[str] = []
    for value in values:
        if not isinstance(value, icalendar.vBroken):
            kept.append(value)
            continue
        good: list[str] = []
        for part in str(value).split(";"):
            try:
                icalendar.vRecur.from_ical(part)
            except (ValueError, TypeError, KeyError, IndexError):
                dropped.append(part[:40])
            else:
                good.append(part)
        if any(p.strip().upper().startswith("FREQ=") for p in good):
            with contextlib.suppress(ValueError, TypeError, KeyError, IndexError):
                kept.append(icalendar.vRecur.from_ical(";".join(good)))
    for rule in kept:
        event.add("RRULE", rule)
    if kept:
        return (
            f"repeat rule of {event_name(event)} partly unreadable: left out {', '.join(dropped)}"
        )
    return f"repeat rule of {event_name(event)} unreadable: kept the first date only"


def check_event(event: Any, zone: dt.tzinfo, notes: list[str]) -> str | None:
    """Why the event cannot be read (a skip reason), or None; repairs a malformed rule."""
    import icalendar

    for name, _error in getattr(event, "errors", None) or ():
        if name in _READ_DATES:
            raw = str(event.get(name, ""))
            digits = re.match(r"\s*(\d*)", raw)[1]  # type: ignore[index]
            if digits.startswith("0000") or len(digits) > 8:
                notes.append(
                    f"skipped {event_name(event)}: {name} {raw[:30]} is outside years 1900–9999"
                )
                return BAD_YEAR
            notes.append(f"skipped {event_name(event)}: unreadable {name} ({raw[:40]})")
            return BROKEN
    if isinstance(event, icalendar.Event):
        note = _repair_rule(event)
        if note:
            notes.append(note)
    for name in ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID"):
        if isinstance(event.get(name), list):
            notes.append(f"skipped {event_name(event)}: more than one {name}")
            return BROKEN
    begin = event.get("DTSTART")
    if begin is None:
        return None
    try:
        moments = [begin.dt]
        finish = event.get("DTEND")
        if finish is not None:
            moments.append(finish.dt)
        if any(not isinstance(m, dt.date) for m in moments):
            notes.append(f"skipped {event_name(event)}: unreadable date")
            return BROKEN
        if any(m.year < MIN_YEAR for m in moments):
            notes.append(f"skipped {event_name(event)}: a date before {MIN_YEAR}")
            return BAD_YEAR
        utc = [as_utc(m, zone) for m in moments]
    except (OverflowError, ValueError, TypeError, icalendar.InvalidCalendar):
        notes.append(f"skipped {event_name(event)}: a date outside years 1900–9999")
        return BAD_YEAR
    if len(utc) == 2 and utc[1] < utc[0]:
        notes.append(f"skipped {event_name(event)}: ends before it starts")
        return END_BEFORE
    return None


def too_frequent(core: Any, start: dt.datetime, zone: dt.tzinfo) -> bool:
    """A rule repeating every few seconds, minutes or hours from long before the period
    (dateutil walks every repeat from the first one: refuse instead of working for minutes)."""
    rule = core.get("RRULE")
    if rule is None or isinstance(rule, list):
        return False
    step = _STEPS.get(str((rule.get("FREQ") or [""])[0]).upper())
    if step is None:
        return False
    interval = int((rule.get("INTERVAL") or [1])[0] or 1)
    gap = (start - as_utc(core["DTSTART"].dt, zone)).total_seconds()
    return gap / (step * max(interval, 1)) > _MAX_WALK


def expand_series(
    sub: Any, start: dt.datetime, end: dt.datetime, cap: int
) -> tuple[list[Any], bool]:
    """The series' occurrences in [start, end), read lazily in growing or shrinking windows so
    that at most about `cap` are ever built; True when the cap cut the series short."""
    import recurring_ical_events

    query = recurring_ical_events.of(sub)
    found: list[Any] = []
    seen: set[tuple[str, str]] = set()
    span = dt.timedelta(hours=1)
    low = start
    while low < end:
        high = min(end, low + span)
        batch = query.between(low, high)
        for occurrence in sorted(batch, key=lambda o: as_utc(o["DTSTART"].dt, UTC)):
            key = (repr(occurrence["DTSTART"].dt), repr(occurrence.get("RECURRENCE-ID")))
            if key in seen:
                continue
            seen.add(key)
            found.append(occurrence)
            if len(found) >= cap:
                return found, True
        if len(batch) > 500:
            span = max(span / 4, dt.timedelta(minutes=1))
        elif len(batch) < 50:
            span = min(span * 2, dt.timedelta(days=3660))
        low = high
    return found, False
