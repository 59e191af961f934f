"""`calepin sync`: the posts two-way with the shared CalDAV calendar of `[sync]`, meetings pulled.

Loaded only when `calepin sync` runs (see `LAZY_COMMANDS` in `tui.cli.main`); caldav and
keyring load inside the run.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

import click

from storage.errors import CalepinError
from storage.i18n import N_, _
from tui.cli.main import Env, pass_env
from tui.cli.translated import Command

if TYPE_CHECKING:
    from exporters.sync.engine import SyncProgress, SyncReport, SyncTarget


@click.command(
    "sync",
    cls=Command,
    help=N_(
        "Sync the posts with a shared CalDAV calendar.\n"
        "\n"
        "Both ways, with the server and calendars of [sync] in the settings file; the meetings\n"
        "calendar, if set, is pulled into the hours. A post changed on both sides is kept twice\n"
        "and reported. The password comes from CALEPIN_SYNC_PASSWORD or the system keyring\n"
        "(see --set-password)."
    ),
)
@click.option(
    "--dry-run", is_flag=True, help=N_("Show what would travel; write nothing on either side.")
)
@click.option(
    "--set-password",
    is_flag=True,
    help=N_(
        "Keep the server's password in the system keyring (asked twice, hidden; or one line "
        "read from stdin), then stop."
    ),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("text", "json"), case_sensitive=False),
    default="text",
    show_default=True,
    help=N_("Output format."),
)
@pass_env
def sync(env: Env, dry_run: bool, set_password: bool, fmt: str) -> None:
    from exporters.sync.password import sync_target

    if set_password and dry_run:
        raise click.UsageError(_("--set-password stores the password only: run --dry-run apart"))
    target = sync_target(env.settings)
    if set_password:
        _set_password(target)
        return
    from exporters.sync.engine import SyncError, run_sync
    from exporters.sync.password import quotes_password, sync_password, without_password

    password = sync_password(target, os.environ)
    store, now = env.store, env.now
    showing = _Progress() if fmt == "text" and sys.stderr.isatty() else None
    try:
        report = run_sync(store, target, password, now=now, dry_run=dry_run, progress=showing)
    except CalepinError as exc:
        if quotes_password(exc, target.username, password):
            raise SyncError(without_password(str(exc), target.username, password)) from None
        raise
    except Exception as exc:  # a library's own, or a bug: no traceback, never the password
        if os.environ.get("CALEPIN_DEBUG") and not quotes_password(exc, target.username, password):
            raise
        raise click.ClickException(
            _(
                "the sync stopped: unexpected {kind}: {error} (set CALEPIN_DEBUG=1 for details)"
            ).format(
                kind=type(exc).__name__,
                error=without_password(str(exc), target.username, password),
            )
        ) from None
    finally:
        if showing is not None:
            showing.clear()
    if fmt == "json":
        import json

        click.echo(json.dumps(report_to_json(report), ensure_ascii=False, indent=2))
        return
    click.echo("\n".join(report.lines()))


def report_to_json(report: SyncReport) -> dict[str, Any]:
    """What a run did, for scripts: titles by direction and kind, conflicts, skips."""
    return {
        "dry_run": report.dry_run,
        "sent": {
            "added": list(report.sent_added),
            "changed": list(report.sent_changed),
            "deleted": list(report.sent_deleted),
        },
        "received": {
            "added": list(report.got_added),
            "changed": list(report.got_changed),
            "deleted": list(report.got_deleted),
        },
        "conflicts": [
            {
                "uid": c.uid,
                "title": c.title,
                "theirs_by": c.theirs_by,
                "kept_both": c.kept_both,
            }
            for c in report.conflicts
        ],
        "skipped": list(report.skipped),
        "meetings": report.meetings,
    }


def _set_password(target: SyncTarget) -> None:
    from exporters.sync.password import store_password

    if sys.stdin.isatty():
        password = click.prompt(
            _("Password for {user} at {url}").format(user=target.username, url=target.url),
            hide_input=True,
            confirmation_prompt=_("Again, to check"),
        )
    else:  # piped: `pass show nextcloud | calepin sync --set-password`
        password = sys.stdin.readline().rstrip("\r\n")
    store_password(target, password)
    click.echo(
        _("Password kept in the system keyring for {user} at {url}.").format(
            user=target.username, url=target.url
        )
    )
    from exporters.sync.password import PASSWORD_VARIABLE

    if os.environ.get(PASSWORD_VARIABLE):
        click.echo(
            _("{variable} is set and comes first: unset it for the keyring's to be used.").format(
                variable=PASSWORD_VARIABLE
            )
        )


class _Progress:
    """How far the run is, on one line of the terminal, rewritten as it goes."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, progress: SyncProgress) -> None:
        from storage import wording

        text = _("{step}: {done} of {total}").format(
            step=progress.step,
            done=wording.number(progress.done),
            total=wording.number(progress.total),
        )
        click.echo(f"\r\x1b[2K{text}", nl=False, err=True)
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            click.echo("\r\x1b[2K", nl=False, err=True)
