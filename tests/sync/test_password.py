"""Where the sync password comes from: CALEPIN_SYNC_PASSWORD, else the system keyring, else a
message saying how to give one; and the target built from [sync]."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from exporters.sync.engine import SyncError, SyncTarget
from exporters.sync.password import (
    KEYRING_SERVICE,
    keyring_account,
    store_password,
    sync_password,
    sync_target,
)
from storage.settings import Settings, load_settings
from tests.sync.keyrings import KeptInMemory, Locked

TARGET = SyncTarget(url="https://cloud.example.org/remote.php/dav", username="ana")


@pytest.fixture
def system_keyring() -> Iterator[KeptInMemory]:
    """A keyring of this test's own in place of the system's."""
    before = keyring.get_keyring()
    kept = KeptInMemory()
    keyring.set_keyring(kept)
    yield kept
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """As on a server or in CI: keyring finds no backend."""
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


def test_the_environment_variable_comes_first(system_keyring: KeptInMemory) -> None:
    system_keyring.set_password(KEYRING_SERVICE, keyring_account(TARGET), "from-keyring")
    assert sync_password(TARGET, {"CALEPIN_SYNC_PASSWORD": "from-env"}) == "from-env"


def test_without_the_variable_the_keyring_holds_it_per_account_and_server(
    system_keyring: KeptInMemory,
) -> None:
    store_password(TARGET, "s3cret words")
    assert system_keyring.kept == {
        ("calepin", "ana@https://cloud.example.org/remote.php/dav"): "s3cret words"
    }
    assert sync_password(TARGET, {}) == "s3cret words"
    assert sync_password(TARGET, {"CALEPIN_SYNC_PASSWORD": ""}) == "s3cret words"
    other = SyncTarget(url="https://caldav.fastmail.com/dav/", username="ana")
    with pytest.raises(SyncError, match=r"no password for ana at https://caldav\.fastmail\.com"):
        sync_password(other, {})


def test_no_password_anywhere_says_how_to_give_one(system_keyring: KeptInMemory) -> None:
    with pytest.raises(SyncError) as caught:
        sync_password(TARGET, {})
    assert "calepin sync --set-password" in str(caught.value)
    assert "CALEPIN_SYNC_PASSWORD" in str(caught.value)


def test_no_keyring_here_says_to_set_the_variable(no_keyring: None) -> None:
    with pytest.raises(SyncError, match=r"no system keyring here.*CALEPIN_SYNC_PASSWORD"):
        sync_password(TARGET, {})
    with pytest.raises(SyncError, match="no system keyring here") as caught:
        store_password(TARGET, "s3cret words")
    assert "s3cret words" not in str(caught.value)
    assert sync_password(TARGET, {"CALEPIN_SYNC_PASSWORD": "from-env"}) == "from-env"


def test_a_keyring_that_refuses_is_reported_without_the_password() -> None:
    before = keyring.get_keyring()
    keyring.set_keyring(Locked())
    try:
        with pytest.raises(SyncError) as caught:
            store_password(TARGET, "s3cret words")
        assert "the login keyring is locked" in str(caught.value)
        assert "s3cret words" not in str(caught.value)
        with pytest.raises(SyncError, match="unlock it, or set CALEPIN_SYNC_PASSWORD"):
            sync_password(TARGET, {})
    finally:
        keyring.set_keyring(before)


def test_an_empty_password_is_not_kept(system_keyring: KeptInMemory) -> None:
    with pytest.raises(SyncError, match="no password given"):
        store_password(TARGET, "")
    assert system_keyring.kept == {}


def test_the_target_comes_from_the_sync_settings(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(
        '[sync]\nurl = "https://caldav.fastmail.com/dav/"\nusername = "ana@example.org"\n'
        'meetings_calendar = "Work"\nverify_tls = false\nshare_notes = true\n'
        'display_name = "Ana"\n',
        encoding="utf-8",
    )
    target = sync_target(load_settings(path))
    assert target == SyncTarget(
        url="https://caldav.fastmail.com/dav/",
        username="ana@example.org",
        posts_calendar="Calepin",
        meetings_calendar="Work",
        verify_tls=False,
        share_notes=True,
        display_name="Ana",
    )


def test_without_sync_settings_the_error_says_what_to_write(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    with pytest.raises(SyncError) as caught:
        sync_target(load_settings(path))
    message = str(caught.value)
    assert str(path) in message and "[sync]" in message and "url = " in message
    with pytest.raises(SyncError, match="the settings file"):
        sync_target(Settings())


def test_set_password_on_a_terminal_asks_twice_without_showing_it(tmp_path: Path) -> None:
    """In a terminal of its own (a pty), as a person runs it: the password is typed twice and
    never echoed; it lands in the keyring (a file-backed stand-in here)."""
    import os
    import pty
    import select
    import sys
    import time

    root = Path(__file__).resolve().parents[2]
    config = tmp_path / "config.toml"
    config.write_text('[sync]\nurl = "https://dav.example.org/"\nusername = "ana"\n')
    kept = tmp_path / "keyring.json"
    environ = {
        **os.environ,
        "CALEPIN_CONFIG": str(config),
        "CALEPIN_DB": str(tmp_path / "calepin.db"),
        "PYTHON_KEYRING_BACKEND": "tests.sync.keyrings.KeptInFile",
        "CALEPIN_TEST_KEYRING_FILE": str(kept),
    }
    environ.pop("CALEPIN_SYNC_PASSWORD", None)
    pid, terminal = pty.fork()
    if pid == 0:  # the child: calepin on the terminal
        os.chdir(root)
        os.execve(
            sys.executable, [sys.executable, "-m", "tui.cli", "sync", "--set-password"], environ
        )
    seen = b""

    def read_until(words: bytes) -> None:
        nonlocal seen
        deadline = time.monotonic() + 30
        while words not in seen:
            assert time.monotonic() < deadline, seen
            ready, _, _ = select.select([terminal], [], [], 0.5)
            if ready:
                try:
                    seen += os.read(terminal, 1024)
                except OSError:  # the child closed the terminal
                    break

    read_until(b"Password for ana at https://dav.example.org/: ")
    os.write(terminal, b"typed-twice\n")
    read_until(b"Again, to check: ")
    os.write(terminal, b"typed-twice\n")
    read_until(b"Password kept in the system keyring")
    _, status = os.waitpid(pid, 0)
    os.close(terminal)
    assert os.waitstatus_to_exitcode(status) == 0, seen
    assert b"typed-twice" not in seen
    assert json.loads(kept.read_text()) == {"calepin ana@https://dav.example.org/": "typed-twice"}
