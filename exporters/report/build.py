"""build_report: the period's entries, read once, turned into every figure of the Report."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from exporters.report.build_posts import demand_of, posts_figures
from exporters.report.model import (
    ActivityRow,
    Coverage,
    DutyRow,
    EntryRow,
    InventoryRow,
    JobRow,
    NoteRow,
    OutOfHours,
    OutOfHoursRow,
    Report,
    ReportSettings,
    Social,
    SourceRow,
    WeekRow,
)
from exporters.report.outcomes import build_outcomes
from storage import NotFoundError, Store, ValidationError
from storage.accounting import (
    REACH,
    counted_end,
    duty_order,
    duty_shares,
    limit_minutes,
    long_timer,
    midnights,
    minute,
    shares,
    social_share,
    suggested_split,
    tally,
    week_runs,
)
from storage.capacity import capacity, fte_needed, ongoing_minutes, other_pace, social_platforms
from storage.contracted import Contracted, period_contract
from storage.i18n import _
from storage.store import report_rows as _sql
from storage.wording import period_label

HIGHLIGHT_TAG = "#highlight"
REACTIVE_ACTIVITIES = ("engage", "monitor", "crisis")
# How an entry was made, in the report's words: the JSON's values (model.source_text shows
# them in the language in use).
SOURCE_LABELS = {"timer": "timer", "manual": "typed", "import": "imported"}
_HIGHLIGHT_RE = re.compile(r"\s*#highlight\b", re.IGNORECASE)


def _pct(part: int, whole: int) -> float | None:
    return round(part * 100 / whole, 1) if whole > 0 else None


def _strip_tag(note: str) -> str:
    text = " ".join(_HIGHLIGHT_RE.sub(" ", note).split())
    return re.sub(r" ([:;,.!?])", r"\1", text).strip(" :;,")


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
    bounds = midnights(first, last, tz)  # the local days are accounting's
    days = [first + dt.timedelta(days=k) for k in range(len(bounds) - 1)]
    return (
        tuple(days),
        bounds[:-1],
        tuple(minute(dt.datetime.combine(day, work_start, tzinfo=tz)) for day in days),
        tuple(minute(dt.datetime.combine(day, work_end, tzinfo=tz)) for day in days),
        bounds[1:],
        tuple(day.weekday() in working_days for day in days),
    )


def _out_of_hours(
    calendar: tuple[tuple[Any, ...], ...],
    pieces: list[tuple[int, int, int, int]],
    duty_of: list[str],
) -> dict[str, list[int]]:
    """{duty: [evening, early morning, weekend]} minutes of the counted pieces (each within
    one day) that fall outside the working hours of a working day, or on another day."""
    _days, _midnights, work_starts, work_ends, _next, working = calendar
    ooh: dict[str, list[int]] = {}
    for a, b, i, k in pieces:  # hot loop: plain comparisons, no min/max calls
        if not working[k]:
            ooh.setdefault(duty_of[i], [0, 0, 0])[2] += b - a
            continue
        ws, we = work_starts[k], work_ends[k]
        if a < ws or b > we:
            early = (b if b < ws else ws) - a if a < ws else 0
            late = b - (a if a > we else we) if b > we else 0
            row = ooh.setdefault(duty_of[i], [0, 0, 0])
            row[0] += late
            row[1] += early
    return ooh


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
    found: list[tuple[Any, ...]], p0: int, now_minute: int, limit: int
) -> tuple[list[tuple[Any, ...]], list[int], list[int], bool]:
    """The entries that reach into the period, their starts and ends in minutes (a running
    timer ends at now), and whether a timer is running."""
    rows: list[tuple[Any, ...]] = []
    starts: list[int] = []  # lists of plain numbers, not (start, end, row) tuples: less for
    ends: list[int] = []  # the garbage collector to walk
    timer_running = False
    for row in found:  # hot loop: accounting.minute inlined (seconds come from SQLite)
        a = round(row[2] / 60)
        if row[3] is None:  # a running timer counts up to the long-timer limit (accounting's)
            b = counted_end(a, now_minute, limit)
            timer_running = timer_running or b > a
        else:
            b = round(row[3] / 60)
        # Time before the period never changes who owns the time inside it.
        if b <= a or b <= p0:
            continue
        rows.append(row)
        starts.append(a)
        ends.append(b)
    return rows, starts, ends, timer_running


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

    Entries are read once and counted by `storage.accounting` (overlapping time once: the
    later-started entry takes the shared minutes; a running timer counts up to `now`), so
    the report's numbers are every other surface's. Contracted time, FTE and coverage come
    from `storage.contracted` (working days from the first tracked day up to `now`, less
    holidays and leave; today once it has an entry).

    Raises:
        ValidationError: `last` is before `first`, or the job description names an unknown duty.
    """
    if last < first:
        raise ValidationError(_("the period ends before it starts"))
    tz: dt.tzinfo = store.zone  # the database's home zone, whatever the settings file says
    zone_name = store.zone_name
    now_local = now.astimezone(tz)
    calendar = _calendar(
        first, last, tz, settings.work_start, settings.work_end, tuple(settings.working_days)
    )
    days, day_starts, _starts, _ends, day_ends, _working = calendar
    p0, p1 = day_starts[0], day_ends[-1]
    duty_info = {d.name: d for d in store.duties(include_archived=True)}
    social_duties = {name for name, d in duty_info.items() if d.social}
    categories = _Categories(store)

    # Entries that start up to a day early can still run into the period.
    since = dt.datetime.fromtimestamp(p0 * 60, dt.UTC) - REACH
    until = dt.datetime.fromtimestamp(p1 * 60, dt.UTC)
    found = _sql.entry_rows(store, since, until, notes=include_notes)
    rows, starts, ends, timer_running = _spans(
        found, p0, minute(now), limit_minutes(store.long_timer)
    )
    posts_of = _sql.posts_by_id(store, {row[4] for row in rows if row[4] is not None})

    kinds = [categories[row[1]] for row in rows]
    counted = tally(starts, ends, [kind[4] for kind in kinds], midnights(first, last, tz))
    day_minutes, day_social = counted.day_minutes, counted.day_social
    ooh = _out_of_hours(calendar, counted.pieces, [kind[0] for kind in kinds])

    # Every entry: its counted minutes into the totals, and its row.
    first_iso, last_iso = first.isoformat(), last.isoformat()
    by_key: dict[int, int] = {}  # counted minutes per entry key (duty, activity, source)
    entries_of: dict[int, int] = {}  # entries with counted minutes per entry key
    linked_social = 0  # social minutes on entries linked to a post
    social_parts: dict[tuple[str | None, bool], int] = {}  # (activity, linked?) → minutes
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
    for a, b, row, minutes, kind in zip(  # hot loop: no min/max calls
        starts, ends, rows, counted.counted, kinds, strict=True
    ):
        if a < p0:
            a = p0
        if b > p1:
            b = p1
        logged = b - a
        if logged <= 0:
            continue
        entry_id, key, start, end, post_id, note = row
        duty, activity, _source, label, _is_social = kind
        if minutes:
            by_key[key] = by_key.get(key, 0) + minutes
            entries_of[key] = entries_of.get(key, 0) + 1
            if kind[4]:
                part = (activity, post_id is not None and post_id in posts_of)
                social_parts[part] = social_parts.get(part, 0) + minutes
        post = ""
        if post_id is not None and post_id in posts_of:
            title, platform, post_day = posts_of[post_id]
            if minutes:
                logged_on[platform] = logged_on.get(platform, 0) + minutes
                if kind[4]:
                    linked_social += minutes
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
    tasks: dict[tuple[str, str | None], list[int]] = {}  # (duty, activity) → [minutes, entries]
    for key, minutes in by_key.items():
        duty, activity, source, _label, social = categories[key]
        by_duty[duty] = by_duty.get(duty, 0) + minutes
        by_source[source] = by_source.get(source, 0) + minutes
        task = tasks.setdefault((duty, activity), [0, 0])
        task[0] += minutes
        task[1] += entries_of[key]
        if social:
            by_activity[activity] = by_activity.get(activity, 0) + minutes
    total = sum(by_duty.values())
    # Social time is apportioned first, so the headline share is the plainly rounded one and
    # the social duties in the table add up to it.
    social_minutes = sum(m for n, m in by_duty.items() if n in social_duties)
    duty_share = duty_shares(by_duty, social_duties)
    duties = tuple(
        DutyRow(n, by_duty[n], duty_share[n], n in social_duties) for n in duty_order(by_duty)
    )
    headline = social_share(social_minutes, total) or 0.0

    contract = period_contract(
        store,
        first,
        last,
        today=now_local.date(),
        settings=settings,
        days_with_entries={days[k] for k, m in enumerate(day_minutes) if m},
        zone=tz,
    )
    coverage = _coverage(contract, total, by_source, timer_running)
    job = _job_description(store, settings, duties, duty_info)
    platforms_social = social_platforms(store)
    posts = posts_figures(
        store,
        first,
        last,
        logged_on,
        social=platforms_social,
        linked_social=linked_social,
        social_minutes=social_minutes,
    )
    ongoing = ongoing_minutes((a, linked, m) for (a, linked), m in social_parts.items())
    demand = replace(demand_of(store, posts, platforms_social), ongoing_minutes=ongoing)
    social = _social(
        store, by_activity, social_minutes, headline, contract, demand.planned_minutes, ongoing
    )
    pace = None
    if contract.to_come:  # the other duties' usual load on the days still to come
        pace = other_pace(
            store, now_local.date(), now=now, settings=settings, week_start=settings.week_start
        )
    fit = capacity(
        contract,
        logged=total,
        social_logged=social_minutes,
        planned=demand.planned_minutes,
        pace=pace,
        notes=coverage.contract_lines[1:],
        ongoing=ongoing,
    )
    inventory = tuple(
        InventoryRow(duty, activity, m, n, duty in social_duties)
        for (duty, activity), (m, n) in sorted(
            tasks.items(), key=lambda t: (-t[1][0], t[0][0].casefold(), t[0][1] or "")
        )
        if m
    )
    highlights += _post_highlights(store, first, last, tz)
    highlights.sort(key=lambda n: n.start)
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
        long_timer=_long_timer(store, now, tz) if timer_running else None,
        demand=demand,
        capacity=fit,
        inventory=inventory,
        suggested_split=tuple(suggested_split(by_duty)) if job is None else (),
        outcomes=build_outcomes(store, first, last, social_minutes),
    )


def _post_highlights(store: Store, first: dt.date, last: dt.date, tz: dt.tzinfo) -> list[NoteRow]:
    """The period's posts whose own notes are tagged #highlight, as notes on the post."""
    rows = []
    for title, platform, day, at, note in _sql.post_highlights(store, first, last):
        when = dt.time.fromisoformat(at) if at else dt.time(0, 0)
        start = dt.datetime.combine(dt.date.fromisoformat(day), when, tzinfo=tz)
        rows.append(NoteRow(start, platform, None, 0, _strip_tag(note), post=title))
    return rows


def _long_timer(store: Store, now: dt.datetime, tz: dt.tzinfo) -> str | None:
    """The running timer's flag when it has run past the long-timer limit."""
    found = long_timer(store, now)
    if found is None:
        return None
    return _("{timer}; stop it when the work ended: `calepin timer stop --at TIME`").format(
        timer=found.text(tz)
    )


def _coverage(
    contract: Contracted,
    total: int,
    by_source: dict[str, int],
    timer_running: bool,
) -> Coverage:
    order = [s for s in ("timer", "manual", "import") if by_source.get(s)]
    order += sorted(s for s in by_source if s not in order and by_source[s])
    src_shares = shares([by_source[s] for s in order])
    return Coverage(
        contracted_minutes=contract.minutes,
        logged_minutes=total,
        share=_pct(total, contract.minutes),
        working_days=len(contract.counted),
        working_days_without_entries=contract.without_entries,
        timer_running=timer_running,
        # Said only when it cuts the period: the days before it carry no contract.
        tracked_since=contract.since
        if contract.since and contract.since > contract.first
        else None,
        holidays=contract.holidays,
        leave=contract.leave,
        working_days_to_come=len(contract.to_come),
        period_contracted_minutes=contract.whole_minutes,
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
    contract: Contracted,
    planned: int,
    ongoing: int,
) -> Social:
    known = store.activities()
    names: list[str | None] = [a.name for a in known]
    names += sorted(a for a in by_activity if a is not None and a not in names)
    names.append(None)
    # A database made in French names them animation, veille, crise: the English names
    # stay their aliases.
    reacting = {
        a.name
        for a in known
        if a.name in REACTIVE_ACTIVITIES or set(a.aliases) & set(REACTIVE_ACTIVITIES)
    } | set(REACTIVE_ACTIVITIES)
    values = [by_activity.get(n, 0) for n in names]
    act_shares = shares(values)
    activities = tuple(
        ActivityRow(n, v, s, reactive=n in reacting)
        for n, v, s in zip(names, values, act_shares, strict=True)
        if v or n is not None
    )
    reactive = sum(by_activity.get(a, 0) for a in reacting)
    fte = contract.fte(minutes)
    whole = contract.whole_minutes
    return Social(
        fte_needed=fte_needed(planned, ongoing, whole),
        minutes=minutes,
        share=share,
        fte=None if fte is None else float(fte),
        fte_hours_per_week=contract.hours_per_week_of(fte),
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
                _("[job_description] names an unknown duty '{name}'; duties are: {known}").format(
                    name=name, known=known
                ),
                field="job_description",
            ) from None
        intended[canonical] = intended.get(canonical, 0.0) + percent
    actual = {r.duty: r.share for r in duties}
    names = list(intended) + [r.duty for r in duties if r.duty not in intended]
    # The largest gap first, whichever way: what the manager should look at.
    names.sort(
        key=lambda n: (-round(abs(actual.get(n, 0.0) - intended.get(n, 0.0)), 1), n.casefold())
    )
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


def _weeks(
    days: Sequence[dt.date], minutes: list[int], social: list[int], week_start: int
) -> tuple[WeekRow, ...]:
    weeks: list[WeekRow] = []
    for lo, hi in week_runs(days, week_start):
        m, s = sum(minutes[lo:hi]), sum(social[lo:hi])
        weeks.append(WeekRow(days[lo], days[hi - 1], m, s, social_share(s, m)))
    return tuple(weeks)
