"""Named, ordered schema migrations. The schema version is the number applied (PRAGMA user_version)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

APPLICATION_ID = 0x43414C50  # "CALP": marks a file as a Calepin database

_STATUSES = "'idea','drafting','ready','scheduled','published','on_hold','cancelled'"
_SOURCES = "'timer','manual','import'"

INITIAL_SCHEMA = f"""
CREATE TABLE migrations (
    name TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE duties (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    aliases TEXT NOT NULL DEFAULT '',
    social INTEGER NOT NULL DEFAULT 0 CHECK (social IN (0, 1)),
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    aliases TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE platforms (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    tag TEXT NOT NULL,
    colour TEXT NOT NULL,
    char_limit INTEGER CHECK (char_limit IS NULL OR char_limit > 0),
    default_duty_id INTEGER REFERENCES duties(id),
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    colour TEXT NOT NULL,
    start_date TEXT,
    end_date TEXT,
    CHECK (start_date IS NULL OR end_date IS NULL OR end_date >= start_date)
);
CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL CHECK (length(trim(title)) > 0),
    platform_id INTEGER NOT NULL REFERENCES platforms(id),
    status TEXT NOT NULL CHECK (status IN ({_STATUSES})),
    date TEXT,
    time TEXT CHECK (time IS NULL OR date IS NOT NULL),
    timezone TEXT NOT NULL,
    campaign_id INTEGER REFERENCES campaigns(id) ON DELETE SET NULL,
    estimate_minutes INTEGER CHECK (estimate_minutes IS NULL OR estimate_minutes >= 0),
    body TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    link TEXT NOT NULL DEFAULT '',
    published_url TEXT NOT NULL DEFAULT '',
    group_id TEXT,
    rrule TEXT CHECK (rrule IS NULL OR date IS NOT NULL),
    recurrence_of INTEGER REFERENCES posts(id) ON DELETE CASCADE,
    recurrence_date TEXT,
    sequence INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX posts_by_date ON posts(date, time);
CREATE INDEX posts_by_group ON posts(group_id) WHERE group_id IS NOT NULL;
CREATE INDEX posts_series ON posts(rrule) WHERE rrule IS NOT NULL;
CREATE INDEX posts_overrides ON posts(recurrence_of) WHERE recurrence_of IS NOT NULL;
CREATE TABLE post_skips (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
    date TEXT NOT NULL,
    UNIQUE (post_id, date)
);
CREATE TABLE time_entries (
    id INTEGER PRIMARY KEY,
    duty_id INTEGER NOT NULL REFERENCES duties(id),
    activity_id INTEGER REFERENCES activities(id),
    start_at TEXT NOT NULL,
    end_at TEXT,
    note TEXT NOT NULL DEFAULT '',
    post_id INTEGER REFERENCES posts(id) ON DELETE SET NULL,
    source TEXT NOT NULL CHECK (source IN ({_SOURCES})),
    external_uid TEXT UNIQUE,
    created_at TEXT NOT NULL,
    CHECK (end_at IS NULL OR end_at > start_at)
);
CREATE INDEX entries_by_start ON time_entries(start_at);
CREATE INDEX entries_by_post ON time_entries(post_id) WHERE post_id IS NOT NULL;
CREATE UNIQUE INDEX one_running_timer ON time_entries((end_at IS NULL)) WHERE end_at IS NULL;
"""

# name, aliases, social
DEFAULT_DUTIES: list[tuple[str, str, bool]] = [
    ("social media", "social,sm,socials,médias sociaux,reseaux sociaux", True),
    ("newsletters", "newsletter,infolettre,infolettres", False),
    ("events", "event,événements,evenements", False),
    ("press relations", "press,media relations,relations de presse,presse", False),
    ("web content", "web,website,site web", False),
    ("meetings", "meeting,réunions,reunions,réunion", False),
    ("video", "vidéo,videos", False),
    ("planning & strategy", "planning,strategy,plan,stratégie", False),
    ("promotional material", "promo,promotion,matériel promotionnel", False),
    ("admin & other", "admin,other,autre,administration,formation", False),
]

# The trade's French words are activities, not duties: a duty says what the time is for (a
# line of the job description), an activity what kind of work it was, and visuals are made
# for every duty (a post, a newsletter banner, a poster): `1h30 social graphisme` is social
# media / create. Training (formation) is the office's own upkeep: admin & other.
DEFAULT_ACTIVITIES: list[tuple[str, str]] = [
    ("create", "creation,créer,création,content,visuels,graphisme"),
    ("publish", "publication,publier,post"),
    (
        "engage",
        "engagement,reply,replies,répondre,community,modération,communauté,animation,messages",
    ),
    ("monitor", "monitoring,veille,listen"),
    ("crisis", "crise,urgent,emergency"),
    ("report", "reporting,analytics,stats,rapport,statistiques"),
]

# name, tag, colour, character limit, default duty
DEFAULT_PLATFORMS: list[tuple[str, str, str, int | None, str]] = [
    ("Facebook", "FB", "#1877F2", 63206, "social media"),
    ("Instagram", "IG", "#E1306C", 2200, "social media"),
    ("LinkedIn", "IN", "#0A66C2", 3000, "social media"),
    ("X", "X", "#8899A6", 280, "social media"),
    ("TikTok", "TT", "#25F4EE", 2200, "social media"),
    ("YouTube", "YT", "#FF0000", 5000, "video"),
    ("Threads", "TH", "#A0A0A0", 500, "social media"),
    ("Bluesky", "BS", "#1185FE", 300, "social media"),
    ("Blog", "BL", "#F5A623", None, "web content"),
    ("Newsletter", "NL", "#7ED321", None, "newsletters"),
    ("Website", "WEB", "#9B59B6", None, "web content"),
]

# A database created in French names its rows in French (Québec's words; France's where
# they differ); the English name becomes an alias, so `1h30 social` and `--duty meetings`
# still read. The rows are the same rows: only their names differ.
FRENCH_NAMES: dict[str, str] = {
    "social media": "médias sociaux",
    "newsletters": "infolettres",
    "events": "événements",
    "press relations": "relations de presse",
    "web content": "contenu web",
    "meetings": "réunions",
    "video": "vidéo",
    "planning & strategy": "planification et stratégie",
    "promotional material": "matériel promotionnel",
    "admin & other": "administration et autres",
    "create": "création",
    "publish": "publication",
    "engage": "animation",
    "monitor": "veille",
    "crisis": "crise",
    "report": "statistiques",
    "Blog": "Blogue",
    "Newsletter": "Infolettre",
    "Website": "Site web",
}
FRANCE_NAMES: dict[str, str] = {
    "newsletters": "newsletters",
    "Newsletter": "Newsletter",
    "Blog": "Blog",
}


def default_names(english: str) -> frozenset[str]:
    """Every name a default duty or activity is given in a new database ('create',
    'création'), casefolded: code that recognises a default row by its name asks this."""
    return frozenset(
        n.casefold()
        for n in (english, FRENCH_NAMES.get(english, english), FRANCE_NAMES.get(english, english))
    )


def _localised_name(english: str, variant: str) -> str:
    if variant == "fr_FR" and english in FRANCE_NAMES:
        return FRANCE_NAMES[english]
    return FRENCH_NAMES.get(english, english) if variant.startswith("fr") else english


def _localised_aliases(english: str, aliases: str, name: str) -> str:
    """The aliases of a row named `name`: its English name first when that is not its name."""
    words = [english] if name != english else []
    words += [a for a in aliases.split(",") if a.casefold() != name.casefold()]
    return ",".join(words)


def default_rows(variant: str = "en") -> tuple[list, list, list]:
    """The default duties, activities and platforms of a new database in `variant`
    ('en', 'fr_CA', 'fr_FR'), as DEFAULT_DUTIES, DEFAULT_ACTIVITIES, DEFAULT_PLATFORMS."""
    duties = [
        (_localised_name(n, variant), _localised_aliases(n, a, _localised_name(n, variant)), s)
        for n, a, s in DEFAULT_DUTIES
    ]
    activities = [
        (_localised_name(n, variant), _localised_aliases(n, a, _localised_name(n, variant)))
        for n, a in DEFAULT_ACTIVITIES
    ]
    platforms = [
        (_localised_name(n, variant), t, c, lim, _localised_name(d, variant))
        for n, t, c, lim, d in DEFAULT_PLATFORMS
    ]
    return duties, activities, platforms


def _initial(conn: sqlite3.Connection) -> None:
    for statement in INITIAL_SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    # The language in use when the file is created names its rows (see FRENCH_NAMES).
    from storage.i18n import variant

    duties, activities, platforms = default_rows(variant())
    conn.executemany(
        "INSERT INTO duties (name, aliases, social, position) VALUES (?, ?, ?, ?)",
        [(n, a, int(s), i) for i, (n, a, s) in enumerate(duties)],
    )
    conn.executemany(
        "INSERT INTO activities (name, aliases, position) VALUES (?, ?, ?)",
        [(n, a, i) for i, (n, a) in enumerate(activities)],
    )
    conn.executemany(
        "INSERT INTO platforms (name, tag, colour, char_limit, default_duty_id, position)"
        " VALUES (?, ?, ?, ?, (SELECT id FROM duties WHERE name = ?), ?)",
        [(n, t, c, lim, d, i) for i, (n, t, c, lim, d) in enumerate(platforms)],
    )


def _one_override_per_occurrence(conn: sqlite3.Connection) -> None:
    """An occurrence of a series can be changed once: a second override row would be ambiguous.

    Calepin 0.1 (schema 1) could store two changes to the same occurrence, so this index
    alone failed on such a file (UNIQUE constraint) and it could not be opened. The latest
    change (newest `updated_at`, then highest id) stays the occurrence's change; each older
    one is detached and kept as a single post on its own date and time, with its title,
    body, notes, status, campaign and time entries: nothing is deleted, nothing disappears
    from the calendar (it shows beside the kept change). Files that already passed this
    migration hold no such rows, so it changes nothing for them.
    """
    import datetime as dt

    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    older = conn.execute(
        "SELECT p.id FROM posts p WHERE p.recurrence_of IS NOT NULL AND EXISTS ("
        " SELECT 1 FROM posts q WHERE q.recurrence_of = p.recurrence_of"
        " AND q.recurrence_date = p.recurrence_date AND q.id != p.id"
        " AND (q.updated_at > p.updated_at OR (q.updated_at = p.updated_at AND q.id > p.id)))"
    ).fetchall()
    conn.executemany(
        "UPDATE posts SET recurrence_of = NULL, recurrence_date = NULL, updated_at = ?"
        " WHERE id = ?",
        [(now, row[0]) for row in older],
    )
    conn.execute(
        "CREATE UNIQUE INDEX posts_one_override ON posts(recurrence_of, recurrence_date)"
        " WHERE recurrence_of IS NOT NULL"
    )


_POST_COPY = (
    "title, platform_id, status, time, timezone, campaign_id, estimate_minutes, body, notes,"
    " link, published_url, group_id, created_at"
)


def _series_start_on_their_rule(conn: sqlite3.Connection) -> None:
    """Series whose first date is off their rule: that date becomes a single post of its own.

    Calepin used to show such a first date on the calendar and in the report but not in
    prep blocks, and calendar apps differ on it; new series must start on their rule
    (`recurrence.validate`). The series keeps its id, uid, skips, changed dates and time
    entries and starts on the rule's first real date (SEQUENCE + 1, so subscribed calendars
    take the change). What showed on the old first date stays a post there: a copy of the
    series, or its changed-date row, detached; nothing when that date was skipped.
    """
    import datetime as dt
    import uuid
    from zoneinfo import ZoneInfo

    from storage import recurrence
    from storage.errors import ValidationError

    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    rows = conn.execute(
        "SELECT id, date, rrule, timezone FROM posts WHERE rrule IS NOT NULL AND date IS NOT NULL"
    ).fetchall()
    for series_id, date_text, rule, zone_name in rows:
        first = dt.date.fromisoformat(date_text)
        try:
            real = recurrence.first_date(rule, first, ZoneInfo(zone_name))
        except (ValidationError, ValueError, KeyError):  # unreadable rule or zone: left as is
            continue
        if real == first:
            continue
        skipped = conn.execute(
            "DELETE FROM post_skips WHERE post_id = ? AND date = ?", (series_id, date_text)
        ).rowcount
        changed = conn.execute(
            "SELECT id FROM posts WHERE recurrence_of = ? AND recurrence_date = ?",
            (series_id, date_text),
        ).fetchone()
        if changed is not None:  # the changed row already is what showed on that date
            conn.execute(
                "UPDATE posts SET recurrence_of = NULL, recurrence_date = NULL, updated_at = ?"
                " WHERE id = ?",
                (now, changed[0]),
            )
        if real is None:  # the rule gives no date: the series was that one date
            conn.execute("DELETE FROM post_skips WHERE post_id = ?", (series_id,))
            hidden = skipped or changed is not None
            conn.execute(
                "UPDATE posts SET rrule = NULL, sequence = sequence + 1, updated_at = ?"
                + (", date = NULL, time = NULL" if hidden else "")  # to the backlog, kept
                + " WHERE id = ?",
                (now, series_id),
            )
            continue
        if not skipped and changed is None:
            conn.execute(
                f"INSERT INTO posts (uid, date, updated_at, {_POST_COPY})"
                f" SELECT ?, date, ?, {_POST_COPY} FROM posts WHERE id = ?",
                (f"{uuid.uuid4()}@calepin", now, series_id),
            )
        conn.execute(
            "UPDATE posts SET date = ?, sequence = sequence + 1, updated_at = ? WHERE id = ?",
            (real.isoformat(), now, series_id),
        )


def _full_text_search(conn: sqlite3.Connection) -> None:
    # FTS5 tables over posts, campaign names and entry notes, kept in step by triggers.
    from storage import search

    search.create_index(conn)


def _days_off(conn: sqlite3.Connection) -> None:
    # Leave the person marks (`calepin off`): days that carry no contracted time.
    conn.execute(
        "CREATE TABLE days_off ("
        " id INTEGER PRIMARY KEY,"
        " first_day TEXT NOT NULL,"
        " last_day TEXT NOT NULL,"
        " reason TEXT NOT NULL DEFAULT '',"
        " created_at TEXT NOT NULL,"
        " CHECK (last_day >= first_day))"
    )
    conn.execute("CREATE INDEX days_off_by_day ON days_off(first_day, last_day)")


def _home_zone(conn: sqlite3.Connection) -> None:
    """Every database has a home zone, the stored `timezone` setting: its wall clock.

    A file made before this kept no zone of its own: each run used the settings file's or
    the shell's `TZ`. It takes the zone the settings file names (Store.open writes that one
    in first), else the system zone at migration time (`TZ` honoured); a file that already
    stored one keeps it. Posts keep their own zone, wall-clock date and time as they are.
    """
    from storage.timeutil import system_zone_name

    conn.execute(
        "INSERT INTO settings (key, value) VALUES ('timezone', ?) ON CONFLICT(key) DO NOTHING",
        (system_zone_name(),),
    )


def _tombstones(conn: sqlite3.Connection) -> None:
    """What a deleted post, series or changed date was in the calendars, so later .ics files
    cancel it (STATUS:CANCELLED, SEQUENCE + 1): file imports in Outlook and Google only add
    or update, so an event that just stops being exported stays there for good.

    One row per VEVENT that stops being exported: `uid` (and `recurrence_date`, the
    RECURRENCE-ID, for one date of a series) as the calendars know it; `kind` 'deleted'
    (cancel it), 'skipped' (a date left out of its series: the series' EXDATE carries the
    event, only its prep block is cancelled) or 'restored' (a changed date given back to its
    series: the date is re-sent as the series has it). `post_id` is the deleted row's id (no foreign key: it is gone),
    `date`..`last_date` the dates it occupied (`last_date` NULL: a series with no end),
    `sequence` the last SEQUENCE exported, `prep_minutes` its prep block's length (NULL:
    none). Written in the change's own transaction, so undo takes it away with the change.
    """
    conn.execute(
        "CREATE TABLE tombstones ("
        " id INTEGER PRIMARY KEY,"
        " uid TEXT NOT NULL,"
        " recurrence_date TEXT,"
        " recurrence_time TEXT,"
        " kind TEXT NOT NULL CHECK (kind IN ('deleted', 'skipped', 'restored')),"
        " post_id INTEGER NOT NULL,"
        " date TEXT NOT NULL,"
        " last_date TEXT,"
        " time TEXT,"
        " timezone TEXT NOT NULL,"
        " title TEXT NOT NULL,"
        " platform TEXT NOT NULL,"
        " status TEXT NOT NULL,"
        " campaign TEXT,"
        " rrule TEXT,"
        " skipped TEXT NOT NULL DEFAULT '',"
        " sequence INTEGER NOT NULL,"
        " prep_minutes INTEGER,"
        " deleted_at TEXT NOT NULL)"
    )
    conn.execute("CREATE INDEX tombstones_by_date ON tombstones(date)")
    conn.execute("CREATE INDEX tombstones_by_uid ON tombstones(uid, recurrence_date)")
    conn.execute("CREATE INDEX tombstones_by_age ON tombstones(deleted_at)")


def _post_fold(conn: sqlite3.Connection) -> None:
    """Which reading of a repeated wall time a post means: `fold` 0 the first (01:30 EDT on
    the day Toronto's clocks go back), 1 the second (01:30 EST), as Python's `time.fold`.

    Existing posts keep 0, the reading `Post.starts_at` always gave them. Only a single post
    or one changed date of a series at a time that happens twice holds 1: a series' dates
    follow RFC 5545 (the first reading), which is how calendars read its RRULE.
    """
    conn.execute(
        "ALTER TABLE posts ADD COLUMN fold INTEGER NOT NULL DEFAULT 0 CHECK (fold IN (0, 1))"
    )


def _outcomes(conn: sqlite3.Connection) -> None:
    """What the work achieved, per platform per month: figures the person enters or imports
    from the platforms' analytics. A figure not known stays NULL, never 0: a report must not
    read "0 people reached" where nobody counted."""
    figures = ("reach", "impressions", "engagement", "followers_gained", "messages_answered")
    columns = "".join(f" {name} INTEGER CHECK ({name} IS NULL OR {name} >= 0)," for name in figures)
    conn.execute(
        "CREATE TABLE outcomes ("
        " id INTEGER PRIMARY KEY,"
        " platform_id INTEGER NOT NULL REFERENCES platforms(id),"
        " month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),"
        f"{columns}"
        " updated_at TEXT NOT NULL,"
        " UNIQUE (platform_id, month))"
    )
    conn.execute("CREATE INDEX outcomes_by_month ON outcomes(month)")


def _import_state(conn: sqlite3.Connection) -> None:
    """What an .ics import wrote of each meeting, so a re-import applies the calendar's moves,
    retitles and cancellations without overwriting a hand edit: the event's version
    (`import_sequence`, `import_modified` LAST-MODIFIED and `import_stamp` DTSTAMP, UTC text)
    and the entry's `import_start`, `import_end`, `import_note` as written.

    Entries imported before keep an unknown version (any file's counts as newer) and their
    present times and note as imported: nothing tells a hand edit from the import any more.
    """
    for column, kind in (
        ("import_sequence", "INTEGER"),
        ("import_modified", "TEXT"),
        ("import_stamp", "TEXT"),
        ("import_start", "TEXT"),
        ("import_end", "TEXT"),
        ("import_note", "TEXT"),
    ):
        conn.execute(f"ALTER TABLE time_entries ADD COLUMN {column} {kind}")
    conn.execute(
        "UPDATE time_entries SET import_start = start_at, import_end = end_at, import_note = note"
        " WHERE external_uid IS NOT NULL AND end_at IS NOT NULL"
    )


def _trade_words(conn: sqlite3.Connection) -> None:
    """The French words of the trade as aliases (modération, graphisme, statistiques,
    formation …) on the default duties and activities that still carry a default name, in
    either language. An alias another row already answers to is left out, so no typed word
    starts to name two rows; the person's own aliases stay as they are (one they removed
    earlier does not come back: only these words are added)."""
    # Frozen here, not read from DEFAULT_*: a migration does the same thing forever.
    words = {
        "duties": {"admin & other": ("formation",)},
        "activities": {
            "create": ("visuels", "graphisme"),
            "engage": ("modération", "communauté", "animation", "messages"),
            "report": ("statistiques",),
        },
    }
    for table, added in words.items():
        rows = conn.execute(f"SELECT id, name, aliases FROM {table}").fetchall()
        taken: dict[str, int] = {}
        for row_id, name, aliases in rows:
            for word in (name, *aliases.split(",")):
                if word.strip():
                    taken.setdefault(word.strip().casefold(), row_id)
        for english, new in added.items():
            names = default_names(english)
            for row_id, name, aliases in rows:
                if name.casefold() not in names:
                    continue
                kept = [a for a in aliases.split(",") if a.strip()]
                fresh = [w for w in new if taken.setdefault(w.casefold(), row_id) == row_id]
                own = {a.casefold() for a in (name, *kept)}
                fresh = [w for w in fresh if w.casefold() not in own]
                if fresh:
                    conn.execute(
                        f"UPDATE {table} SET aliases = ? WHERE id = ?",
                        (",".join([*kept, *fresh]), row_id),
                    )


def _sync(conn: sqlite3.Connection) -> None:
    """What `calepin sync` last agreed on with a CalDAV server (issue 17): per calendar its
    sync token, ctag and the local change token at the end of the last complete run
    (`sync_calendars`); per item its href, ETag, SEQUENCE and the fingerprint of the content
    both sides had (`sync_items`); and the versions changed on both sides that wait for the
    person's choice (`sync_conflicts`); the objects left on the server as not posts, by href
    and ETag, so an unchanged one is not fetched again (`sync_skipped`). Bookkeeping about the
    server: never undone. No password is ever kept here."""
    conn.execute(
        "CREATE TABLE sync_calendars ("
        " url TEXT PRIMARY KEY,"
        " role TEXT NOT NULL CHECK (role IN ('posts', 'meetings')),"
        " sync_token TEXT,"
        " ctag TEXT,"
        " local_token TEXT,"
        " synced_at TEXT)"
    )
    conn.execute(
        "CREATE TABLE sync_items ("
        " calendar_url TEXT NOT NULL,"
        " uid TEXT NOT NULL,"
        " href TEXT NOT NULL,"
        " etag TEXT,"
        " sequence INTEGER NOT NULL DEFAULT 0,"
        " fingerprint TEXT NOT NULL,"
        " changed_by TEXT,"
        " changed_at TEXT,"
        " PRIMARY KEY (calendar_url, uid))"
    )
    conn.execute(
        "CREATE TABLE sync_conflicts ("
        " calendar_url TEXT NOT NULL,"
        " uid TEXT NOT NULL,"
        " remote_text TEXT NOT NULL,"
        " remote_etag TEXT,"
        " remote_href TEXT NOT NULL,"
        " remote_changed_by TEXT,"
        " found_at TEXT NOT NULL,"
        " PRIMARY KEY (calendar_url, uid))"
    )
    conn.execute(
        "CREATE TABLE sync_skipped (calendar_url TEXT NOT NULL, href TEXT NOT NULL,"
        " etag TEXT NOT NULL, uid TEXT, PRIMARY KEY (calendar_url, href))"
    )


# Append only: never edit or reorder a migration that has shipped.
MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = [
    ("0001_initial", _initial),
    ("0002_one_override_per_occurrence", _one_override_per_occurrence),
    ("0003_series_start_on_their_rule", _series_start_on_their_rule),
    ("0004_full_text_search", _full_text_search),
    ("0005_days_off", _days_off),
    ("0006_home_zone", _home_zone),
    ("0007_tombstones", _tombstones),
    ("0008_post_fold", _post_fold),
    ("0009_import_state", _import_state),
    ("0010_outcomes", _outcomes),
    ("0011_trade_words", _trade_words),
    ("0012_sync", _sync),
]

# The version this code writes. Code that must follow a test's extra migration calls latest().
SCHEMA_VERSION = len(MIGRATIONS)


def latest() -> int:
    """The schema version this Calepin writes (the number of migrations it knows)."""
    return len(MIGRATIONS)


def migrate(
    conn: sqlite3.Connection, from_version: int, applied_at: str, *, to_version: int | None = None
) -> None:
    """Apply every migration after `from_version` (up to `to_version`) in the caller's transaction.

    `to_version` below the latest exists so tests can build the schema of an older Calepin.
    """
    target = latest() if to_version is None else to_version
    for index in range(from_version, target):
        name, apply = MIGRATIONS[index]
        apply(conn)
        conn.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, applied_at))
    conn.execute(f"PRAGMA user_version = {int(target)}")
