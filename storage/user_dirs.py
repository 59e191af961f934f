"""Where the person's files live: platformdirs' folders for "calepin", quick on Linux.

`platformdirs` costs about 8 ms to import (it loads `tempfile`, `shutil`, `random` …), a
quarter of what `calepin log` may take. On Linux its rule for these two folders is short:
the XDG variable when it holds an absolute path, else `~/.config` or `~/.local/share` under
an absolute `HOME`. That case is answered here; anything else (another system, Android, a
missing or relative `HOME`) asks platformdirs itself. `tests/storage/test_user_dirs.py`
holds the two to the same answers.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

APP = "calepin"


def user_config_dir() -> str:
    """platformdirs' `user_config_dir("calepin")`."""
    quick = _xdg("XDG_CONFIG_HOME", "~/.config")
    if quick is not None:
        return quick
    from platformdirs import user_config_dir

    return user_config_dir(APP)


def user_data_dir() -> str:
    """platformdirs' `user_data_dir("calepin")`."""
    quick = _xdg("XDG_DATA_HOME", "~/.local/share")
    if quick is not None:
        return quick
    from platformdirs import user_data_dir

    return user_data_dir(APP)


def user_cache_dir() -> str:
    """platformdirs' `user_cache_dir("calepin")` (compiled catalogues of a read-only install)."""
    quick = _xdg("XDG_CACHE_HOME", "~/.cache")
    if quick is not None:
        return quick
    from platformdirs import user_cache_dir

    return user_cache_dir(APP)


# The quick commands take the text: importing pathlib costs 16 M instructions (9 % of them).
def user_config_path() -> Path:
    """platformdirs' `user_config_path("calepin")`."""
    from pathlib import Path

    return Path(user_config_dir())


def user_data_path() -> Path:
    """platformdirs' `user_data_path("calepin")`."""
    from pathlib import Path

    return Path(user_data_dir())


def _xdg(variable: str, default: str) -> str | None:
    """The folder by the XDG rule on plain Linux; None where platformdirs must decide."""
    if sys.platform != "linux" or _maybe_android():
        return None
    base = os.environ.get(variable, "")
    if not os.path.isabs(base):
        home = os.environ.get("HOME")
        if home is None or not os.path.isabs(home):
            return None
        base = os.path.expanduser(default)
    return os.path.join(base, APP)


def _maybe_android() -> bool:
    return hasattr(sys, "getandroidapilevel") or (
        os.environ.get("ANDROID_DATA") == "/data" and os.environ.get("ANDROID_ROOT") == "/system"
    )
