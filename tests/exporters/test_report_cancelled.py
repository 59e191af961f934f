"""The report says how shares are rounded and counts cancelled posts instead of dropping them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

from exporters.report import build_report, render_csv, render_html, render_json, render_markdown
from storage import EntryDraft, PostDraft, Store
from storage.settings import Settings
from storage.wording import SHARES_ROUNDING

ZONE = ZoneInfo("America/Toronto")
NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=ZONE)
MON = dt.date(2026, 11, 23)


def week(store: Store):
    return build_report(store, MON, MON + dt.timedelta(days=6), now=NOW, settings=Settings())


def seed(store: Store) -> None:
    start = dt.datetime.combine(MON, dt.time(9), ZONE)
    store.add_entry(EntryDraft("social media", start, start + dt.timedelta(minutes=50)))
    store.add_entry(
        EntryDraft("events", start + dt.timedelta(hours=1), start + dt.timedelta(hours=2))
    )
    store.add_entry(
        EntryDraft("meetings", start + dt.timedelta(hours=3), start + dt.timedelta(hours=4))
    )
    add = store.add_post
    add(PostDraft("Fair teaser", "Instagram", MON, None, status="published", estimate_minutes=60))
    add(PostDraft("Fair recap", "Instagram", MON, None, status="cancelled", estimate_minutes=90))
    add(PostDraft("Road closure", "Facebook", MON, None, status="cancelled", estimate_minutes=30))
    weekly = PostDraft(
        "Tip of the week",
        "LinkedIn",
        MON,
        None,
        status="cancelled",
        estimate_minutes=20,
        rrule="FREQ=DAILY;COUNT=3",
    )
    add(weekly)


def test_cancelled_posts_are_counted_apart_not_dropped(store: Store) -> None:
    seed(store)
    posts = week(store).posts
    rows = {
        p.platform: (p.planned, p.published, p.cancelled, p.planned_minutes)
        for p in posts.platforms
    }
    assert rows == {
        "Instagram": (1, 1, 1, 60),
        "Facebook": (0, 0, 1, 0),
        "LinkedIn": (0, 0, 3, 0),  # three cancelled dates of a series
    }
    assert (posts.planned, posts.published, posts.cancelled, posts.planned_minutes) == (1, 1, 5, 60)


def test_every_format_says_how_shares_are_rounded_and_shows_cancelled(store: Store) -> None:
    seed(store)
    report = week(store)

    data = json.loads(render_json(report))
    assert data["shares_rounding"] == SHARES_ROUNDING
    assert data["posts"]["cancelled"] == 5
    assert {p["platform"]: p["cancelled"] for p in data["posts"]["platforms"]} == {
        "Instagram": 1,
        "Facebook": 1,
        "LinkedIn": 3,
    }
    assert round(sum(d["share"] for d in data["duties"]), 1) == 100.0

    rows = list(csv.reader(io.StringIO(render_csv(report))))
    assert rows[0][-1] == "Shares" and rows[1][-1] == SHARES_ROUNDING
    head = next(i for i, row in enumerate(rows) if row and row[0] == "Platform")
    cancelled = rows[head].index("Cancelled")
    block = rows[head + 1 : rows.index([], head)]
    table = {row[0]: row[cancelled] for row in block}
    assert table["LinkedIn"] == "3" and table["Facebook"] == "1"

    md = render_markdown(report).splitlines()
    assert "Shares are rounded so they add up to 100 % (largest remainder)." in md
    header = next(line for line in md if line.startswith("| Platform |"))
    columns = [c.strip() for c in header.strip("|").split("|")]
    total = next(
        line
        for line in md
        if line.startswith("| **Total** |") and line.count("|") == header.count("|")
    )
    assert [c.strip() for c in total.strip("|").split("|")][columns.index("Cancelled")] == "5"

    html = render_html(report)
    assert '<p class="note" id="shares-rounding">Shares are rounded so they add up to 100 %' in html
    assert "<th>Cancelled</th>" in html
