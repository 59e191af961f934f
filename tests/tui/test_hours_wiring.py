"""The hours pieces wired into the app: log mode, command bar, timer keys, `w`, card effort."""

from __future__ import annotations

from textual.widgets import Input

from storage import EntryDraft, PostDraft, Store
from storage import timesheet as ts
from tests.conftest import NOW
from tests.tui.conftest import at, day, make_app, put, screen_text
from tui.screens.log import LogScreen
from tui.screens.week import WeekScreen

SIZE = (140, 40)


async def test_l_opens_the_log_and_w_comes_back(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen)
        assert app.screen.day == NOW.date()
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WeekScreen)


async def test_colon_from_the_week_opens_the_bar_and_saves_an_entry(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WeekScreen)
        await pilot.press("colon")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen)
        assert isinstance(app.focused, Input)
        await put(pilot, "command-input", "1h social engage test", focus=False)
        await pilot.press("enter")
        await pilot.pause()
        entries = store.all_entries()
        assert [(e.duty, e.activity, e.note, e.minutes()) for e in entries] == [
            ("social media", "engage", "test", 60)
        ]
        assert entries[0].end == NOW


async def test_1_starts_a_timer_and_x_stops_it(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = ts.timer_key_duties(seeded)[0].name  # the duties' order, not usage
        seeded.stop_timer(at(0, 14, 30))  # the seeded timer: out of the way
        await pilot.press("1")
        timer = seeded.running_timer()
        assert timer is not None and timer.duty == first and timer.start == NOW
        await pilot.press("0")
        assert seeded.running_timer() is None
        # Stopped within the minute it started: a zero-minute run is not kept.
        assert all(e.start != NOW for e in seeded.all_entries())


async def test_w_on_a_post_starts_a_timer_linked_to_it(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        post = app.screen.selected_post()
        assert post is not None
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WeekScreen)  # `w` stays on the week here
        timer = seeded.running_timer()
        assert timer is not None
        assert timer.post_id == post.id
        assert timer.duty == seeded.platform(post.platform).default_duty
        assert "⏱" in screen_text(app)


async def test_a_card_shows_time_logged_against_its_estimate(seeded: Store) -> None:
    post = seeded.add_post(
        PostDraft("Snow day notice", "Facebook", day(2), None, estimate_minutes=60)
    )
    seeded.add_entry(EntryDraft("social media", at(2, 9), at(2, 9, 45), post_id=post.id))
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "45 min of 1 h" in text  # then "planned" on the card's next line
        assert "0 min of 45 min" in text  # Council recap: an estimate, nothing logged yet


async def test_the_editor_shows_time_logged_against_the_estimate(seeded: Store) -> None:
    from tui.dialogs import PostFormDialog

    post = seeded.add_post(
        PostDraft("Snow day notice", "Facebook", day(2), None, estimate_minutes=60)
    )
    seeded.add_entry(EntryDraft("social media", at(2, 9), at(2, 9, 45), post_id=post.id))
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WeekScreen)
        app.focus_day = day(2)
        screen.reload()
        ids = [p.id for p in screen.by_day[screen.cursor_day]]
        screen.cursor_post = ids.index(post.id)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, PostFormDialog)
        assert "45 min of 1 h planned" in screen_text(app)
