"""Meetings from an Outlook or Google Calendar .ics export, as time entries on one duty."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from storage import EntryDraft, EntrySource, TimeEntry, ValidationError

if TYPE_CHECKING:
    from storage import Store

UTC = dt.UTC
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
MAX_MEETING = dt.timedelta(hours=24)

# Reasons an event is not imported, in the order the summary lists them.
CANCELLED = "cancelled"
FREE = "free"
ALL_DAY = "all-day"
NOT_OVER = "not over yet"
TOO_LONG = "longer than 24 h"
NO_TIME = "no start time"
OVERLAP = "overlaps an entry"
_ORDER = (CANCELLED, FREE, ALL_DAY, NOT_OVER, TOO_LONG, NO_TIME, OVERLAP)


@dataclass(frozen=True, slots=True)
class Meeting:
    """One occurrence of a calendar event, ready to become a time entry."""

    external_uid: str
    start: dt.datetime
    end: dt.datetime
    summary: str


@dataclass(slots=True)
class MeetingImport:
    """What an import did (or, in a dry run, would do)."""

    to_import: list[Meeting] = field(default_factory=list)
    present: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    overlaps: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def imported(self) -> int:
        return len(self.to_import)

    def summary(self) -> str:
        """One line: imported N, already present K, skipped M (and why)."""
        verb = "imported" if self.written else "would import"
        total = sum(self.skipped.values())
        line = f"{verb} {self.imported}, already present {self.present}, skipped {total}"
        if total:
            reasons = ", ".join(f"{self.skipped[r]} {r}" for r in _ORDER if self.skipped[r])
            line += f" ({reasons})"
        return line


class _Value:
    """What icalendar's parsed date properties offer that we read: `.dt`."""

    __slots__ = ("dt",)

    def __init__(self, value: dt.date | dt.datetime) -> None:
        self.dt = value


class _FastEvent(dict[str, Any]):
    """A plain single event read without icalendar (same `.get` answers as an icalendar Event)."""


_LINE = re.compile(r'([A-Za-z0-9-]+)((?:;(?:[^";:]|"[^"]*")*)*):(.*)', re.DOTALL)
_PARAM = re.compile(r';([A-Za-z0-9-]+)=("[^"]*"|[^;]*)')
_UNESCAPE = re.compile(r"\\([\\;,nN])")
_FAST_PROPS = {
    "UID",
    "DTSTART",
    "DTEND",
    "STATUS",
    "TRANSP",
    "X-MICROSOFT-CDO-BUSYSTATUS",
    "SUMMARY",
}
_SERIES_PROPS = {"RRULE", "RDATE", "RECURRENCE-ID", "DURATION", "EXRULE"}


@lru_cache(maxsize=64)
def _iana(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _fast_time(params: str, value: str) -> dt.date | dt.datetime | None:
    """A DTSTART/DTEND value, or None when icalendar must read it (e.g. a Windows zone name)."""
    found = dict(_PARAM.findall(params))
    try:
        if found.get("VALUE", "").upper() == "DATE" or len(value) == 8:
            return dt.datetime.strptime(value, "%Y%m%d").date()
        moment = dt.datetime.strptime(value.rstrip("Zz"), "%Y%m%dT%H%M%S")
    except ValueError:
        return None
    if value[-1:] in "Zz":
        return moment.replace(tzinfo=UTC)
    tzid = found.get("TZID")
    if tzid is None:
        return moment  # floating: read in X-WR-TIMEZONE or the store's zone
    zone = _iana(tzid.strip('"'))
    return moment.replace(tzinfo=zone) if zone else None


def _fast_event(lines: list[str]) -> _FastEvent | None:
    event = _FastEvent()
    depth = 0
    for line in lines[1:-1]:
        upper = line[:6].upper()
        if upper == "BEGIN:":
            depth += 1
            continue
        if upper[:4] == "END:":
            depth -= 1
            continue
        if depth:
            continue  # an alarm inside the event
        match = _LINE.match(line)
        if match is None:
            return None
        name = match[1].upper()
        if name in _SERIES_PROPS:
            return None
        if name not in _FAST_PROPS or name in event:
            continue
        value = match[3]
        if name in ("DTSTART", "DTEND"):
            moment = _fast_time(match[2], value.strip())
            if moment is None:
                return None
            event[name] = _Value(moment)
        else:
            text = _UNESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], value)
            event[name] = text.strip() if name != "SUMMARY" else text
    return event


def _presplit(text: str) -> tuple[str, list[_FastEvent]]:
    """Plain single events read directly (icalendar is slow on thousands of them); the rest
    of the file (header, VTIMEZONEs, series and unusual events) is returned for icalendar."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\n ", "").replace("\n\t", "")
    rest: list[str] = []
    blocks: list[list[str]] = []
    block: list[str] | None = None
    depth = 0
    for line in text.split("\n"):
        upper = line[:12].upper()
        if block is not None:
            block.append(line)
            if upper.startswith("BEGIN:"):
                depth += 1
            elif upper.startswith("END:"):
                depth -= 1
                if depth == 1:
                    blocks.append(block)
                    block = None
            continue
        if upper == "BEGIN:VEVENT" and depth == 1:
            block = [line]
            depth += 1
            continue
        if upper.startswith("BEGIN:"):
            depth += 1
        elif upper.startswith("END:"):
            depth -= 1
        rest.append(line)
    parsed = [(lines, _fast_event(lines)) for lines in blocks]
    slow_uids = {
        line[4:].strip()
        for lines, event in parsed
        if event is None
        for line in lines
        if line[:4].upper() == "UID:"
    }
    # An event sharing its UID with a series (or an unusual event) goes with it to icalendar.
    fast = [
        e for _, e in parsed if e is not None and str(e.get("UID", "")).strip() not in slow_uids
    ]
    slow = [lines for lines, e in parsed if e is None or str(e.get("UID", "")).strip() in slow_uids]
    while rest and not rest[-1].strip():
        rest.pop()
    tail = rest.pop() if rest and rest[-1].upper() == "END:VCALENDAR" else None
    out = rest + [line for lines in slow for line in lines]
    if tail is not None:
        out.append(tail)
    return "\r\n".join(out) + "\r\n", fast


def _parse(text: str) -> Any:
    import icalendar

    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except (ValueError, KeyError, IndexError) as exc:
        raise ValidationError(f"this is not a readable .ics file ({exc})") from None
    if not calendars:
        raise ValidationError("this .ics file holds no calendar")
    return calendars[0]


def _instant(value: Any, zone: dt.tzinfo) -> dt.datetime | None:
    """An aware instant, or None for a date (all-day). Floating times are read in `zone`."""
    if not isinstance(value, dt.datetime):
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(UTC)


def _external_uid(event: Any, start_utc: dt.datetime) -> str:
    uid = str(event.get("UID", "")).strip()
    recurrence = event.get("RECURRENCE-ID")
    if recurrence is None:
        return uid or f"no-uid|{start_utc:%Y%m%dT%H%M%SZ}"
    moment = recurrence.dt
    if isinstance(moment, dt.datetime):
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return f"{uid}|{moment.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    return f"{uid}|{moment:%Y%m%d}"


def _is_free(event: Any) -> bool:
    if str(event.get("TRANSP", "")).upper() == "TRANSPARENT":
        return True
    busy = str(event.get("X-MICROSOFT-CDO-BUSYSTATUS", "")).upper()
    return busy == "FREE"


def _occurrences(
    calendar: Any,
    fast: list[_FastEvent],
    start: dt.datetime,
    end: dt.datetime,
    floating: dt.tzinfo,
) -> Any:
    """Every event occurrence touching [start, end).

    Single events are taken as written (their UTC times stay exact, even in the hour that
    repeats when DST ends); only series (RRULE/RDATE, with their moved occurrences) go
    through recurring-ical-events, which applies X-WR-TIMEZONE so a weekly 10:00 stays 10:00.
    """
    import icalendar
    import recurring_ical_events

    events = list(calendar.walk("VEVENT"))
    series_uids = {
        str(e.get("UID", ""))
        for e in events
        if e.get("RRULE") is not None or e.get("RDATE") is not None or e.get("RECURRENCE-ID")
    }
    first_day, last_day = start.date(), end.date()
    for event in [*events, *fast]:
        if str(event.get("UID", "")) in series_uids:
            continue
        begin = event.get("DTSTART")
        if begin is None:
            yield event
            continue
        moment = begin.dt
        if isinstance(moment, dt.datetime):
            instant = _instant(moment, floating)
            assert instant is not None
            if start <= instant < end:
                yield event
        elif first_day <= moment < last_day:
            yield event
    if not series_uids:
        return
    sub = icalendar.Calendar()
    for key, value in calendar.property_items(recursive=False):
        if key not in ("BEGIN", "END"):
            sub.add(key, value)
    for component in calendar.subcomponents:
        if component.name == "VTIMEZONE" or (
            component.name == "VEVENT" and str(component.get("UID", "")) in series_uids
        ):
            sub.add_component(component)
    try:
        yield from recurring_ical_events.of(sub, skip_bad_series=True).between(start, end)
    except (ValueError, TypeError) as exc:
        raise ValidationError(f"cannot expand the events of this .ics file ({exc})") from None


def read_meetings(
    data: bytes | str,
    *,
    first: dt.date | None,
    last: dt.date | None,
    now: dt.datetime,
    zone: dt.tzinfo,
) -> tuple[list[Meeting], Counter[str]]:
    """Event occurrences from `first` to `last` (local days, inclusive) that can be logged.

    Recurring events are expanded (EXDATE and moved occurrences honoured) with
    recurring-ical-events; Google's X-WR-TIMEZONE and Outlook's Windows zone names are
    understood. Returns the meetings, and the skipped ones counted by reason.
    """
    text = data.decode("utf-8-sig", errors="replace") if isinstance(data, bytes) else data
    rest, fast = _presplit(text)
    calendar = _parse(rest)
    today = now.astimezone(zone).date()
    last = last or today
    if first is None:
        starts = [
            e.get("DTSTART").dt
            for e in [*calendar.walk("VEVENT"), *fast]
            if e.get("DTSTART") is not None
        ]
        days = [s.date() if isinstance(s, dt.datetime) else s for s in starts]
        first = min(days, default=today)
    start = dt.datetime.combine(first, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    floating = zone
    wr_zone = str(calendar.get("X-WR-TIMEZONE", "")).strip()
    if wr_zone:
        try:
            floating = ZoneInfo(wr_zone)
        except (ZoneInfoNotFoundError, ValueError):
            floating = zone
    occurrences = list(_occurrences(calendar, fast, start, end, floating))
    meetings: list[Meeting] = []
    skipped: Counter[str] = Counter()
    for event in occurrences:
        status = str(event.get("STATUS", "")).upper()
        begin = event.get("DTSTART")
        if begin is None:
            skipped[NO_TIME] += 1
            continue
        begin_utc = _instant(begin.dt, floating)
        if status == "CANCELLED":
            skipped[CANCELLED] += 1
            continue
        if begin_utc is None:
            skipped[ALL_DAY] += 1
            continue
        if begin_utc < start or begin_utc >= end:
            continue  # overlapped the period but started outside it
        if _is_free(event):
            skipped[FREE] += 1
            continue
        finish = event.get("DTEND")
        if finish is not None:
            finish_utc = _instant(finish.dt, floating) or begin_utc
        elif event.get("DURATION") is not None:
            finish_utc = begin_utc + event.decoded("DURATION")
        else:
            finish_utc = begin_utc
        if finish_utc > now:
            skipped[NOT_OVER] += 1
            continue
        if finish_utc <= begin_utc:
            skipped[NO_TIME] += 1
            continue
        if finish_utc - begin_utc > MAX_MEETING:
            skipped[TOO_LONG] += 1
            continue
        summary = " ".join(_CONTROL.sub(" ", str(event.get("SUMMARY", ""))).split())
        meetings.append(Meeting(_external_uid(event, begin_utc), begin_utc, finish_utc, summary))
    meetings.sort(key=lambda m: (m.start, m.external_uid))
    return meetings, skipped


def _clashes(
    existing: list[TimeEntry], starts: list[dt.datetime], meeting: Meeting
) -> list[TimeEntry]:
    """Entries (finished or running) sharing time with `meeting`; entries last ≤ 24 h."""
    low = bisect.bisect_left(starts, meeting.start - MAX_MEETING)
    high = bisect.bisect_left(starts, meeting.end)
    return [e for e in existing[low:high] if e.end is None or e.end > meeting.start]


def import_meetings(
    store: Store,
    data: bytes | str,
    *,
    duty: str = "meetings",
    first: dt.date | None = None,
    last: dt.date | None = None,
    now: dt.datetime,
    dry_run: bool = False,
) -> MeetingImport:
    """Log the finished, busy, timed meetings of an .ics file as time entries on `duty`.

    Idempotent: each occurrence keeps `UID|RECURRENCE-ID in UTC` as its external uid, and one
    already in the database counts as present. A meeting that overlaps an existing entry (or
    another meeting of the file) is reported and left out, never double-counted. Everything
    is written in one transaction (one undoable change); a dry run writes nothing.

    Raises:
        ValidationError: unreadable file; NotFoundError: unknown duty.
    """
    duty_name = store.duty(duty).name
    meetings, skipped = read_meetings(data, first=first, last=last, now=now, zone=store.zone)
    result = MeetingImport(skipped=skipped)
    known = {e.external_uid for e in store.all_entries() if e.external_uid}
    accepted: list[Meeting] = []
    seen: set[str] = set()
    latest: Meeting | None = None
    # One query for the whole file: entries that could overlap, sorted by start.
    existing: list[TimeEntry] = []
    if meetings:
        window_start = meetings[0].start - MAX_MEETING
        window_end = max(m.end for m in meetings)
        existing = store.entries_between(window_start, window_end)
        timer = store.running_timer()
        if timer is not None and all(e.id != timer.id for e in existing):
            existing = sorted([*existing, timer], key=lambda e: e.start)
    starts = [e.start for e in existing]
    for meeting in meetings:
        if meeting.external_uid in known:
            result.present += 1
            continue
        if meeting.external_uid in seen:
            continue  # the same occurrence twice in one file
        seen.add(meeting.external_uid)
        clash = _clashes(existing, starts, meeting)
        local = meeting.start.astimezone(store.zone)
        if clash:
            names = ", ".join(f"#{o.id} {o.duty}" for o in clash)
            result.overlaps.append(
                f"{local:%Y-%m-%d %H:%M} {meeting.summary or '(no title)'}: {names}"
            )
            skipped[OVERLAP] += 1
            continue
        # Meetings come sorted by start: only the latest-ending accepted one can overlap.
        twin = latest
        if twin is not None and meeting.start < twin.end:
            result.overlaps.append(
                f"{local:%Y-%m-%d %H:%M} {meeting.summary or '(no title)'}:"
                f" {twin.summary or '(no title)'} in the same file"
            )
            skipped[OVERLAP] += 1
            continue
        accepted.append(meeting)
        if latest is None or meeting.end > latest.end:
            latest = meeting
    result.to_import = accepted
    if dry_run or not accepted:
        result.written = not dry_run
        return result
    drafts = [
        EntryDraft(
            duty=duty_name,
            start=m.start,
            end=m.end,
            note=m.summary[:2000],
            source=EntrySource.IMPORT,
            external_uid=m.external_uid,
        )
        for m in accepted
    ]
    label = f"import {len(drafts)} meeting{'s' if len(drafts) != 1 else ''}"
    store.add_entries(drafts, label=label)
    result.written = True
    return result
