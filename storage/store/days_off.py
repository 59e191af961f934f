"""The Store's days off: leave the person marks (`calepin off`), and the first tracked day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from storage.errors import NotFoundError
from storage.i18n import _
from storage.store.core import StoreCore
from storage.store.validation import MAX_SHORT, _now_text, clean_text
from storage.timeutil import from_db

# `storage.contracted` (its dataclasses, `fractions`) loads when days off are read or marked:
# building the Store for `calepin log` does without it.
if TYPE_CHECKING:
    from storage.contracted import DayOff


class DaysOffStore(StoreCore):
    """Marked leave (vacation, sick days …): days that carry no contracted time."""

    _DAY_OFF_SELECT = "SELECT id, first_day, last_day, reason FROM days_off"

    @staticmethod
    def _day_off(r: Sequence[Any]) -> DayOff:
        from storage.contracted import DayOff

        return DayOff(r[0], dt.date.fromisoformat(r[1]), dt.date.fromisoformat(r[2]), r[3])

    def days_off(self, first: dt.date | None = None, last: dt.date | None = None) -> list[DayOff]:
        """Marked days off that reach into first..last (every one by default), earliest first."""
        sql, params = self._DAY_OFF_SELECT, []
        if first is not None and last is not None:
            sql += " WHERE last_day >= ? AND first_day <= ?"
            params = [first.isoformat(), last.isoformat()]
        sql += " ORDER BY first_day, id"
        return [self._day_off(r) for r in self._conn.execute(sql, params)]

    def day_off(self, day_off_id: int) -> DayOff:
        row = self._conn.execute(self._DAY_OFF_SELECT + " WHERE id = ?", (day_off_id,)).fetchone()
        if row is None:
            raise NotFoundError(_("no days off with id {id}").format(id=day_off_id))
        return self._day_off(row)

    def day_off_on(self, day: dt.date) -> DayOff:
        """The marked days off that hold `day`."""
        found = self.days_off(day, day)
        if not found:
            raise NotFoundError(_("{day} is not marked off").format(day=day.isoformat()))
        return found[0]

    def add_days_off(self, first: dt.date, last: dt.date, reason: str = "") -> DayOff:
        """Mark first..last (inclusive) off, in one undoable change.

        Raises:
            ValidationError: the range ends before it starts, is longer than a year, meets
                days already marked off, or the reason is too long.
        """
        reason = clean_text(reason, "reason", limit=MAX_SHORT, multiline=False)
        if last != first:
            label = _("mark {first}..{last} off").format(
                first=first.isoformat(), last=last.isoformat()
            )
        else:
            label = _("mark {day} off").format(day=first.isoformat())
        from storage.contracted import check_days_off

        with self.transaction(label) as conn:
            check_days_off(first, last, self.days_off(first, last))
            cur = conn.execute(
                "INSERT INTO days_off (first_day, last_day, reason, created_at)"
                " VALUES (?, ?, ?, ?)",
                (first.isoformat(), last.isoformat(), reason, _now_text()),
            )
            new_id = int(cur.lastrowid or 0)
            self._record("days_off", new_id, None)
        return self.day_off(new_id)

    def remove_days_off(self, day_off_id: int) -> DayOff:
        """Unmark one range of days off (undoable); returns what was removed.

        Raises:
            NotFoundError: no such id.
        """
        gone = self.day_off(day_off_id)
        label = _("unmark {day} off").format(day=gone.first.isoformat())
        with self.transaction(label) as conn:
            before = self._row("days_off", day_off_id)
            conn.execute("DELETE FROM days_off WHERE id = ?", (day_off_id,))
            self._record("days_off", day_off_id, before)
        return gone

    def first_entry_day(self, zone: dt.tzinfo | None = None) -> dt.date | None:
        """The local day of the earliest time entry (None: nothing logged yet)."""
        row = self._conn.execute("SELECT MIN(start_at) FROM time_entries").fetchone()
        if row is None or row[0] is None:
            return None
        return from_db(row[0]).astimezone(zone or self.zone).date()
