"""The summary view: where the time went in a week, month, quarter or year, for the manager."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Digits, Static

from exporters.report import Report, WeekRow, build_report
from storage import CalepinError, NotFoundError
from storage.calendar import PeriodKind, period_of, shift_period, week_start
from storage.capacity import Capacity
from storage.settings import Settings
from storage.wording import day_label, hours, signed
from tui.bindings import SUMMARY_BINDINGS
from tui.screens.base import ViewScreen, data_token
from tui.widgets.footer import Footer
from tui.widgets.report_panels import BarChart, BarRow, NoteLines, TrendChart, TrendRow
from tui.widgets.view_header import ViewHeader
from tui.widgets.wrapped import Wrapped

TREND_WEEKS = 12  # a week or a month is shown against the weeks before it
JOB_GAP_POINTS = 10  # a duty this many points off its intended share stands out
PREFETCH_AFTER = 0.4  # seconds without a key before the neighbouring periods are built
PREFETCH_NEXT = 0.05


def h(minutes: float) -> str:
    """Decimal hours as the report prints them: 750 → '12.5 h'."""
    return f"{hours(minutes)} h"


def capacity_lines(cap: Capacity) -> list[tuple[str, str]]:
    """The capacity block as (text, kind) lines: kind "warning" when the plan does not fit."""
    so_far = cap.contracted_so_far
    pct = f" ({round(100 * cap.logged / so_far)} %)" if so_far else ""
    if so_far >= cap.contracted:
        logged = f"Logged {h(cap.logged)} of {h(cap.contracted)} contracted{pct}"
    elif so_far:
        logged = (
            f"Logged {h(cap.logged)} of {h(so_far)} contracted so far{pct};"
            f" {h(cap.contracted)} in the whole period"
        )
    else:
        logged = f"Not started: {h(cap.contracted)} contracted in the period"
    others = f"Other duties: {h(cap.other_logged)} logged"
    if cap.other_expected is None:
        others += " (no earlier weeks to estimate the rest from)"
    elif cap.other_expected:
        others += f", about {h(cap.other_expected)} to come"
    lines = [(logged, ""), *((note, "muted") for note in cap.notes)]
    lines.append((f"{others}; {h(cap.room)} left for social media", "muted"))
    plan = f"Planned social work: {h(cap.planned_social)} (post estimates)"
    if not cap.planned_social:
        lines.append(("Planned social work: no post estimates in this period", "muted"))
    elif cap.fits:
        lines.append((f"{plan}; fits, {h(cap.room - cap.planned_social)} to spare", ""))
    else:
        lines.append((f"⚠ {plan}; does not fit, {h(cap.over)} over", "warning"))
    return lines


def demand_lines(report: Report) -> list[tuple[str, str]]:
    """What social media needed beside what it got (the report's sentences), then the FTE."""
    if report.demand is None:
        return []
    lines = [(line, "muted") for line in report.demand.lines[1:]]  # the plan is said above
    s = report.social
    if report.need_line:  # planned posts + ongoing work, the report's sentence
        kind = "warning" if s.fte is not None and s.fte_needed and s.fte < s.fte_needed else ""
        lines.append((report.need_line, kind))
    if report.demand.unestimated_posts:
        count = report.demand.unestimated_posts
        lines.append((f"{count} planned post{'s' if count != 1 else ''} have no estimate", "muted"))
    return lines


def outcome_lines(report: Report) -> list[tuple[str, str]]:
    """The period's outcomes, a line per platform with its figures (a dash: nobody entered
    it), then what they say beside the hours; how to enter them when there are none."""
    outcomes = report.outcomes
    if outcomes is None:
        return []
    if not outcomes.platforms:
        return [(f"No outcomes entered for {outcomes.span}: to enter them, press f.", "muted")]
    lines = [(f"{r.platform}: {', '.join(r.figure_texts())}", "") for r in outcomes.platforms]
    return lines + [(line, "muted") for line in outcomes.lines()]


def inventory_rows(report: Report) -> list[BarRow]:
    """Every duty × activity logged, as bars (the task inventory)."""
    top = max((t.minutes for t in report.inventory), default=0) or 1
    return [
        BarRow(
            f"{t.duty} · {t.activity}" if t.activity else t.duty,
            f"{h(t.minutes)} ({t.entries})",
            t.minutes / top,
            t.social,
        )
        for t in report.inventory
    ]


def job_lines(report: Report) -> list[tuple[str, str]]:
    """One line per duty of the configured split, the largest gap first; [] when not set."""
    if report.job_description is None and not report.empty:
        text = (
            "No job description split is set: give each duty its intended share with , (settings)"
        )
        if report.suggested_split:
            split = ", ".join(f"{d} {p} %" for d, p in report.suggested_split)
            text += f". A starting split from this period's log: {split}"
        return [(text + ".", "muted")]
    if not report.job_description or report.empty:
        return []
    rows = report.job_description  # the largest gap first (the report's order)
    width = max(len(r.duty) for r in rows)
    lines = []
    for row in rows:
        gap = signed(row.difference_hours_per_week)
        kind = "warning" if abs(row.actual - row.intended) >= JOB_GAP_POINTS else ""
        lines.append(
            (
                f"{row.duty:<{width}}  intended {row.intended:4.1f} %  actual {row.actual:4.1f} %"
                f"  {gap} h a week",
                kind,
            )
        )
    return lines


class SummaryScreen(ViewScreen):
    """One period's report on screen; `e` writes it to a file for the manager."""

    BINDINGS: ClassVar[list[BindingType]] = SUMMARY_BINDINGS

    def __init__(self) -> None:
        super().__init__()
        self.kind: PeriodKind = "week"
        self.first = self.last = dt.date.min
        self.report: Report | None = None
        self.capacity: Capacity | None = None
        self._loaded: tuple[object, ...] = ()
        # What was built, kept until the data, the settings or the minute change (_refresh).
        self._built_for: tuple[object, ...] = ()
        self._reports: dict[tuple[dt.date, dt.date], Report] = {}
        self._weeks: dict[dt.date, WeekRow] = {}  # the trend's whole weeks, by first day
        self._report_settings: Settings | None = None
        self._job_problem = ""
        self._prefetch_timer: Timer | None = None
        self._shown: tuple[object, ...] = ()  # what _show last drew from

    def compose(self) -> ComposeResult:
        yield ViewHeader(self.calepin.now, id="summary-header")
        with Vertical(id="summary-body"):
            with Horizontal(id="summary-headline"):
                yield Digits("0", id="summary-share")
                yield Static("", id="summary-headline-text")
            yield Static("", id="summary-sentence")
            with Horizontal(id="summary-columns"):
                with Vertical(classes="summary-panel"):
                    yield Static("Hours by duty", classes="summary-title")
                    yield BarChart(id="summary-duties")
                with Vertical(classes="summary-panel"):
                    yield Static("Social media by activity", classes="summary-title")
                    yield BarChart(id="summary-activities")
                    yield NoteLines(id="summary-reactive")
            yield Static("Weekly trend", classes="summary-title")
            yield TrendChart(id="summary-trend")
            yield Static(
                "Capacity: what social media needs beside what it gets", classes="summary-title"
            )
            yield NoteLines(id="summary-capacity")
            yield Static("Outcomes", classes="summary-title")
            yield NoteLines(id="summary-outcomes")
            yield Static("Task inventory", classes="summary-title")
            yield BarChart(id="summary-inventory")
            yield Static("Job description against reality", classes="summary-title", id="job-title")
            yield NoteLines(id="summary-job")
        yield Footer()

    def on_mount(self) -> None:
        self.first, self.last = period_of(self.kind, self.calepin.today(), self.calepin.week_start)
        self.set_interval(1.0, self._tick)

    def _tick(self) -> None:
        """A running timer's minutes count in the period: rebuild when the minute turns (the
        clock and the header's timer only; new hours come as `DataChanged`)."""
        if (
            self.is_current
            and self._loaded
            and self.query_one(ViewHeader).timer is not None
            and self.calepin.now().minute != self._loaded[2]
        ):
            self.reload()

    # -- loading

    def load_ahead(self) -> None:
        """Built ahead (tui/kept.py): the period's report, trend and pace computed off screen,
        so the first `r` finds them cached, as later ones do (it took 2.5× a bare view)."""
        self.reload()

    def reload(self) -> None:
        app = self.calepin
        store, now = app.store, app.now()
        # The week may start on another day since the settings were saved.
        self.first, self.last = period_of(self.kind, self.first, app.week_start)
        try:
            self._refresh(now)
            report = self._report(self.first, self.last, now)
            trend = self._trend(report, now)
            capacity = self._capacity(report, now)
        except CalepinError as exc:
            self.notify(str(exc), title="Cannot build the summary", severity="error")
            return
        self._loaded = (*data_token(store), now.minute)
        self.report, self.capacity = report, capacity
        shown = (report, trend, capacity, self._job_problem, store.running_timer())
        if shown != self._shown:  # showing it again (r, back from a dialog): nothing to redraw
            self._shown = shown
            self._show(report, trend, capacity)
        if self._prefetch_timer is not None:
            self._prefetch_timer.stop()
        self._prefetch_timer = self.set_timer(PREFETCH_AFTER, self._prefetch)

    def _refresh(self, now: dt.datetime) -> None:
        """Drop what was built when the data, the settings or the minute changed (the
        current period counts a running timer and the contracted time up to now)."""
        key = (*data_token(self.store), now.minute, self.calepin.settings)
        if key == self._built_for:
            return
        self._built_for = key
        self._reports, self._weeks = {}, {}
        self._report_settings, self._job_problem = self._usable_settings()

    def _usable_settings(self) -> tuple[Settings, str]:
        """The app's settings, without a job description that names an unknown duty (a duty
        renamed from the command line, say), and what to say about it: the rest of the
        summary still shows."""
        settings = self.calepin.settings
        for name, _ in settings.job_description:
            try:
                self.store.duty(name)
            except NotFoundError:
                problem = (
                    f"The split in the settings names '{name}', which is no duty here:"
                    " fix it with , (settings)"
                )
                return replace(settings, job_description=()), problem
        return settings, ""

    def _build(self, first: dt.date, last: dt.date, now: dt.datetime) -> Report:
        assert self._report_settings is not None, "_refresh comes first"
        return build_report(
            self.store, first, last, now=now, settings=self._report_settings, with_entries=False
        )

    def _report(self, first: dt.date, last: dt.date, now: dt.datetime) -> Report:
        if (first, last) not in self._reports:
            self._reports[first, last] = self._build(first, last, now)
        return self._reports[first, last]

    def _prefetch(self) -> None:
        """While the person reads, build the periods before and after, one per idle moment,
        so `[` and `]` show them at once (a year takes 20-30 ms to build)."""
        self._prefetch_timer = None
        if not self.is_current or self.calepin.leaving:
            return
        now = self.calepin.now()
        try:
            self._refresh(now)
            for step in (-1, 1):
                first, last = shift_period(self.kind, self.first, step, self.calepin.week_start)
                if (first, last) not in self._reports:
                    self._report(first, last, now)
                    self._prefetch_timer = self.set_timer(PREFETCH_NEXT, self._prefetch)
                    return
        except CalepinError:
            return  # a busy file: the key press will build it

    def _trend(self, report: Report, now: dt.datetime) -> tuple[WeekRow, ...]:
        """The weeks to draw: the period's own, or for a week or month the weeks before it.

        Whole weeks are kept until the data (or the minute, for a running timer) changes,
        so stepping back a week builds one week, not twelve.
        """
        if self.kind in ("quarter", "year"):
            return report.weeks
        last_week = week_start(self.last, self.calepin.week_start)
        starts = [last_week - dt.timedelta(weeks=n) for n in range(TREND_WEEKS - 1, -1, -1)]
        missing = [start for start in starts if start not in self._weeks]
        if missing:
            built = self._build(missing[0], missing[-1] + dt.timedelta(days=6), now)
            self._weeks.update((w.start, w) for w in built.weeks)
        return tuple(self._weeks[start] for start in starts)

    def _capacity(self, report: Report, now: dt.datetime) -> Capacity:
        """The report's capacity (storage.capacity: the week bar's rule too)."""
        assert report.capacity is not None, "build_report always works it out"
        return report.capacity

    # -- drawing

    def _show(self, report: Report, trend: tuple[WeekRow, ...], capacity: Capacity) -> None:
        title = f"Summary · {report.label}"
        self.query_one(ViewHeader).show(title, "", self.store.running_timer())
        self.query_one("#summary-share", Digits).update(
            f"{report.social.share:.1f}" if not report.empty else "0"
        )
        if report.empty:
            text = "% social media\nNothing logged in this period"
            if report.first > self.calepin.today():
                text = "% social media\nThis period has not started"
        else:
            fte = ""
            # The sentence under it says the FTE when it can: not twice in three lines.
            if (
                report.social.fte is not None
                and report.social.fte_hours_per_week is not None
                and "FTE" not in report.headline
            ):
                fte = (
                    f" · {report.social.fte:.2f} FTE"
                    f" ({report.social.fte_hours_per_week:.1f} h of a {report.hours_per_week:g} h week)"
                )
            text = (
                f"% of logged time went to social media\n"
                f"{h(report.social.minutes)} of {h(report.total_minutes)} logged{fte}"
            )
        self.query_one("#summary-headline-text", Static).update(Wrapped(text))
        sentence = report.headline
        if report.long_timer:  # a forgotten timer: the TUI's way to stop it at the right time
            sentence += "\n⚠ Press 0 to stop that timer at its last activity."
        # Wrapped (shown literally): a number keeps its unit, `0.14 FTE`, `35 h`.
        self.query_one("#summary-sentence", Static).update(Wrapped(sentence))

        top = max((d.minutes for d in report.duties), default=0) or 1
        self.query_one("#summary-duties", BarChart).show(
            [
                BarRow(d.duty, f"{h(d.minutes)} {d.share:5.1f} %", d.minutes / top, d.social)
                for d in report.duties
            ],
            "No hours logged.",
        )
        acts = [a for a in report.social.activities if a.minutes]
        top_act = max((a.minutes for a in acts), default=0) or 1
        self.query_one("#summary-activities", BarChart).show(
            [
                BarRow(
                    a.activity or "(none given)",
                    f"{h(a.minutes)} {a.share:5.1f} %",
                    a.minutes / top_act,
                    a.activity in ("engage", "monitor", "crisis"),
                )
                for a in acts
            ],
            "No social media time logged.",
        )
        reactive: list[tuple[str, str]] = []
        if report.social.minutes:
            reactive.append(
                (
                    f"Reactive: {h(report.social.reactive_minutes)} · "
                    f"{report.social.reactive_share:.0f} % (engage, monitor, crisis)",
                    "muted",
                )
            )
        self.query_one("#summary-reactive", NoteLines).show(reactive)

        today = self.calepin.today()
        weeks = [w for w in trend if w.start <= today]  # weeks to come draw nothing
        # Weeks before anything was logged draw nothing either (a first week is not a
        # trend of eleven empty weeks); an empty week after the first one stays.
        while len(weeks) > 1 and not weeks[0].minutes:
            weeks.pop(0)
        latest = weeks[-1] if weeks else None
        latest_text = "–"
        if latest is not None:
            when = (
                "this week so far"
                if latest.start <= today <= latest.end
                else f"the week of {day_label(latest.start)}"
            )
            latest_text = f"{h(latest.minutes)} {when}"
        share_text = (
            f"{latest.social_share:.0f} % social"
            if latest and latest.social_share is not None
            else "–"
        )
        span = (
            f"{len(weeks)} weeks from {day_label(weeks[0].start)}, latest last"
            if len(weeks) > 1
            else ""
        )
        self.query_one(TrendChart).show(
            [
                TrendRow(
                    "Hours",
                    tuple(w.minutes / 60 for w in weeks),
                    latest_text,
                ),
                TrendRow(
                    "Social %",
                    tuple(w.social_share for w in weeks),
                    share_text,
                    top=100,
                    highlight=True,
                ),
            ],
            span,
        )
        self.query_one("#summary-capacity", NoteLines).show(
            capacity_lines(capacity) + demand_lines(report)
        )
        self.query_one("#summary-outcomes", NoteLines).show(outcome_lines(report))
        self.query_one("#summary-inventory", BarChart).show(
            inventory_rows(report), "Nothing logged."
        )
        job = job_lines(report)
        if self._job_problem:
            job = [(self._job_problem, "warning")]
        self.query_one("#job-title").display = bool(job)
        self.query_one("#summary-job", NoteLines).display = bool(job)
        self.query_one("#summary-job", NoteLines).show(job)

    # -- actions

    def action_scroll_body(self, how: str) -> None:
        body = self.query_one("#summary-body")
        getattr(body, f"scroll_{how}")(animate=False)

    def action_shift(self, step: int) -> None:
        self.first, self.last = shift_period(self.kind, self.first, step, self.calepin.week_start)
        self.reload()

    def action_period(self, kind: PeriodKind) -> None:
        # The new period holds the day the old one was showing: today when it is inside.
        today = self.calepin.today()
        anchor = today if self.first <= today <= self.last else self.first
        self.kind = kind
        self.first, self.last = period_of(kind, anchor, self.calepin.week_start)
        self.reload()

    def action_today(self) -> None:
        self.first, self.last = period_of(self.kind, self.calepin.today(), self.calepin.week_start)
        self.reload()

    def action_back(self) -> None:
        self.calepin.show_view("week")

    def action_export(self) -> None:
        from tui.dialogs.report_export import ReportExportDialog

        app = self.calepin
        self.app.push_screen(
            ReportExportDialog(app.store, app.now(), app.settings, self.first, self.last),
            self._exported,
        )

    def action_mark_off(self) -> None:
        from tui.dialogs.day_off import DayOffDialog

        def chosen(draft: tuple[dt.date, dt.date, str] | None) -> None:
            if draft is None:
                return
            try:
                mark = self.store.add_days_off(*draft)
            except CalepinError as exc:  # marked from the command line meanwhile
                self.notify(str(exc), title="Not marked off", severity="error")
                return
            span = mark.first.isoformat() + (f"..{mark.last}" if mark.last != mark.first else "")
            self.notify(f"Marked {span} off" + (f" ({mark.reason})" if mark.reason else ""))
            self._built_for = ()  # the contracted time, FTE and capacity follow
            self.reload()

        today = self.calepin.today()
        day = today if self.first <= today <= self.last else self.first
        self.app.push_screen(DayOffDialog(day, today, self.store.days_off()), chosen)

    def action_enter_outcomes(self) -> None:
        from tui.dialogs.outcome_form import enter_outcomes

        today = self.calepin.today()
        day = today if self.first <= today <= self.last else self.first
        enter_outcomes(self, self.store, day, lambda _saved: self.reload())

    def _exported(self, path: str | None) -> None:
        if path:
            self.notify(f"Report written to {path}", timeout=6)
