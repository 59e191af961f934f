"""The import-meetings dialog applies a calendar's moves on a second import and names the
entries it kept because they were edited by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from textual.app import App

from storage import EntryDraft, Store
from tests.tui.conftest import put, wait_until
from tui.dialogs.import_meetings import ImportMeetingsDialog


class Host(App[None]):
    """Pushes one dialog and records what it dismisses with."""

    def __init__(self, dialog: ImportMeetingsDialog) -> None:
        super().__init__()
        self.dialog = dialog
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.results.append)


def _calendar(*events: tuple[str, int, str]) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0"]
    for uid, seq, hour in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"SEQUENCE:{seq}",
            f"DTSTART;TZID=America/Toronto:20261116T{hour}0000",
            f"DTEND;TZID=America/Toronto:20261116T{int(hour) + 1:02d}0000",
            f"SUMMARY:{uid}",
            "END:VEVENT",
        ]
    return "\r\n".join([*lines, "END:VCALENDAR", ""])


async def _run(store: Store, now: dt.datetime, path: Path) -> str:
    dialog = ImportMeetingsDialog(store, now)
    host = Host(dialog)
    async with host.run_test() as pilot:
        await put(pilot, dialog.query_one("#path"), str(path))  # type: ignore[arg-type]
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: host.results, what="the dialog dismissed")
    return host.results[0]


async def test_a_second_import_moves_and_keeps_hand_edits(
    store: Store, now: dt.datetime, tmp_path: Path
) -> None:
    path = tmp_path / "calendar.ics"
    path.write_text(_calendar(("standup", 0, "10"), ("review", 0, "12")))
    assert (await _run(store, now, path)).startswith("imported 2, unchanged 0")
    review = next(e for e in store.all_entries() if e.note == "review")
    store.update_entry(
        review.id,
        EntryDraft(review.duty, review.start, review.end, note="review (chaired)",
                   source=review.source, external_uid=review.external_uid),
    )  # fmt: skip
    path.write_text(_calendar(("standup", 1, "15"), ("review", 1, "13")))
    shown = (await _run(store, now, path)).splitlines()
    assert (
        shown[0]
        == f"imported 0, moved 1, kept 1 edited by hand (#{review.id}), unchanged 0, skipped 0"
    )
    assert shown[1].startswith(f"kept #{review.id} Mon 16 Nov 12:00 “review (chaired)”")
    assert {e.note: e.start.astimezone(store.zone).hour for e in store.all_entries()} == {
        "standup": 15,
        "review (chaired)": 12,
    }
