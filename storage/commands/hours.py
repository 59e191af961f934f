"""Changes to hours, for the CLI and the TUI alike: a typed line and the timer, with what to
ask before making them.

The front ends only decide how to ask. A change that deserves a second look (an entry in the
future, longer than 10 hours or overlapping; a timer left running for hours) is refused with
`NeedsAnswer`, which lists the reasons; the CLI names the flag that answers it, the TUI shows a
dialog, and both call the same function again with the `answer`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

from storage import models, wording
from storage import timesheet as ts
from storage.deferred import built_on_first_use, cached_dataclass, deferred
from storage.errors import ConfirmationNeeded, ValidationError
from storage.grammar import (
    LogLine,
    StartTimer,
    StopTimer,
    describe_log_line,
    parse_command,
)
from storage.i18n import _, pgettext
from storage.models import EntrySource
from storage.store import MAX_ENTRY, Store

if TYPE_CHECKING:  # built on first use (storage.deferred): named as models.X when run
    from storage.models import EntryDraft, Post, TimeEntry

Command = LogLine | StartTimer | StopTimer
# save: as it is (the CLI's --force) · trim/split: cut the entries it overlaps ·
# last: stop a forgotten timer at its last activity first.
Answer = Literal["save", "trim", "split", "last"]
ANSWERS: tuple[Answer, ...] = ("save", "trim", "split", "last")


# ---------------------------------------------------------------- what needs an answer


@deferred(frozen=True, slots=True)  # built on first use: most logs find no forgotten timer
class ForgottenTimer:
    """A timer past the long-timer limit (`store.long_timer`, 10 h): probably left running.

    Until it is stopped it counts only up to the limit on every surface (storage.accounting).
    """

    timer: TimeEntry
    last: dt.datetime  # a sensible time to stop it: the end of the last activity
    reason: str
    forced: dt.datetime | None = None  # where "save" (--force) stops it: see `forced_end`


@cached_dataclass(frozen=True, slots=True)
class Plan:
    """A change understood, before it is made: what it means and what to ask first."""

    command: Command | None
    understood: str
    draft: EntryDraft | None = None
    reasons: tuple[str, ...] = ()
    overlaps: tuple[TimeEntry, ...] = ()
    forgotten: ForgottenTimer | None = None
    exclude: int | None = None  # the entry being edited
    # What "trim" and "split" would do to each overlapped entry, worked out before asking.
    effects: tuple[tuple[Answer, tuple[ts.Effect, ...]], ...] = ()

    @property
    def clear(self) -> bool:
        """Nothing to ask: the change can be made as it is."""
        return not self.reasons

    @property
    def answers(self) -> tuple[Answer, ...]:
        """The answers that make sense here, most careful first (empty when clear).

        Overlaps are cut (trim, split), never counted twice from the TUI; the CLI's --force
        still saves as typed.
        """
        if self.clear:
            return ()
        if self.forgotten is not None:
            return ("last", "save")
        if self.overlaps:
            if self.effects_of("split") != self.effects_of("trim"):
                return ("split", "trim")  # split keeps the part after it; trim drops it
            return ("trim", "split")
        return ("save",)

    def effects_of(self, answer: Answer) -> tuple[ts.Effect, ...]:
        """What `answer` does to the entries this one overlaps (empty for other answers)."""
        return next((found for offered, found in self.effects if offered == answer), ())


class NeedsAnswer(ConfirmationNeeded):
    """The change was not made: `plan.reasons` say why it needs the user's say-so."""

    def __init__(self, plan: Plan) -> None:
        super().__init__(list(plan.reasons))
        self.plan = plan


def forgotten_timer(
    store: Store, now: dt.datetime, threshold: dt.timedelta | None = None
) -> ForgottenTimer | None:
    """The running timer when it has run longer than `threshold` (the forgotten-timer rule;
    default: the long-timer limit, `store.long_timer`)."""
    from storage.accounting import long_timer_of  # the limit is counted there, once

    limit = store.long_timer if threshold is None else threshold
    timer = store.running_timer()
    found = None if timer is None else long_timer_of(timer, now, limit)
    if timer is None or found is None:
        return None
    started = timer.start.astimezone(store.zone)
    reason = _(
        "the {duty} timer has run since {start} ({ran}); only {counted} count until it is stopped"
    ).format(
        duty=timer.duty,
        start=wording.day_time(started),
        ran=wording.duration(found.ran),
        counted=wording.duration(found.counted),
    )
    last = ts.last_activity_before(store, timer, now)
    return __getattr__("ForgottenTimer")(timer, last, reason, forced_end(timer, now, limit))


def forced_end(timer: TimeEntry, now: dt.datetime, limit: dt.timedelta) -> dt.datetime:
    """Where "save" (the CLI's --force) stops a forgotten timer: `now` when the run fits in
    one entry (24 h), else at the long-timer limit, the time every surface counted."""
    if now - timer.start <= MAX_ENTRY:
        return now
    return timer.start + limit


def review(
    store: Store, draft: EntryDraft, now: dt.datetime, *, exclude: int | None = None
) -> Plan:
    """What saving `draft` means, with its concerns: in the future, over 10 h, overlapping."""
    found = ts.review_entry(store, draft, now, exclude=exclude)
    effects: tuple[tuple[Answer, tuple[ts.Effect, ...]], ...] = ()
    if found.overlaps:
        effects = tuple(
            (how, ts.overlap_effects(found.overlaps, draft, how)) for how in ("trim", "split")
        )
    return Plan(
        None,
        entry_text(draft, store.zone),
        draft,
        found.reasons,
        found.overlaps,
        exclude=exclude,
        effects=effects,
    )


def understand(store: Store, text: str, now: dt.datetime) -> Plan:
    """Read a typed line (`1h30 social engage …`, `start newsletters`, `stop`) and its concerns.

    Raises:
        ParseError: the line cannot be understood; the message says how to write it.
    """
    command = parse_command(text, now, store.duties(), store.activities())
    understood = describe(command)
    if isinstance(command, LogLine):
        draft = models.EntryDraft(
            duty=command.duty.name,
            start=command.start,
            end=command.end,
            activity=command.activity.name if command.activity else None,
            note=command.note,
            source=EntrySource.MANUAL,
        )
        return replace(review(store, draft, now), command=command, understood=understood)
    forgotten = forgotten_timer(store, now)
    reasons = (forgotten.reason,) if forgotten else ()
    return Plan(command, understood, reasons=reasons, forgotten=forgotten)


def describe(command: Command) -> str:
    """What a typed line was understood as, in one line."""
    if isinstance(command, StopTimer):
        return _("stop the timer")
    if isinstance(command, StartTimer):
        text = _("start the timer on {duty}").format(duty=command.duty.name)
        if command.activity is not None:
            text += f" / {command.activity.name}"
        if command.note:
            text += f" · {wording.quoted(command.note)}"
        return text
    return describe_log_line(command)


def entry_text(draft: EntryDraft, zone: dt.tzinfo) -> str:
    """``Mon 23 Nov 14:00–16:00 · 2 h · events / create``."""
    start = draft.start.astimezone(zone)
    if draft.end is None:
        return _("{duty} from {start}").format(duty=draft.duty, start=wording.day_time(start))
    end = draft.end.astimezone(zone)
    minutes = round((draft.end - draft.start).total_seconds() / 60)
    text = (
        f"{wording.day_time(start)}–{wording.clock(end)} · {wording.duration(minutes)}"
        f" · {draft.duty}"
    )
    if draft.activity:
        text += f" / {draft.activity}"
    return text


def effect_lines(plan: Plan, answer: Answer, zone: dt.tzinfo) -> list[str]:
    """What `answer` does to each overlapped entry, one line each, with duty, times and note.

    ``removed: Mon 23 Nov 09:00–10:00 · 1 h · social media · “replied”``,
    ``shortened: … → 09:00–10:00``, ``split: … → 09:00–10:00 and 10:30–12:00 (note on both)``.
    """
    return [effect_text(effect, zone) for effect in plan.effects_of(answer)]


def effect_text(effect: ts.Effect, zone: dt.tzinfo) -> str:
    """One overlapped entry and what an answer does to it, in one line."""
    entry = effect.entry
    shown = entry_text(ts.draft_of(entry), zone)
    if entry.end is None:
        shown += " " + _("(running)")
    if entry.note:
        shown += f" · {wording.quoted(entry.note)}"
    if effect.kind == "removed":
        return pgettext("overlap", "removed: {entry}").format(entry=shown)
    day = entry.start.astimezone(zone).date()
    parts = [_part_text(part, day, zone) for part in effect.parts]
    after = (
        parts[0]
        if len(parts) == 1
        else _("{first} and {second}").format(first=", ".join(parts[:-1]), second=parts[-1])
    )
    if effect.kind == "split":
        text = pgettext("overlap", "split: {entry}").format(entry=shown) + f" → {after}"
        return text + " " + _("(note on both)") if entry.note else text
    return pgettext("overlap", "shortened: {entry}").format(entry=shown) + f" → {after}"


def _part_text(part: EntryDraft, day: dt.date, zone: dt.tzinfo) -> str:
    start = part.start.astimezone(zone)
    first = wording.clock(start) if start.date() == day else wording.day_time(start)
    if part.end is None:
        return _("running from {start}").format(start=first)
    end = part.end.astimezone(zone)
    last = wording.clock(end) if end.date() == start.date() else wording.day_time(end)
    return f"{first}–{last}"


# ---------------------------------------------------------------- carrying a plan out


@cached_dataclass(frozen=True, slots=True)
class Done:
    """What a change did: the entry saved, the timer started, the timer stopped, or the
    timer run not kept because it counted no minute (`dropped`)."""

    plan: Plan
    saved: TimeEntry | None = None
    started: TimeEntry | None = None
    stopped: TimeEntry | None = None
    dropped: TimeEntry | None = None


def carry_out(
    store: Store,
    plan: Plan,
    now: dt.datetime,
    answer: Answer | None = None,
    *,
    at: dt.datetime | None = None,
) -> Done:
    """Make the change `plan` describes, as `answer` says when it had concerns (a timer
    started from `at`, when given).

    Raises:
        NeedsAnswer: the plan has concerns and no answer was given; nothing was written.
        ValidationError: the answer does not fit, or the store refused; nothing was written.
    """
    if answer is not None and answer not in ANSWERS:
        raise ValidationError(
            _("unknown answer {answer!r}; use one of {answers}").format(
                answer=answer, answers=", ".join(ANSWERS)
            )
        )
    if isinstance(plan.command, StopTimer):
        return replace(stop_timer(store, now, answer=answer, plan=plan), plan=plan)
    if isinstance(plan.command, StartTimer):
        command = plan.command
        running = store.running_timer()
        started, stopped = start_timer(
            store,
            command.duty.name,
            now,
            activity=command.activity.name if command.activity else None,
            note=command.note,
            answer=answer,
            plan=plan,
            at=at,
        )
        dropped = running if running is not None and stopped is None else None
        return Done(plan, started=started, stopped=stopped, dropped=dropped)
    assert plan.draft is not None
    return Done(plan, saved=save_entry(store, plan, now, answer=answer))


def save_entry(
    store: Store, plan: Plan, now: dt.datetime, *, answer: Answer | None = None
) -> TimeEntry:
    """Save the entry a `review` (or `understand`) planned.

    Without an answer a plan with concerns is refused; the concerns are checked again under
    the write lock, so another writer cannot slip an overlapping entry in meanwhile.
    """
    draft, exclude = plan.draft, plan.exclude
    if draft is None:
        raise ValidationError(_("nothing to save"))
    if answer is None and not plan.clear:
        raise NeedsAnswer(plan)
    if answer in ("trim", "split"):
        # Exactly what the person was shown, or nothing: a covered entry is removed only
        # when the list they answered said so.
        expected = plan.effects_of(answer) if plan.effects else None
        try:
            return ts.resolve_overlap(
                store,
                draft,
                answer,  # type: ignore[arg-type]
                exclude=exclude,
                expected=expected,
            )
        except ts.OverlapChanged:
            raise NeedsAnswer(review(store, draft, now, exclude=exclude)) from None
    if answer == "last":
        raise ValidationError(_("only a running timer can be stopped at its last activity"))
    if answer is None and exclude is None:
        try:
            return store.add_entry(draft, now=now, force=False)
        except ConfirmationNeeded:
            raise NeedsAnswer(review(store, draft, now)) from None
    return ts.save_entry(store, draft, exclude=exclude)


def log_line(store: Store, text: str, now: dt.datetime, *, answer: Answer | None = None) -> Done:
    """Understand a typed line and carry it out (`calepin log …` and the command bar)."""
    return carry_out(store, understand(store, text, now), now, answer)


# ---------------------------------------------------------------- the timer


def _forgotten_first(
    store: Store, now: dt.datetime, answer: Answer | None, plan: Plan | None
) -> ForgottenTimer | None:
    """Apply the forgotten-timer rule before a start or a stop: refuse, or stop it as asked."""
    forgotten = forgotten_timer(store, now)
    if forgotten is None:
        return None
    if answer is None:
        raise NeedsAnswer(
            plan
            if plan is not None and plan.forgotten is not None
            else Plan(None, "", reasons=(forgotten.reason,), forgotten=forgotten)
        )
    return forgotten


def start_timer(
    store: Store,
    duty: str,
    now: dt.datetime,
    *,
    activity: str | None = None,
    note: str = "",
    post_id: int | None = None,
    answer: Answer | None = None,
    plan: Plan | None = None,
    at: dt.datetime | None = None,
) -> tuple[TimeEntry, TimeEntry | None]:
    """Start timing `duty`, stopping the running timer (a switch); from `at` when the work
    began earlier (`check_start` says which times are refused).

    A timer past the long-timer limit is not stopped without an answer: "last" stops it at
    its last activity first, "save" where `forced_end` says (now, or at the limit when the
    run is too long for one entry). A running timer that counted no minute is not kept.

    Returns the new timer and the one stopped, if any (None when it was not kept).
    """
    start = now if at is None else check_start(store, at, now)
    forgotten = _forgotten_first(store, now, answer, plan)
    stopped: TimeEntry | None = None
    with store.transaction(_("start timer on {duty}").format(duty=duty)):
        if forgotten is not None and answer in ("last", "save"):
            end = forgotten.last if answer == "last" else forgotten.forced or now
            stopped = _stop_or_drop(store, min(end, start))
        else:
            _drop_empty_run(store, start)
        started, switched = store.start_timer(
            duty, start, activity=activity, note=note, post_id=post_id
        )
    return started, stopped or switched


def check_start(store: Store, at: dt.datetime, now: dt.datetime) -> dt.datetime:
    """`at` as a timer's start, when it fits: not in the future, not before the running
    timer's start (that one stops at `at`), and not inside time already logged.

    Raises:
        ValidationError: `at` does not fit; the message says what would.
    """
    zone = store.zone
    when = wording.weekday_time(at.astimezone(zone))
    if at > now + dt.timedelta(minutes=1):
        raise ValidationError(
            _("{time} is in the future; a timer starts now or earlier").format(time=when)
        )
    if now - at >= MAX_ENTRY:
        raise ValidationError(
            _(
                "{time} is more than 24 hours ago; log that time instead, "
                "e.g. `yesterday 14:00-16:00 events`"
            ).format(time=when)
        )
    running = store.running_timer()
    if running is not None and at <= running.start:
        raise ValidationError(
            _(
                "the {duty} timer started {start}; a new timer stops it, "
                "so start the new one after that"
            ).format(duty=running.duty, start=wording.day_time(running.start.astimezone(zone)))
        )
    logged = [e for e in store.overlapping(at, now) if e.end is not None]
    if logged:
        latest = max(e.end for e in logged if e.end is not None).astimezone(zone)
        raise ValidationError(
            _("{entry} is already logged after {time}; start at {latest} or later").format(
                entry=entry_text(ts.draft_of(logged[0]), zone),
                time=wording.clock(at.astimezone(zone)),
                latest=wording.clock(latest),
            )
        )
    return at


def _drop_empty_run(store: Store, end: dt.datetime) -> TimeEntry | None:
    """The zero-minute rule (`timesheet.empty_run`): a timer stopped at `end` less than a
    minute after it started is not kept. Returns the run deleted, if any."""
    timer = store.running_timer()
    if timer is None or not ts.empty_run(timer, end):
        return None
    store.delete_entry(timer.id)
    return timer


def _stop_or_drop(store: Store, end: dt.datetime) -> TimeEntry | None:
    """Stop the running timer at `end`; None when it counted no minute and was dropped."""
    if _drop_empty_run(store, end) is not None:
        return None
    return store.stop_timer(end)


def start_on_post(
    store: Store, post: Post, now: dt.datetime, *, answer: Answer | None = None
) -> tuple[TimeEntry, TimeEntry | None]:
    """Start a timer on the post's duty (its platform's default duty), the post linked."""
    platform = store.platform(post.platform)
    if not platform.default_duty:
        raise ValidationError(
            _("platform {platform} has no duty to count its time to; set one first").format(
                platform=platform.name
            )
        )
    return start_timer(store, platform.default_duty, now, post_id=post.id, answer=answer)


def stop_timer(
    store: Store,
    now: dt.datetime,
    *,
    at: dt.datetime | None = None,
    answer: Answer | None = None,
    plan: Plan | None = None,
) -> Done:
    """Stop the running timer at `now`, or at `at` (when the work really stopped).

    Without `at`, a timer past the long-timer limit needs an answer ("last": at its last
    activity; "save": now, or at the limit when the run is too long for one entry). A run
    that counted no minute (stopped within the minute it started) is not kept: `dropped`.
    A plain stop during an interruption ends it without resuming.

    Raises:
        ValidationError: no timer runs, or `at` is in the future, before the start or more
            than 24 hours after it.
        NeedsAnswer: a forgotten timer and no answer.
    """
    timer = store.running_timer()
    if timer is None:
        raise ValidationError(_("no timer is running"))
    end = now
    if at is not None:
        started = wording.day_time(timer.start.astimezone(store.zone))
        if at > now + dt.timedelta(minutes=1):
            raise ValidationError(
                _("{time} is in the future; the timer cannot stop later than now").format(
                    time=wording.weekday_time(at.astimezone(store.zone))
                )
            )
        if at <= timer.start:
            raise ValidationError(
                _("the timer started {start}; stop it after that").format(start=started)
            )
        if at - timer.start > MAX_ENTRY:
            latest = (timer.start + MAX_ENTRY).astimezone(store.zone)
            raise ValidationError(
                _(
                    "the timer started {start} and an entry lasts at most 24 hours; "
                    "stop it by {latest}"
                ).format(start=started, latest=wording.day_time(latest))
            )
        end = at
    else:
        forgotten = _forgotten_first(store, now, answer, plan)
        if forgotten is not None and answer == "last":
            end = forgotten.last
        elif forgotten is not None and answer == "save":
            end = forgotten.forced or now
    with store.transaction(_("stop timer")):
        dropped = _drop_empty_run(store, end)
        stopped = None if dropped is not None else store.stop_timer(end)
        if ts.paused_timer(store) is not None:
            ts.forget_interruption(store)
    return Done(plan or Plan(StopTimer(), _("stop the timer")), stopped=stopped, dropped=dropped)


interrupt = ts.interrupt
end_interruption = ts.end_interruption
paused_timer = ts.paused_timer


def trim_overlaps(store: Store, entry_id: int, how: ts.Resolution = "trim") -> TimeEntry:
    """Cut the entries that overlap a saved entry so no minute is counted twice."""
    entry = store.get_entry(entry_id)
    return ts.resolve_overlap(store, ts.draft_of(entry), how, exclude=entry_id)


__getattr__, __dir__ = built_on_first_use(globals())
