"""What people type: durations, times, days, log lines, commands and repeats.

Pure functions: no I/O, no clock (``now`` / ``today`` is always passed in), no database.
Every failure raises :class:`storage.errors.ParseError` whose message says what was wrong
and shows an example that works. Words are matched case- and accent-insensitively
(``DÉC`` = ``dec``); error messages quote the text as the user typed it.

Modules: ``text`` (folding, quoting), ``durations``, ``times`` (and ranges), ``days`` (and a
day with a time), ``names`` (duties and activities), ``logline`` (the log command line,
``start``/``stop``), ``repeats`` (words ↔ RRULE), ``wall`` (times a zone skips or repeats).
Import from this package, not the modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storage.grammar.days import describe_when, parse_day, parse_period, parse_when
from storage.grammar.durations import parse_duration
from storage.grammar.names import match_activity, match_duty
from storage.grammar.times import parse_time, parse_time_range

if TYPE_CHECKING:
    from storage.grammar.logline import (
        LogLine,
        StartTimer,
        StopTimer,
        describe_log_line,
        describe_span,
        parse_command,
        parse_log_line,
    )
    from storage.grammar.repeats import describe_repeat, parse_repeat
    from storage.grammar.wall import ClockShift, clock_shift, gap_message, twice_message

# Loaded on first use of one of their names: `logline` by the commands that log or time hours,
# `repeats` by the post commands; `calepin entries` or `report` needs neither.
_LOGLINE = frozenset(
    {
        "LogLine",
        "StartTimer",
        "StopTimer",
        "describe_log_line",
        "describe_span",
        "parse_command",
        "parse_log_line",
    }
)
_REPEATS = frozenset({"describe_repeat", "parse_repeat"})
_WALL = frozenset({"ClockShift", "clock_shift", "gap_message", "twice_message"})


def __getattr__(name: str) -> Any:
    if name in _LOGLINE:
        from storage.grammar import logline as module
    elif name in _REPEATS:
        from storage.grammar import repeats as module
    elif name in _WALL:
        from storage.grammar import wall as module
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(module, name)
    globals()[name] = value
    return value


__all__ = [
    "ClockShift",
    "LogLine",
    "StartTimer",
    "StopTimer",
    "clock_shift",
    "describe_log_line",
    "describe_repeat",
    "describe_span",
    "describe_when",
    "gap_message",
    "match_activity",
    "match_duty",
    "parse_command",
    "parse_day",
    "parse_duration",
    "parse_log_line",
    "parse_period",
    "parse_repeat",
    "parse_time",
    "parse_time_range",
    "parse_when",
    "twice_message",
]
