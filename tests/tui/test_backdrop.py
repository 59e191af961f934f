"""The tinted view behind a dialog: the same strips as Textual's, drawn directly."""

from __future__ import annotations

from typing import Any

import pytest
from textual.renderables.background_screen import BackgroundScreen
from textual.visual import RenderOptions, RichVisual

from storage import Store
from tests.tui.conftest import make_app
from tui.backdrop import Backdrop
from tui.dialogs import GotoDialog, PostFormDialog


def drawn(strips: list) -> list[list[tuple]]:
    return [[tuple(segment) for segment in strip] for strip in strips]


async def test_the_backdrop_draws_what_textual_draws(seeded: Store) -> None:
    app = make_app(seeded)
    for size in ((120, 40), (80, 24)):
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            week = app.screen
            await pilot.press("g")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, GotoDialog)
            options = RenderOptions(dialog._get_style, dialog.styles, None, None)
            color = dialog.styles.background
            style = dialog.visual_style
            width, height = size
            textual = RichVisual(dialog, BackgroundScreen(week, color))
            ours = Backdrop(week, color)
            expected = drawn(textual.render_strips(width, height, style, options))
            assert drawn(ours.render_strips(width, height, style, options)) == expected
            assert len(expected) == height
        app = make_app(seeded)


async def test_dialogs_draw_their_background_with_it(
    seeded: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawing: list[Backdrop] = []
    render_strips = Backdrop.render_strips

    def counted(self: Backdrop, *args: Any) -> Any:
        drawing.append(self)
        return render_strips(self, *args)

    monkeypatch.setattr(Backdrop, "render_strips", counted)
    app = make_app(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, PostFormDialog)
        assert drawing and drawing[-1].below is app.screen_stack[0]
