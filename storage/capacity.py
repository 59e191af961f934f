"""Does the planned social work fit? Room left for social media, the ONLY place.

The room is the period's contracted time (storage.contracted: working days less holidays
and leave, the days to come included) less what the other duties logged, less what they
usually take on the working days still to come (their pace over the weeks before). The
planned social work is the effort estimates of the period's posts on social platforms (a
platform whose default duty is social); each copy of a post counts its own estimate.

What social media needs is more than its posts: the ongoing work of the job (replies and
community, monitoring, crises, reporting) is demand too, counted at the level it was logged.
The rule (`ongoing_minutes`): social time that is not linked to a post and was logged on an
activity other than create or publish. Time linked to a post, or spent creating or publishing,
is what the post estimates stand for, so it is not counted twice; social time with no activity
given is left out, since it may be post work too. Days still to come add no ongoing work (it is
"as logged", never guessed). `fte_needed` = (planned posts + ongoing work) ÷ the period's
contracted time.

The report, the summary screen and the week bar all ask this module, so they never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storage import accounting
from storage.contracted import Contracted, ContractSettings, period_contract
from storage.migrations import default_names

if TYPE_CHECKING:
    from storage.models import Post
    from storage.store import Store

PACE_WEEKS = 4  # the other duties' usual load comes from the weeks before this one
# What the post estimates stand for: time on these activities is post work, not ongoing work.
# By name in either language: a database created in French calls them création, publication.
POST_WORK_ACTIVITIES = default_names("create") | default_names("publish")


@dataclass(frozen=True, slots=True)
class Capacity:
    """The planned social work of a period against the room the other duties leave."""

    contracted: int  # minutes of the whole period, less days off (storage.contracted)
    contracted_so_far: int  # the working days counted up to now
    logged: int
    other_logged: int  # minutes on non-social duties so far
    other_expected: int | None  # their usual load on the working time to come; None: no history
    planned_social: int  # estimates of the social posts planned in the period
    social_logged: int
    notes: tuple[str, ...] = ()  # what the contracted time leaves out: before tracking, days off
    ongoing_social: int = 0  # ongoing social work logged so far (`ongoing_minutes`)

    @property
    def room(self) -> int:
        return accounting.room_for_social(
            self.contracted, self.other_logged, self.other_expected or 0
        )

    @property
    def fits(self) -> bool:
        return self.planned_social <= self.room

    @property
    def over(self) -> int:
        """Minutes of planned social work beyond the room (0 when it fits)."""
        return max(0, self.planned_social - self.room)

    @property
    def needed_social(self) -> int:
        """Minutes social media needed: planned posts plus ongoing work as logged."""
        return self.planned_social + self.ongoing_social

    @property
    def fte_needed(self) -> float | None:
        """What social media needed as a share of the period's contracted time, unrounded
        (None: nothing contracted, or nothing needed)."""
        return fte_needed(self.planned_social, self.ongoing_social, self.contracted)


def ongoing_minutes(social: Iterable[tuple[str | None, bool, int]]) -> int:
    """Minutes of ongoing social work in (activity, linked to a post?, minutes) of social
    time: not linked to a post, on an activity other than create or publish (see above)."""
    return sum(
        minutes
        for activity, linked, minutes in social
        if not linked and activity is not None and activity.casefold() not in POST_WORK_ACTIVITIES
    )


def fte_needed(planned: int, ongoing: int, contracted: int) -> float | None:
    """(planned post work + ongoing work) ÷ contracted minutes; None when either side is 0."""
    needed = planned + ongoing
    if not needed or not contracted:
        return None
    return needed / contracted


def social_platforms(store: Store) -> set[str]:
    """Platforms whose posts are social work: their default duty is a social one."""
    social = accounting.social_duties(store)
    return {p.name for p in store.platforms(include_archived=True) if p.default_duty in social}


def planned_social(posts: Iterable[Post], social: set[str]) -> int:
    """Minutes of estimates of the live (not cancelled) posts on social platforms."""
    return sum(
        p.estimate_minutes or 0
        for p in posts
        if p.platform in social and p.status != "cancelled" and p.date is not None
    )


def other_pace(
    store: Store, today: dt.date, *, now: dt.datetime, settings: ContractSettings, week_start: int
) -> float | None:
    """Minutes per contracted working day the other duties took in the PACE_WEEKS weeks
    before the week of `today` (None when nothing was logged then: no history to go by)."""
    from storage.calendar import week_start as start_of_week

    last = start_of_week(today, week_start) - dt.timedelta(days=1)
    first = last - dt.timedelta(weeks=PACE_WEEKS) + dt.timedelta(days=1)
    totals = accounting.period_totals(store, first, last, now=now, week_start=week_start)
    if not totals.minutes:
        return None
    contract = period_contract(
        store,
        first,
        last,
        today=today,
        settings=settings,
        days_with_entries={d for d, m in totals.by_day.items() if m},
        zone=store.zone,
    )
    # Per contracted day of those weeks: holidays, leave and untracked days are none.
    return totals.other_minutes / max(1, len(contract.counted))


def capacity(
    contract: Contracted,
    *,
    logged: int,
    social_logged: int,
    planned: int,
    pace: float | None,
    notes: tuple[str, ...] = (),
    ongoing: int = 0,
) -> Capacity:
    """The period's capacity: `pace` is `other_pace` (only read when days are still to come)."""
    to_come = len(contract.to_come)
    other_expected: int | None = 0
    if to_come:
        other_expected = None if pace is None else round(pace * to_come)
    return Capacity(
        contracted=contract.whole_minutes,
        contracted_so_far=contract.minutes,
        logged=logged,
        other_logged=logged - social_logged,
        other_expected=other_expected,
        planned_social=planned,
        social_logged=social_logged,
        notes=notes,
        ongoing_social=ongoing,
    )


def week_capacity(
    store: Store,
    totals: accounting.Totals,
    posts: Iterable[Post],
    *,
    now: dt.datetime,
    settings: ContractSettings,
    week_start: int,
    pace: Callable[[], float | None] | None = None,
) -> Capacity:
    """The week bar's capacity from what the week screen already counted (`totals`) and its
    posts: the same rule as the report's, days off included. `pace` gives `other_pace` when
    a caller keeps it (asked only when working days are still to come)."""
    today = now.astimezone(store.zone).date()
    contract = period_contract(
        store,
        totals.first,
        totals.last,
        today=today,
        settings=settings,
        days_with_entries={d for d, m in totals.by_day.items() if m},
        zone=store.zone,
    )
    usual = None
    if contract.to_come:
        if pace is not None:
            usual = pace()
        else:
            usual = other_pace(store, today, now=now, settings=settings, week_start=week_start)
    return capacity(
        contract,
        logged=totals.minutes,
        social_logged=totals.social_minutes,
        planned=planned_social(posts, social_platforms(store)),
        pace=usual,
    )
