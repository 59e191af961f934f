"""The Store: one SQLite file, opened safely; every change one transaction, recorded for undo."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import inspect
import os
import re
import sqlite3
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final

from storage import migrations, recurrence
from storage.errors import (
    CalepinError,
    ConfirmationNeeded,
    DatabaseError,
    NotFoundError,
    ValidationError,
)
from storage.models import (
    Activity,
    Campaign,
    CheckResult,
    Duty,
    EntryDraft,
    EntrySource,
    Platform,
    Post,
    PostDraft,
    Status,
    TimeEntry,
)
from storage.timeutil import UTC, day_bounds, from_db, system_zone_name, to_db, zone

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 15_000
MAX_TITLE = 300
MAX_BODY = 100_000
MAX_NOTES = 20_000
MAX_SHORT = 2_000
MAX_NAME = 80  # duties, platforms, campaigns, aliases
MAX_ENTRY = dt.timedelta(hours=24)
LONG_ENTRY = dt.timedelta(hours=10)
MAX_UNDO = 200
MAX_ESTIMATE = 100 * 60
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
# "Leave as it is" where None already means "clear" (update_platform's char_limit, default_duty).
UNSET: Final = object()


@dataclass(frozen=True, slots=True)
class RowChange:
    table: str
    row_id: int
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class Change:
    """One user-level change (one transaction): what `undo` reverses and `redo` replays."""

    label: str
    rows: tuple[RowChange, ...]


@dataclass(slots=True)
class _Recorder:
    rows: list[RowChange] = field(default_factory=list)


# ---------------------------------------------------------------- text validation


def clean_text(value: str | None, field_name: str, *, limit: int, multiline: bool) -> str:
    """Stripped text, or a ValidationError for control characters or excess length."""
    text = (value or "").replace("\r\n", "\n").strip()
    pattern = _CONTROL if multiline else _CONTROL_SINGLE_LINE
    bad = pattern.search(text)
    if bad:
        raise ValidationError(
            f"{field_name} contains a control character ({bad.group()!r}); remove it",
            field=field_name,
        )
    if len(text) > limit:
        raise ValidationError(
            f"{field_name} is {len(text):,} characters long; the limit is {limit:,}",
            field=field_name,
        )
    return text


def _clean_url(value: str | None, field_name: str) -> str:
    text = clean_text(value, field_name, limit=MAX_SHORT, multiline=False)
    if text and not re.match(r"^(https?|mailto):", text, re.IGNORECASE):
        raise ValidationError(
            f"{field_name} must start with http:// or https:// (got '{text[:60]}')",
            field=field_name,
        )
    return text


def _clean_name(value: str | None, what: str) -> str:
    name = clean_text(value, what, limit=MAX_NAME, multiline=False)
    if not name:
        raise ValidationError(f"{what} cannot be empty", field=what)
    return " ".join(name.split())


# ---------------------------------------------------------------- opening safely

_CORE_TABLES = ("settings", "duties", "activities", "platforms", "campaigns", "posts",
                "post_skips", "time_entries", "migrations")  # fmt: skip
# Small tables get a full quick_check on every open; the big ones only a probe (see _verify).
_SMALL_TABLES = ("migrations", "settings", "duties", "activities", "platforms", "campaigns")


def _inspect_existing(path: Path) -> tuple[int, int]:
    """Read (application_id, user_version) from the header without SQLite touching the file.

    Also refuses a file shorter than its header says (a truncated copy).
    """
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
            size = os.fstat(handle.fileno()).st_size
    except IsADirectoryError:
        raise DatabaseError(f"{path} is a folder, not a Calepin database") from None
    except OSError as exc:
        raise DatabaseError(f"cannot read {path}: {exc.strerror}") from None
    if not header:
        raise DatabaseError(
            f"{path} is an empty file, not a Calepin database; "
            "point --db at another path or remove the file"
        )
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise DatabaseError(
            f"{path} is not a Calepin database (not an SQLite file); left untouched"
        )
    user_version = int.from_bytes(header[60:64], "big")
    application_id = int.from_bytes(header[68:72], "big")
    if application_id == migrations.APPLICATION_ID:
        page_size = int.from_bytes(header[16:18], "big")
        page_size = 65536 if page_size == 1 else page_size
        pages = int.from_bytes(header[28:32], "big")
        # The page count is trustworthy only when the two change counters agree (file format §1.3.7).
        counted = header[24:28] == header[92:96]
        if counted and page_size and size < pages * page_size:
            raise DatabaseError(
                f"{path} is damaged (the file is shorter than it should be); left untouched. "
                "Restore a backup"
            )
    return application_id, user_version


@contextlib.contextmanager
def _private_files() -> Iterator[None]:
    """Files created meanwhile (database, -wal, -shm, backups) are readable by the owner only."""
    previous = os.umask(0o077)
    try:
        yield
    finally:
        os.umask(previous)


def _create_file(path: Path) -> bool:
    """Create an empty file with mode 0600; False when it already existed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return False
    except OSError as exc:
        raise DatabaseError(f"cannot create {path}: {exc.strerror}") from None
    os.close(fd)
    return True


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _now_text() -> str:
    return dt.datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def backup_path_for(path: Path, when: dt.datetime | None = None) -> Path:
    """A timestamped name beside `path` that does not exist yet."""
    stamp = (when or dt.datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.name}.backup-{stamp}")
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = path.with_name(f"{path.name}.backup-{stamp}-{counter}")
    return candidate


def _copy_database(conn: sqlite3.Connection, target: Path) -> None:
    """An online, consistent copy of `conn`'s database into a new owner-only file."""
    with _private_files():
        if not _create_file(target):
            raise ValidationError(f"{target} already exists; choose another path")
        try:
            with contextlib.closing(sqlite3.connect(target)) as dest:
                conn.backup(dest)
        except sqlite3.DatabaseError as exc:
            target.unlink(missing_ok=True)
            raise DatabaseError(f"backup to {target} failed: {exc}") from None


# ---------------------------------------------------------------- the store


class Store:
    """Calepin's database. Open with `Store.open(path)`; every public mutation is atomic."""

    def __init__(self, conn: sqlite3.Connection, path: Path, zone_name: str) -> None:
        self._conn = conn
        self.path = path
        self.zone_name = zone_name
        self.zone = zone(zone_name)
        self._recorder: _Recorder | None = None
        self._undo: list[Change] = []
        self._redo: list[Change] = []
        self._cache: dict[str, Any] = {}
        self._data_version = -1

    # -- lifecycle

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        zone_name: str | None = None,
        check_integrity: bool = False,
    ) -> Store:
        """Open (or create) the database at `path`.

        Refuses, leaving the file byte-for-byte untouched and no -wal/-shm behind, anything
        that is not a Calepin database, is damaged, or was written by a newer Calepin. An older
        schema is backed up beside the file (`<name>.backup-<UTC stamp>`), then migrated.

        Args:
            path: the database file; created (mode 0600) when missing.
            zone_name: the IANA zone for new posts and day bounds; default the stored
                `timezone` setting, else the system's (`TZ` honoured).
            check_integrity: run a full `PRAGMA quick_check` (about 70 ms per 6 MB); without
                it only the header, the schema and the small tables are checked, to keep the
                command line fast. Always done before a migration.

        Raises:
            DatabaseError: the file cannot be used; the message says why.
            ValidationError: `zone_name` is not an IANA zone.
        """
        path = Path(path).expanduser()
        if zone_name is not None:
            zone(zone_name)
        if not path.exists():
            cls._create(path)
        sidecars_before = {p for p in _sidecars(path) if p.exists()}
        application_id, version = _inspect_existing(path)
        cls._refuse_unknown(path, application_id, version)
        conn: sqlite3.Connection | None = None
        try:
            with _private_files():
                conn = _connect(path)
                version = cls._verify(conn, path, full=check_integrity)
                if version < migrations.latest():
                    cls._backup_then_migrate(conn, path)
                conn.execute("PRAGMA journal_mode = WAL")
            stored_zone = conn.execute(
                "SELECT value FROM settings WHERE key = 'timezone'"
            ).fetchone()
        except (sqlite3.DatabaseError, CalepinError) as exc:
            if conn is not None:
                conn.close()
            for sidecar in _sidecars(path):
                if sidecar not in sidecars_before and sidecar.exists():
                    sidecar.unlink()
            if isinstance(exc, CalepinError):
                raise
            raise DatabaseError(
                f"{path} is damaged and cannot be opened ({exc}); left untouched. Restore a backup"
            ) from None
        name = zone_name or (stored_zone[0] if stored_zone else None) or system_zone_name()
        try:
            return cls(conn, path, name)
        except ValidationError:
            conn.close()
            raise

    @staticmethod
    def _refuse_unknown(path: Path, application_id: int, version: int) -> None:
        if application_id != migrations.APPLICATION_ID:
            raise DatabaseError(
                f"{path} is an SQLite database of another application, not Calepin; left untouched"
            )
        if version > migrations.latest():
            raise DatabaseError(
                f"{path} was written by a newer Calepin (schema {version}, this one knows "
                f"{migrations.latest()}); upgrade Calepin to open it. Left untouched"
            )

    @classmethod
    def _verify(cls, conn: sqlite3.Connection, path: Path, *, full: bool) -> int:
        """Check the file through SQLite without writing; returns its schema version.

        A full `quick_check` reads every page (about 70 ms on five years of data), too slow
        for each CLI call, so by default: the schema, the small tables in full, and one probe
        down each big table and index. Damage elsewhere surfaces as a DatabaseError when read,
        and `calepin check` finds it.
        """
        # WAL: the header in the main file may lag; SQLite's view is the truth.
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        cls._refuse_unknown(path, application_id, version)
        if version == 0:
            raise sqlite3.DatabaseError("the schema was never written")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        missing = set(_CORE_TABLES) - tables
        if missing:
            raise sqlite3.DatabaseError(f"missing tables: {', '.join(sorted(missing))}")
        checks = ["PRAGMA quick_check"] if full else [
            f"PRAGMA quick_check({table})" for table in _SMALL_TABLES
        ]  # fmt: skip
        for pragma in checks:
            result = [row[0] for row in conn.execute(pragma)]
            if result != ["ok"]:
                raise sqlite3.DatabaseError("; ".join(result[:3]))
        if not full:
            # One aggregate per query: SQLite only seeks for a lone min() or max().
            for table, column in (
                ("posts", "id"),
                ("posts", "date"),
                ("time_entries", "id"),
                ("time_entries", "start_at"),
            ):
                for aggregate in ("min", "max"):
                    conn.execute(f"SELECT {aggregate}({column}) FROM {table}").fetchone()
        return version

    @staticmethod
    def _create(path: Path) -> None:
        """Build a new database beside `path`, then link it into place.

        So `path` never exists half-made: a concurrent opener sees either nothing or a
        complete Calepin file, and an empty file is never one of ours.
        """
        with _private_files():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseError(f"cannot create {path.parent}: {exc.strerror}") from None
            temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.new")
            if not _create_file(temp):
                raise DatabaseError(f"cannot create {path}: {temp} is in the way")
            try:
                with contextlib.closing(_connect(temp)) as conn:
                    conn.execute("BEGIN IMMEDIATE")
                    conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
                    migrations.migrate(conn, 0, _now_text())
                    conn.execute("COMMIT")
                    conn.execute("PRAGMA journal_mode = WAL")
                try:
                    os.link(temp, path)  # fails rather than replace a file created meanwhile
                except FileExistsError:
                    pass
                except OSError:  # file systems without hard links
                    if not path.exists():
                        os.rename(temp, path)
            except (OSError, sqlite3.Error) as exc:
                raise DatabaseError(f"cannot create {path}: {exc}") from None
            finally:
                for leftover in (temp, *_sidecars(temp)):
                    leftover.unlink(missing_ok=True)

    @classmethod
    def _backup_then_migrate(cls, conn: sqlite3.Connection, path: Path) -> None:
        # A damaged file is not worth migrating: check every page first (rare, so affordable).
        result = [row[0] for row in conn.execute("PRAGMA quick_check")]
        if result != ["ok"]:
            raise sqlite3.DatabaseError("; ".join(result[:3]))
        # The copy is taken before the write lock: the backup API cannot read a database its
        # own connection holds for writing. A copy made needless by a concurrent migration goes.
        backup = backup_path_for(path)
        _copy_database(conn, backup)
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            if current < migrations.latest():
                migrations.migrate(conn, current, _now_text())
            else:
                backup.unlink(missing_ok=True)
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
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
                self._undo.append(Change(label, tuple(self._recorder.rows)))
                del self._undo[:-MAX_UNDO]
                self._redo.clear()
        except sqlite3.IntegrityError as exc:
            if "one_running_timer" in str(exc):
                raise ValidationError("a timer is already running; stop it first") from None
            raise ValidationError(f"the change conflicts with saved data ({exc})") from None
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(f"the database refused the change ({exc})") from None
        finally:
            self._recorder = None
            self._cache.clear()

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
        if self._recorder is not None:
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
        verb = "redo" if forward else "undo"
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
                    raise ValidationError(
                        f"cannot {verb} '{change.label}': it was changed since "
                        "(perhaps from the command line)"
                    )
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
                raise ValidationError(
                    f"cannot {verb} '{change.label}': it conflicts with a later change ({exc})"
                ) from None
            if isinstance(exc, sqlite3.DatabaseError):
                raise DatabaseError(f"cannot {verb} '{change.label}' ({exc})") from None
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
        """Store a setting. `timezone` must be an IANA name and becomes the store's zone."""
        if key == "timezone":
            self.zone = zone(value)
            self.zone_name = value
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # -- reference lists

    def platforms(self, *, include_archived: bool = False) -> list[Platform]:
        key = f"platforms:{include_archived}"
        if self._cached(key) is None:
            rows = self._conn.execute(
                "SELECT p.id, p.name, p.tag, p.colour, p.char_limit, d.name, p.archived"
                " FROM platforms p LEFT JOIN duties d ON d.id = p.default_duty_id"
                " WHERE ? OR NOT p.archived ORDER BY p.position, p.id",
                (include_archived,),
            ).fetchall()
            self._cache[key] = [
                Platform(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6])) for r in rows
            ]
        return list(self._cache[key])

    def duties(self, *, include_archived: bool = False) -> list[Duty]:
        key = f"duties:{include_archived}"
        if self._cached(key) is None:
            rows = self._conn.execute(
                "SELECT id, name, aliases, social, archived, position FROM duties"
                " WHERE ? OR NOT archived ORDER BY position, id",
                (include_archived,),
            ).fetchall()
            self._cache[key] = [
                Duty(r[0], r[1], _split_aliases(r[2]), bool(r[3]), bool(r[4]), r[5]) for r in rows
            ]
        return list(self._cache[key])

    def activities(self) -> list[Activity]:
        if self._cached("activities") is None:
            rows = self._conn.execute(
                "SELECT id, name, aliases FROM activities ORDER BY position, id"
            ).fetchall()
            self._cache["activities"] = [Activity(r[0], r[1], _split_aliases(r[2])) for r in rows]
        return list(self._cache["activities"])

    def campaigns(self) -> list[Campaign]:
        rows = self._conn.execute(
            "SELECT id, name, colour, start_date, end_date FROM campaigns ORDER BY name"
        ).fetchall()
        return [Campaign(r[0], r[1], r[2], _date(r[3]), _date(r[4])) for r in rows]

    def platform(self, name: str) -> Platform:
        """A platform by name or tag (any case), or a NotFoundError listing the platforms."""
        wanted = " ".join(name.split()).casefold()
        for platform in self.platforms(include_archived=True):
            if wanted in (platform.name.casefold(), platform.tag.casefold()):
                return platform
        names = ", ".join(p.name for p in self.platforms())
        raise NotFoundError(f"unknown platform '{name}'; platforms are: {names}")

    def duty(self, name: str) -> Duty:
        wanted = " ".join(name.split()).casefold()
        for duty in self.duties(include_archived=True):
            if wanted == duty.name.casefold() or wanted in (a.casefold() for a in duty.aliases):
                return duty
        names = ", ".join(d.name for d in self.duties())
        raise NotFoundError(f"unknown duty '{name}'; duties are: {names}")

    def activity(self, name: str) -> Activity:
        wanted = " ".join(name.split()).casefold()
        for activity in self.activities():
            if wanted == activity.name.casefold() or wanted in (
                a.casefold() for a in activity.aliases
            ):
                return activity
        names = ", ".join(a.name for a in self.activities())
        raise NotFoundError(f"unknown activity '{name}'; activities are: {names}")

    def campaign(self, name: str) -> Campaign:
        wanted = " ".join(name.split()).casefold()
        for campaign in self.campaigns():
            if campaign.name.casefold() == wanted:
                return campaign
        names = ", ".join(c.name for c in self.campaigns()) or "none yet"
        raise NotFoundError(
            f"unknown campaign '{name}'; campaigns are: {names} (add one with `campaigns add`)"
        )

    def add_platform(
        self,
        name: str,
        *,
        colour: str = "#888888",
        tag: str | None = None,
        char_limit: int | None = None,
        default_duty: str | None = "social media",
    ) -> Platform:
        name = _clean_name(name, "platform name")
        tag = _clean_name(tag or name[:3].upper(), "platform tag")[:4]
        _check_colour(colour)
        if char_limit is not None and char_limit <= 0:
            raise ValidationError("character limit must be a positive number", field="char_limit")
        duty_id = self.duty(default_duty).id if default_duty else None
        if any(p.name.casefold() == name.casefold() for p in self.platforms(include_archived=True)):
            raise ValidationError(f"platform '{name}' already exists", field="name")
        with self.transaction(f"add platform {name}") as conn:
            cur = conn.execute(
                "INSERT INTO platforms (name, tag, colour, char_limit, default_duty_id, position)"
                " VALUES (?, ?, ?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM platforms))",
                (name, tag, colour, char_limit, duty_id),
            )
            self._record("platforms", cur.lastrowid, None)
        return self.platform(name)

    def add_duty(self, name: str, *, aliases: Sequence[str] = (), social: bool = False) -> Duty:
        name = _clean_name(name, "duty name")
        clean_aliases = [_clean_name(a, "alias") for a in aliases if a.strip()]
        if any(d.name.casefold() == name.casefold() for d in self.duties(include_archived=True)):
            raise ValidationError(f"duty '{name}' already exists", field="name")
        with self.transaction(f"add duty {name}") as conn:
            cur = conn.execute(
                "INSERT INTO duties (name, aliases, social, position)"
                " VALUES (?, ?, ?, (SELECT coalesce(max(position), 0) + 1 FROM duties))",
                (name, ",".join(clean_aliases), int(social)),
            )
            self._record("duties", cur.lastrowid, None)
        return self.duty(name)

    def add_campaign(
        self,
        name: str,
        *,
        colour: str = "#4A90E2",
        start: dt.date | None = None,
        end: dt.date | None = None,
    ) -> Campaign:
        name = _clean_name(name, "campaign name")
        _check_colour(colour)
        if start and end and end < start:
            raise ValidationError("the campaign ends before it starts", field="end")
        if any(c.name.casefold() == name.casefold() for c in self.campaigns()):
            raise ValidationError(f"campaign '{name}' already exists", field="name")
        with self.transaction(f"add campaign {name}") as conn:
            cur = conn.execute(
                "INSERT INTO campaigns (name, colour, start_date, end_date) VALUES (?, ?, ?, ?)",
                (name, colour, _iso(start), _iso(end)),
            )
            self._record("campaigns", cur.lastrowid, None)
        return self.campaign(name)

    # -- editing and removing duties and platforms

    def update_duty(
        self,
        name: str,
        *,
        new_name: str | None = None,
        aliases: Sequence[str] | None = None,
        social: bool | None = None,
        archived: bool | None = None,
    ) -> Duty:
        """Change a duty in place (one undoable change); None leaves a field as it is.

        Entries keep pointing at the same duty: they reference its id, not its name.

        Raises:
            NotFoundError: no duty is called `name` (name or alias, archived included).
            ValidationError: an empty or clashing name or alias; archiving the default duty
                of an active platform; leaving no active social duty. Nothing was saved.
        """
        duty = self.duty(name)
        others = [d for d in self.duties(include_archived=True) if d.id != duty.id]
        taken = {w.casefold(): d.name for d in others for w in (d.name, *d.aliases)}
        final = replace(
            duty,
            name=duty.name if new_name is None else _named(new_name, "duty name", "name"),
            social=duty.social if social is None else bool(social),
            archived=duty.archived if archived is None else bool(archived),
        )
        if final.name.casefold() != duty.name.casefold() and final.name.casefold() in taken:
            raise ValidationError(
                f"'{final.name}' is already used by duty '{taken[final.name.casefold()]}'",
                field="name",
            )
        own = {a.casefold() for a in duty.aliases}
        kept: list[str] = []
        for alias in duty.aliases if aliases is None else _alias_list(aliases):
            folded = alias.casefold()
            if folded == final.name.casefold() or folded in {k.casefold() for k in kept}:
                continue
            # Only new aliases are checked, so an old clash does not block every other edit.
            if folded not in own and folded in taken:
                raise ValidationError(
                    f"alias '{alias}' is already used by duty '{taken[folded]}'", field="aliases"
                )
            kept.append(alias)
        final = replace(final, aliases=tuple(kept))
        if final == duty:
            return duty
        if final.archived and not duty.archived:
            self._refuse_if_default(duty, "archive")
        if duty.social and not duty.archived and not (final.social and not final.archived):
            self._refuse_if_last_social(duty, "social" if not final.social else "archived")
        values = {
            "name": final.name,
            "aliases": ",".join(final.aliases),
            "social": int(final.social),
            "archived": int(final.archived),
        }
        if final.name != duty.name:
            label = f"rename duty {duty.name} to {final.name}"
        elif final.archived != duty.archived:
            label = f"{'archive' if final.archived else 'restore'} duty {duty.name}"
        else:
            label = f"edit duty {duty.name}"
        self._update_row("duties", duty.id, values, label)
        return self._duty_by_id(duty.id)

    def remove_duty(self, name: str) -> str:
        """Delete a duty nothing refers to; archive one with hours or a platform that uses
        it as default, so no hour is ever lost. Returns "deleted" or "archived".

        Raises:
            NotFoundError: no duty is called `name`.
            ValidationError: it is the default duty of an active platform, or the last
                active social duty. Nothing was saved.
        """
        duty = self.duty(name)
        used = self._conn.execute(
            "SELECT EXISTS (SELECT 1 FROM time_entries WHERE duty_id = ?)"
            " OR EXISTS (SELECT 1 FROM platforms WHERE default_duty_id = ?)",
            (duty.id, duty.id),
        ).fetchone()[0]
        if used and duty.archived:
            return "archived"
        self._refuse_if_default(duty, "remove")
        if duty.social and not duty.archived:
            self._refuse_if_last_social(duty, "name")
        if used:
            self._update_row("duties", duty.id, {"archived": 1}, f"archive duty {duty.name}")
            return "archived"
        self._delete_row("duties", duty.id, f"delete duty {duty.name}")
        return "deleted"

    def update_platform(
        self,
        name: str,
        *,
        new_name: str | None = None,
        tag: str | None = None,
        colour: str | None = None,
        char_limit: int | object | None = UNSET,
        default_duty: str | object | None = UNSET,
        archived: bool | None = None,
    ) -> Platform:
        """Change a platform in place (one undoable change). None leaves a field as it is,
        except for `char_limit` and `default_duty`, where UNSET leaves it and None clears it.

        Posts keep pointing at the same platform: they reference its id, not its name.

        Raises:
            NotFoundError: no platform is called `name` (name or tag, archived included).
            ValidationError: an empty or clashing name or tag, a tag over 4 characters, a
                bad colour, a limit below 1, an unknown or archived default duty, or
                archiving the last active platform. Nothing was saved.
        """
        platform = self.platform(name)
        others = [p for p in self.platforms(include_archived=True) if p.id != platform.id]
        taken = {w.casefold(): p.name for p in others for w in (p.name, p.tag)}
        values: dict[str, Any] = {}
        for key, value, what in (("name", new_name, "platform name"), ("tag", tag, "tag")):
            if value is None:
                continue
            text = _named(value, what, key)
            if key == "tag" and len(text) > 4:
                raise ValidationError(
                    f"tag '{text}' is too long; use at most 4 characters", field="tag"
                )
            current = platform.name if key == "name" else platform.tag
            if text.casefold() != current.casefold() and text.casefold() in taken:
                raise ValidationError(
                    f"'{text}' is already used by platform '{taken[text.casefold()]}'", field=key
                )
            values[key] = text
        if colour is not None:
            _check_colour(colour)
            values["colour"] = colour
        if char_limit is not UNSET:
            if char_limit is not None and (
                not isinstance(char_limit, int) or isinstance(char_limit, bool) or char_limit <= 0
            ):
                raise ValidationError(
                    "character limit must be a positive whole number", field="char_limit"
                )
            values["char_limit"] = char_limit
        duty = self.duty(platform.default_duty) if platform.default_duty else None
        if default_duty is not UNSET:
            try:
                duty = self.duty(str(default_duty)) if default_duty is not None else None
            except NotFoundError as exc:
                raise ValidationError(str(exc), field="default_duty") from None
            values["default_duty_id"] = duty.id if duty else None
        if archived is not None:
            values["archived"] = int(bool(archived))
        before = self._row("platforms", platform.id) or {}
        values = {k: v for k, v in values.items() if before.get(k) != v}
        if not values:
            return platform
        active = not values.get("archived", platform.archived)
        if active and duty is not None and duty.archived:
            raise ValidationError(
                f"duty '{duty.name}' is archived; pick another default duty", field="default_duty"
            )
        if not active and not platform.archived:
            self._refuse_if_last_platform(platform, "archived")
        if "name" in values:
            label = f"rename platform {platform.name} to {values['name']}"
        elif "archived" in values:
            label = f"{'archive' if values['archived'] else 'restore'} platform {platform.name}"
        else:
            label = f"edit platform {platform.name}"
        self._update_row("platforms", platform.id, values, label)
        return self._platform_by_id(platform.id)

    def remove_platform(self, name: str) -> str:
        """Delete a platform without posts; archive one with posts, so none is lost.
        Returns "deleted" or "archived".

        Raises:
            NotFoundError: no platform is called `name`.
            ValidationError: it is the last active platform. Nothing was saved.
        """
        platform = self.platform(name)
        used = self._conn.execute(
            "SELECT EXISTS (SELECT 1 FROM posts WHERE platform_id = ?)", (platform.id,)
        ).fetchone()[0]
        if used and platform.archived:
            return "archived"
        if not platform.archived:
            self._refuse_if_last_platform(platform, "name")
        if used:
            self._update_row(
                "platforms", platform.id, {"archived": 1}, f"archive platform {platform.name}"
            )
            return "archived"
        self._delete_row("platforms", platform.id, f"delete platform {platform.name}")
        return "deleted"

    def _update_row(self, table: str, row_id: int, values: dict[str, Any], label: str) -> None:
        with self.transaction(label) as conn:
            before = self._row(table, row_id)
            if before is None:
                raise NotFoundError(f"it was removed meanwhile ({table} #{row_id})")
            sets = ", ".join(f"{c} = ?" for c in values)
            conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*values.values(), row_id])
            self._record(table, row_id, before)

    def _delete_row(self, table: str, row_id: int, label: str) -> None:
        # A reference added meanwhile (e.g. from the CLI) makes the foreign key refuse this.
        with self.transaction(label) as conn:
            before = self._row(table, row_id)
            conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
            self._record(table, row_id, before)

    def _duty_by_id(self, duty_id: int) -> Duty:
        return next(d for d in self.duties(include_archived=True) if d.id == duty_id)

    def _platform_by_id(self, platform_id: int) -> Platform:
        return next(p for p in self.platforms(include_archived=True) if p.id == platform_id)

    def _refuse_if_default(self, duty: Duty, verb: str) -> None:
        # An active platform's timers log hours on its default duty: it must stay usable.
        users = [p.name for p in self.platforms() if p.default_duty == duty.name]
        if users:
            raise ValidationError(
                f"cannot {verb} duty '{duty.name}': it is the default duty of"
                f" {', '.join(users)}; give it another default duty first",
                field="archived" if verb == "archive" else "name",
            )

    def _refuse_if_last_social(self, duty: Duty, field_name: str) -> None:
        # The social share is the headline of every report: keep one active social duty.
        if not any(d.social and d.id != duty.id for d in self.duties()):
            raise ValidationError(
                f"'{duty.name}' is the only active social duty; flag another duty as social first",
                field=field_name,
            )

    def _refuse_if_last_platform(self, platform: Platform, field_name: str) -> None:
        # Every post needs a platform to go on.
        if not any(p.id != platform.id for p in self.platforms()):
            raise ValidationError(
                f"'{platform.name}' is the only active platform; add another first",
                field=field_name,
            )

    # -- posts

    _POST_SELECT = (
        "SELECT p.id, p.uid, p.title, pl.name, p.status, p.date, p.time, p.timezone, c.name,"
        " p.estimate_minutes, p.body, p.notes, p.link, p.published_url, p.group_id, p.rrule,"
        " p.recurrence_of, p.recurrence_date, p.sequence, p.created_at, p.updated_at,"
        " (SELECT group_concat(date) FROM post_skips s WHERE s.post_id = p.id)"
        " FROM posts p JOIN platforms pl ON pl.id = p.platform_id"
        " LEFT JOIN campaigns c ON c.id = p.campaign_id"
    )

    @staticmethod
    def _post(r: Sequence[Any]) -> Post:
        skips = tuple(sorted(dt.date.fromisoformat(d) for d in r[21].split(","))) if r[21] else ()
        return Post(
            id=r[0],
            uid=r[1],
            title=r[2],
            platform=r[3],
            status=Status(r[4]),
            date=_date(r[5]),
            time=dt.time.fromisoformat(r[6]) if r[6] else None,
            timezone=r[7],
            campaign=r[8],
            estimate_minutes=r[9],
            body=r[10],
            notes=r[11],
            link=r[12],
            published_url=r[13],
            group_id=r[14],
            rrule=r[15],
            recurrence_of=r[16],
            recurrence_date=_date(r[17]),
            skipped_dates=skips,
            sequence=r[18],
            created_at=from_db(r[19]),
            updated_at=from_db(r[20]),
        )

    def get_post(self, post_id: int) -> Post:
        row = self._conn.execute(self._POST_SELECT + " WHERE p.id = ?", (post_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no post with id {post_id}")
        return self._post(row)

    def posts_between(
        self,
        first: dt.date,
        last: dt.date,
        *,
        platforms: Sequence[str] = (),
        statuses: Sequence[Status | str] = (),
        campaign: str | None = None,
    ) -> list[Post]:
        """Dated posts from `first` to `last` inclusive, in date and time order.

        Series (recurring posts) appear once, on their first date; use
        `occurrences_between` for the expanded calendar.
        """
        sql, params = self.posts_between_sql(
            first, last, platforms=platforms, statuses=statuses, campaign=campaign
        )
        return [self._post(r) for r in self._conn.execute(sql, params)]

    def posts_between_sql(
        self,
        first: dt.date,
        last: dt.date,
        *,
        platforms: Sequence[str] = (),
        statuses: Sequence[Status | str] = (),
        campaign: str | None = None,
        kind: str = "all",
    ) -> tuple[str, list[Any]]:
        """The (sql, params) `posts_between` runs, so a test can EXPLAIN it.

        `kind` narrows it for `occurrences_between`: "all", "single" (every row but series,
        so changed occurrences included) or "series" (series starting by `last`).
        """
        if kind == "series":
            where = ["p.date <= ?", "p.rrule IS NOT NULL"]
            params: list[Any] = [last.isoformat()]
        else:
            where = ["p.date >= ?", "p.date <= ?"]
            params = [first.isoformat(), last.isoformat()]
            if kind == "single":
                where.append("p.rrule IS NULL")
        where, params = self._post_filters(where, params, platforms, statuses, campaign)
        sql = (
            f"{self._POST_SELECT} WHERE {' AND '.join(where)}"
            " ORDER BY p.date, p.time IS NOT NULL, p.time, p.id"
        )
        return sql, params

    def backlog(
        self,
        *,
        platforms: Sequence[str] = (),
        statuses: Sequence[Status | str] = (),
        campaign: str | None = None,
    ) -> list[Post]:
        """Undated posts (ideas), newest first."""
        where, params = self._post_filters(["p.date IS NULL"], [], platforms, statuses, campaign)
        sql = (
            f"{self._POST_SELECT} WHERE {' AND '.join(where)} ORDER BY p.created_at DESC, p.id DESC"
        )
        return [self._post(r) for r in self._conn.execute(sql, params)]

    def all_posts(self) -> list[Post]:
        return [self._post(r) for r in self._conn.execute(self._POST_SELECT + " ORDER BY p.id")]

    def series(self) -> list[Post]:
        """Every recurring post (the series rows, not their occurrences)."""
        sql = self._POST_SELECT + " WHERE p.rrule IS NOT NULL ORDER BY p.date, p.id"
        return [self._post(r) for r in self._conn.execute(sql)]

    def _post_filters(
        self,
        where: list[str],
        params: list[Any],
        platforms: Sequence[str],
        statuses: Sequence[Status | str],
        campaign: str | None,
    ) -> tuple[list[str], list[Any]]:
        if platforms:
            ids = [self.platform(p).id for p in platforms]
            where.append(f"p.platform_id IN ({', '.join('?' * len(ids))})")
            params.extend(ids)
        if statuses:
            values = [_status(s).value for s in statuses]
            where.append(f"p.status IN ({', '.join('?' * len(values))})")
            params.extend(values)
        if campaign:
            where.append("p.campaign_id = ?")
            params.append(self.campaign(campaign).id)
        return where, params

    def _validate_post(self, draft: PostDraft) -> dict[str, Any]:
        title = clean_text(draft.title, "title", limit=MAX_TITLE, multiline=False)
        if not title:
            raise ValidationError("title cannot be empty", field="title")
        platform = self.platform(draft.platform) if draft.platform else None
        if platform is None:
            raise ValidationError("choose a platform", field="platform")
        status = _status(draft.status)
        if draft.time is not None and draft.date is None:
            raise ValidationError("a post with a time needs a date too", field="date")
        tz_name = draft.timezone or self.zone_name
        zone(tz_name)
        campaign_id = self.campaign(draft.campaign).id if draft.campaign else None
        estimate = draft.estimate_minutes
        if estimate is not None and not (0 <= estimate <= MAX_ESTIMATE):
            raise ValidationError(
                f"effort estimate must be between 0 and {MAX_ESTIMATE // 60} hours",
                field="estimate",
            )
        rrule = draft.rrule.strip() if draft.rrule else None
        if rrule:
            if draft.date is None:
                raise ValidationError("a repeating post needs a first date", field="repeat")
            rrule = recurrence.validate(rrule, draft.date, zone(tz_name))
        post_time = draft.time.replace(second=0, microsecond=0) if draft.time else None
        return {
            "title": title,
            "platform_id": platform.id,
            "status": status.value,
            "date": _iso(draft.date),
            "time": post_time.strftime("%H:%M") if post_time else None,
            "timezone": tz_name,
            "campaign_id": campaign_id,
            "estimate_minutes": estimate,
            "body": clean_text(draft.body, "body", limit=MAX_BODY, multiline=True),
            "notes": clean_text(draft.notes, "notes", limit=MAX_NOTES, multiline=True),
            "link": _clean_url(draft.link, "link"),
            "published_url": _clean_url(draft.published_url, "published URL"),
            "group_id": draft.group_id,
            "rrule": rrule,
        }

    def validate_post(self, draft: PostDraft) -> None:
        """Raise the ValidationError (with `.field`) that saving `draft` would raise; save nothing."""
        self._validate_post(draft)

    def add_post(self, draft: PostDraft, *, label: str | None = None) -> Post:
        """Validate and save a new post.

        Raises:
            ValidationError / NotFoundError: nothing was saved; the message says why.
        """
        values = self._validate_post(draft)
        stamp = _now_text()
        values.update(uid=f"{uuid.uuid4()}@calepin", created_at=stamp, updated_at=stamp)
        cols = list(values)
        with self.transaction(label or f"add post '{values['title']}'") as conn:
            cur = conn.execute(
                f"INSERT INTO posts ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [values[c] for c in cols],
            )
            post_id = cur.lastrowid
            assert post_id is not None
            self._record("posts", post_id, None)
        return self.get_post(post_id)

    def update_post(self, post_id: int, draft: PostDraft, *, label: str | None = None) -> Post:
        """Replace a post's editable fields with the draft's; bumps its SEQUENCE."""
        current = self.get_post(post_id)
        values = self._validate_post(draft)
        if current.status is Status.PUBLISHED:
            pinned = {"title", "platform_id", "date", "time", "timezone", "body", "rrule"}
            before = self._validate_post(_draft_from(current))
            changed = sorted(k for k in pinned if values[k] != before[k])
            if changed and values["status"] == Status.PUBLISHED.value:
                raise ValidationError(
                    "this post is published: only its notes, status, URL and campaign can change"
                    f" (tried to change {', '.join(changed)})"
                )
        return self._write_post(post_id, values, label or f"edit '{values['title']}'")

    def _write_post(self, post_id: int, values: dict[str, Any], label: str) -> Post:
        with self.transaction(label) as conn:
            before = self._row("posts", post_id)
            if before is None:
                raise NotFoundError(f"no post with id {post_id}")
            if all(before[k] == v for k, v in values.items()):
                return self.get_post(post_id)
            values = {**values, "updated_at": _now_text(), "sequence": before["sequence"] + 1}
            sets = ", ".join(f"{c} = ?" for c in values)
            conn.execute(f"UPDATE posts SET {sets} WHERE id = ?", [*values.values(), post_id])
            self._record("posts", post_id, before)
        return self.get_post(post_id)

    def move_post(self, post_id: int, day: dt.date | None, time: dt.time | None) -> Post:
        """Put a post on another day and time (None, None sends it back to the backlog)."""
        post = self.get_post(post_id)
        if post.status is Status.PUBLISHED:
            raise ValidationError("a published post stays where it was published")
        if post.rrule and day is None:
            raise ValidationError("a repeating post cannot go back to the backlog")
        when = f"{day:%a %d %b}" if day else "the backlog"
        return self.update_post(
            post_id,
            replace(_draft_from(post), date=day, time=time),
            label=f"move '{post.title}' to {when}",
        )

    def set_status(
        self, post_id: int, status: Status | str, *, published_url: str | None = None
    ) -> Post:
        post = self.get_post(post_id)
        new = _status(status)
        draft = replace(_draft_from(post), status=new)
        if published_url is not None:
            draft = replace(draft, published_url=published_url)
        values = self._validate_post(draft)
        return self._write_post(post_id, values, f"'{post.title}' → {new.label}")

    def delete_post(self, post_id: int) -> None:
        """Delete a post (undoable). A series goes with its skips and changed occurrences;
        linked time entries stay, unlinked. Deleting a changed occurrence (an override) skips
        that occurrence, so the series' original does not come back in its place.
        """
        post = self.get_post(post_id)
        with self.transaction(f"delete '{post.title}'"):
            if post.recurrence_of is not None and post.recurrence_date is not None:
                self._add_skip(post.recurrence_of, post.recurrence_date)
            self._delete_posts([post_id])

    def _delete_posts(self, post_ids: Sequence[int]) -> None:
        """Delete posts with everything that cascades from them, each row recorded for undo."""
        conn = self._conn
        ids = list(post_ids)
        ids += [
            r[0]
            for pid in post_ids
            for r in conn.execute("SELECT id FROM posts WHERE recurrence_of = ?", (pid,))
            if r[0] not in ids
        ]
        dependants: list[tuple[str, int, dict[str, Any] | None]] = []
        for pid in ids:
            for table, sql in (
                ("post_skips", "SELECT id FROM post_skips WHERE post_id = ?"),
                ("time_entries", "SELECT id FROM time_entries WHERE post_id = ?"),
            ):
                for (row_id,) in conn.execute(sql, (pid,)).fetchall():
                    dependants.append((table, row_id, self._row(table, row_id)))
        # Overrides before their series, so redo replays the deletes in a valid order.
        posts = [(pid, self._row("posts", pid)) for pid in reversed(ids)]
        for pid, _ in posts:
            conn.execute("DELETE FROM posts WHERE id = ?", (pid,))
        for table, row_id, row in dependants:
            self._record(table, row_id, row)
        for pid, row in posts:
            self._record("posts", pid, row)

    def duplicate_post(self, post_id: int, platforms: Sequence[str]) -> list[Post]:
        """Copy a post to other platforms; all copies share the original's group."""
        post = self.get_post(post_id)
        if not platforms:
            raise ValidationError("choose at least one platform to copy to")
        targets = [self.platform(p).name for p in platforms]
        group = post.group_id or uuid.uuid4().hex
        with self.transaction(f"copy '{post.title}' to {', '.join(targets)}"):
            if post.group_id is None:
                before = self._row("posts", post_id)
                self._conn.execute("UPDATE posts SET group_id = ? WHERE id = ?", (group, post_id))
                self._record("posts", post_id, before)
            copies = []
            for name in targets:
                status = post.status if post.status is not Status.PUBLISHED else Status.READY
                draft = replace(_draft_from(post), platform=name, group_id=group, status=status)
                copies.append(self.add_post(draft))
        return copies

    def group(self, group_id: str) -> list[Post]:
        sql = self._POST_SELECT + " WHERE p.group_id = ? ORDER BY p.id"
        return [self._post(r) for r in self._conn.execute(sql, (group_id,))]

    # -- recurring posts

    def occurrences_between(
        self,
        first: dt.date,
        last: dt.date,
        *,
        platforms: Sequence[str] = (),
        statuses: Sequence[Status | str] = (),
        campaign: str | None = None,
    ) -> list[Post]:
        """The calendar from `first` to `last` inclusive, with every series expanded.

        Plain posts as in `posts_between`; each occurrence of a series is a copy of the
        series Post (same id, `rrule` set) whose `date` and `recurrence_date` are the
        occurrence's date. A changed occurrence is its own row (`recurrence_of` = series id,
        `recurrence_date` = the original date, no rrule) and shows on its own date instead of
        the original; skipped dates are left out. Sorted by date, timeless first, then time.
        """
        filters: dict[str, Any] = {
            "platforms": platforms,
            "statuses": statuses,
            "campaign": campaign,
        }
        sql, params = self.posts_between_sql(first, last, kind="single", **filters)
        found = [self._post(r) for r in self._conn.execute(sql, params)]
        sql, params = self.posts_between_sql(first, last, kind="series", **filters)
        series = [self._post(r) for r in self._conn.execute(sql, params)]
        if series:
            overridden: dict[int, set[dt.date]] = {s.id: set() for s in series}
            marks = ", ".join("?" * len(series))
            for series_id, day in self._conn.execute(
                "SELECT recurrence_of, recurrence_date FROM posts"
                f" WHERE recurrence_of IN ({marks})",
                [s.id for s in series],
            ):
                overridden[series_id].add(dt.date.fromisoformat(day))
            for one in series:
                found += recurrence.expand(one, first, last, overridden=overridden[one.id])
        found.sort(key=recurrence.sort_key)
        return found

    def _series(self, series_id: int) -> Post:
        post = self.get_post(series_id)
        if post.rrule is None:
            raise ValidationError(f"'{post.title}' does not repeat")
        return post

    def _override_id(self, series_id: int, day: dt.date) -> int | None:
        row = self._conn.execute(
            "SELECT id FROM posts WHERE recurrence_of = ? AND recurrence_date = ?",
            (series_id, day.isoformat()),
        ).fetchone()
        return row[0] if row else None

    def _check_occurrence(self, series: Post, day: dt.date) -> None:
        if not recurrence.is_occurrence(series, day):
            raise ValidationError(f"'{series.title}' does not fall on {day:%a %d %b %Y}")

    def _touch_post(self, post_id: int) -> None:
        """Bump SEQUENCE and updated_at: the series changed for calendars (e.g. a new EXDATE)."""
        before = self._row("posts", post_id)
        self._conn.execute(
            "UPDATE posts SET sequence = sequence + 1, updated_at = ? WHERE id = ?",
            (_now_text(), post_id),
        )
        self._record("posts", post_id, before)

    def _add_skip(self, series_id: int, day: dt.date) -> None:
        cur = self._conn.execute(
            "INSERT OR IGNORE INTO post_skips (post_id, date) VALUES (?, ?)",
            (series_id, day.isoformat()),
        )
        if cur.rowcount:
            self._record("post_skips", cur.lastrowid or 0, None)
            self._touch_post(series_id)

    def _remove_skips(
        self, series_id: int, *, on: dt.date | None = None, after: dt.date | None = None
    ) -> None:
        if on is not None:
            sql, arg = "SELECT id FROM post_skips WHERE post_id = ? AND date = ?", on
        else:
            assert after is not None
            sql, arg = "SELECT id FROM post_skips WHERE post_id = ? AND date > ?", after
        rows = self._conn.execute(sql, (series_id, arg.isoformat())).fetchall()
        for (skip_id,) in rows:
            before = self._row("post_skips", skip_id)
            self._conn.execute("DELETE FROM post_skips WHERE id = ?", (skip_id,))
            self._record("post_skips", skip_id, before)
        if rows:
            self._touch_post(series_id)

    def skip_occurrence(self, series_id: int, day: dt.date) -> Post:
        """Leave out one occurrence of a series (and drop its changed version, if any).

        Returns the series. Undoable.

        Raises:
            ValidationError: the post does not repeat, or does not fall on `day`.
        """
        series = self._series(series_id)
        override = self._override_id(series_id, day)
        if day in series.skipped_dates and override is None:
            return series
        self._check_occurrence(series, day)
        with self.transaction(f"skip '{series.title}' on {day:%a %d %b}"):
            self._add_skip(series_id, day)
            if override is not None:
                self._delete_posts([override])
        return self.get_post(series_id)

    def restore_occurrence(self, series_id: int, day: dt.date) -> Post:
        """Bring one occurrence back as the series has it: un-skip it, drop its changes.

        Returns the series. Undoable; a no-op when the occurrence is already as planned.
        """
        series = self._series(series_id)
        override = self._override_id(series_id, day)
        if day not in series.skipped_dates and override is None:
            return series
        with self.transaction(f"restore '{series.title}' on {day:%a %d %b}"):
            self._remove_skips(series_id, on=day)
            if override is not None:
                self._delete_posts([override])
        return self.get_post(series_id)

    def override_occurrence(self, series_id: int, day: dt.date, draft: PostDraft) -> Post:
        """Change one occurrence: creates (or updates) its own row from `draft`.

        The row is a normal post with `recurrence_of` = the series and `recurrence_date` =
        `day` (its original date); `draft.date`/`time` say where it now goes (default: `day`).
        A skipped occurrence is un-skipped. Undoable.

        Raises:
            ValidationError / NotFoundError: nothing was saved; the message says why.
        """
        series = self._series(series_id)
        existing = self._override_id(series_id, day)
        if existing is None:
            self._check_occurrence(series, day)
        draft = replace(draft, rrule=None, date=draft.date or day)
        values = self._validate_post(draft)
        label = f"change '{series.title}' on {day:%a %d %b}"
        with self.transaction(label) as conn:
            self._remove_skips(series_id, on=day)
            if existing is not None:
                self._write_post(existing, values, label)
                post_id = existing
            else:
                stamp = _now_text()
                values.update(
                    uid=f"{uuid.uuid4()}@calepin",
                    recurrence_of=series_id,
                    recurrence_date=day.isoformat(),
                    created_at=stamp,
                    updated_at=stamp,
                )
                cols = list(values)
                cur = conn.execute(
                    f"INSERT INTO posts ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                    [values[c] for c in cols],
                )
                post_id = cur.lastrowid or 0
                self._record("posts", post_id, None)
        return self.get_post(post_id)

    def move_occurrence(
        self, series_id: int, day: dt.date, new_day: dt.date, new_time: dt.time | None
    ) -> Post:
        """Move one occurrence (original date `day`) to another day and time. Undoable."""
        existing = self._override_id(series_id, day)
        base = self.get_post(existing) if existing is not None else self._series(series_id)
        draft = replace(_draft_from(base), date=new_day, time=new_time, rrule=None)
        return self.override_occurrence(series_id, day, draft)

    def end_series(self, series_id: int, last_day: dt.date) -> Post:
        """Make a series stop after `last_day` (inclusive); later changes and skips go. Undoable."""
        series = self._series(series_id)
        assert series.date is not None and series.rrule is not None
        if last_day < series.date:
            raise ValidationError(
                f"the series starts on {series.date:%a %d %b %Y}; end it on or after that day"
                " (or delete it)",
                field="date",
            )
        rule = recurrence.with_until(series.rrule, last_day)
        values = self._validate_post(replace(_draft_from(series), rrule=rule))
        label = f"end '{series.title}' after {last_day:%a %d %b}"
        with self.transaction(label) as conn:
            late = [
                r[0]
                for r in conn.execute(
                    "SELECT id FROM posts WHERE recurrence_of = ? AND recurrence_date > ?",
                    (series_id, last_day.isoformat()),
                )
            ]
            if late:
                self._delete_posts(late)
            self._remove_skips(series_id, after=last_day)
            self._write_post(series_id, values, label)
        return self.get_post(series_id)

    # -- time entries

    _ENTRY_SELECT = (
        "SELECT e.id, d.name, e.start_at, e.end_at, a.name, e.note, e.post_id, e.source,"
        " e.external_uid FROM time_entries e JOIN duties d ON d.id = e.duty_id"
        " LEFT JOIN activities a ON a.id = e.activity_id"
    )

    @staticmethod
    def _entry(r: Sequence[Any]) -> TimeEntry:
        return TimeEntry(
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
            raise NotFoundError(f"no time entry with id {entry_id}")
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
            raise ValidationError(f"duty '{duty.name}' is archived; pick another", field="duty")
        activity = self.activity(draft.activity) if draft.activity else None
        if draft.start.tzinfo is None or (draft.end is not None and draft.end.tzinfo is None):
            raise ValidationError("times must carry a time zone")
        if draft.end is not None:
            if draft.end <= draft.start:
                raise ValidationError("the entry ends before it starts", field="end")
            if draft.end - draft.start > MAX_ENTRY:
                raise ValidationError(
                    "an entry cannot last more than 24 hours; log each day separately", field="end"
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
                reasons.append("it ends in the future")
            if draft.end - draft.start > LONG_ENTRY:
                reasons.append("it lasts more than 10 hours")
            others = self.overlapping(draft.start, draft.end, exclude=exclude)
            if others:
                local = [o.start.astimezone(self.zone) for o in others]
                listed = ", ".join(
                    f"#{o.id} {o.duty} at {t:%a %H:%M}" for o, t in zip(others, local, strict=True)
                )
                reasons.append(f"it overlaps {listed}")
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
        label = f"log {self.duty(draft.duty).name}"
        with self.transaction(label) as conn:
            # Checked under the write lock: the CLI cannot slip in an overlapping entry
            # between the question and the save.
            if not force and now is not None and (reasons := self.entry_concerns(draft, now)):
                raise ConfirmationNeeded(reasons)
            if draft.end is None and self.running_timer() is not None:
                raise ValidationError("a timer is already running; stop it first")
            if (
                draft.external_uid
                and conn.execute(
                    "SELECT 1 FROM time_entries WHERE external_uid = ?", (draft.external_uid,)
                ).fetchone()
            ):
                raise ValidationError("this entry was already imported", field="external_uid")
            cur = conn.execute(
                f"INSERT INTO time_entries ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [values[c] for c in cols],
            )
            entry_id = cur.lastrowid
            assert entry_id is not None
            self._record("time_entries", entry_id, None)
        return self.get_entry(entry_id)

    def update_entry(self, entry_id: int, draft: EntryDraft) -> TimeEntry:
        self.get_entry(entry_id)
        values = self._validate_entry(draft)
        with self.transaction(f"edit entry #{entry_id}") as conn:
            before = self._row("time_entries", entry_id)
            sets = ", ".join(f"{c} = ?" for c in values)
            conn.execute(
                f"UPDATE time_entries SET {sets} WHERE id = ?", [*values.values(), entry_id]
            )
            self._record("time_entries", entry_id, before)
        return self.get_entry(entry_id)

    def delete_entry(self, entry_id: int) -> TimeEntry:
        entry = self.get_entry(entry_id)
        with self.transaction(f"delete entry #{entry_id}") as conn:
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
        draft = EntryDraft(duty, now, None, activity, note, post_id, EntrySource.TIMER)
        self._validate_entry(draft)
        with self.transaction(f"start timer on {duty}"):
            stopped = self._stop(now)
            started = self.add_entry(draft)
        return started, stopped

    def stop_timer(self, now: dt.datetime) -> TimeEntry | None:
        """Stop the running timer at `now`; returns it, or None when none was running."""
        with self.transaction("stop timer"):
            return self._stop(now)

    def _stop(self, now: dt.datetime) -> TimeEntry | None:
        timer = self.running_timer()
        if timer is None:
            return None
        end = max(now, timer.start + dt.timedelta(seconds=1))
        if end - timer.start > MAX_ENTRY:
            raise ValidationError(
                f"the timer has run since {timer.start.astimezone(self.zone):%a %d %b %H:%M}; "
                "give the time it really stopped (e.g. `timer stop --at 17:00`)"
            )
        before = self._row("time_entries", timer.id)
        self._conn.execute(
            "UPDATE time_entries SET end_at = ? WHERE id = ?", (to_db(end), timer.id)
        )
        self._record("time_entries", timer.id, before)
        return self.get_entry(timer.id)

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
                messages.append(f"{len(bad_keys)} broken references")
            version = self.schema_version()
        except sqlite3.DatabaseError as exc:
            return CheckResult(False, -1, (str(exc),))
        return CheckResult(not messages, version, tuple(messages))

    def backup(self, target: str | os.PathLike[str] | None = None) -> Path:
        """An online, consistent copy of the database (readable by its owner only)."""
        dest_path = Path(target).expanduser() if target else backup_path_for(self.path)
        if dest_path.is_dir():
            dest_path = backup_path_for(dest_path / self.path.name)
        if dest_path.exists():
            raise ValidationError(f"{dest_path} already exists; choose another path")
        _copy_database(self._conn, dest_path)
        return dest_path

    def explain(self, sql: str, params: Sequence[Any] = ()) -> list[str]:
        """EXPLAIN QUERY PLAN details, for tests that guard the indexes."""
        return [r[3] for r in self._conn.execute("EXPLAIN QUERY PLAN " + sql, params)]

    @property
    def connection(self) -> sqlite3.Connection:
        """The raw connection, for bulk tools inside `storage` (demo, import)."""
        return self._conn


def _guard(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def guarded(self: Store, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            if self._conn.in_transaction and self._recorder is None:
                self._conn.execute("ROLLBACK")
            raise DatabaseError(
                f"{self.path} could not be read ({exc}); run `calepin check`"
            ) from None

    return guarded


# Damage that the fast open check does not see surfaces on first read: keep it a CalepinError.
for _name, _value in list(vars(Store).items()):
    if not _name.startswith("_") and inspect.isfunction(_value) and _name != "transaction":
        setattr(Store, _name, _guard(_value))


# ---------------------------------------------------------------- helpers


_VOLATILE = {"posts": ("sequence", "updated_at")}


def _comparable(table: str, row: dict[str, Any] | None) -> dict[str, Any] | None:
    """A row as undo compares it: bookkeeping columns that undo itself moves are left out."""
    if row is None or table not in _VOLATILE:
        return row
    return {k: v for k, v in row.items() if k not in _VOLATILE[table]}


def _split_aliases(text: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in text.split(",") if a.strip())


def _named(value: str, what: str, field_name: str) -> str:
    """`_clean_name`, with the error naming the field a form shows it next to."""
    try:
        return _clean_name(value, what)
    except ValidationError as exc:
        exc.field = field_name
        raise


def _alias_list(aliases: Sequence[str]) -> list[str]:
    # Aliases are stored comma-separated, so a comma inside one splits it, as in add_duty.
    items = [aliases] if isinstance(aliases, str) else list(aliases)
    return [_named(a, "alias", "aliases") for item in items for a in item.split(",") if a.strip()]


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _status(value: Status | str) -> Status:
    try:
        return Status(str(value).strip().lower().replace(" ", "_").replace("-", "_"))
    except ValueError:
        names = ", ".join(s.value for s in Status)
        raise ValidationError(
            f"unknown status '{value}'; statuses are: {names}", field="status"
        ) from None


def _check_colour(colour: str) -> None:
    if not _COLOUR.match(colour or ""):
        raise ValidationError(f"colour must look like #1877F2 (got '{colour}')", field="colour")


def _draft_from(post: Post) -> PostDraft:
    return PostDraft(
        title=post.title,
        platform=post.platform,
        date=post.date,
        time=post.time,
        timezone=post.timezone,
        status=post.status,
        campaign=post.campaign,
        estimate_minutes=post.estimate_minutes,
        body=post.body,
        notes=post.notes,
        link=post.link,
        published_url=post.published_url,
        group_id=post.group_id,
        rrule=post.rrule,
    )


draft_from_post = _draft_from
