"""Shared bases and helpers of Calepin's modal dialogs: the box, the worker, the item form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, ProgressBar, Static
from textual.worker import Worker, WorkerState

from storage import Store, ValidationError
from storage.errors import CalepinError
from storage.store import MAX_NAME, clean_text

ResultT = TypeVar("ResultT")
FieldsT = TypeVar("FieldsT")
EXPORT_STEPS = 3  # gathered, rendered, written


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


def wall(day: dt.date, clock: dt.time, zone: dt.tzinfo) -> dt.datetime:
    """A wall-clock time on `day` in `zone`, as the real instant (DST-safe)."""
    return dt.datetime.combine(day, clock, tzinfo=zone).astimezone(dt.UTC).astimezone(zone)


def name_problem(text: str, what: str) -> str | None:
    """What the store would refuse in a name (control characters, over 80 characters)."""
    try:
        clean_text(text, what, limit=MAX_NAME, multiline=False)
    except ValidationError as exc:
        return str(exc)
    return None


def words(text: str) -> str:
    return " ".join(text.split())


def alias_list(text: str) -> tuple[str, ...]:
    return tuple(a for a in (words(part) for part in text.split(",")) if a)


def output_path(text: str) -> Path:
    """The file to write, checked before anything runs (ValueError with a plain message)."""
    if not text.strip():
        raise ValueError("type a file name, e.g. ~/calepin-posts.ics")
    path = Path(text.strip()).expanduser()
    if path.is_dir():
        raise ValueError(f"{path} is a folder; add a file name")
    if not path.parent.is_dir():
        raise ValueError(f"no folder {path.parent}")
    return path


def _error_text(error: BaseException | None) -> str:
    if isinstance(error, CalepinError):
        return str(error)
    if isinstance(error, OSError):
        return f"cannot write or read the file: {error.strerror or error}"
    return f"export failed: {error}"


class BackgroundDialog(BaseDialog[str | None]):
    """A dialog that runs one thread worker with a progress bar and shows its errors."""

    DEFAULT_CSS: ClassVar[str] = """
    BackgroundDialog .dialog {
        width: 70;
    }
    BackgroundDialog .label {
        width: 100%;
        margin-top: 1;
    }
    BackgroundDialog .row {
        width: 100%;
        height: auto;
    }
    BackgroundDialog .row Checkbox {
        width: auto;
        margin-right: 2;
    }
    BackgroundDialog ProgressBar {
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "run", "Run", priority=True),
    ]

    def __init__(self, store: Store, now: dt.datetime) -> None:
        super().__init__()
        self.store = store
        self.now = now
        self.busy = False

    def on_mount(self) -> None:
        for note in self.query(".note"):
            set_note(note, "")  # type: ignore[arg-type]
        self.query_one(ProgressBar).display = False
        self.query_one(Input).focus()

    def action_cancel(self) -> None:
        if not self.busy:  # a thread cannot be stopped half-way: let it finish
            self.dismiss(None)

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Button.Pressed, "#run")
    def _run_pressed(self) -> None:
        self.action_run()

    def progress_and_buttons(self, verb: str) -> ComposeResult:
        """The foot of every such dialog: progress bar, error line, keys and buttons."""
        yield ProgressBar(show_eta=False, id="progress")
        yield Static("", id="error-note", classes="note")
        with Horizontal(classes="buttons"):
            yield Static(f"ctrl+s {verb.lower()} · esc cancel", classes="keys")
            yield Button(verb, id="run", variant="primary", compact=True)
            yield Button("Cancel", id="cancel", compact=True)

    def action_run(self) -> None:
        """Check the inputs, then `start` (or `start_writing`) the work; each dialog its own."""
        raise NotImplementedError

    def note(self, key: str, text: str = "") -> None:
        set_note(self.query_one(f"#{key}-note", Static), text, error=bool(text))

    def start(self, work: Callable[[], Any], steps: int) -> None:
        """Show the bar and run `work` in a thread; `step()` from the thread moves the bar."""
        bar = self.query_one(ProgressBar)
        bar.update(total=steps, progress=0)
        bar.display = True
        self.busy = True
        self.query_one("#run", Button).disabled = True
        self.run_worker(work, thread=True, exit_on_error=False, group="io")

    def start_writing(self, path: Path, work: Callable[[], Any], steps: int) -> None:
        """`start`, after asking first when `path` already exists (a report, a calendar)."""
        if not path.exists():
            self.start(work, steps)
            return
        from tui.dialogs.confirm import ConfirmDialog

        def answered(replace: bool | None) -> None:
            if replace:
                self.start(work, steps)
            else:
                self.note("path", "not replaced: choose another name")

        self.app.push_screen(
            ConfirmDialog(
                f"{path.name} already exists in {path.parent}. Replace it?",
                yes="Replace",
                no="Keep it",
            ),
            answered,
        )

    @on(Input.Submitted, "#path")
    def _path_submitted(self) -> None:
        self.action_run()

    def step(self) -> None:
        """Advance the bar by one step; call from the worker thread."""
        self.app.call_from_thread(self.query_one(ProgressBar).advance, 1)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state not in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            return
        self.busy = False
        self.query_one("#run", Button).disabled = False
        if event.state is WorkerState.SUCCESS:
            self.finished(event.worker.result)
        else:
            self.query_one(ProgressBar).display = False
            self.note("error", _error_text(event.worker.error))

    def finished(self, result: Any) -> None:
        """The worker's result, on the app's thread: each dialog dismisses with its own."""
        raise NotImplementedError


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
        Binding("ctrl+s", "save", "Done"),
        Binding("escape", "cancel", "Cancel"),
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
            yield Static("ctrl+s or enter done · esc cancel", classes="keys")
            yield Button("Done", id="done", variant="primary", compact=True)
            yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
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
