"""Shared look and helpers for Calepin's modal dialogs."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.screen import ModalScreen
from textual.widgets import Static

ResultT = TypeVar("ResultT")


class BaseDialog(ModalScreen[ResultT]):
    """A centred box with a title line, an error line and a line of keys."""

    DEFAULT_CSS: ClassVar[str] = """
    BaseDialog {
        align: center middle;
        background: $background 60%;
    }
    BaseDialog .dialog {
        width: 64;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: round $primary;
        background: $panel;
        padding: 0 1;
    }
    BaseDialog .dialog-title {
        width: 100%;
        text-style: bold;
        color: $accent;
        margin-bottom: 1;
    }
    BaseDialog .message {
        width: 100%;
        margin-bottom: 1;
    }
    BaseDialog .note {
        width: 100%;
        color: $text-muted;
    }
    BaseDialog .note.-error, BaseDialog .error {
        color: $error;
    }
    BaseDialog .keys {
        width: 1fr;
        height: 1;
        color: $text-muted;
        content-align: left middle;
    }
    BaseDialog .buttons {
        width: 100%;
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    BaseDialog .buttons Button {
        margin-left: 1;
    }
    """


def set_note(note: Static, text: str, *, error: bool = False) -> None:
    """Show `text` in a note line (hidden when empty), red when it is an error."""
    # Skipping no-op updates spares a layout pass per key press in the post form.
    if note.content != text:
        note.update(text)
    if note.display != bool(text):
        note.display = bool(text)
    note.set_class(error, "-error")
