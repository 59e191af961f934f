"""PublishDialog: mark a post published, with the URL where it went out."""

from __future__ import annotations

import re
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from storage import Post
from storage.i18n import N_, _
from tui.dialogs._base import BaseDialog, set_note
from tui.text import literal

_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


class PublishDialog(BaseDialog[str | None]):
    """Ask for the published URL (may stay empty); returns it, or None on escape."""

    DEFAULT_CSS: ClassVar[str] = """
    PublishDialog .dialog {
        width: 72;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, post: Post) -> None:
        super().__init__()
        self.post = post

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("Mark published"), classes="dialog-title")
            yield Static(literal(f"{self.post.title} · {self.post.platform}"), classes="message")
            yield Static(_("Published URL (optional)"))
            yield Input(
                value=self.post.published_url,
                placeholder="https://…",
                id="url",
                compact=True,
            )
            yield Static("", id="url-note", classes="note")
            with Horizontal(classes="buttons"):
                yield Static(_("enter publish · esc cancel"), classes="keys")
                yield Button(_("Publish"), id="publish", variant="primary", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        set_note(self.query_one("#url-note", Static), "")
        self.query_one("#url", Input).focus()

    @on(Input.Submitted, "#url")
    @on(Button.Pressed, "#publish")
    def _publish(self) -> None:
        url = self.query_one("#url", Input).value.strip()
        if url and not _URL.match(url):
            set_note(
                self.query_one("#url-note", Static),
                _("the URL must start with http:// or https://"),
                error=True,
            )
            self.query_one("#url", Input).focus()
            return
        self.dismiss(url)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
