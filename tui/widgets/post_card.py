"""Pieces of a post's look shared by the views: status marks, tags, title wrapping, list rows."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text

from storage import Platform, Post, Status, wording
from storage.i18n import _

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


# French puts a space before these: they stay on their word's line ("Sondage :").
_GLUED = frozenset(":;!?»%)")


def _words(text: str | Sequence[str]) -> list[str]:
    """The words of `text` (or the given words), a lone punctuation mark joined to the word
    before it."""
    words: list[str] = []
    for word in text.split() if isinstance(text, str) else text:
        if words and all(char in _GLUED for char in word):
            words[-1] = f"{words[-1]} {word}"
        else:
            words.append(word)
    return words


def cut(text: str, width: int) -> str:
    """`text` in `width` cells: whole, or cut with an ellipsis — after the last word that
    fits when that keeps at least half the width, else inside the word."""
    width = max(1, width)
    if len(text) <= width:
        return text
    head = text[: width - 1]
    if text[width - 1] != " ":  # the cut falls inside a word: end on the word before it
        space = head.rfind(" ")
        if space >= (width - 1) // 2:
            head = head[:space]
    # "Sondage…", not "Sondage :…": a mark that stood before the words left goes with them.
    return head.rstrip().rstrip(":;,–—-").rstrip() + "…"


def wrap_words(text: str | Sequence[str], width: int, max_lines: int) -> list[str]:
    """Wrap at spaces to at most `max_lines` lines of `width`; a word is never split across
    lines: one longer than a line is cut with an ellipsis, and so is the last line when the
    text does not fit. Give a sequence of words to keep spaces inside a word (`1 h 30`)."""
    width = max(1, width)
    words = _words(text)
    lines: list[str] = []
    current = ""
    index = 0
    while index < len(words) and len(lines) < max_lines - 1:
        word = words[index]
        if not current and len(word) > width:
            lines.append(cut(word, width))
            index += 1
        elif len(current) + len(word) + (1 if current else 0) <= width:
            current = f"{current} {word}" if current else word
            index += 1
        else:
            lines.append(current)
            current = ""
    if len(lines) < max_lines:
        rest = " ".join(([current] if current else []) + words[index:])
        if rest or not lines:
            lines.append(cut(rest, width))
    return lines


def effort_lines(effort: tuple[int, int | None], width: int, max_lines: int = 2) -> list[str]:
    """A card's time logged against its estimate (`storage.wording.effort_words`, logged
    minutes and planned ones) in `width`, wrapped between its words on up to `max_lines`:
    `0 min of 45 min planned`, else the compact `0 min of 45 min`, in the same units either
    way; [] when neither can be read whole (a crowded day drops it: the editor shows it)."""
    for compact in (False, True):
        words = wording.effort_words(*effort, compact=compact)
        lines = wrap_words(words, width, max_lines)
        if " ".join(lines) == " ".join(words):
            return lines
    return []


def list_row(post: Post, platform: Platform | None, width: int, extra: str = "") -> Text:
    """One post on one line, for lists (the backlog): bar, tag, mark, title, extra at the right."""
    colour = platform_style(platform)
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(BAR, style=colour)
    line.append(f"{platform_tag(post, platform):<4} ", style=colour + Style(bold=True))
    line.append(f"{status_mark(post.status)} ")
    line.append(post.title or _("(untitled)"))
    if extra:
        tail = Text(f"  {extra}", style="dim")
        room = width - tail.cell_len
        if room > 12:
            line.truncate(room, overflow="ellipsis", pad=True)
            line.append_text(tail)
    line.truncate(width, overflow="ellipsis", pad=True)
    return line
