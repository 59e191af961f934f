"""`run_sync` against a real Radicale: conflicts left for the person and settled, an object
changed during a run (412), a server stopped mid-run and restarted, a write whose answer was
lost, a stale sync token, meetings pulled into the hours."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from exporters.sync import mapping
from exporters.sync.client import CalDAVClient, href_for
from exporters.sync.engine import (
    SyncConflict,
    SyncError,
    SyncProgress,
    SyncReport,
    SyncTarget,
    pending_conflicts,
    resolve_conflict,
    run_sync,
)
from storage import Store
from storage.errors import NotFoundError
from tests.conftest import NOW
from tests.sync.conftest import (
    add,
    edit,
    password_of,
    server_objects,
    shared_target,
    sync,
    target_for,
    titles,
)


def conflicted(store: Store, other_store: Store, target: SyncTarget) -> SyncTarget:
    """'Launch' edited on both sides; the designer's version is on the server."""
    add(store, "Launch")
    sync(store, target)
    designer = shared_target(target, store)
    sync(other_store, designer)
    edit(store, "Launch", title="Launch (mine)")
    edit(other_store, "Launch", title="Launch (theirs)", body="their words")
    sync(other_store, designer)
    return designer


def test_asked_a_conflict_waits_and_touches_neither_side(
    store: Store, other_store: Store, sync_target: SyncTarget
) -> None:
    conflicted(store, other_store, sync_target)
    before = server_objects(sync_target, store)

    report = sync(store, sync_target, ask=True)

    (conflict,) = report.conflicts
    assert not conflict.kept_both and conflict.theirs_by == "designer"
    assert [c.title for c in pending_conflicts(store)] == ["Launch (mine)"]
    assert titles(store) == ["Launch (mine)"]
    assert server_objects(sync_target, store) == before
    assert not sync(store, sync_target, ask=True).conflicts  # still waiting, not found again


@pytest.mark.parametrize(
    ("choice", "here", "there"),
    [
        ("mine", ["Launch (mine)"], ["Launch (mine)"]),
        ("theirs", ["Launch (theirs)"], ["Launch (theirs)"]),
        ("both", ["Launch (mine)", "Launch (theirs)"], ["Launch (mine)", "Launch (theirs)"]),
    ],
)
def test_a_settled_conflict_travels_on_the_next_run(
    store: Store,
    other_store: Store,
    sync_target: SyncTarget,
    choice: str,
    here: list[str],
    there: list[str],
) -> None:
    designer = conflicted(store, other_store, sync_target)
    sync(store, sync_target, ask=True)
    (waiting,) = pending_conflicts(store)

    resolve_conflict(store, waiting.uid, choice, now=NOW)  # type: ignore[arg-type]

    assert pending_conflicts(store) == []
    assert titles(store) == here
    sync(store, sync_target, ask=True)
    sync(other_store, designer, ask=True)
    assert titles(other_store) == there
    assert len(server_objects(sync_target, store)) == len(there)
    assert not sync(store, sync_target, ask=True).changed_anything
    assert not sync(other_store, designer, ask=True).changed_anything


def test_settling_a_conflict_that_is_not_there(store: Store) -> None:
    with pytest.raises(NotFoundError):
        resolve_conflict(store, "nobody@calepin", "mine", now=NOW)


def test_an_object_changed_during_the_run_is_never_overwritten(
    store: Store, other_store: Store, sync_target: SyncTarget
) -> None:
    add(store, "Launch")
    sync(store, sync_target)
    sync(store, sync_target)  # after a write: the calendar's ctag kept, no token
    designer = shared_target(sync_target, store)
    sync(other_store, designer)
    edit(store, "Launch", title="Launch (mine)")
    raced = []

    def designer_saves_meanwhile(progress: SyncProgress) -> None:
        if not raced and progress.total:
            raced.append(True)
            edit(other_store, "Launch", title="Launch (theirs)")
            sync(other_store, designer)

    report = run_sync(store, sync_target, "secret-one", now=NOW, progress=designer_saves_meanwhile)

    assert raced and report.conflicts  # the PUT met a 412 and looked again
    assert titles(store) == ["Launch (mine)", "Launch (theirs)"]
    sync(other_store, designer)
    assert titles(other_store) == ["Launch (mine)", "Launch (theirs)"]


def test_a_server_stopped_mid_run_resumes_without_doubles(
    store: Store, other_store: Store, private_radicale, tmp_path
) -> None:
    target = target_for(private_radicale.url, "Stopped midway")
    sync(store, target)  # the calendar exists; nothing to send yet
    for day in range(1, 7):
        add(store, f"Post {day}", date=dt.date(2026, 12, day))

    def stop_halfway(progress: SyncProgress) -> None:
        if progress.total and progress.done == 3:
            private_radicale.stop()

    with pytest.raises(SyncError) as caught:
        run_sync(store, target, "secret-one", now=NOW, progress=stop_halfway)

    assert "secret-one" not in str(caught.value)
    assert "next sync" in str(caught.value)
    private_radicale.start()
    resumed = sync(store, target)
    assert len(resumed.sent_added) == 3
    assert len(server_objects(target, store)) == 6
    designer = shared_target(target, store)
    assert len(sync(other_store, designer).got_added) == 6
    assert not sync(store, target).changed_anything


def test_a_stale_sync_token_falls_back_to_the_full_listing(
    store: Store, other_store: Store, sync_target: SyncTarget
) -> None:
    add(store, "Launch")
    sync(store, sync_target)
    sync(store, sync_target)  # after a write: the calendar's ctag kept, no token
    designer = shared_target(sync_target, store)
    sync(other_store, designer)
    edit(other_store, "Launch", title="Launch soon")
    sync(other_store, designer)
    sync(store, sync_target)  # the home's calendars asked; took a change, wrote nothing: kept
    url = store.sync_calendar_urls("posts")[0]
    state = store.sync_calendar(url)
    assert state is not None and state.sync_token
    store.save_sync_calendar(
        url,
        "posts",
        sync_token=state.sync_token[:-8] + "00000000",
        ctag="stale",
        local_token=state.local_token,
        synced_at=state.synced_at or "",
    )
    edit(other_store, "Launch soon", title="Launch day")
    sync(other_store, designer)

    assert sync(store, sync_target).got_changed == ("Launch day",)


def meeting(uid: str, start: str, end: str, title: str) -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Office//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:{start}\r\nDTEND:{end}\r\n"
        f"SUMMARY:{title}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def test_the_meetings_calendar_is_pulled_into_the_hours_once(
    store: Store, sync_target: SyncTarget
) -> None:
    client = CalDAVClient(sync_target, password_of("coordinator"))
    name = sync_target.posts_calendar + "-meetings"
    try:
        home = client.calendar_home()
        calendar = client.make_calendar(home, name)
        path = calendar.removeprefix(client.server.rstrip("/"))
        client.put(
            path + "a.ics",
            meeting("a@office", "20261116T150000Z", "20261116T160000Z", "Board"),
            etag=None,
        )
        client.put(
            path + "b.ics",
            meeting("b@office", "20261118T190000Z", "20261118T200000Z", "Press"),
            etag=None,
        )
    finally:
        client.close()
    target = replace(sync_target, meetings_calendar=name)

    first = sync(store, target)

    assert first.meetings is not None and "2" in first.meetings
    assert store.counts()["time_entries"] == 2
    again = sync(store, target)
    assert again.meetings is None  # the calendar did not change: not even fetched
    assert again.requests == 1  # one listing of the home tells both calendars unchanged
    assert store.counts()["time_entries"] == 2
    client = CalDAVClient(sync_target, password_of("coordinator"))
    try:
        one_more = meeting("c@office", "20261119T140000Z", "20261119T150000Z", "Budget")
        client.put(path + "c.ics", one_more, etag=None)
    finally:
        client.close()
    third = sync(store, target)
    assert third.meetings is not None
    assert store.counts()["time_entries"] == 3  # the new one only, the others not again


def test_a_put_whose_answer_was_lost_is_recorded_next_time_not_doubled(
    store: Store, other_store: Store, sync_target: SyncTarget
) -> None:
    add(store, "Launch")
    sync(store, sync_target)
    url = store.sync_calendar_urls("posts")[0]
    (agreed,) = store.sync_items(url).values()
    edit(store, "Launch", title="Launch day")
    fresh = add(store, "Recap", date=dt.date(2026, 12, 3))
    client = CalDAVClient(sync_target, password_of("coordinator"))
    try:
        # What the last run sent before its connection dropped, unrecorded here.
        for uid, etag in ((agreed.uid, agreed.etag), (fresh.uid, None)):
            text = mapping.render_resource(
                store, uid, share_notes=False, changed_by="coordinator", sequence=5, now=NOW
            )
            client.put(href_for(url, uid), text, etag=etag)
    finally:
        client.close()

    report = sync(store, sync_target)

    assert not report.conflicts and not report.sent_added and not report.sent_changed
    assert len(server_objects(sync_target, store)) == 2
    assert sorted(sync(other_store, shared_target(sync_target, store)).got_added) == [
        "Launch day",
        "Recap",
    ]


@pytest.mark.parametrize("moved", [False, True])
def test_a_post_another_app_left_without_a_platform_is_kept_here(
    store: Store, sync_target: SyncTarget, moved: bool
) -> None:
    add(store, "Launch")
    sync(store, sync_target)
    url = store.sync_calendar_urls("posts")[0]
    client = CalDAVClient(sync_target, password_of("coordinator"))
    try:
        ((href, (text, etag)),) = client.fetch(url, sorted(client.etags(url))).items()
        lines = text.replace("\r\n", "\n").split("\n")
        plain = [
            line.replace("SUMMARY:[Instagram] ", "SUMMARY:")
            for line in lines
            if not line.startswith(("X-CALEPIN-PLATFORM", "CATEGORIES"))
        ]
        text = "\r\n".join(plain)
        if moved:  # the app saved it again under another name
            client.delete(href, etag)
            client.put(href.replace(".ics", "-copy.ics"), text, etag=None)
        else:
            client.put(href, text, etag=etag)
    finally:
        client.close()

    report = sync(store, sync_target)

    assert report.skipped and not report.got_deleted
    assert titles(store) == ["Launch"]
    assert not sync(store, sync_target).got_deleted
    assert len(server_objects(sync_target, store)) == 1


def test_the_report_says_what_travelled_in_a_few_lines() -> None:
    report = SyncReport(
        sent_added=("Launch", "Recap", "Tips", "Poll"),
        got_deleted=("Old",),
        conflicts=(SyncConflict("u@calepin", "Launch", "designer", True),),
        skipped=("Team lunch: left in the calendar (no platform)",),
        dry_run=True,
    )

    assert report.lines() == [
        "dry run: nothing was written on either side",
        "sent 4 new posts: “Launch”, “Recap”, “Tips” and 1 more",
        "deleted 1 post here, as in the calendar: “Old”",
        "changed on both sides, kept both: “Launch” (theirs by designer)",
        "skipped: Team lunch: left in the calendar (no platform)",
    ]
    assert SyncReport().lines() == ["already in step: nothing to send or receive"]
