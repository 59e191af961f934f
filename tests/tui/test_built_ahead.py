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
Keys = tuple[str, ...]


def built(app: CalepinApp, mode: str) -> Screen[object] | None:
    stack = app._screen_stacks.get(mode)  # what Textual keeps per mode
    return stack[0] if stack else None


async def shown_after(store: Store, cases: tuple[Keys, ...], *, ahead: bool) -> list[str]:
    """What the screen shows after each case's keys, each case from the week at today."""
    app = make_app(store, built_ahead=ahead)
    assert isinstance(app, CalepinApp)
    # The views only: building the kept dialogs too was two thirds of each case's CPU, and
    # none of these keys opens one (their own tests: test_*_kept.py; the whole start-up:
    # the summary's test below).
    app.KEPT_AHEAD = ()  # type: ignore[misc]
    shown = []
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
        for index, keys in enumerate(cases):
            if index:  # back on the week at today, as the app starts
                app.action_show("week")
                await pilot.press("t")
                assert app.current_mode == "week" and app.focus_day == day(0), keys
            await pilot.press(*keys)
            shown.append(await settled_text(pilot, app))
    return shown


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


# The cases in three groups, one app of each kind running a group's cases in turn (two apps
# per case cost 7 s of CPU, 14 start-ups). A view is built ahead for its first showing only,
# so each group shows a view once: the cases showing the same view are in different groups.
GROUPS: list[tuple[Keys, ...]] = [
    (("m",), ("l",), ("b",), ("r",)),
    (("m", "right", "enter"), ("colon",)),
    (("right", "l"),),
]


@pytest.mark.parametrize(
    "cases", GROUPS, ids=lambda cases: ",".join("-".join(keys) for keys in cases)
)
async def test_a_view_built_ahead_shows_what_one_built_on_demand_shows(
    seeded_database: Path, tmp_path: Path, cases: tuple[Keys, ...]
) -> None:
    shown = []
    for ahead in (True, False):
        path = tmp_path / f"ahead-{ahead}.db"
        shutil.copy(seeded_database, path)
        with Store.open(path, zone_name=ZONE_NAME) as store:
            shown.append(await shown_after(store, cases, ahead=ahead))
    for keys, ahead, on_demand in zip(cases, *shown, strict=True):
        assert ahead.splitlines() == on_demand.splitlines(), f"after {'-'.join(keys)}"


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
