"""Which reading of a time that happens twice (Post.fold) survives `post list` (JSON, CSV)
and the CSV import of posts, with the CLI's rule for choosing it; on a real SQLite file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner, Result

from exporters.csv_import import CsvPlan, import_posts, read_posts_csv
from storage import PostDraft, Store
from tui.cli import cli

NOW_ARG = "2026-10-20T15:00"  # conftest's zone: America/Toronto
TODAY = dt.date(2026, 10, 20)
BACK = dt.date(2026, 11, 1)  # clocks go back from 02:00 to 01:00 in Toronto


def _run(db_path: Path, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["--db", str(db_path), "--now", NOW_ARG, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def test_post_list_json_carries_fold(store: Store, db_path: Path) -> None:
    late = store.add_post(
        PostDraft("Late", "Facebook", BACK, dt.time(1, 30, fold=1), status="scheduled")
    )
    store.add_post(PostDraft("Early", "Facebook", BACK, dt.time(1, 30), status="scheduled"))
    result = _run(
        db_path, "post", "list", "--from", "2026-11-01", "--to", "2026-11-01", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    listed = {p["title"]: p for p in json.loads(result.stdout)}
    assert (listed["Late"]["time"], listed["Late"]["fold"]) == ("01:30", 1)
    assert (listed["Early"]["time"], listed["Early"]["fold"]) == ("01:30", 0)
    shown = json.loads(_run(db_path, "post", "show", str(late.id), "--format", "json").stdout)
    assert shown["fold"] == 1


def _csv(store: Store, text: str) -> CsvPlan:
    return read_posts_csv(text.encode(), store, today=TODAY)


def test_a_fold_column_chooses_the_reading(store: Store) -> None:
    plan = _csv(
        store,
        "date,time,platform,title,fold\n"
        "2026-11-01,01:30,Facebook,Second,1\n"
        "2026-11-01,01:30,Facebook,First,0\n"
        "2026-11-01,01:30,Facebook,Deuxième,deuxième\n",
    )
    assert plan.ok and not plan.notes, plan.report()
    import_posts(store, plan)
    posts = {p.title: p for p in store.all_posts()}
    assert posts["Second"].fold == 1 and posts["Deuxième"].fold == 1
    assert posts["First"].fold == 0
    utc = {t: posts[t].starts_at.astimezone(dt.UTC).hour for t in ("First", "Second")}
    assert utc == {"First": 5, "Second": 6}  # 01:30 EDT, then 01:30 EST


def test_without_a_fold_it_is_the_first_reading_and_noted(store: Store) -> None:
    plan = _csv(store, "date,time,platform,title\n2026-11-01,01:30,Facebook,Night post\n")
    assert plan.ok
    assert [n.line for n in plan.notes] == [2]
    note = str(plan.notes[0])
    assert "happens twice" in note and "the first one, EDT" in note and "fold" in note
    assert "note: line 2: 01:30 happens twice" in plan.report()
    import_posts(store, plan)
    assert store.all_posts()[0].fold == 0


def test_a_fold_where_there_is_nothing_to_choose_is_refused(store: Store) -> None:
    plan = _csv(
        store,
        "date,time,platform,title,fold\n"
        "2026-11-02,01:30,Facebook,Once,1\n"
        "2026-11-01,01:30,Facebook,Odd,maybe\n"
        "2026-11-01,,Facebook,No time,1\n",
    )
    messages = [str(p) for p in plan.problems]
    assert messages[0] == (
        "line 2: 01:30 happens once on Mon 2 Nov 2026 in America/Toronto; leave its fold empty"
    )
    assert messages[1].startswith("line 3: fold 'maybe': write 0")
    assert messages[2] == "line 4: a fold needs a date and a time"


def test_a_time_that_does_not_exist_is_refused_as_post_add_does(store: Store) -> None:
    plan = _csv(store, "date,time,platform,title\n2027-03-14,02:30,Facebook,Gap\n")
    assert [p.line for p in plan.problems] == [2]
    assert "02:30 does not exist on Sun 14 Mar 2027" in str(plan.problems[0])


def test_the_two_readings_are_two_posts_when_imported_again(store: Store) -> None:
    store.add_post(PostDraft("Night", "Facebook", BACK, dt.time(1, 30)))
    plan = _csv(store, "date,time,platform,title,fold\n2026-11-01,01:30,Facebook,Night,1\n")
    assert plan.ok and plan.already == [] and len(plan.drafts) == 1
    plan = _csv(store, "date,time,platform,title,fold\n2026-11-01,01:30,Facebook,Night,0\n")
    assert plan.already == [2]


def test_post_list_csv_round_trips_the_reading(store: Store, db_path: Path, tmp_path: Path) -> None:
    store.add_post(PostDraft("Late", "Facebook", BACK, dt.time(1, 30, fold=1)))
    listed = _run(
        db_path, "post", "list", "--from", "2026-11-01", "--to", "2026-11-01", "--format", "csv"
    )
    assert listed.exit_code == 0, listed.output
    store.delete_post(store.all_posts()[0].id)
    sheet = tmp_path / "posts.csv"
    sheet.write_text(listed.stdout, encoding="utf-8")
    result = _run(db_path, "import", "csv", str(sheet))
    assert result.exit_code == 0, result.output
    (post,) = store.all_posts()
    assert (post.time, post.fold) == (dt.time(1, 30), 1)


def test_cli_import_notes_the_reading_it_took(store: Store, db_path: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "posts.csv"
    sheet.write_text(
        "date,time,platform,title\n2026-11-01,01:30,Facebook,Night\n", encoding="utf-8"
    )
    result = _run(db_path, "import", "csv", str(sheet))
    assert result.exit_code == 0, result.output
    assert "Note: line 2: 01:30 happens twice" in result.stderr
