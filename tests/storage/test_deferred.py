"""storage.deferred: dataclasses built on first use are the same dataclasses, built once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
import subprocess
import sys
import threading
import types
from pathlib import Path

import pytest

from storage import models
from storage.deferred import built_on_first_use, deferred

ROOT = Path(__file__).resolve().parents[2]


def _module() -> types.ModuleType:
    module = types.ModuleType("deferred_sample")
    code = (
        "from __future__ import annotations\n"
        "from dataclasses import field\n"
        "from storage.deferred import built_on_first_use, deferred\n"
        "@deferred(frozen=True, slots=True)\n"
        "class Point:\n"
        "    x: int\n"
        "    y: int = 0\n"
        "    tags: tuple[str, ...] = field(default_factory=tuple)\n"
        "    @property\n"
        "    def norm(self) -> int:\n"
        "        return abs(self.x) + abs(self.y)\n"
        "SIZE = 3\n"
        "__getattr__, __dir__ = built_on_first_use(globals())\n"
    )
    sys.modules[module.__name__] = module
    exec(code, module.__dict__)
    return module


def test_built_when_first_asked_for_then_kept() -> None:
    module = _module()
    try:
        assert "Point" not in vars(module)
        assert "Point" in dir(module)
        point = module.Point
        assert vars(module)["Point"] is point is module.Point
        assert dataclasses.is_dataclass(point)
        assert [f.name for f in dataclasses.fields(point)] == ["x", "y", "tags"]
        assert point.__module__ == "deferred_sample" and point.__qualname__ == "Point"
        p = point(1, -2)
        assert (p.norm, p, hash(p) == hash(point(1, -2))) == (3, point(1, -2), True)
        assert repr(p) == "Point(x=1, y=-2, tags=())"
        assert not hasattr(p, "__dict__")  # slots, as asked
        with pytest.raises(dataclasses.FrozenInstanceError):
            p.x = 5  # type: ignore[misc]
        with pytest.raises(AttributeError, match="no attribute 'Nope'"):
            _ = module.Nope
    finally:
        del sys.modules["deferred_sample"]


def test_many_threads_get_one_class() -> None:
    module = _module()
    try:
        seen: list[type] = []
        barrier = threading.Barrier(8)

        def ask() -> None:
            barrier.wait()
            seen.append(module.Point)

        threads = [threading.Thread(target=ask) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(seen) == 8 and len({id(c) for c in seen}) == 1
    finally:
        del sys.modules["deferred_sample"]


def test_models_are_the_dataclasses_they_were() -> None:
    entry = models.TimeEntry(1, "events", dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC), None)
    assert entry.source is models.EntrySource.MANUAL
    assert pickle.loads(pickle.dumps(entry)) == entry
    assert dataclasses.replace(entry, note="x").note == "x"
    assert models.TimeEntry.__module__ == "storage.models"
    assert models.CheckResult(True, 6).messages == ()
    for name in ("Platform", "Duty", "Activity", "Campaign", "Post", "TimeEntry", "PostDraft",
                 "EntryDraft", "CheckResult"):  # fmt: skip
        cls = getattr(models, name)
        assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen
        assert "__slots__" in vars(cls)


def test_reading_entries_builds_only_what_it_uses(tmp_path: Path) -> None:
    from storage import EntryDraft, Store

    path = tmp_path / "c.db"
    start = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    with Store.open(path, zone_name="UTC") as store:
        store.add_entry(EntryDraft("events", start, start + dt.timedelta(hours=1)))
    code = (
        "import datetime as dt\n"
        "from storage import Store, models\n"
        f"with Store.open({str(path)!r}) as store:\n"
        "    found = store.entries_between(dt.datetime(2026, 1, 5, tzinfo=dt.UTC),\n"
        "                                  dt.datetime(2026, 1, 6, tzinfo=dt.UTC))\n"
        "    assert len(found) == 1 and store.running_timer() is None\n"
        "print(sorted(n for n in ('Platform', 'Duty', 'Activity', 'Campaign', 'Post',\n"
        "    'TimeEntry', 'PostDraft', 'EntryDraft', 'CheckResult') if n in vars(models)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "['TimeEntry']"


def test_a_class_without_the_mark_stays_as_it_is() -> None:
    namespace: dict[str, object] = {"__name__": "plain"}

    class Plain:
        pass

    @deferred()
    class Later:
        a: int

    namespace.update(Plain=Plain, Later=Later)
    getter, _ = built_on_first_use(namespace)
    assert namespace["Plain"] is Plain and "Later" not in namespace
    assert dataclasses.is_dataclass(getter("Later"))


def test_a_lazy_pattern_is_compiled_once_and_answers_as_re_does() -> None:
    import re

    from storage.deferred import LazyPattern

    lazy = LazyPattern(r"(\d{1,2}):(\d{2})")
    assert lazy._compiled is None
    plain = re.compile(r"(\d{1,2}):(\d{2})")
    for text in ("9:15", "09:15 ", "x 12:30 y", "", "99:99"):
        for method in ("fullmatch", "match", "search"):
            got, want = getattr(lazy, method)(text), getattr(plain, method)(text)
            assert (got and got.groups()) == (want and want.groups())
        assert lazy.findall(text) == plain.findall(text)
        assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert lazy.sub("T", text) == plain.sub("T", text)
        assert lazy.split(text) == plain.split(text)
    assert lazy.compiled is lazy.compiled and lazy.pattern == plain.pattern
