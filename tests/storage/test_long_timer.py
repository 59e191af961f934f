"""Forgotten timers, zero-minute runs and stable timer keys: storage.accounting,
storage.commands and storage.timesheet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from exporters.report import build_report, render_json
from storage import EntryDraft, Store, ValidationError, accounting, commands
from storage import timesheet as ts
from storage.settings import Settings, load_settings, settings_toml
from tests.conftest import ZONE

MONDAY = dt.date(2026, 11, 30)


def on(day: int, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    """A local time on Mon 30 Nov 2026 + `day` days."""
    return dt.datetime.combine(MONDAY + dt.timedelta(days=day), dt.time(hour, minute, second), ZONE)


# ---------------------------------------------------------------- the 72-hour timer


def test_a_timer_forgotten_for_three_days_counts_ten_hours_everywhere(store: Store) -> None:
    store.start_timer("events", on(0, 9))
    thursday = on(3, 9)
    week = accounting.period_totals(store, MONDAY, MONDAY + dt.timedelta(days=6), now=thursday)
    assert week.minutes == 10 * 60  # was 72 h
    assert week.by_day[MONDAY] == 10 * 60 and week.by_day[MONDAY + dt.timedelta(days=1)] == 0
    report = build_report(
        store, MONDAY, MONDAY + dt.timedelta(days=6), now=thursday, settings=Settings()
    )
    assert report.total_minutes == 10 * 60
    assert '"long_timer": "the events timer has run 72 h' in render_json(report)
    flag = accounting.long_timer(store, thursday)
    assert flag is not None and (flag.ran, flag.counted) == (72 * 60, 10 * 60)
    assert flag.text(ZONE) == (
        "the events timer has run 72 h since Mon 30 Nov 09:00; only 10 h count "
        "(the long-timer limit)"
    )


def test_the_limit_follows_the_store_setting_and_a_timer_within_it_counts_to_now(
    store: Store,
) -> None:
    store.start_timer("events", on(0, 9))
    store.long_timer = dt.timedelta(hours=4)
    day = accounting.period_totals(store, MONDAY, MONDAY, now=on(0, 12))
    assert day.minutes == 3 * 60 and accounting.long_timer(store, on(0, 12)) is None
    day = accounting.period_totals(store, MONDAY, MONDAY, now=on(0, 15))
    assert day.minutes == 4 * 60 and accounting.long_timer(store, on(0, 15)) is not None
    assert commands.forgotten_timer(store, on(0, 15)) is not None


def test_force_stops_a_timer_too_long_for_one_entry_at_the_limit(store: Store) -> None:
    store.start_timer("events", on(0, 9))
    with pytest.raises(commands.NeedsAnswer) as refused:
        commands.stop_timer(store, on(3, 9))
    assert refused.value.plan.forgotten is not None
    assert refused.value.plan.forgotten.forced == on(0, 19)
    done = commands.stop_timer(store, on(3, 9), answer="save")
    assert done.stopped is not None and (done.stopped.start, done.stopped.end) == (
        on(0, 9),
        on(0, 19),
    )


def test_force_within_a_day_counts_it_all_and_last_stops_at_the_last_activity(
    store: Store,
) -> None:
    store.start_timer("events", on(0, 7))
    done = commands.stop_timer(store, on(0, 20), answer="save")
    assert done.stopped is not None and done.stopped.end == on(0, 20)
    store.start_timer("events", on(1, 8))
    done = commands.stop_timer(store, on(2, 8), answer="last")
    assert done.stopped is not None and done.stopped.end == on(1, 17)


def test_a_switch_stops_a_forgotten_timer_where_the_answer_says(store: Store) -> None:
    store.start_timer("events", on(0, 9))
    started, stopped = commands.start_timer(store, "meetings", on(3, 9), answer="save")
    assert stopped is not None and stopped.end == on(0, 19)
    assert started.duty == "meetings" and started.start == on(3, 9)


def test_stop_at_more_than_a_day_after_the_start_says_until_when(store: Store) -> None:
    store.start_timer("events", on(0, 9))
    with pytest.raises(ValidationError, match=r"stop it by Tue 1 Dec 09:00"):
        commands.stop_timer(store, on(3, 9), at=on(2, 17))
    assert store.running_timer() is not None
    done = commands.stop_timer(store, on(3, 9), at=on(0, 17))
    assert done.stopped is not None and done.stopped.minutes(on(3, 9)) == 8 * 60


# ---------------------------------------------------------------- zero-minute runs


def test_a_timer_stopped_within_its_minute_is_not_kept(store: Store) -> None:
    store.start_timer("events", on(0, 9, 0, 10))
    done = commands.stop_timer(store, on(0, 9, 0, 40))
    assert done.stopped is None and done.dropped is not None
    assert store.all_entries() == [] and store.running_timer() is None


def test_a_one_minute_run_is_kept(store: Store) -> None:
    store.start_timer("events", on(0, 9))
    done = commands.stop_timer(store, on(0, 9, 1))
    assert done.stopped is not None and done.dropped is None
    assert [e.minutes(on(0, 10)) for e in store.all_entries()] == [1]


def test_a_switch_within_the_minute_drops_the_empty_run(store: Store) -> None:
    done = commands.log_line(store, "start events", on(0, 9))
    done = commands.log_line(store, "start meetings", on(0, 9, 0, 20))
    assert done.dropped is not None and done.dropped.duty == "events"
    assert done.stopped is None and done.started is not None
    assert [e.duty for e in store.all_entries()] == ["meetings"]


def test_an_interruption_within_the_minute_drops_the_empty_runs(store: Store) -> None:
    commands.start_timer(store, "events", on(0, 9))
    ts.interrupt(store, "social media", on(0, 9, 0, 20))
    resumed = ts.end_interruption(store, on(0, 9, 0, 50))
    assert resumed is not None and resumed.duty == "events"
    assert [(e.duty, e.end) for e in store.all_entries()] == [("events", None)]


# ---------------------------------------------------------------- stable timer keys


def test_timer_keys_follow_the_duties_order_and_never_usage(store: Store) -> None:
    before = [d.name for d in ts.timer_key_duties(store)]
    assert before == [d.name for d in store.duties()][:9]
    for day in range(5):  # hours of web content shift the usage, not the keys
        store.add_entry(EntryDraft("web content", on(day, 9), on(day, 17)))
    assert [d.name for d in ts.timer_key_duties(store)] == before


def test_pinned_timer_keys_come_first_and_an_unknown_name_is_refused(store: Store) -> None:
    keys = [d.name for d in ts.timer_key_duties(store, ["meetings", "social media"])]
    assert keys[:2] == ["meetings", "social media"] and len(keys) == 9
    assert len(set(keys)) == 9
    with pytest.raises(ValidationError, match="'meeting room', which is no duty"):
        ts.timer_key_duties(store, ["meeting room"])


# ---------------------------------------------------------------- the settings


def test_the_timer_section_reads_writes_and_refuses_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[timer]\nlong_timer_hours = 6\nkeys = ["events", "meetings"]\n')
    settings = load_settings(path)
    assert settings.long_timer == dt.timedelta(hours=6)
    assert settings.timer_keys == ("events", "meetings")
    text = settings_toml(settings)
    assert "long_timer_hours = 6" in text and 'keys = ["events", "meetings"]' in text
    assert "long_timer_hours = 10" in settings_toml(Settings())
    path.write_text("[timer]\nlong_timer = 6\n")
    with pytest.raises(ValidationError, match="unknown key 'long_timer' in \\[timer\\]"):
        load_settings(path)
    path.write_text("[timer]\nlong_timer_hours = 0\n")
    with pytest.raises(ValidationError, match="long_timer_hours must be a number of hours"):
        load_settings(path)
    path.write_text('[timer]\nkeys = ["events", "Events"]\n')
    with pytest.raises(ValidationError, match="names 'Events' twice"):
        load_settings(path)
