"""DayOffDialog: mark a day or a range of days off (vacation, sick day …)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Static

from storage import CalepinError
from storage.contracted import DayOff, check_days_off, parse_days_off
from storage.i18n import N_, _, ngettext
from storage.wording import day_label
from tui.dialogs._base import BaseDialog, set_note

DayOffDraft = tuple[dt.date, dt.date, str]  # first, last, reason


class DayOffDialog(BaseDialog[DayOffDraft | None]):
    """Ask for the days (`fri`, `24 dec..2 jan`) and a reason; enter marks them off.

    The days already marked are handed in, so a clash shows under the input, nothing saved.
    """

    DEFAULT_CSS: ClassVar[str] = """
    DayOffDialog .dialog {
        width: 64;
    }
    DayOffDialog .keys {
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, day: dt.date, today: dt.date, taken: Sequence[DayOff]) -> None:
        super().__init__()
        self.day, self.today, self.taken = day, today, tuple(taken)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("Mark days off"), classes="dialog-title")
            yield Input(
                self.day.isoformat(),
                placeholder=_("fri, 24 dec..2 jan, 2026-12-24..2027-01-02"),
                id="days",
                compact=True,
            )
            yield Static("", id="days-note", classes="note")
            yield Input(placeholder=_("reason: vacation, sick day …"), id="reason", compact=True)
            yield Static(
                _("Days off and statutory holidays carry no contracted time."), classes="note"
            )
            yield Static(_("enter mark off · tab next field · esc cancel"), classes="keys")

    def on_mount(self) -> None:
        self._check(self.query_one("#days", Input).value)
        self.query_one("#days", Input).focus()

    def _read(self, text: str) -> tuple[dt.date, dt.date]:
        first, last = parse_days_off(text, self.today)
        check_days_off(first, last, self.taken)
        return first, last

    def _check(self, text: str) -> tuple[dt.date, dt.date] | None:
        note = self.query_one("#days-note", Static)
        if not text.strip():
            set_note(note, _("type a day or a range, e.g. fri or 24 dec..2 jan"), error=True)
            return None
        try:
            first, last = self._read(text)
        except CalepinError as exc:
            set_note(note, str(exc), error=True)
            return None
        days = (last - first).days + 1
        if last == first:
            echo = _("→ {day} (1 day)").format(day=day_label(first, year=True))
        else:
            echo = ngettext(
                "→ {first} to {last} ({count} day)", "→ {first} to {last} ({count} days)", days
            ).format(first=day_label(first, year=True), last=day_label(last, year=True), count=days)
        set_note(note, echo)
        return first, last

    @on(Input.Changed, "#days")
    def _echo(self, event: Input.Changed) -> None:
        self._check(event.value)

    @on(Input.Submitted)
    def _submit(self) -> None:
        found = self._check(self.query_one("#days", Input).value)
        if found is None:
            self.query_one("#days", Input).focus()
            return
        self.dismiss((*found, self.query_one("#reason", Input).value.strip()))

    def action_cancel(self) -> None:
        self.dismiss(None)
