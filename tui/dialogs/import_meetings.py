"""ImportMeetingsDialog: the meetings of an Outlook or Google .ics file logged as time.

Built once after the first frame and kept (tui/kept.py), like the export dialog: `X` only
refills it (the duty list too, since duties can change between two openings)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, ProgressBar, Select, Static

from storage.errors import CalepinError
from storage.i18n import _, ngettext
from tui.dialogs.background import BackgroundDialog
from tui.text import choice

if TYPE_CHECKING:
    import datetime as dt

    from storage import Store

IMPORT_STEPS = 2  # read, parsed


class ImportMeetingsDialog(BackgroundDialog):
    """Log the meetings of an Outlook or Google .ics file; dismisses with the one-line summary."""

    def _duties(self) -> tuple[list[str], str]:
        duties = self.store.duties()
        names = [d.name for d in duties]
        # By name, then by alias: a French database calls it "réunions", "meetings" an alias.
        wanted = {"meetings", "réunions"}
        default = next(
            (d.name for d in duties if d.name.casefold() in wanted),
            next(
                (d.name for d in duties if wanted & {a.casefold() for a in d.aliases}),
                names[0] if names else "",
            ),
        )
        return names, default

    def compose(self) -> ComposeResult:
        names, default = self._duties()
        with Vertical(classes="dialog"):
            yield Static(_("Import meetings (.ics)"), classes="dialog-title")
            yield Static(_("File (Outlook or Google Calendar export)"), classes="label")
            yield Input(placeholder=_("~/Downloads/calendar.ics"), id="path", compact=True)
            yield Static("", id="path-note", classes="note")
            yield Static(_("Log on duty"), classes="label")
            yield Select(
                [(choice(n), n) for n in names],
                prompt=_("Select"),  # shown only when there is no duty to choose
                value=default or Select.NULL,
                allow_blank=not names,
                id="duty",
                compact=True,
            )
            yield Static("", id="duty-note", classes="note")
            with Horizontal(classes="row"):
                yield Checkbox(_("Dry run (write nothing)"), id="dry-run", compact=True)
            yield from self.progress_and_buttons(_("Import"))

    def refill(self, store: Store, now: dt.datetime) -> bool:
        """Take these values as if built with them: the kept dialog (tui/kept.py)."""
        self.store, self.now, self.busy = store, now, False
        names, default = self._duties()
        with self.prevent(Input.Changed, Checkbox.Changed, Select.Changed):
            self.query_one("#path", Input).value = ""
            duty = self.query_one("#duty", Select)
            duty.set_options([(choice(n), n) for n in names])
            if default:
                duty.value = default
            self.query_one("#dry-run", Checkbox).value = False
        self.query_one("#run", Button).disabled = False
        self.on_mount()  # notes hidden, no progress bar, focus on the file
        return True

    def action_run(self) -> None:
        if self.busy:
            return
        self.note("error")
        text = self.query_one("#path", Input).value.strip()
        path = Path(text).expanduser() if text else None
        if path is None:
            self.note("path", _("type the path of an .ics file"))
        elif not path.is_file():
            self.note("path", _("no file {path}").format(path=path))
            path = None
        else:
            self.note("path")
        duty = self.query_one("#duty", Select).value
        if not isinstance(duty, str):
            self.note("duty", _("pick a duty"))
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
        more = len(outcome.notes) - 5
        notes = outcome.notes[:5] + (
            [ngettext("… {count} more", "… {count} more", more).format(count=more)]
            if more > 0
            else []
        )
        self.dismiss("\n".join([outcome.summary(), *notes]))
