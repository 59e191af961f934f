"""[sync] in the settings file: what it holds, what it refuses (naming the key), and never a
password."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import ValidationError
from storage.settings import (
    Settings,
    check_settings,
    load_settings,
    save_settings,
    settings_toml,
    written_by_calepin,
)

NEXTCLOUD = "https://cloud.example.org/remote.php/dav"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def refusal(tmp_path: Path, text: str) -> str:
    with pytest.raises(ValidationError) as caught:
        load_settings(write(tmp_path, text))
    return str(caught.value)


def test_a_sync_section_with_only_the_server_and_the_name_takes_the_defaults(
    tmp_path: Path,
) -> None:
    sync = load_settings(write(tmp_path, f'[sync]\nurl = "{NEXTCLOUD}"\nusername = "ana"\n')).sync
    assert sync is not None
    assert (sync.url, sync.username, sync.posts_calendar) == (NEXTCLOUD, "ana", "Calepin")
    assert sync.meetings_calendar is None and sync.every_minutes is None
    assert sync.verify_tls is True and sync.share_notes is False and sync.display_name is None


def test_every_key_is_read(tmp_path: Path) -> None:
    text = """
[sync]
url = "https://caldav.fastmail.com/dav/"
username = "ana@example.org"
posts_calendar = "Editorial"
meetings_calendar = "Work"
every_minutes = 15
verify_tls = false
share_notes = true
display_name = "Ana (communications)"
"""
    sync = load_settings(write(tmp_path, text)).sync
    assert sync is not None
    assert sync.posts_calendar == "Editorial" and sync.meetings_calendar == "Work"
    assert sync.every_minutes == 15 and sync.verify_tls is False and sync.share_notes is True
    assert sync.display_name == "Ana (communications)"


def test_no_sync_section_or_an_empty_one_means_no_sync(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path, "[work]\nhours_per_week = 35\n")).sync is None
    assert load_settings(write(tmp_path, "[sync]\n# url = 'https://x'\n")).sync is None


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:5232/",
        "http://127.0.0.1:5232/",
        "http://[::1]:5232/",
        "HTTPS://cloud.example.org/remote.php/dav",
    ],
)
def test_plain_http_is_taken_only_for_a_server_on_this_computer(tmp_path: Path, url: str) -> None:
    sync = load_settings(write(tmp_path, f'[sync]\nurl = "{url}"\nusername = "ana"\n')).sync
    assert sync is not None and sync.url == url


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://cloud.example.org/remote.php/dav", "must start with https://"),
        ("http://127.0.0.2/", "must start with https://"),
        ("cloud.example.org", "must be a server address like"),
        ("ftp://cloud.example.org/", "must be a server address like"),
        ("https://", "must be a server address like"),
        ("https://cloud example.org/", "must be a server address like"),
        ("https://cloud.example.org:port/", "must be a server address like"),
    ],
)
def test_a_server_address_that_would_not_do_is_refused_naming_the_key(
    tmp_path: Path, url: str, words: str
) -> None:
    message = refusal(tmp_path, f'[sync]\nurl = "{url}"\nusername = "ana"\n')
    assert message.startswith("config.toml: [sync] url ")
    assert words in message


def test_an_address_holding_a_password_is_refused_without_showing_it(tmp_path: Path) -> None:
    message = refusal(
        tmp_path, '[sync]\nurl = "https://ana:hunter22@cloud.example.org/"\nusername = "ana"\n'
    )
    assert "must not hold a user name or password" in message
    assert "hunter22" not in message


def test_a_password_key_is_refused_with_where_the_password_goes(tmp_path: Path) -> None:
    message = refusal(
        tmp_path, f'[sync]\nurl = "{NEXTCLOUD}"\nusername = "ana"\npassword = "hunter22"\n'
    )
    assert "hunter22" not in message
    assert "calepin sync --set-password" in message and "CALEPIN_SYNC_PASSWORD" in message
    assert "[sync]" in message


def test_an_unknown_key_is_named(tmp_path: Path) -> None:
    message = refusal(
        tmp_path, f'[sync]\nurl = "{NEXTCLOUD}"\nusername = "ana"\ncalendar = "Posts"\n'
    )
    assert "unknown key 'calendar' in [sync]" in message


@pytest.mark.parametrize("missing", ["url", "username"])
def test_the_server_and_the_name_are_both_needed(tmp_path: Path, missing: str) -> None:
    given = {"url": f'url = "{NEXTCLOUD}"', "username": 'username = "ana"'}
    del given[missing]
    message = refusal(tmp_path, "[sync]\n" + "\n".join(given.values()) + "\n")
    assert f"[sync] needs {missing}" in message


@pytest.mark.parametrize("minutes", ["4", "0", "-5", "7.5", '"15"', "1441"])
def test_syncing_more_often_than_every_five_minutes_is_refused(
    tmp_path: Path, minutes: str
) -> None:
    message = refusal(
        tmp_path, f'[sync]\nurl = "{NEXTCLOUD}"\nusername = "ana"\nevery_minutes = {minutes}\n'
    )
    assert "every_minutes must be a whole number of minutes between 5 and 1440" in message


def test_five_minutes_is_the_shortest_wait(tmp_path: Path) -> None:
    text = f'[sync]\nurl = "{NEXTCLOUD}"\nusername = "ana"\nevery_minutes = 5\n'
    sync = load_settings(write(tmp_path, text)).sync
    assert sync is not None and sync.every_minutes == 5


def test_the_meetings_cannot_be_pulled_from_the_posts_calendar(tmp_path: Path) -> None:
    text = f'[sync]\nurl = "{NEXTCLOUD}"\nusername = "ana"\nmeetings_calendar = "calepin"\n'
    assert "must be another calendar than posts_calendar" in refusal(tmp_path, text)


@pytest.mark.parametrize(
    ("line", "key"),
    [('verify_tls = "yes"', "verify_tls"), ("share_notes = 1", "share_notes"),
     ('username = ""', "username"), ("display_name = 3", "display_name")],
)  # fmt: skip
def test_a_value_of_the_wrong_kind_is_refused_naming_the_key(
    tmp_path: Path, line: str, key: str
) -> None:
    body = {"url": f'url = "{NEXTCLOUD}"', "username": 'username = "ana"'}
    body[key] = line
    assert f"{key} must be" in refusal(tmp_path, "[sync]\n" + "\n".join(body.values()) + "\n")


def test_the_settings_file_written_back_keeps_sync_and_reads_back_equal(tmp_path: Path) -> None:
    text = f"""
[sync]
url = "{NEXTCLOUD}"
username = "ana"
meetings_calendar = "Meetings"
every_minutes = 30
share_notes = true
"""
    settings = load_settings(write(tmp_path, text))
    written = settings_toml(settings)
    assert f'[sync]\nurl = "{NEXTCLOUD}"\nusername = "ana"\n' in written
    again = tmp_path / "again.toml"
    again.write_text(written, encoding="utf-8")
    assert load_settings(again).sync == settings.sync

    path = tmp_path / "saved.toml"
    saved = save_settings(settings, path)
    assert saved.sync == settings.sync
    assert written_by_calepin(load_settings(path))


def test_without_sync_the_file_shows_how_to_set_it_and_still_reads_back(tmp_path: Path) -> None:
    written = settings_toml(Settings())
    assert f'[sync]\n# url = "{NEXTCLOUD}"' in written
    path = tmp_path / "saved.toml"
    assert save_settings(Settings(), path).sync is None
    assert load_settings(path).sync is None


def test_the_settings_form_gets_each_problem_under_its_key() -> None:
    settings, errors = check_settings(
        {"sync": {"url": "http://cloud.example.org/", "username": "ana"}}
    )
    assert settings is None and list(errors) == ["sync.url"]
    assert "https://" in errors["sync.url"] and "config.toml" not in errors["sync.url"]
    settings, errors = check_settings({"sync": {"url": NEXTCLOUD, "username": "ana"}})
    assert errors == {} and settings is not None and settings.sync is not None


@pytest.mark.parametrize("readme", ["README.md", "README.fr.md"])
def test_the_readme_sync_example_reads_as_it_says(readme: str, tmp_path: Path) -> None:
    text = (Path(__file__).resolve().parents[2] / readme).read_text(encoding="utf-8")
    blocks = [b.partition("```")[0] for b in text.split("```toml\n")[1:]]
    example = next(block for block in blocks if block.startswith("[sync]"))
    sync = load_settings(write(tmp_path, example)).sync
    assert sync is not None
    assert (sync.url, sync.username, sync.posts_calendar) == (NEXTCLOUD, "ana", "Calepin")
    assert sync.every_minutes == 15 and sync.share_notes is False
