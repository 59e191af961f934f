"""Copying a post to other platforms asks what each copy's estimate is: never doubled unsaid."""

from __future__ import annotations

import pytest
from textual.widgets import Input, SelectionList, Static

from storage import PostDraft, Store, ValidationError
from tests.tui.test_dialogs import Host
from tests.tui.test_post_actions import make_app
from tui.dialogs import CopyToPlatformsDialog
from tui.dialogs.copy_to_platforms import CopyChoice


def test_duplicate_post_takes_the_estimate_said_or_the_same(store: Store) -> None:
    post = store.add_post(PostDraft(title="Recap", platform="Facebook", estimate_minutes=90))
    same = store.duplicate_post(post.id, ["Instagram"])
    adapted = store.duplicate_post(post.id, ["X", "LinkedIn"], estimate_minutes=20)
    none = store.duplicate_post(post.id, ["Threads"], estimate_minutes=0)
    assert [p.estimate_minutes for p in same + adapted + none] == [90, 20, 20, None]
    assert store.get_post(post.id).estimate_minutes == 90
    with pytest.raises(ValidationError, match="between 0 min and 24 h"):
        store.duplicate_post(post.id, ["Bluesky"], estimate_minutes=-5)


async def test_the_dialog_shows_the_same_estimate_and_takes_an_adaptation(store: Store) -> None:
    post = store.add_post(PostDraft(title="Recap", platform="Facebook", estimate_minutes=90))
    app = Host(CopyToPlatformsDialog(post, store.platforms()))
    async with app.run_test(size=(80, 30)) as pilot:
        screen = app.dialog
        estimate = screen.query_one("#estimate", Input)
        assert estimate.value == "1h30"
        assert "the original's: 1h30" in str(screen.query_one("#estimate-note", Static).render())
        screen.query_one("#platforms", SelectionList).select("Instagram")
        estimate.value = ""
        estimate.focus()
        await pilot.press(*"soon")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == []  # a bad estimate is named next to it, nothing copied
        assert "duration" in str(screen.query_one("#estimate-note", Static).render())
        estimate.value = ""
        await pilot.press(*"20m")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.results == [CopyChoice(["Instagram"], 20)]


async def test_c_keeps_the_estimate_unless_an_adaptation_is_typed(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("right", "c")
        dialog = app.screen
        assert isinstance(dialog, CopyToPlatformsDialog)
        original = dialog.post.estimate_minutes
        dialog.query_one("#platforms", SelectionList).select("Threads")
        estimate = dialog.query_one("#estimate", Input)
        estimate.value = ""
        estimate.focus()
        await pilot.press(*"15m")
        await pilot.press("ctrl+s")
        await pilot.pause()
        copies = {p.platform: p for p in seeded.all_posts() if p.title == dialog.post.title}
        assert copies["Threads"].estimate_minutes == 15
        assert copies[dialog.post.platform].estimate_minutes == original


async def test_enter_in_the_estimate_copies_as_ctrl_s_does(store: Store) -> None:
    post = store.add_post(PostDraft(title="Recap", platform="Facebook", estimate_minutes=90))
    app = Host(CopyToPlatformsDialog(post, store.platforms()))
    async with app.run_test(size=(80, 30)) as pilot:
        screen = app.dialog
        screen.query_one("#platforms", SelectionList).select("LinkedIn")
        estimate = screen.query_one("#estimate", Input)
        estimate.value = ""
        estimate.focus()
        await pilot.press(*"20m", "enter")
        await pilot.pause()
    assert app.results == [CopyChoice(["LinkedIn"], 20)]
