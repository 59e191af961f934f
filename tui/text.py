"""User text is text: everything a person typed is shown literally, never as markup.

Textual parses a plain `str` as content markup in `Static`, `Label`, `Button`, option prompts
and notifications, so a note holding `[/]` crashes the screen, `[Mairie]` vanishes and
`[@click=app.quit]` becomes a live action. Every place that shows user text goes through here:
`literal` (a `Content`, never parsed) for widgets, `choice` for a Select's options, `styled`
for our own styling around user text, and `PlainNotifications` so no notification is ever
read as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.content import Content

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel


def literal(text: object) -> Content:
    """`text` exactly as typed, for a Static, Label, Button, Checkbox or option prompt."""
    return Content(str(text))


def choice(text: object) -> Text:
    """`text` exactly as typed, for a Select's option: a Rich `Text` is never parsed either,
    and it is what the Select's type-to-search reads (it skips `Content` prompts)."""
    return Text(str(text))


class Plain(str):
    """A `str` Textual shows as it is where it would read a `str` as markup: a binding's
    tooltip naming a duty (keys 1–9), which the footer shows as a tooltip. Textual asks an
    object for `visualize()` before parsing it; everything else reads it as the `str` it is."""

    __slots__ = ()

    def visualize(self) -> Content:
        return Content(str(self))


def styled(*parts: str | tuple[str, str]) -> Content:
    """Our own styling around user text: `("Label: ", "bold"), user_text` — never parsed."""
    return Content.assemble(*parts)


class PlainNotifications:
    """App mixin: notifications quote what was typed, so none is ever read as markup."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        # Widget.notify passes markup=True by default: ignored on purpose.
        parent: Any = super()
        parent.notify(message, title=title, severity=severity, timeout=timeout, markup=False)
