"""The layout at 80×24 (and 120×40): no word broken across lines, no scrollbar on the text,
titles in the month, one effort wording, a status bar that reads whole (issues 13 and 18).

Each test reads the rendered screen of a real app on a real SQLite file.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input

from storage import EntryDraft, PostDraft, Store
from tests.tui.conftest import at, day, find, make_app, screen_text, wait_until
from tui.screens.month import MonthScreen
from tui.screens.settings import SettingsScreen
from tui.screens.summary import SummaryScreen
from tui.widgets.item_list import ItemList
from tui.widgets.month_grid import MonthGrid

SMALL = (80, 24)
LARGE = (120, 40)
LONG_TITLES = (
    "Distribution de paniers de Noël aux familles",
    "Sondage : quels ateliers voulez-vous ?",
    "Infolettre — retour sur l'automne",
)


def split_words(text: str, words: set[str]) -> list[str]:
    """The known words the screen shows broken in two: its head at the end of one line and
    its tail on the next (`Distributi` … `on`), each piece on the screen as a word."""
    pieces = set(re.split(r"[\s▌▏│]+", text))
    return [
        word
        for word in words
        if any(word[:i] in pieces and word[i:] in pieces for i in range(1, len(word)))
    ]


def title_words(*titles: str) -> set[str]:
    return {word for title in titles for word in title.split()}


@pytest.fixture
def long_titles(seeded: Store) -> Store:
    for offset, title in enumerate(LONG_TITLES):
        seeded.add_post(
            PostDraft(title, "Facebook", day(4 + offset), dt.time(19), estimate_minutes=75)
        )
    return seeded


# ---------------------------------------------------------------- words stay whole


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
async def test_week_cards_and_month_cut_long_titles_with_an_ellipsis(
    long_titles: Store, size: tuple[int, int]
) -> None:
    """The week's cards wrap titles at spaces and cut a long word with an ellipsis; then `m`:
    the month lists titles cut with an ellipsis (one app per size)."""
    app = make_app(long_titles)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        text = screen_text(app)
        words = title_words(*LONG_TITLES, "Winter fair teaser video", "Tip of the week")
        assert split_words(text, words) == [], "the week"
        if size == SMALL:
            # Longer than a card's line: cut with an ellipsis, not split across two lines.
            assert re.search(r"▌Distribu\w*…", text)
            assert "Sondage :" in text  # the French colon stays with its word

        await pilot.press("m")
        assert isinstance(app.screen, MonthScreen)
        text = screen_text(app)
        assert split_words(text, title_words(*LONG_TITLES, "Council recap")) == [], "the month"
        assert "▌Council" in text and "▌Library" in text
        if size == LARGE:
            assert "▌Council recap" in text and "▌Library hours" in text


def month_cell(app, when: dt.date) -> list[str]:
    """The lines of one day's cell in the month grid, as the screen shows them."""
    grid = app.screen.query_one(MonthGrid)
    columns, rows = grid._edges()
    index = (when - grid.first).days
    row, col = divmod(index, 7)
    lines = screen_text(app).splitlines()
    x, y = grid.region.x, grid.region.y
    return [
        line[x + columns[col] : x + columns[col + 1]]
        for line in lines[y + rows[row] : y + rows[row + 1]]
    ]


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
async def test_a_crowded_month_day_says_how_many_more(seeded: Store, size: tuple[int, int]) -> None:
    for hour in range(9, 18):
        seeded.add_post(PostDraft(f"Busy {hour}", "X", day(3), dt.time(hour)))
    app = make_app(seeded)
    async with app.run_test(size=size) as pilot:
        await pilot.press("m")
        # Thursday 26 Nov: Newsletter #48 at 08:00, then nine more.
        cell = [line.rstrip() for line in month_cell(app, day(3))]
        assert cell[0].startswith("26")
        assert cell[1].startswith("▌Newslett") and cell[2] == "▌Busy 9"  # the day's order
        shown = sum(1 for line in cell if line.startswith("▌"))
        assert cell[-1] == f"+{10 - shown} more"


async def test_the_log_totals_wrap_between_duties(seeded: Store) -> None:
    # Monday morning on four more duties: the day's and the week's lines pass 80 columns.
    for offset, duty in enumerate(
        ["newsletters", "web content", "press relations", "promotional material"]
    ):
        seeded.add_entry(EntryDraft(duty, at(0, 1 + 2 * offset), at(0, 2 + 2 * offset, 30)))
    app = make_app(seeded)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("l")
        lines = screen_text(app).splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith(" Week  "))
        week = [lines[start]]
        for line in lines[start + 1 :]:
            if not line.startswith("    "):
                break
            week.append(line)
        assert len(week) >= 2 and week[0].rstrip().endswith("·")  # wrapped after a duty
        for phrase in ("web content 1 h 30", "press relations 1 h 30", "events 1 h 30"):
            assert any(phrase in line for line in week), f"{phrase!r} broken across lines"
        # The lines after the first hang under the opening parenthesis.
        paren = week[0].index("(")
        for line in week[1:]:
            assert line[: paren + 1].isspace() and not line[paren + 1].isspace()


async def summary_notes_wrap_at_spaces_with_units_kept(pilot: Pilot, seeded: Store) -> None:
    app = pilot.app
    await pilot.press("r")
    assert isinstance(app.screen, SummaryScreen)
    top = screen_text(app)
    assert "Reactive: 2.0 h · 73 % (engage," in top and "monitor, crisis)" in top
    app.screen.query_one("#summary-body").scroll_end(animate=False)
    await pilot.pause()
    bottom = screen_text(app)
    words = title_words(
        "Reactive: 2.0 h · 73 % (engage, monitor, crisis)",
        "Other duties: 1.5 h logged (no earlier weeks to estimate the rest from);"
        " 33.5 h left for social media",
        "Planned social work: 2.5 h (post estimates); fits, 31.0 h to spare",
    )
    assert split_words(top, words) == split_words(bottom, words) == []
    assert "    33.5 h left for social media" in bottom  # a unit stays with its number


# ---------------------------------------------------------------- scrollbars


def _beside_scrollbar(container: Widget) -> list[Widget]:
    """Widgets inside a scrolling container that reach its scrollbar's column or the one
    just before it (there must be a blank column between text and scrollbar)."""
    assert container.show_vertical_scrollbar
    bar_x = container.scrollable_content_region.right
    return [
        w
        for w in container.query("*")
        if w.display and w.region.width and w.region.right > bar_x - 1
    ]


async def test_the_summary_scrollbar_has_its_own_column(store: Store) -> None:
    from storage.demo import fill_demo

    fill_demo(store, at(0, 15))  # a full week: the summary is taller than 24 lines
    app = make_app(store)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("r")
        body = app.screen.query_one("#summary-body")
        assert body.styles.scrollbar_size_vertical == 1
        assert _beside_scrollbar(body) == []


async def the_settings_fit_80_columns_beside_their_scrollbar(pilot: Pilot, seeded: Store) -> None:
    app = pilot.app
    await pilot.press("comma")
    assert isinstance(app.screen, SettingsScreen)
    body = app.screen.query_one("#settings-body")
    assert _beside_scrollbar(body) == []
    text = screen_text(app)
    assert re.search(r"Mon .*Tue .*Wed .*Thu .*Fri .*Sat .*Sun\b", text)  # every day whole
    # Duties and platforms: one line each (cut with …), so no list scrolls inside the page.
    for item_list in app.screen.query(ItemList):
        assert item_list.virtual_size.height == item_list.option_count
        assert not item_list.show_vertical_scrollbar


# ---------------------------------------------------------------- effort and capacity


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
async def test_cards_and_status_bar_say_logged_planned_room_and_over_in_words(
    seeded: Store, size: tuple[int, int]
) -> None:
    # A 3-hour week less 1 h 30 of events leaves 1 h 30 for 2 h 30 of posts planned on
    # social platforms (storage.capacity: the newsletter's 2 h are the newsletters duty's).
    app = make_app(seeded, hours_per_week=3)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        # The cards say which time is logged and which planned.
        text = "\n".join(lines[:-2])  # the grid
        assert "planned" in text and "/" not in text
        # Council recap: 45 min planned, nothing logged: its card says so in words.
        monday = [line.split("▏")[0].strip(" ▌") for line in text.splitlines()]
        first = next(i for i, line in enumerate(monday) if line.startswith("Council"))
        card = " ".join(monday[first : first + 5])
        assert "0 min of 45 min planned" in card

        # The status bar reads planned, room and over in words.
        bar = lines[-2]
        assert "Planned 2 h 30 · room 1 h 30 — over by 1 h  │  Logged 4 h 15" in bar
        assert "social 65 %" in bar and "…" not in bar
        assert ("Posts FB 1" in bar) is (size == LARGE)  # the first to go at 80


async def the_editor_names_logged_and_planned(pilot: Pilot, seeded: Store) -> None:
    from tui.dialogs import PostFormDialog

    app = pilot.app
    await pilot.press("down", "enter")  # Winter fair teaser video: 1 h 30 planned
    assert isinstance(app.screen, PostFormDialog)
    assert "0 min of 1 h 30 planned" in screen_text(app)
    await pilot.press("escape")
    await pilot.press("up", "enter")  # Council recap: 45 min planned
    assert isinstance(app.screen, PostFormDialog)
    estimate = app.screen.query_one("#estimate", Input)
    estimate.value = ""  # no estimate: the time logged alone, named
    await pilot.pause()
    assert "0 min logged" in screen_text(app) and "logged 0 min" not in screen_text(app)


async def test_summary_settings_and_editor_at_80x24(seeded: Store) -> None:
    """The summary's notes, the settings page and the post editor at 80×24, in turn in one
    app (starting one costs more than most cases), each from the week; a failure names its
    case."""
    app = make_app(seeded)
    async with app.run_test(size=SMALL) as pilot:
        for case in (
            summary_notes_wrap_at_spaces_with_units_kept,
            the_settings_fit_80_columns_beside_their_scrollbar,
            the_editor_names_logged_and_planned,
        ):
            while len(app.screen_stack) > 1:  # the settings screen
                await pilot.press("escape")
            if app.current_mode != "week":
                app.show_view("week")
                await wait_until(pilot, lambda: app.current_mode == "week", what="the week")
            try:
                await case(pilot, seeded)
            except AssertionError as error:
                raise AssertionError(f"{case.__name__}: {error}") from error


# ---------------------------------------------------------------- the footer


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
async def test_the_footer_shows_whole_keys_only(seeded: Store, size: tuple[int, int]) -> None:
    """Each view in turn (w, m, l, r, b from the week), in one app per size."""
    from textual.widgets._footer import FooterKey

    app = make_app(seeded)
    async with app.run_test(size=size) as pilot:
        for view in ("w", "m", "l", "r", "b"):
            app.show_view("week")
            await wait_until(pilot, lambda: app.current_mode == "week", what="the week")
            await pilot.press(view)
            # A view's footer keys are composed after it shows: wait for them to be drawn.
            await wait_until(
                pilot, lambda: screen_text(app).splitlines()[-1].strip(), what=f"{view}: keys"
            )
            footer = screen_text(app).splitlines()[-1]
            # Nothing of a key shows after it.
            assert footer.rstrip().endswith("▏^p palette"), (view, footer)
            keys = [k for k in app.screen.query(FooterKey) if not k.has_class("-command-palette")]
            shown = [k for k in keys if k.display]
            assert shown and all(k.description in footer for k in shown), (view, footer)
            # The keys hidden are the last ones (all of them are in `?` and the palette).
            assert keys[: len(shown)] == shown, view


# ---------------------------------------------------------------- the wrapping rules


def test_wrap_phrases_breaks_after_separators_and_hangs_under_the_parenthesis() -> None:
    from tui.widgets.wrapped import wrap_phrases, wrap_text

    text = "Week  9 h  (social media 2 h 45 · web content 1 h 30 · press relations 1 h 30)"
    assert wrap_phrases(text, 50) == [
        "Week  9 h  (social media 2 h 45 ·",
        "            web content 1 h 30 ·",
        "            press relations 1 h 30)",
    ]
    assert wrap_phrases(text, 200) == [text]
    # A unit stays with its number; a word longer than a line is cut with an ellipsis.
    assert wrap_text("left 33.5 h for it", 9) == ["left", "33.5 h", "for it"]
    assert wrap_text("Supercalifragilistic x", 8, indent="  ") == ["Superca…", "  x"]


def test_the_cli_shows_effort_in_the_same_words(seeded: Store) -> None:
    from click.testing import CliRunner

    from tui.cli import cli

    def show(title: str) -> str:
        args = ["--db", str(seeded.path), "--now", "2026-11-23T15:00"]
        result = CliRunner().invoke(cli, [*args, "post", "show", str(find(seeded, title).id)])
        assert result.exit_code == 0, result.output
        return result.output

    recap = find(seeded, "Council recap")
    seeded.add_entry(EntryDraft("social media", at(0, 7), at(0, 7, 20), post_id=recap.id))
    assert "effort    20 min of 45 min planned" in show("Council recap")
    assert "effort" not in show("Library hours")  # no estimate, nothing logged
