"""Times a zone repeats or skips in the .ics export: every reader finds the instant chosen.

A single post (or one changed date of a series) in such an hour is written in UTC; a series
keeps its zone's wall time and readers expand it as storage does (RFC 5545 §3.3.5). Every
file is parsed back with icalendar (and recurring_ical_events for series).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from exporters.ics import IcsOptions, export_ics
from storage import Post, PostDraft, Store, commands

UTC = dt.UTC
NOW = dt.datetime(2026, 10, 1, 12, tzinfo=UTC)
TORONTO = "America/Toronto"
ZONE = ZoneInfo(TORONTO)
BACK_DAY = dt.date(2026, 11, 1)  # Toronto's clocks go back from 02:00 to 01:00
GAP_DAY = dt.date(2027, 3, 14)  # Toronto's clocks go from 02:00 to 03:00


def _utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def _instant(post: Post) -> dt.datetime:
    assert post.starts_at is not None
    return post.starts_at.astimezone(UTC)


def _add(store: Store, title: str, day: dt.date, time: dt.time, **more: object) -> Post:
    draft = PostDraft(title=title, platform="Facebook", date=day, time=time, **more)  # type: ignore[arg-type]
    return store.add_post(draft)


def _export(store: Store, first: dt.date, last: dt.date) -> tuple[str, icalendar.Calendar]:
    text = export_ics(
        store, first, last, now=NOW, options=IcsOptions(zone_name=TORONTO, event_minutes=15)
    )
    return text, icalendar.Calendar.from_ical(text)


def _events(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["SUMMARY"]).removeprefix("[Facebook] "): e for e in calendar.walk("VEVENT")}


def _read(event: icalendar.Event, key: str) -> dt.datetime:
    value = event[key].dt
    assert isinstance(value, dt.datetime) and value.tzinfo is not None
    return value.astimezone(UTC)


@pytest.mark.parametrize(
    ("zone", "day", "time", "first", "second"),
    [
        (TORONTO, BACK_DAY, dt.time(1, 30), _utc(2026, 11, 1, 5, 30), _utc(2026, 11, 1, 6, 30)),
        (
            "Australia/Sydney",
            dt.date(2026, 4, 5),
            dt.time(2, 30),
            _utc(2026, 4, 4, 15, 30),
            _utc(2026, 4, 4, 16, 30),
        ),
        (
            "Australia/Lord_Howe",
            dt.date(2026, 4, 5),
            dt.time(1, 45),
            _utc(2026, 4, 4, 14, 45),
            _utc(2026, 4, 4, 15, 15),
        ),
    ],
)
def test_a_time_that_happens_twice_goes_out_in_utc(
    store: Store,
    zone: str,
    day: dt.date,
    time: dt.time,
    first: dt.datetime,
    second: dt.datetime,
) -> None:
    one = _add(store, "First", day, time, timezone=zone)
    two = _add(store, "Second", day, time.replace(fold=1), timezone=zone)
    text, calendar = _export(store, day, day)
    events = _events(calendar)
    for post, title, instant in ((one, "First", first), (two, "Second", second)):
        assert _instant(post) == instant
        assert _read(events[title], "DTSTART") == instant
        assert _read(events[title], "DTEND") == instant + dt.timedelta(minutes=15)
    stamp = f"{second:%Y%m%dT%H%M%S}Z"
    assert f"DTSTART:{stamp}\r\n" in text  # UTC, with no TZID a reader could read otherwise


def test_an_event_that_ends_in_the_repeated_hour(store: Store) -> None:
    """00:50 EDT + 15 minutes ends at 01:05 EDT, in the hour that comes back: UTC too."""
    post = _add(store, "Late", BACK_DAY, dt.time(0, 50))
    text, calendar = _export(store, BACK_DAY, BACK_DAY)
    event = _events(calendar)["Late"]
    assert _read(event, "DTSTART") == _instant(post) == _utc(2026, 11, 1, 4, 50)
    assert _read(event, "DTEND") == _utc(2026, 11, 1, 5, 5)
    assert "TZID" not in event["DTSTART"].to_ical().decode() and "DTSTART:" in text


def test_other_times_keep_their_zone(store: Store) -> None:
    post = _add(store, "Morning", BACK_DAY, dt.time(10))
    text, calendar = _export(store, BACK_DAY, BACK_DAY)
    assert "DTSTART;TZID=America/Toronto:20261101T100000" in text
    assert _read(_events(calendar)["Morning"], "DTSTART") == _instant(post)


def test_a_time_saved_in_the_gap_goes_out_where_storage_puts_it(
    store: Store, db_path: Path
) -> None:
    """02:30 on the day clocks spring forward (saved before such times were refused) is
    03:30 EDT for storage and RFC 5545 alike; the file says so in UTC."""
    post = _add(store, "Night", dt.date(2027, 3, 13), dt.time(2, 30))
    with contextlib.closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("UPDATE posts SET date = '2027-03-14' WHERE id = ?", (post.id,))
    post = store.get_post(post.id)
    _, calendar = _export(store, GAP_DAY, GAP_DAY)
    assert _read(_events(calendar)["Night"], "DTSTART") == _instant(post)
    assert _instant(post) == _utc(2027, 3, 14, 7, 30)


def test_a_series_expands_in_every_reader_as_in_storage(store: Store) -> None:
    """A weekly series at 01:30 and one at 02:30 keep TZID wall times; readers expand them as
    storage does: the first reading on 1 November, 03:30 EDT on 14 March. One date changed
    to the second reading goes out in UTC with its RECURRENCE-ID as the series has it."""
    weekly = "FREQ=WEEKLY;BYDAY=SU;COUNT=30"
    start = dt.date(2026, 10, 25)
    one_thirty = _add(store, "Weekly 1:30", start, dt.time(1, 30), rrule=weekly)
    two_thirty = _add(store, "Weekly 2:30", start, dt.time(2, 30), rrule=weekly)
    moved = commands.move_post(
        store, one_thirty.id, dt.date(2026, 11, 8), dt.time(9), on=dt.date(2026, 11, 8)
    )
    second = commands.edit_post(
        store,
        one_thirty.id,
        PostDraft(
            title="Weekly 1:30",
            platform="Facebook",
            date=BACK_DAY,
            time=dt.time(1, 30, fold=1),
        ),
        on=BACK_DAY,
    )
    assert moved.date == dt.date(2026, 11, 8) and second.fold == 1
    text, calendar = _export(store, start, GAP_DAY)
    assert "DTSTART;TZID=America/Toronto:20261025T013000" in text
    found: dict[tuple[str, dt.date], dt.datetime] = {}
    for event in recurring_ical_events.of(calendar).between(start, GAP_DAY + dt.timedelta(1)):
        moment = event["DTSTART"].dt
        title = str(event["SUMMARY"]).removeprefix("[Facebook] ")
        found[(title, moment.astimezone(ZONE).date())] = moment.astimezone(UTC)
    expected = {
        (p.title, p.date): _instant(p)
        for p in store.occurrences_between(start, GAP_DAY)
        if p.date is not None
    }
    assert found == expected
    assert found[("Weekly 1:30", BACK_DAY)] == _utc(2026, 11, 1, 6, 30)  # the changed date
    assert found[("Weekly 2:30", GAP_DAY)] == _utc(2027, 3, 14, 7, 30)  # moved by the gap
    assert found[("Weekly 2:30", BACK_DAY)] == _utc(2026, 11, 1, 7, 30)  # 02:30 EST, once
    assert two_thirty.rrule is not None
