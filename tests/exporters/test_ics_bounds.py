"""`.ics` export over long periods (issue 12): prep blocks are refused past ten years instead of
writing millions of them, and a sparse series is found in a long period without listing it."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
from click.testing import CliRunner, Result

from tui.cli import cli

NOW_ARG = "2026-11-23T15:00"


def run(db: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["--db", str(db), "--now", NOW_ARG, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_prep_blocks_over_centuries_are_refused_with_a_clear_message(tmp_path: Path) -> None:
    db = tmp_path / "calepin.db"
    added = run(
        db, "post", "add", "Daily tip", "-p", "Facebook", "--at", "2026-12-01 9am",
        "--repeat", "daily", "--estimate", "30m",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    out = tmp_path / "plan.ics"
    before = digest(db)

    result = run(
        db, "export", "ics", "--from", "2026-01-01", "--to", "2999-12-31", "--with-prep",
        "-o", str(out),
    )  # fmt: skip

    assert result.exit_code == 1
    assert result.output.startswith("Error: prep blocks for repeating posts are written at most")
    assert "2026-01-01 to 2999-12-31" in result.output
    assert not out.exists()
    assert digest(db) == before


def test_the_same_period_without_prep_writes_the_series_once(tmp_path: Path) -> None:
    db = tmp_path / "calepin.db"
    run(
        db, "post", "add", "Daily tip", "-p", "Facebook", "--at", "2026-12-01 9am",
        "--repeat", "daily", "--estimate", "30m",
    )  # fmt: skip
    out = tmp_path / "plan.ics"

    result = run(db, "export", "ics", "--from", "2026-01-01", "--to", "2999-12-31", "-o", str(out))

    assert result.exit_code == 0, result.output
    events = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["[Facebook] Daily tip"]
    assert "FREQ=DAILY" in events[0]["RRULE"].to_ical().decode()


def test_prep_blocks_within_ten_years_are_still_written(tmp_path: Path) -> None:
    db = tmp_path / "calepin.db"
    run(
        db, "post", "add", "Weekly tip", "-p", "Facebook", "--at", "2026-12-01 9am",
        "--repeat", "every tue", "--estimate", "30m",
    )  # fmt: skip
    out = tmp_path / "plan.ics"

    result = run(
        db, "export", "ics", "--from", "2026-12-01", "--to", "2027-02-28", "--with-prep",
        "-o", str(out),
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    events = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    preps = [e for e in events if str(e["SUMMARY"]).startswith("Prep · [Facebook]")]
    assert len(preps) == 13  # every Tuesday from 1 Dec to 23 Feb


def test_a_series_every_four_years_is_found_in_a_long_period(tmp_path: Path) -> None:
    from storage import PostDraft, Store

    db = tmp_path / "calepin.db"
    with Store.open(db, zone_name="America/Toronto") as store:
        store.add_post(
            PostDraft(
                "Municipal election",
                "Facebook",
                dt.date(2026, 10, 26),
                dt.time(9),
                rrule="FREQ=YEARLY;INTERVAL=4",
            )
        )
    from exporters.ics import export_ics

    now = dt.datetime(2026, 11, 23, 15, tzinfo=ZoneInfo("America/Toronto"))
    with Store.open(db) as store:
        far = export_ics(store, dt.date(2027, 1, 1), dt.date(2031, 12, 31), now=now)
        none = export_ics(store, dt.date(2027, 1, 1), dt.date(2030, 10, 25), now=now)

    assert "Municipal election" in far  # 26 Oct 2030 is in the period
    assert "Municipal election" not in none
