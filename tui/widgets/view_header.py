"""A view's one-line header: its title, the active filter and the running timer, ticking."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import ClassVar

from rich.text import Text

from storage import TimeEntry
from storage.accounting import LONG_TIMER
from tui.widgets.lines import LinesWidget
from tui.widgets.timer_label import long_timer_note, store_limit


def elapsed_text(seconds: float) -> str:
    total = max(0, int(seconds))
    hours, rest = divmod(total, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def timer_text(timer: TimeEntry, now: dt.datetime, limit: dt.timedelta = LONG_TIMER) -> str:
    """``⏱ events 1:23:45``; past the long-timer limit, flagged (see `long_timer_note`)."""
    activity = f" · {timer.activity}" if timer.activity else ""
    text = f"⏱ {timer.duty}{activity} {elapsed_text((now - timer.start).total_seconds())}"
    return text + long_timer_note(timer, now, limit)


class ViewHeader(LinesWidget):
    """Rendered in one Text and repainted (never re-laid out) when something changes."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "view-header--title",
        "view-header--filter",
        "view-header--timer",
    }

    def __init__(self, clock: Callable[[], dt.datetime], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self.title = ""
        self.filter = ""
        self.timer: TimeEntry | None = None
        self._timer_text = ""

    def on_mount(self) -> None:
        self.set_interval(1.0, self._tick)

    def show(self, title: str, filter_text: str, timer: TimeEntry | None) -> None:
        changed = (title, filter_text, timer) != (self.title, self.filter, self.timer)
        self.title, self.filter, self.timer = title, filter_text, timer
        if self._tick() or changed:
            self.redraw()

    def show_timer(self, timer: TimeEntry | None) -> None:
        if timer != self.timer:
            self.timer = timer
            self._tick()

    def _tick(self) -> bool:
        text = (
            timer_text(self.timer, self.clock(), store_limit(self))
            if self.timer is not None
            else ""
        )
        if text == self._timer_text:
            return False
        self._timer_text = text
        self.redraw()
        return True

    def build_lines(self, width: int, height: int) -> list[Text]:
        width -= 2  # a margin each side
        get = self.get_component_rich_style
        left = Text(no_wrap=True, overflow="ellipsis", end="")
        left.append(self.title, style=get("view-header--title"))
        if self.filter:
            left.append("  ")
            left.append(self.filter, style=get("view-header--filter"))
        right = Text(self._timer_text, style=get("view-header--timer"))
        room = width - right.cell_len - (1 if right.cell_len else 0)
        if room < 10 and right.cell_len:  # a narrow screen keeps the timer, shortened
            right = Text(self._timer_text.split(" ")[-1], style=get("view-header--timer"))
            room = width - right.cell_len - 1
        if left.cell_len > room:
            left.truncate(max(0, room), overflow="ellipsis")
        left.pad_right(max(0, width - left.cell_len - right.cell_len))
        left.append_text(right)
        return [Text(" ").append_text(left)]
