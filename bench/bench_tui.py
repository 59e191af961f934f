"""TUI benchmark: Calepin side by side with a bare Textual app, in one run.

Each app runs in its own process on a real pseudo-terminal (not headless), so every figure
includes writing the frame to the terminal; the two kinds alternate run by run, so both see
the same machine load. Run: `python bench/bench_tui.py [--runs 5]`; exit status 1 when a
budget is missed.

- first paint: process start → the first frame written (Calepin: the week view with its cards
  on the five-year data set; bare: Header, one Static, Footer). Budget ≤ 1.3× bare.
- memory: resident set size at first paint. Budget ≤ 1.2× bare.
- stylesheet parses before the first paint (App.DEFAULT_CSS parsed n times): shown.
- week switch (`]` / `[`, in place) against the bare app updating a label. Budget: median ≤ 16 ms.
- every key to its next frame, ≤ 2× its bare equivalent: the dialogs and screens (`n`
  `enter` `/` `,` `?` `g` `x` `X`) against a bare modal form with three inputs; the views
  (`r` `l` `m` `b`) against a bare app showing a screen of its own (Header, Static,
  Footer; one per key, built on first use and kept, as Calepin's views are). The key event goes in
  where the terminal's input thread puts it; the time stops at the first frame written that
  draws the key's screen whole (a partial frame over the screen below does not count). Each key is pressed three times a run: the first press (the
  dialog's first build) and the later ones are both held to the budget. A frame Textual
  holds back (`App.delay_update`, as it switches modes) is not written, so does not count.

`BENCH_PROFILE=n,m python bench/bench_tui.py --runs 1` keeps a cProfile of each press of those
keys (`app.n.0.prof`, … in the folder BENCH_PROFILE_DIR, default the current one).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import fcntl
import gc
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
SETTLE = 0.5  # after the first frame, before the first key: a person looks first
PRESSES = 3  # each key, per run: the first press then two more

# (key, character, what the key shows, the Calepin screen it shows, the bare kind)
KEYS: list[tuple[str, str, str, str, str]] = [
    ("n", "n", "new post", "PostFormDialog", "dialog"),
    ("enter", "\r", "edit post", "PostFormDialog", "dialog"),
    ("slash", "/", "filter", "FilterDialog", "dialog"),
    ("comma", ",", "settings", "SettingsScreen", "dialog"),
    ("r", "r", "summary", "SummaryScreen", "view"),
    ("question_mark", "?", "help", "HelpScreen", "dialog"),
    ("l", "l", "time log", "LogScreen", "view"),
    ("m", "m", "month", "MonthScreen", "view"),
    ("b", "b", "backlog", "BacklogScreen", "view"),
    ("g", "g", "go to", "GotoDialog", "dialog"),
    ("x", "x", "export", "ExportDialog", "dialog"),
    ("X", "X", "import meetings", "ImportMeetingsDialog", "dialog"),
]
# `--keys n,comma` (BENCH_KEYS in the children) presses only those keys: quicker to iterate.
if os.environ.get("BENCH_KEYS"):
    KEYS = [k for k in KEYS if k[0] in os.environ["BENCH_KEYS"].split(",")]
BUDGET_PAINT = 1.3
STRETCH_PAINT = 1.15
BUDGET_RSS = 1.2
BUDGET_KEY = 2.0
BUDGET_SWITCH_MS = 16.0


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
    import textual.css.stylesheet as stylesheet_module
    from textual import events
    from textual.app import App

    result: dict[str, object] = {"css_parses": 0}
    state: dict[str, object] = {"painted": False, "waiter": None, "want": None}

    # Garbage collections while a key waits for its frame: (ms, generation) of each.
    collections: list[tuple[float, int]] = []
    collecting = {"since": 0.0, "pressing": False}

    def watch_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collecting["since"] = time.perf_counter()
        elif collecting["pressing"]:
            spent = (time.perf_counter() - collecting["since"]) * 1000
            collections.append((spent, info["generation"]))

    gc.callbacks.append(watch_gc)

    # How often the whole stylesheet is parsed before the first frame: Textual parses
    # App.DEFAULT_CSS once per full parse of the stylesheet.
    parse = stylesheet_module.parse

    def counting_parse(scope, css, read_from, **kwargs):  # type: ignore[no-untyped-def]
        if read_from[1] == "App.DEFAULT_CSS" and not state["painted"]:
            result["css_parses"] += 1  # type: ignore[operator]
        return parse(scope, css, read_from, **kwargs)

    stylesheet_module.parse = counting_parse

    def on_display(screen: object, renderable: object, complete: bool = True) -> None:
        if renderable is None:
            return
        if not state["painted"] and complete:
            state["painted"] = True
            result["painted_at"] = time.time()
            result["cpu_first_ms"] = time.process_time() * 1000
            result["rss_first_kb"] = rss_kb()
        waiter = state["waiter"]
        want = state["want"]
        if waiter is None or waiter.done():  # type: ignore[attr-defined]
            return
        # A key's screen counts once a frame draws it whole (Textual's LayoutUpdate): a
        # partial frame over the screen below (Textual's switch_mode wrote one, the view's
        # changed lines over the one it left) is not yet what the key shows.
        whole = type(renderable).__name__ == "LayoutUpdate"
        if want is None or (type(screen).__name__ == want and whole):
            waiter.set_result((time.perf_counter(), time.process_time()))  # type: ignore[attr-defined]

    async def press(app: App, key: str, char: str, want: str | None) -> tuple[float, float]:
        """Key event in → the first frame written with `want` on top: (ms, CPU ms)."""
        state["waiter"] = asyncio.get_running_loop().create_future()
        state["want"] = want
        profile = None
        if key in os.environ.get("BENCH_PROFILE", "").split(",") and want is not None:
            import cProfile

            profile = cProfile.Profile()
            profile.enable()
        start, start_cpu = time.perf_counter(), time.process_time()
        collecting["pressing"] = True
        app._driver.send_message(events.Key(key, char))  # what the input thread does
        try:
            end, end_cpu = await asyncio.wait_for(state["waiter"], 5)  # type: ignore[arg-type]
        except TimeoutError:
            return float("nan"), float("nan")
        finally:
            collecting["pressing"] = False
            if profile is not None:
                profile.disable()
                profile.dump_stats(f"{out}.{key}.{len(state.setdefault('profiled', []))}.prof")
                state["profiled"].append(key)  # type: ignore[union-attr]
        return (end - start) * 1000, (end_cpu - start_cpu) * 1000

    async def back_home(app: App, home: str) -> None:
        """Close what the key opened, without measuring, and let the home frame settle."""
        state["waiter"] = asyncio.get_running_loop().create_future()
        state["want"] = home
        while len(app.screen_stack) > 1:
            app.pop_screen()
        if app.current_mode != app.DEFAULT_MODE:
            app.switch_mode(app.DEFAULT_MODE)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(state["waiter"], 5)  # type: ignore[arg-type]
        await asyncio.sleep(0.15)

    async def measure(app: App, home: str, setup=None) -> None:  # type: ignore[no-untyped-def]
        if os.environ.get("BENCH_PAINT_ONLY"):
            while not state["painted"]:
                await asyncio.sleep(0.01)
            Path(out).write_text(json.dumps(result))
            app.exit()
            return
        await asyncio.sleep(SETTLE)
        # In place: `]` and `[` on the week (bare: a label update).
        timings, cpu = [], []
        for i in range(SWITCHES):
            key, char = (
                ("right_square_bracket", "]") if i % 2 == 0 else ("left_square_bracket", "[")
            )
            if i % 8 >= 4:  # walk forward and back so the data differs between frames
                key, char = ("right_square_bracket", "]")
            ms, cpu_ms = await press(app, key, char, None)
            timings.append(ms)
            cpu.append(cpu_ms)
            await asyncio.sleep(PAUSE_BETWEEN_KEYS)
        result["switch_ms"] = timings
        result["switch_cpu_ms"] = cpu
        result["rss_after_kb"] = rss_kb()
        if setup is not None:
            setup()
        # Dialogs and views: each key three times, round by round.
        keys: dict[str, list[float]] = {key: [] for key, *_ in KEYS}
        keys_cpu: dict[str, list[float]] = {key: [] for key, *_ in KEYS}
        for _ in range(PRESSES):
            for key, char, _what, screen_name, bare_kind in KEYS:
                want = screen_name if kind == "app" else f"Bare{bare_kind.title()}"
                ms, cpu_ms = await press(app, key, char, want)
                keys[key].append(ms)
                keys_cpu[key].append(cpu_ms)
                await back_home(app, home)
        result["keys_ms"] = keys
        result["keys_cpu_ms"] = keys_cpu
        result["gc_ms"] = [ms for ms, _ in collections]
        result["gc_full_ms"] = [ms for ms, generation in collections if generation == 2]
        result["rss_end_kb"] = rss_kb()
        Path(out).write_text(json.dumps(result))
        app.exit()

    if kind == "bare":
        from textual.screen import ModalScreen, Screen
        from textual.widgets import Footer, Header, Static

        class BareDialog(ModalScreen[None]):
            """A bare modal form: a title and three inputs."""

            DEFAULT_CSS = """
            BareDialog { align: center middle; }
            BareDialog > Vertical { width: 64; height: auto; border: round $primary;
                                    background: $panel; }
            """

            def compose(self):  # type: ignore[no-untyped-def]
                from textual.containers import Vertical
                from textual.widgets import Input, Label

                with Vertical():
                    yield Label("A form")
                    yield Input(placeholder="one")
                    yield Input(placeholder="two")
                    yield Input(placeholder="three")

            def on_mount(self) -> None:
                self.query("Input").first().focus()

        class BareView(Screen[None]):
            def compose(self):  # type: ignore[no-untyped-def]
                yield Header()
                yield Static("Another view")
                yield Footer()

        views = [key for key, *_, bare_kind in KEYS if bare_kind == "view"]
        dialogs = [key for key, *_, bare_kind in KEYS if bare_kind == "dialog"]

        class BareApp(App[None]):
            BINDINGS: ClassVar = [
                ("right_square_bracket", "flip"),
                ("left_square_bracket", "flip"),
                *((key, "dialog") for key in dialogs),
                *((key, f"view('{key}')") for key in views),
            ]

            def compose(self):  # type: ignore[no-untyped-def]
                yield Header()
                yield Static("Hello", id="body")
                yield Footer()

            def action_flip(self) -> None:
                body = self.query_one("#body", Static)
                body.update("Hello" if str(body.content) != "Hello" else "World")

            def action_dialog(self) -> None:
                self.push_screen(BareDialog())

            def action_view(self, key: str) -> None:
                # One screen per key, built on first use and kept, as Calepin's views are.
                if not self.is_screen_installed(key):
                    self.install_screen(BareView(), key)
                self.push_screen(key)

            def _display(self, screen, renderable) -> None:  # type: ignore[no-untyped-def]
                super()._display(screen, renderable)
                if not self._batch_count:  # Textual writes no frame while updates are held
                    on_display(screen, renderable)

            def on_mount(self) -> None:
                self.run_worker(measure(self, "Screen"))

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
            def _display(self, screen, renderable) -> None:  # type: ignore[no-untyped-def]
                super()._display(screen, renderable)
                if self._batch_count:
                    return  # Textual writes no frame while updates are held (delay_update)
                drawn = True
                if not state["painted"]:
                    # The first frame that counts is one with the week's cards in it.
                    grids = screen.query(WeekGrid)
                    drawn = bool(grids) and grids.first()._strips is not None
                    drawn = drawn and bool(grids.first().columns)
                on_display(screen, renderable, drawn)

            def on_mount(self) -> None:
                # Textual calls CalepinApp.on_mount too (each class's handler in the MRO):
                # calling it here as well ran the app's start-up work twice.
                self.run_worker(measure(self, "WeekScreen", self.select_a_single_post))

            def select_a_single_post(self) -> None:
                """`enter` edits the selected post: one that does not repeat (a repeating
                post asks which dates first)."""
                from tui.screens.base import is_occurrence

                week = self.screen
                assert isinstance(week, WeekScreen)
                week.action_today()  # the switches walked weeks ahead, past the planned posts
                for day, posts in zip(week.days, week.by_day, strict=True):
                    if posts and not is_occurrence(posts[0]):
                        self.focus_day = day
                        week.cursor_post = 0
                        week.reload()
                        return

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


def run_once(
    kind: str, db: Path, size: tuple[int, int], cold: bool = False, paint_only: bool = False
) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    env = {"BENCH_COLD": "1"} if cold else {}
    if paint_only:
        env["BENCH_PAINT_ONLY"] = "1"
    started, returncode = run_in_terminal(
        [sys.executable, __file__, "--child", kind, "--db", str(db), "--out", str(out)],
        size,
        env,
        timeout=180,
    )
    for profile in sorted(out.parent.glob(f"{out.name}.*.prof")):
        kept = (
            Path(os.environ.get("BENCH_PROFILE_DIR", "."))
            / f"{kind}{profile.name[len(out.name) :]}"
        )
        profile.replace(kept)
        print(f"profile of key {os.environ.get('BENCH_PROFILE')} in the {kind} app: {kept}")
    try:
        data = json.loads(out.read_text())
    except (OSError, json.JSONDecodeError):
        raise SystemExit(f"the {kind} app did not report (exit {returncode})") from None
    finally:
        out.unlink(missing_ok=True)
    data["first_paint_ms"] = (data["painted_at"] - started) * 1000
    return data


def median(values: list[float]) -> float:
    kept = [v for v in values if v == v]  # a key that never showed its screen is NaN
    return statistics.median(kept) if kept else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--db", type=Path)
    parser.add_argument("--child", choices=("bare", "app"))
    parser.add_argument("--out")
    parser.add_argument(
        "--cold", action="store_true", help="no cache, nothing fetched ahead: every switch queries"
    )
    parser.add_argument(
        "--judge",
        choices=("wall", "cpu"),
        default="wall",
        help="hold the keys' ratios to the budget by wall time (default) or by the CPU time"
        " the process spent, steadier when other work shares the machine",
    )
    parser.add_argument(
        "--paint-only", action="store_true", help="start-up only: first paint, CPU, RSS, parses"
    )
    parser.add_argument(
        "--keys",
        help="press only these keys (names as in the table's code: n,enter,slash,comma,r,…)",
    )
    args = parser.parse_args()
    if args.keys:
        global KEYS
        os.environ["BENCH_KEYS"] = args.keys  # the children read it
        KEYS = [k for k in KEYS if k[0] in args.keys.split(",")]
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
            results[kind].append(run_once(kind, db, (width, height), args.cold, args.paint_only))
    failed: list[str] = []

    def of(kind: str, key: str) -> list[float]:
        return [r[key] for r in results[kind]]

    def check(label: str, ok: bool) -> str:
        if not ok:
            failed.append(label)
        return "ok" if ok else "OVER"

    load = os.getloadavg()[0]
    mode = "cold: no cache" if args.cold else "weeks on either side fetched after each frame"
    print(f"{args.runs} runs each, interleaved · {SWITCHES} week switches per run ({mode}) · "
          f"each key {PRESSES}× per run · load {load:.1f}")  # fmt: skip
    print()
    print(f"{'start-up':32} {'bare':>8} {'calepin':>8} {'ratio':>6}  budget")
    paint = {k: median(of(k, "first_paint_ms")) for k in results}
    fastest = {k: min(of(k, "first_paint_ms")) for k in results}
    cpu = {k: median(of(k, "cpu_first_ms")) for k in results}
    rss = {k: median(of(k, "rss_first_kb")) / 1024 for k in results}
    nan = float("nan")
    rss_after = {
        k: median([r.get("rss_after_kb", nan) for r in results[k]]) / 1024 for k in results
    }
    rss_end = {k: median([r.get("rss_end_kb", nan) for r in results[k]]) / 1024 for k in results}
    parses = {k: median(of(k, "css_parses")) for k in results}
    paint_ratio = paint["app"] / paint["bare"]
    stretch = "(stretch ≤ 1.15× met)" if paint_ratio <= STRETCH_PAINT else "(stretch ≤ 1.15×)"
    rows = [
        ("first paint, median (ms)", paint, f"≤ {BUDGET_PAINT}× "
         f"{check('first paint', paint_ratio <= BUDGET_PAINT)} {stretch}"),
        ("first paint, fastest (ms)", fastest, ""),
        ("  CPU until then (ms)", cpu, ""),
        ("RSS at first paint (MB)", rss,
         f"≤ {BUDGET_RSS}× {check('RSS', rss['app'] <= BUDGET_RSS * rss['bare'])}"),
        ("RSS after week switches (MB)", rss_after, ""),
        ("RSS after every key (MB)", rss_end, ""),
        ("stylesheet parses before it", parses, ""),
    ]  # fmt: skip
    for label, pair, budget in rows:
        ratio = pair["app"] / pair["bare"] if pair["bare"] else float("nan")
        print(f"{label:32} {pair['bare']:8.1f} {pair['app']:8.1f} {ratio:6.2f}  {budget}")
    if args.paint_only:
        print()
        print("OVER BUDGET: " + ", ".join(failed) if failed else "within budget")
        raise SystemExit(1 if failed else 0)

    print()
    switches = {k: sorted(t for r in results[k] for t in r["switch_ms"]) for k in results}
    switch_cpu = {k: [t for r in results[k] for t in r["switch_cpu_ms"]] for k in results}
    p90 = {k: v[min(len(v) - 1, int(0.9 * len(v)))] for k, v in switches.items()}
    switch_median = median(switches["app"])
    print(f"{'in place: ] and [ (bare: a label)':32} {'bare':>8} {'calepin':>8}")
    print(f"{'  key → frame, median (ms)':32} {median(switches['bare']):8.1f} "
          f"{switch_median:8.1f}         ≤ {BUDGET_SWITCH_MS:.0f} ms "
          f"{check('week switch', switch_median <= BUDGET_SWITCH_MS)}")  # fmt: skip
    print(f"{'  key → frame, p90 (ms)':32} {p90['bare']:8.1f} {p90['app']:8.1f}")
    print(f"{'  CPU per switch, median (ms)':32} {median(switch_cpu['bare']):8.1f} "
          f"{median(switch_cpu['app']):8.1f}")  # fmt: skip

    print()

    # The bare reference of a kind: every press of that kind, every run (first ones included).
    def bare_median(field: str, bare_kind: str) -> float:
        return median(
            [
                t
                for r in results["bare"]
                for key, *_, kind in KEYS
                if kind == bare_kind
                for t in r[field][key]
            ]
        )

    print(f"{'key → its next frame':30} {'wall ms: bare':>13} {'first':>6} {'again':>6} "
          f"{'ratio':>5}   {'CPU ms: bare':>12} {'first':>6} {'again':>6} {'ratio':>5}  "
          f"≤ {BUDGET_KEY}× bare")  # fmt: skip
    for key, char, what, _screen, bare_kind in KEYS:
        row = []
        for field in ("keys_ms", "keys_cpu_ms"):
            bare = bare_median(field, bare_kind)
            first = median([r[field][key][0] for r in results["app"]])
            again = median([t for r in results["app"] for t in r[field][key][1:]])
            row.append((bare, first, again, max(first, again) / bare))
        label = f"{'enter' if key == 'enter' else char} {what} ({bare_kind})"
        judged = row[1] if args.judge == "cpu" else row[0]
        verdict = check(f"key {label.split(' (')[0]}", judged[3] <= BUDGET_KEY)
        wall, cpu_ = row
        print(f"  {label:28} {wall[0]:13.1f} {wall[1]:6.1f} {wall[2]:6.1f} {wall[3]:5.2f}   "
              f"{cpu_[0]:12.1f} {cpu_[1]:6.1f} {cpu_[2]:6.1f} {cpu_[3]:5.2f}  {verdict}")  # fmt: skip
    gc_total = {k: median([sum(r["gc_ms"]) for r in results[k]]) for k in results}
    gc_full = {k: [round(t) for r in results[k] for t in r["gc_full_ms"]] for k in results}
    print(f"  garbage collection inside the keys, per run (ms): bare {gc_total['bare']:.0f}, "
          f"calepin {gc_total['app']:.0f}; full collections: bare {gc_full['bare']}, "
          f"calepin {gc_full['app']}")  # fmt: skip
    print()
    if failed:
        print("OVER BUDGET: " + ", ".join(failed))
        raise SystemExit(1)
    print("within budget")


if __name__ == "__main__":
    main()
