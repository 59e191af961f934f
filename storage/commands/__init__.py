"""Every change the CLI and the TUI make, in one layer: hours (a typed line, the timer) and posts
(one date of a series, or all of it). Front ends call `commands.X`; the rules live here.

The posts' names load on first use (`series`), so `calepin log` reads the hours' rules alone.
"""

from typing import TYPE_CHECKING, Any

from storage.commands.hours import (
    ANSWERS,
    Answer,
    Command,
    Done,
    NeedsAnswer,
    Plan,
    carry_out,
    describe,
    effect_lines,
    effect_text,
    end_interruption,
    entry_text,
    forced_end,
    forgotten_timer,
    interrupt,
    log_line,
    paused_timer,
    review,
    save_entry,
    start_on_post,
    start_timer,
    stop_timer,
    trim_overlaps,
    understand,
)

if TYPE_CHECKING:
    from storage.commands.hours import ForgottenTimer
    from storage.commands.series import (
        Target,
        WhichDates,
        copies_staying,
        delete_post,
        edit_post,
        move_post,
        one_date,
        restore_date,
        set_status,
        target,
    )

_SERIES = frozenset(
    {
        "Target",
        "WhichDates",
        "copies_staying",
        "delete_post",
        "edit_post",
        "move_post",
        "one_date",
        "restore_date",
        "set_status",
        "target",
    }
)


def __getattr__(name: str) -> Any:
    if name == "ForgottenTimer":  # built on first use (storage.deferred)
        from storage.commands import hours

        return hours.ForgottenTimer
    if name in _SERIES:
        from storage.commands import series

        return getattr(series, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "ANSWERS",
    "Answer",
    "Command",
    "Done",
    "ForgottenTimer",
    "NeedsAnswer",
    "Plan",
    "Target",
    "WhichDates",
    "carry_out",
    "copies_staying",
    "delete_post",
    "describe",
    "edit_post",
    "effect_lines",
    "effect_text",
    "end_interruption",
    "entry_text",
    "forced_end",
    "forgotten_timer",
    "interrupt",
    "log_line",
    "move_post",
    "one_date",
    "paused_timer",
    "restore_date",
    "review",
    "save_entry",
    "set_status",
    "start_on_post",
    "start_timer",
    "stop_timer",
    "target",
    "trim_overlaps",
    "understand",
]
