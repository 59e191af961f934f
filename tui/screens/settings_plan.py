"""The settings screen's duty and platform rows, and the store calls a save makes: planned and
checked first, then run in an order the store accepts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text

from storage import Duty, Platform, Store, wording
from storage.errors import ParseError
from storage.grammar import parse_time
from storage.i18n import N_, _, ngettext, pgettext
from tui.dialogs._base import words
from tui.dialogs.duty_form import DutyFields
from tui.dialogs.platform_form import PlatformFields


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
        return self.original is not None and self.fields != fields_of(self.original)

    @property
    def state(self) -> str:
        """What saving does to it, in the language in use ("" for nothing)."""
        if self.removed:
            return pgettext("item", "to remove")
        if self.is_new:
            return pgettext("item", "new")
        if self.restored:
            return pgettext("item", "to restore")
        if self.archived:
            return pgettext("item", "archived")
        return pgettext("item", "edited") if self.edited else ""


def fields_of(item: Duty | Platform) -> DutyFields | PlatformFields:
    if isinstance(item, Duty):
        return DutyFields(item.name, item.aliases, item.social)
    return PlatformFields(item.name, item.tag, item.colour, item.char_limit, item.default_duty)


def rows_of(store: Store) -> tuple[list[Row], list[Row]]:
    duties = [
        Row(f"d{d.id}", d, fields_of(d), name=d.name) for d in store.duties(include_archived=True)
    ]
    platforms = [
        Row(f"p{p.id}", p, fields_of(p), name=p.name)
        for p in store.platforms(include_archived=True)
    ]
    return duties, platforms


@dataclass
class Plan:
    """The store calls a save makes, worked out and checked before the first one runs."""

    timezone: str | None = None  # a new home zone
    keep: str = "wall"  # what the posts keep when it moves: "wall" or "instant"
    duty_edits: list[tuple[Row, dict[str, Any]]] = field(default_factory=list)
    duty_adds: list[Row] = field(default_factory=list)
    platform_edits: list[tuple[Row, dict[str, Any]]] = field(default_factory=list)
    platform_adds: list[tuple[Row, dict[str, Any]]] = field(default_factory=list)
    removals: list[Row] = field(default_factory=list)  # platforms, then duties
    archived: list[str] = field(default_factory=list)  # what was archived, said after saving


def typed_number(text: str) -> Any:
    """A typed number as a float (a decimal comma is fine), else the text for the checker."""
    cleaned = text.strip().replace(",", ".").removesuffix("%").strip()
    try:
        value = float(cleaned)
    except ValueError:
        return text.strip()
    return int(value) if value.is_integer() else value  # messages show 90, not 90.0


def shown_number(value: float) -> str:
    """A number as it was typed ("35", "32.5", French "32,5"); every digit when that is what
    it takes."""
    short = f"{value:g}"
    return wording.plain(value) if float(short) == value else repr(value)


def typed_clock(text: str) -> Any:
    try:
        return parse_time(text.strip())
    except ParseError:
        return text.strip()


def duty_called(duties: list[Row], name: str) -> Row | None:
    """The duty row that `name` (or one of its aliases) names, as the rows now stand."""
    folded = words(name).casefold()
    for row in duties:
        if folded in (w.casefold() for w in (row.fields.name, *row.fields.aliases)):
            return row
    return None


def plan_duties(duties: list[Row], plan: Plan, errors: dict[str, str]) -> None:
    """Add the duty rows' store calls to `plan`; problems go to `errors` by note id."""
    if not any(row.active and row.fields.social for row in duties):
        errors["duties-note"] = _("Duties: keep at least one active duty marked social")
    for row in duties:
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


def plan_platforms(
    duties: list[Row], platforms: list[Row], plan: Plan, errors: dict[str, str]
) -> None:
    """Add the platform rows' store calls to `plan`; problems go to `errors` by note id."""

    def fail(note: str, message: str) -> None:
        errors[note] = f"{errors[note]}; {message}" if note in errors else message

    if not any(row.active for row in platforms):
        fail("platforms-note", _("Platforms: keep at least one active platform"))
    for row in platforms:
        platform, f = row.original, row.fields
        if row.removed:
            plan.removals.insert(0, row)
            continue
        duty = duty_called(duties, f.default_duty) if f.default_duty else None
        if f.default_duty and duty is None:
            fail(
                "platforms-note",
                _("Platform {platform}: no duty is called '{duty}'").format(
                    platform=f.name, duty=f.default_duty
                ),
            )
            continue
        if duty is not None and row.active and not duty.active:
            message = (
                _("Platform {platform}: its default duty '{duty}' is removed; pick another one")
                if duty.removed
                else _(
                    "Platform {platform}: its default duty '{duty}' is archived; pick another one"
                )
            )
            fail(
                "duties-note" if duty.removed else "platforms-note",
                message.format(platform=f.name, duty=duty.fields.name),
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
        was = _original_duty(duties, platform.default_duty)
        if duty is not was:
            changes["default_duty"] = duty.fields.name if duty else None
        if row.restored:
            changes["archived"] = False
        if changes:
            plan.platform_edits.append((row, changes))


def _original_duty(duties: list[Row], name: str | None) -> Row | None:
    return next((r for r in duties if r.original and r.original.name == name), None)


def run_plan(store: Store, plan: Plan, done: list[str]) -> None:
    """Make the planned store calls; each is one undoable change."""
    if plan.timezone:
        from storage.settings import zone_change_lines

        done += zone_change_lines(store.change_zone(plan.timezone, plan.keep))

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
            plan.archived.append(_(_ARCHIVED[what]).format(name=row.name))
        else:
            done.append(f"deleted {what} {row.name}")


_ARCHIVED = {
    "duty": N_("Archived duty {name}: it has hours."),
    "platform": N_("Archived platform {name}: it has posts."),
}


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


def duty_line(row: Row) -> Text:
    f: DutyFields = row.fields
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{f.name:<24} ", style="dim" if not row.active else "bold")
    social = pgettext("duty", "social") if f.social else ""
    text.append(f"{social:<7} ")
    text.append(f"{row.state:<11}", style="italic")
    text.append(", ".join(f.aliases), style="dim")
    return text


def platform_line(row: Row) -> Text:
    f: PlatformFields = row.fields
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append("██ ", style=f.colour)
    text.append(f"{f.tag or f.name[:3].upper():<5}", style="bold")
    text.append(f"{f.name:<18} ", style="dim" if not row.active else "bold")
    limit = (
        ngettext("{count} chars", "{count} chars", f.char_limit).format(
            count=wording.number(f.char_limit)
        )
        if f.char_limit
        else _("no limit")
    )
    text.append(f"{limit:<12} ")
    text.append(f"{row.state:<11}", style="italic")
    text.append(f"→ {f.default_duty}" if f.default_duty else _("no default duty"), style="dim")
    return text


def follow_renames(store: Store, duties: list[Row], platforms: list[Row]) -> None:
    """Rows find their duty or platform by name: take the database's names now, in case
    the command line renamed one while the settings screen was open."""
    for rows, items in (
        (duties, store.duties(include_archived=True)),
        (platforms, store.platforms(include_archived=True)),
    ):
        now_named = {item.id: item.name for item in items}
        for row in rows:
            if row.original is not None and row.original.id in now_named:
                row.name = now_named[row.original.id]


def zone_question(old: str, new: str, day: dt.date) -> tuple[str, list[tuple[str, str]]]:
    """What to ask when the home zone moves: planned posts keep their clock time or their
    moment (11:30 on `day` as the example)."""
    from storage.timeutil import rezoned

    _day, moved = rezoned(day, dt.time(11, 30), old, new, "instant")
    message = _(
        "The time zone moves from {old} to {new}. "
        "What do the posts keep? (Posts without a time keep their date; a repeating "
        "post keeps its clock time.)"
    ).format(old=old, new=new)
    example = wording.clock(dt.time(11, 30))
    choices = [
        (
            "wall",
            _("Their clock time: {time} stays {time} in {new}").format(time=example, new=new),
        ),
        (
            "instant",
            _("Their moment: {time} in {old} becomes {moved} in {new}").format(
                time=example, old=old, moved=wording.clock(moved), new=new
            ),
        ),
    ]
    return message, choices
