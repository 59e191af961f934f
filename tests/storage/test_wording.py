"""storage.wording: names, dates, periods, durations and numbers as people read them."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from storage import wording as w

D = dt.date
ROOT = Path(__file__).resolve().parents[2]


def test_names_come_from_one_table_each() -> None:
    assert w.weekday_name(D(2026, 11, 23)) == "Monday"
    assert w.weekday_name(6, short=True) == "Sun"
    assert w.weekday_name("TU") == "Tuesday"  # RFC 5545 codes name days too
    assert w.month_name(9) == "September"
    assert w.month_name(D(2026, 9, 1), short=True) == "Sep"
    assert len(w.WEEKDAY_NAMES) == len(w.WEEKDAY_SHORT) == 7
    assert len(w.MONTH_NAMES) == len(w.MONTH_SHORT) == 12


def test_days_and_times() -> None:
    day = D(2026, 11, 5)
    at = dt.datetime(2026, 11, 5, 9, 5, tzinfo=ZoneInfo("America/Toronto"))
    assert w.day_label(day) == "Thu 5 Nov"  # the day is never zero-padded
    assert w.day_label(day, year=True) == "Thu 5 Nov 2026"
    assert w.day_month(day) == "5 Nov"
    assert w.day_month(day, year=True) == "5 Nov 2026"
    assert w.day_title(day) == "Thursday 5 November 2026"
    assert w.month_title(day) == "November 2026"
    assert w.clock(at) == "09:05"
    assert w.clock(dt.time(14, 30)) == "14:30"
    assert w.day_time(at) == "Thu 5 Nov 09:05"
    assert w.weekday_time(at) == "Thu 09:05"


def test_week_titles_and_spans() -> None:
    assert w.week_title(D(2026, 11, 23)) == "Week 48 · 23–29 Nov 2026"
    assert w.week_title(D(2026, 11, 30)) == "Week 49 · 30 Nov – 6 Dec 2026"
    assert w.week_title(D(2026, 12, 28)) == "Week 53 · 28 Dec 2026 – 3 Jan 2027"
    assert w.day_span(D(2026, 11, 2), D(2026, 11, 2)) == "2–2 Nov 2026"


@pytest.mark.parametrize(
    ("first", "last", "week_start", "label"),
    [
        (D(2026, 1, 1), D(2026, 12, 31), 0, "2026"),
        (D(2026, 10, 1), D(2026, 12, 31), 0, "Q4 2026"),
        (D(2026, 11, 1), D(2026, 11, 30), 0, "November 2026"),
        (D(2026, 11, 16), D(2026, 11, 22), 0, "Week of Mon 16 Nov 2026"),
        (D(2026, 11, 15), D(2026, 11, 21), 6, "Week of Sun 15 Nov 2026"),
        (D(2026, 11, 15), D(2026, 11, 21), 0, "Sun 15 Nov – Sat 21 Nov 2026"),
        (D(2026, 11, 23), D(2026, 11, 23), 0, "Mon 23 Nov 2026"),
        (D(2026, 12, 30), D(2027, 1, 2), 0, "Wed 30 Dec 2026 – Sat 2 Jan 2027"),
        (D(2026, 2, 1), D(2026, 3, 31), 0, "Sun 1 Feb – Tue 31 Mar 2026"),
    ],
)
def test_period_labels(first: dt.date, last: dt.date, week_start: int, label: str) -> None:
    assert w.period_label(first, last, week_start) == label


def test_period_phrases() -> None:
    assert w.period_phrase(D(2026, 11, 23), D(2026, 11, 23)) == "on Mon 23 Nov 2026"
    assert w.period_phrase(D(2026, 11, 2), D(2026, 11, 30)) == "from Mon 2 Nov to Mon 30 Nov 2026"
    assert (
        w.period_phrase(D(2026, 12, 28), D(2027, 1, 3)) == "from Mon 28 Dec 2026 to Sun 3 Jan 2027"
    )


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
        (-5, "0 min"),
        (89.6, "1 h 30"),
    ],
)
def test_durations(minutes: float, text: str) -> None:
    assert w.duration(minutes) == text


def test_the_week_bar_says_nothing_in_hours() -> None:
    assert w.duration(0, zero="0 h") == "0 h"
    assert w.duration(125, zero="0 h") == "2 h 05"


def test_numbers() -> None:
    assert w.hours(750) == "12.5"
    assert w.hours(0) == "0.0"
    assert w.percent(33.333) == "33.3 %"
    assert w.percent(25, 0) == "25 %"
    assert w.signed(1.54) == "+1.5"
    assert w.signed(-0.25, 2) == "−0.25"
    assert w.signed(-0.04) == "0"
    assert w.signed(0) == "0"


def test_effort_text_names_the_logged_and_the_planned_time() -> None:
    assert w.effort_text(45, 60) == "45 min of 1 h planned"
    assert w.effort_text(75, 60) == "1 h 15 of 1 h planned"
    assert w.effort_text(0, 90) == "0 min of 1 h 30 planned"
    assert w.effort_text(20, None) == "20 min logged"
    # Narrow: "planned" goes, the durations stay as they read everywhere (never "45m").
    assert w.effort_text(0, 45, width=18) == "0 min of 45 min"
    assert w.effort_text(90, 150, width=30) == "1 h 30 of 2 h 30 planned"
    assert w.effort_text(65, None, width=10) == "1 h 05 logged"
    assert w.effort_words(90, 150) == ("1 h 30", "of", "2 h 30", "planned")
    assert w.effort_words(90, 150, compact=True) == ("1 h 30", "of", "2 h 30")
    assert w.effort_words(20, None, compact=True) == ("20 min", "logged")


def test_week_plan_says_planned_room_and_how_far_over() -> None:
    assert w.week_plan(435, 225) == ("Planned 7 h 15 · room 3 h 45", " — over by 3 h 30")
    assert w.week_plan(270, 2010) == ("Planned 4 h 30 · room 33 h 30", "")
    assert w.week_plan(0, 0) == ("Planned 0 h · room 0 h", "")


_LOCALE_NAMES = re.compile(r"%[aAbB]")


def _specs(node: ast.AST) -> list[ast.expr]:
    """The format strings of an f-string field (`f"{day:%a}"`) or a `strftime("%a")` call."""
    if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
        return [node.format_spec]
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "strftime"
    ):
        return list(node.args)
    return []


def test_no_user_text_goes_through_strftime_names() -> None:
    """Day and month names come from storage.wording, never from strftime's C locale."""
    offenders = []
    for package in ("storage", "exporters", "tui"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                text = "".join(
                    n.value
                    for spec in _specs(node)
                    for n in ast.walk(spec)
                    if isinstance(n, ast.Constant) and isinstance(n.value, str)
                )
                if _LOCALE_NAMES.search(text):
                    offenders.append(f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}")
    assert offenders == []
