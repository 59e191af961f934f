"""Deletions travel, the rest (issue 14): undoing an add or a change of one date takes the
event back out of calendars; a cancelled post cancels its prep block too. Parsed back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from storage import PostDraft, Store
from storage.store.tombstones import EXPORTED_SETTING
from tests.exporters.test_ics_deletions import (
    export,
    find,
    single,
    status,
    tombstone_count,
    uids,
    weekly,
)


def test_undoing_an_add_cancels_the_post_calendars_took(store: Store) -> None:
    post = store.get_post(single(store))
    shown = export(store)
    sent, prep_sent = find(shown, post.uid), find(shown, f"prep-{post.uid}")

    store.undo()  # the add: the calendar has it already
    after = export(store)
    gone, prep = find(after, post.uid), find(after, f"prep-{post.uid}")
    assert status(gone) == "CANCELLED" and gone["SEQUENCE"] > sent["SEQUENCE"]
    assert status(prep) == "CANCELLED" and prep["SEQUENCE"] > prep_sent["SEQUENCE"]

    store.redo()  # back: above the cancellation, and sent once
    back = export(store)
    again = find(back, post.uid)
    assert status(again) == "CONFIRMED" and again["SEQUENCE"] > gone["SEQUENCE"]
    assert status(find(back, f"prep-{post.uid}")) == "CONFIRMED"
    assert tombstone_count(store) == 0

    store.undo()
    assert status(find(export(store), post.uid)) == "CANCELLED"
    assert tombstone_count(store) == 1


def test_undoing_an_add_of_a_backlog_idea_leaves_nothing(store: Store) -> None:
    store.add_post(PostDraft("Some idea", "Threads"))
    store.undo()
    assert tombstone_count(store) == 0


def test_undoing_the_delete_after_undoing_an_add_still_works(store: Store) -> None:
    post = store.get_post(single(store))
    store.delete_post(post.id)
    store.undo()  # the delete
    store.undo()  # the add
    assert status(find(export(store), post.uid)) == "CANCELLED"
    store.redo()  # the add
    store.redo()  # the delete
    assert status(find(export(store), post.uid)) == "CANCELLED"
    assert tombstone_count(store) == 1
    store.undo()
    event = find(export(store), post.uid)
    assert status(event) == "CONFIRMED"


def test_undoing_a_moved_date_moves_the_instance_back(store: Store) -> None:
    series = store.get_post(weekly(store))
    day = dt.date(2027, 2, 16)
    store.move_occurrence(series.id, day, dt.date(2027, 2, 18), dt.time(14))
    moved = find(export(store), series.uid, day)

    store.undo()  # calendars hold the moved copy: the date is re-sent as the series has it
    back = find(export(store), series.uid, day)
    assert status(back) == "CONFIRMED" and back["SEQUENCE"] > moved["SEQUENCE"]
    assert back.decoded("DTSTART").date() == day

    store.redo()
    again = find(export(store), series.uid, day)
    assert again.decoded("DTSTART").date() == dt.date(2027, 2, 18)
    assert again["SEQUENCE"] > back["SEQUENCE"]


def test_a_cancelled_post_cancels_its_prep_block(store: Store) -> None:
    post = store.get_post(single(store))
    shown = export(store)
    prep_sent = find(shown, f"prep-{post.uid}")

    store.set_status(post.id, "cancelled")
    after = export(store)
    event = find(after, post.uid)
    assert status(event) == "CANCELLED" and event["SEQUENCE"] > find(shown, post.uid)["SEQUENCE"]
    prep = find(after, f"prep-{post.uid}")
    assert status(prep) == "CANCELLED" and prep["SEQUENCE"] > prep_sent["SEQUENCE"]
    assert prep["DTSTART"].dt == prep_sent["DTSTART"].dt

    store.set_status(post.id, "scheduled")  # planned again: the block comes back
    prep = find(export(store), f"prep-{post.uid}")
    assert status(prep) == "CONFIRMED"


def test_a_cancelled_series_cancels_the_prep_block_of_every_date(store: Store) -> None:
    series = store.get_post(weekly(store))
    store.set_status(series.id, "cancelled")
    events = export(store)
    preps = [e for e in events if str(e["UID"]).startswith("prep-")]
    assert len(preps) == 13  # Tuesdays 5 Jan .. 30 Mar 2027
    assert {status(e) for e in preps} == {"CANCELLED"}
    assert status(find(events, series.uid)) == "CANCELLED"
    assert series.uid in uids(events)


# ---------------------------------------------------------------- never exported: no noise


def _made_before_the_last_export(store: Store, post_id: int) -> None:
    """The post was made in January and a file was written in June (the clocks of the
    store's stamps are real: the test sets both)."""
    store.connection.execute(
        "UPDATE posts SET created_at = '2026-01-05T10:00:00Z' WHERE id = ?", (post_id,)
    )
    store.set_setting(EXPORTED_SETTING, "2026-06-01T10:00:00Z")


def test_a_post_made_since_the_last_export_leaves_no_tombstone(store: Store) -> None:
    old = single(store)
    _made_before_the_last_export(store, old)
    new = store.get_post(single(store))
    store.delete_post(new.id)
    assert tombstone_count(store) == 0  # no calendar ever had it
    store.delete_post(old)
    assert tombstone_count(store) == 1  # this one may be in one
    store.add_post(PostDraft("Typo", "Blog", dt.date(2027, 2, 1), dt.time(9)))
    store.undo()
    assert tombstone_count(store) == 1


def test_a_changed_date_made_since_the_last_export_is_just_skipped(store: Store) -> None:
    series_id = weekly(store)
    _made_before_the_last_export(store, series_id)
    series = store.get_post(series_id)
    day = dt.date(2027, 2, 16)
    moved = store.move_occurrence(series_id, day, dt.date(2027, 2, 18), dt.time(14))
    store.delete_post(moved.id)
    events = export(store)
    # the series leaves the date out (EXDATE); only its prep block, sent before, is cancelled
    assert day in {d.dt.date() for e in [find(events, series.uid)] for d in e["EXDATE"].dts}
    assert [e for e in events if str(e["UID"]) == series.uid and "RECURRENCE-ID" in e] == []


def test_exports_note_when_they_were_written(store: Store, db_path: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tui.cli import cli

    assert store.setting(EXPORTED_SETTING) is None
    result = CliRunner().invoke(
        cli, ["--db", str(db_path), "export", "ics", "-o", str(tmp_path / "a.ics")]
    )
    assert result.exit_code == 0, result.output
    assert store.setting(EXPORTED_SETTING) is not None
