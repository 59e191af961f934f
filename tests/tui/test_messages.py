"""DataChanged and TimerChanged: changes are announced, not polled; one app check sees the CLI's."""

from __future__ import annotations

import datetime as dt

from textual.message import Message

from storage import PostDraft, Store
from tests.conftest import NOW, ZONE_NAME
from tests.tui.conftest import at, day, make_app, put, screen_text, wait_until
from tui.app import CalepinApp
from tui.messages import DataChanged, TimerChanged
from tui.screens.log import LogScreen
from tui.screens.week import WeekScreen
from tui.widgets.summary_bar import SummaryBar
from tui.widgets.view_header import ViewHeader

SIZE = (120, 40)


def quiet_app(store: Store) -> CalepinApp:
    """The app with its check for other processes' changes left to the test to call."""
    app = make_app(store)
    assert isinstance(app, CalepinApp)
    app.WATCH_INTERVAL = 3600  # type: ignore[misc]
    return app


def week(app: CalepinApp) -> WeekScreen:
    screen = app.screen
    assert isinstance(screen, WeekScreen)
    return screen


def titles(screen: WeekScreen) -> list[str]:
    return [post.title for posts in screen.by_day for post in posts]


async def test_a_post_added_by_another_process_shows_after_the_app_check(seeded: Store) -> None:
    app = quiet_app(seeded)
    seen: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await pilot.pause()
        with Store.open(seeded.path, zone_name=ZONE_NAME) as cli:  # as `calepin post add` would
            cli.add_post(PostDraft("Made elsewhere", "Instagram", day(2), dt.time(9)))
        await pilot.pause()
        assert "Made elsewhere" not in titles(week(app))  # no view polls the database
        assert app.check_store() is True
        await pilot.pause()
        assert "Made elsewhere" in titles(week(app))
        assert any(isinstance(m, DataChanged) and not m.kinds for m in seen)
        assert app.check_store() is False  # nothing new since


async def test_the_app_check_runs_on_its_own_and_follows_the_cli_timer(seeded: Store) -> None:
    app = make_app(seeded)
    assert isinstance(app, CalepinApp)
    app.WATCH_INTERVAL = 0.1  # type: ignore[misc]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "⏱ social media" in screen_text(app)
        with Store.open(seeded.path, zone_name=ZONE_NAME) as cli:
            cli.stop_timer(at(0, 14, 45))
            cli.start_timer("newsletters", at(0, 14, 45))
        await wait_until(pilot, lambda: "⏱ newsletters" in screen_text(app), what="new timer")
        assert week(app).query_one(ViewHeader).timer is not None


async def test_saving_in_the_command_bar_announces_it_and_the_week_follows(
    seeded: Store,
) -> None:
    app = quiet_app(seeded)  # no check at all: only the messages can update the views
    seen: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await pilot.pause()
        logged = week(app).query_one(SummaryBar).totals.logged
        await pilot.press("colon")
        await put(pilot, "command-input", "7-8am web test", focus=False)
        await pilot.press("enter")
        assert isinstance(app.screen, LogScreen)
        changes = [m for m in seen if isinstance(m, DataChanged)]
        assert changes and all(m.kinds == {"entries"} for m in changes)
        assert not [m for m in seen if isinstance(m, TimerChanged)]  # a log line: no timer
        assert any(getattr(item, "duty", "") == "web content" for item in app.screen.timeline)

        seen.clear()
        await pilot.press("colon")  # after a save the keys are the log's again
        await put(pilot, "command-input", "start newsletters", focus=False)
        await pilot.press("enter")
        timers = [m for m in seen if isinstance(m, TimerChanged)]
        assert timers and timers[0].timer is not None and timers[0].timer.duty == "newsletters"
        assert any(isinstance(m, DataChanged) for m in seen)
        assert "⏱ newsletters" in screen_text(app)

        await pilot.press("escape", "w")  # leave the bar, back to the week: no wait
        screen = week(app)
        # 60 minutes logged, and the social media timer stopped at NOW by the new one.
        assert screen.query_one(SummaryBar).totals.logged == logged + 60
        assert screen.query_one(ViewHeader).timer is not None
        assert screen.query_one(ViewHeader).timer.duty == "newsletters"  # type: ignore[union-attr]
        assert seeded.running_timer() is not None
        assert seeded.running_timer().start == NOW  # type: ignore[union-attr]


async def test_undo_is_announced_to_the_view(seeded: Store) -> None:
    app = quiet_app(seeded)
    seen: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        await pilot.press("n")
        await put(pilot, "title", "Announced", focus=False)  # the editor opens on the title
        await pilot.press("ctrl+s")
        assert "Announced" in titles(week(app))
        assert any(isinstance(m, DataChanged) and m.kinds == {"posts"} for m in seen)
        await pilot.press("u")
        assert "Announced" not in titles(week(app))
