"""GapFillDialog: fill untracked time with a duty, the whole gap or the part typed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from storage import CalepinError, Duty, wording
from storage.commands.gaps import gap_part
from storage.i18n import N_, _
from tui.dialogs._base import BaseDialog, set_note
from tui.text import literal


@dataclass(frozen=True, slots=True)
class GapFill:
    duty: str
    start: dt.datetime
    end: dt.datetime


class GapFillDialog(BaseDialog[GapFill | None]):
    """Lists `duties` (most used first) under a "how much" field that starts as the whole gap.

    A digit or enter on a duty fills the part the field says; tab goes to the field.
    """

    DEFAULT_CSS: ClassVar[str] = """
    GapFillDialog .dialog {
        width: 60;
    }
    GapFillDialog #part-row {
        height: 1;
    }
    GapFillDialog #part-label {
        width: 11;
    }
    GapFillDialog #part {
        width: 1fr;
    }
    GapFillDialog OptionList {
        height: auto;
        max-height: 12;
        border: none;
        padding: 0;
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(
        self, duties: Sequence[Duty], start: dt.datetime, end: dt.datetime, zone: dt.tzinfo
    ) -> None:
        super().__init__()
        self.duties = list(duties)
        self.start, self.end, self.zone = start, end, zone

    def _span(self, start: dt.datetime, end: dt.datetime) -> str:
        minutes = round((end - start).total_seconds() / 60)
        first, last = start.astimezone(self.zone), end.astimezone(self.zone)
        return f"{wording.clock(first)}–{wording.clock(last)} · {wording.duration(minutes)}"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            title = _("Fill the gap {span}").format(span=self._span(self.start, self.end))
            yield Static(title, classes="dialog-title")
            with Horizontal(id="part-row"):
                yield Static(_("How much"), id="part-label")
                yield Input(
                    placeholder=_("the whole gap · or 45m, 10:15, 9:15-10"), id="part", compact=True
                )
            yield Static("", id="part-note", classes="note")
            options = [
                Option(literal(f"{i if i <= 9 else ' '} {duty.name}"), id=duty.name)
                for i, duty in enumerate(self.duties, start=1)
            ]
            yield OptionList(*options, id="duties")
            yield Static(_("1-9 or enter fill · tab how much · esc cancel"), classes="keys")

    def on_mount(self) -> None:
        self._echo()
        self.query_one(OptionList).focus()

    def part(self) -> tuple[dt.datetime, dt.datetime] | None:
        """The part asked for, or None (with the reason shown) when it does not fit."""
        text = self.query_one("#part", Input).value
        try:
            return gap_part(text, self.start, self.end, self.zone)
        except CalepinError as exc:
            set_note(self.query_one("#part-note", Static), str(exc), error=True)
            return None

    @on(Input.Changed, "#part")
    def _echo(self) -> None:
        note = self.query_one("#part-note", Static)
        part = self.part()
        if part is None:
            return
        whole = part == (self.start, self.end)
        left = round((self.end - self.start - (part[1] - part[0])).total_seconds() / 60)
        if whole:
            echo = _("→ {span} (the whole gap)").format(span=self._span(*part))
        else:
            echo = _("→ {span}, {duration} left untracked").format(
                span=self._span(*part), duration=wording.duration(left)
            )
        set_note(note, echo)

    @on(Input.Submitted, "#part")
    def _to_duties(self) -> None:
        if self.part() is not None:
            self.query_one(OptionList).focus()

    def on_key(self, event: events.Key) -> None:
        if isinstance(self.focused, Input):
            return
        if event.character and event.character in "123456789":
            index = int(event.character)
            if index <= len(self.duties):
                event.stop()
                self._fill(self.duties[index - 1].name)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self._fill(event.option.id)

    def _fill(self, duty: str) -> None:
        part = self.part()
        if part is None:
            self.query_one("#part", Input).focus()
            return
        self.dismiss(GapFill(duty, *part))

    def action_cancel(self) -> None:
        self.dismiss(None)
