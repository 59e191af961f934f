"""`calepin search WORDS…`: posts and time entries that mention every word.

Loaded only when `calepin search` runs (see `LAZY_COMMANDS` in `tui.cli.main`).
"""

from __future__ import annotations

from collections.abc import Sequence

import click

from storage import Post, Store, wording
from storage import search as full_text
from storage.i18n import N_, _, is_french, pgettext
from tui.cli.common import WordsCommand, emit, fail, format_option, table
from tui.cli.main import Env, pass_env, read_only

DEFAULT_LIMIT = 50


@click.command(
    cls=WordsCommand,
    help=N_(
        "Find posts (title, copy, notes, campaign) and time entries (note) with every word.\n"
        "\n"
        "Words match the start of words, whatever their case and accents: `reseau` finds\n"
        '"Réseaux sociaux". Quotes, `*`, AND, OR, NEAR and the like are searched as text.\n'
        "Most relevant first, then the newest."
    ),
)  # "-draft" is a word to find, not an option; -h is help
@click.argument("words", nargs=-1, required=True)
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=DEFAULT_LIMIT,
    show_default=True,
    help=N_("Show at most this many results (0: all)."),
)
@format_option
@pass_env
@read_only
def search(env: Env, words: tuple[str, ...], limit: int, fmt: str) -> None:
    text = " ".join(words)
    _need_words(text, _("give one or more words, e.g. calepin search gala"))
    hits = full_text.search(env.store, text, limit=limit or None)
    emit([hit.to_json() for hit in hits], fmt, lambda: _table(hits))


def _table(hits: Sequence[full_text.Hit]) -> list[str]:
    if not hits:
        return [_("No matches.")]
    rows = [
        (
            _kind(hit.kind),
            hit.id,
            f"{wording.weekday_name(hit.day, short=True)} {hit.day:%Y-%m-%d}"
            if hit.day
            else _("backlog"),
            hit.title,
            hit.snippet,
        )
        for hit in hits
    ]
    return table(
        (_("KIND"), _("ID"), _("DATE"), _("TITLE / DUTY"), _("MATCH")),
        rows,
        caps=(11 if is_french() else 5, 6, 15, 30, 80),  # "publication"
        flex=4,
        right=(1,),
    )


def _kind(kind: str) -> str:
    """A hit's kind as the table shows it (the JSON keeps "post" and "entry")."""
    if kind == "post":
        return pgettext("search hit", "post")
    if kind == "entry":
        return pgettext("search hit", "entry")
    return kind


def only_matching(store: Store, posts: Sequence[Post], words: str) -> list[Post]:
    """`posts` with every word of `words`, in their order (`post list --search`)."""
    _need_words(words, _("give --search one or more words"))
    return full_text.keep_matching(store, posts, words)


def _need_words(text: str, hint: str) -> None:
    if not full_text.words_of(text):
        fail(_("nothing to search for; {hint}").format(hint=hint))
