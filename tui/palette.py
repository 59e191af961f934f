"""The command palette (ctrl+p): every action of the app and of the screen below, by name.

Each of our bindings (they all have ids) is listed once, as "Summary  r": its plain name
(`tui.bindings.palette_name`) and the keys that run it on that screen (remaps included; a key
the screen takes for something else is left out), its tooltip underneath. Chosen, it runs the
binding's action as the key would. Textual's own commands (Theme, Keys, Screenshot) stay,
except one ours replaces (Quit), their words translated like ours.

The list is read from the bindings themselves, not from what the keyboard would do right now:
while the palette is open the app refuses view actions to keys (a modal screen is on top),
and a focused input (the command bar) takes printable keys as text; neither hides an action
here. A screen's `check_action` saying no still does.

Names hold user text (keys 1–9 are named by duty, and a duty may be called `[Mairie]`), so
every title and help line is shown literally, never read as markup: `PaletteCommands` replaces
Textual's provider, which parses both.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any, cast

from textual.actions import parse
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingsMap
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.screen import Screen

from storage.i18n import N_, _
from tui.bindings import palette_name, textual_words, tooltip
from tui.text import literal


@dataclass
class PaletteEntry:
    """One action as the palette lists it."""

    name: str
    help: str
    node: DOMNode
    action: str
    keys: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.name}  {' '.join(self.keys)}" if self.keys else self.name


def binding_chain(app: App[Any], screen: Screen[Any]) -> list[tuple[DOMNode, BindingsMap]]:
    """The nodes whose keys count on `screen`, nearest the focus first, with [keys] applied;
    a modal screen ends the chain (the app's keys do not reach into a dialog)."""
    focused = screen.focused
    nodes: list[DOMNode] = list(focused.ancestors_with_self) if focused else [screen, app]
    keymap = app._keymap
    chain: list[tuple[DOMNode, BindingsMap]] = []
    for node in nodes:
        bindings = node._bindings.copy()
        if keymap:
            bindings.apply_keymap(keymap)
        chain.append((node, bindings))
        if node.is_modal:
            break
    return chain


def palette_entries(app: App[Any], screen: Screen[Any]) -> list[PaletteEntry]:
    """Every action of ours reachable on `screen`, once per name, nearest the focus first."""
    if getattr(app, "leaving", False):
        return []  # quitting: nothing more to run
    chain = binding_chain(app, screen)
    # Which binding a key runs on this screen: the first in the chain, unless a later one
    # has priority (Textual's rule). A Textual widget's own keys (no id) are not counted: a
    # widget may pass a key on (the bar's input lets ↑ through to the history); the app's
    # are (ctrl+q quits).
    runs: dict[str, tuple[DOMNode, Binding]] = {}
    for node, bindings in chain:
        for key, binding in bindings:
            if binding.id is None and node is not app:
                continue
            found = runs.get(key)
            if found is None or (binding.priority and not found[1].priority):
                runs[key] = (node, binding)
    entries: dict[tuple[int, str], PaletteEntry] = {}
    names: set[str] = set()
    for node, bindings in chain:
        for _key, binding in bindings:
            name = palette_name(binding)
            if binding.id is None or not name or not _allowed(app, node, binding.action):
                continue
            entry = entries.get((id(node), binding.action))
            if entry is None:
                if name.casefold() in names:
                    continue  # the same action nearer the focus (the log's own Undo)
                names.add(name.casefold())
                help_line = tooltip(binding)
                entry = PaletteEntry(
                    name, help_line if help_line != name else "", node, binding.action
                )
                entries[(id(node), binding.action)] = entry
    for node, binding in runs.values():
        entry = entries.get((id(node), binding.action))
        shown = app.get_key_display(binding)
        if entry is not None and shown not in entry.keys:
            entry.keys.append(shown)
    return list(entries.values())


def _allowed(app: App[Any], node: DOMNode, action: str) -> bool:
    """A screen's or widget's `check_action` may refuse; the app's refusals are for keys
    pressed behind a dialog, and the palette is such a dialog: not asked."""
    namespace, name, parameters = parse(action)
    if namespace == "app" or node is app:
        return True
    return node.check_action(name, parameters) is not False


def system_commands(
    app: App[Any], screen: Screen[Any], textual: Iterable[SystemCommand]
) -> Iterator[SystemCommand]:
    """Textual's own commands (less those ours replace), then ours, in the language in use."""
    entries = palette_entries(app, screen)
    ours = {entry.name.casefold() for entry in entries}
    for command in textual:
        title = textual_words(command.title)
        if title.casefold() not in ours:
            yield command._replace(title=title, help=textual_words(command.help))
    for entry in entries:
        yield SystemCommand(entry.title, entry.help, partial(_run, app, entry.node, entry.action))


async def _run(app: App[Any], node: DOMNode, action: str) -> None:
    await app.run_action(action, node)


class PaletteCommands(Provider):
    """The app's system commands (`App.get_system_commands`), titles and help shown literally."""

    async def discover(self) -> Hits:
        commands = sorted(self.app.get_system_commands(self.screen), key=lambda c: c.title)
        for title, help_text, callback, discover in commands:
            if discover:
                yield DiscoveryHit(literal(title), callback, text=title, help=_help(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback, *_rest in self.app.get_system_commands(self.screen):
            score, offsets = matcher.fuzzy_search.match(matcher.query, title)
            if score > 0:
                shown = literal(title)
                for offset in offsets:
                    if not title[offset].isspace():
                        shown = shown.stylize(matcher.match_style, offset, offset + 1)
                yield Hit(score, shown, callback, text=title, help=_help(help_text))


def _help(text: str) -> str | None:
    # The palette reads a str help as markup; a Content it shows as it is.
    return cast(str, literal(text)) if text else None


class Palette(CommandPalette):
    """Textual's palette, its words in the language in use (its placeholder is given by the
    app; its "No matches found" is said here)."""

    NO_MATCHES = N_("No matches found")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's, with its one sentence translated.
        from rich.align import Align
        from rich.text import Text
        from textual.widgets.option_list import Option

        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:  # nothing found for a query (not an empty list to discover)
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(_(self.NO_MATCHES), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
