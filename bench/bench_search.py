"""Full-text search on five years of data: each query ≤ 100 ms in-process (aim: well under).

Times `storage.search.search` (what `calepin search` runs, default limit 50 and all results)
and `keep_matching` over a week's posts (what the `/` words filter adds to each view's load),
for common, rare, accented, prefix, campaign-name, multi-word and no-match queries; also the
whole `calepin search` process, against the import floor, and the one-off cost of building
the index (migration 0004) on a copy.

Usage: python bench/bench_search.py [DB] [--rounds N]   (default DB: bench/data/five-years.db,
made by bench/generate.py). Exits 1 when a budget is missed.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storage import Store, search

DEFAULT_DB = Path(__file__).resolve().parent / "data" / "five-years.db"
QUERY_BUDGET_MS = 100.0
QUERIES = (
    "bénévoles",  # common, accented (a subject and a campaign name)
    "benevoles",  # the same, typed without accents
    "food drive",  # two words
    "vol",  # a short prefix: many terms
    "financement 2024",  # a campaign's name only
    "revision",  # time-entry notes (about 2,500 of them say révision)
    '"gala" AND (*',  # signs and operators are text
    "zzzz",  # nothing
)
WEEK = (dt.date(2026, 11, 16), dt.date(2026, 11, 22))
FLOOR = [sys.executable, "-c", "import click, dateutil.parser"]


def _ms(seconds: float) -> float:
    return seconds * 1000


def _timed(rounds: int, run) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    run()  # warm the page cache
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return _ms(statistics.median(times)), _ms(max(times)), result


def in_process(db: Path, rounds: int) -> bool:
    ok = True
    with Store.open(db) as store:
        counts = store.counts()
        print(f"{counts['posts']} posts, {counts['time_entries']} time entries")
        week = store.occurrences_between(*WEEK)
        for text in QUERIES:
            for limit in (50, None):
                median, worst, hits = _timed(rounds, lambda t=text, n=limit: search.search(store, t, limit=n))  # fmt: skip
                fits = median <= QUERY_BUDGET_MS
                ok &= fits
                print(
                    f"search {text!r:24} limit {limit!s:4}: median {median:6.1f} ms, "
                    f"max {worst:6.1f} ms, {len(hits):5} hits{'' if fits else '  MISSED'}"  # type: ignore[arg-type]
                )
            median, worst, kept = _timed(
                rounds, lambda t=text: search.keep_matching(store, week, t)
            )
            print(
                f"  week filter {text!r:19}: median {median:6.1f} ms, max {worst:6.1f} ms, "
                f"{len(kept)}/{len(week)} posts kept"  # type: ignore[arg-type]
            )
    print(f"budget {QUERY_BUDGET_MS:.0f} ms per query: {'OK' if ok else 'MISSED'}")
    return ok


def index_build(db: Path) -> None:
    """The migration's cost: drop the index from a copy, then build it again."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "copy.db"
        with (
            contextlib.closing(sqlite3.connect(db)) as source,
            contextlib.closing(sqlite3.connect(copy)) as dest,
        ):
            source.backup(dest)
        with contextlib.closing(sqlite3.connect(copy, isolation_level=None)) as conn:
            conn.execute("BEGIN")
            for table in search.INDEXED:
                for suffix in ("_ai", "_ad", "_au"):
                    conn.execute(f"DROP TRIGGER IF EXISTS {table}{suffix}")
                conn.execute(f"DROP TABLE IF EXISTS {table}_fts")
            conn.execute("COMMIT")
            conn.execute("BEGIN")
            start = time.perf_counter()
            search.create_index(conn)
            conn.execute("COMMIT")
            print(f"index build (migration 0004): {_ms(time.perf_counter() - start):.0f} ms")
            size = sum(
                row[0]
                for row in conn.execute(
                    "SELECT sum(pgsize) FROM dbstat WHERE name LIKE '%\\_fts%' ESCAPE '\\'"
                )
                if row[0]
            ) if _has_dbstat(conn) else None  # fmt: skip
            if size:
                print(f"index size: {size / 1e6:.1f} MB")


def _has_dbstat(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("SELECT 1 FROM dbstat LIMIT 1")
    except sqlite3.OperationalError:
        return False
    return True


def whole_process(db: Path, rounds: int) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="calepin-bench-pyc-")
    env["CALEPIN_CONFIG"] = os.path.join(env["PYTHONPYCACHEPREFIX"], "no-config.toml")
    command = [sys.executable, "-m", "tui.cli", "--db", str(db), "search", "bénévoles"]
    root = Path(__file__).resolve().parents[1]
    timings: dict[str, list[float]] = {"calepin search": [], "floor": []}
    for _ in range(rounds + 1):
        for name, cmd in (("calepin search", command), ("floor", FLOOR)):
            start = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env, cwd=root)
            timings[name].append(time.perf_counter() - start)
    search_ms = _ms(statistics.median(timings["calepin search"][1:]))
    floor_ms = _ms(statistics.median(timings["floor"][1:]))
    print(
        f"whole process `calepin search bénévoles`: median {search_ms:.0f} ms "
        f"(floor `import click, dateutil.parser` {floor_ms:.0f} ms)"
    )
    shutil.rmtree(env["PYTHONPYCACHEPREFIX"], ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", nargs="?", type=Path, default=DEFAULT_DB)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    if not args.db.exists():
        print(f"{args.db} is missing; run python bench/generate.py first", file=sys.stderr)
        return 2
    ok = in_process(args.db, args.rounds)
    index_build(args.db)
    whole_process(args.db, max(3, args.rounds // 3))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
