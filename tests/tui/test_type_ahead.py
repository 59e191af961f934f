"""Type-ahead: keys pressed while a dialog or the command bar opens land in it, in order.

Every key is posted to the app at once, as a fast typist's keys reach it from the terminal
while the dialog is still being built; nothing waits between them.
"""

from __future__ import annotations

import time

from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from storage import Store
from tests.tui.conftest import make_app
from tui.dialogs import FilterDialog, PostFormDialog

SIZE = (120, 40)
CHARACTERS = {"space": " ", "slash": "/", "colon": ":", "enter": "\r"}


def type_at_once(app: App, *keys: str) -> None:
    """Post every key to the app without waiting in between."""
    for key in keys:
        app.post_message(events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None)))


def keys_of(text: str) -> list[str]:
    return ["space" if ch == " " else ch for ch in text]


async def until_typed(pilot: Pilot, selector: str, text: str, timeout: float = 10.0) -> None:
    """Wait until the input `selector` on the screen showing reads `text`."""
    deadline = time.monotonic() + timeout
    while typed(pilot.app, selector) != text:
        assert time.monotonic() < deadline, f"{selector} reads {typed(pilot.app, selector)!r}"
        await pilot.pause()


def typed(app: App, selector: str) -> str | None:
    try:
        return app.screen.query_one(selector, Input).value
    except Exception:  # the dialog is not up yet
        return None


async def test_n_then_letters_fill_the_title_in_order(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, "n", *"abcdefghij")
        await until_typed(pilot, "#title", "abcdefghij")
        await pilot.pause()
        assert isinstance(app.screen, PostFormDialog)
        assert app.screen.query_one("#title", Input).value == "abcdefghij"
        assert app.current_mode == "week"  # no letter reached the week view's keys


async def test_slash_then_words_fill_the_filter_in_order(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        type_at_once(app, "slash", *keys_of("library hours"))
        await until_typed(pilot, "#words", "library hours")
        await pilot.pause()
        assert isinstance(app.screen, FilterDialog)
        assert app.screen.query_one("#words", Input).value == "library hours"


async def test_colon_then_a_log_line_fills_the_command_bar_in_order(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        timer = seeded.running_timer()
        # `1` and `0` are timer keys on the log: typed too early they would start or stop one.
        type_at_once(app, "colon", *keys_of("1h30 events prep 10"))
        await until_typed(pilot, "#command-input", "1h30 events prep 10")
        await pilot.pause()
        assert app.current_mode == "log"
        assert app.screen.query_one("#command-input", Input).value == "1h30 events prep 10"
        assert seeded.running_timer() == timer
