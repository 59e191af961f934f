"""A view built after the first frame (CalepinApp.BUILT_AHEAD) shows what the same view built
as its key first shows it does: the Pilot tests build on demand (tests/tui/conftest.py), the
person gets the views built ahead."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.screen import Screen

from storage import EntryDraft, PostDraft, Store
from tests.conftest import ZONE_NAME
from tests.tui.conftest import at, day, make_app, screen_text, wait_until
from tui.app import CalepinApp

SIZE = (120, 40)


def built(app: CalepinApp, mode: str) -> Screen[object] | None:
    stack = app._screen_stacks.get(mode)  # what Textual keeps per mode
    return stack[0] if stack else None


async def shown_after(store: Store, keys: tuple[str, ...], *, ahead: bool) -> str:
    app = make_app(store, built_ahead=ahead)
    assert isinstance(app, CalepinApp)
    # The views only: building the kept dialogs too was two thirds of each case's CPU, and
    # none of these keys opens one (their own tests: test_*_kept.py; the whole start-up:
    # the summary's test below).
    app.KEPT_AHEAD = ()  # type: ignore[misc]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if ahead:
            for mode in CalepinApp.BUILT_AHEAD:
                await wait_until(pilot, lambda m=mode: built(app, m) is not None, what=mode)
        else:
            assert not [m for m in CalepinApp.BUILT_AHEAD if built(app, m) is not None]
        # Written after the views were built: they must show it all the same.
        store.add_post(PostDraft("Added after the first frame", "Threads", day(1), None))
        store.add_entry(EntryDraft("events", at(0, 7), at(0, 8), note="early setup"))
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        return await settled_text(pilot, app)


async def settled_text(pilot, app: CalepinApp) -> str:  # type: ignore[no-untyped-def]
    """The screen once it stops changing and its footer is drawn (a footer's keys are
    composed after the view shows: under load one pause may come before them)."""
    last = screen_text(app)
    for _ in range(100):
        await pilot.pause(0.02)
        text = screen_text(app)
        if text == last and text.splitlines()[-1].strip():
            return text
        last = text
    return last


@pytest.mark.parametrize(
    "keys",
    [("m",), ("l",), ("b",), ("r",), ("colon",), ("right", "l"), ("m", "right", "enter")],
    ids=lambda keys: "-".join(keys),
)
async def test_a_view_built_ahead_shows_what_one_built_on_demand_shows(
    seeded_database: Path, tmp_path: Path, keys: tuple[str, ...]
) -> None:
    shown = []
    for ahead in (True, False):
        path = tmp_path / f"ahead-{ahead}.db"
        shutil.copy(seeded_database, path)
        with Store.open(path, zone_name=ZONE_NAME) as store:
            shown.append(await shown_after(store, keys, ahead=ahead))
    ahead, on_demand = (text.splitlines() for text in shown)
    assert ahead == on_demand


async def test_the_summary_built_ahead_has_its_report_before_r(seeded: Store) -> None:
    """Its report, trend and pace are computed off screen after the first frame, so the
    first `r` finds them cached (the first press cost 2.5× a bare view)."""
    from tui.screens.summary import SummaryScreen

    app = make_app(seeded, built_ahead=True)
    async with app.run_test(size=(120, 40)) as pilot:

        def summary() -> SummaryScreen | None:
            stack = app._screen_stacks.get("summary")
            screen = stack[0] if stack else None
            return screen if isinstance(screen, SummaryScreen) else None

        await wait_until(pilot, lambda: (s := summary()) is not None and s.report is not None)
        ahead = summary()
        assert ahead is not None and ahead.report is not None
        report = ahead.report
        await pilot.press("r")
        await wait_until(pilot, lambda: app.screen is ahead)
        assert ahead.report == report
        assert "Summary · Week of Mon 23 Nov 2026" in screen_text(app)
