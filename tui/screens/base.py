"""What the views share: app state and the timer; for the calendars, loading posts and every
action on a post."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import on
from textual.binding import BindingType
from textual.screen import Screen

from storage import (
    CalepinError,
    NotFoundError,
    Platform,
    Post,
    PostDraft,
    Status,
    Store,
    wording,
)
from storage.i18n import _
from tui.at_once import ShownAtOnce
from tui.messages import DataChanged, TimerChanged, announce
from tui.stylesheet import StyledAtMount
from tui.widgets.view_header import ViewHeader

if TYPE_CHECKING:
    from tui.app import CalepinApp

# `storage.commands` (and the grammar it reads) is imported by the actions that change a
# post, not before the first frame: the week only reads.

# (series or post id, occurrence day): stays the same when an occurrence gets overridden.
PostKey = tuple[int, dt.date | None]


def post_key(post: Post) -> PostKey:
    if post.recurrence_of is not None:
        return (post.recurrence_of, post.recurrence_date)
    return (post.id, post.recurrence_date)


def is_occurrence(post: Post) -> bool:
    """One date of a repeating post (the series itself or an overridden date)."""
    return post.rrule is not None or post.recurrence_of is not None


def series_id(post: Post) -> int:
    return post.recurrence_of if post.recurrence_of is not None else post.id


def occurrence_day(post: Post) -> dt.date:
    day = post.recurrence_date or post.date
    assert day is not None
    return day


def sort_key(post: Post) -> tuple[Any, ...]:
    """Day, then posts without a time first, then time."""
    return (post.date, post.time is not None, post.time or dt.time(), post.id)


def data_token(store: Store) -> tuple[int, int]:
    """Changes since: commits by other connections (the CLI) and rows changed through ours.

    Equal tokens mean nothing was written in between, so data loaded then is still right.
    """
    return store.change_token()


def filter_kwargs(filt: Any | None) -> dict[str, Any]:
    if filt is None:
        return {}
    return {"platforms": filt.platforms, "statuses": filt.statuses, "campaign": filt.campaign}


def load_posts(store: Store, first: dt.date, last: dt.date, filt: Any | None) -> list[Post]:
    """Posts dated first..last (recurring ones expanded when the store can), in day order."""
    kwargs = filter_kwargs(filt)
    if hasattr(store, "occurrences_between"):
        posts = store.occurrences_between(first, last, **kwargs)
    else:
        posts = store.posts_between(first, last, **kwargs)
    return sorted(posts, key=sort_key)


class ShownFresh:
    """Mix in a screen with `reload()`: the app may load it just before it shows it.

    Switching to a view already built, the app loads it first and then switches with no
    transition (CalepinApp.show_view): its first frame has this moment's data, and its
    ScreenResume need not load it again.
    """

    _fresh = False

    def reload(self) -> None:
        raise NotImplementedError

    def load_before_showing(self) -> None:
        self.reload()
        self._fresh = True

    def loaded_before_showing(self) -> bool:
        """On ScreenResume: whether the app loaded it just before (then no need again)."""
        fresh, self._fresh = self._fresh, False
        return fresh


class ViewScreen(ShownAtOnce, StyledAtMount, ShownFresh, Screen[None]):
    """One of the app's views: the shared state, and the running timer kept up to date."""

    # Each screen lists its own keys (in footer order); nothing is inherited from here.
    BINDINGS: ClassVar[list[BindingType]] = []

    @property
    def calepin(self) -> CalepinApp:
        return cast("CalepinApp", self.app)

    @property
    def store(self) -> Store:
        return self.calepin.store

    def reload(self) -> None:
        """Load and show the data again (each view says what it shows)."""
        raise NotImplementedError

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not self.calepin.leaving

    def on_screen_resume(self) -> None:
        if self.loaded_before_showing():
            return
        # Not the second ScreenResume of a first showing, nor a view built ahead, not shown.
        if not self.showing and self.is_current:
            self.reload()

    @on(DataChanged)
    def _data_changed(self, message: DataChanged) -> None:
        # A view not showing reloads when it is shown again.
        if self.is_current:
            self.reload()

    @on(TimerChanged)
    def _timer_changed(self, message: TimerChanged) -> None:
        self.query_one(ViewHeader).show_timer(message.timer)


class PlanScreen(ViewScreen):
    """A screen over posts: subclasses say which post and day are selected and how to reload."""

    # Where the screen wants its cursor after the next reload (a post that moved, a new post).
    _want: PostKey | None = None

    # -- what subclasses provide

    def selected_post(self) -> Post | None:
        return None

    def selected_day(self) -> dt.date | None:
        return None

    # -- shared plumbing

    def filtered(self, query: Callable[..., list[Post]], *args: Any) -> list[Post]:
        """Run a post query with the app's filter; a filter gone stale (a platform or
        campaign renamed from the CLI) is dropped with a word rather than a crash."""
        filt = self.calepin.post_filter
        if filt is None:
            return query(*args, None)
        from storage.search import keep_matching  # the filter's words: full-text search

        try:
            return keep_matching(self.store, query(*args, filt), filt)
        except CalepinError as exc:
            if filt is None:
                raise
            self.calepin.post_filter = None
            self.notify(_("Filter cleared: {reason}").format(reason=exc), severity="warning")
            return query(*args, None)

    def platforms_by_name(self) -> dict[str, Platform]:
        return {p.name: p for p in self.store.platforms(include_archived=True)}

    def filter_text(self) -> str:
        filt = self.calepin.post_filter
        if filt is None:
            return ""
        tags = {p.name: p.tag for p in self.store.platforms(include_archived=True)}
        return _("Filter: {filter}").format(filter=filt.describe(tags))

    def change(
        self, do: Callable[[], Any], *, done: str | None = None, follow: bool = False
    ) -> Any:
        """Run one store change, then announce it (the view reloads on `DataChanged`); a
        refusal becomes an error notification.

        With `follow`, the cursor goes to the post the change returns (on its new day).
        """
        try:
            result = do()
        except CalepinError as exc:
            self.notify(str(exc), title=_("Not saved"), severity="error")
            self.reload()
            return None
        if follow and isinstance(result, Post):
            self._want = post_key(result)
            if result.date is not None:
                self.calepin.focus_day = result.date
        if done:
            self.notify(done, timeout=3)
        announce(self, self.store, "posts")
        return result

    def _need_post(self) -> Post | None:
        post = self.selected_post()
        if post is None:
            self.notify(_("No post selected"), severity="warning", timeout=2)
        return post

    def _save_occurrence(self, post: Post, draft: PostDraft) -> Post:
        """Change one date of a series without touching the others."""
        from storage import commands

        return commands.edit_post(self.store, post.id, draft, on=occurrence_day(post))

    def _choose(
        self, message: str, choices: Sequence[tuple[str, str]], then: Callable[[str], None]
    ) -> None:
        from tui.dialogs import ChoiceDialog

        def chosen(key: str | None) -> None:
            if key is not None:
                then(key)

        self.app.push_screen(ChoiceDialog(message, choices), chosen)

    # -- the editor

    def _open_editor(
        self,
        post: Post | None,
        day: dt.date | None,
        save: Callable[[PostDraft], Post],
    ) -> None:
        from tui.dialogs import PostFormDialog
        from tui.kept import open_kept
        from tui.widgets.sync_status import changed_note

        store = self.store

        def saved(draft: PostDraft | None) -> None:
            if draft is not None:
                self.change(lambda: _with_campaign(store, draft, save), follow=True)

        # The editor is built once and refilled (tui/kept.py).
        open_kept(
            self.app,
            PostFormDialog,
            saved,
            post=post,
            day=day,
            platforms=store.platforms(),
            campaigns=store.campaigns(),
            now=self.calepin.now(),
            # An old post's time stays acceptable (one saved in a gap before gaps were refused).
            validate=partial(store.validate_post, was=post),
            logged_minutes=_logged_on(store, post, self.calepin.now()),
            sync_note=changed_note(store, post, self.calepin.settings.sync),
        )

    def action_new_post(self) -> None:
        self._open_editor(None, self.selected_day(), self.store.add_post)

    def action_edit_post(self) -> None:
        from storage import commands

        post = self._need_post()
        if post is None:
            return
        store = self.store
        if not is_occurrence(post):
            self._open_editor(post, post.date, lambda d: store.update_post(post.id, d))
            return
        day = occurrence_day(post)

        def which(key: str) -> None:
            if key == "one":
                one = replace(post, rrule=None)
                self._open_editor(one, day, lambda d: self._save_occurrence(post, d))
            else:
                series = store.get_post(series_id(post))
                self._open_editor(
                    series,
                    series.date,
                    lambda d: commands.edit_post(store, series.id, d, series=True),
                )

        self._choose(
            _("'{title}' repeats. Edit…").format(title=post.title),
            [
                ("one", _("This occurrence ({day})").format(day=wording.day_label(day))),
                ("series", _("The whole series")),
            ],
            which,
        )

    # -- quick changes

    def move_selected(self, days: int = 0, hours: int = 0) -> None:
        from storage import commands

        post = self._need_post()
        if post is None:
            return
        if post.date is None:
            self.notify(_("Give the idea a date first"), severity="warning", timeout=2)
            return
        done = None
        if post.time is None and hours:
            # A post without a time has no hour to move from: the first hour key gives it the
            # work day's start, and says so (u takes it back), rather than guess in silence.
            new_day, new_time = post.date, self.calepin.settings.work_start
            done = _(
                "'{title}' had no time: now {time}, the start of the work day"
                " · shift+↑↓ move it by the hour · u to undo"
            ).format(title=post.title, time=wording.clock(new_time))
        else:
            when = dt.datetime.combine(post.date, post.time or dt.time())
            when += dt.timedelta(days=days, hours=hours)
            new_day, new_time = when.date(), (when.time() if post.time is not None else None)
        on = occurrence_day(post) if is_occurrence(post) else None
        self.change(
            lambda: commands.move_post(self.store, post.id, new_day, new_time, on=on),
            done=done,
            follow=True,
        )

    def action_next_status(self) -> None:
        post = self._need_post()
        if post is None:
            return
        new = post.status.next()
        if new is post.status:
            self.notify(
                _("'{title}' is {status}; edit it (e) to change its status").format(
                    title=post.title, status=post.status.label
                ),
                timeout=3,
            )
            return
        self._set_status(post, new)

    def _set_status(self, post: Post, status: Status, url: str | None = None) -> None:
        from storage import commands

        done = _("'{title}' → {status}").format(title=post.title, status=status.label)
        on = occurrence_day(post) if is_occurrence(post) else None
        self.change(
            lambda: commands.set_status(self.store, post.id, status, on=on, url=url),
            done=done,
            follow=True,
        )

    def action_publish_post(self) -> None:
        post = self._need_post()
        if post is None:
            return
        if post.status is Status.PUBLISHED:
            self.notify(_("'{title}' is already published").format(title=post.title), timeout=2)
            return
        from tui.dialogs import PublishDialog

        def published(url: str | None) -> None:
            if url is not None:
                self._set_status(post, Status.PUBLISHED, url)

        self.app.push_screen(PublishDialog(post), published)

    def action_copy_post(self) -> None:
        post = self._need_post()
        if post is None:
            return
        from tui.dialogs import CopyToPlatformsDialog
        from tui.dialogs.copy_to_platforms import CopyChoice

        source = series_id(post)

        def copied(choice: CopyChoice | None) -> None:
            if choice is not None and choice.platforms:
                names = choice.platforms
                self.change(
                    lambda: self.store.duplicate_post(
                        source, names, estimate_minutes=choice.estimate_minutes or 0
                    ),
                    done=_("Copied '{title}' to {platforms}").format(
                        title=post.title, platforms=", ".join(names)
                    ),
                )

        self.app.push_screen(CopyToPlatformsDialog(post, self.store.platforms()), copied)

    def action_delete_post(self) -> None:
        from storage import commands

        post = self._need_post()
        if post is None:
            return
        store = self.store
        if is_occurrence(post):
            day = occurrence_day(post)

            def which(key: str) -> None:
                if key == "skip":
                    self.change(
                        lambda: commands.delete_post(store, post.id, on=day),
                        done=_("Skipped '{title}' on {day} · u to undo").format(
                            title=post.title, day=wording.day_label(day)
                        ),
                    )
                else:
                    self.change(
                        lambda: commands.delete_post(store, post.id, series=True),
                        done=_("Deleted the series '{title}' · u to undo").format(title=post.title),
                    )

            self._choose(
                _("'{title}' repeats. Delete…").format(title=post.title),
                [
                    ("skip", _("Skip this one ({day})").format(day=wording.day_label(day))),
                    ("series", _("The whole series")),
                ],
                which,
            )
            return
        from tui.dialogs import ConfirmDialog

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.change(
                    lambda: commands.delete_post(store, post.id),
                    done=_("Deleted '{title}' · u to undo").format(title=post.title),
                )

        self.app.push_screen(
            ConfirmDialog(delete_question(store, post), yes=_("Delete"), no=_("Keep")),
            confirmed,
        )

    # -- filter

    def action_filter(self) -> None:
        from tui.dialogs import FilterDialog
        from tui.dialogs.filter import PostFilter

        current = self.calepin.post_filter or PostFilter()

        def chosen(result: Any) -> None:
            if result is not None:
                self.calepin.post_filter = None if result.is_empty else result
                self.reload()

        from tui.kept import open_kept

        # Built once and refilled (tui/kept.py).
        open_kept(
            self.app, FilterDialog, chosen, self.store.platforms(), self.store.campaigns(), current
        )

    def action_clear_filter(self) -> None:
        if self.calepin.post_filter is not None:
            self.calepin.post_filter = None
            self.notify(_("Filter cleared"), timeout=2)
            self.reload()
        else:
            self.on_escape_unfiltered()

    def on_escape_unfiltered(self) -> None:
        """Escape with nothing to clear (the week view ignores it; others go back to it)."""
        if self.calepin.current_mode != "week":
            self.calepin.show_view("week")


def delete_question(store: Store, post: Post) -> str:
    """The question before deleting `post`: its platform and day, and which copies stay (with
    copies on other platforms, a bare title does not say which one goes)."""
    from storage import commands

    if post.date is None:
        question = _("Delete '{title}' on {platform}, the backlog?").format(
            title=post.title, platform=post.platform
        )
    else:
        question = _("Delete '{title}' on {platform}, {day}?").format(
            title=post.title, platform=post.platform, day=wording.day_label(post.date)
        )
    staying = commands.copies_staying(store, post)
    return f"{question} {staying}" if staying else question


def _with_campaign(store: Store, draft: PostDraft, save: Callable[[PostDraft], Post]) -> Post:
    """Save the editor's draft; a campaign it names that does not exist yet (typed as a new
    campaign in the editor) is created with the post, as one change: one `u` undoes both."""
    if not draft.campaign:
        return save(draft)
    try:
        store.campaign(draft.campaign)
    except NotFoundError:
        label = _("add '{title}' and campaign {campaign}")
        with store.transaction(label.format(title=draft.title, campaign=draft.campaign)):
            store.add_campaign(draft.campaign)
            return save(draft)
    return save(draft)


def _logged_on(store: Store, post: Post | None, now: dt.datetime) -> int | None:
    """Minutes logged on an existing post, for the editor's effort line."""
    if post is None:
        return None
    from storage.timesheet import logged_minutes_by_post

    return logged_minutes_by_post(store, [post.id], now)[post.id]
