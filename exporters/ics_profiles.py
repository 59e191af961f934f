"""Export profiles: what each calendar client needs from an .ics file (`--for`).

- generic: RFC 5545 as it is. The calendar's name (X-WR-CALNAME, X-WR-TIMEZONE) when the
  whole calendar is exported; all-day posts as VALUE=DATE, DTEND the next day.
- outlook: no X-WR-CALNAME or X-WR-TIMEZONE. Outlook desktop opens a file that names its
  calendar as a new calendar, every time (MS-OXCICAL 2.1.3.1.1.17), so updates would pile
  up as copies; without the name they land in the calendar in use and merge by UID.
  All-day posts also carry X-MICROSOFT-CDO-ALLDAYEVENT:TRUE, Outlook's own all-day mark.
- google: the name kept (a subscription shows it). Google's web import refuses files over
  about 1 MB (its help says 1 MB), so a larger export is split by year into
  `name-2026.ics`, `name-2027.ics` … Every event of one UID (a series, its changed dates,
  its cancellations) goes in the same file, the year of the series' first date in the period:
  an instance (RECURRENCE-ID) read without its series is an event of its own in Google.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from exporters.ics_builder import PROFILES, IcsOptions, _Builder
from exporters.ics_text import escape_text, fold_line

if TYPE_CHECKING:
    import datetime as dt

    from storage import Store

__all__ = [
    "GOOGLE_LIMIT",
    "PROFILES",
    "PROFILE_SETTING",
    "IcsPart",
    "calendar_name_lines",
    "part_path",
    "remember_profile",
    "saved_profile",
    "split_by_year",
]

# Google Calendar's import help (support.google.com/calendar/answer/45654) says 1 MB.
GOOGLE_LIMIT = 1_000_000

PROFILE_SETTING = "ics_profile"


@dataclass(frozen=True, slots=True)
class IcsPart:
    """One file of an export: `year` None for the whole calendar in one file."""

    year: int | None
    text: str
    events: int

    @property
    def size(self) -> int:
        return len(self.text.encode("utf-8"))


def saved_profile(store: Store) -> str:
    """The client exports are for: the last one chosen (the store's setting), else generic."""
    saved = store.setting(PROFILE_SETTING) or ""
    return saved if saved in PROFILES else "generic"


def remember_profile(store: Store, profile: str) -> None:
    """Keep `profile` as the next export's default (writes only when it changed)."""
    if store.setting(PROFILE_SETTING) != profile:
        store.set_setting(PROFILE_SETTING, profile)


def calendar_name_lines(options: IcsOptions) -> list[str]:
    """X-WR-CALNAME and X-WR-TIMEZONE, unless left out (a partial export, Outlook)."""
    if options.calendar_name is None or options.profile == "outlook":
        return []
    return [
        fold_line(f"X-WR-CALNAME:{escape_text(options.calendar_name)}"),
        f"X-WR-TIMEZONE:{options.zone_name}",
    ]


def part_path(path: Path, year: int | None) -> Path:
    """`calendar.ics` for the whole file, `calendar-2027.ics` for one year of a split."""
    if year is None:
        return path
    return path.with_name(f"{path.stem}-{year}{path.suffix or '.ics'}")


def split_by_year(
    head: Sequence[str],
    zones: Mapping[str, Sequence[str]],
    builder: _Builder,
    first: dt.date | None,
) -> list[IcsPart]:
    """The events of `builder` in one calendar per year (see the module docstring); each
    file carries `head` and the VTIMEZONEs (`zones`, by name) its events name."""
    lines = builder.lines
    events = builder.events
    ends = [e.start for e in events[1:]] + [len(lines)]
    # The year of a UID: its series' (or post's) first date in the period; an instance
    # never chooses the file while its series is in the export.
    masters: dict[str, int] = {}
    earliest: dict[str, int] = {}
    for event in events:
        year = (max(event.day, first) if first else event.day).year
        if not event.instance:
            masters.setdefault(event.uid, year)
        earliest[event.uid] = min(earliest.get(event.uid, year), year)
    years = {**earliest, **masters}
    parts: list[IcsPart] = []
    for year in sorted(set(years.values())):
        picked = [(e, end) for e, end in zip(events, ends, strict=True) if years[e.uid] == year]
        used = sorted({z for e, _ in picked for z in e.zones})
        body = [line for e, end in picked for line in lines[e.start : end]]
        vtimezones = [line for name in used for line in zones[name]]
        text = "\r\n".join([*head, *vtimezones, *body, "END:VCALENDAR"]) + "\r\n"
        parts.append(IcsPart(year, text, len(picked)))
    return parts
