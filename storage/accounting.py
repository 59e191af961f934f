"""Time accounting, the only place time is counted: entries → minutes per duty, activity, day, week.

Every surface that shows hours or a share (the week bar, the log screen, the summary, the
manager's report, `calepin entries`) counts through this module, so they never disagree.

The rules:

- Instants count to the nearest minute (minutes since the epoch), so every surface rounds alike.
- Where entries overlap, the later-started entry owns the shared minutes (ties: the later
  entry in (start, id) order); an interruption wins and the interrupted entry resumes when it
  ends. Overlapping time is counted once.
- A running timer counts up to `now`, but never more than the long-timer limit (the setting
  [timer] long_timer_hours, default 10, carried by the store as `long_timer`): a timer
  forgotten over a weekend counts 10 hours, not 72, and `long_timer` says so on every surface.
- A period is whole local days in the store's zone; an entry over midnight is split by local
  day, and a DST day is as long as zoneinfo says (23 or 25 hours).
- Shares are percentages to one decimal that add up to exactly 100.0 (largest remainder); the
  social share is apportioned first, so the social duties' shares add up to it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from storage import accounting_values as values
from storage.calendar import day_bounds

if TYPE_CHECKING:
    from storage.accounting_values import LongTimer, Tally, Totals
    from storage.models import TimeEntry
    from storage.store import Store

# Entries that started this long before a period can still reach into it: the store refuses
# entries over 24 hours, measured on the wall clock when both ends carry the same zone, so
# one over the autumn DST night may last 25 real hours.
REACH = dt.timedelta(hours=25)
# The long-timer limit when the settings say nothing ([timer] long_timer_hours).
LONG_TIMER = dt.timedelta(hours=10)


# ---------------------------------------------------------------- minutes and days


def minute(instant: dt.datetime) -> int:
    """An aware instant as whole minutes since the epoch (nearest minute)."""
    return round(instant.timestamp() / 60)


@functools.lru_cache(maxsize=128)
def midnights(first: dt.date, last: dt.date, tz: dt.tzinfo) -> tuple[int, ...]:
    """The local midnights that start each day `first`…`last` and end `last`, in minutes.

    One more than the number of days; a DST day is 23 or 25 hours long.
    """
    out = []
    day = first
    while day <= last + dt.timedelta(days=1):
        out.append(minute(dt.datetime.combine(day, dt.time(), tzinfo=tz)))
        day += dt.timedelta(days=1)
    return tuple(out)


def week_runs(days: Sequence[dt.date], first_weekday: int = 0) -> list[tuple[int, int]]:
    """The weeks among consecutive `days` as (first index, last index + 1), cut to the days."""
    runs: list[tuple[int, int]] = []
    lo = 0
    for hi in range(1, len(days) + 1):
        if hi == len(days) or days[hi].weekday() == first_weekday:
            runs.append((lo, hi))
            lo = hi
    return runs


# ---------------------------------------------------------------- who owns each minute


def resolve_overlaps(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Who owns each stretch of time: (start, end, index into spans), in time order.

    Args:
        spans: (start, end) pairs sorted by start (ties: the later index is the later entry).

    Returns:
        Where spans overlap, the one that started last owns the time, so an interruption
        wins and the interrupted entry resumes when it ends.
    """
    return owned([a for a, _ in spans], [b for _, b in spans])


def owned(starts: Sequence[int], ends: Sequence[int]) -> list[tuple[int, int, int]]:
    """`resolve_overlaps` on parallel lists of starts and ends (fewer objects on hot paths)."""
    out: list[tuple[int, int, int]] = []
    # Most entries touch no other: sweep only the clusters of spans that really overlap.
    i, n = 0, len(starts)
    while i < n:
        j, reach = i + 1, ends[i]
        while j < n and starts[j] < reach:
            if ends[j] > reach:
                reach = ends[j]
            j += 1
        if j == i + 1:
            out.append((starts[i], ends[i], i))
        else:
            run = list(zip(starts[i:j], ends[i:j], strict=True))
            out.extend((a, b, i + k) for a, b, k in sweep(run, 0, j - i))
        i = j
    return out


def sweep(spans: Sequence[tuple[int, int]], lo: int, hi: int) -> list[tuple[int, int, int]]:
    """Owners of the time covered by spans[lo:hi], a run of spans that overlap one another."""
    import heapq  # lazy: only entries that overlap get here

    bounds = sorted({x for span in spans[lo:hi] for x in span})
    heap: list[tuple[int, int, int]] = []  # (-start, -index, end)
    out: list[tuple[int, int, int]] = []
    j = lo
    for k in range(len(bounds) - 1):
        t = bounds[k]
        while j < hi and spans[j][0] <= t:
            a, b = spans[j]
            heapq.heappush(heap, (-a, -j, b))
            j += 1
        while heap and heap[0][2] <= t:
            heapq.heappop(heap)
        if not heap:
            continue
        owner = -heap[0][1]
        nxt = bounds[k + 1]
        if out and out[-1][2] == owner and out[-1][1] == t:
            out[-1] = (out[-1][0], nxt, owner)
        else:
            out.append((t, nxt, owner))
    return out


def tally(
    starts: Sequence[int], ends: Sequence[int], social: Sequence[bool], days: Sequence[int]
) -> Tally:
    """Count spans once each minute inside a period, and split them by local day.

    Args:
        starts: span starts in minutes, sorted (ties: the later index is the later entry).
        ends: span ends in minutes (a running timer's is `now`), each after its start.
        social: per span, whether its duty is a social one.
        days: the period's local midnights in minutes, as `midnights` gives them.
    """
    return values.Tally(*_tally(starts, ends, social, days))


def _tally(
    starts: Sequence[int], ends: Sequence[int], social: Sequence[bool], days: Sequence[int]
) -> tuple[list[int], list[int], list[int], list[tuple[int, int, int, int]]]:
    """`tally`'s fields, without building the dataclass (`entries_counted` needs one list)."""
    p0, p1 = days[0], days[-1]
    counted = [0] * len(starts)
    day_minutes = [0] * (len(days) - 1)
    day_social = [0] * (len(days) - 1)
    pieces: list[tuple[int, int, int, int]] = []
    add = pieces.append
    k = 0
    for a, b, i in owned(starts, ends):  # hot loop: plain comparisons, no min/max calls
        if a < p0:
            a = p0
        if b > p1:
            b = p1
        if b <= a:
            continue
        counted[i] += b - a
        is_social = social[i]
        while days[k + 1] <= a:  # pieces come in time order: the day only moves forward
            k += 1
        while a < b:
            day_end = days[k + 1]
            piece_end = b if b < day_end else day_end
            day_minutes[k] += piece_end - a
            if is_social:
                day_social[k] += piece_end - a
            add((a, piece_end, i, k))
            if piece_end == day_end:
                k += 1
            a = piece_end
    return counted, day_minutes, day_social, pieces


# ---------------------------------------------------------------- shares


def apportion(values: Sequence[int], units: int) -> list[int]:
    """Split `units` in proportion to `values`, in whole units that add up exactly.

    Largest remainders; ties go to the earlier value, so callers list the largest first.
    All zero values get nothing.
    """
    whole = sum(values)
    if whole <= 0:
        return [0 for _ in values]
    exact = [v * units / whole for v in values]
    parts = [int(x) for x in exact]
    missing = units - sum(parts)
    order = sorted(range(len(values)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:missing]:
        parts[i] += 1
    return parts


def shares(values: Sequence[int]) -> list[float]:
    """Percentages to one decimal that add up to exactly 100.0 (0.0 each when all are 0)."""
    return [t / 10 for t in apportion(values, 1000)]


def social_share(social: int, total: int) -> float | None:
    """The percentage (one decimal) of `total` minutes that went to social duties.

    The social and the other minutes are apportioned together, so the two add up to 100.0.
    None when nothing was counted.
    """
    if total <= 0:
        return None
    return apportion([social, total - social], 1000)[0] / 10


def whole_percent(share: float) -> int:
    """A one-decimal share as a whole percentage for short lines (half up: 12.5 → 13)."""
    return int(share + 0.5)


def duty_order(by_duty: Mapping[str, int]) -> list[str]:
    """Duty names by minutes, most first (ties by name, ignoring case)."""
    return sorted(by_duty, key=lambda name: (-by_duty[name], name.casefold()))


def duty_shares(by_duty: Mapping[str, int], social: Collection[str]) -> dict[str, float]:
    """Each duty's share (one decimal) in `duty_order`, adding up to 100.0.

    Social time is apportioned first, so the social duties add up to `social_share`.
    """
    order = duty_order(by_duty)
    total = sum(by_duty.values())
    social_minutes = sum(m for n, m in by_duty.items() if n in social)
    groups = apportion([social_minutes, total - social_minutes], 1000)
    out: dict[str, float] = {}
    for is_social, tenths in zip((True, False), groups, strict=True):
        names = [n for n in order if (n in social) is is_social]
        for n, t in zip(names, apportion([by_duty[n] for n in names], tenths), strict=True):
            out[n] = t / 10
    return {n: out[n] for n in order}


def suggested_split(by_duty: Mapping[str, int]) -> list[tuple[str, int]]:
    """A starting job-description split from logged time: whole percents per duty adding up
    to 100 (largest remainder), the largest first; duties that round to 0 are left out."""
    order = duty_order(by_duty)
    if not sum(by_duty.values()):
        return []
    whole = apportion([by_duty[n] for n in order], 100)
    return [(n, p) for n, p in zip(order, whole, strict=True) if p]


def suggested_job_split(
    store: Store, first: dt.date, last: dt.date, *, now: dt.datetime
) -> list[tuple[str, int]]:
    """`suggested_split` of the time logged from `first` to `last` (what the settings screen
    and `calepin report --suggest-split` offer when no job description is set)."""
    return suggested_split(period_totals(store, first, last, now=now).by_duty)


def room_for_social(contracted: int, other_logged: int, other_expected: int = 0) -> int:
    """What the contract leaves for social media once the other duties have their time."""
    return max(0, contracted - other_logged - other_expected)


# ---------------------------------------------------------------- a forgotten timer


def limit_minutes(limit: dt.timedelta) -> int:
    """The long-timer limit in whole minutes (at least one)."""
    return max(1, round(limit.total_seconds() / 60))


def timer_counts_until(start: dt.datetime, now: dt.datetime, limit: dt.timedelta) -> dt.datetime:
    """Where a running timer stops counting: `now`, or `start + limit` once it ran longer."""
    return min(now, start + limit)


def counted_end(start: int, now: int, limit: int) -> int:
    """`timer_counts_until` in minutes since the epoch (the hot paths' form)."""
    return now if now - start <= limit else start + limit


def entry_minutes(entry: TimeEntry, now: dt.datetime, limit: dt.timedelta) -> int:
    """One entry's own length as it counts: a running timer only up to the long-timer limit."""
    if entry.end is not None:
        return entry.minutes(now)
    return min(entry.minutes(now), limit_minutes(limit))


def long_timer(store: Store, now: dt.datetime) -> LongTimer | None:
    """The running timer when it has run past `store.long_timer`, else None."""
    timer = store.running_timer()
    if timer is None:
        return None
    return long_timer_of(timer, now, store.long_timer)


def long_timer_of(timer: TimeEntry, now: dt.datetime, limit: dt.timedelta) -> LongTimer | None:
    """`long_timer` for a timer already read (None when finished or within the limit)."""
    if timer.end is not None:
        return None
    a, b, cap = minute(timer.start), minute(now), limit_minutes(limit)
    if b - a <= cap:
        return None
    return values.LongTimer(timer, b - a, cap)


# ---------------------------------------------------------------- entries


def account(
    entries: Iterable[TimeEntry],
    first: dt.date,
    last: dt.date,
    *,
    zone: dt.tzinfo,
    now: dt.datetime,
    social: Collection[str] = (),
    week_start: int = 0,
    timer_limit: dt.timedelta = LONG_TIMER,
) -> Totals:
    """Count `entries` in the local days `first` to `last` (inclusive) of `zone`.

    Args:
        entries: every entry that may reach into the period (see `entries_reaching`); the
            order does not matter. Entries outside the period count nothing.
        first: the first day.
        last: the last day (inclusive).
        zone: the zone whose local days make the period.
        now: the current instant (a running timer counts up to it).
        social: the names of the social duties.
        week_start: the first day of a week (0 = Monday … 6 = Sunday), for `by_week`.
        timer_limit: the long-timer limit (`store.long_timer`): a running timer counts up
            to `now` but never longer than this.
    """
    days, kept, starts, ends = _spans(entries, first, last, zone, now, timer_limit)
    counted, day_minutes, _, _ = _tally(starts, ends, [e.duty in social for e in kept], days)

    by_duty: dict[str, int] = {}
    by_activity: dict[tuple[str, str | None], int] = {}
    by_entry = _by_entry(kept, counted)
    for entry, minutes in zip(kept, counted, strict=True):
        if minutes:
            by_duty[entry.duty] = by_duty.get(entry.duty, 0) + minutes
            key = (entry.duty, entry.activity)
            by_activity[key] = by_activity.get(key, 0) + minutes
    dates = [first + dt.timedelta(days=k) for k in range(len(days) - 1)]
    total = sum(by_duty.values())
    social_minutes = sum(m for n, m in by_duty.items() if n in social)
    return values.Totals(
        first=first,
        last=last,
        minutes=total,
        social_minutes=social_minutes,
        by_duty={n: by_duty[n] for n in duty_order(by_duty)},
        by_activity=by_activity,
        by_day=dict(zip(dates, day_minutes, strict=True)),
        by_week={dates[lo]: sum(day_minutes[lo:hi]) for lo, hi in week_runs(dates, week_start)},
        by_entry=by_entry,
        duty_shares=duty_shares(by_duty, social),
        social_share=social_share(social_minutes, total),
    )


def _spans(
    entries: Iterable[TimeEntry],
    first: dt.date,
    last: dt.date,
    zone: dt.tzinfo,
    now: dt.datetime,
    timer_limit: dt.timedelta,
) -> tuple[tuple[int, ...], list[TimeEntry], list[int], list[int]]:
    """The period's midnights and the entries that reach into it, in (start, id) order, with
    their starts and counted ends in minutes (a running timer's is capped by the limit)."""
    if last < first:
        raise ValueError("the period ends before it starts")
    days = midnights(first, last, zone)
    now_minute = minute(now)
    cap = limit_minutes(timer_limit)
    kept: list[TimeEntry] = []
    starts: list[int] = []
    ends: list[int] = []
    for entry in sorted(entries, key=lambda e: (e.start, e.id)):
        a = minute(entry.start)
        b = counted_end(a, now_minute, cap) if entry.end is None else minute(entry.end)
        if b <= a or b <= days[0] or a >= days[-1]:
            continue
        kept.append(entry)
        starts.append(a)
        ends.append(b)
    return days, kept, starts, ends


def _by_entry(kept: Sequence[TimeEntry], counted: Sequence[int]) -> dict[int, int]:
    """Entry id → the minutes it counts in the period."""
    by_entry: dict[int, int] = {}
    for entry, minutes in zip(kept, counted, strict=True):
        by_entry[entry.id] = by_entry.get(entry.id, 0) + minutes
    return by_entry


def entries_reaching(store: Store, first: dt.date, last: dt.date) -> list[TimeEntry]:
    """The entries that may count in the local days `first` to `last`: those that start in
    them or up to a day before, and the running timer however long ago it started."""
    start, end = day_bounds(first, last, store.zone)
    found = store.entries_between(start - REACH, end)
    timer = store.running_timer()
    if timer is not None and timer.start < start - REACH:
        found.insert(0, timer)
    return found


def entries_counted(
    store: Store,
    days: tuple[dt.date, dt.date] | None,
    *,
    now: dt.datetime,
    duties: Collection[str] = (),
) -> tuple[list[TimeEntry], dict[int, int]]:
    """The entries that count in the local days `days` (all entries when None), and the
    minutes each one counts there, overlaps once (what `calepin entries` lists and totals).

    An entry that started before the period and runs into it is listed too, so the counted
    minutes add up to the period's total (of `duties` only, when given).
    """
    if days is None:
        found = store.all_entries()
        if not found:
            return [], {}
        first = found[0].start.astimezone(store.zone).date()
        last = max((e.end or now) for e in found).astimezone(store.zone).date()
        days = (first, max(first, last))
        every = found
    else:
        every = entries_reaching(store, *days)
        start = day_bounds(days[0], days[1], store.zone)[0]
        found = [e for e in every if e.start >= start or (e.end or now) > start]
    if duties:
        found = [e for e in found if e.duty in duties]
    # `account`'s count, without the totals it would build around it.
    midnight, kept, starts, ends = _spans(
        every, days[0], days[1], store.zone, now, store.long_timer
    )
    by_entry = _by_entry(kept, _tally(starts, ends, [False] * len(kept), midnight)[0])
    return found, {e.id: by_entry.get(e.id, 0) for e in found}


def social_duties(store: Store) -> set[str]:
    """The names of the social duties, archived ones included."""
    return {d.name for d in store.duties(include_archived=True) if d.social}


def period_totals(
    store: Store, first: dt.date, last: dt.date, *, now: dt.datetime, week_start: int = 0
) -> Totals:
    """`account` for the store's entries in the local days `first` to `last` (its zone)."""
    return account(
        entries_reaching(store, first, last),
        first,
        last,
        zone=store.zone,
        now=now,
        social=social_duties(store),
        week_start=week_start,
        timer_limit=store.long_timer,
    )


_VALUES = frozenset({"LongTimer", "Tally", "Totals"})


def __getattr__(name: str) -> Any:
    # The result classes live in `accounting_values`, built on first use; named here too.
    if name in _VALUES:
        return getattr(values, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "LONG_TIMER",
    "REACH",
    "LongTimer",
    "Tally",
    "Totals",
    "account",
    "apportion",
    "counted_end",
    "duty_order",
    "duty_shares",
    "entries_counted",
    "entries_reaching",
    "limit_minutes",
    "long_timer",
    "long_timer_of",
    "midnights",
    "minute",
    "owned",
    "period_totals",
    "resolve_overlaps",
    "room_for_social",
    "shares",
    "social_duties",
    "social_share",
    "suggested_job_split",
    "suggested_split",
    "sweep",
    "tally",
    "timer_counts_until",
    "week_runs",
    "whole_percent",
]
