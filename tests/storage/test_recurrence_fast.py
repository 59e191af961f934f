"""The recurrence engine's fast path equals dateutil's rrule on random rules (hypothesis)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from storage import recurrence, recurrence_fast

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
TORONTO = ZoneInfo("America/Toronto")
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# A monthly rule mixing nth and plain weekdays ('3MO,SA') gives no date as dateutil reads it, and
# dateutil takes about 0.5 s to find none (the engine knows at once): one rule in 25, 90 % of the
# time. 100 rules (about four such) for the engine test, not 300.
ENGINE_SETTINGS = settings(SETTINGS, max_examples=100)


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


@st.composite
def rules(draw: st.DrawFn) -> tuple[dict[str, str], dt.date, dt.time | None]:
    """A rule's parts (UNTIL as written by a person), its first date and its time of day."""
    first = draw(st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)))
    time = draw(st.none() | st.times().map(lambda t: t.replace(microsecond=0)))
    freq = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]))
    parts = {"FREQ": freq}
    if draw(st.booleans()):
        parts["INTERVAL"] = str(draw(st.integers(1, 4)))
    weekdays = st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=4, unique=True)
    # BYDAY and BYMONTHDAY where they are common (weekly, monthly), sometimes elsewhere too,
    # so the rules the fast path leaves to dateutil are checked through the engine as well.
    if (freq == "WEEKLY" and draw(st.booleans())) or draw(st.integers(0, 9)) == 0:
        parts["BYDAY"] = ",".join(draw(weekdays))
    if freq == "MONTHLY":
        kind = draw(st.sampled_from(["day", "byday", "nth", "monthday", "mixed"]))
        if kind == "byday":
            parts["BYDAY"] = ",".join(draw(weekdays))
        elif kind in ("nth", "mixed"):
            nth = st.integers(-5, 5).filter(bool).map(str)
            chosen = draw(
                st.lists(st.tuples(nth, st.sampled_from(WEEKDAYS)), min_size=1, max_size=3)
            )
            items = [n + w for n, w in chosen]
            if kind == "mixed":
                items.append(draw(st.sampled_from(WEEKDAYS)))
            parts["BYDAY"] = ",".join(dict.fromkeys(items))
        elif kind == "monthday":
            day = st.integers(1, 31).flatmap(lambda d: st.sampled_from([str(d), f"-{d}"]))
            parts["BYMONTHDAY"] = ",".join(draw(st.lists(day, min_size=1, max_size=3, unique=True)))
    elif draw(st.integers(0, 9)) == 0:
        parts["BYMONTHDAY"] = str(draw(st.integers(1, 28)))
    if draw(st.booleans()):
        parts["WKST"] = draw(st.sampled_from(WEEKDAYS))
    end = draw(st.sampled_from(["none", "count", "until_date", "until_local", "until_utc"]))
    later = st.integers(0, 3 * 366).map(lambda n: first + dt.timedelta(days=n))
    if end == "count":
        parts["COUNT"] = str(draw(st.integers(1, 40)))
    elif end == "until_date":
        parts["UNTIL"] = f"{draw(later):%Y%m%d}"
    elif end != "none":
        moment = dt.datetime.combine(draw(later), draw(st.times()).replace(microsecond=0))
        parts["UNTIL"] = _stamp(moment) + ("Z" if end == "until_utc" else "")
    return parts, first, time


windows = st.tuples(st.integers(-400, 3 * 366), st.integers(0, 2 * 366))


def _dateutil(parts: dict[str, str], first: dt.date, time: dt.time | None) -> dict[str, str]:
    """The rule as dateutil takes it: UNTIL as wall-clock text (a bare date: its whole day)."""
    wall = dict(parts)
    until = wall.get("UNTIL")
    if until and until.endswith("Z"):
        instant = dt.datetime.strptime(until, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
        wall["UNTIL"] = _stamp(instant.astimezone(TORONTO).replace(tzinfo=None))
    elif until and "T" not in until:
        wall["UNTIL"] = until + "T235959"
    return wall


def _expected(
    wall: dict[str, str], first: dt.date, time: dt.time | None, lo: dt.date, hi: dt.date
) -> list[dt.date]:
    text = ";".join(f"{k}={v}" for k, v in wall.items())
    built = rrulestr(text, dtstart=dt.datetime.combine(first, time or dt.time()))
    found = built.between(
        dt.datetime.combine(lo, dt.time()), dt.datetime.combine(hi, dt.time.max), inc=True
    )
    return sorted({moment.date() for moment in found})


def _window(first: dt.date, window: tuple[int, int]) -> tuple[dt.date, dt.date]:
    lo = first + dt.timedelta(days=window[0])
    return lo, lo + dt.timedelta(days=window[1])


@SETTINGS
@given(rules(), windows)
def test_fast_path_equals_dateutil(rule: tuple, window: tuple[int, int]) -> None:
    parts, first, time = rule
    wall = _dateutil(parts, first, time)
    lo, hi = _window(first, window)
    text = ";".join(f"{k}={v}" for k, v in wall.items())
    fast = recurrence_fast.dates_between(text, first, time, lo, hi)
    event("fast path" if fast is not None else "left to dateutil")
    if fast is not None:  # None: a rule the fast path leaves to dateutil
        assert fast == _expected(wall, first, time, lo, hi), text


@ENGINE_SETTINGS
@given(rules(), windows)
def test_engine_equals_dateutil(rule: tuple, window: tuple[int, int]) -> None:
    parts, first, time = rule
    lo, hi = _window(first, window)
    text = ";".join(f"{k}={v}" for k, v in parts.items())
    got = recurrence.dates_between(text, first, time, TORONTO, lo, hi)
    assert got == _expected(_dateutil(parts, first, time), first, time, lo, hi), text


def test_the_common_rules_take_the_fast_path() -> None:
    first, lo, hi = dt.date(2026, 1, 6), dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    for rule in [
        "FREQ=DAILY;INTERVAL=2",
        "FREQ=WEEKLY;BYDAY=TU,TH;WKST=SU",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20260601T090000",
        "FREQ=MONTHLY;BYDAY=2TU,-1FR;COUNT=10",
        "FREQ=MONTHLY;BYMONTHDAY=6,-1",
        "FREQ=YEARLY",
    ]:
        assert recurrence_fast.dates_between(rule, first, dt.time(9), lo, hi) is not None, rule
