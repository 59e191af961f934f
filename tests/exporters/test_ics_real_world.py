"""Files shaped like each calendar's own export (tests/fixtures/real-*.ics, written by hand from
what Outlook, Google Calendar, Apple Calendar and Thunderbird produce) import as meetings at the
right times, under their titles, once; a later export of the same calendar applies its changes.

- Outlook desktop: Windows zone names with VTIMEZONEs from 1601, CRLF and lines folded at 75
  octets, Exchange UIDs folded, X-ALT-DESC, X-MICROSOFT-* / X-MS-OLK-*, a weekly series with
  an EXDATE and a moved occurrence, all-day events as dates and as midnight to midnight, a
  free and a cancelled one, one UID twice with SEQUENCE 0 and 1 (the older one last).
- Google: X-WR-CALNAME / X-WR-TIMEZONE / X-WR-CALDESC, a Tue–Thu series with EXDATEs, a moved
  and a cancelled occurrence (RECURRENCE-ID), single events in UTC, an all-day holiday.
- Apple: X-APPLE-* (a structured location whose quoted parameters hold commas and colons),
  LF line ends, a floating time, RDATE, RANGE=THISANDFUTURE, an event in Vancouver.
- Thunderbird: X-MOZ-* (inside reminders too), VALARM of every kind, every-other-week and
  weekday series, an EXDATE in UTC, DURATION instead of DTEND, a to-do.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from exporters.ics_import import import_meetings
from storage import Store

FIXTURES = Path(__file__).parents[1] / "fixtures"
TORONTO = ZoneInfo("America/Toronto")
Row = tuple[str, str, str]  # local start "YYYY-MM-DD HH:MM", end "HH:MM", title


def _read(name: str) -> bytes:
    return (FIXTURES / f"real-{name}.ics").read_bytes()


def _rows(store: Store) -> list[Row]:
    rows = []
    for entry in store.all_entries():
        assert entry.end is not None and entry.duty == "meetings"
        start, end = entry.start.astimezone(TORONTO), entry.end.astimezone(TORONTO)
        rows.append((f"{start:%Y-%m-%d %H:%M}", f"{end:%H:%M}", entry.note))
    return sorted(rows)


def _series(title: str, start: str, end: str, days: list[str]) -> list[Row]:
    return [(f"{day} {start}", end, title) for day in days]


OUTLOOK = sorted(
    [
        *_series("Comité de coordination", "09:30", "10:30",
                 ["2026-10-05", "2026-10-19", "2026-11-02", "2026-11-09", "2026-11-16",
                  "2026-11-23"]),  # 12 Oct is an EXDATE; 09:30 before and after the DST change
        ("2026-10-27 13:00", "14:00", "Comité de coordination (déplacé)"),  # from Mon 26
        ("2026-11-10 14:00", "14:45", "Entrevue Radio-Canada"),
        ("2026-11-12 10:00", "11:00", "Call with Berlin partners"),  # 16:00 in Berlin
        ("2026-11-18 15:00", "16:00", "Point presse — budget"),  # SEQUENCE 1 wins over 0
    ]
)  # fmt: skip
GOOGLE = sorted(
    [
        *_series("Stand-up comms", "09:30", "10:00",
                 ["2026-10-06", "2026-10-08", "2026-10-20", "2026-10-27", "2026-10-29",
                  "2026-11-03", "2026-11-10", "2026-11-12", "2026-11-17", "2026-11-19"]),
        ("2026-10-22 13:00", "13:30", "Stand-up comms (après le CA)"),
        ("2026-11-04 11:00", "12:00", "Réunion avec Lyon"),  # 16:00Z: 17:00 in Lyon
        ("2026-11-09 14:00", "14:45", "Entrevue CKRL"),
    ]
)  # fmt: skip
APPLE = sorted(
    [
        *_series("Revue des médias", "08:30", "09:00",
                 ["2026-10-02", "2026-10-09", "2026-10-16", "2026-10-23"]),
        *_series("Revue des médias (nouvelle heure)", "09:00", "09:30",
                 ["2026-10-30", "2026-11-06", "2026-11-13", "2026-11-20"]),  # THISANDFUTURE
        *_series("Conseil d'administration", "18:00", "20:00", ["2026-10-08", "2026-11-12"]),
        ("2026-11-05 12:00", "13:00", "Webinaire Vancouver"),  # 09:00 in Vancouver
        ("2026-11-17 13:00", "15:00", "Tournage vidéo"),  # floating: X-WR-TIMEZONE
    ]
)  # fmt: skip
THUNDERBIRD = sorted(
    [
        *_series("Infolettre — rédaction", "13:30", "15:00", ["2026-11-03", "2026-11-17"]),
        *_series("Veille médias", "08:30", "08:45",
                 ["2026-11-09", "2026-11-10", "2026-11-12", "2026-11-13"]),  # 11th: EXDATE
        ("2026-11-06 10:00", "11:30", "Rencontre partenaires"),
        ("2026-11-16 11:00", "11:45", "Appel CDÉC"),  # DURATION:PT45M
    ]
)  # fmt: skip


@pytest.mark.parametrize(
    ("name", "expected", "skipped"),
    [
        # Two all-day events: one as dates, one midnight to midnight with ALLDAYEVENT.
        ("outlook-desktop", OUTLOOK,
         {"all-day": 2, "cancelled": 1, "free": 1, "not yet held": 1}),
        ("google-calendar", GOOGLE, {"all-day": 1, "cancelled": 1}),
        ("apple-calendar", APPLE, {"all-day": 1}),
        ("thunderbird", THUNDERBIRD, {}),
    ],
)  # fmt: skip
def test_each_clients_export_imports_once_at_the_right_times(
    store: Store, now: dt.datetime, name: str, expected: list[Row], skipped: dict[str, int]
) -> None:
    data = _read(name)
    result = import_meetings(store, data, now=now)
    assert _rows(store) == expected
    assert result.imported == len(expected)
    assert dict(result.skipped) == skipped
    assert not result.overlaps and not result.notes
    token = store.change_token()
    again = import_meetings(store, data, now=now)
    assert (again.imported, again.unchanged, again.moved, again.removals) == (
        0,
        len(expected),
        0,
        [],
    )
    assert _rows(store) == expected and store.change_token() == token


def test_outlook_windows_zones_take_the_quick_reader() -> None:
    from exporters.ics_fast import presplit

    _rest, quick = presplit(_read("outlook-desktop"))
    titles = {str(e["SUMMARY"]) for e in quick}
    assert {"Entrevue Radio-Canada", "Call with Berlin partners", "Journée de formation"} <= titles


def test_a_later_outlook_export_moves_and_cancels(store: Store, now: dt.datetime) -> None:
    """The interview moved to 15:30 and the Berlin call cancelled in Outlook, exported again
    (SEQUENCE bumped, as Outlook does)."""
    first = _read("outlook-desktop")
    import_meetings(store, first, now=now)
    later = first.replace(
        b'DTEND;TZID="Eastern Standard Time":20261110T144500\r\nDTSTAMP:20261123T200000Z\r\n'
        b'DTSTART;TZID="Eastern Standard Time":20261110T140000',
        b'DTEND;TZID="Eastern Standard Time":20261110T161500\r\nDTSTAMP:20261123T200000Z\r\n'
        b'DTSTART;TZID="Eastern Standard Time":20261110T153000',
    ).replace(
        b"SEQUENCE:0\r\nSUMMARY;LANGUAGE=en-us:Call with Berlin partners",
        b"SEQUENCE:1\r\nSTATUS:CANCELLED\r\nSUMMARY;LANGUAGE=en-us:Call with Berlin partners",
    )
    assert later.count(b"20261110T153000") == 1 and later.count(b"STATUS:CANCELLED") == 2
    result = import_meetings(store, later, now=now)
    assert (result.imported, result.moved, len(result.removals)) == (0, 1, 1)
    expected = [
        r for r in OUTLOOK if r[2] not in ("Entrevue Radio-Canada", "Call with Berlin partners")
    ]
    expected = sorted([*expected, ("2026-11-10 15:30", "16:15", "Entrevue Radio-Canada")])
    assert _rows(store) == expected


def test_a_later_google_export_with_one_more_occurrence_cancelled(
    store: Store, now: dt.datetime
) -> None:
    first = _read("google-calendar")
    import_meetings(store, first, now=now)
    later = first.replace(
        b"EXDATE;TZID=America/Toronto:20261015T093000\r\n",
        b"EXDATE;TZID=America/Toronto:20261015T093000\r\n"
        b"EXDATE;TZID=America/Toronto:20261112T093000\r\n",
    )
    assert later != first
    result = import_meetings(store, later, now=now)
    assert (result.imported, len(result.removals)) == (0, 1)
    assert _rows(store) == [r for r in GOOGLE if r[0] != "2026-11-12 09:30"]


def test_apples_floating_time_follows_x_wr_timezone_not_the_home_zone(
    tmp_path: Path, now: dt.datetime
) -> None:
    with Store.open(tmp_path / "paris.db", zone_name="Europe/Paris") as store:
        import_meetings(store, _read("apple-calendar"), now=now)
        shoot = next(e for e in store.all_entries() if e.note == "Tournage vidéo")
    assert shoot.start.astimezone(TORONTO) == dt.datetime(2026, 11, 17, 13, tzinfo=TORONTO)
