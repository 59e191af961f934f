"""Table-driven tests for storage.parse: durations, times, days, log lines, commands, repeats."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr

from storage.errors import ParseError
from storage.models import Activity, Duty
from storage.parse import (
    LogLine,
    StartTimer,
    StopTimer,
    describe_log_line,
    describe_repeat,
    describe_span,
    describe_when,
    format_minutes,
    parse_command,
    parse_day,
    parse_duration,
    parse_log_line,
    parse_repeat,
    parse_time,
    parse_time_range,
    parse_when,
)

TZ = ZoneInfo("America/Toronto")
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=TZ)  # a Monday, no DST change nearby
TODAY = NOW.date()
DST_NOW = datetime(2026, 11, 2, 9, 0, tzinfo=TZ)  # DST ended on Sunday 1 Nov 2026 at 2:00

DUTIES = [
    Duty(1, "social media", ("social", "sm", "socials", "médias sociaux"), social=True),
    Duty(2, "newsletters", ("newsletter", "infolettre")),
    Duty(3, "events", ("event", "événements")),
    Duty(4, "press relations", ("press", "media relations", "relations de presse")),
    Duty(5, "web content", ("web", "website")),
    Duty(6, "meetings", ("meeting", "réunions")),
    Duty(7, "video", ("vidéo",)),
    Duty(8, "planning & strategy", ("planning", "strategy", "plan")),
    Duty(9, "promotional material", ("promo",)),
    Duty(10, "admin & other", ("admin", "other")),
    Duty(11, "podcast", ("pod",), archived=True),
]
ACTIVITIES = [
    Activity(1, "create", ("créer",)),
    Activity(2, "publish", ()),
    Activity(3, "engage", ("reply",)),
    Activity(4, "monitor", ("veille",)),
    Activity(5, "crisis", ("crise",)),
    Activity(6, "report", ()),
]


def at(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=TZ)


def log(text: str, now: datetime = NOW) -> LogLine:
    return parse_log_line(text, now, DUTIES, ACTIVITIES)


# --------------------------------------------------------------------------- durations


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("1h30", 90),
        ("1h30m", 90),
        ("1h30min", 90),
        ("90m", 90),
        ("90", 90),
        ("1.5h", 90),
        ("1,5h", 90),
        ("1:30", 90),
        (":45", 45),
        ("2h", 120),
        ("1m", 1),
        ("45min", 45),
        ("1h05", 65),
        ("1h5", 65),
        ("0.25h", 15),
        ("24h", 1440),
        ("2H", 120),
        ("  30m ", 30),
        ("3hours", 180),
    ],
)
def test_parse_duration(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0", "more than zero"),
        ("0h", "more than zero"),
        ("-1h", "more than zero"),
        ("-30", "more than zero"),
        ("25h", "longer than 24 hours"),
        ("1441", "longer than 24 hours"),
        ("24h01", "longer than 24 hours"),
        ("1h75", "under 60"),
        ("2 h", "try 1h30"),
        ("abc", "could not read `abc` as a duration"),
        ("", "no duration"),
        ("1mo", "could not read"),
    ],
)
def test_parse_duration_errors(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_duration(text)


# --------------------------------------------------------------------------- times


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2pm", time(14, 0)),
        ("2 pm", time(14, 0)),
        ("10am", time(10, 0)),
        ("12pm", time(12, 0)),
        ("12am", time(0, 0)),
        ("2:30pm", time(14, 30)),
        ("2:30 p.m.", time(14, 30)),
        ("14", time(14, 0)),
        ("0", time(0, 0)),
        ("14:00", time(14, 0)),
        ("1430", time(14, 30)),
        ("930", time(9, 30)),
        ("0930", time(9, 30)),
        ("9:15", time(9, 15)),
        ("14h30", time(14, 30)),
        ("14h", time(14, 0)),
        ("9h", time(9, 0)),
        ("noon", time(12, 0)),
        ("midi", time(12, 0)),
        ("23:59", time(23, 59)),
    ],
)
def test_parse_time(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("25:00", "not a time of day"),
        ("14:60", "not a time of day"),
        ("24:00", "not a time of day"),
        ("13pm", "from 1 to 12"),
        ("0am", "from 1 to 12"),
        ("2500", "not a time of day"),
        ("tea time", "could not read `tea time` as a time"),
        ("", "no time"),
    ],
)
def test_parse_time_errors(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_time(text)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2-4pm", time(14), time(16)),
        ("11-1pm", time(11), time(13)),
        ("12-2pm", time(12), time(14)),
        ("9-5pm", time(9), time(17)),
        ("14:00-16:30", time(14), time(16, 30)),
        ("9:15-10", time(9, 15), time(10)),
        ("14h30-16h", time(14, 30), time(16)),
        ("9am-12pm", time(9), time(12)),
        ("9–10", time(9), time(10)),
        ("14:00 – 15:00", time(14), time(15)),
        ("2pm-4", time(14), time(16)),
        ("2:30-4pm", time(14, 30), time(16)),
        ("10-11am", time(10), time(11)),
        ("7-3pm", time(7), time(15)),
        ("4am-2pm", time(4), time(14)),
    ],
)
def test_parse_time_range(text: str, start: time, end: time) -> None:
    assert parse_time_range(text) == (start, end)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("16:00-14:00", "ends before it starts"),
        ("10-9", "ends before it starts"),
        ("22:00-1:00", "ends before it starts"),
        ("10-10", "same time"),
        ("4-2pm", "unclear: write 4am-2pm"),
        ("14:00-25:00", "not a time of day"),
        ("x-y", "could not read"),
        ("14:00", "as a time range"),
    ],
)
def test_parse_time_range_errors(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_time_range(text)


# --------------------------------------------------------------------------- days


# TODAY is Monday 23 Nov 2026
@pytest.mark.parametrize(
    ("text", "prefer", "expected"),
    [
        ("today", "past", date(2026, 11, 23)),
        ("yesterday", "future", date(2026, 11, 22)),
        ("tomorrow", "past", date(2026, 11, 24)),
        ("aujourd'hui", "past", date(2026, 11, 23)),
        ("Aujourd’hui", "future", date(2026, 11, 23)),
        ("hier", "past", date(2026, 11, 22)),
        ("demain", "past", date(2026, 11, 24)),
        ("mon", "past", date(2026, 11, 23)),
        ("mon", "future", date(2026, 11, 23)),
        ("tue", "past", date(2026, 11, 17)),
        ("tue", "future", date(2026, 11, 24)),
        ("tues", "future", date(2026, 11, 24)),
        ("Tuesday", "future", date(2026, 11, 24)),
        ("mardi", "past", date(2026, 11, 17)),
        ("mar", "future", date(2026, 11, 24)),
        ("sun", "past", date(2026, 11, 22)),
        ("dimanche", "future", date(2026, 11, 29)),
        ("ven", "past", date(2026, 11, 20)),
        ("jeudi", "future", date(2026, 11, 26)),
        ("last fri", "future", date(2026, 11, 20)),
        ("last mon", "past", date(2026, 11, 16)),
        ("next mon", "past", date(2026, 11, 30)),
        ("next tue", "past", date(2026, 11, 24)),
        ("next monday", "future", date(2026, 11, 30)),
        ("vendredi dernier", "future", date(2026, 11, 20)),
        ("mardi prochain", "past", date(2026, 11, 24)),
        ("prochain mardi", "past", date(2026, 11, 24)),
        ("2026-12-03", "past", date(2026, 12, 3)),
        ("3 dec", "future", date(2026, 12, 3)),
        ("3 dec", "past", date(2025, 12, 3)),
        ("3 déc", "future", date(2026, 12, 3)),
        ("dec 3", "future", date(2026, 12, 3)),
        ("3 december", "future", date(2026, 12, 3)),
        ("3 décembre", "future", date(2026, 12, 3)),
        ("3 DÉC.", "future", date(2026, 12, 3)),
        ("3 dec 2027", "past", date(2027, 12, 3)),
        ("dec 3, 2027", "past", date(2027, 12, 3)),
        ("3rd of december", "future", date(2026, 12, 3)),
        ("1er mai", "future", date(2027, 5, 1)),
        ("23 nov", "future", date(2026, 11, 23)),
        ("23 nov", "past", date(2026, 11, 23)),
        ("22 nov", "future", date(2027, 11, 22)),
        ("29 feb", "future", date(2028, 2, 29)),
        ("29 feb", "past", date(2024, 2, 29)),
    ],
)
def test_parse_day(text: str, prefer: str, expected: date) -> None:
    assert parse_day(text, TODAY, prefer=prefer) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31 feb", "February 31 does not exist"),
        ("2026-02-30", "February 30 does not exist"),
        ("2027-02-29", "February 29 does not exist in 2027"),
        ("31 april", "April 31 does not exist"),
        ("2026-13-01", "no month 13"),
        ("3/12", "ambiguous"),
        ("12/3/2026", "2026-12-03"),
        ("dec", "could not read `dec` as a day"),
        ("someday", "try today"),
        ("", "no day"),
        ("3 dec 1066", "out of range"),
    ],
)
def test_parse_day_errors(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_day(text, TODAY, prefer="future")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tue 10am", (date(2026, 11, 24), time(10))),
        ("tomorrow 14:30", (date(2026, 11, 24), time(14, 30))),
        ("2026-12-03", (date(2026, 12, 3), None)),
        ("next monday", (date(2026, 11, 30), None)),
        ("3 dec 9h", (date(2026, 12, 3), time(9))),
        ("3 dec 2027", (date(2027, 12, 3), None)),
        ("10am", (date(2026, 11, 23), time(10))),
        ("2026-12-03 14:00", (date(2026, 12, 3), time(14))),
        ("2026-12-03T14:00", (date(2026, 12, 3), time(14))),
        ("14:00 tomorrow", (date(2026, 11, 24), time(14))),
        ("tue at 10am", (date(2026, 11, 24), time(10))),
        ("demain à 9h", (date(2026, 11, 24), time(9))),
        ("fri 2 pm", (date(2026, 11, 27), time(14))),
    ],
)
def test_parse_when(text: str, expected: tuple[date, time | None]) -> None:
    assert parse_when(text, NOW) == expected


def test_parse_when_prefer_past() -> None:
    assert parse_when("tue 9:00", NOW, prefer="past") == (date(2026, 11, 17), time(9))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31 feb 10am", "February 31 does not exist"),
        ("tue 25:00", "not a time of day"),
        ("blah", "could not read `blah` as a date"),
        ("", "no date"),
    ],
)
def test_parse_when_errors(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_when(text, NOW)


# --------------------------------------------------------------------------- log lines


@pytest.mark.parametrize(
    ("text", "start", "end", "duty", "activity", "note"),
    [
        # a lone duration ends now
        ("1h30 social", at(2026, 11, 23, 13, 30), NOW, "social media", None, ""),
        ("90 social", at(2026, 11, 23, 13, 30), NOW, "social media", None, ""),
        ("1m social", at(2026, 11, 23, 14, 59), NOW, "social media", None, ""),
        ("45min newsletter", at(2026, 11, 23, 14, 15), NOW, "newsletters", None, ""),
        (":45 web", at(2026, 11, 23, 14, 15), NOW, "web content", None, ""),
        ("today 1h social", at(2026, 11, 23, 14), NOW, "social media", None, ""),
        ("12h admin", at(2026, 11, 23, 3), NOW, "admin & other", None, ""),
        # day + start time + duration
        (
            "yesterday 14:00 1h press",
            at(2026, 11, 22, 14),
            at(2026, 11, 22, 15),
            "press relations",
            None,
            "",
        ),
        (
            "hier 14h30 45min events",
            at(2026, 11, 22, 14, 30),
            at(2026, 11, 22, 15, 15),
            "events",
            None,
            "",
        ),
        (
            "tomorrow 9am 2h meetings",
            at(2026, 11, 24, 9),
            at(2026, 11, 24, 11),
            "meetings",
            None,
            "",
        ),
        ("tue 10:00 30m video", at(2026, 11, 17, 10), at(2026, 11, 17, 10, 30), "video", None, ""),
        ("14 1h social", at(2026, 11, 23, 14), at(2026, 11, 23, 15), "social media", None, ""),
        (
            "930 45m social",
            at(2026, 11, 23, 9, 30),
            at(2026, 11, 23, 10, 15),
            "social media",
            None,
            "",
        ),
        (
            "1:30 1h social",
            at(2026, 11, 23, 1, 30),
            at(2026, 11, 23, 2, 30),
            "social media",
            None,
            "",
        ),
        ("2 pm 1h social", at(2026, 11, 23, 14), at(2026, 11, 23, 15), "social media", None, ""),
        (
            "23:30 2h social",
            at(2026, 11, 23, 23, 30),
            at(2026, 11, 24, 1, 30),
            "social media",
            None,
            "",
        ),
        # ranges
        ("2-4pm events create", at(2026, 11, 23, 14), at(2026, 11, 23, 16), "events", "create", ""),
        ("11-1pm web", at(2026, 11, 23, 11), at(2026, 11, 23, 13), "web content", None, ""),
        (
            "14:00-16:30 press",
            at(2026, 11, 23, 14),
            at(2026, 11, 23, 16, 30),
            "press relations",
            None,
            "",
        ),
        (
            "last fri 9:15-10 video",
            at(2026, 11, 20, 9, 15),
            at(2026, 11, 20, 10),
            "video",
            None,
            "",
        ),
        (
            "tue 14h30-16h meet",
            at(2026, 11, 17, 14, 30),
            at(2026, 11, 17, 16),
            "meetings",
            None,
            "",
        ),
        (
            "3 déc 2026 10-11 admin",
            at(2026, 12, 3, 10),
            at(2026, 12, 3, 11),
            "admin & other",
            None,
            "",
        ),
        ("3 dec 10-11 admin", at(2025, 12, 3, 10), at(2025, 12, 3, 11), "admin & other", None, ""),
        (
            "14:00 - 16:00 social",
            at(2026, 11, 23, 14),
            at(2026, 11, 23, 16),
            "social media",
            None,
            "",
        ),
        ("2 - 4 pm social", at(2026, 11, 23, 14), at(2026, 11, 23, 16), "social media", None, ""),
        (
            "yesterday 9am-12pm plan",
            at(2026, 11, 22, 9),
            at(2026, 11, 22, 12),
            "planning & strategy",
            None,
            "",
        ),
        # duties, activities, notes
        ("1h soc eng replied", at(2026, 11, 23, 14), NOW, "social media", "engage", "replied"),
        ("1h press lists", at(2026, 11, 23, 14), NOW, "press relations", None, "lists"),
        ("1h press relations draft", at(2026, 11, 23, 14), NOW, "press relations", None, "draft"),
        ("1h media relations", at(2026, 11, 23, 14), NOW, "press relations", None, ""),
        ("1h media stuff", at(2026, 11, 23, 14), NOW, "press relations", None, "stuff"),
        (
            "1h plan quarterly review",
            at(2026, 11, 23, 14),
            NOW,
            "planning & strategy",
            None,
            "quarterly review",
        ),
        (
            "1h planning & strat review",
            at(2026, 11, 23, 14),
            NOW,
            "planning & strategy",
            None,
            "review",
        ),
        (
            "1h SOCIAL MEDIA Create  the   post",
            at(2026, 11, 23, 14),
            NOW,
            "social media",
            "create",
            "the post",
        ),
        ("1h médias sociaux veille", at(2026, 11, 23, 14), NOW, "social media", "monitor", ""),
        ("1h medias sociaux crise", at(2026, 11, 23, 14), NOW, "social media", "crisis", ""),
        (
            "1h réunions crise all hands",
            at(2026, 11, 23, 14),
            NOW,
            "meetings",
            "crisis",
            "all hands",
        ),
        ("1h reunions", at(2026, 11, 23, 14), NOW, "meetings", None, ""),
        ("1h social reply", at(2026, 11, 23, 14), NOW, "social media", "engage", ""),
        ("1h social c stuff", at(2026, 11, 23, 14), NOW, "social media", None, "c stuff"),
        (
            "1h social thanks everyone",
            at(2026, 11, 23, 14),
            NOW,
            "social media",
            None,
            "thanks everyone",
        ),
        ('1h social "draft post"', at(2026, 11, 23, 14), NOW, "social media", None, "draft post"),
        (
            "1h social posted at 2 pm",
            at(2026, 11, 23, 14),
            NOW,
            "social media",
            None,
            "posted at 2 pm",
        ),
        ("1h promo", at(2026, 11, 23, 14), NOW, "promotional material", None, ""),
        ("1h vid", at(2026, 11, 23, 14), NOW, "video", None, ""),
        ("1h e", at(2026, 11, 23, 14), NOW, "events", None, ""),
        ("1h événements", at(2026, 11, 23, 14), NOW, "events", None, ""),
        ("1h infolettre publish", at(2026, 11, 23, 14), NOW, "newsletters", "publish", ""),
    ],
)
def test_parse_log_line(
    text: str, start: datetime, end: datetime, duty: str, activity: str | None, note: str
) -> None:
    line = log(text)
    assert (line.start, line.end) == (start, end)
    assert line.start.tzinfo is TZ and line.end.tzinfo is TZ
    assert line.duty.name == duty
    assert (line.activity.name if line.activity else None) == activity
    assert line.note == note
    assert line.minutes == round((end - start).total_seconds() / 60)


def test_yesterday_with_time_is_yesterday_not_today() -> None:
    line = log("yesterday 14:00 1h social")
    assert line.start.date() == date(2026, 11, 22)
    assert line.minutes == 60


def test_lone_duration_ends_now() -> None:
    line = log("1h30 social")
    assert line.end == NOW
    assert line.minutes == 90


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("yesterday 14:00", "how long?"),
        ("yesterday 14:00 social", "how long?"),
        ("14:00 social", "how long?"),
        ("2pm social", "how long?"),
        ("1:30 social", "start time"),
        ("social", "how long?"),
        ("", "nothing to log"),
        ("yesterday 1h30 social", "give a start time or a range for another day"),
        ("tue 90 social", "e.g. `tue 14:00 90"),
        ("1430 social", "could be a start time or a 23 h 50 duration"),
        ("14h30 social", "could be a start time"),
        ("13h social", "could be a start time"),
        ("9h 45min social", "ambiguous"),
        ("14:00 16:00 social", "range with a dash"),
        ("16:00-14:00 social", "ends before it starts"),
        ("22:00-1:00 social", "ends before it starts"),
        ("25:00 1h social", "not a time of day"),
        ("0 social", "more than zero"),
        ("25h social", "longer than 24 hours"),
        ("31 feb 10-11 admin", "February 31 does not exist"),
        ("3/12 1h social", "ambiguous"),
        ("1h30", "which duty?"),
        ("1h foo", "unknown duty `foo`; duties are: social media, newsletters"),
        ("1h p draft", "`p` could be: planning & strategy, press relations, promotional material"),
        ("1h re x", "`re` could be: meetings, press relations"),
        ("1h pod", "unknown duty `pod`"),  # archived
        ("1h 14:00 social", "start time then a duration"),
        ("1h30m 1h social", "the order is"),
        ("1h social \x00 hi", "control characters"),
    ],
)
def test_parse_log_line_errors(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message.replace("?", r"\?")):
        log(text)


def test_unknown_duty_lists_only_active_duties() -> None:
    with pytest.raises(ParseError) as exc:
        log("1h foo")
    assert "podcast" not in str(exc.value)
    assert "admin & other" in str(exc.value)


# --------------------------------------------------------------------------- DST


def test_dst_fall_back_range_counts_real_minutes() -> None:
    # Sunday 1 Nov 2026: 01:00-02:00 happens twice in Toronto. An ambiguous wall time is the
    # first (daylight) occurrence, so 01:00 EDT (05:00Z) to 03:00 EST (08:00Z) is 3 real hours.
    line = log("yesterday 1:00-3:00 social", now=DST_NOW)
    assert line.start.date() == date(2026, 11, 1)
    assert (line.start.hour, line.end.hour) == (1, 3)
    assert line.minutes == 180
    assert describe_log_line(line) == "Sun 1 Nov 01:00–03:00 · 3 h · social media"


def test_dst_duration_is_elapsed_time() -> None:
    # 00:30 EDT + 2 h of real time = 01:30 EST (the second 01:30)
    line = log("yesterday 0:30 2h social", now=DST_NOW)
    assert line.minutes == 120
    assert line.end.hour == 1 and line.end.minute == 30
    assert line.end.utcoffset() != line.start.utcoffset()


def test_dst_lone_duration_ending_now() -> None:
    line = log("1h social", now=DST_NOW)
    assert line.end == DST_NOW
    assert line.minutes == 60


# --------------------------------------------------------------------------- commands


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("stop", StopTimer()),
        ("STOP", StopTimer()),
        ("arrêt", StopTimer()),
        ("start social", StartTimer(DUTIES[0], None, "")),
        ("start soc eng replying", StartTimer(DUTIES[0], ACTIVITIES[2], "replying")),
        ("démarrer press relations", StartTimer(DUTIES[3], None, "")),
        ("start press lists", StartTimer(DUTIES[3], None, "lists")),
    ],
)
def test_parse_command(text: str, expected: object) -> None:
    assert parse_command(text, NOW, DUTIES, ACTIVITIES) == expected


def test_parse_command_falls_back_to_log_line() -> None:
    result = parse_command("1h30 social", NOW, DUTIES, ACTIVITIES)
    assert isinstance(result, LogLine)
    assert result.minutes == 90


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("start", "start what?"),
        ("start foo", "unknown duty `foo`"),
        ("stop now", "takes nothing"),
        ("", "nothing to log"),
    ],
)
def test_parse_command_errors(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message.replace("?", r"\?")):
        parse_command(text, NOW, DUTIES, ACTIVITIES)


# --------------------------------------------------------------------------- describing


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (45, "45 min"),
        (1, "1 min"),
        (60, "1 h"),
        (120, "2 h"),
        (90, "1 h 30"),
        (65, "1 h 05"),
        (0, "0 min"),
    ],
)
def test_format_minutes(minutes: int, text: str) -> None:
    assert format_minutes(minutes) == text


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (at(2026, 11, 23, 14), at(2026, 11, 23, 16), "Mon 23 Nov 14:00–16:00 · 2 h"),
        (at(2026, 11, 23, 14), at(2026, 11, 23, 15, 30), "Mon 23 Nov 14:00–15:30 · 1 h 30"),
        (at(2026, 11, 23, 9, 15), at(2026, 11, 23, 10), "Mon 23 Nov 09:15–10:00 · 45 min"),
        (at(2026, 11, 23, 23), at(2026, 11, 24, 1), "Mon 23 Nov 23:00 – Tue 24 Nov 01:00 · 2 h"),
    ],
)
def test_describe_span(start: datetime, end: datetime, text: str) -> None:
    assert describe_span(start, end) == text


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("2-4pm events create", "Mon 23 Nov 14:00–16:00 · 2 h · events / create"),
        ("1h soc eng replied", "Mon 23 Nov 14:00–15:00 · 1 h · social media / engage · “replied”"),
        (
            "yesterday 9:15-10 press lists",
            "Sun 22 Nov 09:15–10:00 · 45 min · press relations · “lists”",
        ),
    ],
)
def test_describe_log_line(line: str, text: str) -> None:
    assert describe_log_line(log(line)) == text


@pytest.mark.parametrize(
    ("day", "t", "text"),
    [
        (date(2026, 11, 24), time(10), "Tue 24 Nov 10:00"),
        (date(2026, 11, 24), None, "Tue 24 Nov"),
        (date(2027, 1, 3), time(9, 5), "Sun 3 Jan 09:05"),
    ],
)
def test_describe_when(day: date, t: time | None, text: str) -> None:
    assert describe_when(day, t) == text


# --------------------------------------------------------------------------- repeats

START = date(2026, 11, 24)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("daily", "FREQ=DAILY"),
        ("every day", "FREQ=DAILY"),
        ("every 3 days", "FREQ=DAILY;INTERVAL=3"),
        ("weekly", "FREQ=WEEKLY"),
        ("every week", "FREQ=WEEKLY"),
        ("weekly on thu", "FREQ=WEEKLY;BYDAY=TH"),
        ("every tue", "FREQ=WEEKLY;BYDAY=TU"),
        ("every tue and thu", "FREQ=WEEKLY;BYDAY=TU,TH"),
        ("every thu and tue", "FREQ=WEEKLY;BYDAY=TU,TH"),
        ("every mon,wed", "FREQ=WEEKLY;BYDAY=MO,WE"),
        ("every mon, wed and fri", "FREQ=WEEKLY;BYDAY=MO,WE,FR"),
        ("every weekday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("every 2 weeks", "FREQ=WEEKLY;INTERVAL=2"),
        ("every 2 weeks on mon", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"),
        ("every other week on fri", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"),
        ("every second tuesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("biweekly", "FREQ=WEEKLY;INTERVAL=2"),
        ("monthly", "FREQ=MONTHLY"),
        ("monthly on the first thu", "FREQ=MONTHLY;BYDAY=1TH"),
        ("monthly on the last fri", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("monthly on the 15th", "FREQ=MONTHLY;BYMONTHDAY=15"),
        ("monthly on the last day", "FREQ=MONTHLY;BYMONTHDAY=-1"),
        ("every first thu", "FREQ=MONTHLY;BYDAY=1TH"),
        ("the first thursday of the month", "FREQ=MONTHLY;BYDAY=1TH"),
        ("every 3 months", "FREQ=MONTHLY;INTERVAL=3"),
        ("yearly", "FREQ=YEARLY"),
        ("every year", "FREQ=YEARLY"),
        ("every 2 weeks on tue until 2027-06-30", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270630"),
        ("weekly until 30 jun", "FREQ=WEEKLY;UNTIL=20270630"),
        ("every tue 10 times", "FREQ=WEEKLY;BYDAY=TU;COUNT=10"),
        ("every tue for 10 times", "FREQ=WEEKLY;BYDAY=TU;COUNT=10"),
        ("every tue x 5", "FREQ=WEEKLY;BYDAY=TU;COUNT=5"),
        ("chaque mardi", "FREQ=WEEKLY;BYDAY=TU"),
        ("tous les mardis", "FREQ=WEEKLY;BYDAY=TU"),
        ("toutes les 2 semaines", "FREQ=WEEKLY;INTERVAL=2"),
        ("toutes les 2 semaines le lundi", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"),
        ("le premier jeudi du mois", "FREQ=MONTHLY;BYDAY=1TH"),
        ("Every Tue", "FREQ=WEEKLY;BYDAY=TU"),
    ],
)
def test_parse_repeat(text: str, rule: str) -> None:
    assert parse_repeat(text, START) == rule


@pytest.mark.parametrize(
    ("text", "first_four"),
    [
        (
            "every 2 weeks on tue until 2027-06-30",
            [date(2026, 11, 24), date(2026, 12, 8), date(2026, 12, 22), date(2027, 1, 5)],
        ),
        (
            "monthly on the first thu",
            [date(2026, 12, 3), date(2027, 1, 7), date(2027, 2, 4), date(2027, 3, 4)],
        ),
        (
            "monthly on the last fri",
            [date(2026, 11, 27), date(2026, 12, 25), date(2027, 1, 29), date(2027, 2, 26)],
        ),
        (
            "every mon,wed",
            [date(2026, 11, 25), date(2026, 11, 30), date(2026, 12, 2), date(2026, 12, 7)],
        ),
    ],
)
def test_parse_repeat_occurrences(text: str, first_four: list[date]) -> None:
    rule = rrulestr(parse_repeat(text, START), dtstart=datetime.combine(START, time()))
    assert [d.date() for d in list(rule[:4])] == first_four


def test_parse_repeat_until_is_inclusive_and_last() -> None:
    rule = rrulestr(
        parse_repeat("every 2 weeks on tue until 2027-06-22", START),
        dtstart=datetime.combine(START, time()),
    )
    days = [d.date() for d in rule]
    assert days[-1] == date(2027, 6, 22)  # 30 weeks after the start: UNTIL is inclusive
    assert len(days) == 16


def test_parse_repeat_count() -> None:
    rule = rrulestr(
        parse_repeat("every tue 10 times", START), dtstart=datetime.combine(START, time())
    )
    assert len(list(rule)) == 10


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("every blah", "could not read `every blah` as a repeat"),
        ("", "no repeat"),
        ("weekly until 2026-01-01", "never happens"),
        ("every tue until 2027-01-01 5 times", "not both"),
        ("every tue 5 times until 2027-01-01", "not both"),
        ("monthly on the 32nd", "days 1 to 31"),
        ("every 0 weeks", "between 1 and 99"),
        ("weekly 0 times", "between 1 and 1000"),
        ("daily on mon", "could not read `mon`"),
        ("weekly until 31 feb", "February 31 does not exist"),
    ],
)
def test_parse_repeat_errors(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_repeat(text, START)


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("FREQ=DAILY", "every day"),
        ("FREQ=DAILY;INTERVAL=3", "every 3 days"),
        ("FREQ=WEEKLY", "every week"),
        ("FREQ=WEEKLY;BYDAY=TU", "every Tue"),
        ("FREQ=WEEKLY;BYDAY=MO,WE,FR", "every Mon, Wed and Fri"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "every weekday"),
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270630",
            "every 2 weeks on Tue until 30 Jun 2027",
        ),
        ("RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=10", "every Tue, 10 times"),
        ("FREQ=MONTHLY;BYDAY=1TH", "every month on the first Thu"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "every month on the last Fri"),
        ("FREQ=MONTHLY;BYMONTHDAY=15", "every month on the 15th"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "every month on the last day"),
        ("FREQ=YEARLY", "every year"),
        ("FREQ=WEEKLY;UNTIL=20270630T035959Z", "every week until 30 Jun 2027"),
        ("FREQ=MONTHLY;BYSETPOS=1;BYDAY=MO", "custom repeat (FREQ=MONTHLY;BYSETPOS=1;BYDAY=MO)"),
    ],
)
def test_describe_repeat(rule: str, text: str) -> None:
    assert describe_repeat(rule) == text


@pytest.mark.parametrize("rule", ["", "weekly", "FREQ=HOURLY", "FREQ", "BYDAY=TU"])
def test_describe_repeat_errors(rule: str) -> None:
    with pytest.raises(ParseError, match="not a repeat rule"):
        describe_repeat(rule)


# --------------------------------------------------------------------------- garbage

GARBAGE = [
    "",
    "   ",
    "\x00",
    "\x1b[31mred\x1b[0m",
    "1h social \x07 bell",
    "🙂",
    "1h 🙂",
    "🙂-🙂",
    "x" * 10_000,
    "1" * 10_000,
    "1h30 social " + "é" * 10_000,
    "-" * 5000,
    "'; DROP TABLE entries; --",
    "SELECT * FROM duties WHERE 1=1",
    "1h30 ' OR '1'='1",
    "every " * 500,
    "FREQ=WEEKLY;INTERVAL=" + "9" * 5000,
    "²:²",
    "٣ dec",
    "\u0301\u0301",
    "%s %d {0} {{}}",
    "NaN",
    "inf h",
]


def _all_parsers(text: str) -> list:
    return [
        lambda: parse_duration(text),
        lambda: parse_time(text),
        lambda: parse_time_range(text),
        lambda: parse_day(text, TODAY, prefer="past"),
        lambda: parse_day(text, TODAY, prefer="future"),
        lambda: parse_when(text, NOW),
        lambda: parse_log_line(text, NOW, DUTIES, ACTIVITIES),
        lambda: parse_command(text, NOW, DUTIES, ACTIVITIES),
        lambda: parse_repeat(text, START),
        lambda: describe_repeat(text),
    ]


@pytest.mark.parametrize("text", GARBAGE, ids=range(len(GARBAGE)))
def test_garbage_only_raises_parse_error(text: str) -> None:
    for call in _all_parsers(text):
        try:
            call()
        except ParseError as exc:
            assert str(exc)  # always a message to show
            assert len(str(exc)) < 600  # never echoes a huge input back
