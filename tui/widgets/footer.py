"""The key footer, showing only the keys that fit whole.

Textual's Footer lays every key in one row and lets the terminal's edge (or the palette key
docked on the right) cut the last one mid-word: `5 web conten`, `l Lo`. This one hides the
keys from the first that does not fit; all of them stay in `?` (help) and the palette.
Its words are the bindings' in the language in use (`tui.bindings.description`).
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.compose import compose
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

from tui.bindings import description, textual_words, tooltip


class Footer(TextualFooter):
    """Textual's Footer without a key cut at the edge."""

    DEFAULT_CSS = """
    /* Compact, the palette key kept a margin on its right where the key under it showed. */
    Footer.-compact FooterKey.-command-palette {
        margin-right: 0;
    }
    """

    _recompose_pending = False

    def bindings_changed(self, screen: Screen) -> None:
        # Textual's, but one rebuild per refresh: it queued one per change of the bindings
        # (focus, a resumed screen, timer keys named), 17 on a first switch to the month.
        self._bindings_ready = True
        if not screen.app.app_focus or self._recompose_pending:
            return
        if screen in screen.app.screen_stack[:-1]:
            # Under a dialog or help, which took the focus: composed again for nothing, twice
            # (as it opens, as it closes). Its ScreenResume refreshes the bindings.
            return
        if self.is_attached and screen is self.screen:
            self._recompose_pending = True
            self.call_after_refresh(self.recompose)

    _composed: tuple[object, ...] | None = None  # the keys it shows

    async def recompose(self) -> None:
        self._recompose_pending = False
        if not self.is_attached or self._pruning:
            return  # its screen was removed meanwhile (a kept one built anew)
        # A view shown again tells its footer the bindings changed, mostly with the same
        # keys: rebuilt, its keys were laid out and drawn anew inside the key that showed it.
        shown = self._keys_shown()
        if shown == self._composed and self.children:
            return
        if not await self._relabel(compose(self)):
            await super().recompose()
        self._composed = shown
        self.call_after_refresh(self.fit_keys)

    async def _relabel(self, wanted: list[Widget]) -> bool:
        """Make the keys shown those of `wanted` by relabelling the keys in place, adding or
        removing only the difference; False when the shapes differ (groups, another palette
        key): the caller rebuilds. The focus moving between the view and the command bar
        changes every key: a rebuild mounted and styled a dozen widgets each time, half the
        CPU of a line saved in the bar."""
        shown = list(self.children)
        if not shown or not all(type(key) is FooterKey for key in (*shown, *wanted)):
            return False
        palette_shown = [key for key in shown if key.has_class("-command-palette")]
        palette_wanted = [key for key in wanted if key.has_class("-command-palette")]
        if len(palette_shown) != len(palette_wanted) or any(
            key.has_class("-grouped") for key in (*shown, *wanted)
        ):
            return False
        keys = [key for key in shown if key not in palette_shown]
        new = [key for key in wanted if key not in palette_wanted]
        kept = min(len(keys), len(new))
        for source, target in zip(
            [*new[:kept], *palette_wanted], [*keys[:kept], *palette_shown], strict=True
        ):
            _copy_key(source, target)
        async with self.batch():
            if len(keys) > len(new):
                await self.remove_children(keys[len(new) :])
            elif len(new) > len(keys):
                extra = new[len(keys) :]
                for key in extra:
                    key.data_bind(compact=TextualFooter.compact)
                place = {"before": palette_shown[0]} if palette_shown else {}
                await self.mount_all(extra, **place)
        return True

    def compose(self) -> ComposeResult:
        # Textual's keys, their words translated: the bindings are English, built at import.
        shown = {b.action: b for _node, b, _enabled, _tip in self.screen.active_bindings.values()}
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                if not widget.has_class("-command-palette"):
                    # Born as compact as the footer: a key starts compact and is bound to the
                    # footer's value once mounted, so each key of a footer that is not compact
                    # was styled three times (mounted, made compact, made not compact). (The
                    # palette key is not bound: Textual leaves it compact.)
                    widget.set_reactive(FooterKey.compact, self.compact)
                    widget.set_class(self.compact, "-compact", update=False)
                binding = shown.get(widget.action)
                if widget.has_class("-command-palette") or binding is None:
                    widget.description = textual_words(widget.description)
                    if isinstance(widget.tooltip, str):
                        widget.tooltip = textual_words(widget.tooltip)
                else:
                    widget.description = description(binding) if widget.description else ""
                    if isinstance(widget.tooltip, str) and widget.tooltip == binding.tooltip:
                        widget.tooltip = tooltip(binding)
            yield widget

    def _keys_shown(self) -> tuple[object, ...]:
        """What `compose` builds the keys from."""
        bindings = self.screen.active_bindings
        keys = tuple(
            (b.key, b.action, b.description, b.show, b.group, enabled, tooltip)
            for _node, b, enabled, tooltip in bindings.values()
        )
        return (keys, self.compact, self.show_command_palette)

    def on_mount(self) -> None:
        self.call_after_refresh(self.fit_keys)

    def on_resize(self, event: events.Resize) -> None:
        self.fit_keys()

    def fit_keys(self) -> None:
        """Show the keys, in order, while they fit beside the palette key; hide the rest."""
        if not self.is_mounted:
            return
        if not all(child.is_mounted for child in self.children):
            # Measured before it is mounted, a key keeps the width it had then: Textual
            # restyles its parts (compact) without refreshing a key not mounted yet, and the
            # palette key measured 13 cells while it drew in 11, which hid a key that fits
            # (the log at 80 columns).
            self.call_after_refresh(self.fit_keys)
            return
        palette = [child for child in self.children if child.has_class("-command-palette")]
        room = self.size.width - sum(self._width(child) for child in palette)
        used = 0
        fits = True
        measured: list[tuple[int, int]] = []
        for child in self.children:
            if child in palette:
                continue
            width = self._width(child)
            # Its margin and the blank after its words may go under the palette key.
            blank = child.styles.margin.right + _trailing_blank(child)
            measured.append((width, blank))
            fits = fits and used + width - blank <= room
            child.display = fits
            used += width
        # New keys are styled in steps (their compact class, then the footer's margins for
        # it): a fit measured half-way hid a key that fits (seen at 80 columns on the log).
        # Measure again after the next refresh until two measures agree.
        if (room, measured) != self._last_fit and self._refits < 3:
            self._last_fit = (room, measured)
            self._refits += 1
            self.call_after_refresh(self.fit_keys)
        else:
            self._refits = 0

    _last_fit: tuple[int, list[tuple[int, int]]] | None = None
    _refits = 0

    def _width(self, child: Widget) -> int:
        styles = child.styles
        content = child.get_content_width(self.size, self.app.size)
        return content + styles.gutter.width + styles.margin.width


def _copy_key(source: FooterKey, target: FooterKey) -> None:
    """Give `target` the binding, words and state `source` was built with."""
    target.key = source.key
    target.key_display = source.key_display
    target.description = source.description
    target.action = source.action
    target._disabled = source._disabled
    target.set_class(source._disabled, "-disabled")
    target.tooltip = source.tooltip
    target.refresh(layout=True)


def _trailing_blank(child: Widget) -> int:
    """The blank cells a key draws after its description (its padding)."""
    if not isinstance(child, FooterKey) or not child.description:
        return 0
    return child.get_component_styles("footer-key--description").padding.right
