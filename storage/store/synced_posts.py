"""The Store's side of a post that came from, or goes to, a shared CalDAV calendar: reading a
post with its series' changed dates by UID, and saving a calendar's version of it in one
transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from storage import models
from storage.deferred import built_on_first_use, deferred
from storage.errors import NotFoundError
from storage.i18n import _
from storage.models import Status
from storage.store.catalog import CatalogStore
from storage.store.validation import _now_text

if TYPE_CHECKING:  # built on first use (storage.deferred)
    from storage.models import Post, PostDraft


@deferred(frozen=True, slots=True)  # built on first use: opening the Store builds none
class SyncedRow:
    """A post row as a sync compares it, as stored: dates ISO text, `time` 'HH:MM' with its
    `fold`, `skipped` the series' skipped dates joined by commas (None: none)."""

    id: int
    uid: str
    recurrence_of: int | None
    recurrence_date: str | None
    sequence: int
    title: str
    platform: str
    status: str
    date: str
    time: str | None
    fold: int
    timezone: str
    campaign: str | None
    estimate_minutes: int | None
    body: str
    link: str
    published_url: str
    group_id: str | None
    notes: str
    rrule: str | None
    skipped: str | None


class SyncedPostStore(CatalogStore):
    """Posts as a sync sees them: a post or a whole series under its UID.

    Mixed into `Store` after `SeriesStore`, whose methods (validation, skips, deletes with
    their tombstones) these use: one rule, one place.
    """

    def synced_rows(self) -> list[SyncedRow]:
        """Every dated post row a sync carries (single posts, series and their changed
        dates), ordered by id, lean: fingerprints of thousands of posts are taken from them
        on every run. Backlog ideas stay local."""
        rows = self._conn.execute(
            "SELECT p.id, p.uid, p.recurrence_of, p.recurrence_date, p.sequence, p.title,"
            " pl.name, p.status, p.date, p.time, p.fold, p.timezone, c.name,"
            " p.estimate_minutes, p.body, p.link, p.published_url, p.group_id, p.notes,"
            " p.rrule, (SELECT group_concat(date) FROM post_skips s WHERE s.post_id = p.id)"
            " FROM posts p JOIN platforms pl ON pl.id = p.platform_id"
            " LEFT JOIN campaigns c ON c.id = p.campaign_id"
            " WHERE p.date IS NOT NULL ORDER BY p.id"
        )
        row_type = __getattr__("SyncedRow")  # the module's own deferred class
        return [row_type(*r) for r in rows]

    def synced_post(self, uid: str) -> tuple[Post, list[Post]] | None:
        """The post or series (not a changed date) with `uid`, with its changed dates in date
        order; None when there is none."""
        store: Any = self
        row = self._conn.execute(
            store._POST_SELECT + " WHERE p.uid = ? AND p.recurrence_of IS NULL", (uid,)
        ).fetchone()
        if row is None:
            return None
        post = store._post(row)
        rows = self._conn.execute(
            store._POST_SELECT + " WHERE p.recurrence_of = ? ORDER BY p.recurrence_date",
            (post.id,),
        )
        return post, [store._post(r) for r in rows]

    def check_synced_post(
        self,
        master: PostDraft,
        overrides: Mapping[dt.date, PostDraft],
        *,
        was: tuple[Post, list[Post]] | None = None,
    ) -> list[dict[str, Any]]:
        """The row values a calendar's version of a post would be saved with (master first,
        then each changed date in `overrides`' order), or the store's ValidationError /
        NotFoundError; nothing saved. `was`: the post and changed dates as stored, whose
        times stay acceptable as they are."""
        store: Any = self
        old, old_overrides = was if was is not None else (None, [])
        by_day = {o.recurrence_date: o for o in old_overrides}
        master = self._with_campaign_known(master)
        values = [store._validate_post(master, was=old)]
        first = values[0]
        series = models.Post(
            id=0,
            uid="",
            title=first["title"],
            platform=master.platform,
            status=Status(first["status"]),
            date=master.date,
            time=dt.time.fromisoformat(first["time"]).replace(fold=first["fold"])
            if first["time"]
            else None,
            timezone=first["timezone"],
            rrule=first["rrule"],
        )
        for day, draft in overrides.items():
            if series.rrule and day not in by_day:  # as `save_synced_post` will check
                store._check_occurrence(series, day)
            draft = self._with_campaign_known(replace(draft, rrule=None, date=draft.date or day))
            values.append(store._validate_post(draft, was=by_day.get(day)))
        return values

    def _with_campaign_known(self, draft: PostDraft) -> PostDraft:
        """A campaign this file does not have yet is not an error for a calendar's version:
        it is created when the post is saved (`save_synced_post`)."""
        if draft.campaign and not any(
            c.name.casefold() == " ".join(draft.campaign.split()).casefold()
            for c in self.campaigns()
        ):
            return replace(draft, campaign=None)
        return draft

    def save_synced_post(
        self,
        uid: str,
        master: PostDraft,
        *,
        overrides: Mapping[dt.date, PostDraft] = {},
        skipped: Sequence[dt.date] = (),
        keep_notes: bool = True,
        label: str | None = None,
    ) -> Post:
        """Create or replace the post (or whole series: its skipped dates and changed dates)
        with `uid` by a calendar's version, in one undoable transaction.

        `overrides`: per original date of the series, its changed version (a date missing
        here that the file has changed is given back to the series, or skipped when it is in
        `skipped`). `keep_notes`: the notes of posts already here stay as they are (notes are
        private unless shared). A campaign this file lacks is created. A published post
        takes the calendar's version whole: the calendar holds what the team agreed on.

        Raises:
            ValidationError / NotFoundError: nothing was saved; the message says why.
        """
        store: Any = self
        was = self.synced_post(uid)
        if master.rrule is None:
            overrides, skipped = {}, ()
        if keep_notes and was is not None:
            old, old_overrides = was
            by_day = {o.recurrence_date: o for o in old_overrides}
            master = replace(master, notes=old.notes)
            overrides = {
                day: replace(d, notes=by_day[day].notes if day in by_day else "")
                for day, d in overrides.items()
            }
        elif keep_notes:
            master = replace(master, notes="")
            overrides = {day: replace(d, notes="") for day, d in overrides.items()}
        self.check_synced_post(master, overrides, was=was)  # before anything is written
        label = label or _("Sync: {title}").format(title=master.title.strip())
        with self.transaction(label) as conn:
            for name in {d.campaign for d in (master, *overrides.values()) if d.campaign}:
                if not any(
                    c.name.casefold() == " ".join(name.split()).casefold() for c in self.campaigns()
                ):
                    self.add_campaign(name)
            values = store._validate_post(master, was=was[0] if was else None)
            if was is None:
                stamp = _now_text()
                values.update(uid=uid, created_at=stamp, updated_at=stamp)
                self._drop_tombstones_of(uid)
                cols = list(values)
                cur = conn.execute(
                    f"INSERT INTO posts ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                    [values[c] for c in cols],
                )
                post_id = cur.lastrowid or 0
                store._record("posts", post_id, None)
                old_overrides: list[Post] = []
            else:
                post_id = was[0].id
                old_overrides = was[1]
                store._write_post(post_id, values, label)
            self._sync_dates(post_id, overrides, skipped, old_overrides)
        return store.get_post(post_id)

    def _sync_dates(
        self,
        series_id: int,
        overrides: Mapping[dt.date, PostDraft],
        skipped: Sequence[dt.date],
        old_overrides: Sequence[Post],
    ) -> None:
        """A series' skipped and changed dates made the calendar's, inside the caller's
        transaction (each skip, restore and delete leaving its tombstones as usual)."""
        store: Any = self
        series = store.get_post(series_id)
        wanted_skips = set(skipped) - set(overrides)
        by_day = {o.recurrence_date: o for o in old_overrides}
        for day, old in by_day.items():
            if day not in overrides:
                store._delete_posts([old.id])
                if series.rrule and day not in wanted_skips:  # else its cancellation stands
                    store._give_back_date(series_id, day)
        for day in sorted(set(series.skipped_dates) - wanted_skips):
            store._remove_skips(series_id, on=day)
        for day in sorted(wanted_skips - set(series.skipped_dates)):
            store._add_skip(series_id, day)
        for day, draft in sorted(overrides.items()):
            old = by_day.get(day)
            draft = replace(draft, rrule=None, date=draft.date or day)
            if old is None:
                store._check_occurrence(store.get_post(series_id), day)
            values = store._validate_post(draft, was=old)
            if old is not None:
                store._write_post(old.id, values, "")
            else:
                store._insert_override(series_id, day, values)

    def _drop_tombstones_of(self, uid: str) -> None:
        """A post the calendar brings back under a UID deleted here: its cancellation must not
        go out in later .ics files."""
        store: Any = self
        rows = self._conn.execute(
            "SELECT id FROM tombstones WHERE uid = ? AND recurrence_date IS NULL", (uid,)
        ).fetchall()
        store._drop_tombstones(
            [r for (tomb_id,) in rows if (r := store._row("tombstones", tomb_id))]
        )

    def delete_synced_post(self, uid: str) -> str | None:
        """Delete the post or whole series with `uid` (tombstones as for any deletion);
        its title, or None when there is none. Undoable."""
        store: Any = self
        found = self.synced_post(uid)
        if found is None:
            return None
        post = found[0]
        with self.transaction(_("Sync: delete '{title}'").format(title=post.title)):
            store._delete_posts([post.id])
        return post.title

    def reissue_synced_post(self, uid: str, new_uid: str) -> None:
        """Give the post or series with `uid` the UID `new_uid` (its changed dates follow
        their series), as one undoable change: the calendar's object under `uid` is not ours
        to replace, so this post goes there as a new one.

        Raises:
            NotFoundError: no post has `uid`.
        """
        store: Any = self
        found = self.synced_post(uid)
        if found is None:
            raise NotFoundError(_("no post with UID {uid}").format(uid=uid))
        post = found[0]
        with self.transaction(_("Sync: {title}").format(title=post.title)) as conn:
            before = store._row("posts", post.id)
            conn.execute("UPDATE posts SET uid = ? WHERE id = ?", (new_uid, post.id))
            store._record("posts", post.id, before)


__getattr__, __dir__ = built_on_first_use(globals())
