"""PlatformDialog: name, tag, colour, limit and default duty of one platform in the settings."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from tui.dialogs._base import ItemDialog, name_problem, words
from tui.widgets.command_bar import NameSuggester

COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
MAX_CHAR_LIMIT = 1_000_000  # the config file's bound too


@dataclass(frozen=True, slots=True)
class PlatformFields:
    """A platform as the settings screen holds it until saving; tag "" = made from the name."""

    name: str
    tag: str = ""
    colour: str = "#888888"
    char_limit: int | None = None
    default_duty: str | None = None


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
        # Each error in the words of the field it sits under (the file's are for the file).
        if not name:
            errors["name"] = "Platform name: cannot be empty"
        elif problem := name_problem(name, "Platform name"):
            errors["name"] = problem
        tag = words(self._text("tag"))
        if not tag and self.fields is None:
            tag = name[:3].upper()  # what the store makes of an empty tag
        for key, field, word in (("name", "Platform name", name), ("tag", "Tag", tag)):
            if word and word.casefold() in self.taken and key not in errors:
                errors[key] = (
                    f"{field}: '{word}' is already used by platform '{self.taken[word.casefold()]}'"
                )
        if not tag and name:
            errors["tag"] = "Tag: cannot be empty"
        elif len(tag) > 4:
            errors["tag"] = f"Tag: at most 4 characters (got '{tag}')"
        colour = self._text("colour").strip()
        if not COLOUR.fullmatch(colour):
            errors["colour"] = f"Colour: must look like \"#1877F2\" (got '{colour}')"
        limit_text = self._text("char_limit").strip()
        limit: int | None = None
        if limit_text:
            if limit_text.isdecimal() and 1 <= int(limit_text) <= MAX_CHAR_LIMIT:
                limit = int(limit_text)
            else:
                errors["char_limit"] = (
                    f"Character limit: must be a whole number from 1 to {MAX_CHAR_LIMIT:,}"
                    f" (got '{limit_text[:20]}')"
                )
        duty_text = words(self._text("default_duty"))
        duty: str | None = None
        if duty_text:
            duty = self.duties.get(duty_text.casefold())
            if duty is None:
                errors["default_duty"] = f"Default duty: no active duty is called '{duty_text}'"
        if errors:
            return None, errors
        return PlatformFields(name, tag, colour, limit, duty), {}
