"""A realistic demo: a communications coordinator's last eight weeks and next two.

Its content is French (a Montréal non-profit's), as is a database created in French: its
duties and platforms then have French names, which the demo finds by their English names
(aliases for duties and activities; `posts.platform_named` for platforms, which have none).
"""

from __future__ import annotations

import datetime as dt
import random

from storage.demo.content import SEED
from storage.demo.hours import add_entries
from storage.demo.outcomes import add_outcomes
from storage.demo.posts import add_campaigns, add_posts
from storage.errors import ValidationError
from storage.i18n import _
from storage.store import Store

__all__ = ["fill_demo"]


def fill_demo(store: Store, now: dt.datetime) -> dict[str, int]:
    """Fill an empty database with the demo; returns counts of what was added.

    All in one transaction: a crash leaves all of the demo or none of it.

    Raises:
        ValidationError: the database already holds posts or time entries.
    """
    if now.tzinfo is None:
        raise ValidationError("now must carry a time zone")
    local_now = now.astimezone(store.zone)
    rng = random.Random(SEED)
    with store.transaction(None) as conn:
        posts, entries = (
            conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("posts", "time_entries")
        )
        if posts or entries:
            raise ValidationError(
                _(
                    "this database already holds {posts} posts and {entries} time entries; "
                    "the demo only fills an empty database (try `calepin --demo`, or --db a "
                    "new file)"
                ).format(posts=posts, entries=entries)
            )
        campaigns = add_campaigns(store, local_now.date())
        by_day, backlog = add_posts(store, rng, local_now, campaigns)
        logged = add_entries(store, rng, local_now, by_day)
        outcomes = add_outcomes(store, local_now.date())
    return {
        "posts": sum(len(v) for v in by_day.values()) + backlog,
        "backlog_ideas": backlog,
        "entries": logged,
        "campaigns": len(campaigns),
        "outcomes": outcomes,
    }
