"""A quick reader for the plain single events of an .ics file (icalendar is slow on
thousands of them); everything else is left for icalendar."""

from __future__ import annotations

import datetime as dt
import re
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
            moment = _fast_time(match[2], value.strip())
            if moment is None:
                return None
            event[name] = _Value(moment)
        else:
            text = _UNESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], value)
            event[name] = text.strip() if name != "SUMMARY" else text
    return event


def presplit(text: str) -> tuple[str, list[FastEvent]]:
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
