"""The one CSV writer: typed text never runs as a formula, numbers stay numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest

from exporters.report import build_report, render_csv
from exporters.spreadsheet import csv_text, safe_cell
from storage import EntryDraft, Store
from storage.settings import Settings

ZONE = ZoneInfo("America/Toronto")


def read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def number(cell: str) -> float | None:
    """What a spreadsheet makes of a cell: a number, or None for text."""
    try:
        return float(cell)
    except ValueError:
        return None


@pytest.mark.parametrize(
    ("value", "cell"),
    [("=1+1", "'=1+1"), ("-cmd", "'-cmd"), ("+33 6 12", "'+33 6 12"), ("@SUM(A1)", "'@SUM(A1)"),
     ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("- 3", "'- 3"), ("-1-1", "'-1-1"), ("plain", "plain")],
)  # fmt: skip
def test_formulas_come_back_as_guarded_text(value: str, cell: str) -> None:
    [[back]] = read(csv_text([[value]]))
    assert back == cell and number(back) is None


@pytest.mark.parametrize(("value", "expected"), [(-12.5, -12.5), (-3, -3), ("-12.5", -12.5),
                                                  ("-3", -3), ("+4", 4), ("0.25", 0.25)])  # fmt: skip
def test_numbers_come_back_as_numbers(value: object, expected: float) -> None:
    [[back]] = read(csv_text([[value]]))
    assert number(back) == expected


def test_csv_text_rows_and_empty_rows() -> None:
    text = csv_text([["a", None, True], [], [1, ["x", "y"], "=2"]], lineterminator="\n")
    assert read(text) == [["a", "", "yes"], [], ["1", "x, y", "'=2"]]
    assert safe_cell("-2") == "-2"


def test_report_csv_keeps_a_negative_gap_a_number(store: Store) -> None:
    store.add_duty('=HYPERLINK("http://x")')
    start = dt.datetime(2026, 11, 17, 9, 0, tzinfo=ZONE)
    store.add_entry(EntryDraft("=HYPERLINK(\"http://x\")", start, start + dt.timedelta(hours=1),
                               None, "-cmd", None))  # fmt: skip
    settings = Settings(
        job_description=(("web content", 100),)
    )  # nothing logged there: a negative gap
    report = build_report(store, dt.date(2026, 11, 16), dt.date(2026, 11, 22),
                          now=dt.datetime(2026, 11, 23, 15, tzinfo=ZONE), settings=settings,
                          include_notes=True)  # fmt: skip
    rows = read(render_csv(report))
    cells = [c for row in rows for c in row]
    assert '\'=HYPERLINK("http://x")' in cells and "'-cmd" in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    [gap] = [row for row in rows if row and row[0] == "web content"][-1:]
    assert any(number(c) is not None and number(c) < 0 for c in gap)  # type: ignore[operator]
    assert all(number(c) is not None for c in cells if c.startswith("-") and c != "-cmd")
