"""Pilot: `o` on the summary marks days off; a clash shows under the input, nothing saved."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input, Static

from storage import Store
from tests.tui.conftest import NOW, make_app
from tui.dialogs.day_off import DayOffDialog
from tui.screens.summary import SummaryScreen

SIZE = (120, 40)


async def test_o_marks_a_range_off_and_undo_takes_it_back(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")  # the summary
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        await pilot.press("o")
        dialog = app.screen
        assert isinstance(dialog, DayOffDialog)
        days = dialog.query_one("#days", Input)
        assert days.value == NOW.date().isoformat()  # today, inside the week shown
        days.value = "2026-12-24..2027-01-02"
        await pilot.pause()
        assert "Thu 24 Dec 2026 to Sat 2 Jan 2027 (10 days)" in str(
            dialog.query_one("#days-note", Static).render()
        )
        await pilot.press("tab")
        for key in "vacation":
            await pilot.press(key)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, DayOffDialog)
        assert "Marked 2026-12-24..2027-01-02 off (vacation)" in [
            n.message for n in app._notifications
        ]
        (mark,) = store.days_off()
        assert (mark.first, mark.last, mark.reason) == (
            dt.date(2026, 12, 24),
            dt.date(2027, 1, 2),
            "vacation",
        )

        # A day already off: the message sits under the input and nothing is saved.
        await pilot.press("o")
        dialog = app.screen
        dialog.query_one("#days", Input).value = "2026-12-31"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DayOffDialog)
        note = str(dialog.query_one("#days-note", Static).render())
        assert "already marked off" in note
        dialog.query_one("#days", Input).value = "soon-ish"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DayOffDialog) and len(store.days_off()) == 1
        await pilot.press("escape")
        await pilot.pause()
        assert len(store.days_off()) == 1

        await pilot.press("u")
        await pilot.pause()
        assert store.days_off() == []
