"""Wall-clock times a zone skips or repeats: 02:30 on the day clocks spring forward does not
exist; 01:30 on the day they fall back happens twice.

A post's time is wall clock in its own zone, read as Python reads it (PEP 495): `fold` 0 is
the first of two equal readings, 1 the second. The store refuses a newly chosen time that
does not exist and keeps which reading of a repeated one was meant (`Post.fold`); the CLI
and the post editor say so with the words below. Pure: no I/O, no clock.

Every zone's changes are found from the zone data, so a 30-minute change (Lord Howe), a
southern-hemisphere one (Sydney, in April and October) or a skipped day (Apia, December
2011) read the same way as Toronto's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from storage.errors import ValidationError
from storage.i18n import _
from storage.wording import clock, day_label

GAP: Literal["gap"] = "gap"
TWICE: Literal["twice"] = "twice"


@dataclass(frozen=True, slots=True)
class ClockShift:
    """The clock change a wall time falls in.

    `kind` GAP: the time does not exist, clocks go from `leaves` straight to `arrives`
    (02:00 → 03:00). TWICE: the time happens twice, clocks go back from `leaves` to
    `arrives` (02:00 → 01:00). `first` and `second` name the offsets before and after the
    change ("EDT", "EST"; "UTC+10:30" where the zone has no abbreviation).
    """

    kind: Literal["gap", "twice"]
    day: dt.date
    time: dt.time
    zone_name: str
    leaves: dt.datetime
    arrives: dt.datetime
    first: str
    second: str

    @property
    def length(self) -> dt.timedelta:
        """How far the clocks move (positive both ways)."""
        return abs(self.arrives - self.leaves)

    def instant(self, fold: int) -> dt.datetime:
        """The UTC instant of the first (`fold` 0) or second (1) reading of a repeated time;
        for a gap, the instant RFC 5545 gives it (moved forward by the gap's length)."""
        wall = dt.datetime.combine(self.day, self.time, tzinfo=ZoneInfo(self.zone_name))
        return wall.replace(fold=fold if self.kind == TWICE else 0).astimezone(dt.UTC)


def clock_shift(day: dt.date, time: dt.time, zone_name: str) -> ClockShift | None:
    """The clock change that makes `time` on `day` in `zone_name` skipped or repeated, or
    None for a time that happens exactly once."""
    tz = ZoneInfo(zone_name)
    early = dt.datetime.combine(day, time.replace(fold=0), tzinfo=tz)
    late = early.replace(fold=1)
    before, after = early.utcoffset(), late.utcoffset()
    if before is None or after is None or before == after:
        return None
    # For both kinds the change happens between the two readings' instants (PEP 495: fold 0
    # takes the offset before the change, fold 1 the one after).
    naive = early.replace(tzinfo=None)
    lo, hi = naive - max(before, after), naive - min(before, after)
    while hi - lo > dt.timedelta(seconds=1):  # the change's instant, to the second
        mid = lo + (hi - lo) // 2
        if (
            dt.datetime.combine(mid.date(), mid.time(), tzinfo=dt.UTC).astimezone(tz).utcoffset()
            == before
        ):
            lo = mid
        else:
            hi = mid
    change = hi.replace(microsecond=0)
    return ClockShift(
        kind=GAP if after > before else TWICE,
        day=day,
        time=time.replace(fold=0),
        zone_name=zone_name,
        leaves=change + before,
        arrives=change + after,
        first=_offset_name(early),
        second=_offset_name(late),
    )


def _offset_name(moment: dt.datetime) -> str:
    """'EDT', or 'UTC+10:30' where the zone data has only a number ('+1030')."""
    name = moment.tzname() or ""
    if name and name[0] not in "+-":
        return name
    offset = moment.utcoffset() or dt.timedelta()
    sign = "-" if offset < dt.timedelta() else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    hours, mins = divmod(minutes, 60)
    return f"UTC{sign}{hours}" + (f":{mins:02d}" if mins else "")


def _at(shift: ClockShift, moment: dt.datetime) -> str:
    """A change's clock time, with its day when that is not the post's day (midnight changes)."""
    if moment.date() == shift.day:
        return clock(moment)
    return f"{day_label(moment.date())} {clock(moment)}"


def gap_message(shift: ClockShift) -> str:
    """'02:30 does not exist on Sun 14 Mar 2027 in America/Toronto (clocks go from 02:00 to
    03:00); choose 03:00 or later, or before 02:00'."""
    leaves, arrives = _at(shift, shift.leaves), _at(shift, shift.arrives)
    # a day that starts in the gap (Apia skipped 30 Dec 2011) has no "before" to offer
    earlier = shift.leaves > dt.datetime.combine(shift.day, dt.time())
    message = (
        _(
            "{time} does not exist on {day} in {zone} (clocks go from {leaves} to {arrives}); "
            "choose {arrives} or later, or before {leaves}"
        )
        if earlier
        else _(
            "{time} does not exist on {day} in {zone} (clocks go from {leaves} to {arrives}); "
            "choose {arrives} or later"
        )
    )
    return message.format(
        time=clock(shift.time),
        day=day_label(shift.day, year=True),
        zone=shift.zone_name,
        leaves=leaves,
        arrives=arrives,
    )


def twice_message(shift: ClockShift, fold: int) -> str:
    """'01:30 happens twice on Sun 1 Nov 2026 in America/Toronto (clocks go back from 02:00 to
    01:00): this is the first one, EDT (05:30 UTC)'."""
    message = (
        _(
            "{time} happens twice on {day} in {zone} (clocks go back from {leaves} to "
            "{arrives}): this is the second one, {name} ({utc} UTC)"
        )
        if fold
        else _(
            "{time} happens twice on {day} in {zone} (clocks go back from {leaves} to "
            "{arrives}): this is the first one, {name} ({utc} UTC)"
        )
    )
    return message.format(
        time=clock(shift.time),
        day=day_label(shift.day, year=True),
        zone=shift.zone_name,
        leaves=_at(shift, shift.leaves),
        arrives=_at(shift, shift.arrives),
        name=shift.second if fold else shift.first,
        utc=clock(shift.instant(fold)),
    )


def checked_wall_time(
    day: dt.date | None, time: dt.time | None, zone_name: str, *, new: bool = True
) -> dt.time | None:
    """`time` with the `fold` it keeps: 1 only for the second reading of a repeated time.

    Raises:
        ValidationError (field "time"): `time` does not exist on `day` and is `new` (a
            stored time, even one saved before this check, stays as it is: RFC 5545 and
            `Post.starts_at` move it forward by the gap's length, and the .ics export
            writes its instant in UTC).
    """
    if day is None or time is None:
        return time
    shift = clock_shift(day, time, zone_name)
    if shift is None:
        return time.replace(fold=0)
    if shift.kind == GAP:
        if new:
            raise ValidationError(gap_message(shift), field="time")
        return time.replace(fold=0)
    return time


def with_reading(day: dt.date, time: dt.time, zone_name: str, second: bool) -> dt.time:
    """`time` as the first or `second` reading of a time that happens twice, as asked for
    (the CLI's --second/--first, a spreadsheet's fold column).

    Raises:
        ValidationError (field "time"): `time` happens once on `day`, so there is no
            reading to choose.
    """
    shift = clock_shift(day, time, zone_name)
    if shift is None or shift.kind != TWICE:
        raise ValidationError(
            _("{time} happens once on {day} in {zone}").format(
                time=clock(time), day=day_label(day, year=True), zone=zone_name
            ),
            field="time",
        )
    return time.replace(fold=int(second))


def series_twice_message(shift: ClockShift) -> str:
    """Why a series cannot start at the second reading of a repeated time."""
    return _(
        "{time} happens twice on {day} in {zone}; a repeating post falls on the first one "
        "({first}) on every such day, as calendars read a series: for the second one "
        "({second}), change that one date"
    ).format(
        time=clock(shift.time),
        day=day_label(shift.day, year=True),
        zone=shift.zone_name,
        first=shift.first,
        second=shift.second,
    )
