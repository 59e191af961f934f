"""PostFormDialog: create or edit a post, with what was understood echoed under each field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from storage import (
    CalepinError,
    Campaign,
    Platform,
    Post,
    PostDraft,
    Status,
    ValidationError,
    wording,
)
from storage.errors import ParseError
from storage.grammar import parse_duration, parse_repeat, parse_when
from storage.i18n import N_, _, ngettext
from tui.dialogs._base import BaseDialog, name_problem, set_note, show_text, words
from tui.dialogs.confirm import dismiss_unless_changed
from tui.dialogs.post_form_text import (
    ECHOED,
    FIELDS,
    NEW_CAMPAIGN,
    NO_CAMPAIGN,
    PLAIN_FIELDS,
    POST_FORM_CSS,
    describe_rule,
    duration_text,
    field_of,
    when_echo,
    when_text,
)
from tui.text import choice, styled


class PostFormDialog(BaseDialog[PostDraft | None]):
    """The post form: returns a validated PostDraft on save, None on escape."""

    DEFAULT_CSS: ClassVar[str] = POST_FORM_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save")),
        Binding("escape", "cancel", N_("Cancel")),
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
        sync_note: str = "",
    ) -> None:
        super().__init__()
        self._setup(
            post=post,
            day=day,
            platforms=platforms,
            campaigns=campaigns,
            now=now,
            validate=validate,
            default_time=default_time,
            logged_minutes=logged_minutes,
            sync_note=sync_note,
        )

    def _setup(
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
        sync_note: str = "",
    ) -> None:
        self.post = post
        self.logged_minutes = logged_minutes
        self.sync_note = sync_note  # who changed it last in the shared calendar
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
        self._repeat_initial = describe_rule(rrule) if rrule else ""
        self._initial: tuple[Any, ...] = ()
        self._new_campaign = False

    # -- layout

    def _choices(self) -> dict[str, tuple[list[tuple[str, Any]], Any]]:
        """Each dropdown's options and the value it opens on."""
        post = self.post
        names = [p.name for p in self.platforms]
        platform = post.platform if post else (names[0] if names else None)
        if platform is not None and platform not in names:
            names.append(platform)  # an archived platform stays choosable for its own posts
        campaign_names = [c.name for c in self.campaigns]
        if post and post.campaign and post.campaign not in campaign_names:
            campaign_names.append(post.campaign)
        return {
            "platform": (
                [(choice(name), name) for name in names],
                platform if platform is not None else Select.NULL,
            ),
            "status": ([(s.label, s) for s in Status], post.status if post else Status.IDEA),
            "campaign": (
                [
                    (_("none"), NO_CAMPAIGN),
                    *[(choice(n), n) for n in campaign_names],
                    (_("new campaign…"), NEW_CAMPAIGN),
                ],
                post.campaign if post and post.campaign else NO_CAMPAIGN,
            ),
        }

    def _texts(self) -> dict[str, str]:
        """What each input and text area opens with."""
        post = self.post
        return {
            "title": post.title if post else "",
            "when": self._when_initial,
            "estimate": self._estimate_initial,
            "repeat": self._repeat_initial,
            "link": post.link if post else "",
            "published_url": post.published_url if post else "",
            "new_campaign": "",
            "body": post.body if post else "",
            "notes": post.notes if post else "",
        }

    def compose(self) -> ComposeResult:
        choices = self._choices()
        self._options = {key: options for key, (options, _value) in choices.items()}
        texts = self._texts()

        def select(key: str) -> Select[Any]:
            options, value = choices[key]
            return Select(
                options,
                prompt=_("Select"),  # shown only when there is nothing to choose yet
                value=value,
                allow_blank=value is Select.NULL,
                id=key,
                compact=True,
            )

        def field(key: str, placeholder: str = "") -> Input:
            shown = Input(texts[key], placeholder=placeholder, id=key, compact=True)
            return shown.add_class("-valid", update=False)  # what any edit adds: no restyle

        with Vertical(classes="dialog"):
            yield Static(self._heading(), classes="dialog-title")
            with VerticalScroll(id="fields"):
                yield self._row(_("Title"), field("title"))
                yield self._row(_("Platform"), select("platform"))
                # "second": shown only for a time that happens twice (clocks going back)
                second = Checkbox(_("second"), self._fold(), id="second", compact=True)
                second.display = False
                yield self._row(
                    _("When"),
                    field("when", _("tue 10am, 3 dec, 2026-12-03 14:00; empty = backlog")),
                    second,
                )
                yield self._row(_("Status"), select("status"))
                # Shown when "new campaign…" is chosen: the campaign is created with the post.
                new_campaign = field("new_campaign", _("name of the new campaign"))
                new_campaign.display = False
                yield self._row(_("Campaign"), select("campaign"), under=new_campaign)
                yield self._row(_("Effort"), field("estimate", _("45m, 1h30")))
                yield self._row(
                    _("Repeat"),
                    field("repeat", _("every tue, monthly on the first thu; empty = once")),
                )
                yield self._row(_("Body"), TextArea(texts["body"], id="body", compact=True))
                yield self._row(_("Notes"), TextArea(texts["notes"], id="notes", compact=True))
                yield self._row(_("Link"), field("link", "https://…"))
                yield self._row(_("Published URL"), field("published_url", "https://…"))
            yield Static("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Static(_("ctrl+s save · esc cancel"), classes="keys")
                yield Button(_("Save"), id="save", variant="primary", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)

    def _heading(self) -> Content:
        heading = _("Edit post") if self.post else _("New post")
        return styled(heading, (f"  {self.sync_note}" if self.sync_note else "", "not bold dim"))

    def _fold(self) -> bool:
        return bool(self.post and self.post.fold)

    @staticmethod
    def _row(label: str, widget: Widget, *more: Widget, under: Widget | None = None) -> Horizontal:
        note = Static("", id=f"{widget.id}-note", classes="note")
        above = (widget, under) if under is not None else (widget,)
        return Horizontal(
            Label(label, classes="label"),
            Vertical(*above, note, *more, classes="field"),
            classes="row",
        )

    def on_mount(self) -> None:
        self._opened()

    def _opened(self) -> None:
        """Notes and echoes for the values the form holds, then the focus on the title."""
        for key in FIELDS:
            if key not in ECHOED:  # written once below: a note emptied first lays it out again
                set_note(self._note(key), "")
        set_note(self.query_one("#form-error", Static), "")
        self._echo_when()
        self._echo_estimate()
        self._echo_repeat()
        self._echo_body()
        self._initial = self._raw()
        self.set_focus(self.query_one("#title", Input), scroll_visible=False)

    def refill(self, **values: Any) -> bool:
        """Take another post (or none) as if built for it: the kept editor (tui/kept.py)."""
        self._setup(**values)
        choices = self._choices()
        if (choices["platform"][1] is Select.NULL) != self.query_one(
            "#platform", Select
        )._allow_blank:
            return False  # no platform at all, or one again: rare enough to build anew
        texts = self._texts()
        with self.prevent(Input.Changed, TextArea.Changed, Select.Changed, Checkbox.Changed):
            show_text(self.query_one(".dialog-title", Static), self._heading())
            for key, (options, value) in choices.items():
                select = self.query_one(f"#{key}", Select)
                if options != self._options[key]:
                    select.set_options(options)
                    self._options[key] = options
                select.value = value
            for key in ("title", "when", "estimate", "repeat", "link", "published_url"):
                self._put(key, texts[key])
            self._put("new_campaign", "")
            self.query_one("#new_campaign", Input).display = False
            for key in ("body", "notes"):
                area = self.query_one(f"#{key}", TextArea)
                area.load_text(texts[key])
                area.move_cursor((0, 0))
            second = self.query_one("#second", Checkbox)
            second.value = self._fold()
            second.display = False
        self.query_one("#fields", VerticalScroll).scroll_home(animate=False, immediate=True)
        self._opened()
        return True

    def _put(self, key: str, text: str) -> None:
        field = self.found(key, Input)
        field.value = text
        field.cursor_position = len(text)

    # -- reading the widgets

    def _note(self, key: str) -> Static:
        return self.found(f"{key}-note", Static)

    def _input(self, key: str) -> str:
        return self.found(key, Input).value

    def _text(self, key: str) -> str:
        return self.found(key, TextArea).text

    def _select(self, key: str) -> Any:
        value = self.found(key, Select).value
        return None if value is Select.NULL else value

    def _raw(self) -> tuple[Any, ...]:
        return (
            *(self._input(k) for k in ("title", "when", "estimate", "repeat", "link")),
            self._input("published_url"),
            self._input("new_campaign"),
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

    def _campaign(self) -> tuple[str | None, bool]:
        """The campaign chosen or typed, and whether it is new (created with the post).

        Raises:
            ValidationError: "new campaign…" chosen with no name or a name the store refuses.
        """
        chosen = self._select("campaign")
        if chosen != NEW_CAMPAIGN:
            return chosen or None, False
        name = words(self._input("new_campaign"))
        if not name:
            raise ValidationError(_("type the new campaign's name"), field="campaign")
        for campaign in self.campaigns:
            if campaign.name.casefold() == name.casefold():
                return campaign.name, False  # typed again: the one that exists
        problem = name_problem(name, "campaign name")
        if problem:
            raise ValidationError(problem, field="campaign")
        return name, True

    def _body_over(self) -> str | None:
        """Why the body is too long for the chosen platform, or None."""
        platform = self._select("platform")
        limit = self._limits.get(platform) if platform else None
        length = len(self._text("body").strip())
        if limit is None or length <= limit:
            return None
        return _("{count} over the {platform} limit").format(
            count=wording.number(length - limit), platform=platform
        )

    # -- echoes

    def _echo_when(self) -> None:
        note = self._note("when")
        try:
            day, time = self._when()
        except ParseError as exc:
            set_note(note, str(exc), error=True)
            return
        if day is None:
            set_note(note, _("→ backlog (no date)"))
            return
        text, error, twice = when_echo(day, time, self.now, self._zone_name)
        self.query_one("#second", Checkbox).display = twice
        set_note(note, text, error=error)

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
        set_note(note, f"→ {describe_rule(rule)}" if rule else "")

    def _echo_body(self) -> None:
        platform = self._select("platform")
        limit = self._limits.get(platform) if platform else None
        length = len(self._text("body").strip())
        if limit is None:
            set_note(
                self._note("body"),
                # English has always said "1 characters" here: the one form, kept as it was.
                ngettext("{count} characters", "{count} characters", length).format(
                    count=wording.number(length)
                ),
            )
            return
        over = self._body_over()
        count = f"{wording.number(length)} / {wording.number(limit)}"
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

    def _echo_campaign(self) -> None:
        new = self.query_one("#new_campaign", Input)
        new.display = self._select("campaign") == NEW_CAMPAIGN
        if not new.display:
            return
        try:
            name, is_new = self._campaign()
        except ValidationError as exc:
            set_note(self._note("campaign"), str(exc) if new.value.strip() else "")
            return
        if is_new:
            set_note(
                self._note("campaign"),
                _("→ new campaign {name}, created when the post is saved").format(name=name),
            )
        else:
            set_note(self._note("campaign"), _("→ {name}, which exists already").format(name=name))

    @on(Select.Changed, "#campaign")
    def _campaign_chosen(self) -> None:
        self._echo_campaign()
        if self._select("campaign") == NEW_CAMPAIGN:
            self.query_one("#new_campaign", Input).focus()

    @on(Input.Changed, "#new_campaign")
    def _campaign_typed(self) -> None:
        self._echo_campaign()

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
        if key in PLAIN_FIELDS:
            set_note(self._note(key), "")
        if key == "campaign":
            self._echo_campaign()

    # -- saving

    def _show_errors(self, errors: dict[str, str], general: str = "") -> None:
        for key, message in errors.items():
            set_note(self._note(key), message, error=True)
        if general:
            set_note(self.query_one("#form-error", Static), general, error=True)
        elif errors:
            set_note(self.query_one("#form-error", Static), _("fix the fields in red"), error=True)
        first = next((key for key in FIELDS if key in errors), None)
        if first == "campaign" and self._select("campaign") == NEW_CAMPAIGN:
            first = "new_campaign"
        if first is not None:
            self.query_one(f"#{first}").focus()

    def _draft(self) -> tuple[PostDraft | None, dict[str, str]]:
        """The draft the form holds, or the parse errors keyed by field."""
        errors: dict[str, str] = {}
        title = " ".join(self._input("title").split())
        if not title:
            errors["title"] = _("title cannot be empty")
        platform = self._select("platform")
        if not platform:
            errors["platform"] = _("choose a platform")
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
            errors["body"] = _("{over}: {platform} allows {limit} characters; shorten it").format(
                over=over, platform=platform, limit=wording.number(limit or 0)
            )
        campaign: str | None = None
        try:
            campaign, self._new_campaign = self._campaign()
        except ValidationError as exc:
            errors["campaign"] = str(exc)
        if errors:
            return None, errors
        draft = PostDraft(
            title=title,
            platform=platform,
            date=day,
            time=time,
            timezone=self.post.timezone if self.post else None,
            status=self._select("status") or Status.IDEA,
            campaign=campaign,
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
            # A new campaign does not exist yet: the post is checked without it.
            self.validate(replace(draft, campaign=None) if self._new_campaign else draft)
        except CalepinError as exc:
            field = field_of(exc)
            if field is None:
                self._show_errors({}, str(exc))
            else:
                self._show_errors({field: str(exc)})
            return
        self.dismiss(draft)

    # -- leaving

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        dismiss_unless_changed(self, self.changed, _("Discard changes?"))
