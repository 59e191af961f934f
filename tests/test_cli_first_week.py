"""What a coordinator trips on in the first week (issue 18): the command line's side."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from storage import Store
from tui.cli import cli

MONDAY_3PM = "2026-11-23T15:00"


@pytest.fixture
def calepin(store: Store, db_path: Path):  # `store` creates the file
    def invoke(now: str, *args: str, input: str | None = None) -> Result:
        result = CliRunner().invoke(cli, ["--db", str(db_path), "--now", now, *args], input=input)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        return result

    return invoke


def _commands(group: click.Group, path: list[str], ctx: click.Context) -> Iterator[list[str]]:
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        yield [*path, name]
        if isinstance(command, click.Group):
            sub = click.Context(command, parent=ctx, info_name=name)
            yield from _commands(command, [*path, name], sub)


def test_every_command_answers_dash_h_with_its_help(calepin) -> None:
    paths = list(_commands(cli, [], click.Context(cli, info_name="calepin")))
    assert ["timer", "start"] in paths and ["log"] in paths and ["post", "add"] in paths
    for path in paths:
        result = calepin(MONDAY_3PM, *path, "-h")
        assert result.exit_code == 0, (path, result.output)
        assert result.output.startswith("Usage: "), (path, result.output)


def test_words_starting_with_a_dash_stay_words(calepin, store: Store) -> None:
    result = calepin(MONDAY_3PM, "log", "1h", "social", "--", "-h")
    assert result.exit_code == 0, result.output
    assert [e.note for e in store.all_entries()] == ["-h"]


def test_timer_start_at_an_earlier_time_today(calepin, store: Store) -> None:
    assert calepin(MONDAY_3PM, "log", "10-11", "events").exit_code == 0
    result = calepin(MONDAY_3PM, "timer", "start", "social", "--at", "11:30")
    assert result.exit_code == 0, result.output
    assert "Started timer #2: Mon 23 Nov 11:30 → running · social media" in result.output
    # A second start --at switches: the running timer stops when the new one began.
    result = calepin(MONDAY_3PM, "timer", "start", "web", "--at", "12:00")
    assert result.exit_code == 0, result.output
    assert "Stopped timer #2: Mon 23 Nov 11:30–12:00 · 30 min · social media" in result.output
    timer = store.running_timer()
    assert timer is not None and timer.duty == "web content"
    assert timer.start.astimezone(store.zone).strftime("%H:%M") == "12:00"


@pytest.mark.parametrize(
    ("at", "message"),
    [
        ("16:00", "Error: Mon 16:00 is in the future; a timer starts now or earlier"),
        (
            "9:15",
            "Error: Mon 23 Nov 10:00–11:00 · 1 h · events is already logged after 09:15; "
            "start at 11:00 or later",
        ),
        ("", "Error: --at is empty"),
        ("tomorrow", "Error: --at needs a time"),
    ],
)
def test_timer_start_at_refuses_the_future_and_logged_time(
    calepin, store: Store, at: str, message: str
) -> None:
    assert calepin(MONDAY_3PM, "log", "10-11", "events").exit_code == 0
    result = calepin(MONDAY_3PM, "timer", "start", "social", "--at", at)
    assert result.exit_code == 1
    assert message in result.output
    assert store.running_timer() is None


def test_timer_start_at_before_the_running_timer_is_refused(calepin, store: Store) -> None:
    assert calepin("2026-11-23T14:00", "timer", "start", "events").exit_code == 0
    result = calepin(MONDAY_3PM, "timer", "start", "social", "--at", "13:30")
    assert result.exit_code == 1
    assert "the events timer started Mon 23 Nov 14:00; a new timer stops it" in result.output
    timer = store.running_timer()
    assert timer is not None and timer.duty == "events"


def test_log_dash_reads_lines_as_the_command_bar_reads_a_paste(calepin, store: Store) -> None:
    lines = "1h events planning\n9-10 social engage replied\n\nzz nonsense\n14:30-16 web\n"
    result = calepin(MONDAY_3PM, "log", "-", input=lines)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "Saved #1: Mon 23 Nov 14:00–15:00 · 1 h · events · “planning”",
        "Saved #2: Mon 23 Nov 09:00–10:00 · 1 h · social media / engage · “replied”",
    ]
    assert "Not saved: zz nonsense: how long?" in result.stderr
    assert "Not saved: 14:30-16 web: it ends in the future" in result.stderr
    assert "Error: 2 of 4 lines not saved" in result.stderr
    assert len(store.all_entries()) == 2


def test_post_rm_names_the_platform_and_the_copies_that_stay(calepin, store: Store) -> None:
    from storage import PostDraft

    recap = store.add_post(PostDraft("Council recap", "LinkedIn"))
    store.duplicate_post(recap.id, ["Facebook"])
    result = calepin(MONDAY_3PM, "post", "rm", str(recap.id))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Deleted post #{recap.id}: Council recap (LinkedIn) The copy on Facebook stays.\n"
    )


def test_post_move_to_a_day_alone_keeps_the_time(calepin, store: Store) -> None:
    import datetime as dt

    from storage import PostDraft

    post = store.add_post(
        PostDraft("Council recap", "LinkedIn", date=dt.date(2026, 11, 24), time=dt.time(10, 30))
    )
    result = calepin(MONDAY_3PM, "post", "move", str(post.id), "fri")
    assert result.exit_code == 0, result.output
    moved = store.get_post(post.id)
    assert (moved.date, moved.time) == (dt.date(2026, 11, 27), dt.time(10, 30))
    result = calepin(MONDAY_3PM, "post", "move", str(post.id), "thu", "2pm")
    assert (store.get_post(post.id).date, store.get_post(post.id).time) == (
        dt.date(2026, 11, 26),
        dt.time(14, 0),
    )
