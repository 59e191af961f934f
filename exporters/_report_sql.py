# TEMP shim: removed at integration
"""The report's reads now live in `storage.store.report_rows`; re-exported here meanwhile."""

from storage.store.report_rows import (
    ENTRIES_SQL,
    ENTRY_KEY,
    MOVED_SQL,
    OLD_TIMER_SQL,
    POSTS_BY_ID_SQL,
    SERIES_SQL,
    SINGLE_POSTS_SQL,
    SOURCES,
    entry_key,
    entry_rows,
    moved_dates,
    posts_by_id,
    series_rows,
    single_posts,
)

__all__ = [
    "ENTRIES_SQL",
    "ENTRY_KEY",
    "MOVED_SQL",
    "OLD_TIMER_SQL",
    "POSTS_BY_ID_SQL",
    "SERIES_SQL",
    "SINGLE_POSTS_SQL",
    "SOURCES",
    "entry_key",
    "entry_rows",
    "moved_dates",
    "posts_by_id",
    "series_rows",
    "single_posts",
]
