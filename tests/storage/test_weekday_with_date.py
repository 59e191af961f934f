"""A day written as Calepin writes it, 'Tue 1 Dec': the date decides and the weekday checks it
(issue 18: 'sun 1 nov 1:30am' was refused)."""

from __future__ import annotations

import datetime as dt

import pytest

from storage import ParseError
from storage.grammar import parse_day, parse_when

NOW = dt.datetime(2026, 10, 20, 9, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sun 1 nov 1:30am", (dt.date(2026, 11, 1), dt.time(1, 30))),
        ("Sunday 1 Nov", (dt.date(2026, 11, 1), None)),
        ("dim 1 nov 14h", (dt.date(2026, 11, 1), dt.time(14))),
        ("Mon 2026-11-02 9am", (dt.date(2026, 11, 2), dt.time(9))),
        ("mardi 3 novembre", (dt.date(2026, 11, 3), None)),
        ("Wed, 4 Nov", (dt.date(2026, 11, 4), None)),
    ],
)
def test_a_weekday_before_a_date_is_read(text: str, expected: tuple) -> None:
    assert parse_when(text, NOW) == expected


def test_a_weekday_that_does_not_match_its_date_is_refused_naming_both() -> None:
    with pytest.raises(ParseError, match=r"1 Nov 2026 is a Sunday, not a Tuesday"):
        parse_when("tue 1 nov 9am", NOW)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mar 15", dt.date(2027, 3, 15)),  # 'mar' is March here, not mardi
        ("tue", dt.date(2026, 10, 20)),
        ("next tue", dt.date(2026, 10, 27)),
    ],
)
def test_other_readings_are_unchanged(text: str, expected: dt.date) -> None:
    assert parse_day(text, NOW.date(), prefer="future") == expected
