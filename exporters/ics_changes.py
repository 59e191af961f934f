"""What importing an .ics file changes in the log: which version of an event wins, and how a
file read again applies its calendar's moves, retitles and cancellations to the meetings
imported before, never over a hand edit."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from exporters.ics_checks import BAD_YEAR, BROKEN, END_BEFORE
from storage import TimeEntry, wording
from storage.i18n import _, ngettext, pgettext
from storage.models import ImportedEntry, ImportVersion

UTC = dt.UTC
MAX_MEETING = dt.timedelta(hours=24)
MAX_NOTE = 2000

# Reasons an event is not imported, in the order the summary lists them; the keys of
# MeetingImport.skipped (`reason_text` says them in the language in use).
CANCELLED = "cancelled"
FREE = "free"
ALL_DAY = "all-day"
NOT_HELD = "not yet held"
NOT_OVER = "not over yet"
TOO_LONG = "longer than 24 h"
NO_TIME = "no start time"
NO_LENGTH = "no length"
OVERLAP = "overlaps an entry"
TOO_FREQUENT = "repeats too often"
CAPPED = "series cut at the repeat cap"
OVER_FILE_CAP = "beyond the file cap"
ORDER = (
    CANCELLED,
    FREE,
    ALL_DAY,
    NOT_HELD,
    NOT_OVER,
    TOO_LONG,
    NO_TIME,
    NO_LENGTH,
    END_BEFORE,
    BROKEN,
    BAD_YEAR,
    TOO_FREQUENT,
    CAPPED,
    OVER_FILE_CAP,
    OVERLAP,
)


def reason_text(reason: str) -> str:
    """A skip reason as the summary says it in the language in use."""
    words = {
        CANCELLED: pgettext("skipped", "cancelled"),
        FREE: pgettext("skipped", "free"),
        ALL_DAY: pgettext("skipped", "all-day"),
        NOT_HELD: pgettext("skipped", "not yet held"),
        NOT_OVER: pgettext("skipped", "not over yet"),
        TOO_LONG: pgettext("skipped", "longer than 24 h"),
        NO_TIME: pgettext("skipped", "no start time"),
        NO_LENGTH: pgettext("skipped", "no length"),
        END_BEFORE: pgettext("skipped", "ends before it starts"),
        BROKEN: pgettext("skipped", "unreadable"),
        BAD_YEAR: pgettext("skipped", "year before 1900 or after 9999"),
        TOO_FREQUENT: pgettext("skipped", "repeats too often"),
        CAPPED: pgettext("skipped", "series cut at the repeat cap"),
        OVER_FILE_CAP: pgettext("skipped", "beyond the file cap"),
        OVERLAP: pgettext("skipped", "overlaps an entry"),
    }
    return words.get(reason, reason)


@dataclass(frozen=True, slots=True)
class Meeting:
    """One occurrence of a calendar event, ready to become a time entry."""

    external_uid: str
    start: dt.datetime
    end: dt.datetime
    summary: str
    version: ImportVersion | None = None

    @property
    def note(self) -> str:
        return self.summary[:MAX_NOTE]


@dataclass(frozen=True, slots=True)
class Update:
    """An imported entry the file moves (new times) or retitles (new title only)."""

    entry: ImportedEntry
    meeting: Meeting

    @property
    def moved(self) -> bool:
        return (self.meeting.start, self.meeting.end) != (self.entry.start, self.entry.end)


@dataclass(slots=True)
class MeetingImport:
    """What an import did (or, in a dry run, would do)."""

    to_import: list[Meeting] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    removals: list[ImportedEntry] = field(default_factory=list)
    kept: list[ImportedEntry] = field(default_factory=list)
    unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    overlaps: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def imported(self) -> int:
        return len(self.to_import)

    @property
    def present(self) -> int:
        """Meetings of the file already in the log (unchanged, or kept as edited by hand)."""
        return self.unchanged + len(self.kept)

    @property
    def moved(self) -> int:
        return sum(u.moved for u in self.updates)

    @property
    def retitled(self) -> int:
        return sum(not u.moved for u in self.updates)

    def summary(self) -> str:
        """One line: imported N, moved, retitled, removed, kept (when any), unchanged K,
        skipped M (and why). A dry run says what it would do."""
        done = self.written
        if done:
            parts = [ngettext("imported {count}", "imported {count}", self.imported)]
            changes = (
                (self.moved, ngettext("moved {count}", "moved {count}", self.moved)),
                (self.retitled, ngettext("retitled {count}", "retitled {count}", self.retitled)),
                (
                    len(self.removals),
                    ngettext("removed {count}", "removed {count}", len(self.removals)),
                ),
            )
        else:
            parts = [ngettext("would import {count}", "would import {count}", self.imported)]
            changes = (
                (self.moved, ngettext("move {count}", "move {count}", self.moved)),
                (self.retitled, ngettext("retitle {count}", "retitle {count}", self.retitled)),
                (
                    len(self.removals),
                    ngettext("remove {count}", "remove {count}", len(self.removals)),
                ),
            )
        parts[0] = parts[0].format(count=self.imported)
        parts += [text.format(count=count) for count, text in changes if count]
        if self.kept:
            ids = ", ".join(f"#{k.entry.id}" for k in self.kept[:3])
            more = " …" if len(self.kept) > 3 else ""
            kept = len(self.kept)
            if done:
                text = ngettext(
                    "kept {count} edited by hand ({ids})",
                    "kept {count} edited by hand ({ids})",
                    kept,
                )
            else:
                text = ngettext(
                    "keep {count} edited by hand ({ids})",
                    "keep {count} edited by hand ({ids})",
                    kept,
                )
            parts.append(text.format(count=kept, ids=ids + more))
        parts.append(
            ngettext("unchanged {count}", "unchanged {count}", self.unchanged).format(
                count=self.unchanged
            )
        )
        total = sum(self.skipped.values())
        skipped = ngettext("skipped {count}", "skipped {count}", total).format(count=total)
        if total:
            reasons = ", ".join(
                _("{count} {reason}").format(count=self.skipped[r], reason=reason_text(r))
                for r in ORDER
                if self.skipped[r]
            )
            skipped = _("{skipped} ({reasons})").format(skipped=skipped, reasons=reasons)
        return ", ".join([*parts, skipped])


# -- versions


def _utc_text(value: Any) -> str | None:
    if isinstance(value, str):  # the fast reader's text: `20261005T140000Z` (no strptime: slow)
        text = value.strip().upper()
        ok = len(text) in (15, 16) and text[8] == "T" and text[15:] in ("", "Z")
        return text[:15] + "Z" if ok and (text[:8] + text[9:15]).isdigit() else None
    moment = getattr(value, "dt", None)
    if not isinstance(moment, dt.datetime):
        return None
    if moment.tzinfo is not None and moment.utcoffset() is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y%m%dT%H%M%SZ")


def event_version(event: Any) -> ImportVersion:
    """SEQUENCE, LAST-MODIFIED and DTSTAMP of an event (icalendar's or the fast reader's)."""
    try:
        sequence: int | None = int(str(event.get("SEQUENCE")).strip())
    except ValueError:
        sequence = None  # missing (str(None)) or unreadable: counts as 0
    try:
        modified, stamp = _utc_text(event.get("LAST-MODIFIED")), _utc_text(event.get("DTSTAMP"))
    except (ValueError, TypeError, OverflowError, AttributeError):
        modified = stamp = None
    return ImportVersion(sequence, modified, stamp)


def _recurrence_key(event: Any) -> str | None:
    rid = event.get("RECURRENCE-ID")
    if rid is None:
        return None
    moment = getattr(rid, "dt", None)
    if isinstance(moment, dt.datetime):
        return _utc_text(rid)
    return str(moment)


def newest_only(events: list[Any]) -> list[Any]:
    """The events with one version each of an event (UID, RECURRENCE-ID): the highest
    SEQUENCE, then LAST-MODIFIED, then DTSTAMP; on a tie, the one written last."""
    at: dict[tuple[str, str | None], int] = {}
    kept: list[Any] = []
    for event in events:
        uid = str(event.get("UID", "")).strip()
        if not uid:
            kept.append(event)
            continue
        key = (uid, _recurrence_key(event))
        index = at.get(key)
        if index is None:
            at[key] = len(kept)
            kept.append(event)
        elif event_version(event).key >= event_version(kept[index]).key:
            kept[index] = event
    return kept


def all_day_by_clock(event: Any, begin: Any, finish: Any, floating: dt.tzinfo) -> bool:
    """Outlook's way of writing an all-day event with times: flagged, or from midnight to
    midnight (one or more days later) on the clock it is written in."""
    if str(event.get("X-MICROSOFT-CDO-ALLDAYEVENT", "")).strip().upper() == "TRUE":
        return True
    if not isinstance(begin, dt.datetime) or not isinstance(finish, dt.datetime):
        return False

    def wall(moment: dt.datetime) -> dt.datetime:
        if moment.tzinfo is dt.UTC or getattr(moment.tzinfo, "key", None) in ("UTC", "Etc/UTC"):
            return moment.astimezone(floating)  # written in UTC: read on the calendar's clock
        return moment

    first, last = wall(begin), wall(finish)
    return first.time() == last.time() == dt.time() and last.date() > first.date()


# -- what a file changes


def _clashes(
    existing: list[TimeEntry], starts: list[dt.datetime], meeting: Meeting
) -> list[TimeEntry]:
    """Entries (finished or running) sharing time with `meeting`; entries last ≤ 24 h."""
    low = bisect.bisect_left(starts, meeting.start - MAX_MEETING)
    high = bisect.bisect_left(starts, meeting.end)
    return [e for e in existing[low:high] if e.end is None or e.end > meeting.start]


def describe(entry: TimeEntry, zone: dt.tzinfo) -> str:
    """An entry as a person finds it in the log: its number, day and time, note."""
    title = entry.note or _("(no title)")
    return _("#{id} {when} “{title}”").format(
        id=entry.id, when=wording.day_time(entry.start.astimezone(zone)), title=title
    )


def plan(
    result: MeetingImport,
    meetings: list[Meeting],
    cancelled: dict[str, ImportVersion | None],
    imported: dict[str, ImportedEntry],
    existing: list[TimeEntry],
    zone: dt.tzinfo,
) -> None:
    """Fill `result` with what importing `meetings` (sorted by start) does to the log.

    A meeting already imported is matched by its external uid: when the file holds a version
    at least as new as the one imported and its times or title differ, the entry is moved or
    retitled; an entry the file cancels (`cancelled`: STATUS:CANCELLED with its version, or
    an EXDATE with None) is removed. Only what the file positively cancels goes: a meeting
    simply absent (a partial export) stays. An entry edited by hand since its import is left
    as it is and listed in `kept`. New meetings and moves that would overlap an entry (or
    each other) are left out and listed, never double-counted.
    """
    for uid, version in cancelled.items():
        known = imported.get(uid)
        if known is None or (version is not None and version.key < known.version.key):
            continue
        if known.edited:
            result.kept.append(known)
            result.notes.append(
                _("kept {entry}: edited by hand; the calendar cancelled it").format(
                    entry=describe(known.entry, zone)
                )
            )
        else:
            result.removals.append(known)
    result.removals.sort(key=lambda k: (k.entry.start, k.entry.id))
    gone = {k.entry.id for k in result.removals}
    existing = [e for e in existing if e.id not in gone]
    starts = [e.start for e in existing]
    seen: set[str] = set()
    latest: Meeting | None = None
    for meeting in meetings:
        uid = meeting.external_uid
        if uid in seen:
            continue  # the same occurrence twice in one file
        seen.add(uid)
        known = imported.get(uid)
        same = known is not None and (meeting.start, meeting.end, meeting.note) == (
            known.start,
            known.end,
            known.note,
        )
        if known is not None and (
            same or (meeting.version or ImportVersion()).key < known.version.key
        ):
            result.unchanged += 1  # as imported, or the file holds an older version
            continue
        if known is not None and known.edited:
            result.kept.append(known)
            local = meeting.start.astimezone(zone)
            result.notes.append(
                _("kept {entry}: edited by hand; the calendar has {start}–{end} “{title}”").format(
                    entry=describe(known.entry, zone),
                    start=wording.day_time(local),
                    end=wording.clock(meeting.end.astimezone(zone)),
                    title=meeting.note or _("(no title)"),
                )
            )
            continue
        update = Update(known, meeting) if known is not None else None
        if update is None or update.moved:
            clash = [
                e
                for e in _clashes(existing, starts, meeting)
                if known is None or e.id != known.entry.id
            ]
            local = meeting.start.astimezone(zone)
            if clash:
                names = ", ".join(f"#{o.id} {o.duty}" for o in clash)
                result.overlaps.append(
                    _("{when} {title}: {entries}").format(
                        when=f"{local:%Y-%m-%d} {wording.clock(local)}",
                        title=meeting.summary or _("(no title)"),
                        entries=names,
                    )
                )
                result.skipped[OVERLAP] += 1
                continue
            # Meetings come sorted by start: only the latest-ending one taken can overlap.
            twin = latest
            if twin is not None and meeting.start < twin.end:
                result.overlaps.append(
                    _("{when} {title}: {other} in the same file").format(
                        when=f"{local:%Y-%m-%d} {wording.clock(local)}",
                        title=meeting.summary or _("(no title)"),
                        other=twin.summary or _("(no title)"),
                    )
                )
                result.skipped[OVERLAP] += 1
                continue
            if latest is None or meeting.end > latest.end:
                latest = meeting
        if update is None:
            result.to_import.append(meeting)
        else:
            result.updates.append(update)
