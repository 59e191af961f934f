"""`calepin export …`, `import …`, `backup`, `check` and `demo`: data in and out of the database.

Loaded only when one of these commands runs (see `LAZY_COMMANDS` in `tui.cli.main`).
"""

from __future__ import annotations

from pathlib import Path

import click

from storage.calendar import add_months
from tui.cli.common import fail, given_period
from tui.cli.main import Env, demo_filler, pass_env, read_only

DEFAULT_MONTHS = 6


def _write_output(output: str | None, text: str) -> None:
    if output in (None, "-"):
        click.echo(text, nl=False)
        return
    assert output is not None
    _write_files({Path(output): text})


def _write_files(files: dict[Path, str]) -> None:
    """Write every file or none (a calendar split by year comes whole or not at all)."""
    from storage.files import write_all_atomically

    for path in files:
        if path.is_dir():
            fail(f"{path} is a folder; give a file name like calendar.ics")
        if not path.parent.exists():
            fail(f"folder {path.parent} does not exist")
    try:
        write_all_atomically(files)
    except OSError as exc:
        where = getattr(exc, "filename", None) or next(iter(files))
        fail(f"cannot write {where}: {exc.strerror or exc}")


# ---------------------------------------------------------------- export


@click.group()
def export() -> None:
    """Export the calendar (.ics) or all your data (CSV + JSON)."""


@export.command("ics")
@click.option("--from", "start", metavar="DAY", help="First day (default: today).")
@click.option("--to", "end", metavar="DAY", help="Last day (default: six months after --from).")
@click.option("--platform", "platforms", multiple=True, help="Only this platform (repeatable).")
@click.option("--status", "statuses", multiple=True, help="Only this status (repeatable).")
@click.option("--campaign", help="Only posts of this campaign.")
@click.option("--with-prep", is_flag=True, help="Add a prep block before each estimated post.")
@click.option("--with-time", is_flag=True, help="Add logged time entries as events.")
@click.option(
    "--include-notes",
    is_flag=True,
    help="Also write posts' private notes (and entries' notes with --with-time).",
)
@click.option(
    "--event-minutes",
    type=click.IntRange(1, 24 * 60),
    help="Length of a timed post's event (default: the setting, else 15).",
)
@click.option(
    "--for",
    "client",
    type=click.Choice(["outlook", "google", "generic"], case_sensitive=False),
    help="The calendar it is for (default: the last one chosen, else generic).",
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (default or '-': stdout).")
@pass_env
@read_only
def export_ics_command(
    env: Env,
    start: str | None,
    end: str | None,
    platforms: tuple[str, ...],
    statuses: tuple[str, ...],
    campaign: str | None,
    with_prep: bool,
    with_time: bool,
    include_notes: bool,
    event_minutes: int | None,
    client: str | None,
    output: str | None,
) -> None:
    """Write posts as an .ics calendar for Outlook or Google Calendar.

    Private notes stay out unless --include-notes asks for them. --for outlook leaves out
    the calendar's name (Outlook would open a new calendar each time) and marks all-day
    posts; --for google splits a file over 1 MB by year (Google's import refuses more)."""
    from exporters.ics import IcsOptions, export_ics_parts, saved_event_minutes
    from exporters.ics_profiles import GOOGLE_LIMIT, part_path, remember_profile, saved_profile

    store = env.store
    given_first, given_last = given_period(env, start, end, "future")
    first = given_first or env.now.date()
    last = given_last or add_months(first, DEFAULT_MONTHS)
    if last < first:
        fail(f"--to ({last:%Y-%m-%d}) is before --from ({first:%Y-%m-%d})")
    if event_minutes is None:
        event_minutes = saved_event_minutes(store)
    chosen = client.lower() if client else None
    client = chosen or saved_profile(store)
    whole = not (platforms or statuses or campaign)
    options = IcsOptions(
        zone_name=store.zone_name,
        calendar_name="Calepin" if whole else None,
        event_minutes=event_minutes,
        with_prep=with_prep,
        with_time=with_time,
        include_notes=include_notes,
        profile=client,
    )
    to_file = output not in (None, "-")
    parts = export_ics_parts(
        store,
        first,
        last,
        now=env.now,
        platforms=platforms,
        statuses=statuses,
        campaign=campaign,
        options=options,
        split=to_file,
    )
    if not to_file:
        _write_output(output, parts[0].text)
        if client == "google" and parts[0].size > GOOGLE_LIMIT:
            click.echo(_over_limit("this calendar") + "; use -o FILE to split it by year", err=True)
    else:
        assert output is not None
        if len(parts) > 1:
            click.echo(
                f"over 1 MB, more than Google's import takes: split by year into {len(parts)} files",
                err=True,
            )
        files = {part_path(Path(output), part.year): part for part in parts}
        _write_files({path: part.text for path, part in files.items()})
        for path, part in files.items():
            events = part.events
            click.echo(f"wrote {events} event{'s' if events != 1 else ''} to {path}", err=True)
            if client == "google" and part.size > GOOGLE_LIMIT and part.year is not None:
                click.echo(_over_limit(str(path)) + "; export a shorter period", err=True)
    # Only once written: a refused export changes nothing in the database.
    if chosen:
        remember_profile(store, chosen)
    store.mark_exported()  # posts made from now on were in no calendar (see tombstones)


def _over_limit(what: str) -> str:
    return f"{what} is over 1 MB: Google's import may refuse it"


@export.command("all")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@pass_env
@read_only
def export_all_command(env: Env, directory: Path) -> None:
    """Write every table as CSV, and all of it as calepin.json, into DIRECTORY."""
    from exporters.data import export_all

    try:
        files = export_all(env.store, directory, now=env.now)
    except OSError as exc:
        fail(f"cannot write to {directory}: {exc.strerror or exc}")
    click.echo(f"wrote {len(files)} files to {directory}")


# ---------------------------------------------------------------- import


@click.group("import")
def import_() -> None:
    """Import meetings (.ics), posts (CSV) or a full data export."""


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror or exc}")


@import_.command("ics")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--duty", default="meetings", show_default=True, help="Duty to log the time on.")
@click.option("--from", "start", metavar="DAY", help="First day (default: the file's first).")
@click.option("--to", "end", metavar="DAY", help="Last day (default: today).")
@click.option("--dry-run", is_flag=True, help="Show what would be imported; write nothing.")
@pass_env
def import_ics_command(
    env: Env, file: Path, duty: str, start: str | None, end: str | None, dry_run: bool
) -> None:
    """Log the meetings of an Outlook or Google Calendar .ics export as time entries.

    Importing a newer export of the same calendar applies its moves, retitles and
    cancellations; entries edited by hand are kept and listed.
    """
    from exporters.ics_import import import_meetings

    data = _read(file)
    first, last = given_period(env, start, end, "past")
    result = import_meetings(
        env.store, data, duty=duty, first=first, last=last, now=env.now, dry_run=dry_run
    )
    click.echo(result.summary())
    for line in result.overlaps:
        click.echo(f"  overlap: {line}")
    for line in result.notes:
        click.echo(f"  {line}")


@import_.command("csv")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="List every row that would fail; write nothing.")
@pass_env
def import_csv_command(env: Env, file: Path, dry_run: bool) -> None:
    """Add posts from a spreadsheet (date, time, platform, title…; English or French)."""
    from exporters.csv_import import import_posts, read_posts_csv

    plan = read_posts_csv(_read(file), env.store, today=env.now.date())
    if dry_run:
        click.echo(plan.report())
        if not plan.ok:
            click.get_current_context().exit(1)
        return
    if not plan.ok:
        for problem in plan.problems:
            click.echo(str(problem), err=True)
        fail(f"{len(plan.problems)} row(s) would fail; nothing imported")
    count = import_posts(env.store, plan) if plan.drafts else 0
    for note in plan.notes:
        click.echo(f"Note: {note}", err=True)
    skipped = len(plan.already)
    click.echo(
        f"imported {count} post{'s' if count != 1 else ''}"
        + (f"; {skipped} already in Calepin, skipped" if skipped else "")
    )


@import_.command("all")
@click.argument("directory", type=click.Path(path_type=Path))
@pass_env
def import_all_command(env: Env, directory: Path) -> None:
    """Rebuild an empty database from a folder written by `export all`."""
    from exporters.data import import_all

    counts = import_all(env.store, directory)
    listed = ", ".join(f"{n} {t}" for t, n in counts.items() if n and t != "migrations")
    click.echo(f"imported {listed or 'nothing'}")


# ---------------------------------------------------------------- maintenance


@click.command()
@pass_env
def demo(env: Env) -> None:
    """Fill the database with a realistic demo (only an empty one)."""
    fill_demo = demo_filler()
    store = env.store
    counts = fill_demo(store, env.now)
    listed = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items())
    click.echo(f"Demo added to {store.path}: {listed}")


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@pass_env
@read_only
def backup(env: Env, path: Path | None) -> None:
    """Copy the database to PATH (default: beside it, with the time in the name)."""
    try:
        written = env.store.backup(path)
    except OSError as exc:
        fail(f"cannot write the backup: {exc.strerror or exc}")
    click.echo(f"Backup written to {written}")


@click.command()
@pass_env
@read_only
def check(env: Env) -> None:
    """Check the database's integrity and schema version (exit 1 when damaged)."""
    store = env.store
    result = store.check()
    if result.ok:
        click.echo(f"OK: {store.path} (schema {result.schema_version})")
        return
    for message in result.messages:
        click.echo(message, err=True)
    fail(f"{store.path} is damaged; restore a backup (`calepin backup` makes one)")
