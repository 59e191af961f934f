"""The report's outcomes: what the work achieved per platform (reach, engagement …) beside the
social hours, built from the figures the person entered; what nobody entered stays unknown.

Kept apart from `build.py` and the renderers so each of them needs one call: `build_outcomes`
for the data, then `outcomes_markdown`, `outcomes_html`, `outcomes_csv` or `outcomes_json`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from exporters.markdown_text import md_text
from storage.calendar import month_end
from storage.i18n import N_, _, pgettext
from storage.store.outcomes import FIGURES, figure_label, figure_text
from storage.wording import decimal, grouped, hours, month_name

if TYPE_CHECKING:
    from storage import Store
    from storage.models import Outcome

HINT = N_("Enter outcomes with `calepin outcome add` or `calepin outcome import`.")


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    """One platform's figures over the report's months: each the sum of the months that
    have it, None when no month has it (unknown, never 0)."""

    platform: str
    months: int  # how many months have figures for this platform
    reach: int | None
    impressions: int | None
    engagement: int | None
    followers_gained: int | None
    messages_answered: int | None

    def figure_texts(self, *, unknown: bool = True) -> list[str]:
        """'reach 17,300', … in the figures' order; a figure nobody entered reads as a dash,
        or is left out with `unknown=False` (never shown as 0)."""
        return [
            f"{figure_label(f)} {figure_text(getattr(self, f))}"
            for f in FIGURES
            if unknown or getattr(self, f) is not None
        ]


@dataclass(frozen=True, slots=True)
class Outcomes:
    """What the work achieved in the report's months, beside the social hours."""

    first_month: str  # YYYY-MM: the months the period touches
    last_month: str
    whole_months: bool  # the period is whole months: hours and monthly figures compare
    social_minutes: int  # the report's social media time (storage.accounting)
    platforms: tuple[OutcomeRow, ...]  # per platform, in the platforms' order
    months: tuple[Outcome, ...]  # per platform per month, as entered

    @property
    def span(self) -> str:
        """The months the figures are for: 'November 2026', 'October 2026 to December 2026'."""
        return _months_phrase(self.first_month, self.last_month)

    @property
    def reach_platforms(self) -> tuple[str, ...]:
        return tuple(p.platform for p in self.platforms if p.reach is not None)

    @property
    def reach(self) -> int | None:
        known = [p.reach for p in self.platforms if p.reach is not None]
        return sum(known) if known else None

    @property
    def hours_per_thousand_reached(self) -> float | None:
        """Social hours per 1,000 people reached; None unless both are known for the same
        span: whole months with reach entered and social time logged."""
        reach = self.reach
        if not self.whole_months or not reach or not self.social_minutes:
            return None
        return self.social_minutes / 60 / (reach / 1000)

    def lines(self) -> list[str]:
        """What the figures say beside the hours, in plain sentences (no markup)."""
        span = self.span
        if not self.platforms:
            return [_("No outcomes entered for {months}.").format(months=span) + " " + _(HINT)]
        out = [_("Figures entered for {months}; a dash is a figure nobody entered.").format(
            months=span
        )]  # fmt: skip
        ratio = self.hours_per_thousand_reached
        if ratio is not None and self.reach is not None:
            names = ", ".join(self.reach_platforms)
            out.append(
                _(
                    "{hours} h of social media for {reach} people reached ({platforms}):"
                    " {ratio} h per {thousand} reached."
                ).format(
                    hours=hours(self.social_minutes),
                    reach=grouped(self.reach),
                    platforms=names,
                    ratio=decimal(ratio, 2),
                    thousand=grouped(1000),
                )
            )
        elif self.reach is not None and not self.whole_months:
            out.append(
                _("Hours per {thousand} reached: only for whole months (the figures are monthly).")
                .format(thousand=grouped(1000))
            )  # fmt: skip
        return out


def _months_phrase(first: str, last: str) -> str:
    def name(month: str) -> str:
        year, number = int(month[:4]), int(month[5:])
        return f"{month_name(number)} {year}"

    if first == last:
        return name(first)
    return pgettext("months", "{first} to {last}").format(first=name(first), last=name(last))


def _sum(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def build_outcomes(store: Store, first: dt.date, last: dt.date, social_minutes: int) -> Outcomes:
    """The outcomes of the months first..last touch, summed per platform, beside
    `social_minutes` (the report's social time)."""
    months = tuple(store.outcomes(first, last))
    order: dict[str, list[Outcome]] = {}
    for outcome in months:  # by month, then in the platforms' order: keep the first seen
        order.setdefault(outcome.platform, [])
    positions = {p.name: i for i, p in enumerate(store.platforms(include_archived=True))}
    for outcome in months:
        order[outcome.platform].append(outcome)
    rows = tuple(
        OutcomeRow(
            name,
            len(found),
            *(_sum([getattr(o, f) for o in found]) for f in FIGURES),
        )
        for name, found in sorted(order.items(), key=lambda kv: positions.get(kv[0], 1_000))
    )
    whole = first.day == 1 and last == month_end(last)
    return Outcomes(
        f"{first.year:04d}-{first.month:02d}",
        f"{last.year:04d}-{last.month:02d}",
        whole,
        social_minutes,
        rows,
        months,
    )


# ---------------------------------------------------------------- each format's part


def _head() -> list[str]:
    return [_("Platform"), *(_capital(figure_label(f)) for f in FIGURES)]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _cells(row: OutcomeRow) -> list[str]:
    return [figure_text(getattr(row, f)) for f in FIGURES]


def outcomes_markdown(outcomes: Outcomes) -> list[str]:
    """The section as Markdown lines (heading, table, sentences), ending with a blank line."""
    out = ["## " + _("Outcomes"), ""]
    text = outcomes.lines()
    if outcomes.platforms:
        out.append("| " + " | ".join(_head()) + " |")
        out.append("|---" + "|---:" * len(FIGURES) + "|")
        out += [
            "| " + " | ".join([md_text(r.platform), *_cells(r)]) + " |" for r in outcomes.platforms
        ]
        out.append("")
    for line in text:
        code = line.split("`")
        out.append("".join(md_text(p) if i % 2 == 0 else f"`{p}`" for i, p in enumerate(code)))
    return [*out, ""]


def outcomes_html(outcomes: Outcomes) -> str:
    """The outcomes as one HTML paragraph (user text escaped); "" when none were entered.

    A paragraph, no table or section of its own: the renderer puts it under the posts, and
    the month report keeps to one printed page (Letter has about a line to spare). A
    platform's figures read as a line ("Facebook reach 17,300, engagement 550"); a figure
    nobody entered is left out of it, never shown as 0.
    """
    if not outcomes.platforms:
        return ""
    span = outcomes.span
    items = " · ".join(
        f"<b>{escape(r.platform)}</b> " + escape(", ".join(r.figure_texts(unknown=False)))
        for r in outcomes.platforms
    )
    ratio = outcomes.hours_per_thousand_reached
    after = "" if ratio is None else f" {escape(outcomes.lines()[1])}"
    title = escape(_("Outcomes, {months}:").format(months=span))
    return f'<p class="note"><b>{title}</b> {items}.{after}</p>'


def outcomes_csv(outcomes: Outcomes) -> list[list[object]]:
    """The section as CSV rows: one per platform per month; unknown is an empty cell, a
    number stays a number."""
    rows: list[list[object]] = [
        [_("Outcome platform"), _("Month"), *(_capital(figure_label(f)) for f in FIGURES)]
    ]
    rows += [
        [o.platform, o.month, *("" if getattr(o, f) is None else getattr(o, f) for f in FIGURES)]
        for o in outcomes.months
    ]
    ratio = outcomes.hours_per_thousand_reached
    rows.append([_("Social hours per 1,000 reached"), "" if ratio is None else round(ratio, 2)])
    return rows


def outcomes_json(outcomes: Outcomes) -> list[dict[str, Any]]:
    """`outcomes`: one object per platform per month; an unknown figure is null."""
    return [
        {"platform": o.platform, "month": o.month, **{f: getattr(o, f) for f in FIGURES}}
        for o in outcomes.months
    ]


__all__ = [
    "OutcomeRow",
    "Outcomes",
    "build_outcomes",
    "outcomes_csv",
    "outcomes_html",
    "outcomes_json",
    "outcomes_markdown",
]
