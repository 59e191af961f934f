"""The report as CSV: the summary tables, then one row per entry; no cell reads as a formula.

In French the headers and labels are French, cells are separated by `;` and numbers have a
decimal comma, as a French Excel opens them; the values stay the same figures."""

from __future__ import annotations

from collections.abc import Sequence

from exporters.report.model import Report, source_text
from exporters.report.outcomes import outcomes_csv
from exporters.spreadsheet import csv_text
from storage.i18n import _, is_french, pgettext
from storage.wording import cell_number, shares_rounding


def _hours(minutes: int) -> str:
    return cell_number(minutes / 60, 1)


def _share(value: float | None) -> str:
    return "" if value is None else cell_number(value, 1)


def render_csv(report: Report) -> str:
    """The summary tables, a blank line between each, then one row per entry.

    Every table starts with a header row whose first cell names it; every cell that could
    start a formula (=, +, -, @) is prefixed with an apostrophe.
    """
    r = report
    yes, no = pgettext("spreadsheet", "yes"), pgettext("spreadsheet", "no")
    blocks: list[list[Sequence[object]]] = []
    blocks.append(
        [
            [_("Report"), _("Start"), _("End"), _("Time zone"), _("Total minutes"),
             _("Headline"), _("Shares")],
            [r.label, r.first.isoformat(), r.last.isoformat(), r.zone, r.total_minutes,
             r.headline, shares_rounding()],
        ]
    )  # fmt: skip
    total = _("Total")
    blocks.append(
        [[_("Duty"), _("Minutes"), _("Hours"), _("Share %"), pgettext("spreadsheet", "Social")]]
        + [[d.duty, d.minutes, _hours(d.minutes), _share(d.share), yes if d.social else no]
           for d in r.duties]
        + [[total, r.total_minutes, _hours(r.total_minutes), _share(100.0 if r.duties else 0.0),
            ""]]
    )  # fmt: skip
    s = r.social
    blocks.append(
        [[_("Social activity"), _("Minutes"), _("Hours"), _("Share %")]]
        + [[a.activity or _("not given"), a.minutes, _hours(a.minutes), _share(a.share)]
           for a in s.activities]
        + [[_("Social media total"), s.minutes, _hours(s.minutes), _share(s.share)],
           [_("FTE"), "" if s.fte is None else cell_number(s.fte, 2), "", ""],
           [_("FTE hours per week"), "" if s.fte_hours_per_week is None
            else cell_number(s.fte_hours_per_week, 1), "", ""],
           [_("FTE needed"), "" if s.fte_needed is None else cell_number(s.fte_needed, 2),
            "", ""]]
    )  # fmt: skip
    if r.demand is not None:
        d = r.demand
        blocks.append(
            [[_("Demand"), _("Value")],
             [_("Planned posts"), d.planned_posts],
             [_("Planned minutes"), d.planned_minutes],
             [_("Ongoing minutes"), d.ongoing_minutes],
             [_("Posts without an estimate"), d.unestimated_posts],
             [_("Backlog ideas"), d.backlog_ideas],
             [_("Backlog minutes"), d.backlog_minutes],
             [_("Cancelled posts"), d.cancelled_posts],
             [_("Unused platforms"), ", ".join(d.unused_platforms)],
             [_("Social time linked to posts %"), _share(r.posts.linked_share)]]
            + ([] if r.capacity is None else
               [[_("Room for social minutes"), r.capacity.room],
                [_("Fits"), yes if r.capacity.fits else no],
                [_("Over minutes"), r.capacity.over]])
        )  # fmt: skip
    if r.job_description is not None:
        blocks.append(
            [[_("Job description duty"), _("Intended %"), _("Actual %"),
              _("Difference h/week"), _("Difference FTE")]]
            + [[j.duty, _share(j.intended), _share(j.actual),
                cell_number(j.difference_hours_per_week, 1), cell_number(j.difference_fte, 2)]
               for j in r.job_description]
        )  # fmt: skip
    blocks.append(
        [[_("Platform"), _("Planned"), _("Published"), _("Planned minutes"), _("Logged minutes"),
          _("Minutes per published post"), _("Cancelled"), _("Without estimate"),
          pgettext("spreadsheet", "Social")]]
        + [[p.platform, p.planned, p.published, p.planned_minutes, p.logged_minutes,
            "" if p.minutes_per_published_post is None else p.minutes_per_published_post,
            p.cancelled, p.unestimated, yes if p.social else no]
           for p in r.posts.platforms]
    )  # fmt: skip
    if r.outcomes is not None and r.outcomes.months:
        blocks.append(outcomes_csv(r.outcomes))
    if r.inventory:
        blocks.append(
            [[_("Task duty"), _("Activity"), _("Minutes"), _("Hours"), _("Entries")]]
            + [[t.duty, t.activity or "", t.minutes, _hours(t.minutes), t.entries]
               for t in r.inventory]
        )  # fmt: skip
    blocks.append(
        [[_("Week start"), _("Week end"), _("Minutes"), _("Social minutes"), _("Social share %")]]
        + [[w.start.isoformat(), w.end.isoformat(), w.minutes, w.social_minutes,
            _share(w.social_share)]
           for w in r.weeks]
    )  # fmt: skip
    blocks.append(
        [[_("Out of hours duty"), _("Evening minutes"), _("Early morning minutes"),
          _("Days off minutes"), _("Total minutes")]]
        + [[o.duty, o.evening, o.early_morning, o.weekend, o.minutes]
           for o in r.out_of_hours.duties]
    )  # fmt: skip
    c = r.coverage
    blocks.append(
        [[_("Coverage"), _("Value")],
         [_("Contracted minutes"), c.contracted_minutes],
         [_("Logged minutes"), c.logged_minutes],
         [_("Logged share %"), _share(c.share)],
         [_("Working days"), c.working_days],
         [_("Working days without entries"), c.working_days_without_entries],
         [_("Working days to come"), c.working_days_to_come],
         [_("Contracted minutes, whole period"), c.period_contracted_minutes],
         [_("Tracked since"), c.tracked_since.isoformat() if c.tracked_since else ""],
         [_("Statutory holidays"), len(c.holidays)],
         [_("Days of leave"), len(c.leave)]]
        + [[_("Made by {source} (minutes)").format(source=source_text(s.source)), s.minutes]
           for s in c.sources]
    )  # fmt: skip
    running = _("running")
    said = {label: source_text(label) for label in {e.source for e in r.entries}}
    blocks.append(
        [[_("Entry"), _("Date"), _("Start"), _("End"), _("Duty"), _("Activity"), _("Source"),
          _("Logged minutes"), _("Counted minutes"), _("Post"), _("Note")]]
        + [[e.id, e.start.date().isoformat(), e.start.strftime("%H:%M"),
            e.end.strftime("%H:%M") if e.end else running, e.duty, e.activity or "",
            said[e.source], e.logged_minutes, e.counted_minutes, e.post, e.note]
           for e in r.entries]
    )  # fmt: skip
    rows: list[Sequence[object]] = []
    for index, block in enumerate(blocks):
        rows += ([[]] if index else []) + block
    return csv_text(rows, delimiter=";" if is_french() else ",")
