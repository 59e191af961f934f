"""The export dialog's client choice (generic, Outlook, Google): remembered, applied, and a
Google calendar over 1 MB written as one file per year, listed in what the dialog returns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import icalendar
from textual.app import App
from textual.screen import Screen
from textual.widgets import Input, Select

from exporters.ics_profiles import GOOGLE_LIMIT, PROFILE_SETTING
from storage import PostDraft, Store
from storage.store.tombstones import EXPORTED_SETTING
from tui.dialogs.export import ExportDialog

LONG_BODY = "Des nouvelles du quartier, été comme hiver. " * 75


class Host(App[None]):
    def __init__(self, dialog: Screen[Any]) -> None:
        super().__init__()
        self.dialog = dialog
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.results.append)


async def _export(store: Store, now: dt.datetime, path: Path, client: str | None) -> list[Any]:
    dialog = ExportDialog(store, now)
    host = Host(dialog)
    async with host.run_test() as pilot:
        dialog.query_one("#from", Input).value = "2026-01-01"
        dialog.query_one("#to", Input).value = "2028-12-31"
        dialog.query_one("#path", Input).value = str(path)
        if client is not None:
            dialog.query_one("#client", Select).value = client
        await pilot.press("ctrl+s")
        await host.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
    return host.results


async def test_outlook_choice_is_applied_and_remembered(
    store: Store, now: dt.datetime, tmp_path: Path
) -> None:
    store.add_post(PostDraft("Open house", "Blog", dt.date(2026, 12, 3)))
    target = tmp_path / "out.ics"
    assert await _export(store, now, target, "outlook") == [str(target)]
    text = target.read_text(encoding="utf-8")
    assert "X-WR-CALNAME" not in text
    assert "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE" in text
    assert store.setting(PROFILE_SETTING) == "outlook"
    assert store.setting(EXPORTED_SETTING) is not None  # later posts were in no calendar
    dialog = ExportDialog(store, now)
    async with Host(dialog).run_test():
        assert dialog.query_one("#client", Select).value == "outlook"


async def test_google_over_the_limit_writes_one_file_per_year(
    store: Store, now: dt.datetime, tmp_path: Path
) -> None:
    day = dt.date(2026, 1, 5)
    while day <= dt.date(2028, 12, 20):
        store.add_post(PostDraft(f"Post {day}", "Facebook", day, dt.time(10), body=LONG_BODY))
        day += dt.timedelta(days=3)
    target = tmp_path / "posts.ics"
    results = await _export(store, now, target, "google")
    written = sorted(tmp_path.glob("posts*.ics"))
    assert [p.name for p in written] == ["posts-2026.ics", "posts-2027.ics", "posts-2028.ics"]
    assert len(results) == 1
    for path in written:
        assert path.name in results[0]
        assert len(path.read_bytes()) <= GOOGLE_LIMIT
        assert icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert "split by year" in results[0]
