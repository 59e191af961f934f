"""A home zone per database: written at creation, migrated into older files, never moved by
the shell's TZ; changing it keeps the chosen side (wall clock or instant) of every post."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storage import PostDraft, Store, ValidationError, migrations
from storage.timeutil import from_db

ROOT = Path(__file__).resolve().parents[2]
UTC = dt.UTC


# ---------------------------------------------------------------- written once, kept


def test_a_new_database_keeps_the_zone_it_was_made_with(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(db_path, zone_name="Europe/Paris") as store:
        assert store.zone_name == "Europe/Paris"
        assert store.setting("timezone") == "Europe/Paris"
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    with Store.open(db_path) as store, Store.open(db_path, zone_name="UTC") as again:
        assert store.zone_name == again.zone_name == "Europe/Paris"


def test_without_settings_a_new_database_takes_the_system_zone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "America/Vancouver")
    with Store.open(tmp_path / "new.db") as store:
        assert store.setting("timezone") == "America/Vancouver"


def _old_file(path: Path) -> None:
    """A database as Calepin wrote it before the home zone: no `timezone` setting."""
    home_zone = next(i for i, (name, _) in enumerate(migrations.MIGRATIONS) if "home_zone" in name)
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("BEGIN")
        conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
        migrations.migrate(conn, 0, "2026-01-01T00:00:00Z", to_version=home_zone)
        conn.execute(
            "INSERT INTO posts (uid, title, platform_id, status, date, time, timezone,"
            " created_at, updated_at) VALUES ('u1', 'Kept', 1, 'scheduled', '2026-12-01',"
            " '11:30', 'UTC', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
        )
        conn.execute("COMMIT")


def test_an_older_file_takes_the_system_zone_when_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    _old_file(path)
    monkeypatch.setenv("TZ", "Europe/Paris")
    with Store.open(path) as store:
        assert store.setting("timezone") == "Europe/Paris"
        (post,) = store.all_posts()
        assert (post.time, post.timezone) == (dt.time(11, 30), "UTC")  # posts are left as is
    monkeypatch.setenv("TZ", "UTC")
    with Store.open(path) as store:
        assert store.zone_name == "Europe/Paris"


def test_an_older_file_takes_the_settings_zone_when_they_name_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    _old_file(path)
    monkeypatch.setenv("TZ", "Europe/Paris")
    with Store.open(path, zone_name="America/Halifax") as store:
        assert store.setting("timezone") == "America/Halifax"


def _log(db: Path, tz: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TZ": tz}
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", "--db", str(db), "--now", "2026-11-23T15:00",
         "log", "--force", "2026-12-01", "09:00-10:00", "web"],
        capture_output=True, text=True, cwd=ROOT, timeout=60, env=env,
    )  # fmt: skip


def test_the_shells_tz_never_moves_a_logged_entry(db_path: Path) -> None:
    Store.open(db_path, zone_name="America/Toronto").close()
    for tz in ("America/Toronto", "UTC"):
        result = _log(db_path, tz)
        assert result.returncode == 0, result.stderr
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        starts = [r[0] for r in conn.execute("SELECT start_at, end_at FROM time_entries")]
    assert starts == ["2026-12-01T14:00:00Z", "2026-12-01T14:00:00Z"]


def test_a_file_made_under_one_tz_keeps_it_under_another(tmp_path: Path) -> None:
    db = tmp_path / "made-in-utc.db"
    assert _log(db, "UTC").returncode == 0
    assert _log(db, "America/Toronto").returncode == 0
    with Store.open(db) as store:
        assert store.zone_name == "UTC"
        assert {from_db(e) for (e,) in store.connection.execute(
            "SELECT start_at FROM time_entries")} == {dt.datetime(2026, 12, 1, 9, tzinfo=UTC)}  # fmt: skip


# ---------------------------------------------------------------- changing it


def _two_posts(store: Store) -> None:
    store.add_post(PostDraft("Morning", "Facebook", dt.date(2026, 12, 1), dt.time(11, 30)))
    store.add_post(PostDraft("All day", "Blog", dt.date(2026, 12, 2)))
    store.add_post(PostDraft("Idea", "X"))


def test_keeping_the_wall_clock(db_path: Path) -> None:
    with Store.open(db_path, zone_name="UTC") as store:
        _two_posts(store)
        before = {p.title: p for p in store.all_posts()}
        change = store.change_zone("America/Toronto", "wall")
        assert store.zone_name == "America/Toronto"
        after = {p.title: p for p in store.all_posts()}
    assert (change.old, change.new, change.moved, change.clock_changed) == (
        "UTC", "America/Toronto", 3, 0
    )  # fmt: skip
    for title, post in after.items():
        assert (post.date, post.time, post.timezone) == (
            before[title].date, before[title].time, "America/Toronto"
        )  # fmt: skip
        assert post.sequence == before[title].sequence + 1  # calendars take the change
    with Store.open(db_path, zone_name="UTC") as store:
        assert store.zone_name == "America/Toronto"


def test_keeping_the_instant(db_path: Path) -> None:
    with Store.open(db_path, zone_name="UTC") as store:
        _two_posts(store)
        change = store.change_zone("America/Toronto", "instant")
        after = {p.title: p for p in store.all_posts()}
    assert change.clock_changed == 1
    assert (after["Morning"].date, after["Morning"].time) == (dt.date(2026, 12, 1), dt.time(6, 30))
    assert after["Morning"].starts_at == dt.datetime(2026, 12, 1, 11, 30, tzinfo=UTC)
    assert after["All day"].date == dt.date(2026, 12, 2) and after["All day"].time is None
    assert after["Idea"].date is None and after["Idea"].timezone == "America/Toronto"


def test_two_posts_showing_the_same_time_export_at_the_same_moment(db_path: Path) -> None:
    from exporters.ics import export_ics

    with Store.open(db_path, zone_name="UTC") as store:
        store.add_post(PostDraft("Before", "Facebook", dt.date(2026, 12, 1), dt.time(11, 30)))
        store.change_zone("America/Toronto", "wall")
        store.add_post(PostDraft("After", "Facebook", dt.date(2026, 12, 1), dt.time(11, 30)))
        text = export_ics(
            store, dt.date(2026, 12, 1), dt.date(2026, 12, 1),
            now=dt.datetime(2026, 11, 23, tzinfo=UTC),
        )  # fmt: skip
    starts = [line for line in text.split("\r\n") if line.startswith("DTSTART") and "2026" in line]
    assert starts == ["DTSTART;TZID=America/Toronto:20261201T113000"] * 2


def test_a_series_keeps_its_clock_time_even_when_instants_are_kept(db_path: Path) -> None:
    with Store.open(db_path, zone_name="UTC") as store:
        series = store.add_post(
            PostDraft("Tip", "Bluesky", dt.date(2026, 12, 2), dt.time(9), rrule="FREQ=WEEKLY")
        )
        change = store.change_zone("Europe/Paris", "instant")
        post = store.get_post(series.id)
    assert (post.date, post.time, post.timezone) == (
        dt.date(2026, 12, 2),
        dt.time(9),
        "Europe/Paris",
    )
    assert change.series_kept_wall == 1


def test_a_bad_zone_or_side_changes_nothing(db_path: Path) -> None:
    with Store.open(db_path, zone_name="UTC") as store:
        _two_posts(store)
        before = store.all_posts()
        with pytest.raises(ValidationError, match="time zone"):
            store.change_zone("Mars/Olympus", "wall")
        with pytest.raises(ValidationError, match=r"'wall'.*'instant'"):
            store.change_zone("Europe/Paris", "both")
        with pytest.raises(ValueError, match="change_zone"):
            store.set_setting("timezone", "Europe/Paris")
        assert store.all_posts() == before
        assert store.zone_name == store.setting("timezone") == "UTC"


def test_a_rolled_back_change_leaves_the_zone(db_path: Path) -> None:
    with Store.open(db_path, zone_name="UTC") as store:
        _two_posts(store)
        with pytest.raises(RuntimeError), store.transaction("save the settings"):
            store.change_zone("Europe/Paris", "wall")
            assert store.zone_name == "Europe/Paris"
            raise RuntimeError("the settings file could not be written")
        assert store.zone_name == "UTC"
        assert {p.timezone for p in store.all_posts()} == {"UTC"}


def test_another_process_moving_the_zone_is_noticed(db_path: Path) -> None:
    with Store.open(db_path, zone_name="UTC") as store:
        with Store.open(db_path) as cli:
            cli.change_zone("Europe/Paris", "wall")
        store.change_token()
        assert store.zone_name == "Europe/Paris"


# ---------------------------------------------------------------- the property

ZONES = [
    "UTC", "America/Toronto", "Europe/Paris", "Australia/Sydney", "Asia/Kolkata",
    "America/St_Johns", "Pacific/Chatham", "America/Santiago", "Europe/London",
    "Pacific/Apia", "Asia/Tokyo",
]  # fmt: skip
# Days a clock jumps somewhere in ZONES, so wall times fall in gaps and repeated hours.
DST_DAYS = [
    dt.date(2026, 3, 8), dt.date(2026, 11, 1), dt.date(2026, 3, 29), dt.date(2026, 10, 25),
    dt.date(2026, 4, 5), dt.date(2026, 10, 4), dt.date(2026, 9, 6), dt.date(2026, 9, 27),
    dt.date(2027, 3, 14), dt.date(2027, 11, 7), dt.date(2027, 3, 28), dt.date(2027, 10, 31),
]  # fmt: skip

days = st.one_of(
    st.sampled_from(DST_DAYS),
    st.sampled_from(DST_DAYS).map(lambda d: d + dt.timedelta(days=1)),
    st.dates(dt.date(2025, 1, 1), dt.date(2029, 12, 31)),
)
times = st.one_of(
    st.builds(dt.time, st.integers(0, 4), st.sampled_from([0, 15, 30, 45])),
    st.builds(dt.time, st.integers(0, 23), st.integers(0, 59)),
)
posts = st.tuples(
    st.one_of(st.none(), days),
    st.one_of(st.none(), times),
    st.one_of(st.none(), st.sampled_from(ZONES)),  # None: in the home zone
)


def _repeated(wall: dt.datetime, tz: ZoneInfo) -> bool:
    """A wall time the clock shows twice (its moments differ by fold)."""
    return (
        wall.replace(tzinfo=tz, fold=0).utcoffset() != wall.replace(tzinfo=tz, fold=1).utcoffset()
    )


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    home=st.sampled_from(ZONES),
    new=st.sampled_from(ZONES),
    keep=st.sampled_from(["wall", "instant"]),
    drafts=st.lists(posts, max_size=6),
)
def test_a_zone_change_keeps_the_chosen_side_for_every_post(
    db_path: Path, home: str, new: str, keep: str, drafts: list[tuple]
) -> None:
    with Store.open(db_path, zone_name="UTC") as store:
        store.connection.execute("DELETE FROM posts")
        store.change_zone(home, "wall")
        for index, (day, time, tz) in enumerate(drafts):
            draft = PostDraft(f"p{index}", "Facebook", day, time if day else None, timezone=tz)
            try:
                store.add_post(draft)
            except ValidationError:  # a time the clock skips: kept as older versions wrote it
                post = store.add_post(replace(draft, time=None))
                store.connection.execute(
                    "UPDATE posts SET time = ? WHERE id = ?", (f"{time:%H:%M}", post.id)
                )
        before = {p.id: p for p in store.all_posts()}
        store.change_zone(new, keep)
        after = {p.id: p for p in store.all_posts()}
        assert store.zone_name == new
    with Store.open(db_path) as reopened:
        assert reopened.zone_name == new
    assert after.keys() == before.keys()
    new_tz = ZoneInfo(new)
    for post_id, old in before.items():
        post = after[post_id]
        assert post.timezone == new
        if keep == "wall" or old.time is None:
            assert (post.date, post.time) == (old.date, old.time)
            continue
        moment = old.starts_at
        assert moment is not None and post.starts_at is not None
        shown = moment.astimezone(new_tz).replace(tzinfo=None)
        assert dt.datetime.combine(post.date, post.time) == shown  # the clock the moment shows
        # (In UTC: Python never calls an instant in a repeated hour equal to another zone's.)
        if not _repeated(shown, new_tz):
            assert post.starts_at.astimezone(UTC) == moment.astimezone(UTC)
        else:  # a repeated hour: the wall clock names its first moment; ours is one of the two
            firsts = (post.starts_at, post.starts_at.replace(fold=1))
            assert moment.astimezone(UTC) in {f.astimezone(UTC) for f in firsts}


# ---------------------------------------------------------------- calepin config


def _cli(db: Path, *args: str) -> Result:

    from tui.cli import cli

    return CliRunner().invoke(cli, ["--db", str(db), "--now", "2026-11-23T15:00", *args])


def test_config_show_says_where_the_zone_comes_from(db_path: Path, tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("[calendar]\ntimezone = 'Europe/Paris'\n", encoding="utf-8")
    before = _cli(db_path, "config", "show", "--config", str(config))
    assert before.exit_code == 0, before.output
    assert (
        f"# Time zone: no database at {db_path} yet; a new one takes Europe/Paris, from this file\n"
        in before.stdout
    )
    assert not db_path.exists()  # a look creates nothing
    Store.open(db_path, zone_name="America/Toronto").close()
    shown = _cli(db_path, "config", "show", "--config", str(config)).stdout
    assert (
        f"# Time zone: America/Toronto, the home zone stored in the database {db_path};"
        " this file names Europe/Paris: `calepin config apply --keep wall|instant`" in shown
    )
    plain = _cli(db_path, "config", "show").stdout
    assert "America/Toronto, the home zone stored in the database" in plain
    assert "(this file names none)" in plain


def test_config_apply_asks_what_posts_keep_when_the_zone_moves(
    db_path: Path, tmp_path: Path
) -> None:
    with Store.open(db_path, zone_name="UTC") as store:
        store.add_post(PostDraft("Morning", "Facebook", dt.date(2026, 12, 1), dt.time(11, 30)))
    config = tmp_path / "c.toml"
    config.write_text(
        "[calendar]\ntimezone = 'America/Toronto'\n[[duties]]\nname = 'fundraising'\n",
        encoding="utf-8",
    )
    refused = _cli(db_path, "config", "apply", "--config", str(config))
    assert refused.exit_code == 1
    assert refused.stderr.startswith(
        "Error: the settings file moves the time zone from UTC to America/Toronto; say what"
        " planned posts keep with --keep wall"
    )
    with Store.open(db_path) as store:  # nothing saved, not even the duty
        assert store.zone_name == "UTC" and store.all_posts()[0].timezone == "UTC"
        assert "fundraising" not in [d.name for d in store.duties()]
    bad = _cli(db_path, "config", "apply", "--config", str(config), "--keep", "both")
    assert bad.exit_code == 2 and "'wall'" in bad.stderr
    done = _cli(db_path, "config", "apply", "--config", str(config), "--keep", "instant")
    assert done.exit_code == 0, done.output
    assert done.stdout.splitlines()[:2] == [
        "moved the time zone from UTC to America/Toronto: 1 post keeps its moment"
        " (1 now shows another date or time)",
        "added duty fundraising",
    ]
    with Store.open(db_path) as store:
        (post,) = store.all_posts()
        assert (post.time, post.timezone) == (dt.time(6, 30), "America/Toronto")
        assert store.zone_name == "America/Toronto"
    again = _cli(db_path, "config", "apply", "--config", str(config))
    assert again.exit_code == 0 and "Nothing to change" in again.stdout
