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

from storage import wording
from storage.i18n import _
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
            title = _("Edit platform") if self.fields else _("New platform")
            yield Static(title, classes="dialog-title")
            yield self._row(_("Name"), Input(f.name, id="name", compact=True), key="name")
            yield self._row(
                _("Tag"),
                Input(
                    f.tag,
                    id="tag",
                    placeholder=_("auto") if not self.fields else "",
                    classes="short",
                    compact=True,
                ),
                key="tag",
            )
            yield self._row(
                _("Colour"),
                Input(f.colour, id="colour", classes="short", compact=True),
                Static(" ██", id="swatch"),
                key="colour",
            )
            yield self._row(
                _("Char. limit"),
                Input(limit, id="char_limit", placeholder=_("none"), classes="short", compact=True),
                key="char_limit",
            )
            yield self._row(
                _("Default duty"),
                Input(
                    f.default_duty or "",
                    id="default_duty",
                    placeholder=_("none"),
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
            errors["name"] = _("Platform name: cannot be empty")
        elif problem := name_problem(name, "Platform name"):
            errors["name"] = problem
        tag = words(self._text("tag"))
        if not tag and self.fields is None:
            tag = name[:3].upper()  # what the store makes of an empty tag
        used = {
            "name": _("Platform name: '{word}' is already used by platform '{platform}'"),
            "tag": _("Tag: '{word}' is already used by platform '{platform}'"),
        }
        for key, word in (("name", name), ("tag", tag)):
            if word and word.casefold() in self.taken and key not in errors:
                errors[key] = used[key].format(word=word, platform=self.taken[word.casefold()])
        if not tag and name:
            errors["tag"] = _("Tag: cannot be empty")
        elif len(tag) > 4:
            errors["tag"] = _("Tag: at most 4 characters (got '{tag}')").format(tag=tag)
        colour = self._text("colour").strip()
        if not COLOUR.fullmatch(colour):
            errors["colour"] = _("Colour: must look like \"#1877F2\" (got '{colour}')").format(
                colour=colour
            )
        limit_text = self._text("char_limit").strip()
        limit: int | None = None
        if limit_text:
            if limit_text.isdecimal() and 1 <= int(limit_text) <= MAX_CHAR_LIMIT:
                limit = int(limit_text)
            else:
                errors["char_limit"] = _(
                    "Character limit: must be a whole number from 1 to {limit} (got '{text}')"
                ).format(limit=wording.grouped(MAX_CHAR_LIMIT), text=limit_text[:20])
        duty_text = words(self._text("default_duty"))
        duty: str | None = None
        if duty_text:
            duty = self.duties.get(duty_text.casefold())
            if duty is None:
                errors["default_duty"] = _(
                    "Default duty: no active duty is called '{duty}'"
                ).format(duty=duty_text)
        if errors:
            return None, errors
        return PlatformFields(name, tag, colour, limit, duty), {}
