"""The quick commands' modules kept in one file (tui.cli.module_cache): served when their
source is unchanged, imported as usual otherwise, and a damaged file is no harm."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage import Store
from tui.cli.module_cache import ModuleCache

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def package(tmp_path: Path) -> Iterator[Path]:
    """A package `kept_pkg` with two modules, importable from tmp_path, forgotten after."""
    folder = tmp_path / "kept_pkg"
    folder.mkdir()
    (folder / "__init__.py").write_text("WHERE = 'package'\n")
    (folder / "one.py").write_text("VALUE = 1\n")
    (folder / "two.py").write_text("from kept_pkg.one import VALUE\nDOUBLE = VALUE * 2\n")
    sys.path.insert(0, str(tmp_path))
    yield folder
    sys.path.remove(str(tmp_path))
    for name in [n for n in sys.modules if n == "kept_pkg" or n.startswith("kept_pkg.")]:
        del sys.modules[name]


def _forget() -> None:
    for name in [n for n in sys.modules if n == "kept_pkg" or n.startswith("kept_pkg.")]:
        del sys.modules[name]
    importlib.invalidate_caches()


def _kept(path: Path) -> ModuleCache:
    """A cache on `path` put first in sys.meta_path; `_forget` and remove it after use."""
    cache = ModuleCache(str(path))
    sys.meta_path.insert(0, cache)
    return cache


def _import_with(cache: ModuleCache) -> object:
    try:
        return importlib.import_module("kept_pkg.two")
    finally:
        sys.meta_path.remove(cache)


@pytest.fixture(autouse=True)
def _bytecode_written(monkeypatch: pytest.MonkeyPatch) -> None:
    # The shell may ask for no .pyc files; the cache is written only when they are.
    monkeypatch.setattr(sys, "dont_write_bytecode", False)


def test_a_second_import_is_served_from_the_file(package: Path, tmp_path: Path) -> None:
    kept = tmp_path / "modules"
    first = _kept(kept)
    _import_with(first)
    assert first.served == set() and {"kept_pkg", "kept_pkg.one", "kept_pkg.two"} <= first.missed
    first.save()
    _forget()
    second = _kept(kept)
    two = _import_with(second)
    assert second.served == {"kept_pkg", "kept_pkg.one", "kept_pkg.two"}
    assert two.DOUBLE == 2  # type: ignore[attr-defined]
    assert two.__file__ == str(package / "two.py")
    assert two.__loader__.get_source("kept_pkg.two").startswith("from kept_pkg.one")  # type: ignore[attr-defined]
    assert two.__loader__.get_code("kept_pkg.two").co_filename == str(package / "two.py")  # type: ignore[attr-defined]
    package_module = sys.modules["kept_pkg"]
    assert package_module.__path__ == [str(package)] and package_module.WHERE == "package"  # type: ignore[attr-defined]
    (package / "data.txt").write_text("kept")
    from importlib.resources import files

    assert (files("kept_pkg") / "data.txt").read_text() == "kept"


def test_a_changed_source_is_imported_afresh_and_kept_again(package: Path, tmp_path: Path) -> None:
    kept = tmp_path / "modules"
    first = _kept(kept)
    _import_with(first)
    first.save()
    _forget()
    (package / "one.py").write_text("VALUE = 21\n")
    second = _kept(kept)
    assert _import_with(second).DOUBLE == 42  # type: ignore[attr-defined]
    assert "kept_pkg.one" not in second.served and "kept_pkg.one" in second.missed
    second.save()
    _forget()
    third = _kept(kept)
    assert _import_with(third).DOUBLE == 42  # type: ignore[attr-defined]
    assert "kept_pkg.one" in third.served


@pytest.mark.parametrize("damage", ["truncated", "garbage", "bad code", "codes cut short"])
def test_a_damaged_file_only_means_importing_as_usual(
    package: Path, tmp_path: Path, damage: str
) -> None:
    kept = tmp_path / "modules"
    first = _kept(kept)
    _import_with(first)
    first.save()
    _forget()
    data = kept.read_bytes()
    if damage == "truncated":
        kept.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        kept.write_bytes(os.urandom(len(data)))
    elif damage == "codes cut short":
        kept.write_bytes(data[: ModuleCache(str(kept)).codes_at + 10])
    else:  # the index intact, every module's code overwritten
        start = ModuleCache(str(kept)).codes_at
        kept.write_bytes(data[:start] + b"\x00" * (len(data) - start))
    assert _import_with(_kept(kept)).DOUBLE == 2  # type: ignore[attr-defined]


def test_no_file_is_written_when_bytecode_is_not(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    kept = tmp_path / "modules"
    cache = _kept(kept)
    _import_with(cache)
    cache.save()
    assert not kept.exists()


def test_the_command_line_serves_its_modules_from_the_file(store: Store, db_path: Path) -> None:
    # Two runs of the program: the first keeps what it imported, the second is served.
    probe = (
        "import atexit, sys\n"
        "sys.argv = ['calepin', *sys.argv[1:]]\n"
        "from tui.cli import main, module_cache\n"
        "atexit.register(lambda: print(sorted(module_cache._installed.served), file=sys.stderr))\n"
        "main()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    command = [sys.executable, "-c", probe, "--db", str(db_path), "timer", "status"]
    runs = [
        subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
        for _ in range(3)
    ]
    assert [run.returncode for run in runs] == [0, 0, 0], runs[-1].stderr
    assert runs[0].stdout == runs[2].stdout
    served = eval(runs[2].stderr.strip().splitlines()[-1])
    assert {"tui.cli.main", "storage.store.core", "click.core"} <= set(served)
