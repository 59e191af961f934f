"""No garbage collection between a key and its frame: it runs once the keys pause.

Opening the post editor allocates enough to trigger some seventy collections of the young
generation (a sixth of its time), and now and then a full one: 100 to 500 ms on the
five-year data set, landing inside whichever key happened to be pressed (bench/bench_tui.py
shows them). `QuietCollector` turns the automatic collector off when a key arrives and on
again once no key has come for `QUIET` seconds; what it would have collected meanwhile is
collected then, while the person reads the screen. A burst of typing postpones it, for
`LONGEST_PAUSE` seconds at most.
"""

from __future__ import annotations

import gc
from time import monotonic
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events

if TYPE_CHECKING:
    from textual.timer import Timer


class QuietCollector:
    """Mix in before `App`: the collector waits while keys come."""

    QUIET: ClassVar[float] = 0.5  # seconds without a key before collecting again
    # A longer burst of keys (a key held down) gets its collections after this long anyway:
    # what it leaves behind stays bounded.
    LONGEST_PAUSE: ClassVar[float] = 3.0

    # What start-up built (modules, widgets, styles) lives as long as the app: set aside from
    # the collector (`gc.freeze`), a full collection no longer walks it. A process that runs
    # many apps and sets its own baseline aside (the test run) turns this off.
    SET_START_UP_ASIDE: ClassVar[bool] = True

    _collector_timer: Timer | None = None
    _collector_paused = False
    _paused_since = 0.0
    _set_aside = False

    def set_start_up_aside(self) -> None:
        if self.SET_START_UP_ASIDE:
            gc.freeze()
            self._set_aside = True

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._pause_collector()
        await super().on_event(event)  # type: ignore[misc]

    def _pause_collector(self) -> None:
        app: Any = self
        now = monotonic()
        if self._collector_timer is not None:
            if now - self._paused_since >= self.LONGEST_PAUSE:
                return  # the timer running lets it collect soon
            self._collector_timer.stop()
        elif not gc.isenabled():
            return  # turned off by someone else: leave it to them
        if gc.isenabled():
            gc.disable()
            self._collector_paused = True
            self._paused_since = now
        wait = min(self.QUIET, self._paused_since + self.LONGEST_PAUSE - now)
        self._collector_timer = app.set_timer(max(wait, 0.0), self._resume_collector)

    def _resume_collector(self) -> None:
        self._collector_timer = None
        if self._collector_paused:
            self._collector_paused = False
            gc.enable()

    def _on_unmount(self, event: events.Unmount) -> None:
        # The app is closing: never leave the process without its collector.
        if self._collector_timer is not None:
            self._collector_timer.stop()
        self._resume_collector()
        # What start-up set aside from the collector (gc.freeze in app.on_mount) is garbage
        # once the app is gone: a process that goes on (a test run, a language restart)
        # must get it back, or every app it ran stays in memory.
        if self._set_aside:
            self._set_aside = False
            gc.unfreeze()
