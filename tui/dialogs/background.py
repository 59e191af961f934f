"""BackgroundDialog: a dialog whose work (an export, an import) runs in a thread with a progress bar."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Input, ProgressBar, Static
from textual.worker import Worker, WorkerState

from storage import Store
from storage.errors import CalepinError
from storage.i18n import N_, _
from tui.dialogs._base import BaseDialog, set_note
from tui.dialogs.confirm import ConfirmDialog

EXPORT_STEPS = 3  # gathered, rendered, written


def output_path(text: str) -> Path:
    """The file to write, checked before anything runs (ValueError with a plain message)."""
    if not text.strip():
        raise ValueError(_("type a file name, e.g. ~/calepin-posts.ics"))
    path = Path(text.strip()).expanduser()
    if path.is_dir():
        raise ValueError(_("{path} is a folder; add a file name").format(path=path))
    if not path.parent.is_dir():
        raise ValueError(_("no folder {folder}").format(folder=path.parent))
    return path


def _error_text(error: BaseException | None) -> str:
    if isinstance(error, CalepinError):
        return str(error)
    if isinstance(error, OSError):
        reason = error.strerror or error
        return _("cannot write or read the file: {reason}").format(reason=reason)
    return _("export failed: {error}").format(error=error)


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
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "run", N_("Run"), priority=True),
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
        """The foot of every such dialog: progress bar, error line, keys and buttons; `verb`
        is the button's word, translated already."""
        yield ProgressBar(show_eta=False, id="progress")
        yield Static("", id="error-note", classes="note")
        with Horizontal(classes="buttons"):
            keys = _("ctrl+s {verb} · esc cancel").format(verb=verb.lower())
            yield Static(keys, classes="keys")
            yield Button(verb, id="run", variant="primary", compact=True)
            yield Button(_("Cancel"), id="cancel", compact=True)

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

        def answered(replace: bool | None) -> None:
            if replace:
                self.start(work, steps)
            else:
                self.note("path", _("not replaced: choose another name"))

        self.app.push_screen(
            ConfirmDialog(
                _("{name} already exists in {folder}. Replace it?").format(
                    name=path.name, folder=path.parent
                ),
                yes=_("Replace"),
                no=_("Keep it"),
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
