"""storage.accounting: the one place time is counted, and every surface agreeing with it.

The properties generate entry sets (overlaps, interruptions, spans over midnight, the DST days
of America/Toronto, a running timer) on a real SQLite store and check that the report, the log
screen, the week bar and `calepin entries` give the same totals as accounting, and that
accounting's totals add up.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporters.report import build_report, render_json
from storage import EntryDraft, Store, accounting
from storage.settings import Settings
from tests.conftest import NOW, ZONE, ZONE_NAME
from tui.cli import cli
from tui.screens.log import log_totals, totals_text
from tui.screens.week import logged_totals
from tui.widgets.summary_bar import WeekTotals

UTC = dt.UTC
DUTIES = ("social media", "events", "newsletters", "meetings")  # social media is social
# Days around both DST changes of 2026 in Toronto (8 March: 23 h; 1 November: 25 h) and a
# plain week.
FIRST_DAYS = (dt.date(2026, 3, 6), dt.date(2026, 10, 30), dt.date(2026, 11, 20))


def instant(day: dt.date, minutes: int) -> dt.datetime:
    """`minutes` of real time after local midnight of `day` (so never a time DST skips), in
    UTC: the store measures an entry's length on the wall clock when both ends are local."""
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=ZONE).astimezone(UTC)
    return midnight + dt.timedelta(minutes=minutes)


def log(store: Store, duty: str, start: dt.datetime, end: dt.datetime | None, **kw: object):
    return store.add_entry(EntryDraft(duty, start, end, **kw))  # type: ignore[arg-type]


# ---------------------------------------------------------------- examples


def test_the_interrupted_morning_counts_three_hours_a_third_social(store: Store) -> None:
    day = dt.date(2026, 11, 23)
    log(store, "events", instant(day, 9 * 60), instant(day, 12 * 60))
    log(store, "social media", instant(day, 10 * 60), instant(day, 11 * 60))
    totals = accounting.period_totals(store, day, day, now=NOW)
    assert totals.minutes == 180
    assert totals.by_duty == {"events": 120, "social media": 60}
    assert totals.social_share == 33.3
    assert accounting.whole_percent(totals.social_share) == 33
    assert totals.duty_shares == {"events": 66.7, "social media": 33.3}


def test_running_timer_counts_up_to_now(store: Store) -> None:
    day = NOW.date()
    log(store, "social media", instant(day, 9 * 60), instant(day, 10 * 60 + 30))
    log(store, "events", instant(day, 10 * 60 + 30), instant(day, 11 * 60))
    store.start_timer("social media", instant(day, 14 * 60))
    totals = accounting.period_totals(store, day, day, now=NOW)
    assert totals.by_duty == {"social media": 150, "events": 30}
    assert totals.social_share == 83.3


def test_nothing_logged_has_no_share(store: Store) -> None:
    totals = accounting.period_totals(store, NOW.date(), NOW.date(), now=NOW)
    assert (totals.minutes, totals.social_share, totals.by_duty) == (0, None, {})


def test_entry_over_midnight_splits_by_local_day(store: Store) -> None:
    sunday = dt.date(2026, 11, 22)
    log(store, "events", instant(sunday, 22 * 60), instant(sunday, 26 * 60))  # 22:00–02:00
    week = accounting.period_totals(store, sunday - dt.timedelta(days=6), sunday, now=NOW)
    assert week.minutes == 120
    monday = accounting.period_totals(store, NOW.date(), NOW.date(), now=NOW)
    assert monday.minutes == 120 and monday.by_entry == week.by_entry


def test_dst_days_are_23_and_25_hours_long() -> None:
    spring, fall = dt.date(2026, 3, 8), dt.date(2026, 11, 1)
    bounds = accounting.midnights(spring, spring, ZONE)
    assert bounds[1] - bounds[0] == 23 * 60
    bounds = accounting.midnights(fall, fall, ZONE)
    assert bounds[1] - bounds[0] == 25 * 60


def test_resolve_overlaps_gives_time_back_after_an_interruption() -> None:
    assert accounting.resolve_overlaps([(0, 100), (20, 30), (25, 27)]) == [
        (0, 20, 0),
        (20, 25, 1),
        (25, 27, 2),
        (27, 30, 1),
        (30, 100, 0),
    ]
    assert accounting.resolve_overlaps([]) == []


def test_shares_add_up_and_social_goes_first() -> None:
    assert accounting.shares([1, 1, 1]) == [33.4, 33.3, 33.3]
    assert accounting.social_share(1, 3) == 33.3
    assert accounting.social_share(0, 0) is None
    shares = accounting.duty_shares({"a": 1, "b": 1, "c": 1}, {"c"})
    assert shares == {"a": 33.4, "b": 33.3, "c": 33.3}
    assert accounting.room_for_social(2400, 1000, 500) == 900
    assert accounting.room_for_social(100, 1000) == 0


# ---------------------------------------------------------------- properties

MINUTES = st.integers(min_value=0, max_value=4 * 24 * 60)
SPAN = st.tuples(
    st.sampled_from(DUTIES),
    MINUTES,  # start: minutes after the first local midnight (real time)
    st.integers(min_value=1, max_value=24 * 60),  # length, up to the store's 24 h
    st.sampled_from((None, "engage", "monitor")),
)
CASE = st.fixed_dictionaries(
    {
        "first": st.sampled_from(FIRST_DAYS),
        "days": st.integers(min_value=1, max_value=4),
        "offset": st.integers(min_value=0, max_value=2),  # period's first day after FIRST_DAYS
        "spans": st.lists(SPAN, max_size=8),
        # Interruptions: a span inside another one.
        "interruptions": st.lists(
            st.tuples(
                st.integers(0, 7), st.sampled_from(DUTIES), st.integers(0, 600), st.integers(1, 120)
            ),
            max_size=3,
        ),
        "timer": st.none() | st.tuples(st.sampled_from(DUTIES), MINUTES),
        "now_after": st.integers(min_value=0, max_value=5 * 24 * 60),
    }
)


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Path]]:
    """One store for every example of a property: each example deletes what it wrote. Under
    tmp_path_factory, in RAM where tests/conftest.py found room: on a disk each example's
    commits wait for fsync (half the time of these properties)."""
    path = tmp_path_factory.mktemp("accounting") / "calepin.db"
    with Store.open(path, zone_name=ZONE_NAME) as opened:
        yield opened, path


def load(store: Store, case: dict) -> tuple[dt.date, dt.date, dt.datetime]:
    """Write the case's entries; returns the period and `now`."""
    for entry in store.all_entries():
        store.delete_entry(entry.id)
    base = case["first"]
    spans = [(duty, a, a + n, act) for duty, a, n, act in case["spans"]]
    for index, duty, into, length in case["interruptions"]:
        if index < len(spans):
            _, a, b, _ = spans[index]
            start = min(b - 1, a + into)
            spans.append((duty, start, min(b, start + length), None))
    for duty, a, b, activity in spans:
        log(store, duty, instant(base, a), instant(base, b), activity=activity)
    latest = max((b for _, _, b, _ in spans), default=0)
    now = instant(base, latest + case["now_after"])
    if case["timer"] is not None:
        duty, a = case["timer"]
        start = instant(base, a)
        now = max(now, start + dt.timedelta(minutes=1))
        store.start_timer(duty, start)
    first = base + dt.timedelta(days=case["offset"])
    return first, first + dt.timedelta(days=case["days"] - 1), now


def union_minutes(store: Store, first: dt.date, last: dt.date, now: dt.datetime) -> int:
    """Wall-clock minutes covered by any entry, clipped to the period."""
    bounds = accounting.midnights(first, last, ZONE)
    spans = sorted(
        (
            max(bounds[0], accounting.minute(e.start)),
            min(bounds[-1], accounting.minute(e.end or now)),
        )
        for e in store.all_entries()
    )
    total, reach = 0, bounds[0]
    for a, b in spans:
        a = max(a, reach)
        if b > a:
            total += b - a
            reach = b
    return total


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=CASE)
def test_every_surface_counts_the_same_and_it_adds_up(
    shared_db: tuple[Store, Path], case: dict
) -> None:
    store, _ = shared_db
    first, last, now = load(store, case)
    totals = accounting.period_totals(store, first, last, now=now)

    # It adds up.
    assert sum(totals.by_duty.values()) == totals.minutes
    assert sum(totals.by_activity.values()) == totals.minutes
    assert sum(totals.by_day.values()) == totals.minutes
    assert sum(totals.by_week.values()) == totals.minutes
    assert sum(totals.by_entry.values()) == totals.minutes
    assert totals.minutes <= union_minutes(store, first, last, now)
    assert list(totals.by_day) == [
        first + dt.timedelta(days=k) for k in range((last - first).days + 1)
    ]
    if totals.minutes:
        assert round(sum(totals.duty_shares.values()), 1) == 100.0
        others = sum(s for d, s in totals.duty_shares.items() if d != "social media")
        assert totals.social_share is not None
        assert round(totals.social_share + others, 1) == 100.0
        assert totals.duty_shares.get("social media", 0.0) == totals.social_share
    else:
        assert totals.social_share is None

    # The report, as its JSON reads.
    report = build_report(store, first, last, now=now, settings=Settings())
    data = json.loads(render_json(report))
    assert report.total_minutes == totals.minutes
    assert {d["duty"]: d["minutes"] for d in data["duties"]} == totals.by_duty
    assert [d["duty"] for d in data["duties"]] == list(totals.by_duty)
    assert {d["duty"]: d["share"] for d in data["duties"]} == totals.duty_shares
    assert report.social.minutes == totals.social_minutes
    assert report.social.share == (totals.social_share or 0.0)
    assert sum(w.minutes for w in report.weeks) == totals.minutes
    assert {w.start: w.minutes for w in report.weeks} == totals.by_week
    counted = {row.id: row.counted_minutes for row in report.entries}
    assert counted == {i: m for i, m in totals.by_entry.items() if i in counted}

    # The log screen: the day and its week.
    for day in (first, last):
        day_totals, week_totals = log_totals(store, day, now, 0)
        week_first = day - dt.timedelta(days=day.weekday())
        week_last = week_first + dt.timedelta(days=6)
        week_report = build_report(store, week_first, week_last, now=now, settings=Settings())
        assert week_totals.minutes == week_report.total_minutes
        assert week_totals.by_duty == {d.duty: d.minutes for d in week_report.duties}
        assert day_totals.minutes == totals.by_day[day]
        share = week_report.social.share if week_report.total_minutes else None
        assert week_totals.social_share == share
        text = totals_text(day_totals, week_totals)
        expected = "—" if share is None else f"{accounting.whole_percent(share)}%"
        assert text.endswith(f"share of the week: {expected}")

        # The week bar, on the same week.
        bar = logged_totals(store, accounting.entries_reaching(store, week_first, week_last),
                            week_first, now, 0)  # fmt: skip
        assert (bar.minutes, bar.social_minutes) == (
            week_report.total_minutes,
            week_report.social.minutes,
        )
        widget = WeekTotals(logged=bar.minutes, social=bar.social_minutes)
        assert widget.social_share == (None if share is None else accounting.whole_percent(share))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=CASE)
def test_calepin_entries_totals_what_accounting_counts(
    shared_db: tuple[Store, Path], case: dict
) -> None:
    store, path = shared_db
    first, last, now = load(store, case)
    totals = accounting.period_totals(store, first, last, now=now)
    args = ["--db", str(path), "--now", now.isoformat()]
    period = ["--from", first.isoformat(), "--to", last.isoformat()]
    result = CliRunner().invoke(cli, [*args, "entries", *period, "--format", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert sum(r["counted_minutes"] for r in records) == totals.minutes
    assert all(r["counted_minutes"] == totals.by_entry.get(r["id"], 0) for r in records)
    social = CliRunner().invoke(
        cli, [*args, "entries", *period, "--duty", "social media", "--format", "json"]
    )
    assert sum(r["counted_minutes"] for r in json.loads(social.output)) == totals.social_minutes


# ---------------------------------------------------------------- a forgotten timer

LONG_TIMER = st.fixed_dictionaries(
    {
        "limit_hours": st.integers(1, 24),
        "start": st.integers(0, 6 * 24 * 60),  # minutes after the first day's midnight
        "ran": st.integers(1, 5 * 24 * 60),  # minutes it has run by `now`
        "before": st.booleans(),  # a finished entry just before it (the timer wins nothing)
        "first": st.sampled_from(FIRST_DAYS),
    }
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=LONG_TIMER)
def test_a_running_timer_never_counts_more_than_the_long_timer_limit_on_any_surface(
    shared_db: tuple[Store, Path], case: dict
) -> None:
    store, path = shared_db
    for entry in store.all_entries():
        store.delete_entry(entry.id)
    limit = dt.timedelta(hours=case["limit_hours"])
    cap = case["limit_hours"] * 60
    base = case["first"]
    start = instant(base, case["start"])
    if case["before"]:
        log(store, "events", start - dt.timedelta(hours=2), start - dt.timedelta(hours=1))
    timer, _ = store.start_timer("social media", start)
    now = start + dt.timedelta(minutes=case["ran"])
    expected = min(case["ran"], cap)
    first, last = base, base + dt.timedelta(days=13)  # two weeks hold the whole counted run
    store.long_timer = limit
    try:
        totals = accounting.period_totals(store, first, last, now=now)
        assert totals.by_entry[timer.id] == expected <= cap
        assert totals.social_minutes == expected
        flag = accounting.long_timer(store, now)
        assert (flag is not None) == (case["ran"] > cap)
        assert flag is None or (flag.counted == cap and flag.ran == case["ran"])

        report = build_report(store, first, last, now=now, settings=Settings())
        assert report.social.minutes == expected
        assert {r.id: r.counted_minutes for r in report.entries}[timer.id] == expected
        assert (report.long_timer is not None) == (flag is not None)

        # The log screen and the week bar, every week the run may touch.
        week = first - dt.timedelta(days=first.weekday())
        in_weeks = 0
        for k in range(3):
            a = week + dt.timedelta(days=7 * k)
            b = a + dt.timedelta(days=6)
            bar = logged_totals(store, accounting.entries_reaching(store, a, b), a, now, 0)
            _, log_week = log_totals(store, a, now, 0)
            assert bar.social_minutes == log_week.social_minutes <= cap
            in_weeks += bar.social_minutes
        assert in_weeks == expected
    finally:
        store.long_timer = accounting.LONG_TIMER

    # `calepin entries` and `calepin timer status`, with the limit from the settings file.
    config = path.parent / "config.toml"
    config.write_text(f"[timer]\nlong_timer_hours = {case['limit_hours']}\n", encoding="utf-8")
    args = ["--db", str(path), "--now", now.isoformat()]
    env = {"CALEPIN_CONFIG": str(config)}
    period = ["--from", first.isoformat(), "--to", last.isoformat()]
    result = CliRunner().invoke(cli, [*args, "entries", *period, "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.output)}
    assert rows[timer.id]["counted_minutes"] == expected
    assert rows[timer.id]["over_long_timer_limit"] == (case["ran"] > cap)
    status = CliRunner().invoke(cli, [*args, "timer", "status", "--format", "json"], env=env)
    assert json.loads(status.output)["counted_minutes"] == expected
