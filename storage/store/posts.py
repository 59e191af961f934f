"""The Store's posts: reading, validating, adding, editing, moving, copying and deleting them."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from storage import models, wording
from storage.errors import NotFoundError, ValidationError
from storage.i18n import _, pgettext
from storage.models import Status
from storage.store.tombstones import TombstoneStore
from storage.store.validation import (
    MAX_BODY,
    MAX_ESTIMATE,
    MAX_NOTES,
    MAX_TITLE,
    _clean_url,
    _date,
    _draft_from,
    _iso,
    _now_text,
    _status,
    clean_text,
)
from storage.timeutil import from_db, zone

if TYPE_CHECKING:  # built on first use (storage.deferred): named as models.X when run
    from storage.models import Post, PostDraft


class PostStore(TombstoneStore):
    """Posts, single or the row of a series; see `SeriesStore` for one date of a series."""

    _POST_SELECT = (
        "SELECT p.id, p.uid, p.title, pl.name, p.status, p.date, p.time, p.timezone, c.name,"
        " p.estimate_minutes, p.body, p.notes, p.link, p.published_url, p.group_id, p.rrule,"
        " p.recurrence_of, p.recurrence_date, p.sequence, p.created_at, p.updated_at,"
        " (SELECT group_concat(date) FROM post_skips s WHERE s.post_id = p.id), p.fold"
        " FROM posts p JOIN platforms pl ON pl.id = p.platform_id"
        " LEFT JOIN campaigns c ON c.id = p.campaign_id"
    )

    @staticmethod
    def _post(r: Sequence[Any]) -> Post:
        skips = tuple(sorted(dt.date.fromisoformat(d) for d in r[21].split(","))) if r[21] else ()
        return models.Post(
            id=r[0],
            uid=r[1],
            title=r[2],
            platform=r[3],
            status=Status(r[4]),
            date=_date(r[5]),
            time=dt.time.fromisoformat(r[6]).replace(fold=r[22]) if r[6] else None,
            timezone=r[7],
            campaign=r[8],
            estimate_minutes=r[9],
            body=r[10],
            notes=r[11],
            link=r[12],
            published_url=r[13],
            group_id=r[14],
            rrule=r[15],
            recurrence_of=r[16],
            recurrence_date=_date(r[17]),
            skipped_dates=skips,
            sequence=r[18],
            created_at=from_db(r[19]),
            updated_at=from_db(r[20]),
        )

    def get_post(self, post_id: int) -> Post:
        row = self._conn.execute(self._POST_SELECT + " WHERE p.id = ?", (post_id,)).fetchone()
        if row is None:
            raise NotFoundError(_("no post with id {id}").format(id=post_id))
        return self._post(row)

    def posts_between(
        self,
        first: dt.date,
        last: dt.date,
        *,
        platforms: Sequence[str] = (),
        statuses: Sequence[Status | str] = (),
        campaign: str | None = None,
    ) -> list[Post]:
        """Dated posts from `first` to `last` inclusive, in date and time order.

        Series (recurring posts) appear once, on their first date; use
        `occurrences_between` for the expanded calendar.
        """
        sql, params = self.posts_between_sql(
            first, last, platforms=platforms, statuses=statuses, campaign=campaign
        )
        return [self._post(r) for r in self._conn.execute(sql, params)]

    def posts_between_sql(
        self,
        first: dt.date,
        last: dt.date,
        *,
        platforms: Sequence[str] = (),
        statuses: Sequence[Status | str] = (),
        campaign: str | None = None,
        kind: str = "all",
    ) -> tuple[str, list[Any]]:
        """The (sql, params) `posts_between` runs, so a test can EXPLAIN it.

        `kind` narrows it for `occurrences_between`: "all", "single" (every row but series,
        so changed occurrences included) or "series" (series starting by `last`).
        """
        if kind == "series":
            where = ["p.date <= ?", "p.rrule IS NOT NULL"]
            params: list[Any] = [last.isoformat()]
        else:
            where = ["p.date >= ?", "p.date <= ?"]
            params = [first.isoformat(), last.isoformat()]
            if kind == "single":
                where.append("p.rrule IS NULL")
        where, params = self._post_filters(where, params, platforms, statuses, campaign)
        sql = (
            f"{self._POST_SELECT} WHERE {' AND '.join(where)}"
            " ORDER BY p.date, p.time IS NOT NULL, p.time, p.id"
        )
        return sql, params

    def backlog(
        self,
        *,
        platforms: Sequence[str] = (),
        statuses: Sequence[Status | str] = (),
        campaign: str | None = None,
    ) -> list[Post]:
        """Undated posts (ideas), newest first."""
        where, params = self._post_filters(["p.date IS NULL"], [], platforms, statuses, campaign)
        sql = (
            f"{self._POST_SELECT} WHERE {' AND '.join(where)} ORDER BY p.created_at DESC, p.id DESC"
        )
        return [self._post(r) for r in self._conn.execute(sql, params)]

    def all_posts(self) -> list[Post]:
        return [self._post(r) for r in self._conn.execute(self._POST_SELECT + " ORDER BY p.id")]

    def series(self) -> list[Post]:
        """Every recurring post (the series rows, not their occurrences)."""
        sql = self._POST_SELECT + " WHERE p.rrule IS NOT NULL ORDER BY p.date, p.id"
        return [self._post(r) for r in self._conn.execute(sql)]

    def _post_filters(
        self,
        where: list[str],
        params: list[Any],
        platforms: Sequence[str],
        statuses: Sequence[Status | str],
        campaign: str | None,
    ) -> tuple[list[str], list[Any]]:
        if platforms:
            ids = [self.platform(p).id for p in platforms]
            where.append(f"p.platform_id IN ({', '.join('?' * len(ids))})")
            params.extend(ids)
        if statuses:
            values = [_status(s).value for s in statuses]
            where.append(f"p.status IN ({', '.join('?' * len(values))})")
            params.extend(values)
        if campaign:
            where.append("p.campaign_id = ?")
            params.append(self.campaign(campaign).id)
        return where, params

    def _validate_post(self, draft: PostDraft, *, was: Post | None = None) -> dict[str, Any]:
        """The row's values for `draft`. `was`: the post as stored (for one date of a series,
        the series on that date), whose date, time and zone stay acceptable as they are."""
        title = clean_text(draft.title, "title", limit=MAX_TITLE, multiline=False)
        if not title:
            raise ValidationError(_("title cannot be empty"), field="title")
        platform = self.platform(draft.platform) if draft.platform else None
        if platform is None:
            raise ValidationError(_("choose a platform"), field="platform")
        status = _status(draft.status)
        if draft.time is not None and draft.date is None:
            raise ValidationError(_("a post with a time needs a date too"), field="date")
        if draft.date is not None and (was is None or draft.date != was.date):
            from storage.calendar import FIRST_YEAR, LAST_YEAR

            # As typed dates: files and calendar servers bring year 1 or 9999 too, and an
            # event's end a day later is then past what Python's dates hold.
            if not FIRST_YEAR <= draft.date.year <= LAST_YEAR:
                raise ValidationError(
                    _("the date must be in the years {first} to {last}").format(
                        first=FIRST_YEAR, last=LAST_YEAR
                    ),
                    field="date",
                )
        tz_name = draft.timezone or self.zone_name
        zone(tz_name)
        campaign_id = self.campaign(draft.campaign).id if draft.campaign else None
        estimate = draft.estimate_minutes
        if estimate is not None and not (0 <= estimate <= MAX_ESTIMATE):
            raise ValidationError(
                _("effort estimate must be between 0 and {hours} hours").format(
                    hours=wording.number(MAX_ESTIMATE // 60)
                ),
                field="estimate",
            )
        rrule = draft.rrule.strip() if draft.rrule else None
        if rrule:
            if draft.date is None:
                raise ValidationError(_("a repeating post needs a first date"), field="repeat")
            from storage import recurrence  # lazy: only a series needs the recurrence rules

            rrule = recurrence.validate(rrule, draft.date, zone(tz_name))
        post_time = draft.time.replace(second=0, microsecond=0) if draft.time else None
        post_time = self._wall_time(draft.date, post_time, tz_name, rrule, was)
        return {
            "title": title,
            "platform_id": platform.id,
            "status": status.value,
            "date": _iso(draft.date),
            "time": post_time.strftime("%H:%M") if post_time else None,
            "timezone": tz_name,
            "fold": post_time.fold if post_time else 0,
            "campaign_id": campaign_id,
            "estimate_minutes": estimate,
            "body": clean_text(draft.body, "body", limit=MAX_BODY, multiline=True),
            "notes": clean_text(draft.notes, "notes", limit=MAX_NOTES, multiline=True),
            "link": _clean_url(draft.link, "link"),
            "published_url": _clean_url(draft.published_url, "published URL"),
            "group_id": draft.group_id,
            "rrule": rrule,
        }

    @staticmethod
    def _wall_time(
        day: dt.date | None,
        time: dt.time | None,
        tz_name: str,
        rrule: str | None,
        was: Post | None,
    ) -> dt.time | None:
        """`time` with the fold it is stored with; a newly chosen time that does not exist,
        or the second reading of a repeated time for a series, is refused (field "time")."""
        if day is None or time is None:
            return time
        from storage.grammar import wall  # lazy: only a dated, timed post needs the zone's changes

        new = was is None or (was.date, was.time, was.timezone) != (day, time, tz_name)
        checked = wall.checked_wall_time(day, time, tz_name, new=new)
        assert checked is not None
        if rrule and checked.fold:
            shift = wall.clock_shift(day, checked, tz_name)
            assert shift is not None
            raise ValidationError(wall.series_twice_message(shift), field="time")
        return checked

    def validate_post(self, draft: PostDraft, *, was: Post | None = None) -> None:
        """Raise the ValidationError (with `.field`) that saving `draft` would raise; save nothing.

        `was`: the post the draft edits, as stored (its date and time stay acceptable)."""
        self._validate_post(draft, was=was)

    def add_post(self, draft: PostDraft, *, label: str | None = None) -> Post:
        """Validate and save a new post.

        Raises:
            ValidationError / NotFoundError: nothing was saved; the message says why.
        """
        values = self._validate_post(draft)
        stamp = _now_text()
        values.update(uid=f"{uuid.uuid4()}@calepin", created_at=stamp, updated_at=stamp)
        cols = list(values)
        label = label or _("add post '{title}'").format(title=values["title"])
        with self.transaction(label) as conn:
            cur = conn.execute(
                f"INSERT INTO posts ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [values[c] for c in cols],
            )
            post_id = cur.lastrowid
            assert post_id is not None
            self._record("posts", post_id, None)
        return self.get_post(post_id)

    def update_post(self, post_id: int, draft: PostDraft, *, label: str | None = None) -> Post:
        """Replace a post's editable fields with the draft's; bumps its SEQUENCE."""
        current = self.get_post(post_id)
        values = self._validate_post(draft, was=current)
        if current.status is Status.PUBLISHED:
            pinned = {"title", "platform_id", "date", "time", "fold", "timezone", "body", "rrule"}
            before = self._validate_post(_draft_from(current), was=current)
            changed = sorted(k for k in pinned if values[k] != before[k])
            if changed and values["status"] == Status.PUBLISHED.value:
                raise ValidationError(
                    _(
                        "this post is published: only its notes, status, URL and campaign can"
                        " change (tried to change {fields})"
                    ).format(fields=", ".join(_field_name(k) for k in changed))
                )
        label = label or _("edit '{title}'").format(title=values["title"])
        return self._write_post(post_id, values, label)

    def _write_post(self, post_id: int, values: dict[str, Any], label: str) -> Post:
        with self.transaction(label) as conn:
            before = self._row("posts", post_id)
            if before is None:
                raise NotFoundError(_("no post with id {id}").format(id=post_id))
            if all(before[k] == v for k, v in values.items()):
                return self.get_post(post_id)
            values = {**values, "updated_at": _now_text(), "sequence": before["sequence"] + 1}
            sets = ", ".join(f"{c} = ?" for c in values)
            conn.execute(f"UPDATE posts SET {sets} WHERE id = ?", [*values.values(), post_id])
            self._record("posts", post_id, before)
        return self.get_post(post_id)

    def move_post(self, post_id: int, day: dt.date | None, time: dt.time | None) -> Post:
        """Put a post on another day and time (None, None sends it back to the backlog)."""
        post = self.get_post(post_id)
        if post.status is Status.PUBLISHED:
            raise ValidationError(_("a published post stays where it was published"))
        if post.rrule and day is None:
            raise ValidationError(_("a repeating post cannot go back to the backlog"))
        if day is None:
            label = _("move '{title}' to the backlog").format(title=post.title)
        else:
            label = _("move '{title}' to {day}").format(
                title=post.title, day=wording.day_label(day)
            )
        return self.update_post(
            post_id, replace(_draft_from(post), date=day, time=time), label=label
        )

    def set_status(
        self, post_id: int, status: Status | str, *, published_url: str | None = None
    ) -> Post:
        post = self.get_post(post_id)
        new = _status(status)
        draft = replace(_draft_from(post), status=new)
        if published_url is not None:
            draft = replace(draft, published_url=published_url)
        values = self._validate_post(draft, was=post)
        label = _("'{title}' → {status}").format(title=post.title, status=new.label)
        return self._write_post(post_id, values, label)

    def delete_post(self, post_id: int) -> None:
        """Delete a post (undoable). A series goes with its skips and changed occurrences;
        linked time entries stay, unlinked. Deleting a changed occurrence (an override) skips
        that occurrence, so the series' original does not come back in its place. Each deleted
        row leaves a tombstone, so later .ics exports cancel it (`storage.store.tombstones`).
        """
        post = self.get_post(post_id)
        with self.transaction(_("delete '{title}'").format(title=post.title)):
            if post.recurrence_of is not None and post.recurrence_date is not None:
                self._add_skip(post.recurrence_of, post.recurrence_date)
            self._delete_posts([post_id])

    def _delete_posts(self, post_ids: Sequence[int]) -> None:
        """Delete posts with everything that cascades from them, each row recorded for undo,
        each post leaving a tombstone (written first, so redo re-buries before it deletes)."""
        conn = self._conn
        ids = list(post_ids)
        ids += [
            r[0]
            for pid in post_ids
            for r in conn.execute("SELECT id FROM posts WHERE recurrence_of = ?", (pid,))
            if r[0] not in ids
        ]
        dependants: list[tuple[str, int, dict[str, Any] | None]] = []
        for pid in ids:
            for table, sql in (
                ("post_skips", "SELECT id FROM post_skips WHERE post_id = ?"),
                ("time_entries", "SELECT id FROM time_entries WHERE post_id = ?"),
            ):
                for (row_id,) in conn.execute(sql, (pid,)).fetchall():
                    dependants.append((table, row_id, self._row(table, row_id)))
        # Overrides before their series, so redo replays the deletes in a valid order.
        posts = [(pid, self._row("posts", pid)) for pid in reversed(ids)]
        for _pid, row in posts:
            if row is not None:
                self._bury_post(row)
        for pid, _row in posts:
            conn.execute("DELETE FROM posts WHERE id = ?", (pid,))
        for table, row_id, row in dependants:
            self._record(table, row_id, row)
        for pid, row in posts:
            self._record("posts", pid, row)

    def duplicate_post(
        self, post_id: int, platforms: Sequence[str], *, estimate_minutes: int | None = None
    ) -> list[Post]:
        """Copy a post to other platforms; all copies share the original's group.

        Each copy's effort estimate is `estimate_minutes` (an adaptation takes less than the
        original; 0: no time planned for it), or the original's when None: the caller shows
        that default, so the week's planned effort never grows without the person's say.

        Raises:
            ValidationError: no platform, or a negative or over-24-hour estimate.
        """
        post = self.get_post(post_id)
        if not platforms:
            raise ValidationError(_("choose at least one platform to copy to"))
        if estimate_minutes is not None and not 0 <= estimate_minutes <= 24 * 60:
            raise ValidationError(
                _("a copy's estimate is between {least} and {most}").format(
                    least=wording.duration(0), most=wording.duration(24 * 60)
                )
            )
        estimate = post.estimate_minutes if estimate_minutes is None else estimate_minutes or None
        targets = [self.platform(p).name for p in platforms]
        group = post.group_id or uuid.uuid4().hex
        label = _("copy '{title}' to {platforms}").format(
            title=post.title, platforms=", ".join(targets)
        )
        with self.transaction(label):
            if post.group_id is None:
                before = self._row("posts", post_id)
                self._conn.execute("UPDATE posts SET group_id = ? WHERE id = ?", (group, post_id))
                self._record("posts", post_id, before)
            copies = []
            for name in targets:
                status = post.status if post.status is not Status.PUBLISHED else Status.READY
                draft = replace(
                    _draft_from(post),
                    platform=name,
                    group_id=group,
                    status=status,
                    estimate_minutes=estimate,
                )
                copies.append(self.add_post(draft))
        return copies

    def group(self, group_id: str) -> list[Post]:
        sql = self._POST_SELECT + " WHERE p.group_id = ? ORDER BY p.id"
        return [self._post(r) for r in self._conn.execute(sql, (group_id,))]


def _field_name(column: str) -> str:
    """A post's column as the published-post refusal names it ('title', 'date' …)."""
    return {
        "title": pgettext("post column", "title"),
        "platform_id": pgettext("post column", "platform_id"),
        "date": pgettext("post column", "date"),
        "time": pgettext("post column", "time"),
        "fold": pgettext("post column", "fold"),
        "timezone": pgettext("post column", "timezone"),
        "body": pgettext("post column", "body"),
        "rrule": pgettext("post column", "rrule"),
    }.get(column, column)
