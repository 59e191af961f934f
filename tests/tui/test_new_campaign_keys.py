"""Choosing "new campaign…" with the keyboard puts the cursor in the name field (issue 18)."""

from __future__ import annotations

from textual.widgets import Input, Select

from storage import Store
from tests.tui.conftest import find, make_app, put, wait_until
from tui.dialogs import PostFormDialog
from tui.screens.week import WeekScreen


async def test_choosing_new_campaign_by_keys_lets_the_name_be_typed(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        editor = app.screen
        assert isinstance(editor, PostFormDialog)
        await put(pilot, "title", "Drive kickoff", focus=False)
        editor.query_one("#campaign", Select).focus()
        await pilot.press("enter")  # opens the list
        await pilot.pause()
        await pilot.press("end", "enter")  # "new campaign…" is last
        name = editor.query_one("#new_campaign", Input)
        await wait_until(pilot, lambda: app.focused is name)
        await pilot.press(*"Spring")
        assert name.value == "Spring"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, WeekScreen))
        assert find(seeded, "Drive kickoff").campaign == "Spring"
