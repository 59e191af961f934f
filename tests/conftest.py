"""Shared fixtures: a fixed clock, isolated user folders and a store on a real SQLite file."""

from __future__ import annotations

import datetime as dt
import gc
import inspect
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import settings

from storage import Store
from tests import pilot_wait

ZONE_NAME = "America/Toronto"
ZONE = ZoneInfo(ZONE_NAME)
# Monday 23 November 2026, mid-afternoon: a week with no DST change.
NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=ZONE)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto` (pyproject.toml): three workers for two cores. A Pilot test spends about
    half its time waiting for the app to go idle, so with one worker per core the cores idle
    too: on two cores, tests/tui took 115 s with two workers and 88 s with three. Half as many
    again leaves the cores some room, so that the Pilot's waits for idle are not fooled by a
    worker kept off the CPU. PYTEST_XDIST_AUTO_NUM_WORKERS still decides when it is set."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # xdist reads it
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = cores or 1
    return cores + max(1, cores // 2)


def pytest_collection_finish(session: pytest.Session) -> None:
    """What the run loaded to start (pytest, Textual, Calepin, every test module: some
    80,000 objects) is set aside from the collector once, as each app does with its own
    start-up (tui/collector.py). The apps then leave it there: their unfreeze at unmount
    gave it back to every full collection, a fifth of a second each, sixty times a run.
    Full collections then come ten times less often (at most one per 100 collections of the
    middle generation, not 10): 17 s of CPU in a run became 10 s, and what waits to be
    collected meanwhile is a few apps' worth."""
    from tui.collector import QuietCollector

    QuietCollector.SET_START_UP_ASIDE = False
    _set_the_run_aside()
    gc.set_threshold(700, 10, 100)


def _set_the_run_aside() -> None:
    gc.collect()
    gc.freeze()


@pytest.fixture
def app_sets_start_up_aside(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Apps set their start-up aside as the program does; their unmount gives back all that
    was set aside, the run's own too, which is set aside again after the test."""
    from tui.collector import QuietCollector

    monkeypatch.setattr(QuietCollector, "SET_START_UP_ASIDE", True)
    yield
    _set_the_run_aside()


def pytest_runtest_setup(item: pytest.Item) -> None:
    """The Pilot's waits for idle look at the app as well as the CPU (tests/pilot_wait.py)."""
    pilot_wait.install()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    _forget_the_apps_render_caches()


def _forget_the_apps_render_caches() -> None:
    """Textual caches `StylesCache.get_inner_outer` per widget process-wide (lru_cache of
    1,024): each entry keeps a closed app's widget render cache alive, some 150,000 objects
    that every full collection walked, test after test (Textual issue 6665). Where a later
    Textual has no such cache, there is nothing to forget."""
    from textual._styles_cache import StylesCache

    cached = getattr(StylesCache, "get_inner_outer", None)
    if hasattr(cached, "cache_clear"):
        cached.cache_clear()


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """What the run leaves is left to the operating system: the collection at exit walked
    millions of objects, three to five seconds in each xdist worker after its last test.
    Frozen, it is out of the collector's sight; the collector stays on for whoever goes on."""
    gc.freeze()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Each xdist worker starts on its share of the app tests. They take most of the time (a
    Pilot or snapshot test a second or more, the others milliseconds), and worksteal hands
    each worker a contiguous slice of this list: without this the last slice held them all.
    Each slice is its share of the app tests, then its share of the others, each file's order
    kept; a worker that runs dry takes tests from the end of the longest queue, short ones."""
    workers = getattr(config, "workerinput", {}).get("workercount", 1)
    apps = [item for item in items if _drives_the_app(item)]
    others = [item for item in items if not _drives_the_app(item)]
    items[:] = [
        item
        for worker in range(workers)
        for share in (apps, others)
        for item in share[len(share) * worker // workers : len(share) * (worker + 1) // workers]
    ]


def _drives_the_app(item: pytest.Item) -> bool:
    """Pilot tests are the async ones (asyncio_mode = "auto"); snapshot tests run the app too."""
    function = getattr(item, "obj", None)
    return inspect.iscoroutinefunction(function) or "snap_compare" in getattr(
        item, "fixturenames", ()
    )


# No per-example deadline (hypothesis' default is 200 ms): on two cores shared with other
# workers an ordinary example took 308 ms and failed the run. Speed is measured where it is
# meant to be (bench/, test_demo_is_quick).
settings.register_profile("calepin", deadline=None)
settings.load_profile("calepin")


RAM_FOLDER = Path("/dev/shm")
RAM_NEEDED = 1 << 30  # a whole run writes a few hundred MB at most


def pytest_configure(config: pytest.Config) -> None:
    """tmp_path in RAM when the machine has a tmpfs with room: every test writes a real SQLite
    file, and each commit's fsync on a disk costs milliseconds (the storage and CLI tests run
    twice as fast). A root the person chose (TMPDIR, --basetemp, PYTEST_DEBUG_TEMPROOT) is kept.
    Set here, in the main process, so xdist's workers inherit it.
    """
    if (
        config.option.basetemp
        or os.environ.get("TMPDIR")
        or os.environ.get("PYTEST_DEBUG_TEMPROOT")
    ):
        return
    if _is_roomy_tmpfs(RAM_FOLDER):
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(RAM_FOLDER)


def _is_roomy_tmpfs(folder: Path) -> bool:
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
        room = os.statvfs(folder)
    except OSError:
        return False
    tmpfs = any(line.split()[1:3] == [str(folder), "tmpfs"] for line in mounts)
    writable = os.access(folder, os.W_OK | os.X_OK)
    return tmpfs and writable and room.f_bavail * room.f_frsize >= RAM_NEEDED


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every per-user location at tmp_path so no test touches real data."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("TZ", ZONE_NAME)
    for name in ("CALEPIN_DB", "CALEPIN_CONFIG", "CALEPIN_NOW"):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in English, whatever the machine's locale says (a French test asks
    for the `french` fixture or sets LANG itself)."""
    from storage import i18n

    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def french() -> Iterator[str]:
    """The test runs in French with Québec's conventions (`fr`, as a new setting says)."""
    from storage import i18n

    yield i18n.set_language("fr")
    i18n.set_language("en")


@pytest.fixture
def now() -> dt.datetime:
    return NOW


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "calepin.db"


@pytest.fixture(scope="session")
def new_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database as `Store.open` creates it, made once: building the schema costs tens of ms."""
    path = tmp_path_factory.mktemp("new-database") / "calepin.db"
    Store.open(path, zone_name=ZONE_NAME).close()
    assert not [p.name for p in path.parent.iterdir() if p != path], "left beside the file"
    return path


@pytest.fixture
def store(db_path: Path, new_database: Path) -> Iterator[Store]:
    """A new, empty database on a real file: a copy of `new_database` (mode 0600 kept)."""
    shutil.copy(new_database, db_path)
    with Store.open(db_path, zone_name=ZONE_NAME) as opened:
        yield opened
