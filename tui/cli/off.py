"""`calepin off`: mark days off (vacation, sick days …), list them, remove them.

Days off carry no contracted time (storage.contracted). Loaded only when `calepin off`
runs (see `LAZY_COMMANDS` in `tui.cli.main`).
"""

from __future__ import annotations

from typing import Any

import click

from storage import CalepinError
from storage.contracted import DayOff, parse_days_off
from storage.i18n import N_, _, ngettext
from tui.cli.common import LARGEST_ID, emit, fail, format_option, table
from tui.cli.main import Env, pass_env
from tui.cli.translated import Group


def _record(mark: DayOff) -> dict[str, Any]:
    return {
        "id": mark.id,
        "first": mark.first.isoformat(),
        "last": mark.last.isoformat(),
        "days": mark.days,
        "reason": mark.reason,
    }


class _OffGroup(Group):
    """`calepin off DAYS [REASON]` marks days off; `list` and `rm` are its other verbs."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["add", *args]
        return super().parse_args(ctx, args)


@click.group(
    cls=_OffGroup,
    invoke_without_command=True,
    help=N_(
        "Days off: `calepin off 2026-12-24..2027-01-02 vacation`, `off list`, `off rm ID`.\n"
        "\n"
        "Days off and the statutory holidays of `[work] holidays` carry no contracted time, so\n"
        "the FTE and coverage of the report count only the days you were meant to work."
    ),
)
@click.pass_context
def off(ctx: click.Context) -> None:
    if ctx.invoked_subcommand is None:
        ctx.invoke(off_list)


@off.command(
    "add",
    help=N_("Mark DAYS off (a day, or FIRST..LAST inclusive), with an optional reason."),
)
@click.argument("days", metavar="DAYS")
@click.argument("reason", nargs=-1)
@pass_env
def off_add(env: Env, days: str, reason: tuple[str, ...]) -> None:
    try:
        first, last = parse_days_off(days, env.now.date())
        mark = env.store.add_days_off(first, last, " ".join(reason))
    except CalepinError as exc:
        fail(str(exc))
    span = mark.first.isoformat() if mark.days == 1 else f"{mark.first}..{mark.last}"
    if mark.reason:
        text = ngettext(
            "Marked {span} off ({reason}): {count} day (#{id}).",
            "Marked {span} off ({reason}): {count} days (#{id}).",
            mark.days,
        )
    else:
        text = ngettext(
            "Marked {span} off: {count} day (#{id}).",
            "Marked {span} off: {count} days (#{id}).",
            mark.days,
        )
    click.echo(text.format(span=span, reason=mark.reason, count=mark.days, id=mark.id))


@off.command(
    "list",
    help=N_("List the marked days off, earliest first."),
)
@format_option
@pass_env
def off_list(env: Env, fmt: str = "table") -> None:
    marks = env.store.days_off()
    records = [_record(m) for m in marks]
    if fmt == "table" and not marks:
        click.echo(_("No days off marked."))
        return
    emit(
        records,
        fmt,
        lambda: table(
            (_("ID"), _("FIRST"), _("LAST"), _("DAYS"), _("REASON")),
            [(m.id, m.first, m.last, m.days, m.reason) for m in marks],
            caps=(6, 10, 10, 4, 80),
            flex=4,
            right=(0, 3),
        ),
    )


@off.command(
    "rm",
    help=N_("Remove marked days off: by id (see `off list`) or by a day they hold."),
)
@click.argument("which", metavar="ID|DAY")
@pass_env
def off_rm(env: Env, which: str) -> None:
    store = env.store
    try:
        if which.strip().lstrip("#").isdigit():
            number = int(which.strip().lstrip("#"))
            if number > LARGEST_ID:  # SQLite cannot hold it: no row has that id
                fail(_("no days off with id {id}").format(id=number))
            mark = store.remove_days_off(number)
        else:
            first, _last = parse_days_off(which, env.now.date())
            mark = store.remove_days_off(store.day_off_on(first).id)
    except CalepinError as exc:
        fail(str(exc))
    span = mark.first.isoformat() if mark.days == 1 else f"{mark.first}..{mark.last}"
    click.echo(_("Removed days off {span} (#{id}).").format(span=span, id=mark.id))
