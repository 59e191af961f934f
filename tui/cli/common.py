"""What the commands share: JSON, CSV and table output, `fail`, and reading days and periods."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import click

from storage.calendar import iso_day, week_of
from storage.errors import NotFoundError
from storage.i18n import N_, _
from tui.cli.translated import Command

if TYPE_CHECKING:
    from storage import Post, Store, TimeEntry
    from tui.cli.main import Env

TABLE_WIDTH = 80
FORMATS = ("table", "csv", "json")


class WordsCommand(Command):
    """A command that reads words as typed, leading "-" included (`log -1h`, `search -draft`),
    so click's short options are off; a `-h` standing alone still asks for help, as it does
    everywhere else (`timer start -h` once answered "unknown duty -h")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        settings = kwargs.setdefault("context_settings", {})
        settings.setdefault("ignore_unknown_options", True)
        settings.setdefault("help_option_names", ["--help"])
        super().__init__(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        end = args.index("--") if "--" in args else len(args)
        if "-h" in args[:end]:
            args = ["--help"]
        return super().parse_args(ctx, args)


# ---------------------------------------------------------------- output helpers


def post_to_json(post: Post) -> dict[str, Any]:
    """A post as a JSON-ready dict (the keys scripts can rely on)."""
    return {
        "id": post.id,
        "title": post.title,
        "platform": post.platform,
        "status": post.status.value,
        "campaign": post.campaign,
        "date": post.date.isoformat() if post.date else None,
        "time": post.time.strftime("%H:%M") if post.time else None,
        # 1: the second of a time that happens twice (clocks going back), as `--second` says
        "fold": post.fold,
        "timezone": post.timezone,
        "estimate_minutes": post.estimate_minutes,
        "body": post.body,
        "notes": post.notes,
        "link": post.link,
        "published_url": post.published_url,
        "repeat": post.rrule,
    }


def entry_to_json(
    entry: TimeEntry, zone: dt.tzinfo, now: dt.datetime | None = None
) -> dict[str, Any]:
    """A time entry as a JSON-ready dict; instants in ISO 8601 with the offset of `zone`."""
    return {
        "id": entry.id,
        "duty": entry.duty,
        "activity": entry.activity,
        "start": entry.start.astimezone(zone).isoformat(),
        "end": entry.end.astimezone(zone).isoformat() if entry.end else None,
        "minutes": entry.minutes(now),
        "note": entry.note,
        "post_id": entry.post_id,
        "source": entry.source.value,
    }


def emit(
    records: Sequence[dict[str, Any]] | Callable[[], Sequence[dict[str, Any]]],
    fmt: str,
    table: Callable[[], list[str]],
) -> None:
    """Print records as JSON (a list of objects), CSV (header row + rows) or a table.

    `records` may be a function that makes them: it runs only for JSON or CSV.
    """
    if fmt not in ("json", "csv"):
        lines = table()
        if lines:
            click.echo("\n".join(lines))  # one write, not one (and a flush) per line
        return
    if callable(records):
        records = records()
    if fmt == "json":
        import json

        click.echo(json.dumps(list(records), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        from exporters.spreadsheet import csv_text

        columns = list(records[0]) if records else []
        rows = [columns] if columns else []
        rows += [[record[c] for c in columns] for record in records]
        click.echo(csv_text(rows, lineterminator="\n"), nl=False)


def clip(text: str, width: int) -> str:
    """`text` on one line, cut with … to fit `width` characters."""
    return _cut(_one_line(text), width)


def _one_line(text: object) -> str:
    """`text` on one line: whitespace runs as one space, what does not print as `?`."""
    line = str(text)
    # Printable text holds no whitespace but the plain space: without a doubled, leading or
    # trailing one it is already one line (most cells; this runs for every cell of a table).
    if line.isprintable() and "  " not in line and line[:1] != " " and line[-1:] != " ":
        return line
    line = " ".join(line.split())
    if not line.isprintable():
        line = "".join(ch if ch.isprintable() else "?" for ch in line)
    return line


def _cut(line: str, width: int) -> str:
    if width <= 0:
        return ""
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def render_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    caps: Sequence[int],
    flex: int,
    right: Sequence[int] = (),
    width: int = TABLE_WIDTH,
) -> list[str]:
    """Columns sized to their content (up to `caps`); column `flex` takes what is left of `width`."""
    # Each cell made one line once, then measured and cut (what `clip` does, per cell).
    text_rows = [["" if v is None else _one_line(v) for v in row] for row in rows]
    widths = [
        min(cap, max([len(h), *(len(r[i]) for r in text_rows)]))
        for i, (h, cap) in enumerate(zip(headers, caps, strict=True))
    ]
    gaps = 2 * (len(headers) - 1)
    others = sum(w for i, w in enumerate(widths) if i != flex)
    widths[flex] = max(len(headers[flex]), min(widths[flex], width - gaps - others))
    justify = [str.rjust if i in right else str.ljust for i in range(len(headers))]
    return [
        "  ".join(
            [
                pad(cell if w > 0 and len(cell) <= w else _cut(cell, w), w)
                for cell, w, pad in zip(row, widths, justify, strict=True)
            ]
        ).rstrip()
        for row in [[_one_line(h) for h in headers], *text_rows]
    ]


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    caps: Sequence[int],
    flex: int,
    right: Sequence[int] = (),
    width: int = TABLE_WIDTH,
) -> list[str]:
    """`render_table` with every column at least as wide as its header, cut nowhere: French
    headers run longer ("JOURS" where a cap of 4 holds "DAYS"; English ones fit their caps)."""
    fitted = [max(cap, len(header)) for header, cap in zip(headers, caps, strict=True)]
    return render_table(headers, rows, caps=fitted, flex=flex, right=right, width=width)


format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS, case_sensitive=False),
    default="table",
    show_default=True,
    help=N_("Output format."),
)


def fail(message: str) -> NoReturn:
    raise click.ClickException(message)


# SQLite keeps ids as signed 64-bit integers: any larger number cannot name a row.
LARGEST_ID = 2**63 - 1


class RowId(click.ParamType):
    """A post's or an entry's id: a whole number; one SQLite cannot hold names no row, and is
    refused as such (`no post 99999999999999999999`) before the store is asked."""

    name = "integer"

    def __init__(self, missing: str) -> None:
        self.missing = missing  # what an id no row can have says: "no post {id}"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            number = value
        else:
            try:
                number = int(str(value).strip())
            except ValueError:
                self.fail(_("{value!r} is not a valid integer.").format(value=value), param, ctx)
        if not 0 <= number <= LARGEST_ID:
            fail(_(self.missing).format(id=str(value).strip()))
        return number


POST_ID = RowId(N_("no post {id}"))
ENTRY_ID = RowId(N_("no entry {id}"))


# ---------------------------------------------------------------- periods


def given_day(text: str, today: dt.date, prefer: str, what: str) -> dt.date:
    if not text.strip():
        fail(_("{option} is empty; give a day like 2026-12-03, mon or 3 dec").format(option=what))
    day = iso_day(text)  # 2026-11-16 as is; the grammar loads for any other way to say it
    if day is not None:
        return day
    from storage.grammar import parse_day

    return parse_day(text, today, prefer=prefer)  # type: ignore[arg-type]


def given_period(
    env: Env,
    start: str | None,
    end: str | None,
    prefer: str,
    names: tuple[str, str] = ("--from", "--to"),
) -> tuple[dt.date | None, dt.date | None]:
    """--from/--to read as a pair (either may be missing): a --to without a year falls on or
    after --from (the rule lives in the grammar's `parse_period`)."""
    for text, what in zip((start, end), names, strict=True):
        if text is not None and not text.strip():
            fail(
                _("{option} is empty; give a day like 2026-12-03, mon or 3 dec").format(option=what)
            )
    from storage.grammar import parse_period

    return parse_period(start, end, env.now.date(), prefer=prefer)  # type: ignore[arg-type]


def period(
    env: Env,
    week: str | None,
    start: str | None,
    end: str | None,
    *,
    prefer: str,
) -> tuple[dt.date, dt.date] | None:
    """The inclusive days chosen by --week [DAY] or --from/--to; None when neither was given."""
    today = env.now.date()
    if week is not None:
        if start is not None or end is not None:
            raise click.UsageError(_("use either --week or --from/--to, not both"))
        day = given_day(week, today, prefer, "--week") if week.strip() else today
        return week_of(day, env.week_start_day)
    if start is None and end is None:
        return None
    first, last = given_period(env, start, end, prefer)
    first = first or dt.date(1900, 1, 1)
    last = last or dt.date(9999, 12, 30)
    return first, last


def one_period(given: Sequence[str]) -> str:
    """What to say when several period options were given at once (`given`: their names)."""
    return _("choose one period, not {options}").format(options=_(" and ").join(given))


def period_options(func: Callable[..., Any]) -> Callable[..., Any]:
    func = click.option("--to", "end", metavar="DAY", help=N_("Last day (inclusive)."))(func)
    func = click.option("--from", "start", metavar="DAY", help=N_("First day."))(func)
    return click.option(
        "--week",
        is_flag=False,
        flag_value="",
        default=None,
        metavar="[DAY]",
        help=N_(
            "The week holding DAY (default: this week; weeks start on Monday unless configured)."
        ),
    )(func)


def duty_name(store: Store, text: str) -> str:
    """The duty's name from its name or one of its aliases."""
    try:
        return store.duty(text).name
    except NotFoundError:
        from storage.grammar import match_duty

        return match_duty(text, store.duties()).name
