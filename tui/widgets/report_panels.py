"""The summary screen's panels: horizontal bars, a weekly sparkline and the capacity lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text

from tui.widgets.lines import LinesWidget
from tui.widgets.wrapped import wrap_text

SPARKS = "▁▂▃▄▅▆▇█"
_EIGHTHS = " ▏▎▍▌▋▊▉"


@dataclass(frozen=True, slots=True)
class BarRow:
    label: str
    figures: str  # "12.5 h  38.2 %"
    fraction: float  # of the longest bar, 0 to 1
    highlight: bool = False


def bar_text(fraction: float, width: int) -> str:
    """A bar `fraction` of `width` cells long, in eighths of a cell; never empty above zero."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    if fraction > 0 and eighths == 0:
        eighths = 1
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def spark_text(values: Sequence[float | None], top: float | None = None) -> str:
    """One character per value, scaled to `top` (default: the largest); None shows as a space."""
    known = [v for v in values if v is not None]
    top = top if top is not None else max(known, default=0)
    if not top:
        return "".join(" " if v is None else SPARKS[0] for v in values)
    return "".join(
        " " if v is None else SPARKS[min(7, round(7 * max(0.0, v) / top))] for v in values
    )


class BarChart(LinesWidget):
    """Labelled bars, one per line; as tall as its rows."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "bar-chart--bar",
        "bar-chart--highlight",
        "bar-chart--muted",
    }
    DEFAULT_CSS: ClassVar[str] = """
    BarChart { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: tuple[BarRow, ...] = ()
        self.empty_text = ""

    def show(self, rows: Sequence[BarRow], empty_text: str = "") -> None:
        rows, changed_height = tuple(rows), len(rows) != len(self.rows)
        self.rows, self.empty_text = rows, empty_text
        if changed_height:
            self.refresh(layout=True)
        self.redraw()

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return max(1, len(self.rows))

    def build_lines(self, width: int, height: int) -> list[Text]:
        get = self.get_component_rich_style
        if not self.rows:
            return [Text(f" {self.empty_text}", style=get("bar-chart--muted"))]
        figures_width = max(len(r.figures) for r in self.rows)
        # A name is cut only when the bar would get under a third of the width.
        room = width - figures_width - 4 - width // 3
        label_width = min(max(len(r.label) for r in self.rows), max(8, width // 3, room))
        bar_width = max(4, width - label_width - figures_width - 4)
        lines = []
        for row in self.rows:
            line = Text(no_wrap=True, overflow="ellipsis")
            label = (
                row.label if len(row.label) <= label_width else row.label[: label_width - 1] + "…"
            )
            style = get("bar-chart--highlight") if row.highlight else ""
            line.append(f" {label:<{label_width}} ", style=style)
            bar = bar_text(row.fraction, bar_width)
            line.append(
                bar, style=get("bar-chart--highlight" if row.highlight else "bar-chart--bar")
            )
            line.append(" " * (bar_width - len(bar) + 1))
            line.append(f"{row.figures:>{figures_width}}", style=style)
            lines.append(line)
        return lines


@dataclass(frozen=True, slots=True)
class TrendRow:
    label: str  # "Hours"
    values: tuple[float | None, ...]  # one per week, oldest first
    latest: str  # what the last value reads as, e.g. "31.5 h"
    top: float | None = None  # the scale's top (default: the largest value)
    highlight: bool = False


class TrendChart(LinesWidget):
    """Sparklines, one character per week, with the span of weeks underneath."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "trend-chart--spark",
        "trend-chart--highlight",
        "trend-chart--muted",
    }
    DEFAULT_CSS: ClassVar[str] = """
    TrendChart { height: 3; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: tuple[TrendRow, ...] = ()
        self.span = ""  # "5 Oct – 23 Nov" under the sparks

    def show(self, rows: Sequence[TrendRow], span: str) -> None:
        self.rows, self.span = tuple(rows), span
        self.redraw()

    def build_lines(self, width: int, height: int) -> list[Text]:
        get = self.get_component_rich_style
        if not self.rows:
            return []
        label_width = max(len(r.label) for r in self.rows)
        latest_width = max(len(r.latest) for r in self.rows)
        room = max(4, width - label_width - latest_width - 5)
        lines = []
        for row in self.rows:
            values = row.values[-room:]  # the latest weeks when the screen is narrow
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append(f" {row.label:<{label_width}} ")
            style = "trend-chart--highlight" if row.highlight else "trend-chart--spark"
            line.append(spark_text(values, row.top), style=get(style))
            line.append(f"  {row.latest}")
            lines.append(line)
        if self.span:
            lines.append(
                Text(
                    " " * (label_width + 2) + self.span,
                    style=get("trend-chart--muted"),
                    no_wrap=True,
                    overflow="ellipsis",
                )
            )
        return lines


class NoteLines(LinesWidget):
    """A few lines of plain text, wrapped at spaces (a long one goes on, indented, on the next
    lines); the ones flagged as warnings stand out."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"note-lines--warning", "note-lines--muted"}
    DEFAULT_CSS: ClassVar[str] = """
    NoteLines { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.note_lines: tuple[tuple[str, str], ...] = ()  # (text, "" | "warning" | "muted")

    def show(self, lines: Sequence[tuple[str, str]]) -> None:
        lines = tuple(lines)
        changed = lines != self.note_lines
        self.note_lines = lines
        if changed:
            self.refresh(layout=True)  # the wrapped height may differ
        self.redraw()

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        return max(1, len(self._wrapped(width)))

    def _wrapped(self, width: int) -> list[tuple[str, str]]:
        out = []
        for text, kind in self.note_lines:
            for line in wrap_text(f" {text}", width, indent="   "):
                out.append((line, kind))
        return out

    def build_lines(self, width: int, height: int) -> list[Text]:
        get = self.get_component_rich_style
        return [
            Text(text, style=get(f"note-lines--{kind}") if kind else "", no_wrap=True)
            for text, kind in self._wrapped(width)
        ]
