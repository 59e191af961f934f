"""Calepin's storage: the SQLite file, the domain models and the typed-entry grammar.

The names below load on first use (PEP 562), so `import storage.errors` or
`from storage import wording` does not build the Store and every model with it: the quick
commands (`calepin log`, `entries`) import only what they run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storage.zone_path import load_zoneinfo

# Before any module here imports zoneinfo: it then skips sysconfig (see storage.zone_path).
load_zoneinfo()

if TYPE_CHECKING:
    from storage.errors import (
        CalepinError,
        ConfirmationNeeded,
        DatabaseError,
        NotFoundError,
        ParseError,
        ValidationError,
    )
    from storage.models import (
        Activity,
        Campaign,
        CheckResult,
        Duty,
        EntryDraft,
        EntrySource,
        Platform,
        Post,
        PostDraft,
        Status,
        TimeEntry,
    )
    from storage.store import UNSET, Store, draft_from_post

# name -> the module that defines it
_HOMES = {
    **dict.fromkeys(
        (
            "CalepinError",
            "ConfirmationNeeded",
            "DatabaseError",
            "NotFoundError",
            "ParseError",
            "ValidationError",
        ),
        "storage.errors",
    ),
    **dict.fromkeys(
        (
            "Activity",
            "Campaign",
            "CheckResult",
            "Duty",
            "EntryDraft",
            "EntrySource",
            "Platform",
            "Post",
            "PostDraft",
            "Status",
            "TimeEntry",
        ),
        "storage.models",
    ),
    **dict.fromkeys(("UNSET", "Store", "draft_from_post"), "storage.store"),
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


__all__ = [
    "UNSET",
    "Activity",
    "CalepinError",
    "Campaign",
    "CheckResult",
    "ConfirmationNeeded",
    "DatabaseError",
    "Duty",
    "EntryDraft",
    "EntrySource",
    "NotFoundError",
    "ParseError",
    "Platform",
    "Post",
    "PostDraft",
    "Status",
    "Store",
    "TimeEntry",
    "ValidationError",
    "draft_from_post",
]
