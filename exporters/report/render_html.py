"""The report as one self-contained HTML page: inline CSS, inline SVG charts, no script."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from exporters.report.model import OutOfHours, Report, WeekRow
from exporters.report.outcomes import outcomes_html
from storage.i18n import _, is_french, language, pgettext
from storage.wording import (
    clock,
    day_label,
    day_month,
    decimal,
    hours,
    percent,
    period_phrase,
    plain,
    shares_rounding,
    signed,
)

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

# French runs about a fifth longer than English: set a touch tighter, the month still keeps
# to one printed page (English keeps the sizes above, its page unchanged).
LONGER_CSS = """h1 { font-size: 14pt; }
body { line-height: 1.22; }
.headline { font-size: 9.6pt; }
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
    label = day_month(week.start)
    if spelled and (week.end - week.start).days < 6:
        if week.start == week.end:
            return label
        if week.start.month == week.end.month:
            return f"{week.start.day}–{day_month(week.end)}"
        return f"{label} – {day_month(week.end)}"
    return label


def _out_of_hours(o: OutOfHours) -> str:
    """The out-of-hours heading and sentence."""
    heading = "<h2>" + _e(_("Out of hours")) + "</h2>"
    if not o.minutes:
        return f"{heading}<p>" + _e(_("Nothing logged outside working hours.")) + "</p>"
    top = o.duties[0]
    text = _(
        "{hours} h, {share} of logged time: {evening} h in the evening, {early} h early in the"
        " morning, {weekend} h on days off (not working days); the most on {duty} ({top} h)."
    ).format(
        hours=hours(o.minutes),
        share=percent(o.share),
        evening=hours(o.evening),
        early=hours(o.early_morning),
        weekend=hours(o.weekend),
        duty=top.duty,
        top=hours(top.minutes),
    )
    return f"{heading}<p>{_e(text)}</p>"


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
        body.append(
            _text(left - 5, y + 3.5, f"{plain(tick)} h", anchor="end", size=9.5, fill=MUTED)
        )
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
    return _svg(width, height, body, _("Hours per week, social media in the darker colour"))


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
    title = _e(_("Time use — {period}").format(period=r.label))
    where = _("{zone} · contracted {week} h a week").format(
        zone=r.zone, week=plain(r.hours_per_week)
    )
    head = (
        f'<!DOCTYPE html>\n<html lang="{language()}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{CSS}{LONGER_CSS if is_french() else ''}</style>\n"
        "</head>\n<body>\n<main>\n"
        f"<header><h1>{title}</h1>"
        f"<p>{_e(_capital(period_phrase(r.first, r.last)))}<br>{_e(where)}</p></header>\n"
        f'<p class="headline">{_e(r.headline)}</p>\n'
    )
    generated = _(
        "Generated {date} {time} by Calepin. Overlapping time counts once. Private notes are"
        " left out unless asked for."
    ).format(date=r.generated_at.date().isoformat(), time=clock(r.generated_at))
    foot = f"<footer>{_e(generated)}</footer>\n</main>\n</body>\n</html>\n"
    if r.empty:
        demand = ""
        if r.demand is not None and r.demand.planned_posts:
            items = "".join(f"<li>{_e(line)}</li>" for line in r.supply_lines)
            demand = "<section><h2>" + _e(_("Demand")) + f"</h2><ul>{items}</ul></section>\n"
        nothing = _e(_("Nothing to summarise for this period."))
        return head + demand + f'<p class="empty">{nothing}</p>\n' + foot

    c, s, o = r.coverage, r.social, r.out_of_hours
    kpis = [
        ("", f"{hours(r.total_minutes)} h", pgettext("report figure", "logged")),
        ("social", percent(s.share),
         _("social media · {hours} h").format(hours=hours(s.minutes))),
        ("social", decimal(s.fte, 2) if s.fte is not None else "–", _("FTE it got")),
        ("need", decimal(s.fte_needed, 2) if s.fte_needed is not None else "–",
         _("FTE it needed")),
        ("", percent(c.share, 0) if c.share is not None else "–", _("of contract logged")),
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
    per_duty = _e(_("Hours per duty"))
    rounding = shares_rounding()
    parts.append(
        f"<section><h2>{per_duty}</h2>"
        + _hbars(duty_rows, _("Hours per duty"))
        + '<p class="note"><span class="swatch" style="background:#0f6f8f"></span>'
        + _e(_("social media"))
        + "</p>"
        f'<p class="note" id="shares-rounding">{_e(_capital(rounding))}.</p>'
        "</section>\n"
    )
    by_activity = _e(_("Social media by activity"))
    if s.minutes:
        act_rows = [
            (
                a.activity or _("not given"),
                a.minutes,
                f"{hours(a.minutes)} h · {percent(a.share, 0)}",
                REACTIVE if a.reactive else PROACTIVE,
            )
            for a in s.activities
        ]
        reactive = _(
            "reactive (engage, monitor, crisis): {hours} h, {share} of social media time"
        ).format(hours=hours(s.reactive_minutes), share=percent(s.reactive_share))
        parts.append(
            f"<section><h2>{by_activity}</h2>"
            + _hbars(act_rows, _("Social media by activity"))
            + f'<p class="note"><span class="swatch" style="background:{REACTIVE}"></span>'
            f"{_e(reactive)}</p></section>\n"
        )
    else:
        parts.append(
            f"<section><h2>{by_activity}</h2><p>"
            + _e(_("No social media time."))
            + "</p></section>\n"
        )

    if r.supply_lines:
        # The FTE needed and got are in the figures above; what the need is made of is not.
        lines = [line for line in r.supply_lines if line != r.need_line]
        if r.need_line:
            lines.append(_("Needed: {parts}.").format(parts=r.need_parts))
        items = "".join(f"<li>{_e(line)}</li>" for line in lines)
        beside = _e(_("Needed beside what it got"))
        parts.append(f"<section><h2>{beside}</h2><ul>{items}</ul></section>\n")
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
        head_cells = "".join(
            f"<th>{_e(word)}</th>"
            for word in (_("Duty"), _("Intended"), _("Actual"), _("h / week"), _("FTE"))
        )
        gap_note = _("On a {week} h week, largest gap first; + is more than intended.").format(
            week=plain(r.hours_per_week)
        )
        parts.append(
            "<section><h2>" + _e(_("Job description against reality")) + f"</h2>"
            f"<table><thead><tr>{head_cells}</tr></thead>"
            f"<tbody>{rows}</tbody></table>"
            f'<p class="note">{_e(gap_note)}</p></section>\n'
        )
    elif r.job_hint:
        parts.append(
            "<section><h2>" + _e(_("Job description")) + f"</h2>"
            f'<p class="note">{_e(r.job_hint)}</p>'
            f"{late if late_beside_job else ''}</section>\n"
        )

    # The week chart and the task inventory on the left, out of hours, trust and highlights
    # on the right: the month keeps to one printed page.
    parts.append("<section>")
    if len(r.chart_weeks) > 1:
        parts.append(
            "<h2>"
            + _e(_("Week by week"))
            + "</h2>"
            + _weeks_chart(r)
            + f'<p class="note"><span class="swatch" style="background:{SOCIAL}"></span>'
            f"" + _e(_("social media")) + f" "
            f'<span class="swatch" style="background:{OTHER};margin-left:3mm"></span>'
            f"" + _e(_("other duties")) + "</p>"
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
            _("{duty}: {activities}").format(
                duty=f"<b>{_e(duty)} {hours(minutes)} h</b>", activities=", ".join(groups[duty])
            )
            if duty in groups
            else f"<b>{_e(duty)} {hours(minutes)} h</b>"
            for duty, minutes in totals.items()
        )
        parts.append(
            '<h2 class="next">' + _e(_("Task inventory")) + f"</h2><p>{items}</p>"
            f'<p class="note">' + _e(_("Everything logged, most time first; (entries).")) + "</p>"
        )

    parts.append("</section>\n")

    parts.append("<section>")
    if not late_beside_job:
        parts.append(late)
    parts.append('<h2 class="next">' + _e(_("How far to trust these numbers")) + "</h2>")
    trust = [*c.contract_lines, *c.trust_lines]
    parts.append('<p class="note">' + " ".join(_e(line) for line in trust) + "</p>")
    if r.highlights:
        items = "".join(
            "<li>"
            + _("{day}, {label}: {note}").format(
                day=f"<b>{_e(day_label(h.start.date()))}</b>", label=_e(h.label), note=_e(h.note)
            )
            + "</li>"
            for h in r.highlights
        )
        parts.append('<h2 class="next">' + _e(_("Highlights")) + f"</h2><ul>{items}</ul>")
    # The outcomes fill the right column, which the week chart on the left leaves room in.
    outcomes = "" if r.outcomes is None else outcomes_html(r.outcomes)
    parts.append(f"{outcomes}</section>\n")

    p = r.posts
    if p.platforms:
        total = _e(_("Total"))
        head_cells = "".join(
            f"<th>{_e(word)}</th>"
            for word in (
                _("Platform"),
                _("Planned"),
                _("Published"),
                _("Cancelled"),
                # A column on a printed page: French's words are shortened there.
                pgettext("narrow column", "No estimate"),
                pgettext("narrow column", "Planned effort (h)"),
                pgettext("narrow column", "Logged on posts (h)"),
                pgettext("narrow column", "Minutes per published post"),
            )
        )
        rows = "".join(
            f'<tr><td><span class="swatch" style="background:{_e(x.colour)}"></span>'
            f"{_e(x.platform)}{' *' if x.social else ''}</td><td>{x.planned}</td>"
            f"<td>{x.published}</td><td>{x.cancelled}</td><td>{x.unestimated or ''}</td>"
            f"<td>{hours(x.planned_minutes) if x.planned > x.unestimated else '–'}</td>"
            f"<td>{hours(x.logged_minutes)}</td><td>{x.per_post_text}</td></tr>"
            for x in p.platforms
        )
        parts.append(
            '<section class="wide"><h2>' + _e(_("Posts")) + f"</h2><table><thead><tr>{head_cells}"
            "</tr></thead>"
            f"<tbody>{rows}</tbody><tfoot><tr><td>{total}</td><td>{p.planned}</td>"
            f"<td>{p.published}</td><td>{p.cancelled}</td><td>{p.unestimated or ''}</td>"
            f"<td>{hours(p.planned_minutes)}</td>"
            f"<td>{hours(p.logged_minutes)}</td><td></td></tr></tfoot></table>"
            f'<p class="note">* ' + _e(_("a social platform.")) + f" {_e(p.linked_line)}</p>"
            "</section>\n"
        )
    if r.notes:
        items = "".join(
            "<li>"
            + _("{day} {time}, {duty}: {note}").format(
                day=f"<b>{_e(day_label(n.start.date()))}",
                time=f"{_e(clock(n.start))}</b>",
                duty=_e(n.duty),
                note=_e(n.note),
            )
            + "</li>"
            for n in r.notes
        )
        parts.append(
            '<section class="wide"><h2>' + _e(_("Notes")) + f"</h2><ul>{items}</ul></section>\n"
        )
    parts.append("</div>\n")
    parts.append(foot)
    return "".join(parts)
