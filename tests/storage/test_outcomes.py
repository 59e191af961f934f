"""Outcomes per platform per month on a real file: upsert, missing stays NULL, validation, undo."""

from __future__ import annotations

import datetime as dt

import pytest

from storage import NotFoundError, Store, ValidationError
from storage.models import OutcomeDraft
from storage.store.outcomes import MAX_FIGURE, check_month, parse_figure


def test_add_then_update_keeps_the_figures_not_given(store: Store) -> None:
    store.save_outcome(OutcomeDraft("facebook", "2026-11", reach=1200))
    saved = store.save_outcome(OutcomeDraft("FB", "2026-11", engagement=30))
    assert (saved.platform, saved.month, saved.reach, saved.engagement) == (
        "Facebook",
        "2026-11",
        1200,
        30,
    )
    assert len(store.outcomes()) == 1


def test_missing_stays_null_never_zero(store: Store) -> None:
    store.save_outcome(OutcomeDraft("LinkedIn", "2026-10", impressions=5000))
    row = store.connection.execute(
        "SELECT reach, impressions, engagement, followers_gained, messages_answered FROM outcomes"
    ).fetchone()
    assert row == (None, 5000, None, None, None)


def test_a_form_clears_what_it_leaves_blank(store: Store) -> None:
    store.save_outcome(OutcomeDraft("Facebook", "2026-11", reach=10, engagement=3))
    saved = store.save_outcome(OutcomeDraft("Facebook", "2026-11", reach=12), keep_missing=False)
    assert (saved.reach, saved.engagement) == (12, None)


def test_list_by_period_and_platform(store: Store) -> None:
    for month in ("2026-09", "2026-10", "2026-11"):
        store.save_outcome(OutcomeDraft("Facebook", month, reach=1))
    store.save_outcome(OutcomeDraft("Instagram", "2026-10", reach=2))
    got = store.outcomes(dt.date(2026, 10, 5), dt.date(2026, 10, 31))
    assert [(o.platform, o.month) for o in got] == [
        ("Facebook", "2026-10"),
        ("Instagram", "2026-10"),
    ]
    assert [o.month for o in store.outcomes(platform="facebook")] == [
        "2026-09",
        "2026-10",
        "2026-11",
    ]


@pytest.mark.parametrize(
    ("draft", "message"),
    [
        (OutcomeDraft("Facebook", "2026-13", reach=1), "month must look like 2026-11"),
        (OutcomeDraft("Facebook", "november", reach=1), "month must look like 2026-11"),
        (OutcomeDraft("Facebook", "2026-11", reach=-1), "reach cannot be negative"),
        (OutcomeDraft("Facebook", "2026-11", reach=MAX_FIGURE + 1), "the most Calepin keeps"),
        (OutcomeDraft("Facebook", "2026-11", engagement=1.5), "must be a whole number"),  # type: ignore[arg-type]
        (OutcomeDraft("Facebook", "2026-11"), "give at least one figure"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(
    store: Store, draft: OutcomeDraft, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        store.save_outcome(draft)
    assert store.outcomes() == []


def test_unknown_platform_names_the_known_ones(store: Store) -> None:
    with pytest.raises(NotFoundError, match="unknown platform 'Myspace'; platforms are: Facebook"):
        store.save_outcome(OutcomeDraft("Myspace", "2026-11", reach=1))


def test_an_import_is_one_change_all_or_nothing(store: Store) -> None:
    good = OutcomeDraft("Facebook", "2026-10", reach=5)
    bad = OutcomeDraft("Facebook", "2026-11", reach=-5)
    with pytest.raises(ValidationError):
        store.save_outcomes([good, bad])
    assert store.outcomes() == []
    store.save_outcomes(
        [good, OutcomeDraft("Instagram", "2026-10", reach=7)], label="import outcomes"
    )
    assert store.undo() == "import outcomes"
    assert store.outcomes() == []
    assert store.redo() == "import outcomes"
    assert len(store.outcomes()) == 2


def test_delete_and_undo(store: Store) -> None:
    store.save_outcome(OutcomeDraft("Facebook", "2026-11", reach=9, messages_answered=4))
    gone = store.delete_outcome("facebook", "2026-11")
    assert gone.messages_answered == 4
    with pytest.raises(NotFoundError, match="no outcomes for Facebook in 2026-11"):
        store.outcome("Facebook", "2026-11")
    store.undo()
    assert store.outcome("Facebook", "2026-11").reach == 9


def test_a_platform_with_outcomes_is_archived_not_deleted(store: Store) -> None:
    store.add_platform("Mastodon", tag="md", colour="#6364FF")
    store.save_outcome(OutcomeDraft("Mastodon", "2026-11", reach=3))
    assert store.remove_platform("Mastodon") == "archived"
    assert store.outcome("Mastodon", "2026-11").reach == 3


def test_outcomes_survive_reopening(db_path, store: Store) -> None:  # type: ignore[no-untyped-def]
    store.save_outcome(OutcomeDraft("YouTube", "2026-11", followers_gained=12))
    store.close()
    with Store.open(db_path) as again:
        assert again.outcome("youtube", "2026-11").followers_gained == 12


@pytest.mark.parametrize(
    ("text", "value"),
    [("", None), ("  ", None), ("1234", 1234), ("1 234", 1234), ("1\u202f234", 1234),
     ("1,234", 1234), ("12.345.678", 12345678), ("0", 0)],
)  # fmt: skip
def test_parse_figure(text: str, value: int | None) -> None:
    assert parse_figure(text, "reach") == value


@pytest.mark.parametrize("text", ["-3", "1.5", "12k", "1,23", "lots"])
def test_parse_figure_refuses(text: str) -> None:
    with pytest.raises(ValidationError, match="reach"):
        parse_figure(text, "reach")


def test_check_month() -> None:
    assert check_month("2026-1") == "2026-01"
    assert check_month(dt.date(2026, 3, 31)) == "2026-03"


def test_a_file_from_before_outcomes_gets_the_table(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from storage import migrations
    from tests.storage.test_migrations import build_at

    before = [n for n, _ in migrations.MIGRATIONS].index("0010_outcomes")
    old = build_at(tmp_path / "old.db", before)
    with Store.open(old) as store:
        store.save_outcome(OutcomeDraft("Facebook", "2026-11", reach=1))
        assert store.outcome("Facebook", "2026-11").reach == 1
