"""`calepin search WORDS…` and `calepin post list --search WORDS`."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from storage import EntryDraft, PostDraft, Store
from tui.cli import cli

ROOT = Path(__file__).resolve().parents[1]
NOW_ARG = "2026-11-23T15:00"
UTC = dt.UTC


@pytest.fixture
def filled(store: Store) -> Store:
    store.add_campaign("Printemps des bénévoles")
    store.add_post(
        PostDraft(
            "Volunteer gala",
            "Facebook",
            dt.date(2026, 11, 24),
            dt.time(10),
            campaign="Printemps des bénévoles",
            body="Join us at the gala\non Friday",
        )
    )
    store.add_post(PostDraft("Council recap", "LinkedIn", dt.date(2026, 11, 25)))
    store.add_post(PostDraft("Gala photo ideas", "Instagram"))  # backlog
    start = dt.datetime(2026, 11, 20, 14, tzinfo=UTC)
    store.add_entry(
        EntryDraft("events", start, start + dt.timedelta(hours=2), note="gala: set up the réseau")
    )
    return store


def run(db_path: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["--db", str(db_path), "--now", NOW_ARG, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def test_search_lists_posts_and_entries_as_a_table(filled: Store, db_path: Path) -> None:
    result = run(db_path, "search", "gala")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["KIND", "ID", "DATE", "TITLE", "/", "DUTY", "MATCH"]
    assert len(lines) == 4
    assert any(line.startswith("entry") and "events" in line for line in lines)
    assert any("backlog" in line and "Gala photo ideas" in line for line in lines)


def test_search_as_json_and_csv(filled: Store, db_path: Path) -> None:
    hits = json.loads(run(db_path, "search", "reseau", "--format", "json").stdout)
    assert hits == [
        {
            "kind": "entry",
            "id": 1,
            "date": "2026-11-20",
            "title": "events",
            "snippet": "gala: set up the réseau",
        }
    ]
    posts = json.loads(run(db_path, "search", "BENEVOLES", "--format", "json").stdout)
    assert [(h["kind"], h["title"]) for h in posts] == [("post", "Volunteer gala")]
    rows = list(csv.reader(io.StringIO(run(db_path, "search", "gala", "--format", "csv").stdout)))
    assert rows[0] == ["kind", "id", "date", "title", "snippet"]
    assert len(rows) == 4
    assert all("\n" not in cell for row in rows for cell in row)


def test_search_takes_hostile_words_as_text(filled: Store, db_path: Path) -> None:
    for words in (['"gala'], ["gala", "AND"], ["-gala"], ["gala*"], ["NEAR(gala"], ["(", "gala"]):
        result = run(db_path, "search", *words, "--format", "json")
        assert result.exit_code == 0, (words, result.output)
        assert isinstance(json.loads(result.stdout), list)
    result = run(db_path, "search", "nothing-like-this")
    assert result.exit_code == 0
    assert result.stdout == "No matches.\n"


def test_search_limit(filled: Store, db_path: Path) -> None:
    hits = json.loads(run(db_path, "search", "gala", "--limit", "1", "--format", "json").stdout)
    assert len(hits) == 1


@pytest.mark.parametrize("words", [[""], ['"'], ["*", "-"], ["  "]])
def test_search_without_words_is_an_error(filled: Store, db_path: Path, words: list[str]) -> None:
    result = run(db_path, "search", *words)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: nothing to search for")


def test_search_usage_errors(store: Store, db_path: Path) -> None:
    assert run(db_path, "search").exit_code == 2  # no words at all
    assert run(db_path, "search", "gala", "--limit", "-1").exit_code == 2
    assert run(db_path, "search", "gala", "--format", "xml").exit_code == 2
    too_many = run(db_path, "search", *[f"w{i}" for i in range(30)])
    assert too_many.exit_code == 1
    assert too_many.stderr.startswith("Error: too many words")


def test_post_list_search_narrows_the_list(filled: Store, db_path: Path) -> None:
    def titles(*args: str) -> list[str]:
        result = run(db_path, "post", "list", *args, "--format", "json")
        assert result.exit_code == 0, result.output
        return [p["title"] for p in json.loads(result.stdout)]

    assert titles("--search", "gala") == ["Volunteer gala", "Gala photo ideas"]
    assert titles("--search", "gala", "--backlog") == ["Gala photo ideas"]
    assert titles("--search", "printemps", "--week", "2026-11-23") == ["Volunteer gala"]
    assert titles("--search", "gala", "--platform", "Instagram") == ["Gala photo ideas"]
    assert titles("--search", '"council') == ["Council recap"]
    assert titles("--search", "council gala") == []
    empty = run(db_path, "post", "list", "--search", "")
    assert empty.exit_code == 1
    assert empty.stderr.startswith("Error: nothing to search for")


def _imported(*args: str, db_path: Path) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tui.cli", "--db", str(db_path), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return {
        line.split("|")[-1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    }


def test_quick_commands_never_load_sqlite_utils(filled: Store, db_path: Path) -> None:
    filled.close()  # the database exists: no migration to run
    for args in (("log", "--help"), ("--now", NOW_ARG, "log", "1h", "social"), ("search", "gala")):
        imported = _imported(*args, db_path=db_path)
        assert "tui.cli" in imported
        assert not {m for m in imported if m.split(".")[0] == "sqlite_utils"}, args
