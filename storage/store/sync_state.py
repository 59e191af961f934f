"""The Store's record of a CalDAV sync: per calendar its sync token, ctag and the local
change token of the last complete run; per item what both sides last agreed on; the
conflicts waiting for the person's choice; and the objects left on the server as not posts
(tables made by migration 0012_sync).

This describes the server, not the person's work: each write is its own small transaction
without a label, so undo never takes it back (undo would otherwise make the next run think
the server changed).
"""

from __future__ import annotations

from storage.deferred import built_on_first_use, deferred
from storage.store.catalog import CatalogStore


@deferred(frozen=True, slots=True)
class SyncCalendarState:
    """Where a calendar stood at the end of the last complete run."""

    url: str
    role: str
    sync_token: str | None
    ctag: str | None
    local_token: str | None
    synced_at: str | None


@deferred(frozen=True, slots=True)
class SyncItem:
    """The version of one UID both sides last agreed on."""

    calendar_url: str
    uid: str
    href: str
    etag: str | None
    sequence: int
    fingerprint: str
    changed_by: str | None
    changed_at: str | None


@deferred(frozen=True, slots=True)
class SyncConflictRow:
    """The calendar's version of a post also changed here, kept until the person chooses."""

    calendar_url: str
    uid: str
    remote_text: str
    remote_etag: str | None
    remote_href: str
    remote_changed_by: str | None
    found_at: str


@deferred(frozen=True, slots=True)
class SyncSkipped:
    """An object of the calendar that is not a post, at the version last read: unchanged,
    it is not fetched again. `uid` (when it has one) keeps its post here from being taken
    for deleted."""

    calendar_url: str
    href: str
    etag: str
    uid: str | None


_ITEM_COLUMNS = "calendar_url, uid, href, etag, sequence, fingerprint, changed_by, changed_at"
_CONFLICT_COLUMNS = (
    "calendar_url, uid, remote_text, remote_etag, remote_href, remote_changed_by, found_at"
)


class SyncStateStore(CatalogStore):
    """Sync bookkeeping (see the module docstring)."""

    # -- calendars

    def sync_calendar(self, url: str) -> SyncCalendarState | None:
        row = self._conn.execute(
            "SELECT url, role, sync_token, ctag, local_token, synced_at"
            " FROM sync_calendars WHERE url = ?",
            (url,),
        ).fetchone()
        return None if row is None else __getattr__("SyncCalendarState")(*row)

    def sync_calendar_urls(self, role: str) -> list[str]:
        """The calendars synced before in `role` ('posts' or 'meetings'), latest first."""
        rows = self._conn.execute(
            "SELECT url FROM sync_calendars WHERE role = ? ORDER BY synced_at DESC, url", (role,)
        )
        return [row[0] for row in rows]

    def save_sync_calendar(
        self,
        url: str,
        role: str,
        *,
        sync_token: str | None,
        ctag: str | None,
        local_token: str | None,
        synced_at: str,
    ) -> None:
        """Record the end of a complete run on the calendar at `url`."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO sync_calendars (url, role, sync_token, ctag, local_token, synced_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET role = excluded.role,"
                " sync_token = excluded.sync_token, ctag = excluded.ctag,"
                " local_token = excluded.local_token, synced_at = excluded.synced_at",
                (url, role, sync_token, ctag, local_token, synced_at),
            )

    def forget_sync_calendar(self, url: str) -> None:
        """Drop a calendar's record and its items (the next run starts afresh)."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM sync_calendars WHERE url = ?", (url,))
            conn.execute("DELETE FROM sync_items WHERE calendar_url = ?", (url,))
            conn.execute("DELETE FROM sync_conflicts WHERE calendar_url = ?", (url,))
            conn.execute("DELETE FROM sync_skipped WHERE calendar_url = ?", (url,))

    # -- items

    def sync_items(self, calendar_url: str) -> dict[str, SyncItem]:
        """The agreed versions on a calendar, by UID."""
        item = __getattr__("SyncItem")
        rows = self._conn.execute(
            f"SELECT {_ITEM_COLUMNS} FROM sync_items WHERE calendar_url = ?", (calendar_url,)
        )
        return {row[1]: item(*row) for row in rows}

    def sync_item_of(self, uid: str) -> SyncItem | None:
        """The agreed version of `uid` on whichever calendar has it (its last change)."""
        row = self._conn.execute(
            f"SELECT {_ITEM_COLUMNS} FROM sync_items WHERE uid = ?"
            " ORDER BY changed_at DESC LIMIT 1",
            (uid,),
        ).fetchone()
        return None if row is None else __getattr__("SyncItem")(*row)

    def save_sync_item(
        self,
        calendar_url: str,
        uid: str,
        *,
        href: str,
        etag: str | None,
        sequence: int,
        fingerprint: str,
        changed_by: str | None,
        changed_at: str | None,
    ) -> None:
        with self.transaction() as conn:
            conn.execute(
                f"INSERT INTO sync_items ({_ITEM_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(calendar_url, uid) DO UPDATE SET href = excluded.href,"
                " etag = excluded.etag, sequence = excluded.sequence,"
                " fingerprint = excluded.fingerprint, changed_by = excluded.changed_by,"
                " changed_at = excluded.changed_at",
                (calendar_url, uid, href, etag, sequence, fingerprint, changed_by, changed_at),
            )

    def drop_sync_item(self, calendar_url: str, uid: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "DELETE FROM sync_items WHERE calendar_url = ? AND uid = ?", (calendar_url, uid)
            )

    def deleted_title(self, uid: str) -> str | None:
        """The title of the post with `uid` that left the calendar: still here, moved back
        to the backlog, or deleted (its tombstone), for saying what a sync deleted there."""
        row = (
            self._conn.execute(
                "SELECT title FROM posts WHERE uid = ? AND recurrence_of IS NULL", (uid,)
            ).fetchone()
            or self._conn.execute(
                "SELECT title FROM tombstones WHERE uid = ? ORDER BY id DESC LIMIT 1", (uid,)
            ).fetchone()
        )
        return row[0] if row else None

    # -- objects left on the server

    def sync_skipped(self, calendar_url: str) -> dict[str, SyncSkipped]:
        """The objects last left on the calendar as not posts, by href."""
        row_type = __getattr__("SyncSkipped")
        rows = self._conn.execute(
            "SELECT calendar_url, href, etag, uid FROM sync_skipped WHERE calendar_url = ?",
            (calendar_url,),
        )
        return {row[1]: row_type(*row) for row in rows}

    def save_sync_skipped(
        self, calendar_url: str, skipped: dict[str, tuple[str, str | None]]
    ) -> None:
        """The calendar's objects left as not posts now (href → (ETag, UID)), in place of
        those of the last run."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM sync_skipped WHERE calendar_url = ?", (calendar_url,))
            conn.executemany(
                "INSERT INTO sync_skipped (calendar_url, href, etag, uid) VALUES (?, ?, ?, ?)",
                [(calendar_url, href, etag, uid) for href, (etag, uid) in skipped.items()],
            )

    # -- conflicts

    def sync_conflicts(self, calendar_url: str | None = None) -> list[SyncConflictRow]:
        """Conflicts waiting for a choice (on one calendar, or all), oldest first."""
        row_type = __getattr__("SyncConflictRow")
        sql = f"SELECT {_CONFLICT_COLUMNS} FROM sync_conflicts"
        params: tuple[str, ...] = ()
        if calendar_url is not None:
            sql += " WHERE calendar_url = ?"
            params = (calendar_url,)
        return [
            row_type(*row) for row in self._conn.execute(sql + " ORDER BY found_at, uid", params)
        ]

    def save_sync_conflict(
        self,
        calendar_url: str,
        uid: str,
        *,
        remote_text: str,
        remote_etag: str | None,
        remote_href: str,
        remote_changed_by: str | None,
        found_at: str,
    ) -> None:
        with self.transaction() as conn:
            conn.execute(
                f"INSERT INTO sync_conflicts ({_CONFLICT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(calendar_url, uid) DO UPDATE SET"
                " remote_text = excluded.remote_text, remote_etag = excluded.remote_etag,"
                " remote_href = excluded.remote_href,"
                " remote_changed_by = excluded.remote_changed_by, found_at = excluded.found_at",
                (
                    calendar_url,
                    uid,
                    remote_text,
                    remote_etag,
                    remote_href,
                    remote_changed_by,
                    found_at,
                ),
            )

    def drop_sync_conflict(self, calendar_url: str, uid: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "DELETE FROM sync_conflicts WHERE calendar_url = ? AND uid = ?",
                (calendar_url, uid),
            )


__getattr__, __dir__ = built_on_first_use(globals())
