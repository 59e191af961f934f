"""Contracted time, FTE and coverage: which working days of a period count, the ONLY place.

A period's contracted time is its working days (the `[work] days`) from the first tracked
day (the `tracking_since` setting, else the first entry's day) up to today, minus days off:
statutory holidays of the configured region (the `holidays` package, loaded only when a
region is set) and the leave the person marked (`calepin off`). Today counts whole once it
has an entry, never before; a working day with an entry always counts (so logged hours
never stand on no contract). Weekends, holidays and leave add hours, never contract.

FTE is social minutes ÷ contracted minutes, kept exact (a Fraction), so FTE × contracted
minutes is the social minutes to the minute; coverage is logged ÷ contracted the same way.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Protocol

from storage.errors import ValidationError
from storage.i18n import _, is_french, ngettext, pgettext

if TYPE_CHECKING:
    from storage.store import Store

MAX_OFF_DAYS = 366  # one mark covers at most a year: a longer range is a typo


@dataclass(frozen=True, slots=True)
class DayOff:
    """Leave the person marked: the days first..last (inclusive), with a reason."""

    id: int
    first: dt.date
    last: dt.date
    reason: str

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def covers(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True, slots=True)
class Contracted:
    """The contracted time of one period, day by day, and the figures made from it."""

    first: dt.date
    last: dt.date
    hours_per_week: float
    minutes_per_day: Fraction  # one working day's contract
    since: dt.date | None  # the first tracked day (None: nothing tracked, no setting)
    counted: tuple[dt.date, ...]  # working days that count so far
    to_come: tuple[dt.date, ...]  # working days after those: today until it has an entry, later
    holidays: tuple[tuple[dt.date, str], ...]  # statutory days off on working days, so far
    leave: tuple[tuple[dt.date, str], ...]  # marked days off on working days, so far
    without_entries: int  # counted days before today with nothing logged

    @property
    def minutes(self) -> int:
        """Contracted minutes so far (whole minutes: FTE and coverage divide by this)."""
        return round(self.minutes_per_day * len(self.counted))

    @property
    def whole_minutes(self) -> int:
        """Contracted minutes of the whole period: the days so far and the days to come."""
        return round(self.minutes_per_day * (len(self.counted) + len(self.to_come)))

    def fte(self, social_minutes: int) -> Fraction | None:
        """Full-time equivalents: social minutes ÷ contracted minutes (None: no contract yet)."""
        return Fraction(social_minutes, self.minutes) if self.minutes else None

    def coverage(self, logged_minutes: int) -> Fraction | None:
        """Logged ÷ contracted minutes (None: no contract yet); may pass 1 with overtime."""
        return Fraction(logged_minutes, self.minutes) if self.minutes else None

    def hours_per_week_of(self, fte: Fraction | None) -> float | None:
        """An FTE as hours in a contracted week: 0.5 FTE at 35 h → 17.5."""
        return None if fte is None else float(fte * Fraction(self.hours_per_week))


class ContractSettings(Protocol):
    """What contracted time needs from the settings (storage.settings.Settings fits)."""

    hours_per_week: float
    working_days: tuple[int, ...]
    holidays: str | None
    tracking_since: dt.date | None


def period_contract(
    store: Store,
    first: dt.date,
    last: dt.date,
    *,
    today: dt.date,
    settings: ContractSettings,
    days_with_entries: Collection[dt.date],
    zone: dt.tzinfo | None = None,
) -> Contracted:
    """The contracted time of first..last as of `today`, from the store and the settings:
    what the report, the summary and the command line all show."""
    since = settings.tracking_since or store.first_entry_day(zone)
    off = days_off_in(first, last, settings.holidays, store.days_off(first, last))
    return contracted_time(
        first,
        last,
        today=today,
        hours_per_week=settings.hours_per_week,
        working_days=settings.working_days,
        since=since,
        days_with_entries=days_with_entries,
        days_off=off,
    )


def contracted_time(
    first: dt.date,
    last: dt.date,
    *,
    today: dt.date,
    hours_per_week: float,
    working_days: Collection[int],
    since: dt.date | None,
    days_with_entries: Collection[dt.date],
    days_off: Mapping[dt.date, tuple[bool, str]] | None = None,
) -> Contracted:
    """The contracted time of first..last (inclusive), as of `today`.

    Args:
        since: the first tracked day: `tracking_since`, else the first entry's day.
        days_with_entries: the days of the period with logged (counted) time.
        days_off: {day: (statutory?, why)}: holidays and marked leave (see `days_off_in`).
    """
    days_off = days_off or {}
    per_day = Fraction(hours_per_week * 60) / max(1, len(working_days))
    counted: list[dt.date] = []
    to_come: list[dt.date] = []
    holidays: list[tuple[dt.date, str]] = []
    leave: list[tuple[dt.date, str]] = []
    empty = 0
    weekdays = frozenset(working_days)
    day = first
    while day <= last:
        if day.weekday() in weekdays:
            off = days_off.get(day)
            logged = day in days_with_entries
            if off is not None:
                if day <= today and ((since is not None and day >= since) or logged):
                    (holidays if off[0] else leave).append((day, off[1]))
            elif logged and day <= today:
                counted.append(day)
            elif day < today and since is not None and day >= since:
                counted.append(day)
                empty += 1
            elif day >= today and (since is None or day >= since):
                to_come.append(day)
        day += dt.timedelta(days=1)
    return Contracted(
        first=first,
        last=last,
        hours_per_week=hours_per_week,
        minutes_per_day=per_day,
        since=since,
        counted=tuple(counted),
        to_come=tuple(to_come),
        holidays=tuple(holidays),
        leave=tuple(leave),
        without_entries=empty,
    )


def days_off_in(
    first: dt.date, last: dt.date, region: str | None, leave: Iterable[DayOff]
) -> dict[dt.date, tuple[bool, str]]:
    """{day: (statutory?, why)} for first..last: the region's holidays, then marked leave."""
    off: dict[dt.date, tuple[bool, str]] = {}
    leave_word = pgettext("day off", "leave")
    if region:
        for year in range(first.year, last.year + 1):
            for day, name in statutory_holidays(region, year):
                if first <= day <= last:
                    off[day] = (True, name)
    for mark in leave:
        day = max(first, mark.first)
        while day <= min(last, mark.last):
            off.setdefault(day, (False, mark.reason or leave_word))
            day += dt.timedelta(days=1)
    return off


def split_region(text: str) -> tuple[str, str | None]:
    """'CA-QC' → ('CA', 'QC'); 'FR' → ('FR', None)."""
    country, _dash, subdivision = text.strip().upper().partition("-")
    return country, subdivision or None


def check_region(text: str) -> str:
    """`text` as a holidays region like "CA-QC" or "FR", upper-cased.

    Raises:
        ValidationError: a country or region the holidays calendars do not know.
    """
    import holidays  # lazy: only a configured region loads the calendars

    country, subdivision = split_region(text)
    supported: dict[str, list[str]] = holidays.list_supported_countries()
    if country not in supported:
        raise ValidationError(
            _(
                "holidays: no statutory calendar for '{region}'; use a country code like"
                ' "FR" or a country and region like "CA-QC"'
            ).format(region=text.strip()),
            field="holidays",
        )
    regions = [str(r).upper() for r in supported[country]]
    if subdivision is not None and subdivision not in regions:
        known = ", ".join(regions[:30]) + (" …" if len(regions) > 30 else "")
        message = (
            _("holidays: {country} has no region '{region}'; its regions are {known}")
            if known
            else _("holidays: {country} has no region '{region}'; use the country alone")
        )
        raise ValidationError(
            message.format(country=country, region=subdivision, known=known), field="holidays"
        )
    return country if subdivision is None else f"{country}-{subdivision}"


def statutory_holidays(region: str, year: int) -> tuple[tuple[dt.date, str], ...]:
    """The region's statutory holidays in `year`, as (day, name), in date order; named in
    the language in use when the calendar has names in it. The language is always given:
    without one, the holidays package reads the locale (`LANG`), so Québec's 24 June read
    'Saint Jean Baptiste Day' or 'Saint John the Baptist Day' depending on the shell."""
    return _statutory_holidays(region, year, "fr" if is_french() else "en_US")


@functools.lru_cache(maxsize=64)
def _statutory_holidays(region: str, year: int, language: str) -> tuple[tuple[dt.date, str], ...]:
    import holidays  # lazy: only a configured region loads the calendars

    country, subdivision = split_region(region)
    try:
        # A language the country's calendar lacks falls back on its own: names never missing.
        calendar = holidays.country_holidays(
            country, subdiv=subdivision, years=year, language=language
        )
    except NotImplementedError:
        raise ValidationError(
            _("holidays: no statutory calendar for '{region}'").format(region=region)
        ) from None
    return tuple(sorted((day, str(name)) for day, name in calendar.items()))


def split_range(text: str) -> tuple[str, str]:
    """'2026-12-24..2027-01-02' → ('2026-12-24', '2027-01-02'); one day → (it, it)."""
    first, sep, last = text.partition("..")
    first, last = first.strip(), last.strip()
    if not first or (sep and not last):
        raise ValidationError(
            _("'{text}' is not a day or a range like 2026-12-24..2027-01-02").format(text=text),
            field="days",
        )
    return first, (last or first)


def parse_days_off(text: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """What people type for days off: '2026-12-24..2027-01-02', '24 dec', 'fri' → (first, last).

    Raises:
        ParseError / ValidationError: the message says what was not understood.
    """
    from storage.grammar import parse_day  # lazy: the report never parses what people type

    first_text, last_text = split_range(text)
    first = parse_day(first_text, today, prefer="future")
    last = parse_day(last_text, today, prefer="future") if last_text != first_text else first
    return first, last


def check_days_off(first: dt.date, last: dt.date, taken: Sequence[DayOff]) -> None:
    """Refuse a range that ends before it starts, is too long, or meets leave already marked.

    Raises:
        ValidationError: the message says which.
    """
    if last < first:
        raise ValidationError(
            _("the days off end ({last}) before they start ({first})").format(
                last=last, first=first
            )
        )
    if (last - first).days + 1 > MAX_OFF_DAYS:
        raise ValidationError(
            ngettext(
                "days off are marked at most {count} day at a time",
                "days off are marked at most {count} days at a time",
                MAX_OFF_DAYS,
            ).format(count=MAX_OFF_DAYS)
        )
    for mark in taken:
        if mark.first <= last and first <= mark.last:
            what = f"{mark.first}" if mark.days == 1 else f"{mark.first}..{mark.last}"
            message = (
                _(
                    "{days} {reason} is already marked off (#{id}); remove it first"
                    " with `calepin off rm {id}`"
                )
                if mark.reason
                else _(
                    "{days} is already marked off (#{id}); remove it first"
                    " with `calepin off rm {id}`"
                )
            )
            raise ValidationError(message.format(days=what, reason=mark.reason, id=mark.id))
