"""The summary view: where the time went in a week, month, quarter or year, for the manager."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Digits, Static

from exporters.report import Report, WeekRow, build_report
from storage import CalepinError, NotFoundError
from storage.calendar import PeriodKind, period_of, shift_period, week_start
from storage.capacity import Capacity
from storage.i18n import _, ngettext
from storage.settings import Settings
from storage.wording import day_label, decimal, hours, percent, plain, signed
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
    pct = f" ({percent(100 * cap.logged / so_far, 0)})" if so_far else ""
    if so_far >= cap.contracted:
        logged = _("Logged {logged} of {contracted} contracted{percent}").format(
            logged=h(cap.logged), contracted=h(cap.contracted), percent=pct
        )
    elif so_far:
        logged = _(
            "Logged {logged} of {so_far} contracted so far{percent};"
            " {contracted} in the whole period"
        ).format(logged=h(cap.logged), so_far=h(so_far), percent=pct, contracted=h(cap.contracted))
    else:
        logged = _("Not started: {contracted} contracted in the period").format(
            contracted=h(cap.contracted)
        )
    if cap.other_expected is None:
        others = _(
            "Other duties: {logged} logged (no earlier weeks to estimate the rest from);"
            " {room} left for social media"
        )
    elif cap.other_expected:
        others = _(
            "Other duties: {logged} logged, about {expected} to come; {room} left for social media"
        )
    else:
        others = _("Other duties: {logged} logged; {room} left for social media")
    others = others.format(
        logged=h(cap.other_logged), expected=h(cap.other_expected or 0), room=h(cap.room)
    )
    lines = [(logged, ""), *((note, "muted") for note in cap.notes)]
    lines.append((others, "muted"))
    planned = h(cap.planned_social)
    if not cap.planned_social:
        lines.append((_("Planned social work: no post estimates in this period"), "muted"))
    elif cap.fits:
        plan = _("Planned social work: {planned} (post estimates); fits, {spare} to spare")
        lines.append((plan.format(planned=planned, spare=h(cap.room - cap.planned_social)), ""))
    else:
        plan = _("Planned social work: {planned} (post estimates); does not fit, {over} over")
        lines.append((f"⚠ {plan.format(planned=planned, over=h(cap.over))}", "warning"))
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
        text = ngettext(
            "{count} planned post have no estimate", "{count} planned posts have no estimate", count
        )
        lines.append((text.format(count=count), "muted"))
    return lines


def outcome_lines(report: Report) -> list[tuple[str, str]]:
    """The period's outcomes, a line per platform with its figures (a dash: nobody entered
    it), then what they say beside the hours; how to enter them when there are none."""
    outcomes = report.outcomes
    if outcomes is None:
        return []
    if not outcomes.platforms:
        text = _("No outcomes entered for {period}: to enter them, press f.")
        return [(text.format(period=outcomes.span), "muted")]
    figures = _("{platform}: {figures}")  # French puts a space before the colon
    lines = [
        (figures.format(platform=r.platform, figures=", ".join(r.figure_texts())), "")
        for r in outcomes.platforms
    ]
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
        if report.suggested_split:
            split = ", ".join(f"{d} {percent(p, 0)}" for d, p in report.suggested_split)
            text = _(
                "No job description split is set: give each duty its intended share with ,"
                " (settings). A starting split from this period's log: {split}."
            ).format(split=split)
        else:
            text = _(
                "No job description split is set: give each duty its intended share with ,"
                " (settings)."
            )
        return [(text, "muted")]
    if not report.job_description or report.empty:
        return []
    rows = report.job_description  # the largest gap first (the report's order)
    width = max(len(r.duty) for r in rows)
    lines = []
    for row in rows:
        gap = signed(row.difference_hours_per_week)
        kind = "warning" if abs(row.actual - row.intended) >= JOB_GAP_POINTS else ""
        text = _("{duty}  intended {intended}  actual {actual}  {gap} h a week").format(
            duty=row.duty.ljust(width),
            intended=percent(row.intended).rjust(6),
            actual=percent(row.actual).rjust(6),
            gap=gap,
        )
        lines.append((text, kind))
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

    STACK_BELOW = 96
    """Columns under which the duty and activity panels stack (see app.tcss)."""

    def compose(self) -> ComposeResult:
        yield ViewHeader(self.calepin.now, id="summary-header")
        with Vertical(id="summary-body"):
            with Horizontal(id="summary-headline"):
                yield Digits("0", id="summary-share")
                yield Static("", id="summary-headline-text")
            yield Static("", id="summary-sentence")
            with Horizontal(id="summary-columns"):
                with Vertical(classes="summary-panel"):
                    yield Static(_("Hours by duty"), classes="summary-title")
                    yield BarChart(id="summary-duties")
                with Vertical(classes="summary-panel"):
                    yield Static(_("Social media by activity"), classes="summary-title")
                    yield BarChart(id="summary-activities")
                    yield NoteLines(id="summary-reactive")
            yield Static(_("Weekly trend"), classes="summary-title")
            yield TrendChart(id="summary-trend")
            yield Static(
                _("Capacity: what social media needs beside what it gets"),
                classes="summary-title",
            )
            yield NoteLines(id="summary-capacity")
            yield Static(_("Outcomes"), classes="summary-title")
            yield NoteLines(id="summary-outcomes")
            yield Static(_("Task inventory"), classes="summary-title")
            yield BarChart(id="summary-inventory")
            yield Static(
                _("Job description against reality"), classes="summary-title", id="job-title"
            )
            yield NoteLines(id="summary-job")
        yield Footer()

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#summary-columns").set_class(
            event.size.width < self.STACK_BELOW, "-stacked"
        )

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
            self.notify(str(exc), title=_("Cannot build the summary"), severity="error")
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
        for name, _share in settings.job_description:
            try:
                self.store.duty(name)
            except NotFoundError:
                problem = _(
                    "The split in the settings names '{duty}', which is no duty here:"
                    " fix it with , (settings)"
                ).format(duty=name)
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
        title = _("Summary · {period}").format(period=report.label)
        self.query_one(ViewHeader).show(title, "", self.store.running_timer())
        self.query_one("#summary-share", Digits).update(
            decimal(report.social.share, 1) if not report.empty else "0"
        )
        # The "%" after the big digits stays out of the messages (a catalogue reads "% s" as
        # a printf placeholder); the words go on after it.
        if report.empty:
            text = "% " + _("social media\nNothing logged in this period")
            if report.first > self.calepin.today():
                text = "% " + _("social media\nThis period has not started")
        else:
            fte = ""
            # The sentence under it says the FTE when it can: not twice in three lines.
            if (
                report.social.fte is not None
                and report.social.fte_hours_per_week is not None
                and _("FTE") not in report.headline
            ):
                fte = " · " + _("{fte} FTE ({hours} h of a {week} h week)").format(
                    fte=decimal(report.social.fte, 2),
                    hours=decimal(report.social.fte_hours_per_week, 1),
                    week=plain(report.hours_per_week),
                )
            text = "% " + _(
                "of logged time went to social media\n{social} of {total} logged"
            ).format(social=h(report.social.minutes), total=h(report.total_minutes))
            text += fte
        self.query_one("#summary-headline-text", Static).update(Wrapped(text))
        sentence = report.headline
        if report.long_timer:  # a forgotten timer: the TUI's way to stop it at the right time
            sentence += "\n⚠ " + _("Press 0 to stop that timer at its last activity.")
        # Wrapped (shown literally): a number keeps its unit, `0.14 FTE`, `35 h`.
        self.query_one("#summary-sentence", Static).update(Wrapped(sentence))

        top = max((d.minutes for d in report.duties), default=0) or 1
        self.query_one("#summary-duties", BarChart).show(
            [
                BarRow(d.duty, f"{h(d.minutes)} {percent(d.share):>7}", d.minutes / top, d.social)
                for d in report.duties
            ],
            _("No hours logged."),
        )
        acts = [a for a in report.social.activities if a.minutes]
        top_act = max((a.minutes for a in acts), default=0) or 1
        self.query_one("#summary-activities", BarChart).show(
            [
                BarRow(
                    a.activity or _("(none given)"),
                    f"{h(a.minutes)} {percent(a.share):>7}",
                    a.minutes / top_act,
                    a.reactive,  # engage, monitor, crisis (or their French names)
                )
                for a in acts
            ],
            _("No social media time logged."),
        )
        reactive: list[tuple[str, str]] = []
        if report.social.minutes:
            reactive.append(
                (
                    _("Reactive: {hours} · {share} (engage, monitor, crisis)").format(
                        hours=h(report.social.reactive_minutes),
                        share=percent(report.social.reactive_share, 0),
                    ),
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
            latest_text = (
                _("{hours} this week so far").format(hours=h(latest.minutes))
                if latest.start <= today <= latest.end
                else _("{hours} the week of {day}").format(
                    hours=h(latest.minutes), day=day_label(latest.start)
                )
            )
        share_text = (
            _("{share} social").format(share=percent(latest.social_share, 0))
            if latest and latest.social_share is not None
            else "–"
        )
        span = (
            _("{count} weeks from {day}, latest last").format(
                count=len(weeks), day=day_label(weeks[0].start)
            )
            if len(weeks) > 1
            else ""
        )
        self.query_one(TrendChart).show(
            [
                TrendRow(
                    _("Hours"),
                    tuple(w.minutes / 60 for w in weeks),
                    latest_text,
                ),
                TrendRow(
                    _("Social %"),
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
            inventory_rows(report), _("Nothing logged.")
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
                self.notify(str(exc), title=_("Not marked off"), severity="error")
                return
            span = mark.first.isoformat() + (f"..{mark.last}" if mark.last != mark.first else "")
            if mark.reason:
                done = _("Marked {days} off ({reason})").format(days=span, reason=mark.reason)
            else:
                done = _("Marked {days} off").format(days=span)
            self.notify(done)
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
            self.notify(_("Report written to {path}").format(path=path), timeout=6)
