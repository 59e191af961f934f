"""The help screen: every key of the screen below it, from its live bindings (remaps included)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import ActiveBinding, BindingType
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widget import Widget

from storage import Platform, Status
from storage.i18n import _
from tui.at_once import ShownAtOnce
from tui.backdrop import TintedBackdrop
from tui.bindings import HELP_SCREEN_BINDINGS, description, tooltip
from tui.stylesheet import StyledAtMount
from tui.widgets.post_card import STATUS_MARKS
from tui.widgets.wrapped import wrap_text

# Arrow keys read better as arrows than as their names.
_KEY_NAMES = {
    "left": "←", "right": "→", "up": "↑", "down": "↓",
    "shift+left": "shift+←", "shift+right": "shift+→", "shift+up": "shift+↑", "shift+down": "shift+↓",
}  # fmt: skip


def key_rows(bindings: dict[str, ActiveBinding], display) -> list[tuple[str, str]]:
    """(keys, description) per action, in binding order; keys for one action joined."""
    rows: dict[tuple[str, str], list[str]] = {}
    for key, active in bindings.items():
        binding = active.binding
        if binding.system or not binding.description or binding.id is None:
            continue  # ours all have ids (for keymaps); Textual's tab/copy plumbing has none
        label = tooltip(binding) or description(binding)
        shown = _KEY_NAMES.get(key) or display(binding)
        keys = rows.setdefault((binding.action, label), [])
        if shown not in keys:
            keys.append(shown)
    return [(" ".join(keys), label) for (_, label), keys in rows.items()]


class HelpText(Widget):
    """The help's text, laid out for the width it is drawn in."""

    DEFAULT_CSS: ClassVar[str] = "HelpText { height: auto; }"

    def __init__(self, build: Callable[[int | None], Text], *, id: str) -> None:
        super().__init__(id=id)
        self.build = build

    def render(self) -> Text:
        return self.build(self.size.width or None)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.build(width).wrap(self.app.console, width))


class HelpScreen(ShownAtOnce, StyledAtMount, TintedBackdrop, ModalScreen[None]):
    """A scrollable list of keys, the status marks and the platform tags."""

    BINDINGS: ClassVar[list[BindingType]] = HELP_SCREEN_BINDINGS

    def __init__(
        self, title: str, rows: Sequence[tuple[str, str]], platforms: Sequence[Platform]
    ) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows
        self.platforms = platforms

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield HelpText(self._text, id="help-text")

    def _text(self, room: int | None = None) -> Text:
        """The help as it reads in `room` cells: a long line goes on under its own words, not
        under the keys (French ones often take two lines)."""
        text = Text()
        text.append(f"{self.title_text}\n\n", style="bold")
        width = max((len(keys) for keys, _label in self.rows), default=4) + 2
        indent = " " * width
        for keys, label in self.rows:
            text.append(keys.ljust(width), style="bold")
            lines = wrap_text(indent + label, room, indent=indent) if room else [indent + label]
            text.append("\n".join([lines[0][width:], *lines[1:]]) + "\n")
        text.append("\n" + _("Status marks") + "\n", style="bold")
        for status in Status:
            text.append(f"  {STATUS_MARKS[status]} {status.label}\n")
        text.append("  ↻ " + _("repeats") + "\n")
        if self.platforms:
            text.append("\n" + _("Platforms") + "\n", style="bold")
            for platform in self.platforms:
                text.append("  ▌", style=Style(color=platform.colour))
                text.append(f"{platform.tag:<5}", style=Style(color=platform.colour, bold=True))
                text.append(f"{platform.name}\n")
        text.append(
            "\n" + _("escape closes this screen · ctrl+p finds any action by name"), style="dim"
        )
        return text
