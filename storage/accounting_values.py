"""What `storage.accounting` hands back: a tally of spans, a long timer, a period's totals.

Apart from the counting so that each dataclass is built on first use (`storage.deferred`):
`calepin entries` counts without building any of them. The names are read from
`storage.accounting`, which hands them on.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from storage import wording
from storage.deferred import built_on_first_use, deferred
from storage.i18n import _

if TYPE_CHECKING:
    from storage.models import TimeEntry


@deferred(frozen=True, slots=True)
class Tally:
    """What a set of spans counts inside a period of local days (see `tally`)."""

    counted: list[int]  # per span: the minutes it owns inside the period
    day_minutes: list[int]  # per day of the period
    day_social: list[int]  # per day: the part on social duties
    pieces: list[tuple[int, int, int, int]]  # (start, end, span, day): owned, within one day


@deferred(frozen=True, slots=True)
class LongTimer:
    """A running timer past the long-timer limit: it counts only `counted` of `ran` minutes."""

    timer: TimeEntry
    ran: int  # minutes since it started
    counted: int  # minutes it counts on every surface (the limit)

    def text(self, zone: dt.tzinfo) -> str:
        """``the events timer has run 72 h since Mon 30 Nov 09:00; only 10 h count``."""
        started = wording.day_time(self.timer.start.astimezone(zone))
        return _(
            "the {duty} timer has run {ran} since {start}; only {counted} count "
            "(the long-timer limit)"
        ).format(
            duty=self.timer.duty,
            ran=wording.duration(self.ran),
            start=started,
            counted=wording.duration(self.counted),
        )


@deferred(frozen=True, slots=True)
class Totals:
    """Minutes counted in the days `first` to `last`, overlaps once; see `account`."""

    first: dt.date
    last: dt.date
    minutes: int
    social_minutes: int
    by_duty: dict[str, int]  # most first
    by_activity: dict[tuple[str, str | None], int]  # (duty, activity or None)
    by_day: dict[dt.date, int]  # every day of the period
    by_week: dict[dt.date, int]  # first day of each week (cut to the period) → minutes
    by_entry: dict[int, int]  # entry id → minutes it counts in the period
    duty_shares: dict[str, float]  # in by_duty's order, adding up to 100.0
    social_share: float | None  # percent to one decimal; None when nothing was counted

    @property
    def other_minutes(self) -> int:
        return self.minutes - self.social_minutes


__getattr__, __dir__ = built_on_first_use(globals())
