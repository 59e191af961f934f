"""Table-driven tests for storage.grammar: log lines, DST, commands, describing; garbage in."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from storage.errors import ParseError
from storage.grammar import (
    LogLine,
    StartTimer,
    StopTimer,
    describe_log_line,
    describe_repeat,
    describe_span,
    parse_command,
    parse_day,
    parse_duration,
    parse_log_line,
    parse_repeat,
    parse_time,
    parse_time_range,
    parse_when,
)
from storage.models import Activity, Duty

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
        ("3 dec 10-11 admin", at(2026, 12, 3, 10), at(2026, 12, 3, 11), "admin & other", None, ""),
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


@pytest.mark.parametrize(("text", "minutes"), [("1:30 social", 90), ("0:45 social", 45)])
def test_a_lone_colon_duration_is_a_duration_as_the_readme_lists_it(
    text: str, minutes: int
) -> None:
    line = log(text)
    assert line.end == NOW
    assert line.minutes == minutes


def test_a_colon_time_followed_by_a_duration_is_the_start() -> None:
    line = log("1:30 1h social")
    assert (line.start.hour, line.start.minute, line.minutes) == (1, 30, 60)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("yesterday 14:00", "could be a start time or a 14 h duration"),
        ("yesterday 14:00 social", "could be a start time or a 14 h duration"),
        ("14:00 social", "could be a start time or a 14 h duration"),
        ("yesterday 1:30 social", "give a start time or a range for another day"),
        ("2pm social", "how long?"),
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


START = date(2026, 11, 24)  # a Tuesday


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
