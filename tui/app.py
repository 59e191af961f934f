"""The Calepin app: modes (week, month, backlog), app-wide keys and the command palette."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import on
from textual.app import App, ScreenStackError, SystemCommand
from textual.binding import BindingType
from textual.css.query import NoMatches
from textual.screen import ModalScreen, Screen

from storage import CalepinError, Store
from storage import timesheet as ts
from storage.i18n import _
from storage.settings import Settings
from tui.bindings import APP_BINDINGS, binding_ids
from tui.collector import QuietCollector
from tui.messages import DataChanged, Kind, TimerChanged, announce
from tui.screens.timer_actions import TimerActions
from tui.screens.week import WeekScreen
from tui.stylesheet import ParsedOnce, StyleWhenMounted
from tui.text import PlainNotifications
from tui.type_ahead import TypeAhead
from tui.warm_up import warm_up
from tui.widgets.timer_label import TimerWatcher

if TYPE_CHECKING:
    from textual.command import Provider

    from tui.dialogs.filter import PostFilter
    from tui.screens.log import LogScreen


AnyScreen = TypeVar("AnyScreen", bound=Screen[Any])

RESTART_FOR_LANGUAGE = "restart-for-language"
"""What the app returns (`App.run`, `run_app`) when the settings screen saved another language:
the words are read as the app starts, so its launcher starts it again in that language."""


def _palette_provider() -> type[Provider]:
    from tui.palette import PaletteCommands  # imported on first use: a faster start

    return PaletteCommands


def styled_now(screen: AnyScreen) -> AnyScreen:
    """`screen`, noted as styled by the CSS as it is now: it gets its styles as it mounts.

    A new screen has no record of the CSS it saw, so Textual refreshed the whole app's CSS
    the first time each view showed (restyling the views already open first).
    """
    screen._css_update_count = screen.app._css_update_count
    return screen


def _month_screen() -> Screen[Any]:
    from tui.screens.month import MonthScreen  # imported on first use: a faster start

    return styled_now(MonthScreen())


def _summary_screen() -> Screen[Any]:
    from tui.screens.summary import SummaryScreen

    return styled_now(SummaryScreen())


def _backlog_screen() -> Screen[Any]:
    from tui.screens.backlog import BacklogScreen

    return styled_now(BacklogScreen())


class CalepinApp(
    PlainNotifications, TimerActions, TypeAhead, QuietCollector, StyleWhenMounted, App[str | None]
):
    """Thin shell: the shared state (store, clock, shown day, filter) and app-wide actions."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    TITLE = "Calepin"
    # "log" is added per instance: its screen needs the store. The week is the default
    # screen (get_default_screen), shown as mode "week" (current_mode, switch_mode).
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        "month": _month_screen,
        "backlog": _backlog_screen,
        "summary": _summary_screen,
    }
    # `w` shows the week from the other views; on the week view it starts a timer on the post.
    BINDINGS: ClassVar[list[BindingType]] = APP_BINDINGS
    # ctrl+p: the system commands with our actions, every title shown literally.
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {_palette_provider}
    # How often to look for changes made by another process (the CLI): one PRAGMA read.
    WATCH_INTERVAL: ClassVar[float] = 1.0

    def __init__(
        self,
        store: Store,
        clock: Callable[[], dt.datetime] | None = None,
        week_start: int = 0,
        keymap: dict[str, str] | None = None,
        *,
        hours_per_week: float = 35.0,
        settings: Settings | None = None,
    ) -> None:
        super().__init__()
        # Parsed once, not three times before the first frame (tui/stylesheet.py).
        self.stylesheet = ParsedOnce(variables=self.get_css_variables())
        self.store = store
        self._clock = clock or (lambda: dt.datetime.now(store.zone))
        # The settings file's values; the summary and settings screens read and replace them.
        self.settings = settings or Settings(week_start=week_start, hours_per_week=hours_per_week)
        store.long_timer = self.settings.long_timer  # [timer] long_timer_hours
        self.focus_day: dt.date = self.today()
        self.post_filter: PostFilter | None = None
        self.leaving = False
        if keymap:
            self._keymap = self._normalize_keymap(keymap)
        self.clock = self.now  # for TimerActions
        self.add_mode("log", self._log_screen)
        self._timer_watch = TimerWatcher(store)

    # -- the week: Textual's default screen, called mode "week"

    # Built as a mode's screen, the week was laid out and drawn twice while Textual held the
    # screen back for start-up (once as the mode was built, once as the theme was applied)
    # before the frame it wrote; as the default screen it is drawn once, after the hold.
    _WEEK: ClassVar[str] = "_default"  # Textual's name for the default screen's mode

    def get_default_screen(self) -> Screen[Any]:
        # Once built, switch_mode must know the mode to come back to it; Textual's add_mode
        # refuses its name, and a factory there from the start would build the week as a
        # mode's screen (the point is not to).
        self._modes.setdefault(self._WEEK, WeekScreen)
        return WeekScreen()

    @property
    def current_mode(self) -> str:
        mode = super().current_mode
        return "week" if mode == self._WEEK else mode

    def switch_mode(self, mode: str) -> Any:
        return super().switch_mode(self._WEEK if mode == "week" else mode)

    def _mode_screen(self, mode: str) -> Screen[Any] | None:
        """The view of `mode` once it is built (under any dialog open on it)."""
        stack = self._screen_stacks.get(self._WEEK if mode == "week" else mode)
        return stack[0] if stack else None

    @property
    def week_start(self) -> int:
        return self.settings.week_start

    @property
    def hours_per_week(self) -> float:
        return self.settings.hours_per_week

    def _log_screen(self) -> LogScreen:
        from tui.screens.log import LogScreen  # its dialogs and command bar: after first paint

        log = LogScreen(
            self.store, self.now, self.focus_day, first_weekday=self.week_start, watched=True
        )
        self._log = log
        return styled_now(log)

    _log: LogScreen | None = None

    def _log_opens_on_focus_day(self, always: bool) -> None:
        """Before the log shows: on the day the views show (`l`), or only on its first
        showing (`:`), as if it were built then (it is built ahead, after the first frame)."""
        log = self._log
        if log is not None and (always or not log.shown_once):
            log.day = self.focus_day

    def on_mount(self) -> None:
        if self._keymap:
            self.call_after_refresh(self._check_keymap)
        self._check_timer_keys()
        self.name_timer_keys()
        self._seen_token = self.store.change_token()
        self._timer_watch.poll()
        # The views never poll: this one cheap read notices what another process (the CLI)
        # wrote, and a timer started or stopped there shows within a second or two.
        self.set_interval(self.WATCH_INTERVAL, self.check_store)
        self.call_after_refresh(self._ask_about_timer)
        if self.settings.sync is not None:  # [sync] every_minutes
            self.call_after_refresh(self._sync_every)
        # Then what the keys will need, a module per idle moment (tui/warm_up.py). What
        # start-up built is set aside from the collector (tui/collector.py): a full collection
        # walking it took about 25 ms that could land in the middle of a key press.
        self.call_after_refresh(self.set_start_up_aside)
        from tui.kept import lay_out_view_ahead

        views = [partial(self._build_view, mode) for mode in self.BUILT_AHEAD]
        views += [partial(lay_out_view_ahead, self, mode) for mode in self.BUILT_AHEAD]
        warm_up(self, then=views, done=self.set_start_up_aside, kept=self.KEPT_AHEAD)

    # Built after the first frame while the week shows, so that their first key only loads
    # and draws them (tui/warm_up.py).
    BUILT_AHEAD: ClassVar[tuple[str, ...]] = ("month", "log", "backlog", "summary")
    # The big dialogs, built then too and kept: a key only refills them (tui/kept.py).
    KEPT_AHEAD: ClassVar[tuple[str, ...]] = (
        "post_form",
        "filter",
        "settings",
        "export",
        "import_meetings",
    )

    def _build_view(self, mode: str) -> None:
        """Build a view's screen in the background: its mode exists, not showing. Textual
        builds one only as it switches to it (`_init_mode` is its step that builds); the
        screen is told it is not current, and loads its data when it is first shown."""
        if mode != self.current_mode and self._mode_screen(mode) is None:
            self._init_mode(mode)

    def _check_keymap(self) -> None:
        # Textual ignores ids it never meets; a typo in [keys] would silently do nothing.
        unknown = sorted(set(self._keymap) - known_binding_ids())
        if unknown:
            self.notify(
                _(
                    "[keys] in the settings names no such action: {ids}. "
                    "Press ctrl+p to see every action, ? for the keys."
                ).format(ids=", ".join(unknown)),
                title=_("Settings"),
                severity="warning",
                timeout=10,
            )

    def _check_timer_keys(self) -> None:
        # run_app refuses such settings before the app starts; a settings change may not.
        try:
            ts.timer_key_duties(self.store, self.settings.timer_keys)
        except CalepinError as exc:
            self.notify(_("{problem}. Keys 1–9 follow the duties' order.").format(problem=exc),
                        title=_("Settings"), severity="warning", timeout=10)  # fmt: skip

    def _ask_about_timer(self) -> None:
        from tui.screens.timer_actions import ask_about_long_timer

        ask_about_long_timer(self, self.store, self.now(), self.timer_changed)

    # -- changes: announced by whoever made them, noticed here when another process did

    def check_store(self) -> bool:
        """Tell the view showing when the file changed since the last change we know of
        (a write by the CLI, or one of ours nobody announced). True when it had."""
        if self.leaving:
            return False
        try:
            token = self.store.change_token()
        except CalepinError:
            return False  # a busy file: try again next round
        if token == self._seen_token:
            return False
        try:
            screen = self.screen
        except ScreenStackError:
            return False  # between two screens (a view switch): look again next round
        self._seen_token = token
        if self._timer_watch.poll():
            screen.post_message(TimerChanged(self._timer_watch.timer, self._timer_watch.paused))
        screen.post_message(DataChanged())
        return True

    def _handle_exception(self, error: Exception) -> None:
        if not self.is_running and isinstance(error, (NoMatches, ScreenStackError)):
            # A dialog built ahead (tui/kept.py) still settling while the app closes finds
            # its widgets gone: nothing is shown or saved any more, so nothing is lost.
            return
        super()._handle_exception(error)

    def clear_selection(self) -> None:
        # A kept dialog built off the stack (tui/kept.py) may settle its inputs while the app
        # closes, when no screen is left: Textual catches NoScreen there, not this.
        with suppress(ScreenStackError):
            super().clear_selection()

    def data_changed(self, *kinds: Kind, timer: bool = False) -> None:
        """After a change made here (undo, an import, the settings): the view reloads."""
        announce(self.screen, self.store, *kinds, timer=timer)

    def timer_changed(self) -> None:
        """After a timer key on a view: its header and its hours show the new timer."""
        self.data_changed("entries", timer=True)

    @on(TimerChanged)
    def _timer_noted(self, message: TimerChanged) -> None:
        # Bubbled up from the view that showed it: our own change, not news for check_store.
        self._timer_watch.poll()

    @on(DataChanged)
    def _data_noted(self, message: DataChanged) -> None:
        try:
            self._seen_token = self.store.change_token()
        except CalepinError:
            return
        # A change that stopped or switched the timer without saying so (an undo, say).
        if self._timer_watch.poll():
            self.screen.post_message(
                TimerChanged(self._timer_watch.timer, self._timer_watch.paused)
            )

    # -- time

    def now(self) -> dt.datetime:
        """The clock's time in the database's zone."""
        moment = self._clock()
        if moment.tzinfo is None:
            return moment.replace(tzinfo=self.store.zone)
        return moment.astimezone(self.store.zone)

    def today(self) -> dt.date:
        return self.now().date()

    # -- app-wide actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.leaving:
            return False
        # A dialog owns the keyboard: no view switch, undo or quit behind its back.
        return not (isinstance(self.screen, ModalScreen) and action in self._VIEW_ACTIONS)

    def exit(self, *args: Any, **kwargs: Any) -> None:
        # Keys typed after `q` are still in the queue: they must not open dialogs on the way out.
        self.leaving = True
        super().exit(*args, **kwargs)

    _VIEW_ACTIONS: ClassVar[frozenset[str]] = frozenset(
        {
            "show",
            "undo",
            "redo",
            "help",
            "quit",
            "command_bar",
            "start_timer",
            "pick_timer",
            "stop_timer",
            "interruption",
            "settings",
            "export_ics",
            "import_meetings",
            "sync",
        }
    )

    def action_show(self, mode: str) -> None:
        if mode != self.current_mode:
            if mode == "log":
                self._log_opens_on_focus_day(always=True)  # its first frame shows that day
            self.show_view(mode)
            if mode == "log":
                self.call_after_refresh(self._log_on_focus_day)

    _switching_to_loaded = False

    def show_view(self, mode: str) -> None:
        """Switch to `mode`'s view. One built already (tui/warm_up.py builds them after the
        first frame) is loaded first and shown at once: its first frame has this moment's
        data. Textual would hold the screen back 50 ms to mask a view still being built,
        then draw what the view showed when it was last seen, then reload it."""
        view = self._mode_screen(mode)
        if view is not None and view.is_mounted and hasattr(view, "load_before_showing"):
            view.load_before_showing()
            self._switching_to_loaded = True
        try:
            self.switch_mode(mode)
        finally:
            self._switching_to_loaded = False

    def delay_update(self, delay: float = 0.05) -> None:
        if not self._switching_to_loaded:  # nothing to mask: the view is built and loaded
            super().delay_update(delay)

    def _log_on_focus_day(self) -> None:
        # The log opens on the day the views were showing, not on the day it last showed.
        from tui.screens.log import LogScreen

        screen = self.screen
        if isinstance(screen, LogScreen) and screen.day != self.focus_day:
            screen.day = self.focus_day
            screen.reload()

    def action_command_bar(self) -> None:
        """`:` or `i` from any view: the log screen's command bar."""
        from tui.screens.log import LogScreen

        if isinstance(self.screen, LogScreen):
            self.screen.action_command_bar()
            return
        self._log_opens_on_focus_day(always=False)
        self.show_view("log")
        # What is typed after `:` waits for the bar (`1` and `0` are timer keys on the log).
        self.hold_keys(then=self._open_bar)

    def _open_bar(self) -> None:
        from tui.screens.log import LogScreen

        if isinstance(self.screen, LogScreen):
            self.screen.action_command_bar()

    def action_export_ics(self) -> None:
        from tui.dialogs.export import ExportDialog
        from tui.kept import open_kept

        open_kept(self, ExportDialog, self._exported, self.store, self.now())

    def _exported(self, path: str | None) -> None:
        if path:
            self.notify(_("Exported to {path}").format(path=path), timeout=6)

    def action_sync(self) -> None:
        from tui.sync_worker import sync_runner  # the sync's code loads with its first run

        sync_runner(self).start(asked=True)

    def _sync_every(self) -> None:
        from tui.sync_worker import sync_runner

        sync_runner(self).schedule()

    def action_import_meetings(self) -> None:
        from tui.dialogs.import_meetings import ImportMeetingsDialog
        from tui.kept import open_kept

        open_kept(self, ImportMeetingsDialog, self._imported, self.store, self.now())

    def _imported(self, summary: str | None) -> None:
        if summary:
            self.notify(summary, timeout=8)
        self.data_changed("entries")

    def action_settings(self) -> None:
        from tui.kept import open_kept
        from tui.screens.settings import SettingsScreen

        # Built once and refilled (tui/kept.py).
        open_kept(self, SettingsScreen, self._settings_saved, self.store, self.settings)

    def _settings_saved(self, settings: Settings | None) -> None:
        if settings is None:
            return
        if self._language_changed(settings):
            # Every word on screen was read in the old language, and the bindings' too:
            # the launcher starts the app again in the new one (tui/cli/main.py).
            self.settings = settings
            self.exit(RESTART_FOR_LANGUAGE)
            return
        self.settings = settings
        self.store.long_timer = settings.long_timer
        self._check_timer_keys()
        self.name_timer_keys()
        # A new home zone moves posts and the days entries fall on.
        self.data_changed("settings", "catalog", "posts", "entries")
        if settings.sync is not None or hasattr(self, "_sync_runner"):
            self._sync_every()  # every_minutes may have changed

    def _language_changed(self, settings: Settings) -> bool:
        """Whether `settings` asks for another language than the one the app shows."""
        from storage import i18n

        if settings.language == self.settings.language:
            return False  # as before: the language in use came from elsewhere (the locale)
        return i18n.choose(settings.language) != i18n.variant()

    def action_command_palette(self) -> None:
        # Textual's, its words in the language in use.
        from tui.bindings import textual_words
        from tui.palette import Palette

        if self.use_command_palette and not Palette.is_open(self):
            placeholder = textual_words("Search for commands…")
            self.push_screen(Palette(placeholder=placeholder, id="--command-palette"))

    def action_undo(self) -> None:
        self._history(self.store.undo, _("Undone: {change}"), _("Nothing to undo"), _("Not undone"))

    def action_redo(self) -> None:
        self._history(self.store.redo, _("Redone: {change}"), _("Nothing to redo"), _("Not redone"))

    def _history(self, step: Callable[[], str | None], done: str, empty: str, refused: str) -> None:
        try:
            label = step()
        except CalepinError as exc:
            self.notify(str(exc), title=refused, severity="error")
            label = None
        else:
            if label is None:
                self.notify(empty, timeout=2)
            else:
                self.notify(done.format(change=label), timeout=4)
        self.data_changed()  # an undo may touch anything, the timer too

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen, key_rows

        screen = self.screen
        rows = key_rows(screen.active_bindings, self.get_key_display)
        rows.append(("ctrl+p", _("Command palette: every action by name")))
        names = {
            "week": _("Week view"),
            "month": _("Month view"),
            "backlog": _("Backlog"),
            "log": _("Time log"),
            "summary": _("Summary"),
        }
        title = _("Keys · {view}").format(view=names.get(self.current_mode, self.current_mode))
        self.push_screen(HelpScreen(title, rows, self.store.platforms()))

    def action_show_help_panel(self) -> None:
        """The palette's "Keys": our help. Textual's keys panel reads each key's description
        as markup, and keys 1–9 are named by duty (a duty called `[/]` crashed it)."""
        self.action_help()

    # -- command palette: every action of the app and of the screen, by name (tui/palette.py)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from tui.palette import system_commands

        yield from system_commands(self, screen, super().get_system_commands(screen))


def known_binding_ids() -> set[str]:
    """Every binding id a [keys] section may remap: the app's and each view's."""
    return binding_ids()


def build_app(
    store: Store,
    settings: Settings,
    now: dt.datetime | None = None,
    *,
    keymap: dict[str, str] | None = None,
) -> CalepinApp:
    """The app on an open store, with the settings file's [keys] under any `keymap` given.

    `now` pins the clock's start (for demos and tests); it still ticks from there.
    """
    clock: Callable[[], dt.datetime] | None = None
    if now is not None:
        started = time.monotonic()
        fixed = now if now.tzinfo else now.replace(tzinfo=store.zone)

        def clock() -> dt.datetime:
            return fixed + dt.timedelta(seconds=time.monotonic() - started)

    keys = {**settings.keymap, **(keymap or {})}
    return CalepinApp(store, clock=clock, keymap=keys or None, settings=settings)


def run_app(
    db_path: Path,
    now: dt.datetime | None = None,
    *,
    keymap: dict[str, str] | None = None,
    settings_file: Path | None = None,
) -> str | None:
    """Open the database, run the TUI on it, close the database; what the app returned
    (RESTART_FOR_LANGUAGE: run it again, the settings name another language).

    `settings_file` replaces the usual config file (the demo keeps its own).
    """
    from storage import i18n
    from storage.settings import load_settings

    settings = load_settings(settings_file)
    if settings.language:
        # Else the launcher's choice stands (the locale's, or a demo's started again in the
        # language its settings screen chose: tui/cli/main.py).
        i18n.set_language(i18n.choose(settings.language))
    store = Store.open(db_path, zone_name=settings.timezone)
    try:
        ts.timer_key_duties(store, settings.timer_keys)  # an unknown duty is refused by name
        return build_app(store, settings, now, keymap=keymap).run()
    finally:
        store.close()
