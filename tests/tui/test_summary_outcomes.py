"""Pilot: the summary shows the period's outcomes per platform (a dash where nobody entered a
figure), says how to enter them when there are none, and shows new ones once `f` saves."""

from __future__ import annotations

from textual.widgets import Input, Select

from storage import Store
from storage.models import OutcomeDraft
from tests.tui.conftest import make_app, put, screen_text, wait_until
from tui.dialogs.outcome_form import OutcomeDialog
from tui.screens.summary import SummaryScreen

SIZE = (120, 70)


async def test_summary_says_how_to_enter_outcomes_shows_them_and_refreshes_after_the_form(
    seeded: Store,
) -> None:
    """None entered, then figures written meanwhile, then the form: one app (two before)."""
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        # No outcomes: says how to enter them.
        await pilot.press("r")
        assert isinstance(app.screen, SummaryScreen)
        assert "No outcomes entered for November 2026: to enter them, press f." in screen_text(app)

        # Figures written meanwhile (through the store, as the CLI's import would) show
        # when the summary shows again.
        await pilot.press("escape")
        seeded.save_outcome(
            OutcomeDraft("Facebook", "2026-11", reach=17_300, engagement=1_240, followers_gained=38)
        )
        seeded.save_outcome(OutcomeDraft("Facebook", "2026-10", reach=99_999))  # another month
        await pilot.press("r")
        assert isinstance(app.screen, SummaryScreen)
        text = screen_text(app)
        assert "No outcomes entered" not in text
        assert "Outcomes" in text
        assert (
            "Facebook: reach 17,300, impressions —, engagement 1,240, followers gained 38,"
            " messages answered —"
        ) in text  # unknown stays a dash, never 0
        assert "99,999" not in text  # October is not this week's month
        assert "Figures entered for November 2026; a dash is a figure nobody entered." in text
        assert "Instagram:" not in text

        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, OutcomeDialog), what="the form")
        dialog = app.screen
        dialog.query_one("#platform", Select).value = "Instagram"
        # The form refills Instagram's saved figures (none) before it is typed in.
        await wait_until(pilot, lambda: dialog.query_one("#reach", Input).value == "")
        await put(pilot, "reach", "9 600")
        await put(pilot, "messages_answered", "12")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, SummaryScreen), what="saved")
        await wait_until(
            pilot,
            lambda: "Instagram: reach 9,600, impressions —" in screen_text(app),
            what="the new outcome on the summary",
        )
        assert "messages answered 12" in screen_text(app)
