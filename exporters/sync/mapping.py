"""A post as one CalDAV object and back: the VEVENTs a post or a series is sent as, what an
object from the server (written by Calepin or by any calendar app) says about a post, and the
fingerprint that tells whether both sides hold the same content.

Plain clients read an ordinary event (`[Platform] Title`, body and link in DESCRIPTION, the
platform and campaign as CATEGORIES); Calepin reads back everything through `X-CALEPIN-*`
properties. Where a plain client changed what it shows (SUMMARY, DTSTART, DESCRIPTION,
STATUS:CANCELLED) its change wins over the X-CALEPIN-* value it left as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, cast

from exporters.ics_builder import _STATUS, IcsOptions, _Builder, _rrule_value, _summary
from exporters.ics_text import UTC, clean, escape_text, fold_line, utc_stamp
from exporters.sync.event_reading import (
    X_PREFIX,
    SyncFormatError,
    day_in,
    description_text,
    first_value,
    moment_of,
    parse_events,
    read_event,
    shown_text,
    text_value,
    too_large,
    x_value,
)
from storage.errors import CalepinError, NotFoundError, ValidationError
from storage.i18n import _
from storage.store.validation import MAX_NAME

if TYPE_CHECKING:
    from storage import Store
    from storage.models import Post, PostDraft
    from storage.store.synced_posts import SyncedRow

PRODID = "-//Calepin//Calepin sync//EN"
# Separates the fields a fingerprint is taken over: stored text never holds it (validation
# refuses control characters).
_SEP = "\x1f"
REASON_CHARS = 300  # of a reason an object is refused, in a report line
MAX_SEQUENCE = 2**31 - 1


@dataclass(frozen=True)
class LocalItem:
    """A post or series as this file has it: what a sync compares."""

    uid: str
    post_id: int
    title: str
    fingerprint: str
    sequence: int


@dataclass(frozen=True)
class RemoteItem:
    """A calendar object as read from the server.

    `postable` False: it cannot be a post here (`reason` says why, in a few words, e.g.
    "no platform"); it is left on the server. `master` and `overrides` (per original date of
    a series, its changed version) are what `apply_remote` saves; `notes_shared`: their
    notes came from the server (else the local notes are kept).
    """

    uid: str
    title: str
    fingerprint: str
    changed_by: str | None
    changed_at: dt.datetime | None
    postable: bool
    reason: str = ""
    sequence: int = 0
    master: PostDraft | None = None
    overrides: tuple[tuple[dt.date, PostDraft], ...] = ()
    skipped: tuple[dt.date, ...] = ()
    notes_shared: bool = False


# ---------------------------------------------------------------- fingerprints


@dataclass(frozen=True)
class _When:
    """What `_rrule_value` reads of a post: its time and zone."""

    time: dt.time | None
    timezone: str


def _rule_key(rule: str, time: dt.time | None, timezone: str) -> str:
    """A rule as it travels (UNTIL in UTC for a timed series), in canonical order."""
    from storage import recurrence

    return recurrence.normalise(_rrule_value(rule, cast("Post", _When(time, timezone))))


def _fields(
    title: str,
    platform: str,
    status: str,
    date: str,
    time: str | None,
    fold: int,
    timezone: str,
    campaign: str | None,
    estimate: int | None,
    body: str,
    link: str,
    published_url: str,
    group: str | None,
    notes: str | None,
) -> list[str]:
    """The fields that travel, as text, in one order: the same from a row and from a
    calendar object checked by the store. `time` is 'HH:MM' as stored."""
    return [
        title,
        platform,
        status,
        date,
        f"{time[:5]}/{fold}" if time else "",
        timezone if time else "",  # a timeless post's zone does not travel
        campaign or "",
        "" if estimate is None else str(estimate),
        body,
        link,
        published_url,
        group or "",
        "" if notes is None else notes,
    ]


def _row_fields(row: SyncedRow, share_notes: bool) -> list[str]:
    return _fields(
        row.title,
        row.platform,
        row.status,
        row.date,
        row.time,
        row.fold,
        row.timezone,
        row.campaign,
        row.estimate_minutes,
        row.body,
        row.link,
        row.published_url,
        row.group_id,
        row.notes if share_notes else None,
    )


def _digest(parts: Iterable[str]) -> str:
    return hashlib.sha256(_SEP.join(parts).encode("utf-8")).hexdigest()


def _row_fingerprint(row: SyncedRow, changed: Sequence[SyncedRow], share_notes: bool) -> str:
    parts = _row_fields(row, share_notes)
    if row.rrule:
        time = dt.time.fromisoformat(row.time) if row.time else None
        parts += ["R", _rule_key(row.rrule, time, row.timezone)]
        parts += ["S", *sorted(row.skipped.split(",") if row.skipped else ())]
        for one in sorted(changed, key=lambda o: o.recurrence_date or ""):
            parts += ["O", one.recurrence_date or "", *_row_fields(one, share_notes)]
    return _digest(parts)


def local_fingerprints(store: Store, *, share_notes: bool) -> dict[str, LocalItem]:
    """Every dated post and series of the file (not a changed date on its own: it travels
    with its series), by UID. From lean rows: nothing is rendered or parsed.

    Equal content gives an equal fingerprint whichever side it was read from: a calendar
    object's (`read_resource`) is taken over the same fields, checked by the store first.
    """
    changed: dict[int, list[SyncedRow]] = {}
    mains = []
    for row in store.synced_rows():
        if row.recurrence_of is not None:
            changed.setdefault(row.recurrence_of, []).append(row)
        else:
            mains.append(row)
    found = {}
    for row in mains:
        overrides = changed.get(row.id, ()) if row.rrule else ()
        found[row.uid] = LocalItem(
            uid=row.uid,
            post_id=row.id,
            title=row.title,
            fingerprint=_row_fingerprint(row, overrides, share_notes),
            sequence=max([row.sequence, *(o.sequence for o in overrides)]),
        )
    return found


# ---------------------------------------------------------------- writing


def _x_text(value: str) -> str:
    """An X- property's TEXT value, escaped; tabs kept (DESCRIPTION makes them spaces)."""
    value = clean(value).replace("\\", "\\\\")
    return value.replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _event(
    builder: _Builder,
    post: Post,
    *,
    uid: str,
    sequence: int,
    share_notes: bool,
    changed_by: str,
    series: Post | None = None,
) -> None:
    """One VEVENT: `post` alone or a series' master, or (with `series`) one changed date."""
    assert post.date is not None
    out = builder.lines
    builder.begin(uid, post.date, instance=series is not None)
    if series is not None:
        assert post.recurrence_date is not None
        builder.when(series, post.recurrence_date, series.time, "RECURRENCE-ID")
    rrule = post.rrule if series is None else None
    builder.span(post, post.date, post.time, one_date=not rrule)
    if rrule:
        out.append(fold_line(f"RRULE:{_rrule_value(rrule, post)}"))
        for day in post.skipped_dates:
            builder.when(post, day, post.time, "EXDATE")
    if post.created_at:
        out.append(f"CREATED:{utc_stamp(post.created_at)}")
    if post.updated_at:
        out.append(f"LAST-MODIFIED:{utc_stamp(post.updated_at)}")
    out.append(f"SEQUENCE:{sequence}")
    out.append(fold_line(f"SUMMARY:{escape_text(_summary(post))}"))
    description = description_text(post.body, post.link)
    if description:
        out.append(fold_line(f"DESCRIPTION:{escape_text(description)}"))
    if post.published_url:
        out.append(fold_line(f"URL:{clean(post.published_url)}"))
    categories = [post.platform] + ([post.campaign] if post.campaign else [])
    out.append(fold_line(f"CATEGORIES:{','.join(escape_text(c) for c in categories)}"))
    out.append(f"STATUS:{_STATUS[post.status]}")
    out.append("TRANSP:TRANSPARENT")
    extra = {
        "PLATFORM": post.platform,
        "STATUS": post.status.value,
        "TIMEZONE": post.timezone,
        "CAMPAIGN": post.campaign or "",
        "ESTIMATE": "" if post.estimate_minutes is None else str(post.estimate_minutes),
        "BODY": post.body,
        "LINK": post.link,
        "PUBLISHED-URL": post.published_url,
        "GROUP": post.group_id or "",
        "NOTES": post.notes if share_notes else "",
        "CHANGED-BY": changed_by,
    }
    # Shared notes go out even empty: an absent X-CALEPIN-NOTES says "not shared", not "none".
    out += [
        fold_line(f"{X_PREFIX}{key}:{_x_text(value)}")
        for key, value in extra.items()
        if value or (key == "NOTES" and share_notes)
    ]
    out.append("END:VEVENT")


def render_resource(
    store: Store,
    uid: str,
    *,
    share_notes: bool,
    changed_by: str,
    sequence: int,
    now: dt.datetime,
) -> str:
    """The whole VCALENDAR (VTIMEZONEs included, CRLF, folded) of the post or series with
    `uid`, as one CalDAV object: a series' changed dates are its instances (RECURRENCE-ID).

    Raises:
        NotFoundError: no post or series has that UID.
    """
    from exporters.ics import saved_event_minutes
    from exporters.ics_timezone import series_last_year, vtimezone_lines

    found = store.synced_post(uid)
    if found is None:
        raise NotFoundError(_("no post with UID {uid}").format(uid=uid))
    post, overrides = found
    options = IcsOptions(
        zone_name=store.zone_name, calendar_name=None, event_minutes=saved_event_minutes(store)
    )
    builder = _Builder(utc_stamp(now), options)
    common = {"uid": uid, "share_notes": share_notes, "changed_by": changed_by}
    _event(builder, post, sequence=sequence, **common)  # type: ignore[arg-type]
    if post.rrule:
        for one in overrides:
            if one.recurrence_date is not None and one.date is not None:
                _event(
                    builder,
                    one,
                    sequence=max(sequence, one.sequence),
                    series=post,
                    **common,  # type: ignore[arg-type]
                )
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    for zone_name in sorted(builder.years):
        years = builder.years[zone_name]
        last = series_last_year([post], zone_name, max(years))
        lines += vtimezone_lines(zone_name, min(years), last)
    lines += builder.lines
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


# ---------------------------------------------------------------- reading


def read_resource(text: str, store: Store, *, share_notes: bool) -> RemoteItem:
    """What one calendar object from the server says about a post.

    Checked as the store checks what a person types (lengths, control characters, dates of
    the series), so a bad object gives a short reason (`postable` False), never a half-saved
    post.

    Raises:
        SyncFormatError: the text is not iCalendar, holds no event or no UID.
    """
    if (refused := too_large(text)) is not None:
        return _refused_unread(text, refused)
    events = parse_events(text)
    uid = ""
    master_event = None
    instances = []
    for event in events:
        uid = uid or str(first_value(event, "UID") or "").strip()
        if event.get("RECURRENCE-ID") is None and master_event is None:
            master_event = event
        elif event.get("RECURRENCE-ID") is not None:
            instances.append(event)
    if not uid:
        raise SyncFormatError(_("the calendar object has no UID"))
    head = master_event if master_event is not None else events[0]
    # Shown as is in reports until the store has checked it (a postable one's is replaced).
    title = shown_text(text_value(head, "SUMMARY") or "")
    changed_by = x_value(head, "CHANGED-BY")
    changed_at = None
    moment = moment_of(head, "LAST-MODIFIED")
    if isinstance(moment, dt.datetime):
        changed_at = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    sequence = 0
    for event in events:
        with contextlib.suppress(ValueError, OverflowError):
            sequence = max(sequence, int(str(first_value(event, "SEQUENCE") or 0)))
    # RFC 5545's INTEGER: a larger one overflowed SQLite's and stopped every run.
    sequence = min(sequence, MAX_SEQUENCE)
    item = RemoteItem(
        uid=uid,
        title=title,
        fingerprint="",
        changed_by=shown_text(changed_by, MAX_NAME) if changed_by else None,
        changed_at=changed_at,
        postable=False,
        sequence=sequence,
    )
    if master_event is None:
        return replace(item, reason=_("only changed dates of a series, not the series"))
    try:
        return _postable(item, master_event, instances, store, share_notes=share_notes)
    except CalepinError as exc:  # the store's own words may quote the server's text
        return replace(item, reason=shown_text(str(exc), REASON_CHARS))
    except (ValueError, TypeError, AttributeError, OverflowError) as exc:
        return replace(
            item, reason=_("unreadable event ({error})").format(error=shown_text(str(exc)))
        )


_UID_LINE = re.compile(r"^UID:([^\r\n]{1,1000})\r?$", re.M)
_SUMMARY_LINE = re.compile(r"^SUMMARY(?:;[^:\r\n]*)?:([^\r\n]{0,1000})", re.M)


def _refused_unread(text: str, reason: str) -> RemoteItem:
    """An object refused unparsed: its UID (found by its line) still marks its post here as
    on the server, never deleted; without one it is not readable at all."""
    uid = _UID_LINE.search(text)
    if uid is None or not uid.group(1).strip():
        raise SyncFormatError(reason)
    summary = _SUMMARY_LINE.search(text)
    return RemoteItem(
        uid=uid.group(1).strip(),
        title=shown_text(summary.group(1)) if summary else "",
        fingerprint="",
        changed_by=None,
        changed_at=None,
        postable=False,
        reason=reason,
    )


def _postable(
    item: RemoteItem, master_event: Any, instances: list[Any], store: Store, *, share_notes: bool
) -> RemoteItem:
    was = store.synced_post(item.uid)
    hint = was[0].timezone if was is not None else store.zone_name
    by_day = {o.recurrence_date: o.notes for o in was[1]} if was is not None else {}
    master = read_event(
        master_event,
        store,
        hint=hint,
        share_notes=share_notes,
        base=None,
        local_notes=was[0].notes if was is not None else "",
    )
    rules = master_event.get("RRULE")
    if isinstance(rules, list):
        if len(rules) > 1:
            raise ValidationError(_("more than one repeat rule"))
        rules = rules[0]
    skipped: set[dt.date] = set()
    overrides: dict[dt.date, PostDraft] = {}
    if rules is not None:
        master = replace(master, rrule=rules.to_ical().decode("ascii"))
        values = master_event.get("EXDATE")
        for value in values if isinstance(values, list) else [values] if values else []:
            for one in getattr(value, "dts", ()):
                skipped.add(day_in(one.dt, master.timezone or hint))
        base = replace(master, rrule=None)
        for event in instances:
            moment = moment_of(event, "RECURRENCE-ID")
            if not isinstance(moment, dt.date):
                raise ValidationError(_("a changed date without a readable original date"))
            day = day_in(moment, master.timezone or hint)
            overrides[day] = read_event(
                event,
                store,
                hint=master.timezone or hint,
                share_notes=share_notes,
                base=base,
                local_notes=by_day.get(day, ""),
            )
    skipped -= set(overrides)  # a date both left out and changed is changed, as saved
    values_list = store.check_synced_post(master, overrides, was=was)
    campaigns = [_campaign_name(store, d.campaign) for d in (master, *overrides.values())]
    parts = _value_fields(values_list[0], master, campaigns[0], share_notes)
    rule = values_list[0]["rrule"]
    if rule:
        parts += ["R", _rule_key(rule, _clock(values_list[0]), values_list[0]["timezone"])]
        parts += ["S", *(d.isoformat() for d in sorted(skipped))]
        ordered = sorted(zip(overrides.items(), values_list[1:], campaigns[1:], strict=True))
        for (day, draft), values, campaign in ordered:
            parts += ["O", day.isoformat(), *_value_fields(values, draft, campaign, share_notes)]
    title = values_list[0]["title"]
    return replace(
        item,
        title=title,
        fingerprint=_digest(parts),
        postable=True,
        master=master,
        overrides=tuple(sorted(overrides.items())),
        skipped=tuple(sorted(skipped)),
        notes_shared=share_notes,
    )


def _clock(values: dict[str, Any]) -> dt.time | None:
    if not values["time"]:
        return None
    return dt.time.fromisoformat(values["time"]).replace(fold=values["fold"])


def _campaign_name(store: Store, name: str | None) -> str | None:
    """The campaign as it is (or will be) stored: an existing one by any case, else the new
    name as `add_campaign` would clean it (refused there, refused here)."""
    if not name:
        return None
    wanted = " ".join(name.split()).casefold()
    for campaign in store.campaigns():
        if campaign.name.casefold() == wanted:
            return campaign.name
    from storage.store.validation import _clean_name

    return _clean_name(name, "campaign name")


def _value_fields(
    values: dict[str, Any], draft: PostDraft, campaign: str | None, share_notes: bool
) -> list[str]:
    return _fields(
        values["title"],
        draft.platform,
        values["status"],
        values["date"],
        values["time"],
        values["fold"],
        values["timezone"],
        campaign,
        values["estimate_minutes"],
        values["body"],
        values["link"],
        values["published_url"],
        values["group_id"],
        values["notes"] if share_notes else None,
    )


# ---------------------------------------------------------------- changing the file


def apply_remote(store: Store, item: RemoteItem, *, new_uid: str | None = None) -> Post:
    """Save the server's version of a post or series here, in one undoable change labelled
    "Sync: <title>": the post with `item.uid` is created or replaced, or (with `new_uid`) a
    new post is made beside it (the "keep both" copy). Notes stay local unless shared.

    Raises:
        ValidationError / NotFoundError: nothing was saved (an item not `postable`, or one
            the store refuses, e.g. a changed date that is not a date of its series).
    """
    if not item.postable or item.master is None:
        raise ValidationError(item.reason or _("this calendar object cannot be a post"))
    return store.save_synced_post(
        new_uid or item.uid,
        item.master,
        overrides=dict(item.overrides),
        skipped=item.skipped,
        keep_notes=not item.notes_shared,
    )


def delete_local(store: Store, uid: str) -> str | None:
    """Delete the post or whole series with `uid` (tombstones as for any deletion, undoable);
    its title, or None when there is none."""
    return store.delete_synced_post(uid)
