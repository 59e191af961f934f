"""Time whole `calepin` commands on five years of data against a Python start-up floor.

Usage: python bench/bench_cli.py [--db PATH] [--rounds N] [--no-script] [--instructions]

Every round runs each command once (round-robin, the order rotating each round) together with
the floor, `python -c "import click, sqlite3"` (what a quick command cannot do without: the
command line and the database), so machine noise hits all of them alike. Prints medians,
ratios to the floor, PASS/FAIL per budget (`log`, `entries --week`) or aim (`timer status`,
`post list --week`: shown, not failing the run), and the query plans of the week queries.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

DEFAULT_DB = HERE / "data" / "five-years.db"
NOW = "2026-11-23T08:00"  # Monday morning: the 30 minutes before it are free in the data
WEEK = "2026-11-16"
LOG_NOTE = "bench"
FLOOR_CODE = "import click, sqlite3"
BUDGETS = {"log": 1.3, "entries --week": 1.3}  # times the floor (median); a miss fails the run
AIMS = {"timer status": 1.3, "post list --week": 1.3}  # the same limit, shown without failing


@dataclass
class Command:
    name: str
    argv: list[str]
    budget: float | None = None
    fails: bool = True  # a budget (True) or an aim (False)
    times: list[float] | None = None


def _env(home: Path) -> dict[str, str]:
    # PYTHONDONTWRITEBYTECODE is dropped: the warm-up round writes the .pyc files, so each
    # command is timed as installed, not compiling its sources every run.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("CALEPIN_") and k != "PYTHONDONTWRITEBYTECODE"
    }
    env.update(
        TZ="America/Toronto",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_STATE_HOME=str(home / "state"),
    )
    return env


def _commands(db: Path, use_script: bool) -> list[Command]:
    python = sys.executable
    commands = [Command("floor", [python, "-c", FLOOR_CODE])]
    launchers = [("-m tui.cli", [python, "-m", "tui.cli"])]
    script = Path(python).with_name("calepin")
    if use_script and script.exists():
        launchers.append(("calepin script", [str(script)]))
    for how, launcher in launchers:
        base = [*launcher, "--db", str(db), "--now", NOW]
        commands += [
            Command(f"log [{how}]", [*base, "log", "30m", "social", "engage", LOG_NOTE, "--force"]),
            Command(f"entries --week [{how}]", [*base, "entries", "--week", WEEK]),
            Command(f"timer status [{how}]", [*base, "timer", "status"]),
            Command(f"post list --week [{how}]", [*base, "post", "list", "--week", WEEK]),
        ]
    for command in commands:
        base_name = command.name.split(" [")[0]
        command.budget = BUDGETS.get(base_name, AIMS.get(base_name))
        command.fails = base_name in BUDGETS
        command.times = []
    return commands


def _remove_logged(db: Path) -> int:
    """Delete what `log` added (through the Store), so runs do not accumulate."""
    import datetime as dt

    from storage import Store

    with Store.open(db) as store:
        day = dt.date.fromisoformat(NOW[:10])
        added = [e for e in store.entries_on(day, day) if e.note == LOG_NOTE]
        for entry in added:
            store.delete_entry(entry.id)
    return len(added)


def _run(command: Command, env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command.argv, env=env, cwd=REPO, capture_output=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(
            f"{command.name} failed ({result.returncode}):\n{result.stderr.decode()[-2000:]}"
        )
    return elapsed


def _time_commands(commands: list[Command], db: Path, rounds: int, env: dict[str, str]) -> None:
    for command in commands:  # warm the page cache and .pyc files; not counted
        _run(command, env)
        if command.name.startswith("log"):
            _remove_logged(db)
    for index in range(rounds):
        shift = index % len(commands)
        for command in commands[shift:] + commands[:shift]:
            assert command.times is not None
            command.times.append(_run(command, env))
            if command.name.startswith("log") and _remove_logged(db) != 1:
                raise SystemExit("`log` did not add exactly one entry; is the time slot free?")


def _report(commands: list[Command]) -> bool:
    floor = statistics.median(commands[0].times or [0.0])
    print(f"\n{'command':<36} {'median':>8} {'min':>8} {'max':>8} {'× floor':>8}  budget")
    ok = True
    for command in commands:
        times = command.times or [0.0]
        median = statistics.median(times)
        ratio = median / floor
        verdict = ""
        if command.budget is not None:
            passed = ratio <= command.budget
            if command.fails:
                ok &= passed
                verdict = f"≤ {command.budget:.1f}× {'PASS' if passed else 'FAIL'}"
            else:
                verdict = f"≤ {command.budget:.1f}× {'met' if passed else 'missed'} (aim)"
        print(
            f"{command.name:<36} {median * 1000:>6.0f}ms {min(times) * 1000:>6.0f}ms "
            f"{max(times) * 1000:>6.0f}ms {ratio:>7.2f}×  {verdict}"
        )
    return ok


def _count_instructions(commands: list[Command], db: Path, env: dict[str, str]) -> bool:
    """Each command once under callgrind after a warm-up run: instructions do not depend on
    the machine's load, so two versions compare in one run each (the budgets as above)."""
    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (callgrind)")
    counts: list[int] = []
    for command in commands:
        _run(command, env)  # the .pyc files and the kept modules and patterns
        if command.name.startswith("log"):
            _remove_logged(db)
        traced = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command.argv]
        result = subprocess.run(traced, env=env, cwd=REPO, capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"{command.name} failed under callgrind:\n{result.stderr[-2000:]}")
        if command.name.startswith("log"):
            _remove_logged(db)
        found = re.search(r"Collected : (\d+)", result.stderr)
        counts.append(int(found[1]) if found else 0)
    print(f"\n{'command':<36} {'instructions':>14} {'× floor':>8}  budget")
    ok = True
    for command, count in zip(commands, counts, strict=True):
        ratio = count / counts[0]
        verdict = ""
        if command.budget is not None:
            passed = ratio <= command.budget
            ok &= passed or not command.fails
            verdict = f"≤ {command.budget:.1f}× " + (
                ("PASS" if passed else "FAIL") if command.fails else
                (("met" if passed else "missed") + " (aim)")
            )  # fmt: skip
        print(f"{command.name:<36} {count / 1e6:>12.1f} M {ratio:>7.2f}×  {verdict}")
    return ok


# ---------------------------------------------------------------- query plans

_FULL_SCAN = re.compile(r"^SCAN (p|e|posts|time_entries)\b(?!.*USING)")


def _traced_cli_sql(db: Path, env: dict[str, str]) -> dict[str, list[str]]:
    """The SELECTs each week command really runs: the CLI in-process, its connections traced."""
    import storage.store.files as store_module
    from tui import cli as cli_module

    captured: list[str] = []
    original = store_module._connect

    def traced(path: Path) -> sqlite3.Connection:
        conn = original(path)
        conn.set_trace_callback(captured.append)
        return conn

    found: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "copy.db"
        shutil.copyfile(db, copy)  # `log` writes: trace it on a copy
        runs = {
            "log": ["log", "30m", "social", "engage", LOG_NOTE, "--force"],
            "entries --week": ["entries", "--week", WEEK],
            "post list --week": ["post", "list", "--week", WEEK],
        }
        saved_env = dict(os.environ)
        os.environ.clear()
        os.environ.update(env)
        store_module._connect = traced
        try:
            for name, args in runs.items():
                captured.clear()
                with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
                    cli_module.cli.main(
                        ["--db", str(copy), "--now", NOW, *args], standalone_mode=False
                    )
                found[name] = [
                    s for s in dict.fromkeys(captured) if s.lstrip().upper().startswith("SELECT")
                ]
        finally:
            store_module._connect = original
            os.environ.clear()
            os.environ.update(saved_env)
    return found


def _explain(db: Path, env: dict[str, str]) -> bool:
    try:
        statements = _traced_cli_sql(db, env)
    except (ImportError, AttributeError) as exc:
        print(f"\n(query plans skipped: cannot trace the CLI in-process: {exc})")
        return True
    ok = True
    print("\nQuery plans of the statements each command runs (posts/time_entries only):")
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        for name, sqls in statements.items():
            print(f"\n  {name}")
            for sql in sqls:
                if not re.search(r"\b(posts|time_entries)\b", sql):
                    continue
                plan = [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql)]
                scans = [line for line in plan if _FULL_SCAN.match(line)]
                ok &= not scans
                short = " ".join(sql.split())
                print(f"    {'FULL SCAN' if scans else 'indexed  '}  {short[:150]}")
                for line in plan:
                    print(f"                 {line}")
    finally:
        conn.close()
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--no-script", action="store_true", help="skip the console script")
    parser.add_argument("--floor-only", action="store_true", help="time only the floor")
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions (callgrind), not time"
    )
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(f"{args.db} is missing; generating it first")
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(args.db)], check=True)
    with tempfile.TemporaryDirectory() as home:
        env = _env(Path(home))
        commands = _commands(args.db, use_script=not args.no_script)
        if args.floor_only:
            commands = commands[:1]
        load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
        print(f"python: {sys.executable}  db: {args.db}  rounds: {args.rounds}  load: {load}")
        if args.instructions:
            budgets_ok = _count_instructions(commands, args.db, env)
        else:
            _time_commands(commands, args.db, args.rounds, env)
            budgets_ok = _report(commands)
        plans_ok = True if args.floor_only else _explain(args.db, env)
    print(
        f"\nbudgets: {'PASS' if budgets_ok else 'FAIL'}; week queries index-backed: "
        f"{'yes' if plans_ok else 'NO'}"
    )
    return 0 if budgets_ok and plans_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
