"""The report as one self-contained HTML page: inline CSS, inline SVG charts, no script."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from exporters.report.model import OutOfHours, Report, WeekRow
from exporters.report.outcomes import outcomes_html
from storage.wording import SHARES_ROUNDING, day_label, hours, percent, period_phrase, signed

SOCIAL = "#0f6f8f"
OTHER = "#8a9bb0"
REACTIVE = "#d9822b"
PROACTIVE = "#3f9e7a"
EMPTY = "#e6eaef"
INK = "#1d2733"
MUTED = "#5b6878"

CSS = """
@page { size: A4; margin: 8mm 12mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: #1d2733; background: #fff;
  font: 9pt/1.3 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 186mm; margin: 0 auto; padding: 8mm 0; }
header { display: flex; justify-content: space-between; align-items: baseline;
  border-bottom: 2px solid #0f6f8f; padding-bottom: 1.5mm; margin-bottom: 2.5mm; }
h1 { font-size: 15pt; margin: 0; font-weight: 650; }
header p { margin: 0; color: #5b6878; font-size: 8.5pt; text-align: right; }
h2 { font-size: 9.5pt; margin: 0 0 1.2mm; color: #0f6f8f; text-transform: uppercase;
  letter-spacing: .04em; }
.headline { font-size: 10.5pt; font-weight: 600; margin: 0 0 2.5mm; }
.kpis { display: grid; grid-template-columns: repeat(5, 1fr); gap: 2.5mm; margin-bottom: 2mm; }
.kpi { background: #f2f5f8; border-radius: 2mm; padding: 1mm 2.5mm; }
.kpi b { display: block; font-size: 13pt; line-height: 1.1; color: #1d2733; }
.kpi.social b { color: #0f6f8f; }
.kpi.need b { color: #b3541e; }
.kpi span { font-size: 8pt; color: #5b6878; }
.grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 2.5mm 6mm; }
section { break-inside: avoid; }
section p { margin: 0; }
.wide { grid-column: 1 / -1; }
svg { display: block; width: 100%; height: auto; }
svg text { font-family: inherit; }
table { width: 100%; border-collapse: collapse; font-size: 8pt; line-height: 1.15; }
th, td { padding: .15mm 1.5mm; border-bottom: 1px solid #e6eaef; text-align: right; }
th:first-child, td:first-child { text-align: left; }
td:first-child { white-space: nowrap; }
th { color: #5b6878; font-weight: 600; border-bottom-color: #c5ced8; }
tfoot td { font-weight: 650; border-bottom: none; }
.note { color: #5b6878; font-size: 8pt; margin: 1mm 0 0; }
.pos { color: #b3541e; }
.neg { color: #1f6f50; }
ul { margin: 0; padding-left: 4.5mm; font-size: 8.5pt; }
li { margin-bottom: .2mm; }
.swatch { display: inline-block; width: 2.4mm; height: 2.4mm; border-radius: .5mm;
  margin-right: 1.2mm; vertical-align: baseline; }
footer { color: #5b6878; font-size: 7.5pt; border-top: 1px solid #e6eaef; padding-top: 1mm;
  margin-top: 1.5mm; }
h2.next { margin-top: 2mm; }
.empty { font-size: 12pt; color: #5b6878; padding: 10mm 0; }
@media screen and (max-width: 700px) {
  .grid, .kpis { grid-template-columns: 1fr 1fr; }
}
@media print { main { padding: 0; } }
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _svg(width: int, height: int, body: Sequence[str], label: str) -> str:
    return (
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{_e(label)}">'
        + "".join(body)
        + "</svg>"
    )


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: float = 11,
          fill: str = INK, weight: int = 400) -> str:  # fmt: skip
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" '
        f'text-anchor="{anchor}" font-weight="{weight}">{_e(text)}</text>'
    )


def _hbars(rows: Sequence[tuple[str, float, str, str]], label: str) -> str:
    """Horizontal bars: (name, value, value text, colour); longest bar = largest value."""
    width, label_w, value_w, row_h = 340, 118, 78, 12
    top = max((v for _, v, _, _ in rows), default=0) or 1
    bar_w = width - label_w - value_w
    body: list[str] = []
    for i, (name, value, shown, colour) in enumerate(rows):
        y = i * row_h
        shown_name = name if len(name) <= 19 else name[:18] + "…"
        body.append(_text(0, y + 10, shown_name, size=10))
        body.append(
            f'<rect x="{label_w}" y="{y + 2}" width="{bar_w}" height="9" fill="{EMPTY}" rx="2"/>'
        )
        w = bar_w * value / top
        if w > 0:
            body.append(
                f'<rect x="{label_w}" y="{y + 2}" width="{max(w, 1.5):.1f}" height="9" '
                f'fill="{colour}" rx="2"/>'
            )
        body.append(_text(width, y + 10, shown, anchor="end", size=9.5, fill=MUTED))
    return _svg(width, max(row_h, len(rows) * row_h), body, label)


def _week_label(week: WeekRow, spelled: bool) -> str:
    """'5 Oct'; a week the period cuts short shows its days, '1–4 Oct', so its low bar reads right."""
    label = day_label(week.start)[4:]
    if spelled and (week.end - week.start).days < 6:
        if week.start == week.end:
            return label
        if week.start.month == week.end.month:
            return f"{week.start.day}–{day_label(week.end)[4:]}"
        return f"{label} – {day_label(week.end)[4:]}"
    return label


def _out_of_hours(o: OutOfHours) -> str:
    """The out-of-hours heading and sentence."""
    if not o.minutes:
        return "<h2>Out of hours</h2><p>Nothing logged outside working hours.</p>"
    top = o.duties[0]
    return (
        f"<h2>Out of hours</h2><p>{hours(o.minutes)} h, {percent(o.share)} of logged time:"
        f" {hours(o.evening)} h in the evening, {hours(o.early_morning)} h early in the"
        f" morning, {hours(o.weekend)} h on days off (not working days); the most on"
        f" {_e(top.duty)} ({hours(top.minutes)} h).</p>"
    )


def _weeks_chart(report: Report) -> str:
    weeks = report.chart_weeks
    width, height, left, bottom, top_pad = 340, 64, 30, 14, 12
    plot_h = height - bottom - top_pad
    top = max((w.minutes for w in weeks), default=0)
    top_h = max(1, -(-top // 60))  # whole hours, rounded up
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000) if top_h / s <= 4)
    top_h = step * -(-top_h // step)
    slot = (width - left) / max(1, len(weeks))
    bar_w = max(2.0, min(56.0, slot * 0.7))
    labelled = len(weeks) <= 6
    body: list[str] = []
    for tick in range(0, top_h + 1, step):
        y = top_pad + plot_h - plot_h * tick / top_h
        body.append(f'<line x1="{left}" x2="{width}" y1="{y:.1f}" y2="{y:.1f}" stroke="{EMPTY}"/>')
        body.append(_text(left - 5, y + 3.5, f"{tick} h", anchor="end", size=9.5, fill=MUTED))
    every = max(1, round(len(weeks) / 6))
    for i, w in enumerate(weeks):
        x = left + slot * i + (slot - bar_w) / 2
        total_h = plot_h * w.minutes / (top_h * 60)
        social_h = plot_h * w.social_minutes / (top_h * 60)
        base = top_pad + plot_h
        if total_h > 0:
            body.append(
                f'<rect x="{x:.1f}" y="{base - total_h:.1f}" width="{bar_w:.1f}" '
                f'height="{total_h - social_h:.1f}" fill="{OTHER}"/>'
            )
        if social_h > 0:
            body.append(
                f'<rect x="{x:.1f}" y="{base - social_h:.1f}" width="{bar_w:.1f}" '
                f'height="{social_h:.1f}" fill="{SOCIAL}"/>'
            )
        if labelled and w.minutes:
            body.append(
                _text(x + bar_w / 2, base - total_h - 4, f"{hours(w.minutes)} h", anchor="middle",
                      size=10, fill=INK)
            )  # fmt: skip
            if w.social_share is not None and social_h >= 14:
                body.append(
                    _text(x + bar_w / 2, base - social_h + 12, percent(w.social_share, 0),
                          anchor="middle", size=9.5, fill="#ffffff", weight=600)
                )  # fmt: skip
        if i % every == 0:
            cx, anchor = x + bar_w / 2, "middle"
            if cx + 22 > width:  # the last label would run off the chart
                cx, anchor = x + bar_w, "end"
            body.append(
                _text(cx, height - 6, _week_label(w, labelled), anchor=anchor, size=9.5, fill=MUTED)
            )
    return _svg(width, height, body, "Hours per week, social media in the darker colour")


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _signed(value: float, digits: int) -> str:
    text = signed(value, digits)
    if text == "0":
        return text
    css = "pos" if value > 0 else "neg"
    return f'<span class="{css}">{text}</span>'


def render_html(report: Report) -> str:
    """One self-contained HTML page (A4/Letter, one or two printed pages)."""
    r = report
    head = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Time use — {_e(r.label)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
        f"<header><h1>Time use — {_e(r.label)}</h1>"
        f"<p>{_e(_capital(period_phrase(r.first, r.last)))}<br>{_e(r.zone)} · "
        f"contracted {r.hours_per_week:g} h a week</p></header>\n"
        f'<p class="headline">{_e(r.headline)}</p>\n'
    )
    foot = (
        f"<footer>Generated {r.generated_at:%Y-%m-%d %H:%M} by Calepin. Overlapping time "
        "counts once. Private notes are left out unless asked for.</footer>\n"
        "</main>\n</body>\n</html>\n"
    )
    if r.empty:
        demand = ""
        if r.demand is not None and r.demand.planned_posts:
            items = "".join(f"<li>{_e(line)}</li>" for line in r.supply_lines)
            demand = f"<section><h2>Demand</h2><ul>{items}</ul></section>\n"
        return head + demand + '<p class="empty">Nothing to summarise for this period.</p>\n' + foot

    c, s, o = r.coverage, r.social, r.out_of_hours
    kpis = [
        ("", f"{hours(r.total_minutes)} h", "logged"),
        ("social", percent(s.share), f"social media · {hours(s.minutes)} h"),
        ("social", f"{s.fte:.2f}" if s.fte is not None else "–", "FTE it got"),
        ("need", f"{s.fte_needed:.2f}" if s.fte_needed is not None else "–",
         "FTE it needed"),
        ("", percent(c.share, 0) if c.share is not None else "–", "of contract logged"),
    ]  # fmt: skip
    parts = [head, '<div class="kpis">']
    parts += [
        f'<div class="kpi {cls}"><b>{_e(v)}</b><span>{_e(t)}</span></div>' for cls, v, t in kpis
    ]
    parts.append('</div>\n<div class="grid">\n')

    duty_rows = [
        (
            d.duty,
            d.minutes,
            f"{hours(d.minutes)} h · {percent(d.share)}",
            SOCIAL if d.social else OTHER,
        )
        for d in r.duties
    ]
    parts.append(
        "<section><h2>Hours per duty</h2>"
        + _hbars(duty_rows, "Hours per duty")
        + '<p class="note"><span class="swatch" style="background:#0f6f8f"></span>social media'
        f'</p><p class="note" id="shares-rounding">{SHARES_ROUNDING.capitalize()}.</p>'
        "</section>\n"
    )
    if s.minutes:
        act_rows = [
            (
                a.activity or "not given",
                a.minutes,
                f"{hours(a.minutes)} h · {percent(a.share, 0)}",
                REACTIVE if a.activity in ("engage", "monitor", "crisis") else PROACTIVE,
            )
            for a in s.activities
        ]
        parts.append(
            "<section><h2>Social media by activity</h2>"
            + _hbars(act_rows, "Social media by activity")
            + f'<p class="note"><span class="swatch" style="background:{REACTIVE}"></span>'
            f"reactive (engage, monitor, crisis): {hours(s.reactive_minutes)} h, "
            f"{percent(s.reactive_share)} of social media time</p></section>\n"
        )
    else:
        parts.append(
            "<section><h2>Social media by activity</h2><p>No social media time.</p></section>\n"
        )

    if r.supply_lines:
        # The FTE needed and got are in the figures above; what the need is made of is not.
        lines = [line for line in r.supply_lines if line != r.need_line]
        if r.need_line:
            lines.append(f"Needed: {r.need_parts}.")
        items = "".join(f"<li>{_e(line)}</li>" for line in lines)
        parts.append(f"<section><h2>Needed beside what it got</h2><ul>{items}</ul></section>\n")
    late = _out_of_hours(o)
    # A short job hint leaves room under it beside the demand: out of hours goes there, so
    # the right column below (trust, highlights, outcomes) stays shorter than the week chart.
    late_beside_job = not r.job_description and bool(r.job_hint)
    if late_beside_job:
        late = late.replace("<h2>", '<h2 class="next">', 1)
    if r.job_description:
        rows = "".join(
            f"<tr><td>{_e(j.duty)}</td><td>{percent(j.intended)}</td><td>{percent(j.actual)}</td>"
            f"<td>{_signed(j.difference_hours_per_week, 1)}</td>"
            f"<td>{_signed(j.difference_fte, 2)}</td></tr>"
            for j in r.job_description
        )
        parts.append(
            "<section><h2>Job description against reality</h2>"
            "<table><thead><tr><th>Duty</th><th>Intended</th><th>Actual</th>"
            "<th>h / week</th><th>FTE</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
            f'<p class="note">On a {r.hours_per_week:g} h week, largest gap first;'
            " + is more than intended.</p></section>\n"
        )
    elif r.job_hint:
        parts.append(
            f'<section><h2>Job description</h2><p class="note">{_e(r.job_hint)}</p>'
            f"{late if late_beside_job else ''}</section>\n"
        )

    # The week chart and the task inventory on the left, out of hours, trust and highlights
    # on the right: the month keeps to one printed page.
    parts.append("<section>")
    if len(r.chart_weeks) > 1:
        parts.append(
            "<h2>Week by week</h2>"
            + _weeks_chart(r)
            + f'<p class="note"><span class="swatch" style="background:{SOCIAL}"></span>social '
            f'media <span class="swatch" style="background:{OTHER};margin-left:3mm"></span>'
            "other duties</p>"
        )
    if r.inventory:
        # One line per duty, its activities inside: the list reads in a few lines.
        groups: dict[str, list[str]] = {}
        totals: dict[str, int] = {}
        for t in r.inventory:
            totals[t.duty] = totals.get(t.duty, 0) + t.minutes
            if t.activity:
                groups.setdefault(t.duty, []).append(
                    f"{_e(t.activity)} {hours(t.minutes)} h ({t.entries})"
                )
        items = " · ".join(
            f"<b>{_e(duty)} {hours(minutes)} h</b>"
            + (f": {', '.join(groups[duty])}" if duty in groups else "")
            for duty, minutes in totals.items()
        )
        parts.append(
            f'<h2 class="next">Task inventory</h2><p>{items}</p>'
            '<p class="note">Everything logged, most time first; (entries).</p>'
        )

    parts.append("</section>\n")

    parts.append("<section>")
    if not late_beside_job:
        parts.append(late)
    parts.append('<h2 class="next">How far to trust these numbers</h2>')
    parts.append('<p class="note">' + " ".join(_e(line) for line in c.contract_lines))
    if c.working_days_without_entries:
        parts.append(f" {c.working_days_without_entries} working days have nothing logged.")
    if c.sources:
        made = ", ".join(f"{_e(x.source)} {percent(x.share)}" for x in c.sources)
        parts.append(f" How entries were made: {made}.")
    if c.timer_running:
        parts.append(
            " A timer is still running; it is counted up to now, and at most up to the"
            " long-timer limit."
        )
    parts.append("</p>")
    if r.highlights:
        items = "".join(
            f"<li><b>{_e(day_label(h.start.date()))}</b>, {_e(h.label)}: {_e(h.note)}</li>"
            for h in r.highlights
        )
        parts.append(f'<h2 class="next">Highlights</h2><ul>{items}</ul>')
    # The outcomes fill the right column, which the week chart on the left leaves room in.
    outcomes = "" if r.outcomes is None else outcomes_html(r.outcomes)
    parts.append(f"{outcomes}</section>\n")

    p = r.posts
    if p.platforms:
        rows = "".join(
            f'<tr><td><span class="swatch" style="background:{_e(x.colour)}"></span>'
            f"{_e(x.platform)}{' *' if x.social else ''}</td><td>{x.planned}</td>"
            f"<td>{x.published}</td><td>{x.cancelled}</td><td>{x.unestimated or ''}</td>"
            f"<td>{hours(x.planned_minutes) if x.planned > x.unestimated else '–'}</td>"
            f"<td>{hours(x.logged_minutes)}</td><td>{x.per_post_text}</td></tr>"
            for x in p.platforms
        )
        parts.append(
            '<section class="wide"><h2>Posts</h2><table><thead><tr><th>Platform</th>'
            "<th>Planned</th><th>Published</th><th>Cancelled</th><th>No estimate</th>"
            "<th>Planned effort (h)</th><th>Logged on posts (h)</th>"
            "<th>Minutes per published post</th></tr></thead>"
            f"<tbody>{rows}</tbody><tfoot><tr><td>Total</td><td>{p.planned}</td>"
            f"<td>{p.published}</td><td>{p.cancelled}</td><td>{p.unestimated or ''}</td>"
            f"<td>{hours(p.planned_minutes)}</td>"
            f"<td>{hours(p.logged_minutes)}</td><td></td></tr></tfoot></table>"
            f'<p class="note">* a social platform. {_e(p.linked_line)}</p></section>\n'
        )
    if r.notes:
        items = "".join(
            f"<li><b>{_e(day_label(n.start.date()))} {n.start:%H:%M}</b>, {_e(n.duty)}: "
            f"{_e(n.note)}</li>"
            for n in r.notes
        )
        parts.append(f'<section class="wide"><h2>Notes</h2><ul>{items}</ul></section>\n')
    parts.append("</div>\n")
    parts.append(foot)
    return "".join(parts)
