"""Export profiles (`--for outlook|google|generic`): calendar name, all-day marks, and a
Google export over 1 MB split by year with every series whole in one file. Parsed back."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner

from exporters.ics import IcsOptions, export_ics, export_ics_parts
from exporters.ics_profiles import GOOGLE_LIMIT, PROFILE_SETTING, part_path, saved_profile
from storage import PostDraft, Store
from tui.cli import cli

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 23, 20, 0, tzinfo=UTC)
ZONE = "America/Toronto"
FIRST, LAST = dt.date(2026, 1, 1), dt.date(2028, 12, 31)
# Each post's copy makes its event about 3.5 kB, so 330 posts write more than 1 MB.
LONG_BODY = "Des nouvelles du quartier, été comme hiver. " * 75


def _events(text: str) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


def _keys(text: str) -> set[tuple[str, str]]:
    found = set()
    for event in _events(text):
        rid = event.get("RECURRENCE-ID")
        found.add((str(event["UID"]), rid.to_ical().decode() if rid else ""))
    return found


@pytest.fixture
def small(store: Store) -> Store:
    store.add_post(PostDraft("Open house", "Blog", dt.date(2026, 12, 3)))
    store.add_post(PostDraft("Launch", "Facebook", dt.date(2026, 12, 4), dt.time(10)))
    series = store.add_post(
        PostDraft("Friday roundup", "Blog", dt.date(2026, 12, 4), rrule="FREQ=WEEKLY;COUNT=4")
    )
    store.move_occurrence(series.id, dt.date(2026, 12, 11), dt.date(2026, 12, 12), None)
    return store


def _export(store: Store, profile: str, **options: object) -> str:
    return export_ics(
        store,
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 31),
        now=NOW,
        options=IcsOptions(ZONE, profile=profile, **options),  # type: ignore[arg-type]
    )


def test_outlook_leaves_out_the_calendar_name_and_marks_all_day_posts(small: Store) -> None:
    text = _export(small, "outlook")
    head = text.split("BEGIN:VEVENT")[0]
    assert "X-WR-CALNAME" not in head and "X-WR-TIMEZONE" not in head
    events = _events(text)
    all_day = [e for e in events if not isinstance(e.decoded("DTSTART"), dt.datetime)]
    timed = [e for e in events if isinstance(e.decoded("DTSTART"), dt.datetime)]
    # the single all-day post, the all-day series and its moved date
    assert len(all_day) == 3 and len(timed) == 1
    for event in all_day:
        assert event["X-MICROSOFT-CDO-ALLDAYEVENT"] == "TRUE"
        assert event.decoded("DTEND") == event.decoded("DTSTART") + dt.timedelta(days=1)
    assert "X-MICROSOFT-CDO-ALLDAYEVENT" not in timed[0]


@pytest.mark.parametrize("profile", ["generic", "google"])
def test_generic_and_google_keep_the_name_and_write_dates(small: Store, profile: str) -> None:
    text = _export(small, profile)
    assert "X-WR-CALNAME:Calepin\r\n" in text
    assert f"X-WR-TIMEZONE:{ZONE}\r\n" in text
    assert "X-MICROSOFT" not in text
    open_house = next(e for e in _events(text) if "Open house" in str(e["SUMMARY"]))
    assert open_house.decoded("DTSTART") == dt.date(2026, 12, 3)
    assert open_house.decoded("DTEND") == dt.date(2026, 12, 4)


def test_a_partial_export_names_no_calendar_whatever_the_profile(small: Store) -> None:
    for profile in ("generic", "google", "outlook"):
        assert "X-WR-CALNAME" not in _export(small, profile, calendar_name=None)


# ---------------------------------------------------------------- Google: split by year


@pytest.fixture(scope="module")
def large_file(tmp_path_factory: pytest.TempPathFactory, new_database: Path) -> Path:
    """Three years of posts, over 1 MB, with a series started in 2026 whose changed and
    deleted dates fall in 2027 and 2028, and a deleted post (a tombstone) in 2027. Written
    once and copied per test: its 360 posts were most of each test's CPU."""
    path = tmp_path_factory.mktemp("large") / "calepin.db"
    shutil.copy(new_database, path)
    with Store.open(path, zone_name=ZONE) as store:
        _fill(store)
    assert [p.name for p in path.parent.iterdir()] == [path.name], "left beside the file"
    return path


@pytest.fixture
def large(db_path: Path, large_file: Path) -> Iterator[Store]:
    shutil.copy(large_file, db_path)
    with Store.open(db_path, zone_name=ZONE) as opened:
        yield opened


def _fill(store: Store) -> None:
    day = dt.date(2026, 1, 5)
    while day <= dt.date(2028, 12, 20):
        store.add_post(PostDraft(f"Post {day}", "Facebook", day, dt.time(10), body=LONG_BODY))
        day += dt.timedelta(days=3)
    series = store.add_post(
        PostDraft(
            "Monthly letter",
            "Newsletter",
            dt.date(2026, 11, 3),
            dt.time(9),
            rrule="FREQ=MONTHLY;UNTIL=20281231",
            estimate_minutes=60,
        )
    )
    store.move_occurrence(series.id, dt.date(2027, 3, 3), dt.date(2027, 3, 4), dt.time(14))
    moved = store.move_occurrence(series.id, dt.date(2028, 5, 3), dt.date(2028, 5, 5), None)
    store.delete_post(moved.id)  # a cancelled instance (RECURRENCE-ID) in 2028
    gone = store.add_post(PostDraft("Gone", "Blog", dt.date(2027, 6, 1), dt.time(11)))
    store.delete_post(gone.id)


def _parts(store: Store, profile: str = "google", **options: object) -> list:
    return export_ics_parts(
        store,
        FIRST,
        LAST,
        now=NOW,
        options=IcsOptions(ZONE, profile=profile, **options),  # type: ignore[arg-type]
    )


def test_google_splits_a_large_export_by_year(large: Store) -> None:
    whole = export_ics(large, FIRST, LAST, now=NOW, options=IcsOptions(ZONE, profile="google"))
    assert len(whole.encode()) > GOOGLE_LIMIT
    parts = _parts(large, with_prep=True)
    assert [p.year for p in parts] == [2026, 2027, 2028]
    keys: set[tuple[str, str]] = set()
    for part in parts:
        assert part.size <= GOOGLE_LIMIT
        assert part.text.startswith("BEGIN:VCALENDAR\r\n") and part.text.endswith(
            "END:VCALENDAR\r\n"
        )
        assert "X-WR-CALNAME:Calepin\r\n" in part.text
        calendar = icalendar.Calendar.from_ical(part.text)
        assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == [ZONE]
        events = calendar.walk("VEVENT")
        assert len(events) == part.events
        part_keys = _keys(part.text)
        assert not keys & part_keys  # no event twice
        keys |= part_keys
        # every instance sits with its series
        masters = {uid for uid, rid in part_keys if not rid}
        assert {uid for uid, rid in part_keys if rid} <= masters
    assert keys == _keys(
        export_ics(
            large, FIRST, LAST, now=NOW, options=IcsOptions(ZONE, profile="google", with_prep=True)
        )
    )


def test_a_series_goes_whole_into_the_file_of_its_first_year(large: Store) -> None:
    parts = {p.year: p for p in _parts(large)}
    letter = [e for e in _events(parts[2026].text) if "Monthly letter" in str(e["SUMMARY"])]
    instances = {
        e.decoded("RECURRENCE-ID").date(): str(e["STATUS"]) for e in letter if "RECURRENCE-ID" in e
    }
    assert instances == {dt.date(2027, 3, 3): "TENTATIVE", dt.date(2028, 5, 3): "CANCELLED"}
    assert "Monthly letter" not in parts[2027].text + parts[2028].text
    # the deleted post's cancellation goes by its own date
    gone = [e for e in _events(parts[2027].text) if "Gone" in str(e["SUMMARY"])]
    assert [str(e["STATUS"]) for e in gone] == ["CANCELLED"]


def test_other_profiles_stay_one_file(large: Store) -> None:
    assert [p.year for p in _parts(large, "generic")] == [None]
    assert [p.year for p in _parts(large, "outlook")] == [None]


def test_google_under_the_limit_stays_one_file(small: Store) -> None:
    assert [p.year for p in _parts(small)] == [None]


def test_part_names() -> None:
    assert part_path(Path("/x/posts.ics"), 2027) == Path("/x/posts-2027.ics")
    assert part_path(Path("/x/posts"), 2027) == Path("/x/posts-2027.ics")
    assert part_path(Path("/x/posts.ics"), None) == Path("/x/posts.ics")


# ---------------------------------------------------------------- the command line


def _cli(db_path: Path, *args: str) -> object:
    result = CliRunner().invoke(cli, ["--db", str(db_path), "--now", "2026-11-23T15:00", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def test_cli_for_google_writes_one_file_per_year(
    large: Store, db_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "posts.ics"
    result = _cli(
        db_path, "export", "ics", "--for", "google", "--from", "2026-01-01", "--to", "2028-12-31",
        "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    written = sorted(tmp_path.glob("posts*.ics"))
    assert [p.name for p in written] == ["posts-2026.ics", "posts-2027.ics", "posts-2028.ics"]
    assert "split by year into 3 files" in result.stderr
    for path in written:
        assert f"to {path}" in result.stderr
        assert len(path.read_bytes()) <= GOOGLE_LIMIT
        icalendar.Calendar.from_ical(path.read_bytes())
    assert saved_profile(large) == "google"


def test_cli_remembers_the_client(small: Store, db_path: Path, tmp_path: Path) -> None:
    assert (
        _cli(db_path, "export", "ics", "--for", "outlook", "-o", str(tmp_path / "a.ics")).exit_code
        == 0
    )
    result = _cli(db_path, "export", "ics", "--from", "2026-12-01", "--to", "2026-12-31")
    assert result.exit_code == 0
    assert "X-WR-CALNAME" not in result.stdout
    assert "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE" in result.stdout
    assert small.setting(PROFILE_SETTING) == "outlook"
    result = _cli(db_path, "export", "ics", "--for", "Generic", "--from", "2026-12-01")
    assert "X-WR-CALNAME:Calepin" in result.stdout
    refused = _cli(db_path, "export", "ics", "--for", "thunderbird")
    assert refused.exit_code != 0 and "thunderbird" in refused.output


def test_cli_google_to_stdout_warns_instead_of_splitting(large: Store, db_path: Path) -> None:
    result = _cli(
        db_path, "export", "ics", "--for", "google", "--from", "2026-01-01", "--to", "2028-12-31"
    )
    assert result.exit_code == 0
    assert result.stdout.count("BEGIN:VCALENDAR") == 1
    assert "over 1 MB" in result.stderr and "-o FILE" in result.stderr
