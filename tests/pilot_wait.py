"""A quicker, stricter wait for idle for Textual's Pilot.

Textual's Pilot takes the app for idle once a 20 ms window passes with the process under a
twentieth of the CPU: every key pressed sleeps 40 ms at least, every pause 20 ms, and half the
wall time of tests/tui was spent asleep. A 5 ms window alone was tried and made tests flaky: it
could close before the screen's next update (Textual batches them at 60 per second) or while a
message was still queued. This wait looks at 5 ms windows and, besides the CPU, at the app
itself: nothing queued for the app or any widget of the current screen, and no layout, repaint
or recompose pending on it. Only then is the app idle.
"""

from __future__ import annotations

import asyncio
import sys
from time import monotonic, process_time

WINDOW = 0.005


async def wait_for_quiet(min_sleep: float = WINDOW, max_sleep: float = 1) -> None:
    """Drop-in for textual._wait.wait_for_idle: same arguments, same upper bound."""
    start = monotonic()
    while True:
        cpu_before = process_time()
        await asyncio.sleep(WINDOW)
        cpu_used = process_time() - cpu_before
        elapsed = monotonic() - start
        if elapsed >= max_sleep:
            return
        if elapsed > min_sleep and cpu_used < WINDOW / 20 and _app_is_quiet():
            return


def _app_is_quiet() -> bool:
    from textual._context import active_app

    app = active_app.get(None)
    if app is None or not app.is_running or app._exit_renderables:
        return True
    if app._message_queue.qsize() or app._next_callbacks:
        return False
    try:
        screen = app.screen
    except Exception:  # no screen yet, or closing: nothing to wait on
        return True
    if (
        screen._layout_required
        or screen._repaint_required
        or screen._recompose_required
        or screen._scroll_required
        or screen._dirty_widgets
        or screen._callbacks
    ):
        return False
    return not any(
        node._message_queue.qsize() or node._next_callbacks
        for node in screen.walk_children(with_self=True)
    )


def install() -> None:
    """Swap the wait into the modules that imported Textual's by name (once textual is loaded)."""
    for name in ("textual.pilot", "textual.app"):
        module = sys.modules.get(name)
        if module is not None and module.wait_for_idle is not wait_for_quiet:
            module.wait_for_idle = wait_for_quiet
