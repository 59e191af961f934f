"""Cells for spreadsheets: the one rule that keeps typed text from running as a formula.

Every CSV Calepin writes goes through `safe_cell`: `calepin … --format csv`, the report's CSV
and `export all`. Excel, LibreOffice and Google Sheets run a cell starting with = + - @ (or a
tab or carriage return before one) as a formula; a leading apostrophe makes it text.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as written.

    Args:
        value: None (an empty cell), a bool ("yes"/"no"), a number, text, or a list or tuple
            (joined with ", ").

    Returns:
        The cell's text; text that could start a formula gets a leading apostrophe. Numbers
        are left as numbers (-5 is a value, not a formula).
    """
    if type(value) is str:  # most cells: the same test as below, without the isinstance chain
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return safe_cell(", ".join(str(v) for v in value))
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
