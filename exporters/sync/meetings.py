"""The meetings calendar pulled into the hours, with the `.ics` import's own rules
(`exporters.ics_import.import_meetings`): idempotent by UID, moves and cancellations applied,
hand edits kept. Skipped while the calendar's ctag is unchanged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from exporters.sync.event_reading import file_name, too_large_meeting
from storage.i18n import _

if TYPE_CHECKING:
    from exporters.sync.client import CalDAVClient, RemoteCalendar
    from storage.store import Store

MEETINGS = "meetings"


def pull_meetings(
    store: Store,
    client: CalDAVClient,
    calendar: RemoteCalendar,
    *,
    now: dt.datetime,
    dry_run: bool,
) -> tuple[str | None, list[str]]:
    """Import the calendar's meetings: the import's summary line (None when the calendar did
    not change since the last run), and why objects were left out, one reason each."""
    from exporters.ics_import import import_meetings

    state = store.sync_calendar(calendar.url)
    if state is not None and calendar.ctag is not None and state.ctag == calendar.ctag:
        return None, []
    hrefs = sorted(client.etags(calendar.url))
    texts = client.fetch(calendar.url, hrefs) if hrefs else {}
    kept, skipped = [], []
    for href, (text, _etag) in texts.items():
        # A post's limits: a 50 MB description would be parsed whole, for minutes.
        refused = too_large_meeting(text)
        if refused is None:
            kept.append(text)
        else:
            skipped.append(
                _("{title}: left in the calendar ({reason})").format(
                    title=file_name(href), reason=refused
                )
            )
    data = joined_calendar(kept)
    result = import_meetings(store, data, now=now, dry_run=dry_run)
    if not dry_run:
        store.save_sync_calendar(
            calendar.url,
            MEETINGS,
            sync_token=calendar.sync_token,
            ctag=calendar.ctag,
            local_token=None,
            synced_at=now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
    return result.summary(), skipped


def joined_calendar(texts: Iterable[str]) -> str:
    """Many calendar objects as one VCALENDAR: each one's components, in order."""
    parts = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Calepin//sync//EN"]
    for text in texts:
        lines = text.replace("\r\n", "\n").split("\n")
        inside = False
        depth = 0
        for line in lines:
            upper = line.upper()
            if upper.startswith("BEGIN:") and upper != "BEGIN:VCALENDAR":
                inside = True
                depth += 1
            if inside:
                parts.append(line)
            if upper.startswith("END:") and upper != "END:VCALENDAR" and inside:
                depth -= 1
                inside = depth > 0
    parts.append("END:VCALENDAR")
    return "\r\n".join(parts) + "\r\n"
