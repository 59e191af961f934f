"""The `calepin` command line: quick logging and scripting over the same database as the TUI.

`main.py` holds the group and its shared `Env`; one module per noun adds its commands. `io`,
`report` and `config` are imported only when one of their commands runs (`LAZY_COMMANDS`), and
nothing here imports Textual until the TUI is launched.
"""

from __future__ import annotations

from tui.cli import catalog, hours, posts
from tui.cli.common import emit, entry_to_json, fail, post_to_json, render_table
from tui.cli.main import LAZY_COMMANDS, Env, cli, default_db_path, main, pass_env

for _command in (
    posts.post,
    hours.log,
    hours.timer,
    hours.entries,
    hours.entry,
    catalog.platforms,
    catalog.duties,
    catalog.campaigns,
):
    cli.add_command(_command)
del _command

__all__ = [
    "LAZY_COMMANDS",
    "Env",
    "cli",
    "default_db_path",
    "emit",
    "entry_to_json",
    "fail",
    "main",
    "pass_env",
    "post_to_json",
    "render_table",
]
