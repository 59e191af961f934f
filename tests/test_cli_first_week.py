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
    def invoke(now: str, *args: str) -> Result:
        result = CliRunner().invoke(cli, ["--db", str(db_path), "--now", now, *args])
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
