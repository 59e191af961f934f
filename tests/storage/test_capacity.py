"""storage.capacity: the room for social media and whether the plan fits, on known numbers."""

from __future__ import annotations

import datetime as dt

from storage.capacity import Capacity, capacity, fte_needed, ongoing_minutes
from storage.contracted import contracted_time

MONDAY = dt.date(2026, 11, 16)


def week(today: dt.date, off: dict[dt.date, tuple[bool, str]] | None = None):  # type: ignore[no-untyped-def]
    return contracted_time(
        MONDAY, MONDAY + dt.timedelta(days=6), today=today, hours_per_week=35,
        working_days=range(5), since=MONDAY, days_with_entries={MONDAY}, days_off=off,
    )  # fmt: skip


def test_room_is_the_contract_less_the_other_duties_and_their_pace() -> None:
    # Tuesday: Monday counted, Tuesday to Friday to come; others took 300 min a day before.
    cap = capacity(week(MONDAY + dt.timedelta(days=1)), logged=420, social_logged=120,
                   planned=600, pace=300)  # fmt: skip
    assert (cap.contracted, cap.other_logged, cap.other_expected) == (2100, 300, 1200)
    assert cap.room == 600 and cap.fits and cap.over == 0
    assert (
        capacity(week(MONDAY), logged=0, social_logged=0, planned=10, pace=None).other_expected
        is None
    )


def test_days_off_leave_the_room_and_a_past_week_expects_nothing() -> None:
    off = {
        MONDAY + dt.timedelta(days=3): (False, "vacation"),
        MONDAY + dt.timedelta(days=4): (True, "holiday"),
    }
    cap = capacity(
        week(dt.date(2026, 11, 23), off), logged=600, social_logged=0, planned=700, pace=500
    )
    assert cap.contracted == 3 * 420 and cap.other_expected == 0
    assert cap.room == 660 and not cap.fits and cap.over == 40
    assert Capacity(100, 100, 0, 200, None, 0, 0).room == 0  # never below zero


def test_ongoing_work_is_social_time_off_posts_beyond_create_and_publish() -> None:
    social = [
        ("monitor", False, 60),  # ongoing
        ("engage", False, 30),  # ongoing
        ("crisis", False, 90),  # ongoing
        ("report", False, 15),  # ongoing
        ("engage", True, 45),  # linked to a post: its estimate stands for it
        ("create", False, 120),  # post work, even unlinked
        ("Publish", False, 20),  # post work, whatever the case
        (None, False, 40),  # no activity given: may be post work, left out
    ]
    assert ongoing_minutes(social) == 195


def test_fte_needed_adds_ongoing_work_to_planned_posts() -> None:
    assert fte_needed(945, 180, 2100) == 1125 / 2100
    assert fte_needed(0, 60, 2100) == 60 / 2100  # no estimates: the ongoing work still counts
    assert fte_needed(0, 0, 2100) is None and fte_needed(600, 0, 0) is None
    cap = capacity(week(MONDAY), logged=600, social_logged=300, planned=945, pace=None,
                   ongoing=180)  # fmt: skip
    assert cap.needed_social == 1125 and cap.fte_needed == 1125 / 2100
    assert cap.over == cap.planned_social - cap.room or cap.fits  # fit stays about the plan
