"""Random sequences of adds, edits, moves and deletions on two coordinators' files and on the
server itself (through the caldav library, as a calendar app that is not Calepin), with syncs
in between. After A, B, A, B both files and the calendar hold the same posts, no UID twice,
no version twice, and no edit lost unless someone who had it edited or deleted it since; one
more round changes nothing. The calcurse failure (copies on every run, deletions on the third,
two runs to settle) cannot happen.

The model, small and precise: a version of a post is its (title, date); every title an
edit writes is new, a move keeps it. An operation on a side (a file, or the server) that
overwrites or deletes the version that side holds *supersedes* it. At the end every version
ever written that nothing superseded must be somewhere; a conflict keeps both, so it loses
none.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import uuid
from collections import Counter
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    rule,
    run_state_machine_as_test,
)

from exporters.sync import mapping
from exporters.sync.engine import SyncReport, SyncTarget
from storage import Post, Store, draft_from_post
from tests.conftest import ZONE_NAME
from tests.sync.conftest import add, password_of, shared_target, sync, target_for

SIDES = ("A", "B")
USERS = {"A": "coordinator", "B": "designer"}
PLATFORM = "Instagram"
DAYS = tuple(dt.date(2026, 12, 1) + dt.timedelta(days=n) for n in range(4))
TIMES = (dt.time(10, 0), None)  # timed, and timeless (VALUE=DATE on the server)

Version = tuple[str, dt.date]


def version_of(post: Post) -> Version:
    assert post.date is not None
    return (post.title, post.date)


class Outsider:
    """The calendar seen by another app through the caldav library (the student's login)."""

    def __init__(self, calendar_url: str) -> None:
        import caldav

        self.client = caldav.DAVClient(
            url=calendar_url,
            username="student",
            password=password_of("student"),
            auth_type="basic",
        )
        self.calendar = self.client.calendar(url=calendar_url)

    def events(self) -> list:
        return sorted(self.calendar.get_events(), key=lambda e: str(e.icalendar_component["UID"]))

    @staticmethod
    def version(event) -> Version:
        component = event.icalendar_component
        title = str(component["SUMMARY"]).removeprefix(f"[{PLATFORM}] ")
        start = component.DTSTART
        return (title, start.date() if isinstance(start, dt.datetime) else start)

    def close(self) -> None:
        self.client.close()


class Convergence(RuleBasedStateMachine):
    def __init__(self, server_url: str, template: Path) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="calepin-convergence-"))
        self.stores: dict[str, Store] = {}
        for side in SIDES:
            shutil.copy(template, self.folder / f"{side}.db")
            self.stores[side] = Store.open(self.folder / f"{side}.db", zone_name=ZONE_NAME)
        first = target_for(server_url, f"convergence-{uuid.uuid4().hex[:10]}")
        sync(self.stores["A"], first)  # makes the shared calendar
        self.targets: dict[str, SyncTarget] = {
            "A": first,
            "B": shared_target(first, self.stores["A"], USERS["B"]),
        }
        self.outsider = Outsider(self.stores["A"].sync_calendar_urls("posts")[0])
        self.written: set[Version] = set()
        self.superseded: set[Version] = set()
        self.titles = 0

    # -- the model

    def new_title(self, where: str) -> str:
        self.titles += 1
        return f"{where}{self.titles}"

    def wrote(self, version: Version) -> None:
        # A version superseded once stays so when written again: a post moved away and back
        # holds what both sides agreed on, which a sync rightly reads as no change here.
        self.written.add(version)

    def posts(self, side: str) -> list[Post]:
        return sorted(self.stores[side].all_posts(), key=lambda p: p.uid)

    def pick(self, side: str, index: int) -> Post | None:
        posts = self.posts(side)
        return posts[index % len(posts)] if posts else None

    @initialize()
    def shared_start(self) -> None:
        """Three posts both files already share: edits on each side then meet."""
        for day, time in zip(DAYS, (*TIMES, TIMES[0]), strict=False):
            self.add_post("A", day, time)
        for side in SIDES:
            self.sync_side(side)

    # -- on a file

    @rule(side=st.sampled_from(SIDES), day=st.sampled_from(DAYS), time=st.sampled_from(TIMES))
    def add_post(self, side: str, day: dt.date, time: dt.time | None) -> None:
        title = self.new_title(side)
        add(self.stores[side], title, PLATFORM, date=day, time=time)
        self.wrote((title, day))

    @rule(side=st.sampled_from(SIDES), index=st.integers(0, 9))
    def edit_post(self, side: str, index: int) -> None:
        post = self.pick(side, index)
        if post is None:
            return
        self.superseded.add(version_of(post))
        title = self.new_title(side)
        self.stores[side].update_post(post.id, replace(draft_from_post(post), title=title))
        self.wrote((title, post.date))

    @rule(side=st.sampled_from(SIDES), index=st.integers(0, 9), day=st.sampled_from(DAYS))
    def move_post(self, side: str, index: int, day: dt.date) -> None:
        post = self.pick(side, index)
        if post is None or post.date == day:
            return
        self.superseded.add(version_of(post))
        self.stores[side].move_post(post.id, day, post.time)
        self.wrote((post.title, day))

    @rule(side=st.sampled_from(SIDES), index=st.integers(0, 9))
    def delete_post(self, side: str, index: int) -> None:
        post = self.pick(side, index)
        if post is not None:
            self.superseded.add(version_of(post))
            self.stores[side].delete_post(post.id)

    @rule(side=st.sampled_from(SIDES))
    def sync_side(self, side: str) -> None:
        sync(self.stores[side], self.targets[side])

    @rule()
    def sync_both(self) -> None:
        for side in SIDES:
            self.sync_side(side)

    # -- on the server, by another app

    @rule(index=st.integers(0, 9))
    def retitle_on_server(self, index: int) -> None:
        events = self.outsider.events()
        if not events:
            return
        event = events[index % len(events)]
        was = Outsider.version(event)
        title = self.new_title("S")
        event.icalendar_component["SUMMARY"] = f"[{PLATFORM}] {title}"
        event.save(no_create=True)
        self.superseded.add(was)
        self.wrote((title, was[1]))

    @rule(index=st.integers(0, 9), days=st.sampled_from((-1, 1, 2)))
    def move_on_server(self, index: int, days: int) -> None:
        events = self.outsider.events()
        if not events:
            return
        event = events[index % len(events)]
        was = Outsider.version(event)
        component = event.icalendar_component
        shift = dt.timedelta(days=days)
        component.DTSTART = component.DTSTART + shift
        if "DTEND" in component:
            component.DTEND = component.DTEND + shift
        event.save(no_create=True)
        self.superseded.add(was)
        self.wrote((was[0], was[1] + shift))

    @rule(index=st.integers(0, 9))
    def delete_on_server(self, index: int) -> None:
        events = self.outsider.events()
        if events:
            event = events[index % len(events)]
            self.superseded.add(Outsider.version(event))
            event.delete()

    # -- the end of every example

    def settle(self) -> list[SyncReport]:
        return [sync(self.stores[side], self.targets[side]) for side in (*SIDES, *SIDES)]

    def check_converged(self) -> None:
        self.settle()
        a, b = self.stores["A"], self.stores["B"]
        fingerprints = {
            side: {u: i.fingerprint for u, i in mapping.local_fingerprints(s, share_notes=False).items()}
            for side, s in self.stores.items()
        }  # fmt: skip
        assert fingerprints["A"] == fingerprints["B"]
        events = self.outsider.events()
        uids = Counter(str(e.icalendar_component["UID"]) for e in events)
        assert [uid for uid, count in uids.items() if count > 1] == [], "a UID twice on the server"
        on_server = {
            str(e.icalendar_component["UID"]): mapping.read_resource(
                e.data, a, share_notes=False
            ).fingerprint
            for e in events
        }
        assert on_server == fingerprints["A"]
        held = Counter(version_of(p) for p in a.all_posts())
        assert [v for v, count in held.items() if count > 1] == [], "a version twice"
        assert Counter(version_of(p) for p in b.all_posts()) == held
        assert {Outsider.version(e) for e in events} == set(held)
        lost = self.written - self.superseded - set(held)
        assert lost == set(), f"lost: {sorted(lost)}"
        for report in self.settle():
            assert not report.changed_anything and not report.skipped, report.lines()

    def teardown(self) -> None:
        try:
            self.check_converged()
        finally:
            self.outsider.close()
            for store in self.stores.values():
                store.close()
            shutil.rmtree(self.folder, ignore_errors=True)


CONVERGENCE = settings(
    max_examples=8,
    stateful_step_count=15,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def test_two_files_and_another_app_converge(radicale: str, new_database: Path) -> None:
    run_state_machine_as_test(lambda: Convergence(radicale, new_database), settings=CONVERGENCE)
