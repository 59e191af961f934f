"""Shown again with nothing changed, the month is not loaded and drawn again (a third of the
time `m` took); anything written since, another day or a filter still shows at once."""

from __future__ import annotations

import datetime as dt

from storage import PostDraft, Store
from tests.tui.conftest import day, make_app, screen_text, wait_until
from tui.screens.month import MonthScreen
from tui.screens.week import WeekScreen
from tui.widgets.footer import Footer
from tui.widgets.month_grid import MonthGrid

SIZE = (120, 40)


async def back_to_week(pilot, app) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("escape")
    await wait_until(pilot, lambda: isinstance(app.screen, WeekScreen), what="the week")


async def test_the_month_is_redrawn_only_when_something_changed(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        assert isinstance(app.screen, MonthScreen)
        await pilot.pause()
        grid = app.screen.query_one(MonthGrid)
        before = screen_text(app)
        drawn = grid._strips
        assert drawn is not None
        await back_to_week(pilot, app)

        await pilot.press("m")  # nothing changed: the same lines
        assert isinstance(app.screen, MonthScreen)
        assert grid._strips is drawn
        await back_to_week(pilot, app)

        seeded.add_post(PostDraft("Written meanwhile", "Facebook", day(1), dt.time(9)))
        await pilot.press("m")  # written since (as the command line would): loaded again
        await pilot.pause()
        assert "Written meanwhile" in [title for _, title in grid.posts[day(1)]]
        assert screen_text(app) != before
        assert grid._strips is not drawn
        await back_to_week(pilot, app)

        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        await pilot.press("m")  # another day: that day's month
        await pilot.pause()
        assert app.focus_day == day(35)
        assert "December 2026" in screen_text(app)


async def test_a_view_built_ahead_is_laid_out_before_its_first_showing(seeded: Store) -> None:
    # Placed and drawn while the week shows: its first `m` only loads and draws what changed.
    app = make_app(seeded, built_ahead=True)
    app.KEPT_AHEAD = ()  # type: ignore[misc]  # the views only: no key here opens a dialog
    async with app.run_test(size=SIZE) as pilot:

        def month() -> MonthScreen | None:
            stack = app._screen_stacks.get("month")
            return stack[0] if stack else None  # type: ignore[return-value]

        # Built, then composed: under load a pause can fall between the two.
        await wait_until(
            pilot, lambda: (m := month()) is not None and m.query(MonthGrid), what="built"
        )
        grid = month().query_one(MonthGrid)  # type: ignore[union-attr]
        await wait_until(pilot, lambda: grid._strips is not None, what="drawn")
        assert isinstance(app.screen, WeekScreen)  # all of it off the screen
        assert grid.size.height > 20
        assert month().query_one(Footer).size.width == SIZE[0]  # type: ignore[union-attr]

        await pilot.press("m")
        assert app.screen is month()
        assert "November 2026 · " in screen_text(app)


async def test_the_footer_keeps_its_keys_when_a_view_shows_again(seeded: Store) -> None:
    # Rebuilt on each showing, its keys were laid out and drawn anew inside the key.
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        footer = app.screen.query_one(Footer)
        await wait_until(pilot, lambda: "Open week" in screen_text(app), what="keys shown")
        await wait_until(pilot, lambda: not footer._recompose_pending, what="keys settled")
        await pilot.pause()
        keys = list(footer.children)
        await back_to_week(pilot, app)
        await pilot.press("m")
        await wait_until(pilot, lambda: not footer._recompose_pending, what="keys settled")
        await pilot.pause()
        await pilot.pause()
        assert list(footer.children) == keys
        assert all(key.is_attached for key in keys)
        assert "Open week" in screen_text(app)
