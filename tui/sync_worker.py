"""`S` and the auto-sync: a sync with the shared CalDAV calendar in a thread, its progress and
outcome on a status line under the view, its conflicts asked one at a time.

Imported on the first sync, never before the first frame. The engine (caldav, icalendar,
keyring) loads in the worker's thread, which opens its own connection to the database: a
SQLite connection belongs to the thread that opened it. So the posts a sync changes arrive as
a change made by another process (the CLI) would: the views reload, and `u` does not undo them.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.worker import get_current_worker

from storage import CalepinError, Post, Status, Store, wording
from storage.i18n import _
from tui.widgets.sync_status import SyncStatus

if TYPE_CHECKING:
    from exporters.sync.engine import SyncConflict, SyncProgress, SyncReport, SyncTarget
    from exporters.sync.mapping import RemoteItem
    from tui.app import CalepinApp
    from tui.dialogs.sync_conflict import Choice, Difference

# Progress crosses to the screen at most this often: a first sync of 2,000 posts would
# otherwise queue 2,000 redraws.
PROGRESS_EVERY = 0.1


class _Stopped(Exception):
    """Raised from the progress callback to end a run the app no longer waits for."""


class Secret:
    """The password on its way to the engine: whatever shows it (a worker's description, a
    traceback's locals) reads `Secret(…)`."""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "Secret(…)"


def _scrubbed(text: str, secret: Secret, username: str) -> str:
    from exporters.sync.password import without_password  # the CLI's rule: every form

    return without_password(text, username, secret.value)


def sync_runner(app: CalepinApp) -> SyncRunner:
    """The app's one runner (made on first use)."""
    runner = getattr(app, "_sync_runner", None)
    if runner is None:
        runner = SyncRunner(app)
        app._sync_runner = runner  # type: ignore[attr-defined]
    return runner


class SyncRunner:
    """One sync at a time: started by `S` or the `[sync] every_minutes` timer."""

    def __init__(self, app: CalepinApp) -> None:
        self.app = app
        self.running = False
        self.line = ""
        self.failed = False
        # Typed in the password dialog: kept in memory for this session only, never written.
        self._password: Secret | None = None
        self._timer: Timer | None = None
        self._last_progress = 0.0
        app.screen_change_signal.subscribe(app, self._screen_changed)

    # -- starting

    def schedule(self) -> None:
        """Follow `[sync] every_minutes`: a timer while the app is open (none without it)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        setting = self.app.settings.sync
        if setting is not None and setting.every_minutes:
            self._timer = self.app.set_interval(setting.every_minutes * 60, self._on_timer)

    def _on_timer(self) -> None:
        # A dialog open means the person is in the middle of something: the next round syncs.
        if self.running or self.app.leaving or isinstance(self.app.screen, ModalScreen):
            return
        self.start(asked=False)

    def start(self, *, asked: bool) -> None:
        """A sync in a thread; `asked`: by the key (else the timer, which never asks for a
        password and leaves conflicts waiting on the status line)."""
        from exporters.sync.engine import SyncError
        from exporters.sync.password import sync_target

        app = self.app
        try:
            target = sync_target(app.settings)  # no [sync]: says what to write in the file
        except SyncError as exc:
            if asked:
                app.notify(str(exc), title=_("Sync"), severity="warning", timeout=12)
            return
        if self.running:
            if asked:
                app.notify(_("A sync is already running"), timeout=2)
            return
        if asked and self._conflicts():
            self.ask_next()  # choose first: the sync after the last choice sends it
            return
        self._run(target, self._password, save=False, asked=asked)

    def _run(self, target: SyncTarget, password: Secret | None, *, save: bool, asked: bool) -> None:
        self.running = True
        self._last_progress = 0.0
        self._show(_("Syncing…"))
        work = partial(self._work, target, password, save=save, asked=asked)
        self.app.run_worker(
            work, thread=True, group="sync", name="sync", description="sync", exit_on_error=False
        )

    # -- in the worker's thread

    def _work(self, target: SyncTarget, typed: Secret | None, *, save: bool, asked: bool) -> None:
        from exporters.sync.engine import SyncError

        used = Secret(typed.value if typed is not None else "")
        try:
            self._sync(target, typed, used, save=save, asked=asked)
        except _Stopped:
            return
        except SyncError as exc:
            self._back(self._failed, _scrubbed(str(exc), used, target.username))
        except Exception as exc:  # a bug must not leave "Syncing…" on screen forever
            failure = str(exc) or type(exc).__name__
            self._back(self._failed, _scrubbed(failure, used, target.username))

    def _sync(
        self, target: SyncTarget, typed: Secret | None, used: Secret, *, save: bool, asked: bool
    ) -> None:
        from exporters.sync.engine import SyncError, run_sync

        if typed is None:
            from exporters.sync.password import sync_password

            try:
                used.value = sync_password(target, os.environ)
            except SyncError as exc:
                self._back(self._need_password, target, str(exc), asked)
                return
        elif save:
            self._save_password(target, typed.value)
        worker = get_current_worker()
        store = Store.open(self.app.store.path)
        try:
            report = run_sync(
                store,
                target,
                used.value,
                now=self.app.now(),
                ask=True,
                progress=partial(self._progressed, worker),
            )
        finally:
            store.close()
        self._back(self._done, report, asked)

    def _save_password(self, target: SyncTarget, password: str) -> None:
        from exporters.sync.password import store_password

        try:
            store_password(target, password)
        except CalepinError as exc:
            self._back(self._not_saved, str(exc))

    def _progressed(self, worker: Any, progress: SyncProgress) -> None:
        if worker.is_cancelled or self.app.leaving:
            raise _Stopped
        moment = time.monotonic()
        if progress.done < progress.total and moment - self._last_progress < PROGRESS_EVERY:
            return
        self._last_progress = moment
        self._back(self._show_progress, progress)

    def _back(self, then: Callable[..., None], *args: Any) -> None:
        """Run `then` on the app's thread (the screen and the store live there)."""
        try:
            self.app.call_from_thread(then, *args)
        except RuntimeError:  # the app closed meanwhile: nobody to tell
            raise _Stopped from None

    # -- back on the app's thread

    def _show_progress(self, progress: SyncProgress) -> None:
        if progress.total <= 1:  # a step, not a count ("connecting")
            self._show(_("Syncing… {step}").format(step=progress.step))
            return
        self._show(
            _("Syncing… {step} {done}/{total}").format(
                step=progress.step,
                done=wording.grouped(progress.done),
                total=wording.grouped(progress.total),
            )
        )

    def _done(self, report: SyncReport, asked: bool) -> None:
        self.running = False
        lines = report.lines()
        synced = _("Synced {time}").format(time=wording.clock(self.app.now()))
        self._show(" · ".join([synced, *lines]))
        if report.changed_anything:
            self.app.notify("\n".join(lines), title=synced, timeout=8)
        self.app.check_store()  # the views reload what the sync changed
        if self._conflicts():
            if asked and not isinstance(self.app.screen, ModalScreen):
                self.ask_next()
            else:
                self._conflicts_wait()

    def _failed(self, message: str) -> None:
        self.running = False
        # A password typed here may be the wrong one: the next `S` asks again (unless the
        # variable or the keyring has one).
        self._password = None
        self._show(_("Sync failed: {error}").format(error=message), failed=True)
        # The engine's message already says what a run cut midway had done: said once.
        self.app.notify(message, title=_("Sync failed"), severity="error", timeout=10)
        self.app.check_store()  # and shown

    def _not_saved(self, message: str) -> None:
        self.app.notify(
            message, title=_("Password not saved in the keyring"), severity="warning", timeout=8
        )

    def _need_password(self, target: SyncTarget, why: str, asked: bool) -> None:
        self.running = False
        if not asked:
            self._show(_("Sync waits for the password: press S to type it"))
            return
        from tui.dialogs.sync_password import PasswordChoice, SyncPasswordDialog

        def typed(choice: PasswordChoice | None) -> None:
            if choice is None:
                self._show(_("Sync cancelled: no password"))
                return
            self._password = Secret(choice[0])
            self._run(target, self._password, save=choice[1], asked=True)

        who = _("{username} at {server}").format(username=target.username, server=target.url)
        from exporters.sync.password import keyring_usable

        self.app.push_screen(SyncPasswordDialog(who, why, can_save=keyring_usable()), typed)

    # -- conflicts

    def _conflicts(self) -> list[SyncConflict]:
        try:
            if not self.app.store.sync_conflicts():
                return []  # and the engine's modules (a fifth of a second) load in the worker
            from exporters.sync.engine import pending_conflicts

            return pending_conflicts(self.app.store)
        except CalepinError:
            return []

    def _conflicts_wait(self) -> None:
        count = len(self._conflicts())
        self.app.notify(
            _("{count} changed on both sides: press S to choose").format(count=_posts_count(count)),
            title=_("Sync"),
            severity="warning",
            timeout=10,
        )

    def ask_next(self) -> None:
        """The first conflict waiting, in its dialog; after the last choice, a sync sends them."""
        from tui.dialogs.sync_conflict import SyncConflictDialog

        waiting = self._conflicts()
        if not waiting:
            self.start(asked=True)
            return
        conflict = waiting[0]
        store = self.app.store
        theirs = _theirs(store, conflict.uid)
        dialog = SyncConflictDialog(
            conflict.title,
            _theirs_by(store, conflict, theirs),
            differences(_post_of(store, conflict.uid), theirs),
            left=len(waiting),
        )
        self.app.push_screen(dialog, partial(self._chosen, conflict))

    def _chosen(self, conflict: SyncConflict, choice: Choice | None) -> None:
        from exporters.sync.engine import resolve_conflict

        if choice is None:
            self._show(_("Sync: a choice waits (press S)"))
            return
        try:
            resolve_conflict(self.app.store, conflict.uid, choice, now=self.app.now())
        except CalepinError as exc:
            self.app.notify(str(exc), title=_("Not saved"), severity="error")
            return
        self.app.data_changed("posts")
        self.app.call_later(self.ask_next)

    # -- the status line

    def _show(self, text: str, *, failed: bool = False) -> None:
        self.line, self.failed = text, failed
        for stack in self.app._screen_stacks.values():
            if stack:
                self._place(stack[0])

    def _screen_changed(self, screen: Screen[Any]) -> None:
        if self.line:
            self._place(screen)

    def _place(self, screen: Screen[Any]) -> None:
        views = [stack[0] for stack in self.app._screen_stacks.values() if stack]
        if screen not in views or not screen.is_mounted:
            return  # a dialog, the palette or help: the line stays on the view under it
        found = screen.query(SyncStatus)
        if found:
            found.first().show(self.line, failed=self.failed)
            return
        status = SyncStatus(id="sync-status")
        status.show(self.line, failed=self.failed)
        screen.mount(status)


def _posts_count(count: int) -> str:
    from storage.i18n import ngettext

    return ngettext("{count} post", "{count} posts", count).format(count=wording.grouped(count))


def _post_of(store: Store, uid: str) -> Post | None:
    found = store.synced_post(uid)
    return found[0] if found is not None else None


def _theirs(store: Store, uid: str) -> RemoteItem | None:
    """The calendar's version of a post in conflict, as read from the server."""
    from exporters.sync import mapping

    rows = [row for row in store.sync_conflicts() if row.uid == uid]
    if not rows:
        return None
    try:
        return mapping.read_resource(rows[0].remote_text, store, share_notes=False)
    except CalepinError:
        return None


def _theirs_by(store: Store, conflict: SyncConflict, theirs: RemoteItem | None) -> str:
    who = conflict.theirs_by or _("someone else")
    if theirs is None or theirs.changed_at is None:
        return _("Theirs changed by {who}").format(who=who)
    when = wording.day_time(theirs.changed_at.astimezone(store.zone))
    return _("Theirs changed by {who} · {when}").format(who=who, when=when)


def differences(post: Post | None, theirs: RemoteItem | None) -> list[Difference]:
    """The fields the two versions disagree on: (name, mine, theirs), named as the post
    editor names them. Notes are private unless shared, so they are never compared here."""
    if post is None or theirs is None:
        return []
    draft = theirs.master
    if draft is None:
        return [(_("Calendar"), "", theirs.reason)]
    fields = [
        (_("Title"), post.title, draft.title),
        (_("Platform"), post.platform, draft.platform),
        (_("When"), _when(post.date, post.time), _when(draft.date, draft.time)),
        (_("Status"), Status(post.status).label, Status(draft.status).label),
        (_("Campaign"), post.campaign or "", draft.campaign or ""),
        (_("Effort"), _effort(post.estimate_minutes), _effort(draft.estimate_minutes)),
        (_("Repeat"), post.rrule or "", draft.rrule or ""),
        (_("Body"), post.body, draft.body),
        (_("Link"), post.link, draft.link),
        (_("Published URL"), post.published_url, draft.published_url),
    ]
    found = [(name, mine, other) for name, mine, other in fields if mine != other]
    if not found:  # a series' changed or skipped dates, or what a plain event does not show
        found.append((_("Dates"), _("as here"), _("changed dates of the series")))
    return found


def _when(day: dt.date | None, clock: dt.time | None) -> str:
    if day is None:
        return _("backlog")
    if clock is None:
        return wording.day_label(day, year=True)
    return f"{wording.day_label(day, year=True)} {wording.clock(clock)}"


def _effort(minutes: int | None) -> str:
    return wording.duration(minutes) if minutes is not None else ""
