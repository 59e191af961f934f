"""The hostile corpus (issue 12, Must show): 100+ hostile inputs through the CLI, imports,
exports and the TUI. Every refusal is `Error: …` on stderr — exit 1, or 2 for a click usage
error — with no traceback, no "unexpected" and the database file byte-identical; every input
that is accepted reads back as the text that was typed (text is text) or cleaned as promised.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from storage import Store
from tests.conftest import ZONE_NAME
from tui.cli import cli

NOW_ARG = "2026-11-23T15:00"
BIG = "x" * 1_000_000  # a 1 MB title
BODY = "y" * 200_000  # a 200 k body


def _invoke(db: Path, *args: str, input: str | bytes | None = None) -> Result:
    result = CliRunner().invoke(cli, ["--db", str(db), "--now", NOW_ARG, *args], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded database made once: #1 a daily series from 1 Dec, #2 a one-off with notes,
    entry #1, a campaign; copied per test."""
    db = tmp_path_factory.mktemp("seed") / "calepin.db"
    for args in (
        ("post", "add", "Daily tip", "-p", "Facebook", "--at", "2026-12-01 9am", "--repeat", "daily"),
        ("post", "add", "One off", "-p", "Facebook", "--at", "2026-12-03 11am", "--notes", "n"),
        ("log", "1h", "admin", "replied"),
        ("campaigns", "add", "Fair"),
    ):  # fmt: skip
        assert _invoke(db, *args).exit_code == 0
    return db


@pytest.fixture
def db(template: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "calepin.db"
    shutil.copyfile(template, copy)
    return copy


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("hostile-files")
    made: dict[str, bytes] = {
        "garbage.ics": bytes(range(256)) * 8,
        "garbage.csv": b"\xff\xfe\x00\x00" + bytes(range(256)) * 8,
        "empty.ics": b"",
        "empty.csv": b"",
        "header-only.csv": b"date,platform,title\n",
        "no-header.csv": b"hello,world\n1,2\n",
        "bad-date.csv": b"date,platform,title\n2026-02-31,Facebook,x\n",
        "bad-platform.csv": b"date,platform,title\n2026-12-01,Myspace2,x\n",
        "bad-time.csv": b"date,time,platform,title\n2026-12-01,25:00,Facebook,x\n",
        "no-title.csv": b"date,platform,title\n2026-12-01,Facebook,   \n",
        "utf16.csv": "date,platform,title\n2026-12-01,Facebook,x\n".encode("utf-16"),
        "not-a-calendar.ics": b"BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n",
        "no-events.ics": b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
        "truncated.ics": b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:2026112",
        "body-bin.txt": b"\x00\x01\x02\xff\xfe" * 100,
    }
    out = {}
    for name, data in made.items():
        (folder / name).write_bytes(data)
        out[name] = str(folder / name)
    (folder / "a-folder.ics").mkdir()
    (folder / "a-folder.csv").mkdir()
    out["a-folder.ics"] = str(folder / "a-folder.ics")
    out["a-folder.csv"] = str(folder / "a-folder.csv")
    out["missing.ics"] = str(folder / "missing.ics")
    out["missing.csv"] = str(folder / "missing.csv")
    out["missing-dir"] = str(folder / "missing-dir")
    out["folder"] = str(folder)
    return out


def _r(*args: str, code: int = 1, id: str):
    return pytest.param(args, code, id=id)


# ------------------------------------------------------------------------ refusals

REFUSED = [
    # dates and times
    _r("post", "add", "x", "-p", "Facebook", "--at", "31 feb", id="at-31-feb"),
    # invisible text
    _r("post", "add", "\u200b\ufeff\u2060", "-p", "Facebook", id="title-only-invisible"),
    _r("post", "add", "a\u202eb", "-p", "Facebook", id="title-rtl-override"),
    _r("post", "add", "x", "-p", "Facebook", "--body", "b\u2066c", id="body-rtl-isolate"),
    _r("log", "1h", "admin", "a\u202eb", id="log-note-rtl-override"),
    _r("duties", "add", "\u200b", id="duty-only-invisible"),
    _r("post", "add", "x", "-p", "Facebook", "--at", "2026-02-30", id="at-iso-30-feb"),
    _r("post", "add", "x", "-p", "Facebook", "--at", "tue 25:00", id="at-25h"),
    _r("post", "add", "x", "-p", "Facebook", "--at", "tue 10:75", id="at-minute-75"),
    _r("post", "add", "x", "-p", "Facebook", "--at", "0000-01-01", id="at-year-0"),
    _r("post", "add", "x", "-p", "Facebook", "--at", "10000-01-01", id="at-year-10000"),
    _r("post", "add", "x", "-p", "Facebook", "--at", "13/13/2026", id="at-13-13"),
    _r("post", "add", "x", "-p", "Facebook", "--at", "banana", id="at-word"),
    _r("post", "add", "x", "-p", "Facebook", "--at", "\x00", id="at-nul"),
    _r("post", "add", "x", "-p", "Facebook", "--at", "tue 4-2pm", id="at-range"),
    _r("post", "edit", "2", "--at", "32 dec", id="edit-at-32-dec"),
    _r("post", "move", "2", "31 feb", id="move-31-feb"),
    _r("post", "move", "2", "9999-12-32", id="move-9999-12-32"),
    _r("post", "list", "--from", "31 feb", id="list-from-31-feb"),
    _r("post", "list", "--from", "2026-12-10", "--to", "2026-12-01", id="list-to-before-from"),
    _r("post", "list", "--week", "0000-01-01", id="list-week-year-0"),
    _r("entries", "--from", "yesterdayy", id="entries-from-typo"),
    _r("entries", "--week", "2026-13-01", id="entries-week-month-13"),
    _r("report", "--month", "2026-13", code=2, id="report-month-13"),
    _r("report", "--month", "feb", code=2, id="report-month-word"),
    _r("export", "ics", "--from", "31 feb", id="export-ics-from-31-feb"),
    _r("export", "ics", "--from", "2026-12-10", "--to", "2026-12-01", id="export-ics-reversed"),
    _r("off", "add", "31 feb", id="off-31-feb"),
    _r("off", "add", "2026-12-24..2026-12-01", id="off-reversed-range"),
    _r("off", "add", "0000-01-01", id="off-year-0"),
    # durations and log lines
    _r("log", "-1h", "admin", id="log-negative-duration-as-option"),
    _r("log", "--", "-1h", "admin", id="log-negative-duration"),
    _r("log", "0h", "admin", id="log-zero"),
    _r("log", "25:00", "admin", id="log-25h"),
    _r("log", "14:00", "admin", id="log-14-00-ambiguous"),
    _r("log", "4-2pm", "admin", id="log-4-2pm-backwards"),
    _r("log", "99999h", "admin", id="log-99999h"),
    _r("log", "1h", id="log-no-duty"),
    _r("log", "1h", "nosuchduty", id="log-unknown-duty"),
    _r("log", "\x00", id="log-nul"),
    _r("log", "\u202e1h", "admin", id="log-rtl-before-duration"),
    _r("post", "add", "x", "-p", "Facebook", "--estimate", "-1h", id="estimate-negative"),
    _r("post", "add", "x", "-p", "Facebook", "--estimate", "forever", id="estimate-word"),
    _r("post", "add", "x", "-p", "Facebook", "--estimate", "99999h", id="estimate-huge"),
    _r("post", "add", "x", "-p", "Facebook", "--estimate", "1:30:00:00", id="estimate-colons"),
    # unknown names
    _r("post", "add", "x", "-p", "Myspace2", id="unknown-platform"),
    _r("post", "add", "x", "-p", "", code=2, id="empty-platform"),
    _r("post", "add", "x", "-p", "Facebook", "--status", "done-ish", id="unknown-status"),
    _r("post", "add", "x", "-p", "Facebook", "--campaign", "Nope", id="unknown-campaign"),
    _r("post", "status", "2", "finished", id="status-unknown"),
    _r("post", "status", "2", "", id="status-empty"),
    _r("post", "edit", "2", "-p", "\x1b[31mred", id="edit-platform-escape"),
    _r("post", "list", "-p", "Myspace2", id="list-unknown-platform"),
    _r("post", "list", "--status", "zzz", id="list-unknown-status"),
    _r("post", "list", "--campaign", "Nope", id="list-unknown-campaign"),
    _r("entries", "-d", "nosuchduty", id="entries-unknown-duty"),
    _r("timer", "start", "nosuchduty", id="timer-unknown-duty"),
    _r("import", "ics", "{garbage.ics}", "--duty", "nosuchduty", id="import-ics-unknown-duty"),
    _r("export", "ics", "--platform", "Myspace2", id="export-ics-unknown-platform"),
    _r("export", "ics", "--campaign", "Nope", id="export-ics-unknown-campaign"),
    # titles
    _r("post", "add", "", "-p", "Facebook", id="title-empty"),
    _r("post", "add", "   ", "-p", "Facebook", id="title-spaces"),
    _r("post", "add", "\t\n\r", "-p", "Facebook", id="title-whitespace"),
    _r("post", "add", "\x00", "-p", "Facebook", id="title-only-nul"),
    _r("post", "add", BIG, "-p", "Facebook", id="title-1mb"),
    _r("post", "edit", "2", "--title", "", id="edit-title-empty"),
    _r("post", "edit", "2", "--title", "  \t ", id="edit-title-whitespace"),
    _r("post", "edit", "2", "--title", BIG, id="edit-title-1mb"),
    _r("post", "add", "x", "-p", "Facebook", "--body", "z" * 1_000_001, id="body-1mb"),
    _r("post", "add", "x", "-p", "Facebook", "--notes", "z" * 1_000_001, id="notes-1mb"),
    _r("campaigns", "add", "", id="campaign-empty"),
    _r("campaigns", "add", "Fair", id="campaign-duplicate"),
    _r("platforms", "add", " ", id="platform-blank"),
    _r("duties", "add", "", id="duty-empty"),
    _r("log", "1h", "admin", BIG, id="log-note-1mb"),
    # control characters are refused, named, never stored
    _r("post", "add", "a\x00b", "-p", "Facebook", id="title-nul"),
    _r("post", "add", "a\x1b[31mred", "-p", "Facebook", id="title-ansi-escape"),
    _r("post", "add", "a\rb", "-p", "Facebook", id="title-carriage-return"),
    _r("post", "add", "line\nbreak", "-p", "Facebook", id="title-newline"),
    _r("post", "edit", "2", "--title", "x\x07", id="edit-title-bell"),
    _r("post", "add", "x", "-p", "Facebook", "--notes", "n\x00o", id="notes-nul"),
    _r("post", "add", "x", "-p", "Facebook", "--body", "b\x1b[2J", id="body-clear-screen"),
    _r("log", "1h", "admin", "a\x1b[31mred", id="log-note-ansi-escape"),
    _r("post", "add", "x", "-p", "Facebook", "--body", BODY, id="body-200k"),
    _r("post", "add", "x" * 200_000, "-p", "Facebook", id="title-200k"),
    _r("search", "\x00", id="search-nul"),
    _r("search", '"', id="search-lone-quote"),
    _r("search", "*", id="search-star"),
    _r("search", "(", id="search-paren"),
    _r("search", "^", id="search-caret"),
    # links
    _r("post", "add", "x", "-p", "Facebook", "--link", "javascript:alert(1)", id="link-javascript"),
    _r("post", "add", "x", "-p", "Facebook", "--url", "not a url", id="url-not-a-url"),
    _r("post", "add", "x", "-p", "Facebook", "--link", "file:///etc/passwd", id="link-file"),
    # ids
    _r("post", "show", "0", id="show-id-0"),
    _r("post", "show", "-1", code=2, id="show-id-negative"),
    _r("post", "show", "abc", code=2, id="show-id-word"),
    _r("post", "show", "1e9", code=2, id="show-id-float"),
    _r("post", "show", "9" * 40, id="show-id-40-digits"),
    _r("post", "show", str(2**63), id="show-id-2-63"),
    _r("post", "edit", str(2**64), "--title", "x", id="edit-id-2-64"),
    _r("post", "rm", "9" * 400, id="rm-id-400-digits"),
    _r("post", "restore", "9" * 30, id="restore-id-huge"),
    _r("entry", "rm", "0", id="entry-rm-0"),
    _r("entry", "rm", str(2**63), id="entry-rm-2-63"),
    _r("off", "rm", "9" * 30, id="off-rm-huge"),
    # repeating posts
    _r("post", "add", "x", "-p", "Facebook", "--at", "tue", "--repeat", "every blursday", id="repeat-word"),
    _r("post", "add", "x", "-p", "Facebook", "--at", "tue", "--repeat", "every 0 days", id="repeat-every-0"),
    _r("post", "add", "x", "-p", "Facebook", "--at", "tue", "--repeat", "every -2 weeks", id="repeat-negative"),
    _r("post", "add", "x", "-p", "Facebook", "--at", "tue", "--repeat", "FREQ=SECONDLY", id="repeat-raw-secondly"),
    _r("post", "add", "x", "-p", "Facebook", "--at", "tue", "--repeat", "monthly on the 32nd", id="repeat-32nd"),
    _r("post", "add", "x", "-p", "Facebook", "--at", "tue", "--repeat", "daily until 31 feb", id="repeat-until-31-feb"),
    _r("post", "add", "x", "-p", "Facebook", "--at", "tue", "--repeat", "daily for 0 times", id="repeat-zero-times"),
    _r("post", "add", "x", "-p", "Facebook", "--repeat", "daily", id="repeat-without-date"),
    _r("post", "rm", "1", "--on", "2026-11-01", id="on-before-series"),
    _r("post", "rm", "1", "--on", "31 feb", id="on-31-feb"),
    _r("post", "rm", "2", "--on", "2026-12-03", id="on-not-a-series"),
    _r("post", "move", "1", "fri", "--on", "2026-11-30", id="move-on-not-in-series"),
    _r("post", "status", "1", "ready", "--on", "0000-01-01", id="status-on-year-0"),
    _r("post", "edit", "1", "--title", "x", "--on", "2026-12-02", "--series", id="on-and-series"),
    # search (FTS syntax is text)
    # formats
    _r("post", "list", "--format", "xml", code=2, id="list-format-xml"),
    _r("entries", "--format", "", code=2, id="entries-format-empty"),
    _r("search", "x", "--format", "yaml", code=2, id="search-format-yaml"),
    _r("campaigns", "--format", "JSON;DROP", code=2, id="campaigns-format-injection"),
    _r("search", "x", "--limit", "-1", code=2, id="search-limit-negative"),
    _r("export", "ics", "--event-minutes", "0", code=2, id="event-minutes-0"),
    _r("export", "ics", "--event-minutes", "99999999999999999999", code=2, id="event-minutes-huge"),
    # files
    _r("import", "ics", "{missing.ics}", id="import-ics-missing"),
    _r("import", "ics", "{a-folder.ics}", code=2, id="import-ics-directory"),
    _r("import", "ics", "{garbage.ics}", id="import-ics-binary-garbage"),
    _r("import", "ics", "{truncated.ics}", id="import-ics-truncated"),
    _r("import", "csv", "{missing.csv}", id="import-csv-missing"),
    _r("import", "csv", "{a-folder.csv}", code=2, id="import-csv-directory"),
    _r("import", "csv", "{garbage.csv}", id="import-csv-binary-garbage"),
    _r("import", "csv", "{empty.csv}", id="import-csv-empty"),
    _r("import", "csv", "{no-header.csv}", id="import-csv-no-header"),
    _r("import", "csv", "{bad-date.csv}", id="import-csv-31-feb"),
    _r("import", "csv", "{bad-platform.csv}", id="import-csv-unknown-platform"),
    _r("import", "csv", "{bad-time.csv}", id="import-csv-25h"),
    _r("import", "csv", "{no-title.csv}", id="import-csv-blank-title"),
    _r("import", "all", "{missing-dir}", id="import-all-missing"),
    _r("import", "all", "{folder}", id="import-all-not-an-export"),
    _r("post", "edit", "2", "--body-file", "{missing.csv}", code=2, id="body-file-missing"),
    _r("post", "edit", "2", "--body-file", "{a-folder.csv}", code=2, id="body-file-directory"),
    _r("post", "edit", "2", "--body-file", "{body-bin.txt}", id="body-file-binary"),
    _r("export", "ics", "-o", "{a-folder.ics}", id="export-ics-into-directory"),
    _r("export", "ics", "-o", "{missing-dir}/x/y.ics", id="export-ics-missing-folder"),
    _r("export", "ics", "-o", "/dev/full", id="export-ics-device"),
    _r("export", "all", "{garbage.csv}", code=2, id="export-all-onto-a-file"),
]  # fmt: skip


def _fill(args: tuple[str, ...], files: dict[str, str]) -> list[str]:
    out = []
    for arg in args:
        for name, path in files.items():
            arg = arg.replace("{" + name + "}", path)
        out.append(arg)
    return out


@pytest.mark.parametrize(("args", "code"), REFUSED)
def test_refused_with_a_clear_message_and_the_database_untouched(
    db: Path, files: dict[str, str], args: tuple[str, ...], code: int
) -> None:
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    result = _invoke(db, *_fill(args, files))
    assert result.exit_code == code, (result.exit_code, result.output[:500])
    lines = result.stderr.splitlines()
    errors = [n for n, line in enumerate(lines) if line.startswith("Error: ")]
    assert errors, result.stderr[:500]
    # Before the one `Error: ` line: nothing, click's usage (exit 2), or the rows of a file
    # each named by its line (`line 2: '2026-02-31' is not a real date`).
    before = lines[: errors[0]]
    assert code == 2 or all(line.startswith("line ") for line in before), result.stderr[:500]
    assert "Traceback" not in result.output and "unexpected" not in result.output.lower()
    assert len(result.stderr) < 2000, "the message is short, not an echo of the input"
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


# ------------------------------------------------------------------------ accepted as text


def _newest_post(db: Path) -> dict:
    listed = json.loads(_invoke(db, "post", "list", "--backlog", "--format", "json").stdout)
    return max(listed, key=lambda post: post["id"])


MARKUP = "[/] [b]x [@click=app.quit] <script>alert(1)</script> [x](javascript:alert(1))"


@pytest.mark.parametrize(
    ("title", "extra", "field", "expected"),
    [
        pytest.param(MARKUP, (), "title", MARKUP, id="markup-title-literal"),
        pytest.param("=1+1", (), "title", "=1+1", id="formula-title-literal"),
        pytest.param("\u200bzw\ufeff", (), "title", "zw", id="zero-width-ends-trimmed"),
        pytest.param("a\u200db", (), "title", "a\u200db", id="zero-width-inside-kept"),
        pytest.param("\u05e9\u05dc\u05d5\u05dd!\u200f", (), "title", "\u05e9\u05dc\u05d5\u05dd!\u200f",
                     id="rtl-mark-kept"),
        pytest.param("  padded  ", (), "title", "padded", id="title-trimmed"),
        pytest.param("x" * 300, (), "title", "x" * 300, id="title-at-the-limit"),
        pytest.param("é 日本 🎉", (), "title", "é 日本 🎉", id="unicode-title"),
        pytest.param("x", ("--notes", MARKUP), "notes", MARKUP, id="markup-notes-literal"),
        pytest.param("x", ("--notes", "a\nb"), "notes", "a\nb", id="notes-newline-kept"),
        pytest.param("x", ("--body", "y" * 100_000), "body", "y" * 100_000, id="body-at-the-limit"),
        pytest.param("x", ("--body", "'; DROP TABLE posts; --"), "body",
                     "'; DROP TABLE posts; --", id="sql-body-literal"),
    ],
)  # fmt: skip
def test_accepted_text_reads_back_as_typed(
    db: Path, title: str, extra: tuple[str, ...], field: str, expected: str
) -> None:
    result = _invoke(db, "post", "add", title, "-p", "Facebook", *extra)
    assert result.exit_code == 0, result.output[:500]
    assert _newest_post(db)[field] == expected


@pytest.mark.parametrize(
    "words",
    [
        pytest.param("NEAR(x y)", id="fts-near"),
        pytest.param('"unclosed', id="fts-unclosed-quote"),
        pytest.param("AND OR NOT", id="fts-operators"),
        pytest.param("title:x", id="fts-column"),
        pytest.param("tip*", id="fts-prefix"),
        pytest.param("x" * 1000, id="fts-1000-chars"),
        pytest.param("[b]x", id="markup-query"),
    ],
)
def test_search_syntax_is_words_not_a_query_language(db: Path, words: str) -> None:
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    result = _invoke(db, "search", words)
    assert result.exit_code == 0, result.output[:500]
    assert "Traceback" not in result.output and "Error" not in result.output
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


@pytest.mark.parametrize(
    "name", ["empty.ics", "not-a-calendar.ics", "no-events.ics", "header-only.csv"]
)
def test_an_import_with_nothing_in_it_changes_nothing(
    db: Path, files: dict[str, str], name: str
) -> None:
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    kind = name.rsplit(".", 1)[1]
    result = _invoke(db, "import", kind, files[name])
    assert "Traceback" not in result.output and "unexpected" not in result.output.lower()
    assert result.exit_code in (0, 1), result.output
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


def test_markup_names_are_saved_and_listed_literally(db: Path) -> None:
    assert _invoke(db, "campaigns", "add", "[/]<b>x</b>").exit_code == 0
    listed = json.loads(_invoke(db, "campaigns", "--format", "json").stdout)
    assert "[/]<b>x</b>" in [c["name"] for c in listed]


# ------------------------------------------------------------------------ TUI


@pytest.fixture
def week(store: Store) -> Store:
    """The TUI tests' realistic week (tests/tui/conftest.py), written by a second connection."""
    from tests.tui.conftest import _seed

    with Store.open(store.path, zone_name=ZONE_NAME) as other:
        _seed(other)
    return store


# One app per test for the cases below (starting the app was most of each case's CPU): the
# refused lines or titles first, each checked to leave nothing behind before the next, then the
# one that is saved. Each assertion names its case.
BAR_LINES = [
    ("bar-25h", "25:00 admin", None),
    ("bar-negative", "-1h admin", None),
    ("bar-unknown-duty", "1h nosuchduty", None),
    ("bar-rtl-override-note", "1h admin a\u202eb", None),
    ("bar-markup", "1h admin [/] [@click=app.quit]", "[/] [@click=app.quit]"),
]


async def test_a_hostile_line_in_the_command_bar(store: Store) -> None:
    from textual.widgets import Input

    from tests.tui.conftest import make_app
    from tui.widgets.command_bar import EchoLine

    app = make_app(store)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        for case, line, saved in BAR_LINES:
            await pilot.press("colon")
            bar = app.focused
            assert isinstance(bar, Input), case
            echo = app.screen.query_one("#command-echo", EchoLine)
            assert bar.value == "" and not echo.has_class("-error"), case
            bar.value = line
            await pilot.pause()
            await pilot.press("enter")
            assert app.is_running, case
            notes = [entry.note for entry in store.all_entries()]
            if saved is None:
                assert notes == [] and echo.has_class("-error"), f"{case}: {echo.render()}"
                bar.value = ""  # the refused line stays in the bar: cleared for the next case
                await pilot.press("escape")
            else:
                assert notes == [saved], case


EDITOR_TITLES = [
    ("editor-blank-title", "   ", "title cannot be empty"),
    ("editor-title-too-long", "x" * 301, "limit"),
    ("editor-escape-in-title", "a\x1b[31m", "control character"),
    ("editor-invisible-title", "\u200b\u2060", "title cannot be empty"),
    ("editor-rtl-override-title", "a\u202eb", "direction control"),
    ("editor-markup-title", "[/] [b]x [@click=app.quit]", None),
]


async def test_a_hostile_title_in_the_post_editor(week: Store) -> None:
    from textual.widgets import Input, Static

    from tests.tui.conftest import make_app
    from tui.dialogs.post_form import PostFormDialog

    app = make_app(week)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        for case, title, error in EDITOR_TITLES:
            await pilot.press("e")
            dialog = app.screen
            assert isinstance(dialog, PostFormDialog), case
            editing = dialog.query_one("#title", Input)
            before = editing.value
            editing.value = title
            await pilot.press("ctrl+s")
            assert app.is_running, case
            titles = [post.title for post in week.all_posts()]
            if error is None:
                assert not isinstance(app.screen, PostFormDialog), case
                assert title in titles and before not in titles, case
            else:
                assert app.screen is dialog, case
                note = dialog.query_one("#title-note", Static)
                assert note.has_class("-error") and error in str(note.render()), case
                assert title not in titles, case
                editing.value = before  # unchanged again: escape closes it without asking
                await pilot.press("escape")
                assert not isinstance(app.screen, PostFormDialog), case
