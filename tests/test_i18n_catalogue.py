"""The French catalogue and how a language is chosen (issue 16).

Every message the code marks has a French translation, none fuzzy, with the same
placeholders; nothing is translated at import (a module imported in English must still speak
French after a switch); the locale and the settings choose the language as GNU gettext would.
"""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import pytest

from storage import i18n
from storage.locale import catalogue, merged_catalog

ROOT = Path(__file__).resolve().parent.parent
TRANSLATING = {"_", "gettext", "ngettext", "pgettext"}


@pytest.fixture(scope="module")
def template():
    return catalogue.extract()


def test_every_message_has_a_french_translation_none_fuzzy_same_placeholders(template) -> None:
    assert len(template) > 500  # the whole product is marked, not a corner of it
    assert catalogue.problems(template) == []


def test_france_only_says_what_differs_and_everything_else_falls_back_on_quebec(
    template,
) -> None:
    france = merged_catalog("fr_FR")
    ids = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in template if m.id}
    for message in france:
        if not message.id:
            continue
        key = (message.id if isinstance(message.id, str) else message.id[0], message.context)
        assert key in ids, f"fr_FR translates a message the code no longer has: {key}"
        assert message.string and not message.fuzzy
    quebec = i18n.translations("fr_CA")
    in_france = i18n.translations("fr_FR")
    for message in template:
        plain = isinstance(message.id, str) and message.id and message.context is None
        if plain and france.get(message.id) is None:
            assert in_france.gettext(message.id) == quebec.gettext(message.id)


def test_the_placeholder_check_catches_a_renamed_placeholder() -> None:
    assert catalogue.placeholders("{count} posts on {day}") == ["{count}", "{day}"]
    assert catalogue.placeholders("%(name)s and %d") == ["%(name)s", "%d"]
    assert catalogue.placeholders("{compte} publications") != catalogue.placeholders(
        "{count} posts"
    )


def _import_time_calls(tree: ast.AST) -> list[int]:
    """Lines where a translating call runs when the module is imported: at module level, in
    a class body, in a decorator or a default argument (not inside a function or lambda)."""
    found: list[int] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for item in [*node.decorator_list, *node.args.defaults, *node.args.kw_defaults]:
                if item is not None:
                    visit(item)
            return
        if isinstance(node, ast.Lambda):
            for item in [*node.args.defaults, *node.args.kw_defaults]:
                if item is not None:
                    visit(item)
            return
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in TRANSLATING
        ):
            found.append(node.lineno)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def test_nothing_is_translated_at_import() -> None:
    offenders = []
    for package in ("storage", "exporters", "tui"):
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            offenders += [f"{path.relative_to(ROOT)}:{line}" for line in _import_time_calls(tree)]
    assert offenders == []


def test_the_import_time_check_sees_a_class_body_a_default_and_a_decorator() -> None:
    source = (
        "X = _('a')\n"
        "class C:\n    title = _('b')\n"
        "def f(x=_('c')):\n    return _('fine')\n"
        "@command(help=_('d'))\ndef g():\n    pass\n"
        "h = lambda: _('fine too')\n"
    )
    assert _import_time_calls(ast.parse(source)) == [1, 3, 4, 6]


def _calls_inside_fstrings(tree: ast.AST) -> list[int]:
    """Lines of translating calls inside an f-string: Babel's extractor cannot see them (on
    Python 3.11 an f-string is one token), so their words never reach the catalogue."""
    found: list[int] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in TRANSLATING
                ):
                    found.append(inner.lineno)
    return found


def test_every_translated_word_is_where_the_extractor_sees_it() -> None:
    offenders = []
    for package in ("storage", "exporters", "tui"):
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            offenders += [
                f"{path.relative_to(ROOT)}:{line}" for line in _calls_inside_fstrings(tree)
            ]
    assert offenders == []


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "fr_CA.UTF-8"}, "fr_CA"),
        ({"LANG": "fr_FR.UTF-8"}, "fr_FR"),
        ({"LANG": "fr_BE.UTF-8"}, "fr_FR"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "en_CA.UTF-8", "LC_ALL": "fr_CA.UTF-8"}, "fr_CA"),
        ({"LANG": "fr_CA.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LANGUAGE": "fr"}, "fr_CA"),
        ({"LANG": "en_US.UTF-8", "LANGUAGE": "de:fr_FR:en"}, "fr_FR"),
        # GNU gettext ignores LANGUAGE under the C locale.
        ({"LANG": "C", "LANGUAGE": "fr"}, "en"),
    ],
)
def test_the_locale_chooses_as_gnu_gettext_reads_it(environ, expected) -> None:
    assert i18n.from_environment(environ) == expected


def test_the_setting_wins_over_the_locale_and_french_takes_the_locales_country() -> None:
    assert i18n.choose("en", {"LANG": "fr_CA.UTF-8"}) == "en"
    assert i18n.choose("fr", {"LANG": "en_US.UTF-8"}) == "fr_CA"
    assert i18n.choose("fr", {"LANG": "fr_FR.UTF-8"}) == "fr_FR"
    assert i18n.choose("fr_CA", {"LANG": "fr_FR.UTF-8"}) == "fr_CA"
    assert i18n.choose(None, {"LANG": "fr_FR.UTF-8"}) == "fr_FR"


def test_using_switches_one_block_and_gives_the_language_back(french) -> None:
    from storage.models import Status

    assert Status.ON_HOLD.label == "en attente"
    with i18n.using("en"):
        assert Status.ON_HOLD.label == "on hold"
    assert Status.ON_HOLD.label == "en attente"


def test_the_compiled_catalogue_is_what_gettext_reads(tmp_path) -> None:
    from storage.locale import compile_folder

    target = compile_folder("fr", str(tmp_path / "calepin.mo"))
    with open(target, "rb") as file:
        compiled = gettext.GNUTranslations(file)
    assert compiled.pgettext("status", "idea") == "idée"
    assert compiled.ngettext("x", "xs", 1) == "x"  # unknown: English back, never blank


def test_french_counts_with_two_forms_as_the_catalogues_are_written(french) -> None:
    # Babel would compile French with CLDR's three forms; the .po files carry two.
    singular = i18n.ngettext("Backlog · {count} idea", "Backlog · {count} ideas", 1)
    assert i18n.ngettext("Backlog · {count} idea", "Backlog · {count} ideas", 0) == singular
    plural = i18n.ngettext("Backlog · {count} idea", "Backlog · {count} ideas", 2)
    assert plural != singular and "ideas" not in plural
    assert i18n.ngettext("Backlog · {count} idea", "Backlog · {count} ideas", 2_000_000) == plural
