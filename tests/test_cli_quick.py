"""The quick commands load only what they run (issue 13): a guard on what made them quick.

Each command runs in its own interpreter, as `calepin` would, on a real database; what it
imported and which storage dataclasses it built are read back. `bench/bench_cli.py` times
them; this keeps a later import from quietly undoing the work.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage import EntryDraft, Store

ROOT = Path(__file__).resolve().parents[1]
NOW_ARG = "2026-11-23T15:00"

_PROBE = """
import atexit, json, sys
def report():
    import gc
    from storage.deferred import built_classes
    print(json.dumps({"modules": sorted(sys.modules), "built": built_classes(),
                      "gc": [gc.isenabled(), gc.get_freeze_count()]}), file=sys.stderr)
atexit.register(report)
sys.argv = ["calepin", *sys.argv[1:]]
from tui.cli import main
main()
"""

# Loaded by none of the quick commands (each costs a few ms at start-up).
NEVER = {
    "textual",
    "rich",
    "exporters",
    "sqlite_utils",
    "dateutil",
    "platformdirs",
    "tempfile",
    "fractions",
    "decimal",
    "tomllib",  # no config file here
    "locale",  # click's help text through gettext (tui.cli.main.give_help_option)
    "pathlib",  # paths are text until a Path is asked for (Store.path, config_path() …)
    "babel",  # English numbers and dates are the code's own (storage.wording)
    "storage.locale",  # no catalogue to read in English
    "storage.contracted",
    "storage.commands.series",
}


def _probe(db: Path, *args: str) -> tuple[set[str], set[str]]:
    modules, built, _ = _probe_gc(db, *args)
    return modules, built


def _probe_gc(db: Path, *args: str) -> tuple[set[str], set[str], list[int]]:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, "--db", str(db), "--now", NOW_ARG, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stderr.strip().splitlines()[-1])
    return set(found["modules"]), set(found["built"]), found["gc"]


@pytest.fixture
def week_db(store: Store, db_path: Path) -> Path:
    start = dt.datetime(2026, 11, 23, 9, tzinfo=store.zone)
    store.add_entry(EntryDraft("events", start, start + dt.timedelta(hours=1)))
    return db_path


def _roots(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules} | modules


@pytest.mark.parametrize(
    ("args", "loads_not", "builds"),
    [
        (
            ("timer", "status"),
            {"storage.grammar", "storage.accounting", "storage.commands", "unicodedata"},
            {"Settings"},
        ),
        (
            ("entries", "--week", "2026-11-23"),
            {"storage.commands", "storage.timesheet", "storage.grammar", "unicodedata"},
            {"Settings", "TimeEntry"},
        ),
        (
            ("post", "list", "--week", "2026-11-16"),
            {"storage.commands", "storage.timesheet", "storage.accounting", "storage.grammar"},
            {"Settings"},
        ),
    ],
)
def test_read_commands_load_and_build_only_what_they_use(
    week_db: Path, args: tuple[str, ...], loads_not: set[str], builds: set[str]
) -> None:
    modules, built = _probe(week_db, *args)
    assert "tui.cli" in modules
    assert _roots(modules) & (NEVER | loads_not) == set()
    assert built == builds


def test_log_builds_what_a_log_line_needs(week_db: Path) -> None:
    modules, built = _probe(week_db, "log", "30m", "social", "engage", "x", "--force")
    assert _roots(modules) & NEVER == set()
    # What saving a typed line needs: no post, platform, campaign, tombstone, Totals …, and
    # no undo record (RowChange, Change): nothing is undone within one command line run.
    assert built == {"Settings", "TimeEntry", "EntryDraft", "Duty", "Activity"}


def test_a_store_that_keeps_no_undo_records_nothing_and_saves_the_same(store: Store) -> None:
    start = dt.datetime(2026, 11, 23, 9, tzinfo=store.zone)
    store.keeps_undo = False
    saved = store.add_entry(EntryDraft("events", start, start + dt.timedelta(hours=1)))
    assert not store.can_undo
    store.keeps_undo = True
    later_start = start + dt.timedelta(hours=2)
    later = store.add_entry(EntryDraft("events", later_start, later_start + dt.timedelta(hours=1)))
    assert store.can_undo
    store.undo()
    assert [e.id for e in store.entries_on(start.date(), start.date())] == [saved.id]
    assert later.id != saved.id


def test_start_up_is_not_collected_and_the_command_is(week_db: Path) -> None:
    # As the program, main() holds the cyclic collector while modules load and the store
    # opens, then sets that aside (gc.freeze) and collects the command's own work.
    for args in (("timer", "status"), ("entries", "--week"), ("log", "20m", "events", "--force")):
        _, _, (enabled, frozen) = _probe_gc(week_db, *args)
        assert enabled and frozen > 1000, args


def test_main_called_with_arguments_leaves_the_collector_alone(week_db: Path) -> None:
    import gc

    from tui.cli import main

    frozen = gc.get_freeze_count()
    with pytest.raises(SystemExit) as exited:
        main(["--db", str(week_db), "--now", NOW_ARG, "timer", "status"])
    assert exited.value.code == 0
    # Nothing more set aside (fewer, when what was set aside at import has been freed since).
    assert gc.isenabled() and gc.get_freeze_count() <= frozen


def test_the_planner_runs_with_the_collector_on(week_db: Path) -> None:
    code = (
        "import gc, sys, types\n"
        "app = types.ModuleType('tui.app')\n"
        "app.run_app = lambda *a, **k: print('collecting', gc.isenabled())\n"
        "sys.modules['tui.app'] = app\n"
        f"sys.argv = ['calepin', '--db', {str(week_db)!r}]\n"
        "from tui.cli import main\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "collecting True\n"


def _as_program(db: Path, *args: str, code: str = "") -> subprocess.CompletedProcess[str]:
    program = f"{code}\nimport sys\nsys.argv = ['calepin', *sys.argv[1:]]\nfrom tui.cli import main\nmain()"
    return subprocess.run(
        [sys.executable, "-c", program, "--db", str(db), "--now", NOW_ARG, *args],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip


def test_the_program_ends_without_teardown_yet_with_its_output_and_its_change(
    week_db: Path,
) -> None:
    # Objects still alive at exit are not freed one by one: a finaliser left to the
    # teardown never runs. What the command printed and saved is all there.
    leftover = "class Left:\n    def __del__(self): print('torn down')\nleft = Left()"
    saved = _as_program(week_db, "log", "30m", "events", "quick", "--force", code=leftover)
    assert saved.returncode == 0, saved.stderr
    assert saved.stdout.startswith("Saved") and "torn down" not in saved.stdout
    with Store.open(week_db) as store:
        assert [e.note for e in store.entries_on(dt.date(2026, 11, 23), dt.date(2026, 11, 23))] == [
            "",
            "quick",
        ]  # fmt: skip
    listed = _as_program(week_db, "entries", "--week", "--format", "csv")
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 3
    refused = _as_program(week_db, "entries", "--week", "nope")
    assert refused.returncode == 1 and refused.stderr.startswith("Error: ")
    misused = _as_program(week_db, "entries", "--nope")
    assert misused.returncode == 2 and "No such option" in misused.stderr


def test_an_exit_handler_still_runs(week_db: Path) -> None:
    handler = "import atexit\natexit.register(print, 'handled')"
    result = _as_program(week_db, "timer", "status", code=handler)
    assert result.returncode == 0 and result.stdout.endswith("handled\n")


_ZONES = """
import json, os, sys
from storage.timeutil import zone
import zoneinfo
print(json.dumps({"sysconfig data": sorted(m for m in sys.modules if m.startswith("_sysconfigdata")),
                  "tzpath": list(zoneinfo.TZPATH), "env": os.environ.get("PYTHONTZPATH"),
                  "zone": str(zone("America/Toronto"))}))
"""


def _zones_run(**env: str) -> dict[str, object]:
    import os

    clean = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONTZPATH")
    }
    result = subprocess.run(
        [sys.executable, "-c", _ZONES], capture_output=True, text=True, cwd=ROOT, timeout=60,
        env={**clean, **env},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_zones_load_without_reading_sysconfig_yet_from_the_same_folders() -> None:
    # zoneinfo reads its TZPATH from sysconfig (6 M instructions); the first run keeps it.
    import sysconfig

    tzpath = [p for p in (sysconfig.get_config_var("TZPATH") or "").split(":") if p]
    _zones_run()
    found = _zones_run()
    assert found == {"sysconfig data": [], "tzpath": tzpath, "env": None, "zone": "America/Toronto"}
    # A user's own PYTHONTZPATH is zoneinfo's business, as before.
    assert _zones_run(PYTHONTZPATH="/nowhere/zoneinfo")["tzpath"] == ["/nowhere/zoneinfo"]


@given(st.text(alphabet=st.sampled_from(list(" a\t\n\u00a0\u2028\u200b\x00é"))) | st.text())
def test_a_cell_on_one_line_is_what_it_was(text: str) -> None:
    from tui.cli.common import _one_line

    line = " ".join(text.split())  # the rule before the shortcut for plain cells
    line = "".join(ch if ch.isprintable() else "?" for ch in line)
    assert _one_line(text) == line


def _render_table_before(headers, rows, *, caps, flex, right=(), width=80):  # type: ignore[no-untyped-def]
    """render_table as it was before issue 13, cell by cell through clip()."""
    from tui.cli.common import clip

    text_rows = [["" if v is None else str(v) for v in row] for row in rows]
    widths = [
        min(cap, max([len(h), *(len(" ".join(r[i].split())) for r in text_rows)]))
        for i, (h, cap) in enumerate(zip(headers, caps, strict=True))
    ]
    gaps = 2 * (len(headers) - 1)
    others = sum(w for i, w in enumerate(widths) if i != flex)
    widths[flex] = max(len(headers[flex]), min(widths[flex], width - gaps - others))
    lines = []
    for row in [list(headers), *text_rows]:
        cells = []
        for i, value in enumerate(row):
            cell = clip(value, widths[i])
            cells.append(cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]))
        lines.append("  ".join(cells).rstrip())
    return lines


_CELL = st.none() | st.integers(-(10**9), 10**12) | st.text(max_size=60)


@given(
    st.lists(st.tuples(_CELL, _CELL, _CELL, _CELL), max_size=8),
    st.tuples(*[st.integers(1, 30)] * 4),
    st.integers(0, 3),
    st.sets(st.integers(0, 3)),
    st.integers(10, 120),
)
def test_tables_are_what_they_were(
    rows: list[tuple[object, ...]],
    caps: tuple[int, ...],
    flex: int,
    right: set[int],
    width: int,
) -> None:
    from tui.cli.common import render_table

    headers = ("ID", "DAY", "TIME", "NOTE")
    options = {"caps": caps, "flex": flex, "right": tuple(right), "width": width}
    assert render_table(headers, rows, **options) == _render_table_before(headers, rows, **options)


@pytest.mark.parametrize(
    ("args", "names"),
    [
        ((), "-h, --help"),
        (("timer",), "-h, --help"),
        (("timer", "status"), "-h, --help"),
        (("post", "list"), "-h, --help"),
        (("log",), "--help"),  # words as typed: `-h` alone is turned into --help
    ],
)
def test_help_is_offered_as_click_offers_it(args: tuple[str, ...], names: str) -> None:
    # The help option is built without gettext (tui.cli.main.give_help_option).
    from click.testing import CliRunner

    from tui.cli.main import cli

    for ask in ("--help", "-h"):
        shown = CliRunner().invoke(cli, [*args, ask], prog_name="calepin")
        assert shown.exit_code == 0, shown.output
        assert shown.output.startswith(f"Usage: calepin {' '.join(args)}".rstrip())
        assert [line.split() for line in shown.output.splitlines() if "--help" in line] == [
            [*names.split(), "Show", "this", "message", "and", "exit."]
        ]
    if args == ("log",):
        return  # `--bogus` is a word there
    wrong = CliRunner().invoke(cli, [*args, "--bogus"], prog_name="calepin")
    assert wrong.exit_code == 2
    assert f"Try 'calepin {' '.join(args)} --help' for help.".replace("  ", " ") in wrong.output


@given(
    st.dates(dt.date(1800, 1, 1), dt.date(3100, 12, 31)).map(dt.date.isoformat)
    | st.from_regex(r"\A[0-9０-９²-]{6,12}\Z")
    | st.text(max_size=12)
)
def test_a_day_written_as_calepin_writes_it_is_read_as_the_grammar_reads_it(text: str) -> None:
    # `--week 2026-11-16` skips the grammar (storage.calendar.iso_day): same day, or the
    # grammar's turn.
    from storage.calendar import iso_day
    from storage.errors import ParseError
    from storage.grammar import parse_day

    today = dt.date(2026, 11, 23)
    day = iso_day(text)
    if day is not None:
        assert parse_day(text, today, prefer="past") == day
    elif len(text) == 10 and text[:4].isascii() and text[:4].isdigit() and text.count("-") == 2:
        with pytest.raises(ParseError):
            parse_day(text, today, prefer="past")  # out of range or no such day
