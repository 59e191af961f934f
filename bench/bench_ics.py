"""Benchmarks for .ics export and import, and the full-data round trip.

Run: /work/venv/bin/python bench/bench_ics.py  (exit 1 when a budget is missed)

Budgets (issue): export of 8,000 posts ≥ 4,000 events/s and ≤ 0.7× a plain icalendar build of
the same events; import of 8,000 meetings ≤ 5 s. Also round-trips bench/data/five-years.db
through `export all` / `import all` when that file exists.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import icalendar

from exporters.data import export_all, import_all
from exporters.ics import IcsOptions, export_ics, render_ics
from exporters.ics_import import import_meetings
from storage import Post, PostDraft, Store
from storage.portable import dump_tables

ZONE_NAME = "America/Toronto"
ZONE = ZoneInfo(ZONE_NAME)
NOW = dt.datetime(2026, 11, 23, 15, tzinfo=ZONE)
POSTS = 8_000
MEETINGS = 8_000
FIVE_YEARS = Path(__file__).parent / "data" / "five-years.db"


def _best(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    """Best wall time of `repeat` runs (other processes on a 2-core machine add noise)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def _cpu(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.process_time()
    fn()
    return time.process_time() - start


def _fill(store: Store) -> tuple[dt.date, dt.date]:
    rng = random.Random(42)
    platforms = ["Facebook", "Instagram", "LinkedIn", "X", "Newsletter", "Blog"]
    first = dt.date(2025, 1, 1)
    store.add_campaign("Fall, 2026")
    with store.transaction("bench"):
        for n in range(POSTS):
            day = first + dt.timedelta(days=n * 730 // POSTS)
            store.add_post(
                PostDraft(
                    f"Post {n}: news, updates; and more ☕",
                    rng.choice(platforms),
                    day,
                    dt.time(rng.randint(8, 18), rng.choice([0, 15, 30, 45]))
                    if rng.random() < 0.9
                    else None,
                    status=rng.choice(["idea", "drafting", "ready", "scheduled", "published"]),
                    campaign="Fall, 2026" if rng.random() < 0.3 else None,
                    body=("Body text with accents é à and a comma, a semicolon; " * 6).strip(),
                    notes="note" if rng.random() < 0.5 else "",
                    estimate_minutes=rng.choice([None, 30, 60]),
                )
            )
    return first, first + dt.timedelta(days=730)


def _icalendar_build(posts: list[Post]) -> bytes:
    """The plain way: icalendar objects, no tuning."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//bench//EN")
    calendar.add("version", "2.0")
    for post in posts:
        assert post.date is not None
        event = icalendar.Event()
        event.add("uid", post.uid)
        event.add("dtstamp", NOW)
        if post.time is None:
            event.add("dtstart", post.date)
            event.add("dtend", post.date + dt.timedelta(days=1))
        else:
            start = dt.datetime.combine(post.date, post.time, tzinfo=ZoneInfo(post.timezone))
            event.add("dtstart", start)
            event.add("dtend", start + dt.timedelta(minutes=15))
        event.add("last-modified", post.updated_at)
        event.add("sequence", post.sequence)
        event.add("summary", f"[{post.platform}] {post.title}")
        event.add("description", post.body)
        event.add("categories", [post.platform] + ([post.campaign] if post.campaign else []))
        event.add("status", "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()


def _meetings_file(count: int) -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//bench//EN",
        "X-WR-TIMEZONE:America/Toronto",
    ]
    start = dt.datetime(2021, 1, 4, 9, tzinfo=dt.UTC)
    for n in range(count):
        begin = start + dt.timedelta(hours=4 * n)
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{n}@bench",
            "DTSTAMP:20261123T000000Z",
            f"DTSTART:{begin:%Y%m%dT%H%M%SZ}",
            f"DTEND:{begin + dt.timedelta(hours=1):%Y%m%dT%H%M%SZ}",
            f"SUMMARY:Meeting {n}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def main() -> int:
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        with Store.open(Path(folder) / "bench.db", zone_name=ZONE_NAME) as store:
            first, last = _fill(store)
            posts = [p for p in store.posts_between(first, last)]
            events = len(posts)

            def ours() -> str:
                return export_ics(store, first, last, now=NOW)

            text = ours()
            assert text.count("BEGIN:VEVENT") == events
            ours_s = _best(ours)
            ours_cpu = _cpu(ours)
            render_s = _best(lambda: render_ics(posts, now=NOW, options=IcsOptions(ZONE_NAME)))
            plain_s = _best(lambda: _icalendar_build(posts), repeat=2)
            parsed = icalendar.Calendar.from_ical(text)
            assert len(parsed.walk("VEVENT")) == events
            rate = events / ours_s
            ratio = ours_s / plain_s
            print(f"export {events} posts: {ours_s:.3f} s end to end ({rate:,.0f} events/s;"
                  f" {ours_cpu:.3f} s CPU), render only {render_s:.3f} s"
                  f" ({events / render_s:,.0f} events/s) (budget ≥ 4,000 events/s)")  # fmt: skip
            print(f"plain icalendar build: {plain_s:.3f} s → ours is {ratio:.2f}× (budget ≤ 0.70×)")
            ok &= rate >= 4_000 and ratio <= 0.7

        with Store.open(Path(folder) / "meetings.db", zone_name=ZONE_NAME) as store:
            data = _meetings_file(MEETINGS)
            start, cpu = time.perf_counter(), time.process_time()
            result = import_meetings(store, data, now=NOW)
            import_s = time.perf_counter() - start
            cpu_s = time.process_time() - cpu
            print(f"import {MEETINGS} meetings: {import_s:.2f} s wall, {cpu_s:.2f} s CPU"
                  f" ({result.summary()}) (budget ≤ 5 s)")  # fmt: skip
            ok &= import_s <= 5 and result.imported == MEETINGS
            start = time.perf_counter()
            again = import_meetings(store, data, now=NOW)
            print(f"second import: {time.perf_counter() - start:.2f} s ({again.summary()})")
            ok &= again.imported == 0

        if FIVE_YEARS.exists():
            with Store.open(FIVE_YEARS) as source:
                start = time.perf_counter()
                export_all(source, Path(folder) / "all", now=NOW)
                with Store.open(Path(folder) / "rebuilt.db", zone_name=source.zone_name) as fresh:
                    import_all(fresh, Path(folder) / "all")
                    same = dump_tables(fresh) == dump_tables(source)
                counts = source.counts()
            took = time.perf_counter() - start
            print(f"five-years round trip ({counts['posts']} posts, {counts['time_entries']} entries):"
                  f" {took:.2f} s, identical: {same}")  # fmt: skip
            ok &= same
        else:
            print(f"five-years round trip: skipped ({FIVE_YEARS} not built)")
    print("OK" if ok else "BUDGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
