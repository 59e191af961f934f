"""Recurring posts: RFC 5545 RRULE text expanded on wall-clock dates (pure, no database)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from storage import recurrence_fast, wording
from storage.calendar import ICS_WEEKDAYS, MAX_INTERVAL
from storage.errors import ValidationError
from storage.i18n import _

if TYPE_CHECKING:
    from dateutil.rrule import rrule

    from storage.models import Post

FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_INTERVAL = re.compile(r"INTERVAL=([^;]*)", re.IGNORECASE)
_KEYS = {
    "FREQ",
    "INTERVAL",
    "COUNT",
    "UNTIL",
    "BYDAY",
    "BYMONTHDAY",
    "BYYEARDAY",
    "BYWEEKNO",
    "BYMONTH",
    "BYSETPOS",
    "WKST",
}
_UNTIL_DATE = re.compile(r"^\d{8}$")
_UNTIL_LOCAL = re.compile(r"^\d{8}T\d{6}$")
_UNTIL_UTC = re.compile(r"^\d{8}T\d{6}Z$")


def _parts(rule: str) -> dict[str, str]:
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts: dict[str, str] = {}
    for chunk in text.split(";"):
        if not chunk.strip():
            continue
        key, sep, value = chunk.partition("=")
        key, value = key.strip().upper(), value.strip().upper()
        if not sep or not value:
            raise ValidationError(
                _("'{chunk}' is not KEY=VALUE").format(chunk=chunk.strip()), field="repeat"
            )
        if key not in _KEYS:
            raise ValidationError(
                _("'{key}' is not supported in a repeat rule").format(key=key), field="repeat"
            )
        if key in parts:
            raise ValidationError(
                _("'{key}' appears twice in the repeat rule").format(key=key), field="repeat"
            )
        parts[key] = value
    return parts


def _join(parts: dict[str, str]) -> str:
    order = ["FREQ", *sorted(k for k in parts if k != "FREQ")]
    return ";".join(f"{k}={parts[k]}" for k in order if k in parts)


def normalise(rule: str) -> str:
    """The canonical text of a rule (upper case, no `RRULE:` prefix, FREQ first).

    Raises:
        ValidationError: not an RRULE Calepin can keep (posts repeat daily at most).
    """
    if "\n" in rule or "\r" in rule:
        raise ValidationError(_("a repeat rule is one line"), field="repeat")
    parts = _parts(rule)
    freq = parts.get("FREQ")
    if freq not in FREQUENCIES:
        message = (
            _("a repeat rule needs FREQ={frequencies} (got {freq})")
            if freq
            else _("a repeat rule needs FREQ={frequencies} (got none)")
        )
        raise ValidationError(
            message.format(frequencies="/".join(FREQUENCIES), freq=freq), field="repeat"
        )
    if "COUNT" in parts and "UNTIL" in parts:
        raise ValidationError(_("a repeat rule takes COUNT or UNTIL, not both"), field="repeat")
    until = parts.get("UNTIL")
    if until and not (
        _UNTIL_DATE.match(until) or _UNTIL_LOCAL.match(until) or _UNTIL_UTC.match(until)
    ):
        raise ValidationError(
            _("UNTIL={until} is not a date like 20270601").format(until=until), field="repeat"
        )
    return _join(parts)


def _wall_until(until: str, zone: dt.tzinfo) -> str:
    """UNTIL as naive wall-clock text: a bare date includes that whole day; UTC is converted."""
    if _UNTIL_DATE.match(until):
        return until + "T235959"
    if _UNTIL_UTC.match(until):
        instant = dt.datetime.strptime(until, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
        return instant.astimezone(zone).strftime("%Y%m%dT%H%M%S")
    return until


def build(rule: str, first: dt.date, time: dt.time | None, zone: dt.tzinfo) -> rrule:
    """A dateutil rrule on naive wall-clock datetimes, so DST never shifts the time of day."""
    return _build_cached(rule, first, time, zone)


# Views expand the same few series on every week switch: parsing each rule once and letting
# dateutil keep the dates it has walked through (cache=True) makes later weeks cheap.
@functools.lru_cache(maxsize=512)
def _build_cached(rule: str, first: dt.date, time: dt.time | None, zone: dt.tzinfo) -> rrule:
    from dateutil.rrule import rrulestr

    start = dt.datetime.combine(first, time or dt.time())
    wall = _wall_rule(rule, zone)
    if _interval(wall) is None:  # saved before `validate` refused it
        wall = "FREQ=DAILY;COUNT=0"  # no date at all
    try:
        built = rrulestr(wall, dtstart=start, cache=True)
    except (ValueError, TypeError, OverflowError) as exc:
        raise ValidationError(
            _("invalid repeat rule '{rule}': {error}").format(rule=rule, error=exc), field="repeat"
        ) from None
    return built  # type: ignore[return-value]


def validate(rule: str, first: dt.date, zone: dt.tzinfo) -> str:
    """The normalised rule, after checking dateutil can expand it from `first` and that
    `first` is one of its dates.

    A first date off the rule (weekly on Tuesdays, starting on a Wednesday) is refused:
    RFC 5545 counts it, dateutil and most calendar apps do not, so it would show in some
    places and not others.

    Raises:
        ValidationError: the message says what is wrong with the rule.
    """
    text = normalise(rule)
    # A rule saved before this check reads as giving no date (build), never as an error.
    interval = _interval(text)
    if interval is None or interval > MAX_INTERVAL:
        raise ValidationError(
            _("INTERVAL={interval}: the interval is a whole number from 1 to {most}").format(
                interval=_parts(text)["INTERVAL"][:20], most=MAX_INTERVAL
            ),
            field="repeat",
        )
    real = first_date(text, first, zone)
    if real is None:
        raise ValidationError(
            _("this repeat rule gives no date from {day} on").format(day=_day(first)),
            field="repeat",
        )
    if real != first:
        days = _parts(text).get("BYDAY", "")
        if _parts(text)["FREQ"] == "WEEKLY" and days in ICS_WEEKDAYS:
            message = _("{day} is not a {weekday} of this rule: start the series on {first}")
        else:
            message = _("{day} is not a date of this rule: start the series on {first}")
        raise ValidationError(
            message.format(
                day=_day(first, real),
                weekday=wording.weekday_name(days) if days in ICS_WEEKDAYS else "",
                first=_day(real, first),
            ),
            field="repeat",
        )
    return text


def first_date(rule: str, first: dt.date, zone: dt.tzinfo) -> dt.date | None:
    """The rule's first real date on or after `first` (None: it gives none)."""
    if _never_falls(rule):
        return None
    found = build(rule, first, None, zone).after(dt.datetime.combine(first, dt.time()), inc=True)
    return None if found is None else found.date()


_DAY_FILTERS = ("BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO")
# The Gregorian calendar repeats every 400 years: days, weekdays, week numbers alike.
_LAST_CYCLE = dt.datetime(dt.MAXYEAR - 399, 1, 1)


@functools.lru_cache(maxsize=512)
def _never_falls(rule: str) -> bool:
    """Whether the rule's filters of days agree on none (daily in February on the 30th).

    dateutil would walk such a rule one period at a time to the year 9999 (8 s for a daily
    one, half a second for a monthly one) looking for a date; rules come from calendar
    servers too. Looking for one in a single 400-year cycle with the filters alone is
    enough, and quick. A rule that cannot be read is left to `build`, which says why.
    """
    try:
        parts = _parts(rule)
    except ValidationError:
        return False
    if _numbered_weekdays_never_fall(parts):
        return True
    kept = {key: parts[key] for key in _DAY_FILTERS if key in parts}
    weekdays = parts.get("BYDAY", "")
    if weekdays and not any(c.isdigit() for c in weekdays):  # "2MO" means another thing yearly
        kept["BYDAY"] = weekdays
    if len(kept) < 2:
        return False  # one filter alone always falls on some day
    from dateutil.rrule import rrulestr

    try:
        filters = rrulestr(_join({"FREQ": "YEARLY", **kept}), dtstart=_LAST_CYCLE)
        return filters.after(_LAST_CYCLE, inc=True) is None  # type: ignore[union-attr]
    except (ValueError, TypeError, OverflowError):
        return False  # dateutil's own refusal says it better, in build()


_NUMBERED_WEEKDAY = re.compile(r"([+-]?\d+)([A-Z]{2})")


def _numbered_weekdays_never_fall(parts: dict[str, str]) -> bool:
    """Monthly and yearly, dateutil reads numbered weekdays beside plain ones ('3MO,SA') as
    both at once: a day must be the third Monday and a Saturday, which none is. A month has
    no sixth Monday, nor a year a 54th."""
    if parts.get("FREQ") not in ("MONTHLY", "YEARLY"):
        return False
    numbered: list[tuple[int, str]] = []
    plain: set[str] = set()
    for item in parts.get("BYDAY", "").split(","):
        found = _NUMBERED_WEEKDAY.fullmatch(item.strip())
        if found is not None:
            numbered.append((int(found[1]), found[2]))
        elif item.strip():
            plain.add(item.strip())
    if not numbered or any(n == 0 for n, _ in numbered):
        return False  # none, or one dateutil refuses (build says so)
    if plain and not any(day in plain for _, day in numbered):
        return True
    most = 5 if parts["FREQ"] == "MONTHLY" or "BYMONTH" in parts else 53
    return all(abs(n) > most for n, _ in numbered)


def _interval(rule: str) -> int | None:
    """The rule's INTERVAL (1 when it has none); None when it is not a whole number of 1 or
    more: with 0 dateutil gives the same moment forever (the app hung), a negative one fails
    deep inside it."""
    found = _INTERVAL.search(rule)
    if found is None:
        return 1
    text = found[1].strip()
    return int(text) if text.isdigit() and int(text) >= 1 else None


def _day(day: dt.date, other: dt.date | None = None) -> str:
    """'Wed 2 Dec', with the year when `other` is in another year."""
    return wording.day_label(day, year=other is None or other.year != day.year)


# The longest period a calendar lists repeating posts over (each a copy per date).
MAX_SPAN_YEARS = 10


def check_span(first: dt.date, last: dt.date) -> None:
    """Raises ValidationError when `first`–`last` is longer than MAX_SPAN_YEARS."""
    if (last - first).days >= MAX_SPAN_YEARS * 366:
        raise ValidationError(
            _(
                "repeating posts are listed at most {count} years at a time;"
                " {first} to {last} is longer — choose a shorter period"
            ).format(count=MAX_SPAN_YEARS, first=f"{first:%Y-%m-%d}", last=f"{last:%Y-%m-%d}")
        )


def dates_between(
    rule: str,
    first: dt.date,
    time: dt.time | None,
    zone: dt.tzinfo,
    start: dt.date,
    end: dt.date,
) -> list[dt.date]:
    """Dates from `start` to `end` inclusive on which the series from `first` falls, in order.

    The one expansion every surface uses (calendar, report, prep blocks, exports). The first
    date counts when it fits the rule, as dateutil reads it; `validate` refuses series whose
    first date does not. Common rules take a fast path proven equal to dateutil
    (storage.recurrence_fast); the rest go through dateutil's rrule.
    """
    if end < start or end < first:
        return []
    wall = _wall_rule(rule, zone)
    days = recurrence_fast.dates_between(wall, first, time, max(start, first), end)
    if days is not None:
        return days
    if _never_falls(wall):
        return []
    built = build(rule, first, time, zone)
    lo = dt.datetime.combine(max(start, first), dt.time())
    hi = dt.datetime.combine(end, dt.time.max)
    return sorted({d.date() for d in built.between(lo, hi, inc=True)})


@functools.lru_cache(maxsize=512)
def _wall_rule(rule: str, zone: dt.tzinfo) -> str:
    """The normalised rule with UNTIL as wall-clock text, as dateutil is given it."""
    parts = _parts(normalise(rule))
    if "UNTIL" in parts:
        parts["UNTIL"] = _wall_until(parts["UNTIL"], zone)
    return _join(parts)


def is_occurrence(series: Post, day: dt.date) -> bool:
    """Whether the series falls on `day` by its rule (skips not considered)."""
    if series.rrule is None or series.date is None:
        return False
    zone = ZoneInfo(series.timezone)
    return day in dates_between(series.rrule, series.date, series.time, zone, day, day)


def with_until(rule: str, last_day: dt.date) -> str:
    """The rule ending on `last_day` inclusive (any COUNT or UNTIL replaced)."""
    parts = _parts(normalise(rule))
    parts.pop("COUNT", None)
    parts["UNTIL"] = last_day.strftime("%Y%m%d")
    return _join(parts)


def expand(
    series: Post,
    first: dt.date,
    last: dt.date,
    *,
    overridden: Iterable[dt.date] = (),
) -> list[Post]:
    """One Post per occurrence of `series` from `first` to `last` inclusive, in its own zone.

    Each copy keeps the series' id, time and zone; `date` and `recurrence_date` are the
    occurrence's date. Skipped dates and the original dates in `overridden` are left out
    (the override rows stand in for those).
    """
    if series.rrule is None or series.date is None:
        return []
    hidden = set(series.skipped_dates) | set(overridden)
    zone = ZoneInfo(series.timezone)
    return [
        replace(series, date=day, recurrence_date=day)
        for day in dates_between(series.rrule, series.date, series.time, zone, first, last)
        if day not in hidden
    ]


def sort_key(post: Post) -> tuple[dt.date, bool, dt.time, int]:
    """Calendar order: by date, timeless posts first, then by time."""
    return (post.date or dt.date.min, post.time is not None, post.time or dt.time(), post.id)
