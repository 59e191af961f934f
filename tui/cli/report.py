"""`calepin report`: the time-use report for a week, month, quarter, year or any period.

Loaded only when `calepin report` runs (see `LAZY_COMMANDS` in `tui.cli.main`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from storage import i18n
from storage.calendar import period_of
from storage.errors import ParseError
from storage.grammar import parse_day, parse_period
from storage.grammar.days import check_year
from storage.i18n import N_, _
from storage.settings import Settings
from tui.cli.common import one_period
from tui.cli.config import config_option, settings_from
from tui.cli.main import Env, pass_env, read_only
from tui.cli.translated import Command

FORMATS = ("md", "html", "csv", "json")
F = TypeVar("F", bound=Callable[..., Any])
_SUFFIX_FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
                   ".csv": "csv", ".json": "json"}  # fmt: skip


def _optional(name: str, metavar: str, help_text: str) -> Callable[[F], F]:
    return click.option(
        name, is_flag=False, flag_value="", default=None, metavar=metavar, help=help_text
    )


def _year_in_range(year: int, option: str, text: str) -> int:
    """`year` when people may name it; else `Error: --month 0000-01: the year 0 is out of …`."""
    try:
        check_year(year, text.strip())
    except ParseError as exc:
        raise click.ClickException(_("{option} {error}").format(option=option, error=exc)) from None
    return year


def _month(text: str, today: dt.date) -> tuple[dt.date, dt.date]:
    if not text:
        return period_of("month", today)
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text)
    if not m or not 1 <= int(m[2]) <= 12:
        raise click.BadParameter(
            _("'{text}' is not a month like 2026-11").format(text=text), param_hint="'--month'"
        )
    year = _year_in_range(int(m[1]), "--month", text)
    return period_of("month", dt.date(year, int(m[2]), 1))


def _quarter(text: str, today: dt.date) -> tuple[dt.date, dt.date]:
    if not text:
        return period_of("quarter", today)
    m = re.fullmatch(r"\s*(?:(\d{4})\s*-?\s*)?[qQ]([1-4])\s*", text)
    if not m:
        raise click.BadParameter(
            _("'{text}' is not a quarter like 2026-Q4").format(text=text), param_hint="'--quarter'"
        )
    year = _year_in_range(int(m[1]), "--quarter", text) if m[1] else today.year
    return period_of("quarter", dt.date(year, 3 * int(m[2]) - 2, 1))


def _year(text: str, today: dt.date) -> tuple[dt.date, dt.date]:
    if not text:
        return period_of("year", today)
    if re.fullmatch(r"\s*\d{4}\s*", text):
        year = _year_in_range(int(text), "--year", text)
        return period_of("year", dt.date(year, 1, 1))
    raise click.BadParameter(
        _("'{text}' is not a year like 2026").format(text=text), param_hint="'--year'"
    )


def report_period(
    today: dt.date,
    settings: Settings,
    *,
    week: str | None = None,
    month: str | None = None,
    quarter: str | None = None,
    year: str | None = None,
    start: str | None = None,
    end: str | None = None,
) -> tuple[dt.date, dt.date]:
    """The inclusive days chosen by one period option (default: this week)."""
    given = [
        name
        for name, value in (("--week", week), ("--month", month), ("--quarter", quarter),
                            ("--year", year))
        if value is not None
    ]  # fmt: skip
    if start is not None or end is not None:
        given.append("--from/--to")
    if len(given) > 1:
        raise click.UsageError(one_period(given))
    if month is not None:
        return _month(month, today)
    if quarter is not None:
        return _quarter(quarter, today)
    if year is not None:
        return _year(year, today)
    if start is not None or end is not None:
        if start is None:
            raise click.UsageError(_("--to needs --from"))
        first, to = parse_period(start, end, today, prefer="past")  # the pair rule
        assert first is not None
        last = to or today
        if last < first:
            raise click.UsageError(
                _("the period ends ({last}) before it starts ({first})").format(
                    last=last, first=first
                )
            )
        return first, last
    day = parse_day(week, today, prefer="past") if week else today
    return period_of("week", day, settings.week_start)


@click.command(
    cls=Command,
    help=N_(
        "The time-use summary for your manager: hours per duty, the social media share and more.\n"
        "\n"
        "Notes stay private unless --include-notes; notes tagged #highlight are always shown."
    ),
)
@_optional("--week", "[DAY]", N_("The week holding DAY (default: this week)."))
@_optional("--month", "[YYYY-MM]", N_("A calendar month (default: this month)."))
@_optional("--quarter", "[YYYY-Qn]", N_("A quarter (default: this quarter)."))
@_optional("--year", "[YYYY]", N_("A calendar year (default: this year)."))
@click.option("--from", "start", metavar="DAY", help=N_("First day (with --to; default to today)."))
@click.option("--to", "end", metavar="DAY", help=N_("Last day (inclusive)."))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS, case_sensitive=False),
    default=None,
    help=N_("md (default), html, csv or json; -o FILE picks it from the file name."),
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help=N_("Write to FILE.")
)
@click.option(
    "--include-notes", is_flag=True, help=N_("Show every entry's note (private otherwise).")
)
@click.option(
    "--suggest-split",
    is_flag=True,
    help=N_("Print a [job_description] table from the period's log, to paste into the settings."),
)
@click.option(
    "--lang",
    type=click.Choice(["fr", "en"], case_sensitive=False),
    help=N_("The report's language, for a manager who reads the other one (default: yours)."),
)
@config_option
@pass_env
@read_only
def report(
    env: Env,
    week: str | None,
    month: str | None,
    quarter: str | None,
    year: str | None,
    start: str | None,
    end: str | None,
    fmt: str | None,
    output: Path | None,
    include_notes: bool,
    suggest_split: bool,
    lang: str | None,
    config_file: Path | None,
) -> None:
    from exporters.report import RENDERERS, build_report

    settings = settings_from(config_file)
    store, now = env.store, env.now
    zone: dt.tzinfo = store.zone  # the database's home zone
    today = now.astimezone(zone).date()
    first, last = report_period(
        today, settings, week=week, month=month, quarter=quarter, year=year, start=start, end=end
    )
    if suggest_split:
        click.echo(_split_table(env, first, last), nl=False)
        return
    if fmt is None:
        fmt = _SUFFIX_FORMATS.get(output.suffix.lower(), "md") if output else "md"
    with i18n.using(report_language(lang)):  # built and written in it, numbers and dates too
        built = build_report(
            store,
            first,
            last,
            now=now,
            settings=settings,
            include_notes=include_notes,
            with_entries=fmt.lower() == "csv",  # only the CSV lists every entry
        )
        text = RENDERERS[fmt.lower()](built)
    if output is None:
        click.echo(text, nl=False)
        return
    from storage.files import write_atomically

    if not output.parent.is_dir():
        raise click.ClickException(
            _("cannot write {path}: folder {folder} does not exist").format(
                path=output, folder=output.parent
            )
        )
    try:
        write_atomically(output, text)
    except OSError as exc:
        raise click.ClickException(
            _("cannot write {path}: {error}").format(path=output, error=exc.strerror or exc)
        ) from None
    click.echo(
        _("Report written to {path} ({period}, {format})").format(
            path=output, period=built.label, format=fmt.lower()
        )
    )


def report_language(lang: str | None) -> str | None:
    """The variant `--lang` asks for; None keeps the language in use. French takes the
    conventions in use or the locale's (Lyon's `--lang fr` writes 14:30, Montréal's 14 h 30)."""
    if lang is None or lang.lower() == i18n.language():
        return None
    return i18n.choose(lang.lower(), os.environ)


def _split_table(env: Env, first: dt.date, last: dt.date) -> str:
    """The period's logged shares as a [job_description] table (storage.accounting's split)."""
    import json

    from storage.accounting import suggested_job_split
    from storage.wording import period_phrase

    split = suggested_job_split(env.store, first, last, now=env.now)
    if not split:
        raise click.ClickException(
            _(
                "nothing logged {period}: no split to suggest; choose a period"
                " with hours, e.g. --month or --from DAY"
            ).format(period=period_phrase(first, last))
        )
    lines = [
        "# "
        + _(
            "A starting split from the hours logged {period};"
            " adjust it: the shares must add up to 100."
        ).format(period=period_phrase(first, last)),
        "[job_description]",
    ]
    # json.dumps quotes a duty name the way TOML reads a basic string.
    lines += [f"{json.dumps(duty, ensure_ascii=False)} = {share}" for duty, share in split]
    return "\n".join(lines) + "\n"
