"""Two-way sync of posts with a CalDAV calendar, and meetings pulled from another into the hours.

The state both sides last agreed on lives in the database (`SyncStateStore`); every server
write is followed by its own small transaction recording it, so a run cut anywhere resumes.
The run itself is `exporters.sync.run`; the types it takes and gives are `exporters.sync.model`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from exporters.sync.model import (
    SyncConflict,
    SyncError,
    SyncProgress,
    SyncReport,
    SyncTarget,
)

if TYPE_CHECKING:
    from storage.store import Store

__all__ = [
    "SyncConflict",
    "SyncError",
    "SyncProgress",
    "SyncReport",
    "SyncTarget",
    "pending_conflicts",
    "resolve_conflict",
    "run_sync",
]


def run_sync(
    store: Store,
    target: SyncTarget,
    password: str,
    *,
    now: dt.datetime,
    dry_run: bool = False,
    ask: bool = False,
    progress: Callable[[SyncProgress], None] | None = None,
) -> SyncReport:
    """Sync the posts with `target`'s posts calendar, and pull its meetings calendar if set.

    Args:
        store: the open database; every local change is one undoable transaction.
        target: server, user and calendars.
        password: used for this run only; never stored, logged or put in a message.
        now: the present instant (aware).
        dry_run: find out what would travel, write nothing on either side (nor the state).
        ask: a post changed on both sides waits in `pending_conflicts` for the person
            (TUI); without it both versions are kept (CLI).
        progress: called as items are done (from the thread running the sync).

    Returns:
        What was sent, received, in conflict or skipped, and how many requests it took.

    Raises:
        SyncError: the server could not be reached, refused the login, or broke off; what
            was done until then is recorded, and the next run resumes.
    """
    from exporters.sync.run import SyncRun

    return SyncRun(
        store, target, password, now=now, dry_run=dry_run, ask=ask, progress=progress
    ).run()


def pending_conflicts(store: Store) -> list[SyncConflict]:
    """The posts changed on both sides that wait for the person's choice (oldest first)."""
    from exporters.sync.settle import pending

    return pending(store)


def resolve_conflict(
    store: Store, uid: str, choice: Literal["mine", "theirs", "both"], *, now: dt.datetime
) -> None:
    """Settle a conflict locally; the next run sends the result.

    Args:
        uid: the post's UID (as in `pending_conflicts`).
        choice: "mine" keeps this side's version, "theirs" takes the calendar's, "both" keeps
            this side's under its UID and adds the calendar's as a new post.

    Raises:
        NotFoundError: no conflict waits for that UID.
    """
    from exporters.sync.settle import resolve

    resolve(store, uid, choice, now=now)
