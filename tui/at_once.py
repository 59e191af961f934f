"""A screen shown again (a kept dialog, a view built ahead) is drawn at once, not a tick later.

Textual lays out and draws a screen shown for the first time inside its ScreenResume: its
size is new. A screen shown again has its size already, so Textual only asks for a repaint
and waits for the screen's update timer, which ticks every 1/60 s from the moment it was
first started: up to a frame period late, and a whole one on the screen's first showing
(its timer starts then). Kept dialogs and views built ahead are all "shown again", so every
key that opens one paid that wait, which a bare app building a new screen never pays
(bench/bench_tui.py: `r` first press 2.6× a bare view, mostly waiting).

`ShownAtOnce` does for them what Textual does for a new screen: lay out and draw the whole
screen right after its ScreenResume, with what its widgets hold now.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widget import Widget


class ShownAtOnce:
    """Mix in before a Screen class: shown again, it is drawn right after its ScreenResume."""

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler, which lays out only a screen whose size changed.
        # (Textual calls each class's handler in turn: no super() call.)
        screen: Any = self
        if screen.is_attached and screen._size == screen.app.size:
            screen.call_next(self._draw_at_once)

    def _draw_at_once(self) -> None:
        screen: Any = self
        app = screen.app
        if not screen.is_current or app._batch_count or app.is_inline or not app.size:
            return  # not showing, or Textual is holding frames back: its own pass draws it
        # What its widgets changed since (a refill, a reload) waits in their queues: the
        # caches of their containers go now, as those widgets' idle would have done.
        for widget in screen.walk_children(Widget):
            widget._check_refresh()
        # The whole screen: it comes on top of another one.
        screen._compositor._dirty_regions.add(app.size.region)
        screen._refresh_layout(app.size)
        screen._repaint_required = False  # drawn whole just now
        # A dialog's backdrop was drawn from the screen below as it is now. That screen was
        # asked to repaint itself whole as the dialog came (Textual's push_screen); passed
        # up to the dialog, it would draw the whole dialog a second time.
        for below in app._background_screens:
            below._repaint_required = False
