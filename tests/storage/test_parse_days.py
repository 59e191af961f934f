"""Table-driven tests for storage.grammar: days, and a day with a time."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from storage.errors import ParseError
from storage.grammar import (
    describe_when,
    parse_day,
    parse_period,
    parse_when,
)

TZ = ZoneInfo("America/Toronto")
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=TZ)  # a Monday, no DST change nearby
TODAY = NOW.date()
DST_NOW = datetime(2026, 11, 2, 9, 0, tzinfo=TZ)  # DST ended on Sunday 1 Nov 2026 at 2:00


# --------------------------------------------------------------------------- days


# TODAY is Monday 23 Nov 2026
@pytest.mark.parametrize(
    ("text", "prefer", "expected"),
    [
        ("today", "past", date(2026, 11, 23)),
        ("yesterday", "future", date(2026, 11, 22)),
        ("tomorrow", "past", date(2026, 11, 24)),
        ("aujourd'hui", "past", date(2026, 11, 23)),
        ("Aujourd’hui", "future", date(2026, 11, 23)),
        ("hier", "past", date(2026, 11, 22)),
        ("demain", "past", date(2026, 11, 24)),
        ("mon", "past", date(2026, 11, 23)),
        ("mon", "future", date(2026, 11, 23)),
        ("tue", "past", date(2026, 11, 17)),
        ("tue", "future", date(2026, 11, 24)),
        ("tues", "future", date(2026, 11, 24)),
        ("Tuesday", "future", date(2026, 11, 24)),
        ("mardi", "past", date(2026, 11, 17)),
        ("mar", "future", date(2026, 11, 24)),
        ("sun", "past", date(2026, 11, 22)),
        ("dimanche", "future", date(2026, 11, 29)),
        ("ven", "past", date(2026, 11, 20)),
        ("jeudi", "future", date(2026, 11, 26)),
        ("last fri", "future", date(2026, 11, 20)),
        ("last mon", "past", date(2026, 11, 16)),
        ("next mon", "past", date(2026, 11, 30)),
        ("next tue", "past", date(2026, 11, 24)),
        ("next monday", "future", date(2026, 11, 30)),
        ("vendredi dernier", "future", date(2026, 11, 20)),
        ("mardi prochain", "past", date(2026, 11, 24)),
        ("prochain mardi", "past", date(2026, 11, 24)),
        ("2026-12-03", "past", date(2026, 12, 3)),
        ("3 dec", "future", date(2026, 12, 3)),
        ("3 dec", "past", date(2026, 12, 3)),  # the nearest, whatever prefer says
        ("3 déc", "future", date(2026, 12, 3)),
        ("dec 3", "future", date(2026, 12, 3)),
        ("3 december", "future", date(2026, 12, 3)),
        ("3 décembre", "future", date(2026, 12, 3)),
        ("3 DÉC.", "future", date(2026, 12, 3)),
        ("3 dec 2027", "past", date(2027, 12, 3)),
        ("dec 3, 2027", "past", date(2027, 12, 3)),
        ("3rd of december", "future", date(2026, 12, 3)),
        ("1er mai", "future", date(2027, 5, 1)),  # 159 days ahead, 206 back
        ("23 nov", "future", date(2026, 11, 23)),
        ("23 nov", "past", date(2026, 11, 23)),
        ("22 nov", "future", date(2026, 11, 22)),  # yesterday is nearer than next year
        ("29 feb", "future", date(2028, 2, 29)),
        ("29 feb", "past", date(2028, 2, 29)),  # 2028 is nearer than 2024
    ],
)
def test_parse_day(text: str, prefer: str, expected: date) -> None:
    assert parse_day(text, TODAY, prefer=prefer) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31 feb", "February 31 does not exist"),
        ("2026-02-30", "February 30 does not exist"),
        ("2027-02-29", "February 29 does not exist in 2027"),
        ("31 april", "April 31 does not exist"),
        ("2026-13-01", "no month 13"),
        ("3/12", "ambiguous"),
        ("12/3/2026", "2026-12-03"),
        ("dec", "could not read `dec` as a day"),
        ("someday", "try today"),
        ("", "no day"),
        ("3 dec 1066", "out of range"),
    ],
)
def test_parse_day_errors(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_day(text, TODAY, prefer="future")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tue 10am", (date(2026, 11, 24), time(10))),
        ("tomorrow 14:30", (date(2026, 11, 24), time(14, 30))),
        ("2026-12-03", (date(2026, 12, 3), None)),
        ("next monday", (date(2026, 11, 30), None)),
        ("3 dec 9h", (date(2026, 12, 3), time(9))),
        ("3 dec 2027", (date(2027, 12, 3), None)),
        ("10am", (date(2026, 11, 23), time(10))),
        ("2026-12-03 14:00", (date(2026, 12, 3), time(14))),
        ("2026-12-03T14:00", (date(2026, 12, 3), time(14))),
        ("14:00 tomorrow", (date(2026, 11, 24), time(14))),
        ("tue at 10am", (date(2026, 11, 24), time(10))),
        ("demain à 9h", (date(2026, 11, 24), time(9))),
        ("fri 2 pm", (date(2026, 11, 27), time(14))),
    ],
)
def test_parse_when(text: str, expected: tuple[date, time | None]) -> None:
    assert parse_when(text, NOW) == expected


def test_parse_when_prefer_past() -> None:
    assert parse_when("tue 9:00", NOW, prefer="past") == (date(2026, 11, 17), time(9))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31 feb 10am", "February 31 does not exist"),
        ("tue 25:00", "not a time of day"),
        ("blah", "could not read `blah` as a date"),
        ("", "no date"),
    ],
)
def test_parse_when_errors(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_when(text, NOW)


# --------------------------------------------------------------------------- describing


@pytest.mark.parametrize(
    ("day", "t", "text"),
    [
        (date(2026, 11, 24), time(10), "Tue 24 Nov 10:00"),
        (date(2026, 11, 24), None, "Tue 24 Nov"),
        (date(2027, 1, 3), time(9, 5), "Sun 3 Jan 09:05"),
    ],
)
def test_describe_when(day: date, t: time | None, text: str) -> None:
    assert describe_when(day, t) == text


# --------------------------------------------------------------------------- no year: nearest

SUNDAY_6_DEC = date(2026, 12, 6)


@pytest.mark.parametrize("prefer", ["past", "future"])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 déc", date(2026, 12, 3)),  # three days back, not 2027 (the `g` bug)
        ("1 dec", date(2026, 12, 1)),
        ("31 dec", date(2026, 12, 31)),
        ("6 dec", date(2026, 12, 6)),  # today
        ("15 nov", date(2026, 11, 15)),
        ("20 jan", date(2027, 1, 20)),  # 45 days ahead, 320 back
        ("jan 20", date(2027, 1, 20)),
        ("5 juin", date(2027, 6, 5)),  # 181 days ahead, 184 back
        ("10 jun", date(2026, 6, 10)),  # 179 days back, 186 ahead
        ("29 feb", date(2028, 2, 29)),  # 450 days ahead, 1011 back
        ("3 dec 2027", date(2027, 12, 3)),  # a year given is kept
    ],
)
def test_day_without_year_is_the_nearest(text: str, expected: date, prefer: str) -> None:
    assert parse_day(text, SUNDAY_6_DEC, prefer=prefer) == expected  # type: ignore[arg-type]


def test_a_tie_goes_forward() -> None:
    # 31 Aug 2027 is 183 days after 1 Mar 2027 and 183 days before 1 Mar 2028
    assert parse_day("1 mar", date(2027, 8, 31), prefer="past") == date(2028, 3, 1)
    assert parse_day("1 mar", date(2027, 8, 30), prefer="future") == date(2027, 3, 1)


def test_weekdays_keep_their_direction() -> None:
    assert parse_day("tue", SUNDAY_6_DEC, prefer="future") == date(2026, 12, 8)
    assert parse_day("tue", SUNDAY_6_DEC, prefer="past") == date(2026, 12, 1)


def test_goto_reads_a_day_without_year_as_the_nearest() -> None:
    from tui.dialogs.goto import read_day

    now = datetime(2026, 12, 6, 10, 0, tzinfo=TZ)
    assert read_day("3 déc", now) == date(2026, 12, 3)
    assert read_day("20 jan", now) == date(2027, 1, 20)
    assert read_day("3 déc 10h", now) == date(2026, 12, 3)


# --------------------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("start", "end", "prefer", "expected"),
    [
        ("1 dec", "31 dec", "future", (date(2026, 12, 1), date(2026, 12, 31))),  # the README's
        ("1 dec", "31 dec", "past", (date(2026, 12, 1), date(2026, 12, 31))),
        ("20 dec", "5 jan", "past", (date(2026, 12, 20), date(2027, 1, 5))),
        # --to falls before --from: the next such day after --from
        ("1 jun", "30 may", "future", (date(2027, 6, 1), date(2028, 5, 30))),
        ("2026-11-01", "3 nov", "future", (date(2026, 11, 1), date(2026, 11, 3))),
        ("2026-12-20", "10 dec", "future", (date(2026, 12, 20), date(2027, 12, 10))),
        ("fri", "mon", "past", (date(2026, 12, 4), date(2026, 12, 7))),
        ("mon", "fri", "past", (date(2026, 11, 30), date(2026, 12, 4))),
        ("mon", "fri", "future", (date(2026, 12, 7), date(2026, 12, 11))),
        ("3 dec", None, "past", (date(2026, 12, 3), None)),
        (None, "20 jan", "past", (None, date(2027, 1, 20))),
    ],
)
def test_parse_period_reads_the_pair(
    start: str | None, end: str | None, prefer: str, expected: tuple[date | None, date | None]
) -> None:
    assert parse_period(start, end, SUNDAY_6_DEC, prefer=prefer) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-12-20", "2026-12-10"),  # both with a year: nothing floats
        ("2026-12-20", "yesterday"),
        ("2026-12-20", "last fri"),
    ],
)
def test_parse_period_refuses_a_period_ending_before_it_starts(start: str, end: str) -> None:
    with pytest.raises(ParseError, match="before it starts"):
        parse_period(start, end, SUNDAY_6_DEC, prefer="future")
