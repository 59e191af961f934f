"""User text is text: markup-like titles, notes and names read back literally on every view.

`[/]` once crashed the app (a MarkupError), `[Mairie]` vanished and `[@click=app.quit]` became
a live action. Each string goes in through the store and the dialogs and must come out exactly
as typed: on the week, month, backlog, log and summary views, in the post editor, the entry
form, the confirm dialog and the notifications.
"""

from __future__ import annotations

import datetime as dt

from textual.widgets import Input, OptionList, TextArea

from storage import EntryDraft, PostDraft, Store
from tests.conftest import ZONE_NAME
from tests.tui.conftest import at, day, make_app, notifications, screen_text
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.entry_form import EntryFormDialog
from tui.dialogs.post_form import PostFormDialog

HOSTILE = ("[/]", "[b]x", "[@click=app.quit]", "replied [Mairie] thread")
DUTY = "[Mairie]"
PLATFORM = "[b]x"
CAMPAIGN = "[@click=app.quit]"
SIZE = (160, 50)


def _seed(store: Store) -> None:
    with Store.open(store.path, zone_name=ZONE_NAME) as other:
        other.add_duty(DUTY)
        other.add_platform(PLATFORM, tag="[/]", default_duty=DUTY)
        other.add_campaign(CAMPAIGN, start=day(-7), end=day(20))
        other.add_post(
            PostDraft(
                "[/]",
                PLATFORM,
                day(0),
                dt.time(9),
                campaign=CAMPAIGN,
                body="[b]x",
                notes="replied [Mairie] thread",
            )
        )
        other.add_post(PostDraft("replied [Mairie] thread", PLATFORM, day(1), dt.time(10)))
        other.add_post(PostDraft("[@click=app.quit]", PLATFORM, campaign=CAMPAIGN))  # an idea
        for hour, note in zip((8, 9, 10, 11), HOSTILE, strict=True):
            other.add_entry(EntryDraft(DUTY, at(0, hour), at(0, hour, 45), note=note))
        other.start_timer(DUTY, at(0, 14, 15))  # the timer label names the duty


def _assert_all(text: str, *wanted: str) -> None:
    for item in wanted:
        assert item in text, f"{item!r} not shown literally in:\n{text}"


async def test_markup_like_text_reads_back_literally_everywhere(store: Store) -> None:
    _seed(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # The week: cards, the summary bar's platform tag.
        _assert_all(screen_text(app), "[/]", "replied [Mairie]", "Planned [/] ")

        # The post editor (on the selected post, "[/]") shows title and body as typed; it saves.
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PostFormDialog)
        assert dialog.query_one("#title", Input).value == "[/]"
        assert dialog.query_one("#body", TextArea).text == "[b]x"
        _assert_all(screen_text(app), "[/]", "[b]x")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, PostFormDialog)

        await pilot.press("m")
        await pilot.pause()
        _assert_all(screen_text(app), "[/]")
        await pilot.press("b")
        await pilot.pause()
        _assert_all(screen_text(app), "[@click=app.quit]")

        # The log: every note, the duty; the entry form; delete asks with the duty's name.
        await pilot.press("l")
        await pilot.pause()
        _assert_all(screen_text(app), f"⏱ {DUTY}", *HOSTILE)
        listing = app.screen.query_one("#timeline", OptionList)
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        _assert_all("\n".join(prompts), *HOSTILE)
        listing.highlighted = next(i for i, p in enumerate(prompts) if "[/]" in p)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EntryFormDialog)
        _assert_all(screen_text(app), "[/]", DUTY)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        _assert_all(screen_text(app), f"Delete {DUTY}")
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("u")  # undo: the toast quotes what was undone
        await pilot.pause()

        await pilot.press("r")
        await pilot.pause()
        _assert_all(screen_text(app), DUTY)

        # Back on the week: the timer toast and the delete dialog and toast quote the title.
        await app.run_action("show('week')")
        await pilot.pause()
        await pilot.press("w")  # work on the selected post: a timer on its platform's duty
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        _assert_all(screen_text(app), "'[/]'")
        await pilot.press("y")
        await pilot.pause()
        toasts = "\n".join(notifications(app))
        _assert_all(toasts, f"Timer started on {DUTY} for [/].", "'[/]'")
        assert app.is_running
