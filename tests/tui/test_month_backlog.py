"""Pilot tests of the month view and the backlog."""

from __future__ import annotations

import datetime as dt

from storage import PostDraft, Status, Store
from storage.calendar import add_months
from tests.tui.conftest import day, find, make_app, notifications, put, screen_text
from tui.dialogs import PostFormDialog
from tui.dialogs.schedule import ScheduleDialog
from tui.screens.backlog import BacklogScreen
from tui.screens.month import MonthScreen
from tui.widgets.month_grid import MonthGrid

SIZE = (120, 40)


def counts(app, when: dt.date) -> dict[str, int]:
    grid = app.screen.query_one(MonthGrid)
    return {platform.tag: n for platform, n in grid.counts.get(when, ())}


async def test_the_month_counts_posts_per_platform_per_day(seeded: Store) -> None:
    seeded.add_post(PostDraft("Second FB", "Facebook", day(0), dt.time(16)))
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m")
        assert isinstance(app.screen, MonthScreen)
        text = screen_text(app)
        assert "November 2026 · " in text
        assert counts(app, day(0)) == {"FB": 2, "IN": 1}
        assert counts(app, day(2)) == {"BS": 1}  # the weekly series, every Wednesday
        assert counts(app, day(-5)) == {"BS": 1}
        assert "▌Council recap" in text and "▌Second FB" in text  # titles, in the day's order
        # Rows are weeks, Monday first; the grid starts on the Monday before the 1st.
        assert app.screen.grid_first == dt.date(2026, 10, 26)


async def test_month_keys_move_the_day_enter_opens_its_week_and_escape_goes_back(
    seeded: Store,
) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("m", "down", "right")
        assert app.focus_day == day(8)
        assert "December 2026" in screen_text(app)  # the cursor walked into December
        await pilot.press("right_square_bracket")
        assert app.focus_day == dt.date(2027, 1, 1)
        assert "January 2027" in screen_text(app)
        await pilot.press("pageup", "pageup", "pageup")
        assert "October 2026" in screen_text(app)
        await pilot.press("t")
        assert app.focus_day == day(0) and "November 2026" in screen_text(app)
        await pilot.press("down", "enter")
        assert app.current_mode == "week"
        assert "Week 49 · 30 Nov – 6 Dec 2026" in screen_text(app)

        # Escape goes back to the week.
        await pilot.press("m", "escape")
        assert app.current_mode == "week"


async def test_the_month_fits_a_small_terminal(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        lines = screen_text(app).splitlines()
        assert len(lines) == 24 and all(len(line) <= 80 for line in lines)
        assert "▌Council…" in "\n".join(lines)  # titles cut with an ellipsis


def test_add_months_keeps_the_day_when_it_can() -> None:
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 12, 15), 1) == dt.date(2027, 1, 15)
    assert add_months(dt.date(2026, 1, 15), -1) == dt.date(2025, 12, 15)


async def test_the_backlog_lists_schedules_adds_and_deletes_ideas(seeded: Store) -> None:
    """The ideas newest first, then giving one a date, then new, status and delete: one app
    (three before, from the seeded ideas; the scheduling undone before the next case)."""
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("b")
        screen = app.screen
        assert isinstance(screen, BacklogScreen)
        assert [p.title for p in screen.posts] == ["Behind the scenes reel", "Older idea"]
        text = screen_text(app)
        assert "Backlog · 2 ideas" in text
        assert text.index("Behind the scenes") < text.index("Older idea")
        assert "Winter fair" in text  # the campaign beside the idea

        # Giving an idea a date schedules it.
        await pilot.press("w")
        await pilot.press("b", "down", "g")
        assert isinstance(app.screen, ScheduleDialog)
        await pilot.press(*"fri", "enter")
        await pilot.pause()
        idea = find(seeded, "Older idea")
        assert idea.date == day(4) and idea.time is None
        assert [p.title for p in app.screen.posts] == ["Behind the scenes reel"]
        assert any("Scheduled 'Older idea' on Fri 27 Nov" in m for m in notifications(app))
        await pilot.press("w")
        assert "Older idea" in screen_text(app)
        await pilot.press("u")  # undo from the week view puts it back in the backlog
        assert find(seeded, "Older idea").date is None
        ideas = {p.title for p in seeded.all_posts() if p.date is None}
        assert ideas == {"Older idea", "Behind the scenes reel"}, "the scheduling not undone"

        # New, edit, status and delete in the backlog.
        await pilot.press("b", "n")
        assert isinstance(app.screen, PostFormDialog)
        await put(pilot, "title", "Fresh idea", focus=False)
        await pilot.press("ctrl+s")
        await pilot.pause()
        fresh = find(seeded, "Fresh idea")
        assert fresh.date is None
        assert app.screen.selected_post().title == "Fresh idea"
        await pilot.press("s")
        assert find(seeded, "Fresh idea").status is Status.DRAFTING
        await pilot.press("d", "y")
        await pilot.pause()
        assert not [p for p in seeded.all_posts() if p.title == "Fresh idea"]
        await pilot.press("escape")  # no filter: back to the week
        assert app.current_mode == "week"


async def test_an_empty_backlog_says_how_to_add_one(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("b")
        assert "No ideas waiting. n adds one." in screen_text(app)
        await pilot.press("s", "d", "enter", "c", "p")  # nothing selected: nothing breaks
        assert isinstance(app.screen, BacklogScreen)
