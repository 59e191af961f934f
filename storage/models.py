"""Domain models: frozen dataclasses and enums handed out by the store, plus drafts to save.

Each dataclass is built the first time it is asked for (`storage.deferred`): `calepin
entries` needs `TimeEntry` alone and does not pay for the other eight.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from enum import StrEnum
from zoneinfo import ZoneInfo

from storage.deferred import built_on_first_use, deferred


class Status(StrEnum):
    IDEA = "idea"
    DRAFTING = "drafting"
    READY = "ready"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    ON_HOLD = "on_hold"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """'on hold' in English, 'en attente' in French: the status as a person reads it."""
        from storage.i18n import pgettext

        return {
            "idea": lambda: pgettext("status", "idea"),
            "drafting": lambda: pgettext("status", "drafting"),
            "ready": lambda: pgettext("status", "ready"),
            "scheduled": lambda: pgettext("status", "scheduled"),
            "published": lambda: pgettext("status", "published"),
            "on_hold": lambda: pgettext("status", "on hold"),
            "cancelled": lambda: pgettext("status", "cancelled"),
        }[self.value]()

    def next(self) -> Status:
        """The next step of the workflow (published, on hold and cancelled stay put)."""
        flow = [Status.IDEA, Status.DRAFTING, Status.READY, Status.SCHEDULED, Status.PUBLISHED]
        if self in flow[:-1]:
            return flow[flow.index(self) + 1]
        return self


def status_label(status: Status | str) -> str:
    """A status (the enum or its stored value, 'on_hold') as a person reads it: 'on hold',
    'en attente'."""
    return Status(status).label


class EntrySource(StrEnum):
    TIMER = "timer"
    MANUAL = "manual"
    IMPORT = "import"

    @property
    def label(self) -> str:
        """How an entry was made, as a person reads it: 'timer', 'manual', 'import' in
        English (the stored values); 'chrono', 'manuelle', 'importée' (une saisie) in French."""
        from storage.i18n import pgettext

        return {
            "timer": lambda: pgettext("source", "timer"),
            "manual": lambda: pgettext("source", "manual"),
            "import": lambda: pgettext("source", "import"),
        }[self.value]()


def source_label(source: EntrySource | str) -> str:
    """An entry's source (the enum or its stored value) as a person reads it."""
    return EntrySource(source).label


@deferred(frozen=True, slots=True)
class Platform:
    id: int
    name: str
    tag: str
    colour: str
    char_limit: int | None
    default_duty: str | None
    archived: bool = False


@deferred(frozen=True, slots=True)
class Duty:
    id: int
    name: str
    aliases: tuple[str, ...] = ()
    social: bool = False
    archived: bool = False
    position: int = 0


@deferred(frozen=True, slots=True)
class Activity:
    id: int
    name: str
    aliases: tuple[str, ...] = ()


@deferred(frozen=True, slots=True)
class Campaign:
    id: int
    name: str
    colour: str
    start: dt.date | None = None
    end: dt.date | None = None


@deferred(frozen=True, slots=True)
class Post:
    """One planned placement on one platform. `date` None means a backlog idea.

    `time` is wall clock in `timezone`; its `fold` (Python's, PEP 495) says which reading of
    a time that happens twice is meant (see `fold`), so it travels wherever the time does:
    copies, moves, edits, drafts.
    """

    id: int
    uid: str
    title: str
    platform: str
    status: Status
    date: dt.date | None
    time: dt.time | None
    timezone: str
    campaign: str | None = None
    estimate_minutes: int | None = None
    body: str = ""
    notes: str = ""
    link: str = ""
    published_url: str = ""
    group_id: str | None = None
    rrule: str | None = None
    recurrence_of: int | None = None
    recurrence_date: dt.date | None = None
    skipped_dates: tuple[dt.date, ...] = ()
    sequence: int = 0
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    @property
    def is_backlog(self) -> bool:
        return self.date is None

    @property
    def is_recurring(self) -> bool:
        return self.rrule is not None

    @property
    def is_override(self) -> bool:
        """A changed occurrence of a series (its own row; `recurrence_of` is the series id)."""
        return self.recurrence_of is not None

    @property
    def fold(self) -> int:
        """1 when the post's time happens twice that day (clocks going back) and the second
        reading is meant (01:30 EST, not EDT); 0 otherwise. Stored in the `fold` column."""
        return self.time.fold if self.time is not None else 0

    @property
    def starts_at(self) -> dt.datetime | None:
        """The aware instant planned (local midnight when timeless), None for a backlog idea.

        Computed from the wall-clock date and time in the post's own zone, so a 10:00 post
        stays at 10:00 across a daylight-saving change. A time that happens twice is the
        reading `fold` names; one that does not exist (saved before such times were refused,
        or a series' date in a gap) is moved forward by the gap, as RFC 5545 says.
        """
        if self.date is None:
            return None
        return dt.datetime.combine(
            self.date, self.time or dt.time(), tzinfo=ZoneInfo(self.timezone)
        )


@deferred(frozen=True, slots=True)
class TimeEntry:
    """A span of work. `end` None means this is the running timer. Instants are aware (UTC)."""

    id: int
    duty: str
    start: dt.datetime
    end: dt.datetime | None
    activity: str | None = None
    note: str = ""
    post_id: int | None = None
    source: EntrySource = EntrySource.MANUAL
    external_uid: str | None = None

    @property
    def is_running(self) -> bool:
        return self.end is None

    def minutes(self, now: dt.datetime | None = None) -> int:
        """Whole minutes of the span (up to `now` for a running timer)."""
        end = self.end or now
        if end is None:
            return 0
        return max(0, round((end - self.start).total_seconds() / 60))


@deferred(frozen=True, slots=True)
class PostDraft:
    """What a form or a command wants saved as a post; the store validates it."""

    title: str
    platform: str
    date: dt.date | None = None
    time: dt.time | None = None  # its `fold` 1: the second reading of a time that happens twice
    timezone: str | None = None
    status: Status | str = Status.IDEA
    campaign: str | None = None
    estimate_minutes: int | None = None
    body: str = ""
    notes: str = ""
    link: str = ""
    published_url: str = ""
    group_id: str | None = None
    rrule: str | None = None


@deferred(frozen=True, slots=True)
class EntryDraft:
    """A time entry to save. `end` None starts a timer."""

    duty: str
    start: dt.datetime
    end: dt.datetime | None
    activity: str | None = None
    note: str = ""
    post_id: int | None = None
    source: EntrySource = EntrySource.MANUAL
    external_uid: str | None = None


@deferred(frozen=True, slots=True)
class ImportVersion:
    """Which version of a calendar event an import read: its SEQUENCE, LAST-MODIFIED and
    DTSTAMP (UTC, as `20261005T140000Z`). `key` orders them: the greater is the newer."""

    sequence: int | None = None
    modified: str | None = None
    stamp: str | None = None

    @property
    def key(self) -> tuple[int, str, str]:
        return (self.sequence or 0, self.modified or "", self.stamp or "")


@deferred(frozen=True, slots=True)
class ImportedEntry:
    """An imported time entry with what its import wrote (`start`, `end`, `note`) and from
    which version of the event, so a re-import can tell a hand edit from its own."""

    entry: TimeEntry
    version: ImportVersion
    start: dt.datetime
    end: dt.datetime
    note: str

    @property
    def edited(self) -> bool:
        """Changed by hand since it was imported (an import never sets activity or post)."""
        e = self.entry
        return (
            (e.start, e.end, e.note) != (self.start, self.end, self.note)
            or e.activity is not None
            or e.post_id is not None
        )


@deferred(frozen=True, slots=True)
class CheckResult:
    ok: bool
    schema_version: int
    messages: tuple[str, ...] = field(default_factory=tuple)


@deferred(frozen=True, slots=True)
class Outcome:
    """What the work achieved on one platform in one month. None: not known (never 0)."""

    id: int
    platform: str
    month: str  # YYYY-MM
    reach: int | None = None
    impressions: int | None = None
    engagement: int | None = None
    followers_gained: int | None = None
    messages_answered: int | None = None


@deferred(frozen=True, slots=True)
class OutcomeDraft:
    """Figures to save for a platform and month; what None means is the caller's choice
    (`Store.save_outcome(keep_missing=…)`)."""

    platform: str
    month: str
    reach: int | None = None
    impressions: int | None = None
    engagement: int | None = None
    followers_gained: int | None = None
    messages_answered: int | None = None


__getattr__, __dir__ = built_on_first_use(globals())
