"""Start-up: the first frame imports only what it shows and parses the stylesheet once."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import textual.css.stylesheet as stylesheet_module
from textual.screen import Screen

from storage import EntryDraft, Store
from tests.tui.conftest import at, day, make_app, screen_text, wait_until
from tui.app import CalepinApp
from tui.screens.log import LogScreen
from tui.stylesheet import ParsedOnce
from tui.widgets.view_header import ViewHeader

ROOT = Path(__file__).resolve().parents[2]
SIZE = (120, 40)

_PROBE = """
import json, sys
import tui.app
print(json.dumps(sorted(sys.modules)))
"""

# What the week's first frame does not show: each is imported when a key first needs it.
NOT_BEFORE_A_KEY = (
    "tui.screens.log",
    "tui.screens.month",
    "tui.screens.backlog",
    "tui.screens.summary",
    "tui.screens.settings",
    "tui.screens.help",
    "tui.widgets.command_bar",
    "tui.palette",
    "exporters",
    "dateutil",
)


def test_the_app_module_imports_no_dialog_and_no_other_view() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    early = [
        name
        for name in loaded
        if name.startswith("tui.dialogs.")
        or any(name == m or name.startswith(m + ".") for m in NOT_BEFORE_A_KEY)
    ]
    assert early == []


@pytest.fixture
def app_tcss_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each time Textual parses app.tcss (the whole stylesheet is parsed with it)."""
    parses: list[str] = []
    parse = stylesheet_module.parse

    def counting(scope, css, read_from, **kwargs):  # type: ignore[no-untyped-def]
        if read_from[0].endswith("app.tcss"):
            parses.append(read_from[0])
        return parse(scope, css, read_from, **kwargs)

    monkeypatch.setattr(stylesheet_module, "parse", counting)
    # As in a new process: nothing parsed yet by an app before this one.
    monkeypatch.setattr(ParsedOnce, "_parsed", {})
    return parses


async def test_the_stylesheet_is_parsed_once(seeded: Store, app_tcss_parses: list[str]) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert len(app_tcss_parses) == 1
        # Other views and dialogs add their widgets' styles without parsing it again.
        for key in ("m", "b", "r", "w", "n"):
            await pilot.press(key)
        assert len(app_tcss_parses) == 1


async def test_a_second_app_in_the_process_parses_nothing_again(
    seeded: Store, app_tcss_parses: list[str]
) -> None:
    for _app in range(2):  # a language restart starts a second app
        app = make_app(seeded)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert len(app_tcss_parses) == 1
            assert app.screen.query_one(ViewHeader).styles.background is not None


async def test_another_theme_parses_it_again_and_restyles(
    seeded: Store, app_tcss_parses: list[str]
) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        header = app.screen.query_one(ViewHeader)
        dark = header.styles.background
        app.theme = "textual-light"
        await pilot.pause()
        assert len(app_tcss_parses) == 2
        assert header.styles.background != dark


def built(app: CalepinApp, mode: str) -> Screen[object] | None:
    stack = app._screen_stacks.get(mode)  # what Textual keeps per mode
    return stack[0] if stack else None


async def test_the_views_are_built_after_the_first_frame_and_show_fresh_data(
    seeded: Store,
) -> None:
    app = make_app(seeded)
    app.BUILT_AHEAD = CalepinApp.BUILT_AHEAD  # type: ignore[misc]  # whatever the fixture says
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for mode in CalepinApp.BUILT_AHEAD:
            await wait_until(pilot, lambda m=mode: built(app, m) is not None, what=mode)
        log = built(app, "log")
        assert isinstance(log, LogScreen) and not log.shown_once
        assert app.current_mode == "week"
        # Built before these: each view still shows what is true when it first shows.
        seeded.add_entry(EntryDraft("events", at(7, 9), at(7, 10, 30), note="built-ahead check"))
        await pilot.press("right_square_bracket", "l")  # next Monday, then its log
        await wait_until(pilot, lambda: app.screen is log)
        assert log.day == day(7)
        assert "built-ahead check" in screen_text(app)
        await pilot.press("w", "right_square_bracket", "colon")  # the bar: the log stays
        await wait_until(pilot, lambda: app.screen is log)
        assert log.day == day(7)
        await pilot.press("escape", "w", "m")
        await wait_until(pilot, lambda: app.current_mode == "month")
        assert "December 2026" in screen_text(app)  # the month of the day the week shows


async def test_a_view_hidden_while_the_theme_changed_shows_in_the_new_one(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m", "w")
        await wait_until(pilot, lambda: app.current_mode == "week")
        month = built(app, "month")
        assert month is not None
        dark = month.query_one(ViewHeader).styles.background
        app.theme = "textual-light"
        await pilot.pause()
        light = app.screen.query_one(ViewHeader).styles.background
        assert light != dark
        await pilot.press("m")
        await wait_until(pilot, lambda: app.screen is month)
        await pilot.pause()
        assert month.query_one(ViewHeader).styles.background == light
