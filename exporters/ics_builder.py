"""The VEVENT writer of the .ics export: a post's event (times, rule, text) and busy blocks,
and the options that shape the calendar. `exporters.ics` decides which events go out.

A post's time is wall clock in its zone. An event of one date (a single post, one changed
date of a series) whose start or end falls in an hour the zone repeats, or skips, is
written in UTC (`DTSTART:…Z`): readers disagree on such TZID wall times (RFC 5545 takes the
first reading of a repeated one, some calendars the second, and they move a skipped one
differently), and the post may mean the second reading (`Post.fold`). A series keeps its
zone's wall time: its RRULE must repeat in local time, and storage expands its dates as
RFC 5545 §3.3.5 says (a repeated time is the first reading, a skipped one moves forward by
the gap), which is what zoneinfo gives `Post.starts_at` with fold 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from exporters.ics_text import (
    UTC,
    clean,
    date_stamp,
    dt_prop,
    escape_text,
    fold_line,
    is_utc,
    plus_minutes,
    utc_stamp,
    zone,
)
from storage import Post, Status
from storage.i18n import _

_TENTATIVE = frozenset({Status.IDEA, Status.DRAFTING, Status.READY, Status.ON_HOLD})
_STATUS = {s: "TENTATIVE" for s in _TENTATIVE} | {
    Status.SCHEDULED: "CONFIRMED",
    Status.PUBLISHED: "CONFIRMED",
    Status.CANCELLED: "CANCELLED",
}


# ---------------------------------------------------------------- options

# What each client needs is decided in `exporters.ics_profiles`; the builder only marks
# all-day events for Outlook.
PROFILES = ("generic", "outlook", "google")


@dataclass(frozen=True, slots=True)
class WorkingDay:
    """When prep work happens: weekdays (0 = Monday) and office hours."""

    weekdays: frozenset[int] = frozenset(range(5))
    start: dt.time = dt.time(9)
    end: dt.time = dt.time(17)


@dataclass(frozen=True, slots=True)
class IcsOptions:
    """How to shape the calendar.

    `calendar_name` None leaves out X-WR-CALNAME and X-WR-TIMEZONE (for partial exports);
    `zone_name` is the calendar's zone, used for prep blocks and logged time.
    `include_notes` False (the default) keeps private notes out: a post's notes and a logged
    entry's note leave only when asked for (calendars are often shared with colleagues).
    `cancelled_days`: for how long after a deletion exports cancel what was deleted (None:
    the store's `ics_cancelled_days` setting, else 90; see `saved_cancelled_days`).
    `profile`: the client the file is for (`PROFILES`; see `exporters.ics_profiles`).
    """

    zone_name: str = "UTC"
    calendar_name: str | None = "Calepin"
    event_minutes: int = 15
    with_prep: bool = False
    with_time: bool = False
    include_notes: bool = False
    working_day: WorkingDay = field(default_factory=WorkingDay)
    cancelled_days: int | None = None
    profile: str = "generic"


# ---------------------------------------------------------------- events


def _summary(post: Post) -> str:
    return f"[{post.platform}] {post.title}"


def _description(post: Post, include_notes: bool) -> str:
    parts = [post.body.strip()]
    if include_notes and post.notes.strip():
        parts.append(_("Notes: {notes}").format(notes=post.notes.strip()))
    if post.link:
        parts.append(_("Link: {link}").format(link=post.link))
    return "\n\n".join(p for p in parts if p)


def _categories(post: Post) -> str:
    values = [post.platform] + ([post.campaign] if post.campaign else [])
    return ",".join(escape_text(v) for v in values)


def _rrule_value(rule: str, post: Post) -> str:
    """The stored rule with UNTIL in UTC for timed posts (a date, inclusive, for all-day ones)."""
    text = rule.strip()
    if text[:6].upper() == "RRULE:":
        text = text[6:]
    parts = []
    for part in text.split(";"):
        key, _, value = part.partition("=")
        key = key.strip().upper()
        if not key or key == "DTSTART":
            continue
        if key == "UNTIL":
            value = _until(value.strip().upper(), post)
        parts.append(f"{key}={value}")
    return ";".join(parts)


def _until(value: str, post: Post) -> str:
    tz = None if is_utc(post.timezone) else zone(post.timezone)
    if value.endswith("Z"):
        instant = dt.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    elif "T" in value:
        instant = dt.datetime.strptime(value, "%Y%m%dT%H%M%S").replace(tzinfo=tz or UTC)
    else:  # a date: the series runs through that whole day
        day = dt.datetime.strptime(value, "%Y%m%d").date()
        if post.time is None:
            return f"{day:%Y%m%d}"
        instant = dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=tz or UTC)
    if post.time is None:
        return f"{instant.astimezone(tz or UTC):%Y%m%d}"
    return utc_stamp(instant)


def _shifted(wall: dt.datetime, tz: dt.tzinfo) -> bool:
    """Whether a naive wall time is in an hour `tz` repeats or skips (its two readings,
    fold 0 and 1, have different offsets)."""
    early = wall.replace(tzinfo=tz, fold=0)
    return early.utcoffset() != early.replace(fold=1).utcoffset()


@dataclass(slots=True)
class Event:
    """Where one VEVENT sits in the builder's lines, for a file split by year: its UID, the
    date it starts, whether it is an instance (RECURRENCE-ID) and the zones it names."""

    start: int
    uid: str
    day: dt.date
    instance: bool
    zones: set[str] = field(default_factory=set)


@dataclass(slots=True)
class _Builder:
    now_stamp: str
    options: IcsOptions
    lines: list[str] = field(default_factory=list)
    years: dict[str, set[int]] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)

    def use(self, zone_name: str, *years: int) -> None:
        if not is_utc(zone_name):
            self.years.setdefault(zone_name, set()).update(years)
            if self.events:
                self.events[-1].zones.add(zone_name)

    def begin(self, uid: str, day: dt.date, *, instance: bool = False) -> None:
        self.events.append(Event(len(self.lines), uid, day, instance))
        self.lines += ["BEGIN:VEVENT", fold_line(f"UID:{uid}"), f"DTSTAMP:{self.now_stamp}"]

    def when(self, post: Post, day: dt.date, time: dt.time | None, prefix: str = "DTSTART") -> None:
        if time is None:
            self.lines.append(f"{prefix};VALUE=DATE:{date_stamp(day)}")
        else:
            self.use(post.timezone, day.year)
            self.lines.append(dt_prop(prefix, post.timezone, dt.datetime.combine(day, time)))

    def span(
        self, post: Post, day: dt.date, time: dt.time | None, *, one_date: bool = False
    ) -> None:
        """DTSTART and DTEND; in UTC for an event of `one_date` that touches a clock change
        (see the module's docstring: readers disagree on those wall times)."""
        if time is not None and one_date and not is_utc(post.timezone):
            tz = zone(post.timezone)
            wall = dt.datetime.combine(day, time)  # keeps time.fold: the reading meant
            end = plus_minutes(wall, post.timezone, self.options.event_minutes)
            if _shifted(wall, tz) or _shifted(end, tz):
                start = wall.replace(tzinfo=tz).astimezone(UTC)
                self.lines.append(f"DTSTART:{utc_stamp(start)}")
                minutes = dt.timedelta(minutes=self.options.event_minutes)
                self.lines.append(f"DTEND:{utc_stamp(start + minutes)}")
                return
        self.when(post, day, time)
        if time is None:
            self.lines.append(f"DTEND;VALUE=DATE:{date_stamp(day + dt.timedelta(days=1))}")
        else:
            wall = dt.datetime.combine(day, time)
            end = plus_minutes(wall, post.timezone, self.options.event_minutes)
            self.use(post.timezone, end.year)
            self.lines.append(dt_prop("DTEND", post.timezone, end))

    def post_event(
        self,
        post: Post,
        *,
        uid: str,
        sequence: int,
        rrule: str | None = None,
        exdates: Iterable[dt.date] = (),
        recurrence: tuple[dt.date, dt.time | None] | None = None,
        summary: str | None = None,
    ) -> None:
        assert post.date is not None
        out = self.lines
        self.begin(uid, post.date, instance=recurrence is not None)
        if recurrence is not None:
            self.when(post, recurrence[0], recurrence[1], "RECURRENCE-ID")
        self.span(post, post.date, post.time, one_date=not rrule)
        if post.time is None and self.options.profile == "outlook":
            # Outlook shows a VALUE=DATE event as all-day only with this mark (MS-OXCICAL).
            out.append("X-MICROSOFT-CDO-ALLDAYEVENT:TRUE")
        if rrule:
            out.append(fold_line(f"RRULE:{_rrule_value(rrule, post)}"))
            for day in exdates:
                self.when(post, day, post.time, "EXDATE")
        if post.created_at:
            out.append(f"CREATED:{utc_stamp(post.created_at)}")
        if post.updated_at:
            out.append(f"LAST-MODIFIED:{utc_stamp(post.updated_at)}")
        out.append(f"SEQUENCE:{sequence}")
        out.append(fold_line(f"SUMMARY:{escape_text(summary or _summary(post))}"))
        description = _description(post, self.options.include_notes)
        if description:
            out.append(fold_line(f"DESCRIPTION:{escape_text(description)}"))
        if post.published_url:
            out.append(fold_line(f"URL:{clean(post.published_url)}"))
        out.append(fold_line(f"CATEGORIES:{_categories(post)}"))
        out.append(f"STATUS:{_STATUS[post.status]}")
        out += ["TRANSP:TRANSPARENT", "END:VEVENT"]

    def block(
        self,
        uid: str,
        summary: str,
        start: dt.datetime,
        end: dt.datetime,
        *,
        sequence: int = 0,
        description: str = "",
        categories: Sequence[str] = (),
        modified: dt.datetime | None = None,
        status: str = "CONFIRMED",
    ) -> None:
        """A busy block (prep, logged time) in the calendar's zone."""
        zone_name = self.options.zone_name
        tz = UTC if is_utc(zone_name) else zone(zone_name)
        local_start = start.astimezone(tz).replace(tzinfo=None)
        local_end = end.astimezone(tz).replace(tzinfo=None)
        self.begin(uid, local_start.date())
        self.use(zone_name, local_start.year, local_end.year)
        out = self.lines
        out += [
            dt_prop("DTSTART", zone_name, local_start),
            dt_prop("DTEND", zone_name, local_end),
        ]
        if modified:
            out.append(f"LAST-MODIFIED:{utc_stamp(modified)}")
        out.append(f"SEQUENCE:{sequence}")
        out.append(fold_line(f"SUMMARY:{escape_text(summary)}"))
        if description:
            out.append(fold_line(f"DESCRIPTION:{escape_text(description)}"))
        if categories:
            out.append(fold_line(f"CATEGORIES:{','.join(escape_text(c) for c in categories)}"))
        out += [f"STATUS:{status}", "TRANSP:OPAQUE", "END:VEVENT"]
