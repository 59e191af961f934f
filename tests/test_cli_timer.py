"""`calepin timer …` and `calepin entries` with a forgotten timer and zero-minute runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from storage import Store
from tui.cli import cli

MONDAY_9 = "2026-11-30T09:00"
THURSDAY_9 = "2026-12-03T09:00"


@pytest.fixture
def calepin(store: Store, db_path: Path):  # `store` creates the file
    def invoke(now: str, *args: str, config: Path | None = None) -> Result:
        env = {"CALEPIN_CONFIG": str(config)} if config else None
        result = CliRunner().invoke(cli, ["--db", str(db_path), "--now", now, *args], env=env)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        return result

    return invoke


def test_a_timer_forgotten_for_three_days_is_flagged_and_counts_ten_hours(calepin) -> None:
    assert calepin(MONDAY_9, "timer", "start", "events").exit_code == 0
    status = calepin(THURSDAY_9, "timer", "status")
    assert status.exit_code == 0
    assert "(72 h so far)" in status.stdout
    assert "only 10 h count until it is stopped" in status.stdout
    assert "calepin timer stop --at 'Mon 17:00'" in status.stdout
    data = json.loads(calepin(THURSDAY_9, "timer", "status", "--format", "json").stdout)
    assert data["counted_minutes"] == 600 and data["over_long_timer_limit"] is True
    table = calepin(THURSDAY_9, "entries", "--week", "2026-11-30").stdout
    assert "Total 10 h in 1 entry" in table and "Warning: the events timer" in table
    rows = json.loads(calepin(THURSDAY_9, "entries", "--format", "json").stdout)
    assert rows[0]["counted_minutes"] == 600 and rows[0]["over_long_timer_limit"] is True


def test_the_hint_and_force_both_work(calepin) -> None:
    calepin(MONDAY_9, "timer", "start", "events")
    refused = calepin(THURSDAY_9, "timer", "stop")
    assert refused.exit_code == 1
    assert "`calepin timer stop --at 'Mon 17:00'`" in refused.stderr
    assert "--force to stop it at the limit (Mon 19:00)" in refused.stderr
    forced = calepin(THURSDAY_9, "timer", "stop", "--force")
    assert forced.exit_code == 0, forced.output
    assert "Mon 30 Nov 09:00–19:00 · 10 h · events" in forced.stdout


def test_stop_at_the_hinted_time(calepin) -> None:
    calepin(MONDAY_9, "timer", "start", "events")
    stopped = calepin(THURSDAY_9, "timer", "stop", "--at", "Mon 17:00")
    assert stopped.exit_code == 0, stopped.output
    assert "Mon 30 Nov 09:00–17:00 · 8 h · events" in stopped.stdout
    both = calepin(THURSDAY_9, "timer", "stop", "--at", "17:00", "--force")
    assert both.exit_code == 1 and "Error: " in both.stderr


def test_stop_at_more_than_a_day_later_says_until_when(calepin) -> None:
    calepin(MONDAY_9, "timer", "start", "events")
    late = calepin(THURSDAY_9, "timer", "stop", "--at", "Wed 17:00")
    assert late.exit_code == 1
    assert "an entry lasts at most 24 hours; stop it by Tue 1 Dec 09:00" in late.stderr


def test_the_limit_comes_from_the_settings(calepin, tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[timer]\nlong_timer_hours = 4\n", encoding="utf-8")
    calepin(MONDAY_9, "timer", "start", "events", config=config)
    data = json.loads(
        calepin("2026-11-30T15:00", "timer", "status", "--format", "json", config=config).stdout
    )
    assert data["counted_minutes"] == 240 and data["over_long_timer_limit"] is True
    shown = calepin("2026-11-30T15:00", "config", "show", config=config).stdout
    assert "[timer]\nlong_timer_hours = 4" in shown


def test_a_zero_minute_run_is_not_kept(calepin) -> None:
    calepin(MONDAY_9, "timer", "start", "events")
    stopped = calepin("2026-11-30T09:00:40", "timer", "stop")
    assert stopped.exit_code == 0
    assert "ran less than a minute; nothing saved" in stopped.stdout
    assert json.loads(calepin(MONDAY_9, "entries", "--format", "json").stdout) == []
