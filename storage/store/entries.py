"""The Store's time entries and the running timer."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from storage import models, wording
from storage.calendar import day_bounds
from storage.errors import ConfirmationNeeded, DatabaseError, NotFoundError, ValidationError
from storage.i18n import _
from storage.models import EntrySource
from storage.store.posts import PostStore
from storage.store.validation import MAX_SHORT, _now_text, clean_text
from storage.timeutil import from_db, to_db

if TYPE_CHECKING:  # built on first use (storage.deferred): named as models.X when run
    from storage.models import EntryDraft, TimeEntry

MAX_ENTRY = dt.timedelta(hours=24)
LONG_ENTRY = dt.timedelta(hours=10)


class EntryStore(PostStore):
    """Time entries (logged or imported) and the one running timer."""

    # The long-timer limit (settings [timer] long_timer_hours): past it a running timer counts
    # only up to it (storage.accounting) and is asked about as forgotten (storage.commands).
    # The front ends set it from the settings when they open the store.
    long_timer: dt.timedelta = LONG_ENTRY

    _ENTRY_SELECT = (
        "SELECT e.id, d.name, e.start_at, e.end_at, a.name, e.note, e.post_id, e.source,"
        " e.external_uid FROM time_entries e JOIN duties d ON d.id = e.duty_id"
        " LEFT JOIN activities a ON a.id = e.activity_id"
    )

    @staticmethod
    def _entry(r: Sequence[Any]) -> TimeEntry:
        return models.TimeEntry(
            id=r[0],
            duty=r[1],
            start=from_db(r[2]),
            end=from_db(r[3]) if r[3] else None,
            activity=r[4],
            note=r[5],
            post_id=r[6],
            source=EntrySource(r[7]),
            external_uid=r[8],
        )

    def get_entry(self, entry_id: int) -> TimeEntry:
        row = self._conn.execute(self._ENTRY_SELECT + " WHERE e.id = ?", (entry_id,)).fetchone()
        if row is None:
            raise NotFoundError(_("no time entry with id {id}").format(id=entry_id))
        return self._entry(row)

    def entries_between(
        self, start: dt.datetime, end: dt.datetime, *, duties: Sequence[str] = ()
    ) -> list[TimeEntry]:
        """Entries that start in [start, end), oldest first (a running timer included)."""
        sql, params = self.entries_between_sql(start, end, duties=duties)
        return [self._entry(r) for r in self._conn.execute(sql, params)]

    def entries_between_sql(
        self, start: dt.datetime, end: dt.datetime, *, duties: Sequence[str] = ()
    ) -> tuple[str, list[Any]]:
        """The (sql, params) `entries_between` runs, so a test can EXPLAIN it."""
        where = ["e.start_at >= ?", "e.start_at < ?"]
        params: list[Any] = [to_db(start), to_db(end)]
        if duties:
            ids = [self.duty(d).id for d in duties]
            where.append(f"e.duty_id IN ({', '.join('?' * len(ids))})")
            params.extend(ids)
        sql = f"{self._ENTRY_SELECT} WHERE {' AND '.join(where)} ORDER BY e.start_at, e.id"
        return sql, params

    def entries_on(
        self, first: dt.date, last: dt.date, *, duties: Sequence[str] = ()
    ) -> list[TimeEntry]:
        """Entries starting on the local days `first` to `last` inclusive (the store's zone)."""
        start, end = day_bounds(first, last, self.zone)
        return self.entries_between(start, end, duties=duties)

    def all_entries(self) -> list[TimeEntry]:
        return [
            self._entry(r)
            for r in self._conn.execute(self._ENTRY_SELECT + " ORDER BY e.start_at, e.id")
        ]

    def overlapping(
        self, start: dt.datetime, end: dt.datetime, *, exclude: int | None = None
    ) -> list[TimeEntry]:
        """Finished entries sharing time with [start, end), plus the timer if it started before end."""
        sql = (
            f"{self._ENTRY_SELECT} WHERE e.start_at >= ? AND e.start_at < ?"
            " AND (e.end_at IS NULL OR e.end_at > ?) AND e.id IS NOT ? ORDER BY e.start_at"
        )
        params = (to_db(start - MAX_ENTRY), to_db(end), to_db(start), exclude)
        found = [self._entry(r) for r in self._conn.execute(sql, params)]
        timer = self.running_timer()
        if (
            timer
            and timer.start < end
            and timer.id != exclude
            and all(e.id != timer.id for e in found)
        ):
            found.append(timer)
        return found

    def _validate_entry(self, draft: EntryDraft) -> dict[str, Any]:
        duty = self.duty(draft.duty)
        if duty.archived:
            raise ValidationError(
                _("duty '{name}' is archived; pick another").format(name=duty.name), field="duty"
            )
        activity = self.activity(draft.activity) if draft.activity else None
        if draft.start.tzinfo is None or (draft.end is not None and draft.end.tzinfo is None):
            raise ValidationError(_("times must carry a time zone"))
        if draft.end is not None:
            # In UTC: two times of one ZoneInfo compare by wall clock, fold ignored, so the
            # hour the clocks go back would read as ending before it starts.
            start, end = draft.start.astimezone(dt.UTC), draft.end.astimezone(dt.UTC)
            if end <= start:
                raise ValidationError(_("the entry ends before it starts"), field="end")
            if end - start > MAX_ENTRY:
                raise ValidationError(
                    _("an entry cannot last more than 24 hours; log each day separately"),
                    field="end",
                )
        if draft.post_id is not None:
            self.get_post(draft.post_id)
        return {
            "duty_id": duty.id,
            "activity_id": activity.id if activity else None,
            "start_at": to_db(draft.start),
            "end_at": to_db(draft.end) if draft.end else None,
            "note": clean_text(draft.note, "note", limit=MAX_SHORT, multiline=False),
            "post_id": draft.post_id,
            "source": EntrySource(draft.source).value,
            "external_uid": draft.external_uid,
        }

    def entry_concerns(
        self, draft: EntryDraft, now: dt.datetime, *, exclude: int | None = None
    ) -> list[str]:
        """Why a valid entry deserves a second look: ends in the future, very long, overlapping."""
        reasons = []
        if draft.end is not None:
            if draft.end > now + dt.timedelta(minutes=1):
                reasons.append(_("it ends in the future"))
            if draft.end - draft.start > LONG_ENTRY:
                reasons.append(_("it lasts more than 10 hours"))
            others = self.overlapping(draft.start, draft.end, exclude=exclude)
            if others:
                local = [o.start.astimezone(self.zone) for o in others]
                listed = ", ".join(
                    _("#{id} {duty} at {time}").format(
                        id=o.id, duty=o.duty, time=wording.weekday_time(t)
                    )
                    for o, t in zip(others, local, strict=True)
                )
                reasons.append(_("it overlaps {entries}").format(entries=listed))
        return reasons

    def add_entry(
        self, draft: EntryDraft, *, now: dt.datetime | None = None, force: bool = True
    ) -> TimeEntry:
        """Save a time entry. With force=False and `now`, raises ConfirmationNeeded when
        `entry_concerns` finds anything.
        """
        values = self._validate_entry(draft)
        if not force and now is None:
            raise ValueError("now is required when force is False")
        values["created_at"] = _now_text()
        cols = list(values)
        label = _("log {duty}").format(duty=self.duty(draft.duty).name)
        with self.transaction(label) as conn:
            # Checked under the write lock: the CLI cannot slip in an overlapping entry
            # between the question and the save.
            if not force and now is not None and (reasons := self.entry_concerns(draft, now)):
                raise ConfirmationNeeded(reasons)
            if draft.end is None and self.running_timer() is not None:
                raise ValidationError(_("a timer is already running; stop it first"))
            if (
                draft.external_uid
                and conn.execute(
                    "SELECT 1 FROM time_entries WHERE external_uid = ?", (draft.external_uid,)
                ).fetchone()
            ):
                raise ValidationError(_("this entry was already imported"), field="external_uid")
            cur = conn.execute(
                f"INSERT INTO time_entries ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [values[c] for c in cols],
            )
            entry_id = cur.lastrowid
            assert entry_id is not None
            self._record("time_entries", entry_id, None)
        return self.get_entry(entry_id)

    def add_entries(
        self,
        drafts: Sequence[EntryDraft],
        *,
        label: str,
        versions: Sequence[models.ImportVersion] | None = None,
    ) -> list[int]:
        """Save many finished entries (an import) as one undoable change; returns their ids.

        An entry with an external uid keeps what it was imported as (`imported_entries`),
        with `versions[i]` the version of the event it came from.

        Each draft is checked as `add_entry` checks it (without questions), but the rows go in
        by a few multi-row INSERTs rather than one statement each: SQLite flushes the search
        index's pending terms at every statement that writes through its trigger, which costs
        more than the row itself.

        Raises:
            ValidationError: a draft is invalid or a timer (no end), or its external uid is
                already saved or twice in `drafts` (nothing written).
        """
        if not drafts:
            return []
        rows = []
        for draft in drafts:
            if draft.end is None:
                raise ValidationError(_("only finished entries can be added together"), field="end")
            rows.append(self._validate_entry(draft))
        for i, row in enumerate(rows):
            version = versions[i] if versions is not None else None
            row.update(_import_state(row, version))
        uids = [d.external_uid for d in drafts if d.external_uid]
        created = _now_text()
        cols = [*rows[0], "created_at"]
        values = [[*row.values(), created] for row in rows]
        limit = self._conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        per = max(1, limit // len(cols))  # rows per INSERT
        with self.transaction(label) as conn:
            known: set[str] = set()
            for start in range(0, len(uids), limit):
                chunk = uids[start : start + limit]
                known.update(
                    r[0]
                    for r in conn.execute(
                        "SELECT external_uid FROM time_entries WHERE external_uid IN"
                        f" ({', '.join('?' * len(chunk))})",
                        chunk,
                    )
                )
            if known or len(set(uids)) != len(uids):
                raise ValidationError(_("this entry was already imported"), field="external_uid")
            last = conn.execute("SELECT coalesce(max(id), 0) FROM time_entries").fetchone()[0]
            one = f"({', '.join('?' * len(cols))})"
            for start in range(0, len(values), per):
                chunk = values[start : start + per]
                conn.execute(
                    f"INSERT INTO time_entries ({', '.join(cols)})"
                    f" VALUES {', '.join([one] * len(chunk))}",
                    [v for row in chunk for v in row],
                )
            # Inside the write transaction new ids follow the largest one (no AUTOINCREMENT).
            cur = conn.execute("SELECT * FROM time_entries WHERE id > ? ORDER BY id", (last,))
            names = [d[0] for d in cur.description]
            saved = [dict(zip(names, r, strict=True)) for r in cur]
            if len(saved) != len(drafts):
                raise DatabaseError(_("the new entries could not be read back"))
            if self._recorder is not None:
                from storage.store.changes import RowChange

                self._recorder.rows.extend(
                    RowChange("time_entries", row["id"], None, row) for row in saved
                )
        return [row["id"] for row in saved]

    def imported_entries(self) -> dict[str, models.ImportedEntry]:
        """Every finished entry with an external uid, by that uid, with what it was imported as."""
        sql = (
            self._ENTRY_SELECT.replace(
                "SELECT ",
                "SELECT e.import_sequence, e.import_modified, e.import_stamp, e.import_start,"
                " e.import_end, e.import_note, ",
                1,
            )
            + " WHERE e.external_uid IS NOT NULL AND e.end_at IS NOT NULL"
        )
        found = {}
        for r in self._conn.execute(sql):
            entry = self._entry(r[6:])
            assert entry.external_uid is not None and entry.end is not None
            found[entry.external_uid] = models.ImportedEntry(
                entry=entry,
                version=models.ImportVersion(r[0], r[1], r[2]),
                # An import older than the state kept counts as its own import.
                start=from_db(r[3]) if r[3] else entry.start,
                end=from_db(r[4]) if r[4] else entry.end,
                note=r[5] if r[5] is not None else entry.note,
            )
        return found

    def apply_import(
        self,
        *,
        add: Sequence[EntryDraft],
        versions: Sequence[models.ImportVersion],
        change: Sequence[tuple[int, EntryDraft, models.ImportVersion]],
        remove: Sequence[int],
        label: str,
    ) -> list[int]:
        """A re-import as one undoable change: `add` new entries (of `versions`), `change`
        imported entries to a newer version of their event (times and note), `remove`
        imported entries whose event was cancelled. Returns the new entries' ids.

        Raises:
            ValidationError: an entry to change or remove was edited or deleted since it was
                read (e.g. from the other front end); nothing is written.
        """
        checked = [(entry_id, self._validate_entry(d), v) for entry_id, d, v in change]
        with self.transaction(label) as conn:
            current = (
                {i.entry.id: i for i in self.imported_entries().values() if not i.edited}
                if change or remove
                else {}
            )
            for entry_id in [*(c[0] for c in change), *remove]:
                if entry_id not in current:
                    raise ValidationError(
                        _("entry #{id} was changed meanwhile; import the file again").format(
                            id=entry_id
                        )
                    )
            for entry_id, values, version in checked:
                before = self._row("time_entries", entry_id)
                values = {k: values[k] for k in ("start_at", "end_at", "note")} | _import_state(
                    values, version
                )
                sets = ", ".join(f"{c} = ?" for c in values)
                conn.execute(
                    f"UPDATE time_entries SET {sets} WHERE id = ?", [*values.values(), entry_id]
                )
                self._record("time_entries", entry_id, before)
            for entry_id in remove:
                before = self._row("time_entries", entry_id)
                conn.execute("DELETE FROM time_entries WHERE id = ?", (entry_id,))
                self._record("time_entries", entry_id, before)
            return self.add_entries(add, label=label, versions=versions) if add else []

    def update_entry(self, entry_id: int, draft: EntryDraft) -> TimeEntry:
        self.get_entry(entry_id)
        values = self._validate_entry(draft)
        with self.transaction(_("edit entry #{id}").format(id=entry_id)) as conn:
            before = self._row("time_entries", entry_id)
            sets = ", ".join(f"{c} = ?" for c in values)
            conn.execute(
                f"UPDATE time_entries SET {sets} WHERE id = ?", [*values.values(), entry_id]
            )
            self._record("time_entries", entry_id, before)
        return self.get_entry(entry_id)

    def delete_entry(self, entry_id: int) -> TimeEntry:
        entry = self.get_entry(entry_id)
        with self.transaction(_("delete entry #{id}").format(id=entry_id)) as conn:
            before = self._row("time_entries", entry_id)
            conn.execute("DELETE FROM time_entries WHERE id = ?", (entry_id,))
            self._record("time_entries", entry_id, before)
        return entry

    # -- the timer

    def running_timer(self) -> TimeEntry | None:
        row = self._conn.execute(self._ENTRY_SELECT + " WHERE e.end_at IS NULL").fetchone()
        return self._entry(row) if row else None

    def start_timer(
        self,
        duty: str,
        now: dt.datetime,
        *,
        activity: str | None = None,
        note: str = "",
        post_id: int | None = None,
    ) -> tuple[TimeEntry, TimeEntry | None]:
        """Start a timer, stopping the running one first (in the same transaction).

        Returns the new timer and the one it stopped, if any.
        """
        draft = models.EntryDraft(duty, now, None, activity, note, post_id, EntrySource.TIMER)
        self._validate_entry(draft)
        with self.transaction(_("start timer on {duty}").format(duty=duty)):
            stopped = self._stop(now)
            started = self.add_entry(draft)
        return started, stopped

    def stop_timer(self, now: dt.datetime) -> TimeEntry | None:
        """Stop the running timer at `now`; returns it, or None when none was running."""
        with self.transaction(_("stop timer")):
            return self._stop(now)

    def _stop(self, now: dt.datetime) -> TimeEntry | None:
        timer = self.running_timer()
        if timer is None:
            return None
        end = max(now, timer.start + dt.timedelta(seconds=1))
        if end - timer.start > MAX_ENTRY:
            raise ValidationError(
                _(
                    "the timer has run since {moment}; give the time it really stopped"
                    " (e.g. `timer stop --at 17:00`)"
                ).format(moment=wording.day_time(timer.start.astimezone(self.zone)))
            )
        before = self._row("time_entries", timer.id)
        self._conn.execute(
            "UPDATE time_entries SET end_at = ? WHERE id = ?", (to_db(end), timer.id)
        )
        self._record("time_entries", timer.id, before)
        return self.get_entry(timer.id)


def _import_state(values: dict[str, Any], version: models.ImportVersion | None) -> dict[str, Any]:
    """The import columns of an entry about to be written from `values` (none for an entry
    that was not imported)."""
    imported = values["external_uid"] is not None
    return {
        "import_sequence": version.sequence if imported and version else None,
        "import_modified": version.modified if imported and version else None,
        "import_stamp": version.stamp if imported and version else None,
        "import_start": values["start_at"] if imported else None,
        "import_end": values["end_at"] if imported else None,
        "import_note": values["note"] if imported else None,
    }
