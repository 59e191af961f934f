"""The running timer as `⏱ social media 1:23:45`: given by `TimerChanged`, ticking with the clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from textual.widget import Widget
from textual.widgets import Static

from storage import CalepinError, Store, TimeEntry, wording
from storage.accounting import LONG_TIMER, long_timer_of
from storage.i18n import _
from storage.timesheet import paused_timer
from tui.text import literal


def elapsed_text(seconds: float) -> str:
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def long_timer_note(timer: TimeEntry, now: dt.datetime, limit: dt.timedelta) -> str:
    """`` ⚠ past 10 h: only 10 h count · 0 stops it at the last activity`` for a timer past
    the long-timer limit (storage.accounting's rule), else ""."""
    found = long_timer_of(timer, now, limit)
    if found is None:
        return ""
    counted = wording.duration(found.counted)
    note = _("past {limit}: only {limit} count · 0 stops it at the last activity")
    return " ⚠ " + note.format(limit=counted)


def store_limit(widget: Widget, store: Store | None = None) -> dt.timedelta:
    """The long-timer limit of `store`, else of the app's store (else the default)."""
    found = store if store is not None else getattr(widget.app, "store", None)
    return getattr(found, "long_timer", LONG_TIMER)


class TimerWatcher:
    """Notices a timer started, stopped or switched elsewhere (the CLI, another window).

    `poll()` is one indexed query; call it once a second and reload what shows the timer
    when it returns True. Not a widget: an app can own one for every screen.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.timer: TimeEntry | None = None
        self.paused: str | None = None
        self._seen: object = object()

    def poll(self) -> bool:
        try:
            timer = self.store.running_timer()
            paused = paused_timer(self.store)
        except CalepinError:
            return False  # a busy file: keep what is shown, try again next time
        self.timer = timer
        self.paused = paused.duty if paused is not None and paused.duty else None
        seen = (timer, self.paused)
        changed = seen != self._seen
        self._seen = seen
        return changed


class TimerLabel(Static):
    """Shows the running timer and its elapsed time.

    Inside Calepin it has no `store`: it shows the timer given to `show` (on `TimerChanged`)
    and reads only the clock, once a second. With `store`, for a host app that posts no
    `TimerChanged`, it reads the timer from the database every second, so a timer started or
    stopped from the command line shows within a second or two.
    """

    def __init__(
        self,
        clock: Callable[[], dt.datetime],
        *,
        store: Store | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__("", id=id)
        self.clock = clock
        self.watcher = TimerWatcher(store) if store is not None else None
        self.timer: TimeEntry | None = None
        self.paused: str | None = None
        self._shown = ""

    def on_mount(self) -> None:
        self.set_interval(1.0, self.tick)
        self.tick()

    def show(self, timer: TimeEntry | None, paused: str | None = None) -> None:
        self.timer, self.paused = timer, paused
        self.tick()

    def tick(self) -> None:
        if self.watcher is not None:
            self.watcher.poll()
            self.timer, self.paused = self.watcher.timer, self.watcher.paused
        text = ""
        if self.timer is not None:
            seconds = (self.clock() - self.timer.start).total_seconds()
            activity = f" · {self.timer.activity}" if self.timer.activity else ""
            text = f"⏱ {self.timer.duty}{activity} {elapsed_text(seconds)}"
            store = self.watcher.store if self.watcher is not None else None
            text += long_timer_note(self.timer, self.clock(), store_limit(self, store))
            if self.paused:
                text += " " + _("(paused: {duty})").format(duty=self.paused)
        if text != self._shown:  # a repaint only when the figure changes
            self._shown = text
            self.update(literal(text))
