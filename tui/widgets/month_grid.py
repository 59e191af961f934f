"""A month as a calendar grid: per day, how many posts go to each platform."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message

from storage import Platform, wording
from tui.widgets.lines import LinesWidget

# (platform, count) pairs for one day, in the platforms' order.
DayCounts = Sequence[tuple[Platform, int]]


class MonthGrid(LinesWidget):
    """Weeks as rows, days as cells; the cursor day is highlighted."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "month-grid--weekday",
        "month-grid--day",
        "month-grid--other-month",
        "month-grid--today",
        "month-grid--cursor",
    }

    class Clicked(Message):
        def __init__(self, day: dt.date) -> None:
            super().__init__()
            self.day = day

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.first = dt.date(2000, 1, 3)
        self.weeks = 0
        self.month = 1
        self.counts: Mapping[dt.date, DayCounts] = {}
        self.cursor = self.first
        self.today = self.first

    def show(
        self,
        first: dt.date,
        weeks: int,
        month: int,
        counts: Mapping[dt.date, DayCounts],
        *,
        cursor: dt.date,
        today: dt.date,
    ) -> None:
        self.first, self.weeks, self.month = first, weeks, month
        self.counts, self.cursor, self.today = counts, cursor, today
        self.redraw()

    def _geometry(self) -> tuple[int, int]:
        width = max(7, self.size.width)
        height = max(2, self.size.height)
        cell_w = width // 7
        cell_h = max(1, (height - 1) // max(1, self.weeks))
        return cell_w, cell_h

    def build_lines(self, width: int, height: int) -> list[Text]:
        if not self.weeks:
            return []
        cell_w, cell_h = self._geometry()
        style = self.get_component_rich_style
        header = Text(no_wrap=True, overflow="crop")
        for col in range(7):
            name = wording.weekday_name(self.first + dt.timedelta(days=col), short=True)
            header.append(name[: cell_w - 1].ljust(cell_w), style=style("month-grid--weekday"))
        lines = [header]
        for week in range(self.weeks):
            band = [Text(no_wrap=True, overflow="crop") for _ in range(cell_h)]
            for col in range(7):
                day = self.first + dt.timedelta(days=week * 7 + col)
                for row, part in enumerate(self._cell(day, cell_w, cell_h)):
                    band[row].append_text(part)
            lines.extend(band)
        return lines

    def _cell(self, day: dt.date, width: int, height: int) -> list[Text]:
        """The `height` lines of one day's cell, each `width` cells wide (last one a gap)."""
        style = self.get_component_rich_style
        inner = max(1, width - 1)
        if day == self.cursor:
            day_style = style("month-grid--cursor")
        elif day == self.today:
            day_style = style("month-grid--today")
        elif day.month != self.month:
            day_style = style("month-grid--other-month")
        else:
            day_style = style("month-grid--day")
        label = f"{day.day}" if day.day != 1 else wording.day_month(day)
        top = Text(label[:inner].ljust(inner), style=day_style)
        top.append(" ")
        chips = _chips(self.counts.get(day, ()), inner, height - 1)
        dim = day.month != self.month
        cell = [top]
        for chip_line in chips:
            if dim:
                chip_line.stylize(Style(dim=True))
            chip_line.truncate(width, pad=True)
            cell.append(chip_line)
        while len(cell) < height:
            cell.append(Text(" " * width))
        return cell[:height]

    def day_at(self, x: int, y: int) -> dt.date | None:
        cell_w, cell_h = self._geometry()
        row, col = (y - 1) // cell_h, x // cell_w
        if y < 1 or not (0 <= row < self.weeks and 0 <= col < 7):
            return None
        return self.first + dt.timedelta(days=row * 7 + col)

    def on_click(self, event: events.Click) -> None:
        day = self.day_at(event.x, event.y)
        if day is not None:
            self.post_message(self.Clicked(day))


def _chips(counts: DayCounts, width: int, lines: int) -> list[Text]:
    """`FB 2 IG 1 …` wrapped to `lines` lines of `width`; whole chips that do not fit are
    summed in a final `+n`."""
    if lines <= 0 or not counts:
        return []
    rows: list[list[tuple[Platform, int]]] = [[]]
    used = 0
    shown = 0
    for platform, count in counts:
        size = len(platform.tag) + 1 + len(str(count))
        gap = 1 if rows[-1] else 0
        if used + gap + size > width and rows[-1]:
            if len(rows) == lines:
                break
            rows.append([])
            used, gap = 0, 0
        rows[-1].append((platform, count))
        used += gap + size
        shown += 1
    rest = sum(c for _, c in counts[shown:])

    def length(row: list[tuple[Platform, int]]) -> int:
        return sum(len(p.tag) + 1 + len(str(c)) for p, c in row) + max(0, len(row) - 1)

    if rest:
        last = rows[-1]
        while last and length(last) + len(f" +{rest}") > width:
            rest += last.pop()[1]
    out = []
    for row in rows:
        line = Text(no_wrap=True, overflow="crop")
        for i, (platform, count) in enumerate(row):
            if i:
                line.append(" ")
            line.append(platform.tag, style=Style(color=platform.colour, bold=True))
            line.append(f" {count}")
        out.append(line)
    if rest:
        out[-1].append(f" +{rest}" if out[-1].cell_len else f"+{rest}", style="dim")
    return out
