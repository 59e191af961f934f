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

from textual.css.stylesheet import Stylesheet


class ParsedOnce(Stylesheet):
    """A Textual stylesheet that parses a source again only when it or the variables change."""

    _variables_changed = False

    def set_variables(self, variables: dict[str, str]) -> None:
        if variables == self._variables:
            return  # Textual would empty the parse cache
        super().set_variables(variables)
        self._variables_changed = True

    def reparse(self) -> None:
        # Parsing in place keeps the cache (Textual parses into a new stylesheet and keeps
        # only its rules); a source already parsed with these variables is not parsed again.
        if self._variables_changed or self._require_parse:
            self.parse()
        self._variables_changed = False
