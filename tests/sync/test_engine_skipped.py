"""Objects the sync leaves on the server, against a real Radicale server: how they are named
in the report, how often they are fetched, their size, and a post whose server copy became
unreadable while it was edited here."""

from __future__ import annotations

from dataclasses import replace

from exporters.sync import event_reading
from exporters.sync.client import CalDAVClient
from exporters.sync.engine import SyncTarget
from storage import Store
from tests.sync.conftest import (
    add,
    edit,
    password_of,
    put_object,
    server_objects,
    sync,
    titled,
    titles,
)

NO_TITLE = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other app//EN\r\nBEGIN:VEVENT\r\n"
    "UID:{uid}\r\nDTSTAMP:20261120T120000Z\r\nDTSTART:20261202T170000Z\r\n"
    "DTEND:20261202T180000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def test_a_skipped_objects_file_name_is_cleaned_as_titles_are(
    store: Store, sync_target: SyncTarget
) -> None:
    add(store, "Launch")
    sync(store, sync_target)
    calendar = store.sync_calendar_urls("posts")[0]
    # Radicale refuses control characters in a name (another server may not): a long one.
    name = "Lunch plan " + "x" * 200 + ".ics"
    put_object(sync_target, calendar, name, NO_TITLE.format(uid="untitled-1@elsewhere"))

    (reason,) = sync(store, sync_target).skipped

    shown = reason.split(": left in the calendar", 1)[0]
    assert shown.startswith("Lunch plan xxx")  # as named, not "Lunch%20plan%20%E2%80%AE"
    assert len(shown) == 120 and shown.endswith("…")


def meeting(uid: str, title: str, description: str = "") -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Office//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261116T150000Z\r\n"
        f"DTEND:20261116T160000Z\r\nSUMMARY:{title}\r\nDESCRIPTION:{description}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def test_a_meeting_past_a_posts_size_is_left_out_with_its_reason(
    store: Store, sync_target: SyncTarget
) -> None:
    client = CalDAVClient(sync_target, password_of("coordinator"))
    name = sync_target.posts_calendar + "-meetings"
    try:
        calendar = client.make_calendar(client.calendar_home(), name)
        path = calendar.removeprefix(client.server.rstrip("/"))
        client.put(path + "board.ics", meeting("board@office", "Board"), etag=None)
        huge = meeting("huge@office", "Retreat", "x" * event_reading.MAX_OBJECT_CHARS)
        client.put(path + "retreat.ics", huge, etag=None)
    finally:
        client.close()

    report = sync(store, replace(sync_target, meetings_calendar=name))

    assert store.counts()["time_entries"] == 1  # the board meeting
    (reason,) = report.skipped
    assert reason.startswith("retreat.ics: left in the calendar (too large to be a meeting (")


def test_an_unchanged_skipped_object_is_not_fetched_nor_reported_again(
    store: Store, sync_target: SyncTarget
) -> None:
    add(store, "Launch")
    sync(store, sync_target)
    calendar = store.sync_calendar_urls("posts")[0]
    put_object(sync_target, calendar, "untitled.ics", NO_TITLE.format(uid="untitled-1@elsewhere"))
    assert len(sync(store, sync_target).skipped) == 1
    edit(store, "Launch", title="Launch day")  # the ctag alone does not cut the next runs short
    sent = sync(store, sync_target)  # its PUT leaves the next run a whole listing
    assert sent.skipped == () and sent.sent_changed == ("Launch day",)
    edit(store, "Launch day", title="Launch week")
    listed = sync(store, sync_target)
    edit(store, "Launch week", title="Launch month")
    put_object(sync_target, calendar, "other.ics", NO_TITLE.format(uid="untitled-2@elsewhere"))
    with_new = sync(store, sync_target)

    assert listed.skipped == ()
    # The one new object costs one more fetch; the one left before is not fetched again.
    assert with_new.requests == listed.requests + 1
    (reason,) = with_new.skipped
    assert reason.startswith("other.ics: ")
    assert titles(store) == ["Launch month"]


def test_a_post_edited_here_while_another_app_made_it_not_a_post_goes_beside_it(
    store: Store, sync_target: SyncTarget
) -> None:
    launch = add(store, "Launch")
    sync(store, sync_target)
    calendar = store.sync_calendar_urls("posts")[0]
    agreed = store.sync_items(calendar)[launch.uid]
    # Another app rewrote the event without its platform: no longer readable as a post.
    theirs = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other app//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{launch.uid}\r\nDTSTAMP:20261120T120000Z\r\nDTSTART:20261202T170000Z\r\n"
        "DTEND:20261202T180000Z\r\nSUMMARY:Launch party\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    client = CalDAVClient(sync_target, password_of("coordinator"))
    try:
        client.put(agreed.href, theirs, etag=agreed.etag)
    finally:
        client.close()
    edit(store, "Launch", title="Launch day")
    looked = sync(store, sync_target, dry_run=True)
    assert looked.conflicts and titled(store, "Launch day").uid == launch.uid

    first = sync(store, sync_target)
    again = sync(store, sync_target)

    (conflict,) = first.conflicts
    assert conflict.kept_both and conflict.title == "Launch day"
    assert first.skipped == ("Launch party: left in the calendar (no platform)",)
    post = titled(store, "Launch day")
    assert post.uid != launch.uid and post.uid == conflict.uid
    on_server = server_objects(sync_target, store)
    left = on_server[agreed.href]  # untouched
    assert "SUMMARY:Launch party" in left and f"UID:{launch.uid}" in left
    assert "Launch day" not in left
    (ours,) = [text for href, text in on_server.items() if href != agreed.href]
    assert f"UID:{post.uid}" in ours and "Launch day" in ours
    assert not again.changed_anything and again.skipped == ()
    assert titles(store) == ["Launch day"]
    assert store.undo_label == "Sync: Launch day"  # the new UID, undoable as any change
