"""Pilot tests of the actions that go through a dialog: new, edit, copy, publish, delete,
recurring occurrences, go to a date and the filter."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input, Select, SelectionList

from storage import Status, Store
from tests.tui.conftest import day, find, make_app, notifications, put, screen_text
from tests.tui.test_dialogs import each_case
from tui.dialogs import (
    ChoiceDialog,
    ConfirmDialog,
    CopyToPlatformsDialog,
    FilterDialog,
    GotoDialog,
    PostFormDialog,
    PublishDialog,
)
from tui.screens.week import WeekScreen

SIZE = (120, 40)


def selected_title(app) -> str | None:
    assert isinstance(app.screen, WeekScreen)
    post = app.screen.selected_post()
    return post.title if post else None


async def test_n_then_escape_saves_nothing_and_n_adds_a_post_on_the_selected_day(
    seeded: Store,
) -> None:
    """One app: the editor built for the first `n`, refilled for the second (tui/kept.py)."""
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()

        async def escape_in_the_editor_saves_nothing() -> None:
            before = len(seeded.all_posts())
            await pilot.press("n")
            await put(pilot, "title", "Never mind", focus=False)
            await pilot.press("escape")
            await pilot.pause()
            if not isinstance(app.screen, WeekScreen):  # the form may ask before dropping input
                await pilot.press("y")
                await pilot.pause()
            assert isinstance(app.screen, WeekScreen)
            assert len(seeded.all_posts()) == before

        async def n_adds_a_post_on_the_selected_day() -> None:
            await pilot.press("right", "right", "right", "right", "right")  # Saturday
            await pilot.press("n")
            assert isinstance(app.screen, PostFormDialog)
            await put(pilot, "title", "Weekend photo dump", focus=False)
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, WeekScreen)
            post = find(seeded, "Weekend photo dump")
            assert post.date == day(5) and post.status is Status.IDEA
            assert selected_title(app) == "Weekend photo dump"
            assert "Weekend photo" in screen_text(app)  # wrapped on its card
            await pilot.press("u")
            assert not [p for p in seeded.all_posts() if p.title == "Weekend photo dump"]
            assert "Undone: add post 'Weekend photo dump'" in notifications(app)

        await each_case(
            pilot, escape_in_the_editor_saves_nothing, n_adds_a_post_on_the_selected_day
        )


async def test_enter_edits_the_selected_post(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")
        form = app.screen
        assert isinstance(form, PostFormDialog)
        assert form.query_one("#title", Input).value == "Winter fair teaser video"
        form.query_one("#title", Input).value = "Winter fair: the teaser"
        form.query_one("#when", Input).value = "wed 16:00"
        await pilot.press("ctrl+s")
        await pilot.pause()
        post = find(seeded, "Winter fair: the teaser")
        assert (post.date, post.time) == (day(2), dt.time(16))
        assert post.campaign == "Winter fair"
        assert app.focus_day == day(2) and selected_title(app) == "Winter fair: the teaser"


async def test_c_copies_the_post_to_other_platforms_in_one_group(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right", "c")
        dialog = app.screen
        assert isinstance(dialog, CopyToPlatformsDialog)
        chooser = dialog.query_one("#platforms", SelectionList)
        chooser.select("Facebook")
        chooser.select("Threads")
        await pilot.press("ctrl+s")
        await pilot.pause()
        copies = [p for p in seeded.all_posts() if p.title == "Library hours"]
        assert sorted(p.platform for p in copies) == ["Facebook", "Instagram", "Threads"]
        assert len({p.group_id for p in copies}) == 1 and copies[0].group_id
        assert all(p.date == day(1) and p.time == dt.time(14, 30) for p in copies)
        assert any("Copied 'Library hours' to Facebook, Threads" in m for m in notifications(app))
        assert "14:30 TH" in screen_text(app)


async def test_p_marks_published_with_its_url(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right", "p")
        assert isinstance(app.screen, PublishDialog)
        await put(pilot, "url", "https://instagram.com/p/abc", focus=False)
        await pilot.press("enter")
        await pilot.pause()
        post = find(seeded, "Library hours")
        assert post.status is Status.PUBLISHED
        assert post.published_url == "https://instagram.com/p/abc"
        await pilot.press("p")  # already published: says so, no dialog
        assert isinstance(app.screen, WeekScreen)
        assert any("already published" in m for m in notifications(app))


async def test_d_deletes_after_confirming_and_u_brings_it_back(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # keep it
        await pilot.pause()
        find(seeded, "Council recap")
        await pilot.press("d", "y")
        await pilot.pause()
        assert not [p for p in seeded.all_posts() if p.title == "Council recap"]
        assert "Council recap" not in screen_text(app)
        assert selected_title(app) == "Winter fair teaser video"
        await pilot.press("u")
        find(seeded, "Council recap")
        assert "Council recap" in screen_text(app)


async def test_d_on_an_occurrence_skips_that_one_only(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right", "right")  # Wednesday: the weekly tip
        assert selected_title(app) == "Tip of the week"
        await pilot.press("d")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("1")  # skip this one
        await pilot.pause()
        series = find(seeded, "Tip of the week")
        assert series.skipped_dates == (day(2),)
        assert "Tip of the week" not in screen_text(app)
        await pilot.press("right_square_bracket")
        assert "Tip of the week" in screen_text(app)  # next Wednesday is still there
        await pilot.press("u")
        assert find(seeded, "Tip of the week").skipped_dates == ()


async def test_d_on_an_occurrence_can_delete_the_whole_series(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right", "right", "d", "2")
        await pilot.pause()
        assert not [p for p in seeded.all_posts() if p.title == "Tip of the week"]
        await pilot.press("right_square_bracket")
        assert "Tip of the week" not in screen_text(app)


async def test_editing_one_occurrence_leaves_the_series_alone(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right", "right", "enter")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("1")  # this occurrence
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PostFormDialog)
        form.query_one("#title", Input).value = "Tip: winter tires"
        await pilot.press("ctrl+s")
        await pilot.pause()
        changed = find(seeded, "Tip: winter tires")
        series = find(seeded, "Tip of the week")
        assert changed.recurrence_of == series.id and changed.recurrence_date == day(2)
        assert series.rrule == "FREQ=WEEKLY;BYDAY=WE"
        text = screen_text(app)
        assert "Tip: winter" in text and "Tip of the week" not in text
        await pilot.press("right_square_bracket")
        assert "Tip of the week" in screen_text(app)


async def test_editing_the_whole_series_changes_every_week(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right", "right", "e", "2")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PostFormDialog)
        assert form.query_one("#title", Input).value == "Tip of the week"
        form.query_one("#title", Input).value = "Weekly tip"
        await pilot.press("ctrl+s")
        await pilot.pause()
        series = find(seeded, "Weekly tip")
        assert series.date == day(-5) and series.rrule == "FREQ=WEEKLY;BYDAY=WE"
        assert "Weekly tip" in screen_text(app)
        await pilot.press("right_square_bracket")
        assert "Weekly tip" in screen_text(app)


async def test_moving_an_occurrence_moves_only_that_date(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right", "right", "shift+right")
        moved = overrides(seeded)
        assert len(moved) == 1 and moved[0].date == day(3)
        assert app.focus_day == day(3) and selected_title(app) == "Tip of the week"
        await pilot.press("s")  # status of that one date
        override, series = overrides(seeded)[0], series_of(seeded)
        assert override.status is Status.DRAFTING and series.status is Status.IDEA
        assert override.recurrence_date == day(2) and series.date == day(-5)


def overrides(store: Store) -> list:
    return [p for p in store.all_posts() if p.recurrence_of is not None]


def series_of(store: Store):
    return next(p for p in store.all_posts() if p.rrule is not None)


async def test_g_goes_to_a_typed_date(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("g")
        assert isinstance(app.screen, GotoDialog)
        await put(pilot, "day", "3 dec", focus=False)
        await pilot.press("enter")
        await pilot.pause()
        assert app.focus_day == dt.date(2026, 12, 3)
        assert "Week 49 · 30 Nov – 6 Dec 2026" in screen_text(app)


async def test_slash_filters_by_platform_status_and_campaign(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        dialog = app.screen
        assert isinstance(dialog, FilterDialog)
        dialog.query_one("#platforms", SelectionList).select("Facebook")
        dialog.query_one("#campaign", Select).value = "Winter fair"
        await pilot.press("ctrl+s")
        await pilot.pause()
        text = screen_text(app)
        assert "Filter: FB · Winter fair" in text
        assert "10:00 FB" in text and "Library hours" not in text
        await pilot.press("m")
        assert "Filter: FB · Winter fair" in screen_text(app)  # the filter follows the views
        await pilot.press("escape")
        assert "Filter" not in screen_text(app).splitlines()[0]


def calendar(store: Store) -> list[tuple[object, ...]]:
    """The posts of weeks 48–49 as the calendar shows them (ids and uids aside)."""
    return [
        (p.title, p.date, p.time, p.status, p.published_url, p.recurrence_date, p.skipped_dates)
        for p in store.occurrences_between(day(0), day(13))
    ]


async def test_p_on_one_date_equals_post_status_on(seeded: Store, tmp_path) -> None:
    import sqlite3

    from click.testing import CliRunner

    from tui.cli import cli

    twin = tmp_path / "twin.db"
    with sqlite3.connect(twin) as copy:  # the same starting database, WAL included
        seeded.connection.backup(copy)
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right", "right")  # Wednesday: the weekly tip
        assert selected_title(app) == "Tip of the week"
        await pilot.press("p")
        assert isinstance(app.screen, PublishDialog)
        await put(pilot, "url", "https://bsky.app/1", focus=False)
        await pilot.press("enter")
        await pilot.pause()
    series = series_of(seeded)
    args = ["post", "status", str(series.id), "published", "--url", "https://bsky.app/1"]
    result = CliRunner().invoke(
        cli, ["--db", str(twin), "--now", "2026-11-23T15:00", *args, "--on", day(2).isoformat()]
    )
    assert result.exit_code == 0, result.output
    with Store.open(twin) as other:
        assert calendar(other) == calendar(seeded)
    published = [row for row in calendar(seeded) if row[3] is Status.PUBLISHED]
    assert [(row[0], row[1]) for row in published] == [
        ("Tip of the week", day(2)),
        ("Published recap", day(4)),
    ]
