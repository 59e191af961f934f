"""Hostile and broken .ics files: bounded work, the rest imported, every skip named."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporters.ics_import import FILE_CAP, SERIES_CAP, import_meetings
from storage import CalepinError, Store
from storage.portable import dump_tables

NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC)


def _event(uid: str, start: str, end: str | None = "", summary: str = "", *extra: str) -> str:
    lines = ["BEGIN:VEVENT", f"UID:{uid}", f"SUMMARY:{summary or uid}", f"DTSTART:{start}"]
    if end is not None:
        lines.append(f"DTEND:{end or start[:9] + '11' + start[11:]}")
    return "\r\n".join([*lines, *extra, "END:VEVENT"])


def _calendar(*events: str) -> str:
    return "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", *events, "END:VCALENDAR", ""])


def test_secondly_rule_without_end_stops_at_the_series_cap(store: Store) -> None:
    text = _calendar(
        _event("flood", "20261101T100000Z", "20261101T100001Z", "Flood", "RRULE:FREQ=SECONDLY")
    )
    result = import_meetings(store, text, now=NOW)
    assert result.imported == SERIES_CAP
    assert len(store.all_entries()) == SERIES_CAP
    assert "1 series cut at the repeat cap" in result.summary()
    assert any("“Flood” (UID flood)" in n and "2,000" in n for n in result.notes)


def test_many_series_stop_at_the_file_cap(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import exporters.ics_import as ics_import

    monkeypatch.setattr(ics_import, "FILE_CAP", 300)
    events = [
        _event(f"s{i}", f"202610{1 + i:02d}T{i:02d}3000Z", None, f"S{i}", "RRULE:FREQ=DAILY")
        for i in range(8)
    ]
    result = import_meetings(store, _calendar(*events), now=NOW, dry_run=True)
    assert result.imported + result.skipped["not over yet"] <= 300
    assert result.skipped["beyond the file cap"] >= 1
    assert any("300" in n for n in result.notes)


def test_frequent_rule_from_long_ago_is_refused_not_walked(store: Store) -> None:
    text = _calendar(_event("old", "20000101T100000Z", None, "Old flood", "RRULE:FREQ=SECONDLY"))
    result = import_meetings(store, text, first=dt.date(2026, 1, 1), now=NOW)
    assert result.imported == 0
    assert result.skipped["repeats too often"] == 1
    assert any("“Old flood” (UID old)" in n for n in result.notes)


@pytest.mark.parametrize("frequency", ["SECONDLY", "MINUTELY", "HOURLY"])
@pytest.mark.parametrize("start", ["20261102", "VALUE=DATE:20261102"])
def test_a_whole_day_repeating_within_the_day_is_all_day_not_endless(
    store: Store, frequency: str, start: str
) -> None:
    # Found by the fuzz test: recurring_ical_events never finished expanding it.
    event = _event("d", start, start, "Day flood", f"RRULE:FREQ={frequency}")
    text = _calendar(
        event.replace("DTSTART:VALUE=DATE:", "DTSTART;VALUE=DATE:").replace(
            "DTEND:VALUE=DATE:", "DTEND;VALUE=DATE:"
        )
    )
    result = import_meetings(store, text, now=NOW)
    assert result.imported == 0
    assert result.skipped["all-day"] == 1
    assert store.all_entries() == []


def test_one_bad_date_skips_that_event_only(store: Store) -> None:
    text = _calendar(
        _event("good", "20261102T100000Z"),
        _event("bad", "20261345T100000Z", None, "Broken date"),
        _event("good2", "20261103T100000Z"),
    )
    result = import_meetings(store, text, now=NOW)
    assert result.imported == 2
    assert "1 unreadable" in result.summary()
    assert any("“Broken date” (UID bad)" in n and "DTSTART" in n for n in result.notes)


def test_malformed_rule_keeps_what_can_be_read(store: Store) -> None:
    events = [
        _event(
            f"x{i}",
            f"202610{1 + i:02d}T{8 + i % 8:02d}0000Z",
            None,
            f"Exchange {i}",
            "DURATION:PT30M",
            "RRULE:FREQ=WEEKLY;BYDAY=XX;COUNT=3" if i < 7 else "RRULE:FREQ=FOO;COUNT=3",
        )
        for i in range(14)
    ]
    result = import_meetings(store, _calendar(*events), now=NOW, dry_run=True)
    # BYDAY=XX is left out (the weekly rule stays); FREQ=FOO cannot repeat: first date kept.
    assert result.imported + result.skipped["overlaps an entry"] == 7 * 3 + 7
    assert sum("partly unreadable" in n for n in result.notes) == 7
    assert sum("kept the first date only" in n for n in result.notes) == 7
    assert any("“Exchange 9” (UID x9)" in n for n in result.notes)


def test_this_and_future_change_applies_to_later_occurrences(store: Store) -> None:
    text = _calendar(
        _event("w", "20260105T150000Z", "20260105T160000Z", "Weekly", "RRULE:FREQ=WEEKLY;COUNT=10"),
        _event(
            "w",
            "20260119T190000Z",
            "20260119T200000Z",
            "Weekly moved",
            "RECURRENCE-ID;RANGE=THISANDFUTURE:20260119T150000Z",
        ),
    )
    result = import_meetings(store, text, now=NOW)
    assert result.imported == 10
    assert sum(result.skipped.values()) == 0
    entries = sorted(store.all_entries(), key=lambda e: e.start)
    assert [e.start.astimezone(dt.UTC).hour for e in entries] == [15, 15] + [19] * 8
    assert len({e.external_uid for e in entries}) == 10
    again = import_meetings(store, text, now=NOW)
    assert (again.imported, again.present) == (0, 10)


def test_events_without_a_calendar_wrapper(store: Store) -> None:
    text = _event("a", "20261102T100000Z") + "\r\n" + _event("b", "20261103T100000Z")
    result = import_meetings(store, text, now=NOW)
    assert result.imported == 2


def test_end_before_start_is_labelled(store: Store) -> None:
    text = _calendar(
        _event("back", "20261102T100000Z", "20261102T090000Z", "Backwards"),
        _event("ok", "20261103T100000Z"),
    )
    result = import_meetings(store, text, now=NOW)
    assert result.imported == 1
    assert "1 ends before it starts" in result.summary()
    assert any("“Backwards” (UID back)" in n and "ends before" in n for n in result.notes)


def test_years_out_of_range_are_skipped(store: Store) -> None:
    text = _calendar(
        _event("y1", "00010101T100000Z", None, "Year one"),
        _event("y0", "00000101T100000Z", None, "Year zero"),
        _event("y1800", "18000101T100000Z", None, "Old"),
        _event("ok", "20261103T100000Z"),
    )
    result = import_meetings(store, text, now=NOW)
    assert result.imported == 1
    assert result.skipped["year before 1900 or after 9999"] == 3
    assert any("“Year one” (UID y1)" in n for n in result.notes)


def test_cli_prints_every_skip_and_its_event(db_path: Path, store: Store) -> None:
    from click.testing import CliRunner

    from tui.cli.main import cli

    ics = db_path.parent / "bad.ics"
    ics.write_text(
        _calendar(
            _event("bad", "20261345T100000Z", None, "Broken date"),
            _event("ok", "20261103T100000Z"),
        )
    )
    store.close()
    out = CliRunner().invoke(cli, ["--db", str(db_path), "import", "ics", str(ics)])
    assert out.exit_code == 0, out.output
    assert "skipped 1 (1 unreadable)" in out.output
    assert "“Broken date” (UID bad)" in out.output


# --- fuzzing -----------------------------------------------------------------------------

_DATES = st.one_of(
    st.sampled_from(
        [
            "20261102T100000Z",
            "20261102T100000",
            "20261102",
            "00010101T000000Z",
            "99991231T235959Z",
            "20261345T100000Z",
            "2026-11-02",
            "",
            "garbage",
            "18991231T230000Z",
        ]
    ),
    st.text(alphabet="0123456789TZ-:", max_size=18),
)
_RULES = st.one_of(
    st.sampled_from(
        [
            "FREQ=SECONDLY",
            "FREQ=MINUTELY;INTERVAL=0",
            "FREQ=DAILY;COUNT=5",
            "FREQ=WEEKLY;BYDAY=XX",
            "FREQ=WEEKLY;UNTIL=20261301",
            "FREQ=YEARLY;BYMONTH=13",
            "FREQ=MONTHLY;BYSETPOS=-1;BYDAY=MO,TU",
            "COUNT=3",
            "FREQ=HOURLY;COUNT=5;UNTIL=20261201T000000Z",
        ]
    ),
    st.text(alphabet="FREQ=;DAILYWKBYCOUNT0123456789,-", max_size=30),
)
_GARBAGE = st.one_of(
    st.sampled_from(
        [
            "BEGIN:VALARM",
            "END:VALARM",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "END:VCALENDAR",
            "DTSTART;TZID=Nowhere/Zone:20261102T100000",
            "RECURRENCE-ID;RANGE=THISANDFUTURE:20261102T100000Z",
            "EXDATE:notadate",
            "RDATE;VALUE=PERIOD:20261102T100000Z/20261102T090000Z",
            "DURATION:P-1D",
            "DURATION:bogus",
            " folded",
            ":",
            "X-WR-TIMEZONE:Mars/Base",
        ]
    ),
    st.text(max_size=30),
)


@st.composite
def _ics(draw: st.DrawFn) -> str:
    events = []
    for i in range(draw(st.integers(0, 4))):
        lines = ["BEGIN:VEVENT", f"UID:u{draw(st.integers(0, 2))}"]
        lines.append(f"SUMMARY:fuzz {i}")
        if draw(st.booleans()):
            lines.append(f"DTSTART:{draw(_DATES)}")
        if draw(st.booleans()):
            lines.append(f"DTEND:{draw(_DATES)}")
        if draw(st.booleans()):
            lines.append(f"RRULE:{draw(_RULES)}")
        lines += draw(st.lists(_GARBAGE, max_size=3))
        if draw(st.booleans()):
            lines.append("END:VEVENT")
        events.append("\r\n".join(lines))
    body = "\r\n".join(events)
    if draw(st.booleans()):
        body = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{body}\r\nEND:VCALENDAR"
    return body + "\r\n"


@pytest.fixture(scope="module")
def fuzz_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tmp_path_factory's, not tempfile's: in RAM where tests/conftest.py found room."""
    return tmp_path_factory.mktemp("fuzz")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_ics(), dry_run=st.booleans())
def test_fuzzed_ics_never_crashes_and_refusals_change_nothing(
    fuzz_folder: Path, new_database: Path, text: str, dry_run: bool
) -> None:
    # Each example on a copy of a new database: building the schema anew was half the CPU.
    with tempfile.TemporaryDirectory(dir=fuzz_folder) as folder:
        path = Path(folder) / "fuzz.db"
        shutil.copy(new_database, path)
        with Store.open(path, zone_name="America/Toronto") as store:
            _import_fuzzed(store, text, dry_run)


def _import_fuzzed(store: Store, text: str, dry_run: bool) -> None:
    before = dump_tables(store)
    try:
        result = import_meetings(store, text, now=NOW, dry_run=dry_run)
    except CalepinError:
        assert dump_tables(store) == before
        return
    assert result.imported <= FILE_CAP
    if dry_run or not result.imported:
        assert dump_tables(store) == before
    summary = result.summary()
    assert str(sum(result.skipped.values())) in summary
