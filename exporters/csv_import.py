"""Posts from a spreadsheet (CSV, English or French headers, `;` or `,`), checked before writing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from storage import CalepinError, PostDraft, ValidationError
from storage.i18n import _, ngettext, pgettext
from storage.store.validation import MAX_BODY
from storage.wording import grouped

if TYPE_CHECKING:
    from storage import Store

TITLE_FROM_MESSAGE = 80
MAX_CELL = MAX_BODY  # the longest text a post keeps (its body)

# column → header words (compared without accents, case or punctuation)
_HEADERS: dict[str, tuple[str, ...]] = {
    "date": ("date", "jour", "day", "date de publication", "publication date", "publish date"),
    "time": ("time", "heure", "hour", "heure de publication", "publish time"),
    "platform": (
        "platform", "plateforme", "plate forme", "network", "reseau", "reseau social",
        "channel", "canal", "media", "social network",
    ),
    "title": ("title", "titre", "subject", "sujet", "headline"),
    "message": ("message", "texte", "text", "copy", "body", "contenu", "content", "publication", "post"),
    "status": ("status", "statut", "etat", "state"),
    "campaign": ("campaign", "campagne"),
    "link": ("link", "lien", "url"),
    "notes": ("notes", "note", "remarques", "remarque", "commentaires", "comments", "comment"),
    # which reading of a time that happens twice: `post list --format csv` writes `fold`
    "fold": ("fold", "reading", "lecture"),
}  # fmt: skip
_LOOKUP = {word: key for key, words in _HEADERS.items() for word in words}
_FRENCH = {"jour", "heure", "plateforme", "plate forme", "reseau", "titre", "sujet", "texte",
           "contenu", "statut", "etat", "campagne", "lien", "remarques", "commentaires"}  # fmt: skip

_STATUS_WORDS = {
    "idee": "idea", "brouillon": "drafting", "redaction": "drafting", "en redaction": "drafting",
    "a rediger": "drafting", "pret": "ready", "prete": "ready", "programme": "scheduled",
    "programmee": "scheduled", "planifie": "scheduled", "planifiee": "scheduled",
    "publie": "published", "publiee": "published", "en pause": "on_hold", "en attente": "on_hold",
    "suspendu": "on_hold", "annule": "cancelled", "annulee": "cancelled", "draft": "drafting",
    "on hold": "on_hold", "canceled": "cancelled", "done": "published", "posted": "published",
}  # fmt: skip

# What people write in a spreadsheet → the default platform names.
_PLATFORM_WORDS = {
    "infolettre": "Newsletter", "bulletin": "Newsletter", "courriel": "Newsletter",
    "blogue": "Blog", "site web": "Website", "site internet": "Website", "site": "Website",
    "twitter": "X", "twitter x": "X", "fb": "Facebook", "ig": "Instagram", "insta": "Instagram",
    "linked in": "LinkedIn", "youtube": "YouTube", "tik tok": "TikTok",
}  # fmt: skip


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return _("line {line}: {message}").format(line=self.line, message=self.message)


@dataclass(slots=True)
class CsvPlan:
    """The posts a spreadsheet would add, and every row that would fail (and why)."""

    drafts: list[tuple[int, PostDraft]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    # Lines whose post is already in Calepin (same title, platform, day and time): importing
    # the same spreadsheet twice must not plan everything twice.
    already: list[int] = field(default_factory=list)
    new_campaigns: list[str] = field(default_factory=list)
    # Rows taken with a choice made for them (the first of a time that happens twice).
    notes: list[RowProblem] = field(default_factory=list)
    encoding: str = "utf-8"
    delimiter: str = ","
    language: str = "en"

    @property
    def ok(self) -> bool:
        return not self.problems

    def report(self) -> str:
        """Lines for a person: each failing row, then the total."""
        lines = [str(p) for p in self.problems]
        lines += [_("note: {note}").format(note=n) for n in self.notes]
        if self.already:
            count = len(self.already)
            shown = ", ".join(str(n) for n in self.already[:10])
            if count > 10:
                shown = ngettext(
                    "{lines} and {count} more", "{lines} and {count} more", count - 10
                ).format(lines=shown, count=count - 10)
            lines.append(
                ngettext(
                    "{count} row already in Calepin, skipped (line {lines})",
                    "{count} rows already in Calepin, skipped (lines {lines})",
                    count,
                ).format(count=count, lines=shown)
            )
        if self.new_campaigns:
            lines.append(_("new campaigns: {names}").format(names=", ".join(self.new_campaigns)))
        if self.problems:
            count = len(self.problems)
            lines.append(
                ngettext(
                    "{count} row would fail; nothing imported",
                    "{count} rows would fail; nothing imported",
                    count,
                ).format(count=count)
            )
        else:
            count = len(self.drafts)
            lines.append(
                ngettext(
                    "{count} post ready to import", "{count} posts ready to import", count
                ).format(count=count)
            )
        return "\n".join(lines)


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding: UTF-8 (with or without BOM), else cp1252 (Excel on Windows).

    Never mojibake: a file whose lines mix UTF-8 and another encoding, or that is neither,
    is refused with the first line that does not decode.

    Raises:
        ValidationError: naming that line.
    """
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        bad_line = data.count(b"\n", 0, exc.start) + 1
    if any(_utf8_beyond_ascii(line) for line in data.splitlines()):
        raise ValidationError(
            _(
                "line {line} is not UTF-8 text while other lines are: the file mixes"
                " encodings; save it again as UTF-8"
            ).format(line=bad_line)
        )
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ValidationError(
            _("line {line} is neither UTF-8 nor Windows-1252 text; save the file as UTF-8").format(
                line=line
            )
        ) from None


def _utf8_beyond_ascii(line: bytes) -> bool:
    if line.isascii():
        return False
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    if counts[best]:
        return best
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=";,\t").delimiter
    except csv.Error:
        return ","


def _rows(text: str, delimiter: str) -> list[list[str]]:
    """Every row; a cell longer than any field Calepin keeps, or text the csv module cannot
    read (a NUL byte), is refused with its line."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    limit = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL + 1)
    try:
        return list(reader)
    except csv.Error as exc:
        line = reader.line_num or 1
        if "field larger than field limit" in str(exc):
            raise ValidationError(
                _(
                    "line {line}: a cell is longer than {limit} characters, the most a post"
                    " keeps; nothing imported"
                ).format(line=line, limit=grouped(MAX_CELL))
            ) from None
        raise ValidationError(
            _("line {line}: not readable as CSV ({error}); nothing imported").format(
                line=line, error=exc
            )
        ) from None
    finally:
        csv.field_size_limit(limit)


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SLASHED = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")
_YEAR_FIRST = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")


def _day_order(values: list[str], french: bool) -> str | None:
    """'dmy' or 'mdy' for the file's slashed dates, or None when they cannot tell."""
    day_first = month_first = False
    for value in values:
        m = _SLASHED.match(value.strip().split(" ")[0])
        if m:
            a, b = int(m[1]), int(m[2])
            day_first |= a > 12
            month_first |= b > 12
    if day_first and not month_first:
        return "dmy"
    if month_first and not day_first:
        return "mdy"
    return "dmy" if french else None


def _date(value: str, order: str | None, today: dt.date) -> dt.date:
    text = value.strip()
    text = re.sub(r"[ T]\d{1,2}:\d{2}(:\d{2})?$", "", text)  # Excel's "2026-12-03 00:00:00"
    try:
        if m := _ISO.match(text) or _YEAR_FIRST.match(text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _SLASHED.match(text):
            a, b, year = int(m[1]), int(m[2]), int(m[3])
            year += 2000 if year < 100 else 0
            if order is None:
                if a <= 12 and b <= 12 and a != b:
                    raise ValidationError(
                        _(
                            "date '{value}' is ambiguous (day/month or month/day?); write"
                            " 2026-12-03"
                        ).format(value=value)
                    )
                order = "dmy" if a > 12 else "mdy"
            return dt.date(year, b, a) if order == "dmy" else dt.date(year, a, b)
    except ValueError:
        raise ValidationError(_("'{value}' is not a real date").format(value=value)) from None
    from storage.grammar import parse_day

    return parse_day(text, today, prefer="future")


def _time(value: str) -> dt.time:
    from storage.grammar import parse_time

    text = value.strip()
    if re.fullmatch(r"\d{1,2}:\d{2}:\d{2}", text):  # Excel writes seconds
        text = text[:-3]
    return parse_time(text)


_FIRST = {"0", "first", "premiere", "premier"}
_SECOND = {"1", "second", "seconde", "deuxieme"}


def _reading(value: str, day: dt.date | None, time: dt.time | None, zone_name: str) -> dt.time:
    """`time` as the reading a fold cell asks for (0/first, 1/second), with the CLI's rule
    (`storage.grammar.wall.with_reading`)."""
    folded = _fold(value)
    if folded not in _FIRST | _SECOND:
        raise ValidationError(
            _(
                "fold '{value}': write 0 (the first of a time that happens twice) or 1 (the second)"
            ).format(value=value)
        )
    if day is None or time is None:
        raise ValidationError(_("a fold needs a date and a time"))
    from storage.grammar.wall import with_reading

    try:
        return with_reading(day, time, zone_name, folded in _SECOND)
    except ValidationError as exc:
        raise ValidationError(_("{error}; leave its fold empty").format(error=exc)) from None


def _twice_note(day: dt.date | None, time: dt.time | None, zone_name: str) -> str | None:
    """What `post add` notes about a time that happens twice and was taken as its first."""
    if day is None or time is None:
        return None
    from storage.grammar.wall import TWICE, clock_shift, twice_message

    shift = clock_shift(day, time, zone_name)
    if shift is None or shift.kind != TWICE:
        return None
    return _("{message}; put 1 in a fold column for the second one ({second})").format(
        message=twice_message(shift, 0), second=shift.second
    )


def _status(value: str) -> str:
    folded = _fold(value)
    return _STATUS_WORDS.get(folded, folded.replace(" ", "_"))


def read_posts_csv(data: bytes, store: Store, *, today: dt.date) -> CsvPlan:
    """Read a spreadsheet of posts and check every row against the store (nothing written).

    Columns (header row, English or French, any order): date, time, platform, title or
    message, and optionally status, campaign, link, notes, fold. A message without a title
    gives the title (its first line, shortened) and the body. Unknown campaigns are created.
    A time that happens twice is its first reading unless fold says 1 (noted in `notes`).
    """
    text, encoding = decode(data)
    delimiter = _delimiter(text)
    rows = _rows(text, delimiter)
    plan = CsvPlan(encoding=encoding, delimiter=delimiter)
    while rows and not any(cell.strip() for cell in rows[0]):
        rows.pop(0)
    if not rows:
        raise ValidationError(
            _("the file is empty: expected a header row (date, time, platform, title…)")
        )
    header = [_fold(cell) for cell in rows[0]]
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _LOOKUP.get(name)
        if key and key not in columns:
            columns[key] = index
    plan.language = "fr" if any(h in _FRENCH for h in header) else "en"
    named = {"date": pgettext("column", "date"), "platform": pgettext("column", "platform")}
    missing = [named[k] for k in ("date", "platform") if k not in columns]
    if "title" not in columns and "message" not in columns:
        missing.append(_("title or message"))
    if missing:
        raise ValidationError(
            _(
                "the header row lacks {missing} (found: {found}); expected date, time, platform,"
                " title — or date, heure, plateforme, titre"
            ).format(missing=", ".join(missing), found=", ".join(rows[0]) or _("nothing"))
        )

    def cell(row: list[str], key: str) -> str:
        index = columns.get(key)
        return row[index].strip() if index is not None and index < len(row) else ""

    body_rows = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(c.strip() for c in r)]
    existing = {_same_post_key(p.title, p.platform, p.date, p.time) for p in store.all_posts()}
    order = _day_order([cell(r, "date") for _, r in body_rows], plan.language == "fr")
    known = {c.name.casefold() for c in store.campaigns()}
    new: set[str] = set()
    known_platforms = {
        n.casefold() for p in store.platforms(include_archived=True) for n in (p.name, p.tag)
    }
    for line, row in body_rows:
        try:
            title, message = cell(row, "title"), cell(row, "message")
            if not title and message:
                first_line = message.splitlines()[0].strip()
                title = first_line if len(first_line) <= TITLE_FROM_MESSAGE else (
                    first_line[: TITLE_FROM_MESSAGE - 1].rstrip() + "…"
                )  # fmt: skip
            if not title:
                raise ValidationError(_("no title or message"))
            raw_date, raw_time = cell(row, "date"), cell(row, "time")
            day = _date(raw_date, order, today) if raw_date else None
            time = _time(raw_time) if raw_time else None
            if cell(row, "fold"):
                time = _reading(cell(row, "fold"), day, time, store.zone_name)
            campaign = " ".join(cell(row, "campaign").split()) or None
            platform = cell(row, "platform")
            if (
                platform
                and _fold(platform) in _PLATFORM_WORDS
                and platform.casefold() not in known_platforms
            ):
                platform = _PLATFORM_WORDS[_fold(platform)]
            draft = PostDraft(
                title=title,
                platform=platform,
                date=day,
                time=time,
                status=_status(cell(row, "status")) if cell(row, "status") else "idea",
                campaign=campaign,
                body=message,
                notes=cell(row, "notes"),
                link=cell(row, "link"),
            )
            if campaign and campaign.casefold() not in known:
                store.validate_post(replace(draft, campaign=None))
                if campaign.casefold() not in new:
                    new.add(campaign.casefold())
                    plan.new_campaigns.append(campaign)
            else:
                store.validate_post(draft)
        except CalepinError as exc:
            plan.problems.append(RowProblem(line, str(exc)))
            continue
        platform_name = store.platform(draft.platform).name
        if _same_post_key(draft.title, platform_name, draft.date, draft.time) in existing:
            plan.already.append(line)
            continue
        if not cell(row, "fold") and (note := _twice_note(day, time, store.zone_name)):
            plan.notes.append(RowProblem(line, note))
        plan.drafts.append((line, draft))
    return plan


def _same_post_key(
    title: str, platform: str, day: dt.date | None, time: dt.time | None
) -> tuple[str, str, dt.date | None, dt.time | None, int]:
    # time equality ignores fold: the two readings of 01:30 are two posts
    fold = time.fold if time else 0
    return (" ".join(title.split()).casefold(), platform.casefold(), day, time, fold)


def import_posts(store: Store, plan: CsvPlan) -> int:
    """Write every post of a checked plan in one transaction (all or nothing).

    Raises:
        ValidationError: the plan has failing rows (nothing written).
    """
    if not plan.ok:
        raise ValidationError(
            _("{count} row(s) would fail (first: {first}); nothing imported").format(
                count=len(plan.problems), first=plan.problems[0]
            )
        )
    count = len(plan.drafts)
    label = ngettext(
        "import {count} posts from a spreadsheet", "import {count} posts from a spreadsheet", count
    ).format(count=count)
    with store.transaction(label):
        for name in plan.new_campaigns:
            store.add_campaign(name)
        for line, draft in plan.drafts:
            try:
                store.add_post(draft)
            except CalepinError as exc:
                raise ValidationError(
                    _("line {line}: {error}; nothing imported").format(line=line, error=exc)
                ) from None
    return len(plan.drafts)
