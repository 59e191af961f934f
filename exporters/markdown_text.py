"""User text in Markdown: shown literally, never as markup (CommonMark and GitHub tables).

The one rule every Markdown surface uses for what a person typed (notes, titles, duty,
platform and campaign names): nothing in it can become HTML, a link or autolink, emphasis,
a code span, a heading, a list or quote, or a table column. Readable in plain text: only the
characters that could start something get a backslash.
"""

from __future__ import annotations

import re

# Anywhere in a line: HTML and autolinks (< >), links and images ([ ]), emphasis and
# thematic breaks (* _), strikethrough (~), code spans (`), tables (|).
_INLINE = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~"})
# An entity or character reference (&lt; &#60;): a plain "Q&A" stays as it is.
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# At the start of a line: headings, quotes, list items, setext underlines, ordered lists.
# "131.0 h" and "-5 %" stay as they are: only what a parser would take as a block is escaped.
_LINE_START = re.compile(r"^(?:#{1,6}|[-+=]|\d{1,9}[.)])(?=[\s=-]|$)|^>")
# Bare URLs a GitHub-flavoured viewer would turn into links.
_BARE_LINK = re.compile(r"(?<=[A-Za-z])://|(?i:\b(www)\.)")


def md_text(text: str) -> str:
    """`text` as Markdown that renders as exactly these characters, on one line.

    Line breaks become spaces and leading blanks go (they could start a code block), so the
    result is safe in a table cell, after a list marker or as a line of its own.
    """
    text = " ".join(text.split("\n")).replace("\r", " ").lstrip()
    text = _ENTITY.sub(r"\\&", text.translate(_INLINE))
    text = _BARE_LINK.sub(lambda m: "\\://" if m.group(1) is None else m.group(1) + "\\.", text)
    start = _LINE_START.match(text)
    if start is None:
        return text
    mark = start.group()
    if mark[0].isdigit():  # "1." → "1\.": the digits stay, the list marker goes
        return mark[:-1] + "\\" + mark[-1] + text[len(mark) :]
    return "\\" + text
