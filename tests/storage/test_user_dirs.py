"""storage.user_dirs answers as platformdirs does, without importing it on plain Linux."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest

from storage import user_dirs

ROOT = Path(__file__).resolve().parents[2]

# (HOME, XDG_CONFIG_HOME, XDG_DATA_HOME); None leaves the variable unset.
CASES = [
    ("/home/ada", None, None),
    ("/home/ada/", None, None),
    ("/", None, None),
    ("/home/ada", "/xdg/config", "/xdg/data"),
    ("/home/ada", "/xdg/config/", "/xdg/data/"),
    ("/home/ada", "", ""),
    ("/home/ada", "relative/config", "relative/data"),
    ("/home/ada", "~/config", "~/data"),
    ("relative-home", None, None),
    ("relative-home", "/xdg/config", "/xdg/data"),
    ("", None, None),
    (None, None, None),
    (None, "/xdg/config", "/xdg/data"),
]


@pytest.mark.parametrize(("home", "config", "data"), CASES)
def test_same_folders_as_platformdirs(
    monkeypatch: pytest.MonkeyPatch, home: str | None, config: str | None, data: str | None
) -> None:
    for name, value in (("HOME", home), ("XDG_CONFIG_HOME", config), ("XDG_DATA_HOME", data)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert user_dirs.user_config_path() == platformdirs.user_config_path("calepin")
    assert user_dirs.user_data_path() == platformdirs.user_data_path("calepin")
    assert str(user_dirs.user_config_path()) == platformdirs.user_config_dir("calepin")
    assert str(user_dirs.user_data_path()) == platformdirs.user_data_dir("calepin")
    assert user_dirs.user_config_dir() == platformdirs.user_config_dir("calepin")
    assert user_dirs.user_data_dir() == platformdirs.user_data_dir("calepin")


def test_android_is_left_to_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANDROID_DATA", "/data")
    monkeypatch.setenv("ANDROID_ROOT", "/system")
    assert user_dirs._xdg("XDG_CONFIG_HOME", "~/.config") is None


@pytest.mark.skipif(sys.platform != "linux", reason="the quick answer is for Linux")
def test_platformdirs_is_not_imported_on_linux(isolated_home: Path) -> None:
    code = (
        "import sys; from storage import user_dirs;"
        "user_dirs.user_config_path(); user_dirs.user_data_path();"
        "assert 'platformdirs' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
