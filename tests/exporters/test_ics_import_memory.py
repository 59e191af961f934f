"""A large .ics is read in bounded memory: the file is split line by line, each event is kept
only as what the importer reads of it, occurrences become meetings one at a time, and a file's
own VTIMEZONEs answer by lookup (bench/bench_import_memory.py measures the whole process)."""

from __future__ import annotations

import datetime as dt
import io
import tracemalloc

import pytest
from dateutil import tz as dateutil_tz

from exporters.ics_checks import quicken_zones
from exporters.ics_fast import presplit
from exporters.ics_import import read_meetings

NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)
UTC = dt.UTC

# As Outlook writes them: Windows names, observances from 1601.
EASTERN = """BEGIN:VTIMEZONE
TZID:Eastern Standard Time
BEGIN:STANDARD
DTSTART:16011104T020000
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010311T020000
RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
END:DAYLIGHT
END:VTIMEZONE"""
# An old Outlook name, and a change of rule in 2007 (an UNTIL, then a new observance).
OLD_RULES = """BEGIN:VTIMEZONE
TZID:(UTC-05:00) Eastern Time (US & Canada)
BEGIN:STANDARD
DTSTART:19671029T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10;UNTIL=20061029T060000Z
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19870405T020000
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4;UNTIL=20060402T070000Z
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
END:DAYLIGHT
BEGIN:STANDARD
DTSTART:20071104T020000
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:20070311T020000
RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
END:DAYLIGHT
BEGIN:DAYLIGHT
DTSTART:19850101T000000
RDATE:19850428T020000,19860427T020000
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
END:DAYLIGHT
END:VTIMEZONE"""


def _zone(text: str) -> dateutil_tz.tzical:
    return dateutil_tz.tzical(io.StringIO(text)).get()


def _moments() -> list[dt.datetime]:
    """The night hours of every day that can hold a change (both passes of the repeated hour)
    in the years of the rule changes and today's, noon each day, moments before the first
    observance and far past the listed changes."""
    out = [dt.datetime(1601, 1, 1), dt.datetime(1900, 6, 1, 12), dt.datetime(2250, 11, 2, 1, 30)]
    for year in [*range(1984, 1989), *range(2005, 2009), *range(2024, 2031)]:
        for month, first in ((3, 8), (4, 1), (4, 24), (10, 25), (11, 1)):
            for day in range(first, first + 7):
                for minutes in [*range(0, 4 * 60, 30), 12 * 60]:
                    moment = dt.datetime(year, month, day) + dt.timedelta(minutes=minutes)
                    out += [moment, moment.replace(fold=1)]
    return out


@pytest.mark.parametrize("text", [EASTERN, OLD_RULES], ids=["1601", "rule-changes"])
def test_a_quickened_zone_answers_as_dateutil_does(text: str) -> None:
    slow, quick = _zone(text), _zone(text)
    quicken_zones([quick])
    assert "_find_compdt" in vars(quick)
    for naive in _moments():
        a, b = naive.replace(tzinfo=slow), naive.replace(tzinfo=quick)
        assert (a.utcoffset(), a.dst(), a.tzname()) == (b.utcoffset(), b.dst(), b.tzname()), naive
        assert a.astimezone(UTC) == b.astimezone(UTC)


def test_quickening_leaves_other_zones_alone() -> None:
    zones = [UTC, dateutil_tz.tzoffset("X", 3600), dt.timezone(dt.timedelta(hours=2))]
    quicken_zones(zones)  # not tzical zones: nothing to do, nothing raised
    assert all("_find_compdt" not in vars(z) for z in zones if hasattr(z, "__dict__"))


def _outlook_event(n: int, *extra: str) -> str:
    day = dt.date(2026, 1, 5) + dt.timedelta(days=n)
    return "\r\n".join(
        [
            "BEGIN:VEVENT",
            f"UID:outlook-{n}",
            f'DTSTART;TZID="Eastern Standard Time":{day:%Y%m%d}T100000',
            f'DTEND;TZID="Eastern Standard Time":{day:%Y%m%d}T110000',
            f"SUMMARY;LANGUAGE=fr-ca:Réunion {n}",
            *extra,
            "END:VEVENT",
        ]
    )


def _calendar(*parts: str) -> str:
    return "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", EASTERN, *parts, "END:VCALENDAR", ""])


_ALARM = "BEGIN:VALARM\r\nTRIGGER:-PT15M\r\nACTION:DISPLAY\r\nDESCRIPTION:Rappel\r\nEND:VALARM"
_HEAVY = (
    "DESCRIPTION:" + "Ordre du jour\\, budget et communiqué. " * 2_000,
    'ATTENDEE;CN="Anne Roy";RSVP=TRUE:mailto:anne@example.org',
    "X-ALT-DESC;FMTTYPE=text/html:<html><body>" + "<p>x</p>" * 5_000 + "</body></html>",
    "ATTACH;ENCODING=BASE64;VALUE=BINARY:" + "QUJD" * 50_000,
    *[_ALARM] * 200,
)


def test_what_is_never_read_is_not_kept_and_changes_nothing() -> None:
    plain = _calendar(*(_outlook_event(n) for n in range(20)))
    heavy = _calendar(*(_outlook_event(n, *_HEAVY) for n in range(20)))
    assert len(heavy) > 100 * len(plain)
    rest, fast = presplit(heavy)
    assert len(fast) == 20  # Windows zone names too, in the file's VTIMEZONE (issue 14)
    assert len(rest) < 2 * len(plain)
    assert "DESCRIPTION" not in rest and "VALARM" not in rest and "ATTENDEE" not in rest
    kw = {"first": None, "last": None, "now": NOW, "zone": UTC}
    assert read_meetings(heavy.encode(), **kw) == read_meetings(plain, **kw)


def test_bytes_and_text_crlf_lf_or_cr_read_alike() -> None:
    text = _calendar(*(_outlook_event(n, "DESCRIPTION:" + "long line " * 30) for n in range(5)))
    folded = "\r\n".join(
        "\r\n ".join(line[i : i + 74] for i in range(0, len(line), 74)) or line
        for line in text.split("\r\n")
    )
    kw = {"first": None, "last": None, "now": NOW, "zone": UTC}
    expected = read_meetings(text, **kw)
    assert len(expected[0]) == 5
    for variant in (folded, folded.replace("\r\n", "\n"), folded.replace("\r\n", "\r")):
        assert read_meetings(variant, **kw) == expected
        assert read_meetings(b"\xef\xbb\xbf" + variant.encode(), **kw) == expected


def test_todos_and_journals_are_dropped_unless_an_event_is_inside() -> None:
    todo = "BEGIN:VTODO\r\nUID:t\r\nSUMMARY:" + "x" * 100_000 + "\r\nEND:VTODO"
    nested = "\r\n".join(["BEGIN:X-GROUP", _outlook_event(99), "END:X-GROUP"])
    rest, fast = presplit(_calendar(todo, nested, _outlook_event(1)))
    assert "VTODO" not in rest and "x" * 100 not in rest
    assert "BEGIN:X-GROUP" in rest and "UID:outlook-99" in rest
    assert [e["UID"] for e in fast] == ["outlook-1"]  # read quickly (issue 14)


def test_a_heavy_file_is_read_without_another_copy_of_it() -> None:
    """The file is split line by line and what is never read is dropped as it goes: reading
    6.7 MB of events (descriptions, HTML, attachments, reminders) holds far less than a copy."""
    kw = {"first": None, "last": None, "now": NOW, "zone": UTC}
    read_meetings(_calendar(_outlook_event(1)), **kw)  # modules imported before measuring
    heavy = _calendar(*(_outlook_event(n, *_HEAVY) for n in range(20))).encode()
    tracemalloc.start()
    try:
        meetings, _ = read_meetings(heavy, **kw)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(meetings) == 20
    assert peak < len(heavy) / 2, f"{peak:,} bytes at the peak for a {len(heavy):,}-byte file"
