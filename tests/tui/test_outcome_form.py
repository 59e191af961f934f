"""Pilot: `f` on the summary (or the palette) enters a platform's outcomes for a month; bad
figures show under their input, nothing saved; saved figures show again; undo takes them back."""

from __future__ import annotations

from textual.widgets import Input, Select, Static

from storage import Store
from storage.models import OutcomeDraft
from tests.tui.conftest import make_app, notifications, put, wait_until
from tui.bindings import PALETTE_NAMES
from tui.dialogs.outcome_form import OutcomeDialog
from tui.screens.summary import SummaryScreen

SIZE = (120, 40)


def note(dialog: OutcomeDialog, key: str) -> str:
    widget = dialog.query_one(f"#{key}-note", Static)
    return str(widget.render()) if widget.display else ""


async def test_f_enters_outcomes_and_undo_takes_them_back(store: Store) -> None:
    """Then the palette's entry opens the form too: one app, the summary built once."""
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")  # the summary
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, OutcomeDialog), what="the form")
        dialog = app.screen
        assert dialog.query_one("#month", Input).value == "2026-11"  # the month of today
        dialog.query_one("#platform", Select).value = "Instagram"
        await put(pilot, "reach", "1 234")
        await put(pilot, "engagement", "-5")
        await put(pilot, "messages_answered", "12")
        await pilot.press("enter")
        await pilot.pause()
        # A negative figure: the message sits under its input, nothing saved.
        assert isinstance(app.screen, OutcomeDialog)
        assert "engagement cannot be negative" in note(dialog, "engagement")
        assert store.outcomes() == []
        await put(pilot, "month", "2026-13")
        await pilot.press("enter")
        await pilot.pause()
        assert "month must look like 2026-11" in note(dialog, "month")
        await put(pilot, "month", "2026-11")
        await put(pilot, "engagement", "")
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, OutcomeDialog), what="saved")
        assert "Saved the outcomes of Instagram for 2026-11" in notifications(app)
        (saved,) = store.outcomes()
        assert (saved.platform, saved.reach, saved.engagement, saved.messages_answered) == (
            "Instagram",
            1234,
            None,  # left blank: unknown, never 0
            12,
        )

        await pilot.press("u")
        await wait_until(pilot, lambda: store.outcomes() == [], what="undone")

        # The palette lists it on the summary, and its entry opens the form.
        from tui.palette import palette_entries

        assert PALETTE_NAMES[("summary.outcomes", "enter_outcomes")].startswith("Enter outcomes")
        assert isinstance(app.screen, SummaryScreen)
        (entry,) = [e for e in palette_entries(app, app.screen) if e.action == "enter_outcomes"]
        assert entry.title == "Enter outcomes (reach, engagement …)  f"
        await app.run_action(entry.action, entry.node)
        await wait_until(pilot, lambda: isinstance(app.screen, OutcomeDialog), what="the form")


async def test_saved_figures_show_and_a_blank_form_is_refused(store: Store) -> None:
    store.save_outcome(OutcomeDraft("Facebook", "2026-11", reach=800, followers_gained=3))
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, OutcomeDialog), what="the form")
        dialog = app.screen
        assert dialog.query_one("#platform", Select).value == "Facebook"
        await wait_until(pilot, lambda: dialog.query_one("#reach", Input).value == "800")
        assert dialog.query_one("#followers_gained", Input).value == "3"
        assert dialog.query_one("#impressions", Input).value == ""
        for name in ("reach", "followers_gained"):
            await put(pilot, name, "")
        await pilot.press("enter")
        await pilot.pause()
        assert "give at least one figure" in note(dialog, "reach")
        await put(pilot, "followers_gained", "4")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, OutcomeDialog), what="saved")
        saved = store.outcome("Facebook", "2026-11")
        assert (saved.reach, saved.followers_gained) == (None, 4)


async def test_a_platform_named_like_markup_shows_as_typed(store: Store) -> None:
    from textual.widgets._select import SelectCurrent

    store.add_platform("[b]x")
    store.add_platform("[/]")
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, OutcomeDialog), what="the form")
        select = app.screen.query_one("#platform", Select)
        for name in ("[b]x", "[/]"):
            select.value = name
            await pilot.pause()
            shown = select.query_one(SelectCurrent).query_one("#label").render()
            assert str(shown) == name
