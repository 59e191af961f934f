"""Text helpers shared by the grammar: folding, quoting the user's text back, shape errors."""

from __future__ import annotations

import functools

from storage.errors import ParseError


class _NotRecognised(ParseError):
    """Text that does not have the shape of the thing asked for (as opposed to a bad value)."""


# --------------------------------------------------------------------------- text helpers


# Duty and activity names are re-folded on every keystroke of the command bar: cache them.
@functools.lru_cache(maxsize=4096)
def _fold(text: str) -> str:
    """Casefold, drop accents, unify apostrophes and dashes, collapse whitespace."""
    text = str(text).casefold()
    if not text.isascii():  # ASCII has no accents (and `unicodedata` takes a while to load)
        import unicodedata

        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    text = text.replace("–", "-").replace("—", "-").replace("−", "-")
    return " ".join(text.split())


def _shown(text: str, limit: int = 40) -> str:
    """The user's text for an error message: stripped, shortened, control chars escaped."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _check_text(text: object, what: str) -> str:
    if not isinstance(text, str):
        raise ParseError(f"expected text for {what}, got {type(text).__name__}")
    return text


def _has_control(text: str) -> bool:
    if text.isascii():  # the C0 controls and DEL are the Cc characters of ASCII
        return any((ch < " " or ch == "\x7f") and not ch.isspace() for ch in text)
    import unicodedata

    return any(unicodedata.category(ch) == "Cc" and not ch.isspace() for ch in text)


def _int(digits: str) -> int:
    # int() refuses very long digit strings (and they are absurd anyway)
    digits = digits.lstrip("0") or "0"
    return int(digits) if len(digits) <= 7 else 10**9
