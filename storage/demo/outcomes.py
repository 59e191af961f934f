"""The demo's outcomes: what a small non-profit's accounts plausibly reach in a month.

Only months that ended before `now` (a platform's monthly export comes after the month), and
not every figure on every platform: Instagram's export has no messages answered, LinkedIn's
page export no reach, so the report and the summary show a dash for them, never 0.
"""

from __future__ import annotations

import datetime as dt

from storage.calendar import week_start
from storage.demo.content import WEEKS_BACK
from storage.models import OutcomeDraft
from storage.store import Store

# Per platform: reach, impressions, engagement, followers gained, messages answered for the
# latest whole month; None: the platform's export does not have it.
FIGURES: dict[str, tuple[int | None, ...]] = {
    "Facebook": (17_300, 41_800, 1_240, 38, 57),
    "Instagram": (9_600, 28_400, 1_710, 64, None),
    "LinkedIn": (None, 6_900, 310, 21, 4),
}
# Each month before the latest a little smaller: the accounts grow.
GROWTH = 0.92


def add_outcomes(store: Store, today: dt.date) -> int:
    """Save the outcomes of the whole months the demo's log touches, up to the one before
    `today`'s; returns how many (platform, month) rows were added."""
    first_day = week_start(today) - dt.timedelta(weeks=WEEKS_BACK)  # the log's first day
    months: list[dt.date] = []
    month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    while month >= first_day.replace(day=1):
        months.append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    drafts = [
        OutcomeDraft(
            platform,
            f"{month:%Y-%m}",
            *(None if v is None else round(v * GROWTH**age) for v in figures),
        )
        for age, month in enumerate(months)
        for platform, figures in FIGURES.items()
    ]
    store.save_outcomes(drafts)  # inside the demo's one transaction
    return len(drafts)
