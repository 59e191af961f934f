"""Cells for spreadsheets: the one rule that keeps typed text from running as a formula.

Every CSV Calepin writes goes through `csv_text` (or `write_rows`), so through `safe_cell`:
`calepin … --format csv`, the report's CSV and `export all`. Excel, LibreOffice and Google
Sheets run a cell starting with = + - @ (or a tab or carriage return before one) as a formula;
a leading apostrophe makes it text. A plain number ("-12.5", "-3") is a value, not a formula:
it stays a number. A French report writes `;` between cells and a decimal comma ("-3,5"), as a
French Excel reads them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_COMMA_NUMBER = re.compile(r"[+-]?(?:\d+(?:,\d*)?|,\d+)")  # "-3,5" where `;` separates cells


def _guard(text: str, number: re.Pattern[str] = _PLAIN_NUMBER) -> str:
    if text.startswith(FORMULA_STARTS) and not number.fullmatch(text):
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
    return _safe(value, _PLAIN_NUMBER)


def _safe(value: object, number: re.Pattern[str]) -> str:
    if type(value) is str:  # most cells: the same test as below, without the isinstance chain
        return _guard(value, number)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and number is _COMMA_NUMBER:
        return str(value).replace(".", ",")
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return _safe(", ".join(str(v) for v in value), number)
    return _guard(str(value), number)


def write_rows(writer: Any, rows: Iterable[Sequence[object]]) -> None:
    """Write `rows` to a `csv.writer`, every cell through `safe_cell` (an empty row: [])."""
    writer.writerows([safe_cell(v) for v in row] for row in rows)


def csv_text(
    rows: Iterable[Sequence[object]], *, lineterminator: str = "\r\n", delimiter: str = ","
) -> str:
    """`rows` as CSV text, every cell through `safe_cell`: the one CSV writer of Calepin.

    `delimiter=";"` is the French spreadsheet's: its numbers have a decimal comma, so a
    negative one ("-3,5") stays a number too."""
    import csv  # only CSV output needs it: the CLI imports this module lazily too
    import io

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator=lineterminator, delimiter=delimiter)
    if delimiter == ",":
        write_rows(writer, rows)
    else:
        writer.writerows([_safe(v, _COMMA_NUMBER) for v in row] for row in rows)
    return buffer.getvalue()
