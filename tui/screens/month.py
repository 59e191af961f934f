"""The month view: a calendar grid with, per day, the posts' titles (or how many more)."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType

from storage import Platform, Status, wording
from storage.calendar import add_months, week_start
from storage.i18n import ngettext
from tui.bindings import MONTH_BINDINGS
from tui.screens.base import PlanScreen, data_token, load_posts
from tui.widgets.footer import Footer
from tui.widgets.month_grid import MonthGrid
from tui.widgets.view_header import ViewHeader


class MonthScreen(PlanScreen):
    """A month at a glance; the cursor is a day, enter opens its week."""

    BINDINGS: ClassVar[list[BindingType]] = MONTH_BINDINGS

    def __init__(self) -> None:
        super().__init__()
        self.month_first = dt.date.min
        self.grid_first = dt.date.min
        self.grid_last = dt.date.min
        self._loaded: tuple[object, ...] | None = None  # what the last reload showed

    def compose(self) -> ComposeResult:
        yield ViewHeader(self.calepin.now, id="month-header")
        yield MonthGrid(id="month-grid")
        yield Footer()

    def selected_day(self) -> dt.date | None:
        return self.calepin.focus_day

    def _showing_now(self) -> tuple[object, ...]:
        app = self.calepin
        return (data_token(app.store), app.focus_day, app.post_filter, app.today(), app.settings)

    def load_before_showing(self) -> None:
        # Back from the week on the same day with nothing written since: what it shows is
        # right, and loading and drawing it again was a third of the time `m` took.
        if self._loaded is None or self._loaded != self._showing_now():
            self.reload()
        self._fresh = True

    def reload(self) -> None:
        app = self.calepin
        day = app.focus_day
        self.month_first = day.replace(day=1)
        next_month = add_months(self.month_first, 1)
        self.grid_first = week_start(self.month_first, app.week_start)
        weeks = -(-((next_month - self.grid_first).days) // 7)
        self.grid_last = self.grid_first + dt.timedelta(days=7 * weeks - 1)
        posts = self.filtered(partial(load_posts, app.store), self.grid_first, self.grid_last)
        by_name = {p.name: p for p in app.store.platforms(include_archived=True)}
        shaped: dict[dt.date, list[tuple[Platform, str]]] = {}  # per day, in the day's order
        for p in posts:
            if p.date is not None and p.status is not Status.CANCELLED:
                shaped.setdefault(p.date, []).append((by_name[p.platform], p.title))
        in_month = sum(len(titles) for when, titles in shaped.items() if when.month == day.month)
        title = ngettext("{month} · {count} post", "{month} · {count} posts", in_month).format(
            month=wording.month_title(day), count=in_month
        )
        self.query_one(ViewHeader).show(title, self.filter_text(), app.store.running_timer())
        self.query_one(MonthGrid).show(
            self.grid_first, weeks, day.month, shaped, cursor=day, today=app.today()
        )
        self._shaped, self._weeks = shaped, weeks
        self._loaded = self._showing_now()

    def _push(self) -> None:
        app = self.calepin
        if not self.grid_first <= app.focus_day <= self.grid_last or (
            app.focus_day.month != self.month_first.month
        ):
            self.reload()
            return
        self.query_one(MonthGrid).show(
            self.grid_first,
            self._weeks,
            app.focus_day.month,
            self._shaped,
            cursor=app.focus_day,
            today=app.today(),
        )

    def action_cursor(self, days: int) -> None:
        self.calepin.focus_day += dt.timedelta(days=days)
        self._push()

    def action_month(self, step: int) -> None:
        self.calepin.focus_day = add_months(self.calepin.focus_day, step)
        self.reload()

    def action_today(self) -> None:
        self.calepin.focus_day = self.calepin.today()
        self.reload()

    def action_goto(self) -> None:
        from tui.dialogs import GotoDialog

        def chosen(day: dt.date | None) -> None:
            if day is not None:
                self.calepin.focus_day = day
                self.reload()

        self.app.push_screen(GotoDialog(self.calepin.now()), chosen)

    def action_open_week(self) -> None:
        self.calepin.show_view("week")

    @on(MonthGrid.Clicked)
    def clicked(self, event: MonthGrid.Clicked) -> None:
        if event.day == self.calepin.focus_day:
            self.action_open_week()
            return
        self.calepin.focus_day = event.day
        self._push()
