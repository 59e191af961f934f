"""Text that wraps where a reader would: between phrases, never inside a word or a duration.

Textual wraps a Static at any space, so `web content 4 h 30` can end a line at `web` and a
number can lose its unit. `Wrapped` is a Visual a Static shows like any text (`str()` of it
is the text): it breaks a line only after a phrase separator (` · `), and a phrase longer
than the line only at a space that does not come before a unit.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

# A unit stays on its number's line: "33.5 h", "45 min", "12 %".
_UNIT = re.compile(r" (?=(?:h|min|%|FTE|ETP)(?:[\s,;:.)·]|$))")


def _break_at(text: str, room: int) -> int:
    """The last space in text[: room + 1] a line may end at (-1 or 0: none)."""
    space = text.rfind(" ", 0, room + 1)
    while space > 0 and (_UNIT.match(text, space) or not text[:space].strip()):
        space = text.rfind(" ", 0, space)
    return space


def wrap_text(text: str, width: int, *, indent: str = "") -> list[str]:
    """`text` wrapped at spaces in `width` cells, the lines after the first starting with
    `indent`. Spaces inside a line are kept (aligned columns); a unit stays with its number;
    a word longer than a line is cut with an ellipsis, never split across lines."""
    width = max(len(indent) + 2, width)
    lines: list[str] = []
    rest, room = text, width
    while cell_len(rest) > room:
        space = _break_at(rest, room)
        if space > 0:
            lines.append(rest[:space].rstrip())
        else:  # one word longer than the line
            lead = len(rest) - len(rest.lstrip())
            space = rest.find(" ", lead)
            word = rest if space < 0 else rest[:space]
            lines.append(word[: room - 1] + "…")
            space = len(rest) if space < 0 else space
        rest, room = rest[space:].lstrip(), width - len(indent)
    if rest or not lines:
        lines.append(rest)
    return [line if index == 0 else indent + line for index, line in enumerate(lines)]


def wrap_phrases(text: str, width: int, separator: str = " · ") -> list[str]:
    """Each line of `text` in `width` cells, broken only after a `separator` (a phrase longer
    than the line, or a line without one, wraps at spaces). The lines of a list hang under its
    first `(` when it comes early enough, as in `Week  5 h  (events 2 h · social media 1 h …`."""
    out: list[str] = []
    mark = separator.rstrip()
    for line in text.split("\n"):
        if cell_len(line) <= width:
            out.append(line)
            continue
        paren = line.find("(")
        hang = separator in line and 0 <= paren < width // 3
        indent = " " * (paren + 1 if hang else 0)
        pieces = line.split(separator)
        phrases = [piece + mark for piece in pieces[:-1]] + pieces[-1:]
        current = ""
        for phrase in phrases:
            joined = f"{current} {phrase}" if current.strip() else current + phrase
            if cell_len(joined) <= width:
                current = joined
                continue
            if current.strip():
                out.append(current)
                current = indent + phrase
            else:
                current = joined
            if cell_len(current) > width:  # a phrase longer than a line: at spaces
                lines = wrap_text(current, width, indent=indent)
                out.extend(lines[:-1])
                current = lines[-1]
        out.append(current)
    return out


class Wrapped(Visual):
    """`text` for a Static, wrapped by `wrap_phrases` at the width it is drawn in."""

    def __init__(self, text: str, separator: str = " · ") -> None:
        self.text = text
        self.separator = separator

    def __str__(self) -> str:
        return self.text

    def lines(self, width: int) -> list[str]:
        return wrap_phrases(self.text, width, self.separator)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        content = Content("\n".join(self.lines(width)))
        return content.render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((cell_len(line) for line in self.text.split("\n")), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines(width))
