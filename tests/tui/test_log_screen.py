"""Pilot tests of the log screen, the timer keys, the entry dialogs and the timer label."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from textual.app import App
from textual.widgets import Input, OptionList, Static

from storage import EntryDraft, EntrySource, PostDraft, Store
from storage import timesheet as ts
from tests.tui.conftest import put, wait_until
from tui.cli import cli
from tui.dialogs.choice import ChoiceDialog
from tui.dialogs.duty_picker import DutyPickerDialog
from tui.dialogs.entry_form import EntryFormDialog
from tui.dialogs.gap_fill import GapFillDialog
from tui.dialogs.overlap import OverlapDialog
from tui.dialogs.split import SplitDialog
from tui.screens.log import LogScreen, ask_about_long_timer
from tui.widgets.command_bar import EchoLine
from tui.widgets.timer_label import TimerLabel, TimerWatcher

SIZE = (120, 40)


def at(now: dt.datetime, hhmm: str, days: int = 0) -> dt.datetime:
    hour, minute = map(int, hhmm.split(":"))
    day = now.date() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=now.tzinfo)


class Host(App[None]):
    """A bare app showing one LogScreen, as the real app will."""

    def __init__(self, store: Store, now: dt.datetime, day: dt.date | None = None) -> None:
        super().__init__()
        self.store = store
        self.now = now
        self.day = day

    def on_mount(self) -> None:
        self.push_screen(LogScreen(self.store, lambda: self.now, self.day))


def rows(app: App[Any]) -> list[str]:
    listing = app.screen.query_one("#timeline", OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


def text_of(app: App[Any], selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def spans(store: Store) -> list[tuple[str, str, str | None]]:
    zone = store.zone
    return [
        (
            e.duty,
            e.start.astimezone(zone).strftime("%H:%M"),
            e.end.astimezone(zone).strftime("%H:%M") if e.end else None,
        )
        for e in store.all_entries()
    ]


async def highlight(app: App[Any], index: int) -> None:
    app.screen.query_one("#timeline", OptionList).highlighted = index


async def test_day_timeline_gaps_totals_and_day_keys(store: Store, now: dt.datetime) -> None:
    post = store.add_post(PostDraft("Holiday reel", "Instagram", date=now.date()))
    store.add_entry(EntryDraft("social media", at(now, "09:00"), at(now, "10:30"), post_id=post.id))
    store.add_entry(EntryDraft("events", at(now, "11:00"), at(now, "11:30"), note="fair"))
    store.add_entry(EntryDraft("events", at(now, "09:00", -1), at(now, "10:00", -1)))
    store.add_entry(EntryDraft("video", at(now, "09:00", 2), at(now, "11:00", 2)))  # Wednesday
    store.start_timer("newsletters", at(now, "14:00"))
    app = Host(store, now)
    async with app.run_test(size=SIZE) as pilot:
        shown = rows(app)
        assert len(shown) == 5
        assert shown[0].startswith("09:00–10:30") and "→ Holiday reel" in shown[0]
        assert "untracked" in shown[1] and "30 min" in shown[1]
        assert "“fair”" in shown[2] and "✎" in shown[2]
        assert "untracked" in shown[3] and "2 h 30" in shown[3]
        assert shown[4].startswith("14:00– now") and "newsletters" in shown[4] and "⏱" in shown[4]
        totals = text_of(app, "#totals")
        assert "Day   3 h  (social media 1 h 30 · newsletters 1 h · events 30 min)" in totals
        assert "Week  5 h" in totals  # Sunday belongs to the week before
        assert "share of the week: 30%" in totals
        await pilot.press("left_square_bracket")
        assert "Sunday 22 November" in text_of(app, "#log-title")
        assert len(rows(app)) == 1
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert "Tuesday 24 November" in text_of(app, "#log-title")
        assert rows(app) == []
        await pilot.press("t")
        assert "Monday 23 November 2026 · today" in text_of(app, "#log-title")


async def test_command_bar_logs_and_times(store: Store, now: dt.datetime) -> None:
    app = Host(store, now)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon")
        assert isinstance(app.focused, Input)
        await pilot.press(*"2-4pm press")
        assert (
            app.screen.query_one("#command-echo", EchoLine).text
            == "Mon 23 Nov 14:00–16:00 · 2 h · press relations"
        )
        # ends in the future: asked first, nothing saved until yes
        await pilot.press("enter")
        assert isinstance(app.screen, OverlapDialog)
        assert store.all_entries() == []
        await pilot.press("y")
        assert spans(store) == [("press relations", "14:00", "16:00")]
        assert "press relations" in rows(app)[0]
        assert not isinstance(app.focused, Input)  # saved: the keys are the view's again

        await pilot.press("colon")
        await put(pilot, "command-input", "start newsletters", focus=False)
        await pilot.press("enter")
        timer = store.running_timer()
        assert timer is not None and timer.duty == "newsletters"
        await pilot.press("colon")
        await put(pilot, "command-input", "stop", focus=False)
        await pilot.press("enter")
        assert store.running_timer() is None

        # up recalls earlier lines
        await pilot.press("colon", "up")
        assert app.screen.query_one("#command-input", Input).value == "stop"
        await pilot.press("up")
        assert app.screen.query_one("#command-input", Input).value == "start newsletters"


async def test_overlap_is_trimmed_or_cancelled_never_double_counted(
    store: Store, now: dt.datetime
) -> None:
    store.add_entry(EntryDraft("events", at(now, "09:00"), at(now, "11:00")))
    app = Host(store, now)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await put(pilot, "command-input", "10-12 video", focus=False)
        await pilot.press("enter")
        assert isinstance(app.screen, OverlapDialog)
        await pilot.press("y")  # "save anyway" is not offered for an overlap
        assert isinstance(app.screen, OverlapDialog)
        await pilot.press("escape")
        assert spans(store) == [("events", "09:00", "11:00")]

        await pilot.press("up", "enter")
        await pilot.press("t")
        assert spans(store) == [("events", "09:00", "10:00"), ("video", "10:00", "12:00")]
        await pilot.press("escape")  # leave the bar
        await pilot.press("u")
        assert spans(store) == [("events", "09:00", "11:00")]
        assert len(rows(app)) == 1
        await pilot.press("ctrl+y")
        assert spans(store) == [("events", "09:00", "10:00"), ("video", "10:00", "12:00")]


async def test_edit_entry_through_the_form(store: Store, now: dt.datetime) -> None:
    post = store.add_post(PostDraft("Winter newsletter", "Newsletter", date=now.date()))
    entry = store.add_entry(EntryDraft("events", at(now, "09:00"), at(now, "10:00")))
    app = Host(store, now)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, EntryFormDialog)
        form.query_one("#duty", Input).value = "newsl"
        form.query_one("#activity", Input).value = "create"
        form.query_one("#end", Input).value = "10:45"
        form.query_one("#note", Input).value = "december issue"
        form.query_one("#post").value = post.id  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        saved = store.get_entry(entry.id)
        assert (saved.duty, saved.activity, saved.note, saved.post_id) == (
            "newsletters",
            "create",
            "december issue",
            post.id,
        )
        assert saved.end == at(now, "10:45")
        assert "newsletters / create" in rows(app)[0] and "→ Winter newsletter" in rows(app)[0]

        await pilot.press("e")
        app.screen.query_one("#duty", Input).value = "nonsense"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, EntryFormDialog)
        assert "unknown duty" in text_of(app, "#error")
        await pilot.press("escape")
        assert store.get_entry(entry.id).duty == "newsletters"


async def test_split_and_delete_with_undo(store: Store, now: dt.datetime) -> None:
    store.add_entry(EntryDraft("events", at(now, "09:00"), at(now, "11:00")))
    app = Host(store, now)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        assert isinstance(app.screen, SplitDialog)
        assert app.screen.query_one("#at", Input).value == "10:00"
        app.screen.query_one("#at", Input).value = "10:15"
        await pilot.press("enter")
        assert spans(store) == [("events", "09:00", "10:15"), ("events", "10:15", "11:00")]
        assert len(rows(app)) == 2

        await highlight(app, 1)
        await pilot.press("d")
        await pilot.press("n")  # keep it
        assert len(store.all_entries()) == 2
        await pilot.press("d")
        await pilot.press("y")
        assert spans(store) == [("events", "09:00", "10:15")]
        assert len(rows(app)) == 1
        await pilot.press("u", "u")
        assert spans(store) == [("events", "09:00", "11:00")]


async def test_fill_a_gap_in_two_keys(store: Store, now: dt.datetime) -> None:
    store.add_entry(EntryDraft("events", at(now, "09:00"), at(now, "10:00")))
    store.add_entry(EntryDraft("events", at(now, "10:45"), at(now, "11:00")))
    app = Host(store, now)
    async with app.run_test(size=SIZE) as pilot:
        await highlight(app, 1)
        await pilot.press("enter")
        picker = app.screen
        assert isinstance(picker, GapFillDialog)
        second = picker.duties[1].name
        await pilot.press("2")
        assert spans(store)[1] == (second, "10:00", "10:45")
        assert all("untracked" not in row for row in rows(app))


async def test_fill_part_of_a_gap(store: Store, now: dt.datetime) -> None:
    store.add_entry(EntryDraft("events", at(now, "09:00"), at(now, "10:00")))
    store.add_entry(EntryDraft("events", at(now, "12:00"), at(now, "13:00")))
    app = Host(store, now)
    async with app.run_test(size=SIZE) as pilot:
        await highlight(app, 1)
        await pilot.press("enter")
        dialog = app.screen
        assert isinstance(dialog, GapFillDialog)
        note = dialog.query_one("#part-note", Static)
        assert str(note.render()) == "→ 10:00–12:00 · 2 h (the whole gap)"
        await put(pilot, "part", "3h")  # longer than the gap: said, nothing saved
        assert "3 h is longer than the gap (2 h)" in str(note.render())
        await pilot.press("tab", "enter")
        assert isinstance(app.screen, GapFillDialog) and len(store.all_entries()) == 2
        await put(pilot, "part", "45m")
        assert str(note.render()) == "→ 10:00–10:45 · 45 min, 1 h 15 left untracked"
        await put(pilot, "part", "11:30")  # an end time
        assert str(note.render()) == "→ 10:00–11:30 · 1 h 30, 30 min left untracked"
        await pilot.press("enter", "1")  # back to the duties; 1 fills with the first
        first = dialog.duties[0].name
        assert spans(store)[1] == (first, "10:00", "11:30")
        assert any(
            f"1 h 30 logged to {first} (10:00–11:30)" in n.message for n in app._notifications
        )
        assert any("11:30–12:00" in row and "untracked" in row for row in rows(app))


async def test_timer_keys_and_interruption(store: Store, now: dt.datetime) -> None:
    store.add_entry(EntryDraft("newsletters", at(now, "09:00"), at(now, "12:00")))
    app = Host(store, now)
    async with app.run_test(size=SIZE) as pilot:
        app.now = at(now, "13:00")
        await pilot.press("2")  # the duties' own order (never usage): 2 is newsletters
        timer = store.running_timer()
        assert timer is not None and timer.duty == "newsletters"
        assert rows(app)[-1].startswith("13:00– now")

        app.now = at(now, "13:30")
        await pilot.press("exclamation_mark")
        assert isinstance(app.screen, DutyPickerDialog)
        assert app.screen.duties[0].social
        await pilot.press("1")
        running = store.running_timer()
        assert running is not None and running.duty == "social media"
        assert ts.paused_timer(store) == ts.PausedTimer("newsletters")

        app.now = at(now, "14:00")
        await pilot.press("exclamation_mark")
        assert ts.paused_timer(store) is None
        assert spans(store)[1:] == [
            ("newsletters", "13:00", "13:30"),
            ("social media", "13:30", "14:00"),
            ("newsletters", "14:00", None),
        ]
        app.now = at(now, "14:20")
        await pilot.press("0")
        assert store.running_timer() is None
        assert spans(store)[-1] == ("newsletters", "14:00", "14:20")

        await pilot.press("T")  # pick any duty for a new timer
        picker = app.screen
        assert isinstance(picker, DutyPickerDialog)
        assert picker.duties[:2] == ts.most_used_duties(store, app.now)[:2]
        await pilot.press("down", "enter")
        running = store.running_timer()
        assert running is not None and running.duty == picker.duties[1].name == "social media"


async def test_long_timer_is_questioned_at_start(store: Store, now: dt.datetime) -> None:
    store.start_timer("web content", at(now, "09:00", -1))

    class Starting(App[None]):
        def on_mount(self) -> None:
            ask_about_long_timer(self, store, now)

    app = Starting()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert "Stop it at Sun 17:00 (last activity)" in str(app.screen.choices)
        await pilot.press("1")
    stopped = store.all_entries()[0]
    assert stopped.end == at(now, "17:00", -1)
    assert ask_about_long_timer(app, store, now) is False


class LabelHost(App[None]):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    def compose(self):  # type: ignore[no-untyped-def]
        yield TimerLabel(lambda: dt.datetime.now(dt.UTC), store=self.store, id="timer")


def label_text(app: App[Any]) -> str:
    return str(app.query_one("#timer", TimerLabel).render())


async def wait_for(pilot: Any, check: Any, seconds: float) -> float:
    began = time.monotonic()
    while time.monotonic() - began < seconds:
        if check():
            return time.monotonic() - began
        await pilot.pause(0.05)
    raise AssertionError("not shown in time")


async def test_timer_switched_by_the_cli_shows_within_two_seconds(db_path: Path) -> None:
    def timer(*args: str) -> None:
        # The command on its own connection, as another process would write (CliRunner: no
        # interpreter to start for each).
        result = CliRunner().invoke(cli, ["--db", str(db_path), "timer", *args])
        assert result.exit_code == 0, result.output

    with Store.open(db_path) as store:
        watcher = TimerWatcher(store)
        watcher.poll()
        app = LabelHost(store)
        async with app.run_test(size=SIZE) as pilot:
            assert label_text(app) == ""
            timer("start", "newsletters")
            took = await wait_for(pilot, lambda: "newsletters" in label_text(app), 2.0)
            assert took <= 2.0
            assert watcher.poll() is True and watcher.poll() is False
            timer("start", "events")
            await wait_for(pilot, lambda: "⏱ events 0:00:0" in label_text(app), 2.0)
            timer("stop")
            await wait_for(pilot, lambda: label_text(app) == "", 2.0)


async def test_a_running_timer_survives_closing_the_app(db_path: Path, now: dt.datetime) -> None:
    with Store.open(db_path) as store:
        app = Host(store, now)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("3")
    with Store.open(db_path) as store:
        timer = store.running_timer()
        assert timer is not None and timer.source is EntrySource.TIMER
        app2 = LabelHost(store)
        async with app2.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert label_text(app2).startswith(f"⏱ {timer.duty} ")


async def test_logging_another_day_shows_that_day(store: Store, now: dt.datetime) -> None:
    app = Host(store, now)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("colon")
        await put(pilot, "command-input", "last fri 9-11 events", focus=False)
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, LogScreen)
        assert screen.day == dt.date(2026, 11, 20)
        assert spans(store) == [("events", "09:00", "11:00")]
        assert "events" in rows(app)[0]


async def test_the_log_header_shows_the_running_timer(store: Store, now: dt.datetime) -> None:
    app = Host(store, now)
    async with app.run_test(size=SIZE) as pilot:
        assert "newsletters" not in text_of(app, "#log-timer")
        store.start_timer("newsletters", at(now, "14:00"))
        await wait_until(
            pilot, lambda: "newsletters" in text_of(app, "#log-timer"), timeout=1.3, what="header"
        )
