"""Table-driven tests for storage.grammar: durations, times of day and time ranges."""

from __future__ import annotations

from datetime import time

import pytest

from storage.errors import ParseError
from storage.grammar import (
    parse_duration,
    parse_time,
    parse_time_range,
)

# --------------------------------------------------------------------------- durations


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("1h30", 90),
        ("1h30m", 90),
        ("1h30min", 90),
        ("90m", 90),
        ("90", 90),
        ("1.5h", 90),
        ("1,5h", 90),
        ("1:30", 90),
        (":45", 45),
        ("2h", 120),
        ("1m", 1),
        ("45min", 45),
        ("1h05", 65),
        ("1h5", 65),
        ("0.25h", 15),
        ("24h", 1440),
        ("2H", 120),
        ("  30m ", 30),
        ("3hours", 180),
    ],
)
def test_parse_duration(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0", "more than zero"),
        ("0h", "more than zero"),
        ("-1h", "more than zero"),
        ("-30", "more than zero"),
        ("25h", "longer than 24 hours"),
        ("1441", "longer than 24 hours"),
        ("24h01", "longer than 24 hours"),
        ("1h75", "under 60"),
        ("2 h", "try 1h30"),
        ("abc", "could not read `abc` as a duration"),
        ("", "no duration"),
        ("1mo", "could not read"),
    ],
)
def test_parse_duration_errors(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_duration(text)


# --------------------------------------------------------------------------- times


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2pm", time(14, 0)),
        ("2 pm", time(14, 0)),
        ("10am", time(10, 0)),
        ("12pm", time(12, 0)),
        ("12am", time(0, 0)),
        ("2:30pm", time(14, 30)),
        ("2:30 p.m.", time(14, 30)),
        ("14", time(14, 0)),
        ("0", time(0, 0)),
        ("14:00", time(14, 0)),
        ("1430", time(14, 30)),
        ("930", time(9, 30)),
        ("0930", time(9, 30)),
        ("9:15", time(9, 15)),
        ("14h30", time(14, 30)),
        ("14h", time(14, 0)),
        ("9h", time(9, 0)),
        ("noon", time(12, 0)),
        ("midi", time(12, 0)),
        ("23:59", time(23, 59)),
    ],
)
def test_parse_time(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("25:00", "not a time of day"),
        ("14:60", "not a time of day"),
        ("24:00", "not a time of day"),
        ("13pm", "from 1 to 12"),
        ("0am", "from 1 to 12"),
        ("2500", "not a time of day"),
        ("tea time", "could not read `tea time` as a time"),
        ("", "no time"),
    ],
)
def test_parse_time_errors(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_time(text)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2-4pm", time(14), time(16)),
        ("11-1pm", time(11), time(13)),
        ("12-2pm", time(12), time(14)),
        ("9-5pm", time(9), time(17)),
        ("14:00-16:30", time(14), time(16, 30)),
        ("9:15-10", time(9, 15), time(10)),
        ("14h30-16h", time(14, 30), time(16)),
        ("9am-12pm", time(9), time(12)),
        ("9–10", time(9), time(10)),
        ("14:00 – 15:00", time(14), time(15)),
        ("2pm-4", time(14), time(16)),
        ("2:30-4pm", time(14, 30), time(16)),
        ("10-11am", time(10), time(11)),
        ("7-3pm", time(7), time(15)),
        ("4am-2pm", time(4), time(14)),
    ],
)
def test_parse_time_range(text: str, start: time, end: time) -> None:
    assert parse_time_range(text) == (start, end)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("16:00-14:00", "ends before it starts"),
        ("10-9", "ends before it starts"),
        ("22:00-1:00", "ends before it starts"),
        ("10-10", "same time"),
        ("4-2pm", "unclear: write 4am-2pm"),
        ("14:00-25:00", "not a time of day"),
        ("x-y", "could not read"),
        ("14:00", "as a time range"),
    ],
)
def test_parse_time_range_errors(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_time_range(text)
