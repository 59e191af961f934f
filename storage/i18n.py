"""Which language a person reads, and the words in it.

Messages are gettext catalogues managed with Babel (`storage/locale/`, see its README). Code
writes English and wraps it: `_("Saved")`, `ngettext("{n} post", "{n} posts", n)`,
`pgettext("menu", "Open")`. A table built at import marks its words with `N_()` and translates
them where they are shown, so a module imported in one language still shows the other
(tests switch languages inside one process; the TUI restarts on a change).

Placeholders are named and filled after translation, never inside an f-string:
`_("{count} entries imported").format(count=n)`, so the catalogue holds one sentence a
translator can reorder.

Which language: `[interface] language` in the settings, else the locale (`LANGUAGE` when the
locale is not C, then `LC_ALL`, `LC_MESSAGES`, `LANG`, as GNU gettext reads them), else
English. French comes in two flavours: Québec's conventions (14 h 30, courriel, infolettre)
for `fr` and `fr_CA`, France's for `fr_FR` (a small catalogue of its differences over `fr`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # loaded with the first catalogue: English never needs the module
    import gettext as _gettext

LANGUAGES = ("en", "fr")
"""The languages a person can choose, as the settings spell them."""

VARIANTS = ("en", "fr", "fr_CA", "fr_FR")
"""What `set_language` accepts: a language, or French with its country's conventions."""

DOMAIN = "calepin"
LOCALE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")


class _English:
    """The code's own words: what gettext's NullTranslations does, without importing it."""

    def gettext(self, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return singular if count == 1 else plural

    def pgettext(self, context: str, message: str) -> str:
        return message


_ENGLISH: Any = _English()
_default: tuple[str, Any] = ("en", _ENGLISH)
_override: ContextVar[tuple[str, Any] | None] = ContextVar("calepin_language", default=None)
_loaded: dict[str, _gettext.NullTranslations] = {}


# ---------------------------------------------------------------- the words


def _current() -> tuple[str, Any]:
    return _override.get() or _default


def _(message: str) -> str:
    """`message` in the language in use (itself in English, or when not translated)."""
    return _current()[1].gettext(message)


gettext = _


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of a sentence for `count` (French says "1,5 heure", "0 publication")."""
    return _current()[1].ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` told apart by `context` where one English word has two translations."""
    return _current()[1].pgettext(context, message)


def N_(message: str) -> str:
    """Marks `message` for the catalogue without translating it (for tables built at import;
    translate with `_()` where it is shown)."""
    return message


# ---------------------------------------------------------------- the language in use


def variant() -> str:
    """'en', 'fr_CA' or 'fr_FR': the language and the conventions its formats follow."""
    return _current()[0]


def language() -> str:
    """'en' or 'fr'."""
    return variant()[:2]


def is_french() -> bool:
    return variant() != "en"


def babel_locale() -> str:
    """The Babel locale that formats numbers and dates in the language in use."""
    return variant()


def normalise(code: str | None) -> str | None:
    """'fr', 'fr_CA', 'fr-FR', 'fr_BE.UTF-8', 'English' … as one of VARIANTS; None when it
    names no language Calepin speaks."""
    if not code:
        return None
    text = code.strip().split(".")[0].split("@")[0].replace("-", "_")
    lowered = text.lower()
    if lowered in ("en", "english", "anglais") or lowered.startswith("en_"):
        return "en"
    if lowered in ("fr", "french", "français", "francais", "fr_ca"):
        return "fr_CA"
    if lowered.startswith("fr_"):
        # France's conventions in Europe (France, Belgium, Switzerland, Luxembourg, Monaco);
        # Québec's elsewhere: Canada is where Calepin's people mostly are.
        country = lowered[3:5]
        return "fr_FR" if country in ("fr", "be", "ch", "lu", "mc") else "fr_CA"
    return None


def from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The variant the locale asks for, as GNU gettext reads it; English when it names none
    Calepin speaks."""
    environ = os.environ if environ is None else environ
    locale = ""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        locale = environ.get(name, "").strip()
        if locale:
            break
    if locale and locale.split(".")[0] not in ("C", "POSIX"):
        # LANGUAGE is a list of preferences, read only when a locale is set (GNU's rule).
        for wanted in environ.get("LANGUAGE", "").split(":"):
            found = normalise(wanted)
            if found:
                return found
    return normalise(locale) or "en"


def choose(setting: str | None, environ: Mapping[str, str] | None = None) -> str:
    """The variant to use: the setting when it names a language ('fr' takes its conventions
    from the locale when that is French too, so Lyon's `fr` reads 14:30), else the locale."""
    from_locale = from_environment(environ)
    chosen = normalise(setting)
    if chosen is None:
        return from_locale
    if chosen == "fr_CA" and setting and setting.strip().lower() in ("fr", "français"):
        return from_locale if from_locale.startswith("fr") else "fr_CA"
    return chosen


def set_language(code: str | None) -> str:
    """Uses `code` (any spelling `normalise` reads; None: the locale's) from now on, in every
    thread; returns the variant chosen."""
    global _default
    chosen = normalise(code) if code else from_environment()
    chosen = chosen or "en"
    _default = (chosen, translations(chosen))
    return chosen


@contextlib.contextmanager
def using(code: str | None) -> Iterator[str]:
    """Within the block, this thread or task reads `code` (a report for a manager who reads
    the other language); None changes nothing."""
    if not code:
        yield variant()
        return
    chosen = normalise(code) or "en"
    token = _override.set((chosen, translations(chosen)))
    try:
        yield chosen
    finally:
        _override.reset(token)


# ---------------------------------------------------------------- the catalogues


def translations(chosen: str) -> Any:
    """The compiled catalogue for a variant (fr_FR falls back on fr), compiled first when a
    `.po` is newer than its `.mo` (a checkout; an installed wheel ships them compiled)."""
    if chosen == "en":
        return _ENGLISH
    found = _loaded.get(chosen)
    if found is not None:
        return found
    french = _load("fr")
    if chosen == "fr_FR":
        found = _load("fr_FR")
        found.add_fallback(french)
    else:
        found = french
    _loaded[chosen] = found
    return found


def _load(folder: str) -> _gettext.NullTranslations:
    import gettext as _gettext

    from storage.locale import compiled_catalogue

    path = compiled_catalogue(folder)
    if path is None:
        return _gettext.NullTranslations()
    with open(path, "rb") as file:
        return _gettext.GNUTranslations(file)


def forget_loaded() -> None:
    """Drops the catalogues read, so the next use reads them again (after a recompile)."""
    global _default
    _loaded.clear()
    _default = (_default[0], translations(_default[0]))
