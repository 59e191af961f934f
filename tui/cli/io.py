"""`calepin export …`, `import …`, `backup`, `check` and `demo`: data in and out of the database.

Loaded only when one of these commands runs (see `LAZY_COMMANDS` in `tui.cli.main`).
"""

from __future__ import annotations

from pathlib import Path

import click

from storage import wording
from storage.calendar import add_months
from storage.i18n import N_, _, ngettext
from tui.cli.common import fail, given_period
from tui.cli.main import Env, demo_filler, pass_env, read_only
from tui.cli.translated import Command, Group

DEFAULT_MONTHS = 6


def _counted(name: str, count: int) -> str:
    """'12 posts': the rows of one table (`import all`) or one kind of the demo's content.
    English says the table's plural for one as well ("1 posts"), as it always has."""
    forms = {
        "settings": ngettext("{count} settings", "{count} settings", count),
        "duties": ngettext("{count} duties", "{count} duties", count),
        "activities": ngettext("{count} activities", "{count} activities", count),
        "platforms": ngettext("{count} platforms", "{count} platforms", count),
        "campaigns": ngettext("{count} campaigns", "{count} campaigns", count),
        "posts": ngettext("{count} posts", "{count} posts", count),
        "post_skips": ngettext("{count} post skips", "{count} post skips", count),
        "time_entries": ngettext("{count} time entries", "{count} time entries", count),
        "entries": ngettext("{count} entries", "{count} entries", count),
        "days_off": ngettext("{count} days off", "{count} days off", count),
        "outcomes": ngettext("{count} outcomes", "{count} outcomes", count),
        "tombstones": ngettext("{count} tombstones", "{count} tombstones", count),
        "backlog_ideas": ngettext("{count} backlog ideas", "{count} backlog ideas", count),
    }
    if name in forms:
        return forms[name].format(count=wording.number(count))
    return f"{count} {name.replace('_', ' ')}"


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
            fail(_("{path} is a folder; give a file name like calendar.ics").format(path=path))
        if not path.parent.exists():
            fail(_("folder {path} does not exist").format(path=path.parent))
    try:
        write_all_atomically(files)
    except OSError as exc:
        where = getattr(exc, "filename", None) or next(iter(files))
        fail(_("cannot write {path}: {error}").format(path=where, error=exc.strerror or exc))


# ---------------------------------------------------------------- export


@click.group(
    cls=Group,
    help=N_("Export the calendar (.ics) or all your data (CSV + JSON)."),
)
def export() -> None:
    pass


@export.command(
    "ics",
    help=N_(
        "Write posts as an .ics calendar for Outlook or Google Calendar.\n"
        "\n"
        "Private notes stay out unless --include-notes asks for them. --for outlook leaves out\n"
        "the calendar's name (Outlook would open a new calendar each time) and marks all-day\n"
        "posts; --for google splits a file over 1 MB by year (Google's import refuses more)."
    ),
)
@click.option("--from", "start", metavar="DAY", help=N_("First day (default: today)."))
@click.option("--to", "end", metavar="DAY", help=N_("Last day (default: six months after --from)."))
@click.option("--platform", "platforms", multiple=True, help=N_("Only this platform (repeatable)."))
@click.option("--status", "statuses", multiple=True, help=N_("Only this status (repeatable)."))
@click.option("--campaign", help=N_("Only posts of this campaign."))
@click.option("--with-prep", is_flag=True, help=N_("Add a prep block before each estimated post."))
@click.option("--with-time", is_flag=True, help=N_("Add logged time entries as events."))
@click.option(
    "--include-notes",
    is_flag=True,
    help=N_("Also write posts' private notes (and entries' notes with --with-time)."),
)
@click.option(
    "--event-minutes",
    type=click.IntRange(1, 24 * 60),
    help=N_("Length of a timed post's event (default: the setting, else 15)."),
)
@click.option(
    "--for",
    "client",
    type=click.Choice(["outlook", "google", "generic"], case_sensitive=False),
    help=N_("The calendar it is for (default: the last one chosen, else generic)."),
)
@click.option("-o", "--output", metavar="FILE", help=N_("Write to FILE (default or '-': stdout)."))
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
    from exporters.ics import IcsOptions, export_ics_parts, saved_event_minutes
    from exporters.ics_profiles import GOOGLE_LIMIT, part_path, remember_profile, saved_profile

    store = env.store
    given_first, given_last = given_period(env, start, end, "future")
    first = given_first or env.now.date()
    last = given_last or add_months(first, DEFAULT_MONTHS)
    if last < first:
        fail(
            _("--to ({last}) is before --from ({first})").format(
                last=f"{last:%Y-%m-%d}", first=f"{first:%Y-%m-%d}"
            )
        )
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
            click.echo(
                _(
                    "this calendar is over 1 MB: Google's import may refuse it; "
                    "use -o FILE to split it by year"
                ),
                err=True,
            )
    else:
        assert output is not None
        if len(parts) > 1:
            click.echo(
                _(
                    "over 1 MB, more than Google's import takes: split by year into {count} files"
                ).format(count=len(parts)),
                err=True,
            )
        files = {part_path(Path(output), part.year): part for part in parts}
        _write_files({path: part.text for path, part in files.items()})
        for path, part in files.items():
            events = part.events
            click.echo(
                ngettext(
                    "wrote {count} event to {path}", "wrote {count} events to {path}", events
                ).format(count=wording.number(events), path=path),
                err=True,
            )
            if client == "google" and part.size > GOOGLE_LIMIT and part.year is not None:
                click.echo(
                    _(
                        "{path} is over 1 MB: Google's import may refuse it; "
                        "export a shorter period"
                    ).format(path=path),
                    err=True,
                )
    # Only once written: a refused export changes nothing in the database.
    if chosen:
        remember_profile(store, chosen)
    store.mark_exported()  # posts made from now on were in no calendar (see tombstones)


@export.command(
    "all",
    help=N_("Write every table as CSV, and all of it as calepin.json, into DIRECTORY."),
)
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@pass_env
@read_only
def export_all_command(env: Env, directory: Path) -> None:
    from exporters.data import export_all

    try:
        files = export_all(env.store, directory, now=env.now)
    except OSError as exc:
        fail(
            _("cannot write to {folder}: {error}").format(
                folder=directory, error=exc.strerror or exc
            )
        )
    click.echo(
        ngettext(
            "wrote {count} files to {folder}", "wrote {count} files to {folder}", len(files)
        ).format(count=len(files), folder=directory)
    )


# ---------------------------------------------------------------- import


@click.group(
    "import",
    cls=Group,
    help=N_("Import meetings (.ics), posts (CSV) or a full data export."),
)
def import_() -> None:
    pass


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        fail(_("cannot read {path}: {error}").format(path=path, error=exc.strerror or exc))


@import_.command(
    "ics",
    help=N_(
        "Log the meetings of an Outlook or Google Calendar .ics export as time entries.\n"
        "\n"
        "Importing a newer export of the same calendar applies its moves, retitles and\n"
        "cancellations; entries edited by hand are kept and listed."
    ),
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--duty", default="meetings", show_default=True, help=N_("Duty to log the time on."))
@click.option("--from", "start", metavar="DAY", help=N_("First day (default: the file's first)."))
@click.option("--to", "end", metavar="DAY", help=N_("Last day (default: today)."))
@click.option("--dry-run", is_flag=True, help=N_("Show what would be imported; write nothing."))
@pass_env
def import_ics_command(
    env: Env, file: Path, duty: str, start: str | None, end: str | None, dry_run: bool
) -> None:
    from exporters.ics_import import import_meetings

    data = _read(file)
    first, last = given_period(env, start, end, "past")
    result = import_meetings(
        env.store, data, duty=duty, first=first, last=last, now=env.now, dry_run=dry_run
    )
    click.echo(result.summary())
    for line in result.overlaps:
        click.echo("  " + _("overlap: {line}").format(line=line))
    for line in result.notes:
        click.echo(f"  {line}")


@import_.command(
    "csv",
    help=N_("Add posts from a spreadsheet (date, time, platform, title…; English or French)."),
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help=N_("List every row that would fail; write nothing."))
@pass_env
def import_csv_command(env: Env, file: Path, dry_run: bool) -> None:
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
        count = len(plan.problems)
        fail(
            ngettext(
                "{count} row(s) would fail; nothing imported",
                "{count} row(s) would fail; nothing imported",
                count,
            ).format(count=count)
        )
    count = import_posts(env.store, plan) if plan.drafts else 0
    for note in plan.notes:
        click.echo(_("Note: {note}").format(note=note), err=True)
    skipped = len(plan.already)
    if skipped:
        text = ngettext(
            "imported {count} post; {skipped} already in Calepin, skipped",
            "imported {count} posts; {skipped} already in Calepin, skipped",
            count,
        )
    else:
        text = ngettext("imported {count} post", "imported {count} posts", count)
    click.echo(text.format(count=wording.number(count), skipped=wording.number(skipped)))


@import_.command(
    "all",
    help=N_("Rebuild an empty database from a folder written by `export all`."),
)
@click.argument("directory", type=click.Path(path_type=Path))
@pass_env
def import_all_command(env: Env, directory: Path) -> None:
    from exporters.data import import_all

    counts = import_all(env.store, directory)
    listed = ", ".join(_counted(t, n) for t, n in counts.items() if n and t != "migrations")
    click.echo(_("imported {what}").format(what=listed) if listed else _("imported nothing"))


# ---------------------------------------------------------------- maintenance


@click.command(
    cls=Command,
    help=N_("Fill the database with a realistic demo (only an empty one)."),
)
@pass_env
def demo(env: Env) -> None:
    fill_demo = demo_filler()
    store = env.store
    counts = fill_demo(store, env.now)
    listed = ", ".join(_counted(name, n) for name, n in counts.items())
    click.echo(_("Demo added to {path}: {what}").format(path=store.path, what=listed))


@click.command(
    cls=Command,
    help=N_("Copy the database to PATH (default: beside it, with the time in the name)."),
)
@click.argument("path", required=False, type=click.Path(path_type=Path))
@pass_env
@read_only
def backup(env: Env, path: Path | None) -> None:
    try:
        written = env.store.backup(path)
    except OSError as exc:
        fail(_("cannot write the backup: {error}").format(error=exc.strerror or exc))
    click.echo(_("Backup written to {path}").format(path=written))


@click.command(
    cls=Command,
    help=N_("Check the database's integrity and schema version (exit 1 when damaged)."),
)
@pass_env
@read_only
def check(env: Env) -> None:
    store = env.store
    result = store.check()
    if result.ok:
        click.echo(
            _("OK: {path} (schema {version})").format(
                path=store.path, version=result.schema_version
            )
        )
        return
    for message in result.messages:
        click.echo(message, err=True)
    fail(
        _("{path} is damaged; restore a backup (`calepin backup` makes one)").format(
            path=store.path
        )
    )
