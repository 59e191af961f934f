"""The garbage collector waits while keys come, and is always back once they stop."""

from __future__ import annotations

import gc
import time

import pytest
from textual.pilot import Pilot

from storage import Store
from tests.tui.conftest import make_app
from tui.collector import QuietCollector

SIZE = (120, 40)


async def until_collecting(pilot: Pilot, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not gc.isenabled():
        assert time.monotonic() < deadline, "the collector never came back"
        await pilot.pause()


async def test_a_key_pauses_the_collector_until_the_keys_stop(seeded: Store) -> None:
    assert gc.isenabled()
    app = make_app(seeded)
    app.QUIET = 60.0  # longer than any key here takes, on a loaded machine too
    app.LONGEST_PAUSE = 600.0
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket")
        assert not gc.isenabled()  # no collection between this key and its frame
        await pilot.press("n")
        assert not gc.isenabled()
        await pilot.press("escape")
        app.QUIET = 0.05  # the next pause in the keys is long enough
        await pilot.press("left_square_bracket")
        await until_collecting(pilot)
        app.QUIET = 60.0
        await pilot.press("right_square_bracket")
        assert not gc.isenabled()
    # Leaving with keys just pressed: the process gets its collector back.
    assert gc.isenabled()


async def test_keys_that_keep_coming_postpone_it_only_so_long(seeded: Store) -> None:
    app = make_app(seeded)
    app.QUIET = 60.0
    app.LONGEST_PAUSE = 0.3
    back: list[bool] = []
    resume = app._resume_collector

    def resumed() -> None:
        resume()
        back.append(gc.isenabled())

    app._resume_collector = resumed  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        deadline = time.monotonic() + 10
        while not back:  # a key each time, never a quiet moment
            assert time.monotonic() < deadline, "the burst kept the collector off"
            await pilot.press("left_square_bracket")
        # Back on within the burst. A slow press may see a second burst's turn come as well
        # (each postponement is LONGEST_PAUSE long): every one of them turned it back on.
        assert back and all(back), back


async def test_a_collector_turned_off_elsewhere_stays_off(seeded: Store) -> None:
    app = make_app(seeded)
    gc.disable()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("right_square_bracket")
            await pilot.pause()
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.usefixtures("app_sets_start_up_aside")
async def test_what_start_up_set_aside_is_collectable_again_once_the_app_closes(
    seeded: Store,
) -> None:
    before = gc.get_freeze_count()
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        deadline = time.monotonic() + 20
        while gc.get_freeze_count() <= before:  # frozen after the first frame
            assert time.monotonic() < deadline, "start-up never set anything aside"
            await pilot.pause()
    # A process that goes on (this test run) would otherwise keep every app it ran.
    assert gc.get_freeze_count() == 0


async def test_an_app_told_not_to_set_aside_leaves_the_process_freeze_alone(
    seeded: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A process that set its own start aside (the test run) keeps it set aside across apps.
    monkeypatch.setattr(QuietCollector, "SET_START_UP_ASIDE", False)
    gc.freeze()
    before = gc.get_freeze_count()
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        # Neither more set aside nor given back (a frozen object freed meanwhile counts less).
        assert before - 100 < gc.get_freeze_count() <= before
    assert before - 100 < gc.get_freeze_count() <= before
