"""Settings from TOML: defaults, every key, and clear refusals that name the key."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from storage import Store, ValidationError
from storage.settings import (
    DutySetting,
    PlatformSetting,
    Settings,
    apply_to_store,
    check_settings,
    config_path,
    follow_store,
    listed_ids,
    load_settings,
    save_settings,
    settings_toml,
)

FULL = """
[calendar]
timezone = "America/Vancouver"
week_start = "sunday"

[work]
hours_per_week = 32.5
days = ["mon", "tue", "wednesday", "thu"]
start = "08:30"
end = 16:00:00

[job_description]
"social media" = 40
newsletters = 25.5
events = 34.5

[[platforms]]
name = "Mastodon"
colour = "#6364FF"
char_limit = 500
default_duty = "social media"
tag = "MA"

[[duties]]
name = "fundraising"
aliases = ["dons", "fundraiser"]
social = false
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def refused(tmp_path: Path, text: str) -> str:
    with pytest.raises(ValidationError) as caught:
        load_settings(write(tmp_path, text))
    return str(caught.value)


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "nope.toml")
    assert settings == Settings()
    assert not settings.loaded
    assert settings.hours_per_week == 35
    assert settings.working_days == (0, 1, 2, 3, 4)
    assert (settings.work_start, settings.work_end) == (dt.time(9), dt.time(17))
    assert settings.minutes_per_day == 7 * 60


def test_config_path_follows_platformdirs_and_env(isolated_home: Path, monkeypatch) -> None:
    assert config_path() == isolated_home / "config" / "calepin" / "config.toml"
    monkeypatch.setenv("CALEPIN_CONFIG", "~/elsewhere.toml")
    assert config_path() == isolated_home / "elsewhere.toml"


def test_every_key_is_read(tmp_path: Path) -> None:
    s = load_settings(write(tmp_path, FULL))
    assert s.loaded
    assert s.timezone == "America/Vancouver"
    assert s.week_start == 6
    assert s.hours_per_week == 32.5
    assert s.working_days == (0, 1, 2, 3)
    assert (s.work_start, s.work_end) == (dt.time(8, 30), dt.time(16))
    assert s.job_description == (("social media", 40), ("newsletters", 25.5), ("events", 34.5))
    assert s.platforms == (PlatformSetting("Mastodon", "MA", "#6364FF", 500, "social media"),)
    assert s.duties == (DutySetting("fundraising", ("dons", "fundraiser"), False),)


def test_shown_settings_read_back_the_same(tmp_path: Path) -> None:
    s = load_settings(write(tmp_path, FULL))
    text = settings_toml(s)
    tomllib.loads(text)
    again = load_settings(write(tmp_path, text))
    assert again == s


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[calendar]\nweekstart = 'monday'",
         "config.toml: unknown key 'weekstart' in [calendar]; did you mean 'week_start'?"),
        ("[calender]\n", "unknown key 'calender'; did you mean 'calendar'?"),
        ("[work]\nhours = 30", "unknown key 'hours' in [work]; did you mean 'hours_per_week'?"),
        ("[[duties]]\nname = 'x'\nsocail = true", "unknown key 'socail' in [[duties]]"),
        ("[[platforms]]\nname = 'x'\ncolor = '#000000'", "did you mean 'colour'?"),
    ],
)  # fmt: skip
def test_unknown_keys_are_named(tmp_path: Path, text: str, message: str) -> None:
    assert message in refused(tmp_path, text)


def test_split_must_add_up_to_100(tmp_path: Path) -> None:
    message = refused(tmp_path, "[job_description]\n'social media' = 60\nevents = 30")
    assert "[job_description] percentages must add up to 100 (they add up to 90)" in message
    assert "must be a percentage" in refused(tmp_path, "[job_description]\nevents = 'lots'")
    assert "between 0 and 100" in refused(tmp_path, "[job_description]\nevents = 120")


def test_unknown_zone_is_refused(tmp_path: Path) -> None:
    message = refused(tmp_path, "[calendar]\ntimezone = 'Mars/Olympus'")
    assert "[calendar] timezone: unknown time zone 'Mars/Olympus'" in message


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[calendar]\nweek_start = 'someday'", "week_start must be a day name"),
        ("[work]\nhours_per_week = 0", "hours_per_week must be a number of hours"),
        ("[work]\nhours_per_week = true", "hours_per_week must be a number of hours"),
        ("[work]\ndays = []", "days must be a list"),
        ("[work]\nstart = '25:00'", "start must be a time"),
        ("[work]\nstart = '17:00'\nend = '09:00'", "end (09:00) must be after start (17:00)"),
        ("[[platforms]]\nname = 'M'\ncolour = 'blue'", "colour must look like"),
        ("[[platforms]]\ncolour = '#000000'", "every [[platforms]] needs a name"),
        ("[[platforms]]\nname = 'M'\nchar_limit = 1.5", "char_limit must be a whole number"),
        ("[[duties]]\nname = 'x'\naliases = 'y'", "aliases must be a list"),
        ("[[duties]]\nname = 'x'\n[[duties]]\nname = 'X'", "'X' appears twice"),
        ("platforms = 3", "platforms must be a list"),
        ("[calendar\n", "not valid TOML"),
    ],
)  # fmt: skip
def test_invalid_values_are_refused_with_the_key(tmp_path: Path, text: str, key: str) -> None:
    message = refused(tmp_path, text)
    assert message.startswith("config.toml: ")
    assert key in message


def test_apply_adds_missing_platforms_and_duties(tmp_path: Path, store: Store) -> None:
    settings = load_settings(write(tmp_path, FULL))
    changes = apply_to_store(settings, store, keep="wall")  # the file names another zone
    assert changes == [
        "moved the time zone from America/Toronto to America/Vancouver (no posts to move)",
        "added duty fundraising",
        "added platform Mastodon",
    ]
    duty = store.duty("dons")
    assert duty.name == "fundraising" and not duty.social
    platform = store.platform("Mastodon")
    assert (platform.colour, platform.char_limit, platform.tag) == ("#6364FF", 500, "MA")
    assert apply_to_store(settings, store) == []  # nothing left to do


def test_apply_reports_changes_to_existing_items(store: Store) -> None:
    settings = Settings(platforms=(PlatformSetting("Facebook", colour="#000000"),))
    changes = apply_to_store(settings, store)
    assert changes == ["updated platform Facebook (colour)"]
    assert store.platform("Facebook").colour == "#000000"


# ---------------------------------------------------------------- saving and [keys]


def test_saved_settings_read_back_equal(tmp_path: Path) -> None:
    s = load_settings(write(tmp_path, FULL + '\n[keys]\n"app.summary" = "R"\n'))
    target = tmp_path / "new" / "folder" / "config.toml"  # the folder is made
    saved = save_settings(s, target)
    assert saved == s and saved.path == target and saved.loaded
    assert load_settings(target) == s
    assert target.stat().st_mode & 0o777 == 0o600
    assert target.read_text(encoding="utf-8").startswith("# Calepin settings.")


def test_save_defaults_to_the_settings_path(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    save_settings(Settings(hours_per_week=28, path=path))
    assert load_settings(path).hours_per_week == 28


def test_numbers_that_do_not_print_short_keep_every_digit(tmp_path: Path) -> None:
    third = 100 / 3
    s = Settings(job_description=(("events", third), ("social media", 100 - third)))
    assert load_settings(save_settings(s, tmp_path / "c.toml").path) == s


def test_settings_that_would_not_read_back_are_not_written(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("# mine\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="hours_per_week must be a number of hours"):
        save_settings(Settings(hours_per_week=0), path)
    assert path.read_text(encoding="utf-8") == "# mine\n"


def test_unwritable_place_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(ValidationError, match="cannot write"):
        save_settings(Settings(), blocker / "config.toml")


def test_keys_section_is_read(tmp_path: Path) -> None:
    s = load_settings(
        write(
            tmp_path,
            '[keys]\n"app.summary" = "r"\npost.new = "n, a"\n"view.filter" = ["slash", "f"]\n',
        )
    )
    assert s.keys == (("app.summary", "r"), ("post.new", "n,a"), ("view.filter", "slash,f"))
    assert s.keymap == {"app.summary": "r", "post.new": "n,a", "view.filter": "slash,f"}
    assert '"post.new" = "n,a"' in settings_toml(s)
    assert load_settings(write(tmp_path, settings_toml(s))) == s


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[keys]\nsummary = 'r'", "[keys] 'summary' is not a binding id; ids look like \"app.summary\""),
        ("[keys]\n'app.summary' = ''", "[keys] 'app.summary' must be keys like \"r\" or \"n,a\" (got '')"),
        ("[keys]\n'app.summary' = 'r,'", "[keys] 'app.summary' must be keys like"),
        ("[keys]\n'app.summary' = 3", "[keys] 'app.summary' must be keys like \"r\" or \"n,a\" (got 3)"),
        ("[keys]\n'app.summary' = []", "[keys] 'app.summary' must be keys like"),
        ("[keys]\n'app.summary' = 'ctrl s'", "[keys] 'app.summary' must be keys like"),
        ("[keys]\n'app.summary' = 'r'\napp.summary = 's'", "[keys] 'app.summary' appears twice"),
        ("keys = 'r'", "keys must be a table"),
        ("[keys]\n[kesy]\n", "unknown key 'kesy'; did you mean 'keys'?"),
    ],
)  # fmt: skip
def test_bad_keys_are_refused_with_the_id(tmp_path: Path, text: str, message: str) -> None:
    assert message in refused(tmp_path, text)


def test_config_show_lists_keys(tmp_path: Path) -> None:
    assert "[keys]\n# not set" in settings_toml(Settings())


def test_check_settings_collects_every_problem_by_key(tmp_path: Path) -> None:
    settings, errors = check_settings(
        {
            "calendar": {"timezone": "Mars/Olympus"},
            "work": {"hours_per_week": 0, "start": "17:00", "end": "09:00"},
            "job_description": {"events": 60, "newsletters": "lots"},
        }
    )
    assert settings is None
    # A form's words, not the file's: the form names the field (tests/storage/test_settings_form.py).
    assert errors == {
        "calendar.timezone": errors["calendar.timezone"],
        "work.hours_per_week": "must be a number of hours between 1 and 80 (got 0)",
        "work.hours": "end (09:00) must be after start (17:00)",
        "job_description.newsletters": "must be a percentage between 0 and 100 (got 'lots')",
    }
    assert errors["calendar.timezone"].startswith("unknown time zone")
    settings, errors = check_settings({"job_description": {"events": 60, "web": 30}})
    assert errors == {"job_description": "percentages must add up to 100 (they add up to 90)"}
    settings, errors = check_settings({"work": {"hours_per_week": 30.0}})
    assert errors == {} and settings is not None and settings.hours_per_week == 30


def test_file_tables_follow_edits_made_in_the_database(tmp_path: Path, store: Store) -> None:
    settings = Settings(
        duties=(DutySetting("events", social=False), DutySetting("fundraising")),
        platforms=(
            PlatformSetting("Facebook", colour="#1877F2", default_duty="social media"),
            PlatformSetting("TikTok", tag="TT"),
        ),
    )
    ids = listed_ids(settings, store)
    store.update_duty("events", new_name="events & fairs", social=True)
    store.update_platform("Facebook", colour="#000000", default_duty="events & fairs")
    assert store.remove_platform("TikTok") == "deleted"
    after = follow_store(settings, store, ids)
    assert after.duties == (
        DutySetting("events & fairs", social=True),
        DutySetting("fundraising"),  # not in the database: left as the file says
    )
    assert after.platforms == (
        PlatformSetting("Facebook", colour="#000000", default_duty="events & fairs"),
    )
    assert apply_to_store(after, store) == ["added duty fundraising"]


def test_the_readme_example_is_a_valid_settings_file(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    example = readme.split("## Configuration", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "config.toml"
    path.write_text(example, encoding="utf-8")
    settings = load_settings(path)
    assert settings.timezone == "America/Toronto"
    assert dict(settings.job_description)["social media"] == 30
    assert settings.keymap == {"app.summary": "r", "post.new": "n,a"}


def test_apply_moves_platforms_before_archiving_their_old_duty(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[[duties]]\nname = "video"\narchived = true\n\n'
        '[[duties]]\nname = "motion"\n\n'
        '[[platforms]]\nname = "YouTube"\ndefault_duty = "motion"\n',
        encoding="utf-8",
    )
    changes = apply_to_store(load_settings(path), store)
    assert store.platform("YouTube").default_duty == "motion"
    assert store.duty("video").archived
    assert changes[-1] == "updated duty video (archived)"


def test_apply_can_hand_the_social_flag_to_a_new_duty(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[[duties]]\nname = "social media"\nsocial = false\n\n'
        '[[duties]]\nname = "community"\nsocial = true\n',
        encoding="utf-8",
    )
    apply_to_store(load_settings(path), store)
    assert [d.name for d in store.duties() if d.social] == ["community"]


def test_saving_the_same_settings_leaves_the_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    first = save_settings(Settings(hours_per_week=30), path)
    inode = path.stat().st_ino  # an atomic write replaces the file: a new inode
    save_settings(first, path)
    assert path.stat().st_ino == inode
    save_settings(Settings(hours_per_week=31), path)
    assert path.stat().st_ino != inode and load_settings(path).hours_per_week == 31
