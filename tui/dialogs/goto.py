"""GotoDialog: type a day (`fri`, `3 dec`, `next monday`) and jump to it."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from storage.errors import ParseError
from storage.grammar import describe_when, parse_day, parse_when
from storage.i18n import N_, _
from tui.dialogs._base import BaseDialog, set_note


def read_day(text: str, now: dt.datetime) -> dt.date:
    """The day typed, in the day grammar, else the post grammar (`tue 10am` → Tuesday)."""
    try:
        return parse_day(text, now.date(), prefer="future")
    except ParseError as day_error:
        try:
            return parse_when(text, now, prefer="future")[0]
        except ParseError:
            raise day_error from None


class GotoDialog(BaseDialog[dt.date | None]):
    """Ask for a day; enter goes there, escape gives None."""

    DEFAULT_CSS: ClassVar[str] = """
    GotoDialog .dialog {
        width: 56;
    }
    GotoDialog .keys {
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, now: dt.datetime) -> None:
        super().__init__()
        self.now = now

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("Go to day"), classes="dialog-title")
            yield Input(
                placeholder=_("fri, 3 dec, next monday, 2026-12-03"), id="day", compact=True
            )
            yield Static("", id="day-note", classes="note")
            yield Static(_("enter go · esc cancel"), classes="keys")

    def on_mount(self) -> None:
        set_note(self.query_one("#day-note", Static), "")
        self.query_one("#day", Input).focus()

    @on(Input.Changed, "#day")
    def _echo(self, event: Input.Changed) -> None:
        note = self.query_one("#day-note", Static)
        if not event.value.strip():
            set_note(note, "")
            return
        try:
            day = read_day(event.value, self.now)
        except ParseError as exc:
            set_note(note, str(exc), error=True)
        else:
            set_note(note, f"→ {describe_when(day, None)} {day.year}")

    @on(Input.Submitted, "#day")
    def _go(self, event: Input.Submitted) -> None:
        note = self.query_one("#day-note", Static)
        if not event.value.strip():
            set_note(note, _("type a day, e.g. fri or 3 dec"), error=True)
            return
        try:
            day = read_day(event.value, self.now)
        except ParseError as exc:
            set_note(note, str(exc), error=True)
            return
        self.dismiss(day)

    def action_cancel(self) -> None:
        self.dismiss(None)
