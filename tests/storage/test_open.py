"""Opening files: new ones private, foreign/damaged/newer ones refused untouched, older migrated."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from storage import DatabaseError, EntryDraft, PostDraft, Store, migrations
from storage.store import SQLITE_MAGIC

UTC = dt.UTC


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sidecars(path: Path) -> list[Path]:
    return [p for p in path.parent.iterdir() if p.name.startswith(path.name + "-")]


def make_calepin(path: Path, entries: int = 0) -> Path:
    """A closed, healthy Calepin file (checkpointed: no -wal beside it)."""
    with Store.open(path, zone_name="America/Toronto") as store:
        store.add_post(PostDraft("Launch", "Facebook", dt.date(2026, 11, 24), dt.time(10)))
        start = dt.datetime(2026, 1, 1, 9, tzinfo=UTC)
        conn = store.connection
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO time_entries (duty_id, start_at, end_at, note, source, created_at)"
            " VALUES (1, ?, ?, ?, 'manual', '2026-01-01T00:00:00Z')",
            [
                (
                    (start + dt.timedelta(hours=i)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    (start + dt.timedelta(hours=i, minutes=30)).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    f"entry {i} " + "x" * 60,
                )
                for i in range(entries)
            ],
        )
        conn.execute("COMMIT")
    assert not sidecars(path)
    return path


def foreign_sqlite(path: Path, *, wal: bool) -> Path:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        if wal:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        conn.execute("INSERT INTO notes (text) VALUES ('not yours')")
        conn.commit()
    return path


def garbage_pages(path: Path) -> Path:
    make_calepin(path, entries=50)
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    # Keep the 100-byte header and page 1 (the schema), overwrite every other page.
    noise = hashlib.sha256(b"noise").digest() * (len(data) // 32 + 1)
    data[page_size:] = noise[: len(data) - page_size]
    path.write_bytes(bytes(data))
    return path


def truncated(path: Path) -> Path:
    make_calepin(path, entries=400)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def newer(path: Path) -> Path:
    make_calepin(path)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute(f"PRAGMA user_version = {migrations.latest() + 5}")
    return path


REFUSED: dict[str, tuple[Callable[[Path], Path], str]] = {
    "random bytes": (
        lambda p: (p.write_bytes(hashlib.sha512(b"x").digest() * 64), p)[1],
        "not an SQLite file",
    ),
    "text file": (lambda p: (p.write_text("shopping list\nmilk\n" * 20), p)[1], "not an SQLite"),
    "empty file": (lambda p: (p.write_bytes(b""), p)[1], "empty file"),
    "short sqlite magic": (lambda p: (p.write_bytes(SQLITE_MAGIC), p)[1], "not an SQLite"),
    "foreign sqlite (rollback)": (lambda p: foreign_sqlite(p, wal=False), "another application"),
    "foreign sqlite (WAL)": (lambda p: foreign_sqlite(p, wal=True), "another application"),
    "damaged pages": (garbage_pages, "damaged"),
    "truncated to half": (truncated, "damaged"),
    "newer Calepin": (newer, "newer Calepin"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_refused_files_are_left_untouched(case: str, tmp_path: Path) -> None:
    build, message = REFUSED[case]
    path = build(tmp_path / "data.db")
    before = sha(path)
    assert not sidecars(path)
    with pytest.raises(DatabaseError, match=message) as caught:
        Store.open(path)
    assert str(path) in str(caught.value)
    assert sha(path) == before
    assert not sidecars(path), "no -wal/-shm may be left behind"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["data.db"]


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="folder"):
        Store.open(tmp_path)


def test_new_file_is_private_with_its_sidecars(tmp_path: Path) -> None:
    previous = os.umask(0o022)  # a typical, permissive umask
    try:
        path = tmp_path / "deep" / "folder" / "calepin.db"
        with Store.open(path) as store:
            store.add_post(PostDraft("Hello", "Bluesky"))  # makes -wal and -shm exist
            made = [path, *sidecars(path)]
            assert {p.name for p in made} >= {"calepin.db", "calepin.db-wal", "calepin.db-shm"}
            for p in made:
                assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
        assert os.umask(0o022) == 0o022, "the process umask is restored"
    finally:
        os.umask(previous)
    assert not [p for p in path.parent.iterdir() if p.name != "calepin.db"]


def test_new_file_is_a_wal_calepin_database_with_defaults(db_path: Path) -> None:
    with Store.open(db_path) as store:
        assert store.schema_version() == migrations.latest()
        assert len(store.platforms()) == len(migrations.DEFAULT_PLATFORMS)
        assert store.duties()[0].name == "social media"
        assert [d for d in store.duties() if d.social] == [store.duty("social media")]
        assert [a.name for a in store.activities()] == [a for a, _ in migrations.DEFAULT_ACTIVITIES]
        conn = store.connection
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert conn.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
    header = db_path.read_bytes()[:100]
    assert int.from_bytes(header[68:72], "big") == migrations.APPLICATION_ID


def test_reopening_keeps_data_and_needs_no_backup(db_path: Path) -> None:
    make_calepin(db_path)
    with Store.open(db_path) as store:
        assert [p.title for p in store.all_posts()] == ["Launch"]
    assert sorted(p.name for p in db_path.parent.iterdir() if p.is_file()) == ["calepin.db"]


def test_zone_defaults_to_setting_then_tz(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Paris")
    with Store.open(db_path) as store:
        assert store.zone_name == "Europe/Paris"
        store.change_zone("America/Vancouver", "wall")
        assert store.zone_name == "America/Vancouver"
    with Store.open(db_path) as store:
        assert store.zone_name == "America/Vancouver"
    # The home zone is the file's: another zone asked at opening time does not move it.
    with Store.open(db_path, zone_name="Asia/Tokyo") as store:
        assert store.zone_name == "America/Vancouver"


def test_bad_zone_is_refused_before_creating_anything(tmp_path: Path) -> None:
    from storage import ValidationError

    with pytest.raises(ValidationError, match="time zone"):
        Store.open(tmp_path / "new.db", zone_name="Mars/Olympus")
    assert [p for p in tmp_path.iterdir() if p.is_file()] == []


def test_older_schema_is_backed_up_then_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    # Schema 1: what Calepin wrote before the second migration existed.
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("BEGIN")
        conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
        migrations.migrate(conn, 0, "2026-01-01T00:00:00Z", to_version=1)
        conn.execute(
            "INSERT INTO posts (uid, title, platform_id, status, date, timezone, created_at,"
            " updated_at) VALUES ('u1', 'Kept', 1, 'idea', '2026-05-01', 'America/Toronto',"
            " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
        )
        conn.execute("COMMIT")
        conn.execute("PRAGMA journal_mode = WAL")
    with Store.open(path) as store:
        assert store.schema_version() == migrations.latest()
        assert [p.title for p in store.all_posts()] == ["Kept"]
    backups = [p for p in tmp_path.iterdir() if ".backup-" in p.name]
    assert len(backups) == 1
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    with contextlib.closing(sqlite3.connect(backups[0])) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert conn.execute("SELECT title FROM posts").fetchall() == [("Kept",)]


def test_damage_in_a_big_table_is_caught_by_check_and_reads(tmp_path: Path) -> None:
    path = make_calepin(tmp_path / "hurt.db", entries=3000)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        pages = [
            r[0]
            for r in conn.execute(
                "SELECT pageno FROM dbstat WHERE name = 'time_entries' AND pagetype = 'leaf'"
            )
        ]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    victim = pages[len(pages) // 2]  # a leaf in the middle: the fast open check cannot see it
    with path.open("r+b") as handle:
        handle.seek((victim - 1) * page_size + 8)
        handle.write(b"\xff" * (page_size - 8))
    before = sha(path)
    with pytest.raises(DatabaseError, match="damaged"):
        Store.open(path, check_integrity=True)
    assert sha(path) == before and not sidecars(path)
    # The fast open accepts it (documented trade-off); reading and `check` tell the truth.
    with Store.open(path) as store:
        result = store.check()
        assert not result.ok and result.messages
        with pytest.raises(DatabaseError, match="calepin check"):
            store.all_entries()


def test_check_on_a_healthy_store(store: Store) -> None:
    result = store.check()
    assert result.ok and result.messages == ()
    assert result.schema_version == migrations.latest()


def test_backup_on_demand_is_a_private_consistent_copy(store: Store, tmp_path: Path) -> None:
    store.add_post(PostDraft("In the copy", "LinkedIn"))
    target = store.backup(tmp_path / "copy.db")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with Store.open(target) as copy:
        assert [p.title for p in copy.all_posts()] == ["In the copy"]
    from storage import ValidationError

    with pytest.raises(ValidationError, match="already exists"):
        store.backup(target)


def test_entries_survive_reopen_as_utc_instants(db_path: Path) -> None:
    start = dt.datetime(2026, 3, 8, 1, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    with Store.open(db_path) as store:
        store.add_entry(EntryDraft("events", start, start + dt.timedelta(hours=2)))
    with Store.open(db_path) as store:
        (entry,) = store.all_entries()
        assert entry.start == start and entry.start.tzinfo == UTC


def test_a_checkpoint_cut_short_is_not_taken_for_a_truncated_file(tmp_path: Path) -> None:
    """Killed mid-checkpoint, the file's first page (with the new page count) can be written
    before the pages that extend it, while the write-ahead log still holds them all: SQLite
    rebuilds the file from the log, so opening must not refuse it as damaged."""
    path = tmp_path / "calepin.db"
    make_calepin(path)
    before = len(path.read_bytes())
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA wal_autocheckpoint = 0")  # the pages stay in the log
        conn.executemany(
            "INSERT INTO settings (key, value) VALUES (?, ?)",
            [(f"filler-{n}", "x" * 2000) for n in range(200)],
        )
        conn.commit()
        grown = conn.execute("PRAGMA page_count").fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        data = bytearray(path.read_bytes())
        wal = Path(f"{path}-wal").read_bytes()
    assert grown * page_size > before
    # The first page as a cut checkpoint leaves it: the grown count, both counters equal.
    data[28:32] = grown.to_bytes(4, "big")
    data[92:96] = data[24:28]
    killed = tmp_path / "killed.db"
    killed.write_bytes(bytes(data))
    Path(f"{killed}-wal").write_bytes(wal)
    with Store.open(killed, zone_name="America/Toronto") as store:
        assert store.setting("filler-199") == "x" * 2000
    # Without the log, the same file is refused as damaged, as before.
    plain = tmp_path / "plain.db"
    plain.write_bytes(bytes(data))
    with pytest.raises(DatabaseError, match="damaged"):
        Store.open(plain, zone_name="America/Toronto")


@pytest.mark.parametrize("table", ["migrations", "settings", "duties", "activities", "platforms"])
def test_damage_in_one_small_table_is_refused_on_open(table: str, tmp_path: Path) -> None:
    # Each small table is checked in full on every open (one statement for all of them).
    path = make_calepin(tmp_path / "data.db", entries=5)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")  # everything in the file itself
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,))
        page = root.fetchone()[0]
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    start = (page - 1) * page_size
    data[start : start + 8] = b"\x0d\x00\x00\xff\xff\x00\x00\x00"  # a leaf claiming 65535 cells
    path.write_bytes(bytes(data))
    before = sha(path)
    with pytest.raises(DatabaseError, match="damaged"):
        Store.open(path)
    assert sha(path) == before
