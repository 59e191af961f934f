"""ExportDialog (posts to an .ics file) and ImportMeetingsDialog (an .ics file to logged time)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, ProgressBar, Select, Static
from textual.worker import Worker, WorkerState

from storage import Store
from storage.errors import CalepinError, ParseError
from storage.parse import parse_day
from tui.dialogs._base import BaseDialog, set_note

DEFAULT_OUTPUT = "~/calepin-posts.ics"
DEFAULT_MONTHS = 6
EXPORT_STEPS = 3  # gathered, rendered, written
IMPORT_STEPS = 2  # read, parsed


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved `months` later, clamped to the month's last day (31 Aug + 6 → 28 Feb)."""
    import calendar

    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _output_path(text: str) -> Path:
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


class ExportDialog(BackgroundDialog):
    """Write the posts of a period as an .ics calendar; dismisses with the path written."""

    def compose(self) -> ComposeResult:
        today = self.now.date()
        with Vertical(classes="dialog"):
            yield Static("Export calendar (.ics)", classes="dialog-title")
            yield Static("From", classes="label")
            yield Input(f"{today:%Y-%m-%d}", id="from", compact=True)
            yield Static("", id="from-note", classes="note")
            yield Static("To", classes="label")
            yield Input(f"{add_months(today, DEFAULT_MONTHS):%Y-%m-%d}", id="to", compact=True)
            yield Static("", id="to-note", classes="note")
            with Horizontal(classes="row"):
                yield Checkbox("prep blocks", id="prep", compact=True)
                yield Checkbox("logged time", id="time", compact=True)
            yield Static("Save as", classes="label")
            yield Input(str(Path(DEFAULT_OUTPUT).expanduser()), id="path", compact=True)
            yield Static("", id="path-note", classes="note")
            yield from self.progress_and_buttons("Export")

    def _day(self, key: str) -> dt.date | None:
        text = self.query_one(f"#{key}", Input).value
        try:
            day = parse_day(text, self.now.date(), prefer="future")
        except ParseError as exc:
            self.note(key, str(exc))
            return None
        self.note(key)
        return day

    def action_run(self) -> None:
        if self.busy:
            return
        self.note("error")
        first, last = self._day("from"), self._day("to")
        if first and last and last < first:
            self.note("to", f"{last:%Y-%m-%d} is before {first:%Y-%m-%d}")
            first = None
        try:
            path = _output_path(self.query_one("#path", Input).value)
        except ValueError as exc:
            self.note("path", str(exc))
            path = None
        else:
            self.note("path")
        if first is None or last is None or path is None:
            return
        try:
            render = self._prepare(first, last)
        except CalepinError as exc:
            self.note("error", str(exc))
            return

        def work() -> str:
            self.step()
            text = render()
            self.step()
            from exporters.files import write_atomically

            written = write_atomically(path, text)
            self.step()
            return str(written)

        self.start_writing(path, work, EXPORT_STEPS)

    def _prepare(self, first: dt.date, last: dt.date) -> Callable[[], str]:
        """Query the store here, on the app's thread (sqlite connections stay on theirs),
        and hand back the pure rendering for the worker. Same selection as `export_ics`."""
        from exporters.ics import IcsOptions, ics_inputs, render_ics, saved_event_minutes

        store = self.store
        options = IcsOptions(
            zone_name=store.zone_name,
            event_minutes=saved_event_minutes(store),
            with_prep=self.query_one("#prep", Checkbox).value,
            with_time=self.query_one("#time", Checkbox).value,
        )
        inputs = ics_inputs(store, first, last, options=options)
        now = self.now

        def render() -> str:
            return render_ics(now=now, **inputs)

        return render

    def finished(self, result: Any) -> None:
        self.dismiss(str(result))


class ImportMeetingsDialog(BackgroundDialog):
    """Log the meetings of an Outlook or Google .ics file; dismisses with the one-line summary."""

    def compose(self) -> ComposeResult:
        names = [d.name for d in self.store.duties()]
        default = next((n for n in names if n.casefold() == "meetings"), names[0] if names else "")
        with Vertical(classes="dialog"):
            yield Static("Import meetings (.ics)", classes="dialog-title")
            yield Static("File (Outlook or Google Calendar export)", classes="label")
            yield Input(placeholder="~/Downloads/calendar.ics", id="path", compact=True)
            yield Static("", id="path-note", classes="note")
            yield Static("Log on duty", classes="label")
            yield Select(
                [(n, n) for n in names],
                value=default or Select.NULL,
                allow_blank=not names,
                id="duty",
                compact=True,
            )
            yield Static("", id="duty-note", classes="note")
            with Horizontal(classes="row"):
                yield Checkbox("Dry run (write nothing)", id="dry-run", compact=True)
            yield from self.progress_and_buttons("Import")

    def action_run(self) -> None:
        if self.busy:
            return
        self.note("error")
        text = self.query_one("#path", Input).value.strip()
        path = Path(text).expanduser() if text else None
        if path is None:
            self.note("path", "type the path of an .ics file")
        elif not path.is_file():
            self.note("path", f"no file {path}")
            path = None
        else:
            self.note("path")
        duty = self.query_one("#duty", Select).value
        if not isinstance(duty, str):
            self.note("duty", "pick a duty")
        else:
            self.note("duty")
        if path is None or not isinstance(duty, str):
            return
        self._duty = duty
        self._dry_run = self.query_one("#dry-run", Checkbox).value
        zone, now = self.store.zone, self.now

        def work() -> bytes:
            from exporters.ics_import import read_meetings

            data = path.read_bytes()
            self.step()
            # Parsing here checks the file off the app's thread (errors show before any write).
            read_meetings(data, first=None, last=None, now=now, zone=zone)
            self.step()
            return data

        self.start(work, IMPORT_STEPS)

    def finished(self, result: Any) -> None:
        from exporters.ics_import import import_meetings

        # The store is written here, on the app's thread that owns the sqlite connection.
        try:
            outcome = import_meetings(
                self.store, result, duty=self._duty, now=self.now, dry_run=self._dry_run
            )
        except CalepinError as exc:
            self.query_one(ProgressBar).display = False
            self.note("error", str(exc))
            return
        self.dismiss(outcome.summary())
