"""ReportExportDialog: write the summary's period as Markdown, HTML, CSV or JSON, in a worker."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Select, Static

from storage import Store
from storage.errors import CalepinError
from storage.i18n import N_, _
from storage.settings import Settings
from tui.dialogs.background import EXPORT_STEPS, BackgroundDialog, output_path

REPORT_SUFFIXES = (".html", ".htm", ".md", ".markdown", ".csv", ".json")
FORMATS = (
    (N_("HTML: one page to print or attach"), "html"),
    (N_("Markdown: to paste into an email"), "md"),
    (N_("CSV: the tables and every entry"), "csv"),
    (N_("JSON: for other tools"), "json"),
)


def default_name(label: str, fmt: str) -> str:
    """'Week of Mon 23 Nov 2026' → 'calepin-report-week-of-mon-23-nov-2026.html'."""
    # A French label keeps its letters in a plain name: 'décembre' → 'decembre'.
    plain = unicodedata.normalize("NFKD", label.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or _("period")
    return _("calepin-report-{period}.{format}").format(period=slug, format=fmt)


class ReportExportDialog(BackgroundDialog):
    """Dismisses with the path written, or None when cancelled."""

    def __init__(
        self, store: Store, now: dt.datetime, settings: Settings, first: dt.date, last: dt.date
    ) -> None:
        super().__init__(store, now)
        self.settings = settings
        self.first, self.last = first, last
        from storage.wording import period_label

        self.label = period_label(first, last, settings.week_start)
        self.folder = Path("~").expanduser()
        self._suggested = str(self.folder / default_name(self.label, "html"))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                _("Export report · {period}").format(period=self.label), classes="dialog-title"
            )
            yield Static(_("Format"), classes="label")
            yield Select(
                [(_(text), value) for text, value in FORMATS],
                value="html",
                allow_blank=False,
                id="format",
                compact=True,
            )
            with Horizontal(classes="row"):
                yield Checkbox(_("include private notes"), id="notes", compact=True)
            yield Static(_("Save as"), classes="label")
            yield Input(self._suggested, id="path", compact=True)
            yield Static("", id="path-note", classes="note")
            yield from self.progress_and_buttons(_("Export"))

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        # The name follows the format: the suggested one whole, a typed one by its extension.
        path_input = self.query_one("#path", Input)
        if not isinstance(event.value, str):
            return
        current = Path(path_input.value.strip())
        if path_input.value == self._suggested:
            self._suggested = str(current.with_name(default_name(self.label, event.value)))
            path_input.value = self._suggested
        elif current.suffix.lower() in REPORT_SUFFIXES:
            path_input.value = str(current.with_suffix(f".{event.value}"))

    def action_run(self) -> None:
        if self.busy:
            return
        self.note("error")
        try:
            path = output_path(self.query_one("#path", Input).value)
        except ValueError as exc:
            self.note("path", str(exc))
            return
        self.note("path")
        fmt = str(self.query_one("#format", Select).value)
        include_notes = self.query_one("#notes", Checkbox).value
        from exporters.report import RENDERERS, build_report

        try:
            # On the app's thread: the sqlite connection stays on the thread that made it.
            report = build_report(
                self.store,
                self.first,
                self.last,
                now=self.now,
                settings=self.settings,
                include_notes=include_notes,
            )
        except CalepinError as exc:
            self.note("error", str(exc))
            return
        render = RENDERERS[fmt]

        def work() -> str:
            self.step()
            text = render(report)
            self.step()
            from storage.files import write_atomically

            written = write_atomically(path, text)
            self.step()
            return str(written)

        self.start_writing(path, work, EXPORT_STEPS)

    def finished(self, result: Any) -> None:
        self.dismiss(str(result))
