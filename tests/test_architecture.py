"""Layering guards: the import contracts hold, storage and exporters never pull in the UI, no
module grows past 600 lines, and our top-level names are ours."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_PROBE = """
import importlib, json, pkgutil, sys
imported = []
for name in ("storage", "exporters"):
    package = importlib.import_module(name)
    imported.append(name)
    for info in pkgutil.walk_packages(package.__path__, name + "."):
        importlib.import_module(info.name)
        imported.append(info.name)
ui = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "click", "rich", "tui"))
print(json.dumps({"imported": imported, "ui": ui}))
"""


def test_storage_and_exporters_never_import_the_ui() -> None:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert "storage.store" in found["imported"]
    assert "storage.recurrence" in found["imported"]
    assert "storage.grammar" in found["imported"]
    assert found["ui"] == []


def test_no_other_distribution_claims_our_top_level_names() -> None:
    claims = importlib.metadata.packages_distributions()
    for name in ("tui", "storage", "exporters"):
        owners = set(claims.get(name, [])) - {"calepin"}
        assert not owners, f"'{name}' is also installed by {sorted(owners)}"


MAX_MODULE_LINES = 600


def test_no_module_over_600_lines_unless_its_docstring_says_why() -> None:
    """A module past the limit is split by responsibility, or its docstring has a sentence
    saying why it "stays whole"."""
    too_long = []
    for package in ("storage", "exporters", "tui"):
        for path in sorted((ROOT / package).rglob("*.py")):
            source = path.read_text(encoding="utf-8")
            lines = len(source.splitlines())
            if lines <= MAX_MODULE_LINES:
                continue
            docstring = ast.get_docstring(ast.parse(source, filename=str(path))) or ""
            if "stays whole" not in docstring:
                too_long.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert not too_long, (
        f"over {MAX_MODULE_LINES} lines, and no docstring sentence on why it stays whole: "
        + ", ".join(too_long)
    )


def test_import_contracts_hold() -> None:
    """The [tool.importlinter] contracts in pyproject.toml, so pytest alone catches a breach."""
    lint_imports = Path(sys.executable).parent / "lint-imports"
    assert lint_imports.exists(), f"{lint_imports} is missing: install the test extra"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
