"""The manager's time-use report: built once as data, rendered as Markdown, HTML, CSV or JSON."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import heapq
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol
from zoneinfo import ZoneInfo

from exporters import _report_rules as _rules
from exporters import _report_sql as _sql
from storage import NotFoundError, Status, Store, ValidationError

if TYPE_CHECKING:
    from collections.abc import Callable

HIGHLIGHT_TAG = "#highlight"
REACTIVE_ACTIVITIES = ("engage", "monitor", "crisis")
SOURCE_LABELS = {"timer": "timer", "manual": "typed", "import": "imported"}
_HIGHLIGHT_RE = re.compile(r"\s*#highlight\b", re.IGNORECASE)
_WD = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MON = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip


class ReportSettings(Protocol):
    """What the report needs from the user's settings (tui.config.Settings fits)."""

    timezone: str | None
    week_start: int
    hours_per_week: float
    working_days: tuple[int, ...]
    work_start: dt.time
    work_end: dt.time
    job_description: tuple[tuple[str, float], ...]


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
    fte: float | None  # social minutes / contracted minutes of the period (None: no contract)
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


@dataclass(frozen=True, slots=True)
class Posts:
    """Planned against actual effort on posts, per platform."""

    planned: int
    published: int
    planned_minutes: int
    logged_minutes: int
    platforms: tuple[PlatformRow, ...]


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

    contracted_minutes: int  # contracted time of the working days so far in the period
    logged_minutes: int
    share: float | None  # logged / contracted, percent (may pass 100)
    working_days: int  # working days so far in the period (today counts once started)
    working_days_without_entries: int  # whole working days gone with nothing logged
    timer_running: bool
    sources: tuple[SourceRow, ...]


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

    @property
    def empty(self) -> bool:
        return self.total_minutes == 0

    @property
    def headline(self) -> str:
        if self.empty:
            return f"Nothing logged {period_phrase(self.first, self.last)}."
        text = (
            f"Social media took {hours(self.social.minutes)} h "
            f"({self.social.share:.1f} % of logged time)"
        )
        if self.social.fte is not None:
            text += (
                f", the equivalent of {self.social.fte:.2f} FTE at {self.hours_per_week:g} h a week"
            )
        return text + "."


# ---------------------------------------------------------------- small helpers


def hours(minutes: int | float) -> str:
    """Minutes as decimal hours with one decimal: 750 → '12.5'."""
    return f"{minutes / 60:.1f}"


def day_label(day: dt.date, *, year: bool = False) -> str:
    text = f"{_WD[day.weekday()]} {day.day} {_MON[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def period_phrase(first: dt.date, last: dt.date) -> str:
    if first == last:
        return f"on {day_label(first, year=True)}"
    return f"from {day_label(first, year=first.year != last.year)} to {day_label(last, year=True)}"


def period_label(first: dt.date, last: dt.date, week_start: int = 0) -> str:
    """'2026', 'Q4 2026', 'November 2026', 'Week of Mon 16 Nov 2026', or the range."""
    next_day = last + dt.timedelta(days=1)
    if first.day == 1 and next_day.day == 1:
        months = (last.year - first.year) * 12 + last.month - first.month + 1
        if months == 12 and first.month == 1:
            return str(first.year)
        if months == 3 and first.month % 3 == 1:
            return f"Q{(first.month - 1) // 3 + 1} {first.year}"
        if months == 1:
            return f"{_MONTH[first.month - 1]} {first.year}"
    if (last - first).days == 6 and first.weekday() == week_start:
        return f"Week of {day_label(first, year=True)}"
    if first == last:
        return day_label(first, year=True)
    return f"{day_label(first, year=first.year != last.year)} – {day_label(last, year=True)}"


def apportion(values: Sequence[int], units: int) -> list[int]:
    """Split `units` in proportion to `values`, in whole units that add up exactly.

    Largest remainders; ties go to the earlier value, so callers list the largest first.
    All zero values get nothing.
    """
    whole = sum(values)
    if whole <= 0:
        return [0 for _ in values]
    exact = [v * units / whole for v in values]
    parts = [int(x) for x in exact]
    missing = units - sum(parts)
    order = sorted(range(len(values)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:missing]:
        parts[i] += 1
    return parts


def shares(values: Sequence[int]) -> list[float]:
    """Percentages to one decimal that add up to exactly 100.0 (0.0 each when all are 0)."""
    return [t / 10 for t in apportion(values, 1000)]


def _pct(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole > 0 else None


def _minute(instant: dt.datetime) -> int:
    """An instant as whole minutes since the epoch (nearest minute)."""
    return round(instant.timestamp() / 60)


def _strip_tag(note: str) -> str:
    text = " ".join(_HIGHLIGHT_RE.sub(" ", note).split())
    return re.sub(r" ([:;,.!?])", r"\1", text).strip(" :;,")


# ---------------------------------------------------------------- overlap resolution


def resolve_overlaps(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Who owns each stretch of time: (start, end, index into spans), in time order.

    `spans` are (start, end) pairs sorted by start (ties: later index = later entry). Where
    spans overlap, the one that started last owns the time, so an interruption wins and the
    interrupted entry resumes when it ends.
    """
    out: list[tuple[int, int, int]] = []
    # Most entries touch no other: sweep only the clusters of spans that really overlap.
    i, n = 0, len(spans)
    while i < n:
        j, reach = i + 1, spans[i][1]
        while j < n and spans[j][0] < reach:
            reach = max(reach, spans[j][1])
            j += 1
        if j == i + 1:
            out.append((spans[i][0], spans[i][1], i))
        else:
            out.extend(_sweep(spans, i, j))
        i = j
    return out


def _sweep(spans: Sequence[tuple[int, int]], lo: int, hi: int) -> list[tuple[int, int, int]]:
    bounds = sorted({x for span in spans[lo:hi] for x in span})
    heap: list[tuple[int, int, int]] = []  # (-start, -index, end)
    out: list[tuple[int, int, int]] = []
    j = lo
    for k in range(len(bounds) - 1):
        t = bounds[k]
        while j < hi and spans[j][0] <= t:
            a, b = spans[j]
            heapq.heappush(heap, (-a, -j, b))
            j += 1
        while heap and heap[0][2] <= t:
            heapq.heappop(heap)
        if not heap:
            continue
        owner = -heap[0][1]
        nxt = bounds[k + 1]
        if out and out[-1][2] == owner and out[-1][1] == t:
            out[-1] = (out[-1][0], nxt, owner)
        else:
            out.append((t, nxt, owner))
    return out


# ---------------------------------------------------------------- building


# The summary screen rebuilds the report on every period switch, and a period's days are the
# same every time: they are worked out once.
@functools.lru_cache(maxsize=64)
def _calendar(
    first: dt.date,
    last: dt.date,
    tz: dt.tzinfo,
    work_start: dt.time,
    work_end: dt.time,
    working_days: tuple[int, ...],
) -> tuple[tuple[Any, ...], ...]:
    """The period's days as parallel tuples: (day, local midnight, work start, work end,
    next local midnight, working day?), instants in minutes since the epoch."""
    days, starts, work_starts, work_ends, ends, working = [], [], [], [], [], []
    day = first
    midnight = _minute(dt.datetime.combine(day, dt.time(), tzinfo=tz))
    while day <= last:
        nxt = day + dt.timedelta(days=1)
        next_midnight = _minute(dt.datetime.combine(nxt, dt.time(), tzinfo=tz))
        days.append(day)
        starts.append(midnight)
        work_starts.append(_minute(dt.datetime.combine(day, work_start, tzinfo=tz)))
        work_ends.append(_minute(dt.datetime.combine(day, work_end, tzinfo=tz)))
        ends.append(next_midnight)
        working.append(day.weekday() in working_days)
        day, midnight = nxt, next_midnight
    return (
        tuple(days),
        tuple(starts),
        tuple(work_starts),
        tuple(work_ends),
        tuple(ends),
        tuple(working),
    )


def _spread(
    calendar: tuple[tuple[Any, ...], ...],
    tally: tuple[list[int], list[int], dict[str, list[int]]],
    a: int,
    b: int,
    duty: str,
    social: bool,
) -> None:
    """Add the minutes [a, b) of `duty` to the days they fall on and to out-of-hours time."""
    _, day_starts, work_starts, work_ends, day_ends, working = calendar
    day_minutes, day_social, ooh = tally
    k = bisect.bisect_right(day_starts, a) - 1
    while a < b:  # hot loop: plain comparisons, no min/max calls
        day_end = day_ends[k]
        piece_end = b if b < day_end else day_end
        length = piece_end - a
        day_minutes[k] += length
        if social:
            day_social[k] += length
        if not working[k]:
            ooh.setdefault(duty, [0, 0, 0])[2] += length
        else:
            ws, we = work_starts[k], work_ends[k]
            if a < ws or piece_end > we:
                early = (piece_end if piece_end < ws else ws) - a if a < ws else 0
                late = piece_end - (a if a > we else we) if piece_end > we else 0
                row = ooh.setdefault(duty, [0, 0, 0])
                row[0] += late
                row[1] += early
        a = piece_end
        k += 1


class _Categories(dict[int, tuple[str, str | None, str, str, bool]]):
    """{entry key: (duty, activity, source, source label, social?)}, keyed as ENTRY_KEY."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self._store = store
        self._load()

    def _load(self) -> None:
        activities: list[tuple[int, str | None]] = [(0, None)]
        activities += [(a.id, a.name) for a in self._store.activities()]
        for d in self._store.duties(include_archived=True):
            for activity_id, activity in activities:
                for source in _sql.SOURCES:
                    key = _sql.entry_key(d.id, activity_id, source)
                    label = SOURCE_LABELS.get(source, source)
                    self[key] = (d.name, activity, source, label, d.social)

    def __missing__(self, key: int) -> tuple[str, str | None, str, str, bool]:
        # A duty or activity added by another process since they were read.
        self._load()
        if key not in self:
            raise KeyError(key)
        return self[key]


def _spans(
    found: list[tuple[Any, ...]], p0: int, now_minute: int
) -> tuple[list[tuple[Any, ...]], list[int], list[int], list[tuple[int, int]], bool]:
    """The entries that reach into the period, their starts and ends in minutes, the runs
    of them that overlap as (first, last + 1) indexes, and whether a timer is running."""
    rows: list[tuple[Any, ...]] = []
    starts: list[int] = []  # lists of plain numbers, not (start, end, row) tuples: less for
    ends: list[int] = []  # the garbage collector to walk
    runs: list[tuple[int, int]] = []
    lo, reach = -1, p0  # reach: the latest end so far
    timer_running = False
    for row in found:  # hot loop: _minute inlined
        a = round(row[2] / 60)
        if row[3] is None:
            b = now_minute
            timer_running = timer_running or b > a
        else:
            b = round(row[3] / 60)
        # Time before the period never changes who owns the time inside it.
        if b <= a or b <= p0:
            continue
        if a < reach and rows:
            if lo < 0:
                lo = len(rows) - 1
        elif lo >= 0:
            runs.append((lo, len(rows)))
            lo = -1
        rows.append(row)
        starts.append(a)
        ends.append(b)
        if b > reach:
            reach = b
    if lo >= 0:
        runs.append((lo, len(rows)))
    return rows, starts, ends, runs, timer_running


def build_report(
    store: Store,
    first: dt.date,
    last: dt.date,
    *,
    now: dt.datetime,
    settings: ReportSettings,
    include_notes: bool = False,
    with_entries: bool = True,
) -> Report:
    """Compute the time-use report for the days `first` to `last` (inclusive).

    `with_entries=False` leaves `entries` empty (only the CSV lists them): a screen that
    shows the totals saves a row per entry.

    Entries are read once. Overlapping time is counted once: the later-started entry takes
    the shared minutes. A running timer counts up to `now`; coverage counts the contracted
    time of working days up to `now` only.

    Raises:
        ValidationError: `last` is before `first`, or the job description names an unknown duty.
    """
    if last < first:
        raise ValidationError("the period ends before it starts")
    tz: dt.tzinfo = ZoneInfo(settings.timezone) if settings.timezone else store.zone
    zone_name = settings.timezone or store.zone_name
    now_local = now.astimezone(tz)
    calendar = _calendar(
        first, last, tz, settings.work_start, settings.work_end, tuple(settings.working_days)
    )
    days, day_starts, work_starts, work_ends, day_ends, working = calendar
    p0, p1 = day_starts[0], day_ends[-1]
    duty_info = {d.name: d for d in store.duties(include_archived=True)}
    social_duties = {name for name, d in duty_info.items() if d.social}
    categories = _Categories(store)

    # Entries that start up to a day early can still run into the period (24 h at most).
    since = dt.datetime.fromtimestamp(p0 * 60, dt.UTC) - dt.timedelta(hours=24)
    until = dt.datetime.fromtimestamp(p1 * 60, dt.UTC)
    found = _sql.entry_rows(store, since, until, notes=include_notes)
    rows, starts, ends, runs, timer_running = _spans(found, p0, _minute(now))
    posts_of = _sql.posts_by_id(store, {row[4] for row in rows if row[4] is not None})

    day_minutes = [0] * len(days)
    day_social = [0] * len(days)
    ooh: dict[str, list[int]] = {}
    tally = (day_minutes, day_social, ooh)
    # Where entries overlap, the later-started one owns the shared minutes.
    shared: dict[int, int] = {}  # {entry id: counted minutes} of the entries in those runs
    for lo, hi in runs:
        for row in rows[lo:hi]:
            shared[row[0]] = 0
        spans = list(zip(starts[lo:hi], ends[lo:hi], strict=True))
        for a, b, i in _sweep(spans, 0, len(spans)):
            a, b = max(a, p0), min(b, p1)
            if b > a:
                shared[rows[lo + i][0]] += b - a
                duty, _, _, _, social = categories[rows[lo + i][1]]
                _spread(calendar, tally, a, b, duty, social)

    # Every entry: its minutes into its day (unless shared above), the totals, and its row.
    first_iso, last_iso = first.isoformat(), last.isoformat()
    by_key: dict[int, int] = {}  # counted minutes per entry key (duty, activity, source)
    logged_on: dict[str, int] = {}  # counted minutes on each platform's posts
    linked: set[int] = set()  # posts with counted time in the period
    untitled: list[tuple[int, int, str]] = []  # (row, post, title): shown if in `linked`
    highlights: list[NoteRow] = []
    notes: list[NoteRow] = []
    entry_rows: list[EntryRow] = []
    add_row = entry_rows.append
    local = dt.datetime.fromtimestamp
    # Most entries start as the one before ends: they share that instant's local time.
    last_end: int | None = None
    last_end_local: dt.datetime | None = None
    k = 0  # the day of the entry: entries come in time order, so it only moves forward
    for a, b, row in zip(starts, ends, rows, strict=True):  # hot loop: no min/max calls
        if a < p0:
            a = p0
        if b > p1:
            b = p1
        logged = b - a
        if logged <= 0:
            continue
        entry_id, key, start, end, post_id, note = row
        duty, activity, _, label, social = categories[key]
        if shared and entry_id in shared:
            minutes = shared[entry_id]
        else:
            minutes = logged
            while day_ends[k] <= a:
                k += 1
            if working[k] and a >= work_starts[k] and b <= work_ends[k]:
                day_minutes[k] += minutes
                if social:
                    day_social[k] += minutes
            else:  # out of hours, or over midnight
                _spread(calendar, tally, a, b, duty, social)
        if minutes:
            by_key[key] = by_key.get(key, 0) + minutes
        post = ""
        if post_id is not None and post_id in posts_of:
            title, platform, post_day = posts_of[post_id]
            if minutes:
                logged_on[platform] = logged_on.get(platform, 0) + minutes
                linked.add(post_id)
                post = title
            elif post_day is not None and first_iso <= post_day <= last_iso:
                post = title
            elif with_entries:  # shown only if another entry puts time on it
                untitled.append((len(entry_rows), post_id, title))
        if not with_entries and note is None:
            continue  # no row to make and no note to read: local times are not needed
        start_local = last_end_local if start == last_end else local(start, tz)
        end_local = None
        if end is not None:
            last_end = end
            last_end_local = end_local = local(end, tz)
        shown = ""
        if note is not None:  # read only when notes are included, or it may be a highlight
            if "#" in note and HIGHLIGHT_TAG in note.casefold():
                highlights.append(NoteRow(start_local, duty, activity, minutes, _strip_tag(note)))
                shown = note
            elif include_notes:
                shown = note
                if note:
                    notes.append(NoteRow(start_local, duty, activity, minutes, note))
        if with_entries:
            add_row(
                EntryRow(
                    entry_id,
                    start_local,
                    end_local,
                    duty,
                    activity,
                    label,
                    logged,
                    minutes,
                    post,
                    shown,
                )
            )

    for index, post_id, title in untitled:
        if post_id in linked:
            entry_rows[index] = replace(entry_rows[index], post=title)

    by_duty: dict[str, int] = {}
    by_activity: dict[str | None, int] = {}
    by_source: dict[str, int] = {}
    for key, minutes in by_key.items():
        duty, activity, source, _, social = categories[key]
        by_duty[duty] = by_duty.get(duty, 0) + minutes
        by_source[source] = by_source.get(source, 0) + minutes
        if social:
            by_activity[activity] = by_activity.get(activity, 0) + minutes
    total = sum(by_duty.values())
    duty_order = sorted(by_duty, key=lambda name: (-by_duty[name], name.casefold()))
    # Social time is apportioned first, so the headline share is the plainly rounded one and
    # the social duties in the table add up to it.
    social_minutes = sum(m for n, m in by_duty.items() if n in social_duties)
    group_tenths = apportion([social_minutes, total - social_minutes], 1000)
    duty_share: dict[str, float] = {}
    for is_social, tenths in zip((True, False), group_tenths, strict=True):
        names = [n for n in duty_order if (n in social_duties) is is_social]
        for n, t in zip(names, apportion([by_duty[n] for n in names], tenths), strict=True):
            duty_share[n] = t / 10
    duties = tuple(DutyRow(n, by_duty[n], duty_share[n], n in social_duties) for n in duty_order)
    social_share = group_tenths[0] / 10 if total else 0.0

    coverage = _coverage(
        calendar, day_minutes, settings, now_local, total, by_source, timer_running
    )
    social = _social(store, by_activity, social_minutes, social_share, coverage)
    job = _job_description(store, settings, duties, duty_info)
    posts = _posts(store, first, last, logged_on)
    weeks = _weeks(days, day_minutes, day_social, settings.week_start)
    ooh_rows = sorted(
        (OutOfHoursRow(duty, *values) for duty, values in ooh.items() if sum(values)),
        key=lambda r: (-r.minutes, r.duty.casefold()),
    )
    out_of_hours = OutOfHours(
        evening=sum(r.evening for r in ooh_rows),
        early_morning=sum(r.early_morning for r in ooh_rows),
        weekend=sum(r.weekend for r in ooh_rows),
        share=_pct(sum(r.minutes for r in ooh_rows), total),
        duties=tuple(ooh_rows),
    )

    return Report(
        first=first,
        last=last,
        label=period_label(first, last, settings.week_start),
        zone=zone_name,
        generated_at=now_local,
        hours_per_week=settings.hours_per_week,
        total_minutes=total,
        duties=duties,
        social=social,
        job_description=job,
        posts=posts,
        weeks=weeks,
        out_of_hours=out_of_hours,
        coverage=coverage,
        highlights=tuple(highlights),
        notes=tuple(notes) if include_notes else None,
        entries=tuple(entry_rows),
    )


def _coverage(
    calendar: tuple[tuple[Any, ...], ...],
    day_minutes: list[int],
    settings: ReportSettings,
    now_local: dt.datetime,
    total: int,
    by_source: dict[str, int],
    timer_running: bool,
) -> Coverage:
    days, _, work_starts, work_ends, _, working_days = calendar
    today = now_local.date()
    now_minute = _minute(now_local)
    per_day = settings.hours_per_week * 60 / max(1, len(settings.working_days))
    contracted = 0.0
    working = empty = 0
    for k, day in enumerate(days):
        if not working_days[k] or day > today:
            continue
        if day < today:
            fraction = 1.0
        else:
            span = max(1, work_ends[k] - work_starts[k])
            fraction = min(1.0, max(0.0, (now_minute - work_starts[k]) / span))
        if fraction <= 0:
            continue
        working += 1
        contracted += per_day * fraction
        if fraction >= 1.0 and day_minutes[k] == 0:
            empty += 1
    order = [s for s in ("timer", "manual", "import") if by_source.get(s)]
    order += sorted(s for s in by_source if s not in order and by_source[s])
    src_shares = shares([by_source[s] for s in order])
    contracted_minutes = round(contracted)
    return Coverage(
        contracted_minutes=contracted_minutes,
        logged_minutes=total,
        share=_pct(total, contracted_minutes),
        working_days=working,
        working_days_without_entries=empty,
        timer_running=timer_running,
        sources=tuple(
            SourceRow(SOURCE_LABELS.get(s, s), by_source[s], sh)
            for s, sh in zip(order, src_shares, strict=True)
        ),
    )


def _social(
    store: Store,
    by_activity: dict[str | None, int],
    minutes: int,
    share: float,
    coverage: Coverage,
) -> Social:
    names: list[str | None] = [a.name for a in store.activities()]
    names += sorted(a for a in by_activity if a is not None and a not in names)
    names.append(None)
    values = [by_activity.get(n, 0) for n in names]
    act_shares = shares(values)
    activities = tuple(
        ActivityRow(n, v, s)
        for n, v, s in zip(names, values, act_shares, strict=True)
        if v or n is not None
    )
    reactive = sum(by_activity.get(a, 0) for a in REACTIVE_ACTIVITIES)
    fte = round(minutes / coverage.contracted_minutes, 2) if coverage.contracted_minutes else None
    return Social(
        minutes=minutes,
        share=share,
        fte=fte,
        activities=activities,
        reactive_minutes=reactive,
        reactive_share=_pct(reactive, minutes) or 0.0,
    )


def _job_description(
    store: Store,
    settings: ReportSettings,
    duties: tuple[DutyRow, ...],
    duty_info: dict[str, Any],
) -> tuple[JobRow, ...] | None:
    if not settings.job_description:
        return None
    intended: dict[str, float] = {}
    for name, percent in settings.job_description:
        try:
            canonical = store.duty(name).name
        except NotFoundError:
            known = ", ".join(d for d in duty_info if not duty_info[d].archived)
            raise ValidationError(
                f"[job_description] names an unknown duty '{name}'; duties are: {known}",
                field="job_description",
            ) from None
        intended[canonical] = intended.get(canonical, 0.0) + percent
    actual = {r.duty: r.share for r in duties}
    names = sorted(intended, key=lambda n: (-intended[n], -actual.get(n, 0.0), n.casefold()))
    names += [r.duty for r in duties if r.duty not in intended]
    rows = []
    for name in names:
        want, got = intended.get(name, 0.0), actual.get(name, 0.0)
        diff = (got - want) / 100
        rows.append(
            JobRow(
                duty=name,
                intended=round(want, 1),
                actual=got,
                difference_hours_per_week=round(diff * settings.hours_per_week, 1) + 0.0,
                difference_fte=round(diff, 2) + 0.0,
            )
        )
    return tuple(rows)


class _Series(NamedTuple):
    rule: str
    start: dt.date
    time: str | None  # "09:00" as stored; None: all day
    zone: str


def _occurrences(series: _Series, first: dt.date, last: dt.date, hidden: set[dt.date]) -> int:
    """How many dates of the series fall in the period and are not skipped or moved.

    The first date always counts, as on the calendar (RFC 5545: DTSTART is an instance).
    """
    days = _rules.dates_between(series.rule, series.start, first, last)
    if days is None:  # a rule of a kind only dateutil reads, or UNTIL in UTC
        from storage.recurrence import occurrence_dates  # dateutil: only when needed

        at = dt.time.fromisoformat(series.time) if series.time else None
        days = occurrence_dates(series.rule, series.start, at, ZoneInfo(series.zone), first, last)
    elif first <= series.start <= last and series.start not in days:
        days = [series.start, *days]
    return sum(1 for day in days if day not in hidden)


def _posts(store: Store, first: dt.date, last: dt.date, logged: dict[str, int]) -> Posts:
    planned: dict[str, int] = {}
    published: dict[str, int] = {}
    estimate: dict[str, int] = {}
    for platform, count, minutes, done in _sql.single_posts(store, first, last):
        planned[platform] = count
        estimate[platform] = minutes
        if done:
            published[platform] = done
    moved = _sql.moved_dates(store, first, last)
    for row in _sql.series_rows(store, last):
        series_id, start, rule, status, platform, minutes, skips, at, zone_name = row
        hidden = moved.get(series_id, set())
        if skips:
            hidden = hidden | {dt.date.fromisoformat(d) for d in skips.split(",")}
        series = _Series(rule, dt.date.fromisoformat(start), at, zone_name)
        times = _occurrences(series, first, last, hidden)
        if times <= 0:
            continue
        planned[platform] = planned.get(platform, 0) + times
        estimate[platform] = estimate.get(platform, 0) + times * minutes
        if status == Status.PUBLISHED:
            published[platform] = published.get(platform, 0) + times

    colours = {p.name: p.colour for p in store.platforms(include_archived=True)}
    names = sorted(
        set(planned) | set(logged),
        key=lambda n: (-planned.get(n, 0), -logged.get(n, 0), n.casefold()),
    )
    rows = tuple(
        PlatformRow(
            platform=n,
            colour=colours.get(n, "#888888"),
            planned=planned.get(n, 0),
            published=published.get(n, 0),
            planned_minutes=estimate.get(n, 0),
            logged_minutes=logged.get(n, 0),
            minutes_per_published_post=round(logged[n] / published[n])
            if published.get(n) and logged.get(n)
            else None,
        )
        for n in names
    )
    return Posts(
        planned=sum(planned.values()),
        published=sum(published.values()),
        planned_minutes=sum(estimate.values()),
        logged_minutes=sum(logged.values()),
        platforms=rows,
    )


def _weeks(
    days: Sequence[dt.date], minutes: list[int], social: list[int], week_start: int
) -> tuple[WeekRow, ...]:
    weeks: list[WeekRow] = []
    lo = 0
    for hi in range(1, len(days) + 1):
        if hi == len(days) or days[hi].weekday() == week_start:
            m, s = sum(minutes[lo:hi]), sum(social[lo:hi])
            weeks.append(WeekRow(days[lo], days[hi - 1], m, s, _pct(s, m)))
            lo = hi
    return tuple(weeks)


# ---------------------------------------------------------------- JSON


def report_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data (the keys `render_json` documents)."""
    r = report
    return {
        "period": {"start": r.first.isoformat(), "end": r.last.isoformat(), "label": r.label},
        "timezone": r.zone,
        "generated_at": r.generated_at.isoformat(timespec="seconds"),
        "contracted_hours_per_week": r.hours_per_week,
        "headline": r.headline,
        "total_minutes": r.total_minutes,
        "duties": [
            {"duty": d.duty, "minutes": d.minutes, "share": d.share, "social": d.social}
            for d in r.duties
        ],
        "social": {
            "minutes": r.social.minutes,
            "share": r.social.share,
            "fte": r.social.fte,
            "reactive_minutes": r.social.reactive_minutes,
            "reactive_share": r.social.reactive_share,
            "activities": [
                {"activity": a.activity, "minutes": a.minutes, "share": a.share}
                for a in r.social.activities
            ],
        },
        "job_description": None
        if r.job_description is None
        else [
            {
                "duty": j.duty,
                "intended": j.intended,
                "actual": j.actual,
                "difference_hours_per_week": j.difference_hours_per_week,
                "difference_fte": j.difference_fte,
            }
            for j in r.job_description
        ],
        "posts": {
            "planned": r.posts.planned,
            "published": r.posts.published,
            "planned_minutes": r.posts.planned_minutes,
            "logged_minutes": r.posts.logged_minutes,
            "platforms": [
                {
                    "platform": p.platform,
                    "planned": p.planned,
                    "published": p.published,
                    "planned_minutes": p.planned_minutes,
                    "logged_minutes": p.logged_minutes,
                    "minutes_per_published_post": p.minutes_per_published_post,
                }
                for p in r.posts.platforms
            ],
        },
        "weeks": [
            {
                "start": w.start.isoformat(),
                "end": w.end.isoformat(),
                "minutes": w.minutes,
                "social_minutes": w.social_minutes,
                "social_share": w.social_share,
            }
            for w in r.weeks
        ],
        "out_of_hours": {
            "minutes": r.out_of_hours.minutes,
            "share": r.out_of_hours.share,
            "evening_minutes": r.out_of_hours.evening,
            "early_morning_minutes": r.out_of_hours.early_morning,
            "weekend_minutes": r.out_of_hours.weekend,
            "duties": [
                {
                    "duty": o.duty,
                    "minutes": o.minutes,
                    "evening_minutes": o.evening,
                    "early_morning_minutes": o.early_morning,
                    "weekend_minutes": o.weekend,
                }
                for o in r.out_of_hours.duties
            ],
        },
        "coverage": {
            "contracted_minutes": r.coverage.contracted_minutes,
            "logged_minutes": r.coverage.logged_minutes,
            "share": r.coverage.share,
            "working_days": r.coverage.working_days,
            "working_days_without_entries": r.coverage.working_days_without_entries,
            "timer_running": r.coverage.timer_running,
            "sources": [
                {"source": s.source, "minutes": s.minutes, "share": s.share}
                for s in r.coverage.sources
            ],
        },
        "highlights": [_note_dict(h) for h in r.highlights],
        "notes": None if r.notes is None else [_note_dict(n) for n in r.notes],
    }


def _note_dict(row: NoteRow) -> dict[str, Any]:
    return {
        "start": row.start.isoformat(timespec="minutes"),
        "duty": row.duty,
        "activity": row.activity,
        "minutes": row.minutes,
        "note": row.note,
    }


def render_json(report: Report) -> str:
    """The report as JSON. Keys are stable; minutes are whole numbers, shares percent (0–100).

    - `period {start, end, label}`: ISO days, inclusive; `timezone`; `generated_at`.
    - `contracted_hours_per_week`, `headline` (the sentence), `total_minutes`.
    - `duties [{duty, minutes, share, social}]`: largest first; shares add up to 100.0.
    - `social {minutes, share, fte, reactive_minutes, reactive_share, activities [{activity,
      minutes, share}]}`: every duty flagged social; `activity` null = none given; reactive =
      engage + monitor + crisis; `fte` = social minutes / contracted minutes (null if none).
    - `job_description`: null when no split is configured, else `[{duty, intended, actual,
      difference_hours_per_week, difference_fte}]`; difference = (actual − intended) % of
      the contracted week.
    - `posts {planned, published, planned_minutes, logged_minutes, platforms [{platform,
      planned, published, planned_minutes, logged_minutes, minutes_per_published_post}]}`.
    - `weeks [{start, end, minutes, social_minutes, social_share}]`, cut to the period.
    - `out_of_hours {minutes, share, evening_minutes, early_morning_minutes, weekend_minutes,
      duties [{duty, minutes, evening_minutes, early_morning_minutes, weekend_minutes}]}`.
    - `coverage {contracted_minutes, logged_minutes, share, working_days,
      working_days_without_entries, timer_running, sources [{source, minutes, share}]}`;
      source is timer, typed or imported.
    - `highlights [{start, duty, activity, minutes, note}]`: notes tagged #highlight.
    - `notes`: null unless notes were included, else like `highlights` for the other notes.
    """
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------- Markdown


def bar(share: float, width: int = 20, scale: float = 100.0) -> str:
    """A text bar: full blocks plus one eighth-block for the remainder."""
    if scale <= 0 or share <= 0:
        return ""
    eighths = round(share / scale * width * 8)
    full, rest = divmod(eighths, 8)
    return "█" * full + ("" if rest == 0 else " ▏▎▍▌▋▊▉"[rest])


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], align: str) -> list[str]:
    lines = ["| " + " | ".join(head) + " |"]
    lines.append("|" + "|".join("---:" if a == "r" else "---" for a in align) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _signed(value: float, digits: int = 1) -> str:
    text = f"{value:+.{digits}f}"
    return "0" if float(text) == 0 else text.replace("-", "−")


def render_markdown(report: Report) -> str:
    """The report as Markdown that reads well pasted into an email."""
    r = report
    out = [f"# Time use — {r.label}", "", f"**{r.headline}**", ""]
    if r.empty:
        out.append("Nothing to summarise yet: log time with `calepin log` or the timer.")
        return "\n".join(out) + "\n"
    out.append(
        f"{hours(r.total_minutes)} h logged {period_phrase(r.first, r.last)} ({r.zone}); "
        f"contracted {r.hours_per_week:g} h a week."
    )
    top = max(d.share for d in r.duties)
    out += ["", "## Hours per duty", ""]
    out += _table(
        ["Duty", "Hours", "Share", ""],
        [
            [_md_cell(d.duty) + (" *" if d.social else ""), hours(d.minutes), f"{d.share:.1f} %",
             bar(d.share, 16, top)]
            for d in r.duties
        ]
        + [["**Total**", f"**{hours(r.total_minutes)}**", "**100.0 %**", ""]],
        "lrrl",
    )  # fmt: skip
    out += ["", "\\* counted as social media."]

    s = r.social
    if s.minutes:
        out += ["", "## Social media by activity", ""]
        out += _table(
            ["Activity", "Hours", "Share", ""],
            [
                [a.activity or "not given", hours(a.minutes), f"{a.share:.1f} %", bar(a.share, 16)]
                for a in s.activities
            ],
            "lrrl",
        )
        out += [
            "",
            f"Reactive work (engage, monitor, crisis): {hours(s.reactive_minutes)} h, "
            f"{s.reactive_share:.1f} % of social media time.",
        ]

    if r.job_description:
        out += ["", "## Job description against reality", ""]
        out += _table(
            ["Duty", "Intended", "Actual", "Difference (h/week)", "Difference (FTE)"],
            [
                [_md_cell(j.duty), f"{j.intended:.1f} %", f"{j.actual:.1f} %",
                 _signed(j.difference_hours_per_week), _signed(j.difference_fte, 2)]
                for j in r.job_description
            ],
            "lrrrr",
        )  # fmt: skip
        out += ["", f"Differences are counted on a {r.hours_per_week:g} h week."]

    p = r.posts
    if p.platforms:
        out += ["", "## Posts", ""]
        out += _table(
            ["Platform", "Planned", "Published", "Planned effort (h)", "Logged on posts (h)",
             "Minutes per published post"],
            [
                [_md_cell(x.platform), str(x.planned), str(x.published), hours(x.planned_minutes),
                 hours(x.logged_minutes),
                 str(x.minutes_per_published_post) if x.minutes_per_published_post is not None
                 else "–"]
                for x in p.platforms
            ]
            + [["**Total**", str(p.planned), str(p.published), hours(p.planned_minutes),
                hours(p.logged_minutes), ""]],
            "lrrrrr",
        )  # fmt: skip

    if len(r.weeks) > 1:
        top_week = max(w.minutes for w in r.weeks) or 1
        out += ["", "## Week by week", ""]
        out += _table(
            ["Week of", "Hours", "Social", "Social share", ""],
            [
                [day_label(w.start), hours(w.minutes), hours(w.social_minutes),
                 f"{w.social_share:.1f} %" if w.social_share is not None else "–",
                 bar(w.minutes, 12, top_week)]
                for w in r.weeks
            ],
            "lrrrl",
        )  # fmt: skip

    o = r.out_of_hours
    out += ["", "## Out of hours", ""]
    if o.minutes:
        out.append(
            f"{hours(o.minutes)} h outside working hours ({o.share:.1f} % of logged time): "
            f"{hours(o.evening)} h in the evening, {hours(o.early_morning)} h early in the "
            f"morning, {hours(o.weekend)} h on days off."
        )
        out.append("")
        out += _table(
            ["Duty", "Evening (h)", "Early morning (h)", "Days off (h)", "Total (h)"],
            [
                [_md_cell(x.duty), hours(x.evening), hours(x.early_morning), hours(x.weekend),
                 hours(x.minutes)]
                for x in o.duties
            ],
            "lrrrr",
        )  # fmt: skip
    else:
        out.append("Nothing logged outside working hours.")

    c = r.coverage
    out += ["", "## How far to trust these numbers", ""]
    if c.share is not None:
        out.append(
            f"{hours(c.logged_minutes)} h logged against {hours(c.contracted_minutes)} h "
            f"contracted over {c.working_days} working days ({c.share:.1f} %)."
        )
    else:
        out.append(f"{hours(c.logged_minutes)} h logged; no contracted time in this period yet.")
    if c.working_days_without_entries:
        out.append(f"{c.working_days_without_entries} working days have nothing logged.")
    if c.sources:
        made = ", ".join(f"{s.source} {s.share:.1f} %" for s in c.sources)
        out.append(f"How entries were made: {made}.")
    if c.timer_running:
        out.append("A timer is still running; it is counted up to now.")

    if r.highlights:
        out += ["", "## Highlights", ""]
        out += [
            f"- {day_label(h.start.date())}, {_md_cell(h.duty)} ({hours(h.minutes)} h): "
            f"{_md_cell(h.note)}"
            for h in r.highlights
        ]
    if r.notes:
        out += ["", "## Notes", ""]
        out += [
            f"- {day_label(n.start.date())} {n.start:%H:%M}, {_md_cell(n.duty)}: {_md_cell(n.note)}"
            for n in r.notes
        ]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- CSV

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading '."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def render_csv(report: Report) -> str:
    """The summary tables, a blank line between each, then one row per entry.

    Every table starts with a header row whose first cell names it; every cell that could
    start a formula (=, +, -, @) is prefixed with an apostrophe.
    """
    import csv  # only this format needs it: `calepin report` imports this module every time

    r = report
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    blocks: list[list[Sequence[object]]] = []
    blocks.append(
        [
            ["Report", "Start", "End", "Time zone", "Total minutes", "Headline"],
            [r.label, r.first.isoformat(), r.last.isoformat(), r.zone, r.total_minutes,
             r.headline],
        ]
    )  # fmt: skip
    blocks.append(
        [["Duty", "Minutes", "Hours", "Share %", "Social"]]
        + [[d.duty, d.minutes, hours(d.minutes), f"{d.share:.1f}", "yes" if d.social else "no"]
           for d in r.duties]
        + [["Total", r.total_minutes, hours(r.total_minutes), "100.0" if r.duties else "0.0", ""]]
    )  # fmt: skip
    blocks.append(
        [["Social activity", "Minutes", "Hours", "Share %"]]
        + [[a.activity or "not given", a.minutes, hours(a.minutes), f"{a.share:.1f}"]
           for a in r.social.activities]
        + [["Social media total", r.social.minutes, hours(r.social.minutes),
            f"{r.social.share:.1f}"],
           ["FTE", r.social.fte if r.social.fte is not None else "", "", ""]]
    )  # fmt: skip
    if r.job_description is not None:
        blocks.append(
            [["Job description duty", "Intended %", "Actual %", "Difference h/week",
              "Difference FTE"]]
            + [[j.duty, f"{j.intended:.1f}", f"{j.actual:.1f}",
                f"{j.difference_hours_per_week:.1f}", f"{j.difference_fte:.2f}"]
               for j in r.job_description]
        )  # fmt: skip
    blocks.append(
        [["Platform", "Planned", "Published", "Planned minutes", "Logged minutes",
          "Minutes per published post"]]
        + [[p.platform, p.planned, p.published, p.planned_minutes, p.logged_minutes,
            "" if p.minutes_per_published_post is None else p.minutes_per_published_post]
           for p in r.posts.platforms]
    )  # fmt: skip
    blocks.append(
        [["Week start", "Week end", "Minutes", "Social minutes", "Social share %"]]
        + [[w.start.isoformat(), w.end.isoformat(), w.minutes, w.social_minutes,
            "" if w.social_share is None else f"{w.social_share:.1f}"]
           for w in r.weeks]
    )  # fmt: skip
    blocks.append(
        [["Out of hours duty", "Evening minutes", "Early morning minutes", "Days off minutes",
          "Total minutes"]]
        + [[o.duty, o.evening, o.early_morning, o.weekend, o.minutes]
           for o in r.out_of_hours.duties]
    )  # fmt: skip
    c = r.coverage
    blocks.append(
        [["Coverage", "Value"],
         ["Contracted minutes", c.contracted_minutes],
         ["Logged minutes", c.logged_minutes],
         ["Logged share %", "" if c.share is None else f"{c.share:.1f}"],
         ["Working days", c.working_days],
         ["Working days without entries", c.working_days_without_entries]]
        + [[f"Made by {s.source} (minutes)", s.minutes] for s in c.sources]
    )  # fmt: skip
    blocks.append(
        [["Entry", "Date", "Start", "End", "Duty", "Activity", "Source", "Logged minutes",
          "Counted minutes", "Post", "Note"]]
        + [[e.id, e.start.date().isoformat(), e.start.strftime("%H:%M"),
            e.end.strftime("%H:%M") if e.end else "running", e.duty, e.activity or "",
            e.source, e.logged_minutes, e.counted_minutes, e.post, e.note]
           for e in r.entries]
    )  # fmt: skip
    for index, block in enumerate(blocks):
        if index:
            writer.writerow([])
        writer.writerows([[safe_cell(v) for v in row] for row in block])
    return buffer.getvalue()


# ---------------------------------------------------------------- HTML


def render_html(report: Report) -> str:
    """One self-contained HTML page: inline CSS and SVG, no script, nothing from the network."""
    from exporters.report_html import render_html as render

    return render(report)


RENDERERS: dict[str, Callable[[Report], str]] = {
    "md": render_markdown,
    "html": render_html,
    "csv": render_csv,
    "json": render_json,
}
