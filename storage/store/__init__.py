"""The Store: one SQLite file, opened safely; every change one transaction, recorded for undo.

`Store` is composed of one class per responsibility, each in its own module: `core`
(connection, transactions, undo, settings, maintenance), `catalog` (platforms, duties,
activities, campaigns), `posts`, `series` (one date of a recurring post), `entries`
(time entries, the timer), `days_off` (leave the person marks) and `outcomes` (what the
work achieved per platform per month). `files` opens,
creates, checks and backs up the file; `validation` holds the field limits and text cleaning; `report_rows` the report's lean reads; `changes` the records of what a change did
(loaded by the first change).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storage.store.core import MAX_UNDO, guard_public_methods
from storage.store.days_off import DaysOffStore
from storage.store.entries import LONG_ENTRY, MAX_ENTRY, EntryStore
from storage.store.files import BUSY_TIMEOUT_MS, SQLITE_MAGIC, backup_path_for
from storage.store.outcomes import OutcomeStore
from storage.store.series import SeriesStore
from storage.store.sync_state import SyncStateStore
from storage.store.synced_posts import SyncedPostStore
from storage.store.validation import (
    MAX_BODY,
    MAX_ESTIMATE,
    MAX_NAME,
    MAX_NOTES,
    MAX_SHORT,
    MAX_TITLE,
    UNSET,
    clean_text,
    draft_from_post,
)

if TYPE_CHECKING:
    from storage.store.changes import Change, RowChange


def __getattr__(name: str) -> Any:
    # The change records load with the first change (see `changes`).
    if name in ("Change", "RowChange"):
        from storage.store import changes

        return getattr(changes, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Store(EntryStore, SeriesStore, DaysOffStore, OutcomeStore, SyncStateStore, SyncedPostStore):
    """Calepin's database. Open with `Store.open(path)`; every public mutation is atomic."""


# Damage that the fast open check does not see surfaces on first read: keep it a CalepinError.
guard_public_methods(Store)

__all__ = [
    "BUSY_TIMEOUT_MS",
    "LONG_ENTRY",
    "MAX_BODY",
    "MAX_ENTRY",
    "MAX_ESTIMATE",
    "MAX_NAME",
    "MAX_NOTES",
    "MAX_SHORT",
    "MAX_TITLE",
    "MAX_UNDO",
    "SQLITE_MAGIC",
    "UNSET",
    "Change",
    "RowChange",
    "Store",
    "backup_path_for",
    "clean_text",
    "draft_from_post",
]
