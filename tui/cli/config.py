"""`calepin config …`: show, locate and apply the settings file.

Loaded only when `calepin config` or `calepin report` runs (see `LAZY_COMMANDS` in `tui.cli.main`).
"""

from __future__ import annotations

from pathlib import Path

import click

from storage.i18n import N_, _
from storage.settings import Settings, config_path, load_settings
from tui.cli.main import Env, pass_env
from tui.cli.translated import Group

config_option = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="CALEPIN_CONFIG",
    help=N_("The settings file (default: config.toml in your config folder; env CALEPIN_CONFIG)."),
)


def settings_from(config_file: Path | None) -> Settings:
    """The settings in `config_file`, else in the usual config file."""
    return load_settings(config_file if config_file is not None else config_path())


@click.group(
    cls=Group,
    help=N_("The settings file: show, path, apply."),
)
def config() -> None:
    pass


@config.command(
    "show",
    help=N_("Print the effective settings, the file they come from and where the time zone does."),
)
@config_option
@pass_env
def config_show(env: Env, config_file: Path | None) -> None:
    from storage.settings import settings_toml  # lazy: `report` imports this module too

    settings = settings_from(config_file)
    if settings.loaded:
        click.echo("# " + _("Settings from {path}").format(path=settings.path))
    else:
        click.echo("# " + _("No file at {path}: these are the defaults").format(path=settings.path))
    click.echo(f"# {zone_source(env, settings)}")
    click.echo(settings_toml(settings), nl=False)


def zone_source(env: Env, settings: Settings) -> str:
    """Where the time zone comes from: the database's home zone, or what a new one takes."""
    if not env.demo and not env.db_path.exists():  # a look creates no database
        from storage.timeutil import system_zone_name

        if settings.timezone:
            text = _("Time zone: no database at {path} yet; a new one takes {zone}, from this file")
            return text.format(path=env.db_path, zone=settings.timezone)
        text = _("Time zone: no database at {path} yet; a new one takes {zone}, the system's")
        return text.format(path=env.db_path, zone=system_zone_name())
    home = env.store.zone_name
    if not settings.timezone:
        text = _(
            "Time zone: {zone}, the home zone stored in the database {path} (this file names none)"
        )
    elif settings.timezone == home:
        text = _(
            "Time zone: {zone}, the home zone stored in the database {path} "
            "(this file names the same)"
        )
    else:
        text = _(
            "Time zone: {zone}, the home zone stored in the database {path}; this file names "
            "{other}: `calepin config apply --keep wall|instant` moves the database to it"
        )
    return text.format(zone=home, path=env.db_path, other=settings.timezone)


@config.command(
    "path",
    help=N_("Print where the settings file is read from."),
)
@config_option
def config_path_command(config_file: Path | None) -> None:
    click.echo(str(config_file if config_file is not None else config_path()))


@config.command(
    "apply",
    help=N_(
        "Move the database to the file's time zone; add or update the platforms and duties the\n"
        "settings file lists (never deletes)."
    ),
)
@config_option
@click.option(
    "--keep",
    type=click.Choice(["wall", "instant"]),
    help=N_(
        "When the file's time zone differs from the database's: planned posts keep their"
        " clock time (wall: 11:30 stays 11:30) or their moment (instant). Required then."
    ),
)
@pass_env
def config_apply(env: Env, config_file: Path | None, keep: str | None) -> None:
    from storage.errors import ValidationError
    from storage.settings import apply_to_store, zone_move

    settings = settings_from(config_file)
    move = zone_move(settings, env.store)
    if move is not None and keep is None:
        raise ValidationError(
            _(
                "the settings file moves the time zone from {old} to {new}; say what"
                " planned posts keep with --keep wall (their clock time, 11:30 stays 11:30) or"
                " --keep instant (their moment); nothing was changed"
            ).format(old=move[0], new=move[1])
        )
    changes = apply_to_store(settings, env.store, keep=keep)
    for line in changes or [_("Nothing to change: the database matches the settings.")]:
        click.echo(line)
