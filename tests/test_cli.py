"""The `calepin` command line, driven through click's CliRunner and real subprocesses."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import sqlite3
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import click
import pytest
from click.testing import CliRunner, Result

from exporters.spreadsheet import safe_cell
from storage import EntryDraft, Store
from tui.cli import cli, main

ROOT = Path(__file__).resolve().parents[1]
ZONE_NAME = "America/Toronto"  # conftest sets TZ to it
NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=ZoneInfo(ZONE_NAME))
NOW_ARG = "2026-11-23T15:00"

Run = Callable[..., Result]


@pytest.fixture
def run(db_path: Path) -> Run:
    """Invoke `calepin --db <tmp> --now <NOW> ARGS…` in-process."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        result = runner.invoke(cli, ["--db", str(db_path), "--now", NOW_ARG, *args], input=input)
        # A crash would show up as an exception other than the SystemExit click uses.
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        assert "Traceback" not in result.output
        return result

    return invoke


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def as_json(result: Result) -> object:
    return json.loads(ok(result).stdout)


def dump(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return "\n".join(conn.iterdump())


def entry_json(run: Run, saved: Result) -> dict:
    entry_id = int(saved.stdout.split("#", 1)[1].split(":", 1)[0])
    found = [e for e in as_json(run("entries", "--format", "json")) if e["id"] == entry_id]
    assert len(found) == 1
    return found[0]


# ---------------------------------------------------------------- the log grammar

# (typed words, start, end, minutes, duty, activity, note) — now is Mon 23 Nov 2026 15:00.
GRAMMAR = [
    ("1h social", "2026-11-23T14:00", "2026-11-23T15:00", 60, "social media", None, ""),
    ("1h30", None, None, None, None, None, None),  # lone duration with no duty: see below
    ("1h30 social", "2026-11-23T13:30", "2026-11-23T15:00", 90, "social media", None, ""),
    ("1h30m newsletters", "2026-11-23T13:30", "2026-11-23T15:00", 90, "newsletters", None, ""),
    ("90m events", "2026-11-23T13:30", "2026-11-23T15:00", 90, "events", None, ""),
    ("1.5h press", "2026-11-23T13:30", "2026-11-23T15:00", 90, "press relations", None, ""),
    (":45 web", "2026-11-23T14:15", "2026-11-23T15:00", 45, "web content", None, ""),
    ("90 meetings", "2026-11-23T13:30", "2026-11-23T15:00", 90, "meetings", None, ""),
    ("1m social", "2026-11-23T14:59", "2026-11-23T15:00", 1, "social media", None, ""),
    ("2-4pm events", "2026-11-23T14:00", "2026-11-23T16:00", 120, "events", None, ""),
    ("2 - 4pm events", "2026-11-23T14:00", "2026-11-23T16:00", 120, "events", None, ""),
    ("14h30-16h press", "2026-11-23T14:30", "2026-11-23T16:00", 90, "press relations", None, ""),
    ("14:00-16:30 events", "2026-11-23T14:00", "2026-11-23T16:30", 150, "events", None, ""),
    ("14 1h social", "2026-11-23T14:00", "2026-11-23T15:00", 60, "social media", None, ""),
    ("930 45m web", "2026-11-23T09:30", "2026-11-23T10:15", 45, "web content", None, ""),
    ("10am 2h planning", "2026-11-23T10:00", "2026-11-23T12:00", 120, "planning & strategy", None, ""),
    ("2 pm 1h social", "2026-11-23T14:00", "2026-11-23T15:00", 60, "social media", None, ""),
    ("yesterday 14:00 1h press", "2026-11-22T14:00", "2026-11-22T15:00", 60, "press relations", None, ""),
    ("yesterday 2-4pm press lists", "2026-11-22T14:00", "2026-11-22T16:00", 120, "press relations", None, "lists"),
    ("yesterday 23:00 2h admin", "2026-11-22T23:00", "2026-11-23T01:00", 120, "admin & other", None, ""),
    ("last fri 9:15-10 meetings", "2026-11-20T09:15", "2026-11-20T10:00", 45, "meetings", None, ""),
    ("tue 10:00 1h meetings", "2026-11-17T10:00", "2026-11-17T11:00", 60, "meetings", None, ""),
    ("mardi dernier 9h-10h social", "2026-11-17T09:00", "2026-11-17T10:00", 60, "social media", None, ""),
    ("hier 10h-11h réunions", "2026-11-22T10:00", "2026-11-22T11:00", 60, "meetings", None, ""),
    ("3 déc 14:00-15:00 events", "2026-12-03T14:00", "2026-12-03T15:00", 60, "events", None, ""),  # the nearest 3 Dec
    ("2026-11-20 9-11 events", "2026-11-20T09:00", "2026-11-20T11:00", 120, "events", None, ""),
    ("23 nov 8:00-8:30 admin", "2026-11-23T08:00", "2026-11-23T08:30", 30, "admin & other", None, ""),
    (
        "1h30 social engage replied to council thread",
        "2026-11-23T13:30",
        "2026-11-23T15:00",
        90,
        "social media",
        "engage",
        "replied to council thread",
    ),
    ("45m sm monitor", "2026-11-23T14:15", "2026-11-23T15:00", 45, "social media", "monitor", ""),
]  # fmt: skip
GRAMMAR = [case for case in GRAMMAR if case[1] is not None]


@pytest.mark.parametrize(
    ("words", "start", "end", "minutes", "duty", "activity", "note"),
    GRAMMAR,
    ids=[case[0] for case in GRAMMAR],
)
def test_log_grammar_lands_in_entries_json(
    run: Run,
    db_path: Path,
    new_database: Path,
    words: str,
    start: str,
    end: str,
    minutes: int,
    duty: str,
    activity: str | None,
    note: str,
) -> None:
    shutil.copy(new_database, db_path)  # a made database: building the schema was half a case
    saved = ok(run("log", *words.split(), "--force"))
    assert saved.stdout.startswith("Saved #")
    entry = entry_json(run, saved)
    offset = "-05:00"  # EST all of late November and early December
    assert entry["start"] == f"{start}:00{offset}"
    assert entry["end"] == f"{end}:00{offset}"
    assert entry["minutes"] == minutes
    assert entry["duty"] == duty
    assert entry["activity"] == activity
    assert entry["note"] == note
    assert entry["source"] == "manual"


def test_log_lone_duration_without_duty_is_refused(run: Run, db_path: Path) -> None:
    Store.open(db_path).close()  # an empty database (a listing no longer makes one)
    before = dump(db_path)
    result = run("log", "1h30")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert dump(db_path) == before


def test_log_fall_back_night_counts_real_minutes(run: Run) -> None:
    # 1 Nov 2026: clocks go back at 2:00 in Toronto, so 1:00-3:00 lasts three real hours.
    saved = ok(run("log", "2026-11-01", "1:00-3:00", "admin"))
    entry = entry_json(run, saved)
    assert entry["start"] == "2026-11-01T01:00:00-04:00"
    assert entry["end"] == "2026-11-01T03:00:00-05:00"
    assert entry["minutes"] == 180


def test_log_echoes_what_it_understood(run: Run) -> None:
    result = ok(run("log", "yesterday", "14:00", "1h", "press"))
    assert result.stdout.strip() == "Saved #1: Sun 22 Nov 14:00–15:00 · 1 h · press relations"


def test_log_sql_and_formula_text_saved_faithfully(run: Run) -> None:
    note = "'); DROP TABLE time_entries; -- =SUM(A1) @boss +1"
    saved = ok(run("log", "1h", "social", note))
    assert entry_json(run, saved)["note"] == note
    rows = list(csv.DictReader(io.StringIO(ok(run("entries", "--format", "csv")).stdout)))
    assert rows[0]["note"] == note  # starts with ', not a formula character
    saved = ok(run("log", "2h", "events", "=HYPERLINK(1)", "--force"))
    rows = list(csv.DictReader(io.StringIO(ok(run("entries", "--format", "csv")).stdout)))
    assert [r["note"] for r in rows if r["duty"] == "events"] == ["'=HYPERLINK(1)"]
    assert entry_json(run, saved)["note"] == "=HYPERLINK(1)"


@pytest.mark.parametrize(
    ("words", "reason"),
    [
        (["2-4pm", "events"], "ends in the future"),
        (["11h", "social"], "more than 10 hours"),
    ],
)
def test_log_asks_for_force(run: Run, db_path: Path, words: list[str], reason: str) -> None:
    Store.open(db_path).close()  # an empty database (a listing no longer makes one)
    before = dump(db_path)
    refused = run("log", *words)
    assert refused.exit_code == 1
    assert reason in refused.stderr
    assert "add --force to save anyway" in refused.stderr
    assert "Understood:" in refused.stderr
    assert dump(db_path) == before
    ok(run("log", *words, "--force"))
    assert len(as_json(run("entries", "--format", "json"))) == 1


def test_log_refuses_overlap_without_force(run: Run, db_path: Path) -> None:
    ok(run("log", "13:00-14:00", "events"))
    before = dump(db_path)
    refused = run("log", "13:30-14:30", "social")
    assert refused.exit_code == 1
    assert "Error: not saved: it overlaps #1 events at Mon 13:00;" in refused.stderr
    assert dump(db_path) == before
    ok(run("log", "13:30-14:30", "social", "--force"))
    assert len(as_json(run("entries", "--format", "json"))) == 2


def test_log_start_and_stop_drive_the_timer(run: Run) -> None:
    started = ok(run("log", "start", "newsletters", "create", "december issue"))
    assert "Started timer #1" in started.stdout
    status = as_json(run("timer", "status", "--format", "json"))
    assert status["duty"] == "newsletters"
    assert status["activity"] == "create"
    assert status["note"] == "december issue"
    assert status["end"] is None
    stopped = ok(run("--now", "2026-11-23T16:15", "log", "stop"))
    assert "Stopped timer #1" in stopped.stdout
    (entry,) = as_json(run("entries", "--format", "json"))
    assert entry["source"] == "timer"
    assert entry["minutes"] == 75


# ---------------------------------------------------------------- the timer


def test_timer_start_switch_stop_status(run: Run, db_path: Path) -> None:
    Store.open(db_path).close()
    assert ok(run("timer", "status")).stdout.strip() == "No timer running."
    assert as_json(run("timer", "status", "--format", "json")) is None
    first = ok(run("--now", "2026-11-23T09:00", "timer", "start", "social", "monitor"))
    assert "Started timer #1" in first.stdout
    assert "Stopped" not in first.stdout
    running = ok(run("--now", "2026-11-23T09:30", "timer", "status")).stdout
    assert "social media / monitor" in running
    assert "30 min so far" in running
    second = ok(run("--now", "2026-11-23T10:00", "timer", "start", "press", "call", "back"))
    assert "Stopped timer #1" in second.stdout
    assert "Started timer #2" in second.stdout
    stopped = ok(run("timer", "stop", "--at", "11:45"))
    assert "Stopped timer #2" in stopped.stdout
    entries = as_json(run("entries", "--format", "json"))
    assert [(e["duty"], e["minutes"], e["note"]) for e in entries] == [
        ("social media", 60, ""),
        ("press relations", 105, "call back"),
    ]
    assert entries[1]["end"] == "2026-11-23T11:45:00-05:00"


def test_timer_stop_at_a_later_time_means_yesterday(run: Run) -> None:
    ok(run("--now", "2026-11-22T16:00", "timer", "start", "events"))
    ok(run("timer", "stop", "--at", "17:30"))  # now is Mon 15:00: 17:30 was Sunday's
    (entry,) = as_json(run("entries", "--format", "json"))
    assert entry["end"] == "2026-11-22T17:30:00-05:00"
    assert entry["minutes"] == 90


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["timer", "stop"], 1, "no timer is running"),
        (["timer", "start", "nope"], 1, "unknown duty"),
        (["timer", "start"], 2, "Missing argument"),
    ],
)
def test_timer_errors(run: Run, db_path: Path, args: list[str], code: int, message: str) -> None:
    Store.open(db_path).close()  # an empty database (a listing no longer makes one)
    before = dump(db_path)
    result = run(*args)
    assert result.exit_code == code
    assert message in result.stderr
    assert dump(db_path) == before


def test_timer_stop_at_before_start_is_refused(run: Run, db_path: Path) -> None:
    ok(run("--now", "2026-11-23T14:00", "timer", "start", "events"))
    before = dump(db_path)
    for at in ("13:00", "31 feb 10:00", "soon", ""):
        result = run("timer", "stop", "--at", at)
        assert result.exit_code == 1, at
        assert result.stderr.startswith("Error: ")
    assert dump(db_path) == before


# ---------------------------------------------------------------- posts


def test_post_add_prints_id_and_backlog_without_at(run: Run) -> None:
    first = ok(run("post", "add", "Launch", "video", "--platform", "instagram"))
    assert first.stdout.strip() == "1"
    assert "backlog" in first.stderr
    second = ok(
        run(
            "post", "add", "Holiday hours", "-p", "FB", "--at", "tue 10am", "--status", "ready",
            "--estimate", "1h30", "--body", "We close at noon.", "--notes", "check with HR",
            "--link", "https://example.org/hours",
        )
    )  # fmt: skip
    assert second.stdout.strip() == "2"
    post = as_json(run("post", "show", "2", "--format", "json"))
    assert post == {
        "id": 2,
        "title": "Holiday hours",
        "platform": "Facebook",
        "status": "ready",
        "campaign": None,
        "date": "2026-11-24",
        "time": "10:00",
        "timezone": ZONE_NAME,
        "estimate_minutes": 90,
        "body": "We close at noon.",
        "notes": "check with HR",
        "link": "https://example.org/hours",
        "published_url": "",
        "repeat": None,
        "fold": 0,
    }
    backlog = as_json(run("post", "list", "--backlog", "--format", "json"))
    assert [p["title"] for p in backlog] == ["Launch video"]
    assert backlog[0]["date"] is None


def test_post_add_with_campaign_and_repeat(run: Run) -> None:
    ok(run("campaigns", "add", "Winter fair", "--start", "2026-12-01", "--end", "2026-12-20"))
    ok(
        run(
            "post", "add", "Fair reminder", "-p", "instagram", "--at", "2026-12-01 9:00",
            "--campaign", "winter fair", "--repeat", "every tue until 2026-12-15",
        )
    )  # fmt: skip
    shown = ok(run("post", "show", "1")).stdout
    assert "repeats" in shown
    assert "Winter fair" in shown
    listed = as_json(
        run("post", "list", "--from", "2026-12-01", "--to", "2026-12-31", "--format", "json")
    )
    assert [p["date"] for p in listed] == ["2026-12-01", "2026-12-08", "2026-12-15"]
    assert {p["campaign"] for p in listed} == {"Winter fair"}


def test_post_list_week_filters_and_formats(run: Run) -> None:
    posts = [
        ("Monday post", "facebook", "mon 9:00", "idea"),
        ("Sunday post", "instagram", "sun 18:00", "ready"),
        ("Next week", "facebook", "next mon 9:00", "idea"),
        ("Last week", "facebook", "2026-11-16", "published"),
    ]
    for title, platform, when, status in posts:
        ok(run("post", "add", title, "-p", platform, "--at", when, "--status", status))
    ok(run("post", "add", "Idea", "-p", "facebook"))
    week = as_json(run("post", "list", "--week", "--format", "json"))
    assert [p["title"] for p in week] == ["Monday post", "Sunday post"]
    assert [p["date"] for p in week] == ["2026-11-23", "2026-11-29"]
    other = as_json(run("post", "list", "--week", "2026-11-18", "--format", "json"))
    assert [p["title"] for p in other] == ["Last week"]
    fb = as_json(run("post", "list", "--week", "--platform", "facebook", "--format", "json"))
    assert [p["title"] for p in fb] == ["Monday post"]
    ready = as_json(run("post", "list", "--status", "ready", "--format", "json"))
    assert [p["title"] for p in ready] == ["Sunday post"]
    everything = as_json(run("post", "list", "--format", "json"))
    assert [p["title"] for p in everything] == [
        "Last week",
        "Monday post",
        "Sunday post",
        "Next week",
        "Idea",
    ]
    ranged = as_json(
        run("post", "list", "--from", "2026-11-16", "--to", "2026-11-23", "--format", "json")
    )
    assert [p["title"] for p in ranged] == ["Last week", "Monday post"]
    rows = list(csv.DictReader(io.StringIO(ok(run("post", "list", "--format", "csv")).stdout)))
    assert [r["title"] for r in rows] == [p["title"] for p in everything]
    assert rows[0]["date"] == "2026-11-16"
    assert rows[-1]["date"] == ""


def test_post_list_from_weekday_to_weekday(run: Run) -> None:
    ok(run("post", "add", "Wed", "-p", "facebook", "--at", "2026-11-25"))
    ok(run("post", "add", "Sat", "-p", "facebook", "--at", "2026-11-28"))
    found = as_json(run("post", "list", "--from", "mon", "--to", "fri", "--format", "json"))
    assert [p["title"] for p in found] == ["Wed"]


def test_post_table_fits_80_columns(run: Run) -> None:
    long_title = "A very long title " * 15
    ok(run("post", "add", long_title, "-p", "newsletter", "--at", "tue 10am"))
    ok(run("post", "add", "Short", "-p", "facebook"))
    lines = ok(run("post", "list")).stdout.splitlines()
    assert lines[0].split() == ["ID", "DATE", "TIME", "PLATFORM", "STATUS", "TITLE"]
    assert all(len(line) <= 80 for line in lines)
    assert lines[1].endswith("…")
    assert "Tue 2026-11-24" in lines[1]
    assert lines[2].endswith("Short")


def test_post_edit_move_status_rm(run: Run) -> None:
    ok(run("post", "add", "Draft", "-p", "facebook", "--at", "tue 10am", "--estimate", "30m"))
    edited = ok(run("post", "edit", "1", "--title", "Final", "--platform", "linkedin"))
    assert "Final" in edited.stdout
    ok(run("post", "edit", "1", "--estimate", "", "--notes", "=1+1"))
    post = as_json(run("post", "show", "1", "--format", "json"))
    assert (post["title"], post["platform"], post["estimate_minutes"]) == (
        "Final",
        "LinkedIn",
        None,
    )
    assert post["notes"] == "=1+1"
    moved = ok(run("post", "move", "1", "wed", "14:30"))
    assert "Wed 25 Nov 14:30" in moved.stdout
    post = as_json(run("post", "show", "1", "--format", "json"))
    assert (post["date"], post["time"]) == ("2026-11-25", "14:30")
    ok(run("post", "move", "1", "backlog"))
    assert as_json(run("post", "show", "1", "--format", "json"))["date"] is None
    status = ok(run("post", "status", "1", "drafting"))
    assert "drafting" in status.stdout
    assert as_json(run("post", "show", "1", "--format", "json"))["status"] == "drafting"
    removed = ok(run("post", "rm", "1"))
    assert "Deleted post #1" in removed.stdout
    assert as_json(run("post", "list", "--format", "json")) == []


def test_post_show_text(run: Run) -> None:
    ok(run("post", "add", "Story", "-p", "ig", "--at", "tue 10am", "--body", "line one\nline two"))
    shown = ok(run("post", "show", "1")).stdout
    assert shown.startswith("#1  Story\n")
    assert "Instagram" in shown
    assert "Tue 24 Nov 10:00" in shown
    assert shown.endswith("line one\nline two\n")


def test_post_body_of_100000_characters_saved_faithfully(run: Run) -> None:
    body = ("Été à Montréal — ligne\n" * 5000)[:99_999] + "!"
    assert len(body) == 100_000
    ok(run("post", "add", "Long copy", "-p", "blog", "--body", body))
    assert as_json(run("post", "show", "1", "--format", "json"))["body"] == body
    from_file = ok(run("post", "add", "From stdin", "-p", "blog", "--body-file", "-", input=body))
    post_id = from_file.stdout.strip()
    assert as_json(run("post", "show", post_id, "--format", "json"))["body"] == body


def test_post_sql_and_formula_titles_saved_faithfully(run: Run, db_path: Path) -> None:
    titles = [
        "Robert'); DROP TABLE posts;--",
        '=HYPERLINK("http://x")',
        "+33 1 23",
        "-5 %",
        "@mention",
    ]
    for title in titles:
        ok(run("post", "add", "-p", "facebook", "--", title))
    listed = as_json(run("post", "list", "--format", "json"))
    assert sorted(p["title"] for p in listed) == sorted(titles)
    rows = list(csv.DictReader(io.StringIO(ok(run("post", "list", "--format", "csv")).stdout)))
    shown = {r["title"] for r in rows}
    assert "Robert'); DROP TABLE posts;--" in shown
    assert {'\'=HYPERLINK("http://x")', "'+33 1 23", "'-5 %", "'@mention"} <= shown
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM posts").fetchone()[0] == len(titles)


# ---------------------------------------------------------------- bad input never writes

BAD_INPUT = [
    (["post", "add", "", "-p", "facebook"], 1, "title"),
    (["post", "add", "   ", "-p", "facebook"], 1, "title"),
    (["post", "add", "X"], 2, "--platform"),
    (["post", "add", "X", "-p", "myspace"], 1, "unknown platform"),
    (["post", "add", "X", "-p", "facebook", "--status", "posted"], 1, "unknown status"),
    (["post", "add", "X", "-p", "facebook", "--campaign", "Nope"], 1, "unknown campaign"),
    (["post", "add", "X", "-p", "facebook", "--at", "31 feb"], 1, "Error: "),
    (["post", "add", "X", "-p", "facebook", "--at", "2026-02-30 10:00"], 1, "Error: "),
    (["post", "add", "X", "-p", "facebook", "--at", ""], 1, "no date"),
    (["post", "add", "X", "-p", "facebook", "--at", "someday"], 1, "Error: "),
    (["post", "add", "X", "-p", "facebook", "--estimate", "-5"], 1, "Error: "),
    (["post", "add", "X", "-p", "facebook", "--estimate", "abc"], 1, "Error: "),
    (["post", "add", "X", "-p", "facebook", "--estimate", "500h"], 1, "Error: "),
    (["post", "add", "a\x07b", "-p", "facebook"], 1, "control character"),
    (["post", "add", "X", "-p", "facebook", "--body", "a\x00b"], 1, "control character"),
    (["post", "add", "X", "-p", "facebook", "--body", "x" * 100_001], 1, "100,000"),
    (["post", "add", "X", "-p", "facebook", "--repeat", "every tue"], 1, "first date"),
    (["post", "add", "X", "-p", "fb", "--at", "tue", "--repeat", "sometimes"], 1, "repeat"),
    (["post", "add", "X", "-p", "facebook", "--link", "javascript:alert(1)"], 1, "http"),
    (["post", "show", "999"], 1, "no post with id 999"),
    (["post", "show", "abc"], 2, "not a valid integer"),
    (["post", "edit", "999", "--title", "X"], 1, "no post with id 999"),
    (["post", "edit", "1", "--title", ""], 1, "title cannot be empty"),
    (["post", "edit", "1", "--platform", "nope"], 1, "unknown platform"),
    (["post", "edit", "1", "--at", "31 feb"], 1, "Error: "),
    (["post", "edit", "1"], 2, "nothing to change"),
    (["post", "move", "999", "tue"], 1, "no post with id 999"),
    (["post", "move", "1", "31", "feb"], 1, "Error: "),
    (["post", "status", "1", "posted"], 1, "unknown status"),
    (["post", "status", "999", "ready"], 1, "no post with id 999"),
    (["post", "rm", "999"], 1, "no post with id 999"),
    (["post", "list", "--from", "2026-12-10", "--to", "2026-12-01"], 1, "ends"),
    (["post", "list", "--platform", "nope"], 1, "unknown platform"),
    (["post", "list", "--status", "nope"], 1, "unknown status"),
    (["post", "list", "--campaign", "nope"], 1, "unknown campaign"),
    (["post", "list", "--week", "31 feb"], 1, "Error: "),
    (["post", "list", "--format", "xml"], 2, "xml"),
    (["post", "list", "--backlog", "--week"], 2, "--backlog"),
    (["post", "list", "--week", "--from", "mon"], 2, "either --week"),
    (["log"], 2, "Missing argument"),
    (["log", ""], 1, "Error: "),
    (["log", "   "], 1, "Error: "),
    (["log", "1h", "nonsense"], 1, "Error: "),
    (["log", "16:00-14:00", "social"], 1, "Error: "),
    (["log", "-1h", "social", "--force"], 1, "Error: "),
    (["log", "31", "feb", "14:00", "1h", "social"], 1, "Error: "),
    (["log", "-1h", "social"], 1, "Error: "),
    (["log", "abc", "social"], 1, "Error: "),
    (["log", "14:00", "social"], 1, "could be a start time or a 14 h duration"),
    (["log", "25h", "social"], 1, "Error: "),
    (["log", "1h", "social", "a\x07b"], 1, "control"),
    (["log", "yesterday", "1h", "social"], 1, "start time"),
    (["log", "1h", "social", "x" * 3000, "--force"], 1, "Error: "),
    (["entries", "--duty", "nope"], 1, "Error: "),
    (["entries", "--from", "someday"], 1, "Error: "),
    (["entries", "--from", "2026-11-23", "--to", "2026-11-01"], 1, "ends"),
    (["entry", "rm", "999"], 1, "no time entry with id 999"),
    (["platforms", "add", ""], 1, "empty"),
    (["platforms", "add", "Facebook"], 1, "already exists"),
    (["platforms", "add", "Mastodon", "--colour", "red"], 1, "colour"),
    (["platforms", "add", "Mastodon", "--duty", "nope"], 1, "Error: "),
    (["platforms", "add", "Mastodon", "--limit", "-5"], 1, "positive"),
    (["platforms", "add", "Mastodon", "--limit", "many"], 2, "many"),
    (["platforms", "--format", "yaml"], 2, "yaml"),
    (["duties", "add", ""], 1, "empty"),
    (["duties", "add", "Events"], 1, "already exists"),
    (["duties", "add", "x\x1by"], 1, "control"),
    (["campaigns", "add", "X", "--start", "2026-12-10", "--end", "2026-12-01"], 1, "ends"),
    (["campaigns", "add", "X", "--colour", "nope"], 1, "colour"),
    (["campaigns", "add", "X", "--start", "31 feb"], 1, "Error: "),
    (["campaigns", "add", "  "], 1, "empty"),
    (["nosuchcommand"], 2, "No such command"),
]


@pytest.fixture(scope="module")
def existing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding a post and an entry, made once through the CLI and copied per case
    (making the file and its schema anew was most of a case's CPU)."""
    path = tmp_path_factory.mktemp("existing") / "calepin.db"
    runner = CliRunner()
    for args in (
        ("post", "add", "Existing", "-p", "facebook", "--at", "tue 10am"),
        ("log", "1h", "social", "existing"),
    ):
        ok(runner.invoke(cli, ["--db", str(path), "--now", NOW_ARG, *args]))
    assert [p.name for p in path.parent.iterdir()] == [path.name], "left beside the file"
    return path


@pytest.mark.parametrize(
    ("args", "code", "message"), BAD_INPUT, ids=[" ".join(a)[:50] for a, _, _ in BAD_INPUT]
)
def test_bad_input_is_refused_and_writes_nothing(
    run: Run, db_path: Path, existing: Path, args: list[str], code: int, message: str
) -> None:
    shutil.copy(existing, db_path)
    before = dump(db_path)
    assert "Existing" in before and "existing" in before
    result = run(*args)
    assert result.exit_code == code, result.output
    assert "Error: " in result.stderr
    assert message in result.stderr
    assert result.stdout == ""
    assert dump(db_path) == before


def test_bad_now_is_a_usage_error(db_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(db_path), "--now", "soon", "entries"])
    assert result.exit_code == 2
    assert "ISO" in result.stderr


def test_foreign_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n" * 20)
    result = CliRunner().invoke(cli, ["--db", str(notes), "entries"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "not a Calepin database" in result.stderr
    assert notes.read_text() == "my notes\n" * 20


def test_help_creates_no_database(db_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(db_path), "--help"]).exit_code == 0
    assert runner.invoke(cli, ["--db", str(db_path), "post", "--help"]).exit_code == 0
    assert not db_path.exists()


def test_db_from_environment(db_path: Path) -> None:
    runner = CliRunner(env={"CALEPIN_DB": str(db_path), "CALEPIN_NOW": NOW_ARG})
    result = runner.invoke(cli, ["log", "1h", "social"])
    assert result.exit_code == 0, result.output
    with Store.open(db_path) as store:
        (entry,) = store.all_entries()
    assert entry.end == NOW


def test_default_db_lives_in_the_data_folder(isolated_home: Path) -> None:
    result = CliRunner().invoke(cli, ["--now", NOW_ARG, "log", "1h", "social"])
    assert result.exit_code == 0, result.output
    assert (isolated_home / "data" / "calepin" / "calepin.db").exists()


def test_config_sets_zone_and_week_start(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[calendar]\ntimezone = "Europe/Paris"\nweek_start = "sunday"\n')
    monkeypatch.setenv("CALEPIN_CONFIG", str(config))
    saved = ok(run("log", "1h", "social"))
    assert entry_json(run, saved)["start"] == "2026-11-23T14:00:00+01:00"
    ok(run("post", "add", "Sunday", "-p", "facebook", "--at", "2026-11-22"))
    ok(run("post", "add", "Saturday", "-p", "facebook", "--at", "2026-11-28"))
    ok(run("post", "add", "Next Sunday", "-p", "facebook", "--at", "2026-11-29"))
    week = as_json(run("post", "list", "--week", "--format", "json"))
    assert [p["title"] for p in week] == ["Sunday", "Saturday"]


def test_broken_config_is_a_clear_error(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[calendar]\ncolour = 'red'\n")
    monkeypatch.setenv("CALEPIN_CONFIG", str(config))
    result = run("log", "1h", "social")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "colour" in result.stderr


# ---------------------------------------------------------------- entries


def test_entries_period_duty_and_formats(run: Run) -> None:
    ok(run("log", "last", "fri", "9-10", "events"))
    ok(run("log", "yesterday", "10:00", "30m", "social", "engage", "weekend replies"))
    ok(run("log", "1h", "social", "create"))
    ok(run("log", "2026-11-30", "9-10", "meetings", "--force"))  # next week
    week = as_json(run("entries", "--week", "--format", "json"))
    assert [e["duty"] for e in week] == ["social media"]
    last_week = as_json(run("entries", "--week", "last fri", "--format", "json"))
    assert [e["note"] for e in last_week] == ["", "weekend replies"]
    social = as_json(run("entries", "--duty", "social", "--format", "json"))
    assert [e["minutes"] for e in social] == [30, 60]
    ranged = as_json(
        run("entries", "--from", "2026-11-20", "--to", "2026-11-22", "--format", "json")
    )
    assert [e["duty"] for e in ranged] == ["events", "social media"]
    rows = list(csv.DictReader(io.StringIO(ok(run("entries", "--format", "csv")).stdout)))
    assert [r["minutes"] for r in rows] == ["60", "30", "60", "60"]
    assert set(rows[0]) == {
        "id", "duty", "activity", "start", "end", "minutes", "note", "post_id", "source",
        "counted_minutes", "over_long_timer_limit",
    }  # fmt: skip
    table = ok(run("entries")).stdout.splitlines()
    assert table[-1] == "Total 3 h 30 in 4 entries"
    assert all(len(line) <= 80 for line in table)


def test_entries_table_truncates_long_notes(run: Run) -> None:
    ok(run("log", "1h", "planning", "strategy", "a " * 100 + "end"))
    lines = ok(run("entries")).stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert lines[1].endswith("…")


def test_entry_json_converts_to_store_zone(run: Run, store: Store) -> None:
    start = dt.datetime(2026, 11, 23, 14, tzinfo=dt.UTC)  # 9:00 in Toronto
    store.add_entry(EntryDraft("events", start, start + dt.timedelta(hours=1)))
    (entry,) = as_json(run("entries", "--format", "json"))
    assert entry["start"] == "2026-11-23T09:00:00-05:00"


def test_entry_rm(run: Run) -> None:
    ok(run("log", "1h", "social"))
    removed = ok(run("entry", "rm", "1"))
    assert "Deleted entry #1" in removed.stdout
    assert as_json(run("entries", "--format", "json")) == []


# ---------------------------------------------------------------- reference lists


def test_platforms_list_and_add(run: Run, db_path: Path) -> None:
    Store.open(db_path).close()
    names = [p["name"] for p in as_json(run("platforms", "--format", "json"))]
    assert "Facebook" in names
    ok(run("platforms", "add", "Mastodon", "--colour", "#6364FF", "--tag", "MA", "--limit", "500"))
    added = [p for p in as_json(run("platforms", "--format", "json")) if p["name"] == "Mastodon"]
    assert added == [
        {
            "id": added[0]["id"],
            "name": "Mastodon",
            "tag": "MA",
            "colour": "#6364FF",
            "char_limit": 500,
            "default_duty": "social media",
            "archived": False,
        }
    ]
    ok(run("platforms", "add", "Podcast", "--duty", "video"))
    rows = list(csv.DictReader(io.StringIO(ok(run("platforms", "--format", "csv")).stdout)))
    assert {r["name"]: r["default_duty"] for r in rows}["Podcast"] == "video"
    table = ok(run("platforms")).stdout.splitlines()
    assert table[0].split() == ["NAME", "TAG", "COLOUR", "LIMIT", "DUTY"]
    assert any(line.startswith("Mastodon") for line in table)


def test_duties_list_and_add(run: Run) -> None:
    ok(run("duties", "add", "Fundraising", "--alias", "funds", "--alias", "dons", "--social"))
    duties = as_json(run("duties", "--format", "json"))
    added = next(d for d in duties if d["name"] == "Fundraising")
    assert added["aliases"] == ["funds", "dons"]
    assert added["social"] is True
    saved = ok(run("log", "1h", "funds"))
    assert entry_json(run, saved)["duty"] == "Fundraising"
    rows = list(csv.DictReader(io.StringIO(ok(run("duties", "--format", "csv")).stdout)))
    assert next(r for r in rows if r["name"] == "Fundraising")["aliases"] == "funds, dons"
    assert "Fundraising" in ok(run("duties")).stdout


def test_campaigns_list_and_add(run: Run, db_path: Path) -> None:
    Store.open(db_path).close()
    assert "No campaigns yet" in ok(run("campaigns")).stdout
    assert as_json(run("campaigns", "--format", "json")) == []
    ok(run("campaigns", "add", "Giving Tuesday", "--colour", "#E94E77", "--start", "1 dec"))
    ok(run("campaigns", "add", "Spring", "--start", "2027-03-01", "--end", "2027-05-31"))
    found = as_json(run("campaigns", "--format", "json"))
    assert found[0] == {
        "id": found[0]["id"],
        "name": "Giving Tuesday",
        "colour": "#E94E77",
        "start": "2026-12-01",
        "end": None,
    }
    assert (found[1]["start"], found[1]["end"]) == ("2027-03-01", "2027-05-31")
    assert "Spring" in ok(run("campaigns")).stdout


# ---------------------------------------------------------------- maintenance


def test_demo_fills_then_refuses(run: Run, db_path: Path) -> None:
    filled = ok(run("demo"))
    assert "Demo added" in filled.stdout
    assert len(as_json(run("entries", "--format", "json"))) > 20
    before = dump(db_path)
    again = run("demo")
    assert again.exit_code == 1
    assert again.stderr.startswith("Error: ")
    assert dump(db_path) == before


def test_demo_refuses_a_database_with_entries(run: Run, db_path: Path) -> None:
    ok(run("log", "1h", "social"))
    before = dump(db_path)
    assert run("demo").exit_code == 1
    assert dump(db_path) == before


def test_backup_and_check(run: Run, tmp_path: Path) -> None:
    ok(run("log", "1h", "social"))
    target = tmp_path / "copy.db"
    assert str(target) in ok(run("backup", str(target))).stdout
    with Store.open(target) as copy:
        assert len(copy.all_entries()) == 1
    again = run("backup", str(target))
    assert again.exit_code == 1
    assert "already exists" in again.stderr
    assert "OK" in ok(run("check")).stdout
    default = ok(run("backup")).stdout
    assert ".backup-" in default


def test_check_fails_on_a_damaged_database(run: Run, db_path: Path) -> None:
    with Store.open(db_path) as store, store.transaction():
        for n in range(300):
            start = NOW - dt.timedelta(hours=2 * n + 2)
            note = f"note {n} " + "x" * 200
            store.add_entry(EntryDraft("events", start, start + dt.timedelta(hours=1), note=note))
    ok(run("check"))
    raw = bytearray(db_path.read_bytes())
    page = 4096
    for offset in range(2 * page, len(raw) - page, page):
        raw[offset + 8 : offset + 200] = b"\xff" * 192
    db_path.write_bytes(bytes(raw))
    result = run("check")
    assert result.exit_code == 1
    assert "Error: " in result.stderr


# ---------------------------------------------------------------- the TUI and lazy commands


def test_no_command_launches_the_tui(
    monkeypatch: pytest.MonkeyPatch, db_path: Path, tmp_path: Path
) -> None:
    calls: list[tuple[Path, object, object]] = []
    fake = types.ModuleType("tui.app")
    fake.run_app = lambda path, now, settings_file: calls.append((path, now, settings_file))  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tui.app", fake)
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(db_path)]).exit_code == 0
    assert calls == [(db_path, None, None)]  # None: the usual settings file
    assert runner.invoke(cli, ["--db", str(db_path), "--now", NOW_ARG]).exit_code == 0
    assert calls[-1] == (db_path, NOW, None)


def test_demo_flag_runs_the_tui_on_a_throwaway_database(
    monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    seen: list[tuple[Path, int]] = []

    def run_app(path: Path, now: object, settings_file: Path) -> None:
        assert settings_file == path.parent / "config.toml"  # never the person's own file
        with Store.open(path) as store:
            seen.append((path, store.counts()["posts"]))

    fake = types.ModuleType("tui.app")
    fake.run_app = run_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tui.app", fake)
    result = CliRunner().invoke(cli, ["--db", str(db_path), "--now", NOW_ARG, "--demo"])
    assert result.exit_code == 0, result.output
    ((path, posts),) = seen
    assert posts > 0
    assert path != db_path
    assert not path.parent.exists()
    assert not db_path.exists()


def test_lazy_commands_load_on_demand(monkeypatch: pytest.MonkeyPatch, db_path: Path) -> None:
    @click.command()
    def report() -> None:
        click.echo("report ran")

    fake = types.ModuleType("tui.cli.report")
    fake.report = report  # type: ignore[attr-defined]
    fake.config = report  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tui.cli.report", fake)
    result = CliRunner().invoke(cli, ["--db", str(db_path), "report"])
    assert result.exit_code == 0
    assert result.stdout == "report ran\n"


def test_csv_cell_neutralises_formulas() -> None:
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("-2") == "-2"  # a plain number is a value, not a formula
    assert safe_cell("-cmd") == "'-cmd"
    assert safe_cell("plain") == "plain"
    assert safe_cell(None) == ""
    assert safe_cell(5) == "5"


def test_keyboard_interrupt_exits_130_quietly(capsys: pytest.CaptureFixture[str]) -> None:
    @cli.command("_interrupt_for_test")
    def interrupt() -> None:
        raise KeyboardInterrupt

    try:
        with pytest.raises(SystemExit) as exited:
            main(["_interrupt_for_test"])
    finally:
        cli.commands.pop("_interrupt_for_test")
    assert exited.value.code == 130
    assert "Traceback" not in capsys.readouterr().err


# ---------------------------------------------------------------- real processes


def _cli(db: Path, *args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", "--db", str(db), "--now", NOW_ARG, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        **kwargs,  # type: ignore[arg-type]
    )


def test_console_script_exit_codes_and_no_traceback(db_path: Path) -> None:
    saved = _cli(db_path, "log", "1h", "social")
    assert saved.returncode == 0, saved.stderr
    missing = _cli(db_path, "post", "show", "999")
    assert missing.returncode == 1
    assert missing.stderr == "Error: no post with id 999\n"
    usage = _cli(db_path, "post", "show", "abc")
    assert usage.returncode == 2
    assert "Traceback" not in missing.stderr + usage.stderr
    assert _cli(db_path, "--help").returncode == 0


def test_log_never_imports_textual_or_exporters(db_path: Path) -> None:
    for args in (("log", "1h", "social"), ("entries", "--week")):
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "tui.cli", "--db", str(db_path),
             "--now", NOW_ARG, *args],
            capture_output=True, text=True, cwd=ROOT, timeout=60,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        imported = {
            line.split("|")[-1].strip()
            for line in result.stderr.splitlines()
            if line.startswith("import time:")
        }
        assert "tui.cli" in imported
        heavy = {m for m in imported if m.split(".")[0] in ("textual", "icalendar", "exporters")}
        assert heavy == set()


def test_broken_pipe_is_quiet(db_path: Path, store: Store) -> None:
    first = NOW - dt.timedelta(days=60)
    with store.transaction():
        for n in range(600):
            start = first + dt.timedelta(hours=2 * n)
            store.add_entry(EntryDraft("events", start, start + dt.timedelta(hours=1)))
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "--db", str(db_path), "entries", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=30)
    assert "Traceback" not in err
    assert err == ""
    assert proc.returncode in (0, 1)


def test_two_processes_logging_at_once_lose_nothing(db_path: Path) -> None:
    Store.open(db_path).close()
    # Two writer processes; each runs `calepin log …` 25 times through the console entry point
    # (a fresh Store and connection every time, as separate invocations would), on distinct times.
    # One process per entry would be faithful too, but 50 interpreter starts cost ~30 s here.
    script = (
        "import sys\n"
        "from tui.cli import main\n"
        "day, db = sys.argv[1], sys.argv[2]\n"
        "for n in range(25):\n"
        "    try:\n"
        "        main(['--db', db, '--now', '2026-11-23T15:00', 'log', day,\n"
        "              f'{8 + n // 4}:{n % 4 * 15:02d}', '10m', 'social', f'p{day} {n}',\n"
        "              '--force'])\n"
        "    except SystemExit as exc:\n"
        "        if exc.code:\n"
        "            raise\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, day, str(db_path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=ROOT,
        )
        for day in ("2026-11-19", "2026-11-20")
    ]
    errors = [p.communicate(timeout=60)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    assert errors == ["", ""]
    with Store.open(db_path) as store:
        entries = store.all_entries()
    assert len(entries) == 50
    assert len({e.note for e in entries}) == 50
    assert all(e.minutes() == 10 for e in entries)


def test_a_timer_left_running_is_not_counted_without_a_word(run: Run) -> None:
    ok(run("--now", "2026-11-23T08:00", "timer", "start", "social"))
    for args in (["timer", "start", "events"], ["timer", "stop"], ["log", "stop"]):
        refused = run("--now", "2026-11-23T21:30", *args)
        assert refused.exit_code == 1
        assert "the social media timer has run since Mon 23 Nov 08:00 (13 h 30)" in refused.stderr
        assert "`calepin timer stop --at 17:00`" in refused.stderr
    assert as_json(run("entries", "--format", "json"))[0]["end"] is None  # still running
    ok(run("--now", "2026-11-23T21:30", "timer", "stop", "--at", "17:00"))
    (entry,) = as_json(run("entries", "--format", "json"))
    assert entry["minutes"] == 9 * 60
    ok(run("--now", "2026-11-24T08:00", "timer", "start", "press"))
    forced = ok(run("--now", "2026-11-24T20:00", "timer", "start", "events", "--force"))
    assert "Stopped timer #2" in forced.stdout and "12 h" in forced.stdout


# ---------------------------------------------------------------- one date or the whole series


@pytest.fixture
def weekly(run: Run, db_path: Path) -> int:
    """A weekly post on Wednesdays from Wed 2 Dec 2026, 10:00."""
    added = ok(
        run("post", "add", "Tip", "-p", "X", "--at", "2026-12-02 10:00", "--repeat", "every wed")
    )
    return int(added.stdout)


def dates(db_path: Path) -> list[tuple[str, str, str | None, str]]:
    """(date, status, time, title) of every date from 1 to 31 Dec, as the calendar shows."""
    with Store.open(db_path) as store:
        return [
            (
                p.date.isoformat(),
                p.status.value,
                p.time.strftime("%H:%M") if p.time else None,
                p.title,
            )
            for p in store.occurrences_between(dt.date(2026, 12, 1), dt.date(2026, 12, 31))
        ]


@pytest.mark.parametrize(
    "args",
    [
        ["status", "{id}", "published"],
        ["move", "{id}", "thu", "11am"],
        ["rm", "{id}"],
        ["edit", "{id}", "--title", "New"],
    ],
)
def test_a_change_to_a_series_names_on_and_series(
    run: Run, db_path: Path, weekly: int, args: list[str]
) -> None:
    before = dump(db_path)
    refused = run("post", *[a.format(id=weekly) for a in args])
    assert refused.exit_code == 1
    assert refused.stderr.strip().splitlines()[-1] == (
        f"Error: post {weekly} repeats every Wed: add --on DAY for one date "
        "or --series for all of them"
    )
    assert dump(db_path) == before


def test_status_on_one_date_and_on_the_series(run: Run, db_path: Path, weekly: int) -> None:
    ok(
        run(
            "post",
            "status",
            str(weekly),
            "published",
            "--on",
            "2026-12-09",
            "--url",
            "https://x.com/1",
        )
    )
    assert [(d, s) for d, s, _, _ in dates(db_path)] == [
        ("2026-12-02", "idea"),
        ("2026-12-09", "published"),
        ("2026-12-16", "idea"),
        ("2026-12-23", "idea"),
        ("2026-12-30", "idea"),
    ]
    ok(run("post", "status", str(weekly), "ready", "--series"))
    assert [s for _, s, _, _ in dates(db_path)] == ["ready", "published", "ready", "ready", "ready"]


def test_move_one_date(run: Run, db_path: Path, weekly: int) -> None:
    ok(run("post", "move", str(weekly), "2026-12-17", "11:30", "--on", "2026-12-16"))
    assert [(d, t) for d, _, t, _ in dates(db_path)] == [
        ("2026-12-02", "10:00"),
        ("2026-12-09", "10:00"),
        ("2026-12-17", "11:30"),
        ("2026-12-23", "10:00"),
        ("2026-12-30", "10:00"),
    ]
    ok(run("post", "move", str(weekly), "2026-12-02", "9am", "--series"))
    assert [t for _, _, t, _ in dates(db_path)] == ["09:00", "09:00", "11:30", "09:00", "09:00"]


def test_rm_one_date_skips_it_and_restore_brings_it_back(
    run: Run, db_path: Path, weekly: int
) -> None:
    skipped = ok(run("post", "rm", str(weekly), "--on", "2026-12-23"))
    assert skipped.stdout.startswith(f"Skipped post #{weekly} on Wed 23 Dec 2026")
    assert "2026-12-23" not in [d for d, _, _, _ in dates(db_path)]
    ok(run("post", "restore", str(weekly), "--on", "2026-12-23"))
    assert "2026-12-23" in [d for d, _, _, _ in dates(db_path)]
    ok(run("post", "rm", str(weekly), "--series"))
    assert dates(db_path) == []


def test_edit_one_date(run: Run, db_path: Path, weekly: int) -> None:
    ok(run("post", "edit", str(weekly), "--title", "Holiday tip", "--on", "2026-12-23"))
    assert [t for _, _, _, t in dates(db_path)] == ["Tip", "Tip", "Tip", "Holiday tip", "Tip"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["status", "{id}", "published", "--on", "2026-12-03"],
            "'Tip' does not fall on Thu 3 Dec 2026",
        ),
        (["rm", "{id}", "--on", "2026-11-25"], "'Tip' does not fall on Wed 25 Nov 2026"),
        (["move", "{id}", "fri", "--on", "2026-12-10"], "'Tip' does not fall on Thu 10 Dec 2026"),
        (["status", "{id}", "ready", "--on", "2026-12-09", "--series"], "not both"),
        (["status", "{other}", "ready", "--on", "2026-12-09"], "does not repeat; drop --on"),
        (["status", "{other}", "ready", "--series"], "does not repeat; drop --series"),
        (["status", "{id}", "ready", "--on", "someday"], "Error: "),
    ],
)
def test_a_date_off_the_series_is_refused(
    run: Run, db_path: Path, weekly: int, args: list[str], message: str
) -> None:
    other = int(ok(run("post", "add", "Once", "-p", "X", "--at", "2026-12-04")).stdout)
    before = dump(db_path)
    refused = run("post", *[a.format(id=weekly, other=other) for a in args])
    assert refused.exit_code == 1
    assert message in refused.stderr
    assert dump(db_path) == before


def test_a_plain_post_needs_neither(run: Run, db_path: Path) -> None:
    post_id = ok(run("post", "add", "Once", "-p", "X", "--at", "2026-12-04")).stdout.strip()
    ok(run("post", "status", post_id, "ready"))
    ok(run("post", "move", post_id, "2026-12-05"))
    assert [(d, s) for d, s, _, _ in dates(db_path)] == [("2026-12-05", "ready")]
    ok(run("post", "rm", post_id))
    assert dates(db_path) == []


def test_log_trim_and_split_answer_an_overlap(run: Run, db_path: Path) -> None:
    ok(run("log", "13:00-15:00", "events"))
    refused = run("log", "13:30-14:00", "social")
    assert "add --trim or --split to cut the other entries, or --force" in refused.stderr
    ok(run("log", "13:30-14:00", "social", "--split"))
    entries = as_json(run("entries", "--format", "json"))
    assert [(e["duty"], e["start"][11:16], e["end"][11:16]) for e in entries] == [
        ("events", "13:00", "13:30"),
        ("social media", "13:30", "14:00"),
        ("events", "14:00", "15:00"),
    ]


# ---------------------------------------------------------------- a database that is not there

READ_ONLY_COMMANDS = [
    ["post", "list"],
    ["post", "show", "1"],
    ["entries", "--week"],
    ["report", "--week", "--format", "md"],
    ["export", "ics"],
    ["export", "all", "out-dir"],
    ["search", "gala"],
    ["check"],
    ["backup"],
    ["timer", "status"],
    ["platforms"],
    ["duties"],
    ["campaigns"],
]


@pytest.mark.parametrize("args", READ_ONLY_COMMANDS, ids=" ".join)
def test_a_read_only_command_on_a_missing_database_says_so_and_creates_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "typo" / "calepin.db"
    result = CliRunner().invoke(cli, ["--db", str(missing), "--now", NOW_ARG, *args])
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Error: no database at {missing};")
    assert "--db" in result.output and "creates it" in result.output
    assert not missing.parent.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]  # no file, no folder


def test_the_default_database_missing_is_not_created_by_a_listing(isolated_home: Path) -> None:
    result = CliRunner().invoke(cli, ["--now", NOW_ARG, "post", "list"])
    assert result.exit_code == 1
    assert "Error: no database at" in result.output
    assert not (isolated_home / "data").exists()


def test_a_writing_command_still_creates_the_database(tmp_path: Path) -> None:
    path = tmp_path / "new" / "calepin.db"
    path.parent.mkdir()
    saved = CliRunner().invoke(cli, ["--db", str(path), "--now", NOW_ARG, "log", "1h", "social"])
    assert saved.exit_code == 0, saved.output
    assert path.exists()
    listed = CliRunner().invoke(cli, ["--db", str(path), "--now", NOW_ARG, "entries"])
    assert listed.exit_code == 0 and "social media" in listed.output


def test_the_demo_is_never_missing() -> None:
    result = CliRunner().invoke(cli, ["--demo", "--now", NOW_ARG, "post", "list"])
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------- dates without a year


def test_from_and_to_without_a_year_in_december(run: Run, db_path: Path) -> None:
    # the README's own line, run on Sunday 6 December: both ends in December 2026
    ok(run("post", "add", "Gala recap", "--platform", "facebook", "--at", "2026-12-03"))
    runner = CliRunner()

    def at_6_dec(*args: str) -> Result:
        return runner.invoke(cli, ["--db", str(db_path), "--now", "2026-12-06T10:00", *args])

    listed = at_6_dec("post", "list", "--from", "1 dec", "--to", "31 dec", "--format", "json")
    assert listed.exit_code == 0, listed.output
    assert [p["date"] for p in json.loads(listed.stdout)] == ["2026-12-03"]
    # a --to before --from is the next one after it: 20 Dec 2026 … 5 Jan 2027
    over_new_year = at_6_dec("entries", "--from", "20 dec", "--to", "5 jan", "--format", "json")
    assert over_new_year.exit_code == 0, over_new_year.output
    # both with a year and the wrong way round: refused
    refused = at_6_dec("post", "list", "--from", "2026-12-20", "--to", "2026-12-10")
    assert refused.exit_code == 1
    assert "Error: the period ends (2026-12-10) before it starts (2026-12-20)" in refused.output


def test_every_from_to_pair_follows_the_same_rule(run: Run, db_path: Path, tmp_path: Path) -> None:
    # on Monday 23 Nov 2026 "5 jan" alone is 5 Jan 2027; after 10 Jan 2027 it is 5 Jan 2028
    Store.open(db_path).close()
    ok(run("campaigns", "add", "Long winter", "--start", "2027-01-10", "--end", "5 jan"))
    (campaign,) = as_json(run("campaigns", "--format", "json"))
    assert (campaign["start"], campaign["end"]) == ("2027-01-10", "2028-01-05")
    out = tmp_path / "pair.ics"
    ok(run("export", "ics", "--from", "2027-01-10", "--to", "5 jan", "-o", str(out)))
    assert out.exists()
    meetings = str(ROOT / "tests" / "fixtures" / "outlook-meetings.ics")
    refused = run("import", "ics", meetings, "--from", "2026-12-20", "--to", "2026-12-10")
    assert refused.exit_code == 1
    assert "Error: the period ends (2026-12-10) before it starts (2026-12-20)" in refused.output


def test_export_ics_keeps_notes_private_unless_asked(
    run: Run, db_path: Path, tmp_path: Path
) -> None:
    import icalendar

    from storage import EntryDraft, PostDraft

    store = Store.open(db_path)
    day = dt.date(2026, 11, 25)
    store.add_post(PostDraft("Launch", "Instagram", date=day, notes="secret: budget cut"))
    start = dt.datetime(2026, 11, 24, 9, tzinfo=dt.UTC)
    store.add_entry(EntryDraft("meetings", start, start + dt.timedelta(hours=1), None, "HR chat"))
    store.close()
    private, shared = tmp_path / "private.ics", tmp_path / "shared.ics"
    period = ["--from", "2026-11-01", "--to", "2026-11-30", "--with-time"]
    ok(run("export", "ics", *period, "-o", str(private)))
    ok(run("export", "ics", *period, "--include-notes", "-o", str(shared)))

    def texts(path: Path) -> str:
        events = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
        return " ".join(str(e.get("SUMMARY", "")) + str(e.get("DESCRIPTION", "")) for e in events)

    assert "secret" not in texts(private) and "HR chat" not in texts(private)
    assert "secret: budget cut" in texts(shared) and "HR chat" in texts(shared)
