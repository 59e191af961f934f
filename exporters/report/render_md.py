"""The report as Markdown that reads well pasted into an email."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from exporters.markdown_text import md_text
from exporters.report.model import Report
from exporters.report.outcomes import outcomes_markdown
from storage.i18n import _, pgettext
from storage.wording import (
    clock,
    day_label,
    hours,
    percent,
    period_phrase,
    plain,
    shares_rounding,
    signed,
)


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
    out = [
        "# " + _("Time use — {period}").format(period=md_text(r.label)),
        "",
        f"**{headline}**",
        "",
    ]
    if r.empty:
        if r.demand is not None and r.demand.planned_posts:
            out += ["## " + _("Demand"), ""]
            out += [f"- {md_text(line)}" for line in r.supply_lines] + [""]
        out.append(_("Nothing to summarise yet: log time with `calepin log` or the timer."))
        return "\n".join(out) + "\n"
    out.append(
        _("{hours} h logged {period} ({zone}); contracted {week} h a week.").format(
            hours=hours(r.total_minutes),
            period=period_phrase(r.first, r.last),
            zone=md_text(r.zone),
            week=plain(r.hours_per_week),
        )
    )
    top = max(d.share for d in r.duties)
    total = "**" + _("Total") + "**"
    out += ["", "## " + _("Hours per duty"), ""]
    out += _table(
        [_("Duty"), _("Hours"), _("Share"), ""],
        [
            [md_text(d.duty) + (" *" if d.social else ""), hours(d.minutes), percent(d.share),
             bar(d.share, 16, top)]
            for d in r.duties
        ]
        + [[total, f"**{hours(r.total_minutes)}**", f"**{percent(100)}**", ""]],
        "lrrl",
    )  # fmt: skip
    rounding = shares_rounding()
    out += [
        "",
        "\\* " + _("counted as social media."),
        "",
        rounding[:1].upper() + rounding[1:] + ".",
    ]
    if r.supply_lines:
        out += ["", "## " + _("What social media needed beside what it got"), ""]
        out += [f"- {md_text(line)}" for line in r.supply_lines]

    s = r.social
    if s.minutes:
        out += ["", "## " + _("Social media by activity"), ""]
        out += _table(
            [_("Activity"), _("Hours"), _("Share"), ""],
            [
                [
                    md_text(a.activity) if a.activity else _("not given"),
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
            _(
                "Reactive work (engage, monitor, crisis): {hours} h, {share} of social media time."
            ).format(hours=hours(s.reactive_minutes), share=percent(s.reactive_share)),
        ]

    if r.job_description:
        out += ["", "## " + _("Job description against reality"), ""]
        out += _table(
            [_("Duty"), _("Intended"), _("Actual"), _("Difference (h/week)"),
             _("Difference (FTE)")],
            [
                [md_text(j.duty), percent(j.intended), percent(j.actual),
                 signed(j.difference_hours_per_week), signed(j.difference_fte, 2)]
                for j in r.job_description
            ],
            "lrrrr",
        )  # fmt: skip
        out += [
            "",
            _("Differences are counted on a {week} h week; the largest gap first.").format(
                week=plain(r.hours_per_week)
            ),
        ]
    elif r.job_hint:
        out += ["", "## " + _("Job description against reality"), "", _code_spans(r.job_hint)]

    p = r.posts
    if p.platforms:
        out += ["", "## " + _("Posts"), ""]
        out += _table(
            [_("Platform"), _("Planned"), _("Published"), _("Cancelled"),
             _("Planned effort (h)"), _("Logged on posts (h)"),
             _("Minutes per published post")],
            [
                [md_text(x.platform) + (" *" if x.social else ""), str(x.planned),
                 str(x.published), str(x.cancelled), x.effort_text, hours(x.logged_minutes),
                 x.per_post_text]
                for x in p.platforms
            ]
            + [[total, str(p.planned), str(p.published), str(p.cancelled),
                p.effort_text, hours(p.logged_minutes), ""]],
            "lrrrrrr",
        )  # fmt: skip
        out += ["", "\\* " + _("a social platform."), "", md_text(p.linked_line)]
    if r.outcomes is not None and r.outcomes.platforms:
        out += ["", *outcomes_markdown(r.outcomes)[:-1]]

    if r.inventory:
        out += ["", "## " + _("Task inventory"), ""]
        out += _table(
            [_("Duty"), _("Activity"), _("Hours"), _("Entries")],
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
        out += ["", "## " + _("Week by week"), ""]
        out += _table(
            [_("Week of"), _("Hours"), pgettext("hours", "Social"), _("Social share"), ""],
            [
                [day_label(w.start), hours(w.minutes), hours(w.social_minutes),
                 percent(w.social_share) if w.social_share is not None else "–",
                 bar(w.minutes, 12, top_week)]
                for w in weeks
            ],
            "lrrrl",
        )  # fmt: skip

    o = r.out_of_hours
    out += ["", "## " + _("Out of hours"), ""]
    if o.minutes:
        out.append(
            _(
                "{hours} h outside working hours ({share} of logged time): {evening} h in the"
                " evening, {early} h early in the morning, {weekend} h on days off."
            ).format(
                hours=hours(o.minutes),
                share=percent(o.share),
                evening=hours(o.evening),
                early=hours(o.early_morning),
                weekend=hours(o.weekend),
            )
        )
        out.append("")
        out += _table(
            [_("Duty"), _("Evening (h)"), _("Early morning (h)"), _("Days off (h)"),
             _("Total (h)")],
            [
                [md_text(x.duty), hours(x.evening), hours(x.early_morning), hours(x.weekend),
                 hours(x.minutes)]
                for x in o.duties
            ],
            "lrrrr",
        )  # fmt: skip
    else:
        out.append(_("Nothing logged outside working hours."))

    c = r.coverage
    out += ["", "## " + _("How far to trust these numbers"), ""]
    out += [md_text(line) for line in c.contract_lines]
    out += c.trust_lines

    if r.highlights:
        out += ["", "## " + _("Highlights"), ""]
        out += [
            "- "
            + _("{day}, {label}: {note}").format(
                day=day_label(h.start.date()), label=md_text(h.label), note=md_text(h.note)
            )
            for h in r.highlights
        ]
    if r.notes:
        out += ["", "## " + _("Notes"), ""]
        out += [
            "- "
            + _("{day} {time}, {duty}: {note}").format(
                day=day_label(n.start.date()),
                time=clock(n.start),
                duty=md_text(n.duty),
                note=md_text(n.note),
            )
            for n in r.notes
        ]
    return "\n".join(out) + "\n"
