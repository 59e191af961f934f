"""Every earlier schema, filled with every kind of row it can hold, opens with nothing lost.

The fixtures are built in code (deterministic): `build_at` applies only the first `version`
migrations, as an older Calepin did, then rows go in through plain SQL as that Calepin wrote
them. Schema 0 is a file whose schema was never written: it holds no rows (and is refused as
such, see test_open), so the versions with rows are 1 up to the latest minus one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from dateutil.rrule import rrulestr

from storage import Store, migrations
from tests.storage.test_migrations import backups, build_at

FIRST, LAST = dt.date(2026, 11, 1), dt.date(2027, 3, 31)
TUESDAYS = "FREQ=WEEKLY;BYDAY=TU;COUNT=12"
STAMP = "2026-01-01T00:00:00Z"


def _post(conn: sqlite3.Connection, title: str, **more: object) -> int:
    values = {
        "uid": f"{title}@calepin",
        "title": title,
        "platform_id": 1,
        "status": "scheduled",
        "timezone": "America/Toronto",
        "created_at": STAMP,
        "updated_at": STAMP,
    } | more
    cols = ", ".join(values)
    marks = ", ".join("?" * len(values))
    return conn.execute(
        f"INSERT INTO posts ({cols}) VALUES ({marks})", list(values.values())
    ).lastrowid


def fill(path: Path, version: int) -> dict[str, int]:
    """Every kind of row schema `version` can hold; returns the ids the tests look at."""
    ids: dict[str, int] = {}
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO settings (key, value) VALUES (?, ?)",
            [("week_start", "monday"), ("report_title", "Rapport — Mairie")],
        )
        duty = conn.execute(
            "INSERT INTO duties (name, aliases, social, archived, position)"
            " VALUES ('Fundraising', 'dons,gala', 0, 0, 20)"
        ).lastrowid
        conn.execute(
            "INSERT INTO duties (name, aliases, social, archived, position)"
            " VALUES ('Old duty', '', 1, 1, 21)"
        )
        activity = conn.execute(
            "INSERT INTO activities (name, aliases, position) VALUES ('translate', 'traduire', 9)"
        ).lastrowid
        platform = conn.execute(
            "INSERT INTO platforms (name, tag, colour, char_limit, default_duty_id, archived,"
            " position) VALUES ('Mastodon', 'MA', '#6364FF', 500, ?, 0, 30)",
            (duty,),
        ).lastrowid
        conn.execute(
            "INSERT INTO platforms (name, tag, colour, char_limit, default_duty_id, archived,"
            " position) VALUES ('Google+', 'G+', '#DB4437', NULL, NULL, 1, 31)"
        )
        dated = conn.execute(
            "INSERT INTO campaigns (name, colour, start_date, end_date)"
            " VALUES ('Printemps', '#112233', '2026-12-01', '2027-02-28')"
        ).lastrowid
        conn.execute("INSERT INTO campaigns (name, colour) VALUES ('Toujours', '#445566')")

        ids["timed"] = _post(
            conn,
            "Timed",
            date="2026-12-02",
            time="09:30",
            campaign_id=dated,
            estimate_minutes=30,
            body="corps",
            notes="private",
            link="https://a.example",
            published_url="https://b.example",
            group_id="g1",
            platform_id=platform,
        )
        ids["same_group"] = _post(conn, "Same group", date="2026-12-02", group_id="g1")
        ids["day_only"] = _post(conn, "Day only", date="2026-12-10", status="drafting")
        ids["backlog"] = _post(conn, "Backlog", status="idea")
        ids["published"] = _post(
            conn, "Published", date="2026-11-05", time="12:00", status="published", sequence=2
        )
        # A series on its rule, with a skip and changed dates; a monthly one without a time.
        tip = ids["series"] = _post(
            conn,
            "Tip",
            date="2026-12-01",
            time="10:00",
            rrule=TUESDAYS,
            sequence=1,
            campaign_id=dated,
            group_id="g-tip",
        )
        conn.execute("INSERT INTO post_skips (post_id, date) VALUES (?, '2026-12-15')", (tip,))
        ids["moved"] = _post(
            conn,
            "Tip moved",
            date="2026-12-23",
            time="11:00",
            recurrence_of=tip,
            recurrence_date="2026-12-22",
        )
        ids["to_backlog"] = _post(
            conn,
            "Tip unscheduled",
            recurrence_of=tip,
            recurrence_date="2027-01-05",
            status="on_hold",
        )
        ids["monthly"] = _post(
            conn, "Monthly", date="2026-11-03", rrule="FREQ=MONTHLY;BYMONTHDAY=3;UNTIL=20270303"
        )
        conn.execute(
            "INSERT INTO post_skips (post_id, date) VALUES (?, '2027-01-03')", (ids["monthly"],)
        )
        if version < 2:
            # Schema 1 allowed two changes to the same occurrence; the later one is newer.
            ids["first_change"] = _post(
                conn,
                "Tip first change",
                date="2027-01-12",
                time="08:00",
                recurrence_of=tip,
                recurrence_date="2027-01-12",
                updated_at="2026-02-01T00:00:00Z",
            )
            ids["second_change"] = _post(
                conn,
                "Tip second change",
                date="2027-01-13",
                time="08:00",
                recurrence_of=tip,
                recurrence_date="2027-01-12",
                updated_at="2026-03-01T00:00:00Z",
            )
        if version < 3:
            # Before 0003 a series could start off its rule (a Wednesday for "Tuesdays").
            ids["off_rule"] = _post(
                conn,
                "Off rule",
                date="2026-12-02",
                time="15:00",
                rrule="FREQ=WEEKLY;BYDAY=TU;COUNT=4",
            )

        entry = (
            "INSERT INTO time_entries (duty_id, activity_id, start_at, end_at, note, post_id,"
            " source, external_uid, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        conn.executemany(
            entry,
            [
                (
                    duty,
                    activity,
                    "2026-12-01T14:00:00Z",
                    "2026-12-01T15:00:00Z",
                    "timer done",
                    ids["timed"],
                    "timer",
                    None,
                    STAMP,
                ),
                (
                    1,
                    None,
                    "2026-12-02T14:00:00Z",
                    "2026-12-02T14:45:00Z",
                    "by hand",
                    tip,
                    "manual",
                    None,
                    STAMP,
                ),
                (
                    2,
                    1,
                    "2026-12-03T09:00:00Z",
                    "2026-12-03T10:00:00Z",
                    "from a calendar",
                    None,
                    "import",
                    "meeting-1@example",
                    STAMP,
                ),
                (
                    1,
                    None,
                    "2026-12-04T13:00:00Z",
                    None,
                    "still running",
                    None,
                    "timer",
                    None,
                    STAMP,
                ),
            ],
        )
        if version >= 5:
            conn.execute(
                "INSERT INTO days_off (first_day, last_day, reason, created_at)"
                " VALUES ('2026-12-24', '2027-01-02', 'vacances', ?)",
                (STAMP,),
            )
        conn.execute("COMMIT")
    return ids


def raw(path: Path) -> dict[str, list[tuple]]:
    """Every row of the tables that hold what a person entered."""
    tables = [
        "settings",
        "duties",
        "activities",
        "platforms",
        "campaigns",
        "posts",
        "post_skips",
        "time_entries",
    ]
    with contextlib.closing(sqlite3.connect(path)) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "days_off" in names:
            tables.append("days_off")
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}


def old_calendar(path: Path) -> list[tuple[str, dt.date, dt.time | None]]:
    """The calendar as the older Calepin read it: a series shows on its first date (RFC 5545)
    and every date of its rule, less skipped and changed dates; each changed row on its own
    date."""
    found: list[tuple[str, dt.date, dt.time | None]] = []
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute("SELECT * FROM posts").fetchall()
        skips = {(r[0], r[1]) for r in conn.execute("SELECT post_id, date FROM post_skips")}
    changed = {(r["recurrence_of"], r["recurrence_date"]) for r in rows if r["recurrence_of"]}
    for r in rows:
        time = dt.time.fromisoformat(r["time"]) if r["time"] else None
        if r["rrule"] is None:
            if r["date"] and FIRST.isoformat() <= r["date"] <= LAST.isoformat():
                found.append((r["title"], dt.date.fromisoformat(r["date"]), time))
            continue
        start = dt.datetime.fromisoformat(r["date"])
        days = {d.date() for d in rrulestr(r["rrule"], dtstart=start)} | {start.date()}
        for day in days:
            text = day.isoformat()
            if FIRST <= day <= LAST and (r["id"], text) not in skips | changed:
                found.append((r["title"], day, time))
    return sorted(found, key=str)


def new_calendar(store: Store) -> list[tuple[str, dt.date, dt.time | None]]:
    return sorted(
        ((p.title, p.date, p.time) for p in store.occurrences_between(FIRST, LAST) if p.date),
        key=str,
    )


POST_KEYS = (
    "uid",
    "title",
    "platform_id",
    "status",
    "timezone",
    "campaign_id",
    "estimate_minutes",
    "body",
    "notes",
    "link",
    "published_url",
    "group_id",
    "created_at",
)


@pytest.mark.parametrize("version", range(1, migrations.latest()))
def test_a_full_database_of_every_earlier_schema_opens_with_nothing_lost(
    version: int, tmp_path: Path
) -> None:
    path = build_at(tmp_path / "old.db", version)
    ids = fill(path, version)
    before = raw(path)
    calendar_before = old_calendar(path)

    with Store.open(path) as store:
        assert store.schema_version() == migrations.latest()
        assert store.check().ok, store.check().messages
        calendar_after = new_calendar(store)
        running = store.running_timer()
        assert running is not None and running.note == "still running"
        tip = store.get_post(ids["series"])
        assert tip.skipped_dates == (dt.date(2026, 12, 15),)
    after = raw(path)

    # Catalogues, entries, skips and days off: every row as it was.
    for table in (
        "duties",
        "activities",
        "platforms",
        "campaigns",
        "time_entries",
        "post_skips",
        "days_off",
    ):
        if table in before:
            # Columns a later migration added (time_entries' import state, 0009) come last.
            width = len(before[table][0]) if before[table] else 0
            assert [r[:width] for r in after[table]] == before[table], table
    # Settings: every one kept; a file without a home zone gains one.
    assert set(before["settings"]) <= set(after["settings"])
    assert {k for k, _ in after["settings"]} - {k for k, _ in before["settings"]} <= {"timezone"}

    # Posts: every row keeps its id and its content.
    cols = [c for c in _columns(path, "posts")]
    old_posts = {r[0]: dict(zip(cols, r, strict=False)) for r in before["posts"]}
    new_posts = {r[0]: dict(zip(cols, r, strict=False)) for r in after["posts"]}
    assert set(old_posts) <= set(new_posts)
    for post_id, old in old_posts.items():
        new = new_posts[post_id]
        assert {k: new[k] for k in POST_KEYS} == {k: old[k] for k in POST_KEYS}
        if post_id not in (ids.get("off_rule"), ids.get("first_change")):
            for key in ("date", "time", "rrule", "recurrence_of", "recurrence_date", "sequence"):
                assert new[key] == old[key], (old["title"], key)
    extra = set(new_posts) - set(old_posts)
    if version < 3:  # the off-rule first date became a post of its own (0003)
        (copy,) = extra
        assert (new_posts[copy]["title"], new_posts[copy]["date"]) == ("Off rule", "2026-12-02")
        assert new_posts[ids["off_rule"]]["date"] == "2026-12-08"
    else:
        assert extra == set()
    if version < 2:  # the latest change stays; the older one is a single post, kept
        first, second = new_posts[ids["first_change"]], new_posts[ids["second_change"]]
        assert (second["recurrence_of"], second["recurrence_date"]) == (ids["series"], "2027-01-12")
        assert (first["recurrence_of"], first["recurrence_date"]) == (None, None)
        assert (first["date"], first["time"]) == ("2027-01-12", "08:00")

    # The calendar reads the same dates as the older Calepin showed.
    assert calendar_after == calendar_before

    # A backup of the file as it was.
    (backup,) = backups(tmp_path)
    assert raw(backup) == before
    with contextlib.closing(sqlite3.connect(backup)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version


def _columns(path: Path, table: str) -> list[str]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
