"""The demo's campaigns and posts: a steady weekly rhythm, campaign themes and a backlog."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable

from storage.calendar import week_start
from storage.demo.content import (
    BACKLOG,
    BLOG,
    CROSS,
    DAYS_AHEAD,
    ESTIMATES,
    FACEBOOK,
    FRIDAY,
    FUNDRAISING,
    FUNDRAISING_TITLES,
    HOLIDAY_TITLES,
    HOLIDAYS,
    INSTAGRAM,
    LINKEDIN,
    NEWSLETTER,
    ORG,
    SITE,
    VOLUNTEER_TITLES,
    VOLUNTEERS,
    WEBSITE,
    WEEKS_BACK,
)
from storage.errors import NotFoundError
from storage.migrations import default_names
from storage.models import PostDraft, Status
from storage.store import Store


def platform_named(store: Store, name: str) -> str:
    """The database's name for a default platform the demo names in English ("Blog" is
    "Blogue" in a database created in French)."""
    for candidate in sorted(default_names(name)):
        try:
            return store.platform(candidate).name
        except NotFoundError:
            continue
    return name  # the store says which platforms there are


def add_campaigns(store: Store, today: dt.date) -> dict[str, tuple[dt.date, dt.date]]:
    monday = week_start(today)
    ranges = {
        FUNDRAISING: (monday - dt.timedelta(weeks=7), monday + dt.timedelta(days=11)),
        VOLUNTEERS: (monday - dt.timedelta(weeks=4), monday - dt.timedelta(weeks=4, days=-6)),
        HOLIDAYS: (monday + dt.timedelta(days=7), monday + dt.timedelta(days=45)),
    }
    colours = {FUNDRAISING: "#E67E22", VOLUNTEERS: "#27AE60", HOLIDAYS: "#C0392B"}
    for name, (start, end) in ranges.items():
        store.add_campaign(name, colour=colours[name], start=start, end=end)
    return ranges


def _campaign_on(day: dt.date, campaigns: dict[str, tuple[dt.date, dt.date]]) -> str | None:
    # The shortest campaign running that day wins: it is the more specific one.
    running = [(e - s, n) for n, (s, e) in campaigns.items() if s <= day <= e]
    return min(running)[1] if running else None


def _published_url(platform: str, rng: random.Random, day: dt.date, index: int) -> str:
    n = rng.randrange(10**9, 10**10)
    return {
        "Facebook": f"https://www.facebook.com/{ORG}/posts/{n}",
        "Instagram": f"https://www.instagram.com/p/C{n:x}/",
        "LinkedIn": f"https://www.linkedin.com/feed/update/urn:li:activity:{n}{index:04d}/",
        "TikTok": f"https://www.tiktok.com/@{ORG}/video/{n}",
        "Bluesky": f"https://bsky.app/profile/{ORG}.ca/post/3k{n:x}",
        "YouTube": f"https://www.youtube.com/watch?v=Q{n:x}",
        "Newsletter": f"{SITE}/infolettre/{day.isoformat()}",
        "Blog": f"{SITE}/blogue/{day.isoformat()}-{index}",
        "Website": f"{SITE}/nouvelles/{day.isoformat()}",
    }[platform]


def _status_for(
    rng: random.Random, day: dt.date, time: dt.time | None, local_now: dt.datetime
) -> Status:
    today = local_now.date()
    past = day < today or (day == today and time is not None and time <= local_now.time())
    if past:
        return Status.CANCELLED if rng.random() < 0.06 else Status.PUBLISHED
    ahead = (day - today).days
    if ahead <= 2:
        return rng.choice([Status.SCHEDULED, Status.SCHEDULED, Status.READY])
    if ahead <= 7:
        return rng.choice([Status.SCHEDULED, Status.READY, Status.DRAFTING])
    return rng.choice([Status.DRAFTING, Status.IDEA, Status.IDEA])


def add_posts(
    store: Store,
    rng: random.Random,
    local_now: dt.datetime,
    campaigns: dict[str, tuple[dt.date, dt.date]],
) -> tuple[dict[dt.date, list[tuple[int, str, int | None]]], int]:
    """Posts for every week, then the backlog; returns (id, platform, estimate) per day and
    the number of backlog ideas."""
    today = local_now.date()
    first = week_start(today) - dt.timedelta(weeks=WEEKS_BACK)
    last = today + dt.timedelta(days=DAYS_AHEAD)
    by_day: dict[dt.date, list[tuple[int, str, int | None]]] = {}
    pools = {name: list(titles) for name, titles in _campaign_titles().items()}
    count = 0
    named: dict[str, str] = {}  # the demo's platform names -> the database's

    def add(
        title: str,
        platform: str,
        day: dt.date,
        time: dt.time | None,
        *,
        campaign: str | None = None,
        group: str | None = None,
        status: Status | None = None,
        body: str = "",
        notes: str = "",
    ) -> None:
        nonlocal count
        count += 1
        status = status or _status_for(rng, day, time, local_now)
        estimate = rng.choice(ESTIMATES[platform]) if rng.random() < 0.9 else None
        url = _published_url(platform, rng, day, count) if status is Status.PUBLISHED else ""
        post = store.add_post(
            PostDraft(
                title=title,
                platform=named.get(platform)
                or named.setdefault(platform, platform_named(store, platform)),
                date=day,
                time=time,
                status=status,
                campaign=campaign,
                estimate_minutes=estimate,
                body=body,
                notes=notes,
                published_url=url,
                group_id=group,
            )
        )
        by_day.setdefault(day, []).append((post.id, platform, estimate))

    day = first
    while day <= last:
        week = (day - first).days // 7
        campaign = _campaign_on(day, campaigns)
        wd = day.weekday()

        def themed(pool: list[str], index: int, campaign: str | None = campaign) -> str:
            if campaign and pools[campaign]:
                return pools[campaign].pop(0)
            return pool[index % len(pool)]

        if wd == 0:
            add(FACEBOOK[week % len(FACEBOOK)], "Facebook", day, dt.time(11, 30))
        elif wd == 1:
            add(INSTAGRAM[week % len(INSTAGRAM)], "Instagram", day, dt.time(12, 15))
            if week % 2 == 0:
                add(
                    NEWSLETTER[(week // 2) % len(NEWSLETTER)],
                    "Newsletter",
                    day,
                    dt.time(7, 0),
                    campaign=campaign,
                )
        elif wd == 2:
            add(LINKEDIN[week % len(LINKEDIN)], "LinkedIn", day, dt.time(9, 0))
            if week % 4 == 1:
                add(WEBSITE[(week // 4) % len(WEBSITE)], "Website", day, None)
        elif wd == 3:
            title = themed(CROSS, week)
            on = campaign if title not in CROSS else None
            group = uuid.UUID(int=rng.getrandbits(128), version=4).hex
            platforms = ["Facebook", "Instagram", "LinkedIn"]
            if week % 3 == 0:
                platforms.append("Bluesky")
            for platform in platforms:
                add(title, platform, day, dt.time(19, 0), campaign=on, group=group)
            if week % 2 == 1:
                add(BLOG[(week // 2) % len(BLOG)], "Blog", day, None)
        elif wd == 4:
            title = themed(FRIDAY, week)
            on = campaign if title not in FRIDAY else None
            platform = "Instagram" if "Reel" in title or "Story" in title else "Facebook"
            add(title, platform, day, dt.time(10, 0), campaign=on)
            if week % 3 == 2:
                add(
                    f"TikTok : {FRIDAY[(week + 3) % len(FRIDAY)].lower()}",
                    "TikTok",
                    day,
                    dt.time(16, 0),
                )
        elif wd == 5 and week % 4 == 3:
            add("Vidéo du mois : la vie au centre", "YouTube", day, dt.time(10, 0))
        day += dt.timedelta(days=1)

    _add_specials(store, add, today, campaigns)
    for title, platform, status in BACKLOG:
        estimate = rng.choice(ESTIMATES[platform]) if rng.random() < 0.7 else None
        store.add_post(
            PostDraft(
                title=title,
                platform=named.get(platform) or platform_named(store, platform),
                status=status,
                estimate_minutes=estimate,
            )
        )
    return by_day, len(BACKLOG)


def _campaign_titles() -> dict[str, list[str]]:
    return {FUNDRAISING: FUNDRAISING_TITLES, VOLUNTEERS: VOLUNTEER_TITLES, HOLIDAYS: HOLIDAY_TITLES}


def _add_specials(
    store: Store,
    add: Callable[..., None],
    today: dt.date,
    campaigns: dict[str, tuple[dt.date, dt.date]],
) -> None:
    """Hand-written posts: the ones with copy, a highlight, and one on hold."""
    volunteers_start = campaigns[VOLUNTEERS][0]
    add(
        "Merci à nos bénévoles — message de la directrice",
        "Facebook",
        volunteers_start + dt.timedelta(days=2),
        dt.time(15, 0),
        campaign=VOLUNTEERS,
        status=Status.PUBLISHED,
        body=(
            "Cette semaine, on dit MERCI aux 140 bénévoles qui font vivre le centre.\n"
            "Cuisine, friperie, aide aux devoirs : rien ne serait possible sans vous. 💚\n"
            "#SemaineDesBénévoles"
        ),
        notes="Meilleure portée du trimestre : 4 800 personnes #highlight",
    )
    add(
        "Giving Tuesday: every gift doubled until midnight",
        "LinkedIn",
        today + dt.timedelta(days=8),
        dt.time(8, 30),
        campaign=FUNDRAISING if campaigns[FUNDRAISING][1] >= today + dt.timedelta(days=8) else None,
        status=Status.DRAFTING,
        body=(
            "Today only, a local donor matches every gift to Centre Les Berges, up to $10,000.\n"
            "Your $25 becomes $50: a week of hot meals for a senior in our neighbourhood.\n"
            "Link in the comments."
        ),
    )
    add(
        "Vidéo coulisses de la friperie (attend l'accord des bénévoles)",
        "TikTok",
        today + dt.timedelta(days=5),
        None,
        status=Status.ON_HOLD,
        notes="Autorisations photo à faire signer",
    )
