"""Several typed lines at once (a paste into the command bar): the ones that can be saved as
they are go in as one undoable change; the others are handed back, each with its reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from storage.commands.hours import NeedsAnswer, save_entry, understand
from storage.errors import CalepinError
from storage.grammar import LogLine
from storage.i18n import _, ngettext
from storage.models import TimeEntry
from storage.store import Store


@dataclass(frozen=True, slots=True)
class KeptLine:
    """A line not saved: as typed, and why (a question to answer, a mistake to fix)."""

    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class LinesLogged:
    saved: tuple[TimeEntry, ...]
    kept: tuple[KeptLine, ...]

    @property
    def minutes(self) -> int:
        return sum(round((e.end - e.start).total_seconds() / 60) for e in self.saved if e.end)


def split_lines(text: str) -> list[str]:
    """The non-blank lines of a paste, each stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def log_lines(store: Store, lines: Iterable[str], now: dt.datetime) -> LinesLogged:
    """Save every line that is a log line with nothing to ask, in one transaction (one undo).

    A line is kept, not saved, when it cannot be read, when it needs an answer (in the
    future, over 10 h, overlapping: also a line pasted with it), or when it is `start` or
    `stop` (the timer is changed one line at a time, where its questions can be asked).
    """
    texts = [line.strip() for line in lines if line.strip()]
    saved: list[TimeEntry] = []
    kept: list[KeptLine] = []
    count = len(texts)
    with store.transaction(
        ngettext("log {count} line", "log {count} lines", count).format(count=count)
    ):
        for text in texts:
            try:
                plan = understand(store, text, now)
                if not isinstance(plan.command, LogLine):
                    kept.append(KeptLine(text, _("start and stop go one line at a time")))
                    continue
                saved.append(save_entry(store, plan, now))
            except NeedsAnswer as exc:
                kept.append(KeptLine(text, "; ".join(exc.plan.reasons)))
            except CalepinError as exc:
                kept.append(KeptLine(text, str(exc)))
    return LinesLogged(tuple(saved), tuple(kept))
