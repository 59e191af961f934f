"""What social media needed: planned posts plus the ongoing work of the job as logged, in
hand-built weeks whose demand and supply are known to the minute."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

from exporters.report import build_report, render_csv, render_html, render_json, render_markdown
from storage import PostDraft, Store
from storage.settings import Settings
from tests.exporters.test_report_demand import NOW, WEEK, ZONE, fill, log


def ongoing_week(store: Store) -> None:
    """test_report_demand's week (945 min planned, 420 min social on a post, 2100 contracted)
    and a Friday of social time of every kind: 180 min of it is ongoing work."""
    fill(store)
    post = store.all_posts()[0].id
    log(store, "social media", 20, 9, 10, activity="monitor")  # ongoing 60
    log(store, "social media", 20, 10, 12, activity="crisis")  # ongoing 120 …
    log(store, "social media", 20, 11, 12, activity="publish")  # … of which 60 overlapped:
    # the later-started entry takes the shared hour, so crisis counts 60 and publish 60.
    log(store, "social media", 20, 13, 14, activity="report")  # ongoing 60
    log(store, "social media", 20, 14, 15, activity="engage", post_id=post)  # on a post
    log(store, "social media", 20, 15, 16)  # no activity: left out


def test_fte_needed_counts_planned_posts_and_ongoing_work(store: Store) -> None:
    ongoing_week(store)
    r = build_report(store, *WEEK, now=NOW, settings=Settings())
    assert r.demand is not None and r.capacity is not None
    assert r.demand.planned_minutes == 945 and r.demand.ongoing_minutes == 180
    assert r.social.minutes == 420 + 6 * 60  # Friday: six hours of social time
    assert r.social.fte == 780 / 2100
    assert r.social.fte_needed == (945 + 180) / 2100  # 0.5357…
    assert r.capacity.ongoing_social == 180 and r.capacity.planned_social == 945
    assert r.headline.startswith(
        "Social media needed about 0.54 FTE and got 0.37: 13.0 h (39.4 % of logged time)"
    )
    assert r.need_line == (
        "Social media needed about 0.54 FTE: planned posts 15.8 h + replies, monitoring,"
        " crises and reports 3.0 h as logged, of 35.0 h contracted in the period;"
        " it got 0.37 FTE."
    )


def test_every_format_names_both_parts(store: Store) -> None:
    ongoing_week(store)
    r = build_report(store, *WEEK, now=NOW, settings=Settings())
    data = json.loads(render_json(r))
    assert data["demand"]["planned_minutes"] == 945
    assert data["demand"]["ongoing_minutes"] == 180
    assert data["social"]["fte_needed"] == 1125 / 2100
    md = render_markdown(r)
    assert "planned posts 15.8 h + replies, monitoring, crises and reports 3.0 h as logged" in md
    assert "come on top" not in md
    html = render_html(r)
    assert "Needed: planned posts 15.8 h + replies, monitoring, crises and reports 3.0 h" in html
    assert "<b>0.54</b><span>FTE it needed</span>" in html
    rows = list(csv.reader(io.StringIO(render_csv(r))))
    demand = {row[0]: row[1] for row in rows if len(row) == 2}
    assert demand["Ongoing minutes"] == "180" and demand["Planned minutes"] == "945"
    assert next(row for row in rows if row and row[0] == "FTE needed")[1] == "0.54"


def test_a_week_under_way_counts_ongoing_work_so_far(store: Store) -> None:
    fill(store)
    log(store, "social media", 17, 17, 18, activity="engage")  # Tuesday evening: ongoing
    wednesday = dt.datetime(2026, 11, 18, 12, 0, tzinfo=ZONE)
    r = build_report(store, *WEEK, now=wednesday, settings=Settings())
    assert r.coverage.working_days_to_come == 2  # Thursday and Friday
    assert r.demand is not None and r.demand.ongoing_minutes == 60
    assert r.social.fte_needed == (945 + 60) / 2100
    assert "reports 1.0 h as logged so far (the days to come add none)" in r.need_line
    assert "and got 0." in r.headline and " so far:" in r.headline


def test_a_week_not_started_counts_the_plan_and_says_the_rest_is_not(store: Store) -> None:
    fill(store)
    store.add_post(
        PostDraft("Giving Tuesday", "Instagram", date=dt.date(2026, 12, 1), estimate_minutes=210)
    )
    r = build_report(store, dt.date(2026, 11, 30), dt.date(2026, 12, 6), now=NOW,
                     settings=Settings())  # fmt: skip
    assert r.empty and r.demand is not None and r.demand.ongoing_minutes == 0
    assert r.social.fte_needed == 210 / 2100
    assert r.need_line == (
        "Social media will need at least 0.10 FTE: planned posts 3.5 h of 35.0 h contracted in"
        " the period; replies, monitoring, crises and reports come on top, not counted before"
        " they are logged."
    )
    assert r.need_line in render_markdown(r).replace("\\", "")
