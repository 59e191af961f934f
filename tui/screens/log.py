"""The log screen: a day's entries and gaps, totals, the command bar, and the timer keys."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from storage import (
    CalepinError,
    EntryDraft,
    EntrySource,
    Store,
    TimeEntry,
    accounting,
    commands,
    wording,
)
from storage import timesheet as ts
from storage.calendar import day_bounds, week_of
from storage.i18n import _, ngettext, pgettext
from tui.at_once import ShownAtOnce
from tui.bindings import LOG_BINDINGS
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.entry_form import EntryFormDialog
from tui.dialogs.overlap import carry_out, done_text
from tui.dialogs.split import SplitDialog
from tui.messages import DataChanged, TimerChanged, announce, paused_duty
from tui.screens.base import ShownFresh
from tui.screens.timer_actions import Clock, TimerActions
from tui.screens.timer_actions import ask_about_long_timer as ask_about_long_timer
from tui.stylesheet import StyledAtMount
from tui.text import literal
from tui.widgets.command_bar import CommandBar
from tui.widgets.footer import Footer
from tui.widgets.timer_label import TimerLabel
from tui.widgets.wrapped import Wrapped

SOURCE_MARKS = {EntrySource.TIMER: "⏱", EntrySource.MANUAL: "✎", EntrySource.IMPORT: "⇣"}

# ---------------------------------------------------------------- asking, shared by host apps


def save_with_review(
    host: Any,
    store: Store,
    draft: EntryDraft,
    now: dt.datetime,
    *,
    exclude: int | None = None,
    done: Callable[[TimeEntry | None], None] | None = None,
) -> None:
    """Save an entry from a form (new, or `exclude` edited), asking first when it needs it."""
    try:
        plan = commands.review(store, draft, now, exclude=exclude)
    except CalepinError as exc:
        host.notify(str(exc), severity="error", title=_("Not saved"))
        if done is not None:
            done(None)
        return

    def finished(result: commands.Done | None) -> None:
        if done is not None:
            done(result.saved if result is not None else None)

    carry_out(host, store, plan, now, finished)


# ---------------------------------------------------------------- the screen


class LogScreen(ShownAtOnce, StyledAtMount, ShownFresh, TimerActions, Screen[None]):
    """One day's entries and the gaps between them, with day and week totals."""

    DEFAULT_CSS: ClassVar[str] = """
    LogScreen #log-head {
        height: 1;
    }
    LogScreen #log-timer {
        width: auto;
        padding: 0 1;
        color: $warning;
    }
    LogScreen #log-title {
        width: 1fr;
        height: 1;
        padding: 0 1;
        text-style: bold;
        color: $accent;
    }
    LogScreen #timeline {
        height: 1fr;
        border: none;
        padding: 0 1;
    }
    LogScreen #totals {
        height: auto;
        padding: 0 1;
        border-top: solid $panel-lighten-2;
    }
    LogScreen .-gap {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = LOG_BINDINGS
    TIMER_KEYS_SHOWN: ClassVar[bool] = True

    def __init__(
        self,
        store: Store,
        clock: Clock,
        day: dt.date | None = None,
        *,
        command_bar: bool = True,
        first_weekday: int = 0,
        watched: bool = False,
    ) -> None:
        """`watched`: the host app posts `DataChanged`/`TimerChanged` for changes made
        elsewhere (CalepinApp does); otherwise the timer label reads the store itself."""
        super().__init__()
        self.store = store
        self.clock = clock
        self.day = day or clock().astimezone(store.zone).date()
        self.with_command_bar = command_bar
        self.first_weekday = first_weekday
        self.timeline: list[TimeEntry | ts.Gap] = []
        self.watched = watched
        self._timer_running = False
        self._shown_minute = -1

    @property
    def week_first_day(self) -> int:
        """The app's week start when it has one (the settings can change it), else ours."""
        return getattr(self.app, "week_start", self.first_weekday)

    def compose(self) -> ComposeResult:
        with Horizontal(id="log-head", classes="-head"):
            yield Static("", id="log-title")
            yield TimerLabel(self.clock, store=None if self.watched else self.store, id="log-timer")
        yield OptionList(id="timeline")
        yield Static("", id="totals")
        if self.with_command_bar:
            yield CommandBar(id="log-command-bar")
        yield Footer(compact=True)  # keys 1–9 first, with their duties' names

    def on_mount(self) -> None:
        if self.with_command_bar:
            self.query_one(CommandBar).set_context(
                self.store.duties(), self.store.activities(), self.clock
            )
        # Loaded when first shown (ScreenResume), not here as well.
        self.name_timer_keys()
        self.query_one("#timeline", OptionList).focus()
        self.set_interval(2.0, self._tick)

    def on_screen_resume(self) -> None:
        if self.loaded_before_showing():
            return
        # Not the second ScreenResume of a first showing, nor the log built ahead, not shown.
        if not self.showing and self.is_current:
            self.reload()

    def timer_changed(self) -> None:
        announce(self, self.store, "entries", timer=True)

    @on(DataChanged)
    def _data_changed(self, message: DataChanged) -> None:
        if self.is_current:
            self.reload()
            if message.touches("catalog") or message.touches("settings"):
                self.name_timer_keys()  # a duty renamed, added or pinned in the settings

    @on(TimerChanged)
    def _timer_shown(self, message: TimerChanged) -> None:
        self.query_one(TimerLabel).show(message.timer, message.paused)

    def _tick(self) -> None:
        """A running timer's minutes count on: show them when the minute turns (the clock
        only; changes to the data come as `DataChanged`)."""
        if self._timer_running and self.clock().minute != self._shown_minute:
            self.reload()

    # -- data

    def reload(self) -> None:
        store, now = self.store, self.clock()
        timer = store.running_timer()
        self._timer_running, self._shown_minute = timer is not None, now.minute
        if self.watched:
            self.query_one(TimerLabel).show(timer, paused_duty(store))
        start, end = day_bounds(self.day, self.day, store.zone)
        entries = store.entries_between(start, end)
        self.timeline = ts.day_timeline(entries, start, end, now=now)
        titles = self._post_titles(entries)
        options: list[Option] = []
        for index, item in enumerate(self.timeline):
            if isinstance(item, ts.Gap):
                options.append(Option(self._gap_text(item), id=f"gap-{index}"))
            else:
                options.append(Option(self._entry_text(item, now, titles), id=f"entry-{item.id}"))
        listing = self.query_one("#timeline", OptionList)
        highlighted = listing.highlighted
        listing.set_options(options)
        if options:
            listing.highlighted = min(highlighted or 0, len(options) - 1)
        self.query_one("#log-title", Static).update(literal(self._title()))
        totals = log_totals(store, self.day, now, self.week_first_day)
        text = totals_text(*totals)
        flag = accounting.long_timer(store, now)
        if flag is not None:
            text += f"\n⚠ {long_timer_line(flag, store)}"
        # Wrapped (shown literally): lines break between duties, never inside `web content`.
        self.query_one("#totals", Static).update(Wrapped(text))

    def _post_titles(self, entries: list[TimeEntry]) -> dict[int, str]:
        titles: dict[int, str] = {}
        for entry in entries:
            if entry.post_id is not None and entry.post_id not in titles:
                try:
                    titles[entry.post_id] = self.store.get_post(entry.post_id).title
                except CalepinError:
                    titles[entry.post_id] = f"#{entry.post_id}"
        return titles

    def _title(self) -> str:
        today = self.clock().astimezone(self.store.zone).date()
        if self.day == today:
            return _("Log · {day} · today").format(day=wording.day_title(self.day))
        return _("Log · {day}").format(day=wording.day_title(self.day))

    def _entry_text(self, entry: TimeEntry, now: dt.datetime, titles: dict[int, str]) -> Text:
        zone = self.store.zone
        start = entry.start.astimezone(zone)
        if entry.end is not None:
            end_text = wording.clock_compact(entry.end.astimezone(zone)).ljust(end_width())
        else:  # still running: the word stands in the end time's column
            end_text = running_word().center(end_width())
        text = Text(
            f"{wording.clock_compact(start)}–{end_text}  ", no_wrap=True, overflow="ellipsis"
        )
        text.append(f"{wording.duration(entry.minutes(now)):>8}  ", style="bold")
        text.append(entry.duty)
        if entry.activity:
            text.append(f" / {entry.activity}", style="dim")
        if entry.note:
            text.append(f"  {wording.quoted(entry.note)}", style="italic")
        if entry.post_id is not None:
            text.append(f"  → {titles.get(entry.post_id, '')}", style="dim")
        text.append(f"  {SOURCE_MARKS.get(entry.source, '')}", style="dim")
        return text

    def _gap_text(self, gap: ts.Gap) -> Text:
        zone = self.store.zone
        start, end = gap.start.astimezone(zone), gap.end.astimezone(zone)
        return Text(
            f"{wording.clock_compact(start)}–{wording.clock_compact(end).ljust(end_width())}"
            f"  {wording.duration(gap.minutes):>8}  " + _("· untracked (enter to fill)"),
            style="dim italic",
            no_wrap=True,
        )

    # -- selection

    def selected(self) -> TimeEntry | ts.Gap | None:
        listing = self.query_one("#timeline", OptionList)
        index = listing.highlighted
        if index is None or not 0 <= index < len(self.timeline):
            return None
        return self.timeline[index]

    def selected_entry(self) -> TimeEntry | None:
        item = self.selected()
        if isinstance(item, TimeEntry):
            return item
        self.notify(_("Select an entry first."), severity="warning")
        return None

    # -- actions

    def action_move_day(self, step: int) -> None:
        self.day += dt.timedelta(days=step)
        self.reload()

    def action_today(self) -> None:
        self.day = self.clock().astimezone(self.store.zone).date()
        self.reload()

    def action_command_bar(self) -> None:
        if self.with_command_bar:
            # At once, not as a queued callback: keys typed right after `:` go to the bar,
            # not to the timeline (where `1` would start a timer).
            self.set_focus(self.query_one(CommandBar).input)

    @on(CommandBar.Left)
    def _left_bar(self) -> None:
        self.query_one("#timeline", OptionList).focus()

    @on(CommandBar.Submitted)
    def _command(self, event: CommandBar.Submitted) -> None:
        event.stop()
        now = self.clock()
        try:
            plan = commands.understand(self.store, event.text, now)
        except CalepinError as exc:
            self.notify(str(exc), severity="error", title=_("Not saved"))
            return

        def done(result: commands.Done | None) -> None:
            if result is not None:
                event.bar.saved()  # cancelled or refused: the line stays in the bar
                self.notify(done_text(result))
                # Show the day just logged: "yesterday 2-4pm" typed on another day is seen.
                if result.saved is not None:
                    self.day = result.saved.start.astimezone(self.store.zone).date()
            timer = result is not None and (result.started or result.stopped) is not None
            announce(self, self.store, "entries", timer=timer)

        carry_out(self, self.store, plan, now, done)

    @on(CommandBar.LinesPasted)
    def _lines(self, event: CommandBar.LinesPasted) -> None:
        """A paste of several lines: all that can be saved as they are, as one change (one
        u undoes it); the others stay in the bar, one after the other, with their reasons."""
        from storage.commands.lines import log_lines

        event.stop()
        try:
            result = log_lines(self.store, event.lines, self.clock())
        except CalepinError as exc:
            self.notify(str(exc), severity="error", title=_("Not saved"))
            return
        total = len(event.lines)
        if result.saved:
            saved = len(result.saved)
            text = ngettext(
                "Saved {saved} of {total} lines: {duration} · u undoes it",
                "Saved {saved} of {total} lines: {duration} · u undoes them",
                saved,
            ).format(saved=saved, total=total, duration=wording.duration(result.minutes))
            if result.kept:
                kept = len(result.kept)
                text += ngettext(
                    "; {count} kept in the bar to fix", "; {count} kept in the bar to fix", kept
                ).format(count=kept)
            self.notify(text)
            self.day = result.saved[-1].start.astimezone(self.store.zone).date()
            announce(self, self.store, "entries")
        else:
            self.notify(
                _("None of the {total} lines saved; they are in the bar to fix").format(total=total)
            )
        event.bar.keep([(k.text, k.reason) for k in result.kept])

    @on(OptionList.OptionSelected, "#timeline")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        item = self.selected()
        if isinstance(item, ts.Gap):
            self.fill_gap(item)
        elif isinstance(item, TimeEntry):
            self.action_edit_entry()

    def fill_gap(self, gap: ts.Gap) -> None:
        from tui.dialogs.gap_fill import GapFill, GapFillDialog

        duties = ts.most_used_duties(self.store, self.clock(), limit=99)
        zone = self.store.zone

        def picked(fill: GapFill | None) -> None:
            if fill is None:
                return
            try:
                self.store.add_entry(EntryDraft(fill.duty, fill.start, fill.end))
            except CalepinError as exc:
                self.notify(str(exc), severity="error", title=_("Not saved"))
                return
            minutes = round((fill.end - fill.start).total_seconds() / 60)
            self.notify(
                _("{duration} logged to {duty} ({start}–{end}).").format(
                    duration=wording.duration(minutes),
                    duty=fill.duty,
                    start=wording.clock(fill.start.astimezone(zone)),
                    end=wording.clock(fill.end.astimezone(zone)),
                )
            )
            announce(self, self.store, "entries")

        self.app.push_screen(GapFillDialog(duties, gap.start, gap.end, zone), picked)

    def _form(self, **kwargs: Any) -> EntryFormDialog:
        first, last = week_of(self.day, self.week_first_day)
        posts = [(p.id, p.title) for p in self.store.posts_between(first, last)]
        return EntryFormDialog(
            duties=self.store.duties(),
            activities=self.store.activities(),
            zone=self.store.zone,
            today=self.clock().astimezone(self.store.zone).date(),
            posts=posts,
            **kwargs,
        )

    def action_new_entry(self) -> None:
        item = self.selected()
        kwargs: dict[str, Any] = {"day": self.day}
        if isinstance(item, ts.Gap):
            kwargs.update(start=item.start, end=item.end)
        self.app.push_screen(self._form(submit=self._entry_saver(None), **kwargs))

    def action_edit_entry(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        self.app.push_screen(self._form(entry=entry, submit=self._entry_saver(entry.id)))

    def _entry_saver(
        self, exclude: int | None
    ) -> Callable[[EntryDraft, Callable[[bool], None]], None]:
        """The entry form's save: asked about and saved while the form stays open, so a
        cancelled question or a refusal loses nothing typed."""

        def submit(draft: EntryDraft, finished: Callable[[bool], None]) -> None:
            def done(entry: TimeEntry | None) -> None:
                finished(entry is not None)
                self._after_save(entry)

            save_with_review(self, self.store, draft, self.clock(), exclude=exclude, done=done)

        return submit

    def _after_save(self, entry: TimeEntry | None) -> None:
        if entry is None:
            self.reload()
            return
        self.day = entry.start.astimezone(self.store.zone).date()
        announce(self, self.store, "entries")

    def action_split_entry(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return

        def chosen(at: dt.datetime | None) -> None:
            if at is None:
                return
            try:
                ts.split_entry(self.store, entry.id, at)
            except CalepinError as exc:
                self.notify(str(exc), severity="error")
                return
            self.notify(
                _("Split at {time}.").format(time=wording.clock(at.astimezone(self.store.zone)))
            )
            announce(self, self.store, "entries")

        self.app.push_screen(SplitDialog(entry, self.store.zone), chosen)

    def action_delete_entry(self) -> None:
        entry = self.selected_entry()
        if entry is None:
            return
        zone = self.store.zone
        message = _("Delete {duty} from {time} ({duration})?").format(
            duty=entry.duty,
            time=wording.clock(entry.start.astimezone(zone)),
            duration=wording.duration(entry.minutes(self.clock())),
        )

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.store.delete_entry(entry.id)
            except CalepinError as exc:
                self.notify(str(exc), severity="error")
                return
            self.notify(_("Deleted; u to undo."))
            announce(self, self.store, "entries", timer=entry.end is None)

        self.app.push_screen(ConfirmDialog(message, yes=_("Delete"), no=_("Keep")), answered)

    def action_undo(self) -> None:
        self._history(self.store.undo, _("Undid {change}."), _("Nothing to undo."))

    def action_redo(self) -> None:
        self._history(self.store.redo, _("Redid {change}."), _("Nothing to redo."))

    def _history(self, step: Callable[[], str | None], done: str, empty: str) -> None:
        try:
            label = step()
        except CalepinError as exc:
            self.notify(str(exc), severity="error")
            self.reload()
            return
        self.notify(done.format(change=label) if label else empty)
        announce(self, self.store, timer=True)  # an undo may touch anything, the timer too


def running_word() -> str:
    """What a running entry shows for its end: ' now ' in English, 'en cours' in French."""
    return pgettext("running entry", "now")


def end_width() -> int:
    """The end time's column: a clock time (5 characters) or the running word, whichever is
    wider, so the durations after it line up in either language."""
    return max(5, len(running_word()))


def open_log(app: App[Any], store: Store, clock: Clock, day: dt.date | None = None) -> None:
    """Push a LogScreen (for a command-palette entry or a key)."""
    app.push_screen(LogScreen(store, clock, day))


# ---------------------------------------------------------------- totals (storage.accounting)


def log_totals(
    store: Store, day: dt.date, now: dt.datetime, first_weekday: int
) -> tuple[accounting.Totals, accounting.Totals]:
    """The day's and its week's time, counted by storage.accounting (overlaps once)."""
    first, last = week_of(day, first_weekday)
    entries = accounting.entries_reaching(store, first, last)
    social = accounting.social_duties(store)

    def count(a: dt.date, b: dt.date) -> accounting.Totals:
        return accounting.account(
            entries,
            a,
            b,
            zone=store.zone,
            now=now,
            social=social,
            week_start=first_weekday,
            timer_limit=store.long_timer,
        )

    return count(day, day), count(first, last)


def long_timer_line(flag: accounting.LongTimer, store: Store) -> str:
    """A timer past the long-timer limit, and the way to stop it at the right time."""
    text = flag.text(store.zone)
    return _("{reason}. Press 0 to stop it at its last activity.").format(
        reason=f"{text[0].upper()}{text[1:]}"
    )


def totals_text(day: accounting.Totals, week: accounting.Totals) -> str:
    """The log screen's totals: the day and the week per duty, and the week's social share."""

    # The two labels padded to one width, so the durations start in one column.
    labels = (_("Day"), _("Week"))
    width = max(len(label) for label in labels)

    def line(label: str, totals: accounting.Totals) -> str:
        label = label.ljust(width)
        if not totals.by_duty:
            nothing = _("nothing logged")
            return f"{label}  {nothing}"
        parts = " · ".join(f"{name} {wording.duration(m)}" for name, m in totals.by_duty.items())
        return f"{label}  {wording.duration(totals.minutes)}  ({parts})"

    share = week.social_share
    share_text = (
        "—" if share is None else _("{percent}%").format(percent=accounting.whole_percent(share))
    )
    return "\n".join(
        [
            line(labels[0], day),
            line(labels[1], week),
            _("Social media share of the week: {share}").format(share=share_text),
        ]
    )
