"""Contracted time, FTE and coverage (storage.contracted): hand-built cases on real SQLite
files, and hypothesis properties: totals never exceed the wall-clock span of the period;
FTE × contracted minutes is the social minutes."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporters.report import build_report
from storage import EntryDraft, Store, ValidationError, migrations
from storage.contracted import check_region, contracted_time, days_off_in, statutory_holidays
from storage.settings import Settings

ZONE_NAME = "America/Toronto"
ZONE = ZoneInfo(ZONE_NAME)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZONE)


def log(store: Store, duty: str, day: dt.date, start: tuple[int, int], end: tuple[int, int]):
    return store.add_entry(EntryDraft(duty, at(day, *start), at(day, *end)))


def report(store: Store, first: dt.date, last: dt.date, now: dt.datetime, **given: object):
    return build_report(store, first, last, now=now, settings=Settings(**given))  # type: ignore[arg-type]


# ---------------------------------------------------------------- hand-built cases


def test_monday_morning_counts_today_whole_once_it_has_an_entry(store: Store) -> None:
    monday = dt.date(2026, 11, 30)
    now = at(monday, 9, 5)
    log(store, "social media", monday, (7, 35), (9, 5))
    r = report(store, monday, monday + dt.timedelta(days=6), now)
    # Before: 4 min contracted (2250 %) and 22.5 FTE; today now counts whole: 7 h.
    assert r.coverage.contracted_minutes == 420
    assert r.coverage.working_days == 1 and r.coverage.working_days_to_come == 4
    assert r.coverage.share == 21.4
    assert r.social.fte == 90 / 420
    assert r.social.fte_hours_per_week == pytest.approx(7.5)
    assert "0.21 FTE (7.5 h of a 35 h week)" in r.headline


def test_today_without_an_entry_is_not_contracted_yet(store: Store) -> None:
    friday, monday = dt.date(2026, 11, 27), dt.date(2026, 11, 30)
    log(store, "events", friday, (9, 0), (16, 0))
    r = report(store, monday, monday + dt.timedelta(days=6), at(monday, 15, 0))
    assert r.coverage.contracted_minutes == 0 and r.coverage.share is None
    assert r.social.fte is None
    assert r.coverage.period_contracted_minutes == 5 * 420


def test_a_quebec_holiday_week_drops_the_statutory_day(store: Store) -> None:
    monday = dt.date(2026, 6, 22)  # Wednesday 24 June: la Saint-Jean, a Québec holiday
    for k in (0, 1, 3, 4):
        log(
            store, "social media" if k == 0 else "events", monday + dt.timedelta(k), (9, 0), (16, 0)
        )
    now = at(monday + dt.timedelta(4), 18)
    r = report(store, monday, monday + dt.timedelta(6), now, holidays="CA-QC")
    assert r.coverage.working_days == 4 and r.coverage.contracted_minutes == 4 * 420
    assert r.coverage.holidays == ((dt.date(2026, 6, 24), "Saint John the Baptist Day"),)
    assert r.coverage.working_days_without_entries == 0
    assert r.social.fte == Fraction(420, 4 * 420) == 0.25
    assert "1 statutory holiday: Saint John the Baptist Day (Wed 24 Jun)" in " ".join(
        r.coverage.contract_lines
    )
    # Without a region the day counts, and shows as a day with nothing logged.
    plain = report(store, monday, monday + dt.timedelta(6), now)
    assert plain.coverage.working_days == 5 and plain.coverage.working_days_without_entries == 1


def test_a_vacation_range_and_the_holidays_in_it_carry_no_contract(store: Store) -> None:
    first, last = dt.date(2026, 12, 21), dt.date(2027, 1, 4)
    for day in (first, first + dt.timedelta(1), first + dt.timedelta(2), last):
        log(store, "social media", day, (9, 0), (12, 30))
    store.add_days_off(dt.date(2026, 12, 24), dt.date(2027, 1, 2), "vacation")
    r = report(store, first, last, at(last, 17), holidays="CA-QC")
    # Mon-Wed 21-23 Dec and Mon 4 Jan; Christmas and New Year's Day are statutory, the
    # other weekdays (24, 28-31 Dec) leave.
    assert r.coverage.working_days == 4 and r.coverage.contracted_minutes == 4 * 420
    assert [d for d, _ in r.coverage.holidays] == [dt.date(2026, 12, 25), dt.date(2027, 1, 1)]
    assert [d.day for d, _ in r.coverage.leave] == [24, 28, 29, 30, 31]
    assert r.social.fte == 0.5
    assert "5 days of leave (vacation)" in " ".join(r.coverage.contract_lines)


def test_data_starting_in_october_counts_the_year_from_then(store: Store) -> None:
    day = dt.date(2026, 10, 1)
    while day <= dt.date(2026, 10, 14):
        if day.weekday() < 5:
            log(store, "web content", day, (9, 0), (16, 0))
            log(store, "social media", day, (16, 0), (17, 0))
        day += dt.timedelta(1)
    now = at(dt.date(2026, 10, 20), 18)
    r = report(store, dt.date(2026, 1, 1), dt.date(2026, 12, 31), now)
    # Before: 209 working days contracted, 199 of them before any entry: 0.05 FTE.
    assert r.coverage.tracked_since == dt.date(2026, 10, 1)
    assert r.coverage.working_days == 13  # 1-2, 5-9, 12-16, 19 Oct; today has no entry
    assert r.coverage.working_days_without_entries == 3
    assert r.social.fte == pytest.approx(600 / (13 * 420))
    assert round(r.social.fte, 2) == 0.11


def test_tracking_since_sets_the_first_tracked_day(store: Store) -> None:
    log(store, "social media", dt.date(2026, 10, 5), (9, 0), (10, 0))
    now = at(dt.date(2026, 10, 9), 18)  # Friday
    first, last = dt.date(2026, 9, 28), dt.date(2026, 10, 11)
    # From the entry's day; today (Friday) has no entry yet, so it is still to come.
    assert report(store, first, last, now).coverage.working_days == 4
    r = report(store, first, last, now, tracking_since=dt.date(2026, 9, 30))
    assert r.coverage.tracked_since == dt.date(2026, 9, 30)
    assert r.coverage.working_days == 7 and r.coverage.working_days_without_entries == 6
    # A day with an entry counts even before tracking_since: hours never stand on no contract.
    late = report(store, first, last, now, tracking_since=dt.date(2026, 10, 7))
    assert late.coverage.working_days == 1 + 2  # 5 Oct (the entry), then 7-8 Oct


def test_the_hour_the_clocks_go_back_is_an_hour(store: Store) -> None:
    # 01:00 EDT to 01:00 EST: the same wall clock, an hour apart (found by the property below).
    start = dt.datetime(2026, 11, 1, 5, 0, tzinfo=dt.UTC).astimezone(ZONE)
    end = dt.datetime(2026, 11, 1, 6, 0, tzinfo=dt.UTC).astimezone(ZONE)
    assert start.replace(fold=0) == end.replace(fold=0)
    entry = store.add_entry(EntryDraft("social media", start, end))
    assert entry.end is not None and entry.end - entry.start == dt.timedelta(hours=1)


def test_weekend_only_work_has_hours_but_no_fte(store: Store) -> None:
    saturday = dt.date(2026, 11, 28)
    log(store, "social media", saturday, (10, 0), (14, 0))
    r = report(store, saturday, saturday + dt.timedelta(1), at(saturday + dt.timedelta(1), 20))
    assert r.social.minutes == 240 and r.social.fte is None
    assert "FTE" not in r.headline


def test_days_off_are_checked_and_undoable(store: Store) -> None:
    mark = store.add_days_off(dt.date(2026, 12, 24), dt.date(2027, 1, 2), "vacation")
    assert mark.days == 10 and store.day_off_on(dt.date(2026, 12, 31)) == mark
    with pytest.raises(ValidationError, match="already marked off"):
        store.add_days_off(dt.date(2026, 12, 31), dt.date(2026, 12, 31))
    with pytest.raises(ValidationError, match="before they start"):
        store.add_days_off(dt.date(2027, 2, 2), dt.date(2027, 2, 1))
    with pytest.raises(ValidationError, match="at most 366"):
        store.add_days_off(dt.date(2027, 1, 5), dt.date(2028, 3, 1))
    assert store.days_off() == [mark]
    store.undo()
    assert store.days_off() == []
    store.redo()
    assert store.days_off() == [mark]
    store.remove_days_off(mark.id)
    assert store.days_off() == []
    store.undo()
    assert store.days_off() == [mark]


def test_schema_4_gains_the_days_off_table(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("BEGIN")
        conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
        migrations.migrate(conn, 0, "2026-01-01T00:00:00Z", to_version=4)
        conn.execute("COMMIT")
    with Store.open(path, zone_name=ZONE_NAME) as opened:
        assert opened.days_off() == []
        opened.add_days_off(dt.date(2026, 12, 24), dt.date(2026, 12, 24), "sick")
        assert [m.reason for m in opened.days_off()] == ["sick"]


def test_statutory_holidays_of_france_and_an_unknown_region() -> None:
    assert (dt.date(2026, 7, 14), "National Day") in statutory_holidays("FR", 2026)
    assert check_region(" ca-qc ") == "CA-QC" and check_region("fr") == "FR"
    with pytest.raises(ValidationError, match="CA has no region 'ZZ'"):
        check_region("CA-ZZ")


def test_settings_read_and_write_the_holidays_region(tmp_path: Path) -> None:
    from storage.settings import load_settings, settings_toml

    path = tmp_path / "config.toml"
    path.write_text('[work]\nholidays = "ca-qc"\ntracking_since = 2026-10-01\n')
    loaded = load_settings(path)
    assert loaded.holidays == "CA-QC" and loaded.tracking_since == dt.date(2026, 10, 1)
    text = settings_toml(loaded)
    assert 'holidays = "CA-QC"' in text and "tracking_since = 2026-10-01" in text
    path.write_text('[work]\nholidays = "XX"\n')
    with pytest.raises(ValidationError, match=r"\[work\] holidays: no statutory calendar for 'XX'"):
        load_settings(path)
    path.write_text('[work]\ntracking_since = "soon"\n')
    with pytest.raises(ValidationError, match="tracking_since must be a date"):
        load_settings(path)


# ---------------------------------------------------------------- properties: the rule alone

DAY0 = dt.date(2026, 6, 1)
DAYS = st.integers(min_value=0, max_value=70).map(lambda k: DAY0 + dt.timedelta(days=k))


@settings(max_examples=300, deadline=None)
@given(
    first=DAYS,
    length=st.integers(0, 40),
    today=DAYS,
    since=st.none() | DAYS,
    hours=st.sampled_from((35.0, 37.5, 32.0, 40.0, 21.0)),
    working=st.sets(st.integers(0, 6), min_size=1),
    logged=st.sets(DAYS, max_size=30),
    off=st.sets(DAYS, max_size=10),
    social=st.integers(0, 5000),
)
def test_contracted_time_rule(
    first: dt.date,
    length: int,
    today: dt.date,
    since: dt.date | None,
    hours: float,
    working: set[int],
    logged: set[dt.date],
    off: set[dt.date],
    social: int,
) -> None:
    last = first + dt.timedelta(days=length)
    c = contracted_time(
        first,
        last,
        today=today,
        hours_per_week=hours,
        working_days=tuple(sorted(working)),
        since=since,
        days_with_entries=logged,
        days_off={d: (False, "leave") for d in off},
    )
    assert set(c.counted).isdisjoint(c.to_come)
    for day in c.counted:
        assert first <= day <= min(last, today) and day.weekday() in working
        assert day not in off
        assert day in logged or (since is not None and since <= day < today)
    # Every working day with an entry counts (today included): hours never stand on no contract.
    for day in logged:
        if first <= day <= min(last, today) and day.weekday() in working and day not in off:
            assert day in c.counted
    assert all(day >= today for day in c.to_come)
    assert c.minutes == round(c.minutes_per_day * len(c.counted))
    fte = c.fte(social)
    if c.minutes:
        assert fte is not None and fte * c.minutes == social  # exactly: FTE × contract = social
        assert c.hours_per_week_of(fte) == pytest.approx(float(fte) * hours)
    else:
        assert fte is None and not c.counted


# ---------------------------------------------------------------- properties: the report

BASE = dt.date(2026, 10, 30)  # Friday; Sunday 1 Nov the clocks go back (a 25-hour day)
SPAN = st.tuples(
    st.sampled_from(("social media", "events", "newsletters")),
    st.integers(0, 9 * 24 * 60),  # start: minutes after BASE's local midnight
    st.integers(1, 24 * 60),
)
CASE = st.fixed_dictionaries(
    {
        "offset": st.integers(0, 5),
        "days": st.integers(1, 7),
        "spans": st.lists(SPAN, max_size=6),
        "now_after": st.integers(0, 11 * 24 * 60),
        "leave": st.none() | st.tuples(st.integers(0, 8), st.integers(0, 3)),
        "since": st.none() | st.integers(0, 8),
    }
)


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    # tmp_path_factory, not tempfile: in RAM where tests/conftest.py found room (no fsync wait).
    path = tmp_path_factory.mktemp("contracted") / "calepin.db"
    with Store.open(path, zone_name=ZONE_NAME) as opened:
        yield opened


def _real_minutes(a: dt.datetime, b: dt.datetime) -> int:
    return round((b.astimezone(dt.UTC) - a.astimezone(dt.UTC)).total_seconds() / 60)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=CASE)
def test_report_totals_fit_the_period_and_fte_times_contract_is_social(
    shared_store: Store, case: dict
) -> None:
    store = shared_store
    for entry in store.all_entries():
        store.delete_entry(entry.id)
    for mark in store.days_off():
        store.remove_days_off(mark.id)
    midnight = at(BASE, 0)
    for duty, start, length in case["spans"]:
        a = midnight.astimezone(dt.UTC) + dt.timedelta(minutes=start)  # real time, not wall
        b = a + dt.timedelta(minutes=length)
        store.add_entry(EntryDraft(duty, a.astimezone(ZONE), b.astimezone(ZONE)))
    if case["leave"] is not None:
        begin, extra = case["leave"]
        store.add_days_off(BASE + dt.timedelta(begin), BASE + dt.timedelta(begin + extra))
    first = BASE + dt.timedelta(days=case["offset"])
    last = first + dt.timedelta(days=case["days"] - 1)
    now = (midnight.astimezone(dt.UTC) + dt.timedelta(minutes=case["now_after"])).astimezone(ZONE)
    since = None if case["since"] is None else BASE + dt.timedelta(case["since"])
    r = report(store, first, last, now, holidays="CA-QC", tracking_since=since)

    # Totals never exceed the wall-clock span of the period (DST days are 23 or 25 hours).
    span = _real_minutes(at(first, 0), at(last + dt.timedelta(1), 0))
    assert 0 <= r.total_minutes <= span
    for week in r.weeks:
        assert week.minutes <= _real_minutes(at(week.start, 0), at(week.end + dt.timedelta(1), 0))
    assert sum(w.minutes for w in r.weeks) == r.total_minutes
    # FTE × contracted minutes == social minutes, as reported.
    c = r.coverage
    if c.contracted_minutes:
        assert r.social.fte is not None
        assert r.social.fte * c.contracted_minutes == pytest.approx(r.social.minutes, abs=1e-9)
        assert c.share == round(r.total_minutes * 100 / c.contracted_minutes, 1)
        # The contract never falls below a whole day for each counted day with logged time.
        assert c.contracted_minutes == 420 * c.working_days
    else:
        assert r.social.fte is None and c.share is None
    assert c.working_days + c.working_days_to_come <= 5 * ((r.last - r.first).days // 7 + 2)
    assert c.period_contracted_minutes == 420 * (c.working_days + c.working_days_to_come)
    off = days_off_in(first, last, "CA-QC", store.days_off(first, last))
    assert not set(c.leave) & {(d, w) for d, (s, w) in off.items() if s}
