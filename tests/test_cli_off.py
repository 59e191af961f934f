"""`calepin off`: mark, list and remove days off; the report's contracted time follows."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tui.cli import cli

Run = Callable[..., Result]


@pytest.fixture
def run(db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("CALEPIN_CONFIG", str(tmp_path / "config.toml"))
    runner = CliRunner()

    def invoke(*args: str, now: str = "2026-11-30T09:05") -> Result:
        result = runner.invoke(cli, ["--db", str(db_path), "--now", now, *args])
        assert result.exception is None or isinstance(result.exception, SystemExit)
        return result

    return invoke


def test_off_marks_lists_and_removes(run: Run) -> None:
    added = run("off", "2026-12-24..2027-01-02", "vacation")
    assert added.exit_code == 0, added.output
    assert added.output == "Marked 2026-12-24..2027-01-02 off (vacation): 10 days (#1).\n"
    assert run("off", "fri").output == "Marked 2026-12-04 off: 1 day (#2).\n"
    listed = json.loads(run("off", "list", "--format", "json").output)
    assert [(m["first"], m["last"], m["days"], m["reason"]) for m in listed] == [
        ("2026-12-04", "2026-12-04", 1, ""),
        ("2026-12-24", "2027-01-02", 10, "vacation"),
    ]
    table = run("off").output.splitlines()
    assert table[0].split() == ["ID", "FIRST", "LAST", "DAYS", "REASON"]
    assert (
        run("off", "rm", "2026-12-31").output == "Removed days off 2026-12-24..2027-01-02 (#1).\n"
    )
    assert run("off", "rm", "2").exit_code == 0
    assert run("off", "list").output == "No days off marked.\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2026-12-31", "again"), "is already marked off (#1)"),
        (("2027-01-05..2027-01-01",), "the days off end (2027-01-01) before they start"),
        (("2027-01-05..",), "is not a day or a range"),
        (("2027-01-01..2028-06-01",), "at most 366 days"),
        (("rm", "9"), "no days off with id 9"),
        (("rm", "2027-03-03"), "2027-03-03 is not marked off"),
    ],
)
def test_off_refuses_bad_input_and_saves_nothing(
    run: Run, args: tuple[str, ...], message: str
) -> None:
    run("off", "2026-12-24..2027-01-02", "vacation")
    result = run("off", *args)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and message in result.output
    assert len(json.loads(run("off", "list", "--format", "json").output)) == 1


def test_monday_morning_report_figures(run: Run) -> None:
    run("log", "2026-11-30", "07:35-09:05", "social")
    data = json.loads(run("report", "--week", "--format", "json").output)
    assert data["coverage"]["contracted_minutes"] == 420  # was 4 (2250 %)
    assert data["coverage"]["share"] == 21.4
    assert round(data["social"]["fte"], 2) == 0.21  # was 22.5
    assert data["social"]["fte_hours_per_week"] == pytest.approx(7.5)
    assert data["social"]["fte"] * data["coverage"]["contracted_minutes"] == pytest.approx(90)


def test_year_with_data_from_october_and_a_quebec_holiday(run: Run, tmp_path: Path) -> None:
    now = "2026-10-20T18:00"
    for day in (1, 2, 5, 6, 7, 8, 9, 12, 13, 14):
        run("log", f"2026-10-{day:02}", "09:00-16:00", "web", now=now)
        run("log", f"2026-10-{day:02}", "16:00-17:00", "social", now=now)
    data = json.loads(run("report", "--year", "2026", "--format", "json", now=now).output)
    assert data["coverage"]["tracked_since"] == "2026-10-01"
    assert data["coverage"]["working_days"] == 13  # was 209, 199 of them before any entry
    assert round(data["social"]["fte"], 2) == 0.11  # was 0.05
    (tmp_path / "config.toml").write_text('[work]\nholidays = "CA-QC"\n')
    data = json.loads(run("report", "--year", "2026", "--format", "json", now=now).output)
    assert data["coverage"]["working_days"] == 12
    assert data["coverage"]["statutory_holidays"] == [
        {"date": "2026-10-12", "name": "Thanksgiving Day"}
    ]
    md = run("report", "--year", "2026", now=now).output
    assert "1 statutory holiday: Thanksgiving Day (Mon 12 Oct)" in md
    (tmp_path / "config.toml").write_text('[work]\nholidays = "CA-ZZ"\n')
    bad = run("report", "--year", "2026", now=now)
    assert bad.exit_code == 1 and "[work] holidays: CA has no region 'ZZ'" in bad.output
