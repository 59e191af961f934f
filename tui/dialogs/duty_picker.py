"""DutyPickerDialog: pick a duty with one digit (1–9) or the arrows and enter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from storage import Duty
from storage.i18n import N_, _
from tui.dialogs._base import BaseDialog
from tui.text import literal


class DutyPickerDialog(BaseDialog[str | None]):
    """Lists `duties` (most used first, as given); dismisses with the duty's name or None."""

    DEFAULT_CSS: ClassVar[str] = """
    DutyPickerDialog .dialog {
        width: 44;
    }
    DutyPickerDialog OptionList {
        height: auto;
        max-height: 14;
        border: none;
        padding: 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, duties: Sequence[Duty], *, title: str | None = None) -> None:
        """`title`: the question, translated by the caller ("Which duty?" without)."""
        super().__init__()
        self.duties = list(duties)
        self.title_text = title if title is not None else _("Which duty?")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self.title_text), classes="dialog-title")
            options = [
                Option(literal(f"{i if i <= 9 else ' '} {duty.name}"), id=duty.name)
                for i, duty in enumerate(self.duties, start=1)
            ]
            yield OptionList(*options, id="duties")
            yield Static(_("1-9 or enter pick · esc cancel"), classes="keys")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character in "123456789":
            index = int(event.character)
            if index <= len(self.duties):
                event.stop()
                self.dismiss(self.duties[index - 1].name)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
