"""The backlog: undated ideas, newest first; giving one a date schedules it."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType

from storage import Post, wording
from storage.i18n import _, ngettext
from tui.bindings import BACKLOG_BINDINGS
from tui.screens.base import PlanScreen, filter_kwargs, post_key
from tui.widgets.footer import Footer
from tui.widgets.post_list import PostList
from tui.widgets.view_header import ViewHeader


class BacklogScreen(PlanScreen):
    BINDINGS: ClassVar[list[BindingType]] = BACKLOG_BINDINGS

    def __init__(self) -> None:
        super().__init__()
        self.posts: list[Post] = []
        self.cursor = 0

    def compose(self) -> ComposeResult:
        yield ViewHeader(self.calepin.now, id="backlog-header")
        yield PostList(empty=_("No ideas waiting. n adds one."), id="backlog-list")
        yield Footer()

    def selected_post(self) -> Post | None:
        return self.posts[self.cursor] if self.posts else None

    def selected_day(self) -> dt.date | None:
        return None  # a new post here is an idea without a date

    def reload(self) -> None:
        app = self.calepin
        self.posts = self.filtered(lambda filt: app.store.backlog(**filter_kwargs(filt)))
        if self._want is not None:
            keys = [post_key(p) for p in self.posts]
            if self._want in keys:
                self.cursor = keys.index(self._want)
            self._want = None
        self.cursor = max(0, min(self.cursor, len(self.posts) - 1))
        count = len(self.posts)
        title = ngettext("Backlog · {count} idea", "Backlog · {count} ideas", count)
        self.query_one(ViewHeader).show(
            title.format(count=count), self.filter_text(), app.store.running_timer()
        )
        self._push()

    def _push(self) -> None:
        extras = [self._extra(p) for p in self.posts]
        self.query_one(PostList).show(
            self.posts, self.platforms_by_name(), cursor=self.cursor, extras=extras
        )

    def _extra(self, post: Post) -> str:
        parts = [post.status.label]
        if post.campaign:
            parts.append(post.campaign)
        if post.created_at is not None:
            made = post.created_at.astimezone(self.store.zone).date()
            parts.append(_("added {day}").format(day=wording.day_month(made)))
        return " · ".join(parts)

    def action_cursor(self, step: int) -> None:
        if self.posts:
            self.cursor = max(0, min(len(self.posts) - 1, self.cursor + step))
            self._push()

    def action_schedule(self) -> None:
        post = self.selected_post()
        if post is None:
            self.notify(_("No idea selected"), severity="warning", timeout=2)
            return
        from storage.grammar import describe_when
        from tui.dialogs.schedule import ScheduleDialog, When

        def chosen(when: When | None) -> None:
            if when is not None:
                day, time = when
                self.change(
                    lambda: self.store.move_post(post.id, day, time),
                    done=_("Scheduled '{title}' on {when}").format(
                        title=post.title, when=describe_when(day, time)
                    ),
                )

        self.app.push_screen(ScheduleDialog(post.title, self.calepin.now()), chosen)

    @on(PostList.Clicked)
    def clicked(self, event: PostList.Clicked) -> None:
        self.cursor = event.index
        self._push()
