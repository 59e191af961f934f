"""DutyDialog and PlatformDialog: edit one duty or platform of the settings screen's lists."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Static

from storage import ValidationError
from storage.store import MAX_NAME, clean_text
from tui.dialogs._base import BaseDialog, set_note
from tui.widgets.command_bar import NameSuggester

COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
MAX_CHAR_LIMIT = 1_000_000  # the config file's bound too


def name_problem(text: str, what: str) -> str | None:
    """What the store would refuse in a name (control characters, over 80 characters)."""
    try:
        clean_text(text, what, limit=MAX_NAME, multiline=False)
    except ValidationError as exc:
        return str(exc)
    return None


@dataclass(frozen=True, slots=True)
class DutyFields:
    """A duty as the settings screen holds it until saving."""

    name: str
    aliases: tuple[str, ...] = ()
    social: bool = False


@dataclass(frozen=True, slots=True)
class PlatformFields:
    """A platform as the settings screen holds it until saving; tag "" = made from the name."""

    name: str
    tag: str = ""
    colour: str = "#888888"
    char_limit: int | None = None
    default_duty: str | None = None


def words(text: str) -> str:
    return " ".join(text.split())


def alias_list(text: str) -> tuple[str, ...]:
    return tuple(a for a in (words(part) for part in text.split(",")) if a)


FieldsT = TypeVar("FieldsT")


class ItemDialog(BaseDialog[FieldsT | None], Generic[FieldsT]):
    """Inputs in rows, an error note under each, ctrl+s or enter to check and close."""

    DEFAULT_CSS: ClassVar[str] = """
    ItemDialog .dialog {
        width: 72;
    }
    ItemDialog .row {
        height: auto;
    }
    ItemDialog .row .label {
        width: 14;
        color: $text-muted;
    }
    ItemDialog .row:focus-within .label {
        color: $accent;
        text-style: bold;
    }
    ItemDialog .field {
        width: 1fr;
        height: auto;
    }
    ItemDialog .inputs {
        height: auto;
    }
    ItemDialog .short {
        width: 10;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Done"),
        Binding("escape", "cancel", "Cancel"),
    ]
    FIELDS: ClassVar[tuple[str, ...]] = ()

    @staticmethod
    def _row(label: str, *widgets: Widget, key: str) -> Horizontal:
        return Horizontal(
            Label(label, classes="label"),
            Vertical(
                Horizontal(*widgets, classes="inputs"),
                Static("", id=f"{key}-note", classes="note", markup=False),
                classes="field",
            ),
            classes="row",
        )

    def _buttons(self) -> ComposeResult:
        yield Static("", id="form-error", classes="note", markup=False)
        with Horizontal(classes="buttons"):
            yield Static("ctrl+s or enter done · esc cancel", classes="keys")
            yield Button("Done", id="done", variant="primary", compact=True)
            yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        for note in self.query(".note").results(Static):
            set_note(note, "")
        self.query_one("#name", Input).focus()

    def _text(self, key: str) -> str:
        return self.query_one(f"#{key}", Input).value

    def read(self) -> tuple[FieldsT | None, dict[str, str]]:
        """The fields typed, or None and an error per input key; each dialog its own."""
        raise NotImplementedError

    @on(Button.Pressed, "#done")
    @on(Input.Submitted)
    def action_save(self) -> None:
        for note in self.query(".note").results(Static):
            if note.has_class("-error"):
                set_note(note, "")
        fields, errors = self.read()
        if fields is None:
            for key, message in errors.items():
                set_note(self.query_one(f"#{key}-note", Static), message, error=True)
            first = next((k for k in self.FIELDS if k in errors), None)
            if first is not None:
                self.query_one(f"#{first}").focus()
            return
        self.dismiss(fields)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class DutyDialog(ItemDialog[DutyFields]):
    """Name, aliases and the social flag of one duty."""

    FIELDS: ClassVar[tuple[str, ...]] = ("name", "aliases")

    def __init__(
        self,
        fields: DutyFields | None,
        taken: Mapping[str, str],
        *,
        old_aliases: Sequence[str] = (),
    ) -> None:
        """`taken`: every other duty's folded name and alias -> that duty's name."""
        super().__init__()
        self.fields = fields
        self.taken = taken
        self.old_aliases = {a.casefold() for a in old_aliases}

    def compose(self) -> ComposeResult:
        f = self.fields
        with Vertical(classes="dialog"):
            yield Static("Edit duty" if f else "New duty", classes="dialog-title")
            yield self._row("Name", Input(f.name if f else "", id="name", compact=True), key="name")
            yield self._row(
                "Aliases",
                Input(
                    ", ".join(f.aliases) if f else "",
                    id="aliases",
                    placeholder="other words for it, comma-separated",
                    compact=True,
                ),
                key="aliases",
            )
            yield self._row(
                "Social",
                Checkbox(
                    "counts as social media time",
                    f.social if f else False,
                    id="social",
                    compact=True,
                ),
                key="social",
            )
            yield from self._buttons()

    def read(self) -> tuple[DutyFields | None, dict[str, str]]:
        errors: dict[str, str] = {}
        name = words(self._text("name"))
        if not name:
            errors["name"] = "[[duties]] name cannot be empty"
        elif problem := name_problem(name, "[[duties]] name"):
            errors["name"] = problem
        elif name.casefold() in self.taken:
            errors["name"] = (
                f"[[duties]] name '{name}' is already used by duty '{self.taken[name.casefold()]}'"
            )
        aliases = alias_list(self._text("aliases"))
        for alias in aliases:
            if problem := name_problem(alias, "[[duties]] alias"):
                errors["aliases"] = problem
                break
            folded = alias.casefold()
            if folded in self.taken and folded not in self.old_aliases:
                errors["aliases"] = (
                    f"[[duties]] aliases: '{alias}' is already used by duty '{self.taken[folded]}'"
                )
                break
        if errors:
            return None, errors
        social = self.query_one("#social", Checkbox).value
        return DutyFields(name, aliases, social), {}


class PlatformDialog(ItemDialog[PlatformFields]):
    """Name, tag, colour, character limit and default duty of one platform."""

    FIELDS: ClassVar[tuple[str, ...]] = ("name", "tag", "colour", "char_limit", "default_duty")

    def __init__(
        self,
        fields: PlatformFields | None,
        taken: Mapping[str, str],
        duties: Mapping[str, str],
    ) -> None:
        """`taken`: every other platform's folded name and tag -> that platform's name;
        `duties`: folded name or alias of each active duty -> its name."""
        super().__init__()
        self.fields = fields
        self.taken = taken
        self.duties = duties

    def compose(self) -> ComposeResult:
        f = self.fields or PlatformFields("", default_duty=self._first_social())
        limit = str(f.char_limit) if f.char_limit is not None else ""
        with Vertical(classes="dialog"):
            yield Static("Edit platform" if self.fields else "New platform", classes="dialog-title")
            yield self._row("Name", Input(f.name, id="name", compact=True), key="name")
            yield self._row(
                "Tag",
                Input(
                    f.tag,
                    id="tag",
                    placeholder="auto" if not self.fields else "",
                    classes="short",
                    compact=True,
                ),
                key="tag",
            )
            yield self._row(
                "Colour",
                Input(f.colour, id="colour", classes="short", compact=True),
                Static(" ██", id="swatch"),
                key="colour",
            )
            yield self._row(
                "Char. limit",
                Input(limit, id="char_limit", placeholder="none", classes="short", compact=True),
                key="char_limit",
            )
            yield self._row(
                "Default duty",
                Input(
                    f.default_duty or "",
                    id="default_duty",
                    placeholder="none",
                    suggester=NameSuggester(list(dict.fromkeys(self.duties.values()))),
                    compact=True,
                ),
                key="default_duty",
            )
            yield from self._buttons()

    def _first_social(self) -> str | None:
        return self.duties.get("social media") or next(iter(self.duties.values()), None)

    def on_mount(self) -> None:
        super().on_mount()
        self._paint()

    @on(Input.Changed, "#colour")
    def _paint(self) -> None:
        colour = self._text("colour").strip()
        swatch = self.query_one("#swatch", Static)
        swatch.styles.color = colour if COLOUR.fullmatch(colour) else None

    def read(self) -> tuple[PlatformFields | None, dict[str, str]]:
        errors: dict[str, str] = {}
        name = words(self._text("name"))
        label = f"[[platforms]] '{name}'" if name else "[[platforms]]"
        if not name:
            errors["name"] = "[[platforms]] name cannot be empty"
        elif problem := name_problem(name, "[[platforms]] name"):
            errors["name"] = problem
        tag = words(self._text("tag"))
        if not tag and self.fields is None:
            tag = name[:3].upper()  # what the store makes of an empty tag
        for key, word in (("name", name), ("tag", tag)):
            if word and word.casefold() in self.taken and key not in errors:
                errors[key] = (
                    f"{label}: {key} '{word}' is already used by platform "
                    f"'{self.taken[word.casefold()]}'"
                )
        if not tag and name:
            errors["tag"] = f"{label}: tag cannot be empty"
        elif len(tag) > 4:
            errors["tag"] = f"{label}: tag is at most 4 characters (got '{tag}')"
        colour = self._text("colour").strip()
        if not COLOUR.fullmatch(colour):
            errors["colour"] = f"{label}: colour must look like \"#1877F2\" (got '{colour}')"
        limit_text = self._text("char_limit").strip()
        limit: int | None = None
        if limit_text:
            if limit_text.isdecimal() and 1 <= int(limit_text) <= MAX_CHAR_LIMIT:
                limit = int(limit_text)
            else:
                errors["char_limit"] = (
                    f"{label}: char_limit must be a whole number from 1 to {MAX_CHAR_LIMIT:,}"
                    f" (got '{limit_text[:20]}')"
                )
        duty_text = words(self._text("default_duty"))
        duty: str | None = None
        if duty_text:
            duty = self.duties.get(duty_text.casefold())
            if duty is None:
                errors["default_duty"] = (
                    f"{label}: default_duty: no active duty is called '{duty_text}'"
                )
        if errors:
            return None, errors
        return PlatformFields(name, tag, colour, limit, duty), {}
