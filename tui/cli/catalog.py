"""`calepin platforms`, `duties` and `campaigns`: the reference lists, and adding to them."""

from __future__ import annotations

import click

from storage.i18n import N_, _
from tui.cli.common import duty_name, emit, format_option, given_period, table
from tui.cli.main import Env, pass_env, read_only
from tui.cli.translated import Group


@click.group(
    cls=Group,
    invoke_without_command=True,
    help=N_("List platforms (or `platforms add NAME`)."),
)
@format_option
@click.option("--all", "show_all", is_flag=True, help=N_("Include archived platforms."))
@click.pass_context
@read_only
def platforms(ctx: click.Context, fmt: str, show_all: bool) -> None:
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
        lambda: table(
            (_("NAME"), _("TAG"), _("COLOUR"), _("LIMIT"), _("DUTY")),
            [
                (
                    p.name + (_(" (archived)") if p.archived else ""),
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


@platforms.command(
    "add",
    help=N_("Add a platform."),
)
@click.argument("name")
@click.option("--colour", "--color", default="#888888", show_default=True, help=N_("Like #1877F2."))
@click.option("--tag", help=N_("A short tag (up to 4 letters)."))
@click.option("--limit", type=int, help=N_("Character limit of a post."))
@click.option(
    "--duty", default="social media", show_default=True, help=N_("Duty its work counts to.")
)
@pass_env
def platform_add(
    env: Env, name: str, colour: str, tag: str | None, limit: int | None, duty: str
) -> None:
    store = env.store
    default_duty = duty_name(store, duty) if duty.strip() else None
    added = store.add_platform(
        name, colour=colour, tag=tag, char_limit=limit, default_duty=default_duty
    )
    click.echo(
        _("Added platform {name} ({tag}, {colour})").format(
            name=added.name, tag=added.tag, colour=added.colour
        )
    )


@click.group(
    cls=Group,
    invoke_without_command=True,
    help=N_("List duties (or `duties add NAME`)."),
)
@format_option
@click.option("--all", "show_all", is_flag=True, help=N_("Include archived duties."))
@click.pass_context
@read_only
def duties(ctx: click.Context, fmt: str, show_all: bool) -> None:
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
        lambda: table(
            (_("NAME"), _("SOCIAL"), _("ALIASES")),
            [
                (
                    d.name + (_(" (archived)") if d.archived else ""),
                    _("yes") if d.social else "",
                    ", ".join(d.aliases),
                )
                for d in found
            ],
            caps=(34, 6, 80),
            flex=2,
        ),
    )


@duties.command(
    "add",
    help=N_("Add a duty."),
)
@click.argument("name")
@click.option(
    "--alias", "aliases", multiple=True, help=N_("Another name to log it by (repeatable).")
)
@click.option("--social", is_flag=True, help=N_("Counts as social media work."))
@pass_env
def duty_add(env: Env, name: str, aliases: tuple[str, ...], social: bool) -> None:
    added = env.store.add_duty(name, aliases=aliases, social=social)
    text = _("Added duty {name} (aliases: {aliases})") if added.aliases else _("Added duty {name}")
    click.echo(text.format(name=added.name, aliases=", ".join(added.aliases)))


@click.group(
    cls=Group,
    invoke_without_command=True,
    help=N_("List campaigns (or `campaigns add NAME`)."),
)
@format_option
@click.pass_context
@read_only
def campaigns(ctx: click.Context, fmt: str) -> None:
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
        click.echo(_("No campaigns yet; add one with `calepin campaigns add NAME`."))
        return
    emit(
        records,
        fmt,
        lambda: table(
            (_("NAME"), _("COLOUR"), _("START"), _("END")),
            [(c.name, c.colour, c.start or "", c.end or "") for c in found],
            caps=(80, 7, 10, 10),
            flex=0,
        ),
    )


@campaigns.command(
    "add",
    help=N_("Add a campaign."),
)
@click.argument("name")
@click.option("--colour", "--color", default="#4A90E2", show_default=True, help=N_("Like #E94E77."))
@click.option("--start", metavar="DAY", help=N_("First day."))
@click.option("--end", metavar="DAY", help=N_("Last day."))
@pass_env
def campaign_add(env: Env, name: str, colour: str, start: str | None, end: str | None) -> None:
    first, last = given_period(env, start, end, "future", ("--start", "--end"))
    added = env.store.add_campaign(name, colour=colour, start=first, end=last)
    if added.start or added.end:
        text = _("Added campaign {name} ({start} to {end})")
    else:
        text = _("Added campaign {name}")
    click.echo(text.format(name=added.name, start=added.start or "…", end=added.end or "…"))
