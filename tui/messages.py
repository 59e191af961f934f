"""The data or the running timer changed: the messages that replace each view polling the store.

Whoever changes the data through the store posts `DataChanged` (and `TimerChanged` when the
timer started, stopped or switched) to the screen showing: a view posts to itself, the app
(undo, redo, imports, settings, and its one check for changes made by another process)
posts to `app.screen`. The view reloads; the message bubbles on to the app, which notes the
change so that its check does not report it a second time. Views not showing reload when
they are shown again.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from textual.message import Message

from storage import CalepinError
from storage.timesheet import paused_timer

if TYPE_CHECKING:
    from textual.message_pump import MessagePump

    from storage import Store, TimeEntry

Kind = Literal["posts", "entries", "catalog", "settings"]
"""What changed: posts, time entries, duties/platforms/campaigns, the settings file."""


@dataclass
class DataChanged(Message):
    """The store changed: the view showing reloads what it shows.

    `kinds` is what the sender knows it changed; empty when it cannot know (a change made by
    another process, an undo).
    """

    kinds: frozenset[Kind] = field(default_factory=frozenset)

    def touches(self, kind: Kind) -> bool:
        return not self.kinds or kind in self.kinds


@dataclass
class TimerChanged(Message):
    """The running timer started, stopped, switched, or was paused by an interruption."""

    timer: TimeEntry | None
    paused: str | None = None  # the duty an interruption paused, if any

    @classmethod
    def read(cls, store: Store) -> TimerChanged:
        """The timer as the store has it now (two indexed queries)."""
        return cls(store.running_timer(), paused_duty(store))


def paused_duty(store: Store) -> str | None:
    """The duty an interruption paused, if one did."""
    paused = paused_timer(store)
    return paused.duty if paused is not None and paused.duty else None


def announce(target: MessagePump, store: Store, *kinds: Kind, timer: bool = False) -> None:
    """Post `DataChanged` (after `TimerChanged`, when `timer`) to `target`, the screen showing.

    The timer goes first so that the app, noting it, does not announce it again.
    """
    if timer:
        # A busy file: the app's check sees the timer on its next round.
        with suppress(CalepinError):
            target.post_message(TimerChanged.read(store))
    target.post_message(DataChanged(frozenset(kinds)))
