"""`calepin log` names what --trim and --split would do before anything is cut."""

from __future__ import annotations

from pathlib import Path

from tests.test_cli import Run, as_json, dump, ok
from tests.test_cli import run as run  # the fixture


def test_the_refusal_lists_what_each_flag_would_do(run: Run, db_path: Path) -> None:
    ok(run("log", "09:00-12:00", "events", "gala", "seating"))
    ok(run("log", "10:05-10:20", "video", "teaser", "cut", "--force"))
    before = dump(db_path)
    refused = run("log", "10:00-10:30", "social", "answered", "the", "mayor")
    assert refused.exit_code == 1
    lines = refused.stderr.strip().splitlines()
    assert lines[-1].startswith("Error: not saved: it overlaps #1 events at Mon 09:00, #2 video")
    assert lines[-5:-1] == [
        "  --split: split: Mon 23 Nov 09:00–12:00 · 3 h · events · “gala seating”"
        " → 09:00–10:00 and 10:30–12:00 (note on both)",
        "  --split: removed: Mon 23 Nov 10:05–10:20 · 15 min · video · “teaser cut”",
        "  --trim: shortened: Mon 23 Nov 09:00–12:00 · 3 h · events · “gala seating” → 09:00–10:00",
        "  --trim: removed: Mon 23 Nov 10:05–10:20 · 15 min · video · “teaser cut”",
    ]
    assert dump(db_path) == before

    saved = ok(run("log", "10:00-10:30", "social", "answered", "the", "mayor", "--split"))
    assert "  removed: Mon 23 Nov 10:05–10:20 · 15 min · video · “teaser cut”" in saved.stdout
    entries = as_json(run("entries", "--format", "json"))
    assert [(e["duty"], e["start"][11:16], e["end"][11:16], e["note"]) for e in entries] == [
        ("events", "09:00", "10:00", "gala seating"),
        ("social media", "10:00", "10:30", "answered the mayor"),
        ("events", "10:30", "12:00", "gala seating"),
    ]
