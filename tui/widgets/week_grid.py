"""The week's seven day columns, drawn by one widget straight into segments (selection included)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.message import Message
from textual.strip import Strip

from storage import Platform, Post, Status, wording
from storage.i18n import _, ngettext
from tui.widgets.lines import LinesWidget
from tui.widgets.post_card import (
    BAR,
    FALLBACK_COLOUR,
    REPEAT_MARK,
    effort_lines,
    platform_tag,
    status_mark,
    wrap_words,
)


def day_label(day: dt.date, width: int) -> str:
    """``Mon 23 Nov`` when it fits, else ``Mon 23``, else ``23``."""
    for text in (
        wording.day_label(day),
        f"{wording.weekday_name(day, short=True)} {day.day}",
        f"{day.day}",
    ):
        if len(text) <= width:
            return text
    return str(day.day)[:width]


# A line of a column: (text, style) pieces whose cells add up to the column's width.
Piece = tuple[str, Style | None]
Line = list[Piece]
Card = tuple[int | None, list[Line]]
Effort = tuple[int, int | None]
_NO_STYLE = Style()
_DIM = Style(dim=True)


@dataclass(slots=True)
class DayData:
    """What one column shows."""

    day: dt.date
    posts: Sequence[Post] = ()
    selected: int | None = None  # the cursor's card, when the cursor is on this day
    has_cursor: bool = False
    is_today: bool = False
    # post id → (minutes logged, minutes planned or None), read by wording.effort_forms
    efforts: Mapping[int, Effort] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ColumnStyles:
    header: Style
    today: Style
    cursor: Style
    selected: Style
    more: Style
    today_background: Style
    separator: Style


class WeekGrid(LinesWidget):
    """Seven day columns in one widget: a week switch is one repaint of one widget.

    Lines are built as segments directly (no Rich Text, no content pipeline): a week of
    cards costs a few milliseconds to draw.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "week-grid--header",
        "week-grid--today",
        "week-grid--cursor",
        "week-grid--selected",
        "week-grid--more",
        "week-grid--today-column",
        "week-grid--separator",
    }

    class Clicked(Message):
        """A click on a day (post_index None: on the day, not on a card)."""

        def __init__(self, day_index: int, post_index: int | None) -> None:
            super().__init__()
            self.day_index = day_index
            self.post_index = post_index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns: list[DayData] = []
        self.platforms: Mapping[str, Platform] = {}
        # Per column, y offset → post index of the cards drawn last (for clicks).
        self._rows: list[list[int | None]] = []
        self._edges: list[int] = []

    def show_week(
        self,
        days: Sequence[dt.date],
        posts_by_day: Sequence[Sequence[Post]],
        platforms: Mapping[str, Platform],
        *,
        cursor_day: int,
        cursor_post: int | None,
        today: dt.date,
        efforts: Mapping[int, Effort] | None = None,
    ) -> None:
        self.columns = [
            DayData(
                day,
                posts_by_day[index],
                selected=cursor_post if index == cursor_day else None,
                has_cursor=index == cursor_day,
                is_today=day == today,
                efforts=efforts or {},
            )
            for index, day in enumerate(days)
        ]
        self.platforms = platforms
        self.redraw()

    def _styles(self) -> ColumnStyles:
        get = self.get_component_rich_style
        return ColumnStyles(
            header=get("week-grid--header"),
            today=get("week-grid--today"),
            cursor=get("week-grid--cursor"),
            selected=get("week-grid--selected"),
            more=get("week-grid--more"),
            today_background=get("week-grid--today-column"),
            separator=get("week-grid--separator"),
        )

    def build_strips(self, width: int, height: int) -> list[Strip]:
        if not self.columns or width < 7:
            return []
        styles = self._styles()
        base = self.rich_style
        # Column widths that add up to the whole width; a separator cell starts each column.
        edges = [round(i * width / 7) for i in range(8)]
        self._edges = edges
        columns: list[list[Line]] = []
        bases: list[Style] = []
        self._rows = []
        for index, data in enumerate(self.columns):
            inner = edges[index + 1] - edges[index] - 1
            lines, rows = render_column(data, self.platforms, inner, height, styles)
            columns.append(lines)
            self._rows.append(rows)
            bases.append(base + styles.today_background if data.is_today else base)
        strips = []
        for y in range(height):
            segments: list[Segment] = []
            for index, lines in enumerate(columns):
                column_base = bases[index]
                segments.append(Segment("▏" if index else " ", column_base + styles.separator))
                for text, style in lines[y]:
                    segments.append(Segment(text, column_base + style if style else column_base))
            strips.append(Strip(segments, width))
        return strips

    def on_click(self, event: events.Click) -> None:
        for index in range(7):
            if self._edges and self._edges[index] <= event.x < self._edges[index + 1]:
                rows = self._rows[index] if index < len(self._rows) else []
                post = rows[event.y] if 0 <= event.y < len(rows) else None
                self.post_message(self.Clicked(index, post))
                return


def _fit(pieces: Line, width: int) -> Line:
    """Crop or pad pieces to exactly `width` cells."""
    out: Line = []
    used = 0
    for text, style in pieces:
        size = cell_len(text)
        if used + size > width:
            text = set_cell_size(text, width - used)
            size = width - used
        if size:
            out.append((text, style))
            used += size
        if used >= width:
            break
    if used < width:
        out.append((" " * (width - used), None))
    return out


def _over(line: Line, style: Style) -> Line:
    """Put `style` under every piece (pieces keep their own colours on top)."""
    return [(text, style + piece if piece else style) for text, piece in line]


def card_lines(
    post: Post,
    platform: Platform | None,
    width: int,
    title_lines: int,
    effort: Effort | None = None,
    effort_room: int = 2,
) -> list[Line]:
    """One card: bar, time, tag, repeat mark and status mark, the wrapped title, then the
    time logged against the estimate (when there is one) on up to `effort_room` lines."""
    colour = Style(color=platform.colour if platform else FALLBACK_COLOUR)
    bold = colour + Style(bold=True)
    meta: Line = [(BAR, colour)]
    if post.time is not None:
        meta.append((f"{wording.clock_compact(post.time)} ", None))
    meta.append((platform_tag(post, platform), bold))
    if post.rrule is not None or post.recurrence_of is not None:
        meta.append((f" {REPEAT_MARK}", None))
    meta = _fit(meta, width - 1)
    meta.append((status_mark(post.status), None))
    lines = [meta]
    title_style = Style(strike=True) if post.status is Status.CANCELLED else None
    for text in wrap_words(post.title or _("(untitled)"), width - 1, title_lines):
        lines.append(_fit([(BAR, colour), (text, title_style)], width))
    if effort is not None and effort_room > 0:
        for text in effort_lines(effort, width - 1, effort_room):
            lines.append(_fit([(BAR, colour), (text, _DIM)], width))
    return lines


def render_column(
    data: DayData,
    platforms: Mapping[str, Platform],
    width: int,
    height: int,
    styles: ColumnStyles,
) -> tuple[list[Line], list[int | None]]:
    """One day as exactly `height` lines of `width` cells, and which post each line shows."""
    width = max(1, width)
    header_style = styles.today if data.is_today else styles.header
    if data.has_cursor and data.selected is None:
        header_style = header_style + styles.cursor
    lines: list[Line] = [_fit([(day_label(data.day, width - 1), header_style)], width)]
    if data.has_cursor and data.selected is None:
        lines[0] = [(text, header_style) for text, _ in lines[0]]
    rows: list[int | None] = [None]
    for index, card in _cards(data, platforms, width, height - 1, styles):
        for line in card:
            lines.append(line)
            rows.append(index)
    blank: Line = [(" " * width, None)]
    while len(lines) < height:
        lines.append(blank)
    return lines[:height], rows


def _cards(
    data: DayData, platforms: Mapping[str, Platform], width: int, room: int, styles: ColumnStyles
) -> list[Card]:
    """The cards that fit in `room` lines, scrolled so the selected card shows."""
    if not data.posts or room <= 0:
        return []
    # The roomiest layout that fits: long titles on three lines when the day is quiet; a
    # crowded day drops the effort lines before cutting titles to one line.
    for title_lines, effort_room, gap in ((3, 3, 1), (2, 2, 1), (2, 1, 1), (1, 0, 1), (1, 0, 0)):
        built = [
            card_lines(
                post,
                platforms.get(post.platform),
                width,
                title_lines,
                data.efforts.get(post.id),
                effort_room,
            )
            for post in data.posts
        ]
        if sum(len(c) for c in built) + gap * (len(built) - 1) <= room:
            break
    cards: list[Card] = []
    blank: Line = [(" " * width, None)]
    for index, lines in enumerate(built):
        if data.has_cursor and index == data.selected:
            lines = [_over(line, styles.selected) for line in lines]
        if gap and index:
            cards.append((None, [blank]))
        cards.append((index, lines))
    if sum(len(c[1]) for c in cards) <= room:
        return cards
    target = data.selected if data.has_cursor and data.selected is not None else 0
    return _window(cards, target, room, width, styles.more)


def _window(cards: list[Card], target: int, room: int, width: int, more_style: Style) -> list[Card]:
    """Cut the cards to `room` lines around card `target`, with '↑ n more' markers."""
    wanted = next(i for i, (index, _) in enumerate(cards) if index == target)

    def fit(first: int) -> tuple[int, int, int]:
        above = sum(1 for index, _ in cards[:first] if index is not None)
        used = 1 if above else 0
        end = first
        while end < len(cards) and used + len(cards[end][1]) <= room:
            used += len(cards[end][1])
            end += 1
        below = sum(1 for index, _ in cards[end:] if index is not None)
        while below and end > first and used + 1 > room:
            end -= 1
            used -= len(cards[end][1])
            below = sum(1 for index, _ in cards[end:] if index is not None)
        return end, above, below

    # The first window (from the top) that shows the whole target card.
    for first in range(wanted + 1):
        if cards[first][0] is None and first != wanted:
            continue
        end, above, below = fit(first)
        if end > wanted:
            break
    else:
        first, (end, above, below) = wanted, fit(wanted)
    result: list[Card] = []
    if above:
        more = ngettext("↑ {count} more", "↑ {count} more", above).format(count=above)
        result.append((None, [_fit([(more, more_style)], width)]))
    result.extend(cards[first : max(end, first + 1)])
    if below:
        more = ngettext("↓ {count} more", "↓ {count} more", below).format(count=below)
        result.append((None, [_fit([(more, more_style)], width)]))
    return result
