"""Every `calepin …` line of the README runs, against a demo database: the README never shows a
command that fails.

Each line of a shell block that starts with `calepin ` is read with shlex (comments dropped), its
placeholders (post ids, file names) swapped by the one table below, and run with click's runner
on a fresh copy of one demo database at a fixed clock. It must exit 0, or give the refusal the
README itself promises next to it (`REFUSALS`). The one line skipped is the bare `calepin`,
which opens the full-screen planner (`OPENS_THE_TUI`).
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from storage import PostDraft, Store
from storage.demo import fill_demo
from tui.cli import cli

ROOT = Path(__file__).resolve().parents[1]
READMES = [p for p in (ROOT / "README.md", ROOT / "README.fr.md") if p.exists()]
FIXTURES = Path(__file__).parent / "fixtures"
ZONE_NAME = "America/Toronto"  # conftest sets TZ to it
# Sunday 6 December 2026, the day `--from "1 dec" --to "31 dec"` failed: some of the README's
# December dates are behind, some ahead.
NOW_ARG = "2026-12-06T17:00"

# The lines skipped: `calepin` and `calepin --demo` open the TUI (a terminal program, checked
# by the Pilot tests, not here).
OPENS_THE_TUI = ((), ("--demo",))  # `calepin`, `calepin --demo`: words after `calepin`

# Placeholders of the README → what stands for them in the demo database. Post ids are found
# by what the README says of them (FIND_POST); files are the test fixtures or a temporary folder.
POST_IDS = {"12": "a dated post ahead of the clock", "7": "a weekly post (added to the demo)"}
FILES = {
    "outlook-export.ics": FIXTURES / "outlook-meetings.ics",
    "old-plan.csv": FIXTURES / "posts-en.csv",
    "meta-reach.csv": FIXTURES / "outcomes-meta-reach-en.csv",
}

# What a line needs done first, as the README shows it just before (by the line's words):
# the clock to run it at, and its words.
BEFORE = {"timer stop": ("2026-12-06T16:00", ["timer", "start", "newsletter"])}

# Lines the README says are refused, with the words of the refusal. `calepin sync` needs a
# CalDAV server in [sync]: the demo has none, so each line says what to put in the settings
# (tests/sync/test_cli_sync.py runs them against a real Radicale).
NO_SERVER = "no server to sync with"
REFUSALS: dict[str, str] = {
    "sync": NO_SERVER,
    "sync --dry-run": NO_SERVER,
    "sync --set-password": NO_SERVER,
}


def readme_commands() -> list[tuple[str, int, str]]:
    """(file name, line number, line) of every `calepin` line in a shell block of the READMEs."""
    found = []
    for readme in READMES:
        in_shell = False
        for number, line in enumerate(readme.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("```"):
                in_shell = not in_shell and line.strip("`").strip() in ("sh", "bash", "console")
                continue
            if in_shell and (line == "calepin" or line.startswith("calepin ")):
                found.append((readme.name, number, line))
    return found


def words_of(line: str) -> list[str]:
    """The command's words, without `calepin` and the trailing comment."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=False)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    words = list(lexer)
    assert words[0] == "calepin"
    return words[1:]


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """One demo database at the fixed clock, and the ids standing for the README's."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    path = tmp_path_factory.mktemp("readme") / "demo.db"
    now = dt.datetime.fromisoformat(NOW_ARG).replace(tzinfo=ZoneInfo(ZONE_NAME))
    with Store.open(path, zone_name=ZONE_NAME) as store:
        fill_demo(store, now)
        plain = next(p for p in store.all_posts() if p.date and p.date > now.date() and p.time)
        # the demo has no series: the README's post 7 is a weekly post from Friday 4 December
        weekly = store.add_post(
            PostDraft(
                "Friday volunteer spotlight",
                "Facebook",
                dt.date(2026, 12, 4),
                dt.time(10),
                status="drafting",
                rrule="FREQ=WEEKLY;COUNT=6",
            )
        )
    return path, {"12": str(plain.id), "7": str(weekly.id)}


COMMANDS = readme_commands()


def test_the_readme_has_commands_to_check() -> None:
    assert len(COMMANDS) >= 20
    skipped = [line for _, _, line in COMMANDS if tuple(words_of(line)) in OPENS_THE_TUI]
    assert 1 <= len(skipped) <= 2 * len(READMES)


@pytest.mark.parametrize(("readme", "number", "line"), COMMANDS, ids=lambda v: str(v)[:60])
def test_readme_command_runs(
    readme: str,
    number: int,
    line: str,
    demo_template: tuple[Path, dict[str, str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    words = words_of(line)
    if tuple(words) in OPENS_THE_TUI:  # the skips: they open the full-screen planner
        return
    template, ids = demo_template
    db = tmp_path / "calepin.db"
    shutil.copy(template, db)
    monkeypatch.chdir(tmp_path)
    args = [substitute(word, ids) for word in words]
    runner = CliRunner()
    if (first := BEFORE.get(" ".join(words))) is not None:
        at, before = first
        assert runner.invoke(cli, ["--db", str(db), "--now", at, *before]).exit_code == 0
    result = runner.invoke(cli, ["--db", str(db), "--now", NOW_ARG, *args])
    where = f"{readme}:{number}: {line.strip()}\n{result.output}"
    assert result.exception is None or isinstance(result.exception, SystemExit), where
    refusal = REFUSALS.get(" ".join(words))
    if refusal is None:
        assert result.exit_code == 0, where
    else:
        assert result.exit_code == 1 and refusal in result.output, where


def substitute(word: str, ids: dict[str, str]) -> str:
    if word in ids:
        return ids[word]
    if word in FILES:
        return str(FILES[word])
    return word


def test_placeholders_are_all_used() -> None:
    text = "\n".join(line for _, _, line in COMMANDS)
    for word in (*POST_IDS, *FILES):
        assert re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text), word
