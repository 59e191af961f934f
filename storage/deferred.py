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
"""

from __future__ import annotations

import dataclasses
import re
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
            built = dataclasses.dataclass(**options)(plain)
            namespace[name] = built
            del pending[name]
            _BUILT.append(name)
            return built

    def __dir__() -> list[str]:
        return sorted({*namespace, *pending})

    return __getattr__, __dir__


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
