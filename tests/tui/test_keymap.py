"""[keys] in the settings file remaps the app's keys; an id that matches nothing is reported."""

from __future__ import annotations

from pathlib import Path

from storage import Store
from storage.settings import load_settings
from tests.conftest import NOW
from tests.tui.conftest import notifications, wait_until
from tui.app import CalepinApp, build_app, known_binding_ids
from tui.screens.summary import SummaryScreen


def settings_with(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return load_settings(path)


def app_with(store: Store, settings) -> CalepinApp:  # type: ignore[no-untyped-def]
    """The app as `calepin` builds it from the file (build_app: its [keys] become the keymap),
    each view built as its key first shows it, as tests/tui/conftest.py's make_app does: the
    four views and five dialogs built ahead were two thirds of the first test's CPU, and
    tests/tui/test_built_ahead.py checks both ways show the same."""
    app = build_app(store, settings, NOW)
    app.BUILT_AHEAD = ()  # type: ignore[misc]
    app.KEPT_AHEAD = ()  # type: ignore[misc]
    return app


async def test_keys_from_the_settings_file_remap_the_summary(seeded: Store, tmp_path: Path) -> None:
    settings = settings_with(tmp_path, '[keys]\n"app.summary" = "S"\n"summary.quarter" = "Q"\n')
    app = app_with(seeded, settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("r")
        assert app.current_mode == "week"
        await pilot.press("S")
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("Q")
        assert app.screen.kind == "quarter"
        assert not [n for n in notifications(app) if "[keys]" in n]


async def test_an_unknown_binding_id_is_reported(seeded: Store, tmp_path: Path) -> None:
    settings = settings_with(tmp_path, '[keys]\n"app.sumary" = "S"\n')
    app = app_with(seeded, settings)
    async with app.run_test(size=(120, 40)) as pilot:
        # Reported once the first frame is up, not within the Pilot's first wait for idle.
        await wait_until(
            pilot,
            lambda: any("no such action: app.sumary" in n for n in notifications(app)),
            what="the unknown id reported",
        )


def test_every_view_and_timer_key_can_be_remapped() -> None:
    ids = known_binding_ids()
    for wanted in ("app.summary", "app.settings", "post.new", "view.previous", "summary.year",
                   "log.new", "timer.stop", "timer.duty1", "month.open", "settings.save",
                   "settings.remove", "help.close"):  # fmt: skip
        assert wanted in ids
