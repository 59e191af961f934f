"""The app's stylesheet, parsed once: Textual parses it again whenever it refreshes the CSS.

`App.refresh_css` (run at start-up for the theme, and again because the app opens in a mode
screen) sets the theme's variables, which empties the parse cache even when they are the
same, then parses every source into a new stylesheet whose cache it throws away; the next
widget class to mount parses everything once more. On Calepin's first frame that was three
parses of app.tcss and Textual's defaults, about 40 ms.

`ParsedOnce` keeps the parsed rules while the variables stay the same and parses in place,
so its cache survives; a real change (another theme) still parses everything afresh.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events
from textual.css.stylesheet import Stylesheet

if TYPE_CHECKING:
    from textual.css.model import RuleSet
    from textual.css.types import CSSLocation
    from textual.dom import DOMNode


class ParsedOnce(Stylesheet):
    """A Textual stylesheet that parses a source again only when it or the variables change."""

    _variables_changed = False

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables == self._variables:
            return  # Textual would empty the parse cache
        super().set_variables(variables)
        self._variables_changed = True

    # Rules parsed by any app of the process, by source and variables: a second app (a
    # language restart; a test run starts hundreds) parses none of the same CSS again. Textual
    # keeps the rules of one stylesheet the same way, and never changes them once parsed.
    _parsed: ClassVar[dict[tuple[object, ...], list[RuleSet]]] = {}
    _MOST_KEPT: ClassVar[int] = 1024

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        variables = tuple(sorted(self._variables.items()))
        key = (css, read_from, is_default_rules, tie_breaker, scope, variables)
        rules = self._parsed.get(key)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            if len(self._parsed) >= self._MOST_KEPT:
                self._parsed.clear()  # other themes' rules: parsed again if ever needed
            self._parsed[key] = rules
        return rules

    def reparse(self) -> None:
        # Parsing in place keeps the cache (Textual parses into a new stylesheet and keeps
        # only its rules); a source already parsed with these variables is not parsed again.
        if self._variables_changed or self._require_parse:
            self.parse()
        self._variables_changed = False


class StyleWhenMounted:
    """Mix in before `App`: a widget is styled when it is mounted, not before.

    Textual restyles a widget (and its component classes) each time a class changes, even
    in its constructor, before it has a parent: `Input(compact=True)` or
    `Button(variant=...)` are styled there, then again when mounted. The post editor's six
    inputs, two buttons and three selects paid a fifth of its styling that way.
    """

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        if node.parent is None and node is not self:
            return  # not mounted yet: App._register styles it
        super().update_styles(node, animate=animate)  # type: ignore[misc]


class StyledAtMount:
    """Mix in before a Screen class: its first showing does not restyle it whole.

    A screen is styled as it mounts; a moment later Textual restyles it whole once more
    when it is first shown (ScreenResume), with the same CSS: a third of the post editor's
    styling. Shown again (a view switched back to, a view under a dialog that closed), it
    is restyled only when the app's CSS changed while it was hidden (another theme).
    """

    _shown_once = False
    # Shown since its last ScreenResume. Textual resumes a mode's screen twice on its first
    # showing (once as it builds the mode, once as it switches to it): the second one
    # restyles nothing, and a view's `on_screen_resume` (which runs first) can skip it too.
    showing = False

    _hidden_with_css = -1  # the app's CSS refresh count when it was hidden

    _focused_when_hidden: Any = None

    def _on_screen_suspend(self, event: events.ScreenSuspend) -> None:
        self.showing = False
        self._hidden_with_css = self._app_css_count()
        self._focused_when_hidden = cast(Any, self).focused

    def _app_css_count(self) -> int:
        screen: Any = self
        return int(screen.app._css_update_count)  # Textual counts its CSS refreshes

    @property
    def shown_once(self) -> bool:
        """Whether the screen has shown (it may be built ahead and not shown yet)."""
        return self._shown_once

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler, which reads `refresh_styles`.
        screen: Any = self
        if self.showing or not screen.is_current:
            # A second ScreenResume, or a view built ahead in a mode not showing (the app
            # builds them after its first frame): styled as it mounted, nothing changed.
            event.refresh_styles = False
            return
        self.showing = True
        if self._shown_once and self._hidden_with_css != self._app_css_count():
            return  # the CSS changed while it was hidden: Textual restyles it whole
        self._shown_once = True
        event.refresh_styles = False
        # Only styles that depend on where the focus is may have changed since it was styled
        # (a row's label lit by `.row:focus-within .label` once its input took the focus; the
        # command bar's cursor, shown again as its screen comes back).
        focused = screen.focused
        # Focus where it was when the screen was hidden (a kept dialog opened again on its
        # first field): the styles are the ones it left with (Textual restyles nothing off
        # the screen stack), and a restyle cost the post editor a fifth of its opening.
        if focused is not None and focused is not self._focused_when_hidden:
            nodes = [node for node in screen.walk_children() if node._has_focus_within]
            nodes += focused.walk_children(with_self=True)
            screen.app.stylesheet.update_nodes(nodes)
