"""The manager's time-use report: built once as data, rendered as Markdown, HTML, CSV or JSON.

`model` holds the Report, `build` computes it (counting time through `storage.accounting`;
`build_posts` owns the series count), and each `render_*` module formats it. The HTML
renderer loads on first use, so `calepin report` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exporters.report.build import (
    HIGHLIGHT_TAG,
    REACTIVE_ACTIVITIES,
    SOURCE_LABELS,
    build_report,
)
from exporters.report.model import (
    ActivityRow,
    Coverage,
    DutyRow,
    EntryRow,
    JobRow,
    NoteRow,
    OutOfHours,
    OutOfHoursRow,
    PlatformRow,
    Posts,
    Report,
    ReportSettings,
    Social,
    SourceRow,
    WeekRow,
)
from exporters.report.render_csv import render_csv
from exporters.report.render_json import render_json, report_dict
from exporters.report.render_md import bar, render_markdown
from storage.accounting import apportion, resolve_overlaps, shares

if TYPE_CHECKING:
    from collections.abc import Callable


def render_html(report: Report) -> str:
    """One self-contained HTML page: inline CSS and SVG, no script, nothing from the network."""
    from exporters.report.render_html import render_html as render

    # Importing the submodule set this package's `render_html` to the module: put the function
    # back, so `from exporters.report import render_html` keeps giving a function.
    globals()["render_html"] = render
    return render(report)


RENDERERS: dict[str, Callable[[Report], str]] = {
    "md": render_markdown,
    "html": render_html,
    "csv": render_csv,
    "json": render_json,
}

__all__ = [
    "HIGHLIGHT_TAG",
    "REACTIVE_ACTIVITIES",
    "RENDERERS",
    "SOURCE_LABELS",
    "ActivityRow",
    "Coverage",
    "DutyRow",
    "EntryRow",
    "JobRow",
    "NoteRow",
    "OutOfHours",
    "OutOfHoursRow",
    "PlatformRow",
    "Posts",
    "Report",
    "ReportSettings",
    "Social",
    "SourceRow",
    "WeekRow",
    "apportion",
    "bar",
    "build_report",
    "render_csv",
    "render_html",
    "render_json",
    "render_markdown",
    "report_dict",
    "resolve_overlaps",
    "shares",
]
