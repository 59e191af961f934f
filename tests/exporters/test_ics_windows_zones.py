"""Outlook's Windows zone names take the quick reader, and read as icalendar reads them: the
file's own VTIMEZONE of that name first, else the Olson zone of CLDR's table; an Olson zone
stands in for the VTIMEZONE only where both give every moment the same offset."""

from __future__ import annotations

import datetime as dt
import functools
import io
from zoneinfo import ZoneInfo

import pytest
from dateutil import tz as dateutil_tz
from hypothesis import given, settings
from hypothesis import strategies as st

from exporters.ics_checks import quicken_zones, same_offsets
from exporters.ics_fast import presplit
from exporters.ics_import import read_meetings

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 23, 15, tzinfo=UTC)
PARIS = ZoneInfo("Europe/Paris")  # the home zone: a floating time would show up an hour off

# As Outlook writes it: today's US rule, back to 1601 (tzdb moved the dates in 2007).
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
# Older Outlook: the display name as TZID, commas escaped, with the rules' history.
DISPLAY = r"(UTC-05:00) Eastern Time (US & Canada)\, Toronto"
OLD_RULES = f"""BEGIN:VTIMEZONE
TZID:{DISPLAY}
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
END:VTIMEZONE"""


def _vtimezone(tzid: str, standard: str, daylight: str) -> str:
    """Outlook's shape of a zone with European rules (last Sundays of March and October)."""
    return f"""BEGIN:VTIMEZONE
TZID:{tzid}
BEGIN:STANDARD
DTSTART:16011028T030000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZOFFSETFROM:{daylight}
TZOFFSETTO:{standard}
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010325T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
TZOFFSETFROM:{standard}
TZOFFSETTO:{daylight}
END:DAYLIGHT
END:VTIMEZONE"""


def _event(n: int, tzid: str, start: dt.datetime, minutes: int = 60) -> str:
    end = start + dt.timedelta(minutes=minutes)
    return "\r\n".join(
        [
            "BEGIN:VEVENT",
            f"UID:040000008200E00074C5B7101A82E008-{n}",
            f'DTSTART;TZID="{tzid}":{start:%Y%m%dT%H%M%S}',
            f'DTEND;TZID="{tzid}":{end:%Y%m%dT%H%M%S}',
            f"SUMMARY;LANGUAGE=fr-ca:Réunion {n}",
            "X-MICROSOFT-CDO-BUSYSTATUS:BUSY",
            "END:VEVENT",
        ]
    )


def _calendar(*parts: str) -> str:
    head = ["BEGIN:VCALENDAR", "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN"]
    text = "\r\n".join([*head, "VERSION:2.0", *parts, "END:VCALENDAR", ""])
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def _read(text: str) -> list[tuple[dt.datetime, dt.datetime, str]]:
    meetings, skipped = read_meetings(text, first=None, last=None, now=NOW, zone=PARIS)
    assert not skipped
    return [(m.start, m.end, m.summary) for m in meetings]


def _meant(vtimezone: str, moment: dt.datetime) -> dt.datetime:
    """What the file's VTIMEZONE says the wall time is, read by dateutil on its own."""
    return moment.replace(tzinfo=_dateutil_zone(vtimezone)).astimezone(UTC)


@functools.cache
def _dateutil_zone(vtimezone: str) -> dt.tzinfo:
    # One per text: dateutil walks a rule from its DTSTART (1601) on first use and keeps what it
    # found, so a zone read anew for every moment cost the property 20 s.
    return dateutil_tz.tzical(io.StringIO(vtimezone.replace("\\,", ","))).get()


# Around the changes of 2005–2008 (where Outlook's rule and tzdb differ), in the skipped and
# the repeated hour, and ordinary days.
MOMENTS = [
    dt.datetime(2005, 3, 20, 10),  # Outlook: already daylight time; tzdb: not until April
    dt.datetime(2005, 4, 3, 12),
    dt.datetime(2006, 10, 30, 9),  # tzdb: standard time since the 29th; Outlook: daylight
    dt.datetime(2007, 3, 11, 2, 30),  # skipped
    dt.datetime(2007, 11, 4, 1, 30),  # happens twice
    dt.datetime(2019, 3, 10, 2, 15),
    dt.datetime(2019, 11, 3, 1, 15),
    dt.datetime(2024, 7, 2, 14),
    dt.datetime(2026, 1, 15, 9),
]


@pytest.mark.parametrize(("tzid", "vtimezone"), [("Eastern Standard Time", EASTERN),
                                                 (DISPLAY.replace("\\,", ","), OLD_RULES)])  # fmt: skip
def test_windows_names_take_the_quick_reader_and_follow_the_files_vtimezone(
    tzid: str, vtimezone: str
) -> None:
    text = _calendar(vtimezone, *(_event(n, tzid, m) for n, m in enumerate(MOMENTS)))
    rest, quick = presplit(text)
    assert len(quick) == len(MOMENTS) and "BEGIN:VEVENT" not in rest
    expected = sorted(
        (_meant(vtimezone, m), _meant(vtimezone, m + dt.timedelta(hours=1)), f"Réunion {n}")
        for n, m in enumerate(MOMENTS)
    )
    assert _read(text) == expected
    # Outlook's 1601 rule is not tzdb's before 2007: 20 March 2005 10:00 is 14:00 UTC there.
    if vtimezone is EASTERN:
        assert expected[0][0] == dt.datetime(2005, 3, 20, 14, tzinfo=UTC)


def test_the_same_events_read_by_icalendar_give_the_same_times() -> None:
    """DURATION instead of DTEND sends an event to icalendar: both readers must agree."""
    zones = [EASTERN, _vtimezone("Romance Standard Time", "+0100", "+0200")]
    events = []
    for n, moment in enumerate(MOMENTS):
        for tzid in ("Eastern Standard Time", "Romance Standard Time"):
            events.append(_event(n, tzid, moment))
    quick = _calendar(*zones, *events)
    slow = quick.replace("DTEND;", "X-DTEND;").replace(
        "X-MICROSOFT-CDO-BUSYSTATUS:BUSY", "DURATION:PT1H"
    )
    assert len(presplit(quick)[1]) == len(events) and not presplit(slow)[1]
    assert [m[:2] for m in _read(quick)] == [m[:2] for m in _read(slow)]


def test_without_a_vtimezone_a_windows_name_is_its_olson_zone() -> None:
    text = _calendar(
        _event(1, "W. Europe Standard Time", dt.datetime(2026, 3, 30, 9)),
        _event(2, "Eastern Standard Time", dt.datetime(2005, 3, 20, 10)),
    )
    assert len(presplit(text)[1]) == 2
    assert [m[0] for m in _read(text)] == [
        dt.datetime(2005, 3, 20, 15, tzinfo=UTC),  # America/New_York: still standard time
        dt.datetime(2026, 3, 30, 7, tzinfo=UTC),  # Europe/Berlin, summer time
    ]


def test_a_vtimezone_wins_over_the_windows_name_it_carries() -> None:
    """A file may define a Windows name its own way: its definition is what it means.
    (A name no other test defines: icalendar keeps the first VTIMEZONE of a name it reads for
    the whole process.)"""
    odd = _vtimezone("GTB Standard Time", "+0300", "+0400")  # Bucharest is +0200/+0300
    text = _calendar(odd, _event(1, "GTB Standard Time", dt.datetime(2026, 7, 1, 12)))
    assert len(presplit(text)[1]) == 1
    assert _read(text)[0][0] == dt.datetime(2026, 7, 1, 8, tzinfo=UTC)


def test_the_olson_zone_stands_in_only_where_it_agrees() -> None:
    text = _calendar(
        EASTERN,
        _event(1, "Eastern Standard Time", dt.datetime(2024, 7, 2, 14)),
        _event(2, "Eastern Standard Time", dt.datetime(2025, 3, 9, 2, 30)),  # skipped
    )
    kept = {e["UID"]: e["DTSTART"].dt.tzinfo for e in presplit(text)[1]}
    ordinary, skipped = (kept[f"040000008200E00074C5B7101A82E008-{n}"] for n in (1, 2))
    assert ordinary == ZoneInfo("America/New_York")
    assert not isinstance(skipped, ZoneInfo)  # the file's own: how it reads 02:30 is the rule
    assert _read(text)[1][0] == _meant(EASTERN, dt.datetime(2025, 3, 9, 2, 30))


def test_same_offsets_sees_where_outlooks_rule_and_tzdb_part() -> None:
    outlook = dateutil_tz.tzical(io.StringIO(EASTERN)).get()
    new_york = ZoneInfo("America/New_York")
    assert same_offsets(outlook, new_york, dt.datetime(2008, 1, 1), dt.datetime(2026, 12, 31))
    assert not same_offsets(outlook, new_york, dt.datetime(2006, 1, 1), dt.datetime(2026, 1, 1))
    # One week of difference is enough: 2006's autumn change came a week before Outlook's.
    assert not same_offsets(outlook, new_york, dt.datetime(2006, 10, 1), dt.datetime(2006, 11, 30))
    paris = dateutil_tz.tzical(io.StringIO(_vtimezone("X", "+0100", "+0200"))).get()
    assert same_offsets(
        paris, ZoneInfo("Europe/Paris"), dt.datetime(1997, 1, 1), dt.datetime(2030, 1, 1)
    )
    assert not same_offsets(
        paris, ZoneInfo("Europe/London"), dt.datetime(2020, 1, 1), dt.datetime(2020, 2, 1)
    )


def test_an_unknown_zone_name_is_left_to_icalendar_as_before() -> None:
    """No VTIMEZONE and no Windows name: icalendar reads it (a floating time, in the home
    zone), the quick reader does not guess, and the import says so."""
    events = [_event(n, "Nowhere Standard Time", dt.datetime(2026, 7, n, 12)) for n in (1, 2)]
    text = _calendar(*events)
    assert presplit(text)[1] == []
    assert _read(text)[0][0] == dt.datetime(2026, 7, 1, 10, tzinfo=UTC)  # 12:00 in Paris
    notes: list[str] = []
    read_meetings(text, first=None, last=None, now=NOW, zone=PARIS, notes=notes)
    assert notes == [  # once for the file, not once an event
        "time zone “Nowhere Standard Time” is defined nowhere: its times were read in Europe/Paris"
    ]


def test_a_series_sharing_a_uid_still_goes_to_icalendar_whole() -> None:
    single = _event(1, "Eastern Standard Time", dt.datetime(2026, 10, 5, 10))
    moved = single.replace(
        "BEGIN:VEVENT",
        'BEGIN:VEVENT\r\nRECURRENCE-ID;TZID="Eastern Standard Time":20261005T100000',
        1,
    )
    text = _calendar(EASTERN, single, moved)
    assert presplit(text)[1] == []


def _nights(years: range) -> list[dt.datetime]:
    """Both passes of every night hour of every Sunday in the years (every change of the
    zones above), and noon each day."""
    found = []
    day = dt.datetime(years.start, 1, 1)
    while day.year < years.stop:
        found.append(day.replace(hour=12))
        if day.weekday() == 6:
            for minutes in range(0, 4 * 60, 30):
                moment = day + dt.timedelta(minutes=minutes)
                found += [moment, moment.replace(fold=1)]
        day += dt.timedelta(days=1)
    return found


@pytest.mark.parametrize("text", [EASTERN, OLD_RULES.replace("\\,", ",")], ids=["1601", "history"])
def test_a_zone_listed_for_a_few_years_answers_as_dateutil_does(text: str) -> None:
    """Listed from 2005 to 2009 only (a yearly rule started again in 2005, not walked from
    1601): inside, outside and at the edges of those years, the same answers."""
    slow = dateutil_tz.tzical(io.StringIO(text)).get()
    quick = dateutil_tz.tzical(io.StringIO(text)).get()
    quicken_zones([quick], dt.datetime(2005, 3, 1), dt.datetime(2009, 6, 1))
    assert "_find_compdt" in vars(quick)
    for naive in _nights(range(2003, 2011)):
        a, b = naive.replace(tzinfo=slow), naive.replace(tzinfo=quick)
        offset = a.utcoffset()
        assert (offset, a.tzname()) == (b.utcoffset(), b.tzname()), naive
        # a.astimezone(UTC), without asking the slow zone a third time (its lookups walk the
        # rule's list from 1601 each time: most of this test's CPU)
        assert (naive - offset).replace(tzinfo=UTC) == b.astimezone(UTC), naive


@pytest.mark.parametrize("stamp", ["00010101T000000", "99991231T220000", "18000101T100000"])
@pytest.mark.parametrize("with_vtimezone", [True, False])
def test_a_year_out_of_range_in_a_windows_zone_is_skipped_not_a_crash(
    stamp: str, with_vtimezone: bool
) -> None:
    event = "\r\n".join(
        [
            "BEGIN:VEVENT",
            "UID:far",
            f'DTSTART;TZID="Eastern Standard Time":{stamp}',
            "SUMMARY:Far",
            "END:VEVENT",
        ]
    )
    text = _calendar(*([EASTERN] if with_vtimezone else []), event)
    meetings, skipped = read_meetings(text, first=None, last=None, now=NOW, zone=PARIS)
    assert meetings == [] and skipped == {"year before 1900 or after 9999": 1}


_WALL = st.datetimes(min_value=dt.datetime(1995, 1, 1), max_value=dt.datetime(2040, 12, 31))
_NIGHT = st.builds(
    lambda day, minutes: dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minutes),
    st.dates(min_value=dt.date(1995, 1, 1), max_value=dt.date(2040, 12, 31)),
    st.integers(0, 4 * 60).map(lambda m: m - m % 15),
)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.one_of(_WALL, _NIGHT).map(lambda m: m.replace(microsecond=0)), min_size=1, max_size=12
    )
)
def test_any_times_read_quickly_are_what_the_vtimezone_means(moments: list[dt.datetime]) -> None:
    """Whatever the span (before 2007, where Outlook's rule is not New York's, or after), and
    in the hours a change skips or repeats: the time the file's VTIMEZONE means."""
    text = _calendar(
        EASTERN, *(_event(n, "Eastern Standard Time", m) for n, m in enumerate(moments))
    )
    assert len(presplit(text)[1]) == len(moments)
    read, _ = read_meetings(
        text,
        first=None,
        last=dt.date(2041, 1, 1),
        now=dt.datetime(2042, 1, 1, tzinfo=UTC),
        zone=PARIS,
    )
    starts = {m.external_uid: m.start for m in read}
    for n, moment in enumerate(moments):
        uid = f"040000008200E00074C5B7101A82E008-{n}"
        if uid in starts:  # (one overlapping another is left out of the import)
            assert starts[uid] == _meant(EASTERN, moment), moment
