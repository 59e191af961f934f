"""The Store's record of a CalDAV sync: per calendar its sync token, ctag and the local
change token of the last complete run; per item what both sides last agreed on; and the
conflicts waiting for the person's choice (tables made by migration 0012_sync)."""

from __future__ import annotations

from storage.store.catalog import CatalogStore


class SyncStateStore(CatalogStore):
    """Sync bookkeeping; filled in by issue 17's engine."""
