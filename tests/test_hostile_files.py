"""Hostile files: FIFOs and devices as the database or as output, read-only folders, full
disks, symlinked settings, and `export all` over an older export (issue 12, Files).

As root nothing is read-only, so read-only places and full disks are simulated by raising
the OSError (EROFS / ENOSPC) or the SQLite error at the call that would meet it. Output is
never really written to a device: only the refusal path is run against /dev/full.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
import sqlite3
import stat
import threading
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from exporters.data import export_all
from storage import DatabaseError, Store, migrations
from storage.files import FileWriteError, write_all_atomically, write_atomically
from storage.settings.read import load_settings
from storage.settings.write import save_settings
from storage.store import files as db_files
from tui.cli import cli


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """An empty folder of the test's own (tmp_path also holds the isolated home)."""
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(*args: str, timeout: float = 10) -> Result:
    """The CLI in-process, in a thread, so a hang fails the test instead of blocking it."""
    box: dict[str, Result] = {}
    worker = threading.Thread(target=lambda: box.setdefault("r", CliRunner().invoke(cli, args)))
    worker.daemon = True
    worker.start()
    worker.join(timeout)
    assert "r" in box, f"calepin {' '.join(args)} hung for {timeout} s"
    return box["r"]


def _refused(result: Result, *words: str) -> str:
    output = result.output
    assert result.exit_code == 1, output
    assert "Traceback" not in output and "unexpected" not in output, output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), repr(result.exception)
    for word in words:
        assert word in output, output
    return output


@pytest.fixture
def healthy_db(db_path: Path) -> Path:
    Store.open(db_path).close()
    assert _run("--db", str(db_path), "log", "1h", "admin", "--force").exit_code == 0
    return db_path


def _backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.backup-*"))


# ---------------------------------------------------------------- --db not a regular file


def test_fifo_as_db_is_refused_at_once(work: Path) -> None:
    fifo = work / "pipe.db"
    os.mkfifo(fifo)
    for args in (["entries"], ["log", "1h", "writing"]):
        _refused(_run("--db", str(fifo), *args, timeout=5), "named pipe (FIFO)", "--db")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in work.iterdir()) == ["pipe.db"]


def test_fifo_as_db_is_refused_by_storage(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    with pytest.raises(DatabaseError, match="named pipe"):
        Store.open(fifo)


@pytest.mark.parametrize(("path", "kind"), [("/dev/null", "a device"), ("/dev/full", "a device")])
def test_device_as_db_is_refused(path: str, kind: str) -> None:
    _refused(_run("--db", path, "log", "1h", "writing"), kind, "left untouched")
    assert stat.S_ISCHR(os.stat(path).st_mode)


def test_folder_as_db_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "db"
    folder.mkdir()
    result = _run("--db", str(folder), "log", "1h", "writing")
    assert result.exit_code == 2 and "is a directory" in result.output  # click's own check
    with pytest.raises(DatabaseError, match="folder"):
        Store.open(folder)
    assert list(folder.iterdir()) == []


def test_socket_as_db_is_refused(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "s.db"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        _refused(_run("--db", str(path), "entries"), "socket")


# ---------------------------------------------------------------- output never replaces a device


def test_output_to_a_fifo_is_refused(healthy_db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "out.ics"
    os.mkfifo(fifo)
    before = _digest(healthy_db)
    _refused(_run("--db", str(healthy_db), "export", "ics", "-o", str(fifo)), "named pipe")
    _refused(_run("--db", str(healthy_db), "report", "--week", "-o", str(fifo)), "named pipe")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert _digest(healthy_db) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []


@pytest.mark.parametrize(
    "args",
    [["export", "ics", "-o", "/dev/full"], ["report", "--week", "-o", "/dev/full"]],
)
def test_output_to_a_device_is_refused(healthy_db: Path, args: list[str]) -> None:
    before = _digest(healthy_db)
    _refused(_run("--db", str(healthy_db), *args), "/dev/full", "a device", "not a regular file")
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    assert not list(Path("/dev").glob(".full.*.tmp"))
    assert _digest(healthy_db) == before


def test_write_atomically_refuses_every_non_regular_file(work: Path) -> None:
    fifo = work / "fifo"
    os.mkfifo(fifo)
    folder = work / "folder"
    folder.mkdir()
    for target, kind in ((fifo, "named pipe"), (folder, "folder"), (Path("/dev/full"), "device")):
        with pytest.raises(FileWriteError, match=kind) as caught:
            write_atomically(target, "x")
        assert isinstance(caught.value, OSError)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    assert sorted(p.name for p in work.iterdir()) == ["fifo", "folder"]


def test_a_symlink_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "out.md"
    link.symlink_to("/dev/full")
    with pytest.raises(FileWriteError, match="device"):
        write_atomically(link, "x")
    assert link.is_symlink()


# ---------------------------------------------------------------- full disk, read-only folder


def _fail_fsync(monkeypatch: pytest.MonkeyPatch, code: int, after: int = 0) -> None:
    calls = {"n": 0}
    real = os.fsync

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] > after:
            raise OSError(code, os.strerror(code))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def test_full_disk_on_output_keeps_the_old_file(
    healthy_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "cal.ics"
    out.write_text("old calendar")
    before = _digest(healthy_db)
    Store.open(healthy_db).close()  # open before the disk "fills"
    _fail_fsync(monkeypatch, errno.ENOSPC)
    for args in (["export", "ics", "-o", str(out)], ["report", "--week", "-o", str(out)]):
        _refused(_run("--db", str(healthy_db), *args), "the disk is full")
        assert out.read_text() == "old calendar"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".cal")] == []
    monkeypatch.undo()
    assert _digest(healthy_db) == before


def test_read_only_folder_on_output_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def mkstemp(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr("tempfile.mkstemp", mkstemp)
    with pytest.raises(FileWriteError, match=r"read-only folder") as caught:
        write_atomically(tmp_path / "a.md", "x")
    assert "cannot write" in str(caught.value)
    assert not (tmp_path / "a.md").exists()


# ---------------------------------------------------------------- the database's own folder


class _ReadOnlyConnection:
    """A real connection whose first write (switching to WAL) meets a read-only folder."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, *args: Any) -> Any:
        if "journal_mode" in sql or sql.startswith("BEGIN"):
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def _read_only_folder(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    real_connect, real_access = db_files._connect, os.access
    monkeypatch.setattr(db_files, "_connect", lambda p: _ReadOnlyConnection(real_connect(p)))
    monkeypatch.setattr(
        os, "access", lambda p, m, **kw: False if Path(p) == folder else real_access(p, m, **kw)
    )


def test_healthy_db_in_read_only_folder_is_not_called_damaged(
    healthy_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _digest(healthy_db)
    _read_only_folder(monkeypatch, healthy_db.parent)
    output = _refused(
        _run("--db", str(healthy_db), "log", "1h", "writing"),
        f"cannot write in {healthy_db.parent} (read-only folder)",
    )
    assert "damaged" not in output and "Restore" not in output
    with pytest.raises(DatabaseError, match="read-only folder") as caught:
        Store.open(healthy_db)
    assert "damaged" not in str(caught.value)
    monkeypatch.undo()
    assert _digest(healthy_db) == before
    assert _backups(healthy_db.parent) == []


def test_migration_in_read_only_folder_names_it(
    healthy_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _digest(healthy_db)
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, ("9999_x", _noop)])
    real_open = os.open

    def read_only_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if ".backup-" in str(path):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only_open)
    output = _refused(_run("--db", str(healthy_db), "entries"), "read-only folder")
    assert "damaged" not in output
    monkeypatch.undo()
    assert _digest(healthy_db) == before
    assert _backups(healthy_db.parent) == []


def _noop(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE IF NOT EXISTS extra (id INTEGER)")


def _disk_full(conn: sqlite3.Connection) -> None:
    raise sqlite3.OperationalError("database or disk is full")


def test_full_disk_during_migration_names_it_and_leaves_no_copy(
    healthy_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _digest(healthy_db)
    monkeypatch.setattr(
        migrations, "MIGRATIONS", [*migrations.MIGRATIONS, ("9999_full", _disk_full)]
    )
    for _ in range(3):  # each failed open leaves nothing behind
        output = _refused(_run("--db", str(healthy_db), "entries"), "the disk is full")
        assert "damaged" not in output and "Restore" not in output
    with pytest.raises(DatabaseError, match="the disk is full"):
        Store.open(healthy_db)
    assert _backups(healthy_db.parent) == []
    monkeypatch.undo()
    assert _digest(healthy_db) == before
    with Store.open(healthy_db) as store:
        assert store.schema_version() == migrations.latest()


def test_damaged_db_is_still_called_damaged(healthy_db: Path) -> None:
    data = bytearray(healthy_db.read_bytes())
    data[4096 + 8 : 4096 + 40] = b"\xff" * 32  # scribble over a b-tree page header
    healthy_db.write_bytes(bytes(data))
    result = _run("--db", str(healthy_db), "entries")
    assert result.exit_code == 1
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- settings through a symlink


def test_symlinked_settings_stay_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "calepin.toml"
    real.parent.mkdir()
    link = tmp_path / "config" / "config.toml"
    link.parent.mkdir()
    link.symlink_to(real)
    settings = load_settings(link)
    save_settings(dataclasses.replace(settings, hours_per_week=30.0), link)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert "hours_per_week = 30" in real.read_text()
    save_settings(dataclasses.replace(settings, hours_per_week=31.0), link)
    assert link.is_symlink()
    assert "hours_per_week = 31" in real.read_text()
    assert sorted(p.name for p in link.parent.iterdir()) == ["config.toml"]


def test_settings_on_a_full_disk_are_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storage import ValidationError

    path = tmp_path / "config.toml"
    settings = load_settings(path)
    save_settings(dataclasses.replace(settings, hours_per_week=30.0), path)
    before = path.read_bytes()
    _fail_fsync(monkeypatch, errno.ENOSPC)
    with pytest.raises(ValidationError, match="the disk is full"):
        save_settings(dataclasses.replace(settings, hours_per_week=20.0), path)
    assert path.read_bytes() == before


# ---------------------------------------------------------------- export all, all or nothing


def _export_snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_export_all_over_an_older_export_is_all_or_nothing(
    healthy_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "dump"
    assert _run("--db", str(healthy_db), "export", "all", str(out)).exit_code == 0
    old = _export_snapshot(out)
    assert _run("--db", str(healthy_db), "log", "2h", "admin", "--force").exit_code == 0
    Store.open(healthy_db).close()
    before = _digest(healthy_db)
    _fail_fsync(monkeypatch, errno.ENOSPC, after=3)  # the fourth file meets a full disk
    _refused(_run("--db", str(healthy_db), "export", "all", str(out)), "the disk is full")
    assert _export_snapshot(out) == old  # no file of the older export replaced, no temp left
    monkeypatch.undo()
    assert _digest(healthy_db) == before
    assert _run("--db", str(healthy_db), "export", "all", str(out)).exit_code == 0
    assert _export_snapshot(out) != old and set(_export_snapshot(out)) == set(old)


def test_export_all_refuses_a_fifo_among_the_files(store: Store, tmp_path: Path, now: Any) -> None:
    out = tmp_path / "dump"
    export_all(store, out, now=now)
    old = _export_snapshot(out)
    fifo = out / "posts.csv"
    fifo.unlink()
    os.mkfifo(fifo)
    with pytest.raises(FileWriteError, match="named pipe"):
        export_all(store, out, now=now)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert {k: v for k, v in old.items() if k != "posts.csv"} == {
        p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.name != "posts.csv"
    }


def test_write_all_atomically_replaces_nothing_when_one_fails(
    work: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = work / "a.csv", work / "b.csv"
    a.write_text("old a")
    b.write_text("old b")
    _fail_fsync(monkeypatch, errno.ENOSPC, after=1)
    with pytest.raises(FileWriteError, match="the disk is full"):
        write_all_atomically({a: "new a", b: "new b"})
    assert (a.read_text(), b.read_text()) == ("old a", "old b")
    assert sorted(p.name for p in work.iterdir()) == ["a.csv", "b.csv"]
    monkeypatch.undo()
    assert write_all_atomically({a: "new a", b: "new b"}) == [a, b]
    assert (a.read_text(), b.read_text()) == ("new a", "new b")
