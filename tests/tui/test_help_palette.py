"""Help screen, command palette, remapped keys and the app's start-up function."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.command import CommandPalette

from storage import Store
from tests.tui.conftest import day, make_app, screen_text
from tui.screens.help import HelpScreen
from tui.screens.week import WeekScreen

SIZE = (120, 40)


async def test_question_mark_lists_every_key_of_the_view(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
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


async def test_every_action_is_in_the_command_palette(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        for title in (
            "Show the next week",
            "Move the post one day later",
            "Copy the post to other platforms (same group)",
            "Undo the last change",
            "Show the month view",
            "List every key",
        ):
            assert title in commands, title
        assert commands["Show the next week"].help == "key: ] pgdn"
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"next week")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.focus_day == day(7)


async def test_a_keymap_remaps_keys_by_binding_id(seeded: Store) -> None:
    app = make_app(seeded, keymap={"view.next": "f", "app.undo": "z"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
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


async def test_dialogs_keep_the_app_keys_to_themselves(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")  # a confirmation with buttons, no text field
        await pilot.press("m", "u", "b")
        assert app.current_mode == "week"
        await pilot.press("escape")
        assert isinstance(app.screen, WeekScreen)
        assert len([p for p in seeded.all_posts() if p.title == "Council recap"]) == 1


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
