"""The settings screen (`,`): working time and language, the job split, duties, platforms."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from storage import CalepinError, Duty, Store
from storage.i18n import _
from storage.settings import (
    WEEKDAYS,
    Settings,
    check_settings,
    config_path,
    follow_store,
    listed_ids,
    load_settings,
    save_settings,
    set_cancelled_days,
    stored_cancelled_days,
    written_by_calepin,
)
from tui.at_once import ShownAtOnce
from tui.backdrop import TintedBackdrop
from tui.bindings import SETTINGS_BINDINGS
from tui.dialogs._base import set_note, show_text
from tui.dialogs.confirm import dismiss_unless_changed
from tui.dialogs.duty_form import DutyDialog, DutyFields
from tui.dialogs.platform_form import PlatformDialog, PlatformFields
from tui.screens.settings_general import CANCELLED_HINT, GENERAL_NOTES, general_rows
from tui.screens.settings_plan import (
    Plan,
    Row,
    duty_called,
    duty_line,
    follow_renames,
    plan_duties,
    plan_platforms,
    platform_line,
    rows_of,
    run_plan,
    shown_number,
    typed_clock,
    typed_number,
    zone_question,
)
from tui.screens.settings_split import SplitRows
from tui.screens.settings_sync import SYNC_NOTES, sync_checks, sync_rows, sync_table, sync_texts
from tui.stylesheet import StyledAtMount
from tui.text import literal
from tui.widgets.footer import Footer
from tui.widgets.item_list import ItemList


class SettingsScreen(
    SplitRows, ShownAtOnce, StyledAtMount, TintedBackdrop, ModalScreen[Settings | None]
):
    """Edit the settings file and the duty and platform lists; dismisses with the new Settings.

    Modal, so the app's view keys stay off while it is open. Duties and platforms are saved
    to the database, their source of truth; the rest goes to the TOML file, whose own
    [[duties]], [[platforms]] and [keys] tables are kept (see `storage.settings.follow_store`).
    """

    BINDINGS: ClassVar[list[BindingType]] = SETTINGS_BINDINGS
    # Focused as the form is built, not after the scrolling body: focusing that first
    # restyled the whole screen twice more (its focus and its blur).
    AUTO_FOCUS: ClassVar[str | None] = "#timezone"

    def __init__(self, store: Store, settings: Settings) -> None:
        super().__init__()
        self._lines_shown: dict[str, list[tuple[str, str]]] = {}  # each list's lines drawn
        self._setup(store, settings)

    def _setup(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.path: Path = settings.path or config_path()
        self.duties, self.platforms = rows_of(store)
        self._new = 0
        self._read_split(settings.job_description)
        self._initial: tuple[Any, ...] = ()

    def _duty_called(self, name: str) -> Row | None:
        return duty_called(self.duties, name)

    # -- layout

    def compose(self) -> ComposeResult:
        s = self.settings
        with Horizontal(id="settings-title"):
            yield Static(_("Settings"), classes="settings-heading")
            yield Static(str(self.path), id="settings-path", markup=False)
        yield Static("", id="file-problem", classes="note", markup=False)
        with VerticalScroll(id="settings-body"):
            yield Static(_("General"), classes="settings-section")
            yield from general_rows(self.store, s)

            yield Static(_("Job description"), classes="settings-section")
            yield Static(
                _(
                    "The intended share of each duty, in percent: they add up to 100. "
                    "All empty = not set."
                ),
                classes="settings-hint",
            )
            with Vertical(id="share-rows"):
                for row in self.duties:
                    yield self._share_row(row.key, self._shares.get(row.key, ""))
                for key, name in self._orphans:
                    label = _("{name} (no such duty)").format(name=name)
                    yield self._share_row(key, self._shares[key], label=label)
            yield Static("", id="share-total", classes="note", markup=False)
            yield Button(_("Fill from the hours logged"), id="suggest-split", compact=True)

            for title, kind, list_id, hint in (
                (
                    _("Duties"),
                    "duty",
                    "duties",
                    _(
                        "enter edit · a add · d remove or restore · one with logged hours is archived"
                    ),
                ),
                (
                    _("Platforms"),
                    "platform",
                    "platforms",
                    _("enter edit · a add · d remove or restore · one with posts is archived"),
                ),
            ):
                yield Static(title, classes="settings-section")
                yield Static(hint, classes="settings-hint")
                yield ItemList(kind, id=list_id)
                yield Static("", id=f"{list_id}-note", classes="note", markup=False)
            yield from sync_rows(s)
        yield Static("", id="form-error", classes="note", markup=False)
        yield Footer()

    # Notes always given their words as the screen opens: not emptied first, since showing
    # a note again lays the screen out again (a kept screen opens with the same words).
    SHOWN_NOTES: ClassVar[frozenset[str]] = frozenset(
        {"timezone-note", "cancelled_days-note", "language-note", "share-total"}
    )

    def on_mount(self) -> None:
        for note in self.query(".note").results(Static):
            if note.id not in self.SHOWN_NOTES:
                set_note(note, "")
        self._show_lists()
        self._show_shares()
        self._check_file()
        self._show_zone_source()
        self._initial = self._raw()
        self.set_focus(self.query_one("#timezone", Input), scroll_visible=False)

    def refill(self, store: Store, settings: Settings) -> bool:
        """Take the settings and lists as they are now, as if built for them: the kept screen
        (tui/kept.py). False when the duties changed since it was built: it is built anew."""
        built = [row.key for row in self.duties] + [key for key, _ in self._orphans]
        self._setup(store, settings)
        now = [row.key for row in self.duties] + [key for key, _ in self._orphans]
        if now != built or len(self.query(".share-row")) != len(now):
            return False  # other split rows (a duty added, removed or left unsaved)
        s = settings
        texts = {
            "timezone": store.zone_name,
            "hours_per_week": shown_number(s.hours_per_week),
            "start": f"{s.work_start:%H:%M}",
            "end": f"{s.work_end:%H:%M}",
            "cancelled_days": str(stored_cancelled_days(store)),
            **sync_texts(s),
        }
        texts.update({f"{key}-share": self._shares.get(key, "") for key in now})
        # One walk for every widget refilled: a query per id walks the whole screen each time.
        by_id: dict[str, Any] = {w.id: w for w in self.walk_children() if w.id}
        with self.prevent(Input.Changed, Checkbox.Changed, Select.Changed):
            for wid, text in texts.items():
                by_id[wid].value = text
                by_id[wid].cursor_position = len(text)
            by_id["week_start"].value = s.week_start
            by_id["language"].value = s.language or ""
            for wid, checked in sync_checks(s).items():
                by_id[wid].value = checked
            for i in range(7):
                by_id[f"day-{i}"].value = i in s.working_days
            for row in self.duties:
                label = literal(row.fields.name or _("(new duty)"))
                show_text(by_id[f"{row.key}-share-label"], label)
        show_text(self.query_one("#settings-path", Static), str(self.path))
        for lines in self.query(ItemList).results(ItemList):
            lines.highlighted = None  # the first row, as when built
        self.query_one("#settings-body", VerticalScroll).scroll_home(animate=False, immediate=True)
        self.on_mount()
        return True

    def _check_file(self) -> None:
        """Say at once when the file itself is broken: saving would overwrite it."""
        try:
            on_disk = load_settings(self.path)
        except CalepinError as exc:
            set_note(
                self.query_one("#file-problem", Static),
                _("{problem}. Fix the file first: saving is refused until it reads.").format(
                    problem=exc
                ),
                error=True,
            )
            return
        if on_disk.loaded and not written_by_calepin(on_disk):
            set_note(
                self.query_one("#file-problem", Static),
                _(
                    "This file was edited by hand: saving rewrites it in Calepin's layout,"
                    " and its comments are not kept."
                ),
            )

    def _show_zone_source(self) -> None:
        home, named = self.store.zone_name, self.settings.timezone
        text = _("the database's home zone")
        if named and named != home:
            text = _(
                "the database's home zone; the settings file names {zone} (saving writes this one)"
            ).format(zone=named)
        set_note(self.query_one("#timezone-note", Static), text)
        set_note(self.query_one("#cancelled_days-note", Static), _(CANCELLED_HINT))
        set_note(
            self.query_one("#language-note", Static),
            _("saving another language restarts Calepin in it"),
        )

    # -- the lists

    def _show_lists(self) -> None:
        for list_id, rows, line in (
            ("duties", self.duties, duty_line),
            ("platforms", self.platforms, platform_line),
        ):
            widget = self.query_one(f"#{list_id}", ItemList)
            highlighted = widget.highlighted
            lines = [(row.key, str(line(row))) for row in rows]
            if lines != self._lines_shown.get(list_id):  # new options: the list laid out again
                widget.set_options(Option(literal(text), id=key) for key, text in lines)
                self._lines_shown[list_id] = lines
            if rows:
                widget.highlighted = min(highlighted or 0, len(rows) - 1)

    def _row_by_key(self, key: str) -> Row | None:
        return next((r for r in self.duties + self.platforms if r.key == key), None)

    @on(OptionList.OptionSelected)
    def _edit(self, event: OptionList.OptionSelected) -> None:
        row = self._row_by_key(event.option_id or "")
        if row is not None:
            self._open(row)

    def add_item(self, kind: str) -> None:
        self._open(None, kind)

    def _open(self, row: Row | None, kind: str = "") -> None:
        is_duty = row.key.startswith("d") if row is not None else kind == "duty"
        others = [r for r in (self.duties if is_duty else self.platforms) if r is not row]

        def done(fields: DutyFields | PlatformFields | None) -> None:
            if fields is not None:
                self._edited(row, fields, is_duty)

        if is_duty:
            taken = {
                w.casefold(): r.fields.name
                for r in others
                for w in (r.fields.name, *r.fields.aliases)
            }
            old = row.original.aliases if row and isinstance(row.original, Duty) else ()
            fields = row.fields if row else None
            self.app.push_screen(DutyDialog(fields, taken, old_aliases=old), done)
            return
        taken = {
            w.casefold(): r.fields.name
            for r in others
            for w in (r.fields.name, r.fields.tag or r.fields.name[:3].upper())
        }
        duties = {
            w.casefold(): r.fields.name
            for r in self.duties
            if r.active
            for w in (r.fields.name, *r.fields.aliases)
        }
        self.app.push_screen(PlatformDialog(row.fields if row else None, taken, duties), done)

    def _edited(self, row: Row | None, fields: Any, is_duty: bool) -> None:
        rows = self.duties if is_duty else self.platforms
        if row is None:
            self._new += 1
            row = Row(f"{'d' if is_duty else 'p'}n{self._new}", None, fields)
            rows.append(row)
            if is_duty:
                share = self._share_row(row.key, "")
                orphan = self.query(f"#{self._orphans[0][0]}-share-row") if self._orphans else None
                rows_box = self.query_one("#share-rows")
                rows_box.mount(share, before=orphan.first() if orphan else None)
        elif is_duty and fields.name != row.fields.name:
            # Platforms name their default duty: a renamed duty stays their default.
            old = row.fields.name.casefold()
            for platform in self.platforms:
                if (platform.fields.default_duty or "").casefold() == old:
                    platform.fields = replace(platform.fields, default_duty=fields.name)
        row.fields = fields
        label = self.query(f"#{row.key}-share-label")  # a row mounted just now has its name
        if label:
            label.first(Label).update(literal(fields.name))
        set_note(self.query_one("#duties-note" if is_duty else "#platforms-note", Static), "")
        self._show_lists()
        widget = self.query_one("#duties" if is_duty else "#platforms", ItemList)
        widget.highlighted = rows.index(row)
        widget.focus()
        self.call_after_refresh(self._show_shares)

    def toggle_item(self, key: str) -> None:
        """Remove a row on save (a new one goes at once), or take that back; restore an
        archived one."""
        row = self._row_by_key(key)
        if row is None:
            return
        is_duty = key.startswith("d")
        if row.is_new:
            (self.duties if is_duty else self.platforms).remove(row)
            self.query(f"#{key}-share-row").remove()
        elif row.original is not None and row.original.archived:
            row.restored = not row.restored
        else:
            row.removed = not row.removed
        set_note(self.query_one("#duties-note" if is_duty else "#platforms-note", Static), "")
        self._show_lists()
        self._show_shares()

    # -- the split

    def _text(self, wid: str) -> str:
        return self.query_one(f"#{wid}", Input).value

    @on(Button.Pressed, "#suggest-split")
    def _suggest_split(self) -> None:
        now = self.app.now() if hasattr(self.app, "now") else dt.datetime.now().astimezone()
        self.fill_split_from_log(self.store, self.settings.tracking_since, now)

    @on(Input.Changed, ".share-input")
    def _share_changed(self, event: Input.Changed) -> None:
        set_note(self.query_one(f"#{event.input.id}-note", Static), "")
        self._show_total()

    @on(Input.Changed)
    @on(Checkbox.Changed)
    @on(Select.Changed)
    def _clear_form_error(self) -> None:
        set_note(self.query_one("#form-error", Static), "")

    # -- changed?

    def _raw(self) -> tuple[Any, ...]:
        values: list[Any] = [(w.id, w.value) for w in self.query(Input).results(Input)]
        values += [(w.id, w.value) for w in self.query(Checkbox).results(Checkbox)]
        values.append(self.query_one("#week_start", Select).value)
        values.append(self.query_one("#language", Select).value)
        values += [(r.key, r.fields, r.removed, r.restored) for r in self.duties + self.platforms]
        return tuple(values)

    @property
    def changed(self) -> bool:
        """Whether anything differs from what the screen opened with."""
        return bool(self._initial) and self._raw() != self._initial

    # -- checking

    def _general(self) -> tuple[Settings | None, dict[str, str]]:
        """The general settings and the split, checked like the file; errors by note id."""
        week_start = cast(int, self.query_one("#week_start", Select).value)
        calendar: dict[str, Any] = {"week_start": WEEKDAYS[week_start]}
        if self._text("timezone").strip():
            calendar["timezone"] = self._text("timezone").strip()
        work: dict[str, Any] = {
            "hours_per_week": typed_number(self._text("hours_per_week")),
            "start": typed_clock(self._text("start")),
            "end": typed_clock(self._text("end")),
        }
        errors: dict[str, str] = {}
        days = [WEEKDAYS[i] for i in range(7) if self.query_one(f"#day-{i}", Checkbox).value]
        if days:
            work["days"] = days
        else:
            errors["days-note"] = _("Working days: choose at least one")
        split: dict[str, Any] = {}
        share_notes: dict[str, str] = {}
        for key, name in self._counted_shares():
            text = self._text(f"{key}-share").strip()
            if text:
                split[name] = typed_number(text)
                share_notes[name] = f"{key}-share-note"
        export = {"cancelled_days": typed_number(self._text("cancelled_days"))}
        data: dict[str, Any] = {"calendar": calendar, "work": work, "export": export}
        language = self.query_one("#language", Select).value
        if isinstance(language, str) and language:
            data["interface"] = {"language": language}
        if sync := sync_table(self._text, lambda wid: self.query_one(f"#{wid}", Checkbox).value):
            data["sync"] = sync
        if split:
            data["job_description"] = split
        settings, found = check_settings(data, self.path)
        for key, message in found.items():
            duty = key.removeprefix("job_description.")
            if duty != key and duty in share_notes:
                note, words = share_notes[duty], _("{duty} share").format(duty=duty)
            else:
                note, field = GENERAL_NOTES.get(key) or SYNC_NOTES.get(key, ("form-error", ""))
                words = _(field) if field else ""
            if words:
                message = _("{field}: {problem}").format(field=words, problem=message)
            errors[note] = f"{errors[note]}; {message}" if note in errors else message
        return (None if errors else settings), errors

    def _plan(self) -> tuple[Settings | None, Plan, dict[str, str]]:
        general, errors = self._general()
        plan = Plan()
        plan_duties(self.duties, plan, errors)
        plan_platforms(self.duties, self.platforms, plan, errors)
        if general is not None and general.timezone and general.timezone != self.store.zone_name:
            plan.timezone = general.timezone
        return general, plan, errors

    def _show_errors(self, errors: dict[str, str]) -> None:
        for note_id, message in errors.items():
            set_note(self.query_one(f"#{note_id}", Static), message, error=True)
        if "form-error" not in errors:
            set_note(
                self.query_one("#form-error", Static),
                _("Nothing saved: fix what is in red."),
                error=True,
            )
        first = next((n for n in errors if n != "form-error"), None)
        if first is not None:
            self.query_one(f"#{first}").scroll_visible()

    def _clear_errors(self) -> None:
        for note in self.query(".note.-error").results(Static):
            if note.id != "file-problem":
                set_note(note, "")
        self._show_total()

    # -- saving

    async def action_save(self) -> None:
        self._clear_errors()
        general, plan, errors = self._plan()
        if not errors and plan.timezone:
            self._ask_what_posts_keep(plan)
            return
        self._save(general, plan, errors)

    def _ask_what_posts_keep(self, plan: Plan) -> None:
        """A new home zone: planned posts keep their clock time or their moment."""
        from tui.dialogs.choice import ChoiceDialog

        day = self.app.now().date() if hasattr(self.app, "now") else dt.date.today()
        message, choices = zone_question(self.store.zone_name, plan.timezone or "", day)

        def answered(keep: str | None) -> None:
            if keep is None:
                set_note(
                    self.query_one("#timezone-note", Static),
                    _("Nothing saved: choose whether posts keep their clock time or their moment"),
                    error=True,
                )
                return
            general, again, errors = self._plan()  # as the screen stands now
            again.keep = keep
            self._save(general, again, errors)

        self.app.push_screen(ChoiceDialog(message, choices), answered)

    def _save(self, general: Settings | None, plan: Plan, errors: dict[str, str]) -> None:
        try:
            on_disk = load_settings(self.path)
        except CalepinError as exc:
            errors["form-error"] = _("Nothing saved: {problem}. Fix the file first.").format(
                problem=exc
            )
            on_disk = None
        if errors or general is None or on_disk is None:
            self._show_errors(errors)
            return
        # Kept as they are: the file's own tables, or the app's when there is no file yet.
        kept = on_disk if on_disk.loaded else self.settings
        ids = listed_ids(kept, self.store)
        done: list[str] = []
        follow_renames(self.store, self.duties, self.platforms)
        names = {id(row): row.name for row in (*self.duties, *self.platforms)}
        try:
            # All or nothing, and one step for `u`: the database edits and the file, which is
            # written last, before the database commits.
            with self.store.transaction("save the settings"):
                run_plan(self.store, plan, done)
                set_cancelled_days(general, self.store)
                # What the screen does not show stays as the file has it.
                settings = replace(
                    general,
                    duties=kept.duties,
                    platforms=kept.platforms,
                    keys=kept.keys,
                    holidays=kept.holidays,
                    tracking_since=kept.tracking_since,
                    long_timer_hours=kept.long_timer_hours,
                    timer_keys=kept.timer_keys,
                )
                settings = follow_store(settings, self.store, ids)
                saved = save_settings(settings, self.path)
        except CalepinError as exc:
            for row in (*self.duties, *self.platforms):
                row.name = names[id(row)]  # the renames were rolled back
            self._show_errors({"form-error": _("Nothing saved: {problem}").format(problem=exc)})
            return
        saved_to = _("Settings saved to {path}.").format(path=self.path)
        self.app.notify(" ".join([saved_to, *plan.archived]), title=_("Settings"), timeout=6)
        self.dismiss(saved)

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.focus_next()

    # -- leaving

    def action_cancel(self) -> None:
        dismiss_unless_changed(self, self.changed, _("Discard the changes to the settings?"))
