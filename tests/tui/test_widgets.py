"""Pure pieces of the widgets: wrapping, durations, chips, labels."""

from __future__ import annotations

import datetime as dt

from storage import Platform
from tui.widgets.month_grid import _titles
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
    # A word longer than a line is cut with an ellipsis, never split across two lines.
    assert wrap_words("Supercalifragilistic day", 8, 2) == ["Superca…", "day"]
    assert wrap_words("Winter fair teaser video", 9, 3) == ["Winter", "fair", "teaser…"]
    # French spacing: the colon stays with its word.
    assert wrap_words("Sondage : quels ateliers", 9, 2) == ["Sondage :", "quels…"]
    assert wrap_words("Sondage : quels ateliers", 12, 1) == ["Sondage…"]  # not "Sondage :…"
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


def test_month_cells_list_titles_cut_with_an_ellipsis_and_count_the_rest() -> None:
    def platform(tag: str) -> Platform:
        return Platform(1, tag, tag, "#123456", None, None)

    posts = [
        (platform("FB"), "Council recap"),
        (platform("IG"), "Library hours"),
        (platform("NL"), "Newsletter #48"),
    ]
    lines = [line.plain for line in _titles(posts, 10, 3)]
    assert lines == ["▌Council…", "▌Library…", "▌Newslett…"]
    lines = [line.plain for line in _titles(posts, 16, 2)]
    assert lines == ["▌Council recap", "+2 more"]
    assert [line.plain for line in _titles(posts, 16, 1)] == ["3 posts"]
    assert [line.plain for line in _titles(posts[:1], 16, 1)] == ["▌Council recap"]
    assert _titles(posts, 10, 0) == []
