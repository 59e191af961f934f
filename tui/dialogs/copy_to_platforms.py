"""CopyToPlatformsDialog: pick the other platforms a post should also go out on, and what
each copy's effort estimate is (the same as the original, or an adaptation's)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, SelectionList, Static

from storage import CalepinError, Platform, Post
from storage.grammar import parse_duration
from storage.i18n import N_, _
from tui.dialogs._base import BaseDialog, set_note
from tui.text import literal


@dataclass(frozen=True, slots=True)
class CopyChoice:
    """The platforms to copy to and each copy's estimate in minutes (None: no estimate)."""

    platforms: list[str]
    estimate_minutes: int | None


def estimate_text(minutes: int | None) -> str:
    """``45m``, ``2h``, ``1h30`` (what a person types), or "" for no estimate."""
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours}h{rest:02d}"
    return f"{hours}h" if hours else f"{rest}m"


class CopyToPlatformsDialog(BaseDialog[CopyChoice | None]):
    """A checklist of the other platforms and the estimate each copy gets; returns a
    CopyChoice, or None on escape.

    The estimate starts as the original's, shown, so copying never adds planned effort
    without the person seeing it; an adaptation's shorter estimate is typed over it
    (empty: no estimate for the copies).
    """

    DEFAULT_CSS: ClassVar[str] = """
    CopyToPlatformsDialog .dialog {
        width: 56;
    }
    CopyToPlatformsDialog SelectionList {
        height: auto;
        max-height: 14;
    }
    CopyToPlatformsDialog #estimate {
        width: 16;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "copy", N_("Copy")),
    ]

    def __init__(self, post: Post, platforms: Sequence[Platform]) -> None:
        super().__init__()
        self.post = post
        self.others = [p for p in platforms if p.name != post.platform]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("Copy to platforms"), classes="dialog-title")
            yield Static(
                f"{self.post.title} · {self.post.platform}", classes="message", markup=False
            )
            yield SelectionList[str](
                *[(literal(f"{p.name} ({p.tag})"), p.name) for p in self.others],
                id="platforms",
                compact=True,
            )
            yield Static("", id="platforms-note", classes="note")
            with Horizontal(classes="field"):
                yield Static(_("Estimate for each copy") + " ", classes="label")
                yield Input(estimate_text(self.post.estimate_minutes), id="estimate")
            same = estimate_text(self.post.estimate_minutes) or _("none")
            yield Static(
                _(
                    "the original's: {estimate}; type an adaptation's (e.g. 20m), empty for none"
                ).format(estimate=same),
                id="estimate-note",
                classes="note",
                markup=False,
            )
            yield Static(_("space toggle · enter or ctrl+s copy · esc cancel"), classes="keys")
            with Horizontal(classes="buttons"):
                yield Button(_("Copy"), id="copy", variant="primary", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        set_note(self.query_one("#platforms-note", Static), "")
        self.query_one("#platforms", SelectionList).focus()

    @on(Button.Pressed, "#copy")
    def action_copy(self) -> None:
        chosen = set(self.query_one("#platforms", SelectionList).selected)
        if not chosen:
            set_note(
                self.query_one("#platforms-note", Static),
                _("tick at least one platform (space)"),
                error=True,
            )
            return
        text = self.query_one("#estimate", Input).value.strip()
        try:
            estimate = parse_duration(text) if text else None
        except CalepinError as exc:
            set_note(self.query_one("#estimate-note", Static), str(exc), error=True)
            self.query_one("#estimate", Input).focus()
            return
        platforms = [p.name for p in self.others if p.name in chosen]
        self.dismiss(CopyChoice(platforms, estimate))

    @on(Input.Submitted, "#estimate")
    def _estimate_entered(self) -> None:
        # Enter in the estimate field copies, as Enter saves in the other dialogs.
        self.action_copy()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
