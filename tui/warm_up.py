"""After the first frame: import what the keys will need, one module per idle moment.

The app's first frame imports only the week (tests/tui/test_start_up.py keeps it so). Once it
is painted, the dialogs and the other views are imported in the background of the event
loop, a module each time the screen is idle: by the time a person presses `n`, `/` or `r`,
the import is done, and a key pressed meanwhile waits for one import at most.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

# In the order the keys are likely to be pressed; a module imports what it needs with it.
MODULES: tuple[str, ...] = (
    "tui.dialogs.post_form",  # n, enter
    "storage.commands",  # every change to a post
    "tui.dialogs.filter",  # /
    "storage.search",
    "tui.dialogs.choice",  # enter on a repeating post, d
    "tui.dialogs.confirm",
    "tui.screens.log",  # l, :, the timer keys
    "tui.screens.month",  # m
    "tui.screens.backlog",  # b
    "tui.screens.summary",  # r
    "tui.screens.help",  # ?
    "tui.dialogs.goto",  # g
    "tui.dialogs.publish",  # p
    "tui.dialogs.copy_to_platforms",  # c
    "tui.screens.settings",  # ,
    "tui.dialogs.export",  # x
    "tui.dialogs.import_meetings",  # X
    "tui.palette",  # ctrl+p
)


def warm_up(
    host: Any,
    modules: Sequence[str] = MODULES,
    then: Sequence[Callable[[], object]] = (),
    done: Callable[[], object] | None = None,
) -> None:
    """On `host` (an App), one step after each refresh: import `modules`, run `then` (more
    work of the same kind, one call a step), and finally call `done`."""
    steps: list[Callable[[], object]] = [partial(importlib.import_module, m) for m in modules]
    steps += then

    def step() -> None:
        if getattr(host, "leaving", False) or not host.is_running:
            return
        if not steps:
            if done is not None:
                done()
            return
        steps.pop(0)()
        host.call_after_refresh(step)

    host.call_after_refresh(step)
