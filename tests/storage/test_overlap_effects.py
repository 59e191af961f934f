"""Trims never delete silently: what each answer to an overlap does, listed before it is done."""

from __future__ import annotations

import datetime as dt

import pytest

from storage import EntryDraft, Store, ValidationError, commands
from storage import timesheet as ts
from tests.conftest import NOW, ZONE

NOTES = ("council thread", "reels", "newsletter proof", "press list", "web fix", "budget call")
DUTIES = ("social media", "video", "newsletters", "press relations", "web content", "meetings")


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(NOW.date(), dt.time(hour, minute), ZONE)


def six_noted_entries(store: Store) -> None:
    for hour, (duty, note) in enumerate(zip(DUTIES, NOTES, strict=True), start=8):
        store.add_entry(EntryDraft(duty, at(hour), at(hour, 45), note=note))


def test_11h_social_over_six_noted_entries_lists_each_removal_before_doing_it(
    store: Store,
) -> None:
    six_noted_entries(store)
    with pytest.raises(commands.NeedsAnswer) as refused:
        commands.log_line(store, "11h social", NOW)
    plan = refused.value.plan
    assert plan.answers == ("trim", "split")
    lines = commands.effect_lines(plan, "trim", ZONE)
    assert lines == [
        f"removed: Mon 23 Nov {h:02d}:00–{h:02d}:45 · 45 min · {duty} · “{note}”"
        for h, duty, note in zip(range(8, 14), DUTIES, NOTES, strict=True)
    ]
    assert commands.effect_lines(plan, "split", ZONE) == lines
    assert len(store.all_entries()) == 6  # nothing done while asking

    commands.carry_out(store, plan, NOW, "trim")
    assert [(e.duty, e.note) for e in store.all_entries()] == [("social media", "")]
    store.undo()
    assert [e.note for e in store.all_entries()] == list(NOTES)


def test_a_removal_not_shown_in_the_answered_list_is_not_made(store: Store) -> None:
    store.add_entry(EntryDraft("events", at(9), at(10), note="fair"))
    with pytest.raises(commands.NeedsAnswer) as refused:
        commands.log_line(store, "8-12 social", NOW)
    plan = refused.value.plan
    # Another window logs an entry the list did not show.
    store.add_entry(EntryDraft("video", at(10, 30), at(11), note="teaser"))
    with pytest.raises(commands.NeedsAnswer) as again:
        commands.carry_out(store, plan, NOW, "trim")
    assert [e.note for e in store.all_entries()] == ["fair", "teaser"]
    assert any("“teaser”" in line for line in commands.effect_lines(again.value.plan, "trim", ZONE))
    commands.carry_out(store, again.value.plan, NOW, "trim")
    assert [e.duty for e in store.all_entries()] == ["social media"]


def test_an_interruption_inside_a_longer_entry_keeps_both_parts_and_the_note(
    store: Store,
) -> None:
    store.add_entry(EntryDraft("events", at(9), at(12), activity=None, note="gala seating"))
    with pytest.raises(commands.NeedsAnswer) as refused:
        commands.log_line(store, "10:00-10:30 social engage crisis reply", NOW)
    plan = refused.value.plan
    assert plan.answers[0] == "split"
    assert commands.effect_lines(plan, "split", ZONE) == [
        "split: Mon 23 Nov 09:00–12:00 · 3 h · events · “gala seating” → 09:00–10:00 and"
        " 10:30–12:00 (note on both)"
    ]
    assert commands.effect_lines(plan, "trim", ZONE) == [
        "shortened: Mon 23 Nov 09:00–12:00 · 3 h · events · “gala seating” → 09:00–10:00"
    ]
    commands.carry_out(store, plan, NOW, "split")
    got = [(e.duty, e.start, e.end, e.note) for e in store.all_entries()]
    assert got == [
        ("events", at(9), at(10), "gala seating"),
        ("social media", at(10), at(10, 30), "crisis reply"),
        ("events", at(10, 30), at(12), "gala seating"),
    ]


def test_edges_are_shortened_and_a_running_timer_is_named(store: Store) -> None:
    store.add_entry(EntryDraft("events", at(9), at(11), note="a"))
    store.start_timer("video", at(12, 30))
    draft = EntryDraft("press relations", at(10), at(13))
    plan = commands.review(store, draft, NOW)
    assert commands.effect_lines(plan, "trim", ZONE) == [
        "shortened: Mon 23 Nov 09:00–11:00 · 2 h · events · “a” → 09:00–10:00",
        "shortened: video from Mon 23 Nov 12:30 (running) → running from 13:00",
    ]
    effects = plan.effects_of("trim")
    assert [e.kind for e in effects] == ["shortened", "shortened"]
    commands.carry_out(store, plan, NOW, "trim")
    assert [(e.duty, e.start, e.end) for e in store.all_entries()] == [
        ("events", at(9), at(10)),
        ("press relations", at(10), at(13)),
        ("video", at(13), None),
    ]


def test_overlap_effects_is_pure_and_refuses_unknown_answers(store: Store) -> None:
    entry = store.add_entry(EntryDraft("events", at(9), at(12)))
    draft = EntryDraft("social media", at(10), at(11))
    split = ts.overlap_effects([entry], draft, "split")
    assert split[0].kind == "split" and len(split[0].parts) == 2
    assert store.all_entries() == [entry]
    with pytest.raises(ValidationError, match="unknown way"):
        ts.overlap_effects([entry], draft, "merge")  # type: ignore[arg-type]
