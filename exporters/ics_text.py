"""iCalendar text rules shared by the .ics writers: escaping, folding, stamps and zones."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from zoneinfo import ZoneInfo

UTC = dt.UTC
_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Zulu", "Zulu", "GMT", "Etc/GMT"})


# ---------------------------------------------------------------- text rules (RFC 5545 §3.1, §3.3.11)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def clean(value: str) -> str:
    """Text with line ends made `\\n` and every other control character removed."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(value) is None:
        return value
    return _CONTROL.sub("", value)


def escape_text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 says (backslash, semicolon, comma, newline)."""
    value = clean(value)
    # chained str.replace runs in C: several times faster than str.translate with a dict
    if "\\" in value:
        value = value.replace("\\", "\\\\")
    return value.replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n").replace("\t", " ")


def fold_line(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character (CRLF + space)."""
    if len(line) <= 75 and (len(line) <= 18 or line.isascii()):
        return line
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    pieces = []
    start, limit = 0, 75
    while len(raw) - start > limit:
        end = start + limit
        while raw[end] & 0xC0 == 0x80:  # a continuation byte: step back to the character start
            end -= 1
        pieces.append(raw[start:end])
        start, limit = end, 74  # the leading space of a continuation line counts
    pieces.append(raw[start:])
    return b"\r\n ".join(pieces).decode("utf-8")


def utc_stamp(instant: dt.datetime) -> str:
    return local_stamp(instant.astimezone(UTC)) + "Z"


def local_stamp(m: dt.datetime) -> str:
    # f-string fields are much faster than strftime, which matters at thousands of events
    return f"{m.year:04d}{m.month:02d}{m.day:02d}T{m.hour:02d}{m.minute:02d}{m.second:02d}"


def date_stamp(d: dt.date) -> str:
    return f"{d.year:04d}{d.month:02d}{d.day:02d}"


def is_utc(zone_name: str) -> bool:
    return zone_name in _UTC_NAMES


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def dt_prop(name: str, zone_name: str, wall: dt.datetime) -> str:
    """`DTSTART;TZID=…:local` for a named zone, `DTSTART:…Z` for UTC."""
    if is_utc(zone_name):
        return f"{name}:{local_stamp(wall)}Z"
    line = f"{name};TZID={zone_name}:{local_stamp(wall)}"
    return line if len(line) <= 75 else fold_line(line)


def plus_minutes(wall: dt.datetime, zone_name: str, minutes: int) -> dt.datetime:
    """The wall-clock time `minutes` of real time after `wall` (right across DST changes)."""
    if is_utc(zone_name):
        return wall + dt.timedelta(minutes=minutes)
    tz = zone(zone_name)
    later = wall.replace(tzinfo=tz).astimezone(UTC) + dt.timedelta(minutes=minutes)
    return later.astimezone(tz).replace(tzinfo=None)
