"""A screen shown again (a kept dialog, a view built ahead) is drawn at once, not a tick later.

Textual lays out and draws a screen shown for the first time inside its ScreenResume: its
size is new. A screen shown again has its size already, so Textual only asks for a repaint
and waits for the screen's update timer, which ticks every 1/60 s from the moment it was
first started: up to a frame period late, and a whole one on the screen's first showing
(its timer starts then). Kept dialogs and views built ahead are all "shown again", so every
key that opens one paid that wait, which a bare app building a new screen never pays
(bench/bench_tui.py: `r` first press 2.6× a bare view, mostly waiting).

`ShownAtOnce` does for them what Textual does for a new screen: lay out and draw the whole
screen right after its ScreenResume, with what its widgets hold now. A dialog's backdrop is
the screen below as it is then, so that screen's pending request to be repainted whole
(Textual makes it as the dialog opens) is dropped: passed up, it drew the whole dialog again.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.geometry import Size
from textual.widget import Widget


class ShownAtOnce:
    """Mix in before a Screen class: shown again, it is drawn right after its ScreenResume."""

    _drawn_as_switched = False

    def _screen_resized(self, size: Size) -> None:
        # Textual's switch_mode lays out the view it switches to here, and writes only what
        # changed since that view's last layout: over the view it leaves, a torn frame (the
        # month's changed days over the week). Drawn whole here instead, the ScreenResume
        # that follows has nothing left to draw.
        screen: Any = self
        if screen is screen.app.screen and screen._size == size and screen.stack_updates:
            self._drawn_as_switched = self._draw_at_once()
            if self._drawn_as_switched:
                return
        super()._screen_resized(size)  # type: ignore[misc]

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler, which lays out only a screen whose size changed.
        # (Textual calls each class's handler in turn: no super() call.)
        screen: Any = self
        if self._drawn_as_switched:
            self._drawn_as_switched = False
        elif screen.is_attached and screen._size == screen.app.size:
            screen.call_next(self._draw_at_once)

    def _draw_at_once(self) -> bool:
        """Lay out and draw the whole screen now; False when it is not the time."""
        screen: Any = self
        app = screen.app
        if not screen.is_current or app._batch_count or app.is_inline or not app.size:
            return False  # not showing, or Textual is holding frames back: its pass draws it
        # What its widgets changed since (a refill, a reload) waits in their queues: the
        # caches of their containers go now, as those widgets' idle would have done.
        for widget in screen.walk_children(Widget):
            widget._check_refresh()
        # The whole screen: it comes on top of another one.
        region = app.size.region
        screen._compositor._dirty_regions.add(region)
        screen._refresh_layout(app.size)
        screen._repaint_required = False  # drawn whole just now
        for below in app._background_screens:
            below._repaint_required = False
            below._dirty_widgets.discard(below)
            below._compositor._dirty_regions.discard(region)
        return True
