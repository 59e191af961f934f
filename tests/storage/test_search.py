"""Full-text search on a real SQLite file: the index follows every change, typed text is text."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from exporters.ics_import import import_meetings
from storage import (
    EntryDraft,
    EntrySource,
    PostDraft,
    Store,
    ValidationError,
    draft_from_post,
    search,
)
from storage.portable import dump_tables, load_tables

UTC = dt.UTC


def found(store: Store, text: str) -> list[tuple[str, int]]:
    return [(hit.kind, hit.id) for hit in search.search(store, text)]


def post_ids(store: Store, text: str) -> list[int]:
    return [hit.id for hit in search.search(store, text) if hit.kind == "post"]


def assert_index_in_step(store: Store) -> None:
    # FTS5 checks an external-content index against its table, row by row.
    for table in search.index_tables():
        store.connection.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
    assert store.check().ok


def post(store: Store, title: str, day: dt.date | None = None, **more: object) -> int:
    return store.add_post(PostDraft(title, more.pop("platform", "Facebook"), day, **more)).id  # type: ignore[arg-type]


def test_title_copy_and_notes_are_searched(store: Store) -> None:
    a = post(store, "Volunteer spotlight", dt.date(2026, 11, 24))
    b = post(store, "Holiday hours", body="The library closes on the 24th")
    c = post(store, "Board recap", notes="ask Marie for the photos")
    assert post_ids(store, "spotlight") == [a]
    assert post_ids(store, "library") == [b]
    assert post_ids(store, "marie photos") == [c]
    assert post_ids(store, "volunteer library") == []  # every word must match
    assert post_ids(store, "volun") == [a]  # words are prefixes
    assert_index_in_step(store)


def test_edit_delete_undo_and_redo_keep_the_index_right(store: Store) -> None:
    pid = post(store, "Winter fair teaser", dt.date(2026, 12, 1))
    store.update_post(pid, replace(draft_from_post(store.get_post(pid)), title="Snow day notice"))
    assert post_ids(store, "teaser") == []
    assert post_ids(store, "snow") == [pid]
    store.undo()
    assert post_ids(store, "teaser") == [pid] and post_ids(store, "snow") == []
    store.redo()
    assert post_ids(store, "snow") == [pid]
    store.delete_post(pid)
    assert post_ids(store, "snow") == []
    store.undo()
    assert post_ids(store, "snow") == [pid]
    assert_index_in_step(store)


def test_entry_notes_are_searched_and_follow_changes(store: Store) -> None:
    start = dt.datetime(2026, 11, 23, 14, tzinfo=UTC)
    draft = EntryDraft(
        "social media", start, start + dt.timedelta(hours=1), note="replied to council thread"
    )
    entry = store.add_entry(draft)
    (hit,) = search.search(store, "council")
    assert (hit.kind, hit.id, hit.title, hit.day) == (
        "entry",
        entry.id,
        "social media",
        dt.date(2026, 11, 23),
    )
    assert "council" in hit.snippet
    store.update_entry(entry.id, replace(draft, note="monitoring"))
    assert found(store, "council") == [] and found(store, "monitoring") == [("entry", entry.id)]
    store.undo()
    assert found(store, "council") == [("entry", entry.id)]
    store.delete_entry(entry.id)
    assert found(store, "council") == []
    assert_index_in_step(store)


def test_accents_and_case_do_not_matter(store: Store) -> None:
    a = post(store, "Les réseaux sociaux à l'école")
    b = post(store, "RESEAUX de bénévoles")
    assert sorted(post_ids(store, "reseaux")) == [a, b]
    assert sorted(post_ids(store, "RÉSEAUX")) == [a, b]
    assert post_ids(store, "ecole") == [a]
    assert post_ids(store, "benevoles") == [b]
    assert post_ids(store, "e\u0301cole") == [a]  # typed decomposed: e + combining acute


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "'",
        '"unbalanced',
        "*",
        "a*",
        "AND",
        "OR",
        "NOT",
        "NEAR",
        "NEAR(a b)",
        "gala AND",
        "(",
        ")",
        "-",
        "-gala",
        "title:gala",
        "^gala",
        "{title body}: gala",
        "+",
        "%_\\",
        "",
        "   ",
        "\x00",
        "🎉",
        "l'atelier d’écriture",
        "DROP TABLE posts; --",
        "ñ" * 300,
    ],
)
def test_what_people_type_never_raises(store: Store, text: str) -> None:
    post(store, "Gala AND dinner", body="NEAR the (river)")
    hits = search.search(store, text)
    assert isinstance(hits, list)
    assert isinstance(search.matching_post_ids(store, text), set)
    assert_index_in_step(store)


def test_operators_are_words(store: Store) -> None:
    a = post(store, "Rock and roll night")
    post(store, "Rock concert")
    assert post_ids(store, "rock AND") == [a]  # "and" is a word to find, not an operator
    assert post_ids(store, '"rock') == post_ids(store, "rock")


def test_too_many_words_is_a_clear_refusal(store: Store) -> None:
    with pytest.raises(ValidationError, match="too many words"):
        search.search(store, " ".join(f"w{i}" for i in range(search.MAX_WORDS + 1)))
    assert search.search(store, " ".join(["same"] * 500)) == []  # repeated words count once


def test_a_campaign_name_finds_its_posts_and_follows_a_rename(store: Store) -> None:
    store.add_campaign("Printemps des bénévoles")
    a = post(store, "Launch video", dt.date(2026, 11, 25), campaign="Printemps des bénévoles")
    b = post(store, "Launch photo", dt.date(2026, 11, 26))
    assert post_ids(store, "printemps") == [a]
    assert post_ids(store, "benevoles launch") == [a]  # one word in the name, one in the title
    (hit,) = search.search(store, "printemps")
    assert hit.snippet == "campaign: Printemps des bénévoles"
    # Renamed (the store has no rename yet; an import or another process may do it).
    with store.transaction() as conn:
        conn.execute("UPDATE campaigns SET name = 'Summer drive' WHERE name LIKE 'Printemps%'")
    assert post_ids(store, "printemps") == []
    assert post_ids(store, "summer") == [a]
    store.update_post(b, replace(draft_from_post(store.get_post(b)), campaign="Summer drive"))
    assert sorted(post_ids(store, "summer launch")) == [a, b]
    assert_index_in_step(store)


def test_ranked_by_relevance_then_newest_first(store: Store) -> None:
    in_body = post(store, "Weekly digest", dt.date(2026, 11, 30), body="news about the garden")
    old = post(store, "Garden open day", dt.date(2025, 5, 1))
    new = post(store, "Garden open day", dt.date(2026, 5, 1))
    undated = post(store, "Garden open day")
    for i in range(20):  # enough other posts for bm25 to tell the columns apart
        post(store, f"Filler {i}", body="nothing here")
    assert post_ids(store, "garden") == [new, old, undated, in_body]


def test_keep_matching_narrows_a_list_and_follows_series(store: Store) -> None:
    series = store.add_post(
        PostDraft(
            "Tip of the week",
            "Instagram",
            dt.date(2026, 11, 24),
            rrule="FREQ=WEEKLY;BYDAY=TU",
        )
    )
    other = post(store, "Council recap", dt.date(2026, 11, 25))
    week = store.occurrences_between(dt.date(2026, 11, 23), dt.date(2026, 12, 13))
    assert len(week) == 4

    @dataclass(frozen=True)
    class Filter:
        words: str

    kept = search.keep_matching(store, week, Filter("tip"))
    assert [p.id for p in kept] == [series.id] * 3
    assert [p.id for p in search.keep_matching(store, week, "council")] == [other]
    assert search.keep_matching(store, week, Filter("")) == week
    assert search.keep_matching(store, week, None) == week
    assert search.keep_matching(store, week, '"*') == week  # no word: nothing narrowed


def test_snippets_are_plain_one_line_text(store: Store) -> None:
    post(store, "Recap", body="line one\n\n**bold** [red]gala[/red] <b>tonight</b>\nline three")
    (hit,) = search.search(store, "gala")
    assert "\n" not in hit.snippet
    assert "[red]gala[/red]" in hit.snippet  # shown literally, never markup


def test_a_full_import_is_indexed(store: Store, tmp_path: Path) -> None:
    post(store, "Imported gala")
    start = dt.datetime(2026, 11, 23, 14, tzinfo=UTC)
    store.add_entry(EntryDraft("events", start, start + dt.timedelta(hours=1), note="gala setup"))
    dump = dump_tables(store)
    assert not any(name.endswith(("_fts", "_fts_data", "_fts_idx")) for name in dump["tables"])
    with Store.open(tmp_path / "other.db", zone_name="America/Toronto") as other:
        load_tables(other, dump)
        assert sorted(kind for kind, _ in found(other, "gala")) == ["entry", "post"]
        assert_index_in_step(other)


def index_blocks(store: Store) -> list[tuple[int, bytes]]:
    """Every stored block of every index: any reindexing (even of the same text) changes them."""
    return [
        row
        for table in sorted(search.index_tables())
        for row in store.connection.execute(f"SELECT id, block FROM {table}_data ORDER BY id")
    ]


def triggers(store: Store) -> dict[str, str]:
    rows = store.connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    return dict(rows.fetchall())


def test_the_triggers_are_the_ones_search_writes(store: Store) -> None:
    assert triggers(store) == search.TRIGGERS


def test_an_update_of_other_columns_leaves_the_index_alone(store: Store) -> None:
    store.add_campaign("Spring gala")
    pid = post(
        store,
        "Volunteer spotlight",
        dt.date(2026, 11, 24),
        notes="ask Marie",
        campaign="Spring gala",
    )
    start = dt.datetime(2026, 11, 23, 14, tzinfo=UTC)
    store.start_timer("social media", start, note="council thread")
    untouched = index_blocks(store)
    store.set_status(pid, "ready")  # sets status, sequence, updated_at
    store.move_post(pid, dt.date(2026, 11, 25), dt.time(9, 30))
    store.stop_timer(start + dt.timedelta(hours=1))  # sets end_at
    store.connection.execute("UPDATE campaigns SET colour = '#123456'")
    assert index_blocks(store) == untouched
    assert_index_in_step(store)
    assert post_ids(store, "spotlight marie") == [pid]
    assert [kind for kind, _ in found(store, "council")] == ["entry"]
    # Setting an indexed column still reindexes the row, even with other columns.
    store.connection.execute("UPDATE posts SET title = 'Board recap', status = 'idea'")
    store.connection.execute("UPDATE campaigns SET name = 'Autumn fair'")
    assert index_blocks(store) != untouched
    assert post_ids(store, "spotlight") == [] and post_ids(store, "board marie") == [pid]
    assert search.matching_post_ids(store, "autumn") == {pid}
    assert search.matching_post_ids(store, "spring") == set()
    assert_index_in_step(store)


def test_a_restore_builds_the_index_and_brings_the_triggers_back(
    store: Store, tmp_path: Path
) -> None:
    store.add_campaign("Printemps")
    a = post(store, "Imported gala", body="in the réseaux", campaign="Printemps")
    start = dt.datetime(2026, 11, 23, 14, tzinfo=UTC)
    store.add_entry(EntryDraft("events", start, start + dt.timedelta(hours=1), note="gala setup"))
    store.update_post(a, replace(draft_from_post(store.get_post(a)), notes="photos"))
    dump = dump_tables(store)
    with Store.open(tmp_path / "other.db", zone_name="America/Toronto") as other:
        load_tables(other, dump)
        assert_index_in_step(other)
        assert triggers(other) == search.TRIGGERS
        assert sorted(kind for kind, _ in found(other, "gala")) == ["entry", "post"]
        assert post_ids(other, "reseaux photos printemps") == [a]
        b = post(other, "Gala recap")  # the triggers work again
        assert sorted(post_ids(other, "gala")) == [a, b]
        assert_index_in_step(other)
        assert (
            dump_tables(other)["tables"]["posts"]["rows"][0] == dump["tables"]["posts"]["rows"][0]
        )


def test_a_refused_restore_keeps_the_triggers(store: Store, tmp_path: Path) -> None:
    post(store, "Imported gala")
    dump = dump_tables(store)
    dump["tables"]["posts"]["rows"][0].append("one too many")
    with Store.open(tmp_path / "other.db", zone_name="America/Toronto") as other:
        with pytest.raises(ValidationError):
            load_tables(other, dump)
        assert triggers(other) == search.TRIGGERS
        post(other, "Gala recap")
        assert len(found(other, "gala")) == 1
        assert_index_in_step(other)


def test_an_ics_import_is_indexed_and_its_undo_too(store: Store, now: dt.datetime) -> None:
    fixture = Path(__file__).parents[1] / "fixtures" / "google-meetings.ics"
    result = import_meetings(store, fixture.read_bytes(), now=now)
    assert result.imported == 6
    assert_index_in_step(store)
    hits = search.search(store, "board prep")
    assert [(h.kind, h.title) for h in hits] == [("entry", "meetings")]
    stand_ups = [e.id for e in store.all_entries() if e.note.startswith("Stand-up comms")]
    assert sorted(i for _, i in found(store, "stand-up comms")) == sorted(stand_ups)
    assert len(stand_ups) > 1
    assert store.undo() == "import 6 meetings"
    assert found(store, "board") == [] and store.all_entries() == []
    assert_index_in_step(store)
    store.redo()
    assert len(found(store, "board prep")) == 1
    assert_index_in_step(store)


def test_many_entries_in_one_change_are_checked_first(store: Store) -> None:
    start = dt.datetime(2026, 11, 23, 14, tzinfo=UTC)
    hour = dt.timedelta(hours=1)
    drafts = [
        EntryDraft(
            "meetings",
            start + n * hour,
            start + n * hour + hour / 2,
            note=f"call {n}",
            source=EntrySource.IMPORT,
            external_uid=f"uid-{n}",
        )
        for n in range(3)
    ]
    ids = store.add_entries(drafts, label="import 3 meetings")
    assert [store.get_entry(i).note for i in ids] == ["call 0", "call 1", "call 2"]
    assert sorted(i for _, i in found(store, "call")) == sorted(ids)
    twice = replace(drafts[0], external_uid="new")
    for again in ([drafts[1]], [twice, twice]):  # already saved; twice in one go
        with pytest.raises(ValidationError, match="already imported"):
            store.add_entries(again, label="again")
    with pytest.raises(ValidationError, match="finished"):
        store.add_entries([replace(drafts[0], end=None, external_uid=None)], label="timer")
    assert len(store.all_entries()) == 3
    assert store.undo() == "import 3 meetings"
    assert found(store, "call") == []
    assert_index_in_step(store)


def test_search_does_not_load_sqlite_utils() -> None:
    code = (
        "import sys; from storage import Store, search; "
        "assert 'sqlite_utils' not in sys.modules, 'sqlite_utils loaded'"
    )
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)
