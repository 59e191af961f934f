"""The report's reads: lean rows straight from SQLite, without building Post or TimeEntry objects.

Each read goes through the Store's error wrapping: a damaged file gives the same
DatabaseError as any other Store read.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from storage.store.core import _guard
from storage.timeutil import to_db

if TYPE_CHECKING:
    from storage.store import Store

# Seconds since the epoch come from SQLite, so Python parses no timestamp text. Storage writes
# whole seconds (to_db); unixepoch() needs SQLite 3.38, strftime('%s') does the same before.
if sqlite3.sqlite_version_info >= (3, 38, 0):
    _START, _END = "unixepoch(e.start_at)", "unixepoch(e.end_at)"
else:  # pragma: no cover - depends on the SQLite Python was built with
    _START = "CAST(strftime('%s', e.start_at) AS INTEGER)"
    _END = "CAST(strftime('%s', e.end_at) AS INTEGER)"
SOURCES = ("timer", "manual", "import")  # what the schema's CHECK allows
# Duty, activity and source packed in one integer: one value to read per entry, and one
# dictionary look-up for all three (see entry_key).
ENTRY_KEY = (
    "(e.duty_id * 4294967296 + coalesce(e.activity_id, 0) * 4"
    " + CASE e.source WHEN 'timer' THEN 1 WHEN 'manual' THEN 2 WHEN 'import' THEN 3 END)"
)
# One row per entry: (id, key, start s, end s | None, post id, note | None). The note is read
# only where it can show: with notes included, or when it may be a #highlight.
_ENTRY_COLUMNS = (
    f"SELECT e.id, {ENTRY_KEY}, {_START}, {_END}, e.post_id,"
    " CASE WHEN ? OR instr(e.note, '#') THEN e.note END FROM time_entries e"
)
ENTRIES_SQL = _ENTRY_COLUMNS + " WHERE e.start_at >= ? AND e.start_at < ? ORDER BY e.start_at, e.id"
# "+": look the timer up by its own index, not by walking every entry before the period.
OLD_TIMER_SQL = _ENTRY_COLUMNS + " WHERE e.end_at IS NULL AND +e.start_at < ?"
# The posts entries are linked to: a few hundred a year, read apart from the entries.
POSTS_BY_ID_SQL = (
    "SELECT p.id, p.title, pl.name, p.date FROM posts p"
    " JOIN platforms pl ON pl.id = p.platform_id WHERE p.id IN ({marks})"
)
_CHUNK = 500  # ids per query: old SQLite builds allow 999 parameters
# Dated single posts (series rows left out, changed occurrences in) per platform.
SINGLE_POSTS_SQL = (
    "SELECT pl.name, sum(p.status <> 'cancelled'),"
    " sum(CASE WHEN p.status <> 'cancelled' THEN coalesce(p.estimate_minutes, 0) ELSE 0 END),"
    " sum(p.status = 'published'), sum(p.status = 'cancelled'),"
    " sum(p.status <> 'cancelled' AND p.estimate_minutes IS NULL)"
    " FROM posts p JOIN platforms pl ON pl.id = p.platform_id"
    " WHERE p.date >= ? AND p.date <= ? AND (p.rrule IS NULL OR p.rrule = '')"
    " GROUP BY pl.name"
)
# Today's backlog per platform: undated ideas still to do (count, estimates, without one).
BACKLOG_SQL = (
    "SELECT pl.name, count(*), coalesce(sum(p.estimate_minutes), 0),"
    " sum(p.estimate_minutes IS NULL)"
    " FROM posts p JOIN platforms pl ON pl.id = p.platform_id"
    " WHERE (p.date IS NULL OR p.date = '') AND p.status NOT IN ('cancelled', 'published')"
    " GROUP BY pl.name"
)
# Posts of the period whose own notes are tagged #highlight.
POST_HIGHLIGHTS_SQL = (
    "SELECT p.title, pl.name, p.date, p.time, p.notes FROM posts p"
    " JOIN platforms pl ON pl.id = p.platform_id"
    " WHERE p.date >= ? AND p.date <= ? AND p.status <> 'cancelled'"
    " AND instr(lower(p.notes), '#highlight') ORDER BY p.date, p.time, p.id"
)
# Original dates of series occurrences that were changed into a post dated in the period.
MOVED_SQL = (
    "SELECT recurrence_of, recurrence_date FROM posts"
    " WHERE date >= ? AND date <= ? AND recurrence_of IS NOT NULL AND recurrence_date <> ''"
)
SERIES_SQL = (
    "SELECT p.id, p.date, p.rrule, p.status, pl.name, coalesce(p.estimate_minutes, 0),"
    " (SELECT group_concat(date) FROM post_skips s WHERE s.post_id = p.id), p.time, p.timezone,"
    " p.estimate_minutes IS NULL"
    " FROM posts p JOIN platforms pl ON pl.id = p.platform_id"
    " WHERE p.rrule IS NOT NULL AND p.date <= ? AND p.date <> ''"
)


def entry_key(duty_id: int, activity_id: int, source: str) -> int:
    """The key ENTRY_KEY computes (activity id 0: no activity)."""
    return duty_id * 4294967296 + activity_id * 4 + SOURCES.index(source) + 1


@_guard
def _read(store: Store, sql: str, params: tuple[Any, ...]) -> list[Any]:
    return store.connection.execute(sql, params).fetchall()


def entry_rows(
    store: Store, start: dt.datetime, end: dt.datetime, *, notes: bool
) -> list[tuple[Any, ...]]:
    """Entries starting in [start, end), oldest first, and before them the running timer
    when it started earlier still (a timer left running for days)."""
    rows = _read(store, OLD_TIMER_SQL, (notes, to_db(start)))
    rows += _read(store, ENTRIES_SQL, (notes, to_db(start), to_db(end)))
    return rows


def posts_by_id(store: Store, ids: Iterable[int]) -> dict[int, tuple[str, str, str | None]]:
    """{post id: (title, platform, date)} of the posts that exist among `ids`."""
    wanted = list(ids)
    found: dict[int, tuple[str, str, str | None]] = {}
    for lo in range(0, len(wanted), _CHUNK):
        chunk = tuple(wanted[lo : lo + _CHUNK])
        sql = POSTS_BY_ID_SQL.format(marks=", ".join("?" * len(chunk)))
        found.update((r[0], (r[1], r[2], r[3])) for r in _read(store, sql, chunk))
    return found


def single_posts(
    store: Store, first: dt.date, last: dt.date
) -> list[tuple[str, int, int, int, int, int]]:
    """(platform, planned, estimated minutes, published, cancelled, without an estimate) of
    the dated posts; the planned count and the estimates leave the cancelled ones out."""
    return _read(store, SINGLE_POSTS_SQL, (first.isoformat(), last.isoformat()))


def backlog(store: Store) -> list[tuple[str, int, int, int]]:
    """(platform, ideas, estimated minutes, without an estimate) of today's backlog."""
    return _read(store, BACKLOG_SQL, ())


def post_highlights(
    store: Store, first: dt.date, last: dt.date
) -> list[tuple[str, str, str, str | None, str]]:
    """(title, platform, date, time, notes) of the period's posts whose notes hold #highlight."""
    return _read(store, POST_HIGHLIGHTS_SQL, (first.isoformat(), last.isoformat()))


def moved_dates(store: Store, first: dt.date, last: dt.date) -> dict[int, set[dt.date]]:
    """Per series id, the original dates of its occurrences moved into a post of the period."""
    moved: dict[int, set[dt.date]] = {}
    for series_id, day in _read(store, MOVED_SQL, (first.isoformat(), last.isoformat())):
        moved.setdefault(series_id, set()).add(dt.date.fromisoformat(day))
    return moved


def series_rows(store: Store, last: dt.date) -> list[tuple[Any, ...]]:
    """(id, first date, rrule, status, platform, estimate, skipped dates text, time, zone,
    no estimate?) of the series that start by `last` (cancelled ones too: counted apart)."""
    return _read(store, SERIES_SQL, (last.isoformat(),))
