"""Hatch build hook: compiles the `.po` catalogues into the `.mo` files the wheel ships.

Named in pyproject.toml ([tool.hatch.build.hooks.custom]). An editable install compiles them
in place, beside the `.po` (a checkout also recompiles on first use when a `.po` changed).
"""

from __future__ import annotations

import io
import os
import sys

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LANGUAGES = ("fr", "fr_FR")


class CatalogueBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        from babel.messages.mofile import write_mo

        root = self.root
        sys.path.insert(0, root)
        try:
            from storage.locale import merged_catalog
        finally:
            sys.path.remove(root)
        for language in LANGUAGES:
            relative = os.path.join("storage", "locale", language, "LC_MESSAGES", "calepin.mo")
            buffer = io.BytesIO()
            write_mo(buffer, merged_catalog(language), use_fuzzy=False)
            target = os.path.join(root, relative)
            with open(target, "wb") as file:
                file.write(buffer.getvalue())
            build_data.setdefault("artifacts", []).append(relative)
