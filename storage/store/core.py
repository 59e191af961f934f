"""The Store's core: the connection, one transaction per change, undo and redo, settings,
maintenance, and the wrapping that turns SQLite errors into Calepin's."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import sqlite3
import types
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Self

from storage import models
from storage.errors import DatabaseError, ValidationError
from storage.i18n import _, ngettext
from storage.store import files
from storage.timeutil import KEEP_WALL, check_keep, rezoned, system_zone_name, zone

if TYPE_CHECKING:
    from pathlib import Path

    from storage.models import CheckResult
    from storage.store.changes import Change, RowChange, ZoneChange

MAX_UNDO = 200
_CHANGES = frozenset({"Change", "RowChange", "ZoneChange"})


def __getattr__(name: str) -> Any:
    # The change records live in `changes` (loaded by the first change); still found here.
    if name in _CHANGES:
        from storage.store import changes

        return getattr(changes, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _Recorder:
    """The rows one transaction changed, collected for its undo entry."""

    __slots__ = ("rows",)

    def __init__(self) -> None:
        self.rows: list[RowChange] = []


class StoreCore:
    """The connection and what every part of the Store shares; see `storage.store.Store`."""

    def __init__(
        self, conn: sqlite3.Connection, path: str | os.PathLike[str], zone_name: str
    ) -> None:
        self._conn = conn
        self._file = os.fspath(path)
        self._path: Path | None = None
        self.zone_name = zone_name
        self.zone = zone(zone_name)
        self._recorder: _Recorder | None = None
        self._undo: list[Change] = []
        self._redo: list[Change] = []
        self._cache: dict[str, Any] = {}
        self._data_version = -1
        self.keeps_undo = True
        """False where nothing is ever undone (one command line run): no rows are recorded."""

    @property
    def path(self) -> Path:
        """The database file."""
        # Made on first use: importing pathlib costs the quick commands 9 %.
        if self._path is None:
            from pathlib import Path

            self._path = Path(self._file)
        return self._path

    # -- lifecycle

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        zone_name: str | None = None,
        check_integrity: bool = False,
    ) -> Self:
        """Open (or create) the database at `path`.

        Refuses, leaving the file byte-for-byte untouched and no -wal/-shm behind, anything
        that is not a Calepin database, is damaged, or was written by a newer Calepin. An older
        schema is backed up beside the file (`<name>.backup-<UTC stamp>`), then migrated.

        Args:
            path: the database file; created (mode 0600) when missing.
            zone_name: the home zone written into a new database, and into an older file
                that has none yet (default: the system's, `TZ` honoured). A database keeps
                its own home zone afterwards: neither this nor the shell's `TZ` moves it,
                only `change_zone` does.
            check_integrity: run a full `PRAGMA quick_check` (about 70 ms per 6 MB); without
                it only the header, the schema and the small tables are checked, to keep the
                command line fast. Always done before a migration.

        Raises:
            DatabaseError: the file cannot be used; the message says why.
            ValidationError: `zone_name` is not an IANA zone.
        """
        path = os.path.expanduser(path)
        if zone_name is not None:
            zone(zone_name)
        conn, stored_zone = files.open_connection(
            path, check_integrity=check_integrity, zone_name=zone_name
        )
        name = stored_zone or zone_name or system_zone_name()
        try:
            return cls(conn, path, name)
        except ValidationError:
            conn.close()
            raise

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions and undo

    @contextlib.contextmanager
    def transaction(self, label: str | None = None) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE); with a label it is one undoable change.

        Nested calls join the outer transaction and its change.
        """
        if self._recorder is not None:
            yield self._conn
            # The outer transaction reads on: its lists must show what was just written.
            self._cache.clear()
            self._reload_zone()
            return
        self._recorder = _Recorder()
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:  # SQLite may have rolled back already
                    self._conn.execute("ROLLBACK")
                raise
            if label and self._recorder.rows:
                from storage.store.changes import Change

                self._undo.append(Change(label, tuple(self._recorder.rows)))
                del self._undo[:-MAX_UNDO]
                self._redo.clear()
        except sqlite3.IntegrityError as exc:
            if "one_running_timer" in str(exc):
                raise ValidationError(_("a timer is already running; stop it first")) from None
            raise ValidationError(
                _("the change conflicts with saved data ({detail})").format(detail=exc)
            ) from None
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(
                _("the database refused the change ({detail})").format(detail=exc)
            ) from None
        finally:
            self._recorder = None
            self._cache.clear()
            self._reload_zone()

    def _reload_zone(self) -> None:
        """Take the home zone the file now holds (changed by a rolled-back change, an import
        of everything, or another process)."""
        with contextlib.suppress(sqlite3.Error, ValidationError):
            row = self._conn.execute("SELECT value FROM settings WHERE key = 'timezone'").fetchone()
            if row is not None and row[0] != self.zone_name:
                self.zone = zone(row[0])
                self.zone_name = row[0]

    def _cached(self, key: str) -> Any | None:
        """A cached reference list, dropped when any connection (another process too) commits."""
        version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._data_version:
            self._cache.clear()
            self._data_version = version
        return self._cache.get(key)

    def _row(self, table: str, row_id: int) -> dict[str, Any] | None:
        cur = self._conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,))
        values = cur.fetchone()
        if values is None:
            return None
        return {d[0]: v for d, v in zip(cur.description, values, strict=True)}

    def _record(self, table: str, row_id: int, before: dict[str, Any] | None) -> None:
        if self._recorder is not None and self.keeps_undo:
            from storage.store.changes import RowChange

            self._recorder.rows.append(RowChange(table, row_id, before, self._row(table, row_id)))

    def _restore(self, table: str, row_id: int, row: dict[str, Any] | None) -> None:
        exists = self._conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone()
        if row is None:
            if exists:
                self._conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
        elif exists:
            cols = [c for c in row if c != "id"]
            sets = ", ".join(f"{c} = ?" for c in cols)
            self._conn.execute(
                f"UPDATE {table} SET {sets} WHERE id = ?", [row[c] for c in cols] + [row_id]
            )
        else:
            cols = list(row)
            self._conn.execute(
                f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [row[c] for c in cols],
            )

    def _apply(self, change: Change, *, forward: bool) -> None:
        rows = change.rows if forward else tuple(reversed(change.rows))
        # Undo puts a post's fields back but moves SEQUENCE forward, so calendars that
        # imported the .ics take the restored version as the newer one.
        bump = "UPDATE posts SET sequence = sequence + 1 WHERE id = ?"
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            touched: set[int] = set()
            for row in rows:
                current = self._row(row.table, row.row_id)
                expected = row.before if forward else row.after
                if _comparable(row.table, current) != _comparable(row.table, expected):
                    message = (
                        _(
                            "cannot redo '{change}': it was changed since"
                            " (perhaps from the command line)"
                        )
                        if forward
                        else _(
                            "cannot undo '{change}': it was changed since"
                            " (perhaps from the command line)"
                        )
                    )
                    raise ValidationError(message.format(change=change.label))
                target = row.after if forward else row.before
                if row.table == "posts" and current is not None and target is not None:
                    target = {**target, "sequence": current["sequence"]}
                    touched.add(row.row_id)
                self._restore(row.table, row.row_id, target)
            for post_id in touched:
                self._conn.execute(bump, (post_id,))
            self._conn.execute("COMMIT")
        except BaseException as exc:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.IntegrityError):
                message = (
                    _("cannot redo '{change}': it conflicts with a later change ({detail})")
                    if forward
                    else _("cannot undo '{change}': it conflicts with a later change ({detail})")
                )
                raise ValidationError(message.format(change=change.label, detail=exc)) from None
            if isinstance(exc, sqlite3.DatabaseError):
                message = (
                    _("cannot redo '{change}' ({detail})")
                    if forward
                    else _("cannot undo '{change}' ({detail})")
                )
                raise DatabaseError(message.format(change=change.label, detail=exc)) from None
            raise
        finally:
            self._cache.clear()

    def undo(self) -> str | None:
        """Reverse the latest change; returns its label, or None when there is nothing to undo.

        Raises:
            ValidationError: what the change touched was changed since (e.g. by the CLI);
                that change is dropped from the history, nothing is written.
        """
        if not self._undo:
            return None
        change = self._undo[-1]
        try:
            self._apply(change, forward=False)
        except ValidationError:
            self._undo.pop()
            raise
        self._redo.append(self._undo.pop())
        return change.label

    def redo(self) -> str | None:
        """Replay the latest undone change; returns its label, or None."""
        if not self._redo:
            return None
        change = self._redo[-1]
        try:
            self._apply(change, forward=True)
        except ValidationError:
            self._redo.pop()
            raise
        self._undo.append(self._redo.pop())
        return change.label

    @property
    def undo_label(self) -> str | None:
        """What `undo` would reverse (for a menu or a footer), or None."""
        return self._undo[-1].label if self._undo else None

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    # -- settings

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self._conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        """Store a setting (not `timezone`: the home zone moves the posts, see `change_zone`)."""
        if key == "timezone":
            raise ValueError("the home zone changes through change_zone(name, keep=…)")
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def change_token(self) -> tuple[int, int]:
        """Changes since: commits by other connections (the CLI) and rows changed through ours.

        Equal tokens mean nothing was written in between, so data loaded then is still right.
        """
        version = self._conn.execute("PRAGMA data_version").fetchone()[0]
        self._reload_zone()  # another process may have moved the home zone
        return version, self._conn.total_changes

    # -- the home zone

    def change_zone(self, name: str, keep: str) -> ZoneChange:
        """Make `name` the database's home zone and move every post into it (one transaction).

        Afterwards every post is stored the same way, in the new zone, so two posts that show
        the same clock time are exported at the same moment.

        Args:
            name: an IANA zone.
            keep: "wall": posts keep their date and clock time (their moment moves with the
                zone); "instant": posts keep their moment (the clock time it shows in the new
                zone). Posts without a time keep their date either way. A repeating post and
                its changed dates keep their clock time either way: its dates fall on both
                sides of daylight-saving changes, so no one clock time keeps all its moments.

        Returns:
            What moved; nothing does when `name` already is the home zone and every post is
            in it.

        Raises:
            ValidationError: `name` is not an IANA zone, or `keep` is neither side.
        """
        zone(name)
        check_keep(keep)
        from storage.grammar.wall import checked_wall_time  # lazy: the zone's changes

        old_home = self.zone_name
        moved = clock_changed = series = 0
        with self.transaction() as conn:
            rows = conn.execute(
                "SELECT id, date, time, timezone, rrule IS NOT NULL OR recurrence_of IS NOT NULL,"
                " fold FROM posts"
            ).fetchall()
            stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            for post_id, date_text, time_text, old, in_series, fold in rows:
                if old == name:
                    continue
                day = dt.date.fromisoformat(date_text) if date_text else None
                clock = dt.time.fromisoformat(time_text).replace(fold=fold) if time_text else None
                side = KEEP_WALL if in_series else keep
                series += bool(in_series and clock is not None and keep != KEEP_WALL)
                if day is not None:
                    day, clock = rezoned(day, clock, old, name, side)
                    # The second reading only where the new zone repeats that hour too.
                    clock = checked_wall_time(day, clock, name, new=False)
                new_date = day.isoformat() if day else None
                new_time = clock.strftime("%H:%M") if clock else None
                clock_changed += (new_date, new_time) != (date_text, time_text)
                moved += 1
                # SEQUENCE + 1: calendars that imported the post take the new zone.
                conn.execute(
                    "UPDATE posts SET date = ?, time = ?, fold = ?, timezone = ?,"
                    " sequence = sequence + 1, updated_at = ? WHERE id = ?",
                    (new_date, new_time, clock.fold if clock else 0, name, stamp, post_id),
                )
            conn.execute(
                "INSERT INTO settings (key, value) VALUES ('timezone', ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (name,),
            )
        from storage.store.changes import ZoneChange

        return ZoneChange(old_home, name, keep, moved, clock_changed, series)

    # -- counts, maintenance

    def counts(self) -> dict[str, int]:
        return {
            table: self._conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("posts", "time_entries", "campaigns", "platforms", "duties")
        }

    def schema_version(self) -> int:
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    def check(self) -> CheckResult:
        """Integrity and foreign-key check, with the schema version."""
        messages: list[str] = []
        try:
            rows = [r[0] for r in self._conn.execute("PRAGMA integrity_check")]
            if rows != ["ok"]:
                messages.extend(rows[:20])
            bad_keys = self._conn.execute("PRAGMA foreign_key_check").fetchall()
            if bad_keys:
                messages.append(
                    ngettext(
                        "{count} broken references", "{count} broken references", len(bad_keys)
                    ).format(count=len(bad_keys))
                )
            version = self.schema_version()
        except sqlite3.DatabaseError as exc:
            return models.CheckResult(False, -1, (str(exc),))
        return models.CheckResult(not messages, version, tuple(messages))

    def backup(self, target: str | os.PathLike[str] | None = None) -> Path:
        """An online, consistent copy of the database (readable by its owner only)."""
        from pathlib import Path

        dest_path = Path(target).expanduser() if target else files.backup_path_for(self.path)
        if dest_path.is_dir():
            dest_path = files.backup_path_for(dest_path / self.path.name)
        if dest_path.exists():
            raise ValidationError(
                _("{path} already exists; choose another path").format(path=dest_path)
            )
        files.copy_database(self._conn, dest_path)
        return dest_path

    def explain(self, sql: str, params: Sequence[Any] = ()) -> list[str]:
        """EXPLAIN QUERY PLAN details, for tests that guard the indexes."""
        return [r[3] for r in self._conn.execute("EXPLAIN QUERY PLAN " + sql, params)]

    @property
    def connection(self) -> sqlite3.Connection:
        """The raw connection, for bulk tools inside `storage` (demo, import)."""
        return self._conn


_VOLATILE = {"posts": ("sequence", "updated_at"), "tombstones": ("sequence",)}


def _comparable(table: str, row: dict[str, Any] | None) -> dict[str, Any] | None:
    """A row as undo compares it: bookkeeping columns that undo itself moves are left out."""
    if row is None or table not in _VOLATILE:
        return row
    return {k: v for k, v in row.items() if k not in _VOLATILE[table]}


def _guard(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def guarded(self: StoreCore, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            if self._conn.in_transaction and self._recorder is None:
                self._conn.execute("ROLLBACK")
            raise DatabaseError(
                _("{path} could not be read ({detail}); run `calepin check`").format(
                    path=self._file, detail=exc
                )
            ) from None

    return guarded


def guard_public_methods(cls: type) -> None:
    """Wrap every public method of `cls` (inherited ones too) but `transaction` in `_guard`."""
    # What `inspect.getattr_static` finds for a class attribute (the first definition along
    # the MRO), read from the class dicts directly: a third of the cost, on every start-up.
    found: dict[str, Any] = {}
    for klass in cls.__mro__:
        for name, value in vars(klass).items():
            if not name.startswith("_") and name not in found:
                found[name] = value
    for name in sorted(found):
        value = found[name]
        if isinstance(value, types.FunctionType) and name != "transaction":
            setattr(cls, name, _guard(value))
