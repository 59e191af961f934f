"""What a hostile or broken .ics file cannot make the importer do: each event checked
(unreadable dates, years before 1900, end before start, a malformed repeat rule repaired or
reduced to its first date), and a series expanded lazily up to a cap."""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from storage.i18n import _, pgettext

UTC = dt.UTC
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

# Skip reasons: keys of MeetingImport.skipped (ics_changes.reason_text says them).
END_BEFORE = "ends before it starts"
BROKEN = "unreadable"
BAD_YEAR = "year before 1900 or after 9999"
MIN_YEAR = 1900
_READ_DATES = ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID", "EXDATE", "RDATE", "EXRULE")
_STEPS = {"SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600}
_ERRORS = (ValueError, TypeError, OverflowError, KeyError, IndexError, AttributeError)
_MAX_WALK = 200_000  # repeats dateutil may walk before the period starts
# A file's own VTIMEZONE: its changes of offset listed up to this day, at most this many.
_ONSETS_UNTIL = dt.datetime(2200, 1, 1)
_MAX_ONSETS = 5_000


def event_name(event: Any) -> str:
    """The event as a person can find it in their calendar: its title and UID."""
    title = " ".join(_CONTROL.sub(" ", str(event.get("SUMMARY", ""))).split())[:60]
    uid = " ".join(_CONTROL.sub(" ", str(event.get("UID", ""))).split())[:80]
    return _("“{title}” (UID {uid})").format(
        title=title or _("(no title)"), uid=uid or pgettext("uid", "none")
    )


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
        return _("repeat rule of {event} partly unreadable: left out {parts}").format(
            event=event_name(event), parts=", ".join(dropped)
        )
    return _("repeat rule of {event} unreadable: kept the first date only").format(
        event=event_name(event)
    )


def _drop_bad_interval(event: Any) -> str | None:
    """Leave out an INTERVAL under 1 (RFC 5545 wants 1 or more): with 0, dateutil gives the
    same moment forever and the import never ended."""
    values = event.get("RRULE")
    dropped: list[str] = []
    for rule in values if isinstance(values, list) else [values]:
        if not hasattr(rule, "get"):
            continue
        for interval in rule.get("INTERVAL") or ():
            if not isinstance(interval, int) or interval < 1:
                dropped.append(f"INTERVAL={interval}"[:40])
                del rule["INTERVAL"]
                break
    if not dropped:
        return None
    return _("repeat rule of {event} partly unreadable: left out {parts}").format(
        event=event_name(event), parts=", ".join(dropped)
    )


def check_event(event: Any, zone: dt.tzinfo, notes: list[str]) -> str | None:
    """Why the event cannot be read (a skip reason), or None; repairs a malformed rule."""
    import icalendar

    for name, _error in getattr(event, "errors", None) or ():
        if name in _READ_DATES:
            raw = str(event.get(name, ""))
            digits = re.match(r"\s*(\d*)", raw)[1]  # type: ignore[index]
            if digits.startswith("0000") or len(digits) > 8:
                notes.append(
                    _("skipped {event}: {name} {value} is outside years 1900–9999").format(
                        event=event_name(event), name=name, value=raw[:30]
                    )
                )
                return BAD_YEAR
            notes.append(
                _("skipped {event}: unreadable {name} ({value})").format(
                    event=event_name(event), name=name, value=raw[:40]
                )
            )
            return BROKEN
    if isinstance(event, icalendar.Event):
        # Both: a rule repaired of an unreadable part may still hold INTERVAL=0.
        notes.extend(note for note in (_repair_rule(event), _drop_bad_interval(event)) if note)
    for name in ("DTSTART", "DTEND", "DURATION", "RECURRENCE-ID"):
        if isinstance(event.get(name), list):
            notes.append(
                _("skipped {event}: more than one {name}").format(
                    event=event_name(event), name=name
                )
            )
            return BROKEN
    begin = event.get("DTSTART")
    if begin is None:
        return None
    _note_unknown_zone(event, zone, notes)
    try:
        moments = [begin.dt]
        finish = event.get("DTEND")
        if finish is not None:
            moments.append(finish.dt)
        if any(not isinstance(m, dt.date) for m in moments):
            notes.append(_("skipped {event}: unreadable date").format(event=event_name(event)))
            return BROKEN
        if any(m.year < MIN_YEAR for m in moments):
            notes.append(
                _("skipped {event}: a date before {year}").format(
                    event=event_name(event), year=MIN_YEAR
                )
            )
            return BAD_YEAR
        utc = [as_utc(m, zone) for m in moments]
    except (OverflowError, ValueError, TypeError, icalendar.InvalidCalendar):
        notes.append(
            _("skipped {event}: a date outside years 1900–9999").format(event=event_name(event))
        )
        return BAD_YEAR
    if len(utc) == 2 and utc[1] < utc[0]:
        notes.append(_("skipped {event}: ends before it starts").format(event=event_name(event)))
        return END_BEFORE
    return None


def _note_unknown_zone(event: Any, zone: dt.tzinfo, notes: list[str]) -> None:
    """Say once per name when a TZID is neither an Olson nor a Windows name nor defined by
    the file: icalendar reads those times as floating, in `zone`, which may be a guess."""
    for name in ("DTSTART", "DTEND"):
        value = event.get(name)
        tzid = getattr(value, "params", {}).get("TZID") if value is not None else None
        moment = getattr(value, "dt", None)
        if tzid and isinstance(moment, dt.datetime) and moment.tzinfo is None:
            shown = " ".join(_CONTROL.sub(" ", str(tzid)).split())[:60]
            where = getattr(zone, "key", None) or str(zone)
            note = _(
                "time zone “{zone}” is defined nowhere: its times were read in {where}"
            ).format(zone=shown, where=where)
            if note not in notes:
                notes.append(note)


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


def sub_daily_on_dates(core: Any) -> bool:
    """A whole-day series (DTSTART a date) repeating by the second, minute or hour: every
    date is all-day, so no meeting, and recurring_ical_events never finishes expanding such
    a rule (each repeat falls on the same date)."""
    rule = core.get("RRULE")
    begin = core.get("DTSTART")
    if rule is None or isinstance(rule, list) or begin is None:
        return False
    if isinstance(begin.dt, dt.datetime):
        return False
    return str((rule.get("FREQ") or [""])[0]).upper() in _STEPS


# Seconds in one period of each FREQ, and how many times each BY part can multiply the
# repeats in one period (at most: a part that only filters is counted as if it added).
_PERIOD = {
    "SECONDLY": 1,
    "MINUTELY": 60,
    "HOURLY": 3_600,
    "DAILY": 86_400,
    "WEEKLY": 7 * 86_400,
    "MONTHLY": 28 * 86_400,
    "YEARLY": 365 * 86_400,
}
_SPREAD = {"BYDAY": {"MONTHLY": 5, "YEARLY": 53}, "BYMONTHDAY": {"YEARLY": 12}, "BYWEEKNO": 7}
_BY = ("BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH")
_LONGEST_SPAN = dt.timedelta(days=3660)


def _widest_span(events: list[Any], cap: int) -> dt.timedelta:
    """A window in which the series' rules cannot give more than about `cap` repeats."""
    per_second = 0.0
    for event in events:
        rules = event.get("RRULE")
        for rule in rules if isinstance(rules, list) else [rules]:
            if rule is None:
                continue
            try:
                freq = str((rule.get("FREQ") or ["SECONDLY"])[0]).upper()
                interval = max(int((rule.get("INTERVAL") or [1])[0] or 1), 1)
                times = 1
                for part in _BY:
                    values = rule.get(part) or []
                    spread = _SPREAD.get(part, 1)
                    spread = spread.get(freq, 1) if isinstance(spread, dict) else spread
                    times *= max(len(values) * spread, 1)
            except _ERRORS:
                freq, interval, times = "SECONDLY", 1, 1
            per_second += times / (_PERIOD.get(freq, 1) * interval)
    if per_second == 0:
        return _LONGEST_SPAN
    return min(max(dt.timedelta(seconds=cap / per_second), dt.timedelta(seconds=1)), _LONGEST_SPAN)


def _earliest(events: list[Any]) -> dt.datetime | None:
    """The earliest moment the series can start at (DTSTART of every part, RDATEs), or None
    when one cannot be read."""
    found: list[dt.datetime] = []
    try:
        for event in events:
            for name in ("DTSTART", "RDATE"):
                values = event.get(name)
                for value in values if isinstance(values, list) else [values]:
                    if value is None:
                        continue
                    for item in getattr(value, "dts", None) or [value]:
                        moment = getattr(item, "dt", None)
                        if isinstance(moment, tuple):  # a period: its start
                            moment = moment[0]
                        if not isinstance(moment, dt.date):
                            return None
                        found.append(as_utc(moment, UTC))
    except _ERRORS:
        return None
    return min(found, default=None)


def expand_series(
    sub: Any, start: dt.datetime, end: dt.datetime, cap: int
) -> tuple[list[Any], bool]:
    """The series' occurrences in [start, end), read lazily in growing or shrinking windows so
    that at most about `cap` are ever built; True when the cap cut the series short.

    Windows start at the series' first date (a day early, for floating times), not at the
    period's start, and are never wider than the rules allow `cap` repeats in: a series
    repeating every second that starts years into the period is not reached by a window
    grown over the empty years (dateutil would list every second of it at once).
    """
    import recurring_ical_events

    events = list(sub.walk("VEVENT"))
    query = recurring_ical_events.of(sub)
    found: list[Any] = []
    seen: set[tuple[str, str]] = set()
    widest = _widest_span(events, cap)
    span = min(dt.timedelta(hours=1), widest)
    low = start
    earliest = _earliest(events)
    if earliest is not None and earliest - dt.timedelta(days=1) > start:
        low = earliest - dt.timedelta(days=1)
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
            span = max(span / 4, min(dt.timedelta(minutes=1), widest))
        elif len(batch) < 50:
            span = min(span * 2, widest)
        low = high
    return found, False


# A zone's changes of one observance: listed from (None: from its first), listed until.
Table = tuple[list[dt.datetime], dt.datetime | None, dt.datetime]


def quicken_zones(
    zones: Iterable[Any], since: dt.datetime | None = None, until: dt.datetime = _ONSETS_UNTIL
) -> None:
    """Make the file's own VTIMEZONEs (dateutil's tzical zones) answer in a lookup.

    Outlook writes its zones under Windows names with rules from 1601; dateutil finds the
    offset of each moment by walking every yearly change since then (twice, and again for
    every comparison of two times), which made most of a large import's time. Each zone
    gets the list of its changes up to 2200, and finds the last one before a moment by
    bisection: the same answer (past the list, or for an unusual zone, dateutil is asked).

    With `since` (wall time), a plain yearly rule is listed from that year on only, without
    walking the centuries before (a tenth of a second a zone), and up to `until`; outside,
    dateutil is asked.
    """
    try:
        from dateutil.tz.tz import _tzicalvtz  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - another dateutil
        return
    for zone in zones:
        if not isinstance(zone, _tzicalvtz) or "_find_compdt" in vars(zone):
            continue
        tables: dict[Any, Table] = {}
        try:
            for comp in zone._comps:
                onsets: list[dt.datetime] = []
                listed_until = until
                rule, low = _listed_from(comp.rrule, since)
                for onset in rule:
                    if onset.tzinfo is not None:
                        raise TypeError("an observance with a zone")
                    if onset >= until:
                        break
                    if len(onsets) >= _MAX_ONSETS:
                        listed_until = onsets[-1]  # listed only this far
                        break
                    onsets.append(onset)
                tables[comp] = (onsets, low, listed_until)
        except (*_ERRORS, RecursionError):
            continue
        zone._find_compdt = _finder(zone, tables)


_BY_YEAR = {"bymonth", "byweekday", "bymonthday"}


def _listed_from(rule: Any, since: dt.datetime | None) -> tuple[Any, dt.datetime | None]:
    """An observance's rule (dateutil's rruleset) from the year of `since` on, and where that
    list starts; (rule, None) to list it whole.

    Only a yearly rule whose dates each year are fixed by BYMONTH with BYDAY or BYMONTHDAY
    (every Outlook zone) is started again in that year: its changes from then on are the
    same, and its time of day is kept from its first date.
    """
    if since is None:
        return rule, None
    try:
        (only,) = rule._rrule
        start = only._dtstart
        keys = set(only._original_rule)
        if (
            rule._exrule
            or rule._exdate
            or any(extra >= since for extra in rule._rdate)
            or only._freq != 0  # YEARLY
            or only._interval != 1
            or only._count is not None
            or "bymonth" not in keys
            or not keys & {"byweekday", "bymonthday"}
            or keys - _BY_YEAR
            or start.tzinfo is not None
            or start.year >= since.year
        ):
            return rule, None
        low = dt.datetime(since.year, 1, 1, start.hour, start.minute, start.second)
        return only.replace(dtstart=low), low
    except (*_ERRORS, RecursionError):
        return rule, None


def _finder(zone: Any, tables: dict[Any, Table]) -> Any:
    asked = zone._find_compdt  # dateutil's own: the last onset of `comp` at or before `moment`

    def find_compdt(comp: Any, moment: dt.datetime) -> dt.datetime | None:
        table = tables.get(comp)
        if table is None:
            return asked(comp, moment)
        onsets, low, until = table
        # As dateutil: in the repeated hour, the second pass is read in the later offset.
        if comp.tzoffsetdiff < dt.timedelta(0) and zone._fold(moment):
            moment -= comp.tzoffsetdiff
        if moment >= until or (low is not None and moment < low):
            return comp.rrule.before(moment, inc=True)
        found = bisect.bisect_right(onsets, moment)
        if found:
            return onsets[found - 1]
        # Nothing listed before it: none at all, or (listed from `low`) an earlier one.
        return None if low is None else comp.rrule.before(moment, inc=True)

    return find_compdt


_SAMPLE_STEP = dt.timedelta(days=7)
_LONGEST_CHECK = dt.timedelta(days=100 * 366)


def same_offsets(
    file_zone: dt.tzinfo, olson: dt.tzinfo, first: dt.datetime, last: dt.datetime
) -> bool:
    """Whether a file's own VTIMEZONE and an Olson zone give every instant from `first` to
    `last` (wall times, a day either side) the same UTC offset.

    Outlook's VTIMEZONE for "Eastern Standard Time" carries today's rule back to 1601: it
    agrees with America/New_York from 2007 on, not before. Sampled weekly (no zone changes
    twice within a week); where the file's zone changes, the change is found to the second
    and the Olson zone must change at that same instant. More than a century: not checked.
    """

    def offsets(moment: dt.datetime) -> tuple[Any, Any]:
        return moment.astimezone(file_zone).utcoffset(), moment.astimezone(olson).utcoffset()

    try:
        low = first.replace(tzinfo=UTC) - dt.timedelta(days=1)
        high = last.replace(tzinfo=UTC) + dt.timedelta(days=1)
        if high - low > _LONGEST_CHECK:
            return False
        before, theirs = offsets(low)
        if before != theirs:
            return False
        moment = low
        while moment < high:
            step = min(high, moment + _SAMPLE_STEP)
            ours, theirs = offsets(step)
            if ours != theirs:
                return False
            if ours != before:  # the file's zone changes in (moment, step]: find when
                early, late = moment, step
                while late - early > dt.timedelta(seconds=1):
                    middle = early + (late - early) / 2
                    middle = middle.replace(microsecond=0)
                    if middle <= early:
                        middle = early + dt.timedelta(seconds=1)
                    if offsets(middle)[0] == before:
                        early = middle
                    else:
                        late = middle
                ours_early, theirs_early = offsets(early)
                if ours_early != theirs_early or len(set(offsets(late))) != 1:
                    return False
            before, moment = ours, step
    except (*_ERRORS, RecursionError):
        return False
    return True
