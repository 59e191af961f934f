"""PostFormDialog: create or edit a post, with what was understood echoed under each field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from storage import (
    CalepinError,
    Campaign,
    NotFoundError,
    Platform,
    Post,
    PostDraft,
    Status,
    wording,
)
from storage.errors import ParseError
from storage.grammar import (
    clock_shift,
    describe_repeat,
    describe_when,
    gap_message,
    parse_duration,
    parse_repeat,
    parse_when,
)
from tui.dialogs._base import BaseDialog, set_note
from tui.dialogs.confirm import dismiss_unless_changed
from tui.text import choice

# Widget ids in tab order; a ValidationError.field from the store maps onto one of them.
FIELDS = (
    "title",
    "platform",
    "when",
    "status",
    "campaign",
    "estimate",
    "repeat",
    "body",
    "notes",
    "link",
    "published_url",
)
_STORE_FIELDS = {
    "title": "title",
    "platform": "platform",
    "date": "when",
    "time": "when",
    "timezone": "when",
    "status": "status",
    "campaign": "campaign",
    "estimate": "estimate",
    "body": "body",
    "notes": "notes",
    "link": "link",
    "published URL": "published_url",
    "published_url": "published_url",
    "repeat": "repeat",
}
# Fields without an echo: their note only ever holds an error.
_PLAIN_FIELDS = {"title", "platform", "status", "campaign", "notes", "link", "published_url"}
_NO_CAMPAIGN = ""


def when_text(day: dt.date, time: dt.time | None, now: dt.datetime) -> str:
    """Editable text for a day and time that reads back as the same day and time."""
    clock = f" {time:%H:%M}" if time is not None else ""
    candidates = [
        describe_when(day, time),
        f"{day.day} {wording.month_name(day, short=True)}{clock}",
        f"{day.day} {wording.month_name(day, short=True)} {day.year}{clock}",
    ]
    for text in candidates:
        try:
            if parse_when(text, now, prefer="future") == (day, time):
                return text
        except ParseError:
            continue
    return f"{day.isoformat()}{clock}"


def duration_text(minutes: int) -> str:
    """``45m``, ``2h``, ``1h30``: what a person would type for `minutes`."""
    hours, mins = divmod(max(0, minutes), 60)
    if hours and mins:
        return f"{hours}h{mins:02d}"
    return f"{hours}h" if hours else f"{mins}m"


def _field_of(exc: CalepinError) -> str | None:
    field = getattr(exc, "field", None)
    if field in _STORE_FIELDS:
        return _STORE_FIELDS[field]
    if isinstance(exc, NotFoundError):
        message = str(exc)
        if message.startswith("unknown platform"):
            return "platform"
        if message.startswith("unknown campaign"):
            return "campaign"
    return None


class PostFormDialog(BaseDialog[PostDraft | None]):
    """The post form: returns a validated PostDraft on save, None on escape."""

    DEFAULT_CSS: ClassVar[str] = """
    PostFormDialog .dialog {
        width: 96;
        max-width: 100%;
        height: auto;
        max-height: 100%;
    }
    PostFormDialog #fields {
        height: 1fr;
    }
    PostFormDialog .row {
        height: auto;
        margin-bottom: 1;
    }
    PostFormDialog .row .label {
        width: 14;
        color: $text-muted;
    }
    PostFormDialog .row:focus-within .label {
        color: $accent;
        text-style: bold;
    }
    PostFormDialog .field Input:focus, PostFormDialog .field TextArea:focus {
        background-tint: $primary 10%;
    }
    PostFormDialog .field Select:focus > SelectCurrent {
        background-tint: $primary 10%;
    }
    PostFormDialog .row .field {
        width: 1fr;
        height: auto;
        margin-right: 1;
    }
    PostFormDialog .field Select {
        width: 40;
    }
    PostFormDialog #body {
        height: 7;
    }
    PostFormDialog #notes {
        height: 4;
    }
    PostFormDialog #form-error {
        margin-top: 1;
    }
    PostFormDialog .buttons {
        margin-top: 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]
    # Focused as the form is built; otherwise Textual focuses the scrolling #fields first and
    # restyles the whole form twice more, on focus and on blur (a third of its opening time).
    AUTO_FOCUS: ClassVar[str | None] = "#title"

    def __init__(
        self,
        *,
        post: Post | None,
        day: dt.date | None,
        platforms: Sequence[Platform],
        campaigns: Sequence[Campaign],
        now: dt.datetime,
        validate: Callable[[PostDraft], None],
        default_time: dt.time | None = None,
        logged_minutes: int | None = None,
    ) -> None:
        super().__init__()
        self.post = post
        self.logged_minutes = logged_minutes
        self.now = now
        self.validate = validate
        self.platforms = list(platforms)
        self.campaigns = list(campaigns)
        self._limits = {p.name: p.char_limit for p in self.platforms}
        # Typed fields left as they were keep their original value exactly: the text shown
        # may not read back the same (a custom RRULE, an old year, a zero estimate).
        self._when_value: tuple[dt.date | None, dt.time | None] = (None, None)
        if post is not None:
            self._when_value = (post.date, post.time if post.date else None)
        elif day is not None:
            self._when_value = (day, default_time)
        # The zone the time is read in: the post's own, else the home zone `now` is given in.
        self._zone_name = post.timezone if post else getattr(now.tzinfo, "key", "UTC")
        start_day, start_time = self._when_value
        self._when_initial = when_text(start_day, start_time, now) if start_day else ""
        estimate = post.estimate_minutes if post else None
        self._estimate_initial = duration_text(estimate) if estimate is not None else ""
        rrule = post.rrule if post else None
        self._repeat_initial = self._describe_rule(rrule) if rrule else ""
        self._initial: tuple[Any, ...] = ()

    @staticmethod
    def _describe_rule(rrule: str) -> str:
        try:
            return describe_repeat(rrule)
        except ParseError:
            return rrule

    # -- layout

    def compose(self) -> ComposeResult:
        post = self.post
        names = [p.name for p in self.platforms]
        platform = post.platform if post else (names[0] if names else None)
        if platform is not None and platform not in names:
            names.append(platform)  # an archived platform stays choosable for its own posts
        campaign_names = [c.name for c in self.campaigns]
        if post and post.campaign and post.campaign not in campaign_names:
            campaign_names.append(post.campaign)

        with Vertical(classes="dialog"):
            yield Static("Edit post" if post else "New post", classes="dialog-title")
            with VerticalScroll(id="fields"):
                yield self._row(
                    "Title",
                    Input(post.title if post else "", id="title", compact=True),
                )
                yield self._row(
                    "Platform",
                    Select[str](
                        [(choice(name), name) for name in names],
                        value=platform if platform is not None else Select.NULL,
                        allow_blank=not names,
                        id="platform",
                        compact=True,
                    ),
                )
                # "second": shown only for a time that happens twice (clocks going back)
                second = Checkbox("second", bool(post and post.fold), id="second", compact=True)
                second.display = False
                yield self._row(
                    "When",
                    Input(
                        self._when_initial,
                        placeholder="tue 10am, 3 dec, 2026-12-03 14:00; empty = backlog",
                        id="when",
                        compact=True,
                    ),
                    second,
                )
                yield self._row(
                    "Status",
                    Select[Status](
                        [(s.label, s) for s in Status],
                        value=post.status if post else Status.IDEA,
                        allow_blank=False,
                        id="status",
                        compact=True,
                    ),
                )
                yield self._row(
                    "Campaign",
                    Select[str](
                        [("none", _NO_CAMPAIGN), *[(choice(n), n) for n in campaign_names]],
                        value=(post.campaign if post and post.campaign else _NO_CAMPAIGN),
                        allow_blank=False,
                        id="campaign",
                        compact=True,
                    ),
                )
                yield self._row(
                    "Effort",
                    Input(
                        self._estimate_initial,
                        placeholder="45m, 1h30",
                        id="estimate",
                        compact=True,
                    ),
                )
                yield self._row(
                    "Repeat",
                    Input(
                        self._repeat_initial,
                        placeholder="every tue, monthly on the first thu; empty = once",
                        id="repeat",
                        compact=True,
                    ),
                )
                yield self._row(
                    "Body",
                    TextArea(post.body if post else "", id="body", compact=True),
                )
                yield self._row(
                    "Notes",
                    TextArea(post.notes if post else "", id="notes", compact=True),
                )
                yield self._row(
                    "Link",
                    Input(
                        post.link if post else "", placeholder="https://…", id="link", compact=True
                    ),
                )
                yield self._row(
                    "Published URL",
                    Input(
                        post.published_url if post else "",
                        placeholder="https://…",
                        id="published_url",
                        compact=True,
                    ),
                )
            yield Static("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Static("ctrl+s save · esc cancel", classes="keys")
                yield Button("Save", id="save", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    @staticmethod
    def _row(label: str, widget: Widget, *more: Widget) -> Horizontal:
        note = Static("", id=f"{widget.id}-note", classes="note")
        return Horizontal(
            Label(label, classes="label"),
            Vertical(widget, note, *more, classes="field"),
            classes="row",
        )

    def on_mount(self) -> None:
        for key in FIELDS:
            set_note(self._note(key), "")
        set_note(self.query_one("#form-error", Static), "")
        self._echo_when()
        self._echo_estimate()
        self._echo_repeat()
        self._echo_body()
        self._initial = self._raw()
        self.query_one("#title", Input).focus()

    # -- reading the widgets

    def _note(self, key: str) -> Static:
        return self.query_one(f"#{key}-note", Static)

    def _input(self, key: str) -> str:
        return self.query_one(f"#{key}", Input).value

    def _text(self, key: str) -> str:
        return self.query_one(f"#{key}", TextArea).text

    def _select(self, key: str) -> Any:
        value = self.query_one(f"#{key}", Select).value
        return None if value is Select.NULL else value

    def _raw(self) -> tuple[Any, ...]:
        return (
            *(self._input(k) for k in ("title", "when", "estimate", "repeat", "link")),
            self._input("published_url"),
            *(self._select(k) for k in ("platform", "status", "campaign")),
            self._text("body"),
            self._text("notes"),
            self.query_one("#second", Checkbox).value,
        )

    @property
    def changed(self) -> bool:
        """Whether anything differs from what the form opened with."""
        return bool(self._initial) and self._raw() != self._initial

    def _when(self) -> tuple[dt.date | None, dt.time | None]:
        """The day and time typed; the time's fold 1 when "second" is ticked."""
        text = self._input("when")
        if text == self._when_initial:
            day, time = self._when_value
        elif not text.strip():
            return None, None
        else:
            day, time = parse_when(text, self.now, prefer="future")
        if time is not None:
            time = time.replace(fold=int(self.query_one("#second", Checkbox).value))
        return day, time

    def _estimate(self) -> int | None:
        text = self._input("estimate")
        if text == self._estimate_initial:
            return self.post.estimate_minutes if self.post else None
        return parse_duration(text) if text.strip() else None

    def _repeat(self, start: dt.date | None) -> str | None:
        text = self._input("repeat")
        if text == self._repeat_initial:
            return self.post.rrule if self.post else None
        if not text.strip():
            return None
        return parse_repeat(text, start or self.now.date())

    def _body_over(self) -> str | None:
        """Why the body is too long for the chosen platform, or None."""
        platform = self._select("platform")
        limit = self._limits.get(platform) if platform else None
        length = len(self._text("body").strip())
        if limit is None or length <= limit:
            return None
        return f"{length - limit} over the {platform} limit"

    # -- echoes

    def _echo_when(self) -> None:
        note = self._note("when")
        try:
            day, time = self._when()
        except ParseError as exc:
            set_note(note, str(exc), error=True)
            return
        if day is None:
            set_note(note, "→ backlog (no date)")
            return
        year = f" {day.year}" if day.year != self.now.year else ""
        label = describe_when(day, None) + year + (f" {time:%H:%M}" if time else "")
        second = self.query_one("#second", Checkbox)
        shift = clock_shift(day, time, self._zone_name) if time is not None else None
        second.display = shift is not None and shift.kind == "twice"
        if shift is None or time is None:
            set_note(note, f"→ {label}")
        elif shift.kind == "gap":  # refused by the store, even as saved before
            set_note(note, gap_message(shift), error=True)
        else:
            names = (shift.first, shift.second)
            which, tick = ("second", "untick") if time.fold else ("first", "tick")
            set_note(
                note,
                f"→ {label} {names[time.fold]} · happens twice: the {which} one;"
                f" {tick} 'second' for {names[1 - time.fold]}",
            )

    def _echo_estimate(self) -> None:
        note = self._note("estimate")
        try:
            minutes = self._estimate()
        except ParseError as exc:
            set_note(note, str(exc), error=True)
            return
        if self.logged_minutes is not None:
            # "45 min of 1 h planned", or "20 min logged" without an estimate: as on the card.
            set_note(note, wording.effort_text(self.logged_minutes, minutes))
            return
        set_note(note, f"→ {wording.duration(minutes)}" if minutes is not None else "")

    def _echo_repeat(self) -> None:
        note = self._note("repeat")
        try:
            start = self._when()[0]
        except ParseError:
            start = None
        try:
            rule = self._repeat(start)
        except ParseError as exc:
            set_note(note, str(exc), error=True)
            return
        set_note(note, f"→ {self._describe_rule(rule)}" if rule else "")

    def _echo_body(self) -> None:
        platform = self._select("platform")
        limit = self._limits.get(platform) if platform else None
        length = len(self._text("body").strip())
        if limit is None:
            set_note(self._note("body"), f"{length} characters")
            return
        over = self._body_over()
        count = f"{length} / {limit}"
        set_note(self._note("body"), f"{count} · {over}" if over else count, error=bool(over))

    @on(Input.Changed, "#when")
    @on(Checkbox.Changed, "#second")
    def _when_changed(self) -> None:
        self._echo_when()
        self._echo_repeat()

    @on(Input.Changed, "#estimate")
    def _estimate_changed(self) -> None:
        self._echo_estimate()

    @on(Input.Changed, "#repeat")
    def _repeat_changed(self) -> None:
        self._echo_repeat()

    @on(TextArea.Changed, "#body")
    @on(Select.Changed, "#platform")
    def _body_changed(self) -> None:
        self._echo_body()

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    def _clear_old_error(self, event: Input.Changed | Select.Changed | TextArea.Changed) -> None:
        set_note(self.query_one("#form-error", Static), "")
        key = event.control.id if event.control else None
        if key in _PLAIN_FIELDS:
            set_note(self._note(key), "")

    # -- saving

    def _show_errors(self, errors: dict[str, str], general: str = "") -> None:
        for key, message in errors.items():
            set_note(self._note(key), message, error=True)
        if general:
            set_note(self.query_one("#form-error", Static), general, error=True)
        elif errors:
            set_note(self.query_one("#form-error", Static), "fix the fields in red", error=True)
        first = next((key for key in FIELDS if key in errors), None)
        if first is not None:
            self.query_one(f"#{first}").focus()

    def _draft(self) -> tuple[PostDraft | None, dict[str, str]]:
        """The draft the form holds, or the parse errors keyed by field."""
        errors: dict[str, str] = {}
        title = " ".join(self._input("title").split())
        if not title:
            errors["title"] = "title cannot be empty"
        platform = self._select("platform")
        if not platform:
            errors["platform"] = "choose a platform"
        day: dt.date | None = None
        time: dt.time | None = None
        try:
            day, time = self._when()
        except ParseError as exc:
            errors["when"] = str(exc)
        estimate: int | None = None
        try:
            estimate = self._estimate()
        except ParseError as exc:
            errors["estimate"] = str(exc)
        rrule: str | None = None
        try:
            rrule = self._repeat(day)
        except ParseError as exc:
            errors["repeat"] = str(exc)
        over = self._body_over()
        if over:
            limit = self._limits.get(platform)
            errors["body"] = f"{over}: {platform} allows {limit} characters; shorten it"
        if errors:
            return None, errors
        campaign = self._select("campaign")
        draft = PostDraft(
            title=title,
            platform=platform,
            date=day,
            time=time,
            timezone=self.post.timezone if self.post else None,
            status=self._select("status") or Status.IDEA,
            campaign=campaign or None,
            estimate_minutes=estimate,
            body=self._text("body").strip(),
            notes=self._text("notes").strip(),
            link=self._input("link").strip(),
            published_url=self._input("published_url").strip(),
            group_id=self.post.group_id if self.post else None,
            rrule=rrule,
        )
        return draft, {}

    @on(Button.Pressed, "#save")
    @on(Input.Submitted)
    def action_save(self) -> None:
        for key in FIELDS:
            if self._note(key).has_class("-error"):
                set_note(self._note(key), "")
        self._echo_when()
        self._echo_estimate()
        self._echo_repeat()
        self._echo_body()
        draft, errors = self._draft()
        if draft is None:
            self._show_errors(errors)
            return
        try:
            self.validate(draft)
        except CalepinError as exc:
            field = _field_of(exc)
            if field is None:
                self._show_errors({}, str(exc))
            else:
                self._show_errors({field: str(exc)})
            return
        self.dismiss(draft)

    # -- leaving

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        dismiss_unless_changed(self, self.changed, "Discard changes?")
