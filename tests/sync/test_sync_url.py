"""The sync server's address has one rule, in the settings: the connection refuses what the
settings refuse, with the same words, and never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporters.sync.client import CalDAVClient, check_url
from exporters.sync.engine import SyncError, SyncTarget
from storage import ValidationError
from storage.settings import load_settings


def settings_refusal(tmp_path: Path, url: str) -> str:
    path = tmp_path / "config.toml"
    path.write_text(f'[sync]\nurl = "{url}"\nusername = "ana"\n', encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_settings(path)
    return str(caught.value)


@pytest.mark.parametrize(
    "url",
    [
        "http://cloud.example.org/dav/",
        "ftp://cloud.example.org/",
        "https://ana:hunter22@cloud.example.org/",
        "https://cloud.example.org:dav/",
        "https:// cloud.example.org/",
    ],
)
def test_the_connection_refuses_what_the_settings_refuse_in_the_same_words(
    tmp_path: Path, url: str
) -> None:
    in_settings = settings_refusal(tmp_path, url)
    with pytest.raises(SyncError) as caught:
        CalDAVClient(SyncTarget(url=url, username="ana"), "hunter22")
    assert in_settings == f"config.toml: {caught.value}"
    assert "hunter22" not in str(caught.value)


def test_what_the_settings_take_the_connection_takes() -> None:
    assert check_url("https://cloud.example.org/remote.php/dav") == (
        "https://cloud.example.org/remote.php/dav/"
    )
    assert check_url("http://[::1]:5232/") == "http://[::1]:5232/"
