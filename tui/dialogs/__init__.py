"""Calepin's modal dialogs: data comes in, one result goes out, never a store call."""

from tui.dialogs.choice import ChoiceDialog
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.copy_to_platforms import CopyToPlatformsDialog
from tui.dialogs.filter import FilterDialog, PostFilter
from tui.dialogs.goto import GotoDialog
from tui.dialogs.post_form import PostFormDialog
from tui.dialogs.publish import PublishDialog

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
