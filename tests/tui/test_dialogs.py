"""Pilot tests for the modal dialogs: what they show, what they refuse, what they return."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Select, SelectionList, Static, TextArea

from storage import Platform, PostDraft, Status, Store, ValidationError, draft_from_post
from tests.tui.conftest import put, wait_until
from tui.dialogs import (
    ChoiceDialog,
    ConfirmDialog,
    CopyToPlatformsDialog,
    FilterDialog,
    GotoDialog,
    PostFilter,
    PostFormDialog,
    PublishDialog,
)
from tui.dialogs.copy_to_platforms import CopyChoice
from tui.kept import open_kept

TUESDAY = dt.date(2026, 11, 24)


class Host(App[None]):
    """Pushes one dialog and records what it dismisses with."""

    def __init__(self, dialog: Screen[Any] | None = None) -> None:
        super().__init__()
        self.dialog = dialog
        self.results: list[Any] = []

    def on_mount(self) -> None:
        if self.dialog is not None:
            self.push_screen(self.dialog, self.results.append)

    async def show(self, pilot: Pilot[Any], dialog: Screen[Any]) -> None:
        """Close what shows and push `dialog` in its place, its results alone recorded."""
        await self._back_to_the_bottom()
        self.dialog = dialog
        await self.push_screen(dialog, self.results.append)
        await pilot.pause()  # its focus and first frame, as a dialog pushed at start-up

    async def open_form(self, pilot: Pilot[Any], **options: Any) -> PostFormDialog:
        """The post form as the app opens it (tui/kept.py): built and kept the first time,
        refilled with these options after; what showed is closed and the results emptied."""
        await self._back_to_the_bottom()
        form = open_kept(self, PostFormDialog, self.results.append, **options)
        self.dialog = form
        await wait_until(pilot, lambda: self.screen is form and form.is_mounted, what="the form")
        return form

    async def _back_to_the_bottom(self) -> None:
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        self.results.clear()


async def each_case(pilot: Pilot[Any], *cases: Callable[[], Awaitable[None]]) -> None:
    """Run the cases in turn in one app; a failure says which case it was."""
    for case in cases:
        try:
            await case()
        except AssertionError as exc:
            raise AssertionError(f"{case.__name__}: {exc}") from exc


def note(screen: Screen[Any], key: str) -> Static:
    return screen.query_one(f"#{key}-note", Static)


def text_of(widget: Static) -> str:
    return str(widget.render()) if widget.display else ""


async def type_in(pilot: Pilot[Any], screen: Screen[Any], selector: str, text: str) -> None:
    screen.query_one(selector).focus()
    await pilot.press(*text)


def fill(screen: Screen[Any], selector: str, text: str) -> None:
    """Put text in an Input or a TextArea as if typed, leaving the cursor at its end."""
    widget = screen.query_one(selector)
    widget.focus()
    if isinstance(widget, TextArea):
        widget.load_text(text)
        widget.move_cursor(widget.document.end)
    else:
        assert isinstance(widget, Input)
        widget.value = text
        widget.cursor_position = len(text)


def options(store: Store, now: dt.datetime, **kwargs: Any) -> dict[str, Any]:
    options: dict[str, Any] = {
        "post": None,
        "day": None,
        "platforms": store.platforms(),
        "campaigns": store.campaigns(),
        "now": now,
        "validate": store.validate_post,
    }
    options.update(kwargs)
    return options


def form(store: Store, now: dt.datetime, **kwargs: Any) -> PostFormDialog:
    return PostFormDialog(**options(store, now, **kwargs))


# ---------------------------------------------------------------- post form
# The cases that start from the same form share one app: the first builds the form, the next
# ones open it refilled, as the app's `n` and `enter` do after their first time (tui/kept.py,
# tests/tui/test_post_form_kept.py). A form built per case was half of their CPU.


async def test_new_post_form(store: Store, now: dt.datetime) -> None:
    """A new post without a day: every field, the echoes, the refusals, escape."""
    store.add_campaign("Winter fair")
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:

        async def new_post_with_every_field() -> None:
            screen = await app.open_form(pilot, **options(store, now))
            assert app.focused is screen.query_one("#title")
            # Text is put in rather than typed (the when echo case types): a key costs ~50 ms.
            await put(pilot, "title", "Council recap", focus=False)
            await pilot.press("tab", "enter", "down", "down", "down", "enter")  # Facebook → X
            assert screen.query_one("#platform", Select).value == "X"
            await put(pilot, "when", "tue 10am")
            screen.query_one("#status", Select).focus()
            await pilot.press("enter", "down", "down", "enter")  # idea → ready
            screen.query_one("#campaign", Select).focus()
            await pilot.press("enter", "down", "enter")
            await put(pilot, "estimate", "1h30")
            fill(screen, "#repeat", "every 2 weeks on tue until 2027-06-30")
            fill(screen, "#body", "Tonight at 7.")
            await pilot.press("enter", *"Live.")
            fill(screen, "#notes", "ask Sam for photos")
            fill(screen, "#link", "https://example.org/council")
            await pilot.pause()
            assert text_of(note(screen, "when")) == "→ Tue 24 Nov 10:00"
            assert text_of(note(screen, "estimate")) == "→ 1 h 30"
            assert text_of(note(screen, "repeat")) == "→ every 2 weeks on Tue until 30 Jun 2027"
            assert text_of(note(screen, "body")) == "19 / 280"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.results == [
                PostDraft(
                    title="Council recap",
                    platform="X",
                    date=TUESDAY,
                    time=dt.time(10, 0),
                    timezone=None,
                    status=Status.READY,
                    campaign="Winter fair",
                    estimate_minutes=90,
                    body="Tonight at 7.\nLive.",
                    notes="ask Sam for photos",
                    link="https://example.org/council",
                    published_url="",
                    group_id=None,
                    rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270630",
                )
            ]
            store.add_post(app.results[0])  # what the form returns really saves

        async def empty_when_is_backlog() -> None:
            screen = await app.open_form(pilot, **options(store, now))
            assert text_of(note(screen, "when")) == "→ backlog (no date)"
            await put(pilot, "title", "Someday", focus=False)
            await pilot.press("enter")
            await pilot.pause()
            assert app.results == [PostDraft(title="Someday", platform="Facebook")]

        async def when_echo_follows_typing() -> None:
            screen = await app.open_form(pilot, **options(store, now))
            await type_in(pilot, screen, "#when", "tomorrow")
            assert text_of(note(screen, "when")) == "→ Tue 24 Nov"
            assert not note(screen, "when").has_class("-error")
            await pilot.press(*" 14:3")
            assert note(screen, "when").has_class("-error")
            await pilot.press("0")
            assert text_of(note(screen, "when")) == "→ Tue 24 Nov 14:30"
            assert not note(screen, "when").has_class("-error")
            await pilot.press("ctrl+u", *"3 jan 2028")
            assert text_of(note(screen, "when")) == "→ Mon 3 Jan 2028"

        async def bad_date_shows_error_next_to_when() -> None:
            screen = await app.open_form(pilot, **options(store, now))
            await put(pilot, "title", "Recap", focus=False)
            await put(pilot, "when", "someday soon")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.results == []
            assert app.screen is screen
            when_note = note(screen, "when")
            assert when_note.has_class("-error")
            assert "could not read `someday soon` as a date" in text_of(when_note)
            assert app.focused is screen.query_one("#when")

        async def empty_title_is_refused() -> None:
            screen = await app.open_form(pilot, **options(store, now))
            await type_in(pilot, screen, "#estimate", "45m")
            await pilot.press("enter")
            await pilot.pause()
            assert app.results == []
            assert text_of(note(screen, "title")) == "title cannot be empty"
            assert app.focused is screen.query_one("#title")
            await put(pilot, "title", "Now named", focus=False)
            assert text_of(note(screen, "title")) == ""  # the error goes once the field changes
            await pilot.press("enter")
            await pilot.pause()
            assert app.results == [
                PostDraft(title="Now named", platform="Facebook", estimate_minutes=45)
            ]

        async def store_error_shows_next_to_its_field() -> None:
            def refuse_platform(draft: PostDraft) -> None:
                store.validate_post(draft)
                raise ValidationError("X is closed for maintenance", field="platform")

            screen = await app.open_form(pilot, **options(store, now, validate=refuse_platform))
            await put(pilot, "title", "Recap", focus=False)
            await pilot.press("enter")
            await pilot.pause()
            assert app.results == []
            assert text_of(note(screen, "platform")) == "X is closed for maintenance"
            assert note(screen, "platform").has_class("-error")
            assert app.focused is screen.query_one("#platform")

        async def unknown_platform_from_the_real_store_shows_next_to_platform() -> None:
            ghost = Platform(id=999, name="Mastodon", tag="MA", colour="#6364FF",
                             char_limit=500, default_duty=None)  # fmt: skip
            platforms = [ghost, *store.platforms()]
            screen = await app.open_form(pilot, **options(store, now, platforms=platforms))
            await put(pilot, "title", "Recap", focus=False)
            await pilot.press("enter")
            await pilot.pause()
            assert app.results == []
            assert "unknown platform 'Mastodon'" in text_of(note(screen, "platform"))

        async def store_validation_of_link() -> None:
            screen = await app.open_form(pilot, **options(store, now))
            await put(pilot, "title", "Recap", focus=False)
            await put(pilot, "link", "example.org")
            await pilot.press("enter")
            await pilot.pause()
            assert app.results == []
            assert "link must start with http:// or https://" in text_of(note(screen, "link"))

        async def body_over_the_platform_limit_blocks_save() -> None:
            screen = await app.open_form(pilot, **options(store, now))
            await put(pilot, "title", "Thread", focus=False)
            screen.query_one("#platform", Select).value = "X"
            fill(screen, "#body", "a" * 279)
            await pilot.press("b", "b")
            body_note = note(screen, "body")
            assert text_of(body_note).startswith("281 / 280 · 1 over the X limit")
            assert body_note.has_class("-error")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.results == []
            assert "X allows 280 characters" in text_of(body_note)
            await pilot.press("backspace")
            assert text_of(body_note) == "280 / 280"
            assert not body_note.has_class("-error")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert len(app.results) == 1
            assert app.results[0].body == "a" * 279 + "b"

        async def platform_without_limit_counts_characters() -> None:
            screen = await app.open_form(pilot, **options(store, now))
            screen.query_one("#platform", Select).value = "Blog"
            await type_in(pilot, screen, "#body", "hello")
            assert text_of(note(screen, "body")) == "5 characters"

        async def escape_with_changes_asks_first() -> None:
            screen = await app.open_form(pilot, **options(store, now))
            await pilot.press(*"Half", "escape")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            assert "Discard changes?" in text_of(app.screen.query_one("#message", Static))
            await pilot.press("n")
            await pilot.pause()
            assert app.screen is screen
            assert screen.query_one("#title", Input).value == "Half"
            assert app.results == []
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
            assert app.results == [None]
            assert app.screen is not screen

        await each_case(
            pilot,
            new_post_with_every_field,
            empty_when_is_backlog,
            when_echo_follows_typing,
            bad_date_shows_error_next_to_when,
            empty_title_is_refused,
            store_error_shows_next_to_its_field,
            unknown_platform_from_the_real_store_shows_next_to_platform,
            store_validation_of_link,
            body_over_the_platform_limit_blocks_save,
            platform_without_limit_counts_characters,
            escape_with_changes_asks_first,
        )


async def test_new_post_on_a_day(store: Store, now: dt.datetime) -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:

        async def new_post_on_a_day_prefills_when_and_saves_with_enter() -> None:
            on_tuesday = options(store, now, day=TUESDAY, default_time=dt.time(9, 30))
            screen = await app.open_form(pilot, **on_tuesday)
            assert text_of(note(screen, "when")) == "→ Tue 24 Nov 09:30"
            await pilot.press(*"Idea", "enter")
            await pilot.pause()
            assert app.results == [
                PostDraft(title="Idea", platform="Facebook", date=TUESDAY, time=dt.time(9, 30))
            ]

        async def escape_without_changes_closes_at_once() -> None:
            await app.open_form(pilot, **options(store, now, day=TUESDAY))
            await pilot.press("escape")
            await pilot.pause()
            assert app.results == [None]

        await each_case(
            pilot,
            new_post_on_a_day_prefills_when_and_saves_with_enter,
            escape_without_changes_closes_at_once,
        )


async def test_editing_a_post(store: Store, now: dt.datetime) -> None:
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:

        async def editing_keeps_untouched_repeat_and_when() -> None:
            # A rule the form cannot write itself, on a day in another year: both must
            # survive as is.
            rule = "FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2"
            post = store.add_post(
                PostDraft(
                    title="Board minutes",
                    platform="Blog",
                    date=dt.date(2027, 12, 14),
                    time=dt.time(9, 0),
                    timezone="Europe/Paris",
                    status=Status.DRAFTING,
                    estimate_minutes=0,
                    rrule=rule,
                    group_id="g1",
                )
            )
            screen = await app.open_form(pilot, **options(store, now, post=post))
            assert screen.query_one("#repeat", Input).value == f"custom repeat ({rule})"
            assert text_of(note(screen, "when")) == "→ Tue 14 Dec 2027 09:00"
            await pilot.press("end", *" (draft 2)", "enter")
            await pilot.pause()
            assert app.results == [replace(draft_from_post(post), title="Board minutes (draft 2)")]
            assert app.results[0].rrule == rule

        async def editing_can_clear_the_repeat() -> None:
            post = store.add_post(
                PostDraft(
                    title="Digest",
                    platform="Newsletter",
                    date=TUESDAY,
                    rrule="FREQ=WEEKLY;BYDAY=TU",
                )
            )
            screen = await app.open_form(pilot, **options(store, now, post=post))
            assert screen.query_one("#repeat", Input).value == "every Tue"
            screen.query_one("#repeat", Input).focus()
            await pilot.press("ctrl+u", "enter")
            await pilot.pause()
            assert app.results == [replace(draft_from_post(post), rrule=None)]

        await each_case(
            pilot, editing_keeps_untouched_repeat_and_when, editing_can_clear_the_repeat
        )


async def test_form_fits_and_saves_at_80x24(store: Store, now: dt.datetime) -> None:
    app = Host(form(store, now, day=TUESDAY))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.dialog
        save = screen.query_one("#save")
        assert save.region.bottom <= 24 and save.region.right <= 80
        assert screen.query_one("#title").region.y >= 0
        await put(pilot, "title", "Small screen", focus=False)
        await pilot.click("#save")
        await pilot.pause()
    assert app.results == [PostDraft(title="Small screen", platform="Facebook", date=TUESDAY)]


# ---------------------------------------------------------------- small dialogs


async def test_confirm_keys() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        for keys, expected in [("y", True), ("enter", True), ("n", False), ("escape", False)]:
            await app.show(pilot, ConfirmDialog("Delete 'Recap'?", yes="Delete"))
            assert "Delete 'Recap'?" in text_of(app.dialog.query_one("#message", Static)), keys
            await pilot.press(keys)
            await pilot.pause()
            assert app.results == [expected], keys


async def test_confirm_buttons() -> None:
    app = Host(ConfirmDialog("Sure?", no="Keep"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.click("#no")
        await pilot.pause()
    assert app.results == [False]


async def test_choice_by_number_click_and_escape() -> None:
    choices = [("one", "This occurrence"), ("all", "The whole series")]
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.show(pilot, ChoiceDialog("Change which?", choices))
        await pilot.press("3")  # not a choice: ignored
        await pilot.press("2")
        await pilot.pause()
        assert app.results == ["all"], "by number"

        await app.show(pilot, ChoiceDialog("Change which?", choices))
        await pilot.click("#choice-1")
        await pilot.pause()
        assert app.results == ["one"], "by click"

        await app.show(pilot, ChoiceDialog("Change which?", choices))
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None], "escape"


async def test_goto_echoes_refuses_and_returns(now: dt.datetime) -> None:
    app = Host(GotoDialog(now))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.dialog
        day_note = note(screen, "day")
        await put(pilot, "day", "nowhere", focus=False)
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == []
        assert day_note.has_class("-error")
        assert "nowhere" in text_of(day_note)
        await pilot.press("ctrl+u", *"3 dec")
        assert text_of(day_note) == "→ Thu 3 Dec 2026"
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [dt.date(2026, 12, 3)]


async def test_goto_accepts_a_day_with_a_time(now: dt.datetime) -> None:
    app = Host(GotoDialog(now))
    async with app.run_test(size=(80, 24)) as pilot:
        await put(pilot, "day", "fri 10am", focus=False)
        await pilot.press("enter")
        await pilot.pause()
    assert app.results == [dt.date(2026, 11, 27)]


def test_post_filter_describe() -> None:
    assert PostFilter().is_empty
    assert PostFilter().describe() == "everything"
    chosen = PostFilter(("Facebook", "Instagram"), (Status.READY, Status.ON_HOLD), "Campaign X")
    assert not chosen.is_empty
    assert chosen.describe() == "Facebook, Instagram · ready, on hold · Campaign X"
    assert chosen.describe({"Facebook": "FB", "Instagram": "IG"}).startswith("FB, IG · ")
    assert not PostFilter(campaign="Winter fair").is_empty


async def test_filter_apply_clear_cancel(store: Store) -> None:
    store.add_campaign("Winter fair")
    current = PostFilter(platforms=("X",))

    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.show(pilot, FilterDialog(store.platforms(), store.campaigns(), current))
        screen = app.dialog
        assert screen.query_one("#platforms", SelectionList).selected == ["X"]
        screen.query_one("#platforms", SelectionList).focus()  # the words field has it first
        await pilot.press("space")  # Facebook, the first line
        screen.query_one("#statuses", SelectionList).focus()
        await pilot.press("down", "down", "space")  # ready
        screen.query_one("#campaign", Select).value = "Winter fair"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == [PostFilter(("Facebook", "X"), (Status.READY,), "Winter fair")]

        await app.show(pilot, FilterDialog(store.platforms(), store.campaigns(), current))
        await pilot.click("#clear")
        await pilot.pause()
        assert app.results == [PostFilter()], "clear"

        await app.show(pilot, FilterDialog(store.platforms(), store.campaigns(), current))
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None], "escape"


async def test_copy_to_platforms(store: Store) -> None:
    post = store.add_post(PostDraft(title="Recap", platform="Facebook"))
    app = Host(CopyToPlatformsDialog(post, store.platforms()))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.dialog
        offered = screen.query_one("#platforms", SelectionList)
        names = [offered.get_option_at_index(i).value for i in range(offered.option_count)]
        assert "Facebook" not in names and names[0] == "Instagram"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []
        assert "at least one platform" in text_of(note(screen, "platforms"))
        await pilot.press("space", "down", "down", "space")  # Instagram, X
        await pilot.click("#copy")
        await pilot.pause()
    assert app.results == [CopyChoice(["Instagram", "X"], None)]  # no estimate to copy


async def test_publish_url(store: Store) -> None:
    post = store.add_post(
        PostDraft(title="Recap", platform="X", published_url="http://old.example")
    )
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.show(pilot, PublishDialog(post))
        screen = app.dialog
        assert screen.query_one("#url", Input).value == "http://old.example"
        await put(pilot, "url", "x.com/status/1", focus=False)  # in place of what it held
        await pilot.press("enter")
        await pilot.pause()
        assert app.results == []
        assert "http:// or https://" in text_of(note(screen, "url"))
        await pilot.press("home", *"https://", "enter")
        await pilot.pause()
        assert app.results == ["https://x.com/status/1"]

        await app.show(pilot, PublishDialog(post))
        await pilot.press("ctrl+u", "enter")
        await pilot.pause()
        assert app.results == [""], "emptied"

        await app.show(pilot, PublishDialog(post))
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None], "escape"
