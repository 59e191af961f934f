# TEMP shim: removed at integration
"""Moved to `storage.settings`; this re-export keeps the old import path working until then."""

from storage.settings import (
    DEFAULT_END,
    DEFAULT_START,
    WEEKDAYS,
    DutySetting,
    ListedIds,
    PlatformSetting,
    Settings,
    apply_to_store,
    check_settings,
    config_path,
    follow_store,
    listed_ids,
    load_settings,
    save_settings,
    settings_toml,
    written_by_calepin,
)
from storage.settings.read import _Checker, _settings_from
from storage.settings.write import _FILE_HEADER

__all__ = [
    "DEFAULT_END",
    "DEFAULT_START",
    "WEEKDAYS",
    "_FILE_HEADER",
    "DutySetting",
    "ListedIds",
    "PlatformSetting",
    "Settings",
    "_Checker",
    "_settings_from",
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
