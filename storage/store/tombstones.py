"""The Store's tombstones: what a deleted post, series or changed date was in the calendars,
kept for a while so later .ics files cancel it (table made by migration 0007).

File imports in Outlook and Google only add or update: an event that just stops being
exported stays in them for good. So every change that takes away something a calendar may
hold leaves a tombstone, in the change's own transaction and recorded for undo (undoing the
delete drops it):

- a post or a whole series deleted, or a changed date of a series deleted (with its series,
  by `end_series`, by a skip): kind 'deleted', cancelled with STATUS:CANCELLED; also the
  post an undo takes away (an add undone: the post may have been exported in between);
- a date of a series skipped: kind 'skipped'. The series carries the event itself (EXDATE,
  SEQUENCE + 1); only the date's prep block is cancelled;
- a changed date given back to its series (`restore_occurrence`): kind 'restored'. The moved
  copy is an instance (RECURRENCE-ID) that calendars keep even when the series is re-sent
  without it; cancelling it would take the date away, so the date is re-sent as the series
  has it, with a higher SEQUENCE, and the instance moves back. Its `sequence` is the lowest
  the re-sent date goes out with (the moved copy's + 1).

Undo puts a deleted post back with its SEQUENCE + 2, above the cancellation's + 1, so
calendars that took the cancellation take the post again (`_restore`).

A post made after the last .ics file was written (`mark_exported`, called by the CLI and the
export dialog) leaves no tombstone: no calendar ever had it. Before any file is noted, every
dated post counts as exported, as exports were not noted before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from storage.deferred import built_on_first_use, deferred
from storage.store.catalog import CatalogStore
from storage.store.validation import _now_text
from storage.timeutil import from_db

DELETED, SKIPPED, RESTORED = "deleted", "skipped", "restored"
# When an .ics file was last written (UTC, to the second; `mark_exported`): a post made
# after it was never in a calendar, so deleting it cancels nothing.
EXPORTED_SETTING = "ics_exported_at"
# How long a cancellation is written into later exports when the settings say nothing.
RETENTION_DAYS = 90
_COUNT_LIMIT = 5000  # a series with more dates than this counts as open-ended

_COLUMNS = (
    "id, uid, recurrence_date, recurrence_time, kind, post_id, date, last_date, time, timezone,"
    " title, platform, status, campaign, rrule, skipped, sequence, prep_minutes, deleted_at"
)


@deferred(frozen=True, slots=True)  # built on first use: opening the Store reads none
class Tombstone:
    """One VEVENT calendars may still hold for something deleted (see the module docstring).

    `recurrence_date`/`recurrence_time` are the RECURRENCE-ID of one date of a series (None
    for a whole post or series); `date`..`last_date` the dates it occupied (`last_date`
    None: a series with no end); `sequence` the last SEQUENCE exported; `prep_minutes` the
    length of its prep block (None: it had none).
    """

    id: int
    uid: str
    recurrence_date: dt.date | None
    recurrence_time: dt.time | None
    kind: str
    post_id: int
    date: dt.date
    last_date: dt.date | None
    time: dt.time | None
    timezone: str
    title: str
    platform: str
    status: str
    campaign: str | None
    rrule: str | None
    skipped: tuple[dt.date, ...]
    sequence: int
    prep_minutes: int | None
    deleted_at: dt.datetime

    @property
    def prep_uid(self) -> str:
        """The prep block's UID as the export writes it (a series' dates: `prep_uid_on`)."""
        if self.recurrence_date is not None:
            return self.prep_uid_on(self.recurrence_date)
        return f"prep-{self.uid}"

    def prep_uid_on(self, day: dt.date) -> str:
        return f"prep-{day:%Y%m%d}-{self.uid}"


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _clock(text: str | None) -> dt.time | None:
    return dt.time.fromisoformat(text) if text else None


def _tombstone(r: Sequence[Any]) -> Tombstone:
    return __getattr__("Tombstone")(  # the module's own deferred class (storage.deferred)
        id=r[0],
        uid=r[1],
        recurrence_date=_day(r[2]),
        recurrence_time=_clock(r[3]),
        kind=r[4],
        post_id=r[5],
        date=dt.date.fromisoformat(r[6]),
        last_date=_day(r[7]),
        time=_clock(r[8]),
        timezone=r[9],
        title=r[10],
        platform=r[11],
        status=r[12],
        campaign=r[13],
        rrule=r[14],
        skipped=tuple(sorted(dt.date.fromisoformat(d) for d in r[15].split(",") if d)),
        sequence=r[16],
        prep_minutes=r[17],
        deleted_at=from_db(r[18]),
    )


def series_last_date(
    rule: str, first: dt.date, time: dt.time | None, zone_name: str
) -> dt.date | None:
    """A series' last date (a day late for a UTC UNTIL); None when it has no end."""
    from zoneinfo import ZoneInfo

    from storage import recurrence

    try:
        parts = dict(p.split("=", 1) for p in recurrence.normalise(rule).split(";"))
        if "UNTIL" in parts:
            until = dt.datetime.strptime(parts["UNTIL"][:8], "%Y%m%d").date()
            return max(first, until + dt.timedelta(days=1))
        if "COUNT" in parts and int(parts["COUNT"]) <= _COUNT_LIMIT:
            dates = list(recurrence.build(rule, first, time, ZoneInfo(zone_name)))
            return dates[-1].date() if dates else first
    except (ValueError, KeyError, OverflowError):  # unreadable: treated as open
        return None
    return None


class TombstoneStore(CatalogStore):
    """Tombstones written by the changes that delete (see the module docstring), read by the
    .ics export."""

    # -- reading

    def tombstones(
        self, first: dt.date, last: dt.date, *, since: dt.datetime | None = None
    ) -> list[Tombstone]:
        """Tombstones whose dates reach into `first`..`last` (a date of a series: its moved
        date or its original one), deleted at or after `since` (every one when None)."""
        lo, hi = first.isoformat(), last.isoformat()
        sql = (
            f"SELECT {_COLUMNS} FROM tombstones WHERE ((date <= ? AND (last_date IS NULL"
            " OR last_date >= ?)) OR recurrence_date BETWEEN ? AND ?)"
        )
        params: list[Any] = [hi, lo, lo, hi]
        if since is not None:
            sql += " AND deleted_at >= ?"
            params.append(since.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
        sql += " ORDER BY date, id"
        return [_tombstone(r) for r in self._conn.execute(sql, params)]

    def purge_tombstones(self, before: dt.datetime) -> int:
        """Forget tombstones deleted before `before` (past retention); not undoable.
        Writes nothing when there is nothing to forget. Returns how many went."""
        stamp = before.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        if (
            self._conn.execute(
                "SELECT 1 FROM tombstones WHERE deleted_at < ? LIMIT 1", (stamp,)
            ).fetchone()
            is None
        ):
            return 0
        with self.transaction() as conn:
            return conn.execute("DELETE FROM tombstones WHERE deleted_at < ?", (stamp,)).rowcount

    # -- written by the changes that delete (inside their transaction)

    def _name_of(self, table: str, row_id: int | None) -> str | None:
        if row_id is None:
            return None
        found = self._conn.execute(f"SELECT name FROM {table} WHERE id = ?", (row_id,)).fetchone()
        return found[0] if found else None

    def mark_exported(self) -> None:
        """Note that an .ics file was written now (see EXPORTED_SETTING)."""
        self.set_setting(EXPORTED_SETTING, _now_text())

    def _never_exported(self, row: dict[str, Any]) -> bool:
        """Whether no calendar can hold the post: made after the last .ics file was written.
        Unknown (no file written since Calepin started noting it) counts as exported."""
        stamp = self.setting(EXPORTED_SETTING)
        return stamp is not None and row["created_at"] is not None and row["created_at"] > stamp

    def _bury_post(self, row: dict[str, Any]) -> None:
        """A tombstone for a post row about to be deleted (nothing for a backlog idea, nor a
        post made since the last export: neither was ever in a calendar). Call before the
        DELETE: it reads the row's skips and series."""
        if row["date"] is None or self._never_exported(row):
            return
        values = self._values_of(row)
        if row["recurrence_of"] is not None:  # a changed date: an instance of its series
            series = self._row("posts", row["recurrence_of"])
            if series is None or row["recurrence_date"] is None:
                return
            values.update(
                uid=series["uid"],
                recurrence_date=row["recurrence_date"],
                recurrence_time=series["time"],
                sequence=max(series["sequence"], row["sequence"]),
            )
        elif row["rrule"]:
            skips = self._conn.execute(
                "SELECT date FROM post_skips WHERE post_id = ? ORDER BY date", (row["id"],)
            ).fetchall()
            values.update(
                rrule=row["rrule"],
                skipped=",".join(s[0] for s in skips),
                last_date=_iso(
                    series_last_date(
                        row["rrule"],
                        dt.date.fromisoformat(row["date"]),
                        _clock(row["time"]),
                        row["timezone"],
                    )
                ),
            )
            # Its dates given back were re-sent as instances: cancelled with it now.
            for (tomb_id,) in self._conn.execute(
                "SELECT id FROM tombstones WHERE uid = ? AND kind = ?", (row["uid"], RESTORED)
            ).fetchall():
                before = self._row("tombstones", tomb_id)
                self._conn.execute(
                    "UPDATE tombstones SET kind = ?, sequence = max(sequence, ?) WHERE id = ?",
                    (DELETED, row["sequence"], tomb_id),
                )
                self._record("tombstones", tomb_id, before)
        self._insert_tombstone(values)

    def _bury_skip(self, series: dict[str, Any], day: dt.date) -> None:
        """A tombstone for a date of `series` (its row, before SEQUENCE moves) left out."""
        if self._never_exported(series):
            return
        values = self._values_of(series)
        values.update(
            kind=SKIPPED,
            recurrence_date=day.isoformat(),
            recurrence_time=series["time"],
            date=day.isoformat(),
            last_date=day.isoformat(),
        )
        self._insert_tombstone(values)

    def _values_of(self, row: dict[str, Any]) -> dict[str, Any]:
        estimate = row["estimate_minutes"]
        return {
            "uid": row["uid"],
            "recurrence_date": None,
            "recurrence_time": None,
            "kind": DELETED,
            "post_id": row["id"],
            "date": row["date"],
            "last_date": row["date"],
            "time": row["time"],
            "timezone": row["timezone"],
            "title": row["title"],
            "platform": self._name_of("platforms", row["platform_id"]) or "",
            "status": row["status"],
            "campaign": self._name_of("campaigns", row["campaign_id"]),
            "rrule": None,
            "skipped": "",
            "sequence": row["sequence"],
            "prep_minutes": estimate if estimate and row["status"] != "cancelled" else None,
            "deleted_at": _now_text(),
        }

    def _insert_tombstone(self, values: dict[str, Any]) -> None:
        """Insert one tombstone; one date of a series keeps one: the new one replaces any
        earlier (with the highest SEQUENCE; a skip over a cancelled or re-sent instance
        still cancels that instance)."""
        if values["recurrence_date"] is not None:
            earlier = self._tombstones_at(values["uid"], values["recurrence_date"])
            for row in earlier:
                values["sequence"] = max(values["sequence"], row["sequence"])
                if values["kind"] == SKIPPED and row["kind"] != SKIPPED:
                    values["kind"] = DELETED
            self._drop_tombstones(earlier)
        cols = list(values)
        cur = self._conn.execute(
            f"INSERT INTO tombstones ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            [values[c] for c in cols],
        )
        self._record("tombstones", cur.lastrowid or 0, None)

    def _tombstones_at(self, uid: str, day: str) -> list[dict[str, Any]]:
        found = self._conn.execute(
            "SELECT id FROM tombstones WHERE uid = ? AND recurrence_date = ?", (uid, day)
        ).fetchall()
        return [row for (tomb_id,) in found if (row := self._row("tombstones", tomb_id))]

    def _drop_tombstones(self, rows: Sequence[dict[str, Any]]) -> None:
        for row in rows:
            self._conn.execute("DELETE FROM tombstones WHERE id = ?", (row["id"],))
            self._record("tombstones", row["id"], row)

    def _give_back_date(self, series_id: int, day: dt.date) -> None:
        """A date of a series is as the series has it again: a skip's tombstone goes (the
        series re-sent without its EXDATE brings the date back), a cancelled or moved
        instance's becomes 'restored' (the date is re-sent as an instance)."""
        series = self._row("posts", series_id)
        if series is None:
            return
        for row in self._tombstones_at(series["uid"], day.isoformat()):
            if row["kind"] == SKIPPED:
                self._drop_tombstones([row])
            elif row["kind"] == DELETED:  # re-sent one SEQUENCE above the cancellation's base
                self._conn.execute(
                    "UPDATE tombstones SET kind = ?, sequence = sequence + 1 WHERE id = ?",
                    (RESTORED, row["id"]),
                )
                self._record("tombstones", row["id"], row)

    def _reuse_date(self, series_id: int, day: dt.date) -> int:
        """A date of a series gets a changed version again: its tombstones go, and the lowest
        SEQUENCE the new instance may have is returned (above any cancellation sent)."""
        series = self._row("posts", series_id)
        if series is None:
            return 0
        rows = self._tombstones_at(series["uid"], day.isoformat())
        self._drop_tombstones(rows)
        return max((row["sequence"] + 2 for row in rows), default=0)

    # -- undo and redo

    _applying: Any = None  # the change undo or redo is replaying (see `_apply`)

    def _apply(self, change: Any, *, forward: bool) -> None:
        self._applying = change
        try:
            super()._apply(change, forward=forward)  # type: ignore[misc]
        finally:
            self._applying = None

    def _restore(self, table: str, row_id: int, row: dict[str, Any] | None) -> None:
        """Undo or redo putting back a row that is gone: a post comes back above the
        cancellation (SEQUENCE + 2); a tombstone comes back above what was exported since.

        A change that wrote no tombstone (an add, a changed date) took nothing from the
        calendars, but its undo does: the post it made may have been exported since. So undo
        buries what it takes away, and redo digs it up again."""
        exists = self._conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone()
        buries = table == "posts" and not self._applying_buries()
        if row is not None and table in ("posts", "tombstones") and exists is None:
            if table == "posts":
                row = {**row, "sequence": row["sequence"] + 2}
                if buries:
                    row = {**row, "sequence": max(row["sequence"], self._dig_up(row))}
            else:
                row = {**row, "sequence": max(row["sequence"], self._exported_sequence(row))}
        elif row is None and exists is not None and buries:
            self._bury_undone(row_id)
        super()._restore(table, row_id, row)

    def _applying_buries(self) -> bool:
        """Whether the change being replayed writes tombstones of its own (a delete)."""
        change = self._applying
        return change is None or any(r.table == "tombstones" for r in change.rows)

    def _bury_undone(self, post_id: int) -> None:
        """A tombstone for a post an undo (or redo) takes away; a changed date is given
        back to its series (its instance moves back in calendars)."""
        row = self._row("posts", post_id)
        if row is None:
            return
        self._bury_post(row)
        if row["recurrence_of"] is not None and row["recurrence_date"] is not None:
            self._give_back_date(
                row["recurrence_of"], dt.date.fromisoformat(row["recurrence_date"])
            )

    def _dig_up(self, row: dict[str, Any]) -> int:
        """Drop the tombstone an undo left for a post coming back (see `_bury_undone`);
        returns the lowest SEQUENCE the post may have, above what that tombstone sent."""
        uid, day = row["uid"], None
        if row["recurrence_of"] is not None:
            series = self._row("posts", row["recurrence_of"])
            if series is None or row["recurrence_date"] is None:
                return 0
            uid, day = series["uid"], row["recurrence_date"]
        if day is None:
            sql = "SELECT id, sequence FROM tombstones WHERE uid = ? AND recurrence_date IS NULL"
            found = self._conn.execute(sql, (uid,)).fetchall()
        else:
            sql = "SELECT id, sequence FROM tombstones WHERE uid = ? AND recurrence_date = ?"
            found = self._conn.execute(sql, (uid, day)).fetchall()
        for tomb_id, _ in found:
            self._conn.execute("DELETE FROM tombstones WHERE id = ?", (tomb_id,))
        return max((sequence + 1 for _, sequence in found), default=0)

    def _exported_sequence(self, tomb: dict[str, Any]) -> int:
        """The SEQUENCE the tombstone's post (about to go again, on redo) was exported with."""
        found = self._conn.execute(
            "SELECT p.sequence, s.sequence FROM posts p LEFT JOIN posts s ON s.id = p.recurrence_of"
            " WHERE p.id = ?",
            (tomb["post_id"],),
        ).fetchone()
        if found is None:
            return 0
        return max(found[0], found[1] or 0)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


__getattr__, __dir__ = built_on_first_use(globals())
