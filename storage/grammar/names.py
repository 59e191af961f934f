"""Matching typed words to duties and activities: names, aliases, unambiguous prefixes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from storage.errors import ParseError
from storage.grammar.text import _check_text, _fold, _shown
from storage.i18n import _

if TYPE_CHECKING:
    from storage.models import Activity, Duty


def _names_of(names: Sequence[str]) -> list[list[str]]:
    out = []
    for name in names:
        words = _fold(name).split(" ")
        if words and words[0]:
            out.append(words)
    return out


def _match(tokens: Sequence[str], items: Sequence[tuple[object, Sequence[str]]]):
    """Best match of leading ``tokens`` (folded) against items' names.

    Returns (candidates, consumed) where candidates are the items tied for the best match.
    A match is: the whole name/alias over several tokens (best), leading exact words of a name,
    a prefix of the first word, or exact words then a prefix of the name's last word.
    """
    best: tuple[int, int] = (0, -1)
    winners: list[object] = []
    for item, names in items:
        item_best: tuple[int, int] = (0, -1)
        for words in _names_of(names):
            j = 0
            while j < len(tokens) and j < len(words) and tokens[j] == words[j]:
                j += 1
            if j == len(words):
                rank = (j, 2)
            elif (
                j < len(tokens)
                and tokens[j]
                and (j == 0 or j == len(words) - 1)
                and words[j].startswith(tokens[j])
            ):
                rank = (j + 1, 0)
            elif j >= 1:
                rank = (j, 1)
            else:
                continue
            item_best = max(item_best, rank)
        if item_best[0] == 0:
            continue
        if item_best > best:
            best, winners = item_best, [item]
        elif item_best == best and item not in winners:
            winners.append(item)
    return winners, best[0]


def _duty_items(duties: Sequence[Duty]):
    return [(d, (d.name, *d.aliases)) for d in duties if not d.archived]


def _duty_list(duties: Sequence[Duty]) -> str:
    names = [d.name for d in duties if not d.archived]
    return ", ".join(names) if names else _("(none set up yet)")


def _match_duty_tokens(
    folded: Sequence[str], raw: Sequence[str], duties: Sequence[Duty]
) -> tuple[Duty, int]:
    if not folded:
        raise ParseError(
            _("which duty? e.g. `1h30 social`; duties are: {duties}").format(
                duties=_duty_list(duties)
            )
        )
    winners, consumed = _match(folded, _duty_items(duties))
    if not winners:
        message = (
            _(
                "unknown duty `{typed}` (the order is: [day] [time] duration-or-range duty "
                "[activity] [note]); duties are: {duties}"
            )
            if raw[0][:1].isdecimal()
            else _("unknown duty `{typed}`; duties are: {duties}")
        )
        raise ParseError(message.format(typed=_shown(raw[0]), duties=_duty_list(duties)))
    if len(winners) > 1:
        typed = _shown(" ".join(raw[:consumed]))
        names = ", ".join(sorted(d.name for d in winners))  # type: ignore[attr-defined]
        raise ParseError(
            _("`{typed}` could be: {names}; type more letters").format(typed=typed, names=names)
        )
    return winners[0], consumed  # type: ignore[return-value]


def match_duty(text: str, duties: Sequence[Duty]) -> Duty:
    """The active duty named by ``text`` (name, alias or unambiguous prefix; may be multiword).

    The whole text must be used up by the match.
    """
    _check_text(text, "a duty")
    raw = text.split()
    folded = [_fold(t) for t in raw]
    duty, consumed = _match_duty_tokens(folded, raw, duties)
    if consumed != len(raw):
        raise ParseError(
            _("unknown duty `{typed}`; duties are: {duties}").format(
                typed=_shown(text), duties=_duty_list(duties)
            )
        )
    return duty


def match_activity(text: str, activities: Sequence[Activity]) -> Activity | None:
    """The activity named by ``text`` (name, alias or unambiguous prefix), or None."""
    _check_text(text, "an activity")
    raw = text.split()
    if not raw:
        return None
    winners, consumed = _match(
        [_fold(t) for t in raw], [(a, (a.name, *a.aliases)) for a in activities]
    )
    if len(winners) == 1 and consumed == len(raw):
        return winners[0]  # type: ignore[return-value]
    return None
