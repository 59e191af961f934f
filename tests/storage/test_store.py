"""The Store on a real file: CRUD, ranges, validation, atomicity, timer, undo, concurrency."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from storage import (
    CalepinError,
    EntryDraft,
    EntrySource,
    NotFoundError,
    PostDraft,
    Status,
    Store,
    ValidationError,
    draft_from_post,
)

TORONTO = ZoneInfo("America/Toronto")
D = dt.date


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=TORONTO)


def entry(duty: str, start: dt.datetime, minutes: int, **kw: object) -> EntryDraft:
    return EntryDraft(duty, start, start + dt.timedelta(minutes=minutes), **kw)  # type: ignore[arg-type]


def snapshot(store: Store) -> dict[str, list[tuple[object, ...]]]:
    conn = store.connection
    return {
        table: conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
        for table in ("posts", "post_skips", "time_entries", "platforms", "duties", "campaigns")
    }


# ---------------------------------------------------------------- posts


def test_post_crud(store: Store) -> None:
    store.add_campaign("Winter drive", colour="#112233", start=D(2026, 11, 1), end=D(2026, 12, 31))
    post = store.add_post(
        PostDraft(
            "  Giving Tuesday  ",
            "ig",
            D(2026, 12, 1),
            dt.time(9, 30, 45),
            status="Ready",
            campaign="winter drive",
            estimate_minutes=45,
            body="Line one\n\tindented\nÉvénement 🎉",
            link="https://example.org/give",
        )
    )
    assert post.title == "Giving Tuesday" and post.platform == "Instagram"
    assert post.time == dt.time(9, 30) and post.timezone == "America/Toronto"
    assert post.status is Status.READY and post.campaign == "Winter drive"
    assert post.body == "Line one\n\tindented\nÉvénement 🎉"
    assert post.uid.endswith("@calepin") and post.sequence == 0
    assert dataclasses.is_dataclass(post) and type(post).__dataclass_params__.frozen  # type: ignore[attr-defined]
    edited = store.update_post(post.id, dataclasses.replace(draft_from_post(post), title="GT"))
    assert edited.title == "GT" and edited.sequence == 1
    same = store.update_post(post.id, draft_from_post(edited))
    assert same.sequence == 1, "saving without a change bumps nothing"
    moved = store.move_post(post.id, D(2026, 12, 2), None)
    assert (moved.date, moved.time) == (D(2026, 12, 2), None)
    back = store.move_post(post.id, None, None)
    assert back.is_backlog and store.backlog() == [back]
    store.delete_post(post.id)
    with pytest.raises(NotFoundError):
        store.get_post(post.id)


def test_published_post_is_pinned(store: Store) -> None:
    post = store.add_post(PostDraft("Out", "X", D(2026, 11, 20), status="published"))
    with pytest.raises(ValidationError, match="published"):
        store.update_post(post.id, dataclasses.replace(draft_from_post(post), title="Other"))
    with pytest.raises(ValidationError, match="published"):
        store.move_post(post.id, D(2026, 11, 21), None)
    done = store.set_status(post.id, "published", published_url="https://x.com/p/1")
    assert done.published_url == "https://x.com/p/1"


def test_duplicate_shares_a_group(store: Store) -> None:
    post = store.add_post(PostDraft("Share", "Facebook", D(2026, 11, 24)))
    copies = store.duplicate_post(post.id, ["LinkedIn", "bs"])
    group = store.get_post(post.id).group_id
    assert group and {c.group_id for c in copies} == {group}
    assert [p.platform for p in store.group(group)] == ["Facebook", "LinkedIn", "Bluesky"]
    store.undo()
    assert len(store.all_posts()) == 1 and store.get_post(post.id).group_id is None


def test_post_at_ten_stays_at_ten_across_dst(store: Store) -> None:
    before = store.add_post(PostDraft("Before", "X", D(2026, 10, 30), dt.time(10)))
    after = store.add_post(PostDraft("After", "X", D(2026, 11, 2), dt.time(10)))
    assert before.time == after.time == dt.time(10)
    assert before.starts_at and after.starts_at
    assert before.starts_at.utcoffset() == dt.timedelta(hours=-4)
    assert after.starts_at.utcoffset() == dt.timedelta(hours=-5)
    paris = store.add_post(
        PostDraft("Paris", "X", D(2026, 11, 2), dt.time(10), timezone="Europe/Paris")
    )
    assert paris.timezone == "Europe/Paris" and paris.time == dt.time(10)


def test_posts_between_is_inclusive_and_ordered(store: Store) -> None:
    for title, day, time in [
        ("late", 24, dt.time(15)),
        ("early", 24, dt.time(8)),
        ("allday", 24, None),
        ("first", 23, dt.time(23, 59)),
        ("last", 29, None),
        ("outside-before", 22, dt.time(23, 59)),
        ("outside-after", 30, None),
    ]:
        store.add_post(PostDraft(title, "X", D(2026, 11, day), time))
    store.add_post(PostDraft("idea", "X"))
    got = store.posts_between(D(2026, 11, 23), D(2026, 11, 29))
    assert [p.title for p in got] == ["first", "allday", "early", "late", "last"]
    assert [p.title for p in store.occurrences_between(D(2026, 11, 23), D(2026, 11, 29))] == [
        "first",
        "allday",
        "early",
        "late",
        "last",
    ]


def test_post_filters(store: Store) -> None:
    store.add_campaign("Gala")
    store.add_post(PostDraft("a", "X", D(2026, 11, 24), status="ready", campaign="Gala"))
    store.add_post(PostDraft("b", "LinkedIn", D(2026, 11, 24)))
    week = (D(2026, 11, 23), D(2026, 11, 29))
    assert [p.title for p in store.posts_between(*week, platforms=["linkedin"])] == ["b"]
    assert [p.title for p in store.posts_between(*week, statuses=["ready"])] == ["a"]
    assert [p.title for p in store.posts_between(*week, campaign="gala")] == ["a"]


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("draft", "error", "message"),
    [
        (PostDraft("", "X"), ValidationError, "title cannot be empty"),
        (PostDraft("   \u00a0 ", "X"), ValidationError, "title cannot be empty"),
        (PostDraft("bell\x07", "X"), ValidationError, "control character"),
        (PostDraft("two\nlines", "X"), ValidationError, "control character"),
        (PostDraft("ok", "X", body="nul\x00"), ValidationError, "control character"),
        (PostDraft("ok", "X", body="x" * 100_001), ValidationError, "100,001"),
        (PostDraft("ok", "X", time=dt.time(10)), ValidationError, "needs a date"),
        (PostDraft("ok", "Myspace"), NotFoundError, "unknown platform"),
        (PostDraft("ok", "X", status="posted"), ValidationError, "unknown status"),
        (PostDraft("ok", "X", campaign="Nope"), NotFoundError, "unknown campaign"),
        (PostDraft("ok", "X", timezone="Toronto"), ValidationError, "America/Toronto"),
        (PostDraft("ok", "X", estimate_minutes=-5), ValidationError, "estimate"),
        (PostDraft("ok", "X", link="javascript:alert(1)"), ValidationError, "http"),
    ],
)
def test_invalid_posts_save_nothing(
    store: Store, draft: PostDraft, error: type[CalepinError], message: str
) -> None:
    before = snapshot(store)
    with pytest.raises(error, match=message):
        store.add_post(draft)
    assert snapshot(store) == before


@pytest.mark.parametrize(
    "text",
    [
        "x" * 100_000,
        "'; DROP TABLE posts; --",
        "=cmd|' /C calc'!A0",
        "Robert'); DELETE FROM time_entries WHERE ('1'='1",
        "tab\tand\nnewline, émoji 👩‍💻, RTL שלום",
    ],
)
def test_body_is_saved_verbatim(store: Store, db_path: Path, text: str) -> None:
    post = store.add_post(PostDraft("Verbatim", "Blog", body=text, notes=text[:20_000]))
    with Store.open(db_path) as other:
        again = other.get_post(post.id)
    assert again.body == text and again.notes == text[:20_000]
    assert store.counts()["posts"] == 1


def test_sql_looking_title_is_just_text(store: Store) -> None:
    title = '=HYPERLINK("x") \' OR 1=1 --'
    assert store.add_post(PostDraft(title, "X")).title == title


def test_reference_lists(store: Store) -> None:
    platform = store.add_platform("Mastodon", colour="#6364FF", tag="MA", char_limit=500)
    assert store.platform("ma") == platform and platform.default_duty == "social media"
    duty = store.add_duty("Fundraising", aliases=["dons"], social=False)
    assert store.duty("DONS") == duty
    campaign = store.add_campaign("Spring", start=D(2027, 3, 1), end=D(2027, 4, 1))
    assert store.campaigns() == [campaign]
    with pytest.raises(ValidationError, match="already exists"):
        store.add_platform("mastodon")
    with pytest.raises(ValidationError, match="colour"):
        store.add_campaign("Bad", colour="red")
    with pytest.raises(ValidationError, match="ends before"):
        store.add_campaign("Backwards", start=D(2027, 3, 1), end=D(2027, 2, 1))
    with pytest.raises(NotFoundError, match="unknown duty"):
        store.duty("gardening")
    with pytest.raises(NotFoundError, match="unknown activity"):
        store.activity("juggling")
    assert store.activity("veille").name == "monitor"
    store.undo()
    assert store.campaigns() == []


def test_reference_cache_sees_other_processes(store: Store, db_path: Path) -> None:
    assert "Mastodon" not in [p.name for p in store.platforms()]
    with Store.open(db_path) as other:
        other.add_platform("Mastodon")
    assert "Mastodon" in [p.name for p in store.platforms()]


def test_change_token_moves_on_every_write(store: Store, db_path: Path) -> None:
    token = store.change_token()
    assert store.change_token() == token  # reads change nothing
    store.add_platform("Mastodon")
    mine = store.change_token()
    assert mine != token
    with Store.open(db_path) as other:
        other.add_duty("fundraising")
    assert store.change_token() != mine  # a commit by another connection (the CLI)


# ---------------------------------------------------------------- time entries


def test_entry_crud_and_local_day_bounds(store: Store) -> None:
    # 23:30 on Sunday local is Monday 04:30 UTC: it belongs to Sunday.
    sunday_late = store.add_entry(entry("events", at(22, 23, 30), 20))
    monday_first = store.add_entry(entry("social", at(23, 0, 0), 30, activity="engage"))
    sunday_last = store.add_entry(entry("press", at(29, 23, 59), 1))
    next_monday = store.add_entry(entry("web", at(30, 0, 0), 15))
    week = store.entries_on(D(2026, 11, 23), D(2026, 11, 29))
    assert [e.id for e in week] == [monday_first.id, sunday_last.id]
    assert monday_first.duty == "social media" and monday_first.activity == "engage"
    assert store.entries_on(D(2026, 11, 22), D(2026, 11, 22)) == [sunday_late]
    assert store.entries_on(D(2026, 11, 30), D(2026, 11, 30)) == [next_monday]
    assert [e.id for e in store.entries_on(D(2026, 11, 23), D(2026, 11, 29), duties=["press"])] == [
        sunday_last.id
    ]
    edited = store.update_entry(monday_first.id, entry("social", at(23, 9), 45, note="replies"))
    assert edited.minutes() == 45 and edited.note == "replies"
    store.delete_entry(edited.id)
    with pytest.raises(NotFoundError):
        store.get_entry(edited.id)


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (EntryDraft("events", at(23, 10), at(23, 9)), "ends before"),
        (EntryDraft("events", at(23, 10), at(23, 10)), "ends before"),
        (EntryDraft("events", at(22, 10), at(23, 10, 1)), "24 hours"),
        (EntryDraft("events", dt.datetime(2026, 11, 23, 9), None), "time zone"),
        (EntryDraft("knitting", at(23, 9), at(23, 10)), "unknown duty"),
        (EntryDraft("events", at(23, 9), at(23, 10), activity="x"), "unknown activity"),
        (EntryDraft("events", at(23, 9), at(23, 10), note="a\x1b[31m"), "control"),
        (EntryDraft("events", at(23, 9), at(23, 10), post_id=999), "no post"),
    ],
)
def test_invalid_entries_save_nothing(store: Store, draft: EntryDraft, message: str) -> None:
    before = snapshot(store)
    with pytest.raises(CalepinError, match=message):
        store.add_entry(draft)
    assert snapshot(store) == before


def test_entry_concerns_ask_before_saving(store: Store, now: dt.datetime) -> None:
    store.add_entry(entry("events", at(23, 9), 60))
    with pytest.raises(CalepinError) as caught:
        store.add_entry(entry("meetings", at(23, 9, 30), 11 * 60), now=now, force=False)
    reasons = caught.value.reasons  # type: ignore[attr-defined]
    assert any("future" in r for r in reasons)
    assert any("10 hours" in r for r in reasons)
    assert any("overlaps" in r for r in reasons)
    assert store.counts()["time_entries"] == 1


def test_imported_entry_only_once(store: Store) -> None:
    draft = entry("meetings", at(20, 9), 60, source=EntrySource.IMPORT, external_uid="abc@x")
    store.add_entry(draft)
    with pytest.raises(ValidationError, match="already imported"):
        store.add_entry(draft)


def test_rollback_leaves_nothing_half_written(store: Store) -> None:
    before = snapshot(store)
    with pytest.raises(RuntimeError), store.transaction("two posts") as conn:
        store.add_post(PostDraft("first", "X"))
        conn.execute("UPDATE duties SET name = 'renamed' WHERE id = 1")
        raise RuntimeError("crash half-way")
    assert snapshot(store) == before
    assert not store.can_undo
    # A constraint failure inside a change rolls back the whole change as well.
    with pytest.raises(CalepinError), store.transaction("bad") as conn:
        store.add_post(PostDraft("second", "X"))
        conn.execute(
            "INSERT INTO platforms (name, tag, colour) VALUES ('Facebook', 'F', '#000000')"
        )
    assert snapshot(store) == before


# ---------------------------------------------------------------- the timer


def test_timer_start_stop_switch(store: Store, db_path: Path) -> None:
    started, stopped = store.start_timer("newsletters", at(23, 9))
    assert stopped is None and started.is_running and started.source is EntrySource.TIMER
    with Store.open(db_path) as cli:  # the timer lives in the file, shared with the CLI
        assert cli.running_timer() == started
    switched, previous = store.start_timer("social", at(23, 10, 30), activity="monitor")
    assert previous is not None and previous.end == at(23, 10, 30) and previous.minutes() == 90
    assert store.running_timer() == switched
    done = store.stop_timer(at(23, 11))
    assert done is not None and done.minutes() == 30 and store.running_timer() is None
    assert store.stop_timer(at(23, 12)) is None
    store.undo()  # un-stop
    assert store.running_timer() == switched
    store.undo()  # un-switch
    assert store.running_timer() == started


def test_only_one_timer_can_run(store: Store, db_path: Path) -> None:
    store.start_timer("events", at(23, 9))
    with pytest.raises(ValidationError, match="already running"):
        store.add_entry(EntryDraft("press", at(23, 9, 5), None))
    conn = store.connection
    with pytest.raises(Exception, match="UNIQUE"):
        conn.execute(
            "INSERT INTO time_entries (duty_id, start_at, source, created_at)"
            " VALUES (1, '2026-11-23T15:00:00Z', 'timer', 'now')"
        )
    assert sum(e.is_running for e in store.all_entries()) == 1


def test_forgotten_timer_needs_a_real_stop_time(store: Store) -> None:
    store.start_timer("events", at(20, 9))
    with pytest.raises(ValidationError, match="really stopped"):
        store.stop_timer(at(23, 9))
    assert store.stop_timer(at(20, 17)) is not None


# ---------------------------------------------------------------- undo and redo


def test_undo_redo_several_levels(store: Store) -> None:
    states = [snapshot(store)]
    post = store.add_post(PostDraft("One", "X", D(2026, 11, 24)))
    states.append(snapshot(store))
    store.move_post(post.id, D(2026, 11, 25), dt.time(9))
    states.append(snapshot(store))
    store.set_status(post.id, "ready")
    states.append(snapshot(store))
    store.add_entry(entry("social", at(23, 9), 30, post_id=post.id))
    states.append(snapshot(store))
    labels = []
    for expected in reversed(states[:-1]):
        labels.append(store.undo())
        now_rows = snapshot(store)
        # Undo moves SEQUENCE forward (calendars must see a newer version): compare the rest.
        assert _without_sequence(now_rows) == _without_sequence(expected)
    assert labels == [
        "log social media",
        "'One' → ready",
        "move 'One' to Wed 25 Nov",
        "add post 'One'",
    ]
    assert store.undo() is None and not store.can_undo
    for expected in states[1:]:
        assert store.redo()
        assert _without_sequence(snapshot(store)) == _without_sequence(expected)
    assert store.redo() is None


def _without_sequence(
    rows: dict[str, list[tuple[object, ...]]],
) -> dict[str, list[tuple[object, ...]]]:
    # posts columns: ... sequence is index 18, updated_at 20
    return {t: [r[:18] + r[19:20] if t == "posts" else r for r in v] for t, v in rows.items()}


def test_undo_bumps_sequence(store: Store) -> None:
    post = store.add_post(PostDraft("One", "X", D(2026, 11, 24)))
    store.move_post(post.id, D(2026, 11, 25), None)
    store.undo()
    again = store.get_post(post.id)
    assert again.date == D(2026, 11, 24) and again.sequence == 2


def test_undo_delete_of_series_with_entries_changes_and_skips(store: Store) -> None:
    tip = store.add_post(
        PostDraft("Tip", "Facebook", D(2026, 11, 2), dt.time(10), rrule="FREQ=WEEKLY")
    )
    store.skip_occurrence(tip.id, D(2026, 11, 9))
    changed = store.override_occurrence(tip.id, D(2026, 11, 16), PostDraft("Big tip", "Facebook"))
    on_series = store.add_entry(entry("social", at(2, 9), 30, post_id=tip.id))
    on_changed = store.add_entry(entry("social", at(16, 9), 30, post_id=changed.id))
    before = snapshot(store)
    window = (D(2026, 11, 1), D(2026, 11, 30))
    calendar = store.occurrences_between(*window)
    store.delete_post(tip.id)
    assert store.counts()["posts"] == 0
    assert [e.post_id for e in store.all_entries()] == [None, None], "entries stay, unlinked"
    assert store.undo() == "delete 'Tip'"
    # The posts come back two SEQUENCEs up: above the cancellation a later .ics sent (issue 14).
    assert _without_sequence(snapshot(store)) == _without_sequence(before)
    assert [dataclasses.replace(p, sequence=0) for p in store.occurrences_between(*window)] == [
        dataclasses.replace(p, sequence=0) for p in calendar
    ]
    assert store.get_post(tip.id).sequence == tip.sequence + 1 + 2  # the skip, then undo
    assert store.get_entry(on_series.id).post_id == tip.id
    assert store.get_entry(on_changed.id).post_id == changed.id
    store.redo()
    assert store.counts()["posts"] == 0 and store.counts()["time_entries"] == 2


def test_undo_refuses_what_was_changed_since(store: Store, db_path: Path) -> None:
    post = store.add_post(PostDraft("Mine", "X", D(2026, 11, 24)))
    store.move_post(post.id, D(2026, 11, 26), None)
    with Store.open(db_path) as cli:
        cli.update_post(
            post.id, dataclasses.replace(draft_from_post(cli.get_post(post.id)), title="CLI")
        )
    before = snapshot(store)
    with pytest.raises(ValidationError, match="changed since"):
        store.undo()
    assert snapshot(store) == before
    assert store.get_post(post.id).title == "CLI"
    # The refused change is dropped; the one before it is still there and still refused.
    with pytest.raises(ValidationError, match="changed since"):
        store.undo()
    assert store.undo() is None


def test_new_change_clears_redo(store: Store) -> None:
    store.add_post(PostDraft("A", "X"))
    store.undo()
    assert store.can_redo
    store.add_post(PostDraft("B", "X"))
    assert not store.can_redo and store.redo() is None


# ---------------------------------------------------------------- indexes and concurrency


def test_week_queries_use_their_indexes(store: Store) -> None:
    sql, params = store.posts_between_sql(D(2026, 11, 23), D(2026, 11, 29))
    assert any("USING INDEX posts_by_date" in line for line in store.explain(sql, params))
    start, end = at(23, 0), at(30, 0)
    sql, params = store.entries_between_sql(start, end)
    assert any("USING INDEX entries_by_start" in line for line in store.explain(sql, params))
    sql, params = store.entries_between_sql(start, end, duties=["events"])
    assert any("entries_by_start" in line for line in store.explain(sql, params))


_WRITER = """
import datetime as dt, sys
from storage import EntryDraft, Store
path, offset = sys.argv[1], int(sys.argv[2])
base = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
with Store.open(path) as store:
    for i in range(100):
        start = base + dt.timedelta(hours=offset + 2 * i)
        store.add_entry(EntryDraft("events", start, start + dt.timedelta(minutes=30), note=f"{offset}-{i}"))
"""


def test_concurrent_writers(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"  # both processes race to create it, too
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(path), str(offset)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for offset in (0, 1)
    ]
    errors = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    assert not any("locked" in e for e in errors)
    with Store.open(path) as store:
        notes = {e.note for e in store.all_entries()}
        assert len(notes) == 200 and store.check().ok
