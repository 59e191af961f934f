"""A command's modules read from one file, not from one `.pyc` each.

Finding and loading a module costs about 0.5 M instructions before its code even runs:
Python's path finder tries five file suffixes, then the loader stats the source, opens,
reads and checks the `.pyc`, all in Python. `calepin entries` imports over a hundred
modules once this one is loaded (click's among them).

So the compiled code of what a command imported is kept in one file beside this module's
`.pyc` (`__pycache__/module_cache.<tag>.modules`, written when `.pyc` files are), and the
next command is served from it: its index is read at start-up, then per module a stat of
its source and its code read and unmarshalled, about 0.2 M. A module whose source changed
(time or size, as the `.pyc` check, to the nanosecond) is imported as usual and kept
afresh; a missing, stale or unreadable file only means importing as before. Extension
modules, namespace packages and anything another finder serves are left to Python. A
module is served from where it was found when kept: a file of the same name put earlier
on `sys.path` since is not seen until that file is removed or the source kept changes.

Only a command run as the program writes the file (`save`, from `tui.cli.main.main`), and
not the planner: the file holds what the commands use, not the TUI.
"""

from __future__ import annotations

import _frozen_importlib_external as _external
import marshal
import os
import sys
from typing import Any

_MAGIC = b"calepin modules 2\n"
_KEEP_AT_MOST = 400  # modules; past it only this run's are kept (a new set replaces an old)
_Spec = type(__spec__)  # importlib's ModuleSpec, without importing importlib.machinery
_CODE = type((lambda: None).__code__)

# The file: header, the index's length (4 bytes), the index, then each module's marshalled
# code one after the other. Index: name -> (source file, its st_mtime_ns, its st_size,
# is a package, where its code starts after the index, its length).
Entry = tuple[str, int, int, bool, int, int]


class ModuleCache:
    """A finder and loader (sys.meta_path) serving modules from the kept file."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.index, self.file, self.codes_at = _read(path) if path else ({}, None, 0)
        self.served: set[str] = set()
        self.missed: set[str] = set()  # asked for and left to Python: kept by `save`

    # -- the finder and loader protocol (importlib.abc.MetaPathFinder, Loader)

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        entry = self.index.get(name)
        try:
            origin, mtime, size, package, _start, _length = entry  # type: ignore[misc]
            found = os.stat(origin)
        except (TypeError, ValueError, OSError):
            self.missed.add(name)
            return None
        if found.st_mtime_ns != mtime or found.st_size != size:
            self.missed.add(name)
            return None
        spec = _Spec(name, self, origin=origin, is_package=package)
        if package:
            spec.submodule_search_locations = [os.path.dirname(origin)]
        spec.has_location = True
        self.served.add(name)
        return spec

    def create_module(self, spec: Any) -> None:
        return None  # the default module object

    def exec_module(self, module: Any) -> None:
        exec(self.get_code(module.__spec__.name), module.__dict__)

    def get_code(self, name: str) -> Any:
        """The module's code object (runpy asks for it too)."""
        try:
            code = marshal.loads(self._code(name))
        except (OSError, ValueError, EOFError, TypeError):
            code = None
        if type(code) is not _CODE:  # a damaged entry: loaded as usual
            code = self._usual(name).get_code(name)
        return code

    # What the usual loader answers besides (tracebacks, inspect, pkgutil, importlib.resources)

    def _usual(self, name: str) -> Any:
        return _external.SourceFileLoader(name, self.index[name][0])

    def get_source(self, name: str) -> str | None:
        return self._usual(name).get_source(name)

    def get_data(self, path: str) -> bytes:
        with open(path, "rb") as file:
            return file.read()

    def get_resource_reader(self, name: str) -> Any:
        return self._usual(name).get_resource_reader(name)

    def is_package(self, name: str) -> bool:
        return self.index[name][3]

    def get_filename(self, name: str) -> str:
        return self.index[name][0]

    def _code(self, name: str) -> bytes:
        start, length = self.index[name][4:]
        if self.file is None:
            raise ValueError(name)
        code = os.pread(self.file, length, self.codes_at + start)
        if len(code) != length:
            raise ValueError(name)  # the file was cut short
        return code

    # -- keeping what was imported

    def save(self) -> None:
        """Write the file again when this run imported a source module it does not hold."""
        if self.path is None or sys.dont_write_bytecode:
            return
        fresh: dict[str, tuple[str, int, int, bool, bytes]] = {}
        for name in sorted(self.missed):
            found = _compiled(name, sys.modules.get(name))
            if found is not None:
                fresh[name] = found
        self.missed.clear()
        if not fresh:
            return
        kept = [name for name in self.index if name not in fresh]
        if len(kept) + len(fresh) > _KEEP_AT_MOST:
            kept = [name for name in kept if name in self.served]
        index: dict[str, Entry] = {}
        codes: list[bytes] = []
        at = 0
        for name in kept:
            try:
                code = self._code(name)
            except (OSError, ValueError):
                continue
            index[name] = (*self.index[name][:4], at, len(code))
            codes.append(code)
            at += len(code)
        for name, (origin, mtime, size, package, code) in fresh.items():
            index[name] = (origin, mtime, size, package, at, len(code))
            codes.append(code)
            at += len(code)
        head = marshal.dumps(index)
        temporary = f"{self.path}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with open(temporary, "wb") as file:
                file.write(_header() + len(head).to_bytes(4, "little") + head)
                for code in codes:
                    file.write(code)
            os.replace(temporary, self.path)
        except (OSError, ValueError):  # read-only install, full disk: import as usual
            import contextlib

            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _compiled(name: str, module: Any) -> tuple[str, int, int, bool, bytes] | None:
    """What to keep of an imported module: a plain source module (or package) only."""
    spec = getattr(module, "__spec__", None)
    loader = getattr(spec, "loader", None)
    origin = getattr(spec, "origin", None)
    if not isinstance(loader, _external.SourceFileLoader) or not isinstance(origin, str):
        return None
    if spec.name != name:  # an alias in sys.modules (os.path)
        return None
    try:
        # The stat first: a source changed in between is then seen as changed next time.
        found = os.stat(origin)
        code = _pyc_code(origin, found) or marshal.dumps(
            loader.source_to_code(loader.get_data(origin), origin)
        )
    except (OSError, ImportError, SyntaxError, ValueError):
        return None
    package = spec.submodule_search_locations is not None
    return (origin, found.st_mtime_ns, found.st_size, package, code)


def _pyc_code(origin: str, found: os.stat_result) -> bytes | None:
    """The code in the module's `.pyc` (just imported, so written), when it is the source's."""
    try:
        with open(_external.cache_from_source(origin), "rb") as file:
            data = file.read()
    except (OSError, ValueError):
        return None
    expected = (
        _external.MAGIC_NUMBER
        + bytes(4)  # flags: a timestamp .pyc
        + (int(found.st_mtime) & 0xFFFFFFFF).to_bytes(4, "little")
        + (found.st_size & 0xFFFFFFFF).to_bytes(4, "little")
    )
    return data[16:] if data[:16] == expected else None


def _header() -> bytes:
    # Code objects are only valid for the Python that compiled them, at the same -O level.
    return _MAGIC + _external.MAGIC_NUMBER + bytes([sys.flags.optimize])


def _read(path: str) -> tuple[dict[str, Entry], int | None, int]:
    """The index, the open file, and where the codes start in it. Only the index is read
    now; each module's code is read when it is imported (the file holds every command's)."""
    try:
        file = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return {}, None, 0
    try:
        header = _header()
        start = os.pread(file, len(header) + 4, 0)
        if len(start) != len(header) + 4 or not start.startswith(header):
            raise ValueError(path)
        length = int.from_bytes(start[len(header) :], "little")
        index = marshal.loads(os.pread(file, length, len(start)))
        if not isinstance(index, dict):
            raise ValueError(path)
    except (OSError, ValueError, EOFError, TypeError):
        os.close(file)
        return {}, None, 0
    return index, file, len(start) + length


def _cache_path() -> str | None:
    tag = sys.implementation.cache_tag
    if tag is None or sys.pycache_prefix:
        return None
    folder, name = os.path.split(__file__)
    return os.path.join(folder, "__pycache__", f"{name.rpartition('.')[0]}.{tag}.modules")


_installed: ModuleCache | None = None


def install() -> ModuleCache:
    """Put the cache first in sys.meta_path (once per process) and return it."""
    global _installed
    if _installed is None:
        _installed = ModuleCache(_cache_path())
        sys.meta_path.insert(0, _installed)
    return _installed


def save() -> None:
    """Keep what this command imported, for the next one (see the module docstring)."""
    if _installed is not None:
        _installed.save()
