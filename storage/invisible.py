"""Characters a person cannot see: what counts as blank at the ends of a field, and the
direction controls that are refused everywhere (typed lines, titles, notes, names)."""

from __future__ import annotations

from storage.deferred import LazyPattern

# What str.isspace() calls space, and characters that show nothing: both are trimmed from the
# ends, so a title made only of them is empty. Inside text they stay (a zero-width joiner holds
# emoji together); right-to-left marks (U+200E, U+200F) stay everywhere, as they place
# punctuation in Arabic and Hebrew.
BLANK = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
    "\u00ad\u034f\u115f\u1160\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064"
    "\u3164\ufeff\uffa0"
)

# Direction overrides, embeddings and isolates make text show in another order than it is
# stored (the "Trojan Source" trick); nobody types them, so they are refused like controls.
_DIRECTION = LazyPattern(r"[\u202a-\u202e\u2066-\u2069]")


def direction_control(text: str) -> str | None:
    """'U+202E' for the first direction control in `text`, or None."""
    found = _DIRECTION.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def without_direction_controls(text: str) -> str:
    """`text` with its direction controls taken out (text from elsewhere, shown to a person)."""
    return _DIRECTION.sub("", text) if _DIRECTION.search(text) else text
