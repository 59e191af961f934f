"""iCalendar (.ics) export of posts, prep blocks and logged time: which events go out.

Each event is written by `exporters.ics_builder` (with the options, `IcsOptions`); the
VTIMEZONEs by `exporters.ics_timezone`; cancellations of what was deleted come from
`exporters.ics_tombstones`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from exporters.ics_builder import IcsOptions, WorkingDay, _Builder, _summary
from exporters.ics_profiles import GOOGLE_LIMIT, IcsPart, calendar_name_lines, split_by_year
from exporters.ics_text import (  # escape_text, fold_line: also imported from here
    UTC,
    escape_text,  # noqa: F401
    fold_line,  # noqa: F401
    is_utc,
    utc_stamp,
    zone,
)
from exporters.ics_timezone import series_last_year, vtimezone_lines
from exporters.ics_tombstones import (
    DELETED,
    RESTORED,
    SKIPPED,
    cancelled_post,
    prep_cancellations,
    retained,
    wanted,
)
from storage import Post, Status, TimeEntry, recurrence
from storage.errors import ValidationError
from storage.i18n import _
from storage.settings.model import CANCELLED_DAYS_SETTING as CANCELLED_DAYS_SETTING

if TYPE_CHECKING:
    import icalendar

    from storage import Store
    from storage.store.tombstones import Tombstone

PRODID = "-//Calepin//Calepin editorial calendar//EN"


def prep_window(
    day: dt.date, minutes: int, working_day: WorkingDay, tz: dt.tzinfo
) -> tuple[dt.datetime, dt.datetime]:
    """The prep block for a post on `day`: on the working day before it, ending when that day's
    office hours end, as long as the estimate."""
    before = day - dt.timedelta(days=1)
    if working_day.weekdays:
        while before.weekday() not in working_day.weekdays:
            before -= dt.timedelta(days=1)
    end = dt.datetime.combine(before, working_day.end, tzinfo=tz).astimezone(UTC)
    return end - dt.timedelta(minutes=minutes), end


def occurrence_days(post: Post, first: dt.date, last: dt.date) -> list[dt.date]:
    """Dates of a series from `first` to `last`, inclusive, skipped dates left out."""
    assert post.date is not None and post.rrule is not None
    tz = UTC if is_utc(post.timezone) else zone(post.timezone)
    days = recurrence.dates_between(post.rrule, post.date, post.time, tz, first, last)
    skipped = set(post.skipped_dates)
    return [day for day in days if day not in skipped]


def render_ics(posts: Sequence[Post], *, now: dt.datetime, **kwargs: Any) -> str:
    """The .ics text (CRLF, folded, escaped) in one file, whatever its size; the arguments
    are `render_ics_parts`'."""
    return render_ics_parts(posts, now=now, split=False, **kwargs)[0].text


def render_ics_parts(
    posts: Sequence[Post],
    *,
    now: dt.datetime,
    options: IcsOptions | None = None,
    overrides: Mapping[int, Sequence[Post]] | None = None,
    entries: Sequence[TimeEntry] = (),
    first: dt.date | None = None,
    last: dt.date | None = None,
    tombstones: Sequence[Tombstone] = (),
    split: bool = True,
) -> list[IcsPart]:
    """The .ics files (CRLF, folded, escaped) for dated posts and series, plus optional
    blocks: one, or one per year for Google when over its limit (`exporters.ics_profiles`).

    Args:
        posts: dated posts; series (with `rrule`) become one VEVENT with RRULE and EXDATEs.
            Backlog posts and override rows in this list are ignored.
        now: the export instant (DTSTAMP); inject it for reproducible files.
        options: shape of the calendar (zone, event length, prep blocks, logged time).
        overrides: per series id, the override rows (moved or edited occurrences).
        entries: logged time entries, exported when `options.with_time`.
        first, last: the exported period, for prep blocks of series occurrences.
        tombstones: what was deleted (storage's tombstones, retained, in the period): sent
            as cancelled (STATUS:CANCELLED, SEQUENCE + 1) with their prep blocks; a date
            given back to its series is re-sent as the series has it (`exporters.ics_tombstones`).
        split: False keeps one file whatever the profile and size.
    """
    options = options or IcsOptions()
    overrides = overrides or {}
    builder = _Builder(utc_stamp(now), options)
    calendar_tz = UTC if is_utc(options.zone_name) else zone(options.zone_name)
    # (post, day, prep UID, SEQUENCE, STATUS) of each prep block
    preps: list[tuple[Post, dt.date, str, int, str]] = []
    given_back = _given_back(tombstones)
    cancelled = [t for t in tombstones if t.kind == DELETED]
    for post in posts:
        if post.date is None or post.recurrence_of is not None:
            continue
        if not post.rrule:
            builder.post_event(post, uid=post.uid, sequence=post.sequence)
            preps.append((post, post.date, f"prep-{post.uid}", post.sequence, "CONFIRMED"))
            continue
        moved = sorted(overrides.get(post.id, ()), key=lambda p: p.recurrence_date or dt.date.min)
        builder.post_event(
            post, uid=post.uid, sequence=post.sequence, rrule=post.rrule, exdates=post.skipped_dates
        )
        replaced = {}
        for override in moved:
            if override.recurrence_date is None or override.date is None:
                continue
            replaced[override.recurrence_date] = override
            builder.post_event(
                override,
                uid=post.uid,
                sequence=max(post.sequence, override.sequence),
                recurrence=(override.recurrence_date, post.time),
            )
        # Dates given back to the series: their moved copy is an instance calendars keep,
        # so the date is re-sent as the series has it, one SEQUENCE above the copy's.
        sequences: dict[dt.date, int] = {}
        for tomb in given_back.get(post.uid, ()):
            day = tomb.recurrence_date
            assert day is not None
            if day in replaced:
                continue  # changed again since: the new copy went out above
            if not occurrence_days(post, day, day):  # skipped or ended since: cancelled
                cancelled.append(
                    replace(tomb, kind=DELETED, sequence=max(post.sequence, tomb.sequence))
                )
                continue
            sequences[day] = max(post.sequence, tomb.sequence)
            builder.post_event(
                replace(post, date=day),
                uid=post.uid,
                sequence=sequences[day],
                recurrence=(day, post.time),
            )
        if options.with_prep and post.estimate_minutes and first and last:
            check_prep_span([post], first, last)
            for day in occurrence_days(post, first, last):
                uid = f"prep-{day:%Y%m%d}-{post.uid}"
                one = replaced.get(day)
                if one is not None:
                    assert one.date is not None
                    preps.append((one, one.date, uid, one.sequence, "CONFIRMED"))
                else:
                    preps.append((post, day, uid, sequences.get(day, post.sequence), "CONFIRMED"))
    for tomb in cancelled:
        post = cancelled_post(tomb)
        rid = tomb.recurrence_date
        builder.post_event(
            post,
            uid=tomb.uid,
            sequence=post.sequence,
            rrule=tomb.rrule if rid is None else None,
            exdates=tomb.skipped,
            recurrence=None if rid is None else (rid, tomb.recurrence_time),
            summary=_("Cancelled: {event}").format(event=_summary(post)),
        )
    if options.with_prep and first and last:
        taken = [*cancelled, *(t for t in tombstones if t.kind == SKIPPED)]
        for post, day, uid in prep_cancellations(taken, first, last):
            preps.append((post, day, uid, post.sequence, "CANCELLED"))
    if options.with_prep:
        for post, day, uid, sequence, status in preps:
            if not post.estimate_minutes:
                continue
            if post.status is Status.CANCELLED:
                status = "CANCELLED"  # calendars may hold the block sent while it was planned
            start, end = prep_window(day, post.estimate_minutes, options.working_day, calendar_tz)
            prep = _("Prep · {event}").format(event=_summary(post))
            builder.block(
                uid,
                _("Cancelled: {event}").format(event=prep) if status == "CANCELLED" else prep,
                start,
                end,
                sequence=sequence,
                categories=[post.platform, "prep"],
                modified=post.updated_at,
                status=status,
            )
    if options.with_time:
        for entry in entries:
            if entry.end is None:
                continue  # the running timer has no end yet
            label = entry.duty + (f" · {entry.activity}" if entry.activity else "")
            builder.block(
                f"entry-{entry.id}@calepin",
                f"{label}: {entry.note}" if entry.note and options.include_notes else label,
                entry.start,
                entry.end,
                categories=[entry.duty],
            )
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        *calendar_name_lines(options),
    ]
    zones: dict[str, list[str]] = {}
    for zone_name in sorted(builder.years):
        years = builder.years[zone_name]
        # a series is covered to its end (UNTIL, COUNT), or with no end when it has none
        last = series_last_year(posts, zone_name, max(years))
        zones[zone_name] = list(vtimezone_lines(zone_name, min(years), last))
    # Lines that carry free text or rules were folded as they were built; the others are
    # short ASCII (names, stamps, zone ids), so the hot path skips a check per line.
    lines = head + [line for z in zones.values() for line in z] + builder.lines
    lines.append("END:VCALENDAR")
    text = "\r\n".join(lines) + "\r\n"
    whole = IcsPart(None, text, len(builder.events))
    if not split or options.profile != "google" or whole.size <= GOOGLE_LIMIT:
        return [whole]
    return split_by_year(head, zones, builder, first)


def _given_back(tombstones: Sequence[Tombstone]) -> dict[str, list[Tombstone]]:
    """Per series UID, the tombstones of its dates given back (restored)."""
    found: dict[str, list[Tombstone]] = {}
    for tomb in tombstones:
        if tomb.kind == RESTORED and tomb.recurrence_date is not None:
            found.setdefault(tomb.uid, []).append(tomb)
    return found


# ---------------------------------------------------------------- from the store


def _has_occurrence(post: Post, first: dt.date, last: dt.date) -> bool:
    assert post.date is not None
    if post.date > last:
        return False
    start = max(first, post.date)
    # Most series show up within a year; only rare rules (every 4 years…) need the
    # rest of the period, and then dateutil finds the next date without listing them all.
    soon = min(last, start + dt.timedelta(days=400))
    if occurrence_days(post, start, soon):
        return True
    if soon == last:
        return False
    return _next_occurrence(post, soon + dt.timedelta(days=1), last) is not None


def _next_occurrence(post: Post, start: dt.date, last: dt.date) -> dt.date | None:
    """The series' first date from `start` to `last` that is not skipped, without a list."""
    assert post.date is not None and post.rrule is not None
    tz = UTC if is_utc(post.timezone) else zone(post.timezone)
    rule = recurrence.build(post.rrule, post.date, post.time, tz)
    skipped = set(post.skipped_dates)
    moment = dt.datetime.combine(start, dt.time())
    while (found := rule.after(moment, inc=True)) is not None and found.date() <= last:
        if found.date() not in skipped:
            return found.date()
        moment = found + dt.timedelta(seconds=1)
    return None


def check_prep_span(posts: Iterable[Post], first: dt.date, last: dt.date) -> None:
    """Refuses prep blocks for repeating posts over more than MAX_SPAN_YEARS: each occurrence
    is a block of its own, so a period of centuries would write millions of them."""
    if (last - first).days < recurrence.MAX_SPAN_YEARS * 366:
        return
    if any(p.rrule and p.estimate_minutes for p in posts):
        raise ValidationError(
            _(
                "prep blocks for repeating posts are written at most {years} years at a time;"
                " {first} to {last} is longer — choose a shorter period or leave out prep blocks"
            ).format(
                years=recurrence.MAX_SPAN_YEARS, first=first.isoformat(), last=last.isoformat()
            )
        )


EVENT_MINUTES_SETTING = "ics_event_minutes"


def saved_event_minutes(store: Store, default: int = 15) -> int:
    """The length given to timed posts in calendars: the store's setting, else `default`."""
    saved = store.setting(EVENT_MINUTES_SETTING)
    return int(saved) if saved and saved.isdigit() and int(saved) > 0 else default


def saved_cancelled_days(store: Store) -> int:
    """For how many days after a deletion exports cancel it (0: none): the store's setting,
    which the settings' [export] cancelled_days writes. One value for the CLI and the TUI,
    since an export forgets older tombstones."""
    from storage.settings import stored_cancelled_days

    return stored_cancelled_days(store)


def ics_inputs(
    store: Store,
    first: dt.date,
    last: dt.date,
    *,
    options: IcsOptions,
    platforms: Sequence[str] = (),
    statuses: Sequence[Status | str] = (),
    campaign: str | None = None,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """What `render_ics` needs from the store, as its keyword arguments.

    Kept apart from rendering so the TUI can query on the main thread (the connection's)
    and render in a worker. Series with an occurrence in the period come whole. What was
    deleted within `options.cancelled_days` of `now` (default: the clock) comes as
    tombstones; older tombstones are forgotten here.
    Unknown platform, status or campaign names raise the store's NotFoundError/ValidationError.
    """
    plain = [
        p
        for p in store.posts_between(
            first, last, platforms=platforms, statuses=statuses, campaign=campaign
        )
        if not p.rrule and p.recurrence_of is None
    ]
    wanted_platforms = {store.platform(p).name for p in platforms}
    wanted_statuses = {Status(str(s).strip().lower().replace(" ", "_")) for s in statuses}
    wanted_campaign = store.campaign(campaign).name if campaign else None
    series = [
        s
        for s in store.series()
        if (not wanted_platforms or s.platform in wanted_platforms)
        and (not wanted_statuses or s.status in wanted_statuses)
        and (wanted_campaign is None or s.campaign == wanted_campaign)
        and _has_occurrence(s, first, last)
    ]
    overrides: dict[int, list[Post]] = {}
    if series:
        ids = {s.id for s in series}
        for post in store.all_posts():
            if post.recurrence_of in ids:
                overrides.setdefault(post.recurrence_of, []).append(post)
    tombstones = wanted(
        retained(
            store,
            first,
            last,
            now=now or dt.datetime.now(UTC),
            days=(
                saved_cancelled_days(store)
                if options.cancelled_days is None
                else options.cancelled_days
            ),
        ),
        wanted_platforms,
        wanted_statuses,
        wanted_campaign,
    )
    if options.with_prep:
        check_prep_span(series, first, last)
        check_prep_span([cancelled_post(t) for t in tombstones], first, last)
    posts = sorted([*plain, *series], key=lambda p: (p.date, p.time or dt.time.min, p.id))
    entries: Sequence[TimeEntry] = ()
    if options.with_time:
        tz = zone(store.zone_name)
        start = dt.datetime.combine(first, dt.time(), tzinfo=tz)
        end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=tz)
        entries = store.entries_between(start, end)
    return {
        "posts": posts,
        "overrides": overrides,
        "entries": entries,
        "first": first,
        "last": last,
        "options": options,
        "tombstones": tombstones,
    }


def export_ics(
    store: Store,
    first: dt.date,
    last: dt.date,
    *,
    now: dt.datetime,
    platforms: Sequence[str] = (),
    statuses: Sequence[Status | str] = (),
    campaign: str | None = None,
    options: IcsOptions | None = None,
) -> str:
    """The .ics text for the store's posts from `first` to `last` (inclusive), filtered,
    in one file."""
    return export_ics_parts(
        store,
        first,
        last,
        now=now,
        platforms=platforms,
        statuses=statuses,
        campaign=campaign,
        options=options,
        split=False,
    )[0].text


def export_ics_parts(
    store: Store,
    first: dt.date,
    last: dt.date,
    *,
    now: dt.datetime,
    platforms: Sequence[str] = (),
    statuses: Sequence[Status | str] = (),
    campaign: str | None = None,
    options: IcsOptions | None = None,
    split: bool = True,
) -> list[IcsPart]:
    """`export_ics` as the files its profile asks for (one per year for a large Google one)."""
    options = options or IcsOptions(zone_name=store.zone_name)
    inputs = ics_inputs(
        store,
        first,
        last,
        options=options,
        platforms=platforms,
        statuses=statuses,
        campaign=campaign,
        now=now,
    )
    return render_ics_parts(now=now, split=split, **inputs)


def calendar_from_posts(
    posts: Sequence[Post], *, now: dt.datetime, **kwargs: object
) -> icalendar.Calendar:
    """The same export as an icalendar.Calendar (parsed back from the text; slower)."""
    import icalendar

    text = render_ics(posts, now=now, **kwargs)
    return icalendar.Calendar.from_ical(text)
