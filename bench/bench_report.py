"""Report budgets on five years of data: one year in-process ≤ 100 ms; the CLI ≤ 1.5× the import floor.

Also shown, without a budget: the first build of other years in the same process (what the
summary screen pays when it switches period; aim ≤ 40 ms so the switch fits its 50 ms) and the
time to render each format.

Usage: python bench/bench_report.py [DB] [--rounds N] [--profile]   (default DB:
bench/data/five-years.db, made by bench/generate.py). --profile prints where one build spends
its time. Exits 1 when a budget is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from exporters.report import RENDERERS, build_report
from storage import Store
from storage.settings import Settings

DEFAULT_DB = Path(__file__).resolve().parent / "data" / "five-years.db"
NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=ZoneInfo("America/Toronto"))
IN_PROCESS_BUDGET_MS = 100.0
SWITCH_AIM_MS = 40.0
SWITCH_YEARS = (2022, 2023, 2025)
PROCESS_RATIO_BUDGET = 1.5
FLOOR = [sys.executable, "-c", "import sqlite_utils, click, dateutil.parser"]
SPLIT = (("social media", 30), ("newsletters", 15), ("events", 20), ("press relations", 10),
         ("web content", 10), ("meetings", 10), ("planning & strategy", 5))  # fmt: skip


def _ms(seconds: float) -> float:
    return seconds * 1000


def in_process(db: Path, rounds: int) -> bool:
    settings = Settings(job_description=SPLIT)
    first, last = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
    with Store.open(db) as store:
        start = time.perf_counter()
        build_report(store, first, last, now=NOW, settings=settings)  # warms the page cache
        first_build = time.perf_counter() - start
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            report = build_report(store, first, last, now=NOW, settings=settings)
            times.append(time.perf_counter() - start)
        switches = []
        for year in SWITCH_YEARS:
            start = time.perf_counter()
            build_report(store, dt.date(year, 1, 1), dt.date(year, 12, 31), now=NOW,
                         settings=settings)  # fmt: skip
            switches.append(time.perf_counter() - start)
        render_times = {}
        for name, render in RENDERERS.items():
            start = time.perf_counter()
            render(report)
            render_times[name] = _ms(time.perf_counter() - start)
    median, worst = _ms(statistics.median(times)), _ms(max(times))
    ok = median <= IN_PROCESS_BUDGET_MS
    print(
        f"build_report(2024): median {median:.1f} ms, max {worst:.1f} ms over {rounds} rounds "
        f"({len(report.entries)} entries, {report.total_minutes / 60:.0f} h) "
        f"budget {IN_PROCESS_BUDGET_MS:.0f} ms: {'OK' if ok else 'MISSED'}"
    )
    switch = _ms(statistics.median(switches))
    print(
        f"first build: 2024 {_ms(first_build):.1f} ms (new process); then of "
        f"{', '.join(map(str, SWITCH_YEARS))}: median {switch:.1f} ms, max "
        f"{_ms(max(switches)):.1f} ms (summary screen aim {SWITCH_AIM_MS:.0f} ms: "
        f"{'OK' if switch <= SWITCH_AIM_MS else 'over'})"
    )
    print("render: " + ", ".join(f"{n} {t:.1f} ms" for n, t in render_times.items()))
    return ok


def profile(db: Path) -> None:
    import cProfile
    import pstats

    settings = Settings(job_description=SPLIT)
    with Store.open(db) as store:
        build_report(store, dt.date(2024, 1, 1), dt.date(2024, 12, 31), now=NOW,
                     settings=settings)  # fmt: skip
        profiler = cProfile.Profile()
        profiler.enable()
        build_report(store, dt.date(2024, 1, 1), dt.date(2024, 12, 31), now=NOW,
                     settings=settings)  # fmt: skip
        profiler.disable()
    pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


def _calepin() -> list[str]:
    script = Path(sys.executable).with_name("calepin")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from tui.cli import main; main()"]


def _run(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def whole_process(db: Path, rounds: int) -> bool:
    # Cached bytecode, as an installed Calepin has it (kept out of the repository).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp(prefix="calepin-bench-pyc-")
    env["CALEPIN_CONFIG"] = os.path.join(env["PYTHONPYCACHEPREFIX"], "no-config.toml")
    report = [*_calepin(), "--db", str(db), "--now", NOW.isoformat(), "report", "--year", "2024",
              "--format", "json"]  # fmt: skip
    _run(FLOOR, env)
    _run(report, env)
    floor_times, report_times = [], []
    for _ in range(rounds):  # interleaved, so both see the same machine load
        floor_times.append(_run(FLOOR, env))
        report_times.append(_run(report, env))
    floor, full = statistics.median(floor_times), statistics.median(report_times)
    ratio = full / floor
    ok = ratio <= PROCESS_RATIO_BUDGET
    print(
        f"process: import floor median {_ms(floor):.0f} ms, `calepin report --year 2024 "
        f"--format json` median {_ms(full):.0f} ms over {rounds} rounds: {ratio:.2f}× "
        f"(budget {PROCESS_RATIO_BUDGET}×): {'OK' if ok else 'MISSED'}"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("db", nargs="?", type=Path, default=DEFAULT_DB)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--profile", action="store_true", help="where one build spends its time")
    args = parser.parse_args()
    if not args.db.exists():
        print(f"{args.db} is missing; run python bench/generate.py first", file=sys.stderr)
        return 2
    if args.profile:
        profile(args.db)
        return 0
    ok = in_process(args.db, args.rounds * 2)
    ok = whole_process(args.db, args.rounds) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
