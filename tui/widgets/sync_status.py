"""The sync's status line under a view: a run's progress, then its outcome or its failure."""

from __future__ import annotations

from typing import ClassVar

from textual.widgets import Static

from tui.text import literal


class SyncStatus(Static):
    """One line, mounted into a view once a sync has something to say (tui/sync_worker.py):
    a planner that never syncs keeps every row for its posts."""

    DEFAULT_CSS: ClassVar[str] = """
    SyncStatus {
        height: 1;
        width: 100%;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    SyncStatus.-failed {
        color: $text-error;
    }
    """

    def show(self, text: str, *, failed: bool = False) -> None:
        # The server's words and post titles are in it: shown literally, never as markup.
        self.update(literal(text))
        self.set_class(failed, "-failed")
