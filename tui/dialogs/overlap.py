"""OverlapDialog: an entry that needs a second look (future, long, overlapping) before saving."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from tui.dialogs._base import BaseDialog

Answer = Literal["save", "trim", "split"]


class OverlapDialog(BaseDialog[Answer | None]):
    """Say why the entry needs a look; answer save, or trim/split the neighbours, or cancel.

    When the entry overlaps others there is no "save anyway": time is never counted twice.
    """

    DEFAULT_CSS: ClassVar[str] = """
    OverlapDialog .dialog {
        width: 70;
    }
    OverlapDialog #reasons {
        color: $warning;
        margin-bottom: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "answer('trim')", "Trim", show=False),
        Binding("s", "answer('split')", "Split", show=False),
        Binding("y", "answer('save')", "Save", show=False),
        Binding("n,escape", "cancel", "Cancel", show=False),
    ]

    def __init__(self, summary: str, reasons: Sequence[str], *, overlapping: bool) -> None:
        super().__init__()
        self.summary = summary
        self.reasons = list(reasons)
        self.overlapping = overlapping

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Check this entry", classes="dialog-title")
            yield Static(self.summary, id="summary", classes="message")
            yield Static("\n".join(f"• {r}" for r in self.reasons), id="reasons")
            if self.overlapping:
                keys = "t trim the other entry · s split it around this one · esc cancel"
            else:
                keys = "y save · n or esc cancel"
            yield Static(keys, classes="keys")
            with Horizontal(classes="buttons"):
                if self.overlapping:
                    yield Button("Trim", id="trim", variant="primary", compact=True)
                    yield Button("Split", id="split", compact=True)
                else:
                    yield Button("Save", id="save", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("Button", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.dismiss(None)
        elif event.button.id in ("trim", "split", "save"):
            self.dismiss(event.button.id)  # type: ignore[arg-type]

    def action_answer(self, answer: Answer) -> None:
        if (answer == "save") != self.overlapping:
            self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)
