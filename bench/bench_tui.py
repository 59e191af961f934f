"""TUI benchmark: first paint, week switching and memory, side by side with a bare Textual app.

Each app runs in its own process on a real pseudo-terminal (not headless), so the timings
include writing the frame to the terminal. Run: `python bench/bench_tui.py [--runs 5]`.

- first paint: process start → the first frame written (the Calepin app on the five-year data
  set, week view; the bare app: Header, one Static, Footer). Budget: ≤ 1.3× the bare app.
- week switch: `]` / `[` key event → the refreshed frame written. Budget: median ≤ 16 ms.
- memory: resident set size at first paint (and after the switches). Budget: ≤ 1.3× bare.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import fcntl
import json
import os
import pty
import random
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
FIVE_YEARS = DATA / "five-years.db"
QUICK = DATA / "tui-five-years.db"
ZONE = "America/Toronto"
NOW = dt.datetime(2026, 11, 23, 15, 0)
SWITCHES = 40
PAUSE_BETWEEN_KEYS = 0.06  # a person's pace, and more than one frame apart


# ------------------------------------------------------------------ data


def quick_database(path: Path) -> Path:
    """Five years of a busy coordinator through the Store API (when generate.py's is absent)."""
    sys.path.insert(0, str(ROOT))
    from storage import EntryDraft, PostDraft, Store

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    rng = random.Random(5)
    with Store.open(tmp, zone_name=ZONE) as store:
        platforms = [p.name for p in store.platforms()]
        duties = [d.name for d in store.duties()]
        statuses = ["idea", "drafting", "ready", "scheduled"]
        with store.transaction():
            for n in range(20):
                start = dt.date(2022, 1, 1) + dt.timedelta(days=90 * n)
                store.add_campaign(f"Campaign {n}", start=start, end=start + dt.timedelta(days=45))
            day = dt.date(2022, 1, 3)
            while day <= dt.date(2027, 1, 3):
                if day.weekday() < 5:
                    for _ in range(rng.randint(3, 7)):
                        when = dt.time(rng.randint(8, 18), rng.choice((0, 15, 30, 45)))
                        store.add_post(
                            PostDraft(
                                title=f"{rng.choice(('Recap', 'Teaser', 'Reminder', 'Thanks', 'Poll'))} "
                                f"of the {rng.choice(('council', 'fair', 'library', 'camp'))} #{rng.randint(1, 999)}",
                                platform=rng.choice(platforms),
                                date=day,
                                time=when if rng.random() < 0.85 else None,
                                status="published" if day < NOW.date() else rng.choice(statuses),
                                estimate_minutes=rng.choice((15, 30, 45, 60, 90)),
                                body="Lorem ipsum " * rng.randint(5, 40),
                            )
                        )
                    minute = 9 * 60
                    zone = store.zone
                    while minute < 17 * 60:
                        length = rng.choice((30, 45, 60, 90, 120))
                        start_at = dt.datetime.combine(day, dt.time()) + dt.timedelta(
                            minutes=minute
                        )
                        start_at = start_at.replace(tzinfo=zone)
                        if start_at + dt.timedelta(minutes=length) < NOW.replace(tzinfo=zone):
                            store.add_entry(
                                EntryDraft(
                                    rng.choice(duties),
                                    start_at,
                                    start_at + dt.timedelta(minutes=length),
                                    note="work",
                                )
                            )
                        minute += length + rng.choice((0, 15, 30))
                day += dt.timedelta(days=1)
            for n in range(400):
                store.add_post(PostDraft(f"Idea {n}", rng.choice(platforms)))
    os.replace(tmp, path)
    return path


def database() -> Path:
    if FIVE_YEARS.exists():
        return FIVE_YEARS
    if not QUICK.exists():
        print(f"{FIVE_YEARS} is absent: building {QUICK} through the Store API…", flush=True)
        quick_database(QUICK)
    return QUICK


# ------------------------------------------------------------------ child process


def rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def child(kind: str, db: str, out: str) -> None:
    # Everything below is part of the measured start-up, imports included.
    from textual import events
    from textual.app import App

    result: dict[str, object] = {}
    state = {"painted": False, "waiter": None}

    def on_display(renderable: object, complete: bool = True) -> None:
        if renderable is None:
            return
        if not state["painted"] and complete:
            state["painted"] = True
            result["painted_at"] = time.time()
            result["cpu_first_ms"] = time.process_time() * 1000
            result["rss_first_kb"] = rss_kb()
        waiter = state["waiter"]
        if waiter is not None and not waiter.done():
            waiter.set_result((time.perf_counter(), time.process_time()))

    async def switch_weeks(app: App) -> None:
        await asyncio.sleep(0.3)  # let start-up settle (footer, timers)
        loop = asyncio.get_running_loop()
        timings, cpu = [], []
        for i in range(SWITCHES):
            key, char = (
                ("right_square_bracket", "]") if i % 2 == 0 else ("left_square_bracket", "[")
            )
            if i % 8 >= 4:  # walk forward and back so the data differs between frames
                key, char = ("right_square_bracket", "]")
            state["waiter"] = loop.create_future()
            start, start_cpu = time.perf_counter(), time.process_time()
            app._driver.send_message(events.Key(key, char))  # what the input thread does
            try:
                end, end_cpu = await asyncio.wait_for(state["waiter"], 2)
                timings.append((end - start) * 1000)
                cpu.append((end_cpu - start_cpu) * 1000)
            except TimeoutError:
                timings.append(float("nan"))
            await asyncio.sleep(PAUSE_BETWEEN_KEYS)
        result["switch_ms"] = timings
        result["switch_cpu_ms"] = cpu
        result["rss_after_kb"] = rss_kb()
        Path(out).write_text(json.dumps(result))
        app.exit()

    if kind == "bare":
        from textual.widgets import Footer, Header, Static

        class BareApp(App[None]):
            BINDINGS: ClassVar = [("right_square_bracket", "flip"), ("left_square_bracket", "flip")]

            def compose(self):
                yield Header()
                yield Static("Hello", id="body")
                yield Footer()

            def action_flip(self) -> None:
                body = self.query_one("#body", Static)
                body.update("Hello" if str(body.content) != "Hello" else "World")

            def _display(self, screen, renderable) -> None:
                super()._display(screen, renderable)
                on_display(renderable)

            def on_mount(self) -> None:
                self.run_worker(switch_weeks(self))

        BareApp().run()
    else:
        sys.path.insert(0, str(ROOT))
        from zoneinfo import ZoneInfo

        from storage import Store
        from tui.app import CalepinApp
        from tui.screens.week import WeekScreen
        from tui.widgets.week_grid import WeekGrid

        if os.environ.get("BENCH_COLD"):
            WeekScreen.PREFETCH = False  # every switch queries the store
            WeekScreen.CACHED_WEEKS = 0

        class MeasuredApp(CalepinApp):
            def _display(self, screen, renderable) -> None:
                super()._display(screen, renderable)
                # The first frame that counts is one with the week's cards in it.
                grids = screen.query(WeekGrid)
                drawn = bool(grids) and grids.first()._strips is not None
                on_display(renderable, drawn and bool(grids.first().columns))

            def on_mount(self) -> None:
                self.run_worker(switch_weeks(self))

        store = Store.open(db, zone_name=ZONE)
        fixed = NOW.replace(tzinfo=ZoneInfo(ZONE))
        try:
            MeasuredApp(store, clock=lambda: fixed).run()
        finally:
            store.close()


# ------------------------------------------------------------------ parent


def run_in_terminal(
    command: list[str], size: tuple[int, int], extra_env: dict[str, str], timeout: float = 60
) -> tuple[float, int]:
    """Run `command` on a fresh pseudo-terminal of `size` (columns, rows), reading what it
    writes as a terminal would; (the time it started, its exit status)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLORTERM": "truecolor", **extra_env}
    env.pop("TEXTUAL", None)
    started = time.time()
    proc = subprocess.Popen(
        command,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
        start_new_session=True,
    )
    os.close(slave)
    deadline = time.time() + timeout
    while proc.poll() is None and time.time() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                os.read(master, 65536)  # drain, as a terminal would
            except OSError:
                break
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    os.close(master)
    return started, proc.returncode


def run_once(kind: str, db: Path, size: tuple[int, int], cold: bool = False) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    started, returncode = run_in_terminal(
        [sys.executable, __file__, "--child", kind, "--db", str(db), "--out", str(out)],
        size,
        {"BENCH_COLD": "1"} if cold else {},
    )
    try:
        data = json.loads(out.read_text())
    except (OSError, json.JSONDecodeError):
        raise SystemExit(f"the {kind} app did not report (exit {returncode})") from None
    finally:
        out.unlink(missing_ok=True)
    data["first_paint_ms"] = (data["painted_at"] - started) * 1000
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--db", type=Path)
    parser.add_argument("--child", choices=("bare", "app"))
    parser.add_argument("--out")
    parser.add_argument(
        "--cold", action="store_true", help="no cache, nothing fetched ahead: every switch queries"
    )
    args = parser.parse_args()
    if args.child:
        child(args.child, str(args.db), args.out)
        return
    width, height = (int(x) for x in args.size.split("x"))
    db = args.db or database()
    # An install (pip, pipx) compiles the bytecode; an editable checkout under
    # PYTHONDONTWRITEBYTECODE would otherwise recompile our modules at every start.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "storage", "tui", "exporters"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    print(f"database: {db} ({db.stat().st_size / 1e6:.1f} MB) · terminal {width}×{height}")
    results: dict[str, list[dict]] = {"bare": [], "app": []}
    for _ in range(args.runs):
        for kind in ("bare", "app"):  # interleaved, so both see the same machine load
            results[kind].append(run_once(kind, db, (width, height), args.cold))

    def median(kind: str, key: str) -> float:
        return statistics.median(r[key] for r in results[kind])

    paint = {k: median(k, "first_paint_ms") for k in results}
    paint_cpu = {k: median(k, "cpu_first_ms") for k in results}
    # Start-up varies ±100 ms from one process to the next here: the fastest run is the
    # steadiest estimate of the work itself.
    paint_min = {k: min(r["first_paint_ms"] for r in results[k]) for k in results}
    rss = {k: median(k, "rss_first_kb") / 1024 for k in results}
    rss_after = {k: median(k, "rss_after_kb") / 1024 for k in results}
    switches = {k: sorted(t for r in results[k] for t in r["switch_ms"]) for k in results}
    switch_cpu = {k: sorted(t for r in results[k] for t in r["switch_cpu_ms"]) for k in results}

    def pct(values: list[float], q: float) -> float:
        return values[min(len(values) - 1, int(q * len(values)))]

    rows = [
        (
            "first paint (median ms)",
            paint["bare"],
            paint["app"],
            paint["app"] / paint["bare"],
            "≤ 1.3×",
        ),
        (
            "first paint (fastest ms)",
            paint_min["bare"],
            paint_min["app"],
            paint_min["app"] / paint_min["bare"],
            "",
        ),
        (
            "  CPU until then (ms)",
            paint_cpu["bare"],
            paint_cpu["app"],
            paint_cpu["app"] / paint_cpu["bare"],
            "",
        ),
        ("RSS at first paint (MB)", rss["bare"], rss["app"], rss["app"] / rss["bare"], "≤ 1.3×"),
        (
            "RSS after switches (MB)",
            rss_after["bare"],
            rss_after["app"],
            rss_after["app"] / rss_after["bare"],
            "",
        ),
        (
            "key → frame, median (ms)",
            statistics.median(switches["bare"]),
            statistics.median(switches["app"]),
            None,
            "≤ 16 ms",
        ),
        ("key → frame, p90 (ms)", pct(switches["bare"], 0.9), pct(switches["app"], 0.9), None, ""),
        (
            "  CPU per switch, median",
            statistics.median(switch_cpu["bare"]),
            statistics.median(switch_cpu["app"]),
            None,
            "",
        ),
    ]
    load = os.getloadavg()[0]
    mode = "cold: no cache" if args.cold else "weeks on either side fetched after each frame"
    print(f"{args.runs} runs each, {SWITCHES} week switches per run ({mode}) · load {load:.1f}")
    print(f"{'':28} {'bare':>8} {'calepin':>8} {'ratio':>6}  budget")
    for label, bare, app, ratio, budget in rows:
        shown = f"{ratio:6.2f}" if ratio is not None else " " * 6
        print(f"{label:28} {bare:8.1f} {app:8.1f} {shown}  {budget}")
    ok = (
        paint["app"] <= 1.3 * paint["bare"]
        and rss["app"] <= 1.3 * rss["bare"]
        and statistics.median(switches["app"]) <= 16
    )
    print("within budget" if ok else "OVER BUDGET")


if __name__ == "__main__":
    main()
