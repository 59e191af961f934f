"""The Store's side of a post that came from, or goes to, a shared CalDAV calendar: reading a
post with its series' changed dates by UID, and saving a calendar's version of it in one
transaction."""

from __future__ import annotations

from storage.store.catalog import CatalogStore


class SyncedPostStore(CatalogStore):
    """Posts as a sync sees them; filled in by issue 17's mapping."""
