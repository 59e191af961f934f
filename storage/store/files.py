"""The database file: opened safely, created atomically, checked, backed up, owner-only."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import stat
import uuid
from collections.abc import Iterator
from typing import TYPE_CHECKING

from storage import migrations
from storage.errors import CalepinError, DatabaseError, ValidationError
from storage.files import non_regular_kind, os_error_reason
from storage.i18n import _
from storage.store.validation import _now_text
from storage.timeutil import UTC

if TYPE_CHECKING:
    from pathlib import Path

# Opening an existing file takes the path as text: importing pathlib costs the quick
# commands 9 %. Creating, migrating and backing up (rare) make a Path.

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 15_000

_CORE_TABLES = ("settings", "duties", "activities", "platforms", "campaigns", "posts",
                "post_skips", "time_entries", "migrations")  # fmt: skip
# Small tables get a full quick_check on every open; the big ones only a probe (see _verify).
_SMALL_TABLES = ("migrations", "settings", "duties", "activities", "platforms", "campaigns")


def _inspect_existing(path: str) -> tuple[int, int]:
    """Read (application_id, user_version) from the header without SQLite touching the file.

    Also refuses a file shorter than its header says (a truncated copy).
    """
    try:
        with open(path, "rb") as handle:
            header = handle.read(100)
            size = os.fstat(handle.fileno()).st_size
    except IsADirectoryError:
        raise DatabaseError(
            _("{path} is a folder, not a Calepin database").format(path=path)
        ) from None
    except OSError as exc:
        raise DatabaseError(
            _("cannot read {path}: {reason}").format(path=path, reason=exc.strerror)
        ) from None
    if not header:
        raise DatabaseError(
            _(
                "{path} is an empty file, not a Calepin database;"
                " point --db at another path or remove the file"
            ).format(path=path)
        )
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise DatabaseError(
            _("{path} is not a Calepin database (not an SQLite file); left untouched").format(
                path=path
            )
        )
    user_version = int.from_bytes(header[60:64], "big")
    application_id = int.from_bytes(header[68:72], "big")
    if application_id == migrations.APPLICATION_ID:
        page_size = int.from_bytes(header[16:18], "big")
        page_size = 65536 if page_size == 1 else page_size
        pages = int.from_bytes(header[28:32], "big")
        # The page count is trustworthy only when the two change counters agree (file format §1.3.7).
        counted = header[24:28] == header[92:96]
        if counted and page_size and size < pages * page_size and not _has_wal(path):
            raise DatabaseError(
                _(
                    "{path} is damaged (the file is shorter than it should be); left untouched."
                    " Restore a backup"
                ).format(path=path)
            )
    return application_id, user_version


def _has_wal(path: str) -> bool:
    """A write-ahead log with frames beside the file. A checkpoint cut short (the process
    killed) can leave the file shorter than its header says while the log still holds every
    page: SQLite rebuilds it from there on open, so the file is not damaged."""
    try:
        return os.stat(f"{path}-wal").st_size > 32  # more than the log's own header
    except OSError:
        return False


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
        raise DatabaseError(
            _("cannot create {path}: {reason}").format(
                path=path, reason=os_error_reason(exc, path.parent)
            )
        ) from None
    os.close(fd)
    return True


def _sidecars(path: str | Path) -> list[str]:
    return [f"{os.fspath(path)}{suffix}" for suffix in ("-wal", "-shm", "-journal")]


def _connect(path: str | Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def backup_path_for(path: Path, when: dt.datetime | None = None) -> Path:
    """A timestamped name beside `path` that does not exist yet."""
    stamp = (when or dt.datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.name}.backup-{stamp}")
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = path.with_name(f"{path.name}.backup-{stamp}-{counter}")
    return candidate


def copy_database(conn: sqlite3.Connection, target: Path) -> None:
    """An online, consistent copy of `conn`'s database into a new owner-only file."""
    with _private_files():
        if not _create_file(target):
            raise ValidationError(
                _("{path} already exists; choose another path").format(path=target)
            )
        try:
            with contextlib.closing(sqlite3.connect(target)) as dest:
                conn.backup(dest)
        except sqlite3.DatabaseError as exc:
            target.unlink(missing_ok=True)
            reason = _write_failure(target, exc) or str(exc)
            raise DatabaseError(
                _("backup to {path} failed: {reason}").format(path=target, reason=reason)
            ) from None


def open_connection(
    path: str, *, check_integrity: bool, zone_name: str | None = None
) -> tuple[sqlite3.Connection, str | None]:
    """A connection to the Calepin database at `path` (created when missing, migrated when
    older) and its home zone (the stored `timezone` setting), for `Store.open`.

    A new database is written with `zone_name` as its home zone, else the system's; an older
    file without one takes `zone_name` too when it is migrated (else the system's, see
    `migrations._home_zone`). A database that has a home zone keeps it.

    Whatever is refused is left byte-for-byte untouched, with no -wal/-shm left behind.

    Raises:
        DatabaseError: the file cannot be used; the message says why.
    """
    _refuse_non_regular(path)
    if not os.path.exists(path):
        _create_database(_as_path(path), zone_name)
    sidecars_before = {p for p in _sidecars(path) if os.path.exists(p)}
    application_id, version = _inspect_existing(path)
    _refuse_unknown(path, application_id, version)
    conn: sqlite3.Connection | None = None
    try:
        with _private_files():
            conn = _connect(path)
            version = _verify(conn, path, full=check_integrity)
            if version < migrations.latest():
                _backup_then_migrate(conn, _as_path(path), zone_name)
            conn.execute("PRAGMA journal_mode = WAL")
        stored_zone = conn.execute("SELECT value FROM settings WHERE key = 'timezone'").fetchone()
    except (sqlite3.DatabaseError, CalepinError) as exc:
        if conn is not None:
            conn.close()
        for sidecar in _sidecars(path):
            if sidecar not in sidecars_before and os.path.exists(sidecar):
                os.unlink(sidecar)
        if isinstance(exc, CalepinError):
            raise
        reason = _write_failure(path, exc)
        if reason is not None:
            raise DatabaseError(
                _("{reason}; the database is unharmed, left untouched").format(reason=reason)
            ) from None
        raise DatabaseError(
            _(
                "{path} is damaged and cannot be opened ({detail}); left untouched."
                " Restore a backup"
            ).format(path=path, detail=exc)
        ) from None
    return conn, (stored_zone[0] if stored_zone else None)


def _as_path(path: str) -> Path:
    from pathlib import Path

    return Path(path)


def _refuse_non_regular(path: str) -> None:
    """A device, FIFO, socket or folder as the database is refused at once (a FIFO would
    block the first read forever)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise DatabaseError(
            _("cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    if not stat.S_ISREG(mode):
        raise DatabaseError(
            _(
                "{path} is {kind}, not a Calepin database; left untouched."
                " Point --db at a regular file"
            ).format(path=path, kind=non_regular_kind(mode))
        )


_SQLITE_FULL = 13
_SQLITE_WRITE_CODES = {8, 14, 13}  # SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_FULL


def _write_failure(path: str | Path, exc: sqlite3.Error) -> str | None:
    """A message for a healthy file SQLite could not write beside (read-only folder or file,
    full disk); None when the error says nothing of the sort (then the file is damaged)."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    folder = os.path.dirname(path) or "."
    if primary == _SQLITE_FULL or "disk is full" in text or _disk_full(folder):
        return _(
            "cannot write in {folder}: the disk is full; free some space and try again"
        ).format(folder=folder)
    if primary in _SQLITE_WRITE_CODES or "readonly" in text or "unable to open" in text:
        if not os.access(folder, os.W_OK):
            return _("cannot write in {folder} (read-only folder)").format(folder=folder)
        if os.path.exists(path) and not os.access(path, os.W_OK):
            return _("cannot write {path} (read-only file)").format(path=path)
        if primary == 8 or "readonly" in text:
            return _("cannot write in {folder} (read-only folder or file)").format(folder=folder)
    return None


def _disk_full(folder: str) -> bool:
    try:
        info = os.statvfs(folder)
    except (OSError, AttributeError):
        return False
    return info.f_bavail == 0 and info.f_blocks > 0


def _refuse_unknown(path: str | Path, application_id: int, version: int) -> None:
    if application_id != migrations.APPLICATION_ID:
        raise DatabaseError(
            _(
                "{path} is an SQLite database of another application, not Calepin; left untouched"
            ).format(path=path)
        )
    if version > migrations.latest():
        raise DatabaseError(
            _(
                "{path} was written by a newer Calepin (schema {version}, this one knows"
                " {known}); upgrade Calepin to open it. Left untouched"
            ).format(path=path, version=version, known=migrations.latest())
        )


def _verify(conn: sqlite3.Connection, path: str, *, full: bool) -> int:
    """Check the file through SQLite without writing; returns its schema version.

    A full `quick_check` reads every page (about 70 ms on five years of data), too slow
    for each CLI call, so by default: the schema, the small tables in full, and one probe
    down each big table and index. Damage elsewhere surfaces as a DatabaseError when read,
    and `calepin check` finds it.
    """
    # WAL: the header in the main file may lag; SQLite's view is the truth.
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    _refuse_unknown(path, application_id, version)
    if version == 0:
        raise sqlite3.DatabaseError("the schema was never written")
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    missing = set(_CORE_TABLES) - tables
    if missing:
        raise sqlite3.DatabaseError(f"missing tables: {', '.join(sorted(missing))}")
    if full:
        result = [row[0] for row in conn.execute("PRAGMA quick_check")]
        if result != ["ok"]:
            raise sqlite3.DatabaseError("; ".join(result[:3]))
        return version
    # In one statement each (every statement outside a transaction takes and drops the
    # read lock): one "ok" per small table, else what is wrong.
    result = [row[0] for row in conn.execute(_SMALL_TABLES_CHECK)]
    damage = [line for line in result if line != "ok"]
    if damage or len(result) != len(_SMALL_TABLES):
        raise sqlite3.DatabaseError("; ".join(damage[:3]) or "quick_check gave no answer")
    conn.execute(_PROBES).fetchone()
    return version


_SMALL_TABLES_CHECK = " UNION ALL ".join(
    f"SELECT * FROM pragma_quick_check('{table}')" for table in _SMALL_TABLES
)
# One aggregate per subquery: SQLite only seeks for a lone min() or max().
_PROBES = "SELECT " + ", ".join(
    f"(SELECT {aggregate}({column}) FROM {table})"
    for table, column in (
        ("posts", "id"),
        ("posts", "date"),
        ("time_entries", "id"),
        ("time_entries", "start_at"),
    )
    for aggregate in ("min", "max")
)


def _create_database(path: Path, zone_name: str | None) -> None:
    """Build a new database beside `path`, then link it into place.

    So `path` never exists half-made: a concurrent opener sees either nothing or a
    complete Calepin file, and an empty file is never one of ours.
    """
    with _private_files():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(
                _("cannot create {path}: {reason}").format(path=path.parent, reason=exc.strerror)
            ) from None
        temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.new")
        if not _create_file(temp):
            raise DatabaseError(
                _("cannot create {path}: {other} is in the way").format(path=path, other=temp)
            )
        try:
            with contextlib.closing(_connect(temp)) as conn:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
                migrations.migrate(conn, 0, _now_text())
                _write_home_zone(conn, zone_name, replace=True)
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
            raise DatabaseError(
                _("cannot create {path}: {reason}").format(path=path, reason=exc)
            ) from None
        finally:
            for leftover in (temp, *_sidecars(temp)):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(leftover)


def _write_home_zone(conn: sqlite3.Connection, zone_name: str | None, *, replace: bool) -> None:
    """Store `zone_name` as the home zone (`replace` False: only when the file has none)."""
    if zone_name is None:
        return
    conflict = "DO UPDATE SET value = excluded.value" if replace else "DO NOTHING"
    conn.execute(
        f"INSERT INTO settings (key, value) VALUES ('timezone', ?) ON CONFLICT(key) {conflict}",
        (zone_name,),
    )


def _backup_then_migrate(conn: sqlite3.Connection, path: Path, zone_name: str | None) -> None:
    # A damaged file is not worth migrating: check every page first (rare, so affordable).
    result = [row[0] for row in conn.execute("PRAGMA quick_check")]
    if result != ["ok"]:
        raise sqlite3.DatabaseError("; ".join(result[:3]))
    # The copy is taken before the write lock: the backup API cannot read a database its
    # own connection holds for writing. A copy made needless by a concurrent migration goes.
    backup = backup_path_for(path)
    copy_database(conn, backup)
    try:
        conn.execute("BEGIN IMMEDIATE")
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        if current < migrations.latest():
            # Before the migrations: an older file without a home zone takes the settings'.
            _write_home_zone(conn, zone_name, replace=False)
            migrations.migrate(conn, current, _now_text())
        else:
            backup.unlink(missing_ok=True)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        backup.unlink(missing_ok=True)  # the file was not changed: a failed open leaves no copy
        raise
