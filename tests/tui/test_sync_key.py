"""`S` syncs with the shared calendar: without [sync] in the settings it says what to add."""

from __future__ import annotations

from storage import Store
from tests.tui.conftest import make_app, notifications, wait_until
from tui.screens.week import WeekScreen
from tui.widgets.sync_status import SyncStatus

SIZE = (100, 30)


async def test_s_without_a_sync_section_says_what_to_add(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("S")
        await wait_until(pilot, lambda: notifications(app), what="a word about [sync]")
        assert "no server to sync with: add to" in notifications(app)[0]
        assert "[sync]" in notifications(app)[0]
        assert isinstance(app.screen, WeekScreen)
        assert not app.screen.query(SyncStatus)  # no status line for a planner that never syncs


async def test_sync_is_in_the_help_and_the_palette_with_its_key(seeded: Store) -> None:
    from tests.tui.test_help_palette import titles

    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert titles(app)["Sync"] == "S"
        await pilot.press("question_mark")
        rows = dict((label, keys) for keys, label in app.screen.rows)
        assert rows["Sync the posts with the shared calendar ([sync] in the settings file)"] == "S"


async def test_progress_reads_as_a_step_then_a_count(seeded: Store) -> None:
    from exporters.sync.engine import SyncProgress
    from tui.sync_worker import sync_runner

    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        runner = sync_runner(app)
        runner._show_progress(SyncProgress("connecting", 0, 1))
        await pilot.pause()
        line = app.screen.query_one(SyncStatus)
        assert str(line.render()) == "Syncing… connecting"
        runner._show_progress(SyncProgress("posts", 120, 2000))
        assert str(line.render()) == "Syncing… posts 120/2,000"
