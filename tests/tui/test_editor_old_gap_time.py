"""A post saved in a skipped hour before such times were refused (issue 14) can still be edited
in the TUI: only a newly chosen time that does not exist is refused."""

from __future__ import annotations

import datetime as dt
import sqlite3

from textual.widgets import Input

from storage import PostDraft, Store
from tests.tui.conftest import find, make_app, put, wait_until
from tui.dialogs import PostFormDialog
from tui.dialogs.goto import GotoDialog

GAP_DAY = dt.date(2027, 3, 14)  # Toronto's clocks go from 02:00 to 03:00


async def test_an_old_post_in_a_gap_keeps_its_time_when_its_title_changes(store: Store) -> None:
    post = store.add_post(PostDraft("Early bird", "Facebook", GAP_DAY, dt.time(3, 30)))
    with sqlite3.connect(store.path) as older:  # as a version that did not check gaps wrote it
        older.execute("UPDATE posts SET time = '02:30' WHERE id = ?", (post.id,))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(app.screen, GotoDialog))
        await put(pilot, "day", "2027-03-14", focus=False)  # the day is not what is tested
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.focus_day == GAP_DAY)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PostFormDialog))
        editor = app.screen
        assert editor.query_one("#when", Input).value.endswith("02:30")
        editor.query_one("#title", Input).value = "Early bird, edited"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, PostFormDialog))
    edited = find(store, "Early bird, edited")
    assert (edited.date, edited.time) == (GAP_DAY, dt.time(2, 30))
