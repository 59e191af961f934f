"""The demo's logged hours: each weekday's blocks around meetings and lunch, a weekend crisis."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from storage.calendar import week_start
from storage.demo.content import (
    BASE_WEIGHTS,
    DUTY_NOTES,
    HIGHLIGHTS,
    SOCIAL_ACTIVITIES,
    SOCIAL_NOTES,
    WEEKS_BACK,
)
from storage.models import EntryDraft, EntrySource
from storage.store import Store


@dataclass(frozen=True, slots=True)
class _Block:
    start: int  # minutes after midnight, local wall time
    end: int
    duty: str
    activity: str | None
    note: str
    source: EntrySource
    post_id: int | None = None
    external_uid: str | None = None


def add_entries(
    store: Store,
    rng: random.Random,
    local_now: dt.datetime,
    posts_by_day: dict[dt.date, list[tuple[int, str, int | None]]],
) -> int:
    today = local_now.date()
    first = week_start(today) - dt.timedelta(weeks=WEEKS_BACK)
    # Today's work stops at the last five-minute mark strictly before now.
    limit = local_now.hour * 60 + local_now.minute - 1
    limit -= limit % 5
    highlights = list(HIGHLIGHTS)
    crisis_day = first + dt.timedelta(weeks=5, days=5)  # a Saturday
    count = 0
    day = first
    while day <= today:
        blocks = _day_blocks(rng, day, first, posts_by_day, highlights, crisis_day)
        for block in blocks:
            end = block.end
            if day == today:
                if block.start > limit - 15:
                    continue
                end = min(end, limit)
            store.add_entry(
                EntryDraft(
                    duty=block.duty,
                    start=_at(store, day, block.start),
                    end=_at(store, day, end),
                    activity=block.activity,
                    note=block.note,
                    post_id=block.post_id,
                    source=block.source,
                    external_uid=block.external_uid,
                )
            )
            count += 1
        day += dt.timedelta(days=1)
    return count


def _at(store: Store, day: dt.date, minutes: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=store.zone)


def _day_blocks(
    rng: random.Random,
    day: dt.date,
    first: dt.date,
    posts_by_day: dict[dt.date, list[tuple[int, str, int | None]]],
    highlights: list[tuple[str, str]],
    crisis_day: dt.date,
) -> list[_Block]:
    """One day's work, in order and without overlaps."""
    week = (day - first).days // 7
    social_posts = [
        p
        for d in (day, day + dt.timedelta(days=1), day + dt.timedelta(days=2))
        for p in posts_by_day.get(d, [])
        if p[1] not in ("Newsletter", "Blog", "Website", "YouTube")
    ]
    blocks: list[_Block] = []
    if day.weekday() >= 5:
        if day == crisis_day:
            blocks.append(
                _Block(
                    810,
                    945,
                    "social media",
                    "crisis",
                    "Commentaires sur la fermeture de la piscine : réponses",
                    EntrySource.TIMER,
                )
            )
            blocks.append(
                _Block(
                    1200, 1230, "social media", "monitor", "Suivi de la crise", EntrySource.MANUAL
                )
            )
        elif day == crisis_day + dt.timedelta(days=1):
            blocks.append(
                _Block(
                    600,
                    660,
                    "social media",
                    "crisis",
                    "Crise piscine : message officiel",
                    EntrySource.MANUAL,
                )
            )
        elif rng.random() < 0.3:
            start = rng.choice([540, 600, 660, 1140])
            blocks.append(
                _Block(
                    start,
                    start + rng.choice([15, 20, 30]),
                    "social media",
                    "monitor",
                    "Veille du week-end",
                    EntrySource.MANUAL,
                )
            )
        return blocks

    weights = dict(BASE_WEIGHTS)
    if week == WEEKS_BACK - 4:  # volunteers' week
        weights["events"] *= 3
    if day.weekday() in (0, 1) and week % 2 == 0:
        weights["newsletters"] *= 3
    if week in (1, 2, 6):
        weights["press relations"] *= 2

    fixed: list[_Block] = []
    if day.weekday() == 0:
        fixed.append(
            _Block(
                600,
                660,
                "meetings",
                None,
                "Réunion d'équipe hebdomadaire",
                EntrySource.IMPORT,
                external_uid=f"demo-team-{day.isoformat()}@outlook.com",
            )
        )
    if day.weekday() == 3 and week % 2 == 1:
        fixed.append(
            _Block(
                840,
                930,
                "meetings",
                None,
                "Comité de la campagne",
                EntrySource.IMPORT,
                external_uid=f"demo-committee-{day.isoformat()}@outlook.com",
            )
        )
    lunch = rng.choice([705, 720, 720, 735, 750])
    lunch_end = lunch + rng.choice([30, 45, 60, 60])
    start = rng.choice([510, 525, 540, 540, 555])
    finish = rng.choice([975, 990, 1005, 1020, 1020, 1035])

    # Morning check of the channels, then blocks around the fixed meetings and lunch.
    if rng.random() < 0.45:
        fixed.append(
            _Block(
                start,
                start + 15,
                "social media",
                "monitor",
                rng.choice(SOCIAL_NOTES["monitor"]),
                EntrySource.MANUAL,
            )
        )
        start += 15
    walls = sorted(
        [*fixed, _Block(lunch, lunch_end, "", None, "", EntrySource.MANUAL)], key=lambda b: b.start
    )
    cursor = start
    for wall in [*walls, _Block(finish, finish, "", None, "", EntrySource.MANUAL)]:
        while wall.start - cursor >= 15:
            length = min(rng.choice([30, 45, 60, 60, 90, 120]), wall.start - cursor)
            blocks.append(
                _work_block(rng, cursor, cursor + length, weights, social_posts, highlights)
            )
            cursor += length
        cursor = max(cursor, wall.end)
    blocks.extend(b for b in fixed)

    if rng.random() < 0.3:  # evening check of comments
        evening = rng.choice([1200, 1230, 1260])
        blocks.append(
            _Block(
                evening,
                evening + rng.choice([15, 20, 30, 45]),
                "social media",
                rng.choice(["engage", "monitor"]),
                rng.choice(SOCIAL_NOTES["engage"]),
                EntrySource.MANUAL,
            )
        )
    return sorted(blocks, key=lambda b: b.start)


def _work_block(
    rng: random.Random,
    start: int,
    end: int,
    weights: dict[str, int],
    social_posts: list[tuple[int, str, int | None]],
    highlights: list[tuple[str, str]],
) -> _Block:
    duty = rng.choices(list(weights), weights=list(weights.values()))[0]
    source = EntrySource.TIMER if rng.random() < 0.2 else EntrySource.MANUAL
    if duty == "social media":
        activity = rng.choices(list(SOCIAL_ACTIVITIES), weights=list(SOCIAL_ACTIVITIES.values()))[0]
        post_id = None
        if activity in ("create", "publish") and social_posts:
            post_id = rng.choice(social_posts)[0]
        note = rng.choice(SOCIAL_NOTES[activity])
        return _Block(start, end, duty, activity, note, source, post_id)
    note = rng.choice(DUTY_NOTES[duty])
    for index, (wanted, text) in enumerate(highlights):
        if wanted == duty and rng.random() < 0.2:
            note = text
            del highlights[index]
            break
    return _Block(start, end, duty, None, note, source)
