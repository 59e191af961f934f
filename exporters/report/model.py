"""The report as data: frozen dataclasses every renderer formats, and what it needs from settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from storage.wording import day_label, hours, percent, period_phrase


class ReportSettings(Protocol):
    """What the report needs from the user's settings (storage.settings.Settings fits)."""

    timezone: str | None
    week_start: int
    hours_per_week: float
    working_days: tuple[int, ...]
    work_start: dt.time
    work_end: dt.time
    job_description: tuple[tuple[str, float], ...]
    holidays: str | None  # a statutory calendar like "CA-QC" (storage.contracted)
    tracking_since: dt.date | None


# ---------------------------------------------------------------- the report as data


@dataclass(frozen=True, slots=True)
class DutyRow:
    """Hours logged on one duty."""

    duty: str
    minutes: int
    share: float  # percent of total_minutes; the rows add up to exactly 100.0
    social: bool


@dataclass(frozen=True, slots=True)
class ActivityRow:
    """Social media time spent on one activity."""

    activity: str | None  # None: no activity given
    minutes: int
    share: float  # percent of the social minutes


@dataclass(frozen=True, slots=True)
class Social:
    """The social media figures: the headline share, FTE and activities."""

    minutes: int
    share: float
    # Social minutes / the coverage's contracted minutes, unrounded (storage.contracted):
    # fte × contracted_minutes == minutes. None: no contracted time counted yet.
    fte: float | None
    fte_hours_per_week: float | None  # fte × the contracted week: hours a week it takes
    activities: tuple[ActivityRow, ...]
    reactive_minutes: int  # engage + monitor + crisis
    reactive_share: float


@dataclass(frozen=True, slots=True)
class JobRow:
    """One duty's intended share of the job against the logged one."""

    duty: str
    intended: float  # percent
    actual: float  # percent of logged time
    difference_hours_per_week: float  # (actual − intended) % of the contracted week
    difference_fte: float


@dataclass(frozen=True, slots=True)
class PlatformRow:
    """Posts planned and published on one platform, and the time logged on them."""

    platform: str
    colour: str
    planned: int  # dated, not cancelled, in the period (published included)
    published: int
    planned_minutes: int  # sum of effort estimates of the planned posts
    logged_minutes: int  # time logged in the period on this platform's posts
    minutes_per_published_post: int | None  # None: nothing published, or no time linked
    cancelled: int = 0  # dated in the period and cancelled: counted apart, never dropped


@dataclass(frozen=True, slots=True)
class Posts:
    """Planned against actual effort on posts, per platform."""

    planned: int
    published: int
    planned_minutes: int
    logged_minutes: int
    platforms: tuple[PlatformRow, ...]
    cancelled: int = 0  # posts of the period that were cancelled (not in `planned`)


@dataclass(frozen=True, slots=True)
class WeekRow:
    """One week of the period (cut to it at both ends)."""

    start: dt.date
    end: dt.date
    minutes: int
    social_minutes: int
    social_share: float | None


@dataclass(frozen=True, slots=True)
class OutOfHoursRow:
    """Time one duty took outside working hours."""

    duty: str
    evening: int
    early_morning: int
    weekend: int

    @property
    def minutes(self) -> int:
        return self.evening + self.early_morning + self.weekend


@dataclass(frozen=True, slots=True)
class OutOfHours:
    """Time logged outside working hours."""

    evening: int  # after the working day ends, on working days
    early_morning: int  # before the working day starts, on working days
    weekend: int  # on days that are not working days
    share: float | None  # percent of total_minutes
    duties: tuple[OutOfHoursRow, ...]

    @property
    def minutes(self) -> int:
        return self.evening + self.early_morning + self.weekend


@dataclass(frozen=True, slots=True)
class SourceRow:
    """Logged time by how it was entered."""

    source: str  # timer, typed, imported
    minutes: int
    share: float


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of the contracted time was logged at all."""

    contracted_minutes: int  # contracted time of the working days counted so far
    logged_minutes: int
    share: float | None  # logged / contracted, percent (may pass 100 with overtime)
    working_days: int  # working days counted so far (today once it has an entry)
    working_days_without_entries: int  # whole working days gone with nothing logged
    timer_running: bool
    sources: tuple[SourceRow, ...]
    tracked_since: dt.date | None = None  # first tracked day: tracking_since, else first entry
    holidays: tuple[tuple[dt.date, str], ...] = ()  # statutory days off so far (working days)
    leave: tuple[tuple[dt.date, str], ...] = ()  # marked leave so far (working days)
    working_days_to_come: int = 0  # working days of the period not counted yet
    period_contracted_minutes: int = 0  # the counted days and the days to come

    @property
    def contract_lines(self) -> tuple[str, ...]:
        """What was logged against which contracted time, as plain sentences (every surface
        shows these; user text inside, so a renderer escapes them)."""
        if self.share is not None:
            days = f"{self.working_days} working day{'s' if self.working_days != 1 else ''}"
            lines = [
                f"{hours(self.logged_minutes)} h logged against {hours(self.contracted_minutes)}"
                f" h contracted over {days} ({percent(self.share)})."
            ]
        else:
            lines = [
                f"{hours(self.logged_minutes)} h logged; no contracted time in this period yet."
            ]
        if self.tracked_since is not None:
            lines.append(
                f"Contracted time counts the working days from"
                f" {day_label(self.tracked_since, year=True)} (the first tracked day) up to"
                " today, today once it has an entry."
            )
        off = []
        if self.holidays:
            names = ", ".join(f"{name} ({day_label(day)})" for day, name in self.holidays)
            count = len(self.holidays)
            off.append(f"{count} statutory holiday{'s' if count != 1 else ''}: {names}")
        if self.leave:
            reasons = ", ".join(dict.fromkeys(reason for _, reason in self.leave))
            count = len(self.leave)
            off.append(f"{count} day{'s' if count != 1 else ''} of leave ({reasons})")
        if off:
            lines.append("Not counted as contracted time: " + "; ".join(off) + ".")
        return tuple(lines)


@dataclass(frozen=True, slots=True)
class NoteRow:
    """A note shown in the report: a highlight, or any note when notes are included."""

    start: dt.datetime  # local time
    duty: str
    activity: str | None
    minutes: int
    note: str


@dataclass(frozen=True, slots=True)
class EntryRow:
    """One time entry as the report counts it."""

    id: int
    start: dt.datetime  # local time
    end: dt.datetime | None  # None: the running timer
    duty: str
    activity: str | None
    source: str
    logged_minutes: int  # the span, cut to the period (a running timer up to now)
    counted_minutes: int  # what is left after overlaps (the later-started entry wins)
    post: str
    note: str  # empty unless notes are included or it is a highlight


@dataclass(frozen=True, slots=True)
class Report:
    """Every figure of the time-use report for one period; renderers only format it."""

    first: dt.date
    last: dt.date
    label: str
    zone: str
    generated_at: dt.datetime
    hours_per_week: float
    total_minutes: int
    duties: tuple[DutyRow, ...]
    social: Social
    job_description: tuple[JobRow, ...] | None
    posts: Posts
    weeks: tuple[WeekRow, ...]
    out_of_hours: OutOfHours
    coverage: Coverage
    highlights: tuple[NoteRow, ...]
    notes: tuple[NoteRow, ...] | None  # None unless notes were asked for
    entries: tuple[EntryRow, ...]
    # A running timer past the long-timer limit, counted only up to it (storage.accounting):
    # what it says, with the way to stop it at the right time.
    long_timer: str | None = None

    @property
    def empty(self) -> bool:
        return self.total_minutes == 0

    @property
    def headline(self) -> str:
        note = f" Note: {self.long_timer}." if self.long_timer else ""
        if self.empty:
            return f"Nothing logged {period_phrase(self.first, self.last)}.{note}"
        text = (
            f"Social media took {hours(self.social.minutes)} h "
            f"({self.social.share:.1f} % of logged time)"
        )
        if self.social.fte is not None and self.social.fte_hours_per_week is not None:
            text += (
                f", the equivalent of {self.social.fte:.2f} FTE"
                f" ({self.social.fte_hours_per_week:.1f} h of a {self.hours_per_week:g} h week)"
            )
        return text + "." + note
