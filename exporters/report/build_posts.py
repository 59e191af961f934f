"""Posts planned, published and cancelled per platform in the period, series dates counted once;
the demand they make on social media."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple
from zoneinfo import ZoneInfo

from exporters.report.model import Demand, PlatformRow, Posts
from storage import Status, Store, recurrence
from storage.store import report_rows as _sql


class Series(NamedTuple):
    """A repeating post as stored: its rule, first date, time of day and time zone."""

    rule: str
    start: dt.date
    time: str | None  # "09:00" as stored; None: all day
    zone: str


def count_series(series: Series, first: dt.date, last: dt.date, hidden: set[dt.date]) -> int:
    """How many dates of the series fall in the period and are not skipped or moved.

    The one place the report counts a series' dates, through the recurrence engine.
    """
    at = dt.time.fromisoformat(series.time) if series.time else None
    zone = ZoneInfo(series.zone)
    days = recurrence.dates_between(series.rule, series.start, at, zone, first, last)
    return sum(1 for day in days if day not in hidden)


def posts_figures(
    store: Store,
    first: dt.date,
    last: dt.date,
    logged: dict[str, int],
    *,
    social: set[str],
    linked_social: int = 0,
    social_minutes: int = 0,
) -> Posts:
    """Posts planned, published and cancelled per platform in the period; `logged`: minutes
    on them. Cancelled posts are counted apart: not planned, their estimate not planned
    effort, but never dropped from the count. `social`: the social platforms;
    `linked_social` of `social_minutes` were linked to a post."""
    planned: dict[str, int] = {}
    published: dict[str, int] = {}
    estimate: dict[str, int] = {}
    cancelled: dict[str, int] = {}
    unestimated: dict[str, int] = {}
    for platform, count, minutes, done, dropped, bare in _sql.single_posts(store, first, last):
        if count:
            planned[platform] = count
            estimate[platform] = minutes
        if done:
            published[platform] = done
        if dropped:
            cancelled[platform] = dropped
        if bare:
            unestimated[platform] = bare
    moved = _sql.moved_dates(store, first, last)
    for row in _sql.series_rows(store, last):
        series_id, start, rule, status, platform, minutes, skips, at, zone_name, bare = row
        hidden = moved.get(series_id, set())
        if skips:
            hidden = hidden | {dt.date.fromisoformat(d) for d in skips.split(",")}
        series = Series(rule, dt.date.fromisoformat(start), at, zone_name)
        times = count_series(series, first, last, hidden)
        if times <= 0:
            continue
        if status == Status.CANCELLED:
            cancelled[platform] = cancelled.get(platform, 0) + times
            continue
        planned[platform] = planned.get(platform, 0) + times
        estimate[platform] = estimate.get(platform, 0) + times * minutes
        if bare:
            unestimated[platform] = unestimated.get(platform, 0) + times
        if status == Status.PUBLISHED:
            published[platform] = published.get(platform, 0) + times

    colours = {p.name: p.colour for p in store.platforms(include_archived=True)}
    names = sorted(
        set(planned) | set(logged) | set(cancelled),
        key=lambda n: (-planned.get(n, 0), -logged.get(n, 0), n.casefold()),
    )
    linked_share = round(linked_social * 100 / social_minutes, 1) if social_minutes else None
    meaningful = Posts(0, 0, 0, 0, (), linked_share=linked_share).per_post_meaningful
    rows = tuple(
        PlatformRow(
            platform=n,
            colour=colours.get(n, "#888888"),
            planned=planned.get(n, 0),
            published=published.get(n, 0),
            planned_minutes=estimate.get(n, 0),
            logged_minutes=logged.get(n, 0),
            minutes_per_published_post=round(logged[n] / published[n])
            if meaningful and published.get(n) and logged.get(n)
            else None,
            cancelled=cancelled.get(n, 0),
            unestimated=unestimated.get(n, 0),
            social=n in social,
        )
        for n in names
    )
    return Posts(
        planned=sum(planned.values()),
        published=sum(published.values()),
        planned_minutes=sum(estimate.values()),
        logged_minutes=sum(logged.values()),
        platforms=rows,
        cancelled=sum(cancelled.values()),
        unestimated=sum(unestimated.values()),
        linked_social_minutes=linked_social,
        linked_share=linked_share,
    )


def demand_of(store: Store, posts: Posts, social: set[str]) -> Demand:
    """Social media's demand: the period's posts on social platforms, today's backlog of
    social ideas, and the configured platforms nothing was planned or logged on."""
    rows = [p for p in posts.platforms if p.social]
    ideas = minutes = bare = 0
    for platform, count, estimated, without in _sql.backlog(store):
        if platform in social:
            ideas, minutes, bare = ideas + count, minutes + estimated, bare + without
    seen = {p.platform for p in posts.platforms if p.planned or p.logged_minutes}
    unused = tuple(p.name for p in store.platforms() if p.name not in seen)
    return Demand(
        planned_posts=sum(p.planned for p in rows),
        planned_minutes=sum(p.planned_minutes for p in rows),
        unestimated_posts=sum(p.unestimated for p in rows),
        backlog_ideas=ideas,
        backlog_minutes=minutes,
        backlog_unestimated=bare,
        cancelled_posts=sum(p.cancelled for p in rows),
        unused_platforms=unused,
    )
