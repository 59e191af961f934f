"""Snapshot of the sync at 80×24: the conflict dialog over the week, the status line under it
(review the SVG by eye when it changes; update with `--snapshot-update`)."""

from __future__ import annotations

from storage import Store
from tests.tui.conftest import make_app
from tests.tui.test_snapshots import settle
from tui.dialogs.sync_conflict import SyncConflictDialog
from tui.sync_worker import sync_runner


async def conflict_over_the_week(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    app = pilot.app
    sync_runner(app)._show("Synced 15:00 · received 1 change: “Library winter hours”")
    differences = [
        ("Title", "Council recap (mine)", "Council recap (designer)"),
        ("When", "Mon 23 Nov 2026", "Tue 24 Nov 2026 10:00"),
        ("Body", "Highlights of Monday's council: budget, parks.", "Council in 3 points"),
    ]
    app.push_screen(
        SyncConflictDialog(
            "Council recap (mine)", "Theirs changed by designer", differences, left=2
        )
    )
    await settle(pilot)


def test_conflict_dialog_and_status_line(snap_compare, seeded: Store) -> None:
    app = make_app(seeded)
    assert snap_compare(app, terminal_size=(80, 24), run_before=conflict_over_the_week)
