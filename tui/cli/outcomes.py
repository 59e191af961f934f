"""`calepin outcome`: what the work achieved per platform per month (reach, engagement …),
entered by hand or imported from Meta Business Suite and LinkedIn exports.

Loaded only when `calepin outcome` runs (see `LAZY_COMMANDS` in `tui.cli.main`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from storage import CalepinError
from storage.models import Outcome, OutcomeDraft
from storage.store.outcomes import FIGURES, figure_text, parse_figure
from tui.cli.common import emit, fail, format_option, render_table
from tui.cli.main import Env, pass_env, read_only

_HEADERS = ("PLATFORM", "MONTH", "REACH", "IMPRESSIONS", "ENGAGEMENT", "FOLLOWERS+", "MESSAGES")


def _record(outcome: Outcome) -> dict[str, Any]:
    record: dict[str, Any] = {"platform": outcome.platform, "month": outcome.month}
    record.update({name: getattr(outcome, name) for name in FIGURES})
    return record


def _line(outcome: Outcome | OutcomeDraft) -> str:
    known = [
        f"{name.replace('_', ' ')} {figure_text(getattr(outcome, name))}"
        for name in FIGURES
        if getattr(outcome, name) is not None
    ]
    return f"{outcome.platform} {outcome.month}: {', '.join(known)}"


@click.group()
def outcome() -> None:
    """What the work achieved, per platform per month: reach, impressions, engagement,
    followers gained, messages answered. A figure not given stays unknown, never 0."""


def _figure_option(name: str, help_text: str) -> Any:
    return click.option(f"--{name}", name.replace("-", "_"), metavar="N", help=help_text)


@outcome.command("add")
@click.argument("platform")
@click.argument("month", metavar="YYYY-MM")
@_figure_option("reach", "People reached (or unique impressions).")
@_figure_option("impressions", "Times the content was shown.")
@_figure_option("engagement", "Reactions, comments, shares, clicks.")
@_figure_option("followers", "Followers gained.")
@_figure_option("messages", "Messages answered.")
@pass_env
def outcome_add(
    env: Env,
    platform: str,
    month: str,
    reach: str | None,
    impressions: str | None,
    engagement: str | None,
    followers: str | None,
    messages: str | None,
) -> None:
    """Enter or update PLATFORM's figures for MONTH; figures not given keep what was saved."""
    typed = (reach, impressions, engagement, followers, messages)
    try:
        values = {name: parse_figure(text, name) for name, text in zip(FIGURES, typed, strict=True)}
        saved = env.store.save_outcome(OutcomeDraft(platform, month, **values))
    except CalepinError as exc:
        fail(str(exc))
    click.echo(f"Saved {_line(saved)}.")


@outcome.command("list")
@click.option("--month", metavar="YYYY-MM", help="One month.")
@click.option("--year", metavar="YYYY", help="One year.")
@click.option("--from", "start", metavar="YYYY-MM", help="First month.")
@click.option("--to", "end", metavar="YYYY-MM", help="Last month.")
@click.option("--platform", help="One platform.")
@format_option
@pass_env
@read_only
def outcome_list(
    env: Env,
    month: str | None,
    year: str | None,
    start: str | None,
    end: str | None,
    platform: str | None,
    fmt: str = "table",
) -> None:
    """List outcomes by month (every month by default); unknown figures show as —."""
    given = [n for n, v in (("--month", month), ("--year", year)) if v is not None]
    if start is not None or end is not None:
        given.append("--from/--to")
    if len(given) > 1:
        raise click.UsageError(f"choose one period, not {' and '.join(given)}")
    if month is not None:
        start = end = month
    elif year is not None:
        if not year.strip().isdigit() or len(year.strip()) != 4:
            fail(f"--year '{year}' is not a year like 2026")
        start, end = f"{year.strip()}-01", f"{year.strip()}-12"
    try:
        found = env.store.outcomes(start, end, platform=platform)
    except CalepinError as exc:
        fail(str(exc))
    if fmt == "table" and not found:
        click.echo("No outcomes entered; add some with `calepin outcome add` or `outcome import`.")
        return
    emit(
        [_record(o) for o in found],
        fmt,
        lambda: render_table(
            _HEADERS,
            [(o.platform, o.month, *(figure_text(getattr(o, n)) for n in FIGURES)) for o in found],
            caps=(20, 7, 14, 14, 12, 10, 9),
            flex=0,
            right=(2, 3, 4, 5, 6),
        ),
    )


@outcome.command("rm")
@click.argument("platform")
@click.argument("month", metavar="YYYY-MM")
@pass_env
def outcome_rm(env: Env, platform: str, month: str) -> None:
    """Forget PLATFORM's figures for MONTH."""
    try:
        gone = env.store.delete_outcome(platform, month)
    except CalepinError as exc:
        fail(str(exc))
    click.echo(f"Removed the outcomes of {gone.platform} for {gone.month}.")


@outcome.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--platform", help="The platform the file is about (when it does not say).")
@click.option("--dry-run", is_flag=True, help="Show the monthly figures; write nothing.")
@pass_env
def outcome_import(env: Env, file: Path, platform: str | None, dry_run: bool) -> None:
    """Sum a Meta Business Suite or LinkedIn analytics export (CSV) per month and save it.

    Figures the file holds replace the saved ones for that platform and month; others stay.
    """
    from exporters.outcomes_csv import import_outcomes, read_outcomes_csv

    try:
        data = file.read_bytes()
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror or exc}")
    try:
        plan = read_outcomes_csv(data, env.store, platform=platform, today=env.now.date())
    except CalepinError as exc:
        fail(str(exc))
    for problem in plan.problems:
        click.echo(problem, err=True)
    read = "; ".join(f"{k.replace('_', ' ')} from {', '.join(v)}" for k, v in plan.columns.items())
    click.echo(f"{plan.summary()}: {read}")
    if dry_run:
        for draft in plan.drafts:
            click.echo(f"  {_line(draft)}")
        if plan.problems:
            click.get_current_context().exit(1)
        return
    try:
        saved = import_outcomes(env.store, plan, source=file.name)
    except CalepinError as exc:
        fail(str(exc))
    for item in saved:
        click.echo(f"  {_line(item)}")
    click.echo(f"imported {len(saved)} platform-month{'s' if len(saved) != 1 else ''}")
