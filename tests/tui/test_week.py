"""Pilot tests of the week view: what it shows, navigation, quick changes, undo and redo."""

from __future__ import annotations

import datetime as dt

from storage import Status, Store
from storage.wording import week_title
from tests.tui.conftest import day, find, make_app, notifications, screen_text, wait_until
from tui.screens.week import WeekScreen
from tui.widgets.week_grid import WeekGrid

SIZE = (120, 40)


def week(app) -> WeekScreen:
    assert isinstance(app.screen, WeekScreen)
    return app.screen


def selected_title(app) -> str | None:
    post = week(app).selected_post()
    return post.title if post else None


async def test_the_week_shows_days_cards_header_and_sums_and_the_keys_move(
    seeded: Store,
) -> None:
    """What the week shows, the posts of a day in order, then the arrows and the week keys:
    one app (four before, all from the seeded week at today)."""
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Week 48 · 23–29 Nov 2026" in text
        for label in ("Mon 23 Nov", "Tue 24 Nov", "Sun 29 Nov"):
            assert label in text
        # Cards: time, platform tag, title, status mark; the series shows on its Wednesday.
        assert "10:00 FB" in text and "Winter fair" in text
        assert "14:30 IG" in text and "Library hours" in text
        assert "09:00 BS ↻" in text and "Tip of the week" in text
        assert "Giving Tuesday" not in text  # next week
        assert "Older idea" not in text  # backlog
        # The running timer, from the fixed clock: started 14:15, now 15:00.
        assert "⏱ social media 0:45:00" in text
        # Sums: posts per platform, effort against capacity, hours logged and social share.
        assert "Posts FB 1 · IG 1 · IN 1 · X 1 · BS 1 · NL 1" in text
        # 45 + 90 + 15 min on social platforms (the newsletter is the newsletters duty's
        # work); room: the week's 35 h less 1 h 30 of events (storage.capacity, the summary's).
        assert "Planned 2 h 30 · room 33 h 30  │" in text
        # 2 h engage + 1 h 30 events + 45 min of the running timer; social 2 h 45 of 4 h 15.
        assert "Logged 4 h 15 · social 65 %" in text
        grid = app.screen.query_one(WeekGrid)
        assert [c.is_today for c in grid.columns] == [True] + [False] * 6

        # Posts without a time come first in their day.
        monday = week(app).by_day[0]
        assert [p.title for p in monday] == ["Council recap", "Winter fair teaser video"]
        text = screen_text(app).splitlines()
        recap = next(i for i, line in enumerate(text) if "Council recap" in line)
        teaser = next(i for i, line in enumerate(text) if "Winter fair" in line)
        assert recap < teaser

        # The arrows move between posts and days.
        assert selected_title(app) == "Council recap"
        await pilot.press("down")
        assert selected_title(app) == "Winter fair teaser video"
        await pilot.press("down")  # stays on the last card
        assert selected_title(app) == "Winter fair teaser video"
        await pilot.press("right")
        assert app.focus_day == day(1)
        assert selected_title(app) == "Library hours"
        await pilot.press("right", "right")
        assert selected_title(app) == "Newsletter #48"
        await pilot.press("right", "right")  # Saturday: an empty day
        assert app.focus_day == day(5)
        assert selected_title(app) is None
        await pilot.press("right", "right")  # off the edge: next week
        assert app.focus_day == day(7)
        assert "Week 49 · 30 Nov – 6 Dec 2026" in screen_text(app)
        await pilot.press("left")
        assert "Week 48" in screen_text(app)

        # Keys page through the weeks and come back to today.
        await pilot.press("t")
        assert app.focus_day == day(0) and "Week 48" in screen_text(app)
        await pilot.press("right_square_bracket")
        text = screen_text(app)
        assert "Week 49 · 30 Nov – 6 Dec 2026" in text
        assert "Giving Tuesday" in text and "Tip of the week" in text  # the series repeats
        await pilot.press("pagedown", "pagedown", "pagedown", "pagedown")
        assert "Week 53 · 28 Dec 2026 – 3 Jan 2027" in screen_text(app)  # 2026 has 53 weeks
        await pilot.press("left_square_bracket", "pageup")
        assert "Week 51 · 14–20 Dec 2026" in screen_text(app)
        await pilot.press("t")
        assert app.focus_day == day(0)
        assert "Week 48 · 23–29 Nov 2026" in screen_text(app)


async def test_shift_arrows_move_the_post_and_the_cursor_follows(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "shift+right")
        teaser = find(seeded, "Winter fair teaser video")
        assert (teaser.date, teaser.time) == (day(1), dt.time(10))
        assert app.focus_day == day(1) and selected_title(app) == "Winter fair teaser video"
        await pilot.press("shift+down", "shift+down")
        assert find(seeded, "Winter fair teaser video").time == dt.time(12)
        await pilot.press("shift+up")
        assert find(seeded, "Winter fair teaser video").time == dt.time(11)
        await pilot.press("shift+left", "shift+left")
        assert find(seeded, "Winter fair teaser video").date == day(-1)
        assert "Week 47" in screen_text(app)  # followed it into last week


async def test_an_hour_move_gives_a_time_s_moves_the_status_and_a_published_post_stays(
    seeded: Store,
) -> None:
    """Three quick changes from the seeded week: one app (three before)."""
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # An hour move gives an untimed post a time.
        assert selected_title(app) == "Council recap"
        await pilot.press("shift+down")
        assert find(seeded, "Council recap").time == dt.time(9)

        # `s` moves the post to its next status.
        assert selected_title(app) == "Council recap"
        await pilot.press("s")
        assert find(seeded, "Council recap").status is Status.SCHEDULED
        await pilot.press("s")
        assert find(seeded, "Council recap").status is Status.PUBLISHED
        await pilot.press("s")  # published stays published
        assert find(seeded, "Council recap").status is Status.PUBLISHED
        assert any("is published" in m for m in notifications(app))

        # A published post stays put.
        app.clear_notifications()
        await pilot.press("right", "right", "right", "right")
        assert selected_title(app) == "Published recap"
        await pilot.press("shift+right")
        assert find(seeded, "Published recap").date == day(4)
        assert any("stays where it was published" in m for m in notifications(app))


async def test_undo_and_redo_several_levels_with_their_labels(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "shift+right", "s")
        teaser = find(seeded, "Winter fair teaser video")
        assert (teaser.date, teaser.status) == (day(1), Status.READY)
        await pilot.press("u")
        assert find(seeded, "Winter fair teaser video").status is Status.DRAFTING
        assert "Undone: 'Winter fair teaser video' → ready" in notifications(app)
        await pilot.press("u")
        assert find(seeded, "Winter fair teaser video").date == day(0)
        assert "Undone: move 'Winter fair teaser video' to Tue 24 Nov" in notifications(app)
        await pilot.press("u")
        assert "Nothing to undo" in notifications(app)
        await pilot.press("ctrl+y")
        assert find(seeded, "Winter fair teaser video").date == day(1)
        assert "Redone: move 'Winter fair teaser video' to Tue 24 Nov" in notifications(app)
        # The screen shows the post back on Tuesday.
        assert [p.title for p in week(app).by_day[1]] == [
            "Winter fair teaser video",
            "Library hours",
        ]


async def test_undo_works_after_switching_views(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("shift+right")
        assert find(seeded, "Council recap").date == day(1)
        await pilot.press("m")
        assert app.current_mode == "month"
        await pilot.press("u")
        assert find(seeded, "Council recap").date == day(0)
        await pilot.press("b", "w")
        assert app.current_mode == "week"
        assert week(app).by_day[0][0].title == "Council recap"


async def test_a_filter_narrows_the_week_escape_clears_it_and_a_stale_one_is_dropped(
    seeded: Store,
) -> None:
    """A filter, escape, a filter gone stale, then keys after quit: one app (three before)."""
    from tui.dialogs import PostFilter

    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.post_filter = PostFilter(platforms=("Facebook", "Instagram"))
        week(app).reload()
        await pilot.pause()
        text = screen_text(app)
        assert "Filter: FB, IG" in text
        assert "Library hours" in text and "Council recap" not in text
        # The sums stay the whole week's: capacity is about everything planned.
        assert "Posts FB 1 · IG 1 · IN 1" in text
        await pilot.press("escape")
        text = screen_text(app)
        assert "Filter:" not in text and "Council recap" in text

        # A filter gone stale is dropped, not a crash.
        app.clear_notifications()  # escape's own "Filter cleared"
        app.post_filter = PostFilter(campaign="Renamed meanwhile")
        await pilot.press("right_square_bracket")
        assert app.post_filter is None
        assert any("Filter cleared" in m for m in notifications(app))
        assert "Giving Tuesday" in screen_text(app)

        # Keys typed after quit do nothing.
        app.exit()
        assert app.check_action("undo", ()) is False
        assert week(app).check_action("edit_post", ()) is False


async def test_a_timer_started_elsewhere_shows_within_a_second(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        seeded.stop_timer(app.now())
        await wait_until(pilot, lambda: "⏱" not in screen_text(app), timeout=1.3, what="no ⏱")


async def test_the_week_fits_a_small_terminal(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app).splitlines()
        assert len(text) == 24 and all(len(line) <= 80 for line in text)
        joined = "\n".join(text)
        assert "Week 48" in joined and "⏱" in joined
        assert "Mon 23" in joined and "Sun 29" in joined
        assert "Council" in joined and "Library" in joined
        # The sums without the posts per platform: the plan against the room stays whole.
        assert "Planned 2 h 30 · room 33 h 30  │  Logged 4 h 15" in joined
        await pilot.press("right", "down", "shift+right", "right_square_bracket")
        assert find(seeded, "Library hours").date == day(2)
        assert app.focus_day == day(9)


async def test_a_crowded_day_scrolls_to_the_selected_card(seeded: Store) -> None:
    from storage import PostDraft

    for hour in range(8, 20):
        seeded.add_post(PostDraft(f"Busy {hour}", "X", day(5), dt.time(hour)))
    app = make_app(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press(*["right"] * 5)
        text = screen_text(app)
        assert "Busy 8" in text and "↓" in text and "more" in text
        await pilot.press(*["down"] * 11)
        text = screen_text(app)
        assert selected_title(app) == "Busy 19"
        assert "Busy 19" in text and "↑" in text and "Busy 8" not in text


def test_week_titles_name_months_and_years_where_they_change() -> None:
    assert week_title(dt.date(2026, 11, 23)) == "Week 48 · 23–29 Nov 2026"
    assert week_title(dt.date(2026, 11, 30)) == "Week 49 · 30 Nov – 6 Dec 2026"
    assert week_title(dt.date(2026, 12, 28)) == "Week 53 · 28 Dec 2026 – 3 Jan 2027"
    assert week_title(dt.date(2027, 12, 27)) == "Week 52 · 27 Dec 2027 – 2 Jan 2028"


async def test_weeks_can_start_on_sunday(seeded: Store) -> None:
    app = make_app(seeded, week_start=6)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "22–28 Nov 2026" in text
        assert text.index("Sun 22 Nov") < text.index("Mon 23 Nov")


async def test_a_post_added_elsewhere_shows_although_the_week_was_fetched_ahead(
    seeded: Store,
) -> None:
    from storage import PostDraft

    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        # The weeks on either side are fetched once the frame is up.
        await wait_until(pilot, lambda: len(week(app)._cache) == 3, what="the weeks around")
        with Store.open(seeded.path) as cli:  # another process, as `calepin post add` is
            cli.add_post(PostDraft("Added from the CLI", "Threads", day(9), dt.time(8)))
        await pilot.press("right_square_bracket")
        assert "Added from" in screen_text(app)
        seeded.add_post(PostDraft("Added through our store", "X", day(-3)))
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert "Added through" in screen_text(app)
