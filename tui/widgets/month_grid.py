"""A month as a calendar grid: per day, the posts' titles (cut with … to the cell), and
`+N more` when the cell cannot list them all."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message

from storage import Platform, wording
from storage.i18n import _, ngettext, pgettext
from tui.widgets.lines import LinesWidget
from tui.widgets.post_card import BAR, cut

# (platform, count) pairs for one day, in the platforms' order.
DayCounts = Sequence[tuple[Platform, int]]
# (platform, title) for each post of one day, in the day's order.
DayPosts = Sequence[tuple[Platform, str]]


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
        self.posts: Mapping[dt.date, DayPosts] = {}
        self.cursor = self.first
        self.today = self.first

    def show(
        self,
        first: dt.date,
        weeks: int,
        month: int,
        posts: Mapping[dt.date, DayPosts],
        *,
        cursor: dt.date,
        today: dt.date,
    ) -> None:
        self.first, self.weeks, self.month = first, weeks, month
        self.posts, self.cursor, self.today = posts, cursor, today
        self.redraw()

    @property
    def counts(self) -> dict[dt.date, DayCounts]:
        """How many posts each day has per platform (in the order they first come)."""
        out: dict[dt.date, DayCounts] = {}
        for day, posts in self.posts.items():
            tally: dict[str, list] = {}
            for platform, _title in posts:
                tally.setdefault(platform.name, [platform, 0])[1] += 1
            out[day] = [(platform, count) for platform, count in tally.values()]
        return out

    def _edges(self) -> tuple[list[int], list[int]]:
        """Where each day column and each week row starts (and the last one ends): the cells
        share the whole width and height, a cell or a line wider or taller than the next."""
        width = max(7, self.size.width)
        height = max(2, self.size.height)
        weeks = max(1, self.weeks)
        columns = [round(i * width / 7) for i in range(8)]
        rows = [1 + max(i, round(i * (height - 1) / weeks)) for i in range(weeks + 1)]
        return columns, rows

    def build_lines(self, width: int, height: int) -> list[Text]:
        if not self.weeks:
            return []
        columns, rows = self._edges()
        style = self.get_component_rich_style
        header = Text(no_wrap=True, overflow="crop")
        for col in range(7):
            cell_w = columns[col + 1] - columns[col]
            name = wording.weekday_name(self.first + dt.timedelta(days=col), short=True)
            header.append(name[: cell_w - 1].ljust(cell_w), style=style("month-grid--weekday"))
        lines = [header]
        for week in range(self.weeks):
            cell_h = rows[week + 1] - rows[week]
            band = [Text(no_wrap=True, overflow="crop") for _ in range(cell_h)]
            for col in range(7):
                day = self.first + dt.timedelta(days=week * 7 + col)
                cell_w = columns[col + 1] - columns[col]
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
        dim = day.month != self.month
        cell = [top]
        for line in _titles(self.posts.get(day, ()), inner, height - 1):
            if dim:
                line.stylize(Style(dim=True))
            line.truncate(width, pad=True)
            cell.append(line)
        while len(cell) < height:
            cell.append(Text(" " * width))
        return cell[:height]

    def day_at(self, x: int, y: int) -> dt.date | None:
        columns, rows = self._edges()
        col = next((c for c in range(7) if columns[c] <= x < columns[c + 1]), None)
        row = next((r for r in range(self.weeks) if rows[r] <= y < rows[r + 1]), None)
        if col is None or row is None:
            return None
        return self.first + dt.timedelta(days=row * 7 + col)

    def on_click(self, event: events.Click) -> None:
        day = self.day_at(event.x, event.y)
        if day is not None:
            self.post_message(self.Clicked(day))


def _titles(posts: DayPosts, width: int, lines: int) -> list[Text]:
    """One post per line, `▌Title` with the bar in the platform's colour and the title cut
    with … to `width`; when they do not all fit in `lines`, the last line says `+N more`."""
    if lines <= 0 or not posts:
        return []
    if len(posts) > lines == 1:
        # Two or more: the cell's short plural ("3 publ." in French, where a cell is narrow).
        count = pgettext("month cell", "{count} posts").format(count=len(posts))
        return [Text(count, style="dim")]
    shown = posts if len(posts) <= lines else posts[: lines - 1]
    out = []
    for platform, title in shown:
        line = Text(no_wrap=True)
        line.append(BAR, style=Style(color=platform.colour))
        line.append(cut(title or _("(untitled)"), width - 1))
        out.append(line)
    if len(shown) < len(posts):
        hidden = len(posts) - len(shown)
        more = ngettext("+{count} more", "+{count} more", hidden).format(count=hidden)
        out.append(Text(more, style="dim"))
    return out
