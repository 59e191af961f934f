"""Report figures on hand-made weeks where every total is known in advance."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from zoneinfo import ZoneInfo

import pytest

from exporters.report import (
    Report,
    apportion,
    build_report,
    render_csv,
    render_html,
    render_json,
    render_markdown,
    resolve_overlaps,
    shares,
)
from storage import EntryDraft, EntrySource, PostDraft, Store, ValidationError
from storage.settings import Settings

ZONE = ZoneInfo("America/Toronto")
NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=ZONE)  # Monday afternoon
WEEK = (dt.date(2026, 11, 16), dt.date(2026, 11, 22))


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZONE)


def d(day: int, month: int = 11, year: int = 2026) -> dt.date:
    return dt.date(year, month, day)


def log(store: Store, duty: str, start: dt.datetime, end: dt.datetime | None, activity=None,
        note="", source=EntrySource.MANUAL, post_id=None) -> None:  # fmt: skip
    store.add_entry(EntryDraft(duty, start, end, activity, note, post_id, source))


def report(store: Store, first: dt.date, last: dt.date, settings: Settings | None = None,
           **kwargs) -> Report:  # fmt: skip
    return build_report(store, first, last, now=NOW, settings=settings or Settings(), **kwargs)


def minutes_by_duty(r: Report) -> dict[str, int]:
    return {row.duty: row.minutes for row in r.duties}


def assert_consistent(r: Report) -> None:
    assert sum(row.minutes for row in r.duties) == r.total_minutes
    if r.total_minutes:
        assert round(sum(row.share for row in r.duties), 1) == 100.0
        assert sum(w.minutes for w in r.weeks) == r.total_minutes
    assert sum(e.counted_minutes for e in r.entries) == r.total_minutes
    assert sum(a.minutes for a in r.social.activities) == r.social.minutes


# ---------------------------------------------------------------- overlaps


def test_overlaps_and_an_interruption_are_counted_once(store: Store) -> None:
    mon, tue = d(16), d(17)
    log(store, "social media", at(mon, 9), at(mon, 12), "create")  # 180 logged
    log(store, "social media", at(mon, 10), at(mon, 10, 45), "crisis")  # interrupts: 45
    log(store, "meetings", at(mon, 11, 30), at(mon, 12, 30))  # takes 11:30-12:00 from create
    log(store, "newsletters", at(tue, 9), at(tue, 11))
    log(store, "press relations", at(tue, 9), at(tue, 10))  # same start: the later entry wins
    r = report(store, *WEEK)
    assert r.total_minutes == 210 + 120  # 9:00-12:30 on Monday, 9:00-11:00 on Tuesday
    assert minutes_by_duty(r) == {
        "social media": 105 + 45,
        "meetings": 60,
        "newsletters": 60,
        "press relations": 60,
    }
    assert next(row.duty for row in r.duties) == "social media"
    assert [(row.duty, row.share) for row in r.duties] == [
        ("social media", 45.5),
        ("meetings", 18.2),
        ("newsletters", 18.2),
        ("press relations", 18.1),
    ]
    assert r.social.minutes == 150 and r.social.share == 45.5
    activities = {a.activity: a.minutes for a in r.social.activities}
    assert activities["create"] == 105 and activities["crisis"] == 45
    assert r.social.reactive_minutes == 45 and r.social.reactive_share == 30.0
    by_id = {e.duty + str(e.activity): e for e in r.entries}
    assert by_id["social mediacreate"].logged_minutes == 180
    assert by_id["social mediacreate"].counted_minutes == 105
    assert_consistent(r)


def test_resolve_overlaps_gives_time_back_after_an_interruption() -> None:
    # 0-100 interrupted by 20-30, which is itself interrupted by 25-27
    owned = resolve_overlaps([(0, 100), (20, 30), (25, 27)])
    assert owned == [(0, 20, 0), (20, 25, 1), (25, 27, 2), (27, 30, 1), (30, 100, 0)]
    assert resolve_overlaps([]) == []
    assert resolve_overlaps([(0, 10), (10, 20)]) == [(0, 10, 0), (10, 20, 1)]


# ---------------------------------------------------------------- time zones and midnight


def test_dst_week_counts_real_minutes(store: Store) -> None:
    # Clocks go back at 02:00 on Sunday 1 November 2026: 00:30 to 03:00 lasts 3.5 hours.
    log(store, "social media", at(d(1), 0, 30), at(d(1), 3), "crisis")
    log(store, "events", at(d(26, 10), 9), at(d(26, 10), 17))
    r = report(store, d(26, 10), d(1))
    assert r.total_minutes == 210 + 480
    assert r.out_of_hours.weekend == 210 and r.out_of_hours.evening == 0
    assert [w.minutes for w in r.weeks] == [690]
    assert r.coverage.contracted_minutes == 5 * 7 * 60
    assert_consistent(r)


def test_spring_forward_night(store: Store) -> None:
    # 8 March 2026: 01:00 to 04:00 on the clock is two real hours.
    log(store, "web content", at(d(8, 3), 1), at(d(8, 3), 4))
    r = report(store, d(2, 3), d(8, 3))
    assert r.total_minutes == 120
    assert r.out_of_hours.weekend == 120


def test_entries_crossing_midnight_and_the_period_edges(store: Store) -> None:
    log(store, "social media", at(d(15), 23), at(d(16), 1), "engage")  # 60 min inside the week
    log(store, "social media", at(d(19), 22), at(d(20), 2), "engage")  # Thu evening, Fri early
    log(store, "events", at(d(20), 23), at(d(21), 1))  # Fri evening, Saturday
    log(store, "press relations", at(d(21), 10), at(d(21), 12))  # Saturday
    log(store, "newsletters", at(d(18), 8), at(d(18), 9, 30))  # 60 early, 30 in hours
    log(store, "meetings", at(d(18), 17), at(d(18), 18))  # evening
    log(store, "web content", at(d(22), 23), at(d(23), 1))  # 60 min inside the week
    r = report(store, *WEEK)
    assert r.total_minutes == 60 + 240 + 120 + 120 + 90 + 60 + 60
    o = r.out_of_hours
    assert o.evening == 120 + 60 + 60
    assert o.early_morning == 60 + 120 + 60
    assert o.weekend == 60 + 120 + 60
    rows = {row.duty: (row.evening, row.early_morning, row.weekend) for row in o.duties}
    assert rows == {
        "social media": (120, 60 + 120, 0),
        "events": (60, 0, 60),
        "press relations": (0, 0, 120),
        "newsletters": (0, 60, 0),
        "meetings": (60, 0, 0),
        "web content": (0, 0, 60),
    }
    assert o.share == round(o.minutes * 100 / r.total_minutes, 1)
    edge = next(e for e in r.entries if e.duty == "web content")
    assert (edge.logged_minutes, edge.counted_minutes) == (60, 60)
    assert_consistent(r)


def test_week_with_evening_and_weekend_work_in_the_next_week_is_separate(store: Store) -> None:
    log(store, "web content", at(d(22), 23), at(d(23), 1))
    r = report(store, d(23), d(29))
    assert r.total_minutes == 60
    assert r.out_of_hours.early_morning == 60  # Monday 00:00-01:00


# ---------------------------------------------------------------- empty and partial periods


def test_empty_period_is_a_short_report(store: Store) -> None:
    r = report(store, *WEEK)
    assert r.empty and r.total_minutes == 0 and r.duties == ()
    assert r.headline == "Nothing logged from Mon 16 Nov to Sun 22 Nov 2026."
    # Nothing tracked yet and no tracking_since: no contracted time, so no FTE.
    assert r.social.fte is None and r.social.share == 0.0
    assert r.coverage.contracted_minutes == 0 and r.coverage.working_days_without_entries == 0
    md = render_markdown(r)
    assert "Nothing logged" in md and "## Hours per duty" not in md
    assert json.loads(render_json(r))["total_minutes"] == 0
    assert list(csv.reader(io.StringIO(render_csv(r))))[1][4] == "0"
    assert "Nothing to summarise" in render_html(r)
    assert_consistent(r)


def test_running_timer_counts_up_to_now_and_coverage_is_partial(store: Store) -> None:
    log(store, "newsletters", at(d(23), 9), at(d(23), 11))
    store.start_timer("social media", at(d(23), 14), activity="engage")
    r = report(store, d(23), d(29))
    assert minutes_by_duty(r) == {"social media": 60, "newsletters": 120}
    assert r.coverage.timer_running
    # Today has entries: it counts whole, 7 h contracted (storage.contracted)
    assert r.coverage.contracted_minutes == 420
    assert r.coverage.working_days == 1
    assert r.coverage.share == round(180 * 100 / 420, 1)
    assert r.social.fte == 60 / 420
    running = [e for e in r.entries if e.end is None]
    assert running and running[0].logged_minutes == 60


def test_period_in_the_future_has_no_contracted_time(store: Store) -> None:
    r = report(store, d(7, 12), d(13, 12))
    assert r.coverage.contracted_minutes == 0 and r.coverage.share is None
    assert r.social.fte is None


def test_coverage_and_sources(store: Store) -> None:
    log(store, "meetings", at(d(16), 9), at(d(16), 10), source=EntrySource.IMPORT)
    log(store, "events", at(d(16), 10), at(d(16), 13), source=EntrySource.TIMER)
    log(store, "events", at(d(17), 9), at(d(17), 11))
    r = report(store, *WEEK)
    assert [(s.source, s.minutes, s.share) for s in r.coverage.sources] == [
        ("timer", 180, 50.0),
        ("typed", 120, 33.3),
        ("imported", 60, 16.7),
    ]
    assert r.coverage.working_days == 5
    assert r.coverage.working_days_without_entries == 3
    assert r.coverage.contracted_minutes == 2100
    assert r.coverage.share == round(360 * 100 / 2100, 1)


# ---------------------------------------------------------------- settings that shape the report


def test_job_description_against_reality(store: Store) -> None:
    log(store, "social media", at(d(16), 9), at(d(16), 15))  # 360
    log(store, "newsletters", at(d(17), 9), at(d(17), 11))  # 120
    log(store, "events", at(d(18), 9), at(d(18), 11))  # 120
    settings = Settings(job_description=(("social", 20), ("newsletters", 50), ("web", 30)))
    r = report(store, *WEEK, settings=settings)
    rows = {j.duty: j for j in r.job_description or ()}
    # The largest gap first, whichever way: +40, −30, −30, +20 points.
    assert list(rows) == ["social media", "newsletters", "web content", "events"]
    social = rows["social media"]
    assert (social.intended, social.actual) == (20.0, 60.0)
    assert social.difference_hours_per_week == 14.0  # 40 points of a 35 h week
    assert social.difference_fte == 0.4
    assert rows["web content"].actual == 0.0 and rows["web content"].difference_fte == -0.3
    assert rows["events"].intended == 0.0 and rows["events"].difference_hours_per_week == 7.0
    assert "Job description against reality" in render_markdown(r)
    assert report(store, *WEEK).job_description is None


def test_job_description_with_an_unknown_duty_is_refused(store: Store) -> None:
    settings = Settings(job_description=(("knitting", 100),))
    with pytest.raises(ValidationError, match="unknown duty 'knitting'"):
        report(store, *WEEK, settings=settings)


def test_week_start_and_contracted_hours(store: Store) -> None:
    log(store, "events", at(d(21), 10), at(d(21), 12))  # Saturday
    log(store, "events", at(d(22), 10), at(d(22), 11))  # Sunday
    settings = Settings(
        week_start=6, hours_per_week=28, working_days=(1, 2, 3, 4), tracking_since=d(16)
    )
    r = report(store, *WEEK, settings=settings)
    assert [(w.start, w.end, w.minutes) for w in r.weeks] == [
        (d(16), d(21), 120),
        (d(22), d(22), 60),
    ]
    assert r.coverage.contracted_minutes == 4 * 7 * 60  # Tue-Fri, 7 h each
    assert r.out_of_hours.weekend == 180


def test_other_social_duties_count_as_social(store: Store) -> None:
    store.add_duty("community", social=True)
    log(store, "community", at(d(16), 9), at(d(16), 10), "engage")
    log(store, "social media", at(d(16), 10), at(d(16), 11))
    log(store, "events", at(d(16), 11), at(d(16), 12))
    r = report(store, *WEEK)
    assert r.social.minutes == 120 and r.social.share == 66.7
    assert round(sum(x.share for x in r.duties if x.social), 1) == r.social.share
    assert {a.activity: a.minutes for a in r.social.activities}[None] == 60
    assert "2.0 h (66.7 % of logged time)" in r.headline
    # The community duty's engage hour is ongoing work; social time with no activity is not.
    assert r.demand is not None and r.demand.ongoing_minutes == 60


# ---------------------------------------------------------------- posts and notes


def test_posts_planned_published_and_hours_per_post(store: Store) -> None:
    ig = store.add_post(
        PostDraft("A", "Instagram", date=d(17), status="published", estimate_minutes=60)
    )
    store.add_post(PostDraft("B", "Instagram", date=d(18), status="scheduled", estimate_minutes=30))
    store.add_post(PostDraft("C", "Instagram", date=d(19), status="cancelled", estimate_minutes=90))
    old = store.add_post(PostDraft("D", "LinkedIn", date=d(2), status="published"))
    store.add_post(PostDraft("idea", "Instagram"))  # backlog: not in the period
    store.add_post(
        PostDraft("News", "Newsletter", date=d(3), status="scheduled", estimate_minutes=120,
                  rrule="FREQ=WEEKLY;BYDAY=TU")
    )  # fmt: skip
    log(store, "social media", at(d(16), 9), at(d(16), 10, 30), "create", post_id=ig.id)
    log(store, "social media", at(d(17), 9), at(d(17), 9, 20), "engage", post_id=old.id)
    r = report(store, *WEEK)
    rows = {p.platform: p for p in r.posts.platforms}
    assert (rows["Instagram"].planned, rows["Instagram"].published) == (2, 1)
    assert rows["Instagram"].planned_minutes == 90
    assert rows["Instagram"].logged_minutes == 90
    assert rows["Instagram"].minutes_per_published_post == 90
    assert (rows["Newsletter"].planned, rows["Newsletter"].planned_minutes) == (1, 120)
    assert rows["Newsletter"].minutes_per_published_post is None
    assert (rows["LinkedIn"].planned, rows["LinkedIn"].logged_minutes) == (0, 20)
    assert (r.posts.planned, r.posts.published, r.posts.logged_minutes) == (3, 1, 110)
    assert [e.post for e in r.entries] == ["A", "D"]


def test_notes_stay_private_unless_asked(store: Store) -> None:
    log(store, "events", at(d(16), 9), at(d(16), 10), note="salary talk with the DG")
    log(store, "events", at(d(16), 10), at(d(16), 11), note="Gala sold out #Highlight")
    quiet = report(store, *WEEK)
    assert [h.note for h in quiet.highlights] == ["Gala sold out"]
    assert quiet.notes is None
    for render in (render_markdown, render_html, render_csv, render_json):
        text = render(quiet)
        assert "salary" not in text and "Gala sold out" in text
    loud = report(store, *WEEK, include_notes=True)
    assert [n.note for n in loud.notes or ()] == ["salary talk with the DG"]
    for render in (render_markdown, render_html, render_csv, render_json):
        assert "salary talk with the DG" in render(loud)


def test_html_escapes_what_people_typed(store: Store) -> None:
    store.add_duty("<b>odd</b> & co")
    log(store, "<b>odd</b> & co", at(d(16), 9), at(d(16), 10), note="<script>x</script> #highlight")
    page = render_html(report(store, *WEEK))
    assert "<script" not in page and "&lt;b&gt;odd&lt;/b&gt; &amp; co" in page


def test_backwards_period_is_refused(store: Store) -> None:
    with pytest.raises(ValidationError):
        report(store, d(22), d(16))


# ---------------------------------------------------------------- shares


def test_shares_always_add_up_to_100() -> None:
    rng = random.Random(7)
    for _ in range(500):
        values = sorted((rng.randint(0, 900) for _ in range(rng.randint(1, 12))), reverse=True)
        result = shares(values)
        if sum(values):
            assert round(sum(result), 1) == 100.0
            for value, share in zip(values, result, strict=True):
                assert abs(share - value * 100 / sum(values)) < 0.1 + 1e-9
        else:
            assert result == [0.0] * len(values)
    assert shares([1, 1, 1]) == [33.4, 33.3, 33.3]
    assert apportion([5, 0], 7) == [7, 0]


def test_period_labels(store: Store) -> None:
    assert report(store, d(1, 1), d(31, 12)).label == "2026"
    assert report(store, d(1, 10), d(31, 12)).label == "Q4 2026"
    assert report(store, d(1), d(30)).label == "November 2026"
    assert report(store, *WEEK).label == "Week of Mon 16 Nov 2026"
    assert report(store, d(3), d(9)).label == "Tue 3 Nov – Mon 9 Nov 2026"


def test_a_timer_left_running_for_days_counts_only_up_to_the_long_timer_limit(
    store: Store,
) -> None:
    store.start_timer("events", at(d(20), 9))
    before = report(store, d(16), d(22))
    assert before.total_minutes == 10 * 60  # Friday 09:00 to 19:00, the limit
    r = report(store, d(23), d(29))
    assert r.total_minutes == 0  # nothing of it reaches this week
    assert r.coverage.timer_running
    assert r.long_timer is not None and "only 10 h count" in r.long_timer
    assert "calepin timer stop --at" in r.headline


def test_without_entries_only_the_entry_list_is_left_out(store: Store) -> None:
    from dataclasses import replace

    from storage.demo import fill_demo

    fill_demo(store, NOW)
    first, last = dt.date(2026, 10, 1), dt.date(2026, 11, 30)
    full = build_report(store, first, last, now=NOW, settings=Settings(), include_notes=True)
    light = build_report(
        store, first, last, now=NOW, settings=Settings(), include_notes=True, with_entries=False
    )
    assert full.entries and light.entries == ()
    assert light == replace(full, entries=())


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=WEEKLY;BYDAY=MO,WE",  # the first date is a Monday: series start on their rule
        "FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20261210T050000Z",  # UNTIL in UTC, as Outlook writes
        "FREQ=MONTHLY;BYDAY=1MO",
        "FREQ=DAILY;INTERVAL=3;COUNT=10",
        "FREQ=WEEKLY;BYDAY=MO,TU;BYMONTH=11,12",  # a rule only dateutil reads
    ],
)
def test_series_count_as_the_calendar_shows_them(store: Store, rule: str) -> None:
    store.add_post(PostDraft("Tip", "Bluesky", d(2), dt.time(9), rrule=rule, estimate_minutes=10))
    first, last = d(1), d(31, 12)
    on_calendar = store.occurrences_between(first, last)
    r = report(store, first, last)
    assert r.posts.planned == len(on_calendar) > 0
    assert r.posts.planned_minutes == 10 * len(on_calendar)


def test_html_weeks_cut_short_by_the_period_show_their_days(store: Store) -> None:
    log(store, "events", at(d(1, 10), 9), at(d(1, 10), 12))  # Thursday 1 October
    log(store, "events", at(d(14, 10), 9), at(d(14, 10), 17))
    log(store, "events", at(d(30, 10), 9), at(d(30, 10), 11))
    html = render_html(report(store, d(1, 10), d(31, 10)))
    assert ">1–4 Oct<" in html and ">12 Oct<" in html and ">26–31 Oct<" in html
