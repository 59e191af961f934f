"""The command bar on its own: echo, errors, completion, history, the Submitted message."""

from __future__ import annotations

import datetime as dt

from textual.app import App, ComposeResult
from textual.widgets import Input

from storage import Store
from storage.grammar import LogLine, StartTimer
from tui.widgets.command_bar import CommandBar, EchoLine, NameSuggester


class BarHost(App[None]):
    def __init__(self, store: Store, now: dt.datetime) -> None:
        super().__init__()
        self.store = store
        self.now = now
        self.got: list[CommandBar.Submitted] = []

    def compose(self) -> ComposeResult:
        yield CommandBar(
            duties=self.store.duties(), activities=self.store.activities(), now_fn=lambda: self.now
        )

    def on_mount(self) -> None:
        self.query_one(CommandBar).focus_input()

    def on_command_bar_submitted(self, event: CommandBar.Submitted) -> None:
        self.got.append(event)


def echo(app: App[None]) -> tuple[str, bool]:
    widget = app.query_one("#command-echo", EchoLine)
    return str(widget.render()), widget.has_class("-error")


async def test_echo_follows_each_key_and_submits(store: Store, now: dt.datetime) -> None:
    app = BarHost(store, now)
    async with app.run_test() as pilot:
        await pilot.press(*"1h30")
        assert echo(app) == (
            "which duty? e.g. `1h30 social`; duties are: "
            + ", ".join(d.name for d in store.duties()),
            True,
        )
        await pilot.press(*" social engage replied")
        assert echo(app) == (
            "Mon 23 Nov 13:30–15:00 · 1 h 30 · social media / engage · “replied”",
            False,
        )
        await pilot.press("enter")
        await pilot.pause()
        assert len(app.got) == 1 and isinstance(app.got[0].command, LogLine)
        assert app.got[0].text == "1h30 social engage replied"
        assert app.query_one(Input).value == ""
        assert store.all_entries() == []  # the bar never saves: its host does


async def test_a_line_that_does_not_parse_is_not_submitted(store: Store, now: dt.datetime) -> None:
    app = BarHost(store, now)
    async with app.run_test() as pilot:
        await pilot.press(*"2h nonsense", "enter")
        await pilot.pause()
        assert app.got == []
        text, error = echo(app)
        assert error and text.startswith("unknown duty `nonsense`")
        assert app.query_one(Input).value == "2h nonsense"


async def test_completion_of_duty_and_activity_names(store: Store, now: dt.datetime) -> None:
    app = BarHost(store, now)
    async with app.run_test() as pilot:
        await pilot.press(*"start new")
        await pilot.pause()
        await pilot.press("right")  # accept the suggestion
        assert app.query_one(Input).value == "start newsletters"
        await pilot.press(*" cre")
        await pilot.pause()
        await pilot.press("right")
        assert app.query_one(Input).value == "start newsletters create"
        await pilot.press("enter")
        await pilot.pause()
        command = app.got[0].command
        assert isinstance(command, StartTimer)
        assert (command.duty.name, command.activity.name) == ("newsletters", "create")  # type: ignore[union-attr]


def test_suggester_keeps_what_was_typed() -> None:
    names = NameSuggester(["social media", "press relations", "Événements"])
    assert names.suggest("1h Soc") == "1h Social media"
    assert names.suggest("2h press rel") == "2h press relations"
    assert names.suggest("1h eve") == "1h evenements"  # accents need not be typed
    assert names.suggest("90") is None
    assert names.suggest("1h social ") is None


async def test_history_up_and_down(store: Store, now: dt.datetime) -> None:
    app = BarHost(store, now)
    async with app.run_test() as pilot:
        bar = app.query_one(CommandBar)
        field = app.query_one(Input)
        for line in ("stop", "start events"):
            field.value = line
            await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"1h")
        await pilot.press("up")
        assert field.value == "start events"
        await pilot.press("up", "up")
        assert field.value == "stop"
        await pilot.press("down")
        assert field.value == "start events"
        await pilot.press("down")
        assert field.value == "1h"  # what was being typed comes back
        assert bar.history == ["stop", "start events"]


def test_a_habitual_colon_is_ignored_but_colon_minutes_are_not(
    store: Store, now: dt.datetime
) -> None:
    bar = CommandBar(duties=store.duties(), activities=store.activities(), now_fn=lambda: now)
    line = bar.parse(":yesterday 9-11 events")
    assert isinstance(line, LogLine)
    assert (line.duty.name, line.start.day, line.minutes) == ("events", 22, 120)
    short = bar.parse(":45 events")
    assert isinstance(short, LogLine)
    assert short.minutes == 45
