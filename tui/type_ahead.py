"""Type-ahead: keys typed while a screen opens wait for it, then land in it in order.

A fast typist presses `n` and the title in one go. Textual handles `n` by pushing the post
editor and awaiting its mount; the letters wait in the app's queue meanwhile. But a dialog
focuses its first input from `on_mount` through `Widget.focus()`, which is itself a callback
queued behind those letters: without help, they reach the dialog before any input has focus
and are lost (the title ends up empty or with its last letter).

`TypeAhead` holds every key (and paste) from the moment a screen is pushed or a mode
switched until the new screen is mounted and the focus it asked for has been given, then
replays them in order. A replayed key that opens another screen holds the rest again.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events

if TYPE_CHECKING:
    from textual.timer import Timer


class TypeAhead:
    """Mix in before `App`: push_screen and switch_mode hold the keys typed after them."""

    # A screen that never settles (an error while mounting it) lets the keys go after this.
    HOLD_LIMIT: ClassVar[float] = 2.0

    _held: list[events.Key | events.Paste] | None = None
    _hold_serial: int = 0
    _hold_then: Callable[[], object] | None = None
    _hold_timer: Timer | None = None

    def push_screen(self, *args: Any, **kwargs: Any) -> Any:
        result = super().push_screen(*args, **kwargs)  # type: ignore[misc]
        self.hold_keys()
        return result

    def switch_mode(self, mode: str) -> Any:
        result = super().switch_mode(mode)  # type: ignore[misc]
        self.hold_keys()
        return result

    def hold_keys(self, then: Callable[[], object] | None = None) -> None:
        """Hold the keys typed from now on until the screen showing has settled.

        `then` runs just before they are replayed (to give focus to what should get them).
        """
        app: Any = self
        if self._held is None:
            self._held = []
        self._hold_serial += 1
        serial = self._hold_serial
        if then is not None:
            self._hold_then = then
        # Textual awaits the new screen's mount as the app's next callback; focus asked for
        # while it mounts is queued as a callback meanwhile. Queued after both, the replay
        # finds the focus where the screen wanted it.
        app.call_next(app.call_later, self._replay_held, serial)
        if self._hold_timer is not None:
            self._hold_timer.stop()
        self._hold_timer = app.set_timer(self.HOLD_LIMIT, partial(self._replay_held, serial))

    async def on_event(self, event: events.Event) -> None:
        # Also keys on their way back up from the screen below: Textual forwarded them to it
        # before the key that opened this screen had run its binding. None was taken there
        # (a key a widget takes stops before the app), so each is typed again, afresh.
        if self._held is not None and isinstance(event, (events.Key, events.Paste)):
            self._held.append(event)
            return
        await super().on_event(event)  # type: ignore[misc]

    async def _replay_held(self, serial: int) -> None:
        if serial != self._hold_serial or self._held is None:
            return  # a newer hold replays these keys, or they went already
        held, self._held = self._held, None
        then, self._hold_then = self._hold_then, None
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None
        if then is not None:
            then()
        while held:
            await super().on_event(_afresh(held.pop(0)))  # type: ignore[misc]
            if self._held is not None:  # that key opened a screen: the rest wait for it
                self._held[:0] = held
                return


def _afresh(event: events.Key | events.Paste) -> events.Key | events.Paste:
    """The same key or paste as a new event, not yet forwarded to any widget."""
    if isinstance(event, events.Paste):
        return events.Paste(event.text)
    return events.Key(event.key, event.character)
