"""The same typed line gives the same result in `calepin log` and in the TUI's command bar.

Each line runs on a fresh copy of the same starting database, once through the CLI
(CliRunner, `--db`, `--now`) and once through the command bar of one running app (the
database reset between lines): the saved rows are identical, or both refuse with the same
message, or both ask about the same reasons (the TUI's dialog answered with cancel).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual import events

from storage import EntryDraft, Store
from tests.conftest import NOW, ZONE, ZONE_NAME
from tests.tui.conftest import make_app
from tui.cli import cli
from tui.dialogs.overlap import OverlapDialog
from tui.widgets.command_bar import CommandBar, EchoLine

NOW_ARG = "2026-11-23T15:00"


def at(hour: int, minute: int = 0, days: int = 0) -> dt.datetime:
    return dt.datetime.combine(NOW.date() + dt.timedelta(days=days), dt.time(hour, minute), ZONE)


# The starting databases: one finished entry Mon 09:00–10:00; plus a timer for an hour, or
# one forgotten since 03:00 (12 hours at 15:00).
STATES = {
    "base": [],
    "timer": [("social media", at(14))],
    "forgotten": [("social media", at(3))],
}

# (typed line, starting state)
LINES: list[tuple[str, str]] = [
    # durations
    ("1h30 social", "base"),
    ("1h30m newsletters", "base"),
    ("90m events", "base"),
    ("1.5h press", "base"),
    (":45 web", "base"),
    ("45m video", "base"),
    # ranges
    ("2-4pm events", "base"),  # ends at 16:00: in the future
    ("1-2pm events", "base"),
    ("14:00-14:30 meetings", "base"),
    ("11:00-12:30 press", "base"),
    ("yesterday 2-4pm press lists", "base"),
    ("yesterday 14:00-16:30 events", "base"),
    ("fri 9-10am web", "base"),
    ("2026-11-20 10:00-11:15 planning", "base"),
    # aliases and activities
    ("1h sm engage replied to council thread", "base"),
    ("30m socials monitor veille", "base"),
    ("2h infolettre create december issue", "base"),
    ("1h presse rapport", "base"),
    ("20m promo", "base"),
    ("1h admin expenses", "base"),
    ("1h social crise", "base"),
    ("45m social publish", "base"),
    # notes with odd text
    ("1h social [/] closing tag", "base"),
    ("1h social <b>bold</b> & co", "base"),
    ("1h events =SUM(A1)", "base"),
    ("1h social [bold red]hi[/]", "base"),
    ("1h newsletter 100% done (v2) #draft {x}", "base"),
    # the timer
    ("start newsletter", "base"),
    ("start social engage council thread", "base"),
    ("start events", "timer"),
    ("stop", "timer"),
    ("stop", "base"),  # no timer to stop
    # bad input
    ("", "base"),
    ("1h30", "base"),
    ("2h nonsense", "base"),
    ("4-2pm events", "base"),
    ("16:00-14:00 events", "base"),
    ("tomorrow 9-10am events", "base"),  # in the future
    ("yesterday 8am 11h events", "base"),  # longer than 10 h
    ("9:30-10:30 social", "base"),  # overlaps the 09:00–10:00 entry
    ("8-11am events", "base"),  # covers it
    ("1h social", "timer"),  # overlaps the running timer
    ("start newsletter", "forgotten"),  # a timer forgotten for 12 h
    ("stop", "forgotten"),
    ("start", "base"),
    ("stop now please", "base"),
]


def rows(path: Path) -> list[tuple[object, ...]]:
    with Store.open(path) as store:
        return _rows(store)


def _rows(store: Store) -> list[tuple[object, ...]]:
    return [
        (e.duty, e.activity, e.start, e.end, e.note, str(e.source)) for e in store.all_entries()
    ]


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory, new_database: Path) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("same-line")
    made = {}
    for name, timers in STATES.items():
        path = folder / f"{name}.db"
        shutil.copy(new_database, path)  # the schema built once for the session
        with Store.open(path, zone_name=ZONE_NAME) as store:
            store.add_entry(EntryDraft("events", at(9), at(10), note="existing"))
            for duty, start in timers:
                store.start_timer(duty, start)
        made[name] = path
    return made


def cli_outcome(template: Path, folder: Path, line: str) -> tuple[str, object]:
    path = folder / "cli.db"
    shutil.copy(template, path)
    words = line.split() or [""]
    result = CliRunner().invoke(cli, ["--db", str(path), "--now", NOW_ARG, "log", *words])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    if result.exit_code == 0:
        return "saved", rows(path)
    assert result.exit_code == 1, result.output
    assert rows(path) == rows(template), "a refusal saved something"
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("Error: "), message
    return "refused", message.removeprefix("Error: ")


CliSaid = Callable[[str, str], tuple[str, object]]


@pytest.fixture(scope="module")
def cli_said(templates: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> CliSaid:
    """What `calepin log` did with a line on a starting state, run once per line and state
    in a worker (the count below and the comparisons with the bar both need it)."""
    folder = tmp_path_factory.mktemp("cli")
    said: dict[tuple[str, str], tuple[str, object]] = {}

    def outcome(line: str, state: str) -> tuple[str, object]:
        if (line, state) not in said:
            said[line, state] = cli_outcome(templates[state], folder, line)
        return said[line, state]

    return outcome


def test_most_lines_save(cli_said: CliSaid) -> None:
    outcomes = [cli_said(line, state) for line, state in LINES]
    assert sum(kind == "saved" for kind, _ in outcomes) >= 25


# The lines in three parts, each on its own app: xdist's workers share them out (one app
# for all 46 lines was the suite's longest test).
PARTS = [range(0, 16), range(16, 32), range(32, len(LINES))]


@pytest.mark.parametrize("part", PARTS, ids=lambda r: f"lines-{r.start}-{r.stop - 1}")
async def test_the_same_line_gives_the_same_result(
    templates: dict[str, Path], cli_said: CliSaid, tmp_path: Path, part: range
) -> None:
    lines = [(index, LINES[index]) for index in part]
    expected = {(line, state): cli_said(line, state) for _, (line, state) in lines}
    before = {state: rows(path) for state, path in templates.items()}
    tui_db = tmp_path / "tui.db"
    shutil.copy(templates["base"], tui_db)
    with Store.open(tui_db) as store:
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("colon")  # the log screen, its bar focused
            for index, (line, state) in lines:
                with sqlite3.connect(templates[state]) as source:
                    source.backup(store.connection)
                app.clear_notifications()
                bar = app.screen.query_one(CommandBar)
                bar.input.value = ""
                bar.focus_input()
                await type_line(app, pilot, line, keys=index < TYPED)
                await pilot.press("enter")
                got = await tui_outcome(app, pilot, store, bar, before[state])
                kind, cli_said = expected[(line, state)]
                if got[0] == "asked":
                    assert kind == "refused", (line, got, cli_said)
                    reasons = "; ".join(got[1])
                    assert cli_said.startswith(f"not saved: {reasons}; "), (line, cli_said)
                else:
                    assert got == (kind, cli_said), line


# Pilot waits for the app to go idle after every key (tens of milliseconds): the first lines
# are typed key by key, the others pasted into the bar in one event, as from the clipboard.
TYPED = 6


async def type_line(app, pilot, line: str, *, keys: bool) -> None:
    if keys:
        await pilot.press(*line)
    elif line:
        app.screen.focused.post_message(events.Paste(line))
        await pilot.pause()


async def tui_outcome(
    app, pilot, store: Store, bar: CommandBar, before: list[tuple[object, ...]]
) -> tuple[str, object]:
    if isinstance(app.screen, OverlapDialog):
        reasons = list(app.screen.reasons)
        await pilot.press("escape")
        assert _rows(store) == before, "a cancelled question saved something"
        return "asked", reasons
    echo = bar.query_one("#command-echo", EchoLine)
    if echo.has_class("-error"):
        return "refused", echo.text
    errors = [n.message for n in app._notifications if n.severity == "error"]
    if errors:
        return "refused", errors[-1]
    return "saved", _rows(store)


# Lines typed in French, the language in use: `10h` is a time of day there, `2 h` a duration
# (storage/grammar/logline.py, "In French"). Both surfaces must read them alike.
FRENCH_LINES: list[tuple[str, str]] = [
    ("10h événements", "base"),  # from 10:00 to now, just after the 09:00–10:00 entry
    ("14h30 web", "base"),
    ("2 h social modération", "base"),
    ("1 h 30 réunions", "base"),
    ("de 11h à 12h30 presse", "base"),
    ("hier 10h-12h événements graphisme", "base"),
    ("90 min infolettre statistiques", "base"),
    ("depuis 13h vidéo", "base"),
    ("16h web", "base"),  # still to come today: refused
    ("hier 10h événements", "base"),  # a start alone on another day: refused
    ("9h 45min social", "base"),
]


async def test_the_same_french_line_gives_the_same_result(
    templates: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, french: str
) -> None:
    from storage.i18n import _

    monkeypatch.setenv("LANG", "fr_CA.UTF-8")  # the CLI reads its language from the locale
    error = _("Error: {message}").format(message="")
    expected = {}
    for line, state in FRENCH_LINES:
        path = tmp_path / "cli.db"
        shutil.copy(templates[state], path)
        result = CliRunner().invoke(
            cli, ["--db", str(path), "--now", NOW_ARG, "log", *line.split()]
        )
        assert result.exit_code in (0, 1), result.output
        if result.exit_code == 0:
            expected[line] = ("saved", rows(path))
        else:
            message = result.stderr.strip().splitlines()[-1]
            assert message.startswith(error), message
            expected[line] = ("refused", message.removeprefix(error))
    assert [line for line, _s in FRENCH_LINES if expected[line][0] == "saved"] == [
        line for line, _s in FRENCH_LINES[:8]
    ]
    before = {state: rows(path) for state, path in templates.items()}
    tui_db = tmp_path / "tui.db"
    shutil.copy(templates["base"], tui_db)
    with Store.open(tui_db) as store:
        app = make_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("colon")
            for line, state in FRENCH_LINES:
                with sqlite3.connect(templates[state]) as source:
                    source.backup(store.connection)
                app.clear_notifications()
                bar = app.screen.query_one(CommandBar)
                bar.input.value = ""
                bar.focus_input()
                await type_line(app, pilot, line, keys=False)
                await pilot.press("enter")
                got = await tui_outcome(app, pilot, store, bar, before[state])
                assert got == expected[line], line
