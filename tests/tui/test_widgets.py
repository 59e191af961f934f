"""Pure pieces of the widgets: wrapping, durations, chips, labels."""

from __future__ import annotations

import datetime as dt

from storage import Platform
from tui.widgets.month_grid import _chips
from tui.widgets.post_card import wrap_words
from tui.widgets.summary_bar import WeekTotals, hours
from tui.widgets.view_header import elapsed_text
from tui.widgets.week_grid import day_label


def test_titles_wrap_on_words_and_the_last_line_is_cut_with_an_ellipsis() -> None:
    assert wrap_words("Launch video teaser for the winter fair", 15, 2) == [
        "Launch video",
        "teaser for the…",
    ]
    assert wrap_words("Launch video", 15, 2) == ["Launch video"]
    assert wrap_words("Supercalifragilistic day", 8, 2) == ["Supercal", "ifragil…"]
    assert wrap_words("", 8, 2) == [""]
    assert all(len(line) <= 6 for line in wrap_words("a b c d e f g h i j k", 6, 3))


def test_durations_read_short() -> None:
    assert [hours(m) for m in (0, 45, 60, 90, 125)] == ["0 h", "45 min", "1 h", "1 h 30", "2 h 05"]
    assert elapsed_text(2 * 3600 + 61) == "2:01:01"
    assert elapsed_text(-5) == "0:00:00"


def test_the_share_and_the_capacity_warning() -> None:
    assert WeekTotals(logged=240, social=60).social_share == 25
    assert WeekTotals().social_share is None
    assert WeekTotals(effort=600, capacity=540).over
    assert not WeekTotals(effort=540, capacity=540).over


def test_day_labels_shorten_to_fit() -> None:
    day = dt.date(2026, 11, 23)
    assert [day_label(day, w) for w in (12, 8, 3, 1)] == ["Mon 23 Nov", "Mon 23", "23", "2"]


def test_month_chips_wrap_and_count_what_does_not_fit() -> None:
    def platform(tag: str) -> Platform:
        return Platform(1, tag, tag, "#123456", None, None)

    counts = [(platform("FB"), 2), (platform("IG"), 1), (platform("IN"), 3), (platform("NL"), 4)]
    lines = [line.plain for line in _chips(counts, 10, 1)]
    assert lines == ["FB 2 +8"]
    lines = [line.plain for line in _chips(counts, 10, 2)]
    assert lines == ["FB 2 IG 1", "IN 3 NL 4"]
    lines = [line.plain for line in _chips([*counts, (platform("BS"), 5)], 10, 2)]
    assert lines == ["FB 2 IG 1", "IN 3 +9"]  # whole chips only: NL 4 + BS 5
    assert _chips(counts, 10, 0) == []
