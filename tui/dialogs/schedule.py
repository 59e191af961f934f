"""ScheduleDialog: type a day and maybe a time (`fri 2pm`) to give a backlog idea its date."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from storage import wording
from storage.errors import ParseError
from storage.grammar import parse_when
from storage.i18n import N_, _
from tui.dialogs._base import BaseDialog, set_note
from tui.text import literal

When = tuple[dt.date, dt.time | None]


class ScheduleDialog(BaseDialog[When | None]):
    """Ask when; enter gives (day, time or None), escape gives None.

    Read by the post editor's grammar (`parse_when`), so `fri 2pm` is Friday 14:00 here too.
    """

    DEFAULT_CSS: ClassVar[str] = """
    ScheduleDialog .dialog {
        width: 60;
    }
    ScheduleDialog .keys {
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, title: str, now: dt.datetime) -> None:
        super().__init__()
        self.title_text = title
        self.now = now

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            title = _("Schedule '{title}'").format(title=self.title_text)
            yield Static(literal(title), classes="dialog-title")
            yield Input(
                placeholder=_("fri 2pm, tomorrow 14:30, 3 dec, next monday"),
                id="when",
                compact=True,
            )
            yield Static("", id="when-note", classes="note")
            yield Static(_("enter save · esc cancel"), classes="keys")

    def on_mount(self) -> None:
        set_note(self.query_one("#when-note", Static), "")
        self.query_one("#when", Input).focus()

    def read(self, text: str) -> When:
        return parse_when(text, self.now, prefer="future")

    @on(Input.Changed, "#when")
    def _echo(self, event: Input.Changed) -> None:
        note = self.query_one("#when-note", Static)
        if not event.value.strip():
            set_note(note, "")
            return
        try:
            day, time = self.read(event.value)
        except ParseError as exc:
            set_note(note, str(exc), error=True)
        else:
            when = wording.day_label(day, year=True)
            if time is None:
                set_note(note, _("→ {day}, no time").format(day=when))
            else:
                echo = _("→ {day} {time}").format(day=when, time=wording.clock(time))
                set_note(note, echo)

    @on(Input.Submitted, "#when")
    def _save(self, event: Input.Submitted) -> None:
        note = self.query_one("#when-note", Static)
        if not event.value.strip():
            set_note(note, _("type a day, e.g. fri 2pm or 3 dec"), error=True)
            return
        try:
            when = self.read(event.value)
        except ParseError as exc:
            set_note(note, str(exc), error=True)
            return
        self.dismiss(when)

    def action_cancel(self) -> None:
        self.dismiss(None)
