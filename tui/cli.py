"""The `calepin` command line: quick logging and scripting over the same database as the TUI."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from storage import (
    CalepinError,
    ConfirmationNeeded,
    EntryDraft,
    EntrySource,
    NotFoundError,
    Post,
    PostDraft,
    Status,
    Store,
    TimeEntry,
    ValidationError,
    draft_from_post,
)
from storage.parse import (
    LogLine,
    StartTimer,
    StopTimer,
    describe_log_line,
    describe_repeat,
    describe_span,
    describe_when,
    format_minutes,
    match_duty,
    parse_command,
    parse_day,
    parse_duration,
    parse_repeat,
    parse_time,
    parse_when,
)
from storage.timeutil import day_bounds, week_start

if TYPE_CHECKING:
    from tui.config import Settings

TABLE_WIDTH = 80
FORMATS = ("table", "csv", "json")
# Sub-commands that live in other modules, imported only when invoked ("name": "module:attr").
LAZY_COMMANDS = {
    "export": "tui.cli_export:export",
    "import": "tui.cli_export:import_",
    "report": "tui.cli_report:report",
    "config": "tui.cli_report:config",
}
_BACKLOG_WORDS = {"backlog", "none", "undated"}
_RELATIVE_WORDS = {
    "today",
    "yesterday",
    "tomorrow",
    "aujourd'hui",
    "aujourdhui",
    "auj",
    "hier",
    "demain",
    "avant-hier",
    "après-demain",
    "apres-demain",
}


# ---------------------------------------------------------------- the shared context


def default_db_path() -> Path:
    """The user's database: in the platformdirs data folder."""
    from platformdirs import user_data_path

    return user_data_path("calepin") / "calepin.db"


class Env:
    """What every command shares: the database path, the store (opened on first use), now."""

    def __init__(self, db_path: Path | None, *, demo: bool = False, now_text: str | None = None):
        self._db_path = db_path
        self.demo = demo
        self.now_text = now_text
        self._store: Store | None = None
        self._now: dt.datetime | None = None
        self._demo_dir: Path | None = None
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        """The user's config file (time zone, week start …), read on first use."""
        if self._settings is None:
            from tui.config import Settings, load_settings

            # The demo starts from the defaults and never writes the person's settings file.
            self._settings = Settings() if self.demo else load_settings()
        return self._settings

    @property
    def settings_file(self) -> Path | None:
        """Where the TUI's settings screen saves: a file in the demo's folder for the demo."""
        return self._demo_db().parent / "config.toml" if self.demo else None

    @property
    def week_start_day(self) -> int:
        return self.settings.week_start

    def open_store(self, path: Path) -> Store:
        """A store on `path` in the configured zone (else the database's or the system's)."""
        return Store.open(path, zone_name=self.settings.timezone)

    @property
    def db_path(self) -> Path:
        if self.demo:
            return self._demo_db()
        if self._db_path is None:
            self._db_path = default_db_path()
        return self._db_path

    def _demo_db(self) -> Path:
        """A throwaway database filled with the demo, made on first use and removed on close."""
        if self._demo_dir is None:
            import tempfile

            fill_demo = _demo_filler()
            self._demo_dir = Path(tempfile.mkdtemp(prefix="calepin-demo-"))
            path = self._demo_dir / "calepin.db"
            with self.open_store(path) as store:
                fill_demo(store, self._now_in(store.zone))
        return self._demo_dir / "calepin.db"

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = self.open_store(self.db_path)
        return self._store

    @property
    def now(self) -> dt.datetime:
        """This invocation's clock, in the store's zone (computed once)."""
        if self._now is None:
            self._now = self._now_in(self.store.zone)
        return self._now

    def _now_in(self, zone: dt.tzinfo) -> dt.datetime:
        given = self.given_now()
        if given is None:
            return dt.datetime.now(zone).replace(microsecond=0)
        if given.tzinfo is None:
            return given.replace(tzinfo=zone)
        return given.astimezone(zone)

    def given_now(self) -> dt.datetime | None:
        if not self.now_text:
            return None
        try:
            return dt.datetime.fromisoformat(self.now_text.strip())
        except ValueError:
            raise click.BadParameter(
                f"'{self.now_text}' is not an ISO date and time like 2026-11-23T15:00",
                param_hint="'--now' / CALEPIN_NOW",
            ) from None

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        if self._demo_dir is not None:
            import shutil

            shutil.rmtree(self._demo_dir, ignore_errors=True)
            self._demo_dir = None


pass_env = click.make_pass_decorator(Env)


def _demo_filler() -> Callable[[Store, dt.datetime], dict[str, int]]:
    try:
        from storage.demo import fill_demo
    except ModuleNotFoundError as exc:
        if exc.name in ("storage.demo", "storage"):
            raise click.ClickException("the demo is not built yet") from None
        raise
    return fill_demo


# ---------------------------------------------------------------- the group


class CalepinGroup(click.Group):
    """Turns our errors into `Error: …` (exit 1) and loads some sub-commands on demand."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfirmationNeeded as exc:
            raise click.ClickException(
                f"not saved: {'; '.join(exc.reasons)}; add --force to save anyway"
            ) from None
        except CalepinError as exc:
            raise click.ClickException(str(exc)) from None

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None or cmd_name not in LAZY_COMMANDS:
            return command
        module_name, _, attr = LAZY_COMMANDS[cmd_name].partition(":")
        import importlib

        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                return None
            raise
        return getattr(module, attr, None)

    def list_commands(self, ctx: click.Context) -> list[str]:
        import importlib.util

        names = set(super().list_commands(ctx))
        for name, target in LAZY_COMMANDS.items():
            try:
                if importlib.util.find_spec(target.partition(":")[0]) is not None:
                    names.add(name)
            except (ImportError, ValueError):
                continue
        return sorted(names)


@click.group(
    cls=CalepinGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="CALEPIN_DB",
    help="The database file (default: calepin.db in your data folder; env CALEPIN_DB).",
)
@click.option("--demo", is_flag=True, help="Work on a throwaway database filled with a demo.")
@click.option("--now", "now_text", envvar="CALEPIN_NOW", hidden=True)
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, demo: bool, now_text: str | None) -> None:
    """Calepin: plan posts and log the hours of a one-person communications office.

    Without a command, opens the full-screen planner.
    """
    env = Env(db_path, demo=demo, now_text=now_text)
    ctx.obj = env
    ctx.call_on_close(env.close)
    if ctx.invoked_subcommand is None:
        _launch_tui(env)


def _launch_tui(env: Env) -> None:
    try:
        from tui.app import run_app
    except ModuleNotFoundError as exc:
        if exc.name in ("tui.app", "textual") or (exc.name or "").startswith("textual."):
            raise click.ClickException("the TUI is not built yet") from None
        raise
    path = env.db_path
    now = None
    if env.given_now() is not None:
        with env.open_store(path) as store:
            now = env._now_in(store.zone)
    run_app(path, now, settings_file=env.settings_file)


# ---------------------------------------------------------------- output helpers


def post_to_json(post: Post) -> dict[str, Any]:
    """A post as a JSON-ready dict (the keys scripts can rely on)."""
    return {
        "id": post.id,
        "title": post.title,
        "platform": post.platform,
        "status": post.status.value,
        "campaign": post.campaign,
        "date": post.date.isoformat() if post.date else None,
        "time": post.time.strftime("%H:%M") if post.time else None,
        "timezone": post.timezone,
        "estimate_minutes": post.estimate_minutes,
        "body": post.body,
        "notes": post.notes,
        "link": post.link,
        "published_url": post.published_url,
        "repeat": post.rrule,
    }


def entry_to_json(
    entry: TimeEntry, zone: dt.tzinfo, now: dt.datetime | None = None
) -> dict[str, Any]:
    """A time entry as a JSON-ready dict; instants in ISO 8601 with the offset of `zone`."""
    return {
        "id": entry.id,
        "duty": entry.duty,
        "activity": entry.activity,
        "start": entry.start.astimezone(zone).isoformat(),
        "end": entry.end.astimezone(zone).isoformat() if entry.end else None,
        "minutes": entry.minutes(now),
        "note": entry.note,
        "post_id": entry.post_id,
        "source": entry.source.value,
    }


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A CSV cell safe to open in a spreadsheet: text that could run as a formula gets a '."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    if isinstance(value, list | tuple):
        return csv_cell(", ".join(str(v) for v in value))
    return value


def emit(
    records: Sequence[dict[str, Any]],
    fmt: str,
    table: Callable[[], list[str]],
) -> None:
    """Print records as JSON (a list of objects), CSV (header row + rows) or a table."""
    if fmt == "json":
        import json

        click.echo(json.dumps(list(records), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        import csv
        import io

        buffer = io.StringIO()
        columns = list(records[0]) if records else []
        writer = csv.writer(buffer, lineterminator="\n")
        if columns:
            writer.writerow(columns)
        for record in records:
            writer.writerow([csv_cell(record[c]) for c in columns])
        click.echo(buffer.getvalue(), nl=False)
    else:
        for line in table():
            click.echo(line)


def clip(text: str, width: int) -> str:
    """`text` on one line, cut with … to fit `width` characters."""
    text = " ".join(str(text).split())
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    if width <= 0:
        return ""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def render_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    caps: Sequence[int],
    flex: int,
    right: Sequence[int] = (),
    width: int = TABLE_WIDTH,
) -> list[str]:
    """Columns sized to their content (up to `caps`); column `flex` takes what is left of `width`."""
    text_rows = [["" if v is None else str(v) for v in row] for row in rows]
    widths = [
        min(cap, max([len(h), *(len(" ".join(r[i].split())) for r in text_rows)]))
        for i, (h, cap) in enumerate(zip(headers, caps, strict=True))
    ]
    gaps = 2 * (len(headers) - 1)
    others = sum(w for i, w in enumerate(widths) if i != flex)
    widths[flex] = max(len(headers[flex]), min(widths[flex], width - gaps - others))
    lines = []
    for row in [list(headers), *text_rows]:
        cells = []
        for i, value in enumerate(row):
            cell = clip(value, widths[i])
            cells.append(cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]))
        lines.append("  ".join(cells).rstrip())
    return lines


format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS, case_sensitive=False),
    default="table",
    show_default=True,
    help="Output format.",
)


def fail(message: str) -> NoReturn:
    raise click.ClickException(message)


# ---------------------------------------------------------------- periods


def _day(text: str, today: dt.date, prefer: str, what: str) -> dt.date:
    if not text.strip():
        fail(f"{what} is empty; give a day like 2026-12-03, mon or 3 dec")
    return parse_day(text, today, prefer=prefer)  # type: ignore[arg-type]


def period(
    env: Env,
    week: str | None,
    start: str | None,
    end: str | None,
    *,
    prefer: str,
) -> tuple[dt.date, dt.date] | None:
    """The inclusive days chosen by --week [DAY] or --from/--to; None when neither was given."""
    today = env.now.date()
    if week is not None:
        if start is not None or end is not None:
            raise click.UsageError("use either --week or --from/--to, not both")
        day = _day(week, today, prefer, "--week") if week.strip() else today
        first = week_start(day, env.week_start_day)
        return first, first + dt.timedelta(days=6)
    if start is None and end is None:
        return None
    first = _day(start, today, prefer, "--from") if start is not None else None
    last = _day(end, today, prefer, "--to") if end is not None else None
    if first is not None and last is not None and last < first and end is not None:
        # a bare weekday after --from means the next one on or after that day (mon … fri)
        word = end.strip().casefold()
        if word.isalpha() and word not in _RELATIVE_WORDS:
            retry = parse_day(end, first, prefer="future")
            if retry >= first:
                last = retry
    first = first or dt.date(1900, 1, 1)
    last = last or dt.date(9999, 12, 30)
    if last < first:
        fail(f"the period ends ({last:%Y-%m-%d}) before it starts ({first:%Y-%m-%d})")
    return first, last


def period_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--to", "end", metavar="DAY", help="Last day (inclusive).")(func)
    func = click.option("--from", "start", metavar="DAY", help="First day.")(func)
    return click.option(
        "--week",
        is_flag=False,
        flag_value="",
        default=None,
        metavar="[DAY]",
        help="The week holding DAY (default: this week; weeks start on Monday unless configured).",
    )(func)


# ---------------------------------------------------------------- posts


@cli.group()
def post() -> None:
    """Plan posts: add, list, show, edit, move, status, rm."""


def _when(text: str, now: dt.datetime) -> tuple[dt.date | None, dt.time | None]:
    if text.strip().casefold() in _BACKLOG_WORDS:
        return None, None
    if not text.strip():
        fail("no date given; try tue 10am, tomorrow 14:30, 2026-12-03, or backlog")
    return parse_when(text, now, prefer="future")


def _estimate(text: str) -> int | None:
    if not text.strip():
        return None
    return parse_duration(text)


def _describe_post(post: Post) -> str:
    when = describe_when(post.date, post.time) if post.date else "backlog"
    return f"{when} · {post.platform} · {post.status.label} · {post.title}"


def post_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--url", help="Where it was published (http…)."),
        click.option("--link", help="A link the post points to (http…)."),
        click.option(
            "--repeat", metavar="RULE", help="e.g. 'every tue', 'monthly on the first thu'."
        ),
        click.option(
            "--body-file",
            type=click.File("r", encoding="utf-8"),
            help="Read the copy from a file ('-' for standard input).",
        ),
        click.option("--notes", help="Private notes."),
        click.option("--body", help="The copy."),
        click.option("--estimate", metavar="DURATION", help="Effort, e.g. 45m or 1h30."),
        click.option("--campaign", help="Campaign name."),
        click.option("--status", help="idea, drafting, ready, scheduled, published, …"),
        click.option("--at", "when", metavar="WHEN", help="e.g. 'tue 10am'; omit for backlog."),
        click.option("--platform", "-p", help="Facebook, Instagram, LinkedIn …"),
    ]
    for option in options:
        func = option(func)
    return func


def _body(body: str | None, body_file: Any) -> str | None:
    if body is not None and body_file is not None:
        raise click.UsageError("use either --body or --body-file, not both")
    if body_file is not None:
        return body_file.read()
    return body


@post.command("add")
@click.argument("title", nargs=-1, required=True)
@post_options
@pass_env
def post_add(env: Env, title: tuple[str, ...], **options: Any) -> None:
    """Add a post; prints its id. Without --at it goes to the backlog."""
    if not options["platform"]:
        raise click.UsageError("Missing option '--platform'.")
    store, now = env.store, env.now
    day, time = _when(options["when"], now) if options["when"] is not None else (None, None)
    draft = PostDraft(
        title=" ".join(title),
        platform=options["platform"],
        date=day,
        time=time,
        status=options["status"] or Status.IDEA,
        campaign=options["campaign"] or None,
        estimate_minutes=_estimate(options["estimate"]) if options["estimate"] else None,
        body=_body(options["body"], options["body_file"]) or "",
        notes=options["notes"] or "",
        link=options["link"] or "",
        published_url=options["url"] or "",
    )
    if options["repeat"]:
        if day is None:
            fail("a repeating post needs a first date; add --at, e.g. --at 'tue 10am'")
        draft = replace(draft, rrule=parse_repeat(options["repeat"], day))
    saved = store.add_post(draft)
    click.echo(saved.id)
    click.echo(f"Added post #{saved.id}: {_describe_post(saved)}", err=True)


@post.command("edit")
@click.argument("post_id", metavar="ID", type=int)
@click.option("--title", help="New title.")
@post_options
@pass_env
def post_edit(env: Env, post_id: int, title: str | None, **options: Any) -> None:
    """Change a post's fields (give only what changes; '' clears a field)."""
    store, now = env.store, env.now
    current = store.get_post(post_id)
    draft = draft_from_post(current)
    changes: dict[str, Any] = {}
    if title is not None:
        changes["title"] = title
    if options["platform"] is not None:
        changes["platform"] = options["platform"]
    if options["when"] is not None:
        changes["date"], changes["time"] = _when(options["when"], now)
    if options["status"] is not None:
        changes["status"] = options["status"]
    if options["campaign"] is not None:
        changes["campaign"] = options["campaign"] or None
    if options["estimate"] is not None:
        changes["estimate_minutes"] = _estimate(options["estimate"])
    body = _body(options["body"], options["body_file"])
    if body is not None:
        changes["body"] = body
    for key, field in (("notes", "notes"), ("link", "link"), ("url", "published_url")):
        if options[key] is not None:
            changes[field] = options[key]
    draft = replace(draft, **changes)
    if options["repeat"] is not None:
        if not options["repeat"].strip() or options["repeat"].strip().casefold() == "never":
            draft = replace(draft, rrule=None)
        elif draft.date is None:
            fail("a repeating post needs a first date; add --at, e.g. --at 'tue 10am'")
        else:
            draft = replace(draft, rrule=parse_repeat(options["repeat"], draft.date))
    if not changes and options["repeat"] is None:
        raise click.UsageError("nothing to change; give at least one option, e.g. --title")
    saved = store.update_post(post_id, draft)
    click.echo(f"Updated post #{saved.id}: {_describe_post(saved)}")


@post.command("move")
@click.argument("post_id", metavar="ID", type=int)
@click.argument("when", nargs=-1, required=True)
@pass_env
def post_move(env: Env, post_id: int, when: tuple[str, ...]) -> None:
    """Put a post on another day/time (e.g. `tue 10am`), or `backlog`."""
    day, time = _when(" ".join(when), env.now)
    saved = env.store.move_post(post_id, day, time)
    click.echo(f"Moved post #{saved.id}: {_describe_post(saved)}")


@post.command("status")
@click.argument("post_id", metavar="ID", type=int)
@click.argument("status")
@click.option("--url", help="Where it was published (http…).")
@pass_env
def post_status(env: Env, post_id: int, status: str, url: str | None) -> None:
    """Set a post's status (idea, drafting, ready, scheduled, published, on_hold, cancelled)."""
    saved = env.store.set_status(post_id, status, published_url=url)
    click.echo(f"Post #{saved.id} is now {saved.status.label}: {saved.title}")


@post.command("rm")
@click.argument("post_id", metavar="ID", type=int)
@pass_env
def post_rm(env: Env, post_id: int) -> None:
    """Delete a post (its logged time stays, unlinked)."""
    store = env.store
    post_ = store.get_post(post_id)
    store.delete_post(post_id)
    click.echo(f"Deleted post #{post_.id}: {post_.title}")


@post.command("show")
@click.argument("post_id", metavar="ID", type=int)
@click.option(
    "--format", "fmt", type=click.Choice(("text", "json"), case_sensitive=False), default="text"
)
@pass_env
def post_show(env: Env, post_id: int, fmt: str) -> None:
    """Show one post in full."""
    found = env.store.get_post(post_id)
    if fmt == "json":
        import json

        click.echo(json.dumps(post_to_json(found), ensure_ascii=False, indent=2))
        return
    when = describe_when(found.date, found.time) if found.date else "backlog (no date)"
    rows = [
        ("platform", found.platform),
        ("status", found.status.label),
        ("when", f"{when} ({found.timezone})" if found.date else when),
        ("repeats", describe_repeat(found.rrule) if found.rrule else ""),
        ("campaign", found.campaign or ""),
        ("estimate", format_minutes(found.estimate_minutes) if found.estimate_minutes else ""),
        ("link", found.link),
        ("url", found.published_url),
        ("notes", found.notes),
    ]
    click.echo(f"#{found.id}  {found.title}")
    for label, value in rows:
        if value:
            lines = value.splitlines() or [""]
            click.echo(f"{label:<10}{lines[0]}")
            for more in lines[1:]:
                click.echo(f"{'':<10}{more}")
    if found.body:
        click.echo("")
        click.echo(found.body)


def _posts_table(posts: Sequence[Post]) -> list[str]:
    rows = [
        (
            p.id,
            f"{p.date:%a %Y-%m-%d}" if p.date else "backlog",
            f"{p.time:%H:%M}" if p.time else "",
            p.platform,
            p.status.label,
            p.title + (" ↻" if p.rrule else ""),
        )
        for p in posts
    ]
    if not rows:
        return ["No posts."]
    return render_table(
        ("ID", "DATE", "TIME", "PLATFORM", "STATUS", "TITLE"),
        rows,
        caps=(6, 14, 5, 10, 9, 80),
        flex=5,
        right=(0,),
    )


@post.command("list")
@period_options
@click.option("--platform", "-p", "platforms", multiple=True, help="Only this platform.")
@click.option("--status", "statuses", multiple=True, help="Only this status.")
@click.option("--campaign", help="Only this campaign.")
@click.option("--backlog", is_flag=True, help="Only undated posts (ideas).")
@format_option
@pass_env
def post_list(
    env: Env,
    week: str | None,
    start: str | None,
    end: str | None,
    platforms: tuple[str, ...],
    statuses: tuple[str, ...],
    campaign: str | None,
    backlog: bool,
    fmt: str,
) -> None:
    """List posts: a week, a period, the backlog, or (by default) all of them."""
    store = env.store
    days = period(env, week, start, end, prefer="future")
    filters: dict[str, Any] = {
        "platforms": platforms,
        "statuses": statuses,
        "campaign": campaign or None,
    }
    if backlog and days is not None:
        raise click.UsageError("--backlog lists undated posts; drop --week/--from/--to")
    if backlog:
        posts = store.backlog(**filters)
    elif days is not None:
        posts = store.occurrences_between(days[0], days[1], **filters)
    else:
        dated = store.posts_between(dt.date(1, 1, 1), dt.date(9999, 12, 31), **filters)
        posts = [*dated, *store.backlog(**filters)]
    emit([post_to_json(p) for p in posts], fmt, lambda: _posts_table(posts))


# ---------------------------------------------------------------- logging time


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


@cli.command(context_settings=_WORDS_SETTINGS)
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


@cli.group()
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


def _duty_name(store: Store, text: str) -> str:
    try:
        return store.duty(text).name
    except NotFoundError:
        return match_duty(text, store.duties()).name


@cli.command()
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
    names = [_duty_name(store, d) for d in duties]
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


@cli.group()
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


# ---------------------------------------------------------------- reference lists


@cli.group(invoke_without_command=True)
@format_option
@click.option("--all", "show_all", is_flag=True, help="Include archived platforms.")
@click.pass_context
def platforms(ctx: click.Context, fmt: str, show_all: bool) -> None:
    """List platforms (or `platforms add NAME`)."""
    if ctx.invoked_subcommand is not None:
        return
    store = ctx.find_object(Env).store  # type: ignore[union-attr]
    found = store.platforms(include_archived=show_all)
    records = [
        {
            "id": p.id,
            "name": p.name,
            "tag": p.tag,
            "colour": p.colour,
            "char_limit": p.char_limit,
            "default_duty": p.default_duty,
            "archived": p.archived,
        }
        for p in found
    ]
    emit(
        records,
        fmt,
        lambda: render_table(
            ("NAME", "TAG", "COLOUR", "LIMIT", "DUTY"),
            [
                (
                    p.name + (" (archived)" if p.archived else ""),
                    p.tag,
                    p.colour,
                    p.char_limit or "",
                    p.default_duty or "",
                )
                for p in found
            ],
            caps=(30, 4, 7, 6, 80),
            flex=4,
            right=(3,),
        ),
    )


@platforms.command("add")
@click.argument("name")
@click.option("--colour", "--color", default="#888888", show_default=True, help="Like #1877F2.")
@click.option("--tag", help="A short tag (up to 4 letters).")
@click.option("--limit", type=int, help="Character limit of a post.")
@click.option("--duty", default="social media", show_default=True, help="Duty its work counts to.")
@pass_env
def platform_add(
    env: Env, name: str, colour: str, tag: str | None, limit: int | None, duty: str
) -> None:
    """Add a platform."""
    store = env.store
    duty_name = _duty_name(store, duty) if duty.strip() else None
    added = store.add_platform(
        name, colour=colour, tag=tag, char_limit=limit, default_duty=duty_name
    )
    click.echo(f"Added platform {added.name} ({added.tag}, {added.colour})")


@cli.group(invoke_without_command=True)
@format_option
@click.option("--all", "show_all", is_flag=True, help="Include archived duties.")
@click.pass_context
def duties(ctx: click.Context, fmt: str, show_all: bool) -> None:
    """List duties (or `duties add NAME`)."""
    if ctx.invoked_subcommand is not None:
        return
    store = ctx.find_object(Env).store  # type: ignore[union-attr]
    found = store.duties(include_archived=show_all)
    records = [
        {
            "id": d.id,
            "name": d.name,
            "aliases": list(d.aliases),
            "social": d.social,
            "archived": d.archived,
        }
        for d in found
    ]
    emit(
        records,
        fmt,
        lambda: render_table(
            ("NAME", "SOCIAL", "ALIASES"),
            [
                (
                    d.name + (" (archived)" if d.archived else ""),
                    "yes" if d.social else "",
                    ", ".join(d.aliases),
                )
                for d in found
            ],
            caps=(34, 6, 80),
            flex=2,
        ),
    )


@duties.command("add")
@click.argument("name")
@click.option("--alias", "aliases", multiple=True, help="Another name to log it by (repeatable).")
@click.option("--social", is_flag=True, help="Counts as social media work.")
@pass_env
def duty_add(env: Env, name: str, aliases: tuple[str, ...], social: bool) -> None:
    """Add a duty."""
    added = env.store.add_duty(name, aliases=aliases, social=social)
    extra = f" (aliases: {', '.join(added.aliases)})" if added.aliases else ""
    click.echo(f"Added duty {added.name}{extra}")


@cli.group(invoke_without_command=True)
@format_option
@click.pass_context
def campaigns(ctx: click.Context, fmt: str) -> None:
    """List campaigns (or `campaigns add NAME`)."""
    if ctx.invoked_subcommand is not None:
        return
    store = ctx.find_object(Env).store  # type: ignore[union-attr]
    found = store.campaigns()
    records = [
        {
            "id": c.id,
            "name": c.name,
            "colour": c.colour,
            "start": c.start.isoformat() if c.start else None,
            "end": c.end.isoformat() if c.end else None,
        }
        for c in found
    ]
    if not found and fmt == "table":
        click.echo("No campaigns yet; add one with `calepin campaigns add NAME`.")
        return
    emit(
        records,
        fmt,
        lambda: render_table(
            ("NAME", "COLOUR", "START", "END"),
            [(c.name, c.colour, c.start or "", c.end or "") for c in found],
            caps=(80, 7, 10, 10),
            flex=0,
        ),
    )


@campaigns.command("add")
@click.argument("name")
@click.option("--colour", "--color", default="#4A90E2", show_default=True, help="Like #E94E77.")
@click.option("--start", metavar="DAY", help="First day.")
@click.option("--end", metavar="DAY", help="Last day.")
@pass_env
def campaign_add(env: Env, name: str, colour: str, start: str | None, end: str | None) -> None:
    """Add a campaign."""
    today = env.now.date()
    first = _day(start, today, "future", "--start") if start is not None else None
    last = _day(end, first or today, "future", "--end") if end is not None else None
    added = env.store.add_campaign(name, colour=colour, start=first, end=last)
    span = ""
    if added.start or added.end:
        span = f" ({added.start or '…'} to {added.end or '…'})"
    click.echo(f"Added campaign {added.name}{span}")


# ---------------------------------------------------------------- maintenance


@cli.command()
@pass_env
def demo(env: Env) -> None:
    """Fill the database with a realistic demo (only an empty one)."""
    fill_demo = _demo_filler()
    store = env.store
    counts = fill_demo(store, env.now)
    listed = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items())
    click.echo(f"Demo added to {store.path}: {listed}")


@cli.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@pass_env
def backup(env: Env, path: Path | None) -> None:
    """Copy the database to PATH (default: beside it, with the time in the name)."""
    try:
        written = env.store.backup(path)
    except OSError as exc:
        fail(f"cannot write the backup: {exc.strerror or exc}")
    click.echo(f"Backup written to {written}")


@cli.command()
@pass_env
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


# ---------------------------------------------------------------- entry point


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """The console script: exit 0, 1 (error), 2 (usage) or 130 (interrupted); no tracebacks."""
    try:
        result = cli.main(args=argv, prog_name="calepin", standalone_mode=False)
        code = result if isinstance(result, int) else 0
        sys.stdout.flush()
    except click.exceptions.Abort as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt | EOFError):
            code = 130
        else:
            click.echo("Aborted.", err=True)
            code = 1
    except KeyboardInterrupt:
        code = 130
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    except BrokenPipeError:
        code = _broken_pipe()
    except OSError as exc:
        import errno

        if exc.errno == errno.EPIPE:
            code = _broken_pipe()
        else:
            click.echo(f"Error: {exc.strerror or exc}", err=True)
            code = 1
    except Exception as exc:  # never a traceback for the user; CALEPIN_DEBUG=1 shows it
        if os.environ.get("CALEPIN_DEBUG"):
            raise
        click.echo(
            f"Error: unexpected {type(exc).__name__}: {exc} (set CALEPIN_DEBUG=1 for details)",
            err=True,
        )
        code = 1
    sys.exit(code)


def _broken_pipe() -> int:
    # The reader went away (`calepin entries | head`): send the rest nowhere, quietly.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 1


if __name__ == "__main__":
    # Run through the importable module so lazy sub-commands share one `tui.cli`.
    import tui.cli

    tui.cli.main()
