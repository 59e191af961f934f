"""TUI fixtures: a store seeded with one realistic week, and helpers to read the screen, fill
inputs and wait for the app."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from storage import EntryDraft, Post, PostDraft, Store
from tests.conftest import NOW, ZONE, ZONE_NAME

MON = dt.date(2026, 11, 23)  # NOW's day: week 48 runs Mon 23 – Sun 29 Nov 2026


def day(offset: int) -> dt.date:
    return MON + dt.timedelta(days=offset)


def at(offset: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day(offset), dt.time(hour, minute), tzinfo=ZONE)


@pytest.fixture(scope="session")
def seeded_database(new_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeded week written once (about 60 ms), copied into each test's database."""
    path = tmp_path_factory.mktemp("seeded-database") / "calepin.db"
    path.write_bytes(new_database.read_bytes())
    with Store.open(path, zone_name=ZONE_NAME) as other:
        _seed(other)
    return path


@pytest.fixture
def seeded(store: Store, seeded_database: Path) -> Store:
    """Week 48 with a few posts, a weekly series, ideas, logged hours and a running timer.

    Written through a second connection, as the CLI would: the seed is not in the undo history
    (SQLite's backup of the seeded file into the test's database, page by page).
    """
    with (
        contextlib.closing(sqlite3.connect(seeded_database)) as source,
        contextlib.closing(sqlite3.connect(store.path)) as target,
    ):
        source.backup(target)
    return store


def _seed(store: Store) -> None:
    store.add_campaign("Winter fair", colour="#D0021B", start=day(-7), end=day(20))
    add = store.add_post
    add(PostDraft("Council recap", "LinkedIn", day(0), None, status="ready", estimate_minutes=45))
    add(
        PostDraft(
            "Winter fair teaser video",
            "Facebook",
            day(0),
            dt.time(10),
            status="drafting",
            campaign="Winter fair",
            estimate_minutes=90,
        )
    )
    add(PostDraft("Library hours", "Instagram", day(1), dt.time(14, 30), status="scheduled"))
    add(PostDraft("Newsletter #48", "Newsletter", day(3), dt.time(8), estimate_minutes=120))
    add(PostDraft("Published recap", "X", day(4), dt.time(12), status="published"))
    add(
        PostDraft(
            "Tip of the week",
            "Bluesky",
            day(-5),
            dt.time(9),
            rrule="FREQ=WEEKLY;BYDAY=WE",
            estimate_minutes=15,
        )
    )
    add(PostDraft("Giving Tuesday thanks", "Facebook", day(8), dt.time(11)))
    add(PostDraft("Older idea", "Threads"))
    add(PostDraft("Behind the scenes reel", "Instagram", campaign="Winter fair"))
    store.add_entry(EntryDraft("social media", at(0, 9), at(0, 11), activity="engage"))
    store.add_entry(EntryDraft("events", at(0, 11), at(0, 12, 30)))
    store.start_timer("social media", at(0, 14, 15))


def make_app(store: Store, *, built_ahead: bool = False, **kwargs) -> App:
    """The app on `store` at NOW. Without `built_ahead` it builds each view as its key first
    shows it, not after the first frame (CalepinApp.BUILT_AHEAD): building four views in the
    background doubled the CPU of a short test, and in the Pilot's idle moments, between a
    test's keys. tests/tui/test_built_ahead.py checks both ways show the same."""
    from tui.app import CalepinApp

    app = CalepinApp(store, clock=lambda: NOW, **kwargs)
    if not built_ahead:
        app.BUILT_AHEAD = ()  # type: ignore[misc]
        app.KEPT_AHEAD = ()  # type: ignore[misc]
    return app


@pytest.fixture
def app_factory(seeded: Store) -> Callable[..., App]:
    return lambda **kwargs: make_app(seeded, **kwargs)


async def wait_until(
    pilot: Pilot,
    condition: Callable[[], object],
    *,
    timeout: float = 20.0,
    what: str | Callable[[], str] = "",
) -> None:
    """Let the app run until `condition()` is true; fail once `timeout` seconds have passed.

    Instead of a fixed pause: returns as soon as the app has done what is awaited (a timer
    fired, a worker finished), and a slow machine waits longer rather than failing (5 s was
    too short for the whole start-up of a built-ahead app with two cores shared by a dozen
    processes). `what` names what is awaited; a function gives what was found instead.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            said = what() if callable(what) else what
            raise AssertionError(f"not true after {timeout} s: {said or condition}")
        await pilot.pause()


async def put(pilot: Pilot, field: Input | str, text: str, *, focus: bool = True) -> Input:
    """Replace what an input holds with `text` in one edit, where typing it key by key is not
    what the test is about (each key costs the Pilot a wait for idle).

    The text goes in through the input's own editing (its length limit and restrictions
    apply); a field that would refuse any of it fails the test: type that one key by key.
    `field` is the input or its id on the current screen; it is given the focus first. With
    `focus=False` it must have the focus already, as typed keys would go to the focused
    widget: for a field a key or the screen itself should have focused.
    """
    if isinstance(field, str):
        field = pilot.app.screen.query_one(f"#{field}", Input)
    if focus:
        field.screen.set_focus(field)  # at once: `focus()` waits for the next message
    assert pilot.app.focused is field, f"#{field.id} has not the focus, {pilot.app.focused!r} has"
    field.value = ""
    field.insert_text_at_cursor(text)
    assert field.value == text, f"#{field.id} refused part of {text!r}: type it key by key"
    await pilot.pause()
    return field


def screen_text(app: App) -> str:
    """What the terminal shows, as plain text (dialogs and notifications included)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def notifications(app: App) -> list[str]:
    return [n.message for n in app._notifications]


def find(store: Store, title: str) -> Post:
    matches = [p for p in store.all_posts() if p.title == title]
    assert len(matches) == 1, f"{len(matches)} posts titled {title!r}"
    return matches[0]
