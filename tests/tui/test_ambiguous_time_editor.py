"""The post editor and times a zone repeats or skips: the note beside the time says which
reading is meant, 'second' chooses the other, and the store keeps it (Pilot, real file)."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Checkbox, Static

from storage import PostDraft, Store
from tests.tui.conftest import find, make_app, put
from tests.tui.test_dialogs import Host, each_case, options
from tui.dialogs import PostFormDialog
from tui.screens.week import WeekScreen

SIZE = (120, 40)
BACK_DAY = dt.date(2027, 11, 7)  # Toronto's clocks go back from 02:00 to 01:00


def _note(screen: PostFormDialog) -> str:
    return str(screen.query_one("#when-note", Static).render())


async def test_choose_the_second_reading_and_save(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        editor = app.screen
        assert isinstance(editor, PostFormDialog)
        await put(pilot, "title", "Night owl", focus=False)  # the time is what is typed here
        second = editor.query_one("#second", Checkbox)
        await put(pilot, "when", "2027-11-08 01:30")
        assert not second.display  # 01:30 happens once on 8 November
        await put(pilot, "when", "2027-11-07 01:30")
        assert second.display and not second.value
        assert _note(editor) == (
            "→ Sun 7 Nov 2027 01:30 EDT · happens twice: the first one; tick 'second' for EST"
        )
        second.focus()
        await pilot.press("space")
        assert second.value
        assert _note(editor) == (
            "→ Sun 7 Nov 2027 01:30 EST · happens twice: the second one; untick 'second' for EDT"
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WeekScreen)
    post = find(seeded, "Night owl")
    assert (post.date, post.time, post.fold) == (BACK_DAY, dt.time(1, 30), 1)
    assert post.starts_at is not None
    assert post.starts_at.astimezone(dt.UTC) == dt.datetime(2027, 11, 7, 6, 30, tzinfo=dt.UTC)
    row = seeded.connection.execute("SELECT time, fold FROM posts WHERE id = ?", (post.id,))
    assert row.fetchone() == ("01:30", 1)


async def test_the_editor_with_a_saved_reading_then_a_time_that_does_not_exist(
    store: Store, now: dt.datetime
) -> None:
    """One app: the form built for the saved post, then refilled for a new one, as the app's
    `enter` and `n` open it (tui/kept.py)."""
    saved = store.add_post(
        PostDraft(
            title="Night owl", platform="Facebook", date=BACK_DAY, time=dt.time(1, 30, fold=1)
        )
    )
    app = Host()
    async with app.run_test(size=SIZE) as pilot:

        async def the_editor_opens_with_the_reading_saved() -> None:
            editor = await app.open_form(pilot, **options(store, now, post=saved))
            second = editor.query_one("#second", Checkbox)
            assert second.display and second.value
            assert "01:30 EST · happens twice: the second one" in _note(editor)
            second.value = False  # choosing the first reading again is a change to save
            await pilot.pause()
            assert editor.changed
            await pilot.press("ctrl+s")
            await pilot.pause()
            (draft,) = app.results
            assert draft.time == dt.time(1, 30) and draft.time.fold == 0
            assert store.update_post(saved.id, draft).fold == 0

        async def a_time_that_does_not_exist_is_refused_beside_it() -> None:
            editor = await app.open_form(pilot, **options(store, now))
            await put(pilot, "title", "Too early")
            await put(pilot, "when", "2027-03-14 02:30")
            message = (
                "02:30 does not exist on Sun 14 Mar 2027 in America/Toronto"
                " (clocks go from 02:00 to 03:00); choose 03:00 or later, or before 02:00"
            )
            assert _note(editor) == message
            assert not editor.query_one("#second", Checkbox).display
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.results == [] and app.screen is editor
            assert _note(editor) == message
            await put(pilot, "when", "2027-03-14 03:30")
            assert _note(editor) == "→ Sun 14 Mar 2027 03:30"

        await each_case(
            pilot,
            the_editor_opens_with_the_reading_saved,
            a_time_that_does_not_exist_is_refused_beside_it,
        )
    assert [post.title for post in store.all_posts()] == ["Night owl"]  # nothing else saved
