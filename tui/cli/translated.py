"""Help pages in the language in use, though click builds every command at import.

Decorators run once, at import, in whatever language was in use then, so the help texts
are marked with `N_()` and translated here, when a page is drawn: the command's help, its
short help in a group's list, each option's and argument's help and metavar, the usage line.
click's own words ("Usage:", "Error: {message}", "Missing argument" …) come from click's
modules, which call `gettext.gettext`: `speak_for_click` points them at `storage.i18n`.

In English every method is click's own, untouched, so the pages stay byte for byte as they
were; the translated path runs only when the language in use is French.
"""

from __future__ import annotations

import copy
import inspect
import re
import sys

import click

from storage import i18n
from storage.i18n import _

# The metavars people read in French: the capital words of `DAY`, `[DAY]`, `ID|DAY`,
# `DUTY [ACTIVITY] [NOTE]...`, each looked up on its own (listed in click_words.py).
_CAPITALS = re.compile(r"[A-Z][A-Z_]*[A-Z]|\b[A-Z]\b")

# click's modules that look their words up through gettext (`from gettext import gettext
# as _`), with the names they import. `_termui_impl` and `shell_completion` load late, with
# the editor or completion: they keep gettext's (English) words.
_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types",
                  "utils")  # fmt: skip


def speak_for_click() -> None:
    """Points click's gettext at ours: its words follow the language in use (English: they
    come back unchanged, without gettext's search for a catalogue, which imports `locale`)."""
    for name in _CLICK_MODULES:
        module = sys.modules.get(f"click.{name}")
        if module is None:
            continue
        if hasattr(module, "_"):
            module._ = i18n._  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = i18n.ngettext  # type: ignore[attr-defined]


def metavar(text: str) -> str:
    """`[DAY]` as `[JOUR]`: each capital word translated, the brackets and dots kept."""
    return _CAPITALS.sub(lambda found: _(found[0]), text)


def _help(text: str | None) -> str | None:
    return _(text) if text else text


def _in_words(param: click.Parameter, ctx: click.Context) -> click.Parameter:
    """A copy of `param` that shows its help and metavar in the language in use."""
    shown = copy.copy(param)
    shown.metavar = metavar(param.make_metavar(ctx))
    if isinstance(param, click.Option | click.Argument):
        shown.help = _help(param.help)  # type: ignore[union-attr]
    return shown


class Command(click.Command):
    """A command whose help page reads in the language in use."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.BadParameter as exc:
            # An argument is named by its metavar ("Missing argument 'WHEN...'"): in words.
            if i18n.is_french() and isinstance(exc.param, click.Argument) and not exc.param_hint:
                exc.param_hint = f"'{metavar(exc.param.make_metavar(ctx))}'"
            raise

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        if not i18n.is_french():
            return super().collect_usage_pieces(ctx)
        pieces = [_(self.options_metavar)] if self.options_metavar else []
        for param in self.get_params(ctx):
            pieces.extend(_in_words(param, ctx).get_usage_pieces(ctx))
        return pieces

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if not i18n.is_french() or not self.help:
            return super().format_help_text(ctx, formatter)
        text = _(inspect.cleandoc(self.help)).partition("\f")[0]
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(text)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if not i18n.is_french():
            return super().format_options(ctx, formatter)
        rows = []
        for param in self.get_params(ctx):
            if isinstance(param, click.Argument):
                continue
            row = _in_words(param, ctx).get_help_record(ctx)
            if row is not None:
                rows.append(row)
        if rows:
            with formatter.section(_("Options")):
                formatter.write_dl(rows)

    def get_short_help_str(self, limit: int = 45) -> str:
        if not i18n.is_french():
            return super().get_short_help_str(limit)
        from click.utils import _make_default_short_help

        if self.short_help:
            return _(inspect.cleandoc(self.short_help)).strip()
        if self.help:
            return _make_default_short_help(_(inspect.cleandoc(self.help)), limit).strip()
        return ""


class Group(Command, click.Group):
    """A group whose help page, and its commands' (unless they name their own class), read
    in the language in use."""

    command_class = Command
    group_class = type  # a sub-group is a Group too

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        if not i18n.is_french():
            return click.Group.collect_usage_pieces(self, ctx)
        return [*Command.collect_usage_pieces(self, ctx), metavar(self.subcommand_metavar)]

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if not i18n.is_french():
            return click.Group.format_options(self, ctx, formatter)
        Command.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)
