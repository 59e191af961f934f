"""Generate five years of a busy coordinator's data (≈25,000 entries, ≈8,000 posts) for benchmarks.

Usage: python bench/generate.py [PATH] [--force]   (default PATH: bench/data/five-years.db)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storage import EntryDraft, EntrySource, PostDraft, Status, Store

SEED = 5
ZONE = "America/Toronto"
LAST_DAY = dt.date(2026, 11, 22)  # a Sunday: the data ends the week before the bench's "now"
FIRST_DAY = dt.date(2021, 11, 22)
PLAN_AHEAD = dt.timedelta(weeks=3)
DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "five-years.db"

PLATFORMS = {
    # name: (weight, estimates in minutes)
    "Facebook": (6, (30, 45, 60)),
    "Instagram": (6, (45, 60, 90, 120)),
    "LinkedIn": (4, (30, 45, 60)),
    "X": (5, (10, 15, 20)),
    "TikTok": (2, (90, 120, 180)),
    "Newsletter": (1, (180, 240)),
    "Blog": (1, (120, 180)),
}
SUBJECTS = [
    "portes ouvertes",
    "campagne de dons",
    "bénévoles",
    "cuisine collective",
    "friperie",
    "aide aux devoirs",
    "marché fermier",
    "volunteer spotlight",
    "community dinner",
    "board meeting recap",
    "new programme",
    "holiday hours",
    "food drive",
    "jardin communautaire",
    "spectacle des jeunes",
    "atelier d'écriture",
]
FORMATS = ["Reel", "Carrousel", "Photo", "Story", "Annonce", "Rappel", "Thread", "Video", "Q&A"]
DUTY_WEIGHTS = {
    "social media": 17,
    "newsletters": 10,
    "events": 14,
    "press relations": 7,
    "web content": 9,
    "meetings": 14,
    "video": 5,
    "planning & strategy": 8,
    "promotional material": 7,
    "admin & other": 9,
}
SOCIAL_ACTIVITIES = {
    "create": 5,
    "publish": 2,
    "engage": 4,
    "monitor": 3,
    "crisis": 0.2,
    "report": 1,
}
DURATIONS = (10, 10, 15, 15, 20, 20, 25, 30, 30, 45)
NOTES = ["", "", "", "courriels", "suivi", "follow-up", "révision", "draft", "call", "prep"]


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def _on_vacation(day: dt.date) -> bool:
    holidays = (day.month == 12 and day.day >= 24) or (day.month == 1 and day.day <= 2)
    summer = day.month == 7 and 14 <= day.day <= 31
    return holidays or summer


def _add_campaigns(store: Store, rng: random.Random) -> list[tuple[str, dt.date, dt.date]]:
    campaigns = []
    for year in range(FIRST_DAY.year, LAST_DAY.year + 2):
        for name, month, weeks in (
            (f"Campagne de financement {year}", 10, 8),
            (f"Semaine des bénévoles {year}", 4, 1),
            (f"Holiday hours {year}", 12, 4),
            (f"Rentrée {year}", 8, 5),
        ):
            start = dt.date(year, month, 1 + rng.randrange(7))
            end = start + dt.timedelta(weeks=weeks, days=-1)
            if end < FIRST_DAY or start > LAST_DAY + PLAN_AHEAD:
                continue
            colour = f"#{rng.randrange(0x222222, 0xDDDDDD):06X}"
            store.add_campaign(name, colour=colour, start=start, end=end)
            campaigns.append((name, start, end))
    return campaigns


def _status(rng: random.Random, day: dt.date | None) -> Status:
    if day is None:
        return rng.choice([Status.IDEA, Status.IDEA, Status.IDEA, Status.DRAFTING, Status.ON_HOLD])
    if day <= LAST_DAY:
        roll = rng.random()
        return (
            Status.PUBLISHED if roll < 0.93 else Status.CANCELLED if roll < 0.98 else Status.ON_HOLD
        )
    ahead = (day - LAST_DAY).days
    options = [Status.SCHEDULED, Status.READY] if ahead < 5 else [Status.DRAFTING, Status.IDEA]
    return rng.choice(options)


def _posts_for_day(
    store: Store,
    rng: random.Random,
    day: dt.date,
    campaigns: list[tuple[str, dt.date, dt.date]],
    by_day: dict[dt.date, list[int]],
) -> int:
    weekend = day.weekday() >= 5
    count = rng.choice((0, 1, 1, 2)) if weekend else rng.choice((4, 4, 5, 5, 6, 6))
    running = [name for name, start, end in campaigns if start <= day <= end]
    names = list(PLATFORMS)
    weights = [PLATFORMS[n][0] for n in names]
    added = 0
    while added < count:
        campaign = rng.choice(running) if running and rng.random() < 0.4 else None
        title = f"{rng.choice(FORMATS)} : {rng.choice(SUBJECTS)}"
        when = dt.time(rng.choice((7, 9, 10, 11, 12, 14, 16, 19)), rng.choice((0, 15, 30)))
        status = _status(rng, day)
        if rng.random() < 0.25:  # the same message on three networks
            group = uuid.UUID(int=rng.getrandbits(128), version=4).hex
            targets = ["Facebook", "Instagram", "LinkedIn"]
        else:
            group = None
            targets = rng.choices(names, weights=weights)
        for platform in targets:
            estimate = rng.choice(PLATFORMS[platform][1]) if rng.random() < 0.85 else None
            url = ""
            if status is Status.PUBLISHED:
                url = f"https://example.org/{platform.lower()}/{day.isoformat()}/{rng.randrange(10**8)}"
            post = store.add_post(
                PostDraft(
                    title=title,
                    platform=platform,
                    date=day,
                    time=when if platform not in ("Blog",) else None,
                    timezone=ZONE,
                    status=status,
                    campaign=campaign,
                    estimate_minutes=estimate,
                    published_url=url,
                    group_id=group,
                )
            )
            by_day.setdefault(day, []).append(post.id)
            added += 1
    return added


def _add_series(store: Store, rng: random.Random) -> int:
    """A few recurring posts, with some skipped and one changed occurrence."""
    series = [
        ("Conseil de la semaine", "LinkedIn", "FREQ=WEEKLY;BYDAY=WE", dt.date(2022, 1, 5)),
        ("Infolettre", "Newsletter", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", dt.date(2021, 11, 30)),
        ("Bilan du mois", "Facebook", "FREQ=MONTHLY;BYDAY=1MO", dt.date(2022, 2, 7)),
        (
            "TikTok du vendredi",
            "TikTok",
            "FREQ=WEEKLY;BYDAY=FR;UNTIL=20231222T000000",
            dt.date(2023, 1, 6),
        ),
    ]
    added = 0
    for title, platform, rule, first in series:
        post = store.add_post(
            PostDraft(
                title=title,
                platform=platform,
                date=first,
                time=dt.time(9, 0),
                timezone=ZONE,
                status=Status.SCHEDULED,
                estimate_minutes=rng.choice(PLATFORMS[platform][1]),
                rrule=rule,
            )
        )
        added += 1
        step = 14 if "INTERVAL=2" in rule else 7
        if "MONTHLY" in rule:
            continue
        for n in (3, 10, 25):
            day = first + dt.timedelta(days=step * n)
            if hasattr(store, "skip_occurrence"):
                store.skip_occurrence(post.id, day)
        if hasattr(store, "override_occurrence"):
            day = first + dt.timedelta(days=step * 5)
            store.override_occurrence(
                post.id,
                day,
                PostDraft(
                    title=f"{title} (spécial)",
                    platform=platform,
                    date=day + dt.timedelta(days=1),
                    time=dt.time(11, 0),
                    status=Status.PUBLISHED,
                ),
            )
            added += 1
    return added


def _entries_for_day(
    store: Store,
    rng: random.Random,
    day: dt.date,
    zone: dt.tzinfo,
    by_day: dict[dt.date, list[int]],
) -> int:
    spans: list[tuple[int, int, str, str | None]] = []
    if day.weekday() >= 5:
        if rng.random() < 0.35:
            start = rng.choice((540, 600, 660, 1200))
            spans.append((start, start + rng.choice((15, 20, 30)), "social media", "monitor"))
    else:
        cursor = rng.choice((510, 525, 540, 555))
        lunch = rng.choice((705, 720, 735))
        lunch_end = lunch + rng.choice((30, 45, 60))
        finish = rng.choice((990, 1005, 1020, 1035))
        duties = list(DUTY_WEIGHTS)
        weights = list(DUTY_WEIGHTS.values())
        for wall_start, wall_end in ((lunch, lunch_end), (finish, finish)):
            while wall_start - cursor >= 10:
                length = min(rng.choice(DURATIONS), wall_start - cursor)
                duty = rng.choices(duties, weights=weights)[0]
                activity = None
                if duty == "social media":
                    activity = rng.choices(
                        list(SOCIAL_ACTIVITIES), weights=list(SOCIAL_ACTIVITIES.values())
                    )[0]
                spans.append((cursor, cursor + length, duty, activity))
                cursor += length
            cursor = max(cursor, wall_end)
        if rng.random() < 0.4:
            evening = rng.choice((1200, 1230, 1260))
            spans.append((evening, evening + rng.choice((15, 30)), "social media", "engage"))
    for start, end, duty, activity in spans:
        roll = rng.random()
        source = EntrySource.TIMER if roll < 0.2 else EntrySource.MANUAL
        external_uid = None
        if duty == "meetings" and roll > 0.7:
            source = EntrySource.IMPORT
            external_uid = f"bench-{day.isoformat()}-{start}@outlook.com"
        post_id = None
        if activity in ("create", "publish") and by_day.get(day):
            post_id = rng.choice(by_day[day])
        store.add_entry(
            EntryDraft(
                duty=duty,
                start=dt.datetime.combine(day, dt.time(start // 60, start % 60), tzinfo=zone),
                end=dt.datetime.combine(day, dt.time(end // 60, end % 60), tzinfo=zone),
                activity=activity,
                note=rng.choice(NOTES),
                post_id=post_id,
                source=source,
                external_uid=external_uid,
            )
        )
    return len(spans)


def generate(path: Path) -> dict[str, int]:
    """Write the five years into a new database at `path` (through the Store API)."""
    rng = random.Random(SEED)
    totals = {"posts": 0, "entries": 0, "campaigns": 0}
    with Store.open(path, zone_name=ZONE) as store:  # a new file takes ZONE as its home zone
        zone = store.zone
        with store.transaction(None):
            campaigns = _add_campaigns(store, rng)
            totals["campaigns"] = len(campaigns)
            totals["posts"] += _add_series(store, rng)
        # One transaction per year keeps the undo record (kept in memory) small.
        year_start = FIRST_DAY
        stop = LAST_DAY + PLAN_AHEAD + dt.timedelta(days=1)
        while year_start < stop:
            year_end = min(year_start.replace(year=year_start.year + 1), stop)
            with store.transaction(None):
                by_day: dict[dt.date, list[int]] = {}
                for day in _days(year_start, year_end - dt.timedelta(days=1)):
                    totals["posts"] += _posts_for_day(store, rng, day, campaigns, by_day)
                    if day <= LAST_DAY and not _on_vacation(day):
                        totals["entries"] += _entries_for_day(store, rng, day, zone, by_day)
            year_start = year_end
        with store.transaction(None):
            for n in range(150):
                platform = rng.choices(list(PLATFORMS), weights=[w for w, _ in PLATFORMS.values()])[
                    0
                ]
                store.add_post(
                    PostDraft(
                        title=f"Idée {n + 1} : {rng.choice(FORMATS)} {rng.choice(SUBJECTS)}",
                        platform=platform,
                        status=_status(rng, None),
                        estimate_minutes=rng.choice(PLATFORMS[platform][1]),
                    )
                )
                totals["posts"] += 1
        store.connection.execute("PRAGMA optimize")
        store.connection.execute("ANALYZE")
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    args = parser.parse_args(argv)
    path: Path = args.path
    if path.exists() and not args.force:
        print(f"{path} exists; skipping (use --force to regenerate)")
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    # Build beside the target, then rename: an interrupted run never leaves a half database
    # that the next run would mistake for a finished one.
    partial = path.with_name(path.name + ".partial")
    for stale in (partial, *(partial.with_name(partial.name + s) for s in ("-wal", "-shm"))):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    totals = generate(partial)
    # A stale -wal beside the target would be replayed into the new file.
    for sidecar in ("-wal", "-shm"):
        path.with_name(path.name + sidecar).unlink(missing_ok=True)
    os.replace(partial, path)
    elapsed = time.perf_counter() - started
    size = path.stat().st_size / 1e6
    print(
        f"wrote {path}: {totals['entries']:,} time entries, {totals['posts']:,} posts, "
        f"{totals['campaigns']} campaigns, {size:.1f} MB in {elapsed:.1f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
