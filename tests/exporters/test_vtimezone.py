"""VTIMEZONE against the tz database (issue 14): read back with icalendar, every hour of each
covered range gets zoneinfo's offset, in 40 ranges of 39 zones with irregular rules, changes of
standard offset, skipped days, half-hour and 45-minute offsets; lines folded; observances start
on their own rules; strict readers accept it; a series is covered to its end."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import io
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from dateutil import rrule as dateutil_rrule
from dateutil import tz as dateutil_tz

from exporters.ics import export_ics
from exporters.ics_timezone import vtimezone_lines
from storage import PostDraft, Store

UTC = dt.UTC
HOUR = dt.timedelta(hours=1)
NOW = dt.datetime(2026, 11, 23, 20, 0, tzinfo=UTC)

# (zone, first year, last year): the issue's zones and ranges first, then every kind of rule.
RANGES = [
    ("America/Toronto", 2025, 2030),
    ("Asia/Tehran", 2019, 2022),  # Iran's calendar: 21 or 22 March; no DST after 2022
    ("Europe/London", 1995, 1999),  # October's change moved to the last Sunday in 1996
    ("Pacific/Fiji", 2014, 2021),  # a new rule nearly every year, none from 2021
    ("Africa/Casablanca", 2026, 2030),  # back to +00 for Ramadan, twice in 2029
    ("Asia/Gaza", 2026, 2036),
    ("Australia/Lord_Howe", 2026, 2028),  # half an hour of DST
    ("Pacific/Chatham", 2026, 2028),  # +12:45 / +13:45
    ("Asia/Kathmandu", 1985, 1988),  # +05:30 to +05:45 in 1986
    ("America/Santiago", 2021, 2025),  # 2022 moved for an election
    ("America/Sao_Paulo", 2016, 2020),  # DST ended for good in 2019
    ("Europe/Dublin", 2025, 2027),  # negative DST: winter is the "daylight" one in the tz data
    ("America/St_Johns", 2010, 2013),  # changes at 00:01 until 2011, then 02:00
    ("Asia/Kolkata", 2026, 2027),
    ("Europe/Moscow", 2010, 2015),  # permanent +04 in 2011, +03 from 2014
    ("Pacific/Apia", 2010, 2013),  # 30 December 2011 skipped
    ("America/Havana", 2026, 2028),  # changes at midnight
    ("Asia/Amman", 2020, 2023),  # permanent +03 from 2022
    ("Africa/Cairo", 2022, 2025),  # DST back in 2023, on the last Friday of April
    ("Europe/Lisbon", 1991, 1997),  # on CET from 1992 to 1996
    ("America/Mexico_City", 2020, 2024),  # DST abolished in 2022
    ("Asia/Tokyo", 2026, 2027),
    ("UTC", 2026, 2027),
    ("Pacific/Kiritimati", 1993, 1996),  # 31 December 1994 skipped
    ("America/Nuuk", 2022, 2025),  # -02 from 2023, DST again from 2024 (Saturday 22:00)
    ("Antarctica/Troll", 2026, 2028),  # two hours of DST
    ("Asia/Jerusalem", 2026, 2028),  # the Friday before the last Sunday of March
    ("America/Asuncion", 2022, 2025),  # permanent -03 from October 2024
    ("Europe/Chisinau", 2026, 2028),
    ("Australia/Adelaide", 2026, 2028),
    ("Australia/Sydney", 2007, 2009),  # April and October rules from 2008
    ("America/New_York", 2005, 2009),  # March and November rules from 2007
    ("Europe/Paris", 2026, 2028),
    ("America/Caracas", 2015, 2017),  # -04:30 until May 2016
    ("Asia/Pyongyang", 2014, 2019),  # +08:30 from 2015 to 2018
    ("Africa/Juba", 2020, 2022),  # +03 to +02 in 2021
    ("Asia/Dhaka", 2008, 2009),  # DST in 2009 only, ending at 24:00 on 31 December
    ("Africa/Tripoli", 1979, 1981),  # back an hour at 24:00 on 31 December 1981
    ("Pacific/Chatham", 1943, 1945),  # +12:15 to +12:45 at 00:00 on 1 January 1946, in 1945 UTC
    ("Pacific/Norfolk", 2018, 2021),  # DST from 2019
]


def _calendar(lines: tuple[str, ...]) -> str:
    return "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:t", *lines, "END:VCALENDAR"])


@functools.lru_cache(maxsize=128)
def _text(zone: str, first: int, last: int | None) -> str:
    return _calendar(vtimezone_lines(zone, first, last)) + "\r\n"


def _component(text: str) -> icalendar.Timezone:
    return icalendar.Calendar.from_ical(text).walk("VTIMEZONE")[0]


def _ts(year: int) -> int:
    return int(dt.datetime(year, 1, 1, tzinfo=UTC).timestamp())


def _wrong_hours(zone: str, first: int, last: int) -> tuple[int, int, list[str]]:
    """Hours from 1 January of `first` to the end of `last` where the VTIMEZONE, as icalendar
    reads it, disagrees with zoneinfo: instants through `Timezone.get_transitions` (every
    hour), wall-clock times through `Timezone.to_tz` (dateutil's tzical, which vobject uses
    too: every hour within a day of a change, either's, and noon UTC every day)."""
    real_tz = ZoneInfo(zone)
    component = _component(_text(zone, first, last))
    times, infos = component.get_transitions()
    onsets = [int(t.replace(tzinfo=UTC).timestamp()) for t in times]
    built = component.to_tz(lookup_tzid=False)
    start, stop = _ts(first), _ts(last + 1)
    near = set(range(start + 43_200, stop, 86_400))  # noon UTC every day
    for onset in onsets:
        hour = onset // 3600 * 3600
        near.update(range(hour - 86_400, hour + 86_401, 3600))
    examples: list[str] = []
    wrong_instants = wrong_walls = 0
    # Every hour's offset by zoneinfo, then compared a stretch at a time: between two onsets
    # the VTIMEZONE gives one offset (a loop doing both per hour was most of the test's CPU).
    hours = range(start, stop, 3600)
    offsets = [dt.datetime.fromtimestamp(ts, real_tz).utcoffset() for ts in hours]
    for ts, before, offset in zip(hours, [None, *offsets], offsets, strict=False):
        if offset != before:
            near.update(range(ts - 86_400, ts + 86_401, 3600))
    assert onsets == sorted(onsets), zone
    bounds = [0, *(min(max(-(-(onset - start) // 3600), 0), len(hours)) for onset in onsets)]
    for index, (lo, hi) in enumerate(zip(bounds, [*bounds[1:], len(hours)], strict=True)):
        written = infos[index - 1][0] if index else None  # hours lo to hi: after onset index-1
        stretch = offsets[lo:hi]
        wrong = len(stretch) - stretch.count(written)
        wrong_instants += wrong
        for ts, offset in zip(hours[lo:hi], stretch, strict=True):
            if not wrong or len(examples) >= 3:
                break
            if offset != written:
                instant = dt.datetime.fromtimestamp(ts, UTC)
                examples.append(f"{instant:%Y-%m-%d %H:%M}Z {written} != {offset}")
    for ts in sorted(t for t in near if start <= t < stop):
        real = dt.datetime.fromtimestamp(ts, real_tz)
        written = real.replace(tzinfo=built).utcoffset()
        if written != real.utcoffset():
            wrong_walls += 1
            if len(examples) < 6:
                examples.append(f"{real:%Y-%m-%d %H:%M} fold={real.fold}: {written}")
    return wrong_instants, wrong_walls, examples


def test_the_ranges_cover_30_zones_and_the_issues_cases() -> None:
    zones = {zone for zone, _, _ in RANGES}
    assert len(zones) >= 30
    named = {"Asia/Tehran", "Europe/London", "Pacific/Fiji", "Africa/Casablanca", "Asia/Gaza"}
    named |= {"Australia/Lord_Howe", "Pacific/Chatham", "Asia/Kathmandu", "America/Santiago"}
    assert named <= zones


@pytest.mark.parametrize(("zone", "first", "last"), RANGES)
def test_every_hour_gets_zoneinfos_offset(zone: str, first: int, last: int) -> None:
    wrong_instants, wrong_walls, examples = _wrong_hours(zone, first, last)
    assert (wrong_instants, wrong_walls) == (0, 0), examples


# ---------------------------------------------------------------- the text


def _observances(text: str) -> list[icalendar.cal.Component]:
    return list(_component(text).subcomponents)


@pytest.mark.parametrize(("zone", "first", "last"), RANGES)
def test_lines_fit_and_observances_start_on_their_own_rules(
    zone: str, first: int, last: int
) -> None:
    text = _text(zone, first, last)
    for line in text.encode("utf-8").split(b"\r\n"):
        assert len(line) <= 75, line
    for observance in _observances(text):
        start = observance.decoded("DTSTART")
        assert start.tzinfo is None
        if "RRULE" in observance:
            value = observance["RRULE"].to_ical().decode()
            assert value.startswith("FREQ=YEARLY;")
            rule = dateutil_rrule.rrulestr(value, dtstart=start, ignoretz=True)
            assert rule[0] == start, (zone, value, start)
            assert "RDATE" not in observance
        if "RDATE" in observance:
            rdates = observance["RDATE"]
            dates = [
                d.dt for r in (rdates if isinstance(rdates, list) else [rdates]) for d in r.dts
            ]
            assert dates == sorted(dates) and dates[0] > start


def test_a_long_rule_is_folded_and_reads_back_whole() -> None:
    text = _text("Pacific/Fiji", 2014, 2021)
    assert all(len(line) <= 75 for line in text.encode().split(b"\r\n"))
    rules = [o["RRULE"].to_ical().decode() for o in _observances(text) if "RRULE" in o]
    # RRULE:FREQ=YEARLY;BYMONTH=1;BYDAY=SU;BYMONTHDAY=12,13,14,15,16,17,18;UNTIL=…Z
    assert any(len(f"RRULE:{rule}") > 75 and "BYMONTHDAY=12," in rule for rule in rules)


@pytest.mark.parametrize(
    ("zone", "first", "last"),
    [r for r in RANGES if r[0] in {"Pacific/Fiji", "Africa/Casablanca", "Asia/Gaza"}]
    + [("Asia/Tehran", 2019, 2022), ("Europe/London", 1995, 1999), ("Pacific/Apia", 2010, 2013)],
)
def test_strict_readers_accept_it(zone: str, first: int, last: int) -> None:
    text = _text(zone, first, last)
    calendar = icalendar.Calendar.from_ical(text)
    for component in calendar.walk():
        assert not component.errors, (component.name, component.errors)
    by_dateutil = dateutil_tz.tzical(io.StringIO(text)).get()
    by_vobject = vobject.readOne(text).vtimezone.gettzinfo()
    real = ZoneInfo(zone)
    # noon on the 1st and 15th of every month: no hour near a change, so no fold to mind
    for year in range(first, last + 1):
        for month in range(1, 13):
            for day in (1, 15):
                wall = dt.datetime(year, month, day, 12)
                expected = wall.replace(tzinfo=real).utcoffset()
                assert wall.replace(tzinfo=by_dateutil).utcoffset() == expected, wall
                assert wall.replace(tzinfo=by_vobject).utcoffset() == expected, wall


# ---------------------------------------------------------------- rules and RDATEs


def test_a_regular_zone_keeps_one_open_rule_each_way() -> None:
    for zone in ("America/Toronto", "Europe/Paris", "Australia/Sydney", "America/Santiago"):
        observances = _observances(_text(zone, 2026, 2027))
        assert sorted(o.name for o in observances) == ["DAYLIGHT", "STANDARD"], zone
        for observance in observances:
            assert "RDATE" not in observance and "UNTIL" not in observance["RRULE"], zone


def test_irregular_years_are_rdates_and_rules_end_where_zoneinfo_stops_following_them() -> None:
    casablanca = _observances(_text("Africa/Casablanca", 2026, 2030))
    assert all("RDATE" in o for o in casablanca)  # Ramadan moves 11 days a year
    gaza = _observances(_text("Asia/Gaza", 2026, 2036))
    assert all("UNTIL" in o["RRULE"] for o in gaza if "RRULE" in o)  # Ramadan changes in 2036+
    tehran = _text("Asia/Tehran", 2019, 2022)
    assert "BYMONTHDAY=22" in tehran and "DTSTART:20200321T000000" in tehran
    london = _text("Europe/London", 1995, 1999)
    assert "BYDAY=4SU;UNTIL=19951022T020000Z" in london  # 1994–95, then the last Sunday
    assert "DTSTART:19961027T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0000\r\n" in london


def test_a_zone_that_stopped_changing_ends_on_its_last_offset() -> None:
    for zone, first, last, offset in [
        ("America/Mexico_City", 2020, 2024, "-0600"),
        ("Asia/Tehran", 2019, 2022, "+0330"),
        ("America/Asuncion", 2022, 2025, "-0300"),
    ]:
        observances = _observances(_text(zone, first, last))
        latest = max(observances, key=lambda o: o.decoded("DTSTART"))
        assert latest["TZOFFSETTO"].to_ical() == offset, zone
        assert "RRULE" not in latest or "UNTIL" in latest["RRULE"], zone


# ---------------------------------------------------------------- a series to its end


def _series_offsets_wrong(text: str, zone: str, start: dt.datetime, rule: str) -> list[str]:
    """Each date of the series, read with the exported VTIMEZONE (dateutil's tzical, as
    icalendar and vobject read it), against zoneinfo."""
    built = dateutil_tz.tzical(io.StringIO(text)).get(zone)
    real = ZoneInfo(zone)
    wrong = []
    for wall in dateutil_rrule.rrulestr(rule, dtstart=start):
        expected = wall.replace(tzinfo=real).utcoffset()
        if wall.replace(tzinfo=built).utcoffset() != expected:
            wrong.append(f"{wall:%Y-%m-%d %H:%M}")
    return wrong


@pytest.mark.parametrize(
    ("zone", "rule", "through"),
    [
        ("Africa/Casablanca", "FREQ=WEEKLY", 2100),  # no end: Ramadan predicted to 2087
        ("Asia/Gaza", "FREQ=WEEKLY;UNTIL=20450101", 2044),
        ("Africa/Casablanca", "FREQ=MONTHLY;COUNT=200", 2042),
        ("America/Toronto", "FREQ=WEEKLY", 2100),
    ],
)
def test_a_series_is_covered_to_its_end(store: Store, zone: str, rule: str, through: int) -> None:
    start = dt.datetime(2026, 1, 6, 10)
    store.add_post(PostDraft("Tips", "Blog", start.date(), start.time(), timezone=zone, rrule=rule))
    text = export_ics(store, dt.date(2026, 1, 1), dt.date(2026, 12, 31), now=NOW)
    vtimezone = text[text.index("BEGIN:VTIMEZONE") : text.index("END:VTIMEZONE") + 15]
    until = ";UNTIL=21010101" if "UNTIL" not in rule and "COUNT" not in rule else ""
    assert _series_offsets_wrong(_calendar((vtimezone,)), zone, start, rule + until) == []
    dates = list(dateutil_rrule.rrulestr(rule + until, dtstart=start))
    assert dates[-1].year == through


def test_an_open_series_in_a_regular_zone_keeps_two_open_rules(store: Store) -> None:
    store.add_post(
        PostDraft(
            "Tips", "Blog", dt.date(2026, 1, 6), dt.time(10), timezone="America/Toronto",
            rrule="FREQ=WEEKLY",
        )
    )  # fmt: skip
    text = export_ics(store, dt.date(2026, 1, 1), dt.date(2026, 12, 31), now=NOW)
    observances = _observances(text)
    assert sorted(o.name for o in observances) == ["DAYLIGHT", "STANDARD"]
    assert all("UNTIL" not in o["RRULE"] for o in observances)


def test_an_open_series_in_an_irregular_zone_lists_every_predicted_change() -> None:
    text = _text("Africa/Casablanca", 2026, None)
    times, infos = _component(text).get_transitions()
    real = ZoneInfo("Africa/Casablanca")
    for ts in range(
        int(dt.datetime(2026, 1, 1, tzinfo=UTC).timestamp()),
        int(dt.datetime(2100, 1, 1, tzinfo=UTC).timestamp()),
        6 * 3600,
    ):
        instant = dt.datetime.fromtimestamp(ts, UTC).replace(tzinfo=None)
        written = infos[bisect.bisect_right(times, instant) - 1][0]
        assert written == dt.datetime.fromtimestamp(ts, real).utcoffset(), instant
