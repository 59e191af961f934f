"""Entry operations on a real store: overlaps, splits, interruptions, timelines, totals."""

from __future__ import annotations

import datetime as dt

import pytest

from storage import EntryDraft, EntrySource, PostDraft, Store, ValidationError
from storage import timesheet as ts
from storage.calendar import day_bounds

ZONE_NAME = "America/Toronto"


def at(now: dt.datetime, hhmm: str, days: int = 0) -> dt.datetime:
    hour, minute = map(int, hhmm.split(":"))
    day = now.date() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=now.tzinfo)


def log(store: Store, duty: str, start: dt.datetime, end: dt.datetime | None, **kw: object):
    return store.add_entry(EntryDraft(duty, start, end, **kw))  # type: ignore[arg-type]


def spans(store: Store) -> list[tuple[str, str, str | None]]:
    zone = store.zone
    return [
        (
            e.duty,
            e.start.astimezone(zone).strftime("%H:%M"),
            e.end.astimezone(zone).strftime("%H:%M") if e.end else None,
        )
        for e in store.all_entries()
    ]


def test_trim_cuts_both_neighbours_and_undoes_in_one_step(store: Store, now: dt.datetime) -> None:
    log(store, "events", at(now, "09:00"), at(now, "11:00"))
    log(store, "newsletters", at(now, "12:00"), at(now, "14:00"))
    draft = EntryDraft("press relations", at(now, "10:30"), at(now, "12:30"))
    review = ts.review_entry(store, draft, now)
    assert [e.duty for e in review.overlaps] == ["events", "newsletters"]
    assert any("overlaps" in r for r in review.reasons)

    ts.resolve_overlap(store, draft, "trim")
    assert spans(store) == [
        ("events", "09:00", "10:30"),
        ("press relations", "10:30", "12:30"),
        ("newsletters", "12:30", "14:00"),
    ]
    assert store.undo() is not None
    assert spans(store) == [("events", "09:00", "11:00"), ("newsletters", "12:00", "14:00")]
    assert store.undo_label == "log newsletters"  # the setup's last step: trim was one step


def test_trim_and_split_differ_only_for_a_surrounding_neighbour(
    store: Store, now: dt.datetime
) -> None:
    log(store, "events", at(now, "09:00"), at(now, "12:00"), note="fair")
    draft = EntryDraft("social media", at(now, "10:00"), at(now, "10:30"))
    ts.resolve_overlap(store, draft, "split")
    assert spans(store) == [
        ("events", "09:00", "10:00"),
        ("social media", "10:00", "10:30"),
        ("events", "10:30", "12:00"),
    ]
    assert [e.note for e in store.all_entries()] == ["fair", "", "fair"]
    store.undo()
    assert spans(store) == [("events", "09:00", "12:00")]
    ts.resolve_overlap(store, draft, "trim")
    assert spans(store) == [("events", "09:00", "10:00"), ("social media", "10:00", "10:30")]


def test_covered_neighbour_is_deleted_and_edit_excludes_itself(
    store: Store, now: dt.datetime
) -> None:
    mine = log(store, "events", at(now, "09:00"), at(now, "10:00"))
    log(store, "video", at(now, "10:15"), at(now, "10:45"))
    edited = ts.resolve_overlap(
        store, ts.draft_of(mine, end=at(now, "11:00")), "trim", exclude=mine.id
    )
    assert edited.id == mine.id
    assert spans(store) == [("events", "09:00", "11:00")]


def test_resolve_splits_a_running_timer_and_restarts_it(store: Store, now: dt.datetime) -> None:
    store.start_timer("newsletters", at(now, "13:00"))
    ts.resolve_overlap(store, EntryDraft("meetings", at(now, "13:30"), at(now, "14:00")), "split")
    assert spans(store) == [
        ("newsletters", "13:00", "13:30"),
        ("meetings", "13:30", "14:00"),
        ("newsletters", "14:00", None),
    ]
    assert store.running_timer() is not None


def test_resolve_refuses_unknown_choice(store: Store, now: dt.datetime) -> None:
    with pytest.raises(ValidationError):
        ts.resolve_overlap(store, EntryDraft("events", now, now), "merge")  # type: ignore[arg-type]


def test_split_entry_keeps_fields_and_is_one_undo(store: Store, now: dt.datetime) -> None:
    post = store.add_post(PostDraft("Launch", "Facebook", date=now.date()))
    entry = log(
        store,
        "social media",
        at(now, "09:00"),
        at(now, "11:00"),
        activity="create",
        note="reel",
        post_id=post.id,
    )
    first, second = ts.split_entry(store, entry.id, at(now, "10:15"))
    assert (first.id, first.end) == (entry.id, at(now, "10:15"))
    assert second.start == at(now, "10:15") and second.end == at(now, "11:00")
    assert (second.activity, second.note, second.post_id) == ("create", "reel", post.id)
    assert store.undo_label == f"split entry #{entry.id}"
    store.undo()
    assert spans(store) == [("social media", "09:00", "11:00")]


def test_split_refuses_outside_times_and_running_timers(store: Store, now: dt.datetime) -> None:
    entry = log(store, "events", at(now, "09:00"), at(now, "10:00"))
    with pytest.raises(ValidationError, match="between 09:00 and 10:00"):
        ts.split_entry(store, entry.id, at(now, "10:00"))
    timer, _ = store.start_timer("video", at(now, "11:00"))
    with pytest.raises(ValidationError, match="running"):
        ts.split_entry(store, timer.id, at(now, "11:30"))


def test_interruption_pauses_and_resumes_the_timer(store: Store, now: dt.datetime) -> None:
    post = store.add_post(PostDraft("Newsletter #12", "Newsletter", date=now.date()))
    store.start_timer("newsletters", at(now, "13:00"), activity="create", post_id=post.id)
    crisis = ts.interrupt(store, "social media", at(now, "14:00"), activity="crisis")
    assert crisis.duty == "social media" and crisis.activity == "crisis"
    assert ts.paused_timer(store) == ts.PausedTimer("newsletters", "create", "", post.id)
    with pytest.raises(ValidationError, match="already"):
        ts.interrupt(store, "social media", at(now, "14:05"))

    # a second connection (the CLI) sees the paused timer too
    with Store.open(store.path) as other:
        assert ts.paused_timer(other) is not None

    resumed = ts.end_interruption(store, at(now, "14:40"))
    assert resumed is not None and resumed.start == at(now, "14:40")
    assert (resumed.duty, resumed.activity, resumed.post_id) == ("newsletters", "create", post.id)
    assert ts.paused_timer(store) is None
    assert spans(store) == [
        ("newsletters", "13:00", "14:00"),
        ("social media", "14:00", "14:40"),
        ("newsletters", "14:40", None),
    ]
    with pytest.raises(ValidationError, match="no interruption"):
        ts.end_interruption(store, now)


def test_interruption_without_a_timer_just_stops(store: Store, now: dt.datetime) -> None:
    ts.interrupt(store, "social media", at(now, "14:00"))
    assert ts.end_interruption(store, at(now, "14:30")) is None
    assert store.running_timer() is None
    assert spans(store) == [("social media", "14:00", "14:30")]


def test_day_timeline_lists_gaps_between_entries_only(store: Store, now: dt.datetime) -> None:
    a = log(store, "events", at(now, "09:00"), at(now, "10:00"))
    b = log(store, "video", at(now, "09:30"), at(now, "10:30"))  # overlapping: no gap
    c = log(store, "meetings", at(now, "11:00"), at(now, "12:00"))
    timer, _ = store.start_timer("newsletters", at(now, "13:00"))
    start, end = day_bounds(now.date(), now.date(), store.zone)
    timeline = ts.day_timeline(store.entries_between(start, end), start, end, now=now)
    assert timeline == [
        a,
        b,
        ts.Gap(at(now, "10:30"), at(now, "11:00")),
        c,
        ts.Gap(at(now, "12:00"), at(now, "13:00")),
        timer,
    ]
    assert timeline[2].minutes == 30  # type: ignore[union-attr]


def test_most_used_duties_rank_by_recent_time_then_fill(store: Store, now: dt.datetime) -> None:
    log(store, "video", at(now, "09:00", -1), at(now, "12:00", -1))
    log(store, "events", at(now, "09:00", -2), at(now, "10:00", -2))
    log(store, "meetings", at(now, "09:00", -200), at(now, "18:00", -200))  # too old
    names = [d.name for d in ts.most_used_duties(store, now)]
    assert names[:2] == ["video", "events"]
    assert len(names) == 9 and len(set(names)) == 9
    assert names[2] == "social media"  # then the usual order


def test_long_running_timer_and_where_to_stop_it(store: Store, now: dt.datetime) -> None:
    assert ts.long_running_timer(store, now) is None
    timer, _ = store.start_timer("web content", at(now, "09:00", -1))
    assert ts.long_running_timer(store, at(now, "18:00", -1)) is None
    assert ts.long_running_timer(store, now) == timer
    # nothing logged meanwhile: 17:00 of the day it started
    assert ts.last_activity_before(store, timer, now) == at(now, "17:00", -1)
    # something logged meanwhile: its end
    log(store, "meetings", at(now, "19:00", -1), at(now, "19:45", -1))
    assert ts.last_activity_before(store, timer, now) == at(now, "19:45", -1)


def test_last_activity_for_a_late_start_is_one_hour(store: Store, now: dt.datetime) -> None:
    timer, _ = store.start_timer("web content", at(now, "21:00", -1))
    assert ts.last_activity_before(store, timer, now) == at(now, "22:00", -1)


def test_start_on_post_links_it_and_effort_adds_up(store: Store, now: dt.datetime) -> None:
    post = store.add_post(PostDraft("Reel", "Instagram", date=now.date(), estimate_minutes=60))
    started, _ = ts.start_on_post(store, post, at(now, "14:00"))
    assert (started.duty, started.post_id) == ("social media", post.id)
    log(store, "social media", at(now, "09:00"), at(now, "09:15"), post_id=post.id)
    minutes = ts.logged_minutes_by_post(store, [post.id, 999], now)
    assert minutes == {post.id: 75, 999: 0}


def test_save_entry_edits_in_place(store: Store, now: dt.datetime) -> None:
    entry = log(store, "events", at(now, "09:00"), at(now, "10:00"), source=EntrySource.TIMER)
    saved = ts.save_entry(store, ts.draft_of(entry, duty="video"), exclude=entry.id)
    assert (saved.id, saved.duty, saved.source) == (entry.id, "video", EntrySource.TIMER)
