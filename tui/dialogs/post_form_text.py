"""What the post editor reads and shows besides its widgets: field ids, the text a day, a time or
a duration opens with, which field a store error belongs to, and the editor's CSS."""

from __future__ import annotations

import datetime as dt

from storage import CalepinError, wording
from storage.errors import ParseError
from storage.grammar import clock_shift, describe_repeat, describe_when, gap_message, parse_when
from storage.i18n import _

# Widget ids in tab order; a ValidationError.field from the store maps onto one of them.
FIELDS = (
    "title",
    "platform",
    "when",
    "status",
    "campaign",
    "estimate",
    "repeat",
    "body",
    "notes",
    "link",
    "published_url",
)
STORE_FIELDS = {
    "title": "title",
    "platform": "platform",
    "date": "when",
    "time": "when",
    "timezone": "when",
    "status": "status",
    "campaign": "campaign",
    "estimate": "estimate",
    "body": "body",
    "notes": "notes",
    "link": "link",
    "published URL": "published_url",
    "published_url": "published_url",
    "repeat": "repeat",
}
# Fields without an echo: their note only ever holds an error.
PLAIN_FIELDS = {"title", "platform", "status", "campaign", "notes", "link", "published_url"}
# Fields whose note the form writes each time it opens: what was understood.
ECHOED = frozenset({"when", "estimate", "repeat", "body"})
NO_CAMPAIGN = ""
# Never a campaign name: names cannot hold control characters.
NEW_CAMPAIGN = "\x00new"


def when_text(day: dt.date, time: dt.time | None, now: dt.datetime) -> str:
    """Editable text for a day and time that reads back as the same day and time."""
    clock = f" {time:%H:%M}" if time is not None else ""
    candidates = [
        describe_when(day, time),
        f"{day.day} {wording.month_name(day, short=True)}{clock}",
        f"{day.day} {wording.month_name(day, short=True)} {day.year}{clock}",
    ]
    for text in candidates:
        try:
            if parse_when(text, now, prefer="future") == (day, time):
                return text
        except ParseError:
            continue
    return f"{day.isoformat()}{clock}"


def when_echo(
    day: dt.date, time: dt.time | None, now: dt.datetime, zone_name: str
) -> tuple[str, bool, bool]:
    """The echo under When for a day and time read, whether it is an error (a time the
    clocks skip), and whether the time happens twice (the "second" box shows)."""
    year = f" {day.year}" if day.year != now.year else ""
    label = describe_when(day, None) + year + (f" {wording.clock(time)}" if time else "")
    shift = clock_shift(day, time, zone_name) if time is not None else None
    twice = shift is not None and shift.kind == "twice"
    if shift is None or time is None:
        return f"→ {label}", False, twice
    if shift.kind == "gap":  # refused by the store, even as saved before
        return gap_message(shift), True, twice
    names = (shift.first, shift.second)
    echo = (
        _("→ {when} {zone} · happens twice: the second one; untick 'second' for {other}")
        if time.fold
        else _("→ {when} {zone} · happens twice: the first one; tick 'second' for {other}")
    )
    return echo.format(when=label, zone=names[time.fold], other=names[1 - time.fold]), False, twice


def describe_rule(rrule: str) -> str:
    """A repeat rule in words; the rule itself when it has no words (a custom RRULE)."""
    try:
        return describe_repeat(rrule)
    except ParseError:
        return rrule


def duration_text(minutes: int) -> str:
    """``45m``, ``2h``, ``1h30``: what a person would type for `minutes`."""
    hours, mins = divmod(max(0, minutes), 60)
    if hours and mins:
        return f"{hours}h{mins:02d}"
    return f"{hours}h" if hours else f"{mins}m"


def field_of(exc: CalepinError) -> str | None:
    field = getattr(exc, "field", None)
    # The store names the field (an unknown platform or campaign too): never read the message,
    # which is in the person's language.
    return STORE_FIELDS.get(field) if isinstance(field, str) else None


POST_FORM_CSS = """
PostFormDialog .dialog {
    width: 96;
    max-width: 100%;
    height: auto;
    max-height: 100%;
}
PostFormDialog #fields {
    height: 1fr;
}
PostFormDialog .row {
    height: auto;
    margin-bottom: 1;
}
PostFormDialog .row .label {
    width: 14;
    color: $text-muted;
}
PostFormDialog .row:focus-within .label {
    color: $accent;
    text-style: bold;
}
PostFormDialog .field Input:focus, PostFormDialog .field TextArea:focus {
    background-tint: $primary 10%;
}
PostFormDialog .field Select:focus > SelectCurrent {
    background-tint: $primary 10%;
}
PostFormDialog .row .field {
    width: 1fr;
    height: auto;
    margin-right: 1;
}
PostFormDialog .field Select {
    width: 40;
}
PostFormDialog #body {
    height: 7;
}
PostFormDialog #notes {
    height: 4;
}
PostFormDialog #form-error {
    margin-top: 1;
}
PostFormDialog .buttons {
    margin-top: 0;
}
"""
