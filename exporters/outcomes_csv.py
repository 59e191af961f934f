"""Outcomes from a platform's analytics export (Meta Business Suite, LinkedIn page analytics,
or any spreadsheet with a date and figure columns), English or French, summed per month.

Daily rows are added up per platform and month. For reach that is the sum of each day's
people reached, as Meta's own daily figures add up (a person reached on two days counts
twice): the export holds nothing better, and the report says "reach" as the file did.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from exporters.csv_import import _date, _day_order, _delimiter, _fold, _rows, decode
from storage import CalepinError, ValidationError
from storage.i18n import N_, _, ngettext
from storage.models import OutcomeDraft
from storage.store.outcomes import FIGURES, check_figure, check_month, figure_label

if TYPE_CHECKING:
    from storage import Store
    from storage.models import Outcome

# figure → header words, folded (no accents, case or punctuation), platform names taken out:
# "Facebook reach", "Couverture Instagram" and "Impressions (total)" all match.
_HEADERS: dict[str, tuple[str, ...]] = {
    "date": ("date", "jour", "day", "dates", "publish time", "heure de publication",
             "date de publication", "publication date", "created date", "month", "mois"),
    "platform": ("platform", "plateforme", "plate forme", "network", "reseau", "reseau social",
                 "channel", "canal", "account", "compte"),
    "reach": ("reach", "couverture", "portee", "total reach", "daily total reach", "post reach",
              "page reach", "accounts reached", "comptes touches", "comptes atteints",
              "people reached", "personnes touchees", "personnes atteintes", "couverture totale",
              "unique impressions", "unique impressions total", "unique impressions organic",
              "impressions uniques", "impressions uniques total", "impressions uniques naturelles",
              "impressions uniques organiques", "members reached", "membres atteints"),
    "impressions": ("impressions", "impressions total", "total impressions",
                    "daily total impressions", "post impressions", "page impressions",
                    "impressions totales", "views", "vues"),
    "engagement": ("engagement", "engagements", "post engagements", "page post engagements",
                   "total engagement", "engagement total", "engagements total", "interactions",
                   "content interactions", "interactions avec le contenu",
                   "interactions avec les publications", "interactions totales"),
    # LinkedIn gives no engagement column: its parts, added up (as LinkedIn defines it), when
    # the file has no engagement column of its own. Only totals: organic + sponsored + total
    # would count each twice.
    "engagement_part": ("reactions total", "comments total", "reposts total", "shares total",
                        "clicks total", "reactions totales", "commentaires total",
                        "republications total", "partages total", "clics total"),
    "followers_gained": ("new followers", "nouveaux abonnes", "followers gained",
                         "abonnes gagnes", "follows", "new follows", "abonnements",
                         "nouveaux abonnements", "new page likes", "new likes",
                         "daily new likes", "nouvelles mentions j aime",
                         # LinkedIn's followers export: each day's new followers, all sources.
                         "total followers", "total des abonnes"),
    "messages_answered": ("messages answered", "messages repondus", "replied conversations",
                          "conversations answered", "conversations repondues",
                          "messages replied", "replies", "reponses"),
    # Meta Business Suite writes one figure per file: a title line, then "Date","Primary".
    "value": ("primary", "principal", "principale", "value", "valeur", "total"),
}  # fmt: skip
_LOOKUP = {word: key for key, words in _HEADERS.items() for word in words}
_FRENCH_WORDS = {"jour", "mois", "couverture", "portee", "abonnes", "nouveaux", "interactions",
                 "repondus", "reponses", "plateforme", "reseau", "principal", "valeur", "vues",
                 "totales", "republications", "commentaires", "clics"}  # fmt: skip
_EXPECTED = N_(
    "a date column (Date, Jour) and at least one of: Reach / Couverture, Impressions,"
    " Post engagements / Interactions, New followers / Nouveaux abonnés,"
    " Messages answered / Messages répondus"
)
_NOT_A_DAY = {"total", "totals", "totaux", "somme", "sum", "grand total"}
_EMPTY = {"", "-", "–", "—", "n/a", "na", "n.d.", "nd", "s.o."}
_MONTH_VALUE = re.compile(r"^\d{4}-\d{1,2}$")
_SPACES = re.compile(r"[\s\u00a0\u202f'’]")


@dataclass(slots=True)
class OutcomesPlan:
    """What an import would save, and why some lines cannot be read (nothing written yet)."""

    drafts: list[OutcomeDraft] = field(default_factory=list)
    columns: dict[str, list[str]] = field(default_factory=dict)  # figure → headers read
    rows: int = 0
    encoding: str = "utf-8"
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.problems:
            return _("{count} line(s) cannot be read (first: {first})").format(
                count=len(self.problems), first=self.problems[0]
            )
        months = len({d.month for d in self.drafts})
        rows = ngettext("{count} row read", "{count} rows read", self.rows).format(count=self.rows)
        pairs = ngettext(
            "{count} platform-month", "{count} platform-months", len(self.drafts)
        ).format(count=len(self.drafts))
        return ngettext(
            "{rows}, {pairs} over {count} month", "{rows}, {pairs} over {count} months", months
        ).format(rows=rows, pairs=pairs, count=months)


def parse_number(text: str, *, decimal_comma: bool) -> Decimal | None:
    """A cell as a number: `1 234`, `1 234,5` (French), `1,234.5`; blank or a dash is None.

    Raises:
        ValidationError: the cell is not a number.
    """
    raw = _SPACES.sub("", text.strip())
    if raw.casefold() in _EMPTY:
        return None
    value = raw
    if "," in value and "." in value:
        decimal = "," if value.rfind(",") > value.rfind(".") else "."
        value = value.replace("." if decimal == "," else ",", "").replace(",", ".")
    elif "," in value:
        grouped = re.fullmatch(r"-?\d{1,3}(,\d{3})+", value)
        value = value.replace(",", "" if grouped and not decimal_comma else ".")
        if grouped and decimal_comma and value.count(".") > 1:
            value = value.replace(".", "")
    elif "." in value and decimal_comma and re.fullmatch(r"-?\d{1,3}(\.\d{3})+", value):
        value = value.replace(".", "")  # 1.234 in a French file: thousands
    try:
        number = Decimal(value.replace("−", "-"))
    except InvalidOperation:
        raise ValidationError(
            _("'{value}' is not a number").format(value=text.strip()[:30])
        ) from None
    if not number.is_finite():
        raise ValidationError(_("'{value}' is not a number").format(value=text.strip()[:30]))
    return number


def _key(header: str, platform_words: set[str]) -> str | None:
    words = [w for w in _fold(header).split() if w not in platform_words]
    return _LOOKUP.get(" ".join(words))


def _platform_in(text: str, platforms: dict[str, str]) -> str | None:
    words = set(_fold(text).split())
    found = {name for word, name in platforms.items() if word in words}
    return found.pop() if len(found) == 1 else None


def read_outcomes_csv(
    data: bytes, store: Store, *, platform: str | None = None, today: dt.date | None = None
) -> OutcomesPlan:
    """Read an analytics export and sum its figures per platform and month (nothing written).

    Args:
        data: the file's bytes (UTF-8 with or without BOM, or Windows-1252).
        store: to check platform names.
        platform: the platform every row is for (otherwise a platform column, or the
            platform the file's title or headers name).
        today: for dates written without a year.

    Raises:
        ValidationError: an unreadable or unknown file (the message names the headers
            expected), or no platform to file the figures under.
        NotFoundError: `platform` is not one of the store's.
    """
    chosen = store.platform(platform).name if platform else None
    known = store.platforms(include_archived=True)
    platforms = {_fold(n): p.name for p in known for n in (p.name, p.tag) if _fold(n)}
    platform_words = set(platforms)
    text, encoding = decode(data)
    lines = text.split("\n")
    skipped = 0
    if lines and lines[0].strip().lower().startswith("sep="):  # Excel's hint, Meta writes it
        delimiter = lines[0].strip()[4:5] or ","
        text = "\n".join(lines[1:])
        skipped = 1
    else:
        delimiter = _delimiter(text)
    rows = _rows(text, delimiter)
    plan = OutcomesPlan(encoding=encoding)

    titles: list[str] = []
    header_at = None
    for index, row in enumerate(rows[:8]):
        cells = [c for c in row if c.strip()]
        keys = {_key(c, platform_words) for c in row}
        if "date" in keys and keys & {*FIGURES, "engagement_part", "value"}:
            header_at = index
            break
        if len(cells) == 1:
            titles.append(cells[0])
    if header_at is None:
        first = next((r for r in rows if any(c.strip() for c in r)), [])
        found = ", ".join(c.strip() for c in first if c.strip())[:200] or _("nothing")
        raise ValidationError(
            _(
                "this is not an analytics export Calepin knows (headers: {found}); expected"
                " {expected}"
            ).format(found=found, expected=_(_EXPECTED))
        )
    header = rows[header_at]
    folded = " ".join(_fold(c) for c in [*header, *titles])
    french = any(w in _FRENCH_WORDS for w in folded.split()) or delimiter == ";"
    title_figure = title_platform = None
    for title in titles:
        title_figure = title_figure or _key(title, platform_words)
        title_platform = title_platform or _platform_in(title, platforms)

    columns: dict[str, list[int]] = {}
    header_platform: str | None = None
    for index, cell in enumerate(header):
        key = _key(cell, platform_words)
        if key == "value":
            if title_figure not in FIGURES:
                continue
            key = title_figure
        if key is None:
            continue
        if key in FIGURES or key == "engagement_part":
            header_platform = header_platform or _platform_in(cell, platforms)
            plan.columns.setdefault("engagement" if key == "engagement_part" else key, []).append(
                cell.strip()
            )
        if key in ("date", "platform") and key in columns:
            continue
        columns.setdefault(key, []).append(index)
    if "engagement" in columns:
        columns.pop("engagement_part", None)
        plan.columns["engagement"] = [header[i].strip() for i in columns["engagement"]]
    elif "engagement_part" in columns:
        columns["engagement"] = columns.pop("engagement_part")
    figures = [f for f in FIGURES if f in columns]
    if not figures:
        raise ValidationError(
            _(
                "no figure Calepin keeps in this file (headers: {found}); expected {expected}"
            ).format(found=", ".join(header)[:200], expected=_(_EXPECTED))
        )
    fallback = chosen or (None if "platform" in columns else title_platform or header_platform)
    if fallback is None and "platform" not in columns:
        names = ", ".join(p.name for p in store.platforms())
        raise ValidationError(
            _("which platform are these figures for? say it with --platform ({names})").format(
                names=names
            )
        )

    def cell(row: list[str], index: int) -> str:
        return row[index].strip() if index < len(row) else ""

    body = list(enumerate(rows[header_at + 1 :], start=header_at + 2 + skipped))
    date_at = columns["date"][0]
    order = _day_order([cell(r, date_at) for _, r in body], french)
    today = today or dt.date.today()
    sums: dict[tuple[str, str], dict[str, Decimal]] = {}
    for line, row in body:
        raw_day = cell(row, date_at)
        if not any(c.strip() for c in row) or not raw_day or _fold(raw_day) in _NOT_A_DAY:
            continue
        try:
            month = _month_of(raw_day, order, today)
            name = chosen or (
                store.platform(cell(row, columns["platform"][0])).name
                if "platform" in columns and cell(row, columns["platform"][0])
                else fallback
            )
            if name is None:
                raise ValidationError(_("no platform on this line; say it with --platform"))
            values: dict[str, Decimal] = {}
            for figure in figures:
                for index in columns[figure]:
                    number = parse_number(cell(row, index), decimal_comma=french)
                    if number is None:
                        continue
                    if number < 0:
                        raise ValidationError(
                            _("{figure} is negative ({value})").format(
                                figure=figure_label(figure), value=cell(row, index)
                            )
                        )
                    values[figure] = values.get(figure, Decimal(0)) + number
        except CalepinError as exc:
            plan.problems.append(_("line {line}: {message}").format(line=line, message=exc))
            continue
        plan.rows += 1
        month_sums = sums.setdefault((name, month), {})
        for figure, number in values.items():
            month_sums[figure] = month_sums.get(figure, Decimal(0)) + number
    for (name, month), month_sums in sorted(sums.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        whole = {
            f: int(n.quantize(Decimal(1), rounding=ROUND_HALF_UP)) for f, n in month_sums.items()
        }
        try:
            for f, n in whole.items():
                check_figure(n, f)
        except CalepinError as exc:
            plan.problems.append(f"{name} {month}: {exc}")
            continue
        if whole:
            plan.drafts.append(OutcomeDraft(name, month, **whole))
    return plan


def _month_of(value: str, order: str | None, today: dt.date) -> str:
    text = value.strip()
    if _MONTH_VALUE.match(text):
        return check_month(text)
    # Meta writes 2026-11-01T00:00:00; csv_import's dates take the part before the T.
    text = re.sub(r"T\d{2}:\d{2}(:\d{2})?([.,]\d+)?(Z|[+-]\d{2}:?\d{2})?$", "", text)
    return check_month(_date(text, order, today))


def import_outcomes(
    store: Store, plan: OutcomesPlan, *, source: str | None = None
) -> list[Outcome]:
    """Save a plan's outcomes in one undoable change: all of them, or none.

    A figure the file holds replaces the one saved for that platform and month; one it does
    not hold is kept, so importing the same file twice changes nothing the second time.

    Raises:
        ValidationError: the plan has problems or nothing to import; nothing was saved.
    """
    if plan.problems:
        raise ValidationError(
            _("{count} line(s) cannot be read (first: {first}); nothing imported").format(
                count=len(plan.problems), first=plan.problems[0]
            )
        )
    if not plan.drafts:
        raise ValidationError(_("the file holds no figures to import; nothing imported"))
    label = _("import outcomes from {source}").format(source=source or _("a file"))
    return store.save_outcomes(plan.drafts, keep_missing=True, label=label)
