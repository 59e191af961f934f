"""The post editor and the filter are built once and kept (tui/kept.py): each opening refills
them, shows only what this post or filter holds, and keys typed while they open still land in
them in order. The editor also creates a campaign typed as a new one, with the post."""

from __future__ import annotations

import datetime as dt

from textual import events
from textual.app import App
from textual.widgets import Input, Label, Select, SelectionList, Static, TextArea

from storage import NotFoundError, Status, Store
from tests.tui.conftest import day, find, make_app, notifications, put, wait_until
from tests.tui.test_dialogs import each_case
from tui.app import CalepinApp
from tui.dialogs import FilterDialog, PostFormDialog
from tui.dialogs.post_form import NEW_CAMPAIGN
from tui.kept import kept
from tui.screens.week import WeekScreen

SIZE = (120, 40)


def kept_app(store: Store, *kept: str) -> CalepinApp:
    """The app building `kept` ahead after its first frame (by default all the app keeps, as
    it runs). A test about one kept dialog builds only that one: building the settings,
    export and import dialogs as well was about half of such a test's CPU."""
    app = make_app(store)
    assert isinstance(app, CalepinApp)
    app.KEPT_AHEAD = kept or CalepinApp.KEPT_AHEAD  # type: ignore[misc]
    return app


async def built(pilot, app: App, cls: type) -> object:
    await wait_until(pilot, lambda: kept(app, cls) is not None, what=f"{cls.__name__} kept")
    return kept(app, cls)


def type_at_once(app: App, text: str) -> None:
    for ch in text:
        app.post_message(events.Key(ch, ch))


def lit(screen) -> list[str]:
    """The labels shown as the focused row's (`.row:focus-within .label`)."""
    return [
        str(label.render())
        for label in screen.query(".row .label").results(Label)
        if label.styles.text_style.bold
    ]


def note(screen, key: str) -> str:
    widget = screen.query_one(f"#{key}-note", Static)
    return str(widget.render()) if widget.display else ""


async def test_the_editor_is_built_after_the_first_frame_and_refilled_on_each_opening(
    seeded: Store,
) -> None:
    app = kept_app(seeded, "post_form")
    async with app.run_test(size=SIZE) as pilot:
        editor = await built(pilot, app, PostFormDialog)
        await pilot.press("n")
        assert app.screen is editor
        await put(pilot, "title", "Kept form post", focus=False)
        editor.query_one("#estimate", Input).value = "zz"  # a field left in error
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert note(editor, "estimate")  # refused, nothing saved
        await put(pilot, "estimate", "30m")
        editor.query_one("#body", TextArea).load_text("Some copy")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, WeekScreen))
        assert find(seeded, "Kept form post").estimate_minutes == 30

        await pilot.press("n")  # the same widgets, emptied
        assert app.screen is editor
        assert app.focused is editor.query_one("#title")
        assert editor.query_one(".dialog-title", Static).render().plain == "New post"
        for key in ("title", "estimate", "repeat", "link", "published_url"):
            assert editor.query_one(f"#{key}", Input).value == "", key
        assert editor.query_one("#body", TextArea).text == ""
        assert note(editor, "estimate") == ""
        assert not editor.changed
        assert lit(editor) == ["Title"]  # its row's label, though the focus last sat elsewhere
        await pilot.press("escape")  # nothing changed: closes without asking
        await wait_until(pilot, lambda: isinstance(app.screen, WeekScreen))

        await pilot.press("down", "enter")  # editing fills it with that post
        assert app.screen is editor
        assert editor.query_one(".dialog-title", Static).render().plain == "Edit post"
        assert editor.query_one("#title", Input).value == "Winter fair teaser video"
        assert editor.query_one("#platform", Select).value == "Facebook"
        assert editor.query_one("#status", Select).value is Status.DRAFTING
        assert editor.query_one("#campaign", Select).value == "Winter fair"
        assert not editor.changed
        editor.query_one("#when", Input).value = "wed 16:00"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, WeekScreen))
        post = find(seeded, "Winter fair teaser video")
        assert (post.date, post.time, post.campaign) == (day(2), dt.time(16), "Winter fair")


async def test_letters_typed_with_n_land_in_the_kept_editor_in_order_every_time(
    seeded: Store,
) -> None:
    # Every dialog the app keeps, as it runs: the others are built while the keys arrive.
    app = kept_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        editor = await built(pilot, app, PostFormDialog)
        for attempt in range(2):
            type_at_once(app, "nabcdefghij")
            await wait_until(
                pilot,
                lambda: (
                    app.screen is editor and editor.query_one("#title", Input).value == "abcdefghij"
                ),
                what=lambda attempt=attempt: (
                    f"title typed, attempt {attempt}: {app.screen!r} shows, the title holds"
                    f" {editor.query_one('#title', Input).value!r}, {app.focused!r} has the focus"
                ),
            )
            await pilot.press("escape")  # asks: the title changed
            await pilot.pause()
            if app.screen is not editor and not isinstance(app.screen, WeekScreen):
                await pilot.press("y")
            await wait_until(pilot, lambda: isinstance(app.screen, WeekScreen))


async def test_a_new_campaign_typed_in_the_editor_is_created_with_the_post_in_one_change(
    seeded: Store,
) -> None:
    """Then, in the editor refilled for the next `n`, a new campaign named like one that
    exists joins it."""
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()

        async def a_new_campaign_is_created_with_the_post_in_one_change() -> None:
            await pilot.press("n")
            editor = app.screen
            assert isinstance(editor, PostFormDialog)
            await put(pilot, "title", "Spring drive kickoff", focus=False)
            editor.query_one("#campaign", Select).value = NEW_CAMPAIGN
            await wait_until(pilot, lambda: editor.query_one("#new_campaign", Input).display)
            await pilot.press("ctrl+s")  # no name yet: refused, said under the field
            await pilot.pause()
            assert note(editor, "campaign") == "type the new campaign's name"
            assert app.focused is editor.query_one("#new_campaign")
            await put(pilot, "new_campaign", "Spring  drive", focus=False)
            assert note(editor, "campaign") == (
                "→ new campaign Spring drive, created when the post is saved"
            )
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: isinstance(app.screen, WeekScreen))
            post = find(seeded, "Spring drive kickoff")
            assert post.campaign == "Spring drive"
            assert seeded.campaign("Spring drive").name == "Spring drive"

            await pilot.press("u")  # one change: both go
            await pilot.pause()
            assert not [p for p in seeded.all_posts() if p.title == "Spring drive kickoff"]
            try:
                seeded.campaign("Spring drive")
            except NotFoundError:
                pass
            else:
                raise AssertionError("the campaign stayed after undo")
            assert any(
                m.startswith("Undone: add 'Spring drive kickoff'") for m in notifications(app)
            )

        async def a_new_campaign_named_like_one_that_exists_joins_it() -> None:
            await pilot.press("n")
            editor = app.screen
            assert isinstance(editor, PostFormDialog)
            await put(pilot, "title", "Fair reminder", focus=False)
            editor.query_one("#campaign", Select).value = NEW_CAMPAIGN
            await put(pilot, "new_campaign", "winter FAIR")
            assert note(editor, "campaign") == "→ Winter fair, which exists already"
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: isinstance(app.screen, WeekScreen))
            assert find(seeded, "Fair reminder").campaign == "Winter fair"
            assert len([c for c in seeded.campaigns() if c.name.casefold() == "winter fair"]) == 1

        await each_case(
            pilot,
            a_new_campaign_is_created_with_the_post_in_one_change,
            a_new_campaign_named_like_one_that_exists_joins_it,
        )


async def test_the_kept_filter_opens_on_the_filter_in_force(seeded: Store) -> None:
    app = kept_app(seeded, "filter")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await built(pilot, app, FilterDialog)
        await pilot.press("slash")
        assert app.screen is dialog
        dialog.query_one("#statuses", SelectionList).select(Status.READY)
        dialog.query_one("#campaign", Select).value = "Winter fair"
        await put(pilot, "words", "recap", focus=False)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, WeekScreen))
        assert app.post_filter is not None and app.post_filter.words == "recap"

        await pilot.press("slash")
        assert app.screen is dialog
        assert dialog.query_one("#words", Input).value == "recap"
        assert dialog.query_one("#statuses", SelectionList).selected == [Status.READY]
        assert dialog.query_one("#campaign", Select).value == "Winter fair"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, WeekScreen))
        await pilot.press("escape")  # clears the filter
        await pilot.pause()
        assert app.post_filter is None

        await pilot.press("slash")
        assert app.screen is dialog
        assert dialog.query_one("#words", Input).value == ""
        assert dialog.query_one("#statuses", SelectionList).selected == []
        assert dialog.query_one("#platforms", SelectionList).selected == []
        assert dialog.query_one("#campaign", Select).value == ""
