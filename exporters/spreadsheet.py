"""Cells for spreadsheets: the one rule that keeps typed text from running as a formula.

Every CSV Calepin writes goes through `csv_text` (or `write_rows`), so through `safe_cell`:
`calepin … --format csv`, the report's CSV and `export all`. Excel, LibreOffice and Google
Sheets run a cell starting with = + - @ (or a tab or carriage return before one) as a formula;
a leading apostrophe makes it text. A plain number ("-12.5", "-3") is a value, not a formula:
it stays a number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def _guard(text: str) -> str:
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def safe_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as written.

    Args:
        value: None (an empty cell), a bool ("yes"/"no"), a number, text, or a list or tuple
            (joined with ", ").

    Returns:
        The cell's text; text that could start a formula gets a leading apostrophe. Numbers,
        and text that is a plain number ("-12.5"), are left as numbers.
    """
    if type(value) is str:  # most cells: the same test as below, without the isinstance chain
        return _guard(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return safe_cell(", ".join(str(v) for v in value))
    return _guard(str(value))


def write_rows(writer: Any, rows: Iterable[Sequence[object]]) -> None:
    """Write `rows` to a `csv.writer`, every cell through `safe_cell` (an empty row: [])."""
    writer.writerows([safe_cell(v) for v in row] for row in rows)


def csv_text(rows: Iterable[Sequence[object]], *, lineterminator: str = "\r\n") -> str:
    """`rows` as CSV text, every cell through `safe_cell`: the one CSV writer of Calepin."""
    import csv  # only CSV output needs it: the CLI imports this module lazily too
    import io

    buffer = io.StringIO(newline="")
    write_rows(csv.writer(buffer, lineterminator=lineterminator), rows)
    return buffer.getvalue()
