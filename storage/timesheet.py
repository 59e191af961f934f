"""Time-entry operations on top of the Store: overlaps, splits, interruptions, day timelines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

from storage import models, wording
from storage.deferred import built_on_first_use, cached_dataclass, deferred
from storage.errors import ConfirmationNeeded, ValidationError
from storage.i18n import _, pgettext
from storage.store import LONG_ENTRY, Store
from storage.timeutil import from_db, to_db

if TYPE_CHECKING:  # built on first use (storage.deferred): named as models.X when run
    from storage.models import Duty, EntryDraft, Post, TimeEntry

INTERRUPTED_KEY = "interrupted_timer"
MOST_USED_DAYS = 90
# When nothing in the database says when a forgotten timer's work stopped: the end of that
# working day, or an hour when it was started late; short is easier to fix than 14 hours.
WORKDAY_END = dt.time(17, 0)
FALLBACK_LENGTH = dt.timedelta(hours=1)

Resolution = Literal["trim", "split"]


@deferred(frozen=True, slots=True)  # built on first use, asked for as __getattr__("Gap")
class Gap:
    """Untracked time between two entries of a day."""

    start: dt.datetime
    end: dt.datetime

    @property
    def minutes(self) -> int:
        return max(0, round((self.end - self.start).total_seconds() / 60))


@deferred(frozen=True, slots=True)  # built on first use (a timer paused by an interruption)
class PausedTimer:
    """The timer an interruption paused, to restart when the interruption ends."""

    duty: str
    activity: str | None = None
    note: str = ""
    post_id: int | None = None


@cached_dataclass(frozen=True, slots=True)
class Review:
    """What deserves a second look before saving an entry."""

    reasons: tuple[str, ...]
    overlaps: tuple[TimeEntry, ...]

    @property
    def clear(self) -> bool:
        return not self.reasons


# ---------------------------------------------------------------- drafts and reviews


def draft_of(entry: TimeEntry, **changes: object) -> EntryDraft:
    """An EntryDraft holding `entry`'s fields, with `changes` applied."""
    draft = models.EntryDraft(
        duty=entry.duty,
        start=entry.start,
        end=entry.end,
        activity=entry.activity,
        note=entry.note,
        post_id=entry.post_id,
        source=entry.source,
        external_uid=entry.external_uid,
    )
    return replace(draft, **changes)  # type: ignore[arg-type]


def review_entry(
    store: Store, draft: EntryDraft, now: dt.datetime, *, exclude: int | None = None
) -> Review:
    """The store's concerns about `draft` (future, long, overlapping) and the entries it overlaps.

    Args:
        store: the open store.
        draft: the entry about to be saved (a finished one; a timer has no concerns).
        now: the current instant.
        exclude: the id of the entry being edited, so it does not overlap itself.
    """
    if draft.end is None:
        return Review((), ())
    reasons = store.entry_concerns(draft, now, exclude=exclude)
    overlaps = store.overlapping(draft.start, draft.end, exclude=exclude)
    return Review(tuple(reasons), tuple(overlaps))


def save_entry(store: Store, draft: EntryDraft, *, exclude: int | None = None) -> TimeEntry:
    """Add `draft`, or with `exclude` replace that entry by it (one undo step either way)."""
    if exclude is None:
        return store.add_entry(draft)
    return store.update_entry(exclude, draft)


EffectKind = Literal["shortened", "split", "removed"]


@cached_dataclass(frozen=True, slots=True)
class Effect:
    """What one answer does to one entry the new entry overlaps, worked out before doing it.

    `parts` is what is left of `entry`: one part when it is shortened (or a running timer is
    stopped or moved), two when it is split around the new entry (both keep its duty,
    activity, note and post), none when it is removed.
    """

    entry: TimeEntry
    kind: EffectKind
    parts: tuple[EntryDraft, ...] = ()


class OverlapChanged(ConfirmationNeeded):
    """The entries around changed since the person was shown what an answer would do."""


def overlap_effects(
    overlaps: Sequence[TimeEntry], draft: EntryDraft, how: Resolution
) -> tuple[Effect, ...]:
    """Exactly what answering `how` does to each entry in `overlaps` when `draft` is saved.

    A neighbour entirely covered by the new entry is removed (whatever the answer: the list
    says so before anything is done). One that straddles a single edge is shortened back to
    that edge. One that surrounds the new entry is shortened to its part before it with
    "trim", and split into its part before and its part after with "split", the note kept on
    both. A running timer that started earlier is stopped at the new entry's start ("split"
    restarts it at the new entry's end); one that started inside the new entry is moved to
    start at its end. Pure: `resolve_overlap` carries out exactly this.

    Raises:
        ValidationError: `how` is unknown, or the draft is a running timer.
    """
    if how not in ("trim", "split"):
        raise ValidationError(
            _("unknown way to resolve an overlap: {how!r}; use trim or split").format(how=how)
        )
    if draft.end is None:
        raise ValidationError(_("a running timer cannot overlap; stop it first"))
    start, end = draft.start, draft.end
    effects: list[Effect] = []
    for other in overlaps:
        other_end = other.end
        if other.start >= start and other_end is not None and other_end <= end:
            effects.append(Effect(other, "removed"))
        elif other.start < start:
            head = draft_of(other, end=start)
            if how == "split" and (other_end is None or other_end > end):
                tail = draft_of(other, start=end, end=other_end, external_uid=None)
                effects.append(Effect(other, "split", (head, tail)))
            else:
                effects.append(Effect(other, "shortened", (head,)))
        else:
            effects.append(Effect(other, "shortened", (draft_of(other, start=end),)))
    return tuple(effects)


def resolve_overlap(
    store: Store,
    draft: EntryDraft,
    how: Resolution,
    *,
    exclude: int | None = None,
    expected: Sequence[Effect] | None = None,
) -> TimeEntry:
    """Save `draft` and cut the entries it overlaps so no minute is counted twice.

    All in one transaction, so one `undo` puts everything back. What is done to each
    neighbour is `overlap_effects` (removed, shortened, or split keeping the note on both
    parts); entries are never merged.

    Args:
        store: the open store.
        draft: the finished entry to save.
        how: "trim" or "split", as the user chose.
        exclude: the id of the entry being edited (it is updated, never trimmed).
        expected: the effects the person was shown; when the entries around changed
            since, nothing is written and `OverlapChanged` is raised.

    Returns:
        The saved entry.

    Raises:
        ValidationError: the draft is not valid, or `how` is unknown; nothing is written.
        OverlapChanged: the effects differ from `expected`; nothing is written.
    """
    overlap_effects((), draft, how)  # checks `how` and the draft before taking the lock
    assert draft.end is not None
    word = pgettext("overlap", "trim") if how == "trim" else pgettext("overlap", "split")
    label = (
        _("edit entry #{id} ({how} overlaps)").format(id=exclude, how=word)
        if exclude
        else _("log {duty} ({how})").format(duty=draft.duty, how=word)
    )
    restart: EntryDraft | None = None
    with store.transaction(label):
        effects = overlap_effects(
            store.overlapping(draft.start, draft.end, exclude=exclude), draft, how
        )
        if expected is not None and tuple(expected) != effects:
            raise OverlapChanged([_("the entries around it changed; look again before saving")])
        for effect in effects:
            other = effect.entry
            if effect.kind == "removed":
                store.delete_entry(other.id)
                continue
            store.update_entry(other.id, effect.parts[0])
            if effect.kind == "split":
                tail = effect.parts[1]
                if tail.end is None:
                    restart = tail  # saved last: only one timer may run at a time
                else:
                    store.add_entry(tail)
        saved = save_entry(store, draft, exclude=exclude)
        if restart is not None:
            store.add_entry(restart)
    return store.get_entry(saved.id)


def split_entry(store: Store, entry_id: int, at: dt.datetime) -> tuple[TimeEntry, TimeEntry]:
    """Cut a finished entry in two at `at`; both halves keep its duty, activity, note and post.

    Raises:
        ValidationError: the entry is a running timer, or `at` is not strictly inside it.
        NotFoundError: no such entry.
    """
    entry = store.get_entry(entry_id)
    if entry.end is None:
        raise ValidationError(_("a running timer cannot be split; start the next duty instead"))
    if at.tzinfo is None:
        raise ValidationError(_("times must carry a time zone"))
    if not entry.start < at < entry.end:
        local = store.zone
        raise ValidationError(
            _("split at a time between {start} and {end}").format(
                start=wording.clock(entry.start.astimezone(local)),
                end=wording.clock(entry.end.astimezone(local)),
            )
        )
    with store.transaction(_("split entry #{id}").format(id=entry_id)):
        first = store.update_entry(entry_id, draft_of(entry, end=at))
        second = store.add_entry(draft_of(entry, start=at, external_uid=None))
    return first, second


# ---------------------------------------------------------------- timer helpers


def paused_timer(store: Store) -> PausedTimer | None:
    """The timer an interruption paused, or None when no interruption is going on."""
    text = store.setting(INTERRUPTED_KEY, "") or ""
    if not text:
        return None
    import json  # lazy: only an interruption is stored as JSON

    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    if data.get("duty") is None:
        return __getattr__("PausedTimer")("")  # an interruption with nothing to resume
    return __getattr__("PausedTimer")(
        duty=str(data["duty"]),
        activity=data.get("activity"),
        note=str(data.get("note") or ""),
        post_id=data.get("post_id"),
    )


def interrupt(
    store: Store,
    duty: str,
    now: dt.datetime,
    *,
    activity: str | None = None,
    note: str = "",
) -> TimeEntry:
    """Pause the running timer (stopping it at `now`) and start timing the interruption.

    The paused timer is remembered in the database (setting `interrupted_timer`), so the
    command line and a restarted app see it too. Returns the interruption's timer.

    Raises:
        ValidationError: an interruption is already going on, or the duty cannot be timed.
    """
    if paused_timer(store) is not None:
        raise ValidationError(_("an interruption is already going on; end it first"))
    running = store.running_timer()
    remembered: dict[str, object] = {"duty": None}
    if running is not None:
        remembered = {
            "duty": running.duty,
            "activity": running.activity,
            "note": running.note,
            "post_id": running.post_id,
        }
    with store.transaction(_("interruption: {duty}").format(duty=duty)):
        if running is not None and empty_run(running, now):
            store.delete_entry(running.id)  # the zero-minute rule: a run under a minute goes
        started, _switched = store.start_timer(duty, now, activity=activity, note=note)
        import json

        store.set_setting(INTERRUPTED_KEY, json.dumps(remembered))
    return started


def end_interruption(store: Store, now: dt.datetime) -> TimeEntry | None:
    """Stop the interruption's timer and restart the paused one; returns the restarted timer.

    Raises:
        ValidationError: no interruption is going on.
    """
    paused = paused_timer(store)
    if paused is None:
        raise ValidationError(_("no interruption is going on"))
    with store.transaction(_("end interruption")):
        resumed: TimeEntry | None = None
        running = store.running_timer()
        if running is not None and empty_run(running, now):
            store.delete_entry(running.id)  # the zero-minute rule: a run under a minute goes
        if paused.duty:
            post_id = paused.post_id
            if post_id is not None and not _post_exists(store, post_id):
                post_id = None
            resumed, _switched = store.start_timer(
                paused.duty, now, activity=paused.activity, note=paused.note, post_id=post_id
            )
        else:
            store.stop_timer(now)
        store.set_setting(INTERRUPTED_KEY, "")
    return resumed


def forget_interruption(store: Store) -> None:
    """Drop the paused timer without restarting it (e.g. after a plain stop)."""
    store.set_setting(INTERRUPTED_KEY, "")


def _post_exists(store: Store, post_id: int) -> bool:
    row = store.connection.execute("SELECT 1 FROM posts WHERE id = ?", (post_id,)).fetchone()
    return row is not None


def empty_run(timer: TimeEntry, end: dt.datetime) -> bool:
    """The zero-minute rule: a timer run stopped at `end` less than a minute after it started
    is not kept. (Any longer run counts at least one minute: accounting rounds both ends to
    the nearest minute.)"""
    return end - timer.start < dt.timedelta(minutes=1)


def timer_key_duties(store: Store, pinned: Sequence[str] = ()) -> list[Duty]:
    """The duties on timer keys 1–9, in a fixed order that usage never reshuffles.

    The `pinned` duties (settings [timer] keys) come first, in their order; the other active
    duties follow in the database's order (their position in the duties list). Archived pinned
    duties are left out.

    Raises:
        ValidationError: a pinned name is no duty; the message names it.
    """
    from storage.errors import NotFoundError

    chosen: list[Duty] = []
    for name in pinned:
        try:
            duty = store.duty(name)
        except NotFoundError:
            known = ", ".join(d.name for d in store.duties())
            raise ValidationError(
                _("[timer] keys names '{name}', which is no duty; known duties: {known}").format(
                    name=name, known=known
                ),
                field="timer.keys",
            ) from None
        if not duty.archived and all(d.id != duty.id for d in chosen):
            chosen.append(duty)
    taken = {d.id for d in chosen}
    chosen += [d for d in store.duties() if d.id not in taken]  # their position, then id
    return chosen[:9]


def most_used_duties(
    store: Store, now: dt.datetime, limit: int = 9, *, days: int = MOST_USED_DAYS
) -> list[Duty]:
    """The active duties with the most time logged in the last `days` days, most first.

    Filled up with the other active duties in their usual order, so keys 1–9 always exist.
    """
    since = to_db(now - dt.timedelta(days=days))
    rows = store.connection.execute(
        "SELECT duty_id, sum(julianday(coalesce(end_at, ?)) - julianday(start_at)) AS spent"
        " FROM time_entries WHERE start_at >= ? GROUP BY duty_id ORDER BY spent DESC",
        (to_db(now), since),
    ).fetchall()
    active = {d.id: d for d in store.duties()}
    ranked = [active[r[0]] for r in rows if r[0] in active]
    seen = {d.id for d in ranked}
    ranked += [d for d in active.values() if d.id not in seen]
    return ranked[:limit]


def long_running_timer(
    store: Store, now: dt.datetime, threshold: dt.timedelta = LONG_ENTRY
) -> TimeEntry | None:
    """The running timer when it has run for more than `threshold`, else None."""
    timer = store.running_timer()
    if timer is not None and now - timer.start > threshold:
        return timer
    return None


def last_activity_before(store: Store, timer: TimeEntry, now: dt.datetime) -> dt.datetime:
    """A sensible time to stop a forgotten timer at ("stop at the last activity").

    The end of the latest other entry that finished while the timer ran (work logged
    meanwhile proves the person was there). Failing that, 17:00 on the timer's local day
    when it started before 16:00, else one hour after its start. Never after `now`, never
    more than 24 hours after the start (the longest entry), always after the start.
    """
    start = timer.start
    row = store.connection.execute(
        "SELECT max(end_at) FROM time_entries WHERE id != ? AND end_at > ? AND end_at <= ?",
        (timer.id, to_db(start), to_db(now)),
    ).fetchone()
    if row and row[0]:
        guess = from_db(row[0])
    else:
        local = start.astimezone(store.zone)
        day_end = dt.datetime.combine(local.date(), WORKDAY_END, tzinfo=store.zone)
        guess = day_end if day_end - local >= FALLBACK_LENGTH else start + FALLBACK_LENGTH
    guess = min(guess, now, start + dt.timedelta(hours=24))
    return max(guess, start + dt.timedelta(minutes=1))


# ---------------------------------------------------------------- posts and time


def start_on_post(store: Store, post: Post, now: dt.datetime) -> tuple[TimeEntry, TimeEntry | None]:
    """Start a timer on the post's duty (its platform's default duty), the post linked.

    Raises:
        ValidationError: the platform has no default duty to count the time to.
    """
    platform = store.platform(post.platform)
    if not platform.default_duty:
        raise ValidationError(
            _("platform {platform} has no duty to count its time to; set one first").format(
                platform=platform.name
            )
        )
    return store.start_timer(platform.default_duty, now, post_id=post.id)


def logged_minutes_by_post(
    store: Store, post_ids: Iterable[int], now: dt.datetime
) -> dict[int, int]:
    """Minutes logged against each post (a running timer counts up to `now`)."""
    ids = sorted(set(post_ids))
    out = dict.fromkeys(ids, 0)
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        rows = store.connection.execute(
            "SELECT post_id, sum(julianday(coalesce(end_at, ?)) - julianday(start_at))"
            f" FROM time_entries WHERE post_id IN ({', '.join('?' * len(chunk))})"
            " GROUP BY post_id",
            (to_db(now), *chunk),
        ).fetchall()
        for post_id, days in rows:
            out[post_id] = max(0, round(days * 24 * 60))
    return out


# ---------------------------------------------------------------- days and totals


def day_timeline(
    entries: Sequence[TimeEntry],
    day_start: dt.datetime,
    day_end: dt.datetime,
    *,
    now: dt.datetime | None = None,
    min_gap: dt.timedelta = dt.timedelta(minutes=1),
) -> list[TimeEntry | Gap]:
    """The day's entries in time order with the untracked gaps between them.

    Only gaps *between* entries are listed (before the first and after the last the day is
    simply not worked). A running timer ends at `now` (or is taken as open-ended without it).
    Entries that overlap each other leave no gap between them. Pure.
    """
    inside = sorted(
        (e for e in entries if e.start < day_end and (e.end is None or e.end > day_start)),
        key=lambda e: (e.start, e.id),
    )
    out: list[TimeEntry | Gap] = []
    reached: dt.datetime | None = None
    for entry in inside:
        if reached is not None and entry.start - reached >= min_gap:
            out.append(__getattr__("Gap")(reached, entry.start))
        out.append(entry)
        end = entry.end or now or day_end
        reached = end if reached is None else max(reached, end)
    return out


__all__ = [
    "INTERRUPTED_KEY",
    "Effect",
    "EffectKind",
    "Gap",
    "OverlapChanged",
    "PausedTimer",
    "Resolution",
    "Review",
    "day_timeline",
    "draft_of",
    "empty_run",
    "end_interruption",
    "forget_interruption",
    "interrupt",
    "last_activity_before",
    "logged_minutes_by_post",
    "long_running_timer",
    "most_used_duties",
    "overlap_effects",
    "paused_timer",
    "resolve_overlap",
    "review_entry",
    "save_entry",
    "split_entry",
    "start_on_post",
    "timer_key_duties",
]


__getattr__, __dir__ = built_on_first_use(globals())
