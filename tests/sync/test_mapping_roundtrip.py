"""Equal content, equal fingerprint, both ways: a post or series rendered as a CalDAV object
and read back (in its own file and in another coordinator's) has the fingerprint its rows
give, and once applied in the other file, the same rows. Hypothesis draws the posts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, event, given, reject, settings
from hypothesis import strategies as st

from exporters.sync import mapping
from storage import PostDraft, Status, Store
from storage.errors import ValidationError
from tests.conftest import NOW, ZONE_NAME

ZONES = [ZONE_NAME, "Europe/Paris", "UTC", "Asia/Kolkata", "Australia/Lord_Howe"]
PIECES = [
    "\n",
    ",",
    ";",
    "[",
    "]",
    "\\",
    "\\n",
    "\t",
    ":",
    '"',
    "🎉",
    "👩‍💻",
    "é",
    "Œ",
    "  ",
    "x" * 80,
    "Gala",
    "https://",
    "[Facebook] ",
]
# Letters, marks, numbers, punctuation, symbols and spaces: what validation lets through
# (controls and direction marks are refused by the store, tested in test_mapping).
LETTERS = st.characters(categories=["L", "M", "N", "P", "S", "Zs"])
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), st.text(LETTERS, max_size=12)), max_size=8).map(
    "".join
)
TITLE = TEXT.map(lambda t: t.replace("\n", " ").replace("\t", " ")).filter(str.strip)
URL = st.one_of(
    st.just(""), st.from_regex(r"https://example\.org/[a-z0-9;,\-]{0,20}", fullmatch=True)
)
TIMES = st.one_of(
    st.none(),
    st.builds(dt.time, st.integers(0, 23), st.sampled_from([0, 15, 30, 59])),
    st.just(dt.time(1, 30)),
    st.just(dt.time(1, 30, fold=1)),  # a time that happens twice: the second reading
)
DATES = st.one_of(
    st.dates(dt.date(2025, 1, 1), dt.date(2028, 12, 31)),
    st.sampled_from([dt.date(2026, 11, 1), dt.date(2026, 3, 8), dt.date(2026, 10, 25)]),
)
RULES = [
    "FREQ=WEEKLY",
    "FREQ=WEEKLY;COUNT=6",
    "FREQ=DAILY;INTERVAL=3;COUNT=10",
    "FREQ=WEEKLY;UNTIL=20291231",
    "FREQ=MONTHLY;COUNT=4",
]


@st.composite
def drafts(draw: st.DrawFn) -> PostDraft:
    return PostDraft(
        title=draw(TITLE),
        platform=draw(st.sampled_from(["Instagram", "Facebook", "LinkedIn", "Blog", "X"])),
        date=draw(DATES),
        time=draw(TIMES),
        timezone=draw(st.sampled_from(ZONES)),
        status=draw(st.sampled_from(list(Status))),
        campaign=draw(st.sampled_from([None, "Gala 2026", "Rentrée, ; [été]"])),
        estimate_minutes=draw(st.one_of(st.none(), st.integers(0, 6000))),
        body=draw(TEXT),
        notes=draw(TEXT),
        link=draw(URL),
        published_url=draw(URL),
        group_id=draw(st.sampled_from([None, "group-1", "2b1c9e"])),
    )


@st.composite
def posts(draw: st.DrawFn) -> tuple[PostDraft, str | None, list[int], list[tuple[int, PostDraft]]]:
    """A draft, maybe a rule, and for a series: which dates to skip and which to change."""
    draft = draw(drafts())
    rule = draw(st.sampled_from([None, None, *RULES]))
    skips = draw(st.lists(st.integers(1, 3), max_size=2, unique=True))
    changes = draw(st.lists(st.tuples(st.integers(1, 3), drafts()), max_size=2))
    return draft, rule, skips, changes


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "other.db", zone_name="Europe/Paris") as opened:
        yield opened


def make(store: Store, draft: PostDraft, rule: str | None, skips, changes) -> str:  # type: ignore[no-untyped-def]
    """The post or series in `store` (drawn cases the store refuses are not cases)."""
    from storage import recurrence

    try:
        post = store.add_post(PostDraft(**{**_fields(draft), "rrule": rule}))
        if rule:
            days = recurrence.dates_between(
                post.rrule or "",
                post.date or dt.date.min,
                post.time,
                post.starts_at.tzinfo if post.starts_at else dt.UTC,  # type: ignore[arg-type]
                post.date or dt.date.min,
                (post.date or dt.date.min) + dt.timedelta(days=120),
            )
            for n, change in changes:
                if n < len(days):
                    store.override_occurrence(post.id, days[n], change)
            for n in skips:
                if n < len(days):
                    store.skip_occurrence(post.id, days[n])
    except ValidationError:
        reject()
    return post.uid


def _fields(draft: PostDraft) -> dict[str, object]:
    return {name: getattr(draft, name) for name in PostDraft.__dataclass_fields__}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
@given(case=posts(), share_notes=st.booleans())
def test_equal_content_gives_equal_fingerprints_both_ways(
    store: Store,
    other: Store,
    case,
    share_notes: bool,  # type: ignore[no-untyped-def]
) -> None:
    for name in ("Gala 2026", "Rentrée, ; [été]"):
        if name not in [c.name for c in store.campaigns()]:
            store.add_campaign(name)
    uid = make(store, *case)
    post, changed = store.synced_post(uid) or (None, [])
    assert post is not None
    event("series" if post.rrule else "single post")
    event("changed dates" if changed else "no changed dates")
    event("skipped dates" if post.skipped_dates else "no skipped dates")
    event("timeless" if post.time is None else f"fold {post.time.fold}")
    local = mapping.local_fingerprints(store, share_notes=share_notes)[uid]
    text = mapping.render_resource(
        store, uid, share_notes=share_notes, changed_by="coordinator", sequence=3, now=NOW
    )
    here = mapping.read_resource(text, store, share_notes=share_notes)
    assert here.postable, here.reason
    assert here.fingerprint == local.fingerprint
    there = mapping.read_resource(text, other, share_notes=share_notes)
    assert there.postable, there.reason
    assert there.fingerprint == local.fingerprint
    mapping.apply_remote(other, there)
    assert mapping.local_fingerprints(other, share_notes=share_notes)[uid].fingerprint == (
        local.fingerprint
    )
    # and back: the other file's object reads as the same content here
    again = mapping.render_resource(
        other, uid, share_notes=share_notes, changed_by="designer", sequence=4, now=NOW
    )
    assert mapping.read_resource(again, store, share_notes=share_notes).fingerprint == (
        local.fingerprint
    )


@st.composite
def plain_events(draw: st.DrawFn) -> str:
    """An event as a calendar app writes it: no X-CALEPIN-*, what people type in it."""
    import icalendar

    event = icalendar.Event()
    event.add("UID", f"app-{draw(st.integers(0, 10**9))}@example.org")
    event.add("DTSTAMP", dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC))
    prefix = draw(st.sampled_from(["", "[Instagram] ", "[ig] ", "[Draft] ", "[LinkedIn]"]))
    event.add("SUMMARY", prefix + draw(TITLE))
    day = draw(DATES)
    kind = draw(st.sampled_from(["date", "zoned", "utc", "floating"]))
    hour = dt.time(draw(st.integers(6, 22)), draw(st.sampled_from([0, 30])))
    if kind == "date":
        event.add("DTSTART", day)
    elif kind == "zoned":
        event.add("DTSTART", dt.datetime.combine(day, hour, tzinfo=ZoneInfo("Europe/Paris")))
    elif kind == "utc":
        event.add("DTSTART", dt.datetime.combine(day, hour, tzinfo=dt.UTC))
    else:
        event.add("DTSTART", dt.datetime.combine(day, hour))
    categories = draw(
        st.lists(
            st.sampled_from(["Instagram", "Facebook", "Gala 2026", "Work", "x, y"]), max_size=3
        )
    )
    if categories:
        event.add("CATEGORIES", categories)
    if draw(st.booleans()):
        event.add("DESCRIPTION", draw(TEXT))
    if draw(st.booleans()):
        event.add("URL", draw(URL) or "https://example.org/")
    event.add("STATUS", draw(st.sampled_from(["CONFIRMED", "TENTATIVE", "CANCELLED"])))
    if draw(st.booleans()) and kind != "utc":
        event.add("RRULE", {"FREQ": "WEEKLY", "COUNT": draw(st.integers(2, 6))})
    calendar = icalendar.Calendar()
    calendar.add("PRODID", "-//Example//App//EN")
    calendar.add("VERSION", "2.0")
    calendar.add_component(event)
    return calendar.to_ical().decode()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
@given(text=plain_events())
def test_an_app_event_once_taken_is_equal_to_its_post(store: Store, text: str) -> None:
    # Unequal would mean a second run sends it back: two runs to settle.
    if "Gala 2026" not in [c.name for c in store.campaigns()]:
        store.add_campaign("Gala 2026")
    item = mapping.read_resource(text, store, share_notes=False)
    event("postable" if item.postable else "not postable")
    if not item.postable:
        assert item.reason
        return
    post = mapping.apply_remote(store, item)
    assert mapping.local_fingerprints(store, share_notes=False)[post.uid].fingerprint == (
        item.fingerprint
    )
    again = mapping.render_resource(
        store, post.uid, share_notes=False, changed_by="coordinator", sequence=1, now=NOW
    )
    assert mapping.read_resource(again, store, share_notes=False).fingerprint == item.fingerprint
