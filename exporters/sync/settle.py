"""Conflicts left for the person (a sync with `ask=True`): listed, and settled here only;
the next run sends the result."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from exporters.sync import mapping
from exporters.sync.model import SyncConflict
from exporters.sync.run import new_uid, stamp
from storage.errors import NotFoundError
from storage.i18n import _

if TYPE_CHECKING:
    from storage.store import Store


def pending(store: Store) -> list[SyncConflict]:
    found = []
    for row in store.sync_conflicts():
        mine = store.synced_post(row.uid)
        title = mine[0].title if mine else row.uid
        found.append(SyncConflict(row.uid, title, row.remote_changed_by, False))
    return found


def resolve(store: Store, uid: str, choice: str, *, now: dt.datetime) -> None:
    rows = [row for row in store.sync_conflicts() if row.uid == uid]
    if not rows:
        raise NotFoundError(_("no sync conflict waits for {uid}").format(uid=uid))
    if choice not in ("mine", "theirs", "both"):
        raise ValueError(choice)
    row = rows[0]
    share = _shares_notes(store, row.calendar_url)
    theirs = mapping.read_resource(row.remote_text, store, share_notes=share)
    fingerprint = theirs.fingerprint
    if choice == "theirs":
        mapping.apply_remote(store, theirs)
        mine = mapping.local_fingerprints(store, share_notes=share).get(uid)
        fingerprint = mine.fingerprint if mine else fingerprint
    else:
        if choice == "both":
            mapping.apply_remote(store, theirs, new_uid=new_uid())
        # Recorded as agreed on theirs, so the next run sends mine over it (If-Match).
    store.save_sync_item(
        row.calendar_url,
        uid,
        href=row.remote_href,
        etag=row.remote_etag,
        sequence=theirs.sequence,
        fingerprint=fingerprint,
        changed_by=row.remote_changed_by,
        changed_at=stamp(now),
    )
    store.drop_sync_conflict(row.calendar_url, uid)
    state = store.sync_calendar(row.calendar_url)
    if state is not None:
        # The choice is for the next run to send, even when no post changed here.
        store.save_sync_calendar(
            state.url,
            state.role,
            sync_token=state.sync_token,
            ctag=state.ctag,
            local_token=None,
            synced_at=state.synced_at or stamp(now),
        )


def _shares_notes(store: Store, calendar_url: str) -> bool:
    # Whether notes travel is a [sync] setting the conflict does not carry; the fingerprint
    # of theirs only matters to the next run, which recomputes with the setting in force.
    return False
