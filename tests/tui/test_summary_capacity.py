"""The week bar and the summary give one room for social media (storage.capacity), days off too."""

from __future__ import annotations

from storage import Store
from tests.tui.conftest import day, make_app, screen_text, wait_until
from tests.tui.test_summary_screen import open_summary
from tui.widgets.summary_bar import SummaryBar


async def test_week_bar_and_summary_agree_on_the_room_with_days_off(seeded: Store) -> None:
    with Store.open(seeded.path, zone_name=seeded.zone_name) as other:
        other.add_days_off(day(3), day(4), "vacation")  # Thursday and Friday
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.screen.query_one(SummaryBar)
        await wait_until(pilot, lambda: bar.totals.logged > 0)
        # Monday to Wednesday (3 × 7 h) less 1 h 30 of events; no earlier weeks to go by.
        assert bar.totals.capacity == 3 * 420 - 90
        # Only posts on social platforms: 45 + 90 + 15 min (not the newsletter's 120).
        assert bar.totals.effort == 150
        assert "Planned 2 h 30 · room 19 h 30" in screen_text(app)
        screen = await open_summary(pilot)
        assert screen.capacity is not None
        assert screen.capacity.room == bar.totals.capacity
        assert screen.capacity.planned_social == bar.totals.effort
        assert "19.5 h left for social media" in screen_text(app)


async def test_summary_shows_demand_and_the_task_inventory_and_a_week_to_come(
    seeded: Store,
) -> None:
    """This week's demand and tasks, then a week to come from the week view: one app (two
    before, from the seeded week)."""
    app = make_app(seeded)
    async with app.run_test(size=(120, 60)) as pilot:
        await open_summary(pilot)
        text = screen_text(app)
        # The headline leads with the gap: 150 min planned + 120 min of engage as logged.
        assert "Social media needed about 0.13 FTE and got 0.39 so far" in text
        assert "Backlog: 2 ideas waiting, none estimated." in text
        assert "planned posts 2.5 h + replies, monitoring, crises and reports 2.0 h" in " ".join(
            text.split()
        )
        assert "2 planned posts have no estimate" in text
        assert "Task inventory" in text
        assert "social media · engage" in text and "2.0 h (1)" in text

        # A week to come shows its plan, and the week bar agrees.
        await pilot.press("escape")  # back to the week view
        assert app.current_mode == "week"
        await pilot.press("right_square_bracket")  # next week on the week view
        bar = app.screen.query_one(SummaryBar)
        await wait_until(pilot, lambda: bar.totals.effort > 0)
        screen = await open_summary(pilot)
        assert screen.first == day(0)  # the summary's own period, as on its first showing
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: screen.first == day(7))
        assert screen.report is not None and screen.report.empty
        assert "social posts are planned" in screen.report.headline
        assert screen.capacity is not None
        assert (screen.capacity.planned_social, screen.capacity.room) == (
            bar.totals.effort,
            bar.totals.capacity,
        )
