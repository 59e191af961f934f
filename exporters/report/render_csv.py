"""The report as CSV: the summary tables, then one row per entry; no cell reads as a formula."""

from __future__ import annotations

from collections.abc import Sequence

from exporters.report.model import Report
from exporters.report.outcomes import outcomes_csv
from exporters.spreadsheet import csv_text
from storage.wording import SHARES_ROUNDING, hours


def render_csv(report: Report) -> str:
    """The summary tables, a blank line between each, then one row per entry.

    Every table starts with a header row whose first cell names it; every cell that could
    start a formula (=, +, -, @) is prefixed with an apostrophe.
    """
    r = report
    blocks: list[list[Sequence[object]]] = []
    blocks.append(
        [
            ["Report", "Start", "End", "Time zone", "Total minutes", "Headline", "Shares"],
            [r.label, r.first.isoformat(), r.last.isoformat(), r.zone, r.total_minutes,
             r.headline, SHARES_ROUNDING],
        ]
    )  # fmt: skip
    blocks.append(
        [["Duty", "Minutes", "Hours", "Share %", "Social"]]
        + [[d.duty, d.minutes, hours(d.minutes), f"{d.share:.1f}", "yes" if d.social else "no"]
           for d in r.duties]
        + [["Total", r.total_minutes, hours(r.total_minutes), "100.0" if r.duties else "0.0", ""]]
    )  # fmt: skip
    blocks.append(
        [["Social activity", "Minutes", "Hours", "Share %"]]
        + [[a.activity or "not given", a.minutes, hours(a.minutes), f"{a.share:.1f}"]
           for a in r.social.activities]
        + [["Social media total", r.social.minutes, hours(r.social.minutes),
            f"{r.social.share:.1f}"],
           ["FTE", "" if r.social.fte is None else f"{r.social.fte:.2f}", "", ""],
           ["FTE hours per week", "" if r.social.fte_hours_per_week is None
            else f"{r.social.fte_hours_per_week:.1f}", "", ""],
           ["FTE needed", "" if r.social.fte_needed is None else f"{r.social.fte_needed:.2f}",
            "", ""]]
    )  # fmt: skip
    if r.demand is not None:
        d = r.demand
        blocks.append(
            [["Demand", "Value"],
             ["Planned posts", d.planned_posts],
             ["Planned minutes", d.planned_minutes],
             ["Ongoing minutes", d.ongoing_minutes],
             ["Posts without an estimate", d.unestimated_posts],
             ["Backlog ideas", d.backlog_ideas],
             ["Backlog minutes", d.backlog_minutes],
             ["Cancelled posts", d.cancelled_posts],
             ["Unused platforms", ", ".join(d.unused_platforms)],
             ["Social time linked to posts %",
              "" if r.posts.linked_share is None else f"{r.posts.linked_share:.1f}"]]
            + ([] if r.capacity is None else
               [["Room for social minutes", r.capacity.room],
                ["Fits", "yes" if r.capacity.fits else "no"],
                ["Over minutes", r.capacity.over]])
        )  # fmt: skip
    if r.job_description is not None:
        blocks.append(
            [["Job description duty", "Intended %", "Actual %", "Difference h/week",
              "Difference FTE"]]
            + [[j.duty, f"{j.intended:.1f}", f"{j.actual:.1f}",
                f"{j.difference_hours_per_week:.1f}", f"{j.difference_fte:.2f}"]
               for j in r.job_description]
        )  # fmt: skip
    blocks.append(
        [["Platform", "Planned", "Published", "Planned minutes", "Logged minutes",
          "Minutes per published post", "Cancelled", "Without estimate", "Social"]]
        + [[p.platform, p.planned, p.published, p.planned_minutes, p.logged_minutes,
            "" if p.minutes_per_published_post is None else p.minutes_per_published_post,
            p.cancelled, p.unestimated, "yes" if p.social else "no"]
           for p in r.posts.platforms]
    )  # fmt: skip
    if r.outcomes is not None and r.outcomes.months:
        blocks.append(outcomes_csv(r.outcomes))
    if r.inventory:
        blocks.append(
            [["Task duty", "Activity", "Minutes", "Hours", "Entries"]]
            + [[t.duty, t.activity or "", t.minutes, hours(t.minutes), t.entries]
               for t in r.inventory]
        )  # fmt: skip
    blocks.append(
        [["Week start", "Week end", "Minutes", "Social minutes", "Social share %"]]
        + [[w.start.isoformat(), w.end.isoformat(), w.minutes, w.social_minutes,
            "" if w.social_share is None else f"{w.social_share:.1f}"]
           for w in r.weeks]
    )  # fmt: skip
    blocks.append(
        [["Out of hours duty", "Evening minutes", "Early morning minutes", "Days off minutes",
          "Total minutes"]]
        + [[o.duty, o.evening, o.early_morning, o.weekend, o.minutes]
           for o in r.out_of_hours.duties]
    )  # fmt: skip
    c = r.coverage
    blocks.append(
        [["Coverage", "Value"],
         ["Contracted minutes", c.contracted_minutes],
         ["Logged minutes", c.logged_minutes],
         ["Logged share %", "" if c.share is None else f"{c.share:.1f}"],
         ["Working days", c.working_days],
         ["Working days without entries", c.working_days_without_entries],
         ["Working days to come", c.working_days_to_come],
         ["Contracted minutes, whole period", c.period_contracted_minutes],
         ["Tracked since", c.tracked_since.isoformat() if c.tracked_since else ""],
         ["Statutory holidays", len(c.holidays)],
         ["Days of leave", len(c.leave)]]
        + [[f"Made by {s.source} (minutes)", s.minutes] for s in c.sources]
    )  # fmt: skip
    blocks.append(
        [["Entry", "Date", "Start", "End", "Duty", "Activity", "Source", "Logged minutes",
          "Counted minutes", "Post", "Note"]]
        + [[e.id, e.start.date().isoformat(), e.start.strftime("%H:%M"),
            e.end.strftime("%H:%M") if e.end else "running", e.duty, e.activity or "",
            e.source, e.logged_minutes, e.counted_minutes, e.post, e.note]
           for e in r.entries]
    )  # fmt: skip
    rows: list[Sequence[object]] = []
    for index, block in enumerate(blocks):
        rows += ([[]] if index else []) + block
    return csv_text(rows)
