"""`calepin outcome`: what the work achieved per platform per month (reach, engagement …),
entered by hand or imported from Meta Business Suite and LinkedIn exports.

Loaded only when `calepin outcome` runs (see `LAZY_COMMANDS` in `tui.cli.main`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from storage import CalepinError
from storage.i18n import N_, _, ngettext
from storage.models import Outcome, OutcomeDraft
from storage.store.outcomes import FIGURES, figure_text, parse_figure
from tui.cli.common import emit, fail, format_option, one_period, table
from tui.cli.main import Env, pass_env, read_only
from tui.cli.translated import Group

_HEADERS = (
    N_("PLATFORM"), N_("MONTH"), N_("REACH"), N_("IMPRESSIONS"), N_("ENGAGEMENT"),
    N_("FOLLOWERS+"), N_("MESSAGES"),
)  # fmt: skip
# A figure's name in a sentence ("reach 1,200, engagement 85"), in the language in use.
_LABELS = {
    "reach": N_("reach"),
    "impressions": N_("impressions"),
    "engagement": N_("engagement"),
    "followers_gained": N_("followers gained"),
    "messages_answered": N_("messages answered"),
}


def _label(name: str) -> str:
    return _(_LABELS[name]) if name in _LABELS else name.replace("_", " ")


def _record(outcome: Outcome) -> dict[str, Any]:
    record: dict[str, Any] = {"platform": outcome.platform, "month": outcome.month}
    record.update({name: getattr(outcome, name) for name in FIGURES})
    return record


def _line(outcome: Outcome | OutcomeDraft) -> str:
    known = [
        f"{_label(name)} {figure_text(getattr(outcome, name))}"
        for name in FIGURES
        if getattr(outcome, name) is not None
    ]
    return _("{platform} {month}: {figures}").format(
        platform=outcome.platform, month=outcome.month, figures=", ".join(known)
    )


@click.group(
    cls=Group,
    help=N_(
        "What the work achieved, per platform per month: reach, impressions, engagement,\n"
        "followers gained, messages answered. A figure not given stays unknown, never 0."
    ),
)
def outcome() -> None:
    pass


def _figure_option(name: str, help_text: str) -> Any:
    return click.option(f"--{name}", name.replace("-", "_"), metavar="N", help=help_text)


@outcome.command(
    "add",
    help=N_("Enter or update PLATFORM's figures for MONTH; figures not given keep what was saved."),
)
@click.argument("platform")
@click.argument("month", metavar="YYYY-MM")
@_figure_option("reach", N_("People reached (or unique impressions)."))
@_figure_option("impressions", N_("Times the content was shown."))
@_figure_option("engagement", N_("Reactions, comments, shares, clicks."))
@_figure_option("followers", N_("Followers gained."))
@_figure_option("messages", N_("Messages answered."))
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
    typed = (reach, impressions, engagement, followers, messages)
    try:
        values = {name: parse_figure(text, name) for name, text in zip(FIGURES, typed, strict=True)}
        saved = env.store.save_outcome(OutcomeDraft(platform, month, **values))
    except CalepinError as exc:
        fail(str(exc))
    click.echo(_("Saved {outcome}.").format(outcome=_line(saved)))


@outcome.command(
    "list",
    help=N_("List outcomes by month (every month by default); unknown figures show as —."),
)
@click.option("--month", metavar="YYYY-MM", help=N_("One month."))
@click.option("--year", metavar="YYYY", help=N_("One year."))
@click.option("--from", "start", metavar="YYYY-MM", help=N_("First month."))
@click.option("--to", "end", metavar="YYYY-MM", help=N_("Last month."))
@click.option("--platform", help=N_("One platform."))
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
    given = [n for n, v in (("--month", month), ("--year", year)) if v is not None]
    if start is not None or end is not None:
        given.append("--from/--to")
    if len(given) > 1:
        raise click.UsageError(one_period(given))
    if month is not None:
        start = end = month
    elif year is not None:
        if not year.strip().isdigit() or len(year.strip()) != 4:
            fail(_("--year '{text}' is not a year like 2026").format(text=year))
        start, end = f"{year.strip()}-01", f"{year.strip()}-12"
    try:
        found = env.store.outcomes(start, end, platform=platform)
    except CalepinError as exc:
        fail(str(exc))
    if fmt == "table" and not found:
        click.echo(
            _("No outcomes entered; add some with `calepin outcome add` or `outcome import`.")
        )
        return
    emit(
        [_record(o) for o in found],
        fmt,
        lambda: table(
            [_(header) for header in _HEADERS],
            [(o.platform, o.month, *(figure_text(getattr(o, n)) for n in FIGURES)) for o in found],
            caps=(20, 7, 14, 14, 12, 10, 9),
            flex=0,
            right=(2, 3, 4, 5, 6),
        ),
    )


@outcome.command(
    "rm",
    help=N_("Forget PLATFORM's figures for MONTH."),
)
@click.argument("platform")
@click.argument("month", metavar="YYYY-MM")
@pass_env
def outcome_rm(env: Env, platform: str, month: str) -> None:
    try:
        gone = env.store.delete_outcome(platform, month)
    except CalepinError as exc:
        fail(str(exc))
    click.echo(
        _("Removed the outcomes of {platform} for {month}.").format(
            platform=gone.platform, month=gone.month
        )
    )


@outcome.command(
    "import",
    help=N_(
        "Sum a Meta Business Suite or LinkedIn analytics export (CSV) per month and save it.\n"
        "\n"
        "Figures the file holds replace the saved ones for that platform and month; others stay."
    ),
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--platform", help=N_("The platform the file is about (when it does not say)."))
@click.option("--dry-run", is_flag=True, help=N_("Show the monthly figures; write nothing."))
@pass_env
def outcome_import(env: Env, file: Path, platform: str | None, dry_run: bool) -> None:
    from exporters.outcomes_csv import import_outcomes, read_outcomes_csv

    try:
        data = file.read_bytes()
    except OSError as exc:
        fail(_("cannot read {path}: {error}").format(path=file, error=exc.strerror or exc))
    try:
        plan = read_outcomes_csv(data, env.store, platform=platform, today=env.now.date())
    except CalepinError as exc:
        fail(str(exc))
    for problem in plan.problems:
        click.echo(problem, err=True)
    read = "; ".join(
        _("{figure} from {columns}").format(figure=_label(k), columns=", ".join(v))
        for k, v in plan.columns.items()
    )
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
    click.echo(
        ngettext(
            "imported {count} platform-month", "imported {count} platform-months", len(saved)
        ).format(count=len(saved))
    )
