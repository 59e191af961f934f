"""The `calepin` command line: quick logging and scripting over the same database as the TUI.

`main.py` holds the group and its shared `Env`; one module per noun holds its commands. Every
noun module is imported only when one of its commands runs (`LAZY_COMMANDS`), so `calepin log`
loads neither the post nor the report code, and nothing here imports Textual until the TUI is
launched.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING, Any

# Loading modules makes no garbage worth collecting, yet the collections it sets off walk
# what was loaded: none while the command line loads, and what it loaded is set aside
# (`gc.freeze`, as `main.collect_from_here` does after the store opens).
_collecting = gc.isenabled()
gc.disable()

from tui.cli import module_cache, pattern_cache  # noqa: E402

# Before click and the rest load: their modules and regular expressions may come kept.
module_cache.install()
pattern_cache.install()

from tui.cli.main import LAZY_COMMANDS, Env, cli, default_db_path, main, pass_env  # noqa: E402

if _collecting:
    gc.freeze()
    gc.enable()

if TYPE_CHECKING:
    from tui.cli.common import emit, entry_to_json, fail, post_to_json, render_table

# Re-exported from `common`, which imports the store and the grammar: on first use only.
_FROM_COMMON = frozenset({"emit", "entry_to_json", "fail", "post_to_json", "render_table"})


def __getattr__(name: str) -> Any:
    if name in _FROM_COMMON:
        from tui.cli import common

        return getattr(common, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
