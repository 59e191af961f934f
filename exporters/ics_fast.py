"""A quick reader for the plain single events of an .ics file (icalendar is slow on
thousands of them); everything else is left for icalendar."""

from __future__ import annotations

import codecs
import datetime as dt
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = dt.UTC


class _Value:
    """What icalendar's parsed date properties offer that we read: `.dt`."""

    __slots__ = ("dt",)

    def __init__(self, value: dt.date | dt.datetime) -> None:
        self.dt = value


class FastEvent(dict[str, Any]):
    """A plain single event read without icalendar (same `.get` answers as an icalendar Event)."""

    __slots__ = ("zone_names",)

    def __init__(self) -> None:
        super().__init__()
        # DTSTART/DTEND written in a zone only the whole file can name (its VTIMEZONE, or a
        # Windows name): their times wait, without a zone, until the file is read.
        self.zone_names: dict[str, str] = {}


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
    # Which version of an event wins on re-import (kept as text), and Outlook's all-day flag.
    "SEQUENCE",
    "LAST-MODIFIED",
    "DTSTAMP",
    "X-MICROSOFT-CDO-ALLDAYEVENT",
}
_SERIES_PROPS = {"RRULE", "RDATE", "RECURRENCE-ID", "DURATION", "EXRULE"}


@lru_cache(maxsize=64)
def _iana(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _fast_time(params: str, value: str) -> tuple[dt.date | dt.datetime, str | None] | None:
    """A DTSTART/DTEND value, and the TZID still to find when it is no Olson name (a Windows
    name, or one the file's VTIMEZONE defines); None when icalendar must read it."""
    found = dict(_PARAM.findall(params))
    try:
        if found.get("VALUE", "").upper() == "DATE" or len(value) == 8:
            return dt.datetime.strptime(value, "%Y%m%d").date(), None
        moment = dt.datetime.strptime(value.rstrip("Zz"), "%Y%m%dT%H%M%S")
    except ValueError:
        return None
    if value[-1:] in "Zz":
        return moment.replace(tzinfo=UTC), None
    tzid = found.get("TZID")
    if tzid is None:
        return moment, None  # floating: read in X-WR-TIMEZONE or the store's zone
    tzid = tzid.strip('"')
    zone = _iana(tzid)
    return (moment.replace(tzinfo=zone), None) if zone else (moment, tzid)


def _fast_event(lines: list[str]) -> FastEvent | None:
    event = FastEvent()
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
            read = _fast_time(match[2], value.strip())
            if read is None:
                return None
            event[name] = _Value(read[0])
            if read[1] is not None:
                event.zone_names[name] = read[1]
        else:
            text = _UNESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], value)
            event[name] = text.strip() if name != "SUMMARY" else text
    return event


def _file_zones(blocks: list[str], since: dt.datetime, until: dt.datetime) -> dict[str, Any]:
    """The file's VTIMEZONEs by TZID, read as icalendar reads them (dateutil zones, the first
    of a name wins) and made to answer by lookup from `since` to `until`; one it cannot read
    is left out."""
    import icalendar

    from exporters.ics_checks import quicken_zones

    zones: dict[str, Any] = {}
    for text in blocks:
        try:
            component = icalendar.Timezone.from_ical(text)
            name = component.tz_name.strip("/")
            if name not in zones:
                zones[name] = component.to_tz(lookup_tzid=False)
        except Exception:  # whatever fails here, icalendar reads those events as before
            continue
    quicken_zones(zones.values(), since, until)
    return zones


def _zones_of(
    tzid: str, file_zones: dict[str, Any], first: dt.datetime, last: dt.datetime
) -> tuple[dt.tzinfo | None, ZoneInfo | None]:
    """The zone icalendar gives a TZID that is no Olson name, and an Olson zone that answers
    alike (quicker than a VTIMEZONE) for wall times from `first` to `last`.

    As icalendar: the file's own VTIMEZONE of that name first, else the Olson zone of a
    Windows name (CLDR's table, which icalendar ships); (None, None) for a name neither
    knows (icalendar reads those events). The Olson zone stands in for the file's VTIMEZONE
    only where both give the same offsets over those dates (`same_offsets`).
    """
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    from exporters.ics_checks import same_offsets

    name = tzid.strip("/")
    olson = WINDOWS_TO_OLSON.get(name)
    quick = _iana(olson) if olson else None
    own = file_zones.get(name)
    if own is None:
        return quick, None
    if quick is not None and same_offsets(own, quick, first, last):
        return own, quick
    return own, None


def _once(moment: dt.datetime, zone: ZoneInfo) -> bool:
    """Whether the wall time happens exactly once in the zone (not skipped nor repeated,
    where an Olson zone and a VTIMEZONE may read it differently)."""
    return (
        moment.replace(tzinfo=zone).utcoffset() == moment.replace(tzinfo=zone, fold=1).utcoffset()
    )


def _place(
    events: list[tuple[FastEvent | None, str]], blocks: list[str], slow_uids: set[str]
) -> None:
    """Give the times waiting for a zone (`FastEvent.zone_names`) their zone, now that every
    VTIMEZONE of the file is read; an event whose zone cannot be named goes to icalendar."""
    waiting = [n for n, (event, _) in enumerate(events) if event is not None and event.zone_names]
    if not waiting:
        return
    spans: dict[str, tuple[dt.datetime, dt.datetime]] = {}
    for n in waiting:
        event = events[n][0]
        assert event is not None
        for name, tzid in event.zone_names.items():
            moment = event[name].dt
            low, high = spans.get(tzid, (moment, moment))
            spans[tzid] = (min(low, moment), max(high, moment))
    year = dt.timedelta(days=366)
    first = min(low for low, _ in spans.values())
    last = max(high for _, high in spans.values())
    # (A year 1 or 9999 is refused later, by check_event: it must not overflow here first.)
    since = first - year if first - dt.datetime.min > year else dt.datetime.min
    until = last + year if dt.datetime.max - last > year else dt.datetime.max
    file_zones = _file_zones(blocks, since, until)
    zones = {tzid: _zones_of(tzid, file_zones, *span) for tzid, span in spans.items()}
    for n in waiting:
        event, text = events[n]
        assert event is not None
        for name, tzid in event.zone_names.items():
            zone, quick = zones[tzid]
            if zone is None:
                slow_uids.add(str(event.get("UID", "")).strip())
                events[n] = (None, text)
                break
            moment = event[name].dt
            if quick is not None and _once(moment, quick):
                zone = quick
            event[name] = _Value(moment.replace(tzinfo=zone))
        else:
            event.zone_names.clear()


# What the importer reads of an event (and what recurring-ical-events reads to expand a series):
# every other property of an event (descriptions, HTML bodies, attendees, attachments) is
# dropped while the file is split, as are its reminders, so they are never held or parsed.
_KEEP = _FAST_PROPS | _SERIES_PROPS | {"EXDATE", "SEQUENCE"}
_NAME = re.compile(r"[A-Za-z0-9-]+")


def _physical_lines(data: bytes | str) -> Iterator[str]:
    """The file's lines one at a time (CRLF, LF or CR), bytes decoded line by line: the whole
    text is never copied (a 50 MB export stays 50 MB)."""
    if isinstance(data, bytes):
        start = 3 if data.startswith(codecs.BOM_UTF8) else 0
        head = data[start : start + 100_000].decode("utf-8", errors="replace")
    else:
        start, head = 0, data[:100_000]
    if "BEGIN:VCALENDAR" not in head.upper():
        # Bare events: wrap them (rare, so the copy made by strip() does not matter).
        yield "BEGIN:VCALENDAR"
        yield "VERSION:2.0"
        text = data[start:].decode("utf-8", errors="replace") if isinstance(data, bytes) else data
        yield from _physical_lines_of(text.strip() + "\r\nEND:VCALENDAR\r\n", 0)
        return
    yield from _physical_lines_of(data, start)


_CHUNK = 1 << 16


def _physical_lines_of(data: bytes | str, start: int) -> Iterator[str]:
    # 64 kB at a time, cut at a newline (a byte never inside a UTF-8 character):
    # a line at a time cost Outlook's exports, with their many short lines, a third more.
    newline: Any = b"\n" if isinstance(data, bytes) else "\n"
    size = len(data)
    while start <= size:
        end = data.find(newline, min(start + _CHUNK, size))
        if end < 0:
            end = size
        piece = data[start:end]
        start = end + 1
        text = piece.decode("utf-8", errors="replace") if isinstance(piece, bytes) else piece
        for line in text.split("\n"):
            if line.endswith("\r"):
                line = line[:-1]
            if "\r" in line:
                yield from line.split("\r")
            else:
                yield line


def _logical_lines(data: bytes | str) -> Iterator[str]:
    """Content lines with their folds undone (a line starting with a space or a tab goes on
    the one before it)."""
    parts: list[str] | None = None
    for line in _physical_lines(data):
        if parts is not None and line[:1] in (" ", "\t") and line:
            parts.append(line[1:])
            continue
        if parts is not None:
            yield "".join(parts)
        parts = [line]
    if parts is not None:
        yield "".join(parts)


def _unread(line: str) -> bool:
    """A well-formed property line of an event that the importer never reads."""
    name = _NAME.match(line)
    return (
        name is not None
        and name[0].upper() not in _KEEP
        and line[name.end() : name.end() + 1] in (";", ":")
        and _LINE.match(line) is not None
    )


def presplit(data: bytes | str) -> tuple[str, list[FastEvent]]:
    """Plain single events read directly (icalendar is slow on thousands of them); the rest
    of the file (header, VTIMEZONEs, series and unusual events) is returned for icalendar.

    Streams: the file is read line by line, each event is kept only as what the importer
    reads of it (see _KEEP; reminders dropped), and components that are not events or time
    zones (to-dos, journals, free/busy) are dropped unless an event is nested inside.
    """
    rest: list[str] = []
    events: list[tuple[FastEvent | None, str]] = []  # each event: read directly, or its text
    slow_uids: set[str] = set()
    block: list[str] | None = None  # the event being read
    alarm: list[str] | None = None  # a reminder inside it, dropped once it closes
    other: list[str] | None = None  # another component at the top, dropped once it closes
    zone: list[str] | None = None  # a VTIMEZONE being read (kept in `rest` too)
    zone_blocks: list[str] = []
    depth = 0
    for line in _logical_lines(data):
        upper = line[:12].upper()
        if block is not None:
            if upper.startswith("BEGIN:"):
                depth += 1
            elif upper.startswith("END:"):
                depth -= 1
            if alarm is not None:
                alarm.append(line)
                if depth == 2:
                    if line[:11].upper() != "END:VALARM":
                        block.extend(alarm)  # not a reminder after all: keep it as written
                    alarm = None
                continue
            if depth == 3 and line[:13].upper() == "BEGIN:VALARM":
                alarm = [line]
                continue
            if depth != 2 or upper.startswith(("BEGIN:", "END:")) or not _unread(line):
                block.append(line)
            if depth == 1:
                event = _fast_event(block)
                if event is None:
                    slow_uids.update(
                        item[4:].strip() for item in block if item[:4].upper() == "UID:"
                    )
                events.append((event, "\r\n".join(block)))
                block = None
            continue
        if other is not None:
            if upper.startswith("BEGIN:"):
                depth += 1
            elif upper.startswith("END:"):
                depth -= 1
            other.append(line)
            if depth == 1:
                closed = line.strip().upper() == "END:" + other[0][6:].strip().upper()
                if not closed or any(item[:12].upper() == "BEGIN:VEVENT" for item in other):
                    rest.extend(other)  # an event inside, or not closed by its own END
                other = None
            continue
        if upper == "BEGIN:VEVENT" and depth == 1:
            block = [line]
            depth += 1
            continue
        if upper.startswith("BEGIN:"):
            if depth == 1 and line[:16].upper().rstrip() != "BEGIN:VTIMEZONE":
                other = [line]
                depth += 1
                continue
            if depth == 1:
                zone = []
            depth += 1
        elif upper.startswith("END:"):
            depth -= 1
        rest.append(line)
        if zone is not None:
            zone.append(line)
            if depth == 1:
                zone_blocks.append("\r\n".join(zone) + "\r\n")
                zone = None
    if other is not None:
        rest.extend(other)  # never closed: icalendar reads it as written
    # (An event never closed is left out, reminders and all, as icalendar would not end it.)
    # Times in a Windows zone or the file's own VTIMEZONE get their zone now that every
    # VTIMEZONE is read (Outlook's exports: all of their events).
    _place(events, zone_blocks, slow_uids)
    # An event sharing its UID with a series (or an unusual event) goes with it to icalendar.
    kept: list[FastEvent] = []
    slow: list[str] = []
    for event, text in events:
        if event is None or str(event.get("UID", "")).strip() in slow_uids:
            slow.append(text)
        else:
            kept.append(event)
    while rest and not rest[-1].strip():
        rest.pop()
    tail = rest.pop() if rest and rest[-1].upper() == "END:VCALENDAR" else None
    rest.extend(slow)
    if tail is not None:
        rest.append(tail)
    return "\r\n".join(rest) + "\r\n", kept
