"""Changes to posts that may repeat: one date of a series, or all of it, never by default.

A change to a repeating post must say which: `on=DAY` for one date, `series=True` for all of
them; with neither it is refused (`WhichDates`), so no front end changes a whole series that
nobody asked for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from storage import wording
from storage.errors import ValidationError
from storage.i18n import _
from storage.models import Status
from storage.store import Store, draft_from_post

if TYPE_CHECKING:  # built on first use (storage.deferred)
    from storage.models import Post, PostDraft


class WhichDates(ValidationError):
    """A change to a repeating post that says neither which date nor "the whole series"."""


@dataclass(frozen=True, slots=True)
class Target:
    """What a post change applies to: a plain post, one date of a series, or the series."""

    post: Post  # the post, or the series' own row
    day: dt.date | None = None  # one date of the series (its original date)

    @property
    def series(self) -> bool:
        return self.post.rrule is not None and self.day is None


def target(
    store: Store, post_id: int, *, on: dt.date | None = None, series: bool = False
) -> Target:
    """Which rows a change to `post_id` touches.

    A repeating post needs `on` (one date) or `series` (all of them). A changed date of a
    series (its own row) is one date already: `series` reaches the series itself.

    Raises:
        WhichDates: a repeating post and neither `on` nor `series`.
        ValidationError: both; `on` is not a date of the series; `series` on a post that
            does not repeat.
    """
    if on is not None and series:
        raise ValidationError(_("give --on DAY for one date or --series for all of them, not both"))
    post = store.get_post(post_id)
    if post.recurrence_of is not None:  # one changed date of a series
        parent = store.get_post(post.recurrence_of)
        if series:
            return Target(parent)
        if on is not None and on != post.recurrence_date:
            return target(store, parent.id, on=on)
        return Target(parent, post.recurrence_date)
    if post.rrule is None:
        if series or on is not None:
            flag = "--series" if series else "--on"
            raise ValidationError(
                _("post {id} does not repeat; drop {flag}").format(id=post.id, flag=flag)
            )
        return Target(post)
    if series:
        return Target(post)
    if on is None:
        from storage.grammar import describe_repeat  # lazy: only post commands need repeats

        raise WhichDates(
            _(
                "post {id} repeats {repeat}: add --on DAY for one date or --series for all of them"
            ).format(id=post.id, repeat=describe_repeat(post.rrule))
        )
    if on in post.skipped_dates:
        raise ValidationError(
            _("'{title}' is skipped on {day}; restore that date first").format(
                title=post.title, day=wording.day_label(on, year=True)
            )
        )
    store.check_occurrence(post.id, on)
    return Target(post, on)


def one_date(store: Store, aim: Target) -> Post:
    """The date's current version: its changed row, or the series as it falls that day."""
    assert aim.day is not None
    found = store.occurrence_row(aim.post.id, aim.day)
    return found if found is not None else replace(aim.post, date=aim.day)


def set_status(
    store: Store,
    post_id: int,
    status: Status | str,
    *,
    on: dt.date | None = None,
    series: bool = False,
    url: str | None = None,
) -> Post:
    """Set a post's status (one date with `on`, every date with `series`). Undoable."""
    aim = target(store, post_id, on=on, series=series)
    if aim.day is None:
        return store.set_status(aim.post.id, status, published_url=url)
    draft = replace(draft_from_post(one_date(store, aim)), status=status)
    if url is not None:
        draft = replace(draft, published_url=url)
    return store.override_occurrence(aim.post.id, aim.day, draft)


def move_post(
    store: Store,
    post_id: int,
    day: dt.date | None,
    time: dt.time | None,
    *,
    on: dt.date | None = None,
    series: bool = False,
) -> Post:
    """Move a post to `day` and `time` (one date with `on`; the series' start with `series`)."""
    aim = target(store, post_id, on=on, series=series)
    if aim.day is None:
        return store.move_post(aim.post.id, day, time)
    if day is None:
        raise ValidationError(_("one date of a series cannot go to the backlog; skip it instead"))
    return store.move_occurrence(aim.post.id, aim.day, day, time)


def edit_post(
    store: Store,
    post_id: int,
    draft: PostDraft,
    *,
    on: dt.date | None = None,
    series: bool = False,
) -> Post:
    """Replace a post's fields with `draft` (one date with `on`, the series with `series`)."""
    aim = target(store, post_id, on=on, series=series)
    if aim.day is None:
        return store.update_post(aim.post.id, draft)
    if draft.rrule is not None and draft.rrule != aim.post.rrule:
        raise ValidationError(_("how a post repeats belongs to the whole series; use --series"))
    return store.override_occurrence(aim.post.id, aim.day, replace(draft, rrule=None))


def delete_post(
    store: Store, post_id: int, *, on: dt.date | None = None, series: bool = False
) -> Post:
    """Delete a post or a whole series; with `on`, skip that one date. Returns what it was."""
    aim = target(store, post_id, on=on, series=series)
    if aim.day is None:
        store.delete_post(aim.post.id)
        return aim.post
    before = one_date(store, aim)
    store.skip_occurrence(aim.post.id, aim.day)
    return before


def copies_staying(store: Store, post: Post) -> str:
    """What deleting `post` leaves of its copies on other platforms (its group), as a
    sentence: `The copies on Facebook and Instagram stay.`; empty when it has none."""
    group = [] if post.group_id is None else store.group(post.group_id)
    others = sorted({p.platform for p in group if p.id != post.id})
    if len(others) == 1:
        return _("The copy on {platform} stays.").format(platform=others[0])
    if others:
        return _("The copies on {platforms} and {last} stay.").format(
            platforms=", ".join(others[:-1]), last=others[-1]
        )
    return ""


def restore_date(store: Store, post_id: int, on: dt.date) -> Post:
    """Bring one date of a series back as the series has it (un-skip it, drop its changes)."""
    post = store.get_post(post_id)
    series_id = post.recurrence_of if post.recurrence_of is not None else post.id
    return store.restore_occurrence(series_id, on)
