"""The overlap dialog lists, under each answer, exactly what it does to the other entries."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Static

from storage import EntryDraft, Store
from tests.conftest import NOW, ZONE
from tests.tui.conftest import put
from tests.tui.test_log_screen import SIZE, Host
from tui.dialogs.overlap import OverlapDialog


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(NOW.date(), dt.time(hour, minute), ZONE)


def effects_text(app: Host, answer: str) -> str:
    return str(app.screen.query_one(f"#effects-{answer}", Static).render())


async def test_the_dialog_lists_removals_splits_and_notes_before_anything_is_done(
    store: Store,
) -> None:
    store.add_entry(EntryDraft("events", at(9), at(12), note="gala [seating]"))
    store.add_entry(EntryDraft("video", at(10, 15), at(10, 25), note="teaser cut"))
    app = Host(store, NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        await put(pilot, "command-input", "10:00-10:30 social answered the mayor", focus=False)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OverlapDialog)
        split = effects_text(app, "split").splitlines()
        assert split == [
            "s split it around this one:",
            "  split: Mon 23 Nov 09:00–12:00 · 3 h · events · “gala [seating]” → 09:00–10:00"
            " and 10:30–12:00 (note on both)",
            "  removed: Mon 23 Nov 10:15–10:25 · 10 min · video · “teaser cut”",
        ]
        trim = effects_text(app, "trim").splitlines()
        assert trim[1] == (
            "  shortened: Mon 23 Nov 09:00–12:00 · 3 h · events · “gala [seating]” → 09:00–10:00"
        )
        assert trim[2].startswith("  removed: ")
        assert len(store.all_entries()) == 2  # nothing done while asking

        await pilot.press("s")
        await pilot.pause()
        got = [(e.duty, e.start, e.end, e.note) for e in store.all_entries()]
        assert got == [
            ("events", at(9), at(10), "gala [seating]"),
            ("social media", at(10), at(10, 30), "answered the mayor"),
            ("events", at(10, 30), at(12), "gala [seating]"),
        ]
