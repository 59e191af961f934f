"""Importing a calendar again applies its moves, retitles and cancellations to the meetings
imported before; the newest version of an event wins; a hand edit is never overwritten."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from click.testing import CliRunner

from exporters.ics_changes import event_version
from exporters.ics_fast import presplit
from exporters.ics_import import import_meetings, read_meetings
from storage import EntryDraft, Store, migrations

TORONTO = ZoneInfo("America/Toronto")
DAY = "20261116"  # Monday of the week before the tests' now (Mon 23 Nov 2026, 15:00)


def _event(
    uid: str,
    start: str,
    end: str,
    title: str,
    *,
    seq: int | None = 0,
    extra: tuple[str, ...] = (),
    tzid: str = "America/Toronto",
) -> str:
    lines = ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20261120T120000Z"]
    if seq is not None:
        lines.append(f"SEQUENCE:{seq}")
    zone = f";TZID={tzid}" if tzid else ""
    lines += [f"DTSTART{zone}:{start}", f"DTEND{zone}:{end}", f"SUMMARY:{title}", *extra]
    return "\r\n".join([*lines, "END:VEVENT"])


def _calendar(*events: str, head: tuple[str, ...] = ()) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//Calendar//EN", *head, *events]
    return ("\r\n".join([*lines, "END:VCALENDAR"]) + "\r\n").encode()


def _standup(seq: int = 0, start: str = "100000", end: str = "110000", title: str = "Stand-up",
             extra: tuple[str, ...] = ()) -> str:  # fmt: skip
    return _event("standup@test", f"{DAY}T{start}", f"{DAY}T{end}", title, seq=seq, extra=extra)


def _weekly(*extra: str, seq: int = 0) -> str:
    """Team meeting every Tuesday at 14:00, 3 to 17 November 2026 (three dates)."""
    return _event(
        "team@test",
        "20261103T140000",
        "20261103T150000",
        "Team",
        seq=seq,
        extra=("RRULE:FREQ=WEEKLY;COUNT=3", *extra),
    )


def _local(store: Store) -> list[tuple[str, str, str]]:
    """Each entry as (start, end, note) on Toronto's clock."""
    return [
        (
            f"{e.start.astimezone(TORONTO):%a %d %H:%M}",
            f"{e.end.astimezone(TORONTO):%H:%M}",  # type: ignore[union-attr]
            e.note,
        )
        for e in store.all_entries()
    ]


def test_a_meeting_moved_in_outlook_moves_on_reimport(store: Store, now: dt.datetime) -> None:
    first = import_meetings(store, _calendar(_standup()), now=now)
    assert first.summary() == "imported 1, unchanged 0, skipped 0"
    (entry,) = store.all_entries()
    again = import_meetings(store, _calendar(_standup(1, "150000", "160000")), now=now)
    assert again.summary() == "imported 0, moved 1, unchanged 0, skipped 0"
    (moved,) = store.all_entries()
    assert moved.id == entry.id
    assert _local(store) == [("Mon 16 15:00", "16:00", "Stand-up")]
    assert store.undo_label == "import meetings (1 moved)"


def test_a_retitled_meeting_is_retitled(store: Store, now: dt.datetime) -> None:
    import_meetings(store, _calendar(_standup()), now=now)
    again = import_meetings(store, _calendar(_standup(1, title="Stand-up (comms)")), now=now)
    assert again.summary() == "imported 0, retitled 1, unchanged 0, skipped 0"
    assert _local(store) == [("Mon 16 10:00", "11:00", "Stand-up (comms)")]


def test_a_cancelled_meeting_is_removed(store: Store, now: dt.datetime) -> None:
    import_meetings(store, _calendar(_standup(), _weekly()), now=now)
    assert len(store.all_entries()) == 4
    cancelled = _standup(1, extra=("STATUS:CANCELLED",))
    again = import_meetings(store, _calendar(cancelled, _weekly()), now=now)
    assert again.summary() == "imported 0, removed 1, unchanged 3, skipped 1 (1 cancelled)"
    assert [note for _, _, note in _local(store)] == ["Team"] * 3


def test_a_cancelled_occurrence_of_a_series_is_removed(store: Store, now: dt.datetime) -> None:
    import_meetings(store, _calendar(_weekly()), now=now)
    override = _event(
        "team@test",
        "20261110T140000",
        "20261110T150000",
        "Team",
        seq=1,
        extra=("RECURRENCE-ID;TZID=America/Toronto:20261110T140000", "STATUS:CANCELLED"),
    )
    again = import_meetings(store, _calendar(_weekly(), override), now=now)
    assert again.summary() == "imported 0, removed 1, unchanged 2, skipped 1 (1 cancelled)"
    assert [s for s, _, _ in _local(store)] == ["Tue 03 14:00", "Tue 17 14:00"]


def test_an_occurrence_excluded_from_its_series_is_removed(store: Store, now: dt.datetime) -> None:
    import_meetings(store, _calendar(_weekly()), now=now)
    excluded = _weekly("EXDATE;TZID=America/Toronto:20261117T140000", seq=1)
    again = import_meetings(store, _calendar(excluded), now=now)
    assert again.summary() == "imported 0, removed 1, unchanged 2, skipped 0"
    assert [s for s, _, _ in _local(store)] == ["Tue 03 14:00", "Tue 10 14:00"]


def test_an_excluded_floating_occurrence_matches_google_style(
    store: Store, now: dt.datetime
) -> None:
    def series(*extra: str) -> str:
        rule = ("RRULE:FREQ=DAILY;COUNT=3", *extra)
        return _event("f@test", "20261102T130000", "20261102T133000", "Daily", extra=rule, tzid="")

    for head in ((), ("X-WR-TIMEZONE:America/Toronto",)):
        import_meetings(store, _calendar(series(), head=head), now=now)
        again = import_meetings(
            store, _calendar(series("EXDATE:20261103T130000"), head=head), now=now
        )
        assert again.summary().startswith("imported 0, removed 1, unchanged 2"), head
        for e in store.all_entries():
            store.delete_entry(e.id)


def test_a_meeting_absent_from_a_partial_export_stays(store: Store, now: dt.datetime) -> None:
    import_meetings(store, _calendar(_standup(), _weekly()), now=now)
    again = import_meetings(store, _calendar(_standup()), now=now)
    assert again.summary() == "imported 0, unchanged 1, skipped 0"
    assert len(store.all_entries()) == 4


@pytest.mark.parametrize("newer_first", [True, False])
def test_the_higher_sequence_wins_in_one_file(
    store: Store, now: dt.datetime, newer_first: bool
) -> None:
    old, new = _standup(1), _standup(2, "130000", "140000", "Stand-up moved")
    pair = (new, old) if newer_first else (old, new)
    result = import_meetings(store, _calendar(*pair), now=now)
    assert result.summary() == "imported 1, unchanged 0, skipped 0"
    assert _local(store) == [("Mon 16 13:00", "14:00", "Stand-up moved")]


def test_equal_sequences_go_by_last_modified(store: Store, now: dt.datetime) -> None:
    late = _standup(1, "130000", "140000", "Later edit", extra=("LAST-MODIFIED:20261118T090000Z",))
    early = _standup(1, extra=("LAST-MODIFIED:20261117T090000Z",))
    import_meetings(store, _calendar(late, early), now=now)
    assert _local(store) == [("Mon 16 13:00", "14:00", "Later edit")]


def test_a_newer_cancelled_version_in_the_same_file_wins(store: Store, now: dt.datetime) -> None:
    cancelled = _standup(3, extra=("STATUS:CANCELLED",))
    result = import_meetings(store, _calendar(cancelled, _standup(2)), now=now)
    assert result.summary() == "imported 0, unchanged 0, skipped 1 (1 cancelled)"
    assert store.all_entries() == []


def test_an_older_file_changes_nothing(store: Store, now: dt.datetime) -> None:
    import_meetings(store, _calendar(_standup(4, "150000", "160000")), now=now)
    older = import_meetings(store, _calendar(_standup(2)), now=now)
    assert older.summary() == "imported 0, unchanged 1, skipped 0"
    assert _local(store) == [("Mon 16 15:00", "16:00", "Stand-up")]


def test_an_entry_edited_by_hand_is_kept_and_listed(store: Store, now: dt.datetime) -> None:
    import_meetings(store, _calendar(_standup(), _weekly()), now=now)
    standup = next(e for e in store.all_entries() if e.note == "Stand-up")
    edited = EntryDraft(
        duty=standup.duty,
        start=standup.start,
        end=standup.start + dt.timedelta(minutes=30),
        note="Stand-up, left early",
        source=standup.source,
        external_uid=standup.external_uid,
    )
    store.update_entry(standup.id, edited)
    tuesday = store.all_entries()[0]
    store.update_entry(
        tuesday.id,
        EntryDraft(
            tuesday.duty, tuesday.start, tuesday.end, "report", tuesday.note,
            source=tuesday.source, external_uid=tuesday.external_uid,
        ),
    )  # fmt: skip
    override = _event(
        "team@test",
        "20261103T140000",
        "20261103T150000",
        "Team",
        seq=1,
        extra=("RECURRENCE-ID;TZID=America/Toronto:20261103T140000", "STATUS:CANCELLED"),
    )
    file = _calendar(_standup(1, "150000", "160000"), _weekly(), override)
    again = import_meetings(store, file, now=now)
    assert again.summary() == (
        f"imported 0, kept 2 edited by hand (#{tuesday.id}, #{standup.id}), unchanged 2,"
        " skipped 1 (1 cancelled)"
    )
    assert again.notes == [
        f"kept #{tuesday.id} Tue 3 Nov 14:00 “Team”: edited by hand; the calendar cancelled it",
        f"kept #{standup.id} Mon 16 Nov 10:00 “Stand-up, left early”: edited by hand;"
        " the calendar has Mon 16 Nov 15:00–16:00 “Stand-up”",
    ]
    assert store.get_entry(standup.id).note == "Stand-up, left early"
    assert store.get_entry(tuesday.id).activity == "report"
    assert not store.can_redo and store.undo_label == f"edit entry #{tuesday.id}"


def test_undo_puts_back_what_a_reimport_changed(store: Store, now: dt.datetime) -> None:
    other = _event("press@test", f"{DAY}T120000", f"{DAY}T123000", "Press call")
    import_meetings(store, _calendar(_standup(), _weekly(), other), now=now)
    before = _local(store)
    ids = sorted(e.id for e in store.all_entries())
    new = _event("new@test", f"{DAY}T170000", f"{DAY}T173000", "New one")
    file = _calendar(
        _standup(1, "150000", "160000"),
        _weekly(),
        _event("press@test", f"{DAY}T120000", f"{DAY}T123000", "Press", seq=1),
        _event(
            "team@test",
            "20261110T140000",
            "20261110T150000",
            "Team",
            seq=1,
            extra=("RECURRENCE-ID;TZID=America/Toronto:20261110T140000", "STATUS:CANCELLED"),
        ),
        new,
    )
    again = import_meetings(store, file, now=now)
    assert again.summary() == (
        "imported 1, moved 1, retitled 1, removed 1, unchanged 2, skipped 1 (1 cancelled)"
    )
    assert len(store.all_entries()) == 5
    assert store.undo() == "import meetings (1 new, 1 moved, 1 retitled, 1 removed)"
    assert _local(store) == before
    assert sorted(e.id for e in store.all_entries()) == ids
    # Imported as before, the same file applies the same changes once more.
    redo = import_meetings(store, file, now=now)
    assert (redo.imported, redo.moved, redo.retitled, len(redo.removals)) == (1, 1, 1, 1)


def test_a_third_import_finds_everything_unchanged(store: Store, now: dt.datetime) -> None:
    import_meetings(store, _calendar(_standup(), _weekly()), now=now)
    moved = _calendar(_standup(1, "150000", "160000"), _weekly(seq=1))
    import_meetings(store, moved, now=now)
    label = store.undo_label
    third = import_meetings(store, moved, now=now)
    assert third.summary() == "imported 0, unchanged 4, skipped 0"
    assert store.undo_label == label  # nothing written, nothing to undo


def test_dry_run_says_what_a_reimport_would_do(store: Store, now: dt.datetime) -> None:
    import_meetings(store, _calendar(_standup(), _weekly()), now=now)
    before = _local(store)
    file = _calendar(
        _standup(1, "150000", "160000"), _weekly("EXDATE;TZID=America/Toronto:20261103T140000")
    )
    dry = import_meetings(store, file, now=now, dry_run=True)
    assert dry.summary() == "would import 0, move 1, remove 1, unchanged 2, skipped 0"
    assert _local(store) == before


def test_meetings_still_to_come_are_counted(store: Store, now: dt.datetime) -> None:
    tomorrow = _event("t@test", "20261124T100000", "20261124T110000", "Tomorrow")
    later_today = _event("l@test", "20261123T160000", "20261123T170000", "Later today")
    weekly = _event(
        "w@test",
        "20261116T090000",
        "20261116T093000",
        "Weekly",
        extra=("RRULE:FREQ=WEEKLY;COUNT=3",),
    )
    result = import_meetings(store, _calendar(tomorrow, later_today, weekly), now=now)
    # Weekly: 16 Nov held, 23 Nov 09:00 held, 30 Nov to come (past the file's last start:
    # not read); tomorrow and later today to come.
    assert result.summary() == "imported 2, unchanged 0, skipped 2 (2 not yet held)"
    series_ahead = _event(
        "w2@test",
        "20261126T090000",
        "20261126T093000",
        "Thursday",
        extra=("RRULE:FREQ=DAILY;COUNT=2",),
    )
    found = import_meetings(store, _calendar(series_ahead, tomorrow), now=now)
    assert found.skipped == {"not yet held": 2}  # Thu 26 and tomorrow; Fri 27 is not read


def test_outlook_midnight_to_midnight_is_all_day(store: Store, now: dt.datetime) -> None:
    flagged = _event(
        "holiday@test",
        "20261111T000000",
        "20261112T000000",
        "Jour du Souvenir",
        tzid="Eastern Standard Time",
        extra=("X-MICROSOFT-CDO-ALLDAYEVENT:TRUE",),
    )
    bare = _event("conf@test", "20261109T000000", "20261111T000000", "Conference")
    result = import_meetings(store, _calendar(flagged, bare, _standup()), now=now)
    assert result.summary() == "imported 1, unchanged 0, skipped 2 (2 all-day)"


def test_both_readers_read_the_version() -> None:
    extra = ("LAST-MODIFIED:20261118T090000Z", "X-MICROSOFT-CDO-ALLDAYEVENT:FALSE")
    text = _calendar(_standup(7, extra=extra))
    _, (quick,) = presplit(text)
    # A series goes to icalendar, with what the importer reads of it.
    rest, fast = presplit(_calendar(_standup(7, extra=(*extra, "RRULE:FREQ=DAILY;COUNT=2"))))
    assert fast == []
    (slow,) = icalendar.Calendar.from_ical(rest).walk("VEVENT")
    for event in (quick, slow):
        version = event_version(event)
        assert (version.sequence, version.modified, version.stamp) == (
            7,
            "20261118T090000Z",
            "20261120T120000Z",
        )
    meetings, _ = read_meetings(
        text, first=None, last=None, now=dt.datetime(2026, 11, 23, tzinfo=dt.UTC), zone=TORONTO
    )
    assert meetings[0].version == event_version(quick)


def test_entries_imported_before_the_import_state_take_moves(
    tmp_path: Path, now: dt.datetime
) -> None:
    path = tmp_path / "old.db"
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("BEGIN")
        conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
        migrations.migrate(conn, 0, "2026-01-01T00:00:00Z", to_version=8)
        conn.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('timezone', 'America/Toronto')"
        )
        duty = conn.execute("SELECT id FROM duties WHERE name = 'meetings'").fetchone()[0]
        conn.executemany(
            "INSERT INTO time_entries (duty_id, start_at, end_at, note, source, external_uid,"
            " created_at) VALUES (?, ?, ?, ?, 'import', ?, '2026-11-20T00:00:00Z')",
            [
                (duty, "2026-11-16T15:00:00Z", "2026-11-16T16:00:00Z", "Stand-up", "standup@test"),
                (duty, "2026-11-03T19:00:00Z", "2026-11-03T20:00:00Z", "Team", "team@test|20261103T190000Z"),
            ],
        )  # fmt: skip
        conn.execute("COMMIT")
    with Store.open(path, zone_name="America/Toronto") as store:
        assert store.schema_version() == migrations.latest()
        state = store.imported_entries()
        assert state["standup@test"].version.key == (0, "", "")
        assert not state["standup@test"].edited
        again = import_meetings(
            store, _calendar(_standup(1, "150000", "160000"), _weekly()), now=now
        )
        assert again.summary() == "imported 2, moved 1, unchanged 1, skipped 0"
        assert ("Mon 16 15:00", "16:00", "Stand-up") in _local(store)
    assert [p for p in tmp_path.iterdir() if ".backup-" in p.name]


def test_cli_reimport_lists_moves_and_kept_entries(
    db_path: Path, store: Store, tmp_path: Path
) -> None:
    from tui.cli import cli

    store.close()
    base = ["--db", str(db_path), "--now", "2026-11-23T15:00"]
    first, second = tmp_path / "first.ics", tmp_path / "second.ics"
    first.write_bytes(_calendar(_standup(), _weekly()))
    second.write_bytes(
        _calendar(
            _standup(1, "150000", "160000"), _weekly("EXDATE;TZID=America/Toronto:20261103T140000")
        )
    )
    runner = CliRunner()
    assert runner.invoke(cli, [*base, "import", "ics", str(first)]).exit_code == 0
    dry = runner.invoke(cli, [*base, "import", "ics", str(second), "--dry-run"])
    assert dry.stdout.splitlines()[0] == "would import 0, move 1, remove 1, unchanged 2, skipped 0"
    done = runner.invoke(cli, [*base, "import", "ics", str(second)])
    assert done.exit_code == 0, done.output
    assert done.stdout.splitlines()[0] == "imported 0, moved 1, removed 1, unchanged 2, skipped 0"
    again = runner.invoke(cli, [*base, "import", "ics", str(second)])
    assert again.stdout.splitlines()[0] == "imported 0, unchanged 3, skipped 0"


def test_an_outlook_export_moved_and_cut_in_outlook(store: Store, now: dt.datetime) -> None:
    """Outlook's own shape (Windows zone names, folded UIDs): the Paris call moved two hours
    earlier, and 2 November taken out of the weekly meeting (EXDATE)."""
    outlook = (Path(__file__).parents[1] / "fixtures" / "outlook-meetings.ics").read_bytes()
    import_meetings(store, outlook, now=now)
    paris = (
        b'DTEND;TZID="Romance Standard Time":20261110T180000\r\nDTSTAMP:20261123T150000Z\r\n'
        b'DTSTART;TZID="Romance Standard Time":20261110T170000\r\nSEQUENCE:0'
    )
    exdate = b'EXDATE;TZID="Eastern Standard Time":20261012T100000'
    assert paris in outlook and exdate in outlook
    changed = outlook.replace(
        paris, paris.replace(b"T180000", b"T160000").replace(b"T170000", b"T150000")[:-1] + b"1"
    ).replace(exdate, exdate + b",20261102T100000")
    again = import_meetings(store, changed, now=now)
    assert again.summary() == (
        "imported 0, moved 1, removed 1, unchanged 6, skipped 4"
        " (1 cancelled, 1 free, 1 all-day, 1 not over yet)"
    )
    starts = [s for s, _, _ in _local(store)]
    assert "Tue 10 09:00" in starts and "Mon 02 10:00" not in starts


def test_a_meeting_moved_to_a_day_to_come_is_left_and_named(store: Store, now: dt.datetime) -> None:
    import_meetings(store, _calendar(_standup()), now=now)
    (entry,) = store.all_entries()
    later = _event("standup@test", "20261125T100000", "20261125T110000", "Stand-up", seq=1)
    again = import_meetings(store, _calendar(later), now=now)
    assert again.summary() == "imported 0, unchanged 0, skipped 1 (1 not yet held)"
    assert again.notes == [
        f"left #{entry.id} Mon 16 Nov 10:00 “Stand-up” as it is: the calendar moved it to"
        " Wed 25 Nov 10:00, not yet held"
    ]
    assert store.all_entries() == [entry]
