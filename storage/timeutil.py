"""Time zones and instants: zone names, and instants to and from the database's UTC text.

Calendar arithmetic (days, weeks, periods, their bounds in a zone) is in `storage.calendar`.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from storage.errors import ValidationError

UTC = dt.UTC


def system_zone_name() -> str:
    """The IANA name of the local zone: `TZ` if set, else /etc/localtime, else UTC."""
    env = os.environ.get("TZ", "").lstrip(":").strip()
    if env and _is_zone(env):
        return env
    try:
        target = Path("/etc/localtime").resolve(strict=True)
        parts = target.parts
        if "zoneinfo" in parts:
            name = "/".join(parts[parts.index("zoneinfo") + 1 :])
            if _is_zone(name):
                return name
    except OSError:
        pass
    try:
        name = Path("/etc/timezone").read_text(encoding="utf-8").strip()
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
        hint = ""
        lowered = name.lower()
        close = sorted(z for z in available_timezones() if lowered and lowered in z.lower())[:3]
        if close:
            hint = f" (did you mean {', '.join(close)}?)"
        raise ValidationError(
            f"unknown time zone '{name}'{hint}; use an IANA name like America/Toronto",
            field="timezone",
        )
    return ZoneInfo(name)


def to_db(instant: dt.datetime) -> str:
    """An aware instant as sortable UTC text, to the second."""
    if instant.tzinfo is None:
        raise ValidationError("times must carry a time zone")
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_db(text: str) -> dt.datetime:
    # fromisoformat is ~10x faster than strptime; it reads the trailing Z since 3.11.
    return dt.datetime.fromisoformat(text)
