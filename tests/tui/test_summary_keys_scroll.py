"""The summary at 80×24 is longer than the screen: the keyboard reads on down it (issue 18)."""

from __future__ import annotations

from storage import Store
from tests.tui.conftest import make_app, wait_until
from tui.screens.summary import SummaryScreen


async def test_page_keys_scroll_the_summary_and_brackets_change_the_period(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen))
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        body = screen.query_one("#summary-body")
        await wait_until(pilot, lambda: body.max_scroll_y > 0)
        period = (screen.first, screen.last)
        await pilot.press("pagedown")
        await wait_until(pilot, lambda: body.scroll_y > 0)
        assert (screen.first, screen.last) == period  # still the same week
        await pilot.press("end")
        await wait_until(pilot, lambda: body.scroll_y == body.max_scroll_y)
        await pilot.press("home")
        await wait_until(pilot, lambda: body.scroll_y == 0)
        await pilot.press("down")
        await wait_until(pilot, lambda: body.scroll_y == 1)
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: screen.first > period[0])
