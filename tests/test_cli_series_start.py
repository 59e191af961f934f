"""`calepin post add --repeat` refuses a first date off the rule, saving nothing."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from storage import Store
from tui.cli import cli


def test_post_add_refuses_a_first_date_off_its_rule(db_path: Path) -> None:
    runner = CliRunner()
    args = ["--db", str(db_path), "--now", "2026-11-23T15:00", "post", "add", "Tip", "-p", "X"]
    result = runner.invoke(cli, [*args, "--at", "2026-12-02 10:00", "--repeat", "every tue"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        "Error: Wed 2 Dec is not a Tuesday of this rule: start the series on Tue 8 Dec"
    )
    with Store.open(db_path) as store:
        assert store.all_posts() == []
    result = runner.invoke(cli, [*args, "--at", "2026-12-08 10:00", "--repeat", "every tue"])
    assert result.exit_code == 0, result.output
    with Store.open(db_path) as store:
        (series,) = store.all_posts()
    assert (series.rrule, series.date.isoformat()) == ("FREQ=WEEKLY;BYDAY=TU", "2026-12-08")
