"""EntryFormDialog: edit or add a time entry.

An edit replaces only what changed: a start or end left as shown keeps its seconds. An end
before the start is refused unless "ends the next day" is ticked (crossing midnight is said,
never guessed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from storage import Activity, CalepinError, Duty, EntryDraft, EntrySource, TimeEntry
from storage.grammar import match_activity, match_duty, parse_day, parse_time
from storage.i18n import N_, _
from storage.wording import clock
from tui.dialogs._base import BaseDialog, set_note, wall
from tui.text import choice
from tui.widgets.command_bar import NameSuggester


class EntryFormDialog(BaseDialog[EntryDraft | None]):
    """Duty, activity, day, start, end, note and linked post; dismisses with an EntryDraft.

    The dialog checks what it can read (names, times); the store validates the rest. With
    `submit`, the host saves the draft (asking first when it must) while the form stays open,
    and the form closes only once it is saved: a question cancelled or a refusal (a note over
    the limit) leaves everything typed in place.
    """

    DEFAULT_CSS: ClassVar[str] = """
    EntryFormDialog .dialog {
        width: 72;
    }
    EntryFormDialog .row {
        height: auto;
    }
    EntryFormDialog Label {
        width: 10;
        padding: 0 1 0 0;
        color: $text-muted;
    }
    EntryFormDialog Input, EntryFormDialog Select {
        width: 1fr;
    }
    EntryFormDialog .short {
        width: 12;
    }
    EntryFormDialog .keys {
        height: auto;
    }
    EntryFormDialog #next-day {
        width: auto;
        margin: 0 0 0 10;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Save")),
    ]

    def __init__(
        self,
        *,
        duties: Sequence[Duty],
        activities: Sequence[Activity],
        zone: dt.tzinfo,
        today: dt.date,
        entry: TimeEntry | None = None,
        day: dt.date | None = None,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
        posts: Sequence[tuple[int, str]] = (),
        submit: Callable[[EntryDraft, Callable[[bool], None]], None] | None = None,
    ) -> None:
        super().__init__()
        self.submit = submit
        self.duties = list(duties)
        self.activities = list(activities)
        self.zone = zone
        self.today = today
        self.entry = entry
        self.posts = list(posts)
        if entry is not None:
            start, end = entry.start, entry.end
        self.start = start.astimezone(zone) if start else None
        self.end = end.astimezone(zone) if end else None
        self.day = self.start.date() if self.start else (day or today)
        # What the form shows at first: a field still showing it keeps the exact instant.
        self.next_day = bool(self.start and self.end and self.end.date() > self.start.date())
        self.shown = {
            "day": self.day.isoformat(),
            "start": f"{self.start:%H:%M}" if self.start else "",
            "end": f"{self.end:%H:%M}" if self.end else "",
        }

    def compose(self) -> ComposeResult:
        entry = self.entry
        title = _("Edit entry #{id}").format(id=entry.id) if entry else _("New entry")
        with Vertical(classes="dialog"):
            yield Static(title, classes="dialog-title")
            with Horizontal(classes="row"):
                yield Label(_("Duty"), classes="lead")
                yield Input(
                    entry.duty if entry else "",
                    id="duty",
                    suggester=NameSuggester([d.name for d in self.duties]),
                    compact=True,
                )
            with Horizontal(classes="row"):
                yield Label(_("Activity"), classes="lead")
                yield Input(
                    (entry.activity or "") if entry else "",
                    id="activity",
                    placeholder=_("optional"),
                    suggester=NameSuggester([a.name for a in self.activities]),
                    compact=True,
                )
            with Horizontal(classes="row"):
                yield Label(_("Day"), classes="lead")
                yield Input(self.day.isoformat(), id="day", classes="short", compact=True)
                yield Label(_("From"))
                yield Input(
                    f"{self.start:%H:%M}" if self.start else "",
                    id="start",
                    classes="short",
                    compact=True,
                )
                yield Label(_("To"))
                running = entry is not None and entry.end is None
                yield Input(
                    f"{self.end:%H:%M}" if self.end else "",
                    id="end",
                    classes="short",
                    placeholder=_("running") if running else "",
                    compact=True,
                )
            yield Checkbox(
                _("ends the next day (past midnight)"),
                self.next_day,
                id="next-day",
                compact=True,
            )
            with Horizontal(classes="row"):
                yield Label(_("Note"), classes="lead")
                yield Input(entry.note if entry else "", id="note", compact=True)
            with Horizontal(classes="row"):
                yield Label(_("Post"), classes="lead")
                options = [(choice(title), post_id) for post_id, title in self.posts]
                current = entry.post_id if entry else None
                if current is not None and all(pid != current for _label, pid in options):
                    options.insert(0, (f"#{current}", current))
                yield Select(
                    options,
                    prompt=_("no linked post"),
                    value=current if current is not None else Select.NULL,
                    id="post",
                    compact=True,
                )
            yield Static("", id="error", classes="note")
            yield Static(
                _("ctrl+s save · esc cancel · an end before the start needs “ends the next day”"),
                classes="keys",
            )
            with Horizontal(classes="buttons"):
                yield Button(_("Save"), id="save", variant="primary", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        # A longer word than the English ones ("Publication") widens the first column,
        # and the checkbox under it follows, so the inputs stay aligned.
        leads = list(self.query(".lead").results(Label))
        width = max(10, *(len(str(label.content)) + 1 for label in leads))
        if width != 10:
            for label in leads:
                label.styles.width = width
            self.query_one("#next-day", Checkbox).styles.margin = (0, 0, 0, width)
        set_note(self.query_one("#error", Static), "")
        self.query_one("#duty", Input).focus()

    def _value(self, field: str) -> str:
        return self.query_one(f"#{field}", Input).value.strip()

    def read(self) -> EntryDraft:
        """The draft the form holds; raises CalepinError saying what to fix."""
        duty = match_duty(self._value("duty"), self.duties).name
        activity: str | None = None
        if self._value("activity"):
            found = match_activity(self._value("activity"), self.activities)
            if found is None:
                names = ", ".join(a.name for a in self.activities)
                raise CalepinError(
                    _("unknown activity `{activity}`; try {names}").format(
                        activity=self._value("activity"), names=names
                    )
                )
            activity = found.name
        day_text = self._value("day")
        try:
            day = dt.date.fromisoformat(day_text)
        except ValueError:
            day = parse_day(day_text, self.today, prefer="past")
        next_day = self.query_one("#next-day", Checkbox).value
        same_day = self.entry is not None and day_text == self.shown["day"]
        if same_day and self.start and self._value("start") == self.shown["start"]:
            start = self.start  # untouched: kept to the second
        else:
            start = wall(day, parse_time(self._value("start")), self.zone)
        end: dt.datetime | None = None
        if self._value("end"):
            if (
                same_day
                and next_day == self.next_day
                and self.end
                and self._value("end") == self.shown["end"]
            ):
                end = self.end  # untouched: kept to the second
            else:
                end_day = day + dt.timedelta(days=1) if next_day else day
                end = wall(end_day, parse_time(self._value("end")), self.zone)
            if end <= start:
                if next_day:
                    raise CalepinError(
                        _(
                            "it ends at {time} the next day, before it starts; check the times"
                        ).format(time=clock(end))
                    )
                raise CalepinError(
                    _(
                        "To ({end}) is not after From ({start}); "
                        "tick “ends the next day” if it ran past midnight"
                    ).format(end=self._value("end"), start=self._value("start"))
                )
        elif self.entry is None or self.entry.end is not None:
            raise CalepinError(_("when did it end? give a time like 16:30"))
        post = self.query_one("#post", Select).value
        source = self.entry.source if self.entry else EntrySource.MANUAL
        return EntryDraft(
            duty=duty,
            start=start,
            end=end,
            activity=activity,
            note=self._value("note"),
            post_id=None if post is Select.NULL else int(post),  # type: ignore[arg-type]
            source=source,
            external_uid=self.entry.external_uid if self.entry else None,
        )

    def action_save(self) -> None:
        try:
            draft = self.read()
        except CalepinError as exc:
            set_note(self.query_one("#error", Static), str(exc), error=True)
            return
        if self.submit is None:
            self.dismiss(draft)
            return

        def finished(saved: bool) -> None:
            if saved:
                self.dismiss(draft)

        self.submit(draft, finished)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
