"""What later .ics files say about deleted posts, series and dates (storage's tombstones).

Calendar file imports (Outlook, Google) only add or update, so what is deleted is sent again
as cancelled: the same UID (and RECURRENCE-ID for one date of a series), STATUS:CANCELLED,
SEQUENCE one above the last one exported, DTSTART as before, for a retention period. A date
given back to its series ('restored') is re-sent as the series has it (see `exporters.ics`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from exporters.ics_text import UTC, is_utc, zone
from storage import Post, Status, recurrence
from storage.store.tombstones import DELETED, RESTORED, SKIPPED, Tombstone

if TYPE_CHECKING:
    from storage import Store

__all__ = ["DELETED", "RESTORED", "SKIPPED", "cancelled_post", "prep_cancellations", "wanted"]


def cancelled_post(tomb: Tombstone) -> Post:
    """The tombstone as the post it was, cancelled, one SEQUENCE up, modified when deleted."""
    return Post(
        id=tomb.post_id,
        uid=tomb.uid,
        title=tomb.title,
        platform=tomb.platform,
        status=Status.CANCELLED,
        date=tomb.date,
        time=tomb.time,
        timezone=tomb.timezone,
        campaign=tomb.campaign,
        estimate_minutes=tomb.prep_minutes,
        rrule=tomb.rrule,
        recurrence_date=tomb.recurrence_date,
        skipped_dates=tomb.skipped,
        sequence=tomb.sequence + 1,
        updated_at=tomb.deleted_at,
    )


def prep_cancellations(
    tombstones: Sequence[Tombstone], first: dt.date, last: dt.date
) -> list[tuple[Post, dt.date, str]]:
    """(post, day, prep UID) for every prep block a tombstone took away in `first`..`last`:
    one for a post or a date of a series, one per date in the period for a whole series
    (less its skipped dates and the dates with a tombstone of their own)."""
    own_dates = {(t.uid, t.recurrence_date) for t in tombstones if t.recurrence_date}
    found: list[tuple[Post, dt.date, str]] = []
    for tomb in tombstones:
        if not tomb.prep_minutes or tomb.kind == RESTORED:
            continue
        post = cancelled_post(tomb)
        if tomb.recurrence_date is not None or not tomb.rrule:
            if first <= tomb.date <= last:
                found.append((post, tomb.date, tomb.prep_uid))
            continue
        tz = UTC if is_utc(tomb.timezone) else zone(tomb.timezone)
        hidden = set(tomb.skipped)
        for day in recurrence.dates_between(
            tomb.rrule, tomb.date, tomb.time, tz, max(first, tomb.date), last
        ):
            if day not in hidden and (tomb.uid, day) not in own_dates:
                found.append((post, day, tomb.prep_uid_on(day)))
    return found


def wanted(
    tombstones: Iterable[Tombstone],
    platforms: set[str],
    statuses: set[Status],
    campaign: str | None,
) -> list[Tombstone]:
    """The tombstones an export filtered by platform, status and campaign takes."""
    return [
        t
        for t in tombstones
        if (not platforms or t.platform in platforms)
        and (not statuses or Status(t.status) in statuses)
        and (campaign is None or t.campaign == campaign)
    ]


def retained(
    store: Store, first: dt.date, last: dt.date, *, now: dt.datetime, days: int
) -> list[Tombstone]:
    """The tombstones deleted within the last `days` days that reach into the period; older
    ones are forgotten (purged) on the way. `days` 0: none (and none forgotten, should the
    setting go back up)."""
    if days <= 0:
        return []
    since = now - dt.timedelta(days=max(days, 1))
    store.purge_tombstones(since)
    return store.tombstones(first, last, since=since)
