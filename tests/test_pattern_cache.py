"""Regular expressions kept between runs (tui.cli.pattern_cache): the pattern made from the
kept data is the one `re` compiles; a damaged file only means compiling as before."""

from __future__ import annotations

import re
import sys
import uuid
from pathlib import Path

import pytest

from tui.cli import pattern_cache


@pytest.fixture
def kept_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A run's own file and an empty `re` cache (both put back after the test)."""
    path = tmp_path / "patterns"
    monkeypatch.setattr(pattern_cache, "_path", lambda: str(path))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(re, "_cache", {})
    return path


def _next_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(re, "_cache", {})
    pattern_cache.install()


def _unique() -> str:
    # Never compiled before in this process, so `re`'s cache cannot answer it.
    return rf"(?P<hours>\d{{1,2}})h(?P<minutes>\d{{2}})? {uuid.uuid4().hex}"


def test_a_pattern_compiled_once_is_made_from_the_kept_data_next_time(
    kept_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pattern_cache.install()
    text = _unique()
    first = re.compile(text, re.IGNORECASE | re.VERBOSE)
    pattern_cache.save()
    assert kept_file.exists()
    _next_run(monkeypatch)

    def no_compiling(*args: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(re._compiler, "compile", no_compiling)  # type: ignore[attr-defined]
    again = re.compile(text, re.IGNORECASE | re.VERBOSE)
    assert again == first  # the same text, flags and compiled code
    assert again.groupindex == first.groupindex and again.groups == first.groups
    tail = text.split(" ")[-1]
    assert again.match(f"14H30{tail}")["minutes"] == "30"  # type: ignore[index]  # VERBOSE
    assert again.match("14h30x") is None


def test_patterns_not_kept_compile_as_usual(
    kept_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pattern_cache.install()
    re.compile(_unique())
    pattern_cache.save()
    _next_run(monkeypatch)
    other = _unique()
    assert re.match(other, f"9h {other.split(' ')[-1]}")["hours"] == "9"  # type: ignore[index]
    assert (other, 0) not in re._cache.kept  # type: ignore[attr-defined]


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
def test_a_damaged_file_only_means_compiling(
    kept_file: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    pattern_cache.install()
    text = _unique()
    expected = re.compile(text)
    pattern_cache.save()
    data = kept_file.read_bytes()
    kept_file.write_bytes(
        {"truncated": data[: len(data) // 2], "garbage": b"\x00" * len(data), "empty": b""}[damage]
    )
    _next_run(monkeypatch)
    assert re.compile(text) == expected
    assert re.fullmatch(r"\d+", "2026") is not None


def test_nothing_is_written_without_bytecode(
    kept_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    pattern_cache.install()
    re.compile(_unique())
    pattern_cache.save()
    assert not kept_file.exists()
