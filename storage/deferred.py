"""Dataclasses and regular expressions built on first use: a module pays for what is used.

Building a frozen, slotted dataclass costs about half a millisecond (the decorator compiles
six methods): about 1 % of what `calepin log` may take, and `storage.models` alone defines
nine. A module whose dataclasses are used only *elsewhere* marks them `@deferred(…)` and ends
with `__getattr__, __dir__ = built_on_first_use(globals())`: the class body runs at import;
the dataclass is made, by `dataclasses.dataclass` with the same options, the first time the
name is looked up on the module, and the module keeps it from then on. `from storage.models
import Post`, `storage.models.Post`, pickling and `dataclasses.fields` all get the real
dataclass, with its own module and name.

A name the module removed from its globals is not looked up through `__getattr__` from inside
the module: its own code asks for the class as `__getattr__("Name")`.

`LazyPattern` does the same for a module-level regular expression: compiling one costs about
0.2 ms, and the grammar holds a score of them while `calepin entries --week 2026-11-16` reads
one date.

Most of a dataclass's cost is Python compiling the source text of its methods, the same text
every run. So a class built here (`@deferred`, or `@cached_dataclass` for one its own module
uses at import) keeps those compiled methods beside the module's `.pyc`, as Python keeps the
module's own code (`__pycache__/<module>.<tag>.dataclasses`, written when `.pyc` files are,
keyed by the exact text): the next run unmarshals them instead. `dataclasses` still makes the
class, and a missing, stale or unreadable file only means compiling as before.
"""

from __future__ import annotations

import contextlib
import dataclasses
import marshal
import os
import re
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any, TypeVar, dataclass_transform

T = TypeVar("T", bound=type)

_OPTIONS = "__deferred_options__"
_BUILT: list[str] = []  # the deferred classes built so far in this process, in order


@dataclass_transform()
def deferred(**options: Any) -> Callable[[T], T]:
    """`@dataclasses.dataclass(**options)`, applied when the class is first asked for."""

    def mark(cls: T) -> T:
        setattr(cls, _OPTIONS, options)
        return cls

    return mark


def built_on_first_use(
    namespace: dict[str, Any],
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The module's `__getattr__` and `__dir__`: takes its deferred classes out of
    `namespace` and builds each one when it is first looked up (once, across threads)."""
    pending = {
        name: value
        for name, value in namespace.items()
        if isinstance(value, type) and _OPTIONS in vars(value)
    }
    for name in pending:
        del namespace[name]
    module = namespace["__name__"]
    lock = threading.RLock()

    def __getattr__(name: str) -> Any:
        with lock:
            if name in namespace:  # built by another thread meanwhile
                return namespace[name]
            plain = pending.get(name)
            if plain is None:
                raise AttributeError(f"module {module!r} has no attribute {name!r}")
            options = vars(plain)[_OPTIONS]
            delattr(plain, _OPTIONS)
            built = _build(plain, options)
            namespace[name] = built
            del pending[name]
            _BUILT.append(name)
            return built

    def __dir__() -> list[str]:
        return sorted({*namespace, *pending})

    return __getattr__, __dir__


@dataclass_transform()
def cached_dataclass(**options: Any) -> Callable[[T], T]:
    """`@dataclasses.dataclass(**options)` at once, its methods' code kept between runs."""

    def build(cls: T) -> T:
        return _build(cls, options)

    return build


# ---------------------------------------------------------------- compiled methods kept

_MAGIC = b"calepin dataclass methods 1\n"
_KEEP_AT_MOST = 400  # source texts per module file; past it, only this run's are kept
_CACHE_LOCK = threading.RLock()  # one build at a time goes through a cache


class _MethodCode:
    """One module's dataclass methods, compiled: source text -> code object."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.codes: dict[str, Any] = _read(path) if path else {}
        self.used: set[str] = set()
        self.compiled = 0  # texts compiled in this process (what the file saves the next run)
        self.missed = False
        self.owner: int | None = None  # the thread building through this cache

    def exec(self, source: Any, globals: Any = None, locals: Any = None) -> None:
        """What `dataclasses` calls instead of `exec` while one of our classes is built."""
        if not isinstance(source, str) or threading.get_ident() != self.owner:
            exec(source, globals, locals)
            return
        code = self.codes.get(source)
        if code is None:
            # As `exec(source)` from `dataclasses` compiles it: no `__future__` flags.
            code = compile(source, "<string>", "exec", dont_inherit=True)
            self.codes[source] = code
            self.compiled += 1
            self.missed = True
        self.used.add(source)
        exec(code, globals, locals)

    def save(self) -> None:
        if not self.missed or self.path is None or sys.dont_write_bytecode:
            return
        self.missed = False
        codes = self.codes
        if len(codes) > _KEEP_AT_MOST:
            codes = {source: codes[source] for source in self.used}
        temporary = f"{self.path}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with open(temporary, "wb") as file:
                file.write(_header() + marshal.dumps(codes))
            os.replace(temporary, self.path)
        except (OSError, ValueError):  # read-only install, full disk: compile next time too
            with contextlib.suppress(OSError):
                os.unlink(temporary)


_CACHES: dict[str, _MethodCode] = {}


def _header() -> bytes:
    # Code objects are only valid for the Python that compiled them, at the same -O level.
    from importlib._bootstrap_external import MAGIC_NUMBER

    return _MAGIC + MAGIC_NUMBER + bytes([sys.flags.optimize])


def _read(path: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as file:
            data = file.read()
        header = _header()
        if not data.startswith(header):
            return {}
        codes = marshal.loads(data[len(header) :])
    except (OSError, ValueError, EOFError, TypeError):
        return {}
    if not isinstance(codes, dict):
        return {}
    code_type = type(_read.__code__)
    return {k: v for k, v in codes.items() if isinstance(k, str) and type(v) is code_type}


def _cache_path(module_name: str) -> str | None:
    """`__pycache__/<module>.<tag>.dataclasses` beside the module's file, or None."""
    module = sys.modules.get(module_name)
    source = getattr(module, "__file__", None)
    tag = sys.implementation.cache_tag
    if not source or tag is None or sys.pycache_prefix:
        return None
    folder, name = os.path.split(source)
    return os.path.join(folder, "__pycache__", f"{name.rpartition('.')[0]}.{tag}.dataclasses")


def _build(cls: T, options: dict[str, Any]) -> T:
    """`dataclasses.dataclass(**options)(cls)`, compiling only methods not compiled before."""
    with _CACHE_LOCK:
        if "exec" in vars(dataclasses):  # built inside another build here: compiled as usual
            return dataclasses.dataclass(**options)(cls)
        cache = _CACHES.get(cls.__module__)
        if cache is None:
            cache = _CACHES[cls.__module__] = _MethodCode(_cache_path(cls.__module__))
        cache.owner = threading.get_ident()
        dataclasses.exec = cache.exec  # type: ignore[attr-defined]
        try:
            built = dataclasses.dataclass(**options)(cls)
        finally:
            del dataclasses.exec  # type: ignore[attr-defined]
            cache.owner = None
        cache.save()
    return built


def built_classes() -> list[str]:
    """The names of the deferred dataclasses built so far (what `tests/test_cli_quick.py`
    holds the quick commands to)."""
    return list(_BUILT)


class LazyPattern:
    """`re.compile(source, flags)`, compiled the first time one of its methods is called."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, source: str, flags: int = 0) -> None:
        self.pattern = source
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self.pattern, self.flags)
        return compiled

    def fullmatch(self, string: str, *span: int) -> re.Match[str] | None:
        return self.compiled.fullmatch(string, *span)

    def match(self, string: str, *span: int) -> re.Match[str] | None:
        return self.compiled.match(string, *span)

    def search(self, string: str, *span: int) -> re.Match[str] | None:
        return self.compiled.search(string, *span)

    def finditer(self, string: str, *span: int) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, *span)

    def findall(self, string: str, *span: int) -> list[Any]:
        return self.compiled.findall(string, *span)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)

    def split(self, string: str, maxsplit: int = 0) -> list[str | Any]:
        return self.compiled.split(string, maxsplit)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"
