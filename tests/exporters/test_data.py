"""`export all` → `import all` rebuilds a realistic database exactly; atomic file writes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from exporters.data import export_all, import_all
from storage import EntryDraft, EntrySource, PostDraft, Store, ValidationError
from storage.files import write_atomically
from storage.portable import dump_tables

TORONTO = ZoneInfo("America/Toronto")
NOW = dt.datetime(2026, 11, 23, 15, tzinfo=TORONTO)


def _seed(store: Store) -> None:
    """Three months of a coordinator's work: campaigns, posts, a series, logged time."""
    store.add_campaign("Fêtes, 2026", start=dt.date(2026, 12, 1), end=dt.date(2026, 12, 31))
    store.add_campaign("Rentrée")
    store.add_platform("Mastodon", colour="#6364FF", tag="MA")
    store.add_duty("fundraising", aliases=["dons"])
    with store.transaction("seed"):  # one commit: keeps the test fast
        _seed_rows(store)
    store.start_timer("web content", NOW)


def _seed_rows(store: Store) -> None:
    rng = random.Random(7)
    platforms = ["Facebook", "Instagram", "LinkedIn", "Newsletter", "Mastodon"]
    day = dt.date(2026, 9, 1)
    while day < dt.date(2026, 12, 1):
        for _ in range(rng.randint(0, 3)):
            store.add_post(PostDraft(
                f"Post {day} {rng.randint(1, 999)}; «test», \\ ☕", rng.choice(platforms), day,
                dt.time(rng.randint(8, 18), rng.choice([0, 30])) if rng.random() < 0.8 else None,
                status=rng.choice(["idea", "ready", "scheduled", "published"]),
                campaign=rng.choice([None, "Rentrée", "Fêtes, 2026"]),
                estimate_minutes=rng.choice([None, 30, 90]), body="Corps\nligne 2", notes="n",
            ))  # fmt: skip
        if day.weekday() < 5:
            start = dt.datetime.combine(day, dt.time(9), tzinfo=TORONTO)
            store.add_entry(
                EntryDraft(
                    "social media", start, start + dt.timedelta(minutes=95), "engage", "replies"
                )
            )
            store.add_entry(EntryDraft("meetings", start + dt.timedelta(hours=3), start + dt.timedelta(hours=4), source=EntrySource.IMPORT, external_uid=f"uid-{day}"))  # fmt: skip
        day += dt.timedelta(days=1)
    series = store.add_post(
        PostDraft(
            "Infolettre",
            "Newsletter",
            dt.date(2026, 9, 8),
            dt.time(10),
            rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        )
    )
    store.skip_occurrence(series.id, dt.date(2026, 9, 22))
    store.move_occurrence(series.id, dt.date(2026, 10, 6), dt.date(2026, 10, 7), dt.time(11))
    store.add_post(PostDraft("Idée sans date", "Instagram"))
    store.change_zone("America/Toronto", "wall")


def test_round_trip_rebuilds_every_table_exactly(store: Store, tmp_path: Path) -> None:
    _seed(store)
    files = export_all(store, tmp_path / "out", now=NOW)
    names = sorted(p.name for p in files)
    assert "calepin.json" in names and "posts.csv" in names and "time_entries.csv" in names
    with Store.open(tmp_path / "new.db", zone_name="America/Toronto") as fresh:
        counts = import_all(fresh, tmp_path / "out")
        assert counts["posts"] == len(store.all_posts())
        assert dump_tables(fresh) == dump_tables(store)
        assert fresh.running_timer() is not None
        assert fresh.check().ok


def test_csv_files_hold_every_row(store: Store, tmp_path: Path) -> None:
    _seed(store)
    export_all(store, tmp_path, now=NOW)
    raw = (tmp_path / "posts.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # so Excel reads UTF-8
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert len(rows) == len(store.all_posts())
    assert rows[0]["title"] == store.all_posts()[0].title
    document = json.loads((tmp_path / "calepin.json").read_text(encoding="utf-8"))
    assert (
        document["format"] == "calepin-data" and document["exported_at"] == "2026-11-23T20:00:00Z"
    )


def test_csv_cells_never_run_as_formulas(store: Store, tmp_path: Path) -> None:
    """Typed text stays text in a spreadsheet; the JSON (what import reads) keeps it as typed."""
    start = dt.datetime(2026, 11, 23, 9, tzinfo=TORONTO)
    store.add_post(PostDraft("=1+1", "Facebook", dt.date(2026, 11, 24), notes="@SUM(A1)"))
    store.add_entry(
        EntryDraft("meetings", start, start + dt.timedelta(hours=1), note="-2+3 cmd|' /C calc'!A0")
    )
    export_all(store, tmp_path, now=NOW)

    def rows(table: str) -> list[dict[str, str]]:
        text = (tmp_path / f"{table}.csv").read_text(encoding="utf-8-sig")
        return list(csv.DictReader(io.StringIO(text, newline="")))

    (post,) = rows("posts")
    assert post["title"] == "'=1+1"
    assert post["notes"] == "'@SUM(A1)"
    (entry,) = rows("time_entries")
    assert entry["note"] == "'-2+3 cmd|' /C calc'!A0"
    assert entry["id"].isdigit()  # numbers stay numbers
    for table in ("posts", "time_entries"):
        for row in rows(table):
            for value in row.values():
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (table, value)
    document = json.loads((tmp_path / "calepin.json").read_text(encoding="utf-8"))
    titles = [dict(zip(document["tables"]["posts"]["columns"], r, strict=True))["title"]
              for r in document["tables"]["posts"]["rows"]]  # fmt: skip
    assert titles == ["=1+1"]


def test_import_all_refuses_a_database_in_use(store: Store, tmp_path: Path) -> None:
    _seed(store)
    export_all(store, tmp_path, now=NOW)
    before = dump_tables(store)
    with pytest.raises(ValidationError, match="already holds"):
        import_all(store, tmp_path)
    assert dump_tables(store) == before
    with pytest.raises(ValidationError, match=r"no calepin\.json"):
        import_all(store, tmp_path / "nowhere")


def test_write_atomically_replaces_whole_file(tmp_path: Path) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    target = folder / "a.ics"
    write_atomically(target, "old")
    write_atomically(target, "new\r\nline é")
    assert target.read_bytes() == "new\r\nline é".encode()
    assert [p.name for p in folder.iterdir()] == ["a.ics"]  # no temp file left
    with pytest.raises(FileNotFoundError):
        write_atomically(tmp_path / "missing" / "x", b"data")


def test_cli_export_all_import_all(db_path: Path, store: Store, tmp_path: Path) -> None:
    from tui.cli import cli

    _seed(store)
    expected = dump_tables(store)
    store.close()
    runner = CliRunner()
    out = tmp_path / "dump"
    done = runner.invoke(cli, ["--db", str(db_path), "export", "all", str(out)])
    assert done.exit_code == 0, done.output
    new_db = tmp_path / "rebuilt.db"
    back = runner.invoke(cli, ["--db", str(new_db), "import", "all", str(out)])
    assert back.exit_code == 0, back.output
    assert back.stdout.startswith("imported ")
    with Store.open(new_db) as rebuilt:
        assert dump_tables(rebuilt) == expected
    again = runner.invoke(cli, ["--db", str(new_db), "import", "all", str(out)])
    assert again.exit_code == 1 and again.stderr.startswith("Error: the database already holds")
