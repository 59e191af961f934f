"""TUI fixtures: a store seeded with one realistic week, and helpers to read the screen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from textual.app import App

from storage import EntryDraft, Post, PostDraft, Store
from tests.conftest import NOW, ZONE, ZONE_NAME

MON = dt.date(2026, 11, 23)  # NOW's day: week 48 runs Mon 23 – Sun 29 Nov 2026


def day(offset: int) -> dt.date:
    return MON + dt.timedelta(days=offset)


def at(offset: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day(offset), dt.time(hour, minute), tzinfo=ZONE)


@pytest.fixture
def seeded(store: Store) -> Store:
    """Week 48 with a few posts, a weekly series, ideas, logged hours and a running timer.

    Written through a second connection, as the CLI would: the seed is not in the undo history.
    """
    with Store.open(store.path, zone_name=ZONE_NAME) as other:
        _seed(other)
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


def make_app(store: Store, **kwargs) -> App:
    from tui.app import CalepinApp

    return CalepinApp(store, clock=lambda: NOW, **kwargs)


@pytest.fixture
def app_factory(seeded: Store) -> Callable[..., App]:
    return lambda **kwargs: make_app(seeded, **kwargs)


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
