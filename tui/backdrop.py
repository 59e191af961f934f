"""The tinted view behind a dialog, drawn for a tenth of what Textual's renderable costs.

A dialog's translucent background shows the screen below it tinted. Textual draws that with
a Rich renderable (`BackgroundScreen`): every segment of the screen below goes through Rich's
console, gets its colours blended one by one, and is split into lines again; on the week
that was some 4,600 segments and a third of opening a small dialog like `g`. `Backdrop`
gives the same strips (tests/tui/test_backdrop.py compares them) from the screen below's
strips directly, blending each distinct style once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.color import Color
from textual.renderables.background_screen import BackgroundScreen
from textual.strip import Strip
from textual.visual import RenderOptions, Visual

if TYPE_CHECKING:
    from textual.css.styles import RulesMap
    from textual.screen import Screen
    from textual.style import Style


class Backdrop(Visual):
    """The screen below, tinted by `color` (as `BackgroundScreen` inside a `RichVisual`)."""

    def __init__(self, below: Screen[Any], color: Color) -> None:
        self.below = below
        self.color = color

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        base = style.rich_style
        tinted: dict[RichStyle | None, RichStyle] = {}
        tint = self._tint
        strips = []
        for strip in self.below._compositor.render_strips()[:height]:
            line = []
            for text, segment_style, _control in strip:
                new = tinted.get(segment_style)
                if new is None:
                    new = tinted[segment_style] = base + tint(segment_style)
                line.append(Segment(text, new))
            drawn = Strip(line)
            strips.append(drawn.crop(0, width) if drawn.cell_length > width else drawn)
        return strips

    def _tint(self, style: RichStyle | None) -> RichStyle:
        # As BackgroundScreen.process_segments: no links or meta, colours blended with ours.
        plain = RichStyle() if style is None else style.clear_meta_and_links()
        color = self.color
        if color.a == 0:
            return plain
        foreground = plain.color
        background = plain.bgcolor
        return plain + RichStyle.from_color(
            None if foreground is None else (Color.from_rich_color(foreground) + color).rich_color,
            None if background is None else (Color.from_rich_color(background) + color).rich_color,
        )

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.below._compositor.size.height


class TintedBackdrop:
    """Mix in before a modal screen: its translucent background is drawn as a `Backdrop`."""

    def render(self) -> Any:
        rendered = super().render()  # type: ignore[misc]
        if isinstance(rendered, BackgroundScreen):
            return Backdrop(rendered.screen, rendered.color)
        return rendered
