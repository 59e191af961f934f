"""`calepin report` and `calepin config` through click's CliRunner on a real database."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result

from storage import EntryDraft, Store
from tui.cli import cli

ZONE = ZoneInfo("America/Toronto")
NOW_ARG = "2026-11-23T15:00"

Run = Callable[..., Result]


@pytest.fixture
def run(db_path: Path) -> Run:
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        result = runner.invoke(cli, ["--db", str(db_path), "--now", NOW_ARG, *args])
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        return result

    return invoke


@pytest.fixture
def logged(db_path: Path) -> None:
    with Store.open(db_path, zone_name="America/Toronto") as store:
        for day, duty, hours in ((16, "social media", 3), (17, "events", 2), (3, "newsletters", 1)):
            start = dt.datetime(2026, 11, day, 9, tzinfo=ZONE)
            store.add_entry(EntryDraft(duty, start, start + dt.timedelta(hours=hours)))
        start = dt.datetime(2024, 5, 7, 9, tzinfo=ZONE)
        store.add_entry(EntryDraft("meetings", start, start + dt.timedelta(hours=1)))


def data(result: Result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.usefixtures("logged")
@pytest.mark.parametrize(
    ("args", "start", "end", "minutes"),
    [
        ((), "2026-11-23", "2026-11-29", 0),  # default: this week
        (("--week",), "2026-11-23", "2026-11-29", 0),
        (("--week", "2026-11-18"), "2026-11-16", "2026-11-22", 300),
        (("--week", "last monday"), "2026-11-16", "2026-11-22", 300),
        (("--month",), "2026-11-01", "2026-11-30", 360),
        (("--month", "2026-11"), "2026-11-01", "2026-11-30", 360),
        (("--quarter", "2026-Q4"), "2026-10-01", "2026-12-31", 360),
        (("--quarter",), "2026-10-01", "2026-12-31", 360),
        (("--year", "2024"), "2024-01-01", "2024-12-31", 60),
        (("--from", "2026-11-03", "--to", "2026-11-16"), "2026-11-03", "2026-11-16", 240),
        (("--from", "2026-11-17"), "2026-11-17", "2026-11-23", 120),
    ],
)
def test_periods(run: Run, args: tuple[str, ...], start: str, end: str, minutes: int) -> None:
    out = data(run("report", *args, "--format", "json"))
    assert out["period"]["start"] == start and out["period"]["end"] == end
    assert out["total_minutes"] == minutes


@pytest.mark.usefixtures("logged")
def test_formats_and_output_file(run: Run, tmp_path: Path) -> None:
    md = run("report", "--week", "2026-11-16")
    assert md.exit_code == 0 and md.stdout.startswith("# Time use — Week of Mon 16 Nov 2026")
    assert "Social media took 3.0 h (60.0 % of logged time)" in md.stdout
    target = tmp_path / "summary.html"
    written = run("report", "--week", "2026-11-16", "-o", str(target))
    assert written.exit_code == 0 and "summary.html" in written.stdout
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert target.stat().st_mode & 0o077 == 0
    csv_out = run("report", "--week", "2026-11-16", "--format", "csv")
    assert csv_out.stdout.startswith("Report,Start,End")


def test_empty_database_gives_nothing_logged(run: Run, db_path: Path) -> None:
    Store.open(db_path).close()  # empty, but there (a report never creates one)
    result = run("report", "--month", "2026-02")
    assert result.exit_code == 0
    assert "Nothing logged from Sun 1 Feb to Sat 28 Feb 2026." in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--week", "--month"), "choose one period"),
        (("--month", "2026-13"), "not a month like 2026-11"),
        (("--quarter", "Q5"), "not a quarter like 2026-Q4"),
        (("--year", "24"), "not a year like 2026"),
        (("--to", "2026-11-03"), "--to needs --from"),
        (("--format", "pdf"), "Invalid value for '--format'"),
    ],
)
def test_usage_errors(run: Run, db_path: Path, args: tuple[str, ...], message: str) -> None:
    Store.open(db_path).close()
    result = run("report", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_period_ending_before_it_starts_is_an_error(run: Run, db_path: Path) -> None:
    Store.open(db_path).close()
    result = run("report", "--from", "2026-11-10", "--to", "2026-11-03")
    assert result.exit_code == 1  # the same rule and message as every --from/--to
    assert result.stderr.startswith("Error: the period ends (2026-11-03) before it starts")


def test_bad_day_is_an_error(run: Run) -> None:
    result = run("report", "--week", "blursday")
    assert result.exit_code == 1 and result.stderr.startswith("Error: ")


def test_bad_config_is_refused_and_nothing_written(run: Run, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[calendar]\nweekstart = 'monday'\n", encoding="utf-8")
    target = tmp_path / "out.md"
    result = run("report", "--config", str(config), "-o", str(target))
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: config.toml: unknown key 'weekstart' in [calendar]; did you mean 'week_start'?\n"
    )
    assert not target.exists()


@pytest.mark.usefixtures("logged")
def test_config_shapes_the_report(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "calepin.toml"
    config.write_text(
        "[calendar]\nweek_start = 'sunday'\n[work]\nhours_per_week = 30\n"
        "[job_description]\n'social media' = 50\nevents = 50\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("CALEPIN_CONFIG", str(config))
    out = data(run("report", "--week", "2026-11-18", "--format", "json"))
    assert out["period"] == {
        "start": "2026-11-15",
        "end": "2026-11-21",
        "label": "Week of Sun 15 Nov 2026",
    }
    assert out["contracted_hours_per_week"] == 30
    jobs = out["job_description"]
    assert {j["duty"] for j in jobs} == {"social media", "events"}
    gaps = [abs(j["actual"] - j["intended"]) for j in jobs]
    assert gaps == sorted(gaps, reverse=True)  # the largest gap first


def test_config_show_and_path(run: Run, tmp_path: Path, isolated_home: Path) -> None:
    default = isolated_home / "config" / "calepin" / "config.toml"
    shown = run("config", "show")
    assert shown.exit_code == 0
    assert shown.stdout.startswith(f"# No file at {default}: these are the defaults\n")
    assert "hours_per_week = 35" in shown.stdout
    assert run("config", "path").stdout.strip() == str(default)
    config = tmp_path / "c.toml"
    config.write_text("[work]\nhours_per_week = 28\n", encoding="utf-8")
    shown = run("config", "show", "--config", str(config))
    assert shown.stdout.startswith(f"# Settings from {config}\n")
    assert "hours_per_week = 28" in shown.stdout
    config.write_text("[work]\nhours_per_week = 'x'\n", encoding="utf-8")
    bad = run("config", "show", "--config", str(config))
    assert bad.exit_code == 1 and "hours_per_week must be" in bad.stderr


def test_config_apply(run: Run, tmp_path: Path, db_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text(
        "[[duties]]\nname = 'fundraising'\nsocial = true\n"
        "[[platforms]]\nname = 'Mastodon'\ncolour = '#6364FF'\n",
        encoding="utf-8",
    )
    first = run("config", "apply", "--config", str(config))
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines() == ["added duty fundraising", "added platform Mastodon"]
    again = run("config", "apply", "--config", str(config))
    assert "Nothing to change" in again.stdout
    with Store.open(db_path) as store:
        assert store.duty("fundraising").social


def test_report_imports_stay_light() -> None:
    import subprocess
    import sys

    code = (
        "import sys, tui.cli, tui.cli.report, exporters.report, storage.settings;"
        "print(sorted(m for m in ('textual', 'icalendar', 'exporters.report.render_html') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
