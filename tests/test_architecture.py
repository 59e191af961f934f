"""Layering guards: storage and exporters never pull in the UI, and our top-level names are ours."""

from __future__ import annotations

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
