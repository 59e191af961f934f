"""The user's settings: read from TOML, checked, written back, and applied to the store.

`apply` and `write` load on first use of one of their names: the CLI only reads settings.
"""

from typing import TYPE_CHECKING, Any

from storage.settings.model import DEFAULT_END, DEFAULT_START, WEEKDAYS, config_path
from storage.settings.read import check_settings, load_settings

if TYPE_CHECKING:
    from storage.settings.apply import (
        ListedIds,
        apply_to_store,
        follow_store,
        listed_ids,
        set_cancelled_days,
        stored_cancelled_days,
        zone_change_lines,
        zone_move,
    )
    from storage.settings.model import DutySetting, PlatformSetting, Settings, SyncSetting
    from storage.settings.write import save_settings, settings_toml, written_by_calepin

_LAZY = {
    "DutySetting": "model",  # the dataclasses are built on first use
    "PlatformSetting": "model",
    "Settings": "model",
    "SyncSetting": "model",
    "ListedIds": "apply",
    "apply_to_store": "apply",
    "follow_store": "apply",
    "listed_ids": "apply",
    "set_cancelled_days": "apply",
    "stored_cancelled_days": "apply",
    "zone_change_lines": "apply",
    "zone_move": "apply",
    "save_settings": "write",
    "settings_toml": "write",
    "written_by_calepin": "write",
}


def __getattr__(name: str) -> Any:
    if _LAZY.get(name) == "model":
        from storage.settings import model

        return getattr(model, name)
    if _LAZY.get(name) == "apply":
        from storage.settings import apply

        return getattr(apply, name)
    if _LAZY.get(name) == "write":
        from storage.settings import write

        return getattr(write, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_END",
    "DEFAULT_START",
    "WEEKDAYS",
    "DutySetting",
    "ListedIds",
    "PlatformSetting",
    "Settings",
    "SyncSetting",
    "apply_to_store",
    "check_settings",
    "config_path",
    "follow_store",
    "listed_ids",
    "load_settings",
    "save_settings",
    "set_cancelled_days",
    "settings_toml",
    "stored_cancelled_days",
    "written_by_calepin",
    "zone_change_lines",
    "zone_move",
]
