"""Meetings from an Outlook or Google Calendar .ics export, as time entries on one duty."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from exporters.ics_changes import (
    ALL_DAY,
    CANCELLED,
    CAPPED,
    FREE,
    MAX_MEETING,
    NO_LENGTH,
    NO_TIME,
    NOT_HELD,
    NOT_OVER,
    OVER_FILE_CAP,
    TOO_FREQUENT,
    TOO_LONG,
    Meeting,
    MeetingImport,
    all_day_by_clock,
    describe,
    event_version,
    newest_only,
    plan,
)
from exporters.ics_checks import (
    BROKEN,
    END_BEFORE,
    as_utc,
    check_event,
    event_name,
    expand_series,
    quicken_zones,
    sub_daily_on_dates,
    too_frequent,
)
from exporters.ics_fast import presplit
from storage import EntryDraft, EntrySource, ValidationError, wording
from storage.i18n import _, ngettext
from storage.models import ImportVersion

if TYPE_CHECKING:
    from collections.abc import Iterator

    from storage import Store

__all__ = ["Meeting", "MeetingImport", "import_meetings", "read_meetings"]

UTC = dt.UTC
_ERRORS = (ValueError, TypeError, OverflowError, KeyError, IndexError, AttributeError)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

# Bounds on the work one file can ask for: repeats read per series and meetings per file.
SERIES_CAP = 2_000
FILE_CAP = 50_000


def _parse(text: str) -> Any:
    import icalendar

    try:
        calendars = icalendar.Calendar.from_ical(text, multiple=True)
    except (ValueError, KeyError, IndexError) as exc:
        raise ValidationError(
            _("this is not a readable .ics file ({error})").format(error=exc)
        ) from None
    if not calendars:
        raise ValidationError(_("this .ics file holds no calendar"))
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


def _excluded(calendar: Any, core: Any, floating: dt.tzinfo, result: _Reading) -> None:
    """The series' EXDATEs in the period, named as their occurrences were when imported."""
    uid = str(core.get("UID", "")).strip()
    values = core.get("EXDATE")
    if not uid or values is None or result.period is None:
        return
    # recurring-ical-events writes a floating RECURRENCE-ID on X-WR-TIMEZONE's clock, and
    # leaves it floating (read as UTC by _external_uid) without one.
    naive = floating if str(calendar.get("X-WR-TIMEZONE", "")).strip() else UTC
    start, end = result.period
    for value in values if isinstance(values, list) else [values]:
        for item in getattr(value, "dts", ()):
            moment = getattr(item, "dt", None)
            if not isinstance(moment, dt.datetime):
                continue
            instant = as_utc(moment, naive)
            if start <= as_utc(moment, floating) < end:
                result.cancelled.setdefault(f"{uid}|{instant:%Y%m%dT%H%M%SZ}", None)


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
            _("skipped {event}: repeats too often since too long to expand").format(
                event=event_name(core)
            )
        )
        result.skipped[TOO_FREQUENT] += 1
        return []
    if sub_daily_on_dates(core):
        result.skipped[ALL_DAY] += 1
        return []
    errors = _ERRORS
    try:
        found, capped = expand_series(sub, start, end, cap)
    except (*errors, icalendar.InvalidCalendar):
        if core.get("RRULE") is None and core.get("RDATE") is None:
            result.notes.append(
                _("skipped {event}: its dates cannot be read").format(event=event_name(core))
            )
            result.skipped[BROKEN] += 1
            return []
        # Like the reference libraries: a rule that cannot be expanded keeps its first date.
        for key in ("RRULE", "RDATE", "EXRULE", "EXDATE"):
            core.pop(key, None)
        result.notes.append(
            _("repeat rule of {event} cannot be expanded: kept the first date only").format(
                event=event_name(core)
            )
        )
        try:
            found, capped = expand_series(sub, start, end, cap)
        except (*errors, icalendar.InvalidCalendar):
            result.notes.append(
                _("skipped {event}: its dates cannot be read").format(event=event_name(core))
            )
            result.skipped[BROKEN] += 1
            return []
    _excluded(calendar, core, floating, result)
    if capped and cap == SERIES_CAP:
        result.notes.append(
            _(
                "{event} repeats more than {cap} times in the period: only its first {cap} were"
                " read"
            ).format(event=event_name(core), cap=wording.grouped(SERIES_CAP))
        )
        result.skipped[CAPPED] += 1
    return found


@dataclass(slots=True)
class _Reading:
    skipped: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    # External uids of occurrences in the period the file cancels: STATUS:CANCELLED with the
    # event's version, or an EXDATE of its series (None: it applies whatever was imported).
    cancelled: dict[str, ImportVersion | None] = field(default_factory=dict)
    period: tuple[dt.datetime, dt.datetime] | None = None
    # Meetings still to come, by external uid: one imported before was moved to a later date.
    ahead: dict[str, dt.datetime] = field(default_factory=dict)


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
            _(
                "this file holds more than {cap} meetings in the period: only the first {cap}"
                " were read; import a shorter period (--from/--to) for the rest"
            ).format(cap=wording.grouped(FILE_CAP))
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
    Google's X-WR-TIMEZONE and Outlook's Windows zone names are understood. Of one event
    written twice (UID and RECURRENCE-ID) the newest version is read. An event that cannot
    be read is skipped (and named in `notes`) while the rest imports. Returns the meetings,
    and the skipped ones counted by reason. Without `last`, meetings up to today are read
    and those still to come (up to the file's last start) are counted as not yet held.

    Memory follows the meetings, not the file: it is read line by line keeping only what is
    read of each event (`presplit`: no descriptions, attendees or reminders), and each
    occurrence becomes a Meeting as it is expanded (bench/bench_import_memory.py).
    """
    meetings, reading = _read(data, first=first, last=last, now=now, zone=zone)
    if notes is not None:
        notes.extend(reading.notes)
    return meetings, reading.skipped


def _read(
    data: bytes | str,
    *,
    first: dt.date | None,
    last: dt.date | None,
    now: dt.datetime,
    zone: dt.tzinfo,
) -> tuple[list[Meeting], _Reading]:
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
            reading.notes.append(_("skipped {event}: unreadable").format(event=event_name(event)))
            reason = BROKEN
        if reason is None:
            events.append(event)
        else:
            reading.skipped[reason] += 1
    events = newest_only(events)
    today = now.astimezone(zone).date()
    starts = [e.get("DTSTART").dt for e in events if e.get("DTSTART") is not None]
    days = [s.date() if isinstance(s, dt.datetime) else s for s in starts]
    ahead = last is None
    last = last or today
    if first is None:
        first = min(days, default=today)
    start = dt.datetime.combine(first, dt.time(), tzinfo=zone)
    try:
        end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=zone)
        # Read on to the file's last start to count the meetings still to come.
        horizon = max(end, dt.datetime.combine(max(days, default=last), dt.time.max, tzinfo=zone))
        horizon = min(horizon, end + dt.timedelta(days=366))
    except OverflowError:
        raise ValidationError(_("the last day must be before the year 9999")) from None
    if not ahead:
        horizon = end
    reading.period = (start.astimezone(UTC), end.astimezone(UTC))
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
    unreadable: list[str] = []  # listed after the notes of reading the file, as before
    for event in _occurrences(calendar, events, start, horizon, floating, reading):
        try:
            meeting = _meeting(event, start, end, now, floating, reading, moved)
        except (*_ERRORS, icalendar.InvalidCalendar):
            unreadable.append(_("skipped {event}: unreadable date").format(event=event_name(event)))
            reading.skipped[BROKEN] += 1
            continue
        if meeting is not None:
            meetings.append(meeting)
    reading.notes.extend(unreadable)
    meetings.sort(key=lambda m: (m.start, m.external_uid))
    return meetings, reading


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
    reading: _Reading,
    moved: dict[Any, dt.timedelta],
) -> Meeting | None:
    skipped = reading.skipped
    status = str(event.get("STATUS", "")).upper()
    begin = event.get("DTSTART")
    if begin is None:
        skipped[NO_TIME] += 1
        return None
    begin_utc = _instant(begin.dt, floating)
    if status == "CANCELLED":
        skipped[CANCELLED] += 1
        if begin_utc is not None and start <= begin_utc < end:
            uid = _external_uid(event, begin_utc, moved)
            reading.cancelled[uid] = event_version(event)
        return None
    if begin_utc is None:
        skipped[ALL_DAY] += 1
        return None
    finish = event.get("DTEND")
    if finish is not None:
        finish_utc = _instant(finish.dt, floating) or begin_utc
    elif event.get("DURATION") is not None:
        finish_utc = begin_utc + event.decoded("DURATION")
    else:
        finish_utc = begin_utc
    if all_day_by_clock(event, begin.dt, finish.dt if finish is not None else None, floating):
        skipped[ALL_DAY] += 1
        return None
    if begin_utc < start:
        return None  # overlapped the period but started before it
    if begin_utc >= end or begin_utc > now:
        if begin_utc > now:
            skipped[NOT_HELD] += 1  # read past the period only to count these
            reading.ahead[_external_uid(event, begin_utc, moved)] = begin_utc
        return None
    if _is_free(event):
        skipped[FREE] += 1
        return None
    if finish_utc > now:
        skipped[NOT_OVER] += 1
        return None
    if finish_utc < begin_utc:
        skipped[END_BEFORE] += 1
        return None
    if finish_utc == begin_utc:
        skipped[NO_LENGTH] += 1
        return None
    if finish_utc - begin_utc > MAX_MEETING:
        skipped[TOO_LONG] += 1
        return None
    summary = " ".join(_CONTROL.sub(" ", str(event.get("SUMMARY", ""))).split())
    uid = _external_uid(event, begin_utc, moved)
    return Meeting(uid, begin_utc, finish_utc, summary, event_version(event))


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
    """Log the finished, busy, timed meetings of an .ics file as time entries on `duty`, and
    apply the file's changes to the meetings imported before (`ics_changes.plan`).

    Idempotent: each occurrence keeps `UID|RECURRENCE-ID in UTC` as its external uid; one
    already imported as the file has it counts as unchanged. A newer version moves or
    retitles its entry, a cancellation removes it, unless it was edited by hand. A meeting
    that overlaps an existing entry (or another meeting of the file) is reported and left
    out, never double-counted. Everything is written in one transaction (one undoable
    change); a dry run writes nothing.

    Raises:
        ValidationError: unreadable file; NotFoundError: unknown duty.
    """
    duty_name = store.duty(duty).name
    meetings, reading = _read(data, first=first, last=last, now=now, zone=store.zone)
    result = MeetingImport(skipped=reading.skipped, notes=reading.notes)
    # One query for the whole file: entries that could overlap, sorted by start.
    existing = []
    if meetings:
        window_start = meetings[0].start - MAX_MEETING
        window_end = max(m.end for m in meetings)
        existing = store.entries_between(window_start, window_end)
        timer = store.running_timer()
        if timer is not None and all(e.id != timer.id for e in existing):
            existing = sorted([*existing, timer], key=lambda e: e.start)
    imported = store.imported_entries()
    plan(result, meetings, reading.cancelled, imported, existing, store.zone)
    for uid, when in reading.ahead.items():
        if uid in imported:
            result.notes.append(
                _("left {entry} as it is: the calendar moved it to {when}, not yet held").format(
                    entry=describe(imported[uid].entry, store.zone),
                    when=wording.day_time(when.astimezone(store.zone)),
                )
            )
    result.written = not dry_run
    if dry_run or not (result.to_import or result.updates or result.removals):
        return result
    drafts = [
        EntryDraft(
            duty=duty_name,
            start=m.start,
            end=m.end,
            note=m.note,
            source=EntrySource.IMPORT,
            external_uid=m.external_uid,
        )
        for m in result.to_import
    ]
    changes = [
        (
            u.entry.entry.id,
            EntryDraft(
                duty=u.entry.entry.duty,
                start=u.meeting.start,
                end=u.meeting.end,
                note=u.meeting.note,
                source=EntrySource.IMPORT,
                external_uid=u.meeting.external_uid,
            ),
            u.meeting.version or ImportVersion(),
        )
        for u in result.updates
    ]
    store.apply_import(
        add=drafts,
        versions=[m.version or ImportVersion() for m in result.to_import],
        change=changes,
        remove=[k.entry.id for k in result.removals],
        label=_label(result),
    )
    return result


def _label(result: MeetingImport) -> str:
    """What undo names the import by."""
    added = len(result.to_import)
    if not (result.updates or result.removals):
        return ngettext("import {count} meeting", "import {count} meetings", added).format(
            count=added
        )
    counts = (
        (added, ngettext("{count} new", "{count} new", added)),
        (result.moved, ngettext("{count} moved", "{count} moved", result.moved)),
        (result.retitled, ngettext("{count} retitled", "{count} retitled", result.retitled)),
        (
            len(result.removals),
            ngettext("{count} removed", "{count} removed", len(result.removals)),
        ),
    )
    parts = ", ".join(text.format(count=count) for count, text in counts if count)
    return _("import meetings ({changes})").format(changes=parts)
