"""One number: the interrupted morning reads the same on the week bar, the log and the summary
as in the report's JSON (3 h, a third social), because they all count through
storage.accounting."""

from __future__ import annotations

import json

from textual.widgets import Static

from exporters.report import build_report, render_json
from storage import EntryDraft, Store
from storage.settings import Settings
from tests.conftest import NOW
from tests.tui.conftest import at, day, make_app, screen_text
from tui.screens.log import LogScreen
from tui.screens.summary import SummaryScreen
from tui.screens.week import WeekScreen

SIZE = (140, 40)


async def test_the_interrupted_morning_reads_the_same_everywhere(store: Store) -> None:
    # Events all morning, and an hour of social media that interrupted them.
    store.add_entry(EntryDraft("events", at(0, 9), at(0, 12)))
    store.add_entry(EntryDraft("social media", at(0, 10), at(0, 11), activity="engage"))
    report = json.loads(
        render_json(build_report(store, day(0), day(6), now=NOW, settings=Settings()))
    )
    assert report["total_minutes"] == 180
    assert report["social"]["share"] == 33.3
    assert {d["duty"]: d["minutes"] for d in report["duties"]} == {
        "events": 120,
        "social media": 60,
    }

    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WeekScreen)
        assert "Logged 3 h · social 33 %" in screen_text(app)

        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LogScreen)
        totals = str(app.screen.query_one("#totals", Static).render())
        assert "Day   3 h  (events 2 h · social media 1 h)" in totals
        assert "Week  3 h  (events 2 h · social media 1 h)" in totals
        assert "Social media share of the week: 33%" in totals

        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        summary = app.screen.report
        assert summary is not None
        assert summary.total_minutes == report["total_minutes"]
        assert summary.social.share == report["social"]["share"]
        text = screen_text(app)
        assert "1.0 h (33.3 % of logged time)" in text
        assert "1.0 h of 3.0 h logged" in text
