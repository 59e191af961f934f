"""Schema migrations: named, ordered, versioned, backed up, and all-or-nothing."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pytest

from storage import DatabaseError, PostDraft, Store, ValidationError, migrations


def build_at(path: Path, version: int) -> Path:
    """A Calepin file as an older Calepin, knowing only the first `version` migrations, left it."""
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("BEGIN")
        conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
        migrations.migrate(conn, 0, "2026-01-01T00:00:00Z", to_version=version)
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = WAL")
    return path


def schema(path: Path) -> set[tuple[str, str]]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return set(conn.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL"))


def backups(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if ".backup-" in p.name)


def test_migrations_are_named_and_ordered() -> None:
    names = [name for name, _ in migrations.MIGRATIONS]
    assert names == sorted(names)
    assert len(set(names)) == len(names)
    assert migrations.latest() == migrations.SCHEMA_VERSION == len(names)


def test_new_database_records_every_migration(store: Store) -> None:
    rows = store.connection.execute("SELECT name FROM migrations ORDER BY name").fetchall()
    assert [r[0] for r in rows] == [name for name, _ in migrations.MIGRATIONS]
    assert store.schema_version() == migrations.latest()


@pytest.mark.parametrize("version", range(1, migrations.SCHEMA_VERSION))
def test_every_earlier_schema_migrates_to_the_fresh_one(version: int, tmp_path: Path) -> None:
    old = build_at(tmp_path / "old.db", version)
    fresh = tmp_path / "fresh.db"
    Store.open(fresh).close()
    Store.open(old).close()
    assert schema(old) == schema(fresh)
    with contextlib.closing(sqlite3.connect(old)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.latest()
        names = [r[0] for r in conn.execute("SELECT name FROM migrations ORDER BY name")]
    assert names == [name for name, _ in migrations.MIGRATIONS]
    (backup,) = backups(tmp_path)
    with contextlib.closing(sqlite3.connect(backup)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version


def test_second_migration_forbids_two_overrides_of_one_occurrence(store: Store) -> None:
    series = store.add_post(
        PostDraft("Tip", "Facebook", dt.date(2026, 11, 24), dt.time(10), rrule="FREQ=WEEKLY")
    )
    store.override_occurrence(series.id, dt.date(2026, 12, 1), PostDraft("Tip!", "Facebook"))
    conn = store.connection
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute(
            "INSERT INTO posts (uid, title, platform_id, status, date, timezone, recurrence_of,"
            " recurrence_date, created_at, updated_at) VALUES ('x', 't', 1, 'idea',"
            " '2026-12-01', 'UTC', ?, '2026-12-01', 'now', 'now')",
            (series.id,),
        )


def _add_reviewed_column(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE posts ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 0")


def _broken(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE posts ADD COLUMN half INTEGER")
    raise sqlite3.OperationalError("simulated failure half-way through a migration")


def test_a_new_migration_runs_on_open_with_a_backup(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(db_path) as store:
        store.add_post(PostDraft("Before the upgrade", "X"))
    monkeypatch.setattr(
        migrations,
        "MIGRATIONS",
        [*migrations.MIGRATIONS, ("9999_reviewed_flag", _add_reviewed_column)],
    )
    with Store.open(db_path) as store:
        assert store.schema_version() == migrations.latest() == migrations.SCHEMA_VERSION + 1
        cols = [r[1] for r in store.connection.execute("PRAGMA table_info(posts)")]
        assert "reviewed" in cols
        assert [p.title for p in store.all_posts()] == ["Before the upgrade"]
    (backup,) = backups(db_path.parent)
    with contextlib.closing(sqlite3.connect(backup)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    # Opening again migrates nothing and takes no second backup.
    Store.open(db_path).close()
    assert len(backups(db_path.parent)) == 1


def test_a_failing_migration_changes_nothing(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Store.open(db_path).close()
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    monkeypatch.setattr(
        migrations, "MIGRATIONS", [*migrations.MIGRATIONS, ("9999_broken", _broken)]
    )
    with pytest.raises(DatabaseError, match="simulated failure"):
        Store.open(db_path)
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
    monkeypatch.undo()
    with Store.open(db_path) as store:
        assert store.schema_version() == migrations.SCHEMA_VERSION
        cols = [r[1] for r in store.connection.execute("PRAGMA table_info(posts)")]
        assert "half" not in cols
    # The file was rolled back unchanged, so the copy taken before trying went (a failed
    # open leaves no extra copy); the second open migrated nothing and took none.
    assert backups(db_path.parent) == []


def test_newer_schema_is_refused_even_when_only_the_wal_knows(db_path: Path) -> None:
    # A newer Calepin migrated while its WAL was not yet copied into the main file.
    Store.open(db_path).close()
    holder = sqlite3.connect(db_path, isolation_level=None)
    try:
        holder.execute("PRAGMA wal_autocheckpoint = 0")
        holder.execute(f"PRAGMA user_version = {migrations.latest() + 1}")
        with pytest.raises(DatabaseError, match="newer Calepin"):
            Store.open(db_path)
    finally:
        holder.close()


def test_unknown_time_zone_setting_is_refused(store: Store) -> None:
    with pytest.raises(ValidationError, match="time zone"):
        store.change_zone("Nowhere/Land", "wall")
    assert store.zone_name == "America/Toronto"


def _old_post(conn: sqlite3.Connection, title: str, day: str, rule: str | None = None, **more):
    values = {
        "uid": f"{title}@calepin",
        "title": title,
        "platform_id": 1,
        "status": "scheduled",
        "date": day,
        "time": "10:00",
        "timezone": "America/Toronto",
        "rrule": rule,
        "group_id": f"group-{title}",
        "estimate_minutes": 20,
        "body": f"copy of {title}",
        "created_at": "2026-01-01T00:00:00Z",
        "updated_at": "2026-01-01T00:00:00Z",
    } | more
    cols = ", ".join(values)
    marks = ", ".join("?" * len(values))
    return conn.execute(
        f"INSERT INTO posts ({cols}) VALUES ({marks})", list(values.values())
    ).lastrowid


def test_series_off_their_rule_start_on_it_and_keep_their_first_date_as_a_post(
    tmp_path: Path,
) -> None:
    # Wed 2 Dec 2026 is off "Tuesdays": Calepin 0.2 showed it on the calendar, not in prep.
    path = build_at(tmp_path / "old.db", 2)
    tuesdays = "FREQ=WEEKLY;BYDAY=TU"
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        tip = _old_post(conn, "Tip", "2026-12-02", tuesdays, sequence=3)
        conn.execute("INSERT INTO post_skips (post_id, date) VALUES (?, '2026-12-15')", (tip,))
        moved = _old_post(
            conn, "Tip moved", "2026-12-23", recurrence_of=tip, recurrence_date="2026-12-22"
        )
        conn.execute(
            "INSERT INTO time_entries (duty_id, start_at, end_at, post_id, source, created_at)"
            " VALUES (1, '2026-12-01T14:00:00Z', '2026-12-01T15:00:00Z', ?, 'manual', 'x')",
            (tip,),
        )
        skipped = _old_post(conn, "Skipped", "2026-12-02", tuesdays)
        conn.execute("INSERT INTO post_skips (post_id, date) VALUES (?, '2026-12-02')", (skipped,))
        changed = _old_post(conn, "Changed", "2026-12-02", tuesdays)
        first_change = _old_post(
            conn, "First changed", "2026-12-03", recurrence_of=changed, recurrence_date="2026-12-02"
        )
        fits = _old_post(conn, "Fits", "2026-12-01", tuesdays)
        once = _old_post(conn, "Once", "2026-12-02", "FREQ=DAILY;UNTIL=20261201")
    with Store.open(path) as store:
        assert store.schema_version() == migrations.latest()
        series = store.get_post(tip)
        assert (series.date, series.uid, series.sequence) == (
            dt.date(2026, 12, 8),
            "Tip@calepin",
            4,
        )
        assert series.skipped_dates == (dt.date(2026, 12, 15),)
        assert store.get_post(moved).recurrence_of == tip
        (entry,) = store.entries_between(
            dt.datetime(2026, 12, 1, tzinfo=dt.UTC), dt.datetime(2026, 12, 2, tzinfo=dt.UTC)
        )
        assert entry.post_id == tip  # logged time stays with the row that keeps the id
        alone = [p for p in store.all_posts() if p.title == "Tip" and p.id != tip]
        assert len(alone) == 1
        one = alone[0]
        assert (one.date, one.time, one.rrule, one.recurrence_of) == (
            dt.date(2026, 12, 2),
            dt.time(10),
            None,
            None,
        )
        assert (one.status, one.group_id, one.body, one.estimate_minutes) == (
            series.status,
            series.group_id,
            series.body,
            20,
        )
        assert one.uid != series.uid
        # A skipped first date stays hidden; a changed one is now a post of its own.
        assert store.get_post(skipped).date == dt.date(2026, 12, 8)
        assert store.get_post(skipped).skipped_dates == ()
        assert [p.title for p in store.all_posts()].count("Skipped") == 1
        detached = store.get_post(first_change)
        assert (detached.recurrence_of, detached.date) == (None, dt.date(2026, 12, 3))
        assert store.get_post(changed).date == dt.date(2026, 12, 8)
        assert store.get_post(fits).date == dt.date(2026, 12, 1)
        assert store.get_post(fits).sequence == 0
        plain = store.get_post(once)
        assert (plain.rrule, plain.date) == (None, dt.date(2026, 12, 2))
        # Every surface now reads the same dates: the week of 30 Nov shows each post once.
        week = store.occurrences_between(dt.date(2026, 11, 30), dt.date(2026, 12, 6))
        assert sorted((p.title, p.date.day) for p in week if p.date) == [
            ("First changed", 3),
            ("Fits", 1),
            ("Once", 2),
            ("Tip", 2),
        ]


def test_schema_3_gains_a_search_index_over_what_it_already_holds(tmp_path: Path) -> None:
    from storage import search

    path = build_at(tmp_path / "old.db", 3)
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("INSERT INTO campaigns (name, colour) VALUES ('Printemps', '#112233')")
        _old_post(conn, "Gala des bénévoles", "2026-12-01", campaign_id=1)
        conn.execute(
            "INSERT INTO time_entries (duty_id, start_at, end_at, note, source, created_at)"
            " VALUES (1, '2026-12-01T14:00:00Z', '2026-12-01T15:00:00Z', 'gala setup',"
            " 'manual', 'x')"
        )
    with Store.open(path) as store:
        assert store.schema_version() == migrations.latest() >= 4
        assert sorted(h.kind for h in search.search(store, "gala")) == ["entry", "post"]
        assert [h.title for h in search.search(store, "printemps benevoles")] == [
            "Gala des bénévoles"
        ]
        store.add_post(PostDraft("Gala recap", "Facebook"))  # the triggers came with it
        assert len(search.search(store, "gala recap")) == 1
        assert store.check().ok
    (backup,) = backups(tmp_path)
    with contextlib.closing(sqlite3.connect(backup)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
