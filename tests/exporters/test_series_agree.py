"""One series read through the calendar, the report and the .ics export gives the same dates."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest

from exporters.ics import IcsOptions, export_ics
from exporters.report import build_report
from storage import PostDraft, Store, recurrence
from storage.settings import Settings

TORONTO = ZoneInfo("America/Toronto")
NOW = dt.datetime(2026, 11, 23, 20, 0, tzinfo=dt.UTC)


def _from_ics(text: str, first: dt.date, last: dt.date) -> list[dt.date]:
    """The series' dates as a calendar app reads the file: RRULE from DTSTART, minus EXDATEs."""
    (event,) = [e for e in icalendar.Calendar.from_ical(text).walk("VEVENT") if "RRULE" in e]
    start = event.decoded("DTSTART")
    rule = event["RRULE"].to_ical().decode()
    exdates = event.get("EXDATE", [])
    skipped = {
        d.dt.date() for ex in (exdates if isinstance(exdates, list) else [exdates]) for d in ex.dts
    }
    zone = start.tzinfo if isinstance(start.tzinfo, ZoneInfo) else TORONTO
    days = recurrence.dates_between(rule, start.date(), start.time(), zone, first, last)
    return [day for day in days if day not in skipped]


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20270315",  # across the spring DST change, UNTIL sent in UTC
        "FREQ=MONTHLY;BYDAY=-1FR;COUNT=5",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;WKST=SU",
        "FREQ=MONTHLY;BYMONTHDAY=31",
    ],
)
def test_calendar_report_and_ics_read_the_same_dates(store: Store, rule: str) -> None:
    first_date = recurrence.first_date(rule, dt.date(2026, 12, 1), TORONTO)
    assert first_date is not None
    series = store.add_post(
        PostDraft(
            "Tip",
            "LinkedIn",
            first_date,
            dt.time(23, 30),
            timezone="America/Toronto",
            rrule=rule,
            estimate_minutes=15,
        )
    )
    second = recurrence.dates_between(
        rule,
        first_date,
        dt.time(23, 30),
        TORONTO,
        first_date + dt.timedelta(days=1),
        dt.date(2027, 12, 31),
    )
    store.skip_occurrence(series.id, second[0])
    first, last = dt.date(2026, 11, 1), dt.date(2027, 6, 30)

    on_calendar = [p.date for p in store.occurrences_between(first, last)]
    assert on_calendar and on_calendar[0] == first_date and second[0] not in on_calendar

    ics = export_ics(store, first, last, now=NOW, options=IcsOptions(zone_name="America/Toronto"))
    assert _from_ics(ics, first, last) == on_calendar

    months = [(dt.date(2026, m, 1), dt.date(2026, m, 28)) for m in (11, 12)] + [
        (dt.date(2027, m, 1), dt.date(2027, m + 1, 1) - dt.timedelta(days=1)) for m in range(1, 6)
    ]
    for lo, hi in [(first, last), *months]:
        planned = build_report(store, lo, hi, now=NOW, settings=Settings()).posts.planned
        assert planned == sum(1 for day in on_calendar if lo <= day <= hi), (lo, hi)
