"""`calepin log`, `timer …`, `entries` and `entry …`: logging and listing hours."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import click

from storage import ConfirmationNeeded, EntryDraft, EntrySource, TimeEntry, ValidationError
from storage.grammar import (
    LogLine,
    StartTimer,
    StopTimer,
    describe_log_line,
    describe_span,
    describe_when,
    format_minutes,
    parse_command,
    parse_time,
    parse_when,
)
from storage.timeutil import day_bounds
from tui.cli.common import (
    duty_name,
    emit,
    entry_to_json,
    fail,
    format_option,
    period,
    period_options,
    render_table,
)
from tui.cli.main import Env, pass_env


def _entry_text(entry: TimeEntry, zone: dt.tzinfo, now: dt.datetime | None = None) -> str:
    start = entry.start.astimezone(zone)
    if entry.end is None:
        text = f"{describe_when(start.date(), start.time())} → running"
        if now is not None:
            text += f" ({format_minutes(entry.minutes(now))} so far)"
    else:
        text = describe_span(start, entry.end.astimezone(zone))
    text += f" · {entry.duty}"
    if entry.activity:
        text += f" / {entry.activity}"
    if entry.note:
        text += f" · “{entry.note}”"
    return text


def _refuse_forgotten_timer(env: Env) -> None:
    """A timer left running over 10 hours is not stopped (and counted) without a word:
    the time-use report would show those hours as work."""
    from storage.timesheet import last_activity_before, long_running_timer

    store, now = env.store, env.now
    timer = long_running_timer(store, now)
    if timer is None:
        return
    zone = store.zone
    last = last_activity_before(store, timer, now).astimezone(zone)
    at = f"{last:%H:%M}" if last.date() == now.astimezone(zone).date() else f"'{last:%a %H:%M}'"
    fail(
        f"the {timer.duty} timer has run since {timer.start.astimezone(zone):%a %d %b %H:%M} "
        f"({format_minutes(timer.minutes(now))}); if it was left running, stop it when the "
        f"work ended, e.g. `calepin timer stop --at {at}`, or add --force to count it all"
    )


def _start_timer(env: Env, command: StartTimer, *, force: bool = False) -> None:
    store, now = env.store, env.now
    if not force:
        _refuse_forgotten_timer(env)
    started, stopped = store.start_timer(
        command.duty.name,
        now,
        activity=command.activity.name if command.activity else None,
        note=command.note,
    )
    if stopped is not None:
        click.echo(f"Stopped timer #{stopped.id}: {_entry_text(stopped, store.zone)}")
    click.echo(f"Started timer #{started.id}: {_entry_text(started, store.zone)}")


def _stop_timer(env: Env, at: str | None = None, *, force: bool = False) -> None:
    store, now = env.store, env.now
    timer = store.running_timer()
    if timer is None:
        fail("no timer is running; start one with `calepin timer start DUTY`")
    end = now
    if at is not None:
        end = _stop_time(at, now, timer.start.astimezone(store.zone))
    elif not force:
        _refuse_forgotten_timer(env)
    stopped = store.stop_timer(end)
    assert stopped is not None
    click.echo(f"Stopped timer #{stopped.id}: {_entry_text(stopped, store.zone)}")


def _stop_time(text: str, now: dt.datetime, started: dt.datetime) -> dt.datetime:
    """`17:00` is the latest such time not after now; `yesterday 17:00` works too."""
    if not text.strip():
        fail("--at is empty; give the time the work stopped, e.g. --at 17:00")
    zone = now.tzinfo
    try:
        clock = parse_time(text)
    except ValidationError:
        day, maybe = parse_when(text, now, prefer="past")
        if maybe is None:
            fail(f"--at needs a time, e.g. --at 17:00 or --at 'yesterday 17:00' (got '{text}')")
        return _checked_stop(_wall(day, maybe, zone), text, now, started)
    end = _wall(now.date(), clock, zone)
    if end > now + dt.timedelta(minutes=1):  # a bare time later than now means yesterday's
        end = _wall(now.date() - dt.timedelta(days=1), clock, zone)
    return _checked_stop(end, text, now, started)


def _wall(day: dt.date, clock: dt.time, zone: dt.tzinfo | None) -> dt.datetime:
    return dt.datetime.combine(day, clock, tzinfo=zone).astimezone(dt.UTC).astimezone(zone)


def _checked_stop(
    end: dt.datetime, text: str, now: dt.datetime, started: dt.datetime
) -> dt.datetime:
    if end > now + dt.timedelta(minutes=1):
        fail(f"--at {text} is in the future; the timer cannot stop later than now")
    if end <= started:
        fail(
            f"the timer started {describe_when(started.date(), started.time())}; "
            f"--at must be after that"
        )
    return end


# Words like `-1h` stay words (and never turn into `-h`, help); so --help is the only help here.
_WORDS_SETTINGS = {"ignore_unknown_options": True, "help_option_names": ["--help"]}


@click.command(context_settings=_WORDS_SETTINGS)
@click.argument("words", nargs=-1, required=True)
@click.option(
    "--force", is_flag=True, help="Save even if it ends in the future, is long or overlaps."
)
@pass_env
def log(env: Env, words: tuple[str, ...], force: bool) -> None:
    """Log time as you would say it: `1h30 social engage replied`, `yesterday 2-4pm press`.

    Also `start DUTY …` and `stop` for the timer.
    """
    store, now = env.store, env.now
    text = " ".join(words)
    command = parse_command(text, now, store.duties(), store.activities())
    if isinstance(command, StopTimer):
        _stop_timer(env, force=force)
        return
    if isinstance(command, StartTimer):
        _start_timer(env, command, force=force)
        return
    line: LogLine = command
    echo = describe_log_line(line)
    draft = EntryDraft(
        duty=line.duty.name,
        start=line.start,
        end=line.end,
        activity=line.activity.name if line.activity else None,
        note=line.note,
        source=EntrySource.MANUAL,
    )
    try:
        saved = store.add_entry(draft, now=now, force=force)
    except ConfirmationNeeded:
        click.echo(f"Understood: {echo}", err=True)
        raise
    click.echo(f"Saved #{saved.id}: {echo}")


@click.group()
def timer() -> None:
    """The running timer: start, stop, status."""


@timer.command("start", context_settings=_WORDS_SETTINGS)
@click.argument("words", nargs=-1, required=True, metavar="DUTY [ACTIVITY] [NOTE]...")
@click.option("--force", is_flag=True, help="Stop a timer left running over 10 hours now.")
@pass_env
def timer_start(env: Env, words: tuple[str, ...], force: bool) -> None:
    """Start timing a duty (stops the running timer first)."""
    store = env.store
    command = parse_command("start " + " ".join(words), env.now, store.duties(), store.activities())
    if not isinstance(command, StartTimer):  # pragma: no cover - "start …" always is
        fail("could not read that as a duty to time")
    _start_timer(env, command, force=force)


@timer.command("stop")
@click.option("--at", "at", metavar="TIME", help="When the work stopped (default: now).")
@click.option("--force", is_flag=True, help="Stop now a timer left running over 10 hours.")
@pass_env
def timer_stop(env: Env, at: str | None, force: bool) -> None:
    """Stop the running timer."""
    _stop_timer(env, at, force=force)


@timer.command("status")
@click.option(
    "--format", "fmt", type=click.Choice(("text", "json"), case_sensitive=False), default="text"
)
@pass_env
def timer_status(env: Env, fmt: str) -> None:
    """Show the running timer, if any."""
    store, now = env.store, env.now
    running = store.running_timer()
    if fmt == "json":
        import json

        data = entry_to_json(running, store.zone, now) if running else None
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    if running is None:
        click.echo("No timer running.")
    else:
        click.echo(f"Running #{running.id}: {_entry_text(running, store.zone, now)}")


def _entries_table(entries: Sequence[TimeEntry], zone: dt.tzinfo, now: dt.datetime) -> list[str]:
    if not entries:
        return ["No entries."]
    rows = []
    for e in entries:
        start = e.start.astimezone(zone)
        end = f"{e.end.astimezone(zone):%H:%M}" if e.end else "…"
        rows.append(
            (
                e.id,
                f"{start:%a %Y-%m-%d}",
                f"{start:%H:%M}–{end}",
                format_minutes(e.minutes(now)),
                e.duty + (f" / {e.activity}" if e.activity else ""),
                e.note,
            )
        )
    lines = render_table(
        ("ID", "DAY", "TIME", "LENGTH", "DUTY", "NOTE"),
        rows,
        caps=(6, 14, 11, 8, 28, 80),
        flex=5,
        right=(0, 3),
    )
    total = sum(e.minutes(now) for e in entries)
    count = f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}"
    lines.append(f"Total {format_minutes(total)} in {count}")
    return lines


@click.command()
@period_options
@click.option("--duty", "-d", "duties", multiple=True, help="Only this duty.")
@format_option
@pass_env
def entries(
    env: Env,
    week: str | None,
    start: str | None,
    end: str | None,
    duties: tuple[str, ...],
    fmt: str,
) -> None:
    """List time entries: a week, a period, or (by default) all of them."""
    store, now = env.store, env.now
    days = period(env, week, start, end, prefer="past")
    names = [duty_name(store, d) for d in duties]
    if days is None:
        found = store.all_entries()
        if names:
            found = [e for e in found if e.duty in names]
    else:
        first, last = day_bounds(days[0], days[1], store.zone)
        found = store.entries_between(first, last, duties=names)
    emit(
        [entry_to_json(e, store.zone, now) for e in found],
        fmt,
        lambda: _entries_table(found, store.zone, now),
    )


@click.group()
def entry() -> None:
    """One time entry: rm."""


@entry.command("rm")
@click.argument("entry_id", metavar="ID", type=int)
@pass_env
def entry_rm(env: Env, entry_id: int) -> None:
    """Delete a time entry."""
    store = env.store
    removed = store.delete_entry(entry_id)
    click.echo(f"Deleted entry #{removed.id}: {_entry_text(removed, store.zone, env.now)}")
