"""Meetings from realistic Outlook and Google .ics exports become time entries, once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from exporters.ics_import import import_meetings
from storage import EntryDraft, EntrySource, Store, ValidationError

FIXTURES = Path(__file__).parents[1] / "fixtures"
OUTLOOK = (FIXTURES / "outlook-meetings.ics").read_bytes()
GOOGLE = (FIXTURES / "google-meetings.ics").read_bytes()
TORONTO = ZoneInfo("America/Toronto")


def _local(store: Store) -> list[tuple[dt.datetime, dt.datetime, str]]:
    return [
        (
            e.start.astimezone(TORONTO).replace(tzinfo=None),
            e.end.astimezone(TORONTO).replace(tzinfo=None),
            e.note,
        )  # type: ignore[union-attr]
        for e in store.all_entries()
    ]


def test_outlook_export_with_windows_zones(store: Store, now: dt.datetime) -> None:
    result = import_meetings(store, OUTLOOK, now=now)
    assert result.summary() == (
        "imported 8, unchanged 0, skipped 4 (1 cancelled, 1 free, 1 all-day, 1 not over yet)"
    )
    entries = _local(store)
    weekly = [(s, e) for s, e, note in entries if note.startswith("Réunion d'équipe")]
    assert [s for s, _ in weekly] == [
        dt.datetime(2026, 10, 5, 10),
        dt.datetime(2026, 10, 20, 14),  # moved from Mon 19 (RECURRENCE-ID)
        dt.datetime(2026, 10, 26, 10),
        dt.datetime(2026, 11, 2, 10),  # after the DST change: still 10:00
        dt.datetime(2026, 11, 9, 10),
        dt.datetime(2026, 11, 16, 10),
        dt.datetime(2026, 11, 23, 10),
    ]  # 12 Oct is an EXDATE
    paris = next(s for s, _, note in entries if "Paris" in note)
    assert paris == dt.datetime(2026, 11, 10, 11)  # 17:00 Romance Standard Time
    one = store.all_entries()[0]
    assert one.duty == "meetings" and one.source is EntrySource.IMPORT
    assert one.external_uid and one.external_uid.endswith("|20261005T140000Z")


def test_google_export_utc_times_with_x_wr_timezone(store: Store, now: dt.datetime) -> None:
    result = import_meetings(store, GOOGLE, now=now)
    assert result.imported == 6
    assert result.skipped == {"cancelled": 1, "free": 1, "all-day": 1}
    starts = [s for s, _, note in _local(store) if note.startswith("Stand-up")]
    assert starts == [
        dt.datetime(2026, 10, 6, 10),
        dt.datetime(2026, 10, 21, 14),  # the moved occurrence
        dt.datetime(2026, 11, 3, 10),  # 10:00 EST, not 09:00: the series follows X-WR-TIMEZONE
        dt.datetime(2026, 11, 10, 10),
        dt.datetime(2026, 11, 17, 10),
    ]
    board = next((s, e) for s, e, note in _local(store) if note == "Board prep")
    assert board == (dt.datetime(2026, 11, 12, 14), dt.datetime(2026, 11, 12, 15))


def test_second_import_adds_nothing(store: Store, now: dt.datetime) -> None:
    import_meetings(store, OUTLOOK, now=now)
    import_meetings(store, GOOGLE, now=now)
    count = len(store.all_entries())
    again = import_meetings(store, OUTLOOK, now=now)
    assert again.imported == 0 and again.present == 8
    assert import_meetings(store, GOOGLE, now=now).present == 6
    assert len(store.all_entries()) == count == 14


def test_overlap_with_an_existing_entry_is_reported_not_doubled(
    store: Store, now: dt.datetime
) -> None:
    start = dt.datetime(2026, 11, 12, 14, 30, tzinfo=TORONTO)
    store.add_entry(
        EntryDraft("press relations", start, start + dt.timedelta(hours=1), note="call")
    )
    result = import_meetings(store, GOOGLE, now=now)
    assert result.imported == 5 and result.skipped["overlaps an entry"] == 1
    assert result.overlaps == ["2026-11-12 14:00 Board prep: #1 press relations"]
    assert "1 overlaps an entry" in result.summary()
    assert not any(e.note == "Board prep" for e in store.all_entries())


def test_range_and_dry_run(store: Store, now: dt.datetime) -> None:
    dry = import_meetings(
        store,
        OUTLOOK,
        now=now,
        first=dt.date(2026, 11, 1),
        last=dt.date(2026, 11, 15),
        dry_run=True,
    )
    assert dry.summary() == "would import 3, unchanged 0, skipped 2 (1 free, 1 all-day)"
    assert store.all_entries() == []


def test_import_is_one_undoable_change(store: Store, now: dt.datetime) -> None:
    import_meetings(store, GOOGLE, now=now)
    assert store.undo() == "import 6 meetings"
    assert store.all_entries() == []


def test_utc_event_in_the_repeated_hour_keeps_its_length(store: Store, now: dt.datetime) -> None:
    data = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//EN\r\nX-WR-TIMEZONE:America/Toronto\r\n"
        "BEGIN:VEVENT\r\nUID:late@google.com\r\nDTSTAMP:20261101T000000Z\r\n"
        "DTSTART:20261101T053000Z\r\nDTEND:20261101T063000Z\r\nSUMMARY:Night shift\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert import_meetings(store, data, now=now).imported == 1
    (entry,) = store.all_entries()
    assert entry.minutes() == 60  # 01:30 EDT to 01:30 EST


def test_not_a_calendar(store: Store, now: dt.datetime) -> None:
    with pytest.raises(ValidationError):
        import_meetings(store, b"hello, world", now=now)


def test_cli_import_ics(db_path: Path, store: Store) -> None:
    from tui.cli import cli

    store.close()
    base = ["--db", str(db_path), "--now", "2026-11-23T15:00"]
    runner = CliRunner()
    path = str(FIXTURES / "outlook-meetings.ics")
    dry = runner.invoke(cli, [*base, "import", "ics", path, "--duty", "meetings", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert dry.stdout.startswith("would import 8")
    first = runner.invoke(cli, [*base, "import", "ics", path])
    assert first.stdout.splitlines()[0].startswith("imported 8, unchanged 0, skipped 4")
    second = runner.invoke(cli, [*base, "import", "ics", path])
    assert second.stdout.startswith("imported 0, unchanged 8")
    bad = runner.invoke(cli, [*base, "import", "ics", path, "--duty", "nope"])
    assert bad.exit_code == 1 and bad.stderr.startswith("Error: unknown duty 'nope'")


def test_an_event_ending_as_it_starts_is_skipped_as_having_no_length(
    store: Store, now: dt.datetime
) -> None:
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
        "BEGIN:VEVENT\r\nUID:zero@t\r\nDTSTAMP:20261101T000000Z\r\n"
        "DTSTART:20261102T150000Z\r\nDTEND:20261102T150000Z\r\nSUMMARY:Reminder\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    result = import_meetings(store, text, now=now)
    assert result.skipped == {"no length": 1}
    assert "skipped 1 (1 no length)" in result.summary()
