"""Calepin's exporters: models to bytes and text (.ics, data exports) and imports back in.

Names load on first use, so `import exporters` stays cheap for the CLI.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from exporters.csv_import import CsvPlan, import_posts, read_posts_csv
    from exporters.data import export_all, import_all
    from exporters.ics import (
        IcsOptions,
        WorkingDay,
        calendar_from_posts,
        export_ics,
        render_ics,
        vtimezone_lines,
    )
    from exporters.ics_import import MeetingImport, import_meetings, read_meetings
    from storage.files import write_atomically

_WHERE = {
    "CsvPlan": "exporters.csv_import",
    "import_posts": "exporters.csv_import",
    "read_posts_csv": "exporters.csv_import",
    "export_all": "exporters.data",
    "import_all": "exporters.data",
    "write_atomically": "storage.files",
    "IcsOptions": "exporters.ics",
    "WorkingDay": "exporters.ics",
    "calendar_from_posts": "exporters.ics",
    "export_ics": "exporters.ics",
    "render_ics": "exporters.ics",
    "vtimezone_lines": "exporters.ics",
    "MeetingImport": "exporters.ics_import",
    "import_meetings": "exporters.ics_import",
    "read_meetings": "exporters.ics_import",
}

__all__ = [
    "CsvPlan",
    "IcsOptions",
    "MeetingImport",
    "WorkingDay",
    "calendar_from_posts",
    "export_all",
    "export_ics",
    "import_all",
    "import_meetings",
    "import_posts",
    "read_meetings",
    "read_posts_csv",
    "render_ics",
    "vtimezone_lines",
    "write_atomically",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'exporters' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
