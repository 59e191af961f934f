"""Calepin's modal dialogs: data comes in, one result goes out, never a store call."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.dialogs.choice import ChoiceDialog
    from tui.dialogs.confirm import ConfirmDialog
    from tui.dialogs.copy_to_platforms import CopyToPlatformsDialog
    from tui.dialogs.filter import FilterDialog, PostFilter
    from tui.dialogs.goto import GotoDialog
    from tui.dialogs.post_form import PostFormDialog
    from tui.dialogs.publish import PublishDialog

# Loaded on first use: importing every dialog up front cost ~35 ms of the app's first paint.
_WHERE = {
    "ChoiceDialog": "choice",
    "ConfirmDialog": "confirm",
    "CopyToPlatformsDialog": "copy_to_platforms",
    "FilterDialog": "filter",
    "PostFilter": "filter",
    "GotoDialog": "goto",
    "PostFormDialog": "post_form",
    "PublishDialog": "publish",
}

__all__ = [
    "ChoiceDialog",
    "ConfirmDialog",
    "CopyToPlatformsDialog",
    "FilterDialog",
    "GotoDialog",
    "PostFilter",
    "PostFormDialog",
    "PublishDialog",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'tui.dialogs' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"tui.dialogs.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
