"""Demand beside supply: hand-built periods whose planned work, backlog and FTE are known."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from zoneinfo import ZoneInfo

from click.testing import CliRunner

from exporters.report import (
    Report,
    build_report,
    render_csv,
    render_html,
    render_json,
    render_markdown,
)
from storage import EntryDraft, PostDraft, Store
from storage.accounting import suggested_job_split, suggested_split
from storage.settings import Settings
from tui.cli import cli

ZONE = ZoneInfo("America/Toronto")
NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=ZONE)  # Monday afternoon
WEEK = (dt.date(2026, 11, 16), dt.date(2026, 11, 22))
SPLIT = Settings(job_description=(("social media", 40), ("events", 60)))


def at(day: int, hour: int, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=ZONE)


def log(store: Store, duty: str, day: int, start: int, end: int, post_id: int | None = None,
        activity: str | None = None, note: str = "") -> None:  # fmt: skip
    store.add_entry(EntryDraft(duty, at(day, start), at(day, end), activity, note, post_id))


def fill(store: Store) -> None:
    """A week that needed 0.45 FTE of social media and got 0.20.

    Contract: 5 working days from the first entry (Mon 16) = 2100 min. Social: 420 min logged.
    Planned social work: 300 (Instagram) + 45 (its Facebook copy's own adaptation) + 600
    (LinkedIn) = 945 min = 0.45 × 2100. Not counted: an X post with no estimate (said), a
    cancelled post, a Newsletter post (its duty is newsletters), the backlog (apart).
    """
    insta = store.add_post(
        PostDraft("Open house", "Instagram", date=dt.date(2026, 11, 17), estimate_minutes=300)
    )
    store.duplicate_post(insta.id, ["Facebook"], estimate_minutes=45)
    store.add_post(
        PostDraft("Annual report", "LinkedIn", date=dt.date(2026, 11, 19), estimate_minutes=600)
    )
    store.add_post(PostDraft("Snow day", "X", date=dt.date(2026, 11, 20)))
    store.add_post(
        PostDraft("Dropped contest", "Instagram", date=dt.date(2026, 11, 18),
                  status="cancelled", estimate_minutes=120)
    )  # fmt: skip
    store.add_post(
        PostDraft("November letter", "Newsletter", date=dt.date(2026, 11, 18),
                  estimate_minutes=240)
    )  # fmt: skip
    store.add_post(PostDraft("Staff portraits", "Instagram", estimate_minutes=60))  # backlog
    store.add_post(PostDraft("Podcast clip", "TikTok"))  # backlog, no estimate
    log(store, "social media", 16, 9, 16, post_id=insta.id, activity="create")
    log(store, "events", 17, 9, 17)
    log(store, "events", 18, 9, 17)
    log(store, "events", 19, 9, 13, note="venue visit #highlight booked the hall for free")


def week(store: Store, settings: Settings | None = None, **kwargs: object) -> Report:
    return build_report(store, *WEEK, now=NOW, settings=settings or Settings(), **kwargs)


def test_demand_beside_supply_in_the_figures(store: Store) -> None:
    fill(store)
    r = week(store)
    demand = r.demand
    assert demand is not None
    assert (demand.planned_posts, demand.planned_minutes, demand.unestimated_posts) == (4, 945, 1)
    assert (demand.backlog_ideas, demand.backlog_minutes, demand.backlog_unestimated) == (2, 60, 1)
    assert demand.cancelled_posts == 1
    assert "Bluesky" in demand.unused_platforms and "Instagram" not in demand.unused_platforms
    assert r.coverage.period_contracted_minutes == 2100
    assert r.social.fte == 420 / 2100 and r.social.fte_needed == 945 / 2100 == 0.45
    # The gap leads the headline; the work was all on a post, so nothing ongoing is added.
    assert r.headline.startswith("Social media needed about 0.45 FTE and got 0.20: 7.0 h")
    assert r.demand is not None and r.demand.ongoing_minutes == 0
    cap = r.capacity
    assert cap is not None
    assert (cap.contracted, cap.other_logged, cap.room, cap.planned_social) == (
        2100,
        1200,
        900,
        945,
    )
    assert not cap.fits and cap.over == 45
    assert "does not fit in the 15.0 h the other duties leave: 0.8 h over" in r.plan_line
    x_post = next(p for p in r.posts.platforms if p.platform == "X")
    assert x_post.effort_text == "no estimate"  # never 0.0


def test_every_format_shows_demand(store: Store) -> None:
    fill(store)
    r = week(store)
    data = json.loads(render_json(r))
    assert data["demand"] == {
        "planned_posts": 4,
        "planned_minutes": 945,
        "ongoing_minutes": 0,
        "unestimated_posts": 1,
        "backlog_ideas": 2,
        "backlog_minutes": 60,
        "backlog_unestimated": 1,
        "cancelled_posts": 1,
        "unused_platforms": data["demand"]["unused_platforms"],
    }
    assert data["social"]["fte_needed"] == 0.45
    assert data["capacity"]["fits"] is False and data["capacity"]["over_minutes"] == 45
    md = render_markdown(r)
    assert "Planned social work: 4 posts, 15.8 h estimated; 1 without an estimate" in md
    assert "Backlog: 2 ideas waiting, 1.0 h estimated (1 without an estimate)." in md
    assert "| X * | 1 | 0 | 0 | no estimate |" in md
    html = render_html(r)
    assert "FTE it needed" in html and "0.45" in html
    rows = list(csv.reader(io.StringIO(render_csv(r))))
    demand = {row[0]: row[1] for row in rows if len(row) == 2}
    assert demand["Planned minutes"] == "945" and demand["Fits"] == "no"
    assert next(row for row in rows if row and row[0] == "FTE needed")[1] == "0.45"


def test_job_description_gap_in_the_headline_and_largest_gap_first(store: Store) -> None:
    fill(store)
    r = week(store, SPLIT)
    # social 420 of 1620 = 25.9 % against 40 %; events 74.1 % against 60 %.
    assert "The job description gives it 40 %; it took 25.9 % (−4.9 h a week)." in r.headline
    gaps = [round(abs(j.actual - j.intended), 1) for j in r.job_description or ()]
    assert gaps == sorted(gaps, reverse=True)
    assert r.job_hint == "" and r.suggested_split == ()


def test_no_job_description_says_how_and_offers_a_split(store: Store) -> None:
    fill(store)
    r = week(store)
    assert r.job_description is None
    assert r.suggested_split == (("events", 74), ("social media", 26))
    assert "[job_description]" in r.job_hint and "events 74 %" in r.job_hint
    for text in (render_markdown(r), render_html(r)):
        assert "No job description split is set" in text
    assert json.loads(render_json(r))["suggested_split"][0] == {"duty": "events", "percent": 74}
    assert suggested_job_split(store, *WEEK, now=NOW) == [("events", 74), ("social media", 26)]
    assert sum(p for _, p in suggested_split({"a": 1, "b": 1, "c": 1})) == 100


def test_task_inventory_lists_every_activity(store: Store) -> None:
    fill(store)
    r = week(store)
    assert [(t.duty, t.activity, t.minutes, t.entries) for t in r.inventory] == [
        ("events", None, 1200, 3),
        ("social media", "create", 420, 1),
    ]
    assert sum(t.minutes for t in r.inventory) == r.total_minutes
    assert "## Task inventory" in render_markdown(r)
    assert json.loads(render_json(r))["inventory"][1]["activity"] == "create"


def test_minutes_per_post_only_when_most_social_time_is_linked(store: Store) -> None:
    fill(store)
    store.add_post(
        PostDraft("Done", "Facebook", date=dt.date(2026, 11, 16), status="published",
                  estimate_minutes=30)
    )  # fmt: skip
    done = store.posts_between(dt.date(2026, 11, 16), dt.date(2026, 11, 16))[0]
    log(store, "social media", 20, 9, 10, post_id=done.id)  # 60 of 480 social minutes linked
    r = week(store)
    assert r.posts.linked_share == round((420 + 60) * 100 / 480, 1) == 100.0
    assert r.posts.per_post_meaningful
    facebook = next(p for p in r.posts.platforms if p.platform == "Facebook")
    assert facebook.minutes_per_published_post == 60
    log(store, "social media", 20, 10, 15)  # 300 unlinked minutes: 480 of 780 linked
    r = week(store)
    assert r.posts.linked_share == 61.5 and not r.posts.per_post_meaningful
    assert all(p.minutes_per_published_post is None for p in r.posts.platforms)
    assert "left out below 75 %" in r.posts.linked_line
    assert "left out below 75 %" in render_markdown(r)


def test_highlights_come_from_post_notes_too(store: Store) -> None:
    fill(store)
    store.add_post(
        PostDraft("Open house recap", "Instagram", date=dt.date(2026, 11, 21),
                  notes="#highlight 40 families came")
    )  # fmt: skip
    r = week(store)
    assert [(h.post, h.note) for h in r.highlights] == [
        ("", "venue visit booked the hall for free"),
        ("Open house recap", "40 families came"),
    ]
    assert "Instagram post “Open house recap”: 40 families came" in render_markdown(r)


def test_year_chart_leaves_out_future_and_empty_weeks(store: Store) -> None:
    fill(store)
    r = build_report(store, dt.date(2026, 1, 1), dt.date(2026, 12, 31), now=NOW,
                     settings=Settings())  # fmt: skip
    assert len(r.weeks) == 53
    assert [w.start for w in r.chart_weeks] == [dt.date(2026, 11, 16)]
    assert render_html(r).count("<rect") < 200  # no bar drawn for the 52 other weeks


def test_a_week_to_come_shows_its_demand(db_path: Path) -> None:
    with Store.open(db_path, zone_name="America/Toronto") as store:
        fill(store)
        store.add_post(
            PostDraft("Next week", "Instagram", date=dt.date(2026, 12, 1), estimate_minutes=90)
        )
    result = CliRunner().invoke(
        cli, ["--db", str(db_path), "--now", "2026-11-23T15:00", "report", "--week", "2026-12-01"]
    )
    assert result.exit_code == 0, result.output
    assert "Nothing logged" in result.output
    assert "1 social posts are planned (1.5 h estimated" in result.output
    assert "The planned social work (1.5 h) fits" in result.output


def test_suggest_split_prints_a_table_the_settings_read_back(db_path: Path) -> None:
    import tomllib

    with Store.open(db_path, zone_name="America/Toronto") as store:
        fill(store)
    runner = CliRunner()
    base = ["--db", str(db_path), "--now", "2026-11-23T15:00", "report"]
    result = runner.invoke(cli, [*base, "--week", "2026-11-18", "--suggest-split"])
    assert result.exit_code == 0, result.output
    table = tomllib.loads(result.output)["job_description"]
    assert table == {"events": 74, "social media": 26}
    with Store.open(db_path, zone_name="America/Toronto") as store:
        r = week(store, Settings(job_description=tuple(table.items())))
    assert [j.actual for j in r.job_description or ()] == [74.1, 25.9]
    empty = runner.invoke(cli, [*base, "--week", "2026-10-07", "--suggest-split"])
    assert empty.exit_code != 0 and "Error: nothing logged" in empty.output
