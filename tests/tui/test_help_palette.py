"""Help screen, command palette (every action by name, issue 13), remapped keys and the app's
start-up function."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.command import CommandInput, CommandList, CommandPalette
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from storage import Store
from tests.tui.conftest import day, make_app, put, screen_text
from tui.bindings import (
    ALL_BINDINGS,
    APP_BINDINGS,
    BACKLOG_BINDINGS,
    COMMAND_BAR_BINDINGS,
    HELP_SCREEN_BINDINGS,
    ITEM_LIST_BINDINGS,
    LOG_BINDINGS,
    MONTH_BINDINGS,
    PALETTE_NAMES,
    SETTINGS_BINDINGS,
    SUMMARY_BINDINGS,
    WEEK_BINDINGS,
    palette_name,
)
from tui.screens.help import HelpScreen
from tui.screens.settings import SettingsScreen
from tui.screens.summary import SummaryScreen
from tui.screens.week import WeekScreen
from tui.widgets.item_list import ItemList

SIZE = (120, 40)


async def question_mark_lists_every_key_of_the_view(pilot: Pilot, seeded: Store) -> None:
    app = pilot.app
    await pilot.press("question_mark")
    assert isinstance(app.screen, HelpScreen)
    text = "\n".join(f"{keys} {label}" for keys, label in app.screen.rows)
    for expected in (
        "[ pgup Show the previous week",
        "] pgdn Show the next week",
        "shift+→ Move the post one day later",
        "shift+↓ Move the post one hour later",
        "t Go back to this week and today",
        "g Go to a date you type",
        "⏎ e Edit the selected post",
        "c Copy the post to other platforms",
        "p Mark the post published",
        "d Delete the post",
        "/ Filter by platform, status and campaign",
        "m Show the month view",
        "b Show the backlog",
        "u Undo the last change",
        "^y Redo what was undone",
        "ctrl+p Command palette",
    ):
        assert expected in text, expected
    assert "Focus Next" not in text  # Textual's own plumbing is left out
    assert "Keys · Week view" in screen_text(app)
    assert "◕ scheduled" in str(app.screen.query_one("#help-text").render())
    await pilot.press("escape")
    assert isinstance(app.screen, WeekScreen)


# -- the command palette (ctrl+p): every action by a plain name, with its key (issue 13)


async def until(pilot: Pilot, ready: Callable[[], object], what: str) -> None:
    """Let the app run until `ready()` holds (the palette searches in a worker)."""
    deadline = time.monotonic() + 10
    while not ready():
        assert time.monotonic() < deadline, f"timed out waiting: {what}"
        await pilot.pause(0.02)


def listed(palette: CommandPalette) -> list[str]:
    """What the palette shows under the search field, one entry per line (title, then help)."""
    results = palette.query_one(CommandList)
    return [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]


async def search(pilot: Pilot, query: str, expected: str) -> CommandPalette:
    """Open the palette, put `query` in its search field, wait for the entry titled
    `expected`."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette opened")
    palette = app.screen
    assert isinstance(palette, CommandPalette)
    await put(pilot, palette.query_one(CommandInput), query, focus=False)
    found = lambda: any(e.split("\n")[0] == expected for e in listed(palette))  # noqa: E731
    await until(pilot, found, f"{expected!r} listed for {query!r}")
    return palette


async def choose(pilot: Pilot, palette: CommandPalette, title: str) -> None:
    titles = [e.split("\n")[0] for e in listed(palette)]
    palette.query_one(CommandList).highlighted = titles.index(title)
    await pilot.press("enter")
    await until(pilot, lambda: not isinstance(pilot.app.screen, CommandPalette), "it closed")


def titles(app: App, screen: Screen | None = None) -> dict[str, str]:
    """The palette's entries on `screen` (the current one): name -> keys as shown."""
    shown: dict[str, str] = {}
    for command in app.get_system_commands(screen or app.screen):
        name, _, keys = command.title.partition("  ")
        assert name not in shown, f"{name!r} listed twice"
        shown[name] = keys
    return shown


async def the_palette_finds_summary_by_name_and_shows_it(pilot: Pilot, seeded: Store) -> None:
    app = pilot.app
    palette = await search(pilot, "summary", "Summary  r")
    assert "Summary  r\nShow the time-use summary for your manager" in listed(palette)
    await choose(pilot, palette, "Summary  r")
    await until(pilot, lambda: isinstance(app.screen, SummaryScreen), "the summary shown")
    assert app.current_mode == "summary"


async def undo_settings_and_backlog_are_found_and_run(pilot: Pilot, seeded: Store) -> None:
    app = pilot.app
    await pilot.press("d", "y")  # delete "Council recap" (the selected post)
    assert not [p for p in seeded.all_posts() if p.title == "Council recap"]

    palette = await search(pilot, "undo", "Undo  u")
    await choose(pilot, palette, "Undo  u")  # the app's undo, asked from the palette
    await until(pilot, lambda: any(p.title == "Council recap" for p in seeded.all_posts()),
                "the delete undone")  # fmt: skip

    palette = await search(pilot, "settings", "Settings  ,")
    await choose(pilot, palette, "Settings  ,")
    await until(pilot, lambda: isinstance(app.screen, SettingsScreen), "settings shown")
    await pilot.press("escape")
    await until(pilot, lambda: isinstance(app.screen, WeekScreen), "back on the week")

    palette = await search(pilot, "backlog", "Backlog  b")
    await choose(pilot, palette, "Backlog  b")
    await until(pilot, lambda: app.current_mode == "backlog", "the backlog shown")


async def test_the_palette_reaches_the_views_actions_from_the_command_bar(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon")
        await until(pilot, lambda: isinstance(app.focused, Input), "the bar has the focus")
        await pilot.press(*"1h events")  # here `u` is typed: the palette has Undo
        palette = await search(pilot, "undo", "Undo  u")
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, CommandPalette), "it closed")
        assert isinstance(palette, CommandPalette)
        assert app.screen.query_one("#command-input", Input).value == "1h events"


# Every list of keys in tui/bindings.py, on the screen it belongs to: how to get there (keys
# pressed from the week, or a widget to focus) and the lists nearer the focus that may take
# one of its keys for something else. The app's keys count on every view but not in a modal
# screen (the settings, help), as with the keyboard.
VIEWS = [
    ("week", (), None, [WEEK_BINDINGS, APP_BINDINGS]),
    ("month", ("m",), None, [MONTH_BINDINGS, APP_BINDINGS]),
    ("backlog", ("b",), None, [BACKLOG_BINDINGS, APP_BINDINGS]),
    ("log", ("l",), None, [LOG_BINDINGS, APP_BINDINGS]),
    ("command bar", ("colon",), None, [COMMAND_BAR_BINDINGS, LOG_BINDINGS, APP_BINDINGS]),
    ("summary", ("r",), None, [SUMMARY_BINDINGS, APP_BINDINGS]),
    ("settings", ("comma",), ItemList, [ITEM_LIST_BINDINGS, SETTINGS_BINDINGS]),
    ("help", ("question_mark",), None, [HELP_SCREEN_BINDINGS]),
]


def test_the_views_cover_every_list_of_keys() -> None:
    covered = {id(bindings) for *_, lists in VIEWS for bindings in lists}
    assert covered == {id(bindings) for bindings in ALL_BINDINGS}
    names = {(b.id, b.action) for bindings in ALL_BINDINGS for b in bindings}
    assert set(PALETTE_NAMES) <= names, set(PALETTE_NAMES) - names  # no stale name


async def every_binding_is_in_the_palette_with_its_key(pilot: Pilot, seeded: Store) -> None:
    """Each view of VIEWS in turn, from the week as the keys reach it (each assertion names
    the view)."""
    app = pilot.app
    for view, keys, focus, lists in VIEWS:
        await back_to_the_week(pilot)
        await pilot.press(*keys)
        if focus is not None:
            app.screen.query(focus).first().focus()
            await pilot.pause()
        check_every_binding_listed(app, view, lists)


async def back_to_the_week(pilot: Pilot) -> None:
    """The state each case of VIEWS starts from: no dialog or modal screen, the week shown."""
    app = pilot.app
    while len(app.screen_stack) > 1:
        await pilot.press("escape")
    if app.current_mode != "week":
        app.show_view("week")
        await until(pilot, lambda: isinstance(app.screen, WeekScreen), "back on the week")


def check_every_binding_listed(app: App, view: str, lists: list) -> None:
    shown = titles(app)
    duties = [d.name for d in app.timer_keys()]
    for nearer, bindings in enumerate(lists):
        for binding in bindings:
            assert isinstance(binding, Binding) and binding.id, (view, binding)
            if binding.id.startswith("timer.duty"):
                number = int(binding.id.removeprefix("timer.duty"))
                name = f"Start the timer on {duties[number - 1]}"
            else:
                name = palette_name(binding)
            assert name in shown, f"{view}: {name!r} ({binding.id}) not in the palette"
            for key in binding.key.split(","):
                taken = any(
                    key in other.key.split(",") and other.action != binding.action
                    for closer in lists[:nearer]
                    for other in closer
                )
                if not taken:
                    display = app.get_key_display(replace(binding, key=key))
                    assert display in shown[name].split(" "), (view, name, shown[name])


async def no_action_is_listed_twice_and_textuals_quit_gives_way(
    pilot: Pilot, seeded: Store
) -> None:
    app = pilot.app
    shown = titles(app)  # asserts every name once
    assert shown["Quit"] == "^q q"  # ours, with its keys, in place of Textual's
    assert {"Theme", "Keys", "Screenshot"} <= set(shown)  # Textual's others stay
    await pilot.press("r")
    shown = titles(app)
    # The summary takes w, m and q for its periods: the views are still there, keyless.
    assert (shown["Week summary"], shown["Week view"]) == ("w", "")
    assert (shown["Quarter summary"], shown["Quit"]) == ("q", "^q")


async def test_a_keymap_remaps_keys_by_binding_id(seeded: Store) -> None:
    app = make_app(seeded, keymap={"view.next": "f", "app.undo": "z"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket")
        assert app.focus_day == day(0)  # ] is no longer bound
        await pilot.press("f")
        assert app.focus_day == day(7)
        await pilot.press("t", "shift+right")
        assert seeded.get_post(1).date == day(1)
        await pilot.press("z")
        assert seeded.get_post(1).date == day(0)
        await pilot.press("question_mark")
        rows = dict((label, keys) for keys, label in app.screen.rows)
        assert rows["Show the next week"] == "f"  # the keymap replaces the keys of that id
        await pilot.press("escape")
        assert titles(app)["Next week"] == "f"  # and in the palette
        assert titles(app)["Undo"] == "z"


async def dialogs_keep_the_app_keys_to_themselves(pilot: Pilot, seeded: Store) -> None:
    app = pilot.app
    await pilot.press("d")  # a confirmation with buttons, no text field
    await pilot.press("m", "u", "b")
    assert app.current_mode == "week"
    await pilot.press("escape")
    assert isinstance(app.screen, WeekScreen)
    assert len([p for p in seeded.all_posts() if p.title == "Council recap"]) == 1


async def test_help_and_palette_on_the_seeded_week(seeded: Store) -> None:
    """The cases above in turn in one app (starting one costs more than most cases), each
    from the week with no dialog open; a failure names its case. The one that deletes a post
    and undoes it comes last."""
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        for case in (
            question_mark_lists_every_key_of_the_view,
            no_action_is_listed_twice_and_textuals_quit_gives_way,
            dialogs_keep_the_app_keys_to_themselves,
            every_binding_is_in_the_palette_with_its_key,
            the_palette_finds_summary_by_name_and_shows_it,
            undo_settings_and_backlog_are_found_and_run,
        ):
            await back_to_the_week(pilot)
            try:
                await case(pilot, seeded)
            except AssertionError as error:
                raise AssertionError(f"{case.__name__}: {error}") from error


def test_run_app_opens_and_closes_the_store(tmp_path: Path, monkeypatch) -> None:
    from tui import app as app_module

    seen: dict[str, object] = {}

    def fake_run(self) -> None:
        seen["today"] = self.today()
        seen["week_start"] = self.week_start
        seen["posts"] = self.store.counts()["posts"]  # the store is open while the app runs

    monkeypatch.setattr(app_module.CalepinApp, "run", fake_run)
    db = tmp_path / "calepin.db"
    app_module.run_app(db, dt.datetime(2026, 11, 23, 15, 0))
    assert seen == {"today": dt.date(2026, 11, 23), "week_start": 0, "posts": 0}
    with Store.open(db) as reopened:  # closed cleanly, usable again
        assert reopened.counts()["posts"] == 0
