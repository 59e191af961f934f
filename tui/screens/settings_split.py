"""The settings screen's job-description split: a percent per duty, the rows and their total."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from storage import wording
from storage.i18n import _, is_french
from tui.dialogs._base import set_note
from tui.screens.settings_plan import Row, duty_called, shown_number, typed_number


class SplitRows:
    """Mix in before the settings screen: its split rows, read from and shown as it stands."""

    duties: list[Row]
    _shares: dict[str, str]  # row key -> the percent shown
    _orphans: list[tuple[str, str]]  # (row key, name) of names in the file matching no duty

    def _screen(self) -> Any:
        return self

    def _read_split(self, split: tuple[tuple[str, float], ...]) -> None:
        """A percent per duty row, then names from the file that match no duty."""
        self._shares = {}
        self._orphans = []
        summed: dict[str, float] = {}
        for name, percent in split:
            row = duty_called(self.duties, name)
            if row is not None:
                # A duty named twice (by its name and an alias) gets both, as the report does.
                summed[row.key] = summed.get(row.key, 0.0) + percent
                self._shares[row.key] = shown_number(summed[row.key])
            else:
                key = f"o{len(self._orphans)}"
                self._orphans.append((key, name))
                self._shares[key] = shown_number(percent)

    def _share_row(self, key: str, value: str, *, label: str | None = None) -> Horizontal:
        row = next((r for r in self.duties if r.key == key), None)
        text = label if label is not None else (row.fields.name if row else key)
        return Horizontal(
            Label(
                text or _("(new duty)"),
                id=f"{key}-share-label",
                classes="share-label",
                markup=False,
            ),
            Input(value, id=f"{key}-share", classes="share-input", compact=True),
            Label("%", classes="share-unit"),
            Static("", id=f"{key}-share-note", classes="note", markup=False),
            id=f"{key}-share-row",
            classes="share-row",
        )

    def fill_split_from_log(self, store: Any, since: dt.date | None, now: dt.datetime) -> None:
        """Fill the split with the shares of the hours logged from `since` (else the first
        entry's day) to today (storage.accounting's suggested split), to adjust before saving."""
        from storage.accounting import suggested_job_split
        from storage.wording import period_phrase

        note = self._screen().query_one("#share-total", Static)
        first, last = since or store.first_entry_day(), now.date()
        split = suggested_job_split(store, first, last, now=now) if first else []
        if not split:
            set_note(note, _("Nothing logged yet: no split to suggest"), error=True)
            return
        shares = {}
        for name, percent in split:
            row = duty_called(self.duties, name)
            if row is not None:
                shares[row.key] = str(percent)
        inputs = self._share_inputs()
        with self._screen().prevent(Input.Changed):  # the total is shown once, below
            for key, _name in self._counted_shares(inputs):
                if key in inputs:
                    inputs[key].value = shares.get(key, "")
        self._show_total(inputs)
        from_log = _("from the hours logged {period}; adjust, then save")
        set_note(note, f"{note.content} · " + from_log.format(period=period_phrase(first, last)))

    def _share_inputs(self) -> dict[str, Input]:
        """Each split row's input by row key (one walk of the screen, not one per row)."""
        inputs = self._screen().query(".share-input").results(Input)
        return {(field.id or "").removesuffix("-share"): field for field in inputs}

    def _counted_shares(self, inputs: dict[str, Input] | None = None) -> list[tuple[str, str]]:
        """(row key, duty name) of the split rows that count: duties kept (archived ones only
        with a value), then names matching no duty."""
        inputs = self._share_inputs() if inputs is None else inputs
        shares: list[tuple[str, str]] = []
        for row in self.duties:
            share = inputs.get(row.key)
            value = share.value.strip() if share is not None else ""
            if not row.removed and (not row.archived or value):
                shares.append((row.key, row.fields.name))
        return shares + self._orphans

    def _show_shares(self) -> None:
        inputs = self._share_inputs()
        counted = {key for key, _ in self._counted_shares(inputs)}
        for row in self.duties:
            if row.key in inputs:
                parent = inputs[row.key].parent
                if parent is not None:
                    parent.display = row.key in counted  # type: ignore[attr-defined]
        self._show_total(inputs)

    def _show_total(self, inputs: dict[str, Input] | None = None) -> None:
        inputs = self._share_inputs() if inputs is None else inputs
        total, filled = 0.0, 0
        for key, _name in self._counted_shares(inputs):
            text = inputs[key].value.strip() if key in inputs else ""
            if text:
                filled += 1
                value = typed_number(text)
                total += value if isinstance(value, int | float) else 0
        note = self._screen().query_one("#share-total", Static)
        if not filled:
            set_note(note, _("not set"))
        elif abs(total - 100) <= 0.01:
            set_note(note, _("adds up to {total}").format(total=wording.percent(100, digits=0)))
        else:
            wrong = _("adds up to {total} — must be 100").format(total=_percent(total))
            set_note(note, wrong, error=True)


def _percent(value: float) -> str:
    """A typed total as it reads: '99.5 %' ('99,5 %' in French, its space unbreakable as
    Babel writes a percentage there)."""
    return wording.plain(value) + ("\u00a0%" if is_french() else " %")
