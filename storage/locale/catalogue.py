"""The translator's tool, Babel underneath: `python -m storage.locale.catalogue COMMAND`.

extract   every message the code marks (`_`, `ngettext`, `pgettext`, `N_`) into calepin.pot
update    calepin.pot into each language's calepin.po (new messages empty, gone ones dropped)
compile   each language's .po files into calepin.mo (the build does this for the wheel)
check     what the catalogue test checks: every message translated in French, none fuzzy,
          the same placeholders; prints each problem, exits 1 when there is one
"""

from __future__ import annotations

import io
import os
import re
import sys

from storage.locale import DOMAIN, HERE, compile_folder, merged_catalog

ROOT = os.path.dirname(os.path.dirname(HERE))
PACKAGES = ("storage", "exporters", "tui")
POT = os.path.join(HERE, f"{DOMAIN}.pot")
FOLDERS = ("fr", "fr_FR")
"""fr holds every message; fr_FR only what France says differently (it falls back on fr)."""

PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")


def extract():
    """The catalogue template from the code, as a Babel Catalog (written by `main`)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    catalog = Catalog(project="calepin", domain=DOMAIN, charset="utf-8")
    for package in PACKAGES:
        folder = os.path.join(ROOT, package)
        for filename, line, message, comments, context in extract_from_dir(
            folder,
            method_map=[("**.py", "python")],
            keywords=DEFAULT_KEYWORDS,
            comment_tags=("TRANSLATORS:",),
            strip_comment_tags=True,
        ):
            where = (f"{package}/{filename}", line)
            catalog.add(message, None, [where], auto_comments=comments, context=context)
    return catalog


def hidden_calls() -> list[str]:
    """`_()` inside an f-string: the extractor cannot see it (Python 3.11 reads an f-string as
    one token), so its words would never reach the catalogue."""
    import ast

    found = []
    for package in PACKAGES:
        for folder, _dirs, names in os.walk(os.path.join(ROOT, package)):
            for name in sorted(names):
                if not name.endswith(".py"):
                    continue
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as file:
                    tree = ast.parse(file.read())
                for node in ast.walk(tree):
                    if not isinstance(node, ast.JoinedStr):
                        continue
                    for inner in ast.walk(node):
                        if (
                            isinstance(inner, ast.Call)
                            and isinstance(inner.func, ast.Name)
                            and inner.func.id in ("_", "gettext", "ngettext", "pgettext")
                        ):
                            where = f"{os.path.relpath(path, ROOT)}:{inner.lineno}"
                            found.append(f"hidden from the extractor in an f-string ({where})")
    return found


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def problems(template=None) -> list[str]:
    """Every message of the code without a French translation, fuzzy, or whose placeholders
    differ from the English; and French entries the code no longer has."""
    template = template if template is not None else extract()
    french = merged_catalog("fr")
    found: list[str] = hidden_calls()
    for message in template:
        if not message.id:
            continue
        where = ", ".join(f"{path}:{line}" for path, line in message.locations[:2])
        translated = french.get(message.id, message.context)
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        if translated is None or not _all(translated.string):
            found.append(f"untranslated ({where}): {ids[0]!r}")
            continue
        if translated.fuzzy:
            found.append(f"fuzzy ({where}): {ids[0]!r}")
        strings = (
            translated.string
            if isinstance(translated.string, (list, tuple))
            else (translated.string,)
        )
        wanted = placeholders(ids[-1])
        for string in strings:
            if placeholders(string) != wanted and placeholders(string) != placeholders(ids[0]):
                found.append(
                    f"placeholders differ ({where}): {ids[0]!r} has {wanted}, "
                    f"French {string!r} has {placeholders(string)}"
                )
    return found


def _all(string) -> bool:
    return all(string) if isinstance(string, (list, tuple)) else bool(string)


def update(folder: str, template) -> str:
    """Joins a language folder's `.po` files into its calepin.po, in step with `template`:
    French gains the new messages (empty, for the translator) and loses the gone ones; fr_FR
    keeps only its translated differences. The other `.po` files of the folder go."""
    from babel.messages.pofile import write_po

    from storage.locale import po_files

    catalog = merged_catalog(folder)
    catalog.update(template, no_fuzzy_matching=True)
    if folder != "fr":
        for message in list(catalog):
            if message.id and not _all(message.string):
                catalog.delete(message.id, context=message.context)
    catalog.project, catalog.version, catalog.fuzzy = "calepin", "", False
    catalog.header_comment = (
        "# Calepin in French: Québec's conventions (courriel, infolettre, 14 h 30)."
        if folder == "fr"
        else "# Calepin in France's French: only what differs from fr, which it falls back on."
    )
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, ignore_obsolete=True, omit_header=False)
    path = os.path.join(HERE, folder, "LC_MESSAGES", f"{DOMAIN}.po")
    with open(path, "wb") as file:
        file.write(buffer.getvalue())
    for part in po_files(folder):
        if os.path.abspath(part) != os.path.abspath(path):
            os.remove(part)
    return path


CLDR_VARIANTS = ("fr_CA", "fr_FR")


def cldr_tables() -> dict[str, dict[str, tuple[str, ...] | str]]:
    """What storage.wording needs of CLDR for each French variant, from Babel."""
    from babel import Locale
    from babel.dates import get_day_names, get_month_names

    tables: dict[str, dict[str, tuple[str, ...] | str]] = {}
    for variant in CLDR_VARIANTS:
        symbols = Locale.parse(variant).number_symbols["latn"]
        entry: dict[str, tuple[str, ...] | str] = {}
        for width, suffix in (("wide", ""), ("abbreviated", "_short")):
            days = get_day_names(width, context="format", locale=variant)
            months = get_month_names(width, context="format", locale=variant)
            entry["days" + suffix] = tuple(days[i] for i in range(7))
            entry["months" + suffix] = tuple(months[i] for i in range(1, 13))
        entry["decimal"] = symbols["decimal"]
        entry["group"] = symbols["group"]
        pattern = Locale.parse(variant).percent_formats[None].pattern
        entry["percent"] = pattern[pattern.index("0") + 1 :].replace("0", "")
        tables[variant] = entry
    return tables


def cldr_source() -> str:
    lines = [
        '"""CLDR\'s day and month names and number symbols for French, as Babel gives them.',
        "",
        "Written by `python -m storage.locale.catalogue cldr`; tests/storage/test_wording_french.py",
        "holds it equal to Babel. storage.wording reads it so a French command does not load",
        "Babel and its locale data (about 50 ms).",
        '"""',
        "",
        "TABLES = {",
    ]
    for variant, entry in cldr_tables().items():
        lines.append(f"    {variant!r}: {{")
        for key, value in entry.items():
            lines.append(f"        {key!r}: {value!r},")
        lines.append("    },")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    from babel.messages.pofile import write_po

    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else ""
    if command == "extract":
        with open(POT, "wb") as file:
            write_po(file, extract(), width=100, sort_by_file=True, omit_header=False)
        print(f"wrote {os.path.relpath(POT, ROOT)}")
    elif command == "update":
        template = extract()
        with open(POT, "wb") as file:
            write_po(file, template, width=100, sort_by_file=True, omit_header=False)
        for folder in FOLDERS:
            print(f"updated {os.path.relpath(update(folder, template), ROOT)}")
    elif command == "compile":
        for folder in FOLDERS:
            print(f"compiled {os.path.relpath(compile_folder(folder), ROOT)}")
    elif command == "cldr":
        path = os.path.join(HERE, "cldr.py")
        with open(path, "w", encoding="utf-8") as file:
            file.write(cldr_source())
        print(f"wrote {os.path.relpath(path, ROOT)}")
    elif command == "check":
        found = problems()
        for line in found:
            print(line)
        print(f"{len(found)} problem(s)")
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
