"""`calepin config …`: show, locate and apply the settings file.

Loaded only when `calepin config` or `calepin report` runs (see `LAZY_COMMANDS` in `tui.cli.main`).
"""

from __future__ import annotations

from pathlib import Path

import click

from storage.settings import Settings, config_path, load_settings
from tui.cli.main import Env, pass_env

config_option = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="CALEPIN_CONFIG",
    help="The settings file (default: config.toml in your config folder; env CALEPIN_CONFIG).",
)


def settings_from(config_file: Path | None) -> Settings:
    """The settings in `config_file`, else in the usual config file."""
    return load_settings(config_file if config_file is not None else config_path())


@click.group()
def config() -> None:
    """The settings file: show, path, apply."""


@config.command("show")
@config_option
@pass_env
def config_show(env: Env, config_file: Path | None) -> None:
    """Print the effective settings, the file they come from and where the time zone does."""
    from storage.settings import settings_toml  # lazy: `report` imports this module too

    settings = settings_from(config_file)
    if settings.loaded:
        click.echo(f"# Settings from {settings.path}")
    else:
        click.echo(f"# No file at {settings.path}: these are the defaults")
    click.echo(f"# {zone_source(env, settings)}")
    click.echo(settings_toml(settings), nl=False)


def zone_source(env: Env, settings: Settings) -> str:
    """Where the time zone comes from: the database's home zone, or what a new one takes."""
    if not env.demo and not env.db_path.exists():  # a look creates no database
        from storage.timeutil import system_zone_name

        taken = (
            f"{settings.timezone}, from this file"
            if settings.timezone
            else f"{system_zone_name()}, the system's"
        )
        return f"Time zone: no database at {env.db_path} yet; a new one takes {taken}"
    home = env.store.zone_name
    where = f"Time zone: {home}, the home zone stored in the database {env.db_path}"
    if not settings.timezone:
        return f"{where} (this file names none)"
    if settings.timezone == home:
        return f"{where} (this file names the same)"
    return (
        f"{where}; this file names {settings.timezone}:"
        " `calepin config apply --keep wall|instant` moves the database to it"
    )


@config.command("path")
@config_option
def config_path_command(config_file: Path | None) -> None:
    """Print where the settings file is read from."""
    click.echo(str(config_file if config_file is not None else config_path()))


@config.command("apply")
@config_option
@click.option(
    "--keep",
    type=click.Choice(["wall", "instant"]),
    help="When the file's time zone differs from the database's: planned posts keep their"
    " clock time (wall: 11:30 stays 11:30) or their moment (instant). Required then.",
)
@pass_env
def config_apply(env: Env, config_file: Path | None, keep: str | None) -> None:
    """Move the database to the file's time zone; add or update the platforms and duties the
    settings file lists (never deletes)."""
    from storage.errors import ValidationError
    from storage.settings import apply_to_store, zone_move

    settings = settings_from(config_file)
    move = zone_move(settings, env.store)
    if move is not None and keep is None:
        raise ValidationError(
            f"the settings file moves the time zone from {move[0]} to {move[1]}; say what"
            " planned posts keep with --keep wall (their clock time, 11:30 stays 11:30) or"
            " --keep instant (their moment); nothing was changed"
        )
    changes = apply_to_store(settings, env.store, keep=keep)
    for line in changes or ["Nothing to change: the database matches the settings."]:
        click.echo(line)
