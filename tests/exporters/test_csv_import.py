"""Posts from spreadsheets: English and French headers, `,` and `;`, encodings, bad rows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from exporters.csv_import import import_posts, read_posts_csv
from storage import Status, Store, ValidationError

FIXTURES = Path(__file__).parents[1] / "fixtures"
TODAY = dt.date(2026, 11, 23)


def _posts(store: Store) -> dict[str, object]:
    return {p.title: p for p in store.all_posts()}


def test_english_commas(store: Store) -> None:
    plan = read_posts_csv((FIXTURES / "posts-en.csv").read_bytes(), store, today=TODAY)
    assert plan.ok and plan.delimiter == "," and plan.language == "en"
    assert plan.new_campaigns == ["Holidays"]
    assert import_posts(store, plan) == 4
    posts = _posts(store)
    hours = posts["Holiday hours, all branches"]
    assert (hours.date, hours.time, hours.platform) == (
        dt.date(2026, 12, 1),
        dt.time(9),
        "Facebook",
    )  # type: ignore[attr-defined]
    assert hours.status is Status.SCHEDULED and hours.campaign == "Holidays"  # type: ignore[attr-defined]
    assert hours.notes == "Check with HR; confirm" and hours.link == "https://example.org/hours"  # type: ignore[attr-defined]
    assert posts["Volunteer of the month"].time == dt.time(14, 30)  # type: ignore[attr-defined]
    review = posts["Year in review"]
    assert review.date == dt.date(2026, 12, 15) and review.time is None  # type: ignore[attr-defined]
    assert posts["Backlog idea: behind the scenes"].date is None  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["posts-fr.csv", "posts-fr-cp1252.csv"])
def test_french_semicolons_bom_and_cp1252(store: Store, name: str) -> None:
    plan = read_posts_csv((FIXTURES / name).read_bytes(), store, today=TODAY)
    assert plan.problems == []
    assert plan.delimiter == ";" and plan.language == "fr"
    assert plan.encoding == ("cp1252" if "cp1252" in name else "utf-8")
    import_posts(store, plan)
    posts = sorted(store.all_posts(), key=lambda p: p.date or dt.date.min)
    first = posts[0]
    assert first.date == dt.date(2026, 12, 1)  # 01/12 is day first in French
    assert first.time == dt.time(9, 30)
    assert first.title == "Horaire des fêtes : nos bureaux ferment le 24 décembre"
    assert first.status is Status.SCHEDULED and first.campaign == "Fêtes 2026"
    assert first.notes == "Valider avec la DG"
    assert posts[1].platform == "Newsletter" and posts[1].status is Status.DRAFTING
    assert posts[2].title.startswith("Bilan de l'année; merci") and posts[2].status is Status.READY


def test_bad_rows_are_all_listed_and_nothing_written(store: Store) -> None:
    data = (FIXTURES / "posts-bad.csv").read_bytes()
    plan = read_posts_csv(data, store, today=TODAY)
    assert [p.line for p in plan.problems] == [3, 4, 5, 6]
    report = plan.report()
    assert "line 3: '2026-13-01' is not a real date" in report
    assert "line 5: unknown platform 'MySpace'" in report
    assert "line 6: no title or message" in report
    assert report.endswith("4 rows would fail; nothing imported")
    with pytest.raises(ValidationError):
        import_posts(store, plan)
    assert store.all_posts() == []


def test_missing_columns_and_ambiguous_dates(store: Store) -> None:
    with pytest.raises(ValidationError, match="lacks platform"):
        read_posts_csv(b"date,title\n2026-12-01,x\n", store, today=TODAY)
    plan = read_posts_csv(b"date,platform,title\n03/04/2026,Facebook,x\n", store, today=TODAY)
    assert "ambiguous" in plan.problems[0].message
    plan = read_posts_csv(
        b"date,platform,title\n03/04/2026,Facebook,x\n03/25/2026,X,y\n", store, today=TODAY
    )
    assert plan.ok and plan.drafts[0][1].date == dt.date(2026, 3, 4)  # the file is month first


def test_cli_dry_run_then_real_run(db_path: Path, store: Store) -> None:
    from tui.cli import cli

    store.close()
    base = ["--db", str(db_path), "--now", "2026-11-23T15:00"]
    runner = CliRunner()
    bad = str(FIXTURES / "posts-bad.csv")
    dry = runner.invoke(cli, [*base, "import", "csv", bad, "--dry-run"])
    assert dry.exit_code == 1
    assert "line 4:" in dry.stdout and "4 rows would fail" in dry.stdout
    real = runner.invoke(cli, [*base, "import", "csv", bad])
    assert real.exit_code == 1 and "Error: 4 row(s) would fail; nothing imported" in real.stderr
    good = runner.invoke(cli, [*base, "import", "csv", str(FIXTURES / "posts-fr.csv")])
    assert good.exit_code == 0 and good.stdout == "imported 3 posts\n"
    with Store.open(db_path) as reopened:
        assert len(reopened.all_posts()) == 3


def test_the_same_spreadsheet_twice_adds_nothing_the_second_time(store: Store) -> None:
    data = (FIXTURES / "posts-en.csv").read_bytes()
    assert import_posts(store, read_posts_csv(data, store, today=TODAY)) == 4
    again = read_posts_csv(data, store, today=TODAY)
    assert again.ok and again.drafts == [] and len(again.already) == 4
    assert "4 rows already in Calepin, skipped (lines 2, 3, 4, 5)" in again.report()
    assert len(store.all_posts()) == 4


def test_cli_says_what_it_skipped(db_path: Path, store: Store) -> None:
    from tui.cli import cli

    store.close()
    base = ["--db", str(db_path), "--now", "2026-11-23T15:00"]
    runner = CliRunner()
    file = str(FIXTURES / "posts-fr.csv")
    assert runner.invoke(cli, [*base, "import", "csv", file]).stdout == "imported 3 posts\n"
    second = runner.invoke(cli, [*base, "import", "csv", file])
    assert second.exit_code == 0
    assert second.stdout == "imported 0 posts; 3 already in Calepin, skipped\n"
    with Store.open(db_path) as reopened:
        assert len(reopened.all_posts()) == 3
