"""The settings screen's Sync section: [sync] typed in the planner, checked as the file is
(a bad server is said under its field, nothing saved), and the auto-sync follows it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Checkbox, Static

from storage import Store
from storage.settings import load_settings
from tests.tui.conftest import make_app, put, wait_until
from tui.screens.settings import SettingsScreen

SIZE = (120, 40)


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config.toml"
    monkeypatch.setenv("CALEPIN_CONFIG", str(path))
    return path


async def open_settings(pilot) -> SettingsScreen:  # type: ignore[no-untyped-def]
    app = pilot.app
    await pilot.press("comma")
    await wait_until(pilot, lambda: isinstance(app.screen, SettingsScreen), what="settings")
    screen = app.screen
    await wait_until(pilot, lambda: bool(screen._initial), what="the form filled")
    return screen


async def test_sync_typed_in_the_settings_is_checked_saved_and_scheduled(
    store: Store, config: Path
) -> None:
    """First a server in clear, refused under its field with nothing saved; then a good one,
    saved and scheduled (one opening of the screen for both: it costs most of the test)."""
    app = make_app(store, settings=load_settings(config))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        assert screen.query_one("#sync_url").value == ""
        await put(pilot, "sync_url", "http://cloud.example.org/dav")
        await put(pilot, "sync_username", "ana")
        await pilot.press("ctrl+s")
        note = screen.query_one("#sync_url-note", Static)
        await wait_until(pilot, lambda: note.has_class("-error"), what="the refusal")
        assert str(note.content).startswith("Server: ")
        assert isinstance(app.screen, SettingsScreen)
        assert not config.exists()

        await put(pilot, "sync_url", "https://cloud.example.org/remote.php/dav")
        await put(pilot, "sync_username", "ana")
        await put(pilot, "sync_every_minutes", "15")
        screen.query_one("#sync_share_notes", Checkbox).value = True
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, SettingsScreen), what="saved")
        await wait_until(pilot, lambda: getattr(app, "_sync_runner", None), what="scheduled")
        assert app._sync_runner._timer._interval == 15 * 60
    sync = load_settings(config).sync
    assert sync is not None
    assert (sync.url, sync.username, sync.every_minutes) == (
        "https://cloud.example.org/remote.php/dav",
        "ana",
        15,
    )
    assert sync.share_notes and sync.verify_tls and sync.posts_calendar == "Calepin"
    assert "password" not in config.read_text(encoding="utf-8")


async def test_emptying_the_server_and_username_stops_syncing(store: Store, config: Path) -> None:
    config.write_text(
        '[sync]\nurl = "https://cloud.example.org/dav"\nusername = "ana"\nevery_minutes = 5\n',
        encoding="utf-8",
    )
    app = make_app(store, settings=load_settings(config))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        assert screen.query_one("#sync_username").value == "ana"
        await put(pilot, "sync_url", "")
        await put(pilot, "sync_username", "")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, SettingsScreen), what="saved")
        assert app.settings.sync is None
        await wait_until(pilot, lambda: app._sync_runner._timer is None, what="unscheduled")
    assert load_settings(config).sync is None
