"""`calepin post …`: plan posts from the command line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import click

from storage import Status, draft_from_post, wording
from storage.i18n import N_, _, is_french
from tui.cli.common import (
    POST_ID,
    emit,
    fail,
    format_option,
    given_day,
    period,
    period_options,
    post_to_json,
    table,
)
from tui.cli.main import Env, pass_env, read_only
from tui.cli.translated import Group

# `storage.commands` (the rules for one date of a series, and the hours' rules it sits beside)
# and the grammar are imported by the commands that use them: `post list` reads neither.
if TYPE_CHECKING:
    from storage import Post

# `--at backlog` (or its French words) puts a post back among the undated ideas.
_BACKLOG_WORDS = {"backlog", "none", "undated", "banque", "aucune", "sans date"}


@click.group(
    cls=Group,
    help=N_("Plan posts: add, list, show, edit, move, status, rm, restore."),
)
def post() -> None:
    pass


def _when(text: str, now: dt.datetime) -> tuple[dt.date | None, dt.time | None]:
    if text.strip().casefold() in _BACKLOG_WORDS:
        return None, None
    if not text.strip():
        fail(_("no date given; try tue 10am, tomorrow 14:30, 2026-12-03, or backlog"))
    from storage.grammar import parse_when

    return parse_when(text, now, prefer="future")


def _reading(
    day: dt.date | None, time: dt.time | None, zone_name: str, second: bool | None
) -> dt.time | None:
    """The time with the reading asked for by --second/--first, for a time that happens
    twice (clocks going back); None leaves it as it is (a new time: the first one)."""
    if second is None:
        return time
    if day is None or time is None:
        fail(_("--second and --first choose between two readings of a time; give one with --at"))
    from storage.errors import ValidationError
    from storage.grammar.wall import with_reading  # lazy: only these posts need the zone's changes

    try:
        return with_reading(day, time, zone_name, second)
    except ValidationError as exc:
        fail(
            _("{error}; drop {option}").format(
                error=exc, option="--second" if second else "--first"
            )
        )


def _note_twice(post: Post) -> None:
    """Says which reading a time that happens twice is, and how to choose the other."""
    if post.date is None or post.time is None:
        return
    from storage.grammar import clock_shift, twice_message

    shift = clock_shift(post.date, post.time, post.timezone)
    if shift is None or shift.kind != "twice":
        return
    if post.rrule:
        hint = ""
    elif post.fold:
        hint = _("; --first for the first one ({reading})").format(reading=shift.first)
    else:
        hint = _("; add --second for the second one ({reading})").format(reading=shift.second)
    click.echo(
        _("Note: {message}{hint}").format(message=twice_message(shift, post.fold), hint=hint),
        err=True,
    )


def _which_reading(post: Post) -> str:
    """', the second of two 01:30s: EST' for a time that happens twice; '' otherwise."""
    if post.date is None or post.time is None:
        return ""
    from storage.grammar import clock_shift

    shift = clock_shift(post.date, post.time, post.timezone)
    if shift is None or shift.kind != "twice":
        return ""
    if post.fold:
        text = _(", the second of two {time}s: {reading}")
    else:
        text = _(", the first of two {time}s: {reading}")
    reading = shift.second if post.fold else shift.first
    return text.format(time=wording.clock(post.time), reading=reading)


def _estimate(text: str) -> int | None:
    if not text.strip():
        return None
    from storage.grammar import parse_duration

    return parse_duration(text)


def _describe_post(post: Post) -> str:
    from storage.grammar import describe_when

    when = describe_when(post.date, post.time) if post.date else _("backlog")
    return f"{when} · {post.platform} · {post.status.label} · {post.title}"


def dates_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """`--on DAY` (one date of a repeating post) and `--series` (all of its dates)."""
    func = click.option(
        "--series", is_flag=True, help=N_("A repeating post: change every date of the series.")
    )(func)
    return click.option(
        "--on",
        "on",
        metavar="DAY",
        help=N_("A repeating post: change only this date (2026-12-04)."),
    )(func)


def _on_day(env: Env, on: str | None) -> dt.date | None:
    if on is None:
        return None
    return given_day(on, env.now.date(), "future", "--on")


def _changed(saved: Post, on: dt.date | None, whole: str, one_date: str) -> str:
    """`whole` said of the post, or `one_date` of one date of its series (`on`)."""
    if on is None:
        return _(whole).format(id=saved.id, post=_describe_post(saved))
    day = wording.day_label(on, year=True)
    return _(one_date).format(id=saved.id, day=day, post=_describe_post(saved))


def post_options(func: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--url", help=N_("Where it was published (http…).")),
        click.option("--link", help=N_("A link the post points to (http…).")),
        click.option(
            "--repeat", metavar="RULE", help=N_("e.g. 'every tue', 'monthly on the first thu'.")
        ),
        click.option(
            "--body-file",
            type=click.File("rb"),
            help=N_("Read the copy from a file ('-' for standard input): UTF-8, or Windows-1252."),
        ),
        click.option("--notes", help=N_("Private notes.")),
        click.option("--body", help=N_("The copy.")),
        click.option("--estimate", metavar="DURATION", help=N_("Effort, e.g. 45m or 1h30.")),
        click.option("--campaign", help=N_("Campaign name.")),
        click.option("--status", help=N_("idea, drafting, ready, scheduled, published, …")),
        click.option(
            "--second/--first",
            "second",
            default=None,
            help=N_(
                "A time that happens twice (clocks going back): the second one, or the first"
                " (the default)."
            ),
        ),
        click.option("--at", "when", metavar="WHEN", help=N_("e.g. 'tue 10am'; omit for backlog.")),
        click.option("--platform", "-p", help=N_("Facebook, Instagram, LinkedIn …")),
    ]
    for option in options:
        func = option(func)
    return func


def _body(body: str | None, body_file: Any) -> str | None:
    if body is not None and body_file is not None:
        raise click.UsageError(_("use either --body or --body-file, not both"))
    if body_file is not None:
        from exporters.csv_import import decode  # one reading of text files: CSV and copy

        text, _encoding = decode(body_file.read())
        return text
    return body


@post.command(
    "add",
    help=N_("Add a post; prints its id. Without --at it goes to the backlog."),
)
@click.argument("title", nargs=-1, required=True)
@post_options
@pass_env
def post_add(env: Env, title: tuple[str, ...], **options: Any) -> None:
    from storage import PostDraft
    from storage.grammar import parse_repeat

    if not options["platform"]:
        raise click.UsageError(_("Missing option '--platform'."))
    store, now = env.store, env.now
    day, time = _when(options["when"], now) if options["when"] is not None else (None, None)
    time = _reading(day, time, store.zone_name, options["second"])
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
            fail(_("a repeating post needs a first date; add --at, e.g. --at 'tue 10am'"))
        draft = replace(draft, rrule=parse_repeat(options["repeat"], day))
    saved = store.add_post(draft)
    click.echo(saved.id)
    click.echo(
        _("Added post #{id}: {post}").format(id=saved.id, post=_describe_post(saved)), err=True
    )
    _note_twice(saved)


@post.command(
    "edit",
    help=N_("Change a post's fields (give only what changes; '' clears a field)."),
)
@click.argument("post_id", metavar="ID", type=POST_ID)
@click.option("--title", help=N_("New title."))
@post_options
@dates_options
@pass_env
def post_edit(
    env: Env, post_id: int, title: str | None, on: str | None, series: bool, **options: Any
) -> None:
    from storage import commands
    from storage.grammar import parse_repeat

    store, now = env.store, env.now
    day = _on_day(env, on)
    aim = commands.target(store, post_id, on=day, series=series)
    current = commands.one_date(store, aim) if aim.day is not None else aim.post
    draft = draft_from_post(current)
    changes: dict[str, Any] = {}
    if title is not None:
        changes["title"] = title
    if options["platform"] is not None:
        changes["platform"] = options["platform"]
    if options["when"] is not None:
        changes["date"], changes["time"] = _when(options["when"], now)
    if options["second"] is not None:
        day_at = changes.get("date", draft.date)
        changes["time"] = _reading(
            day_at, changes.get("time", draft.time), draft.timezone, options["second"]
        )
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
            fail(_("a repeating post needs a first date; add --at, e.g. --at 'tue 10am'"))
        else:
            draft = replace(draft, rrule=parse_repeat(options["repeat"], draft.date))
    if not changes and options["repeat"] is None:
        raise click.UsageError(_("nothing to change; give at least one option, e.g. --title"))
    saved = commands.edit_post(store, post_id, draft, on=day, series=series)
    click.echo(
        _changed(
            saved, day, N_("Updated post #{id}: {post}"), N_("Updated post #{id} on {day}: {post}")
        )
    )
    _note_twice(saved)


@post.command(
    "move",
    help=N_(
        "Put a post on another day/time (e.g. `tue 10am`), or `backlog`. A day alone keeps\n"
        "the post's time."
    ),
)
@click.argument("post_id", metavar="ID", type=POST_ID)
@click.argument("when", nargs=-1, required=True)
@click.option(
    "--second/--first",
    "second",
    default=None,
    help=N_("A time that happens twice (clocks going back): the second one, or the first."),
)
@dates_options
@pass_env
def post_move(
    env: Env,
    post_id: int,
    when: tuple[str, ...],
    second: bool | None,
    on: str | None,
    series: bool,
) -> None:
    from storage import commands

    day, time = _when(" ".join(when), env.now)
    if day is not None and time is None:
        # Moving to another day is not a reason to forget when in the day it goes out.
        time = env.store.get_post(post_id).time
    time = _reading(day, time, env.store.get_post(post_id).timezone, second)
    one = _on_day(env, on)
    saved = commands.move_post(env.store, post_id, day, time, on=one, series=series)
    click.echo(
        _changed(
            saved, one, N_("Moved post #{id}: {post}"), N_("Moved post #{id} on {day}: {post}")
        )
    )
    _note_twice(saved)


@post.command(
    "status",
    help=N_(
        "Set a post's status (idea, drafting, ready, scheduled, published, on_hold, cancelled)."
    ),
)
@click.argument("post_id", metavar="ID", type=POST_ID)
@click.argument("status")
@click.option("--url", help=N_("Where it was published (http…)."))
@dates_options
@pass_env
def post_status(
    env: Env, post_id: int, status: str, url: str | None, on: str | None, series: bool
) -> None:
    from storage import commands

    day = _on_day(env, on)
    saved = commands.set_status(env.store, post_id, status, on=day, series=series, url=url)
    if day is None:
        text = _("Post #{id} is now {status}: {title}")
    else:
        text = _("Post #{id} on {day} is now {status}: {title}")
    shown = wording.day_label(day, year=True) if day is not None else ""
    click.echo(text.format(id=saved.id, day=shown, status=saved.status.label, title=saved.title))


@post.command(
    "rm",
    help=N_(
        "Delete a post (its logged time stays, unlinked); `--on DAY` skips one date of a series."
    ),
)
@click.argument("post_id", metavar="ID", type=POST_ID)
@dates_options
@pass_env
def post_rm(env: Env, post_id: int, on: str | None, series: bool) -> None:
    from storage import commands

    day = _on_day(env, on)
    staying = ""
    if day is None:  # which copies on other platforms stay, as the TUI's question says
        staying = commands.copies_staying(env.store, env.store.get_post(post_id))
    gone = commands.delete_post(env.store, post_id, on=day, series=series)
    if day is not None:
        click.echo(
            _("Skipped post #{id} on {day}: {title}").format(
                id=post_id, day=wording.day_label(day, year=True), title=gone.title
            )
        )
    else:
        click.echo(
            _("Deleted post #{id}: {title} ({platform}) {staying}")
            .format(id=gone.id, title=gone.title, platform=gone.platform, staying=staying)
            .rstrip()
        )


@post.command(
    "restore",
    help=N_(
        "Bring one date of a repeating post back as the series has it (un-skip, undo changes)."
    ),
)
@click.argument("post_id", metavar="ID", type=POST_ID)
@click.option("--on", "on", metavar="DAY", required=True, help=N_("The date to bring back."))
@pass_env
def post_restore(env: Env, post_id: int, on: str) -> None:
    from storage import commands

    day = _on_day(env, on)
    assert day is not None
    series = commands.restore_date(env.store, post_id, day)
    click.echo(
        _("Restored post #{id} on {day}: {title}").format(
            id=series.id, day=wording.day_label(day, year=True), title=series.title
        )
    )


@post.command(
    "show",
    help=N_("Show one post in full."),
)
@click.argument("post_id", metavar="ID", type=POST_ID)
@click.option(
    "--format", "fmt", type=click.Choice(("text", "json"), case_sensitive=False), default="text"
)
@pass_env
@read_only
def post_show(env: Env, post_id: int, fmt: str) -> None:
    found = env.store.get_post(post_id)
    if fmt == "json":
        import json

        click.echo(json.dumps(post_to_json(found), ensure_ascii=False, indent=2))
        return
    from storage.grammar import describe_repeat, describe_when

    when = describe_when(found.date, found.time) if found.date else _("backlog (no date)")
    from storage.timesheet import logged_minutes_by_post

    logged = logged_minutes_by_post(env.store, [found.id], env.now)[found.id]
    effort = found.estimate_minutes is not None or logged
    rows = [
        (_("platform"), found.platform),
        (_("status"), found.status.label),
        (_("when"), f"{when} ({found.timezone}{_which_reading(found)})" if found.date else when),
        (_("repeats"), describe_repeat(found.rrule) if found.rrule else ""),
        (_("campaign"), found.campaign or ""),
        (_("effort"), wording.effort_text(logged, found.estimate_minutes) if effort else ""),
        (_("link"), found.link),
        (_("url"), found.published_url),
        (_("notes"), found.notes),
    ]
    click.echo(f"#{found.id}  {found.title}")
    width = max(10, *(len(label) + 1 for label, _value in rows))  # "plateforme" and a space
    for label, value in rows:
        if value:
            lines = value.splitlines() or [""]
            click.echo(f"{label:<{width}}{lines[0]}")
            for more in lines[1:]:
                click.echo(f"{'':<{width}}{more}")
    if found.body:
        click.echo("")
        click.echo(found.body)


def _posts_table(posts: Sequence[Post]) -> list[str]:
    rows = [
        (
            p.id,
            f"{wording.weekday_name(p.date, short=True)} {p.date:%Y-%m-%d}"
            if p.date
            else _("backlog"),
            f"{p.time:%H:%M}" if p.time else "",
            p.platform,
            p.status.label,
            p.title + (" ↻" if p.rrule else ""),
        )
        for p in posts
    ]
    if not rows:
        return [_("No posts.")]
    return table(
        (_("ID"), _("DATE"), _("TIME"), _("PLATFORM"), _("STATUS"), _("TITLE")),
        rows,
        # French statuses are longer ("en rédaction"); the title's column gives way.
        caps=(6, 15, 5, 10, 12 if is_french() else 9, 80),  # "dim. 2026-11-22": 15
        flex=5,
        right=(0,),
    )


@post.command(
    "list",
    help=N_("List posts: a week, a period, the backlog, or (by default) all of them."),
)
@period_options
@click.option("--platform", "-p", "platforms", multiple=True, help=N_("Only this platform."))
@click.option("--status", "statuses", multiple=True, help=N_("Only this status."))
@click.option("--campaign", help=N_("Only this campaign."))
@click.option("--backlog", is_flag=True, help=N_("Only undated posts (ideas)."))
@click.option(
    "--search", "words", metavar="WORDS", help=N_("Only posts with every word (full text).")
)
@format_option
@pass_env
@read_only
def post_list(
    env: Env,
    week: str | None,
    start: str | None,
    end: str | None,
    platforms: tuple[str, ...],
    statuses: tuple[str, ...],
    campaign: str | None,
    backlog: bool,
    words: str | None,
    fmt: str,
) -> None:
    store = env.store
    days = period(env, week, start, end, prefer="future")
    filters: dict[str, Any] = {
        "platforms": platforms,
        "statuses": statuses,
        "campaign": campaign or None,
    }
    if backlog and days is not None:
        raise click.UsageError(_("--backlog lists undated posts; drop --week/--from/--to"))
    if backlog:
        posts = store.backlog(**filters)
    elif days is not None:
        first, last = days
        if week is None and (start is None or end is None):
            # An open end lists what is near the given day: repeating posts expand over a
            # bounded span (recurrence.MAX_SPAN_YEARS), never to the year 9999.
            from storage.recurrence import MAX_SPAN_YEARS

            reach = dt.timedelta(days=MAX_SPAN_YEARS * 366 - 1)
            if end is None:
                last = min(last, first + reach)
            else:
                first = max(first, last - reach)
        posts = store.occurrences_between(first, last, **filters)
    else:
        dated = store.posts_between(dt.date(1, 1, 1), dt.date(9999, 12, 31), **filters)
        posts = [*dated, *store.backlog(**filters)]
    if words is not None:
        from tui.cli.search import only_matching

        posts = only_matching(store, posts, words)
    emit([post_to_json(p) for p in posts], fmt, lambda: _posts_table(posts))
