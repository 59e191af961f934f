"""What a coordinator trips on in the first week (issue 18): the TUI's side."""

from __future__ import annotations

import datetime as dt

from textual import events

from storage import Store
from storage.settings import Settings
from tests.tui.conftest import day, find, make_app, notifications, put, wait_until
from tui.dialogs.confirm import ConfirmDialog
from tui.widgets.command_bar import CommandBar

SIZE = (120, 40)


async def test_scheduling_an_idea_with_a_time_keeps_the_time(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b", "down", "g")
        await put(pilot, "when", "fri 2pm")
        await pilot.press("enter")
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
        recap = find(seeded, "Council recap")
        assert (recap.date, recap.time) == (day(0), dt.time(8, 30))
        assert any(
            "'Council recap' had no time: now 08:30, the start of the work day" in m
            for m in notifications(app)
        )
        await pilot.press("u")
        await wait_until(pilot, lambda: find(seeded, "Council recap").time is None)


PASTE = """1h events planning
9-10 social engage replied

zz nonsense
14:30-16 web
9:30-10 press
"""


async def test_a_paste_of_several_lines_logs_each_and_keeps_the_rest(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon")
        bar = app.screen.query_one(CommandBar)
        assert app.focused is bar.input
        bar.input.post_message(events.Paste(PASTE))
        await wait_until(pilot, lambda: len(store.all_entries()) == 2, what="two lines saved")
        assert [(e.duty, e.note) for e in store.all_entries()] == [
            ("social media", "replied"),
            ("events", "planning"),
        ]
        assert any(
            "Saved 2 of 5 lines: 2 h · u undoes them; 3 kept in the bar to fix" in m
            for m in notifications(app)
        )
        # The first line not saved is in the bar with its reason; the others wait their turn.
        await wait_until(pilot, lambda: bar.input.value == "zz nonsense")
        assert app.focused is bar.input
        echo = bar.echo.text
        assert echo.startswith("not saved: how long?") and echo.endswith("2 more after this")
        await put(pilot, bar.input, "yesterday 9-10 web fixed")
        await pilot.press("enter")
        await wait_until(pilot, lambda: bar.input.value == "14:30-16 web")
        assert "in the future" in bar.echo.text and "1 more after this" in bar.echo.text
        assert store.all_entries()[0].note == "fixed"
        await pilot.press("escape")  # leaving the bar loses nothing: the line stays
        await pilot.press("colon")
        assert bar.input.value == "14:30-16 web"


async def test_one_u_undoes_a_whole_paste(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon")
        bar = app.screen.query_one(CommandBar)
        bar.input.post_message(events.Paste("1h events\n9-10 social\n"))
        await wait_until(pilot, lambda: len(store.all_entries()) == 2, what="two lines saved")
        await wait_until(pilot, lambda: app.focused is not bar.input, what="bar left")
        assert bar.input.value == ""
        await pilot.press("u")
        await wait_until(pilot, lambda: store.all_entries() == [], what="both undone")


async def test_the_command_bars_echo_shows_above_the_footer(store: Store) -> None:
    from tui.widgets.footer import Footer

    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon", "z")
        bar = app.screen.query_one(CommandBar)
        footer = app.screen.query_one(Footer)
        assert bar.echo.text.startswith("how long?")
        # Both were docked at the bottom: the footer covered the echo, and its errors.
        assert bar.echo.region.bottom <= footer.region.y
