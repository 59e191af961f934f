"""A post as one CalDAV object and back (exporters.sync.mapping), on real SQLite files: what a
calendar app's edits do, what cannot become a post, and what a sync changes in the file."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import icalendar
import pytest

from exporters.sync import mapping
from exporters.sync.mapping import SyncFormatError
from storage import PostDraft, Status, Store
from storage.errors import ValidationError
from tests.conftest import NOW, ZONE_NAME

TUESDAY = dt.date(2026, 11, 24)


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Store]:
    """A second coordinator's file, on the same calendar."""
    with Store.open(tmp_path / "other.db", zone_name=ZONE_NAME) as opened:
        yield opened


def render(store: Store, uid: str, *, share_notes: bool = False) -> str:
    item = mapping.local_fingerprints(store, share_notes=share_notes)[uid]
    return mapping.render_resource(
        store, uid, share_notes=share_notes, changed_by="designer", sequence=item.sequence, now=NOW
    )


def plain_event(*lines: str, uid: str = "made-in-thunderbird-1") -> str:
    """An object written by a calendar app: no X-CALEPIN-* properties."""
    body = "\r\n".join(lines)
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Mozilla//Thunderbird//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261120T100000Z\r\n"
        f"DTSTART;TZID={ZONE_NAME}:20261126T140000\r\n{body}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def gala(store: Store, **changes: object) -> PostDraft:
    fields: dict[str, object] = {
        "title": "Gala teaser",
        "platform": "Instagram",
        "date": TUESDAY,
        "time": dt.time(10, 0),
        "status": Status.SCHEDULED,
        "body": "Save the date, friends; doors at 6.\nTickets [soon] 🎉",
        "link": "https://example.org/gala",
        "notes": "ask Lea for the photo",
        "estimate_minutes": 45,
    }
    fields.update(changes)
    return PostDraft(**fields)  # type: ignore[arg-type]


def test_a_post_reads_as_a_plain_event_and_carries_everything_for_calepin(store: Store) -> None:
    store.add_campaign("Gala 2026")
    post = store.add_post(gala(store, campaign="Gala 2026"))
    text = render(store, post.uid)
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "[Instagram] Gala teaser"
    assert str(event["DESCRIPTION"]) == (
        "Save the date, friends; doors at 6.\nTickets [soon] 🎉\n\nhttps://example.org/gala"
    )
    assert [str(c) for c in event["CATEGORIES"].cats] == ["Instagram", "Gala 2026"]
    assert event["DTSTART"].dt == dt.datetime(2026, 11, 24, 10, tzinfo=event["DTSTART"].dt.tzinfo)
    assert event["DTSTART"].params["TZID"] == ZONE_NAME
    assert "BEGIN:VTIMEZONE" in text and "METHOD:" not in text  # CalDAV objects carry no METHOD
    assert "X-CALEPIN-PLATFORM:Instagram" in text
    assert "X-CALEPIN-ESTIMATE:45" in text
    assert "X-CALEPIN-CHANGED-BY:designer" in text
    assert "ask Lea" not in text  # notes are private unless shared
    assert "ask Lea" in render(store, post.uid, share_notes=True)
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_a_calepin_object_becomes_the_same_post_in_another_file(store: Store, other: Store) -> None:
    store.add_campaign("Gala 2026")
    post = store.add_post(gala(store, campaign="Gala 2026", group_id="grp-1"))
    item = mapping.read_resource(render(store, post.uid), other, share_notes=False)
    assert item.postable and item.changed_by == "designer"
    copy = mapping.apply_remote(other, item)
    assert (copy.uid, copy.title, copy.platform, copy.campaign) == (
        post.uid,
        "Gala teaser",
        "Instagram",
        "Gala 2026",  # the campaign is made here
    )
    assert (copy.body, copy.link, copy.estimate_minutes, copy.group_id, copy.notes) == (
        post.body,
        post.link,
        45,
        "grp-1",
        "",
    )
    assert other.undo_label == "Sync: Gala teaser"
    mine = mapping.local_fingerprints(store, share_notes=False)[post.uid]
    theirs = mapping.local_fingerprints(other, share_notes=False)[post.uid]
    assert mine.fingerprint == theirs.fingerprint == item.fingerprint


def test_a_calendar_app_retitles_and_moves_the_post_and_its_notes_stay(store: Store) -> None:
    post = store.add_post(gala(store))
    text = render(store, post.uid)
    text = text.replace("SUMMARY:[Instagram] Gala teaser", "SUMMARY:[Instagram] Gala: last call")
    text = re.sub(
        rf"DTSTART;TZID={ZONE_NAME}:\d{{8}}T\d{{6}}",
        f"DTSTART;TZID={ZONE_NAME}:20261127T163000",
        text,
    )
    item = mapping.read_resource(text, store, share_notes=False)
    assert item.postable and item.title == "Gala: last call"
    assert item.fingerprint != mapping.local_fingerprints(store, share_notes=False)[post.uid]
    moved = mapping.apply_remote(store, item)
    assert (moved.id, moved.title, moved.date, moved.time) == (
        post.id,
        "Gala: last call",
        dt.date(2026, 11, 27),
        dt.time(16, 30),
    )
    assert moved.notes == "ask Lea for the photo"
    assert moved.platform == "Instagram" and moved.estimate_minutes == 45
    assert mapping.local_fingerprints(store, share_notes=False)[post.uid].fingerprint == (
        item.fingerprint
    )
    assert store.undo() == "Sync: Gala: last call"
    assert store.get_post(post.id).title == "Gala teaser"


def test_a_calendar_app_edits_the_description_or_cancels_the_event(store: Store) -> None:
    post = store.add_post(gala(store))
    text = render(store, post.uid)
    event = icalendar.Calendar.from_ical(text).walk("VEVENT")[0]
    old = event["DESCRIPTION"].to_ical().decode()
    text = text.replace(
        "DESCRIPTION:" + old[:40], "DESCRIPTION:New copy from Thunderbird\\n\\n" + old[:40]
    )
    text = text.replace("STATUS:CONFIRMED", "STATUS:CANCELLED")
    post = mapping.apply_remote(store, mapping.read_resource(text, store, share_notes=False))
    assert post.body.startswith("New copy from Thunderbird\n\nSave the date")
    assert post.body.endswith("🎉")  # the link is not taken into the body
    assert post.link == "https://example.org/gala"
    assert post.status is Status.CANCELLED
    taken_back = render(store, post.uid).replace("STATUS:CANCELLED", "STATUS:CONFIRMED")
    item = mapping.read_resource(taken_back, store, share_notes=False)
    assert mapping.apply_remote(store, item).status is Status.SCHEDULED


def test_shared_notes_travel_and_replace(store: Store, other: Store) -> None:
    post = store.add_post(gala(store))
    item = mapping.read_resource(render(store, post.uid, share_notes=True), other, share_notes=True)
    assert mapping.apply_remote(other, item).notes == "ask Lea for the photo"


@pytest.mark.parametrize(
    ("lines", "title"),
    [
        (["SUMMARY:[Instagram] Gala teaser"], "Gala teaser"),
        (["SUMMARY:[instagram]Gala teaser"], "Gala teaser"),
        (["SUMMARY:Gala teaser", "CATEGORIES:Events,Instagram"], "Gala teaser"),
        (["SUMMARY:[Draft] Gala teaser", "CATEGORIES:IG"], "[Draft] Gala teaser"),  # the tag
    ],
)
def test_an_event_from_a_calendar_app_finds_its_platform(
    store: Store, lines: list[str], title: str
) -> None:
    item = mapping.read_resource(plain_event(*lines), store, share_notes=False)
    assert item.postable, item.reason
    assert item.changed_by is None
    post = mapping.apply_remote(store, item)
    assert (post.platform, post.title, post.status) == ("Instagram", title, Status.SCHEDULED)
    assert (post.date, post.time, post.uid) == (
        dt.date(2026, 11, 26),
        dt.time(14, 0),
        "made-in-thunderbird-1",
    )
    assert mapping.local_fingerprints(store, share_notes=False)[post.uid].fingerprint == (
        item.fingerprint
    )


def test_a_french_file_reads_the_english_name_of_a_default_platform(store: Store) -> None:
    item = mapping.read_resource(
        plain_event("SUMMARY:Infolettre de décembre", "X-CALEPIN-PLATFORM:Infolettre"),
        store,
        share_notes=False,
    )
    assert item.postable and item.title == "Infolettre de décembre"
    assert mapping.apply_remote(store, item).platform == "Newsletter"


def test_an_event_with_no_platform_is_left_alone(store: Store) -> None:
    item = mapping.read_resource(
        plain_event("SUMMARY:Dentist", "CATEGORIES:Personal"), store, share_notes=False
    )
    assert not item.postable and item.reason == "no platform"
    assert item.title == "Dentist"
    with pytest.raises(ValidationError, match="no platform"):
        mapping.apply_remote(store, item)
    assert store.all_posts() == []


def test_an_unknown_platform_is_named_and_not_made(store: Store) -> None:
    # Making a platform silently would add a row to the catalogue, with a colour and a duty
    # nobody chose, on the strength of one event: the person adds it, the next run takes it.
    item = mapping.read_resource(
        plain_event("SUMMARY:[Mastodon] Toot", "X-CALEPIN-PLATFORM:Mastodon"),
        store,
        share_notes=False,
    )
    assert not item.postable and "Mastodon" in item.reason
    assert "Mastodon" not in [p.name for p in store.platforms()]
    store.add_platform("Mastodon", tag="MA", colour="#6364FF")
    assert mapping.read_resource(
        plain_event("SUMMARY:[Mastodon] Toot", "X-CALEPIN-PLATFORM:Mastodon"),
        store,
        share_notes=False,
    ).postable


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("SUMMARY:[Instagram] " + "x" * 301, "limit is 300"),
        ("SUMMARY:[Instagram] ", "title cannot be empty"),
        ("SUMMARY:[Instagram] Gala\x07 teaser", "control character"),
        ("SUMMARY:[Instagram] Gala \u202e teaser", "direction control"),
        ("X-CALEPIN-ESTIMATE:lots", "not a number"),
        ("X-CALEPIN-STATUS:maybe", "unknown status"),
        ("X-CALEPIN-LINK:javascript:alert(1)", "must start with http"),
    ],
)
def test_a_bad_object_gives_a_reason_and_saves_nothing(
    store: Store, line: str, reason: str
) -> None:
    text = plain_event("X-CALEPIN-PLATFORM:Instagram", "SUMMARY:[Instagram] Gala", line)
    text = (
        text.replace("SUMMARY:[Instagram] Gala\r\n", "", 1) if line.startswith("SUMMARY") else text
    )
    item = mapping.read_resource(text, store, share_notes=False)
    assert not item.postable
    assert reason in item.reason
    with pytest.raises(ValidationError):
        mapping.apply_remote(store, item)
    assert store.all_posts() == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "not a calendar",
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
        plain_event("SUMMARY:[Instagram] x", uid=""),
    ],
)
def test_unreadable_text_is_a_sync_format_error(store: Store, text: str) -> None:
    with pytest.raises(SyncFormatError):
        mapping.read_resource(text, store, share_notes=False)


def weekly(store: Store) -> int:
    series = store.add_post(
        gala(
            store,
            title="Weekly tip",
            platform="Facebook",
            date=dt.date(2026, 11, 2),
            time=dt.time(9, 0),
            rrule="FREQ=WEEKLY;UNTIL=20261231",
        )
    )
    store.skip_occurrence(series.id, dt.date(2026, 11, 9))
    store.move_occurrence(series.id, dt.date(2026, 11, 16), dt.date(2026, 11, 17), dt.time(11))
    return series.id


def test_a_series_travels_with_its_skipped_and_changed_dates(store: Store, other: Store) -> None:
    series_id = weekly(store)
    series = store.get_post(series_id)
    text = render(store, series.uid)
    calendar = icalendar.Calendar.from_ical(text)
    assert len(calendar.walk("VEVENT")) == 2
    copy = mapping.apply_remote(other, mapping.read_resource(text, other, share_notes=False))
    assert copy.rrule is not None and copy.skipped_dates == (dt.date(2026, 11, 9),)
    moved = other.occurrence_row(copy.id, dt.date(2026, 11, 16))
    assert moved is not None and (moved.date, moved.time) == (dt.date(2026, 11, 17), dt.time(11))
    assert (
        mapping.local_fingerprints(other, share_notes=False)[series.uid].fingerprint
        == mapping.local_fingerprints(store, share_notes=False)[series.uid].fingerprint
    )


def test_a_series_changed_elsewhere_skips_and_gives_back_dates(store: Store, other: Store) -> None:
    series_id = weekly(store)
    uid = store.get_post(series_id).uid
    mapping.apply_remote(other, mapping.read_resource(render(store, uid), other, share_notes=False))
    # elsewhere: 16 Nov given back to the series, 23 Nov skipped, 9 Nov back
    store.restore_occurrence(series_id, dt.date(2026, 11, 16))
    store.restore_occurrence(series_id, dt.date(2026, 11, 9))
    store.skip_occurrence(series_id, dt.date(2026, 11, 23))
    item = mapping.read_resource(render(store, uid), other, share_notes=False)
    series = mapping.apply_remote(other, item)
    assert series.skipped_dates == (dt.date(2026, 11, 23),)
    assert other.occurrence_row(series.id, dt.date(2026, 11, 16)) is None
    assert mapping.local_fingerprints(other, share_notes=False)[uid].fingerprint == (
        item.fingerprint
    )
    assert other.undo_label == "Sync: Weekly tip"


def test_a_changed_date_off_the_series_is_refused_whole(store: Store, other: Store) -> None:
    series_id = weekly(store)
    uid = store.get_post(series_id).uid
    mapping.apply_remote(other, mapping.read_resource(render(store, uid), other, share_notes=False))
    before = mapping.local_fingerprints(other, share_notes=False)[uid]
    text = render(store, uid).replace(
        f"RECURRENCE-ID;TZID={ZONE_NAME}:20261116T090000",
        f"RECURRENCE-ID;TZID={ZONE_NAME}:20261118T090000",  # a Wednesday: not a date of it
    )
    text = text.replace("SUMMARY:[Facebook] Weekly tip", "SUMMARY:[Facebook] Weekly tips")
    item = mapping.read_resource(text, other, share_notes=False)
    assert not item.postable and "does not fall on" in item.reason
    with pytest.raises(ValidationError, match="does not fall on"):
        mapping.apply_remote(other, item)
    good = mapping.read_resource(render(store, uid), other, share_notes=False)
    (_day, draft), *_rest = good.overrides
    bad = replace(good, overrides=((dt.date(2026, 11, 18), draft),))
    with pytest.raises(ValidationError, match="does not fall on"):
        mapping.apply_remote(other, bad)  # the store checks it too
    after = mapping.local_fingerprints(other, share_notes=False)[uid]
    assert after == before  # nothing half-saved


def test_keep_both_makes_a_new_post_beside_the_local_one(store: Store, other: Store) -> None:
    post = store.add_post(gala(store))
    mine = other.add_post(gala(other, title="Mine"))
    item = mapping.read_resource(render(store, post.uid), other, share_notes=False)
    copy = mapping.apply_remote(other, item, new_uid="copy-1@calepin")
    assert copy.uid == "copy-1@calepin" and copy.title == "Gala teaser"
    assert other.get_post(mine.id).title == "Mine"
    assert copy.notes == ""


def test_a_published_post_takes_the_calendars_version(store: Store) -> None:
    post = store.add_post(gala(store, status=Status.PUBLISHED))
    text = render(store, post.uid).replace("Gala teaser", "Gala teaser (fixed)")
    updated = mapping.apply_remote(store, mapping.read_resource(text, store, share_notes=False))
    assert updated.title == "Gala teaser (fixed)" and updated.status is Status.PUBLISHED


def test_delete_local_takes_the_whole_series_and_leaves_tombstones(store: Store) -> None:
    series_id = weekly(store)
    uid = store.get_post(series_id).uid
    single = store.add_post(gala(store))
    assert mapping.delete_local(store, uid) == "Weekly tip"
    assert [p.id for p in store.all_posts()] == [single.id]
    assert any(t.uid == uid for t in store.tombstones(dt.date(2026, 1, 1), dt.date(2027, 12, 31)))
    assert mapping.delete_local(store, uid) is None
    store.undo()
    assert uid in mapping.local_fingerprints(store, share_notes=False)


def test_backlog_ideas_stay_local(store: Store) -> None:
    idea = store.add_post(PostDraft(title="Someday", platform="Blog"))
    post = store.add_post(gala(store))
    found = mapping.local_fingerprints(store, share_notes=False)
    assert set(found) == {post.uid}
    assert idea.uid not in found


def test_a_time_that_happens_twice_travels_as_its_second_reading(
    store: Store, other: Store
) -> None:
    post = store.add_post(
        gala(store, date=dt.date(2026, 11, 1), time=dt.time(1, 30, fold=1), title="Night owl")
    )
    text = render(store, post.uid)
    assert "DTSTART:20261101T063000Z" in text  # 01:30 EST, written in UTC
    copy = mapping.apply_remote(other, mapping.read_resource(text, other, share_notes=False))
    assert (copy.date, copy.time, copy.time.fold if copy.time else None, copy.timezone) == (
        dt.date(2026, 11, 1),
        dt.time(1, 30),
        1,
        ZONE_NAME,
    )


def test_a_start_rewritten_in_another_zone_stays_in_the_posts_zone(store: Store) -> None:
    post = store.add_post(gala(store, timezone="Europe/Paris", time=dt.time(18, 0)))
    local = mapping.local_fingerprints(store, share_notes=False)[post.uid]
    text = render(store, post.uid)
    # a server that writes every start in UTC, or in the calendar's own zone
    for start in ("DTSTART:20261124T170000Z", f"DTSTART;TZID={ZONE_NAME}:20261124T120000"):
        changed = re.sub(r"DTSTART;TZID=Europe/Paris:\d{8}T\d{6}", start, text)
        item = mapping.read_resource(changed, store, share_notes=False)
        assert item.fingerprint == local.fingerprint


def test_an_outlook_zone_is_read_through_its_vtimezone(store: Store) -> None:
    text = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:Microsoft Exchange Server 2010\r\n"
        "BEGIN:VTIMEZONE\r\nTZID:Eastern Standard Time\r\n"
        "BEGIN:STANDARD\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0400\r\n"
        "TZOFFSETTO:-0500\r\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=11\r\n"
        "END:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:-0500\r\n"
        "TZOFFSETTO:-0400\r\nRRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3\r\n"
        "END:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
        "BEGIN:VEVENT\r\nUID:outlook-1\r\nDTSTAMP:20261120T100000Z\r\n"
        "DTSTART;TZID=Eastern Standard Time:20261126T140000\r\n"
        "SUMMARY:[LinkedIn] Hiring post\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    post = mapping.apply_remote(store, mapping.read_resource(text, store, share_notes=False))
    assert (post.platform, post.date, post.time, post.timezone) == (
        "LinkedIn",
        dt.date(2026, 11, 26),
        dt.time(14, 0),
        ZONE_NAME,
    )


def test_one_date_changed_in_a_calendar_app_keeps_the_series_fields(store: Store) -> None:
    series_id = weekly(store)
    series = store.get_post(series_id)
    text = render(store, series.uid)
    # Thunderbird: 23 Nov moved to the 24th and retitled, written with no X-CALEPIN-*
    instance = (
        f"BEGIN:VEVENT\r\nUID:{series.uid}\r\nDTSTAMP:20261120T100000Z\r\n"
        f"RECURRENCE-ID;TZID={ZONE_NAME}:20261123T090000\r\n"
        f"DTSTART;TZID={ZONE_NAME}:20261124T130000\r\nSUMMARY:Weekly tip: special\r\n"
        "END:VEVENT\r\n"
    )
    text = text.replace("END:VCALENDAR", instance + "END:VCALENDAR")
    item = mapping.read_resource(text, store, share_notes=False)
    mapping.apply_remote(store, item)
    changed = store.occurrence_row(series_id, dt.date(2026, 11, 23))
    assert changed is not None
    assert (changed.title, changed.date, changed.time) == (
        "Weekly tip: special",
        dt.date(2026, 11, 24),
        dt.time(13, 0),
    )
    assert (changed.platform, changed.estimate_minutes, changed.link) == (
        "Facebook",
        45,
        "https://example.org/gala",
    )
    assert mapping.local_fingerprints(store, share_notes=False)[series.uid].fingerprint == (
        item.fingerprint
    )


def test_a_platform_named_with_brackets_keeps_the_title_whole(store: Store, other: Store) -> None:
    for one in (store, other):
        one.add_platform("Radio ]FM[", tag="RFM")
    post = store.add_post(gala(store, platform="Radio ]FM[", title="[live] Gala"))
    item = mapping.read_resource(render(store, post.uid), other, share_notes=False)
    assert item.title == "[live] Gala"
    assert (
        item.fingerprint
        == mapping.local_fingerprints(store, share_notes=False)[post.uid].fingerprint
    )


def test_notes_are_never_wiped_by_a_writer_who_keeps_them_private(
    store: Store, other: Store
) -> None:
    post = store.add_post(gala(store))  # notes: "ask Lea for the photo"
    mapping.apply_remote(
        other, mapping.read_resource(render(store, post.uid), other, share_notes=False)
    )
    private = render(other, post.uid, share_notes=False)  # the designer does not share notes
    assert "X-CALEPIN-NOTES" not in private
    item = mapping.read_resource(private, store, share_notes=True)
    assert (
        item.fingerprint
        == mapping.local_fingerprints(store, share_notes=True)[post.uid].fingerprint
    )
    assert mapping.apply_remote(store, item).notes == "ask Lea for the photo"
    # shared and emptied: emptied
    mapping.apply_remote(
        other,
        mapping.read_resource(render(store, post.uid, share_notes=True), other, share_notes=True),
    )
    assert other.get_post(other.synced_post(post.uid)[0].id).notes == "ask Lea for the photo"  # type: ignore[index]
    store.update_post(post.id, replace(gala(store), notes=""))
    emptied = render(store, post.uid, share_notes=True)
    assert "X-CALEPIN-NOTES:\r\n" in emptied
    copy = mapping.apply_remote(other, mapping.read_resource(emptied, other, share_notes=True))
    assert copy.notes == ""


def test_a_series_made_a_single_event_elsewhere_loses_its_dates(store: Store) -> None:
    series_id = weekly(store)
    uid = store.get_post(series_id).uid
    text = render(store, uid)
    text = re.sub(r"RRULE:[^\r]*\r\n|EXDATE[^\r]*\r\n", "", text)
    text = text[: text.index("BEGIN:VEVENT", text.index("END:VEVENT"))] + "END:VCALENDAR\r\n"
    item = mapping.read_resource(text, store, share_notes=False)
    post = mapping.apply_remote(store, item)
    assert (post.id, post.rrule, post.skipped_dates) == (series_id, None, ())
    assert store.occurrence_row(series_id, dt.date(2026, 11, 16)) is None
    assert [p.id for p in store.all_posts()] == [series_id]
    assert mapping.local_fingerprints(store, share_notes=False)[uid].fingerprint == (
        item.fingerprint
    )
    store.undo()
    assert store.get_post(series_id).rrule is not None
    assert store.occurrence_row(series_id, dt.date(2026, 11, 16)) is not None


def test_a_date_both_left_out_and_changed_is_changed(store: Store) -> None:
    series_id = weekly(store)
    uid = store.get_post(series_id).uid
    text = render(store, uid).replace(
        f"EXDATE;TZID={ZONE_NAME}:20261109T090000",
        f"EXDATE;TZID={ZONE_NAME}:20261109T090000,20261116T090000",
    )
    item = mapping.read_resource(text, store, share_notes=False)
    series = mapping.apply_remote(store, item)
    assert series.skipped_dates == (dt.date(2026, 11, 9),)
    assert store.occurrence_row(series_id, dt.date(2026, 11, 16)) is not None
    assert mapping.local_fingerprints(store, share_notes=False)[uid].fingerprint == (
        item.fingerprint
    )
