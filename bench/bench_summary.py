"""Summary view benchmark: a period key (w/m/q/y, [ and ]) → the refreshed frame written.

Budget (issue 6): the summary screen switches period in at most 50 ms. The app runs on the
five-year data set in its own process on a real pseudo-terminal, as in bench_tui.py, so the
figure includes building the report, drawing it and writing the frame.

Run: `python bench/bench_summary.py [--runs 3]`. Exits 1 when the budget is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench_tui import NOW, ZONE, database, run_in_terminal  # noqa: E402

BUDGET_MS = 50.0
# Every kind of period, moving back and forth through years of data.
KEYS = [
    ("m", "m"), ("left_square_bracket", "["), ("q", "q"), ("left_square_bracket", "["),
    ("y", "y"), ("left_square_bracket", "["), ("left_square_bracket", "["),
    ("right_square_bracket", "]"), ("w", "w"), ("left_square_bracket", "["),
    ("m", "m"), ("right_square_bracket", "]"), ("q", "q"), ("y", "y"),
    ("right_square_bracket", "]"), ("w", "w"),
]  # fmt: skip


def child(db: str, out: str) -> None:
    sys.path.insert(0, str(ROOT))
    import gc

    # Full collections while the keys are pressed (ms): one landing in a switch adds to it.
    full_collections: list[float] = []
    pressing = [False]
    started = [0.0]

    def watch_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        elif info["generation"] == 2 and pressing[0]:
            full_collections.append(round((time.perf_counter() - started[0]) * 1000, 1))

    gc.callbacks.append(watch_gc)
    from zoneinfo import ZoneInfo

    from textual import events

    from storage import Store
    from tui.app import CalepinApp
    from tui.screens.summary import SummaryScreen

    state: dict[str, object] = {"waiter": None}
    result: dict[str, object] = {}

    class MeasuredApp(CalepinApp):
        def _display(self, screen, renderable) -> None:  # type: ignore[no-untyped-def]
            super()._display(screen, renderable)
            waiter = state["waiter"]
            if renderable is not None and waiter is not None and not waiter.done():  # type: ignore[attr-defined]
                waiter.set_result(time.perf_counter())  # type: ignore[attr-defined]

        def on_mount(self) -> None:
            super().on_mount()
            self.run_worker(self.measure())

        async def measure(self) -> None:
            await asyncio.sleep(0.3)
            self.action_show("summary")
            await asyncio.sleep(0.5)
            assert isinstance(self.screen, SummaryScreen)
            loop = asyncio.get_running_loop()
            timings, labels = [], []
            pressing[0] = True
            for key, char in KEYS:
                state["waiter"] = loop.create_future()
                start = time.perf_counter()
                self._driver.send_message(events.Key(key, char))  # type: ignore[union-attr]
                try:
                    end = await asyncio.wait_for(state["waiter"], 5)  # type: ignore[arg-type]
                    timings.append((end - start) * 1000)
                except TimeoutError:
                    timings.append(float("nan"))
                labels.append(f"{char}→{self.screen.report.label if self.screen.report else '?'}")  # type: ignore[attr-defined]
                await asyncio.sleep(0.08)
            pressing[0] = False
            result["ms"], result["labels"] = timings, labels
            result["gc"] = full_collections
            Path(out).write_text(json.dumps(result))
            self.exit()

    store = Store.open(db, zone_name=ZONE)
    fixed = NOW.replace(tzinfo=ZoneInfo(ZONE))
    try:
        MeasuredApp(store, clock=lambda: fixed).run()
    finally:
        store.close()


def run_once(db: Path, size: tuple[int, int]) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    _, returncode = run_in_terminal(
        [sys.executable, __file__, "--child", "--db", str(db), "--out", str(out)], size, {}, 120
    )
    try:
        return json.loads(out.read_text())
    except (OSError, json.JSONDecodeError):
        raise SystemExit(f"the app did not report (exit {returncode})") from None
    finally:
        out.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--db", type=Path)
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.child:
        child(str(args.db), args.out)
        return
    width, height = (int(x) for x in args.size.split("x"))
    db = args.db or database()
    print(f"database: {db} ({db.stat().st_size / 1e6:.1f} MB) · terminal {width}×{height}")
    runs = [run_once(db, (width, height)) for _ in range(args.runs)]
    print("full garbage collections during the switches (ms), per run:", [r["gc"] for r in runs])
    per_key: dict[str, list[float]] = {}
    for run in runs:
        for label, ms in zip(run["labels"], run["ms"], strict=True):
            per_key.setdefault(label, []).append(ms)
    for label, values in per_key.items():
        print(f"  {label:<32} median {statistics.median(values):6.1f} ms")
    every = sorted(ms for run in runs for ms in run["ms"])
    median, worst = statistics.median(every), every[-1]
    years = [ms for label, values in per_key.items() if "→20" in label and len(label) < 9
             for ms in values]  # fmt: skip
    ok = worst <= BUDGET_MS
    print(
        f"period switch: median {median:.1f} ms, slowest {worst:.1f} ms"
        + (f" (a whole year: median {statistics.median(years):.1f} ms)" if years else "")
        + f"; budget {BUDGET_MS:.0f} ms for every switch: {'OK' if ok else 'MISSED'}"
    )
    print(f"measured {dt.datetime.now():%Y-%m-%d %H:%M} with Python {sys.version.split()[0]}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
