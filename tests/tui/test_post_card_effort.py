"""A card's effort in one wording (issue 13): at 80 columns as at 120, the durations read as
everywhere else (`45 min`, `1 h 30`), only the closing "planned" goes when there is no room."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from storage import wording
from tui.widgets.post_card import effort_lines

_SHORT_UNITS = re.compile(r"\d(m|h\d|h)\b")  # '45m', '1h30', '2h': the old narrow form


def test_the_full_words_when_they_fit() -> None:
    assert effort_lines((0, 45), 9, 3) == ["0 min of", "45 min", "planned"]
    assert effort_lines((20, None), 8, 2) == ["20 min", "logged"]


def test_a_narrow_card_drops_planned_not_the_units() -> None:
    assert effort_lines((0, 45), 9, 2) == ["0 min of", "45 min"]
    assert effort_lines((90, 150), 10, 2) == ["1 h 30 of", "2 h 30"]
    assert effort_lines((0, 45), 20, 1) == ["0 min of 45 min"]


def test_nothing_rather_than_a_cut_duration() -> None:
    assert effort_lines((600, 720), 5, 2) == []
    assert effort_lines((0, 45), 9, 1) == []


@given(
    st.integers(0, 3000),
    st.none() | st.integers(1, 3000),
    st.integers(1, 40),
    st.integers(1, 4),
)
def test_every_card_says_it_in_the_same_units(
    logged: int, planned: int | None, width: int, max_lines: int
) -> None:
    lines = effort_lines((logged, planned), width, max_lines)
    text = " ".join(lines)
    assert not _SHORT_UNITS.search(text)
    assert all(len(line) <= width for line in lines)
    if lines:  # whole: the full words or the compact ones, never a part of either
        assert text in (
            " ".join(wording.effort_words(logged, planned)),
            " ".join(wording.effort_words(logged, planned, compact=True)),
        )
