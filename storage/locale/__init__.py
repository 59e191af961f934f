"""The translation catalogues: `<lang>/LC_MESSAGES/*.po` here, compiled to `calepin.mo`.

The `.mo` files are never committed: the wheel's build compiles them (`hatch_build.py`, a
hatch hook), and a checkout compiles them on first use, again whenever a `.po` is newer.
`python -m storage.locale.catalogue extract|update|compile|check` is the translator's tool.
"""

from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOMAIN = "calepin"
PLURAL_FORMS = "nplurals=2; plural=(n > 1);"


def po_files(folder: str) -> list[str]:
    """The `.po` files of one language folder ('fr', 'fr_FR'), in name order."""
    messages = os.path.join(HERE, folder, "LC_MESSAGES")
    try:
        names = sorted(name for name in os.listdir(messages) if name.endswith(".po"))
    except FileNotFoundError:
        return []
    return [os.path.join(messages, name) for name in names]


def compiled_catalogue(folder: str) -> str | None:
    """The `.mo` of a language folder, compiled first when missing or older than a `.po`;
    None when the folder has no catalogue."""
    sources = po_files(folder)
    target = os.path.join(HERE, folder, "LC_MESSAGES", f"{DOMAIN}.mo")
    try:
        built = os.stat(target).st_mtime_ns
    except FileNotFoundError:
        built = None
    if built is not None and all(os.stat(po).st_mtime_ns <= built for po in sources):
        return target
    if not sources:
        return target if built is not None else None
    return compile_folder(folder, target)


def compile_folder(folder: str, target: str | None = None) -> str:
    """Compiles every `.po` of a folder into one `.mo` (at `target`, else beside them; in the
    user cache folder when the package is read-only). A file that does not parse is left out
    with a warning, so one bad entry never costs the whole language."""
    catalog = merged_catalog(folder, strict=False)
    target = target or os.path.join(HERE, folder, "LC_MESSAGES", f"{DOMAIN}.mo")
    data = mo_bytes(catalog)
    try:
        _write(target, data)
    except OSError:
        from storage.user_dirs import user_cache_dir

        target = os.path.join(user_cache_dir(), "locale", folder, f"{DOMAIN}.mo")
        os.makedirs(os.path.dirname(target), exist_ok=True)
        _write(target, data)
    return target


def _write(target: str, data: bytes) -> None:
    """Whole or not at all (a temp file, then os.replace). Not storage.files: that module
    translates its messages, and importing it from here would close a circle."""
    temp = f"{target}.{os.getpid()}.tmp"
    try:
        with open(temp, "wb") as file:
            file.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.remove(temp)


def merged_catalog(folder: str, *, strict: bool = True):  # -> babel.messages.Catalog
    """Every `.po` of a folder as one Babel catalogue (the first translation of a message
    wins). `strict` raises on a file that does not parse instead of leaving it out."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    merged = Catalog(locale=folder, domain=DOMAIN)
    # Two forms, as the .po files are written (singular for 0 and 1): Babel would take CLDR's
    # three for French (a third for millions), and gettext would find no third string.
    merged.mime_headers = [("Plural-Forms", PLURAL_FORMS)]
    for path in po_files(folder):
        try:
            with open(path, "rb") as file:
                part = read_po(file, locale=folder, abort_invalid=True)
        except Exception as error:  # a half-edited file: say which, keep the others
            if strict:
                raise
            print(f"warning: {path} left out: {error}", file=sys.stderr)
            continue
        for message in part:
            if not message.id:
                continue
            here = merged.get(message.id, message.context)
            if here is None:
                merged[message.id] = message
            elif not _translated(here) and _translated(message):
                here.string, here.flags = message.string, set(message.flags)
    return merged


def _translated(message) -> bool:
    if isinstance(message.string, (list, tuple)):
        return all(message.string)
    return bool(message.string)


def mo_bytes(catalog) -> bytes:
    import io

    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()
