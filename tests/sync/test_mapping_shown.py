"""What a server sends is shown as text and bounded: a title or a reason quoted in a report
never carries a terminal's escape sequence or a direction control, and an object too large
to be a post is refused unread, quickly, its post here kept (its UID is still known)."""

from __future__ import annotations

import time

from exporters.sync import mapping
from exporters.sync.event_reading import MAX_OBJECT_CHARS, SHOWN_CHARS
from exporters.sync.mapping import SyncFormatError
from storage import Store


def calendar_object(*lines: str) -> str:
    return "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Elsewhere//EN",
            "BEGIN:VEVENT",
            "UID:from-elsewhere-1",
            "DTSTAMP:20261120T090000Z",
            "DTSTART:20261124T090000Z",
            *lines,
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    )


def test_a_description_of_fifty_megabytes_is_refused_unread_with_its_uid_kept(
    store: Store,
) -> None:
    text = calendar_object("SUMMARY:[Facebook] Huge", "DESCRIPTION:" + "x" * 50_000_000)
    started = time.perf_counter()
    item = mapping.read_resource(text, store, share_notes=False)
    assert time.perf_counter() - started < 2
    assert not item.postable and "too large" in item.reason
    assert item.reason.endswith("characters; at most 4,000,000)")  # grouped, as figures read
    assert item.uid == "from-elsewhere-1" and item.title == "[Facebook] Huge"


def test_a_large_object_without_a_uid_is_not_readable() -> None:
    text = "BEGIN:VCALENDAR\r\nX-FILL:" + "x" * (MAX_OBJECT_CHARS + 1) + "\r\nEND:VCALENDAR\r\n"
    try:
        mapping.parse_events(text)
    except SyncFormatError as exc:
        assert "too large" in str(exc)
    else:
        raise AssertionError("a huge object was parsed")


def test_a_title_from_the_server_is_one_short_line_without_controls(store: Store) -> None:
    summary = "\x1b[31mred[/] [bold]\u202eevil\u202c " + "long " * 2000
    text = calendar_object(f"SUMMARY:{summary}", "X-CALEPIN-CHANGED-BY:\x1b]0;x\x07" + "w" * 500)
    item = mapping.read_resource(text, store, share_notes=False)
    assert not item.postable and item.reason == "no platform"
    assert item.title.startswith("[31mred[/] [bold]evil long")  # text, not markup
    assert len(item.title) <= SHOWN_CHARS
    assert not any(c in item.title for c in "\x1b\u202e\u202c\n")
    assert item.changed_by is not None and "\x1b" not in item.changed_by
    assert "\x07" not in item.changed_by and len(item.changed_by) <= 80


def test_a_reason_quoting_the_server_is_one_short_line_without_controls(store: Store) -> None:
    text = calendar_object("SUMMARY:[Facebook] ok", "RRULE:FREQ=\x1b[2J" + "Y" * 5000)
    item = mapping.read_resource(text, store, share_notes=False)
    assert not item.postable
    assert "\x1b" not in item.reason and len(item.reason) < 400


def test_a_repeat_rule_that_never_falls_is_refused_quickly(store: Store) -> None:
    text = calendar_object("SUMMARY:[Facebook] Never", "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30")
    started = time.perf_counter()
    item = mapping.read_resource(text, store, share_notes=False)
    assert time.perf_counter() - started < 1  # dateutil alone walks to the year 9999: 8 s
    assert not item.postable and "gives no date" in item.reason


def test_a_rare_rule_still_falls_where_it_falls() -> None:
    import datetime as dt
    from zoneinfo import ZoneInfo

    from storage import recurrence

    rare = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO"  # a Monday 29 February
    paris = ZoneInfo("Europe/Paris")
    assert recurrence.first_date(rare, dt.date(2026, 1, 1), paris) == dt.date(2044, 2, 29)
    weekly = "FREQ=WEEKLY;BYDAY=MO,TU;BYMONTH=3"
    assert recurrence.first_date(weekly, dt.date(2026, 1, 1), paris) == dt.date(2026, 3, 2)


def test_alarms_nested_a_hundred_thousand_deep_are_refused_unread(store: Store) -> None:
    deep = 100_000
    text = calendar_object(
        "SUMMARY:[Facebook] Deep", *["BEGIN:VALARM"] * deep, *["END:VALARM"] * deep
    )
    started = time.perf_counter()
    item = mapping.read_resource(text, store, share_notes=False)
    assert time.perf_counter() - started < 1  # parsed, 9 s
    assert not item.postable and "100,002 components; at most 10,000" in item.reason
    assert item.uid == "from-elsewhere-1"


def test_a_sequence_past_the_calendar_integers_is_held_to_their_largest(store: Store) -> None:
    text = calendar_object("SUMMARY:[Facebook] Big", "SEQUENCE:99999999999999999999999")
    item = mapping.read_resource(text, store, share_notes=False)
    assert item.postable and item.sequence == 2**31 - 1  # SQLite refused the number itself


def test_a_date_in_year_9999_is_refused_as_a_typed_one_is(store: Store) -> None:
    # Saved, the event's end (a day later) was past Python's dates: every export crashed.
    for start in ("DTSTART;VALUE=DATE:99991231", "DTSTART;VALUE=DATE:00010101"):
        text = calendar_object("SUMMARY:[Facebook] Far", start).replace(
            "DTSTART:20261124T090000Z\r\n", ""
        )
        item = mapping.read_resource(text, store, share_notes=False)
        assert not item.postable and item.reason == "the date must be in the years 1900 to 2999"
