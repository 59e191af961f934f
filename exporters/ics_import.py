"""Meetings from an Outlook or Google Calendar .ics export, as time entries on one duty."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from exporters.ics_checks import (
    BAD_YEAR,
    BROKEN,
    END_BEFORE,
    as_utc,
    check_event,
    event_name,
    expand_series,
    quicken_zones,
    too_frequent,
)
from exporters.ics_fast import presplit
from storage import EntryDraft, EntrySource, TimeEntry, ValidationError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from storage import Store

UTC = dt.UTC
_ERRORS = (ValueError, TypeError, OverflowError, KeyError, IndexError, AttributeError)
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
TOO_FREQUENT = "repeats too often"
CAPPED = "series cut at the repeat cap"
OVER_FILE_CAP = "beyond the file cap"
_ORDER = (
    CANCELLED,
    FREE,
    ALL_DAY,
    NOT_OVER,
    TOO_LONG,
    NO_TIME,
    END_BEFORE,
    BROKEN,
    BAD_YEAR,
    TOO_FREQUENT,
    CAPPED,
    OVER_FILE_CAP,
    OVERLAP,
)

# Bounds on the work one file can ask for: repeats read per series and meetings per file.
SERIES_CAP = 2_000
FILE_CAP = 50_000


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
    notes: list[str] = field(default_factory=list)
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


def _external_uid(event: Any, start_utc: dt.datetime, moved: dict[Any, dt.timedelta]) -> str:
    uid = str(event.get("UID", "")).strip()
    recurrence = event.get("RECURRENCE-ID")
    if recurrence is None:
        return uid or f"no-uid|{start_utc:%Y%m%dT%H%M%SZ}"
    moment = recurrence.dt
    if isinstance(moment, dt.datetime):
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        moment = moment.astimezone(UTC)
        shift = moved.get((uid, moment))
        if shift is not None and start_utc - shift != moment:
            # A later occurrence of a "this and future" change carries the change's
            # RECURRENCE-ID: its own identity is the date the rule gave it.
            moment = start_utc - shift
        return f"{uid}|{moment:%Y%m%dT%H%M%SZ}"
    return f"{uid}|{moment:%Y%m%d}"


def _is_free(event: Any) -> bool:
    if str(event.get("TRANSP", "")).upper() == "TRANSPARENT":
        return True
    busy = str(event.get("X-MICROSOFT-CDO-BUSYSTATUS", "")).upper()
    return busy == "FREE"


def _series(
    calendar: Any,
    events: list[Any],
    start: dt.datetime,
    end: dt.datetime,
    floating: dt.tzinfo,
    budget: int,
    result: _Reading,
) -> list[Any]:
    """Occurrences of one series (all its components share a UID), capped and forgiving."""
    import icalendar

    core = next((e for e in events if e.get("RECURRENCE-ID") is None), events[0])
    sub = icalendar.Calendar()
    for key, value in calendar.property_items(recursive=False):
        if key not in ("BEGIN", "END"):
            sub.add(key, value)
    for component in calendar.subcomponents:
        if component.name == "VTIMEZONE":
            sub.add_component(component)
    for event in events:
        sub.add_component(event)
    cap = min(SERIES_CAP, budget)
    if core.get("DTSTART") is not None and too_frequent(core, start, floating):
        result.notes.append(
            f"skipped {event_name(core)}: repeats too often since too long to expand"
        )
        result.skipped[TOO_FREQUENT] += 1
        return []
    errors = _ERRORS
    try:
        found, capped = expand_series(sub, start, end, cap)
    except (*errors, icalendar.InvalidCalendar):
        if core.get("RRULE") is None and core.get("RDATE") is None:
            result.notes.append(f"skipped {event_name(core)}: its dates cannot be read")
            result.skipped[BROKEN] += 1
            return []
        # Like the reference libraries: a rule that cannot be expanded keeps its first date.
        for key in ("RRULE", "RDATE", "EXRULE", "EXDATE"):
            core.pop(key, None)
        result.notes.append(
            f"repeat rule of {event_name(core)} cannot be expanded: kept the first date only"
        )
        try:
            found, capped = expand_series(sub, start, end, cap)
        except (*errors, icalendar.InvalidCalendar):
            result.notes.append(f"skipped {event_name(core)}: its dates cannot be read")
            result.skipped[BROKEN] += 1
            return []
    if capped and cap == SERIES_CAP:
        result.notes.append(
            f"{event_name(core)} repeats more than {SERIES_CAP:,} times in the period:"
            f" only its first {SERIES_CAP:,} were read"
        )
        result.skipped[CAPPED] += 1
    return found


@dataclass(slots=True)
class _Reading:
    skipped: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)


def _occurrences(
    calendar: Any,
    events: list[Any],
    start: dt.datetime,
    end: dt.datetime,
    floating: dt.tzinfo,
    result: _Reading,
) -> Iterator[Any]:
    """Every event occurrence touching [start, end), at most FILE_CAP of them, one at a time
    (the caller keeps only the meeting it makes of each: a series' copies are not all held).

    Single events are taken as written (their UTC times stay exact, even in the hour that
    repeats when DST ends); only series (RRULE/RDATE, with their moved occurrences) go
    through recurring-ical-events, which applies X-WR-TIMEZONE so a weekly 10:00 stays 10:00.
    """
    series: dict[str, list[Any]] = {}
    for e in events:
        if e.get("RRULE") is not None or e.get("RDATE") is not None or e.get("RECURRENCE-ID"):
            series.setdefault(str(e.get("UID", "")), [])
    taken = 0
    first_day, last_day = start.date(), end.date()
    left = 0
    for event in events:
        uid = str(event.get("UID", ""))
        if uid in series:
            series[uid].append(event)
            continue
        if taken >= FILE_CAP:
            left += 1
            continue
        begin = event.get("DTSTART")
        if begin is None:
            taken += 1
            yield event
            continue
        moment = begin.dt
        if isinstance(moment, dt.datetime):
            instant = _instant(moment, floating)
            assert instant is not None
            if start <= instant < end:
                taken += 1
                yield event
        elif first_day <= moment < last_day:
            taken += 1
            yield event
    for members in series.values():
        budget = FILE_CAP - taken
        if budget <= 0:
            left += 1
            continue
        found = _series(calendar, members, start, end, floating, budget, result)
        taken += len(found)
        yield from found
    if taken >= FILE_CAP:
        result.notes.append(
            f"this file holds more than {FILE_CAP:,} meetings in the period: only the first"
            f" {FILE_CAP:,} were read; import a shorter period (--from/--to) for the rest"
        )
        result.skipped[OVER_FILE_CAP] += max(left, 1)


def read_meetings(
    data: bytes | str,
    *,
    first: dt.date | None,
    last: dt.date | None,
    now: dt.datetime,
    zone: dt.tzinfo,
    notes: list[str] | None = None,
) -> tuple[list[Meeting], Counter[str]]:
    """Event occurrences from `first` to `last` (local days, inclusive) that can be logged.

    Recurring events are expanded (EXDATE, moved occurrences and "this and future" changes
    honoured) with recurring-ical-events, at most SERIES_CAP per series and FILE_CAP in all;
    Google's X-WR-TIMEZONE and Outlook's Windows zone names are understood. An event that
    cannot be read is skipped (and named in `notes`) while the rest imports. Returns the
    meetings, and the skipped ones counted by reason.

    Memory follows the meetings, not the file: it is read line by line keeping only what is
    read of each event (`presplit`: no descriptions, attendees or reminders), and each
    occurrence becomes a Meeting as it is expanded (bench/bench_import_memory.py).
    """
    import icalendar

    reading = _Reading()
    rest, fast = presplit(data)
    calendar = _parse(rest)
    del rest
    floating = zone
    wr_zone = str(calendar.get("X-WR-TIMEZONE", "")).strip()
    if wr_zone:
        try:
            floating = ZoneInfo(wr_zone)
        except (ZoneInfoNotFoundError, ValueError):
            floating = zone
    slow = calendar.walk("VEVENT")
    quicken_zones(_zones(slow))
    events: list[Any] = []
    for event in [*slow, *fast]:
        try:
            reason = check_event(event, floating, reading.notes)
        except (*_ERRORS, icalendar.InvalidCalendar):
            reading.notes.append(f"skipped {event_name(event)}: unreadable")
            reason = BROKEN
        if reason is None:
            events.append(event)
        else:
            reading.skipped[reason] += 1
    today = now.astimezone(zone).date()
    last = last or today
    if first is None:
        starts = [e.get("DTSTART").dt for e in events if e.get("DTSTART") is not None]
        days = [s.date() if isinstance(s, dt.datetime) else s for s in starts]
        first = min(days, default=today)
    start = dt.datetime.combine(first, dt.time(), tzinfo=zone)
    try:
        end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    except OverflowError:
        raise ValidationError("the last day must be before the year 9999") from None
    moved: dict[Any, dt.timedelta] = {}
    for e in events:
        rid = e.get("RECURRENCE-ID")
        if (
            rid is not None
            and str(rid.params.get("RANGE", "")).upper() == "THISANDFUTURE"
            and isinstance(rid.dt, dt.datetime)
            and e.get("DTSTART") is not None
        ):
            original = as_utc(rid.dt, UTC)
            shift = as_utc(e["DTSTART"].dt, floating) - original
            moved[(str(e.get("UID", "")).strip(), original)] = shift
    meetings: list[Meeting] = []
    skipped = reading.skipped
    unreadable: list[str] = []  # listed after the notes of reading the file, as before
    for event in _occurrences(calendar, events, start, end, floating, reading):
        try:
            meeting = _meeting(event, start, end, now, floating, skipped, moved)
        except (*_ERRORS, icalendar.InvalidCalendar):
            unreadable.append(f"skipped {event_name(event)}: unreadable date")
            skipped[BROKEN] += 1
            continue
        if meeting is not None:
            meetings.append(meeting)
    reading.notes.extend(unreadable)
    meetings.sort(key=lambda m: (m.start, m.external_uid))
    if notes is not None:
        notes.extend(reading.notes)
    return meetings, skipped


def _zones(events: list[Any]) -> list[Any]:
    """The time zones the events' times are written in (by identity: some cannot be hashed)."""
    zones: dict[int, Any] = {}
    for event in events:
        for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
            try:
                moment = getattr(event.get(name), "dt", None)
            except _ERRORS:
                continue
            if isinstance(moment, dt.datetime) and moment.tzinfo is not None:
                zones.setdefault(id(moment.tzinfo), moment.tzinfo)
    return list(zones.values())


def _meeting(
    event: Any,
    start: dt.datetime,
    end: dt.datetime,
    now: dt.datetime,
    floating: dt.tzinfo,
    skipped: Counter[str],
    moved: dict[Any, dt.timedelta],
) -> Meeting | None:
    status = str(event.get("STATUS", "")).upper()
    begin = event.get("DTSTART")
    if begin is None:
        skipped[NO_TIME] += 1
        return None
    begin_utc = _instant(begin.dt, floating)
    if status == "CANCELLED":
        skipped[CANCELLED] += 1
        return None
    if begin_utc is None:
        skipped[ALL_DAY] += 1
        return None
    if begin_utc < start or begin_utc >= end:
        return None  # overlapped the period but started outside it
    if _is_free(event):
        skipped[FREE] += 1
        return None
    finish = event.get("DTEND")
    if finish is not None:
        finish_utc = _instant(finish.dt, floating) or begin_utc
    elif event.get("DURATION") is not None:
        finish_utc = begin_utc + event.decoded("DURATION")
    else:
        finish_utc = begin_utc
    if finish_utc > now:
        skipped[NOT_OVER] += 1
        return None
    if finish_utc < begin_utc:
        skipped[END_BEFORE] += 1
        return None
    if finish_utc == begin_utc:
        skipped[NO_TIME] += 1
        return None
    if finish_utc - begin_utc > MAX_MEETING:
        skipped[TOO_LONG] += 1
        return None
    summary = " ".join(_CONTROL.sub(" ", str(event.get("SUMMARY", ""))).split())
    uid = _external_uid(event, begin_utc, moved)
    return Meeting(uid, begin_utc, finish_utc, summary)


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
    notes: list[str] = []
    meetings, skipped = read_meetings(
        data, first=first, last=last, now=now, zone=store.zone, notes=notes
    )
    result = MeetingImport(skipped=skipped, notes=notes)
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
