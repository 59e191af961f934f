"""Time zones and instants: zone names, and instants to and from the database's UTC text.

Calendar arithmetic (days, weeks, periods, their bounds in a zone) is in `storage.calendar`.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from storage.errors import ValidationError
from storage.i18n import _

UTC = dt.UTC


def system_zone_name() -> str:
    """The IANA name of the local zone: `TZ` if set, else /etc/localtime, else UTC."""
    env = os.environ.get("TZ", "").lstrip(":").strip()
    if env and _is_zone(env):
        return env
    try:
        parts = os.path.realpath("/etc/localtime", strict=True).split("/")
        if "zoneinfo" in parts:
            name = "/".join(parts[parts.index("zoneinfo") + 1 :])
            if _is_zone(name):
                return name
    except OSError:
        pass
    try:
        with open("/etc/timezone", encoding="utf-8") as file:
            name = file.read().strip()
        if _is_zone(name):
            return name
    except OSError:
        pass
    return "UTC"


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def zone(name: str) -> ZoneInfo:
    """The ZoneInfo for an IANA name, or a ValidationError that says what is expected."""
    if not name or not _is_zone(name) or name.startswith("/"):
        lowered = name.lower()
        close = sorted(z for z in available_timezones() if lowered and lowered in z.lower())[:3]
        if close:
            message = _(
                "unknown time zone '{name}' (did you mean {close}?); "
                "use an IANA name like America/Toronto"
            ).format(name=name, close=", ".join(close))
        else:
            message = _("unknown time zone '{name}'; use an IANA name like America/Toronto").format(
                name=name
            )
        raise ValidationError(message, field="timezone")
    return ZoneInfo(name)


def to_db(instant: dt.datetime) -> str:
    """An aware instant as sortable UTC text, to the second."""
    if instant.tzinfo is None:
        raise ValidationError(_("times must carry a time zone"))
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_db(text: str) -> dt.datetime:
    # fromisoformat is ~10x faster than strptime; it reads the trailing Z since 3.11.
    return dt.datetime.fromisoformat(text)


# What a post keeps when the home zone changes: its clock time, or its moment.
KEEP_WALL = "wall"
KEEP_INSTANT = "instant"
KEEP_SIDES = (KEEP_WALL, KEEP_INSTANT)


def check_keep(keep: str) -> str:
    """`keep` if it is "wall" or "instant", else a ValidationError that names both."""
    if keep not in KEEP_SIDES:
        raise ValidationError(
            _(
                "keep must be 'wall' (posts keep their clock time) or 'instant' (posts keep "
                "their moment), not '{keep}'"
            ).format(keep=keep),
            field="keep",
        )
    return keep


def rezoned(
    day: dt.date, time: dt.time | None, old: str, new: str, keep: str
) -> tuple[dt.date, dt.time | None]:
    """A post's wall-clock date and time once its zone moves from `old` to `new`.

    `keep` "wall" leaves them as they are (the moment moves with the zone); "instant" gives
    the clock time the same moment shows in `new` (the moment a wall-clock time names is the
    one `Post.starts_at` reads, the reading its fold names when an hour repeats). A post
    without a time is a whole day and keeps its date either way: it has no moment to keep.
    """
    if keep == KEEP_WALL or time is None:
        return day, time
    # combine() keeps the time's fold, so the second reading of a repeated hour keeps its
    # moment; time() keeps the fold the moment has in the new zone.
    moment = dt.datetime.combine(day, time, tzinfo=zone(old)).astimezone(zone(new))
    return moment.date(), moment.time().replace(second=0, microsecond=0)
