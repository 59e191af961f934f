"""Big dialogs built once and kept: each time they open they are filled again, not rebuilt.

The post editor (about 80 widgets) and the settings screen (over 100) took 5–7× a bare
Textual modal form to open, nearly all of it composing, mounting and styling their widgets.
An installed screen is not removed when it is dismissed (Textual), so one instance of each
is kept, built after the first frame (`build_ahead`, from tui/warm_up.py) or at its first
opening, and a key only puts the new values in it (`refill`) and draws it.

A kept dialog that cannot take the new values (the settings screen after the duties
changed) says so from `refill` and is replaced by a new one, kept in its turn.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from textual.app import App
from textual.screen import Screen


class Refillable(Protocol):
    def refill(self, *args: Any, **kwargs: Any) -> bool:
        """Take these values as if built with them; False when it must be built anew."""
        ...


ScreenT = TypeVar("ScreenT", bound=Screen[Any])


def _name(cls: type) -> str:
    return f"kept:{cls.__module__}.{cls.__qualname__}"


def kept(app: App[Any], cls: type[ScreenT]) -> ScreenT | None:
    """The kept instance of `cls`, when it is built and not showing."""
    name = _name(cls)
    if not app.is_screen_installed(name):
        return None
    screen = app.get_screen(name)
    if not isinstance(screen, cls) or not screen.is_mounted:
        return None
    if any(screen in stack for stack in app._screen_stacks.values()):
        return None  # open already (or under another dialog)
    return screen


def _keep(app: App[Any], screen: Screen[Any]) -> None:
    name = _name(type(screen))
    if app.is_screen_installed(name):
        old = app.get_screen(name)
        app.uninstall_screen(name)
        if old is not screen and not any(old in s for s in app._screen_stacks.values()):
            old.remove()
    app.install_screen(screen, name)


def open_kept(
    app: App[Any], cls: type[ScreenT], callback: Any, *args: Any, **kwargs: Any
) -> ScreenT:
    """Push the kept `cls` filled with these values (building and keeping one if need be)."""
    screen = kept(app, cls)
    if screen is None or not screen.refill(*args, **kwargs):  # type: ignore[attr-defined]
        showing = screen is None and app.is_screen_installed(_name(cls))
        screen = cls(*args, **kwargs)
        if not showing:
            _keep(app, screen)
    app.push_screen(screen, callback)
    return screen


def build_ahead(app: App[Any], cls: type[ScreenT], *args: Any, **kwargs: Any) -> None:
    """Build and keep a `cls` off the screen stack, so that its first opening only refills it."""
    if app.is_screen_installed(_name(cls)):
        return
    screen = cls(*args, **kwargs)
    _keep(app, screen)
    app._register(app, screen)  # composes and mounts it, as Textual does on a first push


# Laid out, widgets learn their size (Resize) and some ask for another layout then (a text
# area wrapping its lines, a label its width, a scroll bar showing), which empties their
# containers' caches: the first showing arranged the whole form again (the settings screen
# took three rounds to settle). Laid out again while it asks, the caches hold what the
# showing needs.
LAY_OUT_PASSES = 4


def lay_out_ahead(app: App[Any], cls: type[Screen[Any]], passes: int = LAY_OUT_PASSES) -> None:
    """Lay out and draw the kept `cls` off the screen, so that its first showing finds its
    widgets placed and their lines drawn (the first showing cost twice the later ones)."""
    name = _name(cls)
    if not app.is_screen_installed(name):
        return
    screen = app.get_screen(name)
    if not screen.is_mounted:  # still composing: after its own next refresh
        screen.call_after_refresh(lay_out_ahead, app, cls, passes)
        return
    if kept(app, cls) is None or app.size.area == 0:
        return
    _lay_out(app, screen, first=passes == LAY_OUT_PASSES)
    if passes > 1:
        screen.call_after_refresh(lay_out_ahead, app, cls, passes - 1)


def lay_out_view_ahead(app: App[Any], mode: str, passes: int = LAY_OUT_PASSES) -> None:
    """The same for a view built ahead (`CalepinApp.BUILT_AHEAD`), while another one shows:
    its header, footer and panes placed and drawn, its first showing only loads and draws
    what changed (`m` took twice as long the first time as later)."""
    stack = app._screen_stacks.get(mode)
    if not stack or mode == app.current_mode or app.size.area == 0:
        return
    screen = stack[0]
    if not screen.is_mounted:
        screen.call_after_refresh(lay_out_view_ahead, app, mode, passes)
        return
    if len(stack) == 1:
        load_ahead = getattr(screen, "load_ahead", None)
        if load_ahead is not None and passes == LAY_OUT_PASSES:
            load_ahead()
        _lay_out(app, screen, first=passes == LAY_OUT_PASSES)
        if passes > 1:
            screen.call_after_refresh(lay_out_view_ahead, app, mode, passes - 1)


def _lay_out(app: App[Any], screen: Screen[Any], *, first: bool) -> None:
    if not first and not screen._layout_required:
        return  # settled: nothing asked for a layout since the last one
    screen._layout_required = False  # Textual lays out only the screen showing
    screen._refresh_layout(app.size)
    screen._compositor.render_update(full=True)
