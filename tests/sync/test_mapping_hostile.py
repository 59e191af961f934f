"""Whatever a server hands back, reading it ends in a post, a short reason or SyncFormatError,
and applying it in a saved post or a CalepinError with nothing half-saved: never a traceback.
Hypothesis damages a real object line by line."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporters.sync import mapping
from exporters.sync.mapping import SyncFormatError
from storage import PostDraft, Store
from storage.errors import CalepinError
from tests.conftest import NOW

NASTY = [
    "DTSTART:notadate",
    "DTSTART;VALUE=DATE:20261301",
    "DTSTART;TZID=Nowhere/Land:20261124T100000",
    "RRULE:FREQ=SECONDLY",
    "RRULE:FREQ=WEEKLY;COUNT=2;UNTIL=20270101",
    "RRULE:FREQ=DAILY",
    "EXDATE:garbage",
    "RECURRENCE-ID:20261124T140000Z",
    "RECURRENCE-ID;VALUE=DATE:19000101",
    "SEQUENCE:many",
    "LAST-MODIFIED:yesterday",
    "X-CALEPIN-PLATFORM:",
    "X-CALEPIN-PLATFORM:Mastodon",
    "X-CALEPIN-STATUS:published",
    "X-CALEPIN-ESTIMATE:-5",
    "X-CALEPIN-ESTIMATE:99999999999999999999999",
    "X-CALEPIN-CAMPAIGN:" + "c" * 200,
    "X-CALEPIN-TIMEZONE:Mars/Olympus",
    "X-CALEPIN-LINK:ftp://example.org",
    "X-CALEPIN-BODY:\\u0000",
    "SUMMARY:" + "t" * 400,
    "SUMMARY:\x1b[31mred",
    "CATEGORIES:,,,",
    "STATUS:CANCELLED",
    "BEGIN:VALARM",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "END:VCALENDAR",
    "UID:",
    ";;;:::",
    " folded continuation",
]


@st.composite
def damaged(draw: st.DrawFn, text: str) -> str:
    lines = text.split("\r\n")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(lines)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        if action == "insert" or not lines:
            lines.insert(at, draw(st.sampled_from(NASTY)))
        elif action == "delete":
            del lines[min(at, len(lines) - 1)]
        else:
            lines[min(at, len(lines) - 1)] = draw(st.sampled_from(NASTY))
    return "\r\n".join(lines)


def series_text(store: Store) -> str:
    post = store.add_post(
        PostDraft(
            title="Weekly tip",
            platform="Facebook",
            date=dt.date(2026, 11, 2),
            time=dt.time(9),
            rrule="FREQ=WEEKLY;COUNT=8",
            body="Body, with; things",
            link="https://example.org/x",
        )
    )
    store.move_occurrence(post.id, dt.date(2026, 11, 16), dt.date(2026, 11, 17), dt.time(11))
    store.skip_occurrence(post.id, dt.date(2026, 11, 9))
    return mapping.render_resource(
        store, post.uid, share_notes=True, changed_by="coordinator", sequence=2, now=NOW
    )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_damaged_object_gives_a_reason_never_a_traceback(
    store: Store, data: st.DataObject
) -> None:
    text = data.draw(damaged(series_text(store)))
    before = store.change_token()
    try:
        item = mapping.read_resource(text, store, share_notes=True)
    except SyncFormatError:
        return
    assert store.change_token() == before  # reading writes nothing
    if not item.postable:
        assert item.reason
        return
    posts_before = {p.id: p for p in store.all_posts()}
    try:
        mapping.apply_remote(store, item)
    except CalepinError:
        assert {p.id: p for p in store.all_posts()} == posts_before
