"""SplitDialog: the time to split a time entry at."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from storage import CalepinError, TimeEntry
from storage.grammar import parse_time
from storage.i18n import N_, _
from storage.wording import clock
from tui.dialogs._base import BaseDialog, set_note, wall
from tui.text import literal


class SplitDialog(BaseDialog[dt.datetime | None]):
    """Ask the time to split `entry` at (prefilled with its middle); dismisses with it."""

    DEFAULT_CSS: ClassVar[str] = """
    SplitDialog .dialog {
        width: 48;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, entry: TimeEntry, zone: dt.tzinfo) -> None:
        super().__init__()
        self.entry = entry
        self.zone = zone

    def compose(self) -> ComposeResult:
        start = self.entry.start.astimezone(self.zone)
        end = (self.entry.end or self.entry.start).astimezone(self.zone)
        middle = start + (end - start) / 2
        middle = middle.replace(minute=middle.minute - middle.minute % 5, second=0)
        with Vertical(classes="dialog"):
            yield Static(_("Split entry #{id}").format(id=self.entry.id), classes="dialog-title")
            question = _("{duty} {start}–{end}: split at").format(
                duty=self.entry.duty, start=clock(start), end=clock(end)
            )
            yield Static(literal(question), classes="message")
            yield Input(f"{max(middle, start):%H:%M}", id="at", compact=True)
            yield Static("", id="error", classes="note")
            yield Static(_("enter split · esc cancel"), classes="keys")

    def on_mount(self) -> None:
        set_note(self.query_one("#error", Static), "")
        self.query_one("#at", Input).focus()

    @on(Input.Submitted, "#at")
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            clock = parse_time(event.value.strip())
        except CalepinError as exc:
            set_note(self.query_one("#error", Static), str(exc), error=True)
            return
        start = self.entry.start.astimezone(self.zone)
        at = wall(start.date(), clock, self.zone)
        if at <= start:
            at = wall(start.date() + dt.timedelta(days=1), clock, self.zone)
        self.dismiss(at)

    def action_cancel(self) -> None:
        self.dismiss(None)
