"""Full-text search (SQLite FTS5) over posts, campaign names and time-entry notes.

The index is three external-content FTS5 tables that sqlite-utils creates with the triggers
that keep them in step with their tables (`create_index`, run by a schema migration), so every
writer (the store, undo and redo, imports, another process) keeps it right without knowing it
is there. Searching is plain SQL on the store's connection: sqlite-utils is imported only to
build the index, never on the start-up path. What a person types is words, never FTS syntax:
each word becomes a quoted prefix term, so quotes, `*`, `AND`, `NEAR`, `-` or `(` are text.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from storage.errors import DatabaseError, ValidationError
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
            columns, fts_version="FTS5", create_triggers=True, tokenize=TOKENIZE
        )


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
        raise ValidationError(f"too many words to search for ({len(words)}; at most {MAX_WORDS})")
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
        snippet = _one_line(snip) if snip else f"campaign: {campaign}"
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
        raise DatabaseError(f"search failed ({exc}); run `calepin check`") from None
