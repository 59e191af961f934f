"""The report as Markdown that reads well pasted into an email."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from exporters.markdown_text import md_text
from exporters.report.model import Report
from exporters.report.outcomes import outcomes_markdown
from storage.wording import SHARES_ROUNDING, day_label, hours, percent, period_phrase, signed


def bar(share: float, width: int = 20, scale: float = 100.0) -> str:
    """A text bar: full blocks plus one eighth-block for the remainder."""
    if scale <= 0 or share <= 0:
        return ""
    eighths = round(share / scale * width * 8)
    full, rest = divmod(eighths, 8)
    return "█" * full + ("" if rest == 0 else " ▏▎▍▌▋▊▉"[rest])


# Our own code span at the end of the headline when a timer ran too long (report.build).
_STOP_HINT = "`calepin timer stop --at TIME`"


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], align: str) -> list[str]:
    lines = ["| " + " | ".join(head) + " |"]
    lines.append("|" + "|".join("---:" if a == "r" else "---" for a in align) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _code_spans(text: str) -> str:
    """Plain text of ours whose `…` parts are commands: escaped, the commands kept as code."""
    out = []
    for i, part in enumerate(text.split("`")):
        if i % 2:
            out.append(f"`{part}`")
        elif part:  # md_text drops leading space: keep the one after a code span
            out.append((" " if part[0] == " " else "") + md_text(part))
    return "".join(out)


def render_markdown(report: Report) -> str:
    """The report as Markdown that reads well pasted into an email."""
    r = report
    headline = md_text(r.headline).replace(md_text(_STOP_HINT), _STOP_HINT)
    out = [f"# Time use — {md_text(r.label)}", "", f"**{headline}**", ""]
    if r.empty:
        if r.demand is not None and r.demand.planned_posts:
            out += ["## Demand", ""] + [f"- {md_text(line)}" for line in r.supply_lines] + [""]
        out.append("Nothing to summarise yet: log time with `calepin log` or the timer.")
        return "\n".join(out) + "\n"
    out.append(
        f"{hours(r.total_minutes)} h logged {period_phrase(r.first, r.last)} ({md_text(r.zone)}); "
        f"contracted {r.hours_per_week:g} h a week."
    )
    top = max(d.share for d in r.duties)
    out += ["", "## Hours per duty", ""]
    out += _table(
        ["Duty", "Hours", "Share", ""],
        [
            [md_text(d.duty) + (" *" if d.social else ""), hours(d.minutes), percent(d.share),
             bar(d.share, 16, top)]
            for d in r.duties
        ]
        + [["**Total**", f"**{hours(r.total_minutes)}**", "**100.0 %**", ""]],
        "lrrl",
    )  # fmt: skip
    out += ["", "\\* counted as social media.", "", SHARES_ROUNDING.capitalize() + "."]
    if r.supply_lines:
        out += ["", "## What social media needed beside what it got", ""]
        out += [f"- {md_text(line)}" for line in r.supply_lines]

    s = r.social
    if s.minutes:
        out += ["", "## Social media by activity", ""]
        out += _table(
            ["Activity", "Hours", "Share", ""],
            [
                [
                    md_text(a.activity) if a.activity else "not given",
                    hours(a.minutes),
                    percent(a.share),
                    bar(a.share, 16),
                ]
                for a in s.activities
            ],
            "lrrl",
        )
        out += [
            "",
            f"Reactive work (engage, monitor, crisis): {hours(s.reactive_minutes)} h, "
            f"{percent(s.reactive_share)} of social media time.",
        ]

    if r.job_description:
        out += ["", "## Job description against reality", ""]
        out += _table(
            ["Duty", "Intended", "Actual", "Difference (h/week)", "Difference (FTE)"],
            [
                [md_text(j.duty), percent(j.intended), percent(j.actual),
                 signed(j.difference_hours_per_week), signed(j.difference_fte, 2)]
                for j in r.job_description
            ],
            "lrrrr",
        )  # fmt: skip
        out += [
            "",
            f"Differences are counted on a {r.hours_per_week:g} h week; the largest gap first.",
        ]
    elif r.job_hint:
        out += ["", "## Job description against reality", "", _code_spans(r.job_hint)]

    p = r.posts
    if p.platforms:
        out += ["", "## Posts", ""]
        out += _table(
            ["Platform", "Planned", "Published", "Cancelled", "Planned effort (h)",
             "Logged on posts (h)", "Minutes per published post"],
            [
                [md_text(x.platform) + (" *" if x.social else ""), str(x.planned),
                 str(x.published), str(x.cancelled), x.effort_text, hours(x.logged_minutes),
                 x.per_post_text]
                for x in p.platforms
            ]
            + [["**Total**", str(p.planned), str(p.published), str(p.cancelled),
                p.effort_text, hours(p.logged_minutes), ""]],
            "lrrrrrr",
        )  # fmt: skip
        out += ["", "\\* a social platform.", "", md_text(p.linked_line)]
    if r.outcomes is not None and r.outcomes.platforms:
        out += ["", *outcomes_markdown(r.outcomes)[:-1]]

    if r.inventory:
        out += ["", "## Task inventory", ""]
        out += _table(
            ["Duty", "Activity", "Hours", "Entries"],
            [
                [md_text(t.duty), md_text(t.activity) if t.activity else "–", hours(t.minutes),
                 str(t.entries)]
                for t in r.inventory
            ],
            "llrr",
        )  # fmt: skip

    weeks = r.chart_weeks  # weeks to come and empty runs at either end say nothing
    if len(weeks) > 1:
        top_week = max(w.minutes for w in weeks) or 1
        out += ["", "## Week by week", ""]
        out += _table(
            ["Week of", "Hours", "Social", "Social share", ""],
            [
                [day_label(w.start), hours(w.minutes), hours(w.social_minutes),
                 percent(w.social_share) if w.social_share is not None else "–",
                 bar(w.minutes, 12, top_week)]
                for w in weeks
            ],
            "lrrrl",
        )  # fmt: skip

    o = r.out_of_hours
    out += ["", "## Out of hours", ""]
    if o.minutes:
        out.append(
            f"{hours(o.minutes)} h outside working hours ({percent(o.share)} of logged time): "
            f"{hours(o.evening)} h in the evening, {hours(o.early_morning)} h early in the "
            f"morning, {hours(o.weekend)} h on days off."
        )
        out.append("")
        out += _table(
            ["Duty", "Evening (h)", "Early morning (h)", "Days off (h)", "Total (h)"],
            [
                [md_text(x.duty), hours(x.evening), hours(x.early_morning), hours(x.weekend),
                 hours(x.minutes)]
                for x in o.duties
            ],
            "lrrrr",
        )  # fmt: skip
    else:
        out.append("Nothing logged outside working hours.")

    c = r.coverage
    out += ["", "## How far to trust these numbers", ""]
    out += [md_text(line) for line in c.contract_lines]
    if c.working_days_without_entries:
        out.append(f"{c.working_days_without_entries} working days have nothing logged.")
    if c.sources:
        made = ", ".join(f"{s.source} {percent(s.share)}" for s in c.sources)
        out.append(f"How entries were made: {made}.")
    if c.timer_running:
        out.append(
            "A timer is still running; it is counted up to now, and at most up to the "
            "long-timer limit."
        )

    if r.highlights:
        out += ["", "## Highlights", ""]
        out += [
            f"- {day_label(h.start.date())}, {md_text(h.label)}: {md_text(h.note)}"
            for h in r.highlights
        ]
    if r.notes:
        out += ["", "## Notes", ""]
        out += [
            f"- {day_label(n.start.date())} {n.start:%H:%M}, {md_text(n.duty)}: {md_text(n.note)}"
            for n in r.notes
        ]
    return "\n".join(out) + "\n"
