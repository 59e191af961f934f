"""`run_sync` against a real Radicale: first sync, repeats, edits and deletions on each side, a
second coordinator, a series with a moved date, dry runs, errors."""

from __future__ import annotations

import datetime as dt

import pytest

from exporters.sync.client import CalDAVClient
from exporters.sync.engine import SyncError, SyncTarget, run_sync
from storage import Store
from storage.models import PostDraft
from tests.conftest import NOW
from tests.sync.conftest import (
    DEC_1,
    add,
    edit,
    password_of,
    put_object,
    server_objects,
    shared_target,
    sync,
    titled,
    titles,
)


def test_first_sync_sends_every_dated_post_and_a_repeat_adds_nothing(
    store: Store, sync_target: SyncTarget
) -> None:
    store.add_campaign("Winter")
    add(store, "Launch", time=dt.time(10, 0), campaign="Winter")
    add(store, "Weekly tips", "LinkedIn", date=dt.date(2026, 11, 30), rrule="FREQ=WEEKLY;COUNT=5")
    store.add_post(PostDraft("Someday idea", "X"))  # a backlog idea stays here

    first = sync(store, sync_target)

    assert sorted(first.sent_added) == ["Launch", "Weekly tips"]
    objects = server_objects(sync_target, store)
    assert len(objects) == 2
    assert any("X-CALEPIN-CAMPAIGN:Winter" in text for text in objects.values())
    again = sync(store, sync_target)
    assert not again.changed_anything
    assert again.requests == 1  # no ctag kept after a write: the calendar and its listing
    quiet = sync(store, sync_target)
    assert not quiet.changed_anything
    assert quiet.requests == 1  # ctag and local token unchanged: one question
    assert len(server_objects(sync_target, store)) == 2


def test_a_second_coordinator_sees_and_edits_the_same_posts(
    store: Store, other_store: Store, sync_target: SyncTarget
) -> None:
    add(store, "Launch", time=dt.time(10, 0))
    sync(store, sync_target)
    designer = shared_target(sync_target, store)

    got = sync(other_store, designer)

    assert got.got_added == ("Launch",)
    theirs = titled(other_store, "Launch")
    assert (theirs.date, theirs.time, theirs.platform) == (DEC_1, dt.time(10, 0), "Instagram")
    edit(other_store, "Launch", title="Launch day", estimate_minutes=45)
    assert sync(other_store, designer).sent_changed == ("Launch day",)

    back = sync(store, sync_target)

    assert back.got_changed == ("Launch day",)
    assert titled(store, "Launch day").estimate_minutes == 45
    assert "X-CALEPIN-CHANGED-BY:designer" in "".join(server_objects(sync_target, store).values())
    assert not sync(store, sync_target).changed_anything
    assert not sync(other_store, designer).changed_anything


def test_an_edit_here_goes_out_and_a_change_there_comes_back_undoable(
    store: Store, other_store: Store, sync_target: SyncTarget
) -> None:
    add(store, "Launch")
    sync(store, sync_target)
    designer = shared_target(sync_target, store)
    sync(other_store, designer)
    edit(store, "Launch", body="Doors open at ten.")

    assert sync(store, sync_target).sent_changed == ("Launch",)
    assert sync(other_store, designer).got_changed == ("Launch",)
    assert titled(other_store, "Launch").body == "Doors open at ten."
    assert other_store.undo_label is not None and other_store.undo_label.startswith("Sync")


def test_both_sides_edited_the_cli_keeps_both(
    store: Store, other_store: Store, sync_target: SyncTarget
) -> None:
    add(store, "Launch")
    sync(store, sync_target)
    designer = shared_target(sync_target, store)
    sync(other_store, designer)
    edit(store, "Launch", title="Launch (mine)")
    edit(other_store, "Launch", title="Launch (theirs)")
    sync(other_store, designer)

    mine = sync(store, sync_target)

    (conflict,) = mine.conflicts
    assert conflict.kept_both and conflict.theirs_by == "designer"
    assert titles(store) == ["Launch (mine)", "Launch (theirs)"]
    sync(other_store, designer)
    assert titles(other_store) == ["Launch (mine)", "Launch (theirs)"]
    assert len(server_objects(sync_target, store)) == 2
    assert not sync(store, sync_target).changed_anything
    assert not sync(other_store, designer).changed_anything


def test_a_deletion_here_deletes_it_there_and_back(
    store: Store, other_store: Store, sync_target: SyncTarget
) -> None:
    add(store, "Launch")
    add(store, "Recap", date=dt.date(2026, 12, 3))
    sync(store, sync_target)
    designer = shared_target(sync_target, store)
    sync(other_store, designer)

    store.delete_post(titled(store, "Launch").id)
    assert sync(store, sync_target).sent_deleted == ("Launch",)
    assert sync(other_store, designer).got_deleted == ("Launch",)
    assert titles(other_store) == ["Recap"]

    other_store.delete_post(titled(other_store, "Recap").id)
    sync(other_store, designer)
    assert sync(store, sync_target).got_deleted == ("Recap",)
    assert titles(store) == []
    assert server_objects(sync_target, store) == {}


def test_deleted_here_but_edited_there_comes_back(
    store: Store, other_store: Store, sync_target: SyncTarget
) -> None:
    add(store, "Launch")
    sync(store, sync_target)
    designer = shared_target(sync_target, store)
    sync(other_store, designer)
    edit(other_store, "Launch", title="Launch, new time")
    sync(other_store, designer)
    store.delete_post(titled(store, "Launch").id)

    report = sync(store, sync_target)

    assert report.got_added == ("Launch, new time",)
    assert titles(store) == ["Launch, new time"]


def test_edited_here_but_deleted_there_goes_back(
    store: Store, other_store: Store, sync_target: SyncTarget
) -> None:
    add(store, "Launch")
    sync(store, sync_target)
    designer = shared_target(sync_target, store)
    sync(other_store, designer)
    other_store.delete_post(titled(other_store, "Launch").id)
    sync(other_store, designer)
    edit(store, "Launch", title="Launch, kept")

    sync(store, sync_target)

    assert titles(store) == ["Launch, kept"]
    assert len(server_objects(sync_target, store)) == 1
    assert sync(other_store, designer).got_added == ("Launch, kept",)


def test_a_series_with_a_moved_date_round_trips(
    store: Store, other_store: Store, sync_target: SyncTarget
) -> None:
    series = add(
        store,
        "Weekly tips",
        "LinkedIn",
        date=dt.date(2026, 11, 30),
        time=dt.time(9, 0),
        rrule="FREQ=WEEKLY;COUNT=5",
    )
    store.move_occurrence(series.id, dt.date(2026, 12, 7), dt.date(2026, 12, 8), dt.time(14, 0))
    store.skip_occurrence(series.id, dt.date(2026, 12, 14))
    sync(store, sync_target)

    sync(other_store, shared_target(sync_target, store))

    def dates(one: Store) -> list[tuple[dt.date, dt.time | None]]:
        first, last = dt.date(2026, 11, 1), dt.date(2027, 1, 31)
        return sorted((o.date, o.time) for o in one.occurrences_between(first, last))

    assert dates(other_store) == dates(store)
    assert (dt.date(2026, 12, 8), dt.time(14, 0)) in dates(other_store)
    assert all(day != dt.date(2026, 12, 14) for day, _time in dates(other_store))


def test_a_dry_run_writes_nothing_anywhere(
    store: Store, other_store: Store, sync_target: SyncTarget
) -> None:
    add(store, "Launch")

    report = sync(store, sync_target, dry_run=True)

    assert report.dry_run and report.sent_added == ("Launch",)
    assert store.sync_calendar_urls("posts") == []  # not even the calendar was made
    sync(store, sync_target)
    designer = shared_target(sync_target, store)
    sync(other_store, designer)
    edit(other_store, "Launch", title="Launch day")
    sync(other_store, designer)
    edit(store, "Launch", body="new body")
    before = server_objects(sync_target, store)
    items = store.sync_items(store.sync_calendar_urls("posts")[0])

    looked = sync(store, sync_target, dry_run=True)

    assert looked.conflicts and looked.dry_run
    assert titles(store) == ["Launch"]
    assert server_objects(sync_target, store) == before
    assert store.sync_items(store.sync_calendar_urls("posts")[0]) == items


def test_an_event_of_another_app_without_a_platform_is_skipped_never_deleted(
    store: Store, sync_target: SyncTarget
) -> None:
    add(store, "Launch")
    sync(store, sync_target)
    calendar = store.sync_calendar_urls("posts")[0]
    lunch = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other app//EN\r\nBEGIN:VEVENT\r\n"
        "UID:lunch-42@elsewhere\r\nDTSTAMP:20261120T120000Z\r\nDTSTART:20261202T170000Z\r\n"
        "DTEND:20261202T180000Z\r\nSUMMARY:Team lunch\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    put_object(sync_target, calendar, "lunch.ics", lunch)

    report = sync(store, sync_target)

    assert report.skipped and "Team lunch" in report.skipped[0]
    assert titles(store) == ["Launch"]
    edit(store, "Launch", title="Launch day")
    sync(store, sync_target)
    assert any("Team lunch" in text for text in server_objects(sync_target, store).values())


def test_an_event_typed_in_another_app_with_a_platform_becomes_a_post(
    store: Store, sync_target: SyncTarget
) -> None:
    sync(store, sync_target)
    calendar = store.sync_calendar_urls("posts")[0]
    event = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other app//EN\r\nBEGIN:VEVENT\r\n"
        "UID:typed-1@elsewhere\r\nDTSTAMP:20261120T120000Z\r\nDTSTART;VALUE=DATE:20261204\r\n"
        "SUMMARY:[Facebook] Open house\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    put_object(sync_target, calendar, "Open house 100% sûr.ics", event)

    assert sync(store, sync_target).got_added == ("Open house",)
    post = titled(store, "Open house")
    assert (post.platform, post.date) == ("Facebook", dt.date(2026, 12, 4))
    edit(store, "Open house", title="Open house, doors at 10")
    assert sync(store, sync_target).sent_changed == ("Open house, doors at 10",)
    (text,) = server_objects(sync_target, store).values()  # written back where it was
    assert "SUMMARY:[Facebook] Open house\\, doors at 10" in text


def test_a_wrong_password_says_so_without_the_password(
    store: Store, sync_target: SyncTarget
) -> None:
    with pytest.raises(SyncError) as caught:
        run_sync(store, sync_target, "hunter2-wrong", now=NOW)

    assert "refused the login" in str(caught.value)
    assert "hunter2" not in str(caught.value)
    assert store.sync_calendar_urls("posts") == []


def test_an_unreachable_server_is_a_sync_error(store: Store, private_radicale) -> None:
    target = SyncTarget(url=private_radicale.url, username="coordinator", timeout=2.0)
    private_radicale.stop()

    with pytest.raises(SyncError) as caught:
        run_sync(store, target, "secret-one", now=NOW)

    assert "could not reach" in str(caught.value)
    assert "secret-one" not in str(caught.value)


def test_a_plain_http_server_elsewhere_is_refused(store: Store) -> None:
    target = SyncTarget(url="http://calendar.example.org/dav/", username="coordinator")

    with pytest.raises(SyncError, match="https://"):
        run_sync(store, target, "secret-one", now=NOW)


def test_a_post_sent_and_deleted_there_before_the_next_run_is_deleted_here(
    store: Store, sync_target: SyncTarget
) -> None:
    add(store, "Launch")
    sync(store, sync_target)  # sent in this run: the run's sync token predates it
    url = store.sync_calendar_urls("posts")[0]
    client = CalDAVClient(sync_target, password_of("coordinator"))
    try:
        ((href, etag),) = client.etags(url).items()
        client.delete(href, etag)  # the calendar is as empty as before the run (same ctag)
    finally:
        client.close()

    assert sync(store, sync_target).got_deleted == ("Launch",)
    assert titles(store) == []


def test_after_a_write_one_request_lists_the_calendar_and_sees_the_others_changes(
    store: Store, other_store: Store, sync_target: SyncTarget
) -> None:
    add(store, "Launch", time=dt.time(10, 0))
    sync(store, sync_target)
    designer = shared_target(sync_target, store)
    sync(other_store, designer)
    edit(other_store, "Launch", title="Launch day")
    assert sync(other_store, designer).sent_changed == ("Launch day",)

    got = sync(store, sync_target)  # this store's last run wrote: no ctag kept

    assert got.got_changed == ("Launch day",)
    assert got.requests == 2  # the calendar with its listing, then the changed object
    assert sync(store, sync_target).requests == 1


def test_a_calendar_deleted_after_a_write_is_found_again_by_its_name(
    store: Store, sync_target: SyncTarget
) -> None:
    add(store, "Launch")
    sync(store, sync_target)
    url = store.sync_calendar_urls("posts")[0]
    client = CalDAVClient(sync_target, password_of("coordinator"))
    try:
        client._request(url, "DELETE")
    finally:
        client.close()

    again = sync(store, sync_target)

    assert again.sent_added == ("Launch",)  # a new calendar of that name, the post sent again
    assert url not in store.sync_calendar_urls("posts")  # the gone one is not asked again
    assert len(server_objects(sync_target, store)) == 1
