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
def config_show(config_file: Path | None) -> None:
    """Print the effective settings and the file they come from."""
    from storage.settings import settings_toml  # lazy: `report` imports this module too

    settings = settings_from(config_file)
    if settings.loaded:
        click.echo(f"# Settings from {settings.path}")
    else:
        click.echo(f"# No file at {settings.path}: these are the defaults")
    click.echo(settings_toml(settings), nl=False)


@config.command("path")
@config_option
def config_path_command(config_file: Path | None) -> None:
    """Print where the settings file is read from."""
    click.echo(str(config_file if config_file is not None else config_path()))


@config.command("apply")
@config_option
@pass_env
def config_apply(env: Env, config_file: Path | None) -> None:
    """Add or update the platforms and duties the settings file lists (never deletes)."""
    from storage.settings import apply_to_store

    settings = settings_from(config_file)
    changes = apply_to_store(settings, env.store)
    for line in changes or ["Nothing to change: the database matches the settings."]:
        click.echo(line)
