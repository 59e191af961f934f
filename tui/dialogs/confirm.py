"""ConfirmDialog: a yes/no question."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Static

from storage.i18n import N_, _
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
        Binding("y", "answer(True)", N_("Yes")),
        Binding("n,escape", "answer(False)", N_("No")),
    ]

    def __init__(self, message: str, *, yes: str | None = None, no: str | None = None) -> None:
        """`yes` and `no` label the buttons (translated by the caller); Yes and No without."""
        super().__init__()
        self.message = message
        self.yes_label = yes if yes is not None else _("Yes")
        self.no_label = no if no is not None else _("No")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("Confirm"), classes="dialog-title")
            yield Static(literal(self.message), id="message", classes="message")
            yield Static(_("y yes · n or esc no"), classes="keys")
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

    dialog = ConfirmDialog(question, yes=_("Discard"), no=_("Keep editing"))
    screen.app.push_screen(dialog, answered)
