"""The settings as values: the dataclasses, their defaults and where the file lives.

Each dataclass is built on first use (`storage.deferred`): without [[platforms]] or
[[duties]] in the file, the command line builds `Settings` alone.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import field
from typing import TYPE_CHECKING

from storage.calendar import WEEKDAY_KEYS
from storage.deferred import built_on_first_use, deferred

if TYPE_CHECKING:
    from pathlib import Path

WEEKDAYS = WEEKDAY_KEYS  # the file's day names (keys, never translated)
DEFAULT_START = dt.time(9, 0)
DEFAULT_END = dt.time(17, 0)
LONG_TIMER_HOURS = 10.0
# [export] cancelled_days: for how many days after a deletion .ics exports cancel it (0: they
# carry no cancellations). Kept in the store as CANCELLED_DAYS_SETTING, read by exporters.ics.
CANCELLED_DAYS = 90
MAX_CANCELLED_DAYS = 3650
CANCELLED_DAYS_SETTING = "ics_cancelled_days"
# [sync]: the posts calendar's name when the file names none, and the shortest wait between
# two syncs of the open planner (a shared server is not polled every minute).
DEFAULT_POSTS_CALENDAR = "Calepin"
MIN_SYNC_MINUTES = 5
MAX_SYNC_MINUTES = 1440


@deferred(frozen=True, slots=True)
class PlatformSetting:
    """A platform as the config file describes it; None means "leave as it is"."""

    name: str
    tag: str | None = None
    colour: str | None = None
    char_limit: int | None = None
    default_duty: str | None = None
    archived: bool | None = None


@deferred(frozen=True, slots=True)
class DutySetting:
    """A duty as the config file describes it; None means "leave as it is"."""

    name: str
    aliases: tuple[str, ...] | None = None
    social: bool | None = None
    archived: bool | None = None


@deferred(frozen=True, slots=True)
class SyncSetting:
    """[sync]: the CalDAV server and calendars the posts are shared through. The password is
    never here: it comes from CALEPIN_SYNC_PASSWORD or the system keyring."""

    url: str
    username: str
    posts_calendar: str = DEFAULT_POSTS_CALENDAR
    meetings_calendar: str | None = None
    every_minutes: int | None = None  # the open planner syncs this often; None: only when asked
    verify_tls: bool = True
    share_notes: bool = False
    display_name: str | None = None  # who made a change, as others see it; None: username


@deferred(frozen=True, slots=True)
class Settings:
    """The effective settings. `timezone` None means the database's (or the system's) zone."""

    timezone: str | None = None
    week_start: int = 0  # 0 = Monday … 6 = Sunday
    hours_per_week: float = 35.0
    working_days: tuple[int, ...] = (0, 1, 2, 3, 4)
    work_start: dt.time = DEFAULT_START
    work_end: dt.time = DEFAULT_END
    # (duty name, percent) pairs adding up to 100; empty when not configured.
    job_description: tuple[tuple[str, float], ...] = ()
    # [work] holidays: statutory days off of a country or region, e.g. "CA-QC" or "FR".
    holidays: str | None = None
    # [work] tracking_since: the first tracked day; None means the first entry's day.
    tracking_since: dt.date | None = None
    platforms: tuple[PlatformSetting, ...] = ()
    duties: tuple[DutySetting, ...] = ()
    # (binding id, keys) pairs from [keys], e.g. ("post.new", "n,a"); keys are comma-separated.
    keys: tuple[tuple[str, str], ...] = ()
    # [timer]: past this a running timer counts only up to it and is flagged as forgotten.
    long_timer_hours: float = LONG_TIMER_HOURS
    # [timer] keys: the duties on keys 1–9, in order; empty means the duties' own order.
    timer_keys: tuple[str, ...] = ()
    # [export] cancelled_days; None leaves the store's (CANCELLED_DAYS when never set).
    ics_cancelled_days: int | None = None
    # [interface] language: "fr", "en" (or "fr_CA", "fr_FR"); None means the locale's.
    language: str | None = None
    # [sync]; None when the file sets none of it (nothing is synced).
    sync: SyncSetting | None = None
    # The file read (or to be): text when read through config_file() (the command line).
    path: Path | str | None = field(default=None, compare=False)
    loaded: bool = field(default=False, compare=False)  # the file existed and was read

    @property
    def minutes_per_day(self) -> float:
        """Contracted minutes on one working day."""
        return self.hours_per_week * 60 / len(self.working_days)

    @property
    def long_timer(self) -> dt.timedelta:
        """The long-timer limit as a span (see `storage.accounting`)."""
        return dt.timedelta(hours=self.long_timer_hours)

    @property
    def keymap(self) -> dict[str, str]:
        """[keys] as Textual's keymap: binding id -> comma-separated keys."""
        return dict(self.keys)


def config_path() -> Path:
    """`CALEPIN_CONFIG` if set, else config.toml in the platformdirs user config folder."""
    from pathlib import Path

    return Path(config_file())


def config_file() -> str:
    """`config_path()` as text, for the quick commands (pathlib costs them 9 %)."""
    env = os.environ.get("CALEPIN_CONFIG", "").strip()
    if env:
        return os.path.expanduser(env)
    from storage.user_dirs import user_config_dir  # platformdirs' folder, quick on Linux

    return os.path.join(user_config_dir(), "config.toml")


__getattr__, __dir__ = built_on_first_use(globals())
