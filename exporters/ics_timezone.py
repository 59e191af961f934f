"""VTIMEZONE components built from the tz database, as yearly RRULEs (never RDATE lists)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from exporters.ics_text import UTC, escape_text, fold_line, local_stamp, utc_stamp, zone
from storage.calendar import ICS_WEEKDAYS


@dataclass(frozen=True, slots=True)
class _Transition:
    utc: dt.datetime
    before: dt.timedelta
    after: dt.timedelta
    name: str

    @property
    def daylight(self) -> bool:
        return self.after > self.before

    @property
    def local(self) -> dt.datetime:
        """Wall-clock time of the change, in the offset in force before it (RFC 5545 §3.6.5)."""
        return (self.utc + self.before).replace(tzinfo=None)

    def shape(self) -> tuple[object, ...]:
        local = self.local
        return (self.daylight, local.month, local.time(), self.before, self.after, self.name)


def _offset(tz: ZoneInfo, ts: float) -> dt.timedelta:
    offset = dt.datetime.fromtimestamp(ts, tz).utcoffset()
    assert offset is not None
    return offset


def _transitions(tz: ZoneInfo, year: int) -> list[_Transition]:
    """Offset changes within `year`, found by daily probes then bisection to the second."""
    start = int(dt.datetime(year, 1, 1, tzinfo=UTC).timestamp())
    stop = int(dt.datetime(year + 1, 1, 1, tzinfo=UTC).timestamp())
    found = []
    previous_ts, previous = start, _offset(tz, start)
    for ts in range(start + 86_400, stop + 1, 86_400):
        current = _offset(tz, ts)
        if current != previous:
            lo, hi = previous_ts, ts
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if _offset(tz, mid) == previous:
                    lo = mid
                else:
                    hi = mid
            instant = dt.datetime.fromtimestamp(hi, UTC)
            found.append(
                _Transition(instant, previous, current, instant.astimezone(tz).tzname() or "")
            )
        previous_ts, previous = ts, current
    return found


def _offset_text(offset: dt.timedelta) -> str:
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    text = f"{sign}{seconds // 3600:02d}{seconds % 3600 // 60:02d}"
    return text + (f"{seconds % 60:02d}" if seconds % 60 else "")


def _byday_rule(days: Sequence[dt.datetime]) -> str:
    """BYMONTH/BYDAY (or BYMONTHDAY) that yields each of `days` (same month, one per year)."""
    month = days[0].month
    weekdays = {d.weekday() for d in days}
    if len(weekdays) > 1:  # a fixed date, whatever the weekday
        return f"BYMONTH={month};BYMONTHDAY={days[0].day}"
    weekday = ICS_WEEKDAYS[days[0].weekday()]
    nths = {(d.day - 1) // 7 + 1 for d in days}
    last = all(d.day + 7 > calendar.monthrange(d.year, d.month)[1] for d in days)
    if last and (len(nths) > 1 or max(nths) >= 4):
        return f"BYMONTH={month};BYDAY=-1{weekday}"
    if len(nths) == 1 and max(nths) <= 4:
        return f"BYMONTH={month};BYDAY={nths.pop()}{weekday}"
    low = min(d.day for d in days)  # "the first <weekday> on or after <low>"
    span = ",".join(str(n) for n in range(low, low + 7))
    return f"BYMONTH={month};BYDAY={weekday};BYMONTHDAY={span}"


def _observance(kind: str, first: _Transition, rule: str | None) -> list[str]:
    lines = [
        f"BEGIN:{kind}",
        f"DTSTART:{local_stamp(first.local)}",
        f"TZOFFSETFROM:{_offset_text(first.before)}",
        f"TZOFFSETTO:{_offset_text(first.after)}",
    ]
    if rule:
        lines.append(f"RRULE:FREQ=YEARLY;{rule}")
    if first.name:
        lines.append(fold_line(f"TZNAME:{escape_text(first.name)}"))
    lines.append(f"END:{kind}")
    return lines


@lru_cache(maxsize=256)
def vtimezone_lines(zone_name: str, first_year: int, last_year: int) -> tuple[str, ...]:
    """A VTIMEZONE for `zone_name` matching the tz database from `first_year` to `last_year`.

    Each run of years with the same daylight-saving rule gives one STANDARD and one DAYLIGHT
    observance with `RRULE:FREQ=YEARLY;BYMONTH=…;BYDAY=…` (never RDATE lists, which Outlook
    misreads); a zone without DST gives a single STANDARD. The year before `first_year` is
    probed too, so events early in `first_year` follow an observance that has begun.
    """
    tz = zone(zone_name)
    years = list(range(first_year - 1, last_year + 1))
    per_year = {year: _transitions(tz, year) for year in years}
    # Group consecutive years whose changes have the same shape (month, time, offsets, name).
    groups: list[list[int]] = []
    for year in years:
        shape = [t.shape() for t in per_year[year]]
        if groups and [t.shape() for t in per_year[groups[-1][0]]] == shape:
            groups[-1].append(year)
        else:
            groups.append([year])
    lines = ["BEGIN:VTIMEZONE", f"TZID:{zone_name}"]
    for index, group in enumerate(groups):
        is_last = index == len(groups) - 1
        changes = [per_year[y] for y in group]
        if not changes[0]:  # no change in these years: one fixed offset
            moment = dt.datetime(group[0], 1, 1, 12, tzinfo=UTC).astimezone(tz)
            offset = moment.utcoffset() or dt.timedelta()
            fixed = _Transition(
                dt.datetime(group[0], 1, 1) - offset, offset, offset, moment.tzname() or ""
            )
            lines += _observance("STANDARD", fixed, None)
            continue
        for position, first in enumerate(changes[0]):
            kind = "DAYLIGHT" if first.daylight else "STANDARD"
            repeats = len(changes[0]) == 2  # the usual shape: one change each way per year
            rule = None
            if repeats:
                rule = _byday_rule([year_changes[position].local for year_changes in changes])
                if not is_last:
                    rule += f";UNTIL={utc_stamp(changes[-1][position].utc)}"
            lines += _observance(kind, first, rule)
            if not repeats:
                for year_changes in changes[1:]:
                    lines += _observance(kind, year_changes[position], None)
    lines.append("END:VTIMEZONE")
    return tuple(lines)
