"""A repeat rule's INTERVAL is 1 or more: 0 made dateutil give one moment forever (the app and
the meeting import hung), a negative one failed deep inside it."""

from __future__ import annotations

import datetime as dt
import sqlite3
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from exporters.ics_import import import_meetings
from storage import PostDraft, Store, ValidationError, recurrence
from tests.conftest import NOW
from tui.cli import cli

TORONTO = ZoneInfo("America/Toronto")
MONDAY = dt.date(2026, 11, 2)


@pytest.mark.parametrize("interval", ["0", "00", "-1", "100", "99999999999"])
def test_an_interval_outside_1_to_99_is_refused_and_nothing_saved(
    store: Store, interval: str
) -> None:
    rule = f"FREQ=WEEKLY;INTERVAL={interval}"
    with pytest.raises(ValidationError, match=f"INTERVAL={interval}: .* from 1 to 99"):
        store.add_post(PostDraft("Tip", "Facebook", MONDAY, dt.time(9), rrule=rule))
    assert store.occurrences_between(MONDAY, MONDAY + dt.timedelta(days=60)) == []


@pytest.mark.parametrize("interval", ["1", "2", "99"])
def test_an_interval_from_1_to_99_is_kept(store: Store, interval: str) -> None:
    rule = f"FREQ=WEEKLY;INTERVAL={interval}"
    post = store.add_post(PostDraft("Tip", "Facebook", MONDAY, dt.time(9), rrule=rule))
    assert post.rrule == rule
    days = [p.date for p in store.occurrences_between(MONDAY, MONDAY + dt.timedelta(days=15))]
    weeks = {"1": [0, 1, 2], "2": [0, 2], "99": [0]}[interval]
    assert days == [MONDAY + dt.timedelta(weeks=n) for n in weeks]


def test_the_cli_refuses_it_with_an_error(db_path) -> None:
    result = CliRunner().invoke(
        cli,
        ["--db", str(db_path), "--now", "2026-11-23T15:00", "post", "add", "Tip",
         "-p", "facebook", "--at", "2026-11-23 09:00", "--repeat", "FREQ=WEEKLY;INTERVAL=0"],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "Error: " in result.output and "INTERVAL=0" in result.output
    assert "Traceback" not in result.output
    with Store.open(db_path, zone_name="America/Toronto") as store:
        assert store.all_posts() == []


def test_a_rule_saved_before_the_check_lists_no_date_and_does_not_hang(store: Store) -> None:
    post = store.add_post(
        PostDraft("Tip", "Facebook", MONDAY, dt.time(9), rrule="FREQ=WEEKLY;INTERVAL=1")
    )
    with sqlite3.connect(store.path) as raw:  # as an older Calepin could have written it
        raw.execute("UPDATE posts SET rrule = 'FREQ=WEEKLY;INTERVAL=0' WHERE id = ?", (post.id,))
    raw.close()
    assert (
        recurrence.dates_between(
            "FREQ=WEEKLY;INTERVAL=0", MONDAY, dt.time(9), TORONTO, MONDAY, dt.date(2027, 1, 1)
        )
        == []
    )
    with Store.open(store.path, zone_name="America/Toronto") as again:
        listed = again.occurrences_between(MONDAY, dt.date(2027, 1, 1))
        assert [(p.date, p.recurrence_date) for p in listed] == []


@pytest.mark.parametrize("interval", ["0", "-2"])
def test_a_meeting_with_such_a_rule_imports_as_if_it_had_none(store: Store, interval: str) -> None:
    text = "\r\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:stand-up",
        "SUMMARY:Stand-up", "DTSTART:20261102T150000Z", "DTEND:20261102T151500Z",
        f"RRULE:FREQ=DAILY;INTERVAL={interval};COUNT=3", "END:VEVENT", "END:VCALENDAR", "",
    ])  # fmt: skip
    result = import_meetings(store, text, now=NOW)
    assert result.imported == 3, result.summary()
    starts = sorted(e.start.date() for e in store.all_entries())
    assert starts == [dt.date(2026, 11, 2), dt.date(2026, 11, 3), dt.date(2026, 11, 4)]
    assert any(f"left out INTERVAL={interval}" in note for note in result.notes), result.notes


def test_a_meeting_rule_with_an_unreadable_part_and_interval_0_imports_too(store: Store) -> None:
    text = "\r\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:stand-up",
        "SUMMARY:Stand-up", "DTSTART:20261102T150000Z", "DTEND:20261102T151500Z",
        "RRULE:FREQ=DAILY;INTERVAL=0;COUNT=3;BYDAY=XX", "END:VEVENT", "END:VCALENDAR", "",
    ])  # fmt: skip
    result = import_meetings(store, text, now=NOW)
    assert result.imported == 3, result.summary()
    assert any("left out BYDAY=XX" in note for note in result.notes), result.notes
    assert any("left out INTERVAL=0" in note for note in result.notes), result.notes
