"""A kept dialog or a view built ahead is drawn whole as it is shown (tui/at_once.py), and its
first showing finds its layout done ahead (tui/kept.py), as later showings do."""

from __future__ import annotations

from typing import Any

import pytest
import textual.widget
from textual.app import App
from textual.widgets import Input

from storage import Store
from tests.tui.conftest import make_app, wait_until
from tui.app import CalepinApp
from tui.at_once import ShownAtOnce
from tui.dialogs import PostFormDialog
from tui.kept import kept
from tui.screens.month import MonthScreen
from tui.screens.week import WeekScreen

SIZE = (120, 40)


def watch_frames(app: App, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool, bool]]:
    """Every frame the app writes: (screen on top, drawn by ShownAtOnce, a full frame)."""
    frames: list[tuple[str, bool, bool]] = []
    drawing = [False]
    draw = ShownAtOnce._draw_at_once

    def drawn_at_once(self: Any) -> None:
        drawing[0] = True
        try:
            draw(self)
        finally:
            drawing[0] = False

    monkeypatch.setattr(ShownAtOnce, "_draw_at_once", drawn_at_once)
    display = app._display

    def recorded(screen: Any, renderable: Any) -> None:
        if renderable is not None and not app._batch_count:
            full = type(renderable).__name__ == "LayoutUpdate"
            frames.append((type(screen).__name__, drawing[0], full))
        display(screen, renderable)

    monkeypatch.setattr(app, "_display", recorded)
    return frames


async def settled(pilot: Any, app: App, screen: Any) -> None:
    """Until `screen` is built and laid out ahead, and none of its widgets asks for more."""

    def quiet() -> bool:
        nodes = [screen, *screen.walk_children()]
        return bool(screen._compositor.size) and not any(node._layout_required for node in nodes)

    await wait_until(pilot, quiet, what="laid out ahead")
    for _ in range(3):  # the lay-out passes come one refresh after another
        await pilot.pause()
    await wait_until(pilot, quiet, what="laid out ahead")


async def test_a_kept_dialog_is_drawn_whole_as_it_opens_and_once(
    seeded: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(seeded)
    assert isinstance(app, CalepinApp)
    app.KEPT_AHEAD = ("post_form",)  # type: ignore[misc]
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: kept(app, PostFormDialog) is not None)
        editor = kept(app, PostFormDialog)
        await settled(pilot, app, editor)
        frames = watch_frames(app, monkeypatch)
        arranged: list[object] = []
        arrange = textual.widget.arrange

        def counted(widget: Any, *args: Any, **kwargs: Any) -> Any:
            arranged.append(widget)
            return arrange(widget, *args, **kwargs)

        monkeypatch.setattr(textual.widget, "arrange", counted)
        await pilot.press("n")
        assert app.screen is editor
        await pilot.pause()
        ours = [frame for frame in frames if frame[0] == "PostFormDialog"]
        # Its first frame is drawn as it opens (Textual would wait for its update timer), and
        # whole: it comes on top of the week.
        assert ours[0] == ("PostFormDialog", True, True)
        # Laid out ahead until settled: its first opening arranged (almost) nothing again
        # (some sixty containers before).
        assert len(arranged) <= 6, [type(w).__name__ for w in arranged]

        # What it shows is what it holds: typed text lands in its title.
        await pilot.press("a", "b")
        assert editor.query_one("#title", Input).value == "ab"


async def test_a_view_built_ahead_is_drawn_as_it_shows(
    seeded: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(seeded, built_ahead=True)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app._mode_screen("month") is not None)
        month = app._mode_screen("month")
        await settled(pilot, app, month)
        frames = watch_frames(app, monkeypatch)
        await pilot.press("m")
        assert isinstance(app.screen, MonthScreen)
        await pilot.pause()
        # Whole from its first frame: Textual's switch wrote the month's changed lines alone
        # first, over the week.
        assert next(f for f in frames if f[0] == "MonthScreen") == ("MonthScreen", True, True)
        frames.clear()
        await pilot.press("w")
        assert isinstance(app.screen, WeekScreen)
        await pilot.pause()
        assert next(f for f in frames if f[0] == "WeekScreen") == ("WeekScreen", True, True)
