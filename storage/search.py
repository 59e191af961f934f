"""Full-text search (SQLite FTS5) over posts, campaign names and time-entry notes.

The index is three external-content FTS5 tables (sqlite-utils creates them in a schema
migration, `create_index`) and the triggers, written here, that keep them in step with their
tables, so every writer (the store, undo and redo, imports, another process) keeps it right
without knowing it is there. An update reindexes a row only when it changes an indexed
column: a status change or a stopped timer costs nothing. A bulk load (`bulk_load`: restoring
a full export) drops the triggers and builds the index once at the end. Searching is plain SQL
on the store's connection: sqlite-utils is imported only to build the index, never on the
start-up path. What a person types is words, never FTS syntax: each word becomes a quoted
prefix term, so quotes, `*`, `AND`, `NEAR`, `-` or `(` are text.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import sqlite3
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from storage.errors import DatabaseError, ValidationError
from storage.i18n import _
from storage.timeutil import from_db

if TYPE_CHECKING:
    from storage.models import Post
    from storage.store import Store

# Table → the columns indexed; the index of `t` is the FTS5 table `t_fts` (sqlite-utils' name).
INDEXED: dict[str, tuple[str, ...]] = {
    "posts": ("title", "body", "notes"),
    "campaigns": ("name",),
    "time_entries": ("note",),
}
# Case- and accent-insensitive: "reseaux" finds "réseaux", "ECOLE" finds "école".
TOKENIZE = "unicode61 remove_diacritics 2"
MAX_WORDS = 20
# bm25 weights for posts_fts's columns: a word in the title counts more than in the copy.
_POST_WEIGHTS = "10.0, 1.0, 1.0"
_SNIPPET_TOKENS = 12

# A word is a run of letters and digits, as the unicode61 tokenizer splits them.
_WORD = re.compile(r"[^\W_]+")


def create_index(conn: sqlite3.Connection) -> None:
    """Create the FTS5 tables, fill them, and add the triggers that keep them in step.

    Runs inside the caller's transaction (a schema migration): sqlite-utils 4 joins an open
    transaction rather than committing it.
    """
    from sqlite_utils import Database

    db = Database(conn, recursive_triggers=False, execute_plugins=False)
    for table, columns in INDEXED.items():
        db.table(table).enable_fts(
            columns, fts_version="FTS5", create_triggers=False, tokenize=TOKENIZE
        )
    create_triggers(conn)


def _trigger_sql(table: str, columns: Sequence[str]) -> dict[str, str]:
    """Trigger name → CREATE TRIGGER statement keeping `table`'s index in step (the only copy)."""
    fts = f"{table}_fts"
    names = ", ".join(f'"{c}"' for c in columns)
    new_values = ", ".join(f'new."{c}"' for c in columns)
    old_values = ", ".join(f'old."{c}"' for c in columns)
    add = f'INSERT INTO "{fts}" (rowid, {names}) VALUES (new.rowid, {new_values});'
    remove = (
        f'INSERT INTO "{fts}" ("{fts}", rowid, {names})'
        f" VALUES ('delete', old.rowid, {old_values});"
    )
    # Only an UPDATE that sets an indexed column (or the id, the index's rowid) to another
    # value reindexes the row: `UPDATE OF` skips one that sets a status or a timer's end
    # alone, `WHEN` one that writes the whole row back with the same text (the store's edits,
    # undo and redo). BINARY: a campaign's name compares without case, its index must not.
    changed = " OR ".join(
        [
            "old.rowid IS NOT new.rowid",
            *(f'old."{c}" IS NOT new."{c}" COLLATE BINARY' for c in columns),
        ]
    )
    return {
        f"{table}_ai": f'CREATE TRIGGER "{table}_ai" AFTER INSERT ON "{table}" BEGIN {add} END',
        f"{table}_ad": f'CREATE TRIGGER "{table}_ad" AFTER DELETE ON "{table}" BEGIN {remove} END',
        f"{table}_au": (
            f'CREATE TRIGGER "{table}_au" AFTER UPDATE OF "id", {names} ON "{table}"'
            f" WHEN {changed} BEGIN {remove} {add} END"
        ),
    }


TRIGGERS: dict[str, str] = {
    name: sql
    for table, columns in INDEXED.items()
    for name, sql in _trigger_sql(table, columns).items()
}


def create_triggers(conn: sqlite3.Connection) -> None:
    """Add the triggers that keep every index in step with its table (caller's transaction)."""
    for sql in TRIGGERS.values():
        conn.execute(sql)


def drop_triggers(conn: sqlite3.Connection) -> None:
    for name in TRIGGERS:
        conn.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def rebuild(conn: sqlite3.Connection) -> None:
    """Build every index anew from its table's rows (FTS5 'rebuild'), in one pass each."""
    for table in index_tables():
        conn.execute(f'INSERT INTO "{table}" ("{table}") VALUES (\'rebuild\')')


@contextlib.contextmanager
def bulk_load(conn: sqlite3.Connection) -> Iterator[None]:
    """Write many rows with no index work per row; the index is rebuilt once at the end.

    Must run inside the caller's transaction: if the block raises, the rollback brings the
    triggers back with the rows. Costs a full rebuild, so it is for filling a table (a
    restore), not for adding rows to a full one.
    """
    if not conn.in_transaction:
        raise RuntimeError("bulk_load needs an open transaction")
    drop_triggers(conn)
    yield
    rebuild(conn)
    create_triggers(conn)


def index_tables() -> set[str]:
    """The names of the index's tables (the FTS5 tables); SQLite adds shadow tables beside them."""
    return {f"{table}_fts" for table in INDEXED}


def words_of(text: str) -> list[str]:
    """The words searched for in `text`, in order, each once (case and accents aside)."""
    seen: set[str] = set()
    words = []
    for word in _WORD.findall(unicodedata.normalize("NFC", text or "")):
        key = _fold(word)
        if key not in seen:
            seen.add(key)
            words.append(word)
    return words


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _terms(text: str) -> list[str]:
    words = words_of(text)
    if len(words) > MAX_WORDS:
        raise ValidationError(
            _("too many words to search for ({count}; at most {most})").format(
                count=len(words), most=MAX_WORDS
            )
        )
    # Letters and digits only, so quoting cannot be broken; `*` makes each word a prefix.
    return [f'"{word}"*' for word in words]


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: a post or a time entry, with a plain-text snippet of the match."""

    kind: str  # "post" or "entry"
    id: int
    day: dt.date | None  # the post's date (None: backlog) or the entry's start day
    title: str  # the post's title, or the entry's duty
    snippet: str
    score: float  # bm25: lower is more relevant; 0 for a match on the campaign name only

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "date": self.day.isoformat() if self.day else None,
            "title": self.title,
            "snippet": self.snippet,
        }


def search(store: Store, text: str, *, limit: int | None = None) -> list[Hit]:
    """Posts and time entries matching every word of `text`, most relevant first, then newest.

    A post matches a word in its title, copy or notes, or in its campaign's name; a time
    entry in its note. Words match as prefixes, whatever their case and accents.

    Text without a word (only quotes or signs) finds nothing.

    Raises:
        ValidationError: more than `MAX_WORDS` words.
        DatabaseError: the database could not be read.
    """
    terms = _terms(text)
    if not terms:
        return []
    hits = _guarded(lambda: _post_hits(store, terms) + _entry_hits(store, terms))
    hits.sort(key=_rank)
    return hits if limit is None else hits[:limit]


def _rank(hit: Hit) -> tuple[float, int, str, int]:
    # Relevance first; then the latest date; the undated (backlog) last; then by id.
    ordinal = hit.day.toordinal() if hit.day else 0
    return (hit.score, -ordinal, hit.kind, -hit.id)


def matching_post_ids(store: Store, text: str) -> set[int]:
    """Ids of the posts (rows: a series, a changed date) matching every word of `text`.

    Raises:
        ValidationError: too many words.
    """
    terms = _terms(text)
    if not terms:
        return set()
    sql, params = _posts_matching(terms)
    return _guarded(lambda: {row[0] for row in store.connection.execute(sql, params)})


def keep_matching(store: Store, posts: Sequence[Post], words: Any) -> list[Post]:
    """`posts` narrowed to those matching `words`: text, or a filter with a `words` field.

    No words (or a filter without any) keeps every post. An occurrence of a series matches
    when its series does (it carries the series' id).
    """
    text = words if isinstance(words, str) else getattr(words, "words", "") or ""
    if not words_of(text):
        return list(posts)
    ids = matching_post_ids(store, text)
    return [post for post in posts if post.id in ids]


def _posts_matching(terms: Sequence[str]) -> tuple[str, list[str]]:
    # Each word in the post's own text or in its campaign's name: a post about the gala in
    # the "Spring gala" campaign matches "spring gala".
    one = (
        "(p.id IN (SELECT rowid FROM posts_fts WHERE posts_fts MATCH ?)"
        " OR p.campaign_id IN (SELECT rowid FROM campaigns_fts WHERE campaigns_fts MATCH ?))"
    )
    sql = "SELECT p.id FROM posts p WHERE " + " AND ".join(one for _ in terms)
    return sql, [term for term in terms for _ in range(2)]


def _post_hits(store: Store, terms: Sequence[str]) -> list[Hit]:
    matching, params = _posts_matching(terms)
    sql = (
        f"WITH matching(id) AS ({matching}),"
        " ranked AS (SELECT rowid AS id, bm25(posts_fts, " + _POST_WEIGHTS + ") AS score,"
        f" snippet(posts_fts, -1, '', '', '…', {_SNIPPET_TOKENS}) AS snip"
        " FROM posts_fts WHERE posts_fts MATCH ?)"
        " SELECT p.id, p.date, p.title, c.name, r.score, r.snip"
        " FROM matching m JOIN posts p ON p.id = m.id"
        " LEFT JOIN campaigns c ON c.id = p.campaign_id"
        " LEFT JOIN ranked r ON r.id = p.id"
    )
    rows = store.connection.execute(sql, [*params, " OR ".join(terms)])
    hits = []
    for post_id, day, title, campaign, score, snip in rows:
        # No snippet: every word matched the campaign's name, not the post's own text.
        snippet = _one_line(snip) if snip else _("campaign: {name}").format(name=campaign)
        hits.append(
            Hit(
                kind="post",
                id=post_id,
                day=dt.date.fromisoformat(day) if day else None,
                title=title,
                snippet=snippet,
                score=score or 0.0,
            )
        )
    return hits


def _entry_hits(store: Store, terms: Sequence[str]) -> list[Hit]:
    sql = (
        "SELECT e.id, e.start_at, d.name, bm25(time_entries_fts),"
        f" snippet(time_entries_fts, 0, '', '', '…', {_SNIPPET_TOKENS})"
        " FROM time_entries_fts JOIN time_entries e ON e.id = time_entries_fts.rowid"
        " JOIN duties d ON d.id = e.duty_id"
        " WHERE time_entries_fts MATCH ?"
    )
    zone = store.zone
    return [
        Hit(
            kind="entry",
            id=entry_id,
            day=from_db(start).astimezone(zone).date(),
            title=duty,
            snippet=_one_line(snip),
            score=score,
        )
        for entry_id, start, duty, score, snip in store.connection.execute(sql, [" ".join(terms)])
    ]


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _guarded(run: Any) -> Any:
    try:
        return run()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            _("search failed ({detail}); run `calepin check`").format(detail=exc)
        ) from None
