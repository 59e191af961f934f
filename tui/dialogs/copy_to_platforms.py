"""CopyToPlatformsDialog: pick the other platforms a post should also go out on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, SelectionList, Static

from storage import Platform, Post
from tui.dialogs._base import BaseDialog, set_note


class CopyToPlatformsDialog(BaseDialog[list[str] | None]):
    """A checklist of the other platforms; returns the names chosen, or None on escape."""

    DEFAULT_CSS: ClassVar[str] = """
    CopyToPlatformsDialog .dialog {
        width: 56;
    }
    CopyToPlatformsDialog SelectionList {
        height: auto;
        max-height: 14;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "copy", "Copy"),
    ]

    def __init__(self, post: Post, platforms: Sequence[Platform]) -> None:
        super().__init__()
        self.post = post
        self.others = [p for p in platforms if p.name != post.platform]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Copy to platforms", classes="dialog-title")
            yield Static(f"{self.post.title} · {self.post.platform}", classes="message")
            yield SelectionList[str](
                *[(f"{p.name} ({p.tag})", p.name) for p in self.others],
                id="platforms",
                compact=True,
            )
            yield Static("", id="platforms-note", classes="note")
            yield Static("space toggle · ctrl+s copy · esc cancel", classes="keys")
            with Horizontal(classes="buttons"):
                yield Button("Copy", id="copy", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        set_note(self.query_one("#platforms-note", Static), "")
        self.query_one("#platforms", SelectionList).focus()

    @on(Button.Pressed, "#copy")
    def action_copy(self) -> None:
        chosen = set(self.query_one("#platforms", SelectionList).selected)
        if not chosen:
            set_note(
                self.query_one("#platforms-note", Static),
                "tick at least one platform (space)",
                error=True,
            )
            return
        self.dismiss([p.name for p in self.others if p.name in chosen])

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
