"""OutcomeDialog: one platform's figures for one month (reach, impressions, engagement,
followers gained, messages answered), opened from the summary screen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Mount
from textual.widgets import Input, Select, Static

from storage import CalepinError
from storage.i18n import _
from storage.models import Outcome, OutcomeDraft
from storage.store.outcomes import (
    FIGURE_LABELS,
    FIGURES,
    check_month,
    parse_figure,
    require_a_figure,
)
from tui.dialogs._base import ItemDialog
from tui.text import choice

if TYPE_CHECKING:
    from textual.screen import Screen

    from storage import Store


class OutcomeDialog(ItemDialog[OutcomeDraft]):
    """Pick a platform and a month; the figures saved for them show, ready to change.

    A blank figure is unknown (never 0). Dismisses with a draft whose blanks mean "unknown",
    to save with `keep_missing=False`.
    """

    DEFAULT_CSS: ClassVar[str] = """
    OutcomeDialog .row .label {
        width: 19;
    }
    OutcomeDialog #platform {
        width: 24;
    }
    OutcomeDialog #month {
        width: 12;
    }
    OutcomeDialog .figure {
        width: 18;
    }
    """

    FIELDS: ClassVar[tuple[str, ...]] = ("platform", "month", *FIGURES)

    def __init__(self, platforms: Sequence[str], month: str, saved: Sequence[Outcome]) -> None:
        """`platforms`: the names to choose from; `saved`: outcomes already entered, shown
        when their platform and month are chosen."""
        super().__init__()
        self.platforms = tuple(platforms)
        self.month = month
        self.saved = {(o.platform, o.month): o for o in saved}
        self._filled: Outcome | None = None  # the saved outcome the inputs show, if any

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("Outcomes of a month"), classes="dialog-title")
            yield self._row(
                _("Platform"),
                Select(
                    [(choice(name), name) for name in self.platforms],
                    value=self.platforms[0],
                    allow_blank=False,
                    id="platform",
                    compact=True,
                ),
                key="platform",
            )
            yield self._row(
                _("Month"), Input(self.month, placeholder="2026-11", id="month", compact=True),
                key="month",
            )  # fmt: skip
            for name in FIGURES:
                label = _(FIGURE_LABELS[name]).capitalize()
                field = Input(placeholder=_("unknown"), id=name, classes="figure", compact=True)
                yield self._row(label, field, key=name)
            yield Static(
                _("A figure left blank stays unknown, never 0."),
                classes="note",
                id="blank-hint",
            )
            yield from self._buttons()

    def on_mount(self, event: Mount) -> None:
        event.prevent_default()  # ItemDialog's focuses a name input this form has not
        # The rows' inputs may mount a moment after the screen: fill and focus them then.
        self.call_after_refresh(self._ready)

    def _ready(self) -> None:
        for note in self.query(".note").results(Static):
            note.display = note.id == "blank-hint"
        self._show_saved()
        self.query_one("#month", Input).focus()

    def _show_saved(self) -> None:
        """Fill the figures saved for the chosen platform and month. What the person typed
        stays when nothing is saved there, unless it was another month's figures."""
        if not self.query("#month"):  # the Select's first Changed comes before the inputs
            return
        try:
            month = check_month(self._text("month"))
        except CalepinError:
            return
        platform = self.query_one("#platform", Select).value
        outcome = self.saved.get((str(platform), month))
        if outcome is None and self._filled is None:
            return
        for name in FIGURES:
            value = getattr(outcome, name) if outcome else None
            self.query_one(f"#{name}", Input).value = "" if value is None else str(value)
        self._filled = outcome

    @on(Select.Changed, "#platform")
    @on(Input.Changed, "#month")
    def _chosen(self) -> None:
        self._show_saved()

    def read(self) -> tuple[OutcomeDraft | None, dict[str, str]]:
        errors: dict[str, str] = {}
        month = ""
        try:
            month = check_month(self._text("month"))
        except CalepinError as exc:
            errors["month"] = str(exc)
        figures: dict[str, int | None] = {}
        for name in FIGURES:
            try:
                figures[name] = parse_figure(self._text(name), name)
            except CalepinError as exc:
                errors[name] = str(exc)
        if not errors:
            try:
                require_a_figure(figures)
            except CalepinError as exc:
                errors[exc.field or "reach"] = str(exc)
        if errors:
            return None, errors
        platform = str(self.query_one("#platform", Select).value)
        return OutcomeDraft(platform, month, **figures), {}


def enter_outcomes(
    screen: Screen[object], store: Store, day: dt.date, done: Callable[[Outcome], None]
) -> None:
    """Open the form on `day`'s month and save what it gives (one undoable change).

    A refusal the form could not foresee (the platform removed from the command line
    meanwhile) shows as a notification; nothing is saved.
    """
    platforms = [p.name for p in store.platforms()]

    def chosen(draft: OutcomeDraft | None) -> None:
        if draft is None:
            return
        try:
            saved = store.save_outcome(draft, keep_missing=False)
        except CalepinError as exc:
            screen.notify(str(exc), title=_("Outcomes not saved"), severity="error")
            return
        screen.notify(
            _("Saved the outcomes of {platform} for {month}").format(
                platform=saved.platform, month=saved.month
            )
        )
        done(saved)

    screen.app.push_screen(OutcomeDialog(platforms, check_month(day), store.outcomes()), chosen)
