"""The week view (home): seven day columns of post cards, a header and the week's sums."""

from __future__ import annotations

import datetime as dt
from collections import Counter, OrderedDict
from dataclasses import dataclass
from functools import partial
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType

from storage import CalepinError, Post, Status, Store, TimeEntry, accounting, timesheet, wording
from storage.calendar import week_start
from storage.capacity import other_pace, week_capacity
from storage.i18n import _
from tui.bindings import WEEK_BINDINGS
from tui.screens.base import PlanScreen, data_token, load_posts, post_key
from tui.widgets.footer import Footer
from tui.widgets.summary_bar import SummaryBar, WeekTotals
from tui.widgets.view_header import ViewHeader
from tui.widgets.week_grid import WeekGrid


def logged_totals(
    store: Store, entries: list[TimeEntry], first: dt.date, now: dt.datetime, first_weekday: int
) -> accounting.Totals:
    """The week bar's time: `entries` (as cached, see `accounting.entries_reaching`) with the
    running timer as it is now, counted by storage.accounting for the week from `first`."""
    # The timer may have started, or stopped, after the week was cached.
    counted = [e for e in entries if e.end is not None]
    timer = store.running_timer()
    if timer is not None:
        counted.append(timer)
    return accounting.account(
        counted,
        first,
        first + dt.timedelta(days=6),
        zone=store.zone,
        now=now,
        social=accounting.social_duties(store),
        week_start=first_weekday,
        timer_limit=store.long_timer,
    )


@dataclass(frozen=True, slots=True)
class WeekData:
    """One week as loaded: valid while the database's change token stays the same."""

    token: tuple[int, int]
    posts: list[Post]  # as filtered
    whole: list[Post]  # every post of the week, for the sums
    entries: list[TimeEntry]  # every entry that may count in the week
    # post id → (minutes logged, minutes planned), for posts with an estimate or logged time
    efforts: dict[int, tuple[int, int | None]]


class WeekScreen(PlanScreen):
    """Home: the selected week, a cursor on a day and (when the day has any) one of its posts."""

    BINDINGS: ClassVar[list[BindingType]] = WEEK_BINDINGS

    def __init__(self) -> None:
        super().__init__()
        self._cache: OrderedDict[tuple[dt.date, object], WeekData] = OrderedDict()
        self.first = dt.date.min
        self.days: list[dt.date] = []
        self.by_day: list[list[Post]] = [[] for _day in range(7)]
        self.cursor_post: int | None = None
        self.efforts: dict[int, tuple[int, int | None]] = {}
        self._pace: tuple[object, float | None] | None = None

    def compose(self) -> ComposeResult:
        yield ViewHeader(self.calepin.now, id="week-header")
        yield WeekGrid(id="week-grid")
        yield SummaryBar(id="week-summary")
        yield Footer()

    # -- state

    @property
    def cursor_day(self) -> int:
        return (self.calepin.focus_day - self.first).days

    def selected_post(self) -> Post | None:
        posts = self.by_day[self.cursor_day] if self.days else []
        if self.cursor_post is None or not posts:
            return None
        return posts[min(self.cursor_post, len(posts) - 1)]

    def selected_day(self) -> dt.date | None:
        return self.calepin.focus_day

    def reload(self) -> None:
        """Show the week holding `focus_day` (from the cache when nothing changed since)."""
        app = self.calepin
        store = app.store
        self.first = week_start(app.focus_day, app.week_start)
        self.days = [self.first + dt.timedelta(days=i) for i in range(7)]
        week = self._week(self.first)
        self.by_day = [[] for _day in range(7)]
        for post in week.posts:
            if post.date is not None:
                self.by_day[(post.date - self.first).days].append(post)
        self._place_cursor()
        self.query_one(ViewHeader).show(
            wording.week_title(self.first), self.filter_text(), store.running_timer()
        )
        self.query_one(SummaryBar).show(self._totals(week))
        self.efforts = week.efforts
        self._push()
        if self.PREFETCH:
            self.call_after_refresh(self._prefetch, self.first)

    # -- the week's data, cached and fetched ahead

    # Loading a week costs the store a few milliseconds on years of data; loading the weeks on
    # either side once the frame is painted keeps `[` and `]` within one frame.
    PREFETCH: ClassVar[bool] = True
    CACHED_WEEKS: ClassVar[int] = 8

    def _week(self, first: dt.date) -> WeekData:
        store = self.store
        key = (first, self.calepin.post_filter)
        token = data_token(store)
        cached = self._cache.get(key)
        if cached is not None and cached.token == token:
            self._cache.move_to_end(key)
            return cached
        last = first + dt.timedelta(days=6)
        posts = self.filtered(partial(load_posts, store), first, last)
        whole = posts if self.calepin.post_filter is None else load_posts(store, first, last, None)
        week = WeekData(
            token,
            posts,
            whole,
            accounting.entries_reaching(store, first, last),
            self._efforts(whole),
        )
        self._cache[(first, self.calepin.post_filter)] = week
        while len(self._cache) > self.CACHED_WEEKS:
            self._cache.popitem(last=False)
        return week

    def _efforts(self, posts: list[Post]) -> dict[int, tuple[int, int | None]]:
        """Logged time against the estimate, one query for the whole week."""
        logged = timesheet.logged_minutes_by_post(
            self.store, (p.id for p in posts), self.calepin.now()
        )
        return {
            p.id: (logged.get(p.id, 0), p.estimate_minutes)
            for p in posts
            if p.estimate_minutes is not None or logged.get(p.id)
        }

    def _prefetch(self, first: dt.date) -> None:
        if not self.is_current or self.calepin.leaving or first != self.first:
            return
        try:
            for step in (7, -7):
                self._week(first + dt.timedelta(days=step))
        except CalepinError:
            pass  # a busy file: the week loads when it is shown

    def _place_cursor(self) -> None:
        posts = self.by_day[self.cursor_day]
        if self._want is not None:
            keys = [post_key(p) for p in posts]
            if self._want in keys:
                self.cursor_post = keys.index(self._want)
            self._want = None
        if not posts:
            self.cursor_post = None
        elif self.cursor_post is None:
            self.cursor_post = 0
        else:
            self.cursor_post = min(self.cursor_post, len(posts) - 1)

    def _push(self) -> None:
        platforms = self.platforms_by_name()
        self.query_one(WeekGrid).show_week(
            self.days,
            self.by_day,
            platforms,
            cursor_day=self.cursor_day,
            cursor_post=self.cursor_post,
            today=self.calepin.today(),
            efforts=self.efforts,
        )

    def _totals(self, week: WeekData) -> WeekTotals:
        app = self.calepin
        store = app.store
        live = [p for p in week.whole if p.status is not Status.CANCELLED]
        platforms = self.platforms_by_name()
        counts = Counter(p.platform for p in live)
        order = [p for p in store.platforms(include_archived=True) if counts[p.name]]
        now = app.now()
        time = logged_totals(store, week.entries, self.first, now, app.week_start)
        # The summary's and the report's rule (storage.capacity): days off count, and only
        # posts on social platforms are planned social work.
        fit = week_capacity(
            store, time, week.whole, now=now, settings=app.settings,
            week_start=app.week_start, pace=self._other_pace,
        )  # fmt: skip
        return WeekTotals(
            planned=[(platforms[p.name], counts[p.name]) for p in order],
            effort=fit.planned_social,
            capacity=fit.room,
            logged=time.minutes,
            social=time.social_minutes,
        )

    def _other_pace(self) -> float | None:
        """The other duties' usual load per working day, kept while the data and day hold."""
        app = self.calepin
        key = (data_token(app.store), app.today(), app.settings)
        if self._pace is None or self._pace[0] != key:
            pace = other_pace(
                app.store, app.today(), now=app.now(), settings=app.settings,
                week_start=app.week_start,
            )  # fmt: skip
            self._pace = (key, pace)
        return self._pace[1]

    # -- navigation

    def action_cursor(self, days: int, posts: int) -> None:
        if days:
            self.calepin.focus_day += dt.timedelta(days=days)
            if not 0 <= self.cursor_day < 7:
                self.reload()
                return
            self._place_cursor()
        elif posts and self.cursor_post is not None:
            count = len(self.by_day[self.cursor_day])
            self.cursor_post = max(0, min(count - 1, self.cursor_post + posts))
        self._push()

    def action_week(self, step: int) -> None:
        self.calepin.focus_day += dt.timedelta(days=7 * step)
        self.reload()

    def action_today(self) -> None:
        self.calepin.focus_day = self.calepin.today()
        self.cursor_post = 0
        self.reload()

    def action_goto(self) -> None:
        from tui.dialogs import GotoDialog

        def chosen(day: dt.date | None) -> None:
            if day is not None:
                self.calepin.focus_day = day
                self.cursor_post = 0
                self.reload()

        self.app.push_screen(GotoDialog(self.calepin.now()), chosen)

    def action_work_on_post(self) -> None:
        post = self._need_post()
        if post is None:
            return
        try:
            started, _stopped = timesheet.start_on_post(self.store, post, self.calepin.now())
        except CalepinError as exc:
            self.notify(str(exc), severity="error", title=_("No timer"))
            return
        self.notify(
            _("Timer started on {duty} for {title}.").format(
                duty=started.duty, title=post.title or _("(untitled)")
            )
        )
        self.calepin.timer_changed()

    def action_move(self, days: int, hours: int) -> None:
        self.move_selected(days, hours)

    @on(WeekGrid.Clicked)
    def clicked(self, event: WeekGrid.Clicked) -> None:
        self.calepin.focus_day = self.days[event.day_index]
        if event.post_index is not None:
            self.cursor_post = event.post_index
        self._place_cursor()
        self._push()
