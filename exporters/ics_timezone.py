"""VTIMEZONE components built from the tz database, change by change, as zoneinfo has them.

Every change of offset in the covered years is found in zoneinfo (probes every two days,
bisection to the second). Changes of one kind (same offsets and name) in consecutive years, at
one wall-clock time, on dates one yearly rule gives (second Sunday of March, last Sunday of
October, 22 March, the Saturday on or after the 24th…) become one observance with that
`RRULE:FREQ=YEARLY` from its first change (its DTSTART, so always on its rule) to an UNTIL.
Changes no yearly rule fits (Iran's calendar, Fiji, Morocco's and Palestine's Ramadan) are
listed as RDATEs (one a line: vobject keeps only the first of a list), one observance per kind
of change. Every line is folded at 75 octets.

Past the covered years a VTIMEZONE says what its last observances say. So the last rules are
left open (no UNTIL) only when zoneinfo's changes follow them for `LOOKAHEAD_YEARS` more
years (what the tz database writes out for the future, from its yearly rule or its
predictions, is checked); otherwise they end with the covered years, and callers cover a
series to its end (`series_last_year`).
"""

from __future__ import annotations

import calendar
import collections
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from exporters.ics_text import UTC, escape_text, fold_line, is_utc, local_stamp, zone
from storage import recurrence
from storage.calendar import ICS_WEEKDAYS
from storage.errors import ValidationError

if TYPE_CHECKING:
    from storage import Post

# How far past the covered years the last rules are checked before they are left open.
LOOKAHEAD_YEARS = 30
# The most years one VTIMEZONE covers past its first (a series without end is covered until
# its zone's changes settle into yearly rules: Morocco's predicted Ramadan changes end in 2087).
MAX_YEARS = 200
# A series with more dates than this is covered as one without end (no listing of its dates).
_COUNT_LIMIT = 10_000
# Years to this one are read one by one; later ones through LOOKAHEAD_YEARS (see _settle).
FUTURE_FROM = 2037
_LAST_YEAR = dt.MAXYEAR - LOOKAHEAD_YEARS - 2
_PROBE = 2 * 86_400


@dataclass(frozen=True, slots=True)
class _Change:
    """One change of UTC offset: its instant, the offsets before and after, the new name."""

    utc: dt.datetime
    before: dt.timedelta
    after: dt.timedelta
    name: str
    local: dt.datetime  # wall-clock time of the change, in the offset before it (RFC 5545)

    @property
    def kind(self) -> str:
        return "DAYLIGHT" if self.after > self.before else "STANDARD"

    @property
    def earliest_year(self) -> int:
        """The earliest year the change shows in: its UTC time or either wall-clock reading
        (a change back at 00:00 on 1 January repeats the last hour of the year before)."""
        after = self.local - self.before + self.after
        return min(self.local, after, self.utc.replace(tzinfo=None)).year

    @property
    def key(self) -> tuple[str, dt.timedelta, dt.timedelta, str]:
        """What one observance shares: TZOFFSETFROM, TZOFFSETTO, TZNAME."""
        return (self.kind, self.before, self.after, self.name)


@dataclass(frozen=True, slots=True)
class _Run:
    """Changes of one key; `rule` (BYMONTH=…;BY…) when they follow it year after year."""

    changes: tuple[_Change, ...]
    rule: str | None
    open: bool = False

    @property
    def first(self) -> _Change:
        return self.changes[0]


# ---------------------------------------------------------------- the changes, from zoneinfo


def _offset(tz: dt.tzinfo, ts: int) -> dt.timedelta:
    offset = dt.datetime.fromtimestamp(ts, tz).utcoffset()
    assert offset is not None
    return offset


@lru_cache(maxsize=8192)
def _year_changes(zone_name: str, year: int) -> tuple[_Change, ...]:
    """Offset changes from 1 January of `year` (UTC, excluded) to the next (included).

    Probes every two days: since 1900 no two changes in the tz database are closer than
    3.9 days (Freetown, 1939), so none can hide between probes; several changes between two
    probes are each found."""
    tz = zone(zone_name)
    start = int(dt.datetime(year, 1, 1, tzinfo=UTC).timestamp())
    stop = int(dt.datetime(year + 1, 1, 1, tzinfo=UTC).timestamp())
    found = []
    previous_ts, previous = start, _offset(tz, start)
    for ts in [*range(start + _PROBE, stop, _PROBE), stop]:
        current = _offset(tz, ts)
        while current != previous:  # bisect to the second; again if two changes
            lo, hi = previous_ts, ts
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if _offset(tz, mid) == previous:
                    lo = mid
                else:
                    hi = mid
            instant = dt.datetime.fromtimestamp(hi, UTC)
            after = _offset(tz, hi)
            local = (instant + previous).replace(tzinfo=None)
            found.append(
                _Change(instant, previous, after, instant.astimezone(tz).tzname() or "", local)
            )
            previous_ts, previous = hi, after
        previous_ts = ts
    return tuple(found)


def _changes(zone_name: str, first_year: int, last_year: int) -> list[_Change]:
    """Changes whose wall-clock time falls from `first_year` to `last_year`, in order."""
    return [
        change
        for year in range(first_year - 1, last_year + 2)
        for change in _year_changes(zone_name, year)
        if first_year <= change.local.year <= last_year
    ]


# ---------------------------------------------------------------- yearly rules


@lru_cache(maxsize=8192)
def _candidates(day: dt.date) -> dict[str, tuple[int, int]]:
    """Every yearly rule (BYMONTH=…;BY…) that gives `day` in its year, with its preference."""
    month, weekday = day.month, ICS_WEEKDAYS[day.weekday()]
    length = calendar.monthrange(day.year, month)[1]
    nth = (day.day - 1) // 7 + 1
    found: dict[str, tuple[int, int]] = {}
    if nth <= 4:
        found[f"BYMONTH={month};BYDAY={nth}{weekday}"] = (0 if nth < 4 else 2, 0)
    if day.day + 7 > length:
        found[f"BYMONTH={month};BYDAY=-1{weekday}"] = (1, 0)
    found[f"BYMONTH={month};BYMONTHDAY={day.day}"] = (3, 0)
    shortest = 28 if month == 2 else length  # February's week must fit in 28 days
    for low in range(max(1, day.day - 6), day.day + 1):  # the <weekday> on or after <low>
        if low + 6 <= shortest:
            days = ",".join(str(d) for d in range(low, low + 7))
            found[f"BYMONTH={month};BYDAY={weekday};BYMONTHDAY={days}"] = (4, low)
    return found


def _runs(changes: Sequence[_Change]) -> list[_Run]:
    """The changes cut into runs, latest first so the rule in force now runs longest.

    A run is changes of one key in consecutive years at one wall-clock time, with a yearly
    rule giving each of their dates; a change no neighbour shares a rule with stands alone.
    """
    by_key: dict[tuple[object, ...], list[_Change]] = collections.defaultdict(list)
    for change in changes:
        by_key[change.key].append(change)
    runs = []
    for same in by_key.values():
        run = [same[-1]]
        rules = _candidates(same[-1].local.date())
        for change in reversed(same[:-1]):
            head = run[-1]
            if (
                change.local.year == head.local.year - 1
                and change.local.time() == head.local.time()
                and (common := rules.keys() & _candidates(change.local.date()).keys())
            ):
                run.append(change)
                rules = {rule: rules[rule] for rule in common}
                continue
            runs.append(_make_run(run, rules))
            run, rules = [change], _candidates(change.local.date())
        runs.append(_make_run(run, rules))
    return runs


def _make_run(latest_first: list[_Change], rules: dict[str, tuple[int, int]]) -> _Run:
    rule = min(rules, key=lambda r: rules[r]) if len(latest_first) > 1 else None
    return _Run(tuple(reversed(latest_first)), rule)


def _settle(zone_name: str, first_year: int, target: int) -> tuple[list[_Run], list[_Change]]:
    """Runs covering `first_year - 1` to `target` and the changes they hold; the last runs
    open when zoneinfo's changes follow them for LOOKAHEAD_YEARS past the last irregular one.

    Every year is read up to `target`, or to FUTURE_FROM at least when `target` is later: the
    past holds long gaps between rules (France had no DST from 1946 to 1975), while the tz
    database's future is each zone's yearly rule plus predictions that change every year or
    few (Morocco's and Palestine's Ramadan). Past FUTURE_FROM, LOOKAHEAD_YEARS of regular
    changes after the last irregular one show the rules that hold from then on, so a far
    `target` (a series to 2999) is not read year by year. A zone still irregular
    LOOKAHEAD_YEARS past `target` gets runs that end at `target`.
    """
    start = first_year - 1
    must = min(target, max(first_year, FUTURE_FROM))
    end = must + LOOKAHEAD_YEARS
    while True:
        changes = _changes(zone_name, start, end)
        runs = _runs(changes)
        tails = {id(r) for r in runs if r.rule and r.changes[-1].local.year == end}
        settled = max(
            [c.local.year for r in runs if id(r) not in tails for c in r.changes]
            + [r.first.local.year - 1 for r in runs if id(r) in tails]
            + [start]
        )
        if end >= max(settled, must) + LOOKAHEAD_YEARS and settled <= target:
            return [_Run(r.changes, r.rule, open=id(r) in tails) for r in runs], changes
        if end >= target + LOOKAHEAD_YEARS:
            kept = [c for c in changes if c.earliest_year <= target]
            return _runs(kept), kept
        end = min(max(settled, must), target) + LOOKAHEAD_YEARS


# ---------------------------------------------------------------- text


def _offset_text(offset: dt.timedelta) -> str:
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    text = f"{sign}{seconds // 3600:02d}{seconds % 3600 // 60:02d}"
    return text + (f"{seconds % 60:02d}" if seconds % 60 else "")


def _until(change: _Change) -> str:
    """UNTIL for a run ending with `change`: its UTC time, or its wall-clock time when that is
    later, so readers that compare UNTIL to wall-clock onsets (dateutil's tzical, hence
    icalendar and vobject) still count the last change; the next is a year away."""
    return local_stamp(max(change.utc.replace(tzinfo=None), change.local)) + "Z"


def _observance(
    kind: str,
    first: dt.datetime,
    before: dt.timedelta,
    after: dt.timedelta,
    name: str,
    extra: Iterable[str] = (),
) -> list[str]:
    lines = [
        f"BEGIN:{kind}",
        f"DTSTART:{local_stamp(first)}",
        f"TZOFFSETFROM:{_offset_text(before)}",
        f"TZOFFSETTO:{_offset_text(after)}",
        *extra,
    ]
    if name:
        lines.append(f"TZNAME:{escape_text(name)}")
    lines.append(f"END:{kind}")
    return [fold_line(line) for line in lines]


@lru_cache(maxsize=256)
def vtimezone_lines(zone_name: str, first_year: int, last_year: int | None) -> tuple[str, ...]:
    """A VTIMEZONE for `zone_name` that gives zoneinfo's offset at every moment from
    1 January of `first_year` to the end of `last_year` (None: with no end).

    The year before `first_year` is covered too (events early in `first_year` follow an
    observance that has begun). Past `last_year`, the last rules hold when zoneinfo follows
    them for LOOKAHEAD_YEARS more years; else the last offset holds. With `last_year` None the
    coverage runs until the zone's changes follow yearly rules, MAX_YEARS at most.
    """
    first_year = max(3, min(first_year, _LAST_YEAR))
    target = first_year + MAX_YEARS if last_year is None else last_year
    target = min(max(first_year, target), first_year + MAX_YEARS, _LAST_YEAR)
    runs, changes = _settle(zone_name, first_year, target)
    observances: list[tuple[dt.datetime, list[str]]] = []
    if not any(c.local.year < first_year for c in changes):
        # Nothing changes in the year before: one observance from its first day holds the
        # offset in force then (the first change's "before", or the only offset).
        tz = zone(zone_name)
        wall = dt.datetime(first_year - 1, 1, 1)
        noon = int(dt.datetime(first_year - 1, 1, 1, 12, tzinfo=UTC).timestamp())
        offset = changes[0].before if changes else _offset(tz, noon)
        moment = (wall - offset).replace(tzinfo=UTC).astimezone(tz)
        kind = "DAYLIGHT" if (moment.dst() or dt.timedelta()) > dt.timedelta() else "STANDARD"
        lines = _observance(kind, wall, offset, offset, moment.tzname() or "")
        observances.append((wall, lines))
    alone: dict[tuple[object, ...], list[_Change]] = collections.defaultdict(list)
    for run in runs:
        if run.rule is None:
            alone[run.first.key] += run.changes
            continue
        rule = f"RRULE:FREQ=YEARLY;{run.rule}"
        if not run.open:
            rule += f";UNTIL={_until(run.changes[-1])}"
        first = run.first
        lines = _observance(first.kind, first.local, first.before, first.after, first.name, [rule])
        observances.append((first.local, lines))
    for same in alone.values():
        same.sort(key=lambda c: c.utc)
        first = same[0]
        extra = [f"RDATE:{local_stamp(c.local)}" for c in same[1:]]
        lines = _observance(first.kind, first.local, first.before, first.after, first.name, extra)
        observances.append((first.local, lines))
    observances.sort(key=lambda pair: pair[0])
    body = [line for _, lines in observances for line in lines]
    return ("BEGIN:VTIMEZONE", fold_line(f"TZID:{zone_name}"), *body, "END:VTIMEZONE")


# ---------------------------------------------------------------- how far a series runs


def series_last_year(posts: Iterable[Post], zone_name: str, last_year: int) -> int | None:
    """The last year a VTIMEZONE for `zone_name` must cover: `last_year`, or later when a
    timed series in that zone runs on (its UNTIL, its COUNT-th date); None for one with no
    end (or more than _COUNT_LIMIT dates)."""
    for post in posts:
        if (
            not post.rrule
            or post.time is None
            or post.date is None
            or post.recurrence_of is not None
            or post.timezone != zone_name
        ):
            continue
        end = _series_end(post.rrule, post.date, post.time, post.timezone)
        if end is None:
            return None
        last_year = max(last_year, end)
    return last_year


@lru_cache(maxsize=1024)
def _series_end(rule: str, first: dt.date, time: dt.time, zone_name: str) -> int | None:
    if is_utc(zone_name):
        return first.year
    tz = zone(zone_name)
    try:
        parts = dict(part.split("=", 1) for part in recurrence.normalise(rule).split(";"))
        if "UNTIL" in parts:
            until = parts["UNTIL"]
            if until.endswith("Z"):
                instant = dt.datetime.strptime(until, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
                return max(first.year, instant.astimezone(tz).year)
            return max(first.year, int(until[:4]))
        if "COUNT" not in parts or int(parts["COUNT"]) > _COUNT_LIMIT:
            return None
        dates = collections.deque(recurrence.build(rule, first, time, tz), maxlen=1)
    except (ValidationError, ValueError, OverflowError):
        return None
    return dates[0].year if dates else first.year
