"""Recurring posts: expansion on wall-clock dates, DST, UNTIL/COUNT, skips and overrides."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest

from storage import Post, PostDraft, Status, Store, ValidationError, draft_from_post, recurrence

TORONTO = ZoneInfo("America/Toronto")
D = dt.date


def series(store: Store, first: dt.date, rule: str, time: dt.time | None = dt.time(10)) -> Post:
    return store.add_post(PostDraft("Weekly tip", "Facebook", first, time, rrule=rule))


def dates(posts: list[Post]) -> list[dt.date]:
    return [p.date for p in posts if p.date is not None]


@pytest.mark.parametrize(
    ("first", "change"),
    [(D(2026, 10, 20), D(2026, 11, 1)), (D(2026, 2, 24), D(2026, 3, 8))],
    ids=["fall back Nov 1 2026", "spring forward Mar 8 2026"],
)
def test_weekly_post_keeps_its_wall_time_across_dst(
    store: Store, first: dt.date, change: dt.date
) -> None:
    tip = series(store, first, "FREQ=WEEKLY")
    got = store.occurrences_between(first, first + dt.timedelta(weeks=4))
    assert dates(got) == [first + dt.timedelta(weeks=i) for i in range(5)]
    assert {p.time for p in got} == {dt.time(10)}
    assert all(p.id == tip.id and p.rrule == "FREQ=WEEKLY" for p in got)
    before = [p.starts_at for p in got if p.date and p.date < change]
    after = [p.starts_at for p in got if p.date and p.date > change]
    assert before and after
    assert {s.astimezone(TORONTO).hour for s in before + after if s} == {10}
    # Same wall time, so the UTC instant moves by the hour the clocks moved.
    assert {s.utcoffset() for s in before if s} != {s.utcoffset() for s in after if s}


def test_expand_is_pure_and_honours_skips() -> None:
    post = Post(
        id=7,
        uid="u",
        title="Tip",
        platform="X",
        status=Status.READY,
        date=D(2026, 11, 3),
        time=dt.time(9, 30),
        timezone="America/Toronto",
        rrule="FREQ=WEEKLY;INTERVAL=2",
        skipped_dates=(D(2026, 12, 1),),
    )
    got = recurrence.expand(post, D(2026, 11, 1), D(2026, 12, 31), overridden={D(2026, 12, 15)})
    assert dates(got) == [D(2026, 11, 3), D(2026, 11, 17), D(2026, 12, 29)]
    assert [p.recurrence_date for p in got] == dates(got)


def test_until_is_inclusive_and_count_is_honoured(store: Store) -> None:
    until = series(store, D(2026, 11, 2), "FREQ=WEEKLY;UNTIL=20261123")
    count = series(store, D(2026, 11, 2), "FREQ=DAILY;COUNT=3", time=None)
    got = store.occurrences_between(D(2026, 10, 1), D(2027, 1, 31))
    assert dates([p for p in got if p.id == until.id]) == [
        D(2026, 11, 2),
        D(2026, 11, 9),
        D(2026, 11, 16),
        D(2026, 11, 23),
    ]
    assert dates([p for p in got if p.id == count.id]) == [
        D(2026, 11, 2),
        D(2026, 11, 3),
        D(2026, 11, 4),
    ]


def test_until_in_utc_is_read_in_the_posts_zone() -> None:
    # 03:30Z on the 24th is 22:30 on the 23rd in Toronto: the 23:00 occurrence is after it.
    built = recurrence.dates_between(
        "FREQ=DAILY;UNTIL=20261124T033000Z",
        D(2026, 11, 20),
        dt.time(23),
        TORONTO,
        D(2026, 11, 1),
        D(2026, 11, 30),
    )
    assert built[-1] == D(2026, 11, 22)


def test_window_in_the_middle(store: Store) -> None:
    tip = series(store, D(2026, 11, 3), "FREQ=WEEKLY;BYDAY=TU")
    got = store.occurrences_between(D(2026, 11, 2), D(2026, 11, 10))
    assert dates(got) == [D(2026, 11, 3), D(2026, 11, 10)]
    assert dates(store.occurrences_between(D(2026, 11, 11), D(2026, 11, 16))) == []
    assert dates(store.occurrences_between(D(2026, 10, 1), D(2026, 11, 2))) == []
    assert tip.rrule == "FREQ=WEEKLY;BYDAY=TU"


@pytest.mark.parametrize(
    ("first", "rule", "message"),
    [
        (
            D(2026, 12, 2),
            "FREQ=WEEKLY;BYDAY=TU",
            "Wed 2 Dec is not a Tuesday of this rule: start the series on Tue 8 Dec",
        ),
        (
            D(2026, 12, 30),
            "FREQ=MONTHLY;BYDAY=1MO",
            "Wed 30 Dec 2026 is not a date of this rule: start the series on Mon 4 Jan 2027",
        ),
        (
            D(2026, 12, 2),
            "FREQ=DAILY;UNTIL=20261201",
            "this repeat rule gives no date from Wed 2 Dec 2026 on",
        ),
    ],
)
def test_a_first_date_off_the_rule_is_refused(
    store: Store, first: dt.date, rule: str, message: str
) -> None:
    # RFC 5545 counts such a first date, dateutil and most calendar apps do not: refused at
    # entry, so every surface reads the same dates.
    with pytest.raises(ValidationError) as caught:
        series(store, first, rule)
    assert str(caught.value) == message and caught.value.field == "repeat"
    assert store.all_posts() == []
    tip = series(store, D(2026, 12, 8), "FREQ=WEEKLY;BYDAY=TU")
    with pytest.raises(ValidationError, match="not a Tuesday"):
        store.update_post(tip.id, replace(draft_from_post(tip), date=D(2026, 12, 9)))
    assert store.get_post(tip.id).date == D(2026, 12, 8)


def test_skip_and_change_occurrences(store: Store) -> None:
    tip = series(store, D(2026, 11, 2), "FREQ=WEEKLY")
    plain = store.add_post(PostDraft("Plain", "X", D(2026, 11, 9)))
    skipped = store.skip_occurrence(tip.id, D(2026, 11, 16))
    assert skipped.skipped_dates == (D(2026, 11, 16),)
    assert skipped.sequence == tip.sequence + 1
    changed = store.override_occurrence(
        tip.id,
        D(2026, 11, 9),
        PostDraft("Special tip", "Facebook", D(2026, 11, 10), dt.time(8), status="ready"),
    )
    assert changed.recurrence_of == tip.id and changed.recurrence_date == D(2026, 11, 9)
    assert changed.rrule is None and changed.id != tip.id
    got = store.occurrences_between(D(2026, 11, 1), D(2026, 11, 30))
    assert [(p.date, p.title) for p in got] == [
        (D(2026, 11, 2), "Weekly tip"),
        (D(2026, 11, 9), "Plain"),
        (D(2026, 11, 10), "Special tip"),
        (D(2026, 11, 23), "Weekly tip"),
        (D(2026, 11, 30), "Weekly tip"),
    ]
    assert plain.rrule is None
    # Changing it again updates the same row.
    again = store.override_occurrence(tip.id, D(2026, 11, 9), PostDraft("Tip v3", "Facebook"))
    assert again.id == changed.id and again.date == D(2026, 11, 9)
    # Restoring brings the series' version back; restoring a skip un-skips it.
    store.restore_occurrence(tip.id, D(2026, 11, 9))
    store.restore_occurrence(tip.id, D(2026, 11, 16))
    got = store.occurrences_between(D(2026, 11, 1), D(2026, 11, 30))
    assert {p.title for p in got} == {"Weekly tip", "Plain"}
    assert len(got) == 6


def test_filters_apply_to_occurrences(store: Store) -> None:
    tip = series(store, D(2026, 11, 2), "FREQ=WEEKLY")
    store.override_occurrence(
        tip.id, D(2026, 11, 9), PostDraft("On LinkedIn", "LinkedIn", status="ready")
    )
    on_li = store.occurrences_between(D(2026, 11, 1), D(2026, 11, 15), platforms=["linkedin"])
    assert [(p.date, p.title) for p in on_li] == [(D(2026, 11, 9), "On LinkedIn")]
    ideas = store.occurrences_between(D(2026, 11, 1), D(2026, 11, 15), statuses=["idea"])
    assert dates(ideas) == [D(2026, 11, 2)]


def test_wrong_days_and_bad_rules_are_refused(store: Store) -> None:
    tip = series(store, D(2026, 11, 2), "FREQ=WEEKLY")
    with pytest.raises(ValidationError, match="does not fall on"):
        store.skip_occurrence(tip.id, D(2026, 11, 3))
    plain = store.add_post(PostDraft("Plain", "X", D(2026, 11, 9)))
    with pytest.raises(ValidationError, match="does not repeat"):
        store.skip_occurrence(plain.id, D(2026, 11, 9))
    for rule in ("FREQ=HOURLY", "FREQ=WEEKLY;COUNT=2;UNTIL=20270101", "BYDAY=MO", "FREQ=WEEKLY\nX"):
        with pytest.raises(ValidationError):
            store.add_post(PostDraft("Bad", "X", D(2026, 11, 2), rrule=rule))
    with pytest.raises(ValidationError, match="first date"):
        store.add_post(PostDraft("Bad", "X", rrule="FREQ=WEEKLY"))
    assert len(store.all_posts()) == 2


def test_end_series_drops_later_changes_and_undo_brings_them_back(store: Store) -> None:
    tip = series(store, D(2026, 11, 2), "FREQ=WEEKLY;COUNT=10")
    store.override_occurrence(tip.id, D(2026, 11, 30), PostDraft("Late", "Facebook"))
    store.skip_occurrence(tip.id, D(2026, 11, 23))
    ended = store.end_series(tip.id, D(2026, 11, 16))
    assert ended.rrule == "FREQ=WEEKLY;UNTIL=20261116"
    got = store.occurrences_between(D(2026, 11, 1), D(2027, 1, 31))
    assert dates(got) == [D(2026, 11, 2), D(2026, 11, 9), D(2026, 11, 16)]
    assert ended.skipped_dates == ()
    with pytest.raises(ValidationError, match="starts on"):
        store.end_series(tip.id, D(2026, 11, 1))
    store.undo()
    got = store.occurrences_between(D(2026, 11, 1), D(2027, 1, 31))
    assert len(got) == 9 and "Late" in {p.title for p in got}


def test_recurrence_changes_undo_and_redo(store: Store) -> None:
    tip = series(store, D(2026, 11, 2), "FREQ=WEEKLY")
    window = (D(2026, 11, 1), D(2026, 11, 30))
    baseline = [(p.date, p.title) for p in store.occurrences_between(*window)]
    store.skip_occurrence(tip.id, D(2026, 11, 9))
    store.move_occurrence(tip.id, D(2026, 11, 16), D(2026, 11, 17), dt.time(14))
    moved = [(p.date, p.time) for p in store.occurrences_between(*window)]
    assert (D(2026, 11, 17), dt.time(14)) in moved and len(moved) == 4
    assert store.undo() and store.undo()
    assert [(p.date, p.title) for p in store.occurrences_between(*window)] == baseline
    assert store.redo() and store.redo()
    assert [(p.date, p.time) for p in store.occurrences_between(*window)] == moved


def test_deleting_a_changed_occurrence_skips_it(store: Store) -> None:
    tip = series(store, D(2026, 11, 2), "FREQ=WEEKLY")
    changed = store.override_occurrence(tip.id, D(2026, 11, 9), PostDraft("Changed", "Facebook"))
    store.delete_post(changed.id)
    got = store.occurrences_between(D(2026, 11, 9), D(2026, 11, 9))
    assert got == []
    store.undo()
    assert [p.title for p in store.occurrences_between(D(2026, 11, 9), D(2026, 11, 9))] == [
        "Changed"
    ]


NUMBERED = [  # (rule, whether it falls somewhere), as dateutil reads numbered weekdays
    ("FREQ=MONTHLY;BYDAY=3MO,SA", False),  # a third Monday that is a Saturday
    ("FREQ=MONTHLY;BYDAY=1MO,-1FR,SA,SU", False),
    ("FREQ=YEARLY;BYMONTH=3;BYDAY=2MO,SA", False),
    ("FREQ=MONTHLY;BYDAY=6MO", False),  # no month has six
    ("FREQ=MONTHLY;BYDAY=-6FR,6MO", False),
    ("FREQ=YEARLY;BYDAY=54MO", False),
    ("FREQ=YEARLY;BYMONTH=6;BYDAY=6TU", False),
    ("FREQ=MONTHLY;BYDAY=3MO,MO", True),  # the third Monday
    ("FREQ=MONTHLY;BYDAY=3MO,-1FR,FR", True),  # the last Friday
    ("FREQ=MONTHLY;BYDAY=5FR", True),
    ("FREQ=YEARLY;BYDAY=53MO", True),  # the years with 53 Mondays
    ("FREQ=YEARLY;BYDAY=20MO", True),
    ("FREQ=WEEKLY;BYDAY=2MO,SA", True),  # weekly, the number is not read
]


@pytest.mark.parametrize(("rule", "falls"), NUMBERED)
def test_numbered_weekdays_that_never_fall_give_no_date_without_a_search(
    rule: str, falls: bool
) -> None:
    """dateutil looks for such a date up to the year 9999 (half a second each time); the
    rules that never fall are known from their parts. What falls is dateutil's reading; that
    it reads the others as no date at all, test_recurrence_fast checks against dateutil on
    random rules (a search each, so not here)."""
    from dateutil.rrule import rrulestr

    first, zone, last = dt.date(2026, 1, 1), ZoneInfo("America/Toronto"), dt.date(2039, 12, 31)
    assert recurrence._never_falls(rule) is not falls
    got = recurrence.dates_between(rule, first, None, zone, first, last)
    if falls:
        start = dt.datetime.combine(first, dt.time())
        expected = rrulestr(rule, dtstart=start).between(start, dt.datetime(2040, 1, 1), inc=True)
        assert got == [moment.date() for moment in expected] != []
    else:
        assert got == []
        with pytest.raises(ValidationError, match="gives no date"):
            recurrence.validate(rule, first, zone)
