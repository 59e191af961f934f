"""`calepin log`, `timer …`, `entries` and `entry …`: logging and listing hours."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

import click

from storage import wording
from storage.errors import ValidationError
from storage.i18n import N_, _, ngettext
from tui.cli.common import (
    ENTRY_ID,
    WordsCommand,
    duty_name,
    emit,
    entry_to_json,
    fail,
    format_option,
    period,
    period_options,
    table,
)
from tui.cli.main import Env, pass_env, read_only
from tui.cli.translated import Command, Group

# `storage.commands` (and the timesheet rules under it) and the grammar are imported inside
# the functions that use them, so `calepin entries` does without the first and `timer status`
# without both.
if TYPE_CHECKING:
    from storage import Store, TimeEntry, commands


def _entry_text(entry: TimeEntry, zone: dt.tzinfo, now: dt.datetime | None = None) -> str:
    from storage import grammar

    start = entry.start.astimezone(zone)
    if entry.end is None:
        when = grammar.describe_when(start.date(), start.time())
        if now is None:
            text = _("{when} → running").format(when=when)
        else:
            text = _("{when} → running ({duration} so far)").format(
                when=when, duration=wording.duration(entry.minutes(now))
            )
    else:
        text = grammar.describe_span(start, entry.end.astimezone(zone))
    text += f" · {entry.duty}"
    if entry.activity:
        text += f" / {entry.activity}"
    if entry.note:
        text += f" · “{entry.note}”"
    return text


def _hh_mm(at: dt.datetime) -> str:
    """`%H:%M` without strftime's cost (on every row of `entries`): what --at reads back."""
    return f"{at.hour:02d}:{at.minute:02d}"


def _at_hint(when: dt.datetime, now: dt.datetime) -> str:
    """`--at 17:00` today, `--at 'Mon 17:00'` another day: what `timer stop --at` reads."""
    local = when.astimezone(now.tzinfo)
    if local.date() == now.date():
        return f"{local:%H:%M}"
    return f"'{wording.weekday_time(local)}'"  # the grammar reads "ven. 17 h 00" back too


def _stop_hint(forgotten: commands.ForgottenTimer, now: dt.datetime) -> str:
    """How to stop a forgotten timer at the right time, and what --force does instead."""
    forced = forgotten.forced or now
    at = _at_hint(forgotten.last, now)
    if forced >= now:
        return _(
            "if it was left running, stop it when the work ended, e.g. "
            "`calepin timer stop --at {at}`, or add --force to count it all"
        ).format(at=at)
    limit = wording.weekday_time(forced.astimezone(now.tzinfo))
    return _(
        "if it was left running, stop it when the work ended, e.g. "
        "`calepin timer stop --at {at}`, or add --force to stop it at the limit ({limit})"
    ).format(at=at, limit=limit)


def _long_timer_lines(store: Store, now: dt.datetime) -> list[str]:
    """The flag for a running timer past the long-timer limit (empty when none is)."""
    from storage import commands

    forgotten = commands.forgotten_timer(store, now)
    if forgotten is None:
        return []
    return [
        _("Warning: {reason}.").format(reason=forgotten.reason),
        "  "
        + _("To stop it when the work ended: calepin timer stop --at {at}").format(
            at=_at_hint(forgotten.last, now)
        ),
    ]


def _refuse(plan: commands.Plan, now: dt.datetime) -> NoReturn:
    """`Error: not saved: <the reasons>; <the flag that answers them>`."""
    forgotten = plan.forgotten
    if forgotten is not None:
        hint = _stop_hint(forgotten, now)
    elif plan.overlaps:
        hint = _("add --trim or --split to cut the other entries, or --force to save anyway")
        from storage import commands

        for how in plan.answers:  # exactly what each flag would do, before the one Error line
            for line in commands.effect_lines(plan, how, now.tzinfo):
                click.echo(f"  --{how}: {line}", err=True)
    else:
        hint = _("add --force to save anyway")
    fail(_("not saved: {reasons}; {hint}").format(reasons="; ".join(plan.reasons), hint=hint))


def _carry_out(
    env: Env,
    plan: commands.Plan,
    answer: commands.Answer | None,
    at: dt.datetime | None = None,
) -> None:
    """Make the change; refuse one with concerns and no answer, naming the flag."""
    from storage import commands, grammar

    store = env.store
    try:
        done = commands.carry_out(store, plan, env.now, answer, at=at)
    except commands.NeedsAnswer as exc:
        if isinstance(plan.command, grammar.LogLine):
            click.echo(_("Understood: {line}").format(line=plan.understood), err=True)
        _refuse(exc.plan, env.now)
    _echo_stopped(done, store.zone)
    if done.started is not None:
        click.echo(
            _("Started timer #{id}: {entry}").format(
                id=done.started.id, entry=_entry_text(done.started, store.zone)
            )
        )
    if done.saved is not None:
        click.echo(_("Saved #{id}: {line}").format(id=done.saved.id, line=plan.understood))
        if answer in ("trim", "split"):
            for line in commands.effect_lines(plan, answer, store.zone):
                click.echo(f"  {line}")


def _echo_stopped(done: commands.Done, zone: dt.tzinfo) -> None:
    if done.stopped is not None:
        click.echo(
            _("Stopped timer #{id}: {entry}").format(
                id=done.stopped.id, entry=_entry_text(done.stopped, zone)
            )
        )
    if done.dropped is not None:
        started = done.dropped.start.astimezone(zone)
        click.echo(
            _(
                "Not kept: the {duty} timer started at {time} ran less than a minute; "
                "nothing saved."
            ).format(duty=done.dropped.duty, time=wording.clock(started))
        )


def _stop_time(text: str, now: dt.datetime) -> dt.datetime:
    """`17:00` is the latest such time not after now; `yesterday 17:00` works too."""
    if not text.strip():
        fail(_("--at is empty; give the time the work stopped, e.g. --at 17:00"))
    from storage.grammar import parse_time, parse_when

    zone = now.tzinfo
    try:
        clock = parse_time(text)
    except ValidationError:
        day, maybe = parse_when(text, now, prefer="past")
        if maybe is None:
            fail(
                _(
                    "--at needs a time, e.g. --at 17:00 or --at 'yesterday 17:00' (got '{text}')"
                ).format(text=text)
            )
        return _wall(day, maybe, zone)
    end = _wall(now.date(), clock, zone)
    if end > now + dt.timedelta(minutes=1):  # a bare time later than now means yesterday's
        end = _wall(now.date() - dt.timedelta(days=1), clock, zone)
    return end


def _start_time(text: str, now: dt.datetime) -> dt.datetime:
    """`9:15` is today's (a later time is refused, not taken as yesterday's, so a slip of
    the hour never starts a timer a day early); `yesterday 17:00` works too."""
    if not text.strip():
        fail(_("--at is empty; give the time the work began, e.g. --at 9:15"))
    from storage.grammar import parse_time, parse_when

    try:
        clock = parse_time(text)
    except ValidationError:
        day, maybe = parse_when(text, now, prefer="past")
        if maybe is None:
            fail(
                _(
                    "--at needs a time, e.g. --at 9:15 or --at 'yesterday 17:00' (got '{text}')"
                ).format(text=text)
            )
        return _wall(day, maybe, now.tzinfo)
    return _wall(now.date(), clock, now.tzinfo)


def _wall(day: dt.date, clock: dt.time, zone: dt.tzinfo | None) -> dt.datetime:
    return dt.datetime.combine(day, clock, tzinfo=zone).astimezone(dt.UTC).astimezone(zone)


@click.command(
    cls=WordsCommand,
    help=N_(
        "Log time as you would say it: `1h30 social engage replied`, `yesterday 2-4pm press`.\n"
        "\n"
        "Also `start DUTY …` and `stop` for the timer (the command bar of the TUI reads the "
        "same).\n"
        "`calepin log -` reads one line per line of input, as a paste into the command bar: the\n"
        "lines that need no question are saved together, the others are listed, not saved."
    ),
)
@click.argument("words", nargs=-1, required=True)
@click.option(
    "--force", is_flag=True, help=N_("Save even if it ends in the future, is long or overlaps.")
)
@click.option(
    "--trim", "how", flag_value="trim", help=N_("Cut the entries it overlaps back to its edges.")
)
@click.option(
    "--split", "how", flag_value="split", help=N_("Like --trim, keeping what surrounds it too.")
)
@pass_env
def log(env: Env, words: tuple[str, ...], force: bool, how: str | None) -> None:
    from storage import commands

    if words == ("-",):
        if force or how is not None:
            fail(_("--force, --trim and --split answer one line; give that line alone"))
        import sys

        _log_lines(env, sys.stdin.read())
        return
    plan = commands.understand(env.store, " ".join(words), env.now)
    answer: commands.Answer | None = "save" if force else None
    if how is not None:
        answer = "trim" if how == "trim" else "split"
    _carry_out(env, plan, answer)


def _log_lines(env: Env, text: str) -> None:
    from storage.commands.lines import log_lines, split_lines

    lines = split_lines(text)
    if not lines:
        fail(_("no lines to log on the input; one log line per line, e.g. `1h30 social`"))
    result = log_lines(env.store, lines, env.now)
    for entry in result.saved:
        click.echo(
            _("Saved #{id}: {entry}").format(id=entry.id, entry=_entry_text(entry, env.store.zone))
        )
    for kept in result.kept:
        click.echo(
            _("Not saved: {line}: {reason}").format(line=kept.text, reason=kept.reason), err=True
        )
    if result.kept:
        fail(
            ngettext(
                "{count} of {total} line not saved; "
                "log each alone to answer its question or fix it",
                "{count} of {total} lines not saved; "
                "log each alone to answer its question or fix it",
                len(lines),
            ).format(count=len(result.kept), total=len(lines))
        )


@click.group(
    cls=Group,
    help=N_("The running timer: start, stop, status."),
)
def timer() -> None:
    pass


@timer.command(
    "start",
    cls=WordsCommand,
    help=N_("Start timing a duty (stops the running timer first, at --at when given)."),
)
@click.argument("words", nargs=-1, required=True, metavar="DUTY [ACTIVITY] [NOTE]...")
@click.option(
    "--at",
    "at",
    metavar="TIME",
    help=N_("When the work began, if earlier (e.g. --at 9:15); not in time already logged."),
)
@click.option(
    "--force",
    is_flag=True,
    help=N_("Stop a timer left running past the long-timer limit (now, or at the limit)."),
)
@pass_env
def timer_start(env: Env, words: tuple[str, ...], at: str | None, force: bool) -> None:
    from storage import commands, grammar

    plan = commands.understand(env.store, "start " + " ".join(words), env.now)
    if not isinstance(plan.command, grammar.StartTimer):  # pragma: no cover - "start …" always is
        fail(_("could not read that as a duty to time"))
    start = None if at is None else _start_time(at, env.now)
    _carry_out(env, plan, "save" if force else None, start)


@timer.command(
    "stop",
    help=N_("Stop the running timer (a run under a minute is not kept)."),
)
@click.option("--at", "at", metavar="TIME", help=N_("When the work stopped (default: now)."))
@click.option(
    "--force",
    is_flag=True,
    help=N_(
        "Stop a timer left running past the long-timer limit: now, or at the limit when it "
        "ran over 24 hours."
    ),
)
@pass_env
def timer_stop(env: Env, at: str | None, force: bool) -> None:
    from storage import commands, grammar

    if at is not None:
        if force:
            fail(_("give --at TIME or --force, not both"))
        done = commands.stop_timer(env.store, env.now, at=_stop_time(at, env.now))
        _echo_stopped(done, env.store.zone)
        return
    plan = commands.Plan(grammar.StopTimer(), _("stop the timer"))
    _carry_out(env, plan, "save" if force else None)


@timer.command(
    "status",
    help=N_("Show the running timer, if any."),
)
@click.option(
    "--format", "fmt", type=click.Choice(("text", "json"), case_sensitive=False), default="text"
)
@pass_env
@read_only
def timer_status(env: Env, fmt: str) -> None:
    store, now = env.store, env.now
    running = store.running_timer()
    if fmt == "json":
        import json

        from storage import accounting

        data = None
        if running is not None:
            data = {
                **entry_to_json(running, store.zone, now),
                "counted_minutes": accounting.entry_minutes(running, now, store.long_timer),
                "over_long_timer_limit": accounting.long_timer_of(running, now, store.long_timer)
                is not None,
            }
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    if running is None:
        click.echo(_("No timer running."))
    else:
        click.echo(
            _("Running #{id}: {entry}").format(
                id=running.id, entry=_entry_text(running, store.zone, now)
            )
        )
        for line in _long_timer_lines(store, now):
            click.echo(line)


def _entries_table(
    entries: Sequence[TimeEntry],
    zone: dt.tzinfo,
    now: dt.datetime,
    total: int,
    limit: dt.timedelta,
) -> list[str]:
    if not entries:
        return [_("No entries.")]
    from storage.accounting import entry_minutes

    rows = []
    for e in entries:
        start = e.start.astimezone(zone)
        end = _hh_mm(e.end.astimezone(zone)) if e.end else "…"
        rows.append(
            (
                e.id,
                f"{wording.weekday_name(start, short=True)} {start:%Y-%m-%d}",
                f"{_hh_mm(start)}–{end}",
                wording.duration(entry_minutes(e, now, limit)),
                e.duty + (f" / {e.activity}" if e.activity else ""),
                e.note,
            )
        )
    lines = table(
        (_("ID"), _("DAY"), _("TIME"), _("LENGTH"), _("DUTY"), _("NOTE")),
        rows,
        caps=(6, 15, 11, 8, 28, 80),  # "dim. 2026-11-22" is a character longer than "Sun …"
        flex=5,
        right=(0, 3),
    )
    lines.append(
        ngettext(
            "Total {duration} in {count} entry", "Total {duration} in {count} entries", len(entries)
        ).format(duration=wording.duration(total), count=len(entries))
    )
    return lines


@click.command(
    cls=Command,
    help=N_("List time entries: a week, a period, or (by default) all of them."),
)
@period_options
@click.option("--duty", "-d", "duties", multiple=True, help=N_("Only this duty."))
@format_option
@pass_env
@read_only
def entries(
    env: Env,
    week: str | None,
    start: str | None,
    end: str | None,
    duties: tuple[str, ...],
    fmt: str,
) -> None:
    from storage import accounting  # lazy: `log` and `timer` never count

    store, now = env.store, env.now
    days = period(env, week, start, end, prefer="past")
    names = [duty_name(store, d) for d in duties]
    # Counted by storage.accounting: overlapping time once, as on every other surface.
    found, counted = accounting.entries_counted(store, days, now=now, duties=names)
    flag = accounting.long_timer(store, now)
    flagged = flag.timer.id if flag is not None else None
    emit(
        lambda: [
            {
                **entry_to_json(e, store.zone, now),
                "counted_minutes": counted[e.id],
                "over_long_timer_limit": e.id == flagged,
            }
            for e in found
        ],
        fmt,
        lambda: (
            _entries_table(found, store.zone, now, sum(counted.values()), store.long_timer)
            + (_long_timer_lines(store, now) if flagged in counted else [])
        ),
    )


@click.group(
    cls=Group,
    help=N_("One time entry: rm."),
)
def entry() -> None:
    pass


@entry.command(
    "rm",
    help=N_("Delete a time entry."),
)
@click.argument("entry_id", metavar="ID", type=ENTRY_ID)
@pass_env
def entry_rm(env: Env, entry_id: int) -> None:
    store = env.store
    removed = store.delete_entry(entry_id)
    click.echo(
        _("Deleted entry #{id}: {entry}").format(
            id=removed.id, entry=_entry_text(removed, store.zone, env.now)
        )
    )
