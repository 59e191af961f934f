"""commands.gap_part: how much of a gap a typed answer takes (the log screen's gap filler)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from storage import ValidationError
from storage.commands.gaps import gap_part
from tests.conftest import ZONE


def _at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, 23, hour, minute, tzinfo=ZONE)


@pytest.mark.parametrize(
    ("typed", "end_hour", "span"),
    [
        ("", 11, ("09:00", "11:00")),  # nothing typed: the whole gap
        ("45m", 11, ("09:00", "09:45")),
        ("90", 11, ("09:00", "10:30")),  # a bare number is minutes, as everywhere
        ("1:30", 11, ("09:00", "10:30")),  # 01:30 is not in the gap: the duration
        ("10:15", 11, ("09:00", "10:15")),  # an end
        ("10:15", 21, ("09:00", "10:15")),  # an end, even where 10 h 15 would fit
        ("10am", 11, ("09:00", "10:00")),
        ("9:15-10", 11, ("09:15", "10:00")),
        ("3h", 21, ("09:00", "12:00")),
    ],
)
def test_the_part_asked_for(typed: str, end_hour: int, span: tuple[str, str]) -> None:
    start, end = gap_part(typed, _at(9), _at(end_hour), ZONE)
    assert (f"{start:%H:%M}", f"{end:%H:%M}") == span


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("3h", "3 h is longer than the gap (2 h)"),
        ("12:00", "12:00 is after the gap's end 11:00"),
        ("8am", "08:00 is not after the gap's start 09:00"),
        ("8-9", "08:00–09:00 is not inside the gap 09:00–11:00"),
        ("soon", "could not read `soon`"),
    ],
)
def test_what_does_not_fit_is_refused_with_a_reason(typed: str, message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        gap_part(typed, _at(9), _at(11), ZONE)
