"""Snapshot tests of the layouts (review the SVGs by eye when they change).

Update with `pytest tests/tui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from storage import EntryDraft, Store
from tests.tui.conftest import at, make_app

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


def keys(*presses: str):
    """What the app does before the picture: the keys, then a settled screen.

    (snap_compare's own `press` comes after `run_before`: too late to settle what they show.)
    """

    async def run(pilot) -> None:
        await pilot.pause()
        await pilot.press(*presses)
        await settle(pilot)

    return run


async def settle(pilot) -> None:
    await pilot.pause()
    app = pilot.app
    app.clear_notifications()  # notifications time out: keep them out of the picture
    # A form's first field takes the focus as the form shows: wait for it, then keep its
    # cursor on (a blinking one is on or off depending on when the picture is taken).
    for _ in range(50):
        if not app.screen.query(Input) or isinstance(app.focused, Input):
            break
        await pilot.pause()
    for field in app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_week_view(snap_compare, seeded: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(seeded), terminal_size=size, run_before=keys("down"))


@pytest.mark.parametrize("size", SIZES)
def test_month_view(snap_compare, seeded: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(seeded), terminal_size=size, run_before=keys("m"))


@pytest.mark.parametrize("size", SIZES)
def test_post_editor(snap_compare, seeded: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(seeded), terminal_size=size, run_before=keys("down", "enter"))


def test_backlog(snap_compare, seeded: Store) -> None:
    # The list shows when each idea was added: pin it, or the picture changes every day.
    with seeded.transaction() as conn:
        conn.execute("UPDATE posts SET created_at = '2026-11-22T15:00:00Z'")
    assert snap_compare(make_app(seeded), terminal_size=(120, 40), run_before=keys("b"))


@pytest.mark.parametrize("size", SIZES)
def test_summary_view(snap_compare, seeded: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(seeded), terminal_size=size, run_before=keys("r"))


@pytest.mark.parametrize("size", SIZES)
def test_log_view(snap_compare, seeded: Store, size: tuple[int, int]) -> None:
    # Monday morning on more duties: the week's totals wrap between duties at 80 columns.
    for offset, duty in enumerate(["newsletters", "web content", "press relations"]):
        seeded.add_entry(EntryDraft(duty, at(0, 1 + 2 * offset), at(0, 2 + 2 * offset, 30)))
    assert snap_compare(make_app(seeded), terminal_size=size, run_before=keys("l"))


@pytest.mark.parametrize("size", SIZES)
def test_settings_view(
    snap_compare, seeded: Store, size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The screen names the settings file: a fixed path, not the test's temporary home.
    monkeypatch.setenv("CALEPIN_CONFIG", "/srv/calepin/config.toml")
    assert snap_compare(make_app(seeded), terminal_size=size, run_before=keys("comma"))
