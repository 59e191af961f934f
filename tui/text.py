"""User text is text: everything a person typed is shown literally, never as markup.

Textual parses a plain `str` as content markup in `Static`, `Label`, `Button`, option prompts
and notifications, so a note holding `[/]` crashes the screen, `[Mairie]` vanishes and
`[@click=app.quit]` becomes a live action. Every place that shows user text goes through here:
`literal` (a `Content`, never parsed) for widgets, `styled` for our own styling around user
text, and `PlainNotifications` so no notification is ever read as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.content import Content

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel


def literal(text: object) -> Content:
    """`text` exactly as typed, for a Static, Label, Button, Checkbox or option prompt."""
    return Content(str(text))


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
