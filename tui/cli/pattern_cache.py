"""Regular expressions compiled by an earlier run, handed to `re` when first asked for.

Python compiles a regular expression in Python (`re._parser`, `re._compiler`): 0.2-1 M
instructions each, and `calepin log` compiles some forty, click's, platform's, gettext's
and the grammar's, the same texts every run. What the compiler makes is plain data (a list
of integers, the group names) that `_sre.compile` turns into the pattern. That data is kept
beside this module's `.pyc` (`__pycache__/pattern_cache.<tag>.patterns`, for the exact
Python and `_sre`, written when `.pyc` files are). `re` looks every pattern up in its own
cache first (`re.compile`, `re.match`, `re.sub` …); the cache here answers a miss from the
kept data, so a pattern is made only when a command uses it.

A pattern is kept only when the one made from its data equals (`==`: the same text, flags
and compiled code) the one `re` compiled itself: a Python whose `re` works otherwise keeps
nothing and compiles as before. A missing, stale or unreadable file only means compiling.
Written, like `module_cache`'s file, by a command run as the program, not by the planner.
"""

from __future__ import annotations

import _frozen_importlib_external as _external
import _sre
import marshal
import os
import re
import sys
from typing import Any

_MAGIC = b"calepin patterns 1\n"
_KEEP_AT_MOST = 1000

# (pattern, flags asked) -> (flags, code, groups, groupindex, indexgroup): _sre.compile's rest
Kept = dict[tuple[Any, int], tuple[int, list[int], int, dict[str, int], tuple[Any, ...]]]


class KeptPatterns(dict):  # type: ignore[type-arg]
    """`re._cache`, answering a miss from the kept data (`re` catches the KeyError)."""

    def __init__(self, cache: dict[Any, Any], kept: Kept) -> None:
        super().__init__(cache)
        self.kept = kept

    def __missing__(self, key: Any) -> Any:
        args = self.kept.get(key[1:])
        if args is None or type(key[1]) is not key[0]:
            raise KeyError(key)
        compiled = _sre.compile(key[1], *args)
        self[key] = compiled
        return compiled


def _path() -> str | None:
    tag = sys.implementation.cache_tag
    if tag is None or sys.pycache_prefix:
        return None
    folder, name = os.path.split(__file__)
    return os.path.join(folder, "__pycache__", f"{name.rpartition('.')[0]}.{tag}.patterns")


def _header() -> bytes:
    # The compiled code is only valid for this Python's `_sre`, at the same -O level.
    return (
        _MAGIC
        + _external.MAGIC_NUMBER
        + _sre.MAGIC.to_bytes(4, "little")
        + bytes([sys.flags.optimize])
    )


def _read(path: str) -> Kept:
    try:
        with open(path, "rb") as file:
            data = file.read()
        header = _header()
        if not data.startswith(header):
            return {}
        kept = marshal.loads(memoryview(data)[len(header) :])
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    return kept if isinstance(kept, dict) else {}


def install() -> None:
    """Put the kept patterns behind `re`'s cache (once per process)."""
    cache = getattr(re, "_cache", None)
    path = _path()
    if type(cache) is not dict or path is None:  # another `re`, or done already
        return
    re._cache = KeptPatterns(cache, _read(path))  # type: ignore[attr-defined]


def _compiled_data(pattern: Any, flags: int) -> Any:
    """What `re._compiler.compile` hands `_sre.compile` for `pattern`, or None."""
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]

        parsed = _parser.parse(pattern, flags)
        code = _compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[Any] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        return (
            flags | parsed.state.flags,
            [int(op) for op in code],  # the opcodes are int subclasses marshal refuses
            parsed.state.groups - 1,
            groupindex,
            tuple(indexgroup),
        )
    except Exception:
        return None


def save() -> None:
    """Keep the data of the patterns this run compiled that the file does not hold."""
    cache = getattr(re, "_cache", None)
    path = _path()
    if not isinstance(cache, KeptPatterns) or path is None or sys.dont_write_bytecode:
        return
    fresh: Kept = {}
    for key, compiled in list(cache.items()):
        kind, pattern, flags = key
        if (pattern, flags) in cache.kept or type(pattern) is not kind:
            continue
        data = _compiled_data(pattern, flags)
        try:
            same = data is not None and _sre.compile(pattern, *data) == compiled
        except (TypeError, ValueError, RuntimeError):
            same = False
        if same:
            fresh[pattern, flags] = data
    if not fresh:
        return
    kept = {**cache.kept, **fresh}
    if len(kept) > _KEEP_AT_MOST:
        kept = fresh
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temporary, "wb") as file:
            file.write(_header() + marshal.dumps(kept))
        os.replace(temporary, path)
    except (OSError, ValueError):  # read-only install, full disk: compile next time too
        import contextlib

        with contextlib.suppress(OSError):
            os.unlink(temporary)
    cache.kept = kept
