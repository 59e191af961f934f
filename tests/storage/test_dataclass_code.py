"""storage.deferred keeps dataclass methods compiled between runs (issue 13): the classes are
the ones `dataclasses` makes, the second run compiles nothing, and a bad file changes nothing."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-23T15:00"

_SAMPLE = """
from __future__ import annotations

import datetime as dt
from dataclasses import field

from storage.deferred import built_on_first_use, cached_dataclass, deferred


@cached_dataclass(frozen=True, slots=True)
class Span:
    start: dt.datetime
    end: dt.datetime | None = None
    tags: tuple[str, ...] = field(default_factory=tuple)
    note: str = field(default="", compare=False)


@deferred(frozen=True, slots=True, kw_only=True)
class Later:
    name: str
    count: int = 0


__getattr__, __dir__ = built_on_first_use(globals())
"""

# Builds both classes, then prints what each looks like and how many texts were compiled.
_PROBE = """
import dataclasses, datetime as dt, inspect, json, pickle, sys
sys.path.insert(0, sys.argv[1])
import sample
from storage import deferred
span_cls, later_cls = sample.Span, sample.Later
when = dt.datetime(2026, 11, 23, 9)
span = span_cls(when, tags=("a",), note="x")
later = later_cls(name="n")
try:
    span.note = "y"
    frozen = False
except dataclasses.FrozenInstanceError:
    frozen = True
print(json.dumps({
    "compiled": deferred._CACHES["sample"].compiled,
    "patched": "exec" in vars(dataclasses),
    "repr": [repr(span), repr(later)],
    "eq": [span == span_cls(when, tags=("a",), note="other"), span == span_cls(when)],
    "hash": hash(span) == hash(span_cls(when, tags=("a",))),
    "frozen": frozen,
    "slots": [not hasattr(span, "__dict__"), not hasattr(later, "__dict__")],
    "pickled": pickle.loads(pickle.dumps(span)) == span,
    "replaced": repr(dataclasses.replace(later, count=2)),
    "init": [str(inspect.signature(c.__init__)) for c in (span_cls, later_cls)],
    "annotations": [repr(c.__init__.__annotations__) for c in (span_cls, later_cls)],
    "match_args": [list(c.__match_args__) for c in (span_cls, later_cls)],
    "qualname": span_cls.__init__.__qualname__,
}))
"""


def _run(folder: Path, *, write: bool = True) -> dict[str, object]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if not write:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _plain(folder: Path) -> dict[str, object]:
    """The same probe on the same classes made by `dataclasses` alone."""
    plain = folder / "plain"
    plain.mkdir()
    (plain / "sample.py").write_text(
        _SAMPLE.replace(
            "from storage.deferred import built_on_first_use, cached_dataclass, deferred",
            "from dataclasses import dataclass as cached_dataclass, dataclass as deferred",
        ).replace("__getattr__, __dir__ = built_on_first_use(globals())", ""),
        encoding="utf-8",
    )
    probe = _PROBE.replace('deferred._CACHES["sample"].compiled', "0")
    result = subprocess.run(
        [sys.executable, "-c", probe, str(plain)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    (tmp_path / "sample.py").write_text(_SAMPLE, encoding="utf-8")
    return tmp_path


def _kept(folder: Path) -> Path:
    return folder / "__pycache__" / f"sample.{sys.implementation.cache_tag}.dataclasses"


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, bool, dict]:
    """The probe run twice on a new sample: the first run's answer, whether it left its
    compiled code, and the second run's answer (read by the two tests after this)."""
    folder = tmp_path_factory.mktemp("sample")
    (folder / "sample.py").write_text(_SAMPLE, encoding="utf-8")
    first = _run(folder)
    kept = _kept(folder).exists()
    return first, kept, _run(folder)


def test_the_second_run_compiles_nothing_and_gets_the_same_classes(
    two_runs: tuple[dict, bool, dict],
) -> None:
    first, kept, second = two_runs
    assert first["compiled"] > 0 and kept
    assert second["compiled"] == 0
    assert {**second, "compiled": None} == {**first, "compiled": None}


def test_the_classes_are_what_dataclasses_makes(
    two_runs: tuple[dict, bool, dict], tmp_path: Path
) -> None:
    _, _, kept = two_runs  # the second run builds from the kept code
    plain = _plain(tmp_path)
    assert kept["compiled"] == 0
    assert {**kept, "compiled": 0} == plain
    assert kept["patched"] is False  # `dataclasses` is left as it was
    assert kept["frozen"] and kept["slots"] == [True, True] and kept["pickled"]
    assert kept["init"] == [
        "(self, start: 'dt.datetime', end: 'dt.datetime | None' = None, "
        "tags: 'tuple[str, ...]' = <factory>, note: 'str' = '') -> None",
        "(self, *, name: 'str', count: 'int' = 0) -> None",
    ]


def test_a_damaged_or_foreign_file_is_compiled_again_and_replaced(sample: Path) -> None:
    _run(sample)
    kept = _kept(sample)
    written = kept.read_bytes()
    for junk in (b"", b"not marshal at all", written[:-7], b"calepin dataclass"):
        kept.write_bytes(junk)
        again = _run(sample)
        assert again["compiled"] > 0 and again["eq"] == [True, False]
        assert kept.read_bytes() == written, junk  # written whole again, as at first
    assert _run(sample)["compiled"] == 0  # and what was written is what a run reads


def test_nothing_is_written_when_python_writes_no_bytecode(sample: Path) -> None:
    assert _run(sample, write=False)["compiled"] > 0
    assert not _kept(sample).exists()


def test_an_unwritable_folder_only_means_compiling_each_time(sample: Path) -> None:
    (sample / "__pycache__").write_text("a file where the folder would go", encoding="utf-8")
    assert _run(sample)["compiled"] > 0
    assert _run(sample)["compiled"] > 0


def test_a_refused_class_raises_as_dataclasses_does_and_leaves_it_unpatched() -> None:
    from storage.deferred import cached_dataclass

    class Bad:
        a: int = 0
        b: int

    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument"):
        cached_dataclass(frozen=True)(Bad)
    assert "exec" not in vars(dataclasses)


def test_the_store_s_models_come_through_it() -> None:
    from storage import models
    from storage.deferred import _CACHES

    assert models.TimeEntry.__init__.__qualname__ == "TimeEntry.__init__"
    assert "storage.models" in _CACHES


# Runs a command as `calepin` would, then says how many dataclass method texts it compiled:
# through the kept code (`compiled`) and by a dataclass built around it (`plain`).
_COMMAND = """
import atexit, builtins, json, sys
plain = []
_exec = builtins.exec
def exec_(source, *args):
    if isinstance(source, str) and sys._getframe(1).f_globals.get("__name__") == "dataclasses":
        plain.append(source)
    return _exec(source, *args)
builtins.exec = exec_
def report():
    from storage.deferred import _CACHES
    compiled = sum(cache.compiled for cache in _CACHES.values())
    print(json.dumps({"compiled": compiled, "plain": len(plain)}), file=sys.stderr)
atexit.register(report)
sys.argv = ["calepin", *sys.argv[1:]]
from tui.cli import main
main()
"""


@pytest.mark.parametrize(
    "args",
    [
        ("timer", "status"),
        ("entries", "--week", "2026-11-16"),
        ("post", "list", "--week", "2026-11-16"),
        ("log", "30m", "social", "engage", "x", "--force"),
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_a_quick_command_compiles_no_dataclass_method_once_kept(
    store: object, db_path: Path, args: tuple[str, ...]
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    counts = []
    for _ in range(2):
        result = subprocess.run(
            [sys.executable, "-c", _COMMAND, "--db", str(db_path), "--now", NOW, *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        counts.append(json.loads(result.stderr.strip().splitlines()[-1]))
    # Every class on the way comes through storage.deferred, and the second run finds them all.
    assert [c["plain"] for c in counts] == [0, 0]
    assert counts[1]["compiled"] == 0
