"""SyncPasswordDialog: the calendar server's password, typed hidden, kept in the keyring if asked."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Static

from storage.i18n import N_, _
from tui.dialogs._base import BaseDialog, set_note
from tui.text import literal

PasswordChoice = tuple[str, bool]
"""The password typed, and whether to save it in the system keyring."""


class SyncPasswordDialog(BaseDialog[PasswordChoice | None]):
    """Asked when a sync finds no password (CALEPIN_SYNC_PASSWORD, the keyring); the password
    is never shown, and leaves only through the result."""

    DEFAULT_CSS: ClassVar[str] = """
    SyncPasswordDialog .dialog {
        width: 64;
    }
    SyncPasswordDialog #password {
        margin-bottom: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "sync", N_("Sync")),
        Binding("escape", "cancel", N_("Cancel")),
    ]
    AUTO_FOCUS: ClassVar[str | None] = "#password"

    def __init__(self, who: str, why: str, *, can_save: bool = True) -> None:
        """`who`: the account (user at server); `why`: what the lookup said (translated);
        `can_save`: a system keyring is there to keep it (else no box to tick)."""
        super().__init__()
        self.who = who
        self.why = why
        self.can_save = can_save

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("Sync password"), classes="dialog-title")
            yield Static(literal(self.why), id="why", classes="note")
            yield Static(
                literal(_("Password for {account}:").format(account=self.who)), classes="message"
            )
            yield Input(password=True, id="password", compact=True)
            yield Static("", id="password-note", classes="note")
            if self.can_save:
                yield Checkbox(_("Save it in the system keyring"), id="save", compact=True)
            with Horizontal(classes="buttons"):
                yield Static(_("enter sync · esc cancel"), classes="keys")
                yield Button(_("Sync"), id="sync", variant="primary", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        set_note(self.query_one("#password-note", Static), "")

    @on(Input.Submitted)
    @on(Button.Pressed, "#sync")
    def action_sync(self) -> None:
        password = self.query_one("#password", Input).value
        if not password:
            set_note(self.query_one("#password-note", Static), _("Type the password"), error=True)
            return
        save = self.can_save and self.query_one("#save", Checkbox).value
        self.dismiss((password, save))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
