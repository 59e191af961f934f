"""The Store's outcomes: what the work achieved per platform per month (reach, engagement …),
entered by the person or imported from a platform's analytics export."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from storage import models
from storage.deferred import LazyPattern
from storage.errors import NotFoundError, ValidationError
from storage.i18n import N_, _
from storage.store.catalog import CatalogStore
from storage.store.validation import _now_text

if TYPE_CHECKING:
    from storage.models import Outcome, OutcomeDraft

# The figures, in the order every surface shows them.
FIGURES = ("reach", "impressions", "engagement", "followers_gained", "messages_answered")
# In English; `figure_label` (or `_(FIGURE_LABELS[name])`) says them in the language in use.
FIGURE_LABELS = {
    "reach": N_("reach"),
    "impressions": N_("impressions"),
    "engagement": N_("engagement"),
    "followers_gained": N_("followers gained"),
    "messages_answered": N_("messages answered"),
}
# Far above a year of a national brand's reach: a bigger number is a typo or a wrong column.
MAX_FIGURE = 10_000_000_000
_MONTH = LazyPattern(r"^(\d{4})-(\d{1,2})$")  # compiled on first use: opening the Store reads none
# Digits grouped by threeses with a space (French, also narrow and no-break), comma or dot.
_GROUPED = LazyPattern(r"^\d{1,3}([ \u00a0\u202f,.'’]\d{3})+$")


UNKNOWN = "—"  # how a figure nobody entered reads: never "0"


def figure_label(name: str) -> str:
    """A figure's name in the language in use ('followers gained', 'abonnés gagnés')."""
    label = FIGURE_LABELS.get(name)
    return name if label is None else _(label)


def figure_text(value: int | None) -> str:
    """A figure as people read it: 12,345 (French: 12 345), or a dash when it is not known."""
    if value is None:
        return UNKNOWN
    from storage import wording  # lazy: opening the Store reads no figure

    return wording.grouped(value)


def check_month(value: str | dt.date) -> str:
    """`value` as YYYY-MM, or a ValidationError saying how to write it."""
    if isinstance(value, dt.date):
        return f"{value.year:04d}-{value.month:02d}"
    text = str(value).strip()
    m = _MONTH.match(text)
    if m is None or not 1 <= int(m[2]) <= 12 or not 1900 <= int(m[1]) <= 2999:
        raise ValidationError(
            _("month must look like 2026-11 (year-month), got '{text}'").format(text=text[:20]),
            field="month",
        )
    return f"{int(m[1]):04d}-{int(m[2]):02d}"


def check_figure(value: int | None, name: str) -> int | None:
    """A figure as stored: None (not known) or a whole number from 0 to MAX_FIGURE."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(
            _("{figure} must be a whole number (got {value})").format(
                figure=figure_label(name), value=repr(value)
            ),
            field=name,
        )
    if value < 0:
        raise ValidationError(
            _("{figure} cannot be negative (got {value})").format(
                figure=figure_label(name), value=figure_text(value)
            ),
            field=name,
        )
    if value > MAX_FIGURE:
        raise ValidationError(
            _("{figure} is {value}; the most Calepin keeps is {most}").format(
                figure=figure_label(name), value=figure_text(value), most=figure_text(MAX_FIGURE)
            ),
            field=name,
        )
    return value


def parse_figure(text: str | None, name: str) -> int | None:
    """What a person typed for a figure: blank is "not known" (None), never 0.

    Takes `1234`, `1 234` (French), `1,234` and `1.234`; refuses signs, decimals and words.

    Raises:
        ValidationError: naming the figure, with what was typed.
    """
    raw = (text or "").strip()
    if not raw:
        return None
    if raw.isdigit() and raw.isascii():
        return check_figure(int(raw), name)
    if _GROUPED.match(raw):
        return check_figure(int(re.sub(r"\D", "", raw)), name)
    if raw.startswith(("-", "−")):
        raise ValidationError(
            _("{figure} cannot be negative (got '{text}')").format(
                figure=figure_label(name), text=raw[:20]
            ),
            field=name,
        )
    raise ValidationError(
        _("{figure} must be a whole number, e.g. 1234 (got '{text}')").format(
            figure=figure_label(name), text=raw[:20]
        ),
        field=name,
    )


def require_a_figure(figures: dict[str, int | None]) -> None:
    """Refuse a save with no figure at all: it would record nothing but a month."""
    if all(v is None for v in figures.values()):
        raise ValidationError(
            _(
                "give at least one figure: reach, impressions, engagement, followers gained"
                " or messages answered"
            ),
            field="reach",
        )


class OutcomeStore(CatalogStore):
    """Outcomes per platform per month; one row each, updated in place (an upsert)."""

    _OUTCOME_SELECT = (
        "SELECT o.id, p.name, o.month, o.reach, o.impressions, o.engagement,"
        " o.followers_gained, o.messages_answered"
        " FROM outcomes o JOIN platforms p ON p.id = o.platform_id"
    )

    @staticmethod
    def _outcome(r: Sequence[Any]) -> Outcome:
        return models.Outcome(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7])

    def outcomes(
        self,
        first: str | dt.date | None = None,
        last: str | dt.date | None = None,
        *,
        platform: str | None = None,
    ) -> list[Outcome]:
        """Outcomes of the months first..last (dates: the months they fall in; both None:
        every month), by month then platform in the platforms' order."""
        sql, params = self._OUTCOME_SELECT + " WHERE 1", []
        if first is not None:
            sql += " AND o.month >= ?"
            params.append(check_month(first))
        if last is not None:
            sql += " AND o.month <= ?"
            params.append(check_month(last))
        if platform is not None:
            sql += " AND o.platform_id = ?"
            params.append(self.platform(platform).id)
        sql += " ORDER BY o.month, p.position, p.id"
        return [self._outcome(r) for r in self._conn.execute(sql, params)]

    def outcome(self, platform: str, month: str | dt.date) -> Outcome:
        """The outcome of one platform and month.

        Raises:
            NotFoundError: nothing entered for them (or no such platform).
        """
        found = self._outcome_row(self.platform(platform).id, check_month(month))
        if found is None:
            name = self.platform(platform).name
            raise NotFoundError(
                _("no outcomes for {platform} in {month}").format(
                    platform=name, month=check_month(month)
                )
            )
        return found

    def _outcome_row(self, platform_id: int, month: str) -> Outcome | None:
        row = self._conn.execute(
            self._OUTCOME_SELECT + " WHERE o.platform_id = ? AND o.month = ?",
            (platform_id, month),
        ).fetchone()
        return None if row is None else self._outcome(row)

    def save_outcome(self, draft: OutcomeDraft, *, keep_missing: bool = True) -> Outcome:
        """Add or update the outcome of a platform and month, in one undoable change.

        Args:
            draft: the platform (name or tag), month (YYYY-MM) and figures.
            keep_missing: True: a figure left None keeps what was saved (`outcome add
                --reach 5`); False: it becomes unknown (a form showing every figure).

        Raises:
            NotFoundError: no such platform.
            ValidationError: a bad month or figure, or nothing to save. Nothing was saved.
        """
        return self.save_outcomes([draft], keep_missing=keep_missing)[0]

    def save_outcomes(
        self,
        drafts: Iterable[OutcomeDraft],
        *,
        keep_missing: bool = True,
        label: str | None = None,
    ) -> list[Outcome]:
        """`save_outcome` for many (an import), all in one undoable change or none."""
        checked = [self._checked(d, keep_missing) for d in drafts]
        if not checked:
            return []
        if label is None:
            pid, month, _figures = checked[0]
            name = self._platform_name(pid)
            label = _("outcomes of {platform} for {month}").format(platform=name, month=month)
        stamp = _now_text()
        saved: list[Outcome] = []
        with self.transaction(label) as conn:
            for platform_id, month, figures in checked:
                row = conn.execute(
                    "SELECT id FROM outcomes WHERE platform_id = ? AND month = ?",
                    (platform_id, month),
                ).fetchone()
                if row is None:
                    cur = conn.execute(
                        "INSERT INTO outcomes (platform_id, month, updated_at) VALUES (?, ?, ?)",
                        (platform_id, month, stamp),
                    )
                    row_id, before = int(cur.lastrowid or 0), None
                else:
                    row_id = row[0]
                    before = self._row("outcomes", row_id)
                values = {k: v for k, v in figures.items() if v is not None or not keep_missing}
                sets = "".join(f"{k} = ?, " for k in values)
                conn.execute(
                    f"UPDATE outcomes SET {sets}updated_at = ? WHERE id = ?",
                    [*values.values(), stamp, row_id],
                )
                self._record("outcomes", row_id, before)
                saved.append(self._outcome_row(platform_id, month))  # type: ignore[arg-type]
        return saved

    def _checked(
        self, draft: OutcomeDraft, keep_missing: bool
    ) -> tuple[int, str, dict[str, int | None]]:
        platform = self.platform(draft.platform)
        month = check_month(draft.month)
        figures = {name: check_figure(getattr(draft, name), name) for name in FIGURES}
        require_a_figure(figures)
        return platform.id, month, figures

    def _platform_name(self, platform_id: int) -> str:
        return next(p.name for p in self.platforms(include_archived=True) if p.id == platform_id)

    def delete_outcome(self, platform: str, month: str | dt.date) -> Outcome:
        """Forget a platform's figures for a month (undoable); returns what was removed.

        Raises:
            NotFoundError: nothing entered for them.
        """
        gone = self.outcome(platform, month)
        label = _("delete outcomes of {platform} for {month}").format(
            platform=gone.platform, month=gone.month
        )
        with self.transaction(label) as conn:
            before = self._row("outcomes", gone.id)
            conn.execute("DELETE FROM outcomes WHERE id = ?", (gone.id,))
            self._record("outcomes", gone.id, before)
        return gone
