"""A list of posts, one per line, with a cursor: the backlog."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.message import Message

from storage import Platform, Post
from storage.i18n import _
from tui.widgets.lines import LinesWidget
from tui.widgets.post_card import list_row


class PostList(LinesWidget):
    """Posts as rows; draws only the rows that fit, scrolled to keep the cursor in view."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"post-list--cursor", "post-list--empty"}

    class Clicked(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, empty: str | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.posts: Sequence[Post] = ()
        self.platforms: Mapping[str, Platform] = {}
        self.cursor = 0
        self.extras: Sequence[str] = ()
        self.empty = empty if empty is not None else _("Nothing here.")
        self._top = 0

    def show(
        self,
        posts: Sequence[Post],
        platforms: Mapping[str, Platform],
        *,
        cursor: int,
        extras: Sequence[str] = (),
        empty: str | None = None,
    ) -> None:
        self.posts, self.platforms, self.cursor, self.extras = posts, platforms, cursor, extras
        if empty is not None:
            self.empty = empty
        self.redraw()

    def build_lines(self, width: int, height: int) -> list[Text]:
        width, height = max(1, width), max(1, height)
        if not self.posts:
            return [Text(self.empty, style=self.get_component_rich_style("post-list--empty"))]
        if self.cursor < self._top:
            self._top = self.cursor
        elif self.cursor >= self._top + height:
            self._top = self.cursor - height + 1
        self._top = max(0, min(self._top, max(0, len(self.posts) - height)))
        cursor_style = self.get_component_rich_style("post-list--cursor")
        lines = []
        for index in range(self._top, min(len(self.posts), self._top + height)):
            post = self.posts[index]
            extra = self.extras[index] if index < len(self.extras) else ""
            line = list_row(post, self.platforms.get(post.platform), width, extra)
            if index == self.cursor:
                line.stylize_before(cursor_style)
            lines.append(line)
        return lines

    def on_click(self, event: events.Click) -> None:
        index = self._top + event.y
        if 0 <= index < len(self.posts):
            self.post_message(self.Clicked(index))
