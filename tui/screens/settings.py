"""The settings screen (`,`): working time, the job description's split, duties, platforms."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Checkbox, Footer, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from storage import CalepinError, Duty, Platform, Store
from storage.errors import ParseError
from storage.parse import parse_time
from tui.config import (
    WEEKDAYS,
    Settings,
    check_settings,
    config_path,
    follow_store,
    listed_ids,
    load_settings,
    save_settings,
    written_by_calepin,
)
from tui.dialogs._base import set_note
from tui.dialogs.confirm import dismiss_unless_changed
from tui.dialogs.settings_items import (
    DutyDialog,
    DutyFields,
    PlatformDialog,
    PlatformFields,
    words,
)

# Where check_settings' keys are shown: the note under the matching input.
_GENERAL_NOTES = {
    "calendar.timezone": "timezone-note",
    "calendar.week_start": "week_start-note",
    "work.hours_per_week": "hours_per_week-note",
    "work.days": "days-note",
    "work.start": "hours-note",
    "work.end": "hours-note",
    "job_description": "share-total",
}


class ZoneSuggester(Suggester):
    """Completes IANA zone names; the list is read from disk on the first keystroke only."""

    def __init__(self) -> None:
        super().__init__(use_cache=True, case_sensitive=False)
        self._names: list[str] | None = None

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        if self._names is None:
            from zoneinfo import available_timezones

            self._names = sorted(available_timezones())
        # `value` arrives folded (case_sensitive=False); the suggestion keeps the name's case.
        return next((n for n in self._names if n.casefold().startswith(value)), None)


@dataclass
class Row:
    """A duty or platform of the lists: the database's, and what saving will make of it."""

    key: str  # d7 / p3 for database ids, dn1 / pn1 for new ones
    original: Duty | Platform | None
    fields: Any  # DutyFields | PlatformFields
    removed: bool = False  # the store archives it instead when hours or posts use it
    restored: bool = False  # an archived one brought back
    name: str = ""  # its name in the database while saving goes (renames, temporary names)

    @property
    def is_new(self) -> bool:
        return self.original is None

    @property
    def archived(self) -> bool:
        """Archived after saving, as far as the screen decides."""
        return self.original is not None and self.original.archived and not self.restored

    @property
    def active(self) -> bool:
        return not self.removed and not self.archived

    @property
    def edited(self) -> bool:
        return self.original is not None and self.fields != _fields(self.original)

    @property
    def state(self) -> str:
        if self.removed:
            return "to remove"
        if self.is_new:
            return "new"
        if self.restored:
            return "to restore"
        if self.archived:
            return "archived"
        return "edited" if self.edited else ""


def _fields(item: Duty | Platform) -> DutyFields | PlatformFields:
    if isinstance(item, Duty):
        return DutyFields(item.name, item.aliases, item.social)
    return PlatformFields(item.name, item.tag, item.colour, item.char_limit, item.default_duty)


def _rows(store: Store) -> tuple[list[Row], list[Row]]:
    duties = [
        Row(f"d{d.id}", d, _fields(d), name=d.name) for d in store.duties(include_archived=True)
    ]
    platforms = [
        Row(f"p{p.id}", p, _fields(p), name=p.name) for p in store.platforms(include_archived=True)
    ]
    return duties, platforms


@dataclass
class Plan:
    """The store calls a save makes, worked out and checked before the first one runs."""

    timezone: str | None = None
    duty_edits: list[tuple[Row, dict[str, Any]]] = field(default_factory=list)
    duty_adds: list[Row] = field(default_factory=list)
    platform_edits: list[tuple[Row, dict[str, Any]]] = field(default_factory=list)
    platform_adds: list[tuple[Row, dict[str, Any]]] = field(default_factory=list)
    removals: list[Row] = field(default_factory=list)  # platforms, then duties


def _number(text: str) -> Any:
    """A typed number as a float (a decimal comma is fine), else the text for the checker."""
    cleaned = text.strip().replace(",", ".").removesuffix("%").strip()
    try:
        value = float(cleaned)
    except ValueError:
        return text.strip()
    return int(value) if value.is_integer() else value  # messages show 90, not 90.0


def _shown(value: float) -> str:
    """A number as it was typed ("35", "32.5"); every digit when that is what it takes."""
    short = f"{value:g}"
    return short if float(short) == value else repr(value)


def _clock(text: str) -> Any:
    try:
        return parse_time(text.strip())
    except ParseError:
        return text.strip()


class ItemList(OptionList):
    """The duties or the platforms, one line each; enter edits, a adds, d removes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "select", "Edit", id="settings.edit", tooltip="Edit the highlighted item"),
        Binding("a", "add", "Add", id="settings.add", tooltip="Add a duty or platform"),
        Binding(
            "d,delete",
            "remove",
            "Remove/restore",
            id="settings.remove",
            tooltip="Remove the highlighted item on save (again to keep it), or restore it",
        ),
    ]

    def __init__(self, kind: str, *, id: str) -> None:
        super().__init__(id=id, compact=True)
        self.kind = kind

    @property
    def settings_screen(self) -> SettingsScreen:
        return cast("SettingsScreen", self.screen)

    def action_add(self) -> None:
        self.settings_screen.add_item(self.kind)

    def action_remove(self) -> None:
        if self.highlighted_option is not None and self.highlighted_option.id:
            self.settings_screen.toggle_item(self.highlighted_option.id)


class SettingsScreen(ModalScreen[Settings | None]):
    """Edit the settings file and the duty and platform lists; dismisses with the new Settings.

    Modal, so the app's view keys stay off while it is open. Duties and platforms are saved
    to the database, their source of truth; the rest goes to the TOML file, whose own
    [[duties]], [[platforms]] and [keys] tables are kept (see `tui.config.follow_store`).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+s", "save", "Save", id="settings.save", tooltip="Check and save the settings"
        ),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="settings.cancel",
            tooltip="Leave without saving (asks first when something changed)",
        ),
    ]

    def __init__(self, store: Store, settings: Settings) -> None:
        super().__init__()
        self.store = store
        self.settings = settings
        self.path: Path = settings.path or config_path()
        self.duties, self.platforms = _rows(store)
        self._new = 0
        # The split: a percent per duty row, then names from the file that match no duty.
        self._shares: dict[str, str] = {}
        self._orphans: list[tuple[str, str]] = []
        summed: dict[str, float] = {}
        for name, percent in settings.job_description:
            row = self._duty_called(name)
            if row is not None:
                # A duty named twice (by its name and an alias) gets both, as the report does.
                summed[row.key] = summed.get(row.key, 0.0) + percent
                self._shares[row.key] = _shown(summed[row.key])
            else:
                key = f"o{len(self._orphans)}"
                self._orphans.append((key, name))
                self._shares[key] = _shown(percent)
        self._initial: tuple[Any, ...] = ()

    def _duty_called(self, name: str) -> Row | None:
        folded = words(name).casefold()
        for row in self.duties:
            if folded in (w.casefold() for w in (row.fields.name, *row.fields.aliases)):
                return row
        return None

    # -- layout

    def compose(self) -> ComposeResult:
        s = self.settings
        with Horizontal(id="settings-title"):
            yield Static("Settings", classes="settings-heading")
            yield Static(str(self.path), id="settings-path", markup=False)
        yield Static("", id="file-problem", classes="note", markup=False)
        with VerticalScroll(id="settings-body"):
            yield Static("General", classes="settings-section")
            yield self._row(
                "Time zone",
                "timezone",
                Input(
                    s.timezone or "",
                    id="timezone",
                    placeholder=f"{self.store.zone_name} (the database's; empty = keep it)",
                    suggester=ZoneSuggester(),
                    compact=True,
                ),
            )
            yield self._row(
                "Week starts on",
                "week_start",
                Select[int](
                    [(day.capitalize(), i) for i, day in enumerate(WEEKDAYS)],
                    value=s.week_start,
                    allow_blank=False,
                    id="week_start",
                    compact=True,
                ),
            )
            yield self._row(
                "Hours per week",
                "hours_per_week",
                Input(_shown(s.hours_per_week), id="hours_per_week", classes="short", compact=True),
            )
            yield self._row(
                "Working days",
                "days",
                Horizontal(
                    *(
                        Checkbox(
                            day[:3].capitalize(), i in s.working_days, id=f"day-{i}", compact=True
                        )
                        for i, day in enumerate(WEEKDAYS)
                    ),
                    id="days",
                ),
            )
            yield self._row(
                "Working hours",
                "hours",
                Horizontal(
                    Input(f"{s.work_start:%H:%M}", id="start", classes="short", compact=True),
                    Label("to", classes="between"),
                    Input(f"{s.work_end:%H:%M}", id="end", classes="short", compact=True),
                    id="work-hours",
                ),
            )

            yield Static("Job description", classes="settings-section")
            yield Static(
                "The intended share of each duty, in percent: they add up to 100. "
                "All empty = not set.",
                classes="settings-hint",
            )
            with Vertical(id="share-rows"):
                for row in self.duties:
                    yield self._share_row(row.key, self._shares.get(row.key, ""))
                for key, name in self._orphans:
                    yield self._share_row(key, self._shares[key], label=f"{name} (no such duty)")
            yield Static("", id="share-total", classes="note", markup=False)

            for title, kind, list_id, kept_by in (
                ("Duties", "duty", "duties", "logged hours"),
                ("Platforms", "platform", "platforms", "posts"),
            ):
                yield Static(title, classes="settings-section")
                yield Static(
                    f"enter edit · a add · d remove or restore · one with {kept_by} is archived",
                    classes="settings-hint",
                )
                yield ItemList(kind, id=list_id)
                yield Static("", id=f"{list_id}-note", classes="note", markup=False)
        yield Static("", id="form-error", classes="note", markup=False)
        yield Footer()

    @staticmethod
    def _row(label: str, key: str, widget: Widget) -> Horizontal:
        return Horizontal(
            Label(label, classes="label"),
            Vertical(
                widget, Static("", id=f"{key}-note", classes="note", markup=False), classes="field"
            ),
            classes="general-row",
        )

    def _share_row(self, key: str, value: str, *, label: str | None = None) -> Horizontal:
        row = self._row_by_key(key)
        text = label if label is not None else (row.fields.name if row else key)
        return Horizontal(
            Label(
                text or "(new duty)", id=f"{key}-share-label", classes="share-label", markup=False
            ),
            Input(value, id=f"{key}-share", classes="share-input", compact=True),
            Label("%", classes="share-unit"),
            Static("", id=f"{key}-share-note", classes="note", markup=False),
            id=f"{key}-share-row",
            classes="share-row",
        )

    def on_mount(self) -> None:
        for note in self.query(".note").results(Static):
            set_note(note, "")
        self._show_lists()
        self._show_shares()
        self._check_file()
        self._initial = self._raw()
        self.query_one("#timezone", Input).focus()

    def _check_file(self) -> None:
        """Say at once when the file itself is broken: saving would overwrite it."""
        try:
            on_disk = load_settings(self.path)
        except CalepinError as exc:
            set_note(
                self.query_one("#file-problem", Static),
                f"{exc}. Fix the file first: saving is refused until it reads.",
                error=True,
            )
            return
        if on_disk.loaded and not written_by_calepin(on_disk):
            set_note(
                self.query_one("#file-problem", Static),
                "This file was edited by hand: saving rewrites it in Calepin's layout,"
                " and its comments are not kept.",
            )

    # -- the lists

    def _show_lists(self) -> None:
        for list_id, rows, line in (
            ("duties", self.duties, _duty_line),
            ("platforms", self.platforms, _platform_line),
        ):
            widget = self.query_one(f"#{list_id}", ItemList)
            highlighted = widget.highlighted
            widget.set_options(Option(line(row), id=row.key) for row in rows)
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
            label.first(Label).update(fields.name)
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

    def _counted_shares(self) -> list[tuple[str, str]]:
        """(row key, duty name) of the split rows that count: duties kept (archived ones only
        with a value), then names matching no duty."""
        shares: list[tuple[str, str]] = []
        for row in self.duties:
            share = self.query(f"#{row.key}-share")
            value = share.first(Input).value.strip() if share else ""
            if not row.removed and (not row.archived or value):
                shares.append((row.key, row.fields.name))
        return shares + self._orphans

    def _show_shares(self) -> None:
        counted = {key for key, _ in self._counted_shares()}
        for row in self.duties:
            found = self.query(f"#{row.key}-share-row")
            if found:
                found.first().display = row.key in counted
        self._show_total()

    def _show_total(self) -> None:
        total, filled = 0.0, 0
        for key, _ in self._counted_shares():
            found = self.query(f"#{key}-share")
            text = found.first(Input).value.strip() if found else ""
            if text:
                filled += 1
                value = _number(text)
                total += value if isinstance(value, int | float) else 0
        note = self.query_one("#share-total", Static)
        if not filled:
            set_note(note, "not set")
        elif abs(total - 100) <= 0.01:
            set_note(note, "adds up to 100 %")
        else:
            set_note(note, f"adds up to {total:g} % — must be 100", error=True)

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
            "hours_per_week": _number(self._text("hours_per_week")),
            "start": _clock(self._text("start")),
            "end": _clock(self._text("end")),
        }
        errors: dict[str, str] = {}
        days = [WEEKDAYS[i] for i in range(7) if self.query_one(f"#day-{i}", Checkbox).value]
        if days:
            work["days"] = days
        else:
            errors["days-note"] = "[work] days: choose at least one working day"
        split: dict[str, Any] = {}
        share_notes: dict[str, str] = {}
        for key, name in self._counted_shares():
            text = self._text(f"{key}-share").strip()
            if text:
                split[name] = _number(text)
                share_notes[name] = f"{key}-share-note"
        data: dict[str, Any] = {"calendar": calendar, "work": work}
        if split:
            data["job_description"] = split
        settings, found = check_settings(data, self.path)
        for key, message in found.items():
            if key.startswith("job_description."):
                note = share_notes.get(key.removeprefix("job_description."), "share-total")
            else:
                note = _GENERAL_NOTES.get(key, "form-error")
            errors[note] = f"{errors[note]}; {message}" if note in errors else message
        return (None if errors else settings), errors

    def _duty_plan(self, plan: Plan, errors: dict[str, str]) -> None:
        if not any(row.active and row.fields.social for row in self.duties):
            errors["duties-note"] = "[[duties]] keep at least one active duty marked social"
        for row in self.duties:
            duty, f = row.original, row.fields
            if row.removed:
                plan.removals.append(row)
            elif not isinstance(duty, Duty):
                plan.duty_adds.append(row)
            else:
                changes: dict[str, Any] = {}
                if f.name != duty.name:
                    changes["new_name"] = f.name
                if f.aliases != duty.aliases:
                    changes["aliases"] = f.aliases
                if f.social != duty.social:
                    changes["social"] = f.social
                if row.restored:
                    changes["archived"] = False
                if changes:
                    plan.duty_edits.append((row, changes))

    def _platform_plan(self, plan: Plan, errors: dict[str, str]) -> None:
        def fail(note: str, message: str) -> None:
            errors[note] = f"{errors[note]}; {message}" if note in errors else message

        if not any(row.active for row in self.platforms):
            fail("platforms-note", "[[platforms]] keep at least one active platform")
        for row in self.platforms:
            platform, f = row.original, row.fields
            if row.removed:
                plan.removals.insert(0, row)
                continue
            duty = self._duty_called(f.default_duty) if f.default_duty else None
            if f.default_duty and duty is None:
                fail(
                    "platforms-note",
                    f"[[platforms]] '{f.name}': no duty is called '{f.default_duty}'",
                )
                continue
            if duty is not None and row.active and not duty.active:
                fail(
                    "duties-note" if duty.removed else "platforms-note",
                    f"[[platforms]] '{f.name}': its default duty '{duty.fields.name}' is "
                    f"{'removed' if duty.removed else 'archived'}; pick another one",
                )
                continue
            if not isinstance(platform, Platform):
                plan.platform_adds.append(
                    (
                        row,
                        {
                            "name": f.name,
                            "tag": f.tag or None,
                            "colour": f.colour,
                            "char_limit": f.char_limit,
                            "default_duty": f.default_duty,
                        },
                    )
                )
                continue
            changes: dict[str, Any] = {}
            if f.name != platform.name:
                changes["new_name"] = f.name
            if f.tag != platform.tag:
                changes["tag"] = f.tag
            if f.colour != platform.colour:
                changes["colour"] = f.colour
            if f.char_limit != platform.char_limit:
                changes["char_limit"] = f.char_limit
            was = self._original_duty(platform.default_duty)
            if duty is not was:
                changes["default_duty"] = duty.fields.name if duty else None
            if row.restored:
                changes["archived"] = False
            if changes:
                plan.platform_edits.append((row, changes))

    def _original_duty(self, name: str | None) -> Row | None:
        return next((r for r in self.duties if r.original and r.original.name == name), None)

    def _plan(self) -> tuple[Settings | None, Plan, dict[str, str]]:
        general, errors = self._general()
        plan = Plan()
        self._duty_plan(plan, errors)
        self._platform_plan(plan, errors)
        if general is not None and general.timezone and general.timezone != self.store.zone_name:
            plan.timezone = general.timezone
        return general, plan, errors

    def _show_errors(self, errors: dict[str, str]) -> None:
        for note_id, message in errors.items():
            set_note(self.query_one(f"#{note_id}", Static), message, error=True)
        if "form-error" not in errors:
            set_note(
                self.query_one("#form-error", Static),
                "Nothing saved: fix what is in red.",
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
        try:
            on_disk = load_settings(self.path)
        except CalepinError as exc:
            errors["form-error"] = f"Nothing saved: {exc}. Fix the file first."
            on_disk = None
        if errors or general is None or on_disk is None:
            self._show_errors(errors)
            return
        # Kept as they are: the file's own tables, or the app's when there is no file yet.
        kept = on_disk if on_disk.loaded else self.settings
        ids = listed_ids(kept, self.store)
        done: list[str] = []
        self._follow_renames_made_elsewhere()
        names = {id(row): row.name for row in (*self.duties, *self.platforms)}
        try:
            # All or nothing, and one step for `u`: the database edits and the file, which is
            # written last, before the database commits.
            with self.store.transaction("save the settings"):
                self._run(plan, done)
                settings = replace(
                    general, duties=kept.duties, platforms=kept.platforms, keys=kept.keys
                )
                settings = follow_store(settings, self.store, ids)
                saved = save_settings(settings, self.path)
        except CalepinError as exc:
            for row in (*self.duties, *self.platforms):
                row.name = names[id(row)]  # the renames were rolled back
            self._show_errors({"form-error": f"Nothing saved: {exc}"})
            return
        archived = [line for line in done if line.startswith("Archived")]
        self.app.notify(
            " ".join([f"Settings saved to {self.path}.", *archived]), title="Settings", timeout=6
        )
        self.dismiss(saved)

    def _follow_renames_made_elsewhere(self) -> None:
        """Rows find their duty or platform by name: take the database's names now, in case
        the command line renamed one while the screen was open."""
        now_named = {d.id: d.name for d in self.store.duties(include_archived=True)}
        for row in self.duties:
            if row.original is not None and row.original.id in now_named:
                row.name = now_named[row.original.id]
        now_named = {p.id: p.name for p in self.store.platforms(include_archived=True)}
        for row in self.platforms:
            if row.original is not None and row.original.id in now_named:
                row.name = now_named[row.original.id]

    def _run(self, plan: Plan, done: list[str]) -> None:
        """Make the planned store calls; each is one undoable change."""
        store = self.store
        if plan.timezone:
            store.set_setting("timezone", plan.timezone)

        def duty_words() -> dict[str, int]:
            return {
                w.casefold(): d.id
                for d in store.duties(include_archived=True)
                for w in (d.name, *d.aliases)
            }

        def platform_words() -> dict[str, int]:
            return {
                w.casefold(): p.id
                for p in store.platforms(include_archived=True)
                for w in (p.name, p.tag)
            }

        def update_duty(row: Row, kwargs: dict[str, Any]) -> Duty:
            return store.update_duty(row.name, **kwargs)

        def update_platform(row: Row, kwargs: dict[str, Any]) -> Platform:
            return store.update_platform(row.name, **kwargs)

        # A duty loses its social flag only once the others have theirs: the store keeps
        # one active social duty at every step.
        first = [
            (row, {k: v for k, v in kwargs.items() if k != "social" or v})
            for row, kwargs in plan.duty_edits
        ]
        _edit_all([(r, kw) for r, kw in first if kw], duty_words, update_duty, "duty", done)
        for row in plan.duty_adds:
            f = row.fields
            store.add_duty(f.name, aliases=f.aliases, social=f.social)
            row.name = f.name
            done.append(f"added duty {f.name}")
        for row, kwargs in plan.duty_edits:
            if kwargs.get("social") is False:
                update_duty(row, {"social": False})
        _edit_all(plan.platform_edits, platform_words, update_platform, "platform", done)
        for row, kwargs in plan.platform_adds:
            store.add_platform(**kwargs)
            row.name = kwargs["name"]
            done.append(f"added platform {row.name}")
        for row in plan.removals:
            if row.key.startswith("d"):
                how, what, reason = store.remove_duty(row.name), "duty", "hours"
            else:
                how, what, reason = store.remove_platform(row.name), "platform", "posts"
            if how == "archived":
                done.append(f"Archived {what} {row.name}: it has {reason}.")
            else:
                done.append(f"deleted {what} {row.name}")

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.focus_next()

    # -- leaving

    def action_cancel(self) -> None:
        dismiss_unless_changed(self, self.changed, "Discard the changes to the settings?")


def _edit_all(
    edits: list[tuple[Row, dict[str, Any]]],
    held_words: Callable[[], dict[str, int]],
    update: Callable[[Row, dict[str, Any]], Duty | Platform],
    what: str,
    done: list[str],
) -> None:
    """Apply edits in an order where every name is free when an edit takes it.

    Renames can swap names (A→B, B→A): when no edit can go, one takes a temporary name.
    """
    pending = list(edits)
    while pending:
        held = held_words()
        ready = [
            (row, kwargs)
            for row, kwargs in pending
            if all(held.get(w.casefold(), _id(row)) == _id(row) for w in _wanted(kwargs))
        ]
        if not ready:
            row, kwargs = pending[0]
            if "new_name" in kwargs and held.get(row.name.casefold()) == _id(row):
                temporary = f"{row.name} ~{row.key}"
                update(row, {"new_name": temporary})
                row.name = temporary
                continue
            ready = pending[:1]  # an alias or tag swap: let the store say what clashes
        for row, kwargs in ready:
            result = update(row, kwargs)
            done.append(f"updated {what} {result.name}")
            row.name = result.name
            pending.remove((row, kwargs))


def _id(row: Row) -> int:
    return row.original.id if row.original is not None else -1


def _wanted(kwargs: dict[str, Any]) -> Iterable[str]:
    """The names an edit takes: a new name, aliases, a tag."""
    if kwargs.get("new_name"):
        yield kwargs["new_name"]
    yield from kwargs.get("aliases", ())
    if kwargs.get("tag"):
        yield kwargs["tag"]


def _duty_line(row: Row) -> Text:
    f: DutyFields = row.fields
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{f.name:<24} ", style="dim" if not row.active else "bold")
    text.append(f"{'social' if f.social else '':<7} ")
    text.append(f"{row.state:<11}", style="italic")
    text.append(", ".join(f.aliases), style="dim")
    return text


def _platform_line(row: Row) -> Text:
    f: PlatformFields = row.fields
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append("██ ", style=f.colour)
    text.append(f"{f.tag or f.name[:3].upper():<5}", style="bold")
    text.append(f"{f.name:<18} ", style="dim" if not row.active else "bold")
    limit = f"{f.char_limit} chars" if f.char_limit else "no limit"
    text.append(f"{limit:<12} ")
    text.append(f"{row.state:<11}", style="italic")
    text.append(f"→ {f.default_duty}" if f.default_duty else "no default duty", style="dim")
    return text
