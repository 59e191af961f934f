"""`calepin outcome`: add, list, remove and import outcomes on a real file; `Error: …` on bad input."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from storage import Store
from tui.cli import cli

Run = Callable[..., Result]
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def run(db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("CALEPIN_CONFIG", str(tmp_path / "config.toml"))
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        result = runner.invoke(cli, ["--db", str(db_path), "--now", "2026-11-30T09:05", *args])
        assert result.exception is None or isinstance(result.exception, SystemExit)
        return result

    return invoke


def test_add_update_list_and_remove(run: Run, db_path: Path) -> None:
    added = run("outcome", "add", "facebook", "2026-11", "--reach", "1 234", "--messages", "4")
    assert added.exit_code == 0, added.output
    assert added.output == "Saved Facebook 2026-11: reach 1,234, messages answered 4.\n"
    updated = run("outcome", "add", "FB", "2026-11", "--engagement", "30")
    assert "reach 1,234, engagement 30, messages answered 4" in updated.output
    listed = json.loads(run("outcome", "list", "--format", "json").output)
    assert listed == [
        {
            "platform": "Facebook",
            "month": "2026-11",
            "reach": 1234,
            "impressions": None,
            "engagement": 30,
            "followers_gained": None,
            "messages_answered": 4,
        }
    ]
    rows = list(csv.reader(io.StringIO(run("outcome", "list", "--format", "csv").output)))
    assert rows[1] == ["Facebook", "2026-11", "1234", "", "30", "", "4"]  # unknown is empty
    table = run("outcome", "list").output.splitlines()
    assert table[1].split() == ["Facebook", "2026-11", "1,234", "—", "30", "—", "4"]
    assert run("outcome", "rm", "facebook", "2026-11").exit_code == 0
    with Store.open(db_path) as store:
        assert store.outcomes() == []


def test_list_by_month_and_year(run: Run) -> None:
    for month in ("2025-12", "2026-01", "2026-02"):
        run("outcome", "add", "Instagram", month, "--followers", "5")
    months = lambda *args: [r["month"] for r in json.loads(run(*args).output)]  # noqa: E731
    assert months("outcome", "list", "--month", "2026-01", "--format", "json") == ["2026-01"]
    assert months("outcome", "list", "--year", "2026", "--format", "json") == [
        "2026-01",
        "2026-02",
    ]
    assert run("outcome", "list", "--year", "26").output.startswith("Error: ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("myspace", "2026-11", "--reach", "3"), "Error: unknown platform 'myspace'"),
        (("facebook", "2026-13", "--reach", "3"), "Error: month must look like 2026-11"),
        (("facebook", "2026-11", "--reach", "-3"), "Error: reach cannot be negative"),
        (("facebook", "2026-11", "--reach", "lots"), "Error: reach must be a whole number"),
        (("facebook", "2026-11"), "Error: give at least one figure"),
    ],
)
def test_bad_input_says_why_and_saves_nothing(
    run: Run, db_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = run("outcome", "add", *args)
    assert result.exit_code == 1
    assert result.output.startswith(message), result.output
    assert "Traceback" not in result.output
    with Store.open(db_path) as store:
        assert store.outcomes() == []


def test_import_dry_run_then_for_real(run: Run, db_path: Path) -> None:
    file = str(FIXTURES / "outcomes-meta-fr.csv")
    dry = run("outcome", "import", file, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "Instagram 2026-11: reach 2,234, impressions 4,000, engagement 60" in dry.output
    with Store.open(db_path) as store:
        assert store.outcomes() == []
    done = run("outcome", "import", file)
    assert done.exit_code == 0, done.output
    assert done.output.endswith("imported 2 platform-months\n")
    with Store.open(db_path) as store:
        assert store.outcome("Instagram", "2026-11").messages_answered == 2


def test_import_errors(run: Run) -> None:
    unknown = run("outcome", "import", str(FIXTURES / "outcomes-unknown.csv"))
    assert unknown.exit_code == 1
    assert unknown.output.startswith("Error: this is not an analytics export Calepin knows")
    no_platform = run("outcome", "import", str(FIXTURES / "outcomes-linkedin-en.csv"))
    assert "say it with --platform" in no_platform.output
    missing = run("outcome", "import", "nowhere.csv")
    assert missing.output.startswith("Error: cannot read nowhere.csv")
    linkedin = run(
        "outcome", "import", str(FIXTURES / "outcomes-linkedin-en.csv"), "--platform", "LinkedIn"
    )
    assert linkedin.exit_code == 0, linkedin.output


def test_outcomes_travel_in_export_all(run: Run, db_path: Path, tmp_path: Path) -> None:
    run("outcome", "add", "LinkedIn", "2026-10", "--impressions", "4000")
    assert run("export", "all", str(tmp_path / "all")).exit_code == 0
    other = tmp_path / "other.db"
    result = CliRunner().invoke(cli, ["--db", str(other), "import", "all", str(tmp_path / "all")])
    assert result.exit_code == 0, result.output
    with Store.open(other) as store:
        (got,) = store.outcomes()
        assert (got.platform, got.month, got.impressions, got.reach) == (
            "LinkedIn",
            "2026-10",
            4000,
            None,
        )
