"""Load `zoneinfo` without `sysconfig` (issue 13).

Importing `zoneinfo` reads where the zone files are (its TZPATH) from `sysconfig`, which
costs more than the rest of `zoneinfo` (about 6 M instructions, 3 % of a quick command)
unless `PYTHONTZPATH` says it. TZPATH is fixed when Python is built, so the first run keeps
it beside this module's `.pyc` (`__pycache__/zone_path.<tag>.tzpath`, written when `.pyc`
files are, keyed by the exact Python) and later runs hand it to `zoneinfo` through
`PYTHONTZPATH` for the length of the import: the same folders, the same zones, the same
errors. A user's own `PYTHONTZPATH` is left to `zoneinfo` as always.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys

_ENV = "PYTHONTZPATH"


def load_zoneinfo() -> None:
    """Import `zoneinfo` (once), from the kept TZPATH when there is one."""
    if "zoneinfo" in sys.modules or _ENV in os.environ:
        return
    path = _cache_path()
    kept = _read(path) if path else None
    if kept is None:
        from zoneinfo import _tzpath  # reads sysconfig this once

        _write(path, os.pathsep.join(_tzpath.TZPATH))
        return
    # The variable lives only for the import: child processes and later
    # `zoneinfo.reset_tzpath()` calls see the environment as it was.
    os.environ[_ENV] = kept
    try:
        import zoneinfo  # noqa: F401
    finally:
        del os.environ[_ENV]


def _key() -> str:
    # One build of Python, one TZPATH.
    return f"{sys.version}\0{sys.base_prefix}"


def _cache_path() -> str | None:
    tag = sys.implementation.cache_tag
    if tag is None or sys.pycache_prefix:
        return None
    folder = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(folder, "__pycache__", f"zone_path.{tag}.tzpath")


def _read(path: str) -> str | None:
    try:
        with open(path, "rb") as file:
            key, tzpath = marshal.loads(file.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return tzpath if key == _key() and isinstance(tzpath, str) else None


def _write(path: str | None, tzpath: str) -> None:
    if path is None or sys.dont_write_bytecode:
        return
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temporary, "wb") as file:
            file.write(marshal.dumps((_key(), tzpath)))
        os.replace(temporary, path)
    except OSError:  # read-only install: sysconfig answers next time too
        with contextlib.suppress(OSError):
            os.unlink(temporary)
