"""The Store: one SQLite file, opened safely; every change one transaction, recorded for undo."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from storage import migrations
from storage.errors import ConfirmationNeeded, DatabaseError, NotFoundError, ValidationError
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
from storage.timeutil import UTC, from_db, system_zone_name, to_db, zone

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 15_000
MAX_TITLE = 300
MAX_BODY = 100_000
MAX_NOTES = 20_000
MAX_SHORT = 2_000
MAX_ENTRY = dt.timedelta(hours=24)
LONG_ENTRY = dt.timedelta(hours=10)
MAX_ESTIMATE = 100 * 60
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


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
    name = clean_text(value, what, limit=80, multiline=False)
    if not name:
        raise ValidationError(f"{what} cannot be empty", field=what)
    return " ".join(name.split())


# ---------------------------------------------------------------- opening safely


def _inspect_existing(path: Path) -> tuple[int, int]:
    """Read (application_id, user_version) from the header without SQLite touching the file."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
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
        raise DatabaseError(f"{path} is not a Calepin database (not an SQLite file); left untouched")
    user_version = int.from_bytes(header[60:64], "big")
    application_id = int.from_bytes(header[68:72], "big")
    return application_id, user_version


def _create_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        raise DatabaseError(f"cannot create {path}: {exc.strerror}") from None
    os.close(fd)


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
    stamp = (when or dt.datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return path.with_name(f"{path.name}.backup-{stamp}")


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

    # -- lifecycle

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, zone_name: str | None = None) -> Store:
        """Open (or create) the database at `path`.

        Refuses, leaving the file untouched, anything that is not a Calepin database or was
        written by a newer Calepin. An older schema is backed up beside the file, then migrated.

        Raises:
            DatabaseError: the file cannot be used; the message says why.
        """
        path = Path(path).expanduser()
        existed = path.exists()
        sidecars_before = {p for p in _sidecars(path) if p.exists()}
        if existed:
            application_id, version = _inspect_existing(path)
            if application_id != migrations.APPLICATION_ID:
                raise DatabaseError(
                    f"{path} is an SQLite database of another application, not Calepin; "
                    "left untouched"
                )
            if version > migrations.SCHEMA_VERSION:
                raise DatabaseError(
                    f"{path} was written by a newer Calepin (schema {version}, this one "
                    f"knows {migrations.SCHEMA_VERSION}); upgrade Calepin to open it"
                )
        else:
            _create_file(path)
        conn: sqlite3.Connection | None = None
        try:
            conn = _connect(path)
            if existed:
                cls._verify(conn, path)
                if version < migrations.SCHEMA_VERSION:
                    cls._backup_then_migrate(conn, path, version)
            else:
                cls._initialise(conn)
            conn.execute("PRAGMA journal_mode = WAL")
            stored_zone = conn.execute(
                "SELECT value FROM settings WHERE key = 'timezone'"
            ).fetchone()
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            for sidecar in _sidecars(path):
                if sidecar not in sidecars_before and sidecar.exists():
                    sidecar.unlink()
            raise DatabaseError(f"{path} is damaged and cannot be opened ({exc})") from None
        name = zone_name or (stored_zone[0] if stored_zone else None) or system_zone_name()
        try:
            return cls(conn, path, name)
        except ValidationError:
            conn.close()
            raise

    @staticmethod
    def _verify(conn: sqlite3.Connection, path: Path) -> None:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        missing = {"posts", "time_entries", "duties", "platforms", "migrations"} - tables
        if missing:
            raise sqlite3.DatabaseError(f"missing tables: {', '.join(sorted(missing))}")
        # Reading each table once makes a damaged page fail here rather than mid-session.
        for table in ("posts", "time_entries", "duties", "platforms"):
            conn.execute(f"SELECT max(rowid) FROM {table}").fetchone()

    @staticmethod
    def _initialise(conn: sqlite3.Connection) -> None:
        # Header fields go into the main file in rollback mode, before WAL is switched on,
        # so the file is recognisable even if the process dies right after.
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
            migrations.migrate(conn, 0, _now_text())
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    @classmethod
    def _backup_then_migrate(cls, conn: sqlite3.Connection, path: Path, version: int) -> None:
        target = backup_path_for(path)
        with contextlib.closing(sqlite3.connect(target)) as dest:
            conn.backup(dest)
        os.chmod(target, 0o600)
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            if current < migrations.SCHEMA_VERSION:  # another process may have migrated
                migrations.migrate(conn, current, _now_text())
            conn.execute("COMMIT")
        except BaseException:
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
        """One write transaction; with a label it is recorded as one undoable change."""
        if self._recorder is not None:  # nested: part of the outer change
            yield self._conn
            return
        self._recorder = _Recorder()
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            if label and self._recorder.rows:
                self._undo.append(Change(label, tuple(self._recorder.rows)))
                self._redo.clear()
        except sqlite3.DatabaseError as exc:
            raise DatabaseError(f"the database refused the change ({exc})") from None
        finally:
            self._recorder = None
            self._cache.clear()

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
        rows = change.rows if forward else tuple(reversed(change.rows))
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            for row in rows:
                current = self._row(row.table, row.row_id)
                expected = row.before if forward else row.after
                if current != expected:
                    raise ValidationError(
                        f"cannot {'redo' if forward else 'undo'} '{change.label}': "
                        "it was changed since (perhaps from the command line)"
                    )
                self._restore(row.table, row.row_id, row.after if forward else row.before)
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        finally:
            self._cache.clear()

    def undo(self) -> str | None:
        """Reverse the latest change; returns its label, or None when there is nothing to undo."""
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
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # -- reference lists

    def platforms(self, *, include_archived: bool = False) -> list[Platform]:
        key = f"platforms:{include_archived}"
        if key not in self._cache:
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
        if key not in self._cache:
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
        if "activities" not in self._cache:
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
        where = ["p.date >= ?", "p.date <= ?"]
        params: list[Any] = [first.isoformat(), last.isoformat()]
        where, params = self._post_filters(where, params, platforms, statuses, campaign)
        sql = f"{self._POST_SELECT} WHERE {' AND '.join(where)} ORDER BY p.date, p.time IS NOT NULL, p.time, p.id"
        return [self._post(r) for r in self._conn.execute(sql, params)]

    def backlog(
        self,
        *,
        platforms: Sequence[str] = (),
        statuses: Sequence[Status | str] = (),
        campaign: str | None = None,
    ) -> list[Post]:
        """Undated posts (ideas), newest first."""
        where, params = self._post_filters(["p.date IS NULL"], [], platforms, statuses, campaign)
        sql = f"{self._POST_SELECT} WHERE {' AND '.join(where)} ORDER BY p.created_at DESC, p.id DESC"
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
            _check_rrule(rrule, draft.date)
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
            post_id, replace(_draft_from(post), date=day, time=time), label=f"move '{post.title}' to {when}"
        )

    def set_status(self, post_id: int, status: Status | str, *, published_url: str | None = None) -> Post:
        post = self.get_post(post_id)
        new = _status(status)
        draft = replace(_draft_from(post), status=new)
        if published_url is not None:
            draft = replace(draft, published_url=published_url)
        values = self._validate_post(draft)
        return self._write_post(post_id, values, f"'{post.title}' → {new.label}")

    def delete_post(self, post_id: int) -> None:
        post = self.get_post(post_id)
        with self.transaction(f"delete '{post.title}'") as conn:
            dependants: list[tuple[str, int, dict[str, Any] | None]] = []
            for table, sql in (
                ("posts", "SELECT id FROM posts WHERE recurrence_of = ?"),
                ("post_skips", "SELECT id FROM post_skips WHERE post_id = ?"),
                ("time_entries", "SELECT id FROM time_entries WHERE post_id = ?"),
            ):
                for (row_id,) in conn.execute(sql, (post_id,)).fetchall():
                    dependants.append((table, row_id, self._row(table, row_id)))
            before = self._row("posts", post_id)
            conn.execute("DELETE FROM posts WHERE id = ?", (post_id,))
            for table, row_id, row in dependants:
                self._record(table, row_id, row)
            self._record("posts", post_id, before)

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
        where = ["e.start_at >= ?", "e.start_at < ?"]
        params: list[Any] = [to_db(start), to_db(end)]
        if duties:
            ids = [self.duty(d).id for d in duties]
            where.append(f"e.duty_id IN ({', '.join('?' * len(ids))})")
            params.extend(ids)
        sql = f"{self._ENTRY_SELECT} WHERE {' AND '.join(where)} ORDER BY e.start_at, e.id"
        return [self._entry(r) for r in self._conn.execute(sql, params)]

    def all_entries(self) -> list[TimeEntry]:
        return [self._entry(r) for r in self._conn.execute(self._ENTRY_SELECT + " ORDER BY e.start_at, e.id")]

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
        if timer and timer.start < end and timer.id != exclude and all(e.id != timer.id for e in found):
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

    def entry_concerns(self, draft: EntryDraft, now: dt.datetime, *, exclude: int | None = None) -> list[str]:
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
                listed = ", ".join(f"#{o.id} {o.duty} at {t:%a %H:%M}" for o, t in zip(others, local, strict=True))
                reasons.append(f"it overlaps {listed}")
        return reasons

    def add_entry(
        self, draft: EntryDraft, *, now: dt.datetime | None = None, force: bool = True
    ) -> TimeEntry:
        """Save a time entry. With force=False and `now`, raises ConfirmationNeeded when
        `entry_concerns` finds anything.
        """
        values = self._validate_entry(draft)
        if not force:
            if now is None:
                raise ValueError("now is required when force is False")
            reasons = self.entry_concerns(draft, now)
            if reasons:
                raise ConfirmationNeeded(reasons)
        values["created_at"] = _now_text()
        cols = list(values)
        label = f"log {draft.duty}"
        with self.transaction(label) as conn:
            if draft.end is None and self.running_timer() is not None:
                raise ValidationError("a timer is already running; stop it first")
            if draft.external_uid and conn.execute(
                "SELECT 1 FROM time_entries WHERE external_uid = ?", (draft.external_uid,)
            ).fetchone():
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
            conn.execute(f"UPDATE time_entries SET {sets} WHERE id = ?", [*values.values(), entry_id])
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
        self._conn.execute("UPDATE time_entries SET end_at = ? WHERE id = ?", (to_db(end), timer.id))
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
        dest_path = Path(target) if target else backup_path_for(self.path)
        if dest_path.is_dir():
            dest_path = dest_path / backup_path_for(self.path).name
        if dest_path.exists():
            raise ValidationError(f"{dest_path} already exists; choose another path")
        _create_file(dest_path)
        try:
            with contextlib.closing(sqlite3.connect(dest_path)) as dest:
                self._conn.backup(dest)
        except sqlite3.DatabaseError as exc:
            dest_path.unlink(missing_ok=True)
            raise DatabaseError(f"backup failed: {exc}") from None
        return dest_path

    def explain(self, sql: str, params: Sequence[Any] = ()) -> list[str]:
        """EXPLAIN QUERY PLAN details, for tests that guard the indexes."""
        return [r[3] for r in self._conn.execute("EXPLAIN QUERY PLAN " + sql, params)]

    @property
    def connection(self) -> sqlite3.Connection:
        """The raw connection, for bulk tools inside `storage` (demo, import)."""
        return self._conn


# ---------------------------------------------------------------- helpers


def _split_aliases(text: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in text.split(",") if a.strip())


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _status(value: Status | str) -> Status:
    try:
        return Status(str(value).strip().lower().replace(" ", "_").replace("-", "_"))
    except ValueError:
        names = ", ".join(s.value for s in Status)
        raise ValidationError(f"unknown status '{value}'; statuses are: {names}", field="status") from None


def _check_colour(colour: str) -> None:
    if not _COLOUR.match(colour or ""):
        raise ValidationError(f"colour must look like #1877F2 (got '{colour}')", field="colour")


def _check_rrule(rule: str, start: dt.date) -> None:
    from dateutil.rrule import rrulestr

    try:
        rrulestr(rule, dtstart=dt.datetime.combine(start, dt.time()))
    except (ValueError, TypeError) as exc:
        raise ValidationError(f"invalid repeat rule '{rule}': {exc}", field="repeat") from None


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
