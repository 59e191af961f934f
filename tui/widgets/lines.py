"""A widget drawn line by line from Rich Text, with its strips cached until the data changes."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget


class LinesWidget(Widget):
    """Subclasses implement `build_lines(width, height)` and call `redraw()` when data changes.

    Going straight from Rich Text to strips (the line API) skips Textual's generic content
    pipeline, which is what keeps a week switch within one frame.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._strips: list[Strip] | None = None
        self._key: tuple[object, ...] = ()

    def build_lines(self, width: int, height: int) -> list[Text]:
        """The widget's lines as Rich Text (override this or `build_strips`)."""
        raise NotImplementedError

    def build_strips(self, width: int, height: int) -> list[Strip]:
        """The widget's lines as strips, for widgets that build segments themselves."""
        base = self.rich_style
        console = self.app.console
        strips = []
        for line in self.build_lines(width, height)[:height]:
            if line.cell_len > width:  # never cropped inside a word: cut with an ellipsis
                line.truncate(width, overflow="ellipsis")
            line.stylize_before(base)
            line.end = ""
            segments = [s for s in line.render(console) if s.text]
            strips.append(Strip(segments).crop_extend(0, width, base))
        return strips

    def redraw(self) -> None:
        """Rebuild the lines now and repaint only those that differ from what is shown."""
        width, height = self.size
        old = self._strips
        if old is None or not self.is_mounted or (width, height) != self._key or not width:
            self._strips = None
            self.refresh()
            return
        new = self.build_strips(width, height)
        self._strips = new
        changed = [y for y in range(height) if y >= len(old) or y >= len(new) or old[y] != new[y]]
        # One region per run of changed lines: a week switch often leaves half the lines alone.
        start = None
        for y in [*changed, None]:
            if start is None:
                start = end = y
            elif y is not None and y == end + 1:
                end = y
            else:
                self.refresh(Region(0, start, width, end - start + 1))
                start = end = y

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips = None  # theme or CSS changed: component styles differ

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        key = (width, height)
        if self._strips is None or key != self._key:
            self._key = key
            self._strips = self.build_strips(width, height)
        if 0 <= y < len(self._strips):
            return self._strips[y]
        return Strip.blank(width, self.rich_style)
