"""Shared bases and helpers of Calepin's modal dialogs: the box, the worker, the item form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import ClassVar, Generic, TypeVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from storage import ValidationError
from storage.i18n import N_, _
from storage.store import MAX_NAME, clean_text
from tui.at_once import ShownAtOnce
from tui.backdrop import TintedBackdrop
from tui.stylesheet import StyledAtMount
from tui.text import literal

ResultT = TypeVar("ResultT")
WidgetT = TypeVar("WidgetT", bound=Widget)
FieldsT = TypeVar("FieldsT")


class BaseDialog(ShownAtOnce, StyledAtMount, TintedBackdrop, ModalScreen[ResultT]):
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

    def found(self, wid: str, kind: type[WidgetT]) -> WidgetT:
        """The widget with this id, found once: a dialog keeps its widgets, and Textual's own
        cache of ids empties whenever the screen's children change (the notifications' rack
        moves to the screen on top), so a kept dialog searched its fields on each opening."""
        known: dict[str, Widget] = self.__dict__.setdefault("_found", {})
        widget = known.get(wid)
        if widget is None:
            widget = known[wid] = self.query_one(f"#{wid}", kind)
        return cast(WidgetT, widget)


def set_note(note: Static, text: str, *, error: bool = False) -> None:
    """Show `text` in a note line (hidden when empty), red when it is an error."""
    # Skipping no-op updates spares a layout pass per key press in the post form.
    if note.content != text:  # Content compares by its plain text
        note.update(literal(text))
    if note.display != bool(text):
        note.display = bool(text)
    note.set_class(error, "-error")


def show_text(widget: Static, content: str | Content) -> None:
    """Put `content` in a Static unless it reads so already: an update lays the whole
    dialog out again, even with the same words (a kept dialog refilled with its title)."""
    if widget.content != content:  # Content compares by its plain text
        widget.update(content)


def widen_labels(labels: Iterable[Label]) -> None:
    """Widen a column of labels to its longest word plus a space when the stylesheet's width
    is too narrow for it (French's "Tâche par défaut"), so no label wraps and the inputs
    beside them stay aligned; English's fit, and keep the stylesheet's width."""
    labels = list(labels)
    if not labels:
        return
    longest = max(len(str(label.content)) for label in labels) + 1
    width = labels[0].styles.width
    if width is not None and width.is_cells and longest > width.value:
        for label in labels:
            label.styles.width = longest


def wall(day: dt.date, clock: dt.time, zone: dt.tzinfo) -> dt.datetime:
    """A wall-clock time on `day` in `zone`, as the real instant (DST-safe)."""
    return dt.datetime.combine(day, clock, tzinfo=zone).astimezone(dt.UTC).astimezone(zone)


def name_problem(text: str, what: str) -> str | None:
    """What the store would refuse in a name (control characters, over 80 characters);
    `what` in English, as the store names fields ("Platform name"): it says it in French."""
    try:
        clean_text(text, what, limit=MAX_NAME, multiline=False)
    except ValidationError as exc:
        return str(exc)
    return None


def words(text: str) -> str:
    return " ".join(text.split())


def alias_list(text: str) -> tuple[str, ...]:
    return tuple(a for a in (words(part) for part in text.split(",")) if a)


class ItemDialog(BaseDialog[FieldsT | None], Generic[FieldsT]):
    """Inputs in rows, an error note under each, ctrl+s or enter to check and close."""

    DEFAULT_CSS: ClassVar[str] = """
    ItemDialog .dialog {
        width: 72;
    }
    ItemDialog .row {
        height: auto;
    }
    ItemDialog .row .label {
        width: 14;
        color: $text-muted;
    }
    ItemDialog .row:focus-within .label {
        color: $accent;
        text-style: bold;
    }
    ItemDialog .field {
        width: 1fr;
        height: auto;
    }
    ItemDialog .inputs {
        height: auto;
    }
    ItemDialog .short {
        width: 10;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Done")),
        Binding("escape", "cancel", N_("Cancel")),
    ]
    FIELDS: ClassVar[tuple[str, ...]] = ()

    @staticmethod
    def _row(label: str, *widgets: Widget, key: str) -> Horizontal:
        return Horizontal(
            Label(label, classes="label"),
            Vertical(
                Horizontal(*widgets, classes="inputs"),
                Static("", id=f"{key}-note", classes="note", markup=False),
                classes="field",
            ),
            classes="row",
        )

    def _buttons(self) -> ComposeResult:
        yield Static("", id="form-error", classes="note", markup=False)
        with Horizontal(classes="buttons"):
            yield Static(_("ctrl+s or enter done · esc cancel"), classes="keys")
            yield Button(_("Done"), id="done", variant="primary", compact=True)
            yield Button(_("Cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        widen_labels(self.query(".row .label").results(Label))
        for note in self.query(".note").results(Static):
            set_note(note, "")
        self.query_one("#name", Input).focus()

    def _text(self, key: str) -> str:
        return self.query_one(f"#{key}", Input).value

    def read(self) -> tuple[FieldsT | None, dict[str, str]]:
        """The fields typed, or None and an error per input key; each dialog its own."""
        raise NotImplementedError

    @on(Button.Pressed, "#done")
    @on(Input.Submitted)
    def action_save(self) -> None:
        for note in self.query(".note").results(Static):
            if note.has_class("-error"):
                set_note(note, "")
        fields, errors = self.read()
        if fields is None:
            for key, message in errors.items():
                set_note(self.query_one(f"#{key}-note", Static), message, error=True)
            first = next((k for k in self.FIELDS if k in errors), None)
            if first is not None:
                self.query_one(f"#{first}").focus()
            return
        self.dismiss(fields)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
