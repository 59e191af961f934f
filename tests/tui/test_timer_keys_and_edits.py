"""Pilot tests: stable timer keys named in the footer and help, the forgotten-timer flag on
the views, zero-minute timer runs, and entry edits that keep what was not touched."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Checkbox, Input

from storage import EntryDraft, Store
from storage.settings import Settings
from tests.conftest import NOW
from tests.tui.conftest import make_app, notifications, screen_text
from tui.dialogs.entry_form import EntryFormDialog
from tui.screens.help import HelpScreen
from tui.screens.log import LogScreen
from tui.widgets.timer_label import TimerLabel

SIZE = (150, 40)


def at(hhmm: str, days: int = 0, second: int = 0) -> dt.datetime:
    hour, minute = map(int, hhmm.split(":"))
    day = NOW.date() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute, second), tzinfo=NOW.tzinfo)


async def test_timer_keys_follow_the_settings_and_are_named_in_footer_and_help(
    store: Store,
) -> None:
    for days in range(1, 6):  # weeks of web content: usage must not move the keys
        store.add_entry(EntryDraft("web content", at("09:00", -days), at("17:00", -days)))
    settings = Settings(timer_keys=("meetings", "social media"))
    app = make_app(store, settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen)
        footer = screen_text(app).splitlines()[-1]
        assert "1 meetings" in footer and "2 social media" in footer
        await pilot.press("1")
        await pilot.pause()
        timer = store.running_timer()
        assert timer is not None and timer.duty == "meetings"
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Start the timer on meetings" in text
        assert "Start the timer on social media" in text


async def test_a_forgotten_timer_is_flagged_in_the_label_and_the_log_totals(
    store: Store,
) -> None:
    store.start_timer("events", at("09:00", -3))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # the start-up question: keep it running
        await pilot.press("l")
        await pilot.pause()
        label = str(app.screen.query_one(TimerLabel).render())
        assert "⚠ past 10 h: only 10 h count · 0 stops it at the last activity" in label
        totals = str(app.screen.query_one("#totals").render())
        assert "Week  10 h" in totals or "Week  nothing logged" in totals
        assert "The events timer has run 78 h since Fri 20 Nov 09:00; only 10 h count" in totals
        assert "Press 0 to stop it at its last activity." in totals


async def test_a_timer_stopped_within_its_minute_is_not_kept(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert store.running_timer() is not None
        await pilot.press("0")
        await pilot.pause()
        assert store.all_entries() == []
        assert any("ran less than a minute: not kept" in n for n in notifications(app))


async def test_editing_only_the_duty_keeps_the_times_to_the_second(store: Store) -> None:
    entry = store.add_entry(EntryDraft("events", at("09:00", second=30), at("10:00", second=30)))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EntryFormDialog)
        form.query_one("#duty", Input).value = "meetings"
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = store.get_entry(entry.id)
        assert saved.duty == "meetings"
        assert (saved.start, saved.end) == (entry.start, entry.end)
        assert saved.minutes() == 60


async def test_an_end_before_the_start_needs_next_day(store: Store) -> None:
    entry = store.add_entry(EntryDraft("events", at("16:00", -1), at("17:00", -1)))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("left_square_bracket")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, EntryFormDialog)
        assert "ends the next day" in screen_text(app)  # said in the dialog's help line
        form.query_one("#end", Input).value = "15:00"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        error = str(form.query_one("#error").render())
        assert "To (15:00) is not after From (16:00)" in error
        assert "ends the next day" in error
        assert store.get_entry(entry.id).end == at("17:00", -1)  # nothing saved
        form.query_one("#end", Input).value = "01:00"
        form.query_one("#next-day", Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = store.get_entry(entry.id)
        assert (saved.start, saved.end) == (at("16:00", -1), at("01:00"))
