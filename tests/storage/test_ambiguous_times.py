"""Wall times a zone skips or repeats: refused when they do not exist, kept with the reading
meant when they happen twice (`Post.fold`), on a real SQLite file, through every change."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from storage import Post, PostDraft, Store, ValidationError, commands, draft_from_post, recurrence
from storage.grammar import clock_shift, gap_message, twice_message
from tests.storage.test_migrations import build_at

UTC = dt.UTC
TORONTO = "America/Toronto"
GAP_DAY = dt.date(2027, 3, 14)  # clocks go from 02:00 to 03:00
BACK_DAY = dt.date(2026, 11, 1)  # clocks go back from 02:00 to 01:00
HALF_PAST_ONE = dt.time(1, 30)
SECOND = dt.time(1, 30, fold=1)


def _utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def _at(post: Post) -> dt.datetime:
    """The post's instant in UTC: Python never finds an aware time in a repeated hour equal
    to one of another zone (PEP 495), so instants are compared in UTC."""
    assert post.starts_at is not None
    return post.starts_at.astimezone(UTC)


# ---------------------------------------------------------------- which times exist


@pytest.mark.parametrize(
    ("zone", "day", "time", "leaves", "arrives", "first", "second"),
    [
        # Toronto, spring forward and fall back
        (TORONTO, GAP_DAY, dt.time(2, 30), (2, 0), (3, 0), "EST", "EDT"),
        (TORONTO, BACK_DAY, HALF_PAST_ONE, (2, 0), (1, 0), "EDT", "EST"),
        # Sydney: the southern hemisphere goes back in April and forward in October
        ("Australia/Sydney", dt.date(2026, 4, 5), dt.time(2, 30), (3, 0), (2, 0), "AEDT", "AEST"),
        ("Australia/Sydney", dt.date(2026, 10, 4), dt.time(2, 30), (2, 0), (3, 0), "AEST", "AEDT"),
        # Lord Howe moves its clocks by 30 minutes, and its zone data has no abbreviations
        (
            "Australia/Lord_Howe",
            dt.date(2026, 10, 4),
            dt.time(2, 15),
            (2, 0),
            (2, 30),
            "UTC+10:30",
            "UTC+11",
        ),
        (
            "Australia/Lord_Howe",
            dt.date(2026, 4, 5),
            dt.time(1, 45),
            (2, 0),
            (1, 30),
            "UTC+11",
            "UTC+10:30",
        ),
    ],
)
def test_clock_shift_finds_the_change(
    zone: str,
    day: dt.date,
    time: dt.time,
    leaves: tuple[int, int],
    arrives: tuple[int, int],
    first: str,
    second: str,
) -> None:
    shift = clock_shift(day, time, zone)
    assert shift is not None
    assert shift.kind == ("gap" if arrives > leaves else "twice")
    assert shift.leaves == dt.datetime.combine(day, dt.time(*leaves))
    assert shift.arrives == dt.datetime.combine(day, dt.time(*arrives))
    assert (shift.first, shift.second) == (first, second)


@pytest.mark.parametrize(
    ("zone", "day", "time"),
    [
        (TORONTO, GAP_DAY, dt.time(1, 59)),
        (TORONTO, GAP_DAY, dt.time(3, 0)),
        (TORONTO, BACK_DAY, dt.time(0, 59)),
        (TORONTO, BACK_DAY, dt.time(2, 0)),
        (TORONTO, dt.date(2026, 11, 2), HALF_PAST_ONE),
        ("Australia/Lord_Howe", dt.date(2026, 10, 4), dt.time(2, 30)),
        ("Australia/Lord_Howe", dt.date(2026, 4, 5), dt.time(2, 0)),
        ("UTC", BACK_DAY, HALF_PAST_ONE),
    ],
)
def test_times_that_happen_once(zone: str, day: dt.date, time: dt.time) -> None:
    assert clock_shift(day, time, zone) is None


def test_the_words() -> None:
    gap = clock_shift(GAP_DAY, dt.time(2, 30), TORONTO)
    twice = clock_shift(BACK_DAY, HALF_PAST_ONE, TORONTO)
    assert gap is not None and twice is not None
    assert gap_message(gap) == (
        "02:30 does not exist on Sun 14 Mar 2027 in America/Toronto"
        " (clocks go from 02:00 to 03:00); choose 03:00 or later, or before 02:00"
    )
    assert twice_message(twice, 0) == (
        "01:30 happens twice on Sun 1 Nov 2026 in America/Toronto"
        " (clocks go back from 02:00 to 01:00): this is the first one, EDT (05:30 UTC)"
    )
    assert twice_message(twice, 1).endswith("this is the second one, EST (06:30 UTC)")
    lord_howe = clock_shift(dt.date(2026, 4, 5), dt.time(1, 45), "Australia/Lord_Howe")
    assert lord_howe is not None
    assert twice_message(lord_howe, 1).endswith("the second one, UTC+10:30 (15:15 UTC)")


def test_a_skipped_day() -> None:
    """Apia skipped 30 December 2011 whole: the change is named with its days."""
    shift = clock_shift(dt.date(2011, 12, 30), dt.time(10), "Pacific/Apia")
    assert shift is not None and shift.kind == "gap"
    assert shift.length == dt.timedelta(days=1)
    assert gap_message(shift) == (
        "10:00 does not exist on Fri 30 Dec 2011 in Pacific/Apia"
        " (clocks go from 00:00 to Sat 31 Dec 00:00); choose Sat 31 Dec 00:00 or later"
    )


# ---------------------------------------------------------------- the store


def _draft(day: dt.date, time: dt.time | None, **more: object) -> PostDraft:
    return PostDraft(title="Town hall", platform="Facebook", date=day, time=time, **more)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("zone", "day", "time", "message"),
    [
        (TORONTO, GAP_DAY, dt.time(2, 30), "02:30 does not exist on Sun 14 Mar 2027"),
        ("Australia/Sydney", dt.date(2026, 10, 4), dt.time(2, 0), "clocks go from 02:00 to 03:00"),
        ("Australia/Lord_Howe", dt.date(2026, 10, 4), dt.time(2, 15), "from 02:00 to 02:30"),
    ],
)
def test_a_time_that_does_not_exist_is_refused(
    store: Store, db_path: Path, zone: str, day: dt.date, time: dt.time, message: str
) -> None:
    with pytest.raises(ValidationError, match=message) as caught:
        store.add_post(_draft(day, time, timezone=zone))
    assert caught.value.field == "time"
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("SELECT count(*) FROM posts").fetchone() == (0,)


@pytest.mark.parametrize(
    ("zone", "day", "time", "first", "second"),
    [
        (TORONTO, BACK_DAY, HALF_PAST_ONE, _utc(2026, 11, 1, 5, 30), _utc(2026, 11, 1, 6, 30)),
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
def test_a_time_that_happens_twice_keeps_the_reading_meant(
    store: Store,
    db_path: Path,
    zone: str,
    day: dt.date,
    time: dt.time,
    first: dt.datetime,
    second: dt.datetime,
) -> None:
    one = store.add_post(_draft(day, time, timezone=zone))
    two = store.add_post(_draft(day, time.replace(fold=1), timezone=zone))
    assert (one.fold, two.fold) == (0, 1)
    assert _at(one) == first and _at(two) == second
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        rows = conn.execute("SELECT id, time, fold FROM posts ORDER BY id").fetchall()
    assert rows == [(one.id, time.strftime("%H:%M"), 0), (two.id, time.strftime("%H:%M"), 1)]
    with Store.open(db_path) as again:  # read back by another connection
        assert _at(again.get_post(two.id)) == second


def test_fold_is_kept_only_where_the_time_repeats(store: Store) -> None:
    post = store.add_post(_draft(dt.date(2026, 11, 2), SECOND))
    assert post.fold == 0  # 01:30 happens once on 2 November: nothing to choose
    post = store.add_post(_draft(BACK_DAY, SECOND))
    moved = store.move_post(post.id, dt.date(2026, 11, 8), post.time)
    assert moved.fold == 0
    back = store.move_post(post.id, BACK_DAY, SECOND)
    assert back.fold == 1


def test_the_choice_travels_through_every_change(store: Store) -> None:
    post = store.add_post(_draft(BACK_DAY, SECOND, estimate_minutes=30))
    second = _at(post)
    assert second == _utc(2026, 11, 1, 6, 30)
    # edit, status, copy
    edited = store.update_post(post.id, replace(draft_from_post(post), title="Town hall!"))
    assert edited.fold == 1 and _at(edited) == second
    assert _at(store.set_status(post.id, "scheduled")) == second
    (copy,) = store.duplicate_post(post.id, ["Instagram"])
    assert copy.fold == 1 and _at(copy) == second
    # choosing the first one again is a change, with its own undo
    first = store.update_post(post.id, replace(draft_from_post(post), time=HALF_PAST_ONE))
    assert first.fold == 0 and _at(first) == second - dt.timedelta(hours=1)
    store.undo()
    assert store.get_post(post.id).fold == 1
    store.redo()
    assert store.get_post(post.id).fold == 0
    store.undo()
    # a published post keeps its moment: the reading is pinned like the time
    store.set_status(post.id, "published")
    with pytest.raises(ValidationError, match="fold"):
        store.update_post(
            post.id, replace(draft_from_post(store.get_post(post.id)), time=HALF_PAST_ONE)
        )


def test_series_fall_on_the_first_reading(store: Store) -> None:
    """RFC 5545 §3.3.5: a series' date in a repeated hour is the first reading, in a gap it
    moves forward by the gap's length; storage's dates and instants read the same."""
    weekly = "FREQ=WEEKLY;BYDAY=SU;COUNT=30"
    with pytest.raises(ValidationError, match="change that one date") as caught:
        store.add_post(_draft(BACK_DAY, SECOND, rrule=weekly))
    assert caught.value.field == "time"
    with pytest.raises(ValidationError, match="does not exist"):
        store.add_post(_draft(GAP_DAY, dt.time(2, 30), rrule=weekly))
    half_past_two = store.add_post(_draft(dt.date(2026, 10, 25), dt.time(2, 30), rrule=weekly))
    half_past_one = store.add_post(_draft(dt.date(2026, 10, 25), HALF_PAST_ONE, rrule=weekly))
    days = store.occurrences_between(BACK_DAY, GAP_DAY)
    instants = {(p.id, p.date): _at(p) for p in days}
    assert instants[(half_past_one.id, BACK_DAY)] == _utc(2026, 11, 1, 5, 30)  # EDT, the first
    assert instants[(half_past_two.id, GAP_DAY)] == _utc(2027, 3, 14, 7, 30)  # 03:30 EDT
    assert recurrence.is_occurrence(half_past_two, GAP_DAY)
    # one date of the series may take the second reading: it is its own row
    one = commands.move_post(store, half_past_one.id, BACK_DAY, SECOND, on=BACK_DAY)
    assert one.fold == 1 and _at(one) == _utc(2026, 11, 1, 6, 30)
    # and a status change on the date in the gap keeps it where the series puts it
    changed = commands.set_status(store, half_past_two.id, "ready", on=GAP_DAY)
    assert changed.time == dt.time(2, 30) and _at(changed) == _utc(2027, 3, 14, 7, 30)


def test_a_time_saved_before_the_check_stays(store: Store, db_path: Path) -> None:
    """A post at 02:30 on the day clocks spring forward, written before such times were
    refused, keeps its time through changes that do not move it; a move must pick a real one."""
    post = store.add_post(_draft(dt.date(2027, 3, 13), dt.time(2, 30)))
    with contextlib.closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("UPDATE posts SET date = '2027-03-14' WHERE id = ?", (post.id,))
    old = store.get_post(post.id)
    assert _at(old) == _utc(2027, 3, 14, 7, 30)  # read as RFC 5545 reads it: 03:30 EDT
    assert store.set_status(post.id, "ready").time == dt.time(2, 30)
    store.validate_post(replace(draft_from_post(old), title="Renamed"), was=old)
    assert store.update_post(post.id, replace(draft_from_post(old), title="Renamed")).title
    with pytest.raises(ValidationError, match="does not exist"):
        store.move_post(post.id, GAP_DAY, dt.time(2, 45))


def test_migration_adds_fold_and_keeps_old_posts_first(tmp_path: Path) -> None:
    path = build_at(tmp_path / "old.db", 7)
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute(
            "INSERT INTO posts (uid, title, platform_id, status, date, time, timezone,"
            " created_at, updated_at) VALUES ('a@calepin', 'Old', 1, 'idea', '2026-11-01',"
            " '01:30', 'America/Toronto', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
        )
    with Store.open(path) as store:
        (post,) = store.all_posts()
        assert post.fold == 0 and _at(post) == _utc(2026, 11, 1, 5, 30)
        with pytest.raises(sqlite3.IntegrityError):
            store.connection.execute("UPDATE posts SET fold = 2")


def test_export_and_import_of_all_data_keep_the_choice(
    store: Store, tmp_path: Path, now: dt.datetime
) -> None:
    from exporters.data import export_all, import_all

    post = store.add_post(_draft(BACK_DAY, SECOND))
    export_all(store, tmp_path / "out", now=now)
    header = (tmp_path / "out" / "posts.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "fold" in header.split(",")
    with Store.open(tmp_path / "new.db", zone_name=TORONTO) as fresh:
        import_all(fresh, tmp_path / "out")
        again = fresh.get_post(post.id)
    assert again.fold == 1 and _at(again) == _at(post)


def test_zones_agree_with_python(store: Store) -> None:
    """The stored instant is the one zoneinfo gives the same wall time and fold."""
    post = store.add_post(_draft(BACK_DAY, SECOND))
    wall = dt.datetime.combine(BACK_DAY, SECOND, tzinfo=ZoneInfo(TORONTO))
    assert _at(post) == wall.astimezone(UTC)
    assert post.starts_at is not None and post.starts_at.utcoffset() == dt.timedelta(hours=-5)


def test_a_zone_change_keeping_the_moment_keeps_the_second_reading(tmp_path) -> None:
    """01:30 EST on 7 Nov 2027 in Toronto (the second reading) is 06:30 UTC: moving the home
    zone to UTC keeping moments gives 06:30, not the first reading's 05:30."""
    import datetime as dt

    from storage import PostDraft, Store

    with Store.open(tmp_path / "c.db", zone_name="America/Toronto") as store:
        post = store.add_post(
            PostDraft("Night owl", "Facebook", dt.date(2027, 11, 7), dt.time(1, 30, fold=1))
        )
        store.change_zone("UTC", "instant")
        moved = store.get_post(post.id)
    assert (moved.date, moved.time, moved.fold) == (dt.date(2027, 11, 7), dt.time(6, 30), 0)


def test_a_zone_change_into_a_repeated_hour_keeps_the_reading_it_lands_on(tmp_path) -> None:
    """06:30 UTC on 7 Nov 2027 is 01:30 EST in Toronto, the second reading of 01:30."""
    import datetime as dt

    from storage import PostDraft, Store

    with Store.open(tmp_path / "c.db", zone_name="UTC") as store:
        post = store.add_post(
            PostDraft("Night owl", "Facebook", dt.date(2027, 11, 7), dt.time(6, 30))
        )
        store.change_zone("America/Toronto", "instant")
        moved = store.get_post(post.id)
        assert (moved.time, moved.fold) == (dt.time(1, 30), 1)
        assert moved.starts_at.astimezone(dt.UTC) == dt.datetime(2027, 11, 7, 6, 30, tzinfo=dt.UTC)
