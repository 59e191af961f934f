"""storage.commands: the answers a front end passes back after asking."""

from __future__ import annotations

import datetime as dt

import pytest

from storage import EntryDraft, Store, commands
from tests.conftest import NOW, ZONE


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(NOW.date(), dt.time(hour, minute), ZONE)


def test_a_forgotten_timer_needs_an_answer_and_last_stops_it_at_its_last_activity(
    store: Store,
) -> None:
    store.start_timer("social media", at(3))
    store.add_entry(EntryDraft("events", at(7), at(7, 30)))
    with pytest.raises(commands.NeedsAnswer) as refused:
        commands.log_line(store, "start newsletter", NOW)
    plan = refused.value.plan
    assert plan.reasons == (
        "the social media timer has run since Mon 23 Nov 03:00 (12 h); "
        "only 10 h count until it is stopped",
    )
    assert plan.answers == ("last", "save")
    done = commands.log_line(store, "start newsletter", NOW, answer="last")
    assert done.stopped is not None and done.stopped.end == at(7, 30)
    assert done.started is not None and done.started.duty == "newsletters"


def test_an_overlap_is_answered_by_trim_split_or_save(store: Store) -> None:
    store.add_entry(EntryDraft("events", at(9), at(12)))
    with pytest.raises(commands.NeedsAnswer) as refused:
        commands.log_line(store, "10-11am social", NOW)
    # Split first: inside a longer entry it keeps both parts; trim would drop the part after.
    assert refused.value.plan.answers == ("split", "trim")
    commands.log_line(store, "10-11am social", NOW, answer="split")
    spans = [(e.duty, e.start, e.end) for e in store.all_entries()]
    assert spans == [
        ("events", at(9), at(10)),
        ("social media", at(10), at(11)),
        ("events", at(11), at(12)),
    ]


def test_a_change_to_a_series_says_which_dates(store: Store) -> None:
    from storage import PostDraft

    series = store.add_post(
        PostDraft("Tip", "X", dt.date(2026, 12, 2), dt.time(10), rrule="FREQ=WEEKLY;BYDAY=WE")
    )
    with pytest.raises(commands.WhichDates, match=r"add --on DAY .* or --series"):
        commands.set_status(store, series.id, "ready")
    one = commands.set_status(store, series.id, "ready", on=dt.date(2026, 12, 9))
    assert (one.recurrence_of, one.status.value) == (series.id, "ready")
    assert store.get_post(series.id).status.value == "idea"
    skipped = commands.delete_post(store, one.id)  # a changed date is one date already
    assert skipped.recurrence_date == dt.date(2026, 12, 9)
    assert store.get_post(series.id).skipped_dates == (dt.date(2026, 12, 9),)
