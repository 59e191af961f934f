"""SyncConflictDialog: a post changed here and in the shared calendar; which version stays."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, Static

from storage.i18n import N_, _
from tui.dialogs._base import BaseDialog
from tui.text import literal

Choice = Literal["mine", "theirs", "both"]

Difference = tuple[str, str, str]
"""A field that differs: its name (translated), this side's value and the calendar's, as text."""


class SyncConflictDialog(BaseDialog[Choice | None]):
    """The post's title, who changed the calendar's version, the fields that differ; m, t or b
    keeps mine, theirs or both. Escape leaves the choice for later (the post waits, untouched
    on both sides)."""

    DEFAULT_CSS: ClassVar[str] = """
    SyncConflictDialog .dialog {
        width: 76;
    }
    SyncConflictDialog #differences {
        height: auto;
        max-height: 12;
    }
    SyncConflictDialog .difference {
        height: auto;
    }
    SyncConflictDialog .difference .name {
        width: 14;
        color: $text-muted;
    }
    SyncConflictDialog .difference .value {
        width: 1fr;
        max-height: 3;
        padding-right: 1;
    }
    SyncConflictDialog .heads .value {
        text-style: bold;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "choose('mine')", N_("Keep mine")),
        Binding("t", "choose('theirs')", N_("Keep theirs")),
        Binding("b", "choose('both')", N_("Keep both")),
        Binding("escape", "later", N_("Later")),
    ]

    def __init__(
        self,
        title: str,
        theirs_by: str,
        differences: Sequence[Difference],
        *,
        left: int = 1,
    ) -> None:
        """`theirs_by`: who changed the calendar's version (and when), as shown; `left`: how
        many conflicts wait, this one included."""
        super().__init__()
        self.post_title = title
        self.theirs_by = theirs_by
        self.differences = list(differences)
        self.left = left

    def compose(self) -> ComposeResult:
        heading = _("Changed on both sides")
        if self.left > 1:
            heading = _("{heading} (1 of {count})").format(heading=heading, count=self.left)
        with Vertical(classes="dialog"):
            yield Static(heading, classes="dialog-title")
            yield Static(literal(self.post_title), id="post-title", classes="message")
            yield Static(literal(self.theirs_by), id="theirs-by", classes="note")
            with VerticalScroll(id="differences"):
                with Horizontal(classes="difference heads"):
                    yield Label("", classes="name")
                    yield Static(_("Mine"), classes="value")
                    yield Static(_("Theirs"), classes="value")
                for name, mine, theirs in self.differences:
                    with Horizontal(classes="difference"):
                        yield Label(literal(name), classes="name")
                        yield Static(literal(mine), classes="value mine")
                        yield Static(literal(theirs), classes="value theirs")
            with Horizontal(classes="buttons"):
                yield Static(_("esc later"), classes="keys")
                yield Button(_("m Keep mine"), id="mine", variant="primary", compact=True)
                yield Button(_("t Keep theirs"), id="theirs", compact=True)
                yield Button(_("b Keep both"), id="both", compact=True)

    def on_mount(self) -> None:
        self.query_one("#mine", Button).focus()

    @on(Button.Pressed, "#mine,#theirs,#both")
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_choose(event.button.id or "")

    def action_choose(self, choice: str) -> None:
        if choice in ("mine", "theirs", "both"):
            self.dismiss(choice)  # type: ignore[arg-type]

    def action_later(self) -> None:
        self.dismiss(None)
