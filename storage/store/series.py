"""The Store's recurring posts: the expanded calendar, and one date of a series skipped,
restored, changed or moved, or the series ended."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from storage import wording
from storage.errors import ValidationError
from storage.i18n import _
from storage.models import Status
from storage.store.posts import PostStore
from storage.store.validation import _draft_from, _now_text

if TYPE_CHECKING:  # built on first use (storage.deferred)
    from storage.models import Post, PostDraft


class SeriesStore(PostStore):
    """Series expanded into dates, and the changes to one date or to the whole series."""

    def occurrences_between(
        self,
        first: dt.date,
        last: dt.date,
        *,
        platforms: Sequence[str] = (),
        statuses: Sequence[Status | str] = (),
        campaign: str | None = None,
    ) -> list[Post]:
        """The calendar from `first` to `last` inclusive, with every series expanded.

        Plain posts as in `posts_between`; each occurrence of a series is a copy of the
        series Post (same id, `rrule` set) whose `date` and `recurrence_date` are the
        occurrence's date. A changed occurrence is its own row (`recurrence_of` = series id,
        `recurrence_date` = the original date, no rrule) and shows on its own date instead of
        the original; skipped dates are left out. Sorted by date, timeless first, then time.

        Raises ValidationError when a series falls in a period longer than
        `recurrence.MAX_SPAN_YEARS`: a daily series over centuries is millions of copies.
        """
        filters: dict[str, Any] = {
            "platforms": platforms,
            "statuses": statuses,
            "campaign": campaign,
        }
        from storage import recurrence  # lazy: only the calendar and series need it

        sql, params = self.posts_between_sql(first, last, kind="single", **filters)
        found = [self._post(r) for r in self._conn.execute(sql, params)]
        sql, params = self.posts_between_sql(first, last, kind="series", **filters)
        series = [self._post(r) for r in self._conn.execute(sql, params)]
        if series:
            recurrence.check_span(first, last)
            overridden: dict[int, set[dt.date]] = {s.id: set() for s in series}
            marks = ", ".join("?" * len(series))
            for series_id, day in self._conn.execute(
                "SELECT recurrence_of, recurrence_date FROM posts"
                f" WHERE recurrence_of IN ({marks})",
                [s.id for s in series],
            ):
                overridden[series_id].add(dt.date.fromisoformat(day))
            for one in series:
                found += recurrence.expand(one, first, last, overridden=overridden[one.id])
        found.sort(key=recurrence.sort_key)
        return found

    def _series(self, series_id: int) -> Post:
        post = self.get_post(series_id)
        if post.rrule is None:
            raise ValidationError(_("'{title}' does not repeat").format(title=post.title))
        return post

    def _override_id(self, series_id: int, day: dt.date) -> int | None:
        row = self._conn.execute(
            "SELECT id FROM posts WHERE recurrence_of = ? AND recurrence_date = ?",
            (series_id, day.isoformat()),
        ).fetchone()
        return row[0] if row else None

    def _check_occurrence(self, series: Post, day: dt.date) -> None:
        from storage import recurrence

        if not recurrence.is_occurrence(series, day):
            raise ValidationError(
                _("'{title}' does not fall on {day}").format(
                    title=series.title, day=wording.day_label(day, year=True)
                )
            )

    def check_occurrence(self, series_id: int, day: dt.date) -> None:
        """Refuse a `day` that is not a date of the series (a changed date counts as one).

        Raises:
            ValidationError: the post does not repeat, or does not fall on `day`.
        """
        series = self._series(series_id)
        if self._override_id(series_id, day) is None:
            self._check_occurrence(series, day)

    def occurrence_row(self, series_id: int, day: dt.date) -> Post | None:
        """The changed version of the series' date `day` (its own row), if it has one."""
        found = self._override_id(series_id, day)
        return self.get_post(found) if found is not None else None

    def _touch_post(self, post_id: int) -> None:
        """Bump SEQUENCE and updated_at: the series changed for calendars (e.g. a new EXDATE)."""
        before = self._row("posts", post_id)
        self._conn.execute(
            "UPDATE posts SET sequence = sequence + 1, updated_at = ? WHERE id = ?",
            (_now_text(), post_id),
        )
        self._record("posts", post_id, before)

    def _add_skip(self, series_id: int, day: dt.date) -> None:
        cur = self._conn.execute(
            "INSERT OR IGNORE INTO post_skips (post_id, date) VALUES (?, ?)",
            (series_id, day.isoformat()),
        )
        if cur.rowcount:
            self._record("post_skips", cur.lastrowid or 0, None)
            series = self._row("posts", series_id)
            if series is not None:  # its prep block that date is cancelled in later exports
                self._bury_skip(series, day)
            self._touch_post(series_id)

    def _remove_skips(
        self, series_id: int, *, on: dt.date | None = None, after: dt.date | None = None
    ) -> None:
        if on is not None:
            sql, arg = "SELECT id FROM post_skips WHERE post_id = ? AND date = ?", on
        else:
            assert after is not None
            sql, arg = "SELECT id FROM post_skips WHERE post_id = ? AND date > ?", after
        rows = self._conn.execute(sql, (series_id, arg.isoformat())).fetchall()
        for (skip_id,) in rows:
            before = self._row("post_skips", skip_id)
            self._conn.execute("DELETE FROM post_skips WHERE id = ?", (skip_id,))
            self._record("post_skips", skip_id, before)
        if rows:
            self._touch_post(series_id)

    def skip_occurrence(self, series_id: int, day: dt.date) -> Post:
        """Leave out one occurrence of a series (and drop its changed version, if any).

        Returns the series. Undoable.

        Raises:
            ValidationError: the post does not repeat, or does not fall on `day`.
        """
        series = self._series(series_id)
        override = self._override_id(series_id, day)
        if day in series.skipped_dates and override is None:
            return series
        self._check_occurrence(series, day)
        label = _("skip '{title}' on {day}").format(title=series.title, day=wording.day_label(day))
        with self.transaction(label):
            self._add_skip(series_id, day)
            if override is not None:
                self._delete_posts([override])
        return self.get_post(series_id)

    def restore_occurrence(self, series_id: int, day: dt.date) -> Post:
        """Bring one occurrence back as the series has it: un-skip it, drop its changes.

        Returns the series. Undoable; a no-op when the occurrence is already as planned.
        """
        series = self._series(series_id)
        override = self._override_id(series_id, day)
        if day not in series.skipped_dates and override is None:
            return series
        label = _("restore '{title}' on {day}").format(
            title=series.title, day=wording.day_label(day)
        )
        with self.transaction(label):
            self._remove_skips(series_id, on=day)
            if override is not None:
                self._delete_posts([override])
            # calendars hold the moved copy as an instance: later exports re-send the date
            self._give_back_date(series_id, day)
        return self.get_post(series_id)

    def override_occurrence(self, series_id: int, day: dt.date, draft: PostDraft) -> Post:
        """Change one occurrence: creates (or updates) its own row from `draft`.

        The row is a normal post with `recurrence_of` = the series and `recurrence_date` =
        `day` (its original date); `draft.date`/`time` say where it now goes (default: `day`).
        A skipped occurrence is un-skipped. Undoable.

        Raises:
            ValidationError / NotFoundError: nothing was saved; the message says why.
        """
        series = self._series(series_id)
        existing = self._override_id(series_id, day)
        if existing is None:
            self._check_occurrence(series, day)
        draft = replace(draft, rrule=None, date=draft.date or day)
        was = self.get_post(existing) if existing is not None else replace(series, date=day)
        values = self._validate_post(draft, was=was)
        label = _("change '{title}' on {day}").format(
            title=series.title, day=wording.day_label(day)
        )
        with self.transaction(label):
            self._remove_skips(series_id, on=day)
            if existing is not None:
                self._write_post(existing, values, label)
                post_id = existing
            else:
                post_id = self._insert_override(series_id, day, values)
        return self.get_post(post_id)

    def _insert_override(self, series_id: int, day: dt.date, values: dict[str, Any]) -> int:
        """A new changed date of a series, from checked `values` (inside a transaction)."""
        stamp = _now_text()
        values.update(
            uid=f"{uuid.uuid4()}@calepin",
            recurrence_of=series_id,
            recurrence_date=day.isoformat(),
            created_at=stamp,
            updated_at=stamp,
            # above any cancellation of this date sent before
            sequence=self._reuse_date(series_id, day),
        )
        cols = list(values)
        cur = self._conn.execute(
            f"INSERT INTO posts ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            [values[c] for c in cols],
        )
        post_id = cur.lastrowid or 0
        self._record("posts", post_id, None)
        return post_id

    def move_occurrence(
        self, series_id: int, day: dt.date, new_day: dt.date, new_time: dt.time | None
    ) -> Post:
        """Move one occurrence (original date `day`) to another day and time. Undoable."""
        existing = self._override_id(series_id, day)
        base = self.get_post(existing) if existing is not None else self._series(series_id)
        draft = replace(_draft_from(base), date=new_day, time=new_time, rrule=None)
        return self.override_occurrence(series_id, day, draft)

    def end_series(self, series_id: int, last_day: dt.date) -> Post:
        """Make a series stop after `last_day` (inclusive); later changes and skips go. Undoable."""
        series = self._series(series_id)
        assert series.date is not None and series.rrule is not None
        if last_day < series.date:
            raise ValidationError(
                _("the series starts on {day}; end it on or after that day (or delete it)").format(
                    day=wording.day_label(series.date, year=True)
                ),
                field="date",
            )
        from storage import recurrence

        rule = recurrence.with_until(series.rrule, last_day)
        values = self._validate_post(replace(_draft_from(series), rrule=rule), was=series)
        label = _("end '{title}' after {day}").format(
            title=series.title, day=wording.day_label(last_day)
        )
        with self.transaction(label) as conn:
            late = [
                r[0]
                for r in conn.execute(
                    "SELECT id FROM posts WHERE recurrence_of = ? AND recurrence_date > ?",
                    (series_id, last_day.isoformat()),
                )
            ]
            if late:
                self._delete_posts(late)
            self._remove_skips(series_id, after=last_day)
            self._write_post(series_id, values, label)
        return self.get_post(series_id)
