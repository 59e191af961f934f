"""Reading one VEVENT of a calendar object as a post's draft: X-CALEPIN-* where Calepin
wrote them, the plain properties (SUMMARY, DTSTART, DESCRIPTION, CATEGORIES, STATUS) where a
calendar app did or changed them. Used by `exporters.sync.mapping`."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from exporters.ics_text import UTC, clean, is_utc
from storage import models
from storage.errors import NotFoundError, ValidationError
from storage.i18n import _
from storage.models import Status

if TYPE_CHECKING:
    from storage import Store
    from storage.models import PostDraft

X_PREFIX = "X-CALEPIN-"
# The largest calendar object read as a post: a post at every limit of the store (body,
# notes, title…) is written in well under half a megabyte, a series with its changed dates a
# few times that. A larger one is refused before it is parsed (50 MB took the parser minutes).
MAX_OBJECT_CHARS = 4_000_000
# And at most so many components (events, zones, alarms): 100,000 alarms nested in one
# another, under 3 MB, took the parser 9 s. A series changed on every day of ten years
# is 3,653 events.
MAX_COMPONENTS = 10_000
SHOWN_CHARS = 120  # of a server's text quoted in a report or a reason


class SyncFormatError(ValidationError):
    """A calendar object that is not readable iCalendar, or holds no event."""


def description_text(body: str, link: str) -> str:
    """DESCRIPTION as plain clients show it: the body, then the link on its own. No label:
    two coordinators reading in two languages must write the same text."""
    return "\n\n".join(p for p in (body.strip(), link) if p)


_BEGIN = re.compile(r"^BEGIN:", re.M | re.I)
_ESCAPED = re.compile(r"\\([\\;,nN])")
_PREFIX = re.compile(r"^\s*\[([^\]\r\n]{1,80})\]\s*")


def shown_text(text: str, limit: int = SHOWN_CHARS) -> str:
    """Text from the server as a report line may quote it: one line, no control characters
    (a terminal would obey an escape sequence) nor direction controls, at most `limit`
    characters."""
    from storage.invisible import without_direction_controls

    line = " ".join(without_direction_controls(clean(text[: limit * 4])).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def file_name(href: str) -> str:
    """An object's file name as a report may show it: the server's text, so cleaned as titles
    are (a name can hold escape sequences, or run to hundreds of characters)."""
    return shown_text(href.rstrip("/").rsplit("/", 1)[-1])


def _oversize(text: str) -> tuple[bool, int] | None:
    """(too many characters?, how many characters or components) past the limits; None
    within them. Counted without parsing: the parser is what the limits protect."""
    if len(text) > MAX_OBJECT_CHARS:
        return True, len(text)
    parts = len(_BEGIN.findall(text))
    return (False, parts) if parts > MAX_COMPONENTS else None


def too_large(text: str) -> str | None:
    """Why an object too large to be a post is refused, in words; None when it is not."""
    found = _oversize(text)
    if found is None:
        return None
    from storage import wording

    by_chars, count = found
    if by_chars:
        return _("too large to be a post ({size} characters; at most {limit})").format(
            size=wording.grouped(count), limit=wording.grouped(MAX_OBJECT_CHARS)
        )
    return _("too many parts to be a post ({count} components; at most {limit})").format(
        count=wording.grouped(count), limit=wording.grouped(MAX_COMPONENTS)
    )


def too_large_meeting(text: str) -> str | None:
    """Why an object of the meetings calendar is refused unparsed (the posts' limits), in
    words; None when it is within them."""
    found = _oversize(text)
    if found is None:
        return None
    from storage import wording

    by_chars, count = found
    if by_chars:
        return _("too large to be a meeting ({size} characters; at most {limit})").format(
            size=wording.grouped(count), limit=wording.grouped(MAX_OBJECT_CHARS)
        )
    return _("too many parts to be a meeting ({count} components; at most {limit})").format(
        count=wording.grouped(count), limit=wording.grouped(MAX_COMPONENTS)
    )


def _unescape(raw: str) -> str:
    return _ESCAPED.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), raw)


def x_value(event: Any, key: str) -> str | None:
    """An X-CALEPIN-* value as text, None when absent (icalendar leaves X- values escaped)."""
    value = event.get(X_PREFIX + key)
    if value is None:
        return None
    if isinstance(value, list):
        value = value[0]
    raw = value.to_ical().decode("utf-8") if hasattr(value, "to_ical") else str(value)
    return _unescape(raw)


def first_value(event: Any, key: str) -> Any:
    """A property's value, the first when it is repeated; None when absent."""
    value = event.get(key)
    if isinstance(value, list):
        return value[0] if value else None
    return value


def moment_of(event: Any, key: str) -> Any:
    """A date-time property's date or datetime, None when absent or unreadable."""
    try:
        return getattr(first_value(event, key), "dt", None)
    except ValueError:  # icalendar's broken property
        return None


def text_value(event: Any, key: str) -> str | None:
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


def _moment(value: Any, own: str | None, hint: str) -> tuple[dt.date, dt.time | None, str]:
    """A DTSTART as (date, wall time with its fold or None, zone).

    `own`: the zone Calepin wrote (X-CALEPIN-TIMEZONE): the instant is read in it, whatever
    zone a server or calendar app rewrote DTSTART in (a time that happens twice written in
    UTC comes back as its second reading). Without it, a named zone is kept; UTC, unknown
    zones and floating times are read in `hint` (the local post's zone, else the file's).
    """
    zone_name = own or hint
    if not isinstance(value, dt.datetime):
        return value, None, zone_name
    if value.tzinfo is None:
        return value.date(), value.time(), zone_name
    key = getattr(value.tzinfo, "key", None)
    if own is None and isinstance(key, str) and not is_utc(key) and _zone_or_none(key):
        zone_name = key
    if key == zone_name:
        wall = value.replace(tzinfo=None)
        return wall.date(), wall.time(), zone_name
    local = value.astimezone(UTC if is_utc(zone_name) else ZoneInfo(zone_name))
    return local.date(), local.time().replace(fold=local.fold), zone_name


def day_in(value: Any, zone_name: str) -> dt.date:
    """The date of a RECURRENCE-ID or EXDATE value in the series' zone."""
    if not isinstance(value, dt.datetime):
        return value
    if value.tzinfo is None:
        return value.date()
    return value.astimezone(UTC if is_utc(zone_name) else ZoneInfo(zone_name)).date()


def read_event(
    event: Any,
    store: Store,
    *,
    hint: str,
    share_notes: bool,
    base: PostDraft | None,
    local_notes: str = "",
) -> PostDraft:
    """A VEVENT as a draft. `base`: the series' master for one of its dates (what the
    instance does not say, it has from the series). `local_notes`: the notes the post has
    here, kept when shared notes are read from a writer that does not share them. Raises
    ValidationError with a short reason when it cannot be a post here."""
    ours = event.get(X_PREFIX + "PLATFORM") is not None
    summary = (text_value(event, "SUMMARY") or "").strip()
    platform = None
    named = x_value(event, "PLATFORM")
    prefix = _PREFIX.match(summary)
    if named is not None:
        platform = _find_platform(store, named)
        if platform is None:
            raise ValidationError(_("unknown platform '{name}'").format(name=named.strip()))
        written = f"[{named.strip()}]"
        if summary.casefold().startswith(written.casefold()):  # as Calepin wrote it
            summary = summary[len(written) :].lstrip()
        elif prefix and _find_platform(store, prefix.group(1)) == platform:
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
    if not summary and base is not None and not ours:
        summary = base.title  # an instance written without its own title
    start = moment_of(event, "DTSTART")
    if not isinstance(start, dt.date):
        raise ValidationError(_("no start date"))
    day, time, zone_name = _moment(start, _zone_or_none(x_value(event, "TIMEZONE")), hint)

    def kept(key: str, fallback: str) -> str:
        value = x_value(event, key)
        if value is not None:
            return value
        return fallback if not ours else ""

    status_text = x_value(event, "STATUS")
    status: Status | str
    if status_text is not None:
        status = status_text
    elif base is not None and not ours:
        status = base.status
    else:
        status = Status.SCHEDULED
    # Calepin writes STATUS:CANCELLED exactly for a cancelled post: a difference is a
    # calendar app's cancelling, or taking back a cancellation.
    shown = (text_value(event, "STATUS") or "").strip().upper()
    if shown == "CANCELLED":
        status = Status.CANCELLED
    elif shown and status_text is not None and status_text.strip().lower() == "cancelled":
        status = Status.SCHEDULED
    link = kept("LINK", base.link if base else "")
    body_text = x_value(event, "BODY")
    description = text_value(event, "DESCRIPTION")
    if description is not None:
        description = clean(description)
    if body_text is not None:
        body = body_text
        expected = description_text(clean(body_text).replace("\t", " "), link)
        if description is not None and description.strip() != expected.strip():
            body = _without_link(description, link)  # edited in a calendar app
    elif description is not None:
        body = _without_link(description, link)
    else:
        body = base.body if base is not None and not ours else ""
    published = x_value(event, "PUBLISHED-URL")
    if published is None:
        published = text_value(event, "URL") or (base.published_url if base and not ours else "")
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
    campaign = x_value(event, "CAMPAIGN")
    if campaign is None and not ours:
        known = {c.name.casefold(): c.name for c in store.campaigns()}
        campaign = next(
            (known[c.casefold()] for c in _categories(event) if c.casefold() in known), None
        )
        if campaign is None and base is not None:
            campaign = base.campaign
    group = x_value(event, "GROUP") or (base.group_id if base is not None and not ours else None)
    notes = ""
    if share_notes:
        # Absent: its writer keeps notes private; the notes here stay (never wiped by them).
        notes = x_value(event, "NOTES")
        notes = local_notes if notes is None else notes
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


_FOLD = re.compile(r"\r?\n[ \t]")
_ZONE_BLOCK = re.compile(r"^BEGIN:VTIMEZONE\r?$.*?^END:VTIMEZONE\r?\n", re.S | re.M | re.I)
_TZID_PARAM = re.compile(r';TZID="?([^";:]+)"?[;:]', re.I)


def _without_known_zones(text: str) -> str:
    """The text without its VTIMEZONEs when every zone it names is one zoneinfo knows:
    icalendar then takes zoneinfo's zone by its name, and reading the VTIMEZONEs was half
    the time of reading an object."""
    if "BEGIN:VTIMEZONE" not in text.upper():
        return text
    text = _FOLD.sub("", text)
    outside = _ZONE_BLOCK.sub("", text)
    if all(_zone_or_none(name) for name in set(_TZID_PARAM.findall(outside))):
        return outside
    return text


def parse_events(text: str) -> list[Any]:
    """The VEVENTs of a calendar object, or SyncFormatError."""
    import icalendar

    if (refused := too_large(text)) is not None:
        raise SyncFormatError(refused)
    try:
        calendar = icalendar.Calendar.from_ical(_without_known_zones(text))
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise SyncFormatError(
            _("the calendar object is not readable iCalendar ({error})").format(
                error=shown_text(str(exc))
            )
        ) from None
    events = list(calendar.walk("VEVENT"))
    if not events:
        raise SyncFormatError(_("the calendar object holds no event"))
    return events
