"""The user's settings: read from TOML, checked, written back, and applied to the store."""

from storage.settings.apply import ListedIds, apply_to_store, follow_store, listed_ids
from storage.settings.model import (
    DEFAULT_END,
    DEFAULT_START,
    WEEKDAYS,
    DutySetting,
    PlatformSetting,
    Settings,
    config_path,
)
from storage.settings.read import check_settings, load_settings
from storage.settings.write import save_settings, settings_toml, written_by_calepin

__all__ = [
    "DEFAULT_END",
    "DEFAULT_START",
    "WEEKDAYS",
    "DutySetting",
    "ListedIds",
    "PlatformSetting",
    "Settings",
    "apply_to_store",
    "check_settings",
    "config_path",
    "follow_store",
    "listed_ids",
    "load_settings",
    "save_settings",
    "settings_toml",
    "written_by_calepin",
]
