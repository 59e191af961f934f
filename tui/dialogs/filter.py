"""FilterDialog and PostFilter: which posts the calendar shows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Select, SelectionList, Static

from storage import Campaign, Platform, Status
from tui.dialogs._base import BaseDialog

_ANY = ""


@dataclass(frozen=True)
class PostFilter:
    """Platforms (names), statuses and a campaign to show; empty means everything."""

    platforms: tuple[str, ...] = ()
    statuses: tuple[Status, ...] = ()
    campaign: str | None = None

    @property
    def is_empty(self) -> bool:
        return not self.platforms and not self.statuses and self.campaign is None

    def describe(self, tags: Mapping[str, str] | None = None) -> str:
        """``FB, IG · ready · Campaign X``; pass platform name → tag to shorten names."""
        parts = []
        if self.platforms:
            parts.append(", ".join((tags or {}).get(name, name) for name in self.platforms))
        if self.statuses:
            parts.append(", ".join(status.label for status in self.statuses))
        if self.campaign is not None:
            parts.append(self.campaign)
        return " · ".join(parts) if parts else "everything"


class FilterDialog(BaseDialog[PostFilter | None]):
    """Choose platforms, statuses and a campaign; Clear returns an empty filter."""

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
    FilterDialog #campaign {
        margin-top: 1;
        width: 100%;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "apply", "Apply"),
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

    def compose(self) -> ComposeResult:
        platform_names = [p.name for p in self.platforms]
        # A filter may name a platform or campaign that has since been archived or renamed.
        extra_platforms = [n for n in self.current.platforms if n not in platform_names]
        campaign_names = [c.name for c in self.campaigns]
        if self.current.campaign and self.current.campaign not in campaign_names:
            campaign_names.append(self.current.campaign)
        with Vertical(classes="dialog"):
            yield Static("Filter posts", classes="dialog-title")
            with Horizontal(id="lists"):
                with Vertical():
                    yield Static("Platforms", classes="label")
                    yield SelectionList[str](
                        *[
                            (f"{p.name} ({p.tag})", p.name, p.name in self.current.platforms)
                            for p in self.platforms
                        ],
                        *[(name, name, True) for name in extra_platforms],
                        id="platforms",
                        compact=True,
                    )
                with Vertical():
                    yield Static("Statuses", classes="label")
                    yield SelectionList[Status](
                        *[(s.label, s, s in self.current.statuses) for s in Status],
                        id="statuses",
                        compact=True,
                    )
            yield Select[str](
                [("any campaign", _ANY), *[(name, name) for name in campaign_names]],
                value=self.current.campaign or _ANY,
                allow_blank=False,
                id="campaign",
                compact=True,
            )
            yield Static("space toggle · ctrl+s apply · esc cancel", classes="keys")
            with Horizontal(classes="buttons"):
                yield Button("Apply", id="apply", variant="primary", compact=True)
                yield Button("Clear", id="clear", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#platforms", SelectionList).focus()

    def _chosen(self) -> PostFilter:
        platforms = self.query_one("#platforms", SelectionList).selected
        statuses = self.query_one("#statuses", SelectionList).selected
        campaign = self.query_one("#campaign", Select).value
        # Keep list order (not click order) so equal filters compare equal.
        order = [p.name for p in self.platforms] + list(self.current.platforms)
        return PostFilter(
            platforms=tuple(sorted(set(platforms), key=order.index)),
            statuses=tuple(s for s in Status if s in statuses),
            campaign=campaign if isinstance(campaign, str) and campaign != _ANY else None,
        )

    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        self.dismiss(self._chosen())

    @on(Button.Pressed, "#clear")
    def _clear(self) -> None:
        self.dismiss(PostFilter())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
