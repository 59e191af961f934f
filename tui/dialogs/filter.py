"""FilterDialog and PostFilter: which posts the calendar shows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Select, SelectionList, Static

from storage import Campaign, Platform, Status
from storage.i18n import N_, _
from storage.search import MAX_WORDS, words_of
from storage.wording import quoted
from tui.dialogs._base import BaseDialog, set_note
from tui.text import choice, literal

_ANY = ""


@dataclass(frozen=True)
class PostFilter:
    """Platforms (names), statuses, a campaign and words to show; empty means everything.

    `words`: what was typed, as typed; posts must hold every word (`storage.search`).
    """

    platforms: tuple[str, ...] = ()
    statuses: tuple[Status, ...] = ()
    campaign: str | None = None
    words: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.platforms and not self.statuses and self.campaign is None and not self.words

    def describe(self, tags: Mapping[str, str] | None = None) -> str:
        """``FB, IG · ready · Campaign X · “gala”``; pass platform name → tag to shorten names."""
        parts = []
        if self.platforms:
            parts.append(", ".join((tags or {}).get(name, name) for name in self.platforms))
        if self.statuses:
            parts.append(", ".join(status.label for status in self.statuses))
        if self.campaign is not None:
            parts.append(self.campaign)
        if self.words:
            parts.append(quoted(self.words))
        return " · ".join(parts) if parts else _("everything")


class FilterDialog(BaseDialog[PostFilter | None]):
    """Type words, choose platforms, statuses and a campaign; Clear returns an empty filter."""

    DEFAULT_CSS: ClassVar[str] = """
    FilterDialog .dialog {
        width: 72;
    }
    FilterDialog #lists {
        height: auto;
    }
    FilterDialog #lists > Vertical {
        width: 1fr;
        height: auto;
    }
    FilterDialog SelectionList {
        height: auto;
        max-height: 12;
        margin-right: 1;
    }
    FilterDialog .label {
        color: $text-muted;
    }
    FilterDialog #words {
        width: 100%;
        margin-bottom: 1;
    }
    FilterDialog #campaign {
        margin-top: 1;
        width: 100%;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "apply", N_("Apply")),
    ]

    def __init__(
        self,
        platforms: Sequence[Platform],
        campaigns: Sequence[Campaign],
        current: PostFilter,
    ) -> None:
        super().__init__()
        self.platforms = list(platforms)
        self.campaigns = list(campaigns)
        self.current = current

    def _choices(self) -> tuple[list[tuple[Any, str]], list[tuple[str, str]]]:
        """The platforms' (label, name) and the campaigns' (label, name) to choose from."""
        platform_names = [p.name for p in self.platforms]
        # A filter may name a platform or campaign that has since been archived or renamed.
        extra_platforms = [n for n in self.current.platforms if n not in platform_names]
        campaign_names = [c.name for c in self.campaigns]
        if self.current.campaign and self.current.campaign not in campaign_names:
            campaign_names.append(self.current.campaign)
        platforms = [(literal(f"{p.name} ({p.tag})"), p.name) for p in self.platforms]
        platforms += [(literal(name), name) for name in extra_platforms]
        campaigns = [(_("any campaign"), _ANY), *[(choice(name), name) for name in campaign_names]]
        return platforms, campaigns

    def compose(self) -> ComposeResult:
        platforms, campaigns = self._choices()
        self._shown = (platforms, campaigns)
        chosen = self.current.platforms
        with Vertical(classes="dialog"):
            yield Static(_("Filter posts"), classes="dialog-title")
            yield Input(
                self.current.words,
                placeholder=_("words in the title, copy, notes or campaign"),
                id="words",
                compact=True,
            )
            yield Static("", id="words-note", classes="note")
            with Horizontal(id="lists"):
                with Vertical():
                    yield Static(_("Platforms"), classes="label")
                    yield SelectionList[str](
                        *[(label, name, name in chosen) for label, name in platforms],
                        id="platforms",
                        compact=True,
                    )
                with Vertical():
                    yield Static(_("Statuses"), classes="label")
                    yield SelectionList[Status](
                        *[(s.label, s, s in self.current.statuses) for s in Status],
                        id="statuses",
                        compact=True,
                    )
            yield Select[str](
                campaigns,
                value=self.current.campaign or _ANY,
                allow_blank=False,
                id="campaign",
                compact=True,
            )
            yield Static(_("enter/ctrl+s apply · space toggle · esc cancel"), classes="keys")
            with Horizontal(classes="buttons"):
                yield Button(_("Apply"), id="apply", variant="primary", compact=True)
                yield Button(_("Clear"), id="clear", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        set_note(self.query_one("#words-note", Static), "")
        self.set_focus(self.query_one("#words", Input), scroll_visible=False)

    def refill(
        self, platforms: Sequence[Platform], campaigns: Sequence[Campaign], current: PostFilter
    ) -> bool:
        """Take another filter as if built for it: the kept dialog (tui/kept.py)."""
        self.platforms = list(platforms)
        self.campaigns = list(campaigns)
        self.current = current
        shown_platforms, shown_campaigns = self._choices()
        with self.prevent(
            Input.Changed,
            Select.Changed,
            SelectionList.SelectedChanged,
            SelectionList.SelectionToggled,
            SelectionList.SelectionHighlighted,
        ):
            words = self.query_one("#words", Input)
            words.value = current.words
            words.cursor_position = len(current.words)
            lists: list[tuple[SelectionList[Any], list[Any] | None, tuple[Any, ...]]] = [
                (
                    self.query_one("#platforms", SelectionList),
                    shown_platforms if shown_platforms != self._shown[0] else None,
                    current.platforms,
                ),
                (self.query_one("#statuses", SelectionList), None, current.statuses),
            ]
            for widget, options, chosen in lists:
                if options is not None:  # other platforms than last time
                    widget.clear_options()
                    widget.add_options([(label, name, name in chosen) for label, name in options])
                else:
                    widget.deselect_all()
                    for value in chosen:
                        widget.select(value)
                widget.highlighted = None
                widget.scroll_home(animate=False, immediate=True)
            campaign = self.query_one("#campaign", Select)
            if shown_campaigns != self._shown[1]:
                campaign.set_options(shown_campaigns)
            campaign.value = current.campaign or _ANY
        self._shown = (shown_platforms, shown_campaigns)
        self.on_mount()
        return True

    def _chosen(self) -> PostFilter | None:
        platforms = self.query_one("#platforms", SelectionList).selected
        statuses = self.query_one("#statuses", SelectionList).selected
        campaign = self.query_one("#campaign", Select).value
        typed = " ".join(self.query_one("#words", Input).value.split())
        if len(words_of(typed)) > MAX_WORDS:
            note = _("at most {count} words").format(count=MAX_WORDS)
            set_note(self.query_one("#words-note", Static), note, error=True)
            self.query_one("#words", Input).focus()
            return None
        # Keep list order (not click order) so equal filters compare equal.
        order = [p.name for p in self.platforms] + list(self.current.platforms)
        return PostFilter(
            platforms=tuple(sorted(set(platforms), key=order.index)),
            statuses=tuple(s for s in Status if s in statuses),
            campaign=campaign if isinstance(campaign, str) and campaign != _ANY else None,
            # Only quotes or signs is no word: no narrowing, so nothing shown as if it were.
            words=typed if words_of(typed) else "",
        )

    @on(Input.Submitted, "#words")
    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        chosen = self._chosen()
        if chosen is not None:
            self.dismiss(chosen)

    @on(Button.Pressed, "#clear")
    def _clear(self) -> None:
        self.dismiss(PostFilter())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
