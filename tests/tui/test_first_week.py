"""What a coordinator trips on in the first week (issue 18): the TUI's side."""

from __future__ import annotations

import datetime as dt

from storage import Store
from storage.settings import Settings
from tests.tui.conftest import day, find, make_app, notifications, put, wait_until
from tui.dialogs.confirm import ConfirmDialog

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


async def test_deleting_one_copy_names_its_platform_and_the_copies_that_stay(
    seeded: Store,
) -> None:
    recap = find(seeded, "Council recap")  # LinkedIn, Monday
    seeded.duplicate_post(recap.id, ["Facebook", "Instagram"])
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.selected_post().id == recap.id
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.message == (
            "Delete 'Council recap' on LinkedIn, Mon 23 Nov? "
            "The copies on Facebook and Instagram stay."
        )
        await pilot.press("y")
        await pilot.pause()
        left = sorted(p.platform for p in seeded.all_posts() if p.title == "Council recap")
        assert left == ["Facebook", "Instagram"]


async def test_an_hour_key_on_a_post_without_a_time_says_which_time_it_gave(
    seeded: Store,
) -> None:
    settings = Settings(work_start=dt.time(8, 30))
    app = make_app(seeded, settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.screen.selected_post().title == "Council recap"  # Monday, no time
        await pilot.press("shift+up")
        await pilot.pause()
        recap = find(seeded, "Council recap")
        assert (recap.date, recap.time) == (day(0), dt.time(8, 30))
        assert any(
            "'Council recap' had no time: now 08:30, the start of the work day" in m
            for m in notifications(app)
        )
        await pilot.press("u")
        await wait_until(pilot, lambda: find(seeded, "Council recap").time is None)
