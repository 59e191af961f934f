"""The README's grammar paragraph says what the grammar does (issue 18): every example it lists
reads as it says, with the functions the CLI and the TUI use."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from storage import Store
from storage.errors import ParseError
from storage.grammar import (
    parse_day,
    parse_duration,
    parse_log_line,
    parse_time,
    parse_time_range,
    parse_when,
)
from tests.conftest import ZONE

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
SUNDAY_5PM = dt.datetime(2026, 12, 6, 17, 0, tzinfo=ZONE)  # "on 6 December", as it says


def examples(label: str) -> list[str]:
    """The `code` words of the README paragraph line that starts with `label`, up to the
    next sentence."""
    start = README.index(f"\n{label}")
    end = README.index(".\n", start)
    return re.findall(r"`([^`]+)`", README[start:end])


def test_every_duration_listed_reads_as_a_duration() -> None:
    listed = examples("Durations:")
    assert {"1h30", "90", "1:30", ":45", "1m"} <= set(listed)
    minutes = {text: parse_duration(text) for text in listed}
    assert minutes["1:30"] == minutes["1h30"] == minutes["90"] == 90
    assert minutes["1m"] == 1 and minutes[":45"] == 45


def test_every_time_and_range_listed_reads_as_one() -> None:
    listed = examples("Times:")
    ranges = [t for t in listed if "-" in t]
    assert ranges and len(ranges) < len(listed)
    for text in listed:
        (parse_time_range if text in ranges else parse_time)(text)
    assert parse_time_range("2-4pm") == (dt.time(14), dt.time(16))


def test_every_day_listed_reads_as_a_day_and_3_12_is_refused() -> None:
    listed = [d for d in examples("Days:") if "/" not in d and d != "log"]
    for word in ("today", "last fri", "next tue", "3 déc"):
        assert word in listed
    for text in listed:
        parse_day(text, SUNDAY_5PM.date(), prefer="past")
    with pytest.raises(ParseError):
        parse_day("3/12", SUNDAY_5PM.date(), prefer="past")
    today = SUNDAY_5PM.date()
    assert parse_day("3 dec", today, prefer="future") == dt.date(2026, 12, 3)  # three days ago
    assert parse_day("20 jan", today, prefer="past") == dt.date(2027, 1, 20)  # next month
    assert parse_day("tue", today, prefer="past") == dt.date(2026, 12, 1)  # log: the last one
    assert parse_day("tue", today, prefer="future") == dt.date(2026, 12, 8)  # post: the next
    assert parse_day("sun", today, prefer="past") == parse_day("sun", today, prefer="future")


def test_a_posts_day_and_time_as_listed() -> None:
    listed = examples("A post's day and time")
    assert "tue 10am" in listed and "14:00 tomorrow" in listed
    for text in listed:
        if text not in ("--at", "g"):
            assert parse_when(text, SUNDAY_5PM)[1] is not None, text
    assert parse_when("fri", SUNDAY_5PM) == (dt.date(2026, 12, 11), None)
    assert parse_when("2pm", SUNDAY_5PM) == (SUNDAY_5PM.date(), dt.time(14))


def test_the_log_examples_read_as_the_readme_says(store: Store) -> None:
    duties, activities = store.duties(), store.activities()

    def span(line: str) -> tuple[str, str]:
        read = parse_log_line(line, SUNDAY_5PM, duties, activities)
        return (f"{read.start.astimezone(ZONE):%H:%M}", f"{read.end.astimezone(ZONE):%H:%M}")

    paragraph = README[README.index("\nIn `log`, a word") : README.index("\nTimes:")]
    assert "`log 1:30 web` is 1 h 30 ending now" in paragraph
    assert span("1:30 web") == ("15:30", "17:00")
    assert "(`log 14:30 1h web`)" in paragraph
    assert span("14:30 1h web") == ("14:30", "15:30")
    assert "(`log 14:00 web`) it is refused as unclear" in paragraph
    with pytest.raises(ParseError, match="could be a start time or a 14 h duration"):
        parse_log_line("14:00 web", SUNDAY_5PM, duties, activities)
