"""ItemList: the settings screen's duties or platforms, one line each."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.binding import BindingType
from textual.widgets import OptionList

from tui.bindings import ITEM_LIST_BINDINGS

if TYPE_CHECKING:
    from tui.screens.settings import SettingsScreen


class ItemList(OptionList):
    """The duties or the platforms, one line each; enter edits, a adds, d removes."""

    BINDINGS: ClassVar[list[BindingType]] = ITEM_LIST_BINDINGS

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
