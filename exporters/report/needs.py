"""What social media needed (the demand of planned posts and the backlog) and how far the
contracted time was logged (coverage): the report's parts that speak in whole sentences,
kept apart from `model` so each stays a readable size."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from storage.i18n import _, ngettext, pgettext
from storage.wording import day_label, hours, percent


def source_text(label: str) -> str:
    """How an entry was made ('timer', 'typed', 'imported': the JSON's values) as a person
    reads it in the language in use."""
    words = {
        "timer": pgettext("entry source", "timer"),
        "typed": pgettext("entry source", "typed"),
        "imported": pgettext("entry source", "imported"),
    }
    return words.get(label, label)


@dataclass(frozen=True, slots=True)
class Demand:
    """What social media needed in the period, beside what it got: planned posts on social
    platforms (each copy its own estimate), the backlog and what was dropped."""

    planned_posts: int  # dated in the period on a social platform, not cancelled
    planned_minutes: int  # their effort estimates
    unestimated_posts: int  # planned posts with no estimate: said, never counted as 0
    backlog_ideas: int  # undated social posts not cancelled or published (today's backlog)
    backlog_minutes: int  # their estimates
    backlog_unestimated: int
    cancelled_posts: int  # social posts of the period that were cancelled
    unused_platforms: tuple[str, ...]  # configured, not archived, nothing planned or logged
    # Ongoing social work logged in the period: replies, monitoring, crises, reporting
    # (storage.capacity.ongoing_minutes: not linked to a post, not create or publish).
    ongoing_minutes: int = 0

    @property
    def lines(self) -> tuple[str, ...]:
        """The demand as plain sentences (every surface shows these)."""
        count = self.planned_posts
        if count:
            first = ngettext(
                "Planned social work: {count} post, {hours} h estimated",
                "Planned social work: {count} posts, {hours} h estimated",
                count,
            ).format(count=count, hours=hours(self.planned_minutes))
            if self.unestimated_posts:
                first = ngettext(
                    "{text}; {count} without an estimate (not counted)",
                    "{text}; {count} without an estimate (not counted)",
                    self.unestimated_posts,
                ).format(text=first, count=self.unestimated_posts)
        else:
            first = _("Planned social work: no posts planned on social platforms")
        if self.cancelled_posts:
            first = ngettext(
                "{text}; {count} cancelled", "{text}; {count} cancelled", self.cancelled_posts
            ).format(text=first, count=self.cancelled_posts)
        lines = [first + "."]
        ideas = self.backlog_ideas
        if ideas:
            if self.backlog_unestimated >= ideas:
                text = ngettext(
                    "Backlog: {count} idea waiting, none estimated",
                    "Backlog: {count} ideas waiting, none estimated",
                    ideas,
                ).format(count=ideas)
            else:
                text = ngettext(
                    "Backlog: {count} idea waiting, {hours} h estimated",
                    "Backlog: {count} ideas waiting, {hours} h estimated",
                    ideas,
                ).format(count=ideas, hours=hours(self.backlog_minutes))
                if self.backlog_unestimated:
                    text = ngettext(
                        "{text} ({count} without an estimate)",
                        "{text} ({count} without an estimate)",
                        self.backlog_unestimated,
                    ).format(text=text, count=self.backlog_unestimated)
            lines.append(text + ".")
        if self.unused_platforms:
            lines.append(
                _("Nothing planned or logged on {platforms}.").format(
                    platforms=", ".join(self.unused_platforms)
                )
            )
        return tuple(lines)


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
        logged = hours(self.logged_minutes)
        if self.share is not None:
            lines = [
                ngettext(
                    "{logged} h logged against {contracted} h contracted over {count} working"
                    " day ({share}).",
                    "{logged} h logged against {contracted} h contracted over {count} working"
                    " days ({share}).",
                    self.working_days,
                ).format(
                    logged=logged,
                    contracted=hours(self.contracted_minutes),
                    count=self.working_days,
                    share=percent(self.share),
                )
            ]
        else:
            lines = [
                _("{logged} h logged; no contracted time in this period yet.").format(logged=logged)
            ]
        if self.tracked_since is not None:
            lines.append(
                _(
                    "Contracted time counts the working days from {day} (the first tracked"
                    " day) up to today, today once it has an entry."
                ).format(day=day_label(self.tracked_since, year=True))
            )
        off = []
        if self.holidays:
            names = ", ".join(f"{name} ({day_label(day)})" for day, name in self.holidays)
            count = len(self.holidays)
            off.append(
                ngettext(
                    "{count} statutory holiday: {names}",
                    "{count} statutory holidays: {names}",
                    count,
                ).format(count=count, names=names)
            )
        if self.leave:
            reasons = ", ".join(dict.fromkeys(reason for _day, reason in self.leave))
            count = len(self.leave)
            off.append(
                ngettext(
                    "{count} day of leave ({reasons})", "{count} days of leave ({reasons})", count
                ).format(count=count, reasons=reasons)
            )
        if off:
            lines.append(_("Not counted as contracted time: {days}.").format(days="; ".join(off)))
        return tuple(lines)

    @property
    def trust_lines(self) -> list[str]:
        """After the contract lines: days with nothing logged, how entries were made, a
        running timer (our words only: nothing to escape)."""
        lines = []
        if self.working_days_without_entries:
            lines.append(
                ngettext(
                    "{count} working days have nothing logged.",
                    "{count} working days have nothing logged.",
                    self.working_days_without_entries,
                ).format(count=self.working_days_without_entries)
            )
        if self.sources:
            made = ", ".join(f"{source_text(s.source)} {percent(s.share)}" for s in self.sources)
            lines.append(_("How entries were made: {sources}.").format(sources=made))
        if self.timer_running:
            lines.append(
                _(
                    "A timer is still running; it is counted up to now, and at most up to the"
                    " long-timer limit."
                )
            )
        return lines
