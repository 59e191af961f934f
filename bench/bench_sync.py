"""`calepin sync` with 2,000 posts against a local Radicale, next to the bare caldav library.

Run: python bench/bench_sync.py   (--runs N, default 3; --rounds N, default 5; --posts N,
default 2000; exit 1 when a budget or a check fails). A first sync takes minutes on Radicale.

Starts Radicale in a process of its own (tests/sync/radicale_server.py --serve) and writes one
database through the Store API: seven platforms, campaigns, timed and timeless posts, six
series with skipped and moved dates, and backlog ideas (never synced). Each run syncs a copy
to a calendar of its own and times, alternating engine and reference round by round:

- the first sync (every post sent);
- a no-change sync just after a run that wrote (the engine then lists the calendar whole),
  next to the **bare listing**: a new caldav `DAVClient` on the calendar's URL and one
  PROPFIND Depth 1 asking every object's `getetag`, the least any client must do to learn
  that nothing changed;
- a steady no-change sync (ctag unchanged: one request), next to a bare ctag PROPFIND and a
  bare sync-collection REPORT from the current token;
- a sync after 20 posts retitled here and 20 others on the server by another client;
- the whole `calepin sync` process with nothing to do, next to a process doing the bare
  listing (interpreter start and imports in both).

Budget (issue 17): the no-change sync just after a write, median ≤ 2 s and ≤ 1.2 × the bare
listing's median. bench/README.md says what each figure covers and where the time goes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


HOME = "America/Toronto"
NOW = dt.datetime(2026, 11, 23, 8, tzinfo=ZoneInfo(HOME))
USER, PASSWORD = "coordinator", "secret-one"
PLATFORMS = {  # name: (weight, estimates in minutes, timeless share)
    "Facebook": (6, (30, 45, 60), 0.05),
    "Instagram": (6, (45, 60, 90, 120), 0.05),
    "LinkedIn": (4, (30, 45, 60), 0.05),
    "X": (5, (10, 15, 20), 0.05),
    "TikTok": (2, (90, 120, 180), 0.1),
    "Newsletter": (1, (180, 240), 0.3),
    "Blog": (1, (120, 180), 0.8),
}
SUBJECTS = ("portes ouvertes", "campagne de dons", "bénévoles", "cuisine collective",
            "friperie", "volunteer spotlight", "community dinner", "holiday hours",
            "food drive", "jardin communautaire", "atelier d'écriture", "board recap")  # fmt: skip
FORMATS = ("Reel", "Carrousel", "Photo", "Story", "Annonce", "Rappel", "Thread", "Q&A")
STATUSES = ("idea", "drafting", "ready", "scheduled", "published", "on_hold", "cancelled")
STATUS_WEIGHTS = (1, 2, 3, 6, 8, 0.5, 0.5)
CAMPAIGNS = (("Campagne de dons", "2026-03-01", "2026-05-31"),
             ("Rentrée", "2026-08-15", "2026-09-30"),
             ("Fêtes", "2026-11-15", "2027-01-06"),
             ("Bénévoles 2027", "2027-01-10", "2027-03-31"))  # fmt: skip
SERIES = (("Conseil de la semaine", "LinkedIn", "FREQ=WEEKLY;BYDAY=WE", "2026-01-07"),
          ("Infolettre", "Newsletter", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "2026-01-13"),
          ("Bilan du mois", "Facebook", "FREQ=MONTHLY;BYDAY=1MO", "2026-02-02"),
          ("TikTok du vendredi", "TikTok", "FREQ=WEEKLY;BYDAY=FR;UNTIL=20261218T000000",
           "2026-01-09"),
          ("Question du lundi", "Instagram", "FREQ=WEEKLY;BYDAY=MO;COUNT=40", "2026-03-02"),
          ("Revue de presse", "Blog", "FREQ=MONTHLY;BYMONTHDAY=15", "2026-01-15"))  # fmt: skip
FIRST_DAY = dt.date(2026, 1, 5)
BACKLOG_IDEAS = 40  # undated: never synced; the bench checks they stay off the server


def build_database(path: Path, posts: int, seed: int = 17) -> int:
    """Write `posts` synced posts (singles + series) into a new database; returns that count."""
    from storage import PostDraft, Status, Store, recurrence

    rng = random.Random(seed)
    names = list(PLATFORMS)
    weights = [PLATFORMS[n][0] for n in names]
    with Store.open(path, zone_name=HOME) as store, store.transaction(None):
        for name, start, end in CAMPAIGNS:
            store.add_campaign(
                name, start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end)
            )
        for title, platform, rule, first in SERIES:
            series = store.add_post(
                PostDraft(
                    title=title,
                    platform=platform,
                    date=dt.date.fromisoformat(first),
                    time=dt.time(9, 0),
                    timezone=HOME,
                    status=Status.SCHEDULED,
                    estimate_minutes=rng.choice(PLATFORMS[platform][1]),
                    rrule=rule,
                    body=f"{title} : le texte de chaque semaine.",
                )
            )
            rule = recurrence.build(series.rrule, series.date, series.time, store.zone)
            dates = [when.date() for _, when in zip(range(12), rule, strict=False)]
            for day in dates[2:4]:
                store.skip_occurrence(series.id, day)
            for day in dates[5:7]:
                store.move_occurrence(series.id, day, day + dt.timedelta(days=1), dt.time(11, 30))
        singles = posts - len(SERIES)
        day = FIRST_DAY
        made = 0
        while made < singles:
            for _ in range(rng.choice((4, 5, 6, 7)) if day.weekday() < 5 else rng.choice((0, 1))):
                if made == singles:
                    break
                platform = rng.choices(names, weights=weights)[0]
                _weight, estimates, timeless = PLATFORMS[platform]
                status = rng.choices(STATUSES, weights=STATUS_WEIGHTS)[0]
                running = [c for c in CAMPAIGNS if c[1] <= day.isoformat() <= c[2]]
                store.add_post(
                    PostDraft(
                        title=f"{rng.choice(FORMATS)} : {rng.choice(SUBJECTS)} #{made + 1}",
                        platform=platform,
                        date=day,
                        time=None
                        if rng.random() < timeless
                        else dt.time(rng.choice((7, 9, 10, 12, 14, 16, 19)), rng.choice((0, 30))),
                        timezone=HOME,
                        status=status,
                        campaign=running[0][0] if running and rng.random() < 0.5 else None,
                        estimate_minutes=rng.choice(estimates) if rng.random() < 0.85 else None,
                        body=rng.choice(("", "Lien en bio ✨", "Texte long.\nDeux lignes.")),
                        link=rng.choice(("", "https://example.org/dons")),
                        published_url=f"https://example.org/{made}"
                        if status == "published"
                        else "",
                    )
                )
                made += 1
            day += dt.timedelta(days=1)
        for n in range(BACKLOG_IDEAS):
            store.add_post(PostDraft(title=f"Idée {n + 1}", platform=rng.choice(names)))
    return posts


class Server:
    """Radicale in a process of its own (tests/sync/radicale_server.py --serve), so the server's
    work does not share this process's interpreter with the client being timed."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.sync.radicale_server", "--serve"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self.process.stdout.readline() if self.process.stdout else ""
        if not line.startswith("URL="):
            self.process.kill()
            raise SystemExit(f"Radicale did not start: {line!r}")
        self.url = line.removeprefix("URL=").strip()

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def _ctag_element():
    from caldav.elements.base import BaseElement

    class GetCTag(BaseElement):
        tag = "{http://calendarserver.org/ns/}getctag"

    return GetCTag()


def _bare_calendar(url: str):
    """A caldav client straight on the calendar's URL: no discovery, nothing cached."""
    import caldav

    # Basic sent with the first request, as the engine does (no 401 round trip).
    client = caldav.DAVClient(url=url, username=USER, password=PASSWORD, auth_type="basic")
    return client.calendar(url=url)


def bare_listing(url: str) -> int:
    """Connect and list every object's ETag (PROPFIND Depth 1): the objects' count."""
    from caldav.elements import dav

    response = _bare_calendar(url).get_properties(
        [dav.GetEtag()], depth=1, parse_response_xml=False
    )
    return sum(1 for r in response.results if r.href.rstrip("/") != _path(url).rstrip("/"))


def bare_ctag(url: str) -> str:
    """Connect and read the calendar's ctag (PROPFIND Depth 0)."""
    return _bare_calendar(url).get_properties([_ctag_element()])[_ctag_element().tag]


def bare_sync_token(url: str, token: str) -> int:
    """Connect and ask what changed since `token` (sync-collection REPORT): how many items."""
    found = _bare_calendar(url).get_objects_by_sync_token(sync_token=token, load_objects=False)
    return len(list(found))


def _path(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).path


def calendar_url(server_url: str, name: str) -> str:
    """The URL of the calendar the engine made under that display name."""
    import caldav

    client = caldav.DAVClient(url=server_url, username=USER, password=PASSWORD)
    return str(client.principal().calendar(name=name).url)


def current_sync_token(url: str) -> str:
    return _bare_calendar(url).get_objects_by_sync_token(load_objects=False).sync_token


def retitle_on_server(url: str, hrefs: list[str]) -> None:
    """Another client (caldav, not Calepin) rewrites these events' SUMMARY, as Nextcloud or
    Thunderbird would: GET, edit, PUT."""
    calendar = _bare_calendar(url)
    for href in hrefs:
        event = calendar.event_by_url(urljoin(url, href))
        event.load()
        component = event.icalendar_component
        component["SUMMARY"] = f"{component['SUMMARY']} (modifié ailleurs)"
        event.save(no_create=True)


def change_here(store, count: int, rng: random.Random) -> list[str]:
    """Retitle `count` single posts here (not published ones: those are pinned); their uids."""
    from storage import draft_from_post

    singles = [p for p in _singles(store) if p.status != "published"]
    changed = []
    for post in rng.sample(singles, count):
        store.update_post(
            post.id, replace(draft_from_post(post), title=post.title + " (modifié ici)")
        )
        changed.append(post.uid)
    return changed


def timed(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def _engine():
    from exporters.sync.engine import SyncTarget, run_sync

    return SyncTarget, run_sync


KEYS = ("after write", "steady", "listing", "ctag", "token")


def one_run(server: Server, template: Path, folder: Path, n: int, args, rng) -> dict:
    """A fresh copy of the database on a calendar of its own: every figure of one run."""
    from storage import Store, draft_from_post

    sync_target, run_sync = _engine()
    path = folder / f"run{n}.db"
    shutil.copy(template, path)
    name = f"Bench {n} {os.getpid()}"
    target = sync_target(url=server.url, username=USER, posts_calendar=name, timeout=60.0)
    figures: dict[str, list[float]] = {key: [] for key in KEYS}
    requests: dict[str, int] = {}
    notes: list[str] = []
    with Store.open(path) as store:
        sync = lambda: run_sync(store, target, PASSWORD, now=NOW)  # noqa: E731
        first, report = timed(sync)
        notes.append(f"first: {len(report.sent_added)} sent, {report.requests} requests")
        print(f"run {n + 1}: first sync {first:.1f} s ({notes[-1]})", flush=True)
        url = calendar_url(server.url, name)
        failed: list[str] = []

        def check(holds: bool, what: str) -> None:
            if not holds:
                failed.append(what)

        check(len(report.sent_added) == args.posts, "first sync: not every post sent")
        check(bare_listing(url) == args.posts, "first sync: not one object per post")
        token = current_sync_token(url)
        touched = next(p for p in _singles(store) if p.status != "published")
        for round_ in range(args.rounds):
            if round_:  # one post's estimate changed and sent: the next run follows a write
                touched = store.update_post(
                    touched.id,
                    replace(draft_from_post(touched), estimate_minutes=30 + round_ % 2 * 15),
                )
                check(len(sync().sent_changed) == 1, "one change: not sent alone")
                token = current_sync_token(url)
            steps = [("after write", sync), ("listing", lambda: bare_listing(url))]
            steps += [("steady", sync), ("ctag", lambda: bare_ctag(url))]
            steps += [("token", lambda token=token: bare_sync_token(url, token))]
            for key, step in steps if round_ % 2 else steps[1::-1] + steps[2:]:
                seconds, result = timed(step)
                figures[key].append(seconds)
                if key in ("after write", "steady"):
                    check(not result.changed_anything, f"no-change sync ({key}): {result.lines()}")
                    requests[key] = result.requests
                elif key == "listing":
                    check(result == args.posts, f"listing: {result} objects")
                elif key == "token":
                    check(result == 0, f"sync-token REPORT: {result} changed")
        notes.append(
            f"no change after a write: {requests['after write']} requests,"
            f" steady: {requests['steady']}"
        )
        here = change_here(store, 20, rng)
        agreed = store.sync_items(store.sync_calendar_urls("posts")[0])
        theirs = _other_uids(store, rng, set(here))
        retitle_on_server(url, [agreed[uid].href for uid in theirs])
        both, report = timed(sync)
        check(len(report.sent_changed) == 20 and len(report.got_changed) == 20, "20+20")
        check(not report.conflicts and bare_listing(url) == args.posts, "20+20: conflicts")
        notes.append(
            f"20+20: sent {len(report.sent_changed)}, got {len(report.got_changed)},"
            f" {len(report.conflicts)} conflicts, {report.requests} requests"
        )
    cli, bare = cli_nochange(server, path, name, args) if _has_cli() else ([], [])
    _bare_calendar(url).delete()  # the next run's home lists one calendar, as this one's did
    for what in failed:
        print(f"  FAILED: {what}")
    return {"first": [first], "both": [both], "cli": cli, "bare process": bare, "ok": not failed,
            "notes": notes, **figures}  # fmt: skip


def _other_uids(store, rng: random.Random, avoid: set[str]) -> list[str]:
    editable = [p for p in _singles(store) if p.status != "published"]
    return rng.sample(sorted(p.uid for p in editable if p.uid not in avoid), 20)


def _singles(store) -> list:
    """The dated posts that are not part of a series."""
    return [p for p in store.all_posts() if p.date and not p.rrule and not p.is_override]


def _has_cli() -> bool:
    return importlib.util.find_spec("tui.cli.sync") is not None


def cli_nochange(server: Server, db: Path, calendar: str, args) -> tuple[list[float], list[float]]:
    """The whole `calepin sync` process with nothing to do, and a process doing the bare
    listing (interpreter start and imports included in both), alternating."""
    config = db.with_suffix(".toml")
    config.write_text(
        f'[sync]\nurl = "{server.url}"\nusername = "{USER}"\nposts_calendar = "{calendar}"\n'
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(CALEPIN_DB=str(db), CALEPIN_CONFIG=str(config), CALEPIN_SYNC_PASSWORD=PASSWORD,
               CALEPIN_NOW=NOW.isoformat(timespec="minutes"))  # fmt: skip
    url = calendar_url(server.url, calendar)
    commands = {
        "cli": [sys.executable, "-m", "tui.cli", "sync"],
        "bare process": [sys.executable, __file__, "--bare-listing", url],
    }
    times: dict[str, list[float]] = {key: [] for key in commands}
    for round_ in range(args.rounds + 1):
        for key, command in commands.items():
            start = time.perf_counter()
            done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
            if round_:  # the first round writes the .pyc files
                times[key].append(time.perf_counter() - start)
            if done.returncode != 0:
                print(f"  {key} failed: {done.stderr.strip()[-300:]}")
    return times["cli"], times["bare process"]


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:8.0f} ms" if values else "       —"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5, help="no-change pairs per run")
    parser.add_argument("--bare-listing", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_listing:
        print(bare_listing(args.bare_listing))
        return 0
    rng = random.Random(2026)
    server = Server()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            template = folder / "template.db"
            build_database(template, args.posts)
            results = []
            for n in range(args.runs):
                result = one_run(server, template, folder, n, args, rng)
                print(f"run {n + 1}: first {result['first'][0]:.1f} s,"
                      f" no change after a write {_ms(result['after write']).strip()},"
                      f" listing {_ms(result['listing']).strip()};"
                      f" {'; '.join(result['notes'])}", flush=True)  # fmt: skip
                results.append(result)
    finally:
        server.close()
    merged = {
        key: [v for r in results for v in r[key]]
        for key in results[0]
        if key not in ("ok", "notes")
    }
    nochange, listing = (
        statistics.median(merged["after write"]),
        statistics.median(merged["listing"]),
    )
    steady, ctag = statistics.median(merged["steady"]), statistics.median(merged["ctag"])
    print(f"\n{args.posts:,} posts, {args.runs} runs, {args.rounds} no-change rounds a run;"
          f" medians (wall):")  # fmt: skip
    rows = (("first sync (every post sent)", "first"),
            ("no-change sync just after one that wrote", "after write"),
            ("no-change sync, steady (ctag unchanged)", "steady"),
            ("bare listing (PROPFIND Depth 1 getetag)", "listing"),
            ("bare ctag (PROPFIND Depth 0 getctag)", "ctag"),
            ("bare sync-token REPORT (nothing new)", "token"),
            ("20 changed here + 20 on the server", "both"),
            ("`calepin sync` process, no change", "cli"),
            ("bare listing as a process", "bare process"))  # fmt: skip
    for label, key in rows:
        print(f"  {label:<42} {_ms(merged[key])}")
    ratio = nochange / listing
    ok = all(r["ok"] for r in results)
    print(f"  no-change after a write / bare listing: {ratio:.2f}×;"
          f" steady no-change / bare ctag: {steady / ctag:.2f}×")  # fmt: skip
    print(f"  budget: no-change ≤ 2 s and ≤ 1.2× the bare listing: {nochange:.3f} s, {ratio:.2f}×")
    print(f"  one object per post on the server, 20 sent and 20 received: {ok}")
    ok &= nochange <= 2.0 and ratio <= 1.2
    print("OK" if ok else "BUDGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
