"""The Calepin app: modes (week, month, backlog), app-wide keys and the command palette."""

from __future__ import annotations

import datetime as dt
import gc
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen

from storage import CalepinError, Store
from storage.settings import Settings
from tui.screens.log import (
    TIMER_BINDINGS,
    LogScreen,
    TimerActions,
    ask_about_long_timer,
)
from tui.screens.week import WeekScreen
from tui.widgets.timer_label import TimerWatcher

if TYPE_CHECKING:
    from tui.dialogs.filter import PostFilter


def _month_screen() -> Screen[Any]:
    from tui.screens.month import MonthScreen  # imported on first use: a faster start

    return MonthScreen()


def _summary_screen() -> Screen[Any]:
    from tui.screens.summary import SummaryScreen

    return SummaryScreen()


def _backlog_screen() -> Screen[Any]:
    from tui.screens.backlog import BacklogScreen

    return BacklogScreen()


class CalepinApp(TimerActions, App[None]):
    """Thin shell: the shared state (store, clock, shown day, filter) and app-wide actions."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    TITLE = "Calepin"
    # "log" is added per instance: its screen needs the store.
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = {
        "week": WeekScreen,
        "month": _month_screen,
        "backlog": _backlog_screen,
        "summary": _summary_screen,
    }
    DEFAULT_MODE: ClassVar[str] = "week"
    # `w` shows the week from the other views; on the week view it starts a timer on the post.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="app.help", tooltip="List every key"),
        Binding(
            "w", "show('week')", "Week", id="app.week", show=False, tooltip="Show the week view"
        ),
        Binding("l", "show('log')", "Log", id="app.log", tooltip="Show the time log of the day"),
        Binding(
            "i,colon",
            "command_bar",
            "Log time",
            id="app.command_bar",
            show=False,
            tooltip="Log time or start a timer by typing (1h social engage…)",
        ),
        Binding(
            "r",
            "show('summary')",
            "Summary",
            id="app.summary",
            tooltip="Show the time-use summary for your manager",
        ),
        Binding(
            "comma",
            "settings",
            "Settings",
            id="app.settings",
            show=False,
            tooltip="Edit the settings: hours, working days, duties, platforms",
        ),
        Binding("m", "show('month')", "Month", id="app.month", tooltip="Show the month view"),
        Binding(
            "b",
            "show('backlog')",
            "Backlog",
            id="app.backlog",
            tooltip="Show the backlog of undated ideas",
        ),
        Binding("u", "undo", "Undo", id="app.undo", tooltip="Undo the last change"),
        Binding(
            "ctrl+y", "redo", "Redo", id="app.redo", show=False, tooltip="Redo what was undone"
        ),
        Binding(
            "x",
            "export_ics",
            "Export",
            id="app.export",
            show=False,
            tooltip="Export posts to an .ics file for Outlook or Google Calendar",
        ),
        Binding(
            "X",
            "import_meetings",
            "Import meetings",
            id="app.import",
            show=False,
            tooltip="Import meetings from an Outlook or Google .ics file into the log",
        ),
        Binding("q", "quit", "Quit", id="app.quit", show=False, tooltip="Quit Calepin"),
        # Hidden in the footers of the views (help and the palette list them); shown on the log.
        *(
            replace(binding, show=False)
            for binding in TIMER_BINDINGS
            if isinstance(binding, Binding)
        ),
    ]

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
        self.store = store
        self._clock = clock or (lambda: dt.datetime.now(store.zone))
        # The settings file's values; the summary and settings screens read and replace them.
        self.settings = settings or Settings(week_start=week_start, hours_per_week=hours_per_week)
        self.focus_day: dt.date = self.today()
        self.post_filter: PostFilter | None = None
        self.leaving = False
        if keymap:
            self._keymap = self._normalize_keymap(keymap)
        self.clock = self.now  # for TimerActions
        self.add_mode("log", self._log_screen)
        self._timer_watch = TimerWatcher(store)

    @property
    def week_start(self) -> int:
        return self.settings.week_start

    @property
    def hours_per_week(self) -> float:
        return self.settings.hours_per_week

    def _log_screen(self) -> LogScreen:
        return LogScreen(self.store, self.now, self.focus_day, first_weekday=self.week_start)

    def on_mount(self) -> None:
        if self._keymap:
            self.call_after_refresh(self._check_keymap)
        self._timer_watch.poll()
        # A timer started or stopped from the CLI shows within a second or two.
        self.set_interval(1.0, self._watch_timer)
        self.call_after_refresh(self._ask_about_timer)
        # What start-up built (modules, widgets, styles) lives as long as the app: moved out
        # of the collector's sight, a full collection no longer walks it (about 25 ms that
        # could land in the middle of a key press on the summary view).
        self.call_after_refresh(gc.freeze)

    def _check_keymap(self) -> None:
        # Textual ignores ids it never meets; a typo in [keys] would silently do nothing.
        unknown = sorted(set(self._keymap) - known_binding_ids())
        if unknown:
            self.notify(
                f"[keys] in the settings names no such action: {', '.join(unknown)}. "
                "Press ctrl+p to see every action, ? for the keys.",
                title="Settings",
                severity="warning",
                timeout=10,
            )

    def _ask_about_timer(self) -> None:
        ask_about_long_timer(self, self.store, self.now())

    def _watch_timer(self) -> None:
        if not self.leaving and self._timer_watch.poll():
            self.timer_changed()

    def reload_view(self) -> None:
        """Show the current view's data again (dialogs have nothing to reload)."""
        reload = getattr(self.screen, "reload", None)
        if callable(reload):
            reload()

    def timer_changed(self) -> None:
        self._timer_watch.poll()  # our own change: no second reload a second later
        self.reload_view()

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
        }
    )

    def action_show(self, mode: str) -> None:
        if mode != self.current_mode:
            self.switch_mode(mode)
            if mode == "log":
                self.call_after_refresh(self._log_on_focus_day)

    def _log_on_focus_day(self) -> None:
        # The log opens on the day the views were showing, not on the day it last showed.
        screen = self.screen
        if isinstance(screen, LogScreen) and screen.day != self.focus_day:
            screen.day = self.focus_day
            screen.reload()

    def action_command_bar(self) -> None:
        """`:` or `i` from any view: the log screen's command bar."""
        if isinstance(self.screen, LogScreen):
            self.screen.action_command_bar()
            return
        self.switch_mode("log")
        self.call_after_refresh(self._open_bar)

    def _open_bar(self) -> None:
        if isinstance(self.screen, LogScreen):
            self.screen.action_command_bar()

    def action_export_ics(self) -> None:
        from tui.dialogs.export import ExportDialog

        self.push_screen(ExportDialog(self.store, self.now()), self._exported)

    def _exported(self, path: str | None) -> None:
        if path:
            self.notify(f"Exported to {path}", timeout=6)

    def action_import_meetings(self) -> None:
        from tui.dialogs.import_meetings import ImportMeetingsDialog

        self.push_screen(ImportMeetingsDialog(self.store, self.now()), self._imported)

    def _imported(self, summary: str | None) -> None:
        if summary:
            self.notify(summary, timeout=8)
        self.reload_view()

    def action_settings(self) -> None:
        from tui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen(self.store, self.settings), self._settings_saved)

    def _settings_saved(self, settings: Settings | None) -> None:
        if settings is None:
            return
        self.settings = settings
        self.reload_view()

    def action_undo(self) -> None:
        self._history(self.store.undo, "Undone", "Nothing to undo")

    def action_redo(self) -> None:
        self._history(self.store.redo, "Redone", "Nothing to redo")

    def _history(self, step: Callable[[], str | None], verb: str, empty: str) -> None:
        try:
            label = step()
        except CalepinError as exc:
            self.notify(str(exc), title=f"Not {verb.lower()}", severity="error")
            label = None
        else:
            if label is None:
                self.notify(empty, timeout=2)
            else:
                self.notify(f"{verb}: {label}", timeout=4)
        self.reload_view()

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen, key_rows

        screen = self.screen
        rows = key_rows(screen.active_bindings, self.get_key_display)
        rows.append(("ctrl+p", "Command palette: every action by name"))
        names = {
            "week": "Week view",
            "month": "Month view",
            "backlog": "Backlog",
            "log": "Time log",
            "summary": "Summary",
        }
        title = f"Keys · {names.get(self.current_mode, self.current_mode)}"
        self.push_screen(HelpScreen(title, rows, self.store.platforms()))

    # -- command palette: every key of the current screen, with its description

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            # Ours all have ids; Quit and Textual's plumbing are already in super()'s list.
            if binding.id is None or binding.system or binding.action in seen:
                continue
            if binding.action == "quit" or not binding.description:
                continue
            seen.add(binding.action)
            keys = [
                self.get_key_display(b.binding)
                for k, b in screen.active_bindings.items()
                if b.binding.action == binding.action
            ]
            yield SystemCommand(
                binding.tooltip or binding.description,
                f"key: {' '.join(keys) or key}",
                partial(self._run_from_palette, active.node, binding.action),
            )

    async def _run_from_palette(self, node: Any, action: str) -> None:
        await self.run_action(action, node)


def known_binding_ids() -> set[str]:
    """Every binding id a [keys] section may remap: the app's and each view's."""
    from tui.screens.backlog import BacklogScreen
    from tui.screens.help import HelpScreen
    from tui.screens.month import MonthScreen
    from tui.screens.settings import SettingsScreen
    from tui.screens.summary import SummaryScreen
    from tui.widgets.item_list import ItemList

    classes: list[type[Any]] = [
        CalepinApp,
        WeekScreen,
        MonthScreen,
        BacklogScreen,
        LogScreen,
        SummaryScreen,
        SettingsScreen,
        ItemList,
        HelpScreen,
    ]
    ids = set()
    for cls in classes:
        for binding in getattr(cls, "BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                ids.add(binding.id)
    return ids


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
) -> None:
    """Open the database, run the TUI on it, close the database.

    `settings_file` replaces the usual config file (the demo keeps its own).
    """
    from storage.settings import load_settings

    settings = load_settings(settings_file)
    store = Store.open(db_path, zone_name=settings.timezone)
    try:
        build_app(store, settings, now, keymap=keymap).run()
    finally:
        store.close()
