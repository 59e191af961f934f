"""`S` in the planner against a real Radicale server: the posts go up, a colleague's change
comes down into the week, a post changed on both sides asks which version stays, a failure
says why, and a missing password is asked for (hidden) and kept in the keyring if wished."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import keyring
import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Checkbox

from exporters.sync.engine import SyncTarget, run_sync
from storage import Store
from storage.settings import Settings
from storage.settings.model import SyncSetting
from tests.conftest import NOW, ZONE_NAME
from tests.sync.conftest import (  # noqa: F401 — `radicale` is a fixture
    calendar_name,
    password_of,
    radicale,
    shared_target,
    target_for,
)
from tests.sync.keyrings import KeptInMemory
from tests.tui.conftest import find, make_app, notifications, put, screen_text, wait_until
from tui.dialogs.sync_conflict import SyncConflictDialog
from tui.dialogs.sync_password import SyncPasswordDialog
from tui.screens.week import WeekScreen
from tui.widgets.sync_status import SyncStatus

SIZE = (120, 40)
# A sync is tens of HTTP requests to a server on this machine: seconds at most, under load.
SYNCED = 60.0


@pytest.fixture
def calendar(request: pytest.FixtureRequest) -> SyncTarget:
    """The coordinator's target on a calendar of this test's own, on the `radicale` server."""
    return target_for(request.getfixturevalue("radicale"), calendar_name(request))


@pytest.fixture
def password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CALEPIN_SYNC_PASSWORD", password_of("coordinator"))


@pytest.fixture
def empty_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[KeptInMemory]:
    monkeypatch.delenv("CALEPIN_SYNC_PASSWORD", raising=False)
    before = keyring.get_keyring()
    kept = KeptInMemory()
    keyring.set_keyring(kept)
    yield kept
    keyring.set_keyring(before)


def settings_for(target: SyncTarget) -> Settings:
    sync = SyncSetting(
        url=target.url, username=target.username, posts_calendar=target.posts_calendar
    )
    return Settings(sync=sync)


def status(app: App) -> str:
    found = app.screen.query(SyncStatus)
    return str(found.first().render()) if found else ""


async def synced(pilot: Pilot, app: App, *, runs: int = 1) -> str:
    """Press S and wait for the status line's outcome; the line."""
    before = getattr(getattr(app, "_sync_runner", None), "line", "")
    await pilot.press("S")
    await wait_until(
        pilot,
        lambda: status(app) != before and status(app).startswith(("Synced", "Sync failed")),
        timeout=SYNCED,
        what="the sync's outcome on the status line",
    )
    return status(app)


class Colleague:
    """The designer's own database on the same calendar, synced with the CLI's rules."""

    def __init__(
        self, tmp_path: Path, new_database: Path, coordinator: SyncTarget, theirs: Store
    ) -> None:
        path = tmp_path / "designer.db"
        shutil.copy(new_database, path)  # rather than build the schema again
        self.store = Store.open(path, zone_name=ZONE_NAME)
        self.coordinator = coordinator
        self.theirs = theirs  # the coordinator's database: its calendar's path, once synced

    def sync(self) -> None:
        target = shared_target(self.coordinator, self.theirs)
        run_sync(self.store, target, password_of("designer"), now=NOW)

    def titles(self) -> set[str]:
        self.sync()
        return {p.title for p in self.store.all_posts()}

    def retitle(self, title: str, new: str) -> None:
        self.sync()
        post = find(self.store, title)
        self.store.update_post(post.id, draft_of(post, title=new))
        self.sync()


def draft_of(post, **changes):  # type: ignore[no-untyped-def]
    from storage import PostDraft

    fields = {
        "title": post.title,
        "platform": post.platform,
        "date": post.date,
        "time": post.time,
        "timezone": post.timezone,
        "status": post.status,
        "campaign": post.campaign,
        "estimate_minutes": post.estimate_minutes,
        "body": post.body,
        "notes": post.notes,
        "link": post.link,
        "published_url": post.published_url,
        "group_id": post.group_id,
        "rrule": post.rrule,
    }
    fields.update(changes)
    return PostDraft(**fields)


@pytest.fixture
def colleague(
    tmp_path: Path, new_database: Path, calendar: SyncTarget, seeded: Store
) -> Iterator[Colleague]:
    other = Colleague(tmp_path, new_database, calendar, seeded)
    yield other
    other.store.close()


async def test_s_sends_the_posts_and_the_status_line_says_so(
    seeded: Store, calendar: SyncTarget, password: None, colleague: Colleague
) -> None:
    app = make_app(seeded, settings=settings_for(calendar))
    async with app.run_test(size=SIZE) as pilot:
        line = await synced(pilot, app)
        assert line.startswith("Synced 15:00 · sent ")
        assert "new posts" in line
        assert isinstance(app.screen, WeekScreen)
        assert not [n for n in notifications(app) if "failed" in n]
    # Dated posts travel; the backlog's ideas stay here.
    assert {"Council recap", "Library hours", "Newsletter #48", "Tip of the week"} <= (
        colleague.titles()
    )
    assert "Older idea" not in colleague.titles()


async def test_a_colleagues_change_arrives_in_the_week(
    seeded: Store, calendar: SyncTarget, password: None, colleague: Colleague
) -> None:
    app = make_app(seeded, settings=settings_for(calendar))
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot, app)
        colleague.retitle("Library hours", "Library winter hours")
        line = await synced(pilot, app)
        assert "received 1 change" in line
        await wait_until(
            pilot, lambda: "Library winter hours" in screen_text(app), what="the new title shown"
        )
        assert find(seeded, "Library winter hours").platform == "Instagram"


async def test_a_second_press_while_one_runs_starts_no_other(
    seeded: Store, calendar: SyncTarget, password: None
) -> None:
    app = make_app(seeded, settings=settings_for(calendar))
    async with app.run_test(size=SIZE) as pilot:
        app.action_sync()
        app.action_sync()  # before the first is done: within the same moment
        syncs = [w for w in app.workers if w.group == "sync"]
        assert [(w.name, w.description) for w in syncs] == [("sync", "sync")]
        # Read at once: the word times out after two seconds, and a loaded machine may sync
        # for longer.
        await wait_until(pilot, lambda: [n for n in notifications(app) if "already running" in n])
        await wait_until(pilot, lambda: status(app).startswith("Synced"), timeout=SYNCED)
        line = await synced(pilot, app)  # once done, the key syncs again
        assert "already in step" in line


# Each choice on a post of its own, in one app: a case starts where the one before left off
# (everything in step), as a first conflict starts from a first sync.
CHOICES = [
    ("keep mine", "m", "Council recap", {"mine"}),
    ("keep theirs", "t", "Library hours", {"designer"}),
    ("keep both", "b", "Newsletter #48", {"mine", "designer"}),
]


async def test_a_post_changed_on_both_sides_asks_which_stays(
    seeded: Store, calendar: SyncTarget, password: None, colleague: Colleague
) -> None:
    app = make_app(seeded, settings=settings_for(calendar))
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot, app)
        for case, key, title, kept in CHOICES:
            colleague.retitle(title, f"{title} (designer)")
            mine = find(seeded, title)
            seeded.update_post(mine.id, draft_of(mine, title=f"{title} (mine)"))
            await pilot.press("S")
            await wait_until(
                pilot,
                lambda: isinstance(app.screen, SyncConflictDialog),
                timeout=SYNCED,
                what=f"the conflict dialog ({case})",
            )
            dialog = app.screen
            assert isinstance(dialog, SyncConflictDialog), case
            assert dialog.post_title == f"{title} (mine)", case
            assert dialog.theirs_by.startswith("Theirs changed by designer · "), case
            difference = ("Title", f"{title} (mine)", f"{title} (designer)")
            assert difference in dialog.differences, case
            await pilot.press(key)
            # The choice is sent by a sync of its own.
            await wait_until(
                pilot,
                lambda: isinstance(app.screen, WeekScreen) and status(app).startswith("Synced"),
                timeout=SYNCED,
                what=f"the choice sent ({case})",
            )
            await wait_until(pilot, lambda: not app._sync_runner.running, timeout=SYNCED)
            expected = {f"{title} ({side})" for side in kept}
            here = {p.title for p in seeded.all_posts() if p.title.startswith(title)}
            assert here == expected, case
            there = {t for t in colleague.titles() if t.startswith(title)}
            assert there == expected, case


async def test_a_failure_says_why_on_the_status_line(
    seeded: Store, password: None, tmp_path: Path
) -> None:
    nowhere = SyncTarget(url="http://127.0.0.1:9/", username="coordinator", posts_calendar="x")
    app = make_app(seeded, settings=settings_for(nowhere))
    async with app.run_test(size=SIZE) as pilot:
        line = await synced(pilot, app)
        assert line.startswith("Sync failed: ")
        assert app.screen.query_one(SyncStatus).has_class("-failed")
        assert password_of("coordinator") not in line
        assert any(n in line for n in notifications(app))


async def test_a_run_cut_after_sending_says_what_went_once(
    seeded: Store, calendar: SyncTarget, password: None
) -> None:
    # The posts go up, then the run stops: no meetings calendar of that name.
    settings = settings_for(calendar)
    settings = Settings(sync=replace(settings.sync, meetings_calendar="No such meetings"))
    app = make_app(seeded, settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        line = await synced(pilot, app)
        assert line.startswith("Sync failed: ")
        (failure,) = [n for n in notifications(app) if "No such meetings" in n]
    assert failure.count("new posts") == 1
    assert line.count("new posts") == 1


async def test_a_missing_password_is_asked_for_and_kept_in_the_keyring(
    seeded: Store, calendar: SyncTarget, empty_keyring: KeptInMemory, colleague: Colleague
) -> None:
    app = make_app(seeded, settings=settings_for(calendar))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("S")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, SyncPasswordDialog),
            timeout=SYNCED,
            what="the password asked for",
        )
        typed = await put(pilot, "password", password_of("coordinator"))
        assert typed.password  # shown as dots
        assert password_of("coordinator") not in screen_text(app)
        app.screen.query_one("#save", Checkbox).value = True
        await pilot.press("enter")
        await wait_until(pilot, lambda: status(app).startswith("Synced"), timeout=SYNCED)
        assert repr(app._sync_runner._password) == "Secret(…)"  # never in a traceback
    assert list(empty_keyring.kept.values()) == [password_of("coordinator")]
    assert "Council recap" in colleague.titles()


async def test_without_a_keyring_the_password_is_asked_for_and_no_box_offers_to_keep_it(
    seeded: Store, calendar: SyncTarget, monkeypatch: pytest.MonkeyPatch, colleague: Colleague
) -> None:
    from keyring.backends import fail

    monkeypatch.delenv("CALEPIN_SYNC_PASSWORD", raising=False)
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # what keyring falls back on with no keyring at all
    try:
        app = make_app(seeded, settings=settings_for(calendar))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("S")
            await wait_until(
                pilot,
                lambda: isinstance(app.screen, SyncPasswordDialog),
                timeout=SYNCED,
                what="the password asked for",
            )
            assert "no system keyring here" in screen_text(app)
            assert not app.screen.query("#save")  # nothing to keep it in
            await put(pilot, "password", password_of("coordinator"))
            await pilot.press("enter")
            await wait_until(pilot, lambda: status(app).startswith("Synced"), timeout=SYNCED)
    finally:
        keyring.set_keyring(before)
    assert "Council recap" in colleague.titles()


async def test_the_editor_says_who_changed_a_post_in_the_calendar(
    seeded: Store, calendar: SyncTarget, password: None, colleague: Colleague
) -> None:
    app = make_app(seeded, settings=settings_for(calendar))
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot, app)
        await pilot.press("e")  # a post this side sent: no one else's change to name
        await wait_until(pilot, lambda: "Edit post" in screen_text(app))
        assert "Changed by" not in screen_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, WeekScreen))
        colleague.retitle("Library hours", "Library winter hours")
        await synced(pilot, app)
        app.focus_day = dt.date(2026, 11, 24)
        app.screen.reload()
        await pilot.press("e")
        await wait_until(pilot, lambda: "Changed by designer" in screen_text(app))
        assert "Edit post  Changed by designer · Mon 23 Nov 15:00" in screen_text(app)


def every(target: SyncTarget, minutes: int) -> Settings:
    sync = SyncSetting(
        url=target.url,
        username=target.username,
        posts_calendar=target.posts_calendar,
        every_minutes=minutes,
    )
    return Settings(sync=sync)


async def test_the_auto_sync_waits_for_dialogs_to_close(
    seeded: Store, calendar: SyncTarget, password: None
) -> None:
    from tui.dialogs.post_form import PostFormDialog

    app = make_app(seeded, settings=every(calendar, 15))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: getattr(app, "_sync_runner", None), what="scheduled")
        runner = app._sync_runner
        assert runner._timer is not None and runner._timer._interval == 15 * 60
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, PostFormDialog))
        runner._on_timer()  # the timer's round, while the person writes a post
        assert not runner.running and not app.workers
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, WeekScreen))
        runner._on_timer()
        await wait_until(pilot, lambda: status(app).startswith("Synced"), timeout=SYNCED)


async def test_the_auto_sync_never_asks_for_the_password(
    seeded: Store, calendar: SyncTarget, empty_keyring: KeptInMemory
) -> None:
    app = make_app(seeded, settings=every(calendar, 5))
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: getattr(app, "_sync_runner", None), what="scheduled")
        app._sync_runner._on_timer()
        await wait_until(pilot, lambda: "password" in status(app), timeout=SYNCED)
        assert status(app) == "Sync waits for the password: press S to type it"
        assert isinstance(app.screen, WeekScreen)


async def test_a_choice_left_for_later_waits_for_the_next_s(
    seeded: Store, calendar: SyncTarget, password: None, colleague: Colleague
) -> None:
    app = make_app(seeded, settings=settings_for(calendar))
    async with app.run_test(size=SIZE) as pilot:
        await synced(pilot, app)
        colleague.retitle("Council recap", "Council recap (designer)")
        mine = find(seeded, "Council recap")
        seeded.update_post(mine.id, draft_of(mine, title="Council recap (mine)"))
        await pilot.press("S")
        await wait_until(pilot, lambda: isinstance(app.screen, SyncConflictDialog), timeout=SYNCED)
        await pilot.press("escape")
        assert isinstance(app.screen, WeekScreen)
        assert status(app) == "Sync: a choice waits (press S)"
        assert find(seeded, "Council recap (mine)")  # untouched until chosen
        await pilot.press("S")  # the choice first, no sync before it
        assert isinstance(app.screen, SyncConflictDialog)
        assert not app._sync_runner.running
