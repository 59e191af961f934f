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
from zoneinfo import ZoneInfo

from exporters.ics_builder import _STATUS, IcsOptions, _Builder, _rrule_value, _summary
from exporters.ics_text import UTC, clean, escape_text, fold_line, is_utc, utc_stamp
from storage import models
from storage.errors import CalepinError, NotFoundError, ValidationError
from storage.i18n import _
from storage.models import Status

if TYPE_CHECKING:
    from storage import Store
    from storage.models import Post, PostDraft

PRODID = "-//Calepin//Calepin sync//EN"
_X = "X-CALEPIN-"
# Separates the fields a fingerprint is taken over: stored text never holds it (validation
# refuses control characters).
_SEP = "\x1f"


class SyncFormatError(ValidationError):
    """A calendar object that is not readable iCalendar, or holds no event."""


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
    time: dt.time | None,
    timezone: str,
    campaign: str | None,
    estimate: int | None,
    body: str,
    link: str,
    published_url: str,
    group: str | None,
    notes: str | None,
) -> list[str]:
    clock = "" if time is None else f"{time.hour:02d}:{time.minute:02d}/{time.fold}"
    return [
        title,
        platform,
        status,
        date,
        clock,
        timezone if time is not None else "",  # a timeless post's zone does not travel
        campaign or "",
        "" if estimate is None else str(estimate),
        body,
        link,
        published_url,
        group or "",
        "" if notes is None else notes,
    ]


def _post_fields(post: Post, share_notes: bool) -> list[str]:
    assert post.date is not None
    return _fields(
        post.title,
        post.platform,
        post.status.value,
        post.date.isoformat(),
        post.time,
        post.timezone,
        post.campaign,
        post.estimate_minutes,
        post.body,
        post.link,
        post.published_url,
        post.group_id,
        post.notes if share_notes else None,
    )


def _digest(parts: Iterable[str]) -> str:
    return hashlib.sha256(_SEP.join(parts).encode("utf-8")).hexdigest()


def post_fingerprint(post: Post, overrides: Sequence[Post], *, share_notes: bool) -> str:
    """The fingerprint of a post, or of a series with its skipped and changed dates: equal
    content gives an equal fingerprint, whichever side it was read from."""
    parts = _post_fields(post, share_notes)
    if post.rrule:
        parts += ["R", _rule_key(post.rrule, post.time, post.timezone)]
        parts += ["S", *(d.isoformat() for d in sorted(post.skipped_dates))]
        for one in sorted(overrides, key=lambda o: o.recurrence_date or dt.date.min):
            if one.recurrence_date is not None and one.date is not None:
                parts += ["O", one.recurrence_date.isoformat(), *_post_fields(one, share_notes)]
    return _digest(parts)


def local_fingerprints(store: Store, *, share_notes: bool) -> dict[str, LocalItem]:
    """Every dated post and series of the file (not a changed date on its own: it travels
    with its series), by UID. From the rows alone: nothing is rendered."""
    rows = store.synced_rows()
    changed: dict[int, list[Post]] = {}
    mains = []
    for post in rows:
        if post.recurrence_of is not None:
            changed.setdefault(post.recurrence_of, []).append(post)
        else:
            mains.append(post)
    found = {}
    for post in mains:
        overrides = changed.get(post.id, ()) if post.rrule else ()
        found[post.uid] = LocalItem(
            uid=post.uid,
            post_id=post.id,
            title=post.title,
            fingerprint=post_fingerprint(post, overrides, share_notes=share_notes),
            sequence=max([post.sequence, *(o.sequence for o in overrides)]),
        )
    return found


# ---------------------------------------------------------------- writing


def _x_text(value: str) -> str:
    """An X- property's TEXT value, escaped; tabs kept (DESCRIPTION makes them spaces)."""
    value = clean(value).replace("\\", "\\\\")
    return value.replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _description(body: str, link: str) -> str:
    """DESCRIPTION as plain clients show it: the body, then the link on its own. No label:
    two coordinators reading in two languages must write the same text."""
    return "\n\n".join(p for p in (body.strip(), link) if p)


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
    description = _description(post.body, post.link)
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
    out += [fold_line(f"{_X}{key}:{_x_text(value)}") for key, value in extra.items() if value]
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

_ESCAPED = re.compile(r"\\([\\;,nN])")
_PREFIX = re.compile(r"^\s*\[([^\]\r\n]{1,80})\]\s*")


def _unescape(raw: str) -> str:
    return _ESCAPED.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), raw)


def _x(event: Any, key: str) -> str | None:
    """An X-CALEPIN-* value as text, None when absent (icalendar leaves X- values escaped)."""
    value = event.get(_X + key)
    if value is None:
        return None
    if isinstance(value, list):
        value = value[0]
    raw = value.to_ical().decode("utf-8") if hasattr(value, "to_ical") else str(value)
    return _unescape(raw)


def _text(event: Any, key: str) -> str | None:
    value = event.get(key)
    if value is None:
        return None
    if isinstance(value, list):
        value = value[0]
    return str(value)


def _categories(event: Any) -> list[str]:
    values = event.get("CATEGORIES")
    if values is None:
        return []
    found = []
    for value in values if isinstance(values, list) else [values]:
        found += [str(c).strip() for c in getattr(value, "cats", [value])]
    return [c for c in found if c]


def _find_platform(store: Store, name: str) -> str | None:
    """The platform named `name` here (name or tag, any case; a default platform also by its
    English or French name, so two files in two languages agree), or None."""
    name = name.strip()
    if not name:
        return None
    try:
        return store.platform(name).name
    except NotFoundError:
        pass
    from storage.migrations import FRANCE_NAMES, FRENCH_NAMES

    wanted = name.casefold()
    for english in {*FRENCH_NAMES, *FRANCE_NAMES}:
        names = (english, FRENCH_NAMES.get(english, english), FRANCE_NAMES.get(english, english))
        if wanted in (n.casefold() for n in names):
            for other in names:
                try:
                    return store.platform(other).name
                except NotFoundError:
                    continue
    return None


def _zone_or_none(name: str | None) -> str | None:
    if not name:
        return None
    try:
        ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return None
    return name


def _moment(value: Any, hint: str) -> tuple[dt.date, dt.time | None, str]:
    """A DTSTART as (date, wall time with its fold or None, zone). A named zone is kept; UTC
    and unknown zones are read in `hint` (the post's own zone, as it travels)."""
    if not isinstance(value, dt.datetime):
        return value, None, hint
    if value.tzinfo is None:
        return value.date(), value.time(), hint
    key = getattr(value.tzinfo, "key", None)
    if isinstance(key, str) and not is_utc(key) and _zone_or_none(key):
        wall = value.replace(tzinfo=None)
        return wall.date(), wall.time(), key
    local = value.astimezone(ZoneInfo(hint) if not is_utc(hint) else UTC)
    return local.date(), local.time().replace(fold=local.fold), hint


def _day_in(value: Any, zone_name: str) -> dt.date:
    """The date of a RECURRENCE-ID or EXDATE value in the series' zone."""
    if not isinstance(value, dt.datetime):
        return value
    if value.tzinfo is None:
        return value.date()
    return value.astimezone(UTC if is_utc(zone_name) else ZoneInfo(zone_name)).date()


def _read_event(
    event: Any, store: Store, *, hint: str, share_notes: bool, base: PostDraft | None
) -> PostDraft:
    """A VEVENT as a draft. `base`: the series' master for one of its dates (what the
    instance does not say, it has from the series). Raises ValidationError with a short
    reason when it cannot be a post here."""
    ours = event.get(_X + "PLATFORM") is not None
    summary = (_text(event, "SUMMARY") or "").strip()
    platform = None
    named = _x(event, "PLATFORM")
    prefix = _PREFIX.match(summary)
    if named is not None:
        platform = _find_platform(store, named)
        if platform is None:
            raise ValidationError(_("unknown platform '{name}'").format(name=named.strip()))
        if prefix and _find_platform(store, prefix.group(1)) == platform:
            summary = summary[prefix.end() :]
    elif prefix and (platform := _find_platform(store, prefix.group(1))):
        summary = summary[prefix.end() :]
    else:
        platform = next(
            (p for c in _categories(event) if (p := _find_platform(store, c))),
            base.platform if base is not None else None,
        )
    if platform is None:
        raise ValidationError(_("no platform"))
    zone_name = _zone_or_none(_x(event, "TIMEZONE")) or hint
    start = event.get("DTSTART")
    if start is None:
        raise ValidationError(_("no start date"))
    day, time, zone_name = _moment(start.dt, zone_name)

    def kept(key: str, fallback: str) -> str:
        value = _x(event, key)
        if value is not None:
            return value
        return fallback if not ours else ""

    status_text = _x(event, "STATUS")
    status: Status | str
    if status_text is not None:
        status = status_text
    elif base is not None and not ours:
        status = base.status
    else:
        status = Status.SCHEDULED
    if (_text(event, "STATUS") or "").upper() == "CANCELLED":
        status = Status.CANCELLED  # cancelled in a calendar app
    link = kept("LINK", base.link if base else "")
    body_text = _x(event, "BODY")
    description = _text(event, "DESCRIPTION")
    if description is not None:
        description = clean(description)
    if body_text is not None:
        body = body_text
        expected = _description(clean(body_text).replace("\t", " "), link)
        if description is not None and description.strip() != expected.strip():
            body = _without_link(description, link)  # edited in a calendar app
    elif description is not None:
        body = _without_link(description, link)
    else:
        body = base.body if base is not None and not ours else ""
    published = _x(event, "PUBLISHED-URL")
    if published is None:
        published = _text(event, "URL") or (base.published_url if base and not ours else "")
    estimate_text = kept("ESTIMATE", "")
    if estimate_text:
        try:
            estimate: int | None = int(estimate_text.strip())
        except ValueError:
            raise ValidationError(
                _("effort estimate '{value}' is not a number of minutes").format(
                    value=estimate_text[:20]
                )
            ) from None
    elif base is not None and not ours:
        estimate = base.estimate_minutes
    else:
        estimate = None
    campaign = _x(event, "CAMPAIGN")
    if campaign is None and not ours:
        known = {c.name.casefold(): c.name for c in store.campaigns()}
        campaign = next(
            (known[c.casefold()] for c in _categories(event) if c.casefold() in known), None
        )
        if campaign is None and base is not None:
            campaign = base.campaign
    group = _x(event, "GROUP") or (base.group_id if base is not None and not ours else None)
    notes = ""
    if share_notes:
        notes = kept("NOTES", base.notes if base else "")
    return models.PostDraft(
        title=summary,
        platform=platform,
        date=day,
        time=time,
        timezone=zone_name,
        status=status,
        campaign=campaign or None,
        estimate_minutes=estimate,
        body=body,
        notes=notes,
        link=link,
        published_url=published,
        group_id=group or None,
        rrule=None,
    )


def _without_link(description: str, link: str) -> str:
    text = description.rstrip()
    if link and text.endswith(link):
        text = text[: -len(link)]
    return text.strip()


def _parse(text: str) -> list[Any]:
    import icalendar

    try:
        calendar = icalendar.Calendar.from_ical(text)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise SyncFormatError(
            _("the calendar object is not readable iCalendar ({error})").format(error=exc)
        ) from None
    events = list(calendar.walk("VEVENT"))
    if not events:
        raise SyncFormatError(_("the calendar object holds no event"))
    return events


def read_resource(text: str, store: Store, *, share_notes: bool) -> RemoteItem:
    """What one calendar object from the server says about a post.

    Checked as the store checks what a person types (lengths, control characters, dates of
    the series), so a bad object gives a short reason (`postable` False), never a half-saved
    post.

    Raises:
        SyncFormatError: the text is not iCalendar, holds no event or no UID.
    """
    events = _parse(text)
    uid = ""
    master_event = None
    instances = []
    for event in events:
        uid = uid or str(event.get("UID", "")).strip()
        if event.get("RECURRENCE-ID") is None and master_event is None:
            master_event = event
        elif event.get("RECURRENCE-ID") is not None:
            instances.append(event)
    if not uid:
        raise SyncFormatError(_("the calendar object has no UID"))
    head = master_event if master_event is not None else events[0]
    title = (_text(head, "SUMMARY") or "").strip()
    changed_by = _x(head, "CHANGED-BY")
    changed_at = None
    modified = head.get("LAST-MODIFIED")
    if modified is not None and isinstance(modified.dt, dt.datetime):
        moment = modified.dt
        changed_at = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    sequence = 0
    for event in events:
        with contextlib.suppress(ValueError):
            sequence = max(sequence, int(str(event.get("SEQUENCE", 0))))
    item = RemoteItem(
        uid=uid,
        title=title,
        fingerprint="",
        changed_by=changed_by.strip() if changed_by else None,
        changed_at=changed_at,
        postable=False,
        sequence=sequence,
    )
    if master_event is None:
        return replace(item, reason=_("only changed dates of a series, not the series"))
    try:
        return _postable(item, master_event, instances, store, share_notes=share_notes)
    except CalepinError as exc:
        return replace(item, reason=str(exc))
    except (ValueError, TypeError, AttributeError, OverflowError) as exc:
        return replace(item, reason=_("unreadable event ({error})").format(error=exc))


def _postable(
    item: RemoteItem, master_event: Any, instances: list[Any], store: Store, *, share_notes: bool
) -> RemoteItem:
    was = store.synced_post(item.uid)
    hint = was[0].timezone if was is not None else store.zone_name
    master = _read_event(master_event, store, hint=hint, share_notes=share_notes, base=None)
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
                skipped.add(_day_in(one.dt, master.timezone or hint))
        base = replace(master, rrule=None)
        for event in instances:
            day = _day_in(event["RECURRENCE-ID"].dt, master.timezone or hint)
            overrides[day] = _read_event(
                event, store, hint=master.timezone or hint, share_notes=share_notes, base=base
            )
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
        _clock(values),
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
