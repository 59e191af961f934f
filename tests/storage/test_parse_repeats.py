"""Table-driven tests for storage.grammar: repeats typed in words and RRULEs described."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from dateutil.rrule import rrulestr

from storage.errors import ParseError
from storage.grammar import (
    describe_repeat,
    parse_repeat,
)

# --------------------------------------------------------------------------- repeats

START = date(2026, 11, 24)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("daily", "FREQ=DAILY"),
        ("every day", "FREQ=DAILY"),
        ("every 3 days", "FREQ=DAILY;INTERVAL=3"),
        ("weekly", "FREQ=WEEKLY"),
        ("every week", "FREQ=WEEKLY"),
        ("weekly on thu", "FREQ=WEEKLY;BYDAY=TH"),
        ("every tue", "FREQ=WEEKLY;BYDAY=TU"),
        ("every tue and thu", "FREQ=WEEKLY;BYDAY=TU,TH"),
        ("every thu and tue", "FREQ=WEEKLY;BYDAY=TU,TH"),
        ("every mon,wed", "FREQ=WEEKLY;BYDAY=MO,WE"),
        ("every mon, wed and fri", "FREQ=WEEKLY;BYDAY=MO,WE,FR"),
        ("every weekday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("every 2 weeks", "FREQ=WEEKLY;INTERVAL=2"),
        ("every 2 weeks on mon", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"),
        ("every other week on fri", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"),
        ("every second tuesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("biweekly", "FREQ=WEEKLY;INTERVAL=2"),
        ("monthly", "FREQ=MONTHLY"),
        ("monthly on the first thu", "FREQ=MONTHLY;BYDAY=1TH"),
        ("monthly on the last fri", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("monthly on the 15th", "FREQ=MONTHLY;BYMONTHDAY=15"),
        ("monthly on the last day", "FREQ=MONTHLY;BYMONTHDAY=-1"),
        ("every first thu", "FREQ=MONTHLY;BYDAY=1TH"),
        ("the first thursday of the month", "FREQ=MONTHLY;BYDAY=1TH"),
        ("every 3 months", "FREQ=MONTHLY;INTERVAL=3"),
        ("yearly", "FREQ=YEARLY"),
        ("every year", "FREQ=YEARLY"),
        ("every 2 weeks on tue until 2027-06-30", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270630"),
        ("weekly until 30 jun", "FREQ=WEEKLY;UNTIL=20270630"),
        ("every tue 10 times", "FREQ=WEEKLY;BYDAY=TU;COUNT=10"),
        ("every tue for 10 times", "FREQ=WEEKLY;BYDAY=TU;COUNT=10"),
        ("every tue x 5", "FREQ=WEEKLY;BYDAY=TU;COUNT=5"),
        ("chaque mardi", "FREQ=WEEKLY;BYDAY=TU"),
        ("tous les mardis", "FREQ=WEEKLY;BYDAY=TU"),
        ("toutes les 2 semaines", "FREQ=WEEKLY;INTERVAL=2"),
        ("toutes les 2 semaines le lundi", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"),
        ("le premier jeudi du mois", "FREQ=MONTHLY;BYDAY=1TH"),
        ("Every Tue", "FREQ=WEEKLY;BYDAY=TU"),
    ],
)
def test_parse_repeat(text: str, rule: str) -> None:
    assert parse_repeat(text, START) == rule


@pytest.mark.parametrize(
    ("text", "first_four"),
    [
        (
            "every 2 weeks on tue until 2027-06-30",
            [date(2026, 11, 24), date(2026, 12, 8), date(2026, 12, 22), date(2027, 1, 5)],
        ),
        (
            "monthly on the first thu",
            [date(2026, 12, 3), date(2027, 1, 7), date(2027, 2, 4), date(2027, 3, 4)],
        ),
        (
            "monthly on the last fri",
            [date(2026, 11, 27), date(2026, 12, 25), date(2027, 1, 29), date(2027, 2, 26)],
        ),
        (
            "every mon,wed",
            [date(2026, 11, 25), date(2026, 11, 30), date(2026, 12, 2), date(2026, 12, 7)],
        ),
    ],
)
def test_parse_repeat_occurrences(text: str, first_four: list[date]) -> None:
    rule = rrulestr(parse_repeat(text, START), dtstart=datetime.combine(START, time()))
    assert [d.date() for d in list(rule[:4])] == first_four


def test_parse_repeat_until_is_inclusive_and_last() -> None:
    rule = rrulestr(
        parse_repeat("every 2 weeks on tue until 2027-06-22", START),
        dtstart=datetime.combine(START, time()),
    )
    days = [d.date() for d in rule]
    assert days[-1] == date(2027, 6, 22)  # 30 weeks after the start: UNTIL is inclusive
    assert len(days) == 16


def test_parse_repeat_count() -> None:
    rule = rrulestr(
        parse_repeat("every tue 10 times", START), dtstart=datetime.combine(START, time())
    )
    assert len(list(rule)) == 10


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("every blah", "could not read `every blah` as a repeat"),
        ("", "no repeat"),
        ("weekly until 2026-01-01", "never happens"),
        ("every tue until 2027-01-01 5 times", "not both"),
        ("every tue 5 times until 2027-01-01", "not both"),
        ("monthly on the 32nd", "days 1 to 31"),
        ("every 0 weeks", "between 1 and 99"),
        ("weekly 0 times", "between 1 and 1000"),
        ("daily on mon", "could not read `mon`"),
        ("weekly until 31 feb", "February 31 does not exist"),
    ],
)
def test_parse_repeat_errors(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_repeat(text, START)


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("FREQ=DAILY", "every day"),
        ("FREQ=DAILY;INTERVAL=3", "every 3 days"),
        ("FREQ=WEEKLY", "every week"),
        ("FREQ=WEEKLY;BYDAY=TU", "every Tue"),
        ("FREQ=WEEKLY;BYDAY=MO,WE,FR", "every Mon, Wed and Fri"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "every weekday"),
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270630",
            "every 2 weeks on Tue until 30 Jun 2027",
        ),
        ("RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=10", "every Tue, 10 times"),
        ("FREQ=MONTHLY;BYDAY=1TH", "every month on the first Thu"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "every month on the last Fri"),
        ("FREQ=MONTHLY;BYMONTHDAY=15", "every month on the 15th"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "every month on the last day"),
        ("FREQ=YEARLY", "every year"),
        ("FREQ=WEEKLY;UNTIL=20270630T035959Z", "every week until 30 Jun 2027"),
        ("FREQ=MONTHLY;BYSETPOS=1;BYDAY=MO", "custom repeat (FREQ=MONTHLY;BYSETPOS=1;BYDAY=MO)"),
    ],
)
def test_describe_repeat(rule: str, text: str) -> None:
    assert describe_repeat(rule) == text


@pytest.mark.parametrize("rule", ["", "weekly", "FREQ=HOURLY", "FREQ", "BYDAY=TU"])
def test_describe_repeat_errors(rule: str) -> None:
    with pytest.raises(ParseError, match="not a repeat rule"):
        describe_repeat(rule)
