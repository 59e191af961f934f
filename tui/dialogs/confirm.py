"""ConfirmDialog: a yes/no question."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Static

from tui.dialogs._base import BaseDialog
from tui.text import literal


class ConfirmDialog(BaseDialog[bool]):
    """Ask a question; `y` or enter answers yes, `n` or escape answers no."""

    DEFAULT_CSS: ClassVar[str] = """
    ConfirmDialog .dialog {
        width: 50;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, message: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.message = message
        self.yes_label = yes
        self.no_label = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Confirm", classes="dialog-title")
            yield Static(literal(self.message), id="message", classes="message")
            yield Static("y yes · n or esc no", classes="keys")
            with Horizontal(classes="buttons"):
                yield Button(literal(self.yes_label), id="yes", variant="primary", compact=True)
                yield Button(literal(self.no_label), id="no", compact=True)

    def on_mount(self) -> None:
        # Enter presses the focused button, so start on "yes".
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


def dismiss_unless_changed(screen: Screen[Any], changed: bool, question: str) -> None:
    """Leave `screen` with None, first asking `question` when there are changes to lose."""
    if not changed:
        screen.dismiss(None)
        return

    def answered(discard: bool | None) -> None:
        if discard:
            screen.dismiss(None)

    screen.app.push_screen(ConfirmDialog(question, yes="Discard", no="Keep editing"), answered)
