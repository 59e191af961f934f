"""ExportDialog: the posts of a period written to an .ics file, in a worker.

Built once after the first frame and kept (tui/kept.py): `x` only refills it. Composing,
mounting and styling its forty widgets (a Select among them) took 3× a bare modal form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Select, Static

from storage.calendar import add_months
from storage.errors import CalepinError, ParseError
from storage.grammar import parse_day, parse_period
from storage.i18n import N_, _
from tui.dialogs.background import EXPORT_STEPS, BackgroundDialog, output_path

if TYPE_CHECKING:
    from exporters.ics_profiles import IcsPart
    from storage import Store

DEFAULT_OUTPUT = "~/calepin-posts.ics"
DEFAULT_MONTHS = 6
# The clients of `exporters.ics_profiles`, as the choice shows them (translated there).
CLIENTS = (
    (N_("Any calendar (generic)"), "generic"),
    ("Outlook", "outlook"),
    ("Google Calendar", "google"),
)


class ExportDialog(BackgroundDialog):
    """Write the posts of a period as an .ics calendar; dismisses with what was written (the
    path, or the files of a calendar split by year for Google)."""

    client = "generic"  # the calendar chosen for the export running

    def _first_values(self) -> dict[str, str]:
        today = self.now.date()
        return {
            "from": f"{today:%Y-%m-%d}",
            "to": f"{add_months(today, DEFAULT_MONTHS):%Y-%m-%d}",
            "path": str(Path(DEFAULT_OUTPUT).expanduser()),
        }

    def compose(self) -> ComposeResult:
        from exporters.ics_profiles import saved_profile

        values = self._first_values()
        with Vertical(classes="dialog"):
            yield Static(_("Export calendar (.ics)"), classes="dialog-title")
            yield Static(_("From"), classes="label")
            yield Input(values["from"], id="from", compact=True)
            yield Static("", id="from-note", classes="note")
            yield Static(_("To"), classes="label")
            yield Input(values["to"], id="to", compact=True)
            yield Static("", id="to-note", classes="note")
            with Horizontal(classes="row"):
                yield Checkbox(_("prep blocks"), id="prep", compact=True)
                yield Checkbox(_("logged time"), id="time", compact=True)
                yield Checkbox(_("include private notes"), id="notes", compact=True)
            yield Static(_("For"), classes="label")
            yield Select(
                [(_(label), client) for label, client in CLIENTS],
                value=saved_profile(self.store),
                allow_blank=False,
                id="client",
                compact=True,
            )
            yield Static(_("Save as"), classes="label")
            yield Input(values["path"], id="path", compact=True)
            yield Static("", id="path-note", classes="note")
            yield from self.progress_and_buttons(_("Export"))

    def refill(self, store: Store, now: dt.datetime) -> bool:
        """Take these values as if built with them: the kept dialog (tui/kept.py)."""
        from exporters.ics_profiles import saved_profile

        self.store, self.now, self.busy, self.client = store, now, False, "generic"
        with self.prevent(Input.Changed, Checkbox.Changed, Select.Changed):
            for key, text in self._first_values().items():
                box = self.query_one(f"#{key}", Input)
                box.value = text
                box.cursor_position = len(text)
            for key in ("prep", "time", "notes"):
                self.query_one(f"#{key}", Checkbox).value = False
            self.query_one("#client", Select).value = saved_profile(store)
        self.query_one("#run", Button).disabled = False
        self.on_mount()  # notes hidden, no progress bar, focus on From
        return True

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
            try:  # the pair rule: a To without a year falls on or after From
                texts = [self.query_one(f"#{key}", Input).value for key in ("from", "to")]
                last = parse_period(*texts, self.now.date(), prefer="future")[1]
            except ParseError as exc:
                self.note("to", str(exc))
                first = None
        try:
            path = output_path(self.query_one("#path", Input).value)
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
            parts = render()
            self.step()
            from exporters.ics_profiles import part_path
            from storage.files import write_all_atomically

            files = {part_path(path, part.year): part.text for part in parts}
            written = write_all_atomically(files)
            self.step()
            if len(written) == 1:
                return str(written[0])
            names = ", ".join(p.name for p in written)
            return _("{files} in {folder} (over 1 MB for Google's import: split by year)").format(
                files=names, folder=path.parent
            )

        self.start_writing(path, work, EXPORT_STEPS)

    def _prepare(self, first: dt.date, last: dt.date) -> Callable[[], list[IcsPart]]:
        """Query the store here, on the app's thread (sqlite connections stay on theirs),
        and hand back the pure rendering for the worker. Same selection as `export_ics`."""
        from exporters.ics import IcsOptions, ics_inputs, render_ics_parts, saved_event_minutes

        store = self.store
        client = str(self.query_one("#client", Select).value)
        options = IcsOptions(
            zone_name=store.zone_name,
            event_minutes=saved_event_minutes(store),
            with_prep=self.query_one("#prep", Checkbox).value,
            with_time=self.query_one("#time", Checkbox).value,
            include_notes=self.query_one("#notes", Checkbox).value,
            profile=client,
        )
        inputs = ics_inputs(store, first, last, options=options)
        self.client = client
        now = self.now

        def render() -> list[IcsPart]:
            return render_ics_parts(now=now, **inputs)

        return render

    def finished(self, result: Any) -> None:
        from exporters.ics_profiles import remember_profile

        # Once written, on the app's thread like every store call.
        remember_profile(self.store, self.client)
        self.store.mark_exported()
        self.dismiss(str(result))
