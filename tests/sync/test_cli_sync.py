"""`calepin sync` end to end: the settings, the password, and runs against a real Radicale.

The password never shows: not in the output, the database, the settings file, nor an error.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import keyring
import pytest
from click.testing import CliRunner, Result
from keyring.backends import fail

from exporters.sync.engine import SyncTarget
from storage import Store
from tests.sync.conftest import password_of
from tests.sync.keyrings import KeptInMemory
from tests.sync.radicale_server import free_port
from tui.cli import cli

NOW_ARG = "2026-12-07T09:00"  # a Monday
PASSWORD = password_of("coordinator")

Run = Callable[..., Result]


@pytest.fixture
def system_keyring() -> Iterator[KeptInMemory]:
    before = keyring.get_keyring()
    kept = KeptInMemory()
    keyring.set_keyring(kept)
    yield kept
    keyring.set_keyring(before)


def settings_file(folder: Path, target: SyncTarget, *, url: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.toml"
    path.write_text(
        f'[sync]\nurl = "{url or target.url}"\nusername = "{target.username}"\n'
        f'posts_calendar = "{target.posts_calendar}"\n',
        encoding="utf-8",
    )
    return path


def runner_for(folder: Path, config: Path | None, password: str | None = PASSWORD) -> Run:
    """`calepin --db folder/calepin.db --now NOW ARGS…` with that settings file and password."""
    env = {"CALEPIN_CONFIG": str(config) if config else str(folder / "none.toml")}
    env["CALEPIN_SYNC_PASSWORD"] = password or ""
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Result:
        db = str(folder / "calepin.db")
        result = runner.invoke(cli, ["--db", db, "--now", NOW_ARG, *args], input=input, env=env)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        assert "Traceback" not in result.output
        return result

    return run


def no_password_in(folder: Path, *secrets: str) -> None:
    """Neither the database (and its journal), nor the settings, holds a password."""
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for secret in secrets:
                assert secret.encode() not in data, path


@pytest.fixture
def ana(tmp_path: Path, sync_target: SyncTarget) -> Run:
    """The coordinator's database and settings on this test's calendar."""
    folder = tmp_path / "ana"
    return runner_for(folder, settings_file(folder, sync_target))


@pytest.fixture
def ben(tmp_path: Path, sync_target: SyncTarget) -> Run:
    """A second coordinator (the designer's account) on the calendar Ana synced with, named
    by its path (his own home has no calendar of that name): Ana syncs first."""
    folder = tmp_path / "ben"
    config = folder / "config.toml"
    run = runner_for(folder, config, password_of("designer"))

    def first_set_up(*args: str, **kwargs: str) -> Result:
        if not config.exists():
            with Store.open(tmp_path / "ana" / "calepin.db") as store:
                path = urlsplit(store.sync_calendar_urls("posts")[0]).path
            settings_file(folder, replace(sync_target, username="designer", posts_calendar=path))
        return run(*args, **kwargs)

    return first_set_up


# ---------------------------------------------------------------- without a server


def test_without_sync_settings_it_says_what_to_write_and_creates_nothing(tmp_path: Path) -> None:
    result = runner_for(tmp_path, None)("sync")
    assert result.exit_code == 1
    assert result.output.startswith("Error: no server to sync with: add to ")
    assert str(tmp_path / "none.toml") in result.output
    assert '  url = "https://cloud.example.org/remote.php/dav"' in result.output
    assert not (tmp_path / "calepin.db").exists()


def test_a_password_in_the_settings_file_is_refused_and_not_shown(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[sync]\nurl = "https://cloud.example.org/remote.php/dav"\nusername = "ana"\n'
        'password = "hunter22"\n',
        encoding="utf-8",
    )
    result = runner_for(tmp_path, config)("sync")
    assert result.exit_code == 1 and result.output.startswith("Error: config.toml: [sync] ")
    assert "calepin sync --set-password" in result.output and "hunter22" not in result.output


def test_set_password_reads_one_line_when_piped_and_keeps_it_in_the_keyring(
    tmp_path: Path, system_keyring: KeptInMemory
) -> None:
    target = SyncTarget(url="https://cloud.example.org/remote.php/dav", username="ana")
    run = runner_for(tmp_path, settings_file(tmp_path, target), password=None)
    result = run("sync", "--set-password", input="correct horse battery\n")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Password kept in the system keyring for ana at https://cloud.example.org/remote.php/dav.\n"
    )
    assert system_keyring.kept == {
        ("calepin", "ana@https://cloud.example.org/remote.php/dav"): "correct horse battery"
    }
    no_password_in(tmp_path, "correct horse battery")


def test_set_password_says_when_the_variable_would_still_win(
    tmp_path: Path, system_keyring: KeptInMemory
) -> None:
    target = SyncTarget(url="https://cloud.example.org/remote.php/dav", username="ana")
    run = runner_for(tmp_path, settings_file(tmp_path, target), password="from-the-variable")
    result = run("sync", "--set-password", input="correct horse battery\n")
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == (
        "CALEPIN_SYNC_PASSWORD is set and comes first: unset it for the keyring's to be used."
    )
    assert "from-the-variable" not in result.output


def test_set_password_without_a_keyring_says_to_use_the_variable(tmp_path: Path) -> None:
    target = SyncTarget(url="https://cloud.example.org/remote.php/dav", username="ana")
    run = runner_for(tmp_path, settings_file(tmp_path, target), password=None)
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        result = run("sync", "--set-password", input="correct horse battery\n")
    finally:
        keyring.set_keyring(before)
    assert result.exit_code == 1
    assert result.output.startswith("Error: no system keyring here")
    assert "CALEPIN_SYNC_PASSWORD" in result.output
    assert "correct horse battery" not in result.output


def test_an_empty_line_stores_nothing(tmp_path: Path, system_keyring: KeptInMemory) -> None:
    target = SyncTarget(url="https://cloud.example.org/remote.php/dav", username="ana")
    run = runner_for(tmp_path, settings_file(tmp_path, target), password=None)
    result = run("sync", "--set-password", input="\n")
    assert result.exit_code == 1 and "no password given" in result.output
    assert system_keyring.kept == {}


def test_set_password_and_dry_run_do_not_go_together(tmp_path: Path) -> None:
    target = SyncTarget(url="https://cloud.example.org/remote.php/dav", username="ana")
    result = runner_for(tmp_path, settings_file(tmp_path, target))(
        "sync", "--set-password", "--dry-run"
    )
    assert result.exit_code == 2


def test_no_password_anywhere_says_how_to_give_one(
    tmp_path: Path, system_keyring: KeptInMemory
) -> None:
    target = SyncTarget(url="https://cloud.example.org/remote.php/dav", username="ana")
    result = runner_for(tmp_path, settings_file(tmp_path, target), password=None)("sync")
    assert result.exit_code == 1
    assert result.output.startswith("Error: no password for ana at https://cloud.example.org")
    assert "calepin sync --set-password" in result.output


# ---------------------------------------------------------------- against Radicale


def test_the_first_sync_says_what_it_sent_and_the_next_that_all_is_in_step(
    ana: Run, tmp_path: Path
) -> None:
    assert (
        ana("post", "add", "-p", "Facebook", "--at", "tue 10am", "Volunteer drive").exit_code == 0
    )
    assert ana("post", "add", "-p", "Instagram", "A backlog idea").exit_code == 0
    first = ana("sync")
    assert first.exit_code == 0, first.output
    assert first.output == "sent 1 new post: “Volunteer drive”\n"
    again = ana("sync")
    assert again.exit_code == 0 and again.output == (
        "already in step: nothing to send or receive\n"
    )
    no_password_in(tmp_path, PASSWORD)


def test_a_dry_run_changes_nothing_on_either_side(ana: Run, ben: Run) -> None:
    ana("post", "add", "-p", "Facebook", "--at", "tue 10am", "Volunteer drive")
    first = ana("sync", "--dry-run")
    assert first.output.splitlines() == [
        "dry run: nothing was written on either side",
        "sent 1 new post: “Volunteer drive”",
    ]
    ana("sync")
    ana("post", "edit", "1", "--title", "Volunteer drive: last call")
    ana("post", "add", "-p", "Instagram", "--at", "thu 9am", "Thank-you reel")
    before = ana("post", "list", "--format", "json").output
    dry = ana("sync", "--dry-run")
    assert dry.exit_code == 0, dry.output
    said = [
        "sent 1 new post: “Thank-you reel”",
        "sent 1 change: “Volunteer drive: last call”",
    ]
    assert dry.output.splitlines() == ["dry run: nothing was written on either side", *said]
    assert ana("post", "list", "--format", "json").output == before
    assert ben("sync").output == "received 1 new post: “Volunteer drive”\n"  # as first sent
    assert ana("sync").output.splitlines() == said  # the dry run recorded nothing either


def test_a_second_coordinator_receives_the_posts_and_their_edits_come_back(
    ana: Run, ben: Run
) -> None:
    ana("post", "add", "-p", "LinkedIn", "--at", "wed 2pm", "Annual report")
    ana("sync")
    got = ben("sync")
    assert got.exit_code == 0 and got.output == "received 1 new post: “Annual report”\n"
    listed = json.loads(ben("post", "list", "--format", "json").output)
    assert [(p["title"], p["platform"]) for p in listed] == [("Annual report", "LinkedIn")]
    assert ben("post", "edit", str(listed[0]["id"]), "--title", "Annual report 2026").exit_code == 0
    assert ben("sync").output == "sent 1 change: “Annual report 2026”\n"
    assert ana("sync").output == "received 1 change: “Annual report 2026”\n"


def test_a_post_changed_on_both_sides_is_kept_twice_and_the_run_succeeds(
    ana: Run, ben: Run
) -> None:
    ana("post", "add", "-p", "LinkedIn", "--at", "wed 2pm", "Annual report")
    ana("sync")
    ben("sync")
    ana("post", "edit", "1", "--title", "Annual report (Ana)")
    ben("post", "edit", "1", "--title", "Annual report (Ben)")
    assert ben("sync").exit_code == 0
    both = ana("sync", "--format", "json")
    assert both.exit_code == 0, both.output
    report = json.loads(both.output)
    assert [c["kept_both"] for c in report["conflicts"]] == [True]
    assert report["conflicts"][0]["theirs_by"] == "designer"
    titles = sorted(p["title"] for p in json.loads(ana("post", "list", "--format", "json").output))
    assert titles == ["Annual report (Ana)", "Annual report (Ben)"]


def test_a_wrong_password_is_an_error_that_never_shows_it(
    tmp_path: Path, sync_target: SyncTarget
) -> None:
    folder = tmp_path / "ana"
    config = settings_file(folder, sync_target)
    run = runner_for(folder, config, password="wrong-horse-staple")
    run("post", "add", "-p", "Facebook", "--at", "tue 10am", "Volunteer drive")
    result = run("sync")
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "refused the login" in result.output
    assert "wrong-horse-staple" not in result.output and PASSWORD not in result.output
    no_password_in(tmp_path, "wrong-horse-staple", PASSWORD)


def test_a_server_that_does_not_answer_is_an_error_that_never_shows_the_password(
    tmp_path: Path, sync_target: SyncTarget
) -> None:
    folder = tmp_path / "ana"
    config = settings_file(folder, sync_target, url=f"http://127.0.0.1:{free_port()}/")
    run = runner_for(folder, config)
    run("post", "add", "-p", "Facebook", "--at", "tue 10am", "Volunteer drive")
    result = run("sync")
    assert result.exit_code == 1
    assert result.output.startswith("Error: could not reach http://127.0.0.1:")
    assert PASSWORD not in result.output
    no_password_in(tmp_path, PASSWORD)


def test_the_keyring_password_is_used_when_the_variable_is_not_set(
    tmp_path: Path, sync_target: SyncTarget, system_keyring: KeptInMemory
) -> None:
    folder = tmp_path / "ana"
    run = runner_for(folder, settings_file(folder, sync_target), password=None)
    assert run("sync", "--set-password", input=PASSWORD + "\n").exit_code == 0
    run("post", "add", "-p", "Facebook", "--at", "tue 10am", "Volunteer drive")
    result = run("sync")
    assert result.exit_code == 0 and result.output == "sent 1 new post: “Volunteer drive”\n"
    no_password_in(folder, PASSWORD)


def test_a_failure_nobody_foresaw_is_an_error_line_without_the_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should a library ever quote the password in an exception, the person never sees it."""
    import exporters.sync.engine

    def quoting(*args: object, **kwargs: object) -> None:
        raise ValueError(f"bad header Authorization: {PASSWORD}")

    monkeypatch.setattr(exporters.sync.engine, "run_sync", quoting)
    target = SyncTarget(url="https://cloud.example.org/remote.php/dav", username="ana")
    result = runner_for(tmp_path, settings_file(tmp_path, target))("sync")
    assert result.exit_code == 1
    assert result.output == (
        "Error: the sync stopped: unexpected ValueError: bad header Authorization: … "
        "(set CALEPIN_DEBUG=1 for details)\n"
    )
