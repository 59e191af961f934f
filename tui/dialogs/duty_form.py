"""DutyDialog: name, aliases and the social flag of one duty of the settings screen."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Static

from storage.i18n import _
from tui.dialogs._base import ItemDialog, alias_list, name_problem, words


@dataclass(frozen=True, slots=True)
class DutyFields:
    """A duty as the settings screen holds it until saving."""

    name: str
    aliases: tuple[str, ...] = ()
    social: bool = False


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
            yield Static(_("Edit duty") if f else _("New duty"), classes="dialog-title")
            name = Input(f.name if f else "", id="name", compact=True)
            yield self._row(_("Name"), name, key="name")
            yield self._row(
                _("Aliases"),
                Input(
                    ", ".join(f.aliases) if f else "",
                    id="aliases",
                    placeholder=_("other words for it, comma-separated"),
                    compact=True,
                ),
                key="aliases",
            )
            yield self._row(
                _("Social"),
                Checkbox(
                    _("counts as social media time"),
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
            errors["name"] = _("Duty name: cannot be empty")
        elif problem := name_problem(name, "Duty name"):
            errors["name"] = problem
        elif name.casefold() in self.taken:
            errors["name"] = _("Duty name: '{name}' is already used by duty '{duty}'").format(
                name=name, duty=self.taken[name.casefold()]
            )
        aliases = alias_list(self._text("aliases"))
        for alias in aliases:
            if problem := name_problem(alias, "Alias"):
                errors["aliases"] = problem
                break
            folded = alias.casefold()
            if folded in self.taken and folded not in self.old_aliases:
                errors["aliases"] = _("Aliases: '{alias}' is already used by duty '{duty}'").format(
                    alias=alias, duty=self.taken[folded]
                )
                break
        if errors:
            return None, errors
        social = self.query_one("#social", Checkbox).value
        return DutyFields(name, aliases, social), {}
