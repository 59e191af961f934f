"""Snapshot tests of the layouts (review the SVGs by eye when they change).

Update with `pytest tests/tui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import pytest

from storage import Store
from tests.tui.conftest import make_app

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


async def settle(pilot) -> None:
    await pilot.pause()
    pilot.app.clear_notifications()  # notifications time out: keep them out of the picture
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_week_view(snap_compare, seeded: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(seeded), terminal_size=size, press=["down"], run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_month_view(snap_compare, seeded: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(seeded), terminal_size=size, press=["m"], run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_post_editor(snap_compare, seeded: Store, size: tuple[int, int]) -> None:
    assert snap_compare(
        make_app(seeded), terminal_size=size, press=["down", "enter"], run_before=settle
    )


def test_backlog(snap_compare, seeded: Store) -> None:
    # The list shows when each idea was added: pin it, or the picture changes every day.
    with seeded.transaction() as conn:
        conn.execute("UPDATE posts SET created_at = '2026-11-22T15:00:00Z'")
    assert snap_compare(make_app(seeded), terminal_size=(120, 40), press=["b"], run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_summary_view(snap_compare, seeded: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(seeded), terminal_size=size, press=["r"], run_before=settle)
