"""Bounded work and forgiving text (issue 12): absurd ids, years out of range, ranges over
centuries, copy and spreadsheets in the wrong encoding or too long — each a clear `Error: …`
with the database untouched; the grammar and the CSV importer fuzzed with hypothesis."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporters.csv_import import MAX_CELL, import_posts, read_posts_csv
from storage import ParseError, Store, ValidationError
from storage.grammar import parse_duration, parse_log_line, parse_repeat, parse_when
from tui.cli import cli

NOW_ARG = "2026-11-23T15:00"
NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=ZoneInfo("America/Toronto"))
TODAY = NOW.date()


def run(db: Path, *args: str, input: str | bytes | None = None) -> Result:
    result = CliRunner().invoke(cli, ["--db", str(db), "--now", NOW_ARG, *args], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    db = tmp_path / "calepin.db"
    for args in (
        ("post", "add", "Daily tip", "-p", "Facebook", "--at", "2026-12-01 9am", "--repeat", "daily"),
        ("post", "add", "Weekly", "-p", "Facebook", "--at", "2026-12-01 10am", "--repeat", "every tue"),
        ("post", "add", "One off", "-p", "Facebook", "--at", "2026-12-03 11am"),
    ):  # fmt: skip
        assert run(db, *args).exit_code == 0
    return db


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _cases(tmp: Path) -> list[tuple[tuple[str, ...], int, str]]:
    latin1_mix = _write(tmp / "mix.csv", "date,platform,title\n2026-12-01,Facebook,Café\n".encode()
                        + "2026-12-02,Facebook,Naïve\n".encode("latin-1"))  # fmt: skip
    long_cell = _write(
        tmp / "long.csv",
        b"date,platform,title,message\n2026-12-01,Facebook,ok,short\n"
        + b"2026-12-02,Facebook,long,"
        + b"x" * 131_073
        + b"\n",
    )
    nul = _write(tmp / "nul.csv", b"date,platform,title\n2026-12-01,Face\x00book,x\n")
    undefined = _write(tmp / "undef.csv", b"date,platform,title\n2026-12-01,Facebook,x\x81\n")
    body_mix = _write(tmp / "body.txt", "caf\u00e9\n".encode() + "na\u00efve\n".encode("latin-1"))
    return [
        (("post", "show", "99999999999999999999"), 1, "no post 99999999999999999999"),
        (("post", "rm", "99999999999999999999"), 1, "no post 99999999999999999999"),
        (("post", "edit", "99999999999999999999", "--title", "x"), 1, "no post"),
        (("post", "status", "99999999999999999999", "ready"), 1, "no post"),
        (("post", "move", "99999999999999999999", "tue"), 1, "no post"),
        (("entry", "rm", "99999999999999999999"), 1, "no entry 99999999999999999999"),
        (("report", "--month", "0000-01"), 1, "0000-01"),
        (("report", "--month", "10000-01"), 2, "10000-01"),
        (("report", "--month", "2026-00"), 2, "2026-00"),
        (("report", "--year", "0000"), 1, "the year 0 is out of range"),
        (("report", "--year", "9999"), 1, "the year 9999"),
        (("report", "--quarter", "0000-Q1"), 1, "0000-Q1"),
        (("report", "--week", "0001-01-01"), 1, "0001-01-01"),
        (("report", "--from", "0000-01-01"), 1, "0000-01-01"),
        (("post", "list", "--from", "0001-01-01", "--to", "2026-12-31"), 1, "0001-01-01"),
        (("post", "list", "--week", "9999-12-31"), 1, "9999-12-31"),
        (("entries", "--from", "2026-01-01", "--to", "9999-12-31"), 1, "9999-12-31"),
        (("post", "list", "--from", "2026-12-01", "--to", "2999-12-31"), 1, "10 years"),
        (("import", "csv", str(latin1_mix)), 1, "line 3"),
        (("import", "csv", str(long_cell)), 1, "line 3"),
        (("import", "csv", str(nul)), 1, "line 2"),
        (("import", "csv", str(undefined)), 1, "line 2"),
        (("post", "edit", "3", "--body-file", str(body_mix)), 1, "line 2"),
    ]


def test_every_refusal_is_an_error_with_the_database_untouched(
    seeded: Path, tmp_path: Path
) -> None:
    for args, code, needle in _cases(tmp_path):
        before = seeded.read_bytes()
        result = run(seeded, *args)
        assert result.exit_code == code, (args, result.output)
        assert "Error: " in result.stderr and "unexpected" not in result.stderr, (
            args,
            result.stderr,
        )
        assert needle in result.stderr, (args, result.stderr)
        assert seeded.read_bytes() == before, args


def test_a_normal_range_still_lists_every_occurrence(seeded: Path) -> None:
    import json

    listed = json.loads(
        run(seeded, "post", "list", "--from", "2026-12-01", "--to", "2036-11-30", "--format", "json").stdout
    )  # fmt: skip
    titles = [p["title"] for p in listed]
    assert titles.count("Daily tip") == (dt.date(2036, 11, 30) - dt.date(2026, 12, 1)).days + 1
    assert titles.count("One off") == 1 and titles.count("Weekly") == 522


def test_the_largest_sqlite_id_is_simply_not_found(seeded: Path) -> None:
    result = run(seeded, "post", "show", str(2**63 - 1))
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_body_files_in_windows_1252_are_read_as_the_csv_importer_reads_them(
    seeded: Path, tmp_path: Path
) -> None:
    body = _write(tmp_path / "latin.txt", "Café crème\n".encode("cp1252"))
    assert run(seeded, "post", "edit", "3", "--body-file", str(body)).exit_code == 0
    assert run(seeded, "post", "show", "3").stdout.rstrip().endswith("Café crème")


def test_a_cell_up_to_the_longest_body_imports(store: Store) -> None:
    data = b"date,platform,title,message\n2026-12-01,Facebook,long," + b"x" * MAX_CELL + b"\n"
    plan = read_posts_csv(data, store, today=TODAY)
    assert plan.ok and len(plan.drafts[0][1].body) == MAX_CELL


# ------------------------------------------------------------------------ fuzzing

_WORDS = st.sampled_from(
    ["1h", "30m", "1h30", "tue", "last", "next", "fri", "3", "dec", "2026-12-03", "0000-01-01",
     "9999-12-31", "99999999999999999999", "10am", "14:30", "every", "2", "weeks", "on", "the",
     "first", "last", "thu", "monthly", "daily", "until", "for", "times", "comms", "@", "#", "-",
     "to", "from", "yesterday", ":", "h", "min", "é", "\x00", "\u202e", "  "]
)  # fmt: skip
_TEXT = st.one_of(st.text(max_size=60), st.lists(_WORDS, max_size=8).map(" ".join))
_GRAMMAR = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@_GRAMMAR
@given(text=_TEXT)
def test_the_grammar_raises_only_its_own_errors(store: Store, text: str) -> None:
    duties, activities = store.duties(), store.activities()
    for parse in (
        lambda: parse_log_line(text, NOW, duties, activities),
        lambda: parse_when(text, NOW),
        lambda: parse_when(text, NOW, prefer="past"),
        lambda: parse_duration(text),
        lambda: parse_repeat(text, TODAY),
    ):
        with contextlib.suppress(ParseError, ValidationError):
            parse()


def _dump(path: Path) -> bytes:
    """Every page of the database: stricter than comparing its SQL dump, and a tenth of the
    cost (the dump quoted every row again on each of the examples, as the store grew)."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return conn.serialize()


_CELL = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["2026-12-01", "03/12/2026", "12/13/2026", "0000-01-01", "Facebook", "fb",
                     "10am", "25:00", "published", "=1+1", "é", "\x00", ""]),
)  # fmt: skip
_ROWS = st.lists(st.lists(_CELL, min_size=1, max_size=6), max_size=6).map(
    lambda rows: [["date", "time", "platform", "title", "status", "campaign"], *rows]
)


def _csv_bytes(rows: list[list[str]], encoding: str, delimiter: str) -> bytes:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


_FILES = st.one_of(
    st.binary(max_size=400),
    st.builds(_csv_bytes, _ROWS, st.sampled_from(["utf-8", "cp1252", "latin-1"]), st.sampled_from([",", ";", "\t"])),
)  # fmt: skip


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=_FILES)
def test_the_csv_importer_imports_or_refuses_cleanly(
    store: Store, db_path: Path, data: bytes
) -> None:
    before = _dump(db_path)
    try:
        plan = read_posts_csv(data, store, today=TODAY)
    except ValidationError:
        assert _dump(db_path) == before
        return
    if not plan.ok:
        with pytest.raises(ValidationError):
            import_posts(store, plan)
        assert _dump(db_path) == before
        return
    if plan.drafts:
        import_posts(store, plan)
        assert _dump(db_path) != before


def test_an_open_end_lists_repeating_posts_over_a_bounded_span(seeded: Path) -> None:
    result = run(seeded, "post", "list", "--from", "2026-12-01", "--format", "json")
    assert result.exit_code == 0, result.output
    days = [row["date"] for row in json.loads(result.stdout) if row["date"]]
    assert days and min(days) >= "2026-12-01"
    assert max(days) < "2036-12-31"  # ten years of a daily series, not up to the year 9999
