"""What a coordinator trips on in the first week (issue 18): the TUI's side."""

from __future__ import annotations

import datetime as dt

from storage import Store
from tests.tui.conftest import day, find, make_app, notifications, put

SIZE = (120, 40)


async def test_scheduling_an_idea_with_a_time_keeps_the_time(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("b", "down", "g")
        await put(pilot, "when", "fri 2pm")
        await pilot.press("enter")
        await pilot.pause()
        idea = find(seeded, "Older idea")
        assert (idea.date, idea.time) == (day(4), dt.time(14, 0))
        assert any("Scheduled 'Older idea' on Fri 27 Nov 14:00" in m for m in notifications(app))
