"""The .ics export: parsed back by icalendar, vobject and recurring-ical-events; golden file."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
import vobject
from dateutil import tz as dateutil_tz

from exporters.ics import (
    IcsOptions,
    escape_text,
    export_ics,
    fold_line,
    render_ics,
    vtimezone_lines,
)
from storage import Post, PostDraft, Status, Store, TimeEntry, draft_from_post

TORONTO = ZoneInfo("America/Toronto")
UTC = dt.UTC
NOW = dt.datetime(2026, 11, 23, 20, 0, tzinfo=UTC)
GOLDEN = Path(__file__).parent / "golden" / "posts.ics"
HOSTILE_TITLE = 'Hi, "you"; back\\slash ☕ été'
HOSTILE_BODY = ("Ligne 1, deux; trois \\ quatre\nÉmoji 🎉 naïve façade — " * 120)[:5000]


def _events(text: str) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


def _by_summary(text: str) -> dict[str, icalendar.Event]:
    return {str(e["SUMMARY"]): e for e in _events(text) if "RECURRENCE-ID" not in e}


@pytest.fixture
def planned(store: Store) -> dict[str, Post]:
    """Posts around both 2026 DST changes (three zones), all-day, a series, hostile text."""
    store.add_campaign("Fall, 2026")
    add = store.add_post
    posts = {
        "before_spring": add(PostDraft("Before spring", "Facebook", dt.date(2026, 3, 7), dt.time(10), status="scheduled")),
        "after_spring": add(PostDraft("After spring", "Instagram", dt.date(2026, 3, 9), dt.time(10), status="ready")),
        "before_fall": add(PostDraft("Before fall", "LinkedIn", dt.date(2026, 10, 31), dt.time(10), status="published", published_url="https://example.org/p/1")),
        "after_fall": add(PostDraft("After fall", "X", dt.date(2026, 11, 2), dt.time(10), status="cancelled")),
        "paris_before": add(PostDraft("Paris before", "Facebook", dt.date(2026, 3, 28), dt.time(9), timezone="Europe/Paris")),
        "paris_after": add(PostDraft("Paris after", "Facebook", dt.date(2026, 3, 30), dt.time(9), timezone="Europe/Paris")),
        "sydney_before": add(PostDraft("Sydney before", "Facebook", dt.date(2026, 4, 4), dt.time(9), timezone="Australia/Sydney")),
        "sydney_after": add(PostDraft("Sydney after", "Facebook", dt.date(2026, 4, 6), dt.time(9), timezone="Australia/Sydney")),
        "all_day": add(PostDraft("Open house", "Blog", dt.date(2026, 12, 3), status="on_hold")),
        "hostile": add(PostDraft(HOSTILE_TITLE, "Facebook", dt.date(2026, 11, 24), dt.time(10), campaign="Fall, 2026", body=HOSTILE_BODY, notes="Note; with, commas", link="https://example.org/a?b=1,2;3", estimate_minutes=90)),
        "series": add(PostDraft("Weekly tips", "Newsletter", dt.date(2026, 10, 6), dt.time(9), rrule="FREQ=WEEKLY;UNTIL=20261222", status="scheduled", estimate_minutes=60)),
        "backlog": add(PostDraft("Some idea", "Threads")),
    }  # fmt: skip
    series = posts["series"]
    store.skip_occurrence(series.id, dt.date(2026, 10, 13))
    store.move_occurrence(series.id, dt.date(2026, 10, 20), dt.date(2026, 10, 21), dt.time(14))
    posts["series"] = store.get_post(series.id)
    return posts


@pytest.fixture
def exported(store: Store, planned: dict[str, Post]) -> str:
    return export_ics(store, dt.date(2026, 1, 1), dt.date(2026, 12, 31), now=NOW)


# ---------------------------------------------------------------- file level


def test_file_level_shape(exported: str) -> None:
    raw = exported.encode("utf-8")
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert raw.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # no bare LF
    physical = raw.split(b"\r\n")[:-1]
    for line in physical:
        assert len(line) <= 75, line
        line.decode("utf-8")  # each physical line is whole UTF-8: no split character
    head = exported.split("BEGIN:VTIMEZONE")[0]
    for wanted in ("VERSION:2.0", "PRODID:", "METHOD:PUBLISH", "CALSCALE:GREGORIAN"):
        assert f"\r\n{wanted}" in head
    assert "X-WR-CALNAME:Calepin\r\n" in head
    assert "X-WR-TIMEZONE:America/Toronto\r\n" in head


def test_backlog_not_exported_and_one_event_per_post(exported: str) -> None:
    summaries = [str(e["SUMMARY"]) for e in _events(exported)]
    assert "[Threads] Some idea" not in summaries
    # 11 dated posts, plus one override of the series (same UID)
    assert len(summaries) == 12
    assert len({str(e["UID"]) for e in _events(exported)}) == 11


def test_timed_posts_land_at_local_times_across_dst(
    exported: str, planned: dict[str, Post]
) -> None:
    events = _by_summary(exported)
    expected = {
        "[Facebook] Before spring": dt.datetime(2026, 3, 7, 15, 0, tzinfo=UTC),  # EST
        "[Instagram] After spring": dt.datetime(2026, 3, 9, 14, 0, tzinfo=UTC),  # EDT
        "[LinkedIn] Before fall": dt.datetime(2026, 10, 31, 14, 0, tzinfo=UTC),
        "[X] After fall": dt.datetime(2026, 11, 2, 15, 0, tzinfo=UTC),
        "[Facebook] Paris before": dt.datetime(2026, 3, 28, 8, 0, tzinfo=UTC),  # CET
        "[Facebook] Paris after": dt.datetime(2026, 3, 30, 7, 0, tzinfo=UTC),  # CEST
        "[Facebook] Sydney before": dt.datetime(2026, 4, 3, 22, 0, tzinfo=UTC),  # AEDT
        "[Facebook] Sydney after": dt.datetime(2026, 4, 5, 23, 0, tzinfo=UTC),  # AEST
    }
    for summary, instant in expected.items():
        event = events[summary]
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start.astimezone(UTC) == instant, summary
        assert end - start == dt.timedelta(minutes=15)
    assert events["[Facebook] Paris after"]["DTSTART"].params["TZID"] == "Europe/Paris"
    assert "DTSTART;TZID=America/Toronto:20260309T100000\r\n" in exported


def test_all_day_post_is_a_date_with_exclusive_end(exported: str) -> None:
    event = _by_summary(exported)["[Blog] Open house"]
    assert event.decoded("DTSTART") == dt.date(2026, 12, 3)
    assert event.decoded("DTEND") == dt.date(2026, 12, 4)
    assert "DTSTART;VALUE=DATE:20261203\r\n" in exported


def test_status_url_categories_description(exported: str) -> None:
    events = _by_summary(exported)
    assert str(events["[Facebook] Before spring"]["STATUS"]) == "CONFIRMED"
    assert str(events["[Instagram] After spring"]["STATUS"]) == "TENTATIVE"
    assert str(events["[Blog] Open house"]["STATUS"]) == "TENTATIVE"
    assert str(events["[LinkedIn] Before fall"]["STATUS"]) == "CONFIRMED"
    assert str(events["[X] After fall"]["STATUS"]) == "CANCELLED"
    assert str(events["[LinkedIn] Before fall"]["URL"]) == "https://example.org/p/1"
    hostile = events[f"[Facebook] {HOSTILE_TITLE}"]
    assert "CATEGORIES:Facebook,Fall\\, 2026\r\n" in exported
    assert list(hostile["CATEGORIES"].cats) == ["Facebook", "Fall, 2026"]
    description = str(hostile["DESCRIPTION"])
    assert description.startswith(HOSTILE_BODY.strip())
    assert "Note; with, commas" not in exported  # private by default
    assert description.endswith("Link: https://example.org/a?b=1,2;3")


def test_post_notes_leave_only_when_asked(store: Store, planned: dict[str, Post]) -> None:
    first, last = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    private = export_ics(store, first, last, now=NOW)
    shared = export_ics(store, first, last, now=NOW, options=IcsOptions(include_notes=True))
    hostile = f"[Facebook] {HOSTILE_TITLE}"
    assert "Notes:" not in str(_by_summary(private)[hostile]["DESCRIPTION"])
    assert "Notes: Note; with, commas" in str(_by_summary(shared)[hostile]["DESCRIPTION"])


def test_stable_identity_fields(exported: str, planned: dict[str, Post]) -> None:
    event = _by_summary(exported)["[Facebook] Before spring"]
    post = planned["before_spring"]
    assert str(event["UID"]) == post.uid
    assert len(post.uid.encode()) < 200
    assert event.decoded("DTSTAMP") == NOW
    assert event.decoded("LAST-MODIFIED") == post.updated_at
    assert int(event["SEQUENCE"]) == post.sequence


def test_editing_keeps_uid_and_raises_sequence(store: Store) -> None:
    post = store.add_post(PostDraft("Launch", "Facebook", dt.date(2026, 12, 1), dt.time(9)))
    first = export_ics(store, dt.date(2026, 12, 1), dt.date(2026, 12, 31), now=NOW)
    edited = store.update_post(
        post.id, replace(draft_from_post(post), title="Launch!", time=dt.time(11))
    )
    second = export_ics(store, dt.date(2026, 12, 1), dt.date(2026, 12, 31), now=NOW)
    before, after = _events(first)[0], _events(second)[0]
    assert str(before["UID"]) == str(after["UID"]) == post.uid
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert int(after["SEQUENCE"]) == edited.sequence
    assert str(after["SUMMARY"]) == "[Facebook] Launch!"


# ---------------------------------------------------------------- recurrence


def test_series_is_one_rrule_with_exdate_and_override(
    exported: str, planned: dict[str, Post]
) -> None:
    series = planned["series"]
    pieces = [e for e in _events(exported) if str(e["UID"]) == series.uid]
    master = next(e for e in pieces if "RRULE" in e)
    override = next(e for e in pieces if "RECURRENCE-ID" in e)
    rule = re.search(r"RRULE:(FREQ=WEEKLY.*)\r\n", exported)
    assert rule and "UNTIL=20261223T045959Z" in rule[1]  # end of 22 Dec, Toronto, in UTC
    assert [d.dt for d in master["EXDATE"].dts] == [dt.datetime(2026, 10, 13, 9, tzinfo=TORONTO)]
    assert override.decoded("RECURRENCE-ID") == dt.datetime(2026, 10, 20, 9, tzinfo=TORONTO)
    assert override.decoded("DTSTART") == dt.datetime(2026, 10, 21, 14, tzinfo=TORONTO)
    assert int(override["SEQUENCE"]) >= int(master["SEQUENCE"])


def test_recurring_ical_events_expands_the_series(exported: str) -> None:
    calendar = icalendar.Calendar.from_ical(exported)
    found = recurring_ical_events.of(calendar).between(dt.date(2026, 10, 1), dt.date(2027, 1, 31))
    weekly = sorted(
        e.decoded("DTSTART").astimezone(TORONTO).replace(tzinfo=None)
        for e in found
        if "Weekly tips" in str(e["SUMMARY"])
    )
    expected = [dt.datetime(2026, 10, 6, 9), dt.datetime(2026, 10, 21, 14)]
    day = dt.date(2026, 10, 27)
    while day <= dt.date(2026, 12, 22):
        expected.append(dt.datetime.combine(day, dt.time(9)))
        day += dt.timedelta(days=7)
    assert weekly == expected  # 13 Oct skipped, 20 Oct moved, 09:00 kept after the DST change


def test_vobject_reads_times_and_hostile_text(exported: str) -> None:
    calendar = vobject.readOne(exported)
    events = {e.summary.value: e for e in calendar.vevent_list if not hasattr(e, "recurrence_id")}
    hostile = events[f"[Facebook] {HOSTILE_TITLE}"]
    assert hostile.description.value.startswith(HOSTILE_BODY.strip())
    assert hostile.dtstart.value.astimezone(UTC) == dt.datetime(2026, 11, 24, 15, tzinfo=UTC)
    after = events["[Facebook] Sydney after"]
    assert after.dtstart.value.astimezone(UTC) == dt.datetime(2026, 4, 5, 23, tzinfo=UTC)
    before = events["[Instagram] After spring"]
    assert before.dtstart.value.utcoffset() == dt.timedelta(hours=-4)


# ---------------------------------------------------------------- VTIMEZONE


@pytest.mark.parametrize(
    ("zone", "years"),
    [
        ("America/Toronto", (2026, 2027)),
        ("Europe/Paris", (2026, 2028)),
        ("Australia/Sydney", (2026, 2027)),
        ("America/Santiago", (2026, 2027)),
        ("Europe/Dublin", (2026, 2027)),
    ],
)
def test_vtimezone_has_yearly_rules_matching_tzdata(zone: str, years: tuple[int, int]) -> None:
    lines = vtimezone_lines(zone, *years)
    text = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:t", *lines, "END:VCALENDAR"])
    assert "RDATE" not in text
    component = icalendar.Calendar.from_ical(text).walk("VTIMEZONE")[0]
    kinds = [c.name for c in component.subcomponents]
    assert sorted(kinds) == ["DAYLIGHT", "STANDARD"]
    for sub in component.subcomponents:
        rule = sub["RRULE"]
        assert rule["FREQ"] == ["YEARLY"] and "BYMONTH" in rule and "BYDAY" in rule
    built = component.to_tz(lookup_tzid=False)
    parsed_by_dateutil = dateutil_tz.tzical(__import__("io").StringIO(text)).get()
    real = ZoneInfo(zone)
    moment = dt.datetime(years[0], 1, 1, tzinfo=UTC)
    while moment.year <= years[1]:
        expected = moment.astimezone(real).utcoffset()
        wall = moment.astimezone(real).replace(tzinfo=None)
        assert moment.astimezone(built).utcoffset() == expected, (zone, moment)
        if not (wall.replace(tzinfo=real).fold or _ambiguous(wall, real)):
            assert wall.replace(tzinfo=parsed_by_dateutil).utcoffset() == expected, (zone, wall)
        moment += dt.timedelta(hours=7)


def _ambiguous(wall: dt.datetime, zone: ZoneInfo) -> bool:
    return (
        wall.replace(tzinfo=zone, fold=0).utcoffset()
        != wall.replace(tzinfo=zone, fold=1).utcoffset()
    )


def test_zone_without_dst_gets_one_standard() -> None:
    lines = vtimezone_lines("Asia/Tokyo", 2026, 2027)
    assert lines.count("BEGIN:STANDARD") == 1 and "BEGIN:DAYLIGHT" not in lines
    assert "TZOFFSETTO:+0900" in lines


def test_every_tzid_used_has_a_vtimezone(exported: str) -> None:
    used = set(re.findall(r";TZID=([^:;]+)", exported))
    defined = set(re.findall(r"\r\nTZID:(.+?)\r\n", exported))
    assert used == defined == {"America/Toronto", "Europe/Paris", "Australia/Sydney"}


# ---------------------------------------------------------------- text rules


def test_escaping_and_control_characters() -> None:
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    assert escape_text("bell\x07 nul\x00 esc\x1b crlf\r\nend\x7f") == "bell nul esc crlf\\nend"


def test_folding_never_splits_a_character() -> None:
    for text in ("é" * 200, "🎉" * 100, "a" + "€" * 100, "x" * 300):
        folded = fold_line("DESCRIPTION:" + text)
        parts = folded.encode().split(b"\r\n")
        assert all(len(p) <= 75 for p in parts)
        for part in parts:
            part.decode("utf-8")
        assert folded.replace("\r\n ", "") == "DESCRIPTION:" + text


def _post(**changes: object) -> Post:
    base = Post(
        id=1,
        uid="11111111-2222-3333-4444-555555555555@calepin",
        title="Title",
        platform="Facebook",
        status=Status.SCHEDULED,
        date=dt.date(2026, 12, 1),
        time=dt.time(10),
        timezone="America/Toronto",
        created_at=dt.datetime(2026, 11, 1, 12, tzinfo=UTC),
        updated_at=dt.datetime(2026, 11, 2, 12, tzinfo=UTC),
    )
    return replace(base, **changes)


def test_control_characters_in_models_are_removed_and_file_parses() -> None:
    post = _post(title="Tab\there", body="bell\x07\x1b[31mred\r\nnext\u2028line" + "🎉é," * 1500)
    text = render_ics([post], now=NOW)
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)
    event = _events(text)[0]
    assert str(event["SUMMARY"]) == "[Facebook] Tab here"
    assert str(event["DESCRIPTION"]).startswith("bell[31mred\nnextline🎉é,")


# ---------------------------------------------------------------- options


def test_filters_and_calendar_name(store: Store, planned: dict[str, Post]) -> None:
    first, last = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    only_fb = export_ics(
        store,
        first,
        last,
        now=NOW,
        platforms=["facebook"],
        options=IcsOptions("America/Toronto", calendar_name=None),
    )
    assert {str(e["SUMMARY"]).split("]")[0] for e in _events(only_fb)} == {"[Facebook"}
    assert "X-WR-CALNAME" not in only_fb
    scheduled = export_ics(store, first, last, now=NOW, statuses=["scheduled"])
    assert sorted(str(e["SUMMARY"]) for e in _events(scheduled) if "RECURRENCE-ID" not in e) == [
        "[Facebook] Before spring",
        "[Newsletter] Weekly tips",
    ]
    fall = export_ics(store, first, last, now=NOW, campaign="fall, 2026")
    assert [str(e["SUMMARY"]) for e in _events(fall)] == [f"[Facebook] {HOSTILE_TITLE}"]
    march = export_ics(store, dt.date(2026, 3, 1), dt.date(2026, 3, 31), now=NOW)
    assert len(_events(march)) == 4
    # a series that began before the period still comes when it has occurrences in it
    december = export_ics(store, dt.date(2026, 12, 10), dt.date(2026, 12, 31), now=NOW)
    assert "[Newsletter] Weekly tips" in {str(e["SUMMARY"]) for e in _events(december)}


def test_prep_blocks_end_with_the_working_day_before(store: Store) -> None:
    monday = store.add_post(
        PostDraft("Reel", "Instagram", dt.date(2026, 11, 30), dt.time(10), estimate_minutes=90)
    )
    store.add_post(PostDraft("No estimate", "Instagram", dt.date(2026, 12, 2), dt.time(10)))
    text = export_ics(
        store,
        dt.date(2026, 11, 23),
        dt.date(2026, 12, 31),
        now=NOW,
        options=IcsOptions("America/Toronto", with_prep=True),
    )
    preps = [e for e in _events(text) if str(e["SUMMARY"]).startswith("Prep · ")]
    assert len(preps) == 1
    prep = preps[0]
    assert str(prep["SUMMARY"]) == "Prep · [Instagram] Reel"
    assert prep.decoded("DTSTART") == dt.datetime(2026, 11, 27, 15, 30, tzinfo=TORONTO)  # Friday
    assert prep.decoded("DTEND") == dt.datetime(2026, 11, 27, 17, tzinfo=TORONTO)
    assert str(prep["UID"]) != monday.uid


def test_logged_time_as_events(store: Store) -> None:
    from storage import EntryDraft

    start = dt.datetime(2026, 11, 20, 9, tzinfo=TORONTO)
    store.add_entry(
        EntryDraft("social media", start, start + dt.timedelta(hours=1), "engage", "replied, fast")
    )
    text = export_ics(
        store,
        dt.date(2026, 11, 1),
        dt.date(2026, 11, 30),
        now=NOW,
        options=IcsOptions("America/Toronto", with_time=True),
    )
    (event,) = _events(text)
    assert str(event["SUMMARY"]) == "social media · engage"  # the note is private
    assert "replied" not in text
    assert event.decoded("DTSTART") == start
    text = export_ics(
        store,
        dt.date(2026, 11, 1),
        dt.date(2026, 11, 30),
        now=NOW,
        options=IcsOptions("America/Toronto", with_time=True, include_notes=True),
    )
    (event,) = _events(text)
    assert str(event["SUMMARY"]) == "social media · engage: replied, fast"


def test_deterministic_with_injected_clock(store: Store, planned: dict[str, Post]) -> None:
    one = export_ics(store, dt.date(2026, 1, 1), dt.date(2026, 12, 31), now=NOW)
    two = export_ics(store, dt.date(2026, 1, 1), dt.date(2026, 12, 31), now=NOW)
    assert one == two


# ---------------------------------------------------------------- golden file


def _golden_posts() -> tuple[list[Post], dict[int, list[Post]], list[TimeEntry]]:
    series = _post(
        id=3, uid="series-3@calepin", title="Weekly tips", platform="Newsletter",
        date=dt.date(2026, 10, 27), time=dt.time(9), rrule="FREQ=WEEKLY;UNTIL=20261215",
        skipped_dates=(dt.date(2026, 11, 10),), sequence=2, estimate_minutes=60,
    )  # fmt: skip
    moved = _post(
        id=4, uid="override-4@calepin", title="Weekly tips (special)", platform="Newsletter",
        date=dt.date(2026, 11, 18), time=dt.time(13, 30), recurrence_of=3,
        recurrence_date=dt.date(2026, 11, 17), sequence=1,
    )  # fmt: skip
    posts = [
        _post(),
        _post(id=2, uid="allday-2@calepin", title="Open house; all day", platform="Blog",
              time=None, date=dt.date(2026, 12, 3), status=Status.IDEA, campaign="Holidays, 2026",
              body="Doors open at 10, coffee & ☕.\nBring friends!", notes="Room 2",
              link="https://example.org/open", sequence=4),
        series,
        _post(id=5, uid="paris-5@calepin", title="Bonjour", timezone="Europe/Paris",
              date=dt.date(2026, 3, 29), time=dt.time(9), status=Status.PUBLISHED,
              published_url="https://example.org/p/5"),
    ]  # fmt: skip
    entry = TimeEntry(
        id=7, duty="meetings", start=dt.datetime(2026, 11, 20, 14, tzinfo=UTC),
        end=dt.datetime(2026, 11, 20, 15, tzinfo=UTC), note="Comité",
    )  # fmt: skip
    return posts, {3: [moved]}, [entry]


def test_golden_file() -> None:
    posts, overrides, entries = _golden_posts()
    options = IcsOptions("America/Toronto", with_prep=True, with_time=True)
    text = render_ics(
        posts, now=NOW, options=options, overrides=overrides, entries=entries,
        first=dt.date(2026, 11, 1), last=dt.date(2026, 12, 31),
    )  # fmt: skip
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_bytes(text.encode("utf-8"))
    assert text.encode("utf-8") == GOLDEN.read_bytes()
    # posts, the override, prep blocks (5 occurrences with an estimate), logged time
    assert len(_events(text)) == 4 + 1 + 5 + 1


# ---------------------------------------------------------------- CLI


def test_cli_export_ics(
    db_path: Path, store: Store, planned: dict[str, Post], tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from tui.cli import cli

    store.close()
    runner = CliRunner()
    base = ["--db", str(db_path), "--now", "2026-11-23T15:00"]
    out = tmp_path / "cal.ics"
    result = runner.invoke(
        cli, [*base, "export", "ics", "--from", "2026-01-01", "--to", "2026-12-31", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert len(_events(out.read_text(encoding="utf-8"))) == 12
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    default = runner.invoke(cli, [*base, "export", "ics", "--platform", "blog"])
    assert default.exit_code == 0
    # from today, six months: the all-day post of 3 Dec and the series (weekly until 22 Dec)
    assert [str(e["SUMMARY"]) for e in _events(default.stdout)] == ["[Blog] Open house"]
    bad = runner.invoke(cli, [*base, "export", "ics", "--platform", "myspace"])
    assert bad.exit_code == 1
    assert bad.stderr.startswith("Error: unknown platform 'myspace'")
