"""ChoiceDialog: pick one of a few labelled choices."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Button, Static

from storage.i18n import N_, _
from tui.dialogs._base import BaseDialog
from tui.text import literal


class ChoiceDialog(BaseDialog[str | None]):
    """Buttons for each (key, label) choice; 1..n choose by number, escape gives None."""

    DEFAULT_CSS: ClassVar[str] = """
    ChoiceDialog .dialog {
        width: 56;
    }
    ChoiceDialog #choices {
        height: auto;
    }
    ChoiceDialog #choices Button {
        width: 100%;
        margin-bottom: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, message: str, choices: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.message = message
        self.choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("Choose"), classes="dialog-title")
            yield Static(literal(self.message), id="message", classes="message")
            with Vertical(id="choices"):
                for index, (_key, label) in enumerate(self.choices, start=1):
                    number = f"{index} " if index <= 9 else ""
                    yield Button(literal(f"{number}{label}"), id=f"choice-{index}", compact=True)
            last = min(len(self.choices), 9)
            if last > 1:
                keys = _("1-{last} choose · esc cancel").format(last=last)
            else:
                keys = _("1 choose · esc cancel")
            yield Static(keys, classes="keys")

    def on_mount(self) -> None:
        if self.choices:
            self.query_one("#choice-1", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        index = int((event.button.id or "choice-0").removeprefix("choice-"))
        if 1 <= index <= len(self.choices):
            self.dismiss(self.choices[index - 1][0])

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdecimal():
            index = int(event.character)
            if 1 <= index <= min(len(self.choices), 9):
                event.stop()
                self.dismiss(self.choices[index - 1][0])

    def action_cancel(self) -> None:
        self.dismiss(None)
