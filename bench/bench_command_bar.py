"""Command bar echo: keypress → echo updated, beside a bare Textual Input, in the same run.

Both apps run headless in this process, one after the other, typing the same lines one key
at a time. Two figures per app:

- handler: time spent in the app's `Input.Changed` handler (the parse and the echo update);
- key → idle: from posting the key to the app being idle again with the echo updated and the
  screen refreshed (Pilot's `press`), which includes Textual's own work for the keypress.

Calepin runs the LogScreen (day timeline, totals, command bar) on the five-year data set.
Budget: key → idle median ≤ 16 ms (one frame at 60 Hz).

Run: `python bench/bench_command_bar.py [--lines 6] [--db PATH]`.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from textual import events, on  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import Input, Static  # noqa: E402

from storage import Store  # noqa: E402
from tui.screens.log import LogScreen  # noqa: E402
from tui.widgets.command_bar import CommandBar  # noqa: E402

ZONE = ZoneInfo("America/Toronto")
NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=ZONE)
LINES = [
    "1h30 social engage replied to the council thread",
    "yesterday 2-4pm press lists for the gala",
    "14:00-16:30 events create volunteer fair set-up",
    "last fri 9:15 45m newsletters report",
    "start newsletters create december issue",
    ":45 admin",
]


class Timed:
    def __init__(self) -> None:
        self.samples: list[float] = []  # handler time
        self.frames: list[float] = []  # key received → the frame with the echo composed
        self.key_at: float | None = None
        self.echoed = False


class FrameTimer(App[None]):
    """Times, app-side, a key event's arrival to the end of the frame that shows the echo."""

    timed: Timed

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and self.timed.key_at is None:
            self.timed.key_at = time.perf_counter()
            self.timed.echoed = False
        await super().on_event(event)

    def _display(self, screen: Screen[object], renderable: object) -> None:  # type: ignore[override]
        super()._display(screen, renderable)  # type: ignore[arg-type]
        timed = self.timed
        if renderable is not None and timed.key_at is not None and timed.echoed:
            timed.frames.append(time.perf_counter() - timed.key_at)
            timed.key_at = None


class BareApp(FrameTimer):
    """The baseline: one Input whose Changed handler writes the value into a Static."""

    def __init__(self, timed: Timed) -> None:
        super().__init__()
        self.timed = timed

    def compose(self) -> ComposeResult:
        yield Static("", id="echo")
        yield Input(id="field")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        began = time.perf_counter()
        self.query_one("#echo", Static).update(event.value)
        self.timed.samples.append(time.perf_counter() - began)
        self.timed.echoed = True


class TimedBar(CommandBar):
    def __init__(self, timed: Timed, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.timed = timed

    def update_echo(self, text: str) -> None:
        began = time.perf_counter()
        super().update_echo(text)
        self.timed.samples.append(time.perf_counter() - began)
        self.timed.echoed = True


class TimedLogScreen(LogScreen):
    def __init__(self, timed: Timed, *args: object, **kwargs: object) -> None:
        super().__init__(*args, command_bar=False, **kwargs)  # type: ignore[arg-type]
        self.timed = timed

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield TimedBar(self.timed, id="log-command-bar")

    def on_mount(self) -> None:
        self.with_command_bar = True
        super().on_mount()


class CalepinHost(FrameTimer):
    def __init__(self, store: Store, timed: Timed) -> None:
        super().__init__()
        self.store = store
        self.timed = timed

    def on_mount(self) -> None:
        self.push_screen(TimedLogScreen(self.timed, self.store, lambda: NOW))


async def type_lines(app: App[None], lines: list[str], clear: str) -> list[float]:
    presses: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        if isinstance(app, CalepinHost):
            app.screen.query_one(CommandBar).focus_input()
        await pilot.pause()
        for line in lines:
            for char in line:
                key = "space" if char == " " else char
                began = time.perf_counter()
                await pilot.press(key)
                presses.append(time.perf_counter() - began)
            app.screen.query_one(clear, Input).value = ""
            await pilot.pause()
            app.timed.key_at = None  # type: ignore[attr-defined]
    return presses


def summary(name: str, values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return f"{name:<34} median {statistics.median(ms):6.2f} ms   p95 {p95:6.2f} ms   n={len(ms)}"


async def main_async(db: Path, repeat: int) -> int:
    lines = (LINES * repeat)[: max(1, repeat) * len(LINES)]
    bare_timed = Timed()
    bare = await type_lines(BareApp(bare_timed), lines, "#field")
    with Store.open(db) as store:
        counts = store.counts()
        timed = Timed()
        calepin = await type_lines(CalepinHost(store, timed), lines, "#command-input")
    print(f"data: {db.name}: {counts['time_entries']} entries, {counts['posts']} posts")
    print(summary("bare Input   handler", bare_timed.samples))
    print(summary("Calepin bar  handler (parse+echo)", timed.samples))
    print(summary("bare Input   key → frame", bare_timed.frames))
    print(summary("Calepin bar  key → frame", timed.frames))
    print(summary("bare Input   Pilot press → idle", bare))
    print(summary("Calepin bar  Pilot press → idle", calepin))
    median = statistics.median(timed.frames) * 1000
    verdict = "OK" if median <= 16 else "OVER BUDGET"
    print(f"budget: key → frame median ≤ 16 ms: {median:.2f} ms {verdict}")
    return 0 if median <= 16 else 1


def five_year_db(given: Path | None) -> Path:
    if given is not None:
        return given
    import generate  # bench/generate.py

    path = Path(generate.DEFAULT_PATH)
    if not path.exists():
        print(f"generating {path} (once)…", file=sys.stderr)
        generate.main([str(path)])
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a database (default: the five-year data set)")
    parser.add_argument("--repeat", type=int, default=2, help="times to type the sample lines")
    args = parser.parse_args()
    return asyncio.run(main_async(five_year_db(args.db), args.repeat))


if __name__ == "__main__":
    raise SystemExit(main())
