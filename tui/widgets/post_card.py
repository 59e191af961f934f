"""Pieces of a post's look shared by the views: status marks, tags, title wrapping, list rows."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from storage import Platform, Post, Status

# Marks fill up as a post moves along the workflow, so the column reads at a glance.
STATUS_MARKS: dict[Status, str] = {
    Status.IDEA: "○",
    Status.DRAFTING: "◔",
    Status.READY: "◑",
    Status.SCHEDULED: "◕",
    Status.PUBLISHED: "●",
    Status.ON_HOLD: "‖",
    Status.CANCELLED: "✕",
}
BAR = "▌"
REPEAT_MARK = "↻"
FALLBACK_COLOUR = "#888888"


def platform_style(platform: Platform | None) -> Style:
    colour = platform.colour if platform else FALLBACK_COLOUR
    return Style(color=colour)


def platform_tag(post: Post, platform: Platform | None) -> str:
    return platform.tag if platform else post.platform[:3].upper()


def status_mark(status: Status) -> str:
    return STATUS_MARKS.get(status, "?")


def wrap_words(text: str, width: int, max_lines: int) -> list[str]:
    """Greedy word wrap to `max_lines`; the last line takes the rest, cut with an ellipsis."""
    width = max(1, width)
    words = text.split()
    lines: list[str] = []
    current = ""
    index = 0
    while index < len(words) and len(lines) < max_lines - 1:
        word = words[index]
        if not current and len(word) > width:
            lines.append(word[:width])
            words[index] = word[width:]
            continue
        if len(current) + len(word) + (1 if current else 0) <= width:
            current = f"{current} {word}" if current else word
            index += 1
        else:
            lines.append(current)
            current = ""
    rest = " ".join(([current] if current else []) + words[index:])
    if rest or not lines:
        lines.append(rest if len(rest) <= width else rest[: width - 1] + "…")
    return lines


def list_row(post: Post, platform: Platform | None, width: int, extra: str = "") -> Text:
    """One post on one line, for lists (the backlog): bar, tag, mark, title, extra at the right."""
    colour = platform_style(platform)
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(BAR, style=colour)
    line.append(f"{platform_tag(post, platform):<4} ", style=colour + Style(bold=True))
    line.append(f"{status_mark(post.status)} ")
    line.append(post.title or "(untitled)")
    if extra:
        tail = Text(f"  {extra}", style="dim")
        room = width - tail.cell_len
        if room > 12:
            line.truncate(room, overflow="ellipsis", pad=True)
            line.append_text(tail)
    line.truncate(width, overflow="ellipsis", pad=True)
    return line
