"""Finding English left on a French surface (the report, `--help`, errors, the screens).

`english_words(text)` returns the English function words found in a text: words a French
sentence never uses ("the", "and", "with" …). User text (titles, notes, names) is the
caller's to strip first; a French sentence with an English brand name ("LinkedIn") passes.
"""

from __future__ import annotations

import re

# Words of English grammar that are not French words (so never "on", "a", "an", "or", "as", "est",
# "plan", "total", "minutes", "post", "import", "export", "report").
ENGLISH_ONLY = frozenset(
    ["the", "and", "of", "to", "is", "are", "was", "were", "be", "been", "with", "for", "this", "that", "these", "those", "not", "from", "by", "at", "you", "your", "has", "have", "had", "will", "would", "can", "cannot", "can't", "don't", "doesn't", "isn't", "it's", "its", "which", "when", "where", "there", "their", "they", "them", "what", "who", "how", "why", "no", "yes", "hours", "week", "weeks", "day", "days", "month", "months", "year", "years", "today", "yesterday", "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december", "entry", "entries", "duty", "duties", "timer", "saved", "deleted", "added", "removed", "changed", "undo", "redo", "edit", "new", "open", "close", "cancel", "save", "delete", "quit", "help", "search", "filter", "settings", "summary", "share", "planned", "logged", "room", "over", "under", "per", "each", "every", "only", "all", "none", "nothing", "something", "should", "must", "could", "one", "two", "three", "first", "last", "next", "previous"]
)
WORD = re.compile(r"[A-Za-zÀ-ÿ']+")


def english_words(text: str) -> list[str]:
    """The English-only words in `text`, in order (lowercased)."""
    return [word for word in (w.lower() for w in WORD.findall(text)) if word in ENGLISH_ONLY]
