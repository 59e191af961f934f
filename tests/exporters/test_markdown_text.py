"""User text in the Markdown report reads back literally: parsed back with markdown-it-py."""

from __future__ import annotations

import datetime as dt
import html
import re
from zoneinfo import ZoneInfo

import pytest
from markdown_it import MarkdownIt

from exporters.markdown_text import md_text
from exporters.report import build_report, render_markdown
from storage import EntryDraft, PostDraft, Store
from storage.settings import Settings

ZONE = ZoneInfo("America/Toronto")
NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=ZONE)

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<b>bold</b>",
    "[click](javascript:alert(1))",
    "[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "<https://evil.example>",
    "![pic](https://evil.example/a.png)",
    "**strong** and _em_ and *em*",
    "`code` and ``more``",
    "# heading",
    "###### six",
    "- item",
    "+ item",
    "* item",
    "1. first",
    "2) second",
    "> quote",
    "---",
    "===",
    "***",
    "a | b | c",
    "~~struck~~",
    "&lt;b&gt; &#60;i&#62; &amp;",
    "C:\\temp\\new \\*",
    "    four spaces",
    "```",
    "line one\n# line two\n<script>x</script>",
    "www.evil.example and https://evil.example",
    "Q&A, 5 < 6 > 4, -5 %, 131.0 h",
]

MD = MarkdownIt("commonmark").enable("table").enable("strikethrough")


def text_of(rendered: str) -> str:
    """The visible text of rendered HTML."""
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


def literal(text: str) -> str:
    """What the reader should see: the same characters on one line."""
    return " ".join(text.replace("\r", " ").split())


@pytest.mark.parametrize("text", HOSTILE)
def test_text_reads_back_literally(text: str) -> None:
    rendered = MD.render(md_text(text))
    assert rendered.startswith("<p>") and rendered.count("<p>") == 1, rendered
    assert re.sub(r"</?p>", "", rendered).count("<") == 0, rendered  # no tag of ours or theirs
    assert literal(text_of(rendered)) == literal(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_text_in_a_table_cell_stays_in_its_cell(text: str) -> None:
    rendered = MD.render(f"| a | b |\n|---|---|\n| {md_text(text)} | end |\n")
    cells = re.findall(r"<td>(.*?)</td>", rendered, re.S)
    assert len(cells) == 2 and cells[1] == "end", rendered
    assert "<" not in cells[0]
    assert literal(html.unescape(cells[0])) == literal(text)


def test_plain_text_stays_readable() -> None:
    assert md_text("planning & strategy") == "planning & strategy"
    assert md_text("-12.5 h, 131.0 h (93.6 %).") == "-12.5 h, 131.0 h (93.6 %)."


def test_report_markdown_carries_no_live_user_text(store: Store) -> None:
    payload = "<script>alert(1)</script> [x](javascript:alert(1)) <img src=x> <b>b</b>"
    store.add_duty("<b>press</b> | *x*")
    store.add_platform("[Insta](javascript:alert(1))")
    post = store.add_post(
        PostDraft("<script>t</script>", "[Insta](javascript:alert(1))",
                  date=dt.date(2026, 11, 17), status="published")
    )  # fmt: skip
    start = dt.datetime(2026, 11, 17, 9, 0, tzinfo=ZONE)
    store.add_entry(
        EntryDraft("<b>press</b> | *x*", start, start + dt.timedelta(hours=2), None,
                   "# " + payload, post.id)
    )  # fmt: skip
    report = build_report(
        store,
        dt.date(2026, 11, 16),
        dt.date(2026, 11, 22),
        now=NOW,
        settings=Settings(),
        include_notes=True,
    )
    text = render_markdown(report)
    rendered = MD.render(text)
    for bad in ("<script", '<a href="javascript', "<img", "<b>", "<em>", "<h1># "):
        assert bad not in rendered
    assert "&lt;b&gt;press&lt;/b&gt; | *x*" in rendered  # the duty, read back literally
    assert html.escape("# " + payload, quote=False) in rendered  # the note too
    assert "<h1>Time use" in rendered and "<table>" in rendered  # our Markdown stays Markdown
