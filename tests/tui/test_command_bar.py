"""The command bar: echo, errors, completion, history, the Submitted message; in the app, the
focus back on the view after a save, and a line kept when its question is cancelled or the store
refuses it (issue 13) — the same for the entry form and the post editor."""

from __future__ import annotations

import datetime as dt

from textual.app import App, ComposeResult
from textual.widgets import Input

from storage import EntryDraft, Store
from storage.grammar import LogLine, StartTimer
from storage.store import MAX_SHORT
from tests.tui.conftest import make_app, notifications, put
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.duty_picker import DutyPickerDialog
from tui.dialogs.entry_form import EntryFormDialog
from tui.dialogs.overlap import OverlapDialog
from tui.dialogs.post_form import PostFormDialog
from tui.screens.log import LogScreen
from tui.widgets.command_bar import CommandBar, EchoLine, NameSuggester


class BarHost(App[None]):
    """A host that "saves" every line it gets (unless `saving` is off), as the log screen
    does once the store took it."""

    def __init__(self, store: Store, now: dt.datetime, *, saving: bool = True) -> None:
        super().__init__()
        self.store = store
        self.now = now
        self.saving = saving
        self.got: list[CommandBar.Submitted] = []

    def compose(self) -> ComposeResult:
        yield CommandBar(
            duties=self.store.duties(), activities=self.store.activities(), now_fn=lambda: self.now
        )

    def on_mount(self) -> None:
        self.query_one(CommandBar).focus_input()

    def on_command_bar_submitted(self, event: CommandBar.Submitted) -> None:
        self.got.append(event)
        if self.saving:
            event.bar.saved()


def echo(app: App[None]) -> tuple[str, bool]:
    widget = app.query_one("#command-echo", EchoLine)
    return widget.text, widget.has_class("-error")


async def test_a_long_refusal_wraps_between_words_instead_of_losing_its_end(
    store: Store, now: dt.datetime
) -> None:
    app = BarHost(store, now)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"1h30")
        widget = app.query_one("#command-echo", EchoLine)
        shown = str(widget.render()).splitlines()
        assert len(shown) == 3 and widget.size.height == 3
        assert " ".join(shown) == widget.text  # every word, none cut
        assert all(len(line) <= widget.size.width for line in shown)
        await pilot.press("backspace", "backspace", "backspace", "backspace", *"1h30 soc")
        assert str(widget.render()).count("\n") == 0
        assert app.query_one("#command-echo", EchoLine).size.height == 1


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
        await put(pilot, app.query_one(Input), "2h nonsense", focus=False)
        await pilot.press("enter")
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


async def test_the_line_stays_until_the_host_has_saved_it(store: Store, now: dt.datetime) -> None:
    app = BarHost(store, now, saving=False)
    async with app.run_test() as pilot:
        await put(pilot, app.query_one(Input), "1h events", focus=False)
        await pilot.press("enter")
        bar = app.query_one(CommandBar)
        assert len(app.got) == 1
        assert bar.input.value == "1h events"  # nothing saved yet: nothing cleared
        assert app.focused is bar.input
        bar.saved()
        await pilot.pause()
        assert bar.input.value == ""
        assert bar.history == ["1h events"]


# -- in the app: the log screen saves through storage.commands


async def open_bar(pilot) -> CommandBar:
    app = pilot.app
    await pilot.press("colon")
    assert isinstance(app.screen, LogScreen)
    bar = app.screen.query_one(CommandBar)
    assert app.focused is bar.input
    return bar


def form_values(form: EntryFormDialog) -> dict[str, str]:
    return {f: form.query_one(f"#{f}", Input).value for f in ("duty", "start", "end", "note")}


async def new_entry(pilot, values: dict[str, str]) -> EntryFormDialog:
    app = pilot.app
    await pilot.press("l", "n")
    form = app.screen
    assert isinstance(form, EntryFormDialog)
    for field, value in values.items():
        form.query_one(f"#{field}", Input).value = value
    await pilot.press("ctrl+s")
    return form


async def test_after_a_save_the_keys_are_the_views_again_and_a_refused_note_stays(
    store: Store,
) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bar = await open_bar(pilot)
        await put(pilot, bar.input, "1h events planning", focus=False)
        await pilot.press("enter")
        assert [(e.duty, e.note) for e in store.all_entries()] == [("events", "planning")]
        assert bar.input.value == ""
        assert app.focused is not bar.input

        await pilot.press("u")  # undo, not a "u" typed into the bar
        assert store.all_entries() == []
        assert bar.input.value == ""
        assert any(n.startswith("Undid") for n in notifications(app))

        await pilot.press("exclamation_mark")  # the interruption asks for its duty
        assert isinstance(app.screen, DutyPickerDialog)
        await pilot.press("escape")
        assert bar.input.value == ""

        await pilot.press("colon")  # back in the bar, the ":" not typed into it
        assert app.focused is bar.input
        assert bar.input.value == ""

        # A note over the limit: refused by the store, the line kept (the same app).
        line = "1h events " + "n" * (MAX_SHORT + 1)
        bar.input.value = line
        await pilot.press("enter")
        assert store.all_entries() == []
        assert any(f"the limit is {MAX_SHORT:,}" in n for n in notifications(app))
        assert bar.input.value == line
        assert app.focused is bar.input

        # The entry form keeps a note over the limit too.
        await pilot.press("escape")  # leave the bar
        app.clear_notifications()
        typed = {"duty": "video", "start": "12:00", "end": "13:00", "note": "n" * (MAX_SHORT + 1)}
        form = await new_entry(pilot, typed)
        assert app.screen is form
        assert form_values(form) == typed
        assert any(f"the limit is {MAX_SHORT:,}" in n for n in notifications(app)), "the form"
        assert store.all_entries() == []


async def test_escape_on_the_overlap_question_keeps_the_line_or_the_form(
    store: Store, now: dt.datetime
) -> None:
    """The command bar's line, then the entry form's values: one app (two before, from the
    same entry), the bar's save undone in between."""
    store.add_entry(EntryDraft("events", now.replace(hour=9), now.replace(hour=11)))
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bar = await open_bar(pilot)
        await put(pilot, bar.input, "10-12 video fair teaser", focus=False)
        await pilot.press("enter")
        assert isinstance(app.screen, OverlapDialog)
        await pilot.press("escape")
        assert isinstance(app.screen, LogScreen)
        assert [e.duty for e in store.all_entries()] == ["events"]
        assert bar.input.value == "10-12 video fair teaser"
        assert app.focused is bar.input  # to fix the line and try again

        await pilot.press("enter")  # asked again; this time trim the other one
        assert isinstance(app.screen, OverlapDialog)
        await pilot.press("t")
        assert sorted(e.duty for e in store.all_entries()) == ["events", "video"]
        assert bar.input.value == ""
        assert app.focused is not bar.input

        # The entry form stays open when its question is cancelled.
        await pilot.press("u")
        assert [e.duty for e in store.all_entries()] == ["events"], "the trim not undone"
        typed = {"duty": "video", "start": "10:00", "end": "12:00", "note": "fair teaser"}
        form = await new_entry(pilot, typed)
        assert isinstance(app.screen, OverlapDialog)
        await pilot.press("escape")
        assert app.screen is form
        assert form_values(form) == typed
        assert [e.duty for e in store.all_entries()] == ["events"]

        await pilot.press("ctrl+s")  # asked again: split the other one around it
        assert isinstance(app.screen, OverlapDialog)
        await pilot.press("s")
        assert isinstance(app.screen, LogScreen)  # saved: the form closed
        assert sorted(e.duty for e in store.all_entries()) == ["events", "video"]


async def test_escape_on_the_post_editors_discard_question_keeps_editing(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, PostFormDialog)
        await put(pilot, "title", "Snow day notice", focus=False)
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is editor
        assert editor.query_one("#title", Input).value == "Snow day notice"
        assert store.all_posts() == []
