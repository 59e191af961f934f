"""The report as data: frozen dataclasses every renderer formats, and what it needs from settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from exporters.report.needs import Coverage as Coverage
from exporters.report.needs import Demand as Demand
from exporters.report.needs import SourceRow as SourceRow
from exporters.report.needs import source_text as source_text
from exporters.report.outcomes import Outcomes
from storage.capacity import Capacity
from storage.i18n import N_, _, ngettext
from storage.wording import decimal, hours, percent, period_phrase, plain, signed


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
    reactive: bool = False  # engage, monitor or crisis (by name or alias)


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
    # (Planned social work from post estimates + ongoing social work as logged) / the period's
    # whole contracted minutes, unrounded (storage.capacity.fte_needed). None: nothing
    # contracted in the period, or nothing needed.
    fte_needed: float | None = None


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
    # None: nothing published, no time linked, or too little social time linked to posts
    # for the figure to mean anything (Posts.per_post_meaningful)
    minutes_per_published_post: int | None
    cancelled: int = 0  # dated in the period and cancelled: counted apart, never dropped
    unestimated: int = 0  # planned posts with no effort estimate (not counted as 0 minutes)
    social: bool = False  # its default duty is a social one: its estimates are social demand

    @property
    def effort_text(self) -> str:
        """The planned effort in hours, saying which posts have no estimate (never 0.0)."""
        return effort_text(self.planned, self.planned_minutes, self.unestimated)

    @property
    def per_post_text(self) -> str:
        return (
            "–" if self.minutes_per_published_post is None else str(self.minutes_per_published_post)
        )


def effort_text(planned: int, minutes: int, unestimated: int) -> str:
    """'3.5', '3.5 + 2 without estimate', 'no estimate', or '–' when nothing is planned."""
    if not planned:
        return "–"
    if unestimated >= planned:
        return _("no estimate")
    if unestimated:
        return ngettext(
            "{hours} + {count} without estimate", "{hours} + {count} without estimate", unestimated
        ).format(hours=hours(minutes), count=unestimated)
    return hours(minutes)


@dataclass(frozen=True, slots=True)
class Posts:
    """Planned against actual effort on posts, per platform."""

    planned: int
    published: int
    planned_minutes: int
    logged_minutes: int
    platforms: tuple[PlatformRow, ...]
    cancelled: int = 0  # posts of the period that were cancelled (not in `planned`)
    unestimated: int = 0  # planned posts with no effort estimate
    linked_social_minutes: int = 0  # social time linked to a post
    # Percent of social time linked to a post; None: no social time.
    linked_share: float | None = None

    @property
    def effort_text(self) -> str:
        return effort_text(self.planned, self.planned_minutes, self.unestimated)

    @property
    def per_post_meaningful(self) -> bool:
        """Minutes per published post mean something only when most social time is linked
        to a post; below that they count a fraction of the work and look cheap."""
        return self.linked_share is not None and self.linked_share >= MEANINGFUL_LINKED_SHARE

    @property
    def linked_line(self) -> str:
        """How much social time is linked to posts, and what follows for minutes per post."""
        if self.linked_share is None:
            return _("No social media time to link to posts.")
        linked = hours(self.linked_social_minutes)
        share = percent(self.linked_share)
        if self.per_post_meaningful:
            return _("{hours} h of social media time is linked to a post ({share}).").format(
                hours=linked, share=share
            )
        return _(
            "{hours} h of social media time is linked to a post ({share}); minutes per"
            " published post are left out below {limit}: they would count only that part of"
            " the work."
        ).format(hours=linked, share=share, limit=percent(MEANINGFUL_LINKED_SHARE, 0))


MEANINGFUL_LINKED_SHARE = 75.0  # percent of social time linked to posts
# storage.capacity.ongoing_minutes; translated where it is shown
ONGOING_WORK = N_("replies, monitoring, crises and reports")


@dataclass(frozen=True, slots=True)
class InventoryRow:
    """One thing done in the period, from the log: a duty and an activity, with its time."""

    duty: str
    activity: str | None  # None: no activity given
    minutes: int
    entries: int  # entries with counted time
    social: bool


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
class NoteRow:
    """A note shown in the report: a highlight, or any note when notes are included."""

    start: dt.datetime  # local time
    duty: str
    activity: str | None
    minutes: int
    note: str
    post: str = ""  # a post's title when the note is the post's own

    @property
    def label(self) -> str:
        """'social media (0.7 h)', or for a post's own note 'Instagram post “Title”'."""
        if self.post:
            return _("{platform} post “{title}”").format(platform=self.duty, title=self.post)
        return f"{self.duty} ({hours(self.minutes)} h)"


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
    demand: Demand | None = None
    capacity: Capacity | None = None
    inventory: tuple[InventoryRow, ...] = ()  # every duty × activity logged, most first
    # No job description set: a starting split from this period's log, [(duty, percent)].
    suggested_split: tuple[tuple[str, int], ...] = ()
    # A running timer past the long-timer limit, counted only up to it (storage.accounting):
    # what it says, with the way to stop it at the right time.
    long_timer: str | None = None
    # What the work achieved per platform, beside the hours (exporters.report.outcomes).
    outcomes: Outcomes | None = None

    @property
    def empty(self) -> bool:
        return self.total_minutes == 0

    @property
    def chart_weeks(self) -> tuple[WeekRow, ...]:
        """The weeks worth drawing: none after today, and no empty run before the first or
        after the last week with time logged (a year drawn in December keeps its data)."""
        today = self.generated_at.date()
        weeks = [w for w in self.weeks if w.start <= today]
        used = [i for i, w in enumerate(weeks) if w.minutes]
        if not used:
            return ()
        return tuple(weeks[used[0] : used[-1] + 1])

    @property
    def social_gap(self) -> JobRow | None:
        """The job description's row for social media (the first social duty), if set."""
        social = {d.duty for d in self.duties if d.social}
        for row in self.job_description or ():
            if row.duty in social:
                return row
        return None

    @property
    def job_hint(self) -> str:
        """What to do when no job description is set ('' when one is)."""
        if self.job_description is not None:
            return ""
        if not self.suggested_split:
            return _(
                "No job description split is set: add a [job_description] table to the"
                " settings file (`calepin config path`); `calepin report --suggest-split`"
                " prints one."
            )
        split = ", ".join(f"{d} {percent(p, 0)}" for d, p in self.suggested_split)
        return _(
            "No job description split is set: add a [job_description] table to the settings"
            " file (`calepin config path`); `calepin report --suggest-split` prints one. This"
            " period's log would give: {split}."
        ).format(split=split)

    @property
    def supply_lines(self) -> tuple[str, ...]:
        """Demand beside supply as plain sentences: what was planned and waits, whether it
        fits, and the FTE it needed next to the FTE it got."""
        if self.demand is None:
            return ()
        lines = list(self.demand.lines)
        if self.plan_line:
            lines.append(self.plan_line)
        if self.need_line:
            lines.append(self.need_line)
        return tuple(lines)

    @property
    def not_started(self) -> bool:
        """Nothing logged yet and working days to come: the need is the plan alone."""
        return self.empty and bool(self.coverage.working_days_to_come)

    @property
    def need_parts(self) -> str:
        """The two parts of what social media needed: 'planned posts 28.8 h + replies,
        monitoring, crises and reports 23.3 h as logged'."""
        if self.demand is None:
            return ""
        posts = _("planned posts {hours} h").format(hours=hours(self.demand.planned_minutes))
        if self.not_started:
            return posts
        if self.coverage.working_days_to_come:
            text = _("{posts} + {ongoing} {hours} h as logged so far (the days to come add none)")
        else:
            text = _("{posts} + {ongoing} {hours} h as logged")
        return text.format(
            posts=posts, ongoing=_(ONGOING_WORK), hours=hours(self.demand.ongoing_minutes)
        )

    @property
    def need_line(self) -> str:
        """What social media needed, in both its parts, next to the FTE it got."""
        s, cap = self.social, self.capacity
        if s.fte_needed is None or cap is None:
            return ""
        needed, contracted = decimal(s.fte_needed, 2), hours(cap.contracted)
        if self.not_started:  # nothing logged: the ongoing work is not guessed
            return _(
                "Social media will need at least {needed} FTE: {parts} of {contracted} h"
                " contracted in the period; {ongoing} come on top, not counted before they are"
                " logged."
            ).format(
                needed=needed, parts=self.need_parts, contracted=contracted, ongoing=_(ONGOING_WORK)
            )
        if s.fte is None:
            text = _("Social media needed about {needed} FTE: {parts}, of {contracted} h"
                     " contracted in the period.")  # fmt: skip
        elif self.coverage.working_days_to_come:
            text = _("Social media needed about {needed} FTE: {parts}, of {contracted} h"
                     " contracted in the period; it got {got} FTE so far.")  # fmt: skip
        else:
            text = _("Social media needed about {needed} FTE: {parts}, of {contracted} h"
                     " contracted in the period; it got {got} FTE.")  # fmt: skip
        got = "" if s.fte is None else decimal(s.fte, 2)
        return text.format(needed=needed, parts=self.need_parts, contracted=contracted, got=got)

    @property
    def plan_line(self) -> str:
        """Whether the planned social work fits, in one sentence ('' when nothing is planned)."""
        cap = self.capacity
        if cap is None or not cap.planned_social:
            return ""
        planned, room = hours(cap.planned_social), hours(cap.room)
        if cap.fits:
            return _(
                "The planned social work ({planned} h) fits in the {room} h the other duties leave."
            ).format(planned=planned, room=room)
        return _(
            "The planned social work ({planned} h) does not fit in the {room} h the other duties"
            " leave: {over} h over."
        ).format(planned=planned, room=room, over=hours(cap.over))

    @property
    def headline(self) -> str:
        note = ""
        if self.long_timer:
            note = " " + _("Note: {timer}.").format(timer=self.long_timer)
        s = self.social
        period = period_phrase(self.first, self.last)
        if self.empty:
            if self.demand is not None and self.demand.planned_posts:
                count = self.demand.planned_posts
                estimated = hours(self.demand.planned_minutes)
                # The English says "posts are" for one post too; kept as it was.
                if s.fte_needed is None:
                    text = ngettext(
                        "Nothing logged {period} yet; {count} social posts are planned"
                        " ({hours} h estimated).",
                        "Nothing logged {period} yet; {count} social posts are planned"
                        " ({hours} h estimated).",
                        count,
                    ).format(period=period, count=count, hours=estimated)
                else:
                    text = ngettext(
                        "Nothing logged {period} yet; {count} social posts are planned"
                        " ({hours} h estimated, about {needed} FTE).",
                        "Nothing logged {period} yet; {count} social posts are planned"
                        " ({hours} h estimated, about {needed} FTE).",
                        count,
                    ).format(
                        period=period, count=count, hours=estimated, needed=decimal(s.fte_needed, 2)
                    )
                return " ".join(filter(None, (text, self.plan_line))) + note
            return _("Nothing logged {period}.").format(period=period) + note
        took = _("{hours} h ({share} of logged time)").format(
            hours=hours(s.minutes), share=percent(s.share)
        )
        week = plain(self.hours_per_week)
        per_week = None if s.fte_hours_per_week is None else decimal(s.fte_hours_per_week, 1)
        if s.fte_needed is not None and s.fte is not None:
            # The gap first: what the work asked of it, next to what it got.
            if self.coverage.working_days_to_come:
                text = _("Social media needed about {needed} FTE and got {got} so far: {took}")
            else:
                text = _("Social media needed about {needed} FTE and got {got}: {took}")
            text = text.format(needed=decimal(s.fte_needed, 2), got=decimal(s.fte, 2), took=took)
            if per_week is not None:
                text = _("{text}, {hours} h of a {week} h week").format(
                    text=text, hours=per_week, week=week
                )
        else:
            text = _("Social media took {took}").format(took=took)
            if s.fte is not None and per_week is not None:
                text = _(
                    "{text}, the equivalent of {fte} FTE ({hours} h of a {week} h week)"
                ).format(text=text, fte=decimal(s.fte, 2), hours=per_week, week=week)
            if s.fte_needed is not None:
                text = _("{text}; it needed about {needed} FTE").format(
                    text=text, needed=decimal(s.fte_needed, 2)
                )
        text += "."
        gap = self.social_gap
        if gap is not None:
            text += " " + _(
                "The job description gives it {intended} %; it took {actual} ({difference} h a"
                " week)."
            ).format(
                intended=plain(gap.intended),
                actual=percent(gap.actual),
                difference=signed(gap.difference_hours_per_week),
            )
        return text + note
