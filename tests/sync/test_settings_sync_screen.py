"""The settings screen (`,`) rewrites the settings file: [sync] must come through it whole."""

from __future__ import annotations

from pathlib import Path

from storage import Store
from storage.settings import load_settings
from tests.tui.conftest import make_app, wait_until
from tui.screens.settings import SettingsScreen

SYNC = """[sync]
url = "https://cloud.example.org/remote.php/dav"
username = "ana"
meetings_calendar = "Meetings"
every_minutes = 15
share_notes = true
"""


async def test_saving_the_settings_screen_keeps_sync(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(SYNC, encoding="utf-8")
    before = load_settings(path)
    app = make_app(store, settings=before)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("comma")
        await wait_until(pilot, lambda: isinstance(app.screen, SettingsScreen), what="settings")
        screen = app.screen
        await wait_until(pilot, lambda: bool(screen._initial), what="the form filled")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, SettingsScreen), what="saved")
    assert "[sync]" in path.read_text(encoding="utf-8")
    assert load_settings(path).sync == before.sync
