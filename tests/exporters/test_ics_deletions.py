"""Deletions travel (issue 14): what was deleted is cancelled in later .ics files.

Calendar file imports only add or update, so a later file carries a deleted post, series,
date or prep block as STATUS:CANCELLED with a higher SEQUENCE, for a retention period; a
changed date given back to its series is re-sent as the series has it. Every file is parsed
back with icalendar, on a real SQLite file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

import icalendar
import pytest

from exporters.ics import CANCELLED_DAYS_SETTING, IcsOptions, export_ics
from storage import PostDraft, Store, migrations
from tests.storage.test_migrations import build_at

UTC = dt.UTC
FIRST, LAST = dt.date(2027, 1, 1), dt.date(2027, 3, 31)
WEEKLY = "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270330"  # Tuesdays 5 Jan .. 30 Mar 2027
PREP = IcsOptions(zone_name="America/Toronto", with_prep=True)


def _now() -> dt.datetime:
    # tombstones are stamped with the real clock; retention counts from the export's `now`
    return dt.datetime.now(UTC)


def export(store: Store, options: IcsOptions = PREP, **kwargs: object) -> list[icalendar.Event]:
    kwargs.setdefault("now", _now())
    text = export_ics(store, FIRST, LAST, options=options, **kwargs)  # type: ignore[arg-type]
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


def find(events: list[icalendar.Event], uid: str, on: dt.date | None = None) -> icalendar.Event:
    """The one event with `uid` (and RECURRENCE-ID on `on`; none when `on` is None)."""
    found = [
        e
        for e in events
        if str(e["UID"]) == uid
        and (
            ("RECURRENCE-ID" not in e)
            if on is None
            else "RECURRENCE-ID" in e and _day(e["RECURRENCE-ID"].dt) == on
        )
    ]
    assert len(found) == 1, [e.to_ical() for e in found]
    return found[0]


def uids(events: list[icalendar.Event]) -> set[str]:
    return {str(e["UID"]) for e in events}


def _day(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def status(event: icalendar.Event) -> str:
    return str(event.get("STATUS"))


def tombstone_count(store: Store) -> int:
    return store.connection.execute("SELECT count(*) FROM tombstones").fetchone()[0]


def single(store: Store, **more: object) -> int:
    draft = PostDraft(
        "Open house",
        "Facebook",
        dt.date(2027, 2, 10),
        dt.time(10),
        status="scheduled",
        estimate_minutes=60,
        **more,  # type: ignore[arg-type]
    )
    return store.add_post(draft).id


def weekly(store: Store) -> int:
    draft = PostDraft(
        "Tuesday tip",
        "Instagram",
        dt.date(2027, 1, 5),
        dt.time(9),
        status="scheduled",
        estimate_minutes=30,
        rrule=WEEKLY,
    )
    return store.add_post(draft).id


def test_a_deleted_post_and_its_prep_block_are_cancelled_with_a_higher_sequence(
    store: Store,
) -> None:
    post = store.get_post(single(store))
    before = export(store)
    shown = find(before, post.uid)
    assert status(shown) == "CONFIRMED"
    prep_before = find(before, f"prep-{post.uid}")

    store.delete_post(post.id)
    after = export(store)

    gone = find(after, post.uid)
    assert status(gone) == "CANCELLED"
    assert gone["SEQUENCE"] > shown["SEQUENCE"]
    assert gone["DTSTART"].dt == shown["DTSTART"].dt  # DTSTART as before
    assert str(gone["SUMMARY"]) == "Cancelled: [Facebook] Open house"
    prep = find(after, f"prep-{post.uid}")
    assert status(prep) == "CANCELLED"
    assert prep["SEQUENCE"] > prep_before["SEQUENCE"]
    assert prep["DTSTART"].dt == prep_before["DTSTART"].dt
    # without prep blocks asked for, only the post is cancelled
    assert uids(export(store, IcsOptions(zone_name="America/Toronto"))) == {post.uid}


def test_undoing_the_delete_drops_the_tombstone_and_the_post_comes_back_above_it(
    store: Store,
) -> None:
    post = store.get_post(single(store))
    store.delete_post(post.id)
    cancelled = find(export(store), post.uid)
    assert tombstone_count(store) == 1

    store.undo()
    assert tombstone_count(store) == 0
    back = store.get_post(post.id)
    assert back.title == post.title and back.date == post.date
    event = find(export(store), post.uid)
    assert status(event) == "CONFIRMED"
    assert event["SEQUENCE"] > cancelled["SEQUENCE"]  # calendars take it back

    store.redo()  # deleted again: cancelled above what went out in between
    again = find(export(store), post.uid)
    assert status(again) == "CANCELLED" and again["SEQUENCE"] > event["SEQUENCE"]
    store.undo()
    assert tombstone_count(store) == 0


def test_a_deleted_series_is_cancelled_whole_with_its_changed_dates_and_prep_blocks(
    store: Store,
) -> None:
    series = store.get_post(weekly(store))
    moved = store.move_occurrence(series.id, dt.date(2027, 2, 2), dt.date(2027, 2, 4), dt.time(11))
    before = export(store)
    master = find(before, series.uid)
    instance = find(before, series.uid, dt.date(2027, 2, 2))
    assert _day(instance["DTSTART"].dt) == moved.date

    store.delete_post(series.id)
    after = export(store)

    gone = find(after, series.uid)
    assert status(gone) == "CANCELLED" and gone["SEQUENCE"] > master["SEQUENCE"]
    assert gone["DTSTART"].dt == master["DTSTART"].dt
    assert "RRULE" in gone
    gone_instance = find(after, series.uid, dt.date(2027, 2, 2))
    assert status(gone_instance) == "CANCELLED"
    assert gone_instance["SEQUENCE"] > instance["SEQUENCE"]
    preps = {str(e["UID"]): e for e in after if str(e["UID"]).startswith("prep-")}
    assert len(preps) == 13  # every Tuesday from 5 Jan to 30 Mar
    assert {status(e) for e in preps.values()} == {"CANCELLED"}
    assert f"prep-20270202-{series.uid}" in preps  # the moved date's, once

    store.undo()
    assert tombstone_count(store) == 0
    assert store.get_post(moved.id).date == dt.date(2027, 2, 4)
    assert status(find(export(store), series.uid)) == "CONFIRMED"


def test_a_skipped_date_travels_as_exdate_and_its_prep_block_is_cancelled(store: Store) -> None:
    series = store.get_post(weekly(store))
    before = export(store)
    master = find(before, series.uid)
    day = dt.date(2027, 2, 9)
    prep_before = find(before, f"prep-20270209-{series.uid}")

    store.skip_occurrence(series.id, day)
    after = export(store)

    again = find(after, series.uid)
    assert status(again) == "CONFIRMED"
    assert again["SEQUENCE"] > master["SEQUENCE"]
    exdates = {_day(d.dt) for prop in _list(again.get("EXDATE")) for d in prop.dts}
    assert exdates == {day}
    assert not [e for e in after if "RECURRENCE-ID" in e]  # the series carries it
    prep = find(after, f"prep-20270209-{series.uid}")
    assert status(prep) == "CANCELLED" and prep["SEQUENCE"] > prep_before["SEQUENCE"]

    store.restore_occurrence(series.id, day)
    assert tombstone_count(store) == 0
    restored = export(store)
    assert "EXDATE" not in find(restored, series.uid)
    prep_back = find(restored, f"prep-20270209-{series.uid}")
    assert status(prep_back) == "CONFIRMED" and prep_back["SEQUENCE"] > prep["SEQUENCE"]


def test_deleting_a_changed_date_cancels_its_instance(store: Store) -> None:
    series = store.get_post(weekly(store))
    day = dt.date(2027, 3, 2)
    moved = store.move_occurrence(series.id, day, dt.date(2027, 3, 3), dt.time(15))
    instance = find(export(store), series.uid, day)

    store.delete_post(moved.id)
    after = export(store)
    gone = find(after, series.uid, day)
    assert status(gone) == "CANCELLED" and gone["SEQUENCE"] > instance["SEQUENCE"]
    assert gone["DTSTART"].dt == instance["DTSTART"].dt
    assert day in {_day(d.dt) for p in _list(find(after, series.uid)["EXDATE"]) for d in p.dts}


def test_a_restored_date_re_sends_the_series_version_over_its_moved_copy(store: Store) -> None:
    series = store.get_post(weekly(store))
    day = dt.date(2027, 2, 16)
    store.move_occurrence(series.id, day, dt.date(2027, 2, 18), dt.time(14))
    before = export(store)
    instance = find(before, series.uid, day)
    prep_before = find(before, f"prep-20270216-{series.uid}")
    assert _day(instance["DTSTART"].dt) == dt.date(2027, 2, 18)

    store.restore_occurrence(series.id, day)
    after = export(store)

    # not cancelled (that would take the date away): the instance moves back, one higher
    back = find(after, series.uid, day)
    assert status(back) == "CONFIRMED"
    assert back["SEQUENCE"] > instance["SEQUENCE"]
    assert back["DTSTART"].dt == dt.datetime(2027, 2, 16, 9, tzinfo=back["DTSTART"].dt.tzinfo)
    assert str(back["SUMMARY"]) == "[Instagram] Tuesday tip"
    prep = find(after, f"prep-20270216-{series.uid}")
    assert prep["SEQUENCE"] > prep_before["SEQUENCE"] and status(prep) == "CONFIRMED"
    # the whole series, read by icalendar: the date is back at 9:00 on the 16th
    starts = {e["DTSTART"].dt for e in after if str(e["UID"]) == series.uid}
    assert dt.datetime(2027, 2, 18, 14, tzinfo=back["DTSTART"].dt.tzinfo) not in starts

    # skipped after all: the re-sent instance is cancelled
    store.skip_occurrence(series.id, day)
    skipped = find(export(store), series.uid, day)
    assert status(skipped) == "CANCELLED" and skipped["SEQUENCE"] > back["SEQUENCE"]

    # changed again: the new copy goes out above every cancellation of that date
    store.restore_occurrence(series.id, day)
    store.move_occurrence(series.id, day, dt.date(2027, 2, 17), dt.time(8))
    assert tombstone_count(store) == 0
    changed = find(export(store), series.uid, day)
    assert status(changed) == "CONFIRMED" and changed["SEQUENCE"] > skipped["SEQUENCE"]


def test_undoing_a_restore_brings_the_moved_copy_back_above_the_re_sent_date(
    store: Store,
) -> None:
    series = store.get_post(weekly(store))
    day = dt.date(2027, 2, 23)
    store.move_occurrence(series.id, day, dt.date(2027, 2, 25), dt.time(14))
    store.restore_occurrence(series.id, day)
    back = find(export(store), series.uid, day)
    store.undo()
    assert tombstone_count(store) == 0
    moved = find(export(store), series.uid, day)
    assert _day(moved["DTSTART"].dt) == dt.date(2027, 2, 25)
    assert moved["SEQUENCE"] > back["SEQUENCE"]


def test_past_retention_nothing_is_sent_and_the_tombstone_is_forgotten(store: Store) -> None:
    post = store.get_post(single(store))
    store.delete_post(post.id)
    within = _now() + dt.timedelta(days=89)
    assert uids(export(store, now=within)) == {post.uid, f"prep-{post.uid}"}
    assert tombstone_count(store) == 1
    short = IcsOptions(zone_name="America/Toronto", with_prep=True, cancelled_days=30)
    assert export(store, short, now=_now() + dt.timedelta(days=31)) == []
    assert tombstone_count(store) == 0  # purged on export


def test_the_retention_is_the_store_setting(store: Store) -> None:
    post = store.get_post(single(store))
    store.delete_post(post.id)
    store.set_setting(CANCELLED_DAYS_SETTING, "200")
    assert uids(export(store, now=_now() + dt.timedelta(days=150))) == {
        post.uid,
        f"prep-{post.uid}",
    }
    store.set_setting(CANCELLED_DAYS_SETTING, "7")
    assert export(store, now=_now() + dt.timedelta(days=8)) == []
    assert tombstone_count(store) == 0


def test_outside_the_period_nothing_is_sent(store: Store) -> None:
    early = store.add_post(PostDraft("Early", "Facebook", dt.date(2026, 12, 20), dt.time(10)))
    late = store.add_post(PostDraft("Late", "Facebook", dt.date(2027, 4, 1)))
    store.delete_post(early.id)
    store.delete_post(late.id)
    assert export(store) == []
    assert tombstone_count(store) == 2  # kept for an export that covers them
    text = export_ics(store, dt.date(2027, 4, 1), dt.date(2027, 4, 1), now=_now())
    assert uids(list(icalendar.Calendar.from_ical(text).walk("VEVENT"))) == {late.uid}


def test_a_filtered_export_cancels_only_what_it_would_have_shown(store: Store) -> None:
    post = store.get_post(single(store))
    store.delete_post(post.id)
    assert export(store, platforms=["Instagram"]) == []
    assert uids(export(store, platforms=["Facebook"])) == {post.uid, f"prep-{post.uid}"}


def test_a_post_made_again_has_a_new_uid_and_is_left_alone(store: Store) -> None:
    old = store.get_post(single(store))
    store.delete_post(old.id)
    new = store.get_post(single(store))
    events = export(store)
    assert new.uid != old.uid
    assert status(find(events, old.uid)) == "CANCELLED"
    assert status(find(events, new.uid)) == "CONFIRMED"


def test_a_backlog_idea_leaves_no_tombstone(store: Store) -> None:
    idea = store.add_post(PostDraft("Someday", "Blog"))
    store.delete_post(idea.id)
    assert tombstone_count(store) == 0


def test_ending_a_series_cancels_its_later_changed_dates(store: Store) -> None:
    series = store.get_post(weekly(store))
    day = dt.date(2027, 3, 16)
    store.move_occurrence(series.id, day, dt.date(2027, 3, 17), dt.time(10))
    store.end_series(series.id, dt.date(2027, 3, 1))
    events = export(store)
    assert status(find(events, series.uid, day)) == "CANCELLED"
    (until,) = find(events, series.uid)["RRULE"]["UNTIL"]
    assert until.astimezone(dt.UTC).date() == dt.date(2027, 3, 2)  # end of 1 Mar in Toronto


def test_schema_6_gains_an_empty_tombstones_table_and_deletes_leave_tombstones(
    tmp_path: Path,
) -> None:
    path = build_at(tmp_path / "old.db", 6)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute(
            "INSERT INTO posts (uid, title, platform_id, status, date, timezone, created_at,"
            " updated_at) VALUES ('old@calepin', 'Old', 1, 'scheduled', '2027-02-01',"
            " 'America/Toronto', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
        )
        conn.commit()
    with Store.open(path) as store:
        assert store.schema_version() == migrations.latest() >= 7
        assert tombstone_count(store) == 0
        (post,) = store.all_posts()
        store.delete_post(post.id)
        assert status(find(export(store), "old@calepin")) == "CANCELLED"


@pytest.mark.parametrize("kind", ["deleted", "skipped", "restored", "other"])
def test_the_table_takes_only_the_three_kinds(store: Store, kind: str) -> None:
    insert = (
        "INSERT INTO tombstones (uid, kind, post_id, date, timezone, title, platform, status,"
        " sequence, deleted_at) VALUES ('x', ?, 1, '2027-01-01', 'UTC', 't', 'p', 'idea', 0,"
        " '2027-01-01T00:00:00Z')"
    )
    if kind == "other":
        with pytest.raises(sqlite3.IntegrityError):
            store.connection.execute(insert, (kind,))
    else:
        store.connection.execute(insert, (kind,))


def _list(value: object) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
