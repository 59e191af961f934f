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
    kept: Sequence[str] = (),
) -> None:
    """On `host` (an App), one step after each refresh: import `modules`, building each of
    the `kept` dialogs just after its module (tui/kept.py), run `then` (more work of the
    same kind, one call a step), and finally call `done`."""
    steps: list[Callable[[], object]] = []
    for module in modules:
        steps.append(partial(importlib.import_module, module))
        steps += kept_ahead(host, [name for name in kept if _BUILDERS[name][2] == module])
    steps += kept_ahead(host, [name for name in kept if _BUILDERS[name][2] not in modules])
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


def kept_ahead(app: Any, names: Sequence[str]) -> list[Callable[[], object]]:
    """Steps that build the big dialogs `names` and keep them (tui/kept.py)."""
    from tui.kept import lay_out_ahead

    steps: list[Callable[[], object]] = []
    for name in names:
        build, cls, _module = _BUILDERS[name]
        steps += [partial(build, app), lambda cls=cls: lay_out_ahead(app, cls())]
    return steps


def _post_form(app: Any) -> None:
    from tui.dialogs.post_form import PostFormDialog
    from tui.kept import build_ahead

    store = app.store
    build_ahead(
        app,
        PostFormDialog,
        post=None,
        day=app.focus_day,  # as `n` will open it: its first showing changes the least
        platforms=store.platforms(),
        campaigns=store.campaigns(),
        now=app.now(),
        validate=store.validate_post,
    )


def _filter(app: Any) -> None:
    from tui.dialogs.filter import FilterDialog, PostFilter
    from tui.kept import build_ahead

    build_ahead(app, FilterDialog, app.store.platforms(), app.store.campaigns(), PostFilter())


def _settings(app: Any) -> None:
    from tui.kept import build_ahead
    from tui.screens.settings import SettingsScreen

    build_ahead(app, SettingsScreen, app.store, app.settings)


def _export(app: Any) -> None:
    from tui.dialogs.export import ExportDialog
    from tui.kept import build_ahead

    build_ahead(app, ExportDialog, app.store, app.now())


def _import_meetings(app: Any) -> None:
    from tui.dialogs.import_meetings import ImportMeetingsDialog
    from tui.kept import build_ahead

    build_ahead(app, ImportMeetingsDialog, app.store, app.now())


def _class(module: str, name: str) -> Callable[[], Any]:
    return lambda: getattr(importlib.import_module(module), name)


# name -> (the step that builds it, its class, its module)
_BUILDERS: dict[str, tuple[Callable[[Any], None], Callable[[], Any], str]] = {
    "post_form": (
        _post_form,
        _class("tui.dialogs.post_form", "PostFormDialog"),
        "tui.dialogs.post_form",
    ),
    "filter": (_filter, _class("tui.dialogs.filter", "FilterDialog"), "tui.dialogs.filter"),
    "settings": (
        _settings,
        _class("tui.screens.settings", "SettingsScreen"),
        "tui.screens.settings",
    ),
    "export": (_export, _class("tui.dialogs.export", "ExportDialog"), "tui.dialogs.export"),
    "import_meetings": (
        _import_meetings,
        _class("tui.dialogs.import_meetings", "ImportMeetingsDialog"),
        "tui.dialogs.import_meetings",
    ),
}
