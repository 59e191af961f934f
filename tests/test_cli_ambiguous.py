"""`calepin post` and times a zone skips or repeats: refused with the gap named, or kept with
the reading chosen (`--second` / `--first`), on a real SQLite file."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from storage import Store
from tui.cli import cli

NOW_ARG = "2026-10-20T15:00"  # conftest's zone: America/Toronto
Run = Callable[..., Result]


@pytest.fixture
def run(db_path: Path) -> Run:
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        result = runner.invoke(cli, ["--db", str(db_path), "--now", NOW_ARG, *args])
        assert result.exception is None or isinstance(result.exception, SystemExit)
        return result

    return invoke


def _rows(path: Path) -> list[tuple[str, str, int]]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT date, time, fold FROM posts ORDER BY id").fetchall()


def _instant(path: Path, post_id: int) -> dt.datetime:
    with Store.open(path) as store:
        moment = store.get_post(post_id).starts_at
    assert moment is not None
    return moment.astimezone(dt.UTC)


def test_a_time_that_does_not_exist_is_refused(run: Run, db_path: Path) -> None:
    result = run("post", "add", "Night", "-p", "Facebook", "--at", "14 mar 2027 2:30am")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "Error: 02:30 does not exist on Sun 14 Mar 2027 in America/Toronto"
        " (clocks go from 02:00 to 03:00); choose 03:00 or later, or before 02:00"
    )
    assert _rows(db_path) == []


def test_a_time_that_happens_twice_says_which_one(run: Run, db_path: Path) -> None:
    first = run("post", "add", "First", "-p", "Facebook", "--at", "1 nov 1:30am")
    assert first.exit_code == 0, first.output
    assert (
        "Note: 01:30 happens twice on Sun 1 Nov 2026 in America/Toronto (clocks go back from"
        " 02:00 to 01:00): this is the first one, EDT (05:30 UTC); add --second for the second"
        " one (EST)"
    ) in first.stderr
    second = run("post", "add", "Second", "-p", "Facebook", "--at", "1 nov 1:30am", "--second")
    assert second.exit_code == 0, second.output
    assert "this is the second one, EST (06:30 UTC); --first for the first one (EDT)" in (
        second.stderr
    )
    assert _rows(db_path) == [("2026-11-01", "01:30", 0), ("2026-11-01", "01:30", 1)]
    one, two = int(first.stdout), int(second.stdout)
    assert _instant(db_path, one) == dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC)
    assert _instant(db_path, two) == dt.datetime(2026, 11, 1, 6, 30, tzinfo=dt.UTC)


def test_edit_and_move_choose_the_reading(run: Run, db_path: Path) -> None:
    post_id = run("post", "add", "Town hall", "-p", "Facebook", "--at", "1 nov 1:30am").stdout
    post_id = post_id.strip()
    edited = run("post", "edit", post_id, "--second")  # the time it has, the other reading
    assert edited.exit_code == 0, edited.output
    assert _rows(db_path) == [("2026-11-01", "01:30", 1)]
    assert run("post", "edit", post_id, "--first").exit_code == 0
    assert _rows(db_path) == [("2026-11-01", "01:30", 0)]
    moved = run("post", "move", post_id, "1", "nov", "1:45am", "--second")
    assert moved.exit_code == 0, moved.output
    assert "the second one, EST" in moved.stderr
    assert _rows(db_path) == [("2026-11-01", "01:45", 1)]
    # a plain move elsewhere leaves nothing to choose, and says nothing about it
    again = run("post", "move", post_id, "2", "nov", "1:45am")
    assert again.exit_code == 0 and "Note" not in again.stderr
    assert _rows(db_path) == [("2026-11-02", "01:45", 0)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--at", "2 nov 1:30am", "--second"),
            "Error: 01:30 happens once on Mon 2 Nov 2026 in America/Toronto; drop --second",
        ),
        (
            ("--second",),
            "Error: --second and --first choose between two readings of a time; give one with --at",
        ),
    ],
)
def test_second_where_there_is_nothing_to_choose(
    run: Run, db_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = run("post", "add", "Idea", "-p", "Facebook", *args)
    assert result.exit_code == 1
    assert result.stderr.strip() == message
    assert _rows(db_path) == []


def test_a_series_takes_the_first_reading(run: Run, db_path: Path) -> None:
    refused = run(
        "post", "add", "Weekly", "-p", "Facebook", "--at", "1 nov 1:30am", "--second",
        "--repeat", "every sun",
    )  # fmt: skip
    assert refused.exit_code == 1
    assert "a repeating post falls on the first one (EDT)" in refused.stderr
    added = run(
        "post", "add", "Weekly", "-p", "Facebook", "--at", "25 oct 1:30am",
        "--repeat", "every sun",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    series = added.stdout.strip()
    one = run("post", "edit", series, "--on", "2026-11-01", "--second")
    assert one.exit_code == 0, one.output
    assert _rows(db_path) == [("2026-10-25", "01:30", 0), ("2026-11-01", "01:30", 1)]


def test_show_says_which_reading(run: Run) -> None:
    post_id = run("post", "add", "Hall", "-p", "Facebook", "--at", "1 nov 1:30am", "--second")
    shown = run("post", "show", post_id.stdout.strip())
    assert "Sun 1 Nov 01:30 (America/Toronto, the second of two 01:30s: EST)" in shown.stdout
