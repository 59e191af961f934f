"""The week's sums in one line: posts per platform, effort against capacity, hours logged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text

from storage import Platform, wording
from storage.accounting import social_share, whole_percent
from storage.i18n import _, pgettext
from storage.wording import duration
from tui.widgets.lines import LinesWidget


def hours(minutes: float) -> str:
    """``6 h 30``, ``7 h``, ``45 min``, ``0 h`` — short enough for a status line."""
    return duration(minutes, zero="0 h")


@dataclass(frozen=True, slots=True)
class WeekTotals:
    planned: Sequence[tuple[Platform, int]] = ()
    effort: int = 0  # minutes of estimates of posts on social platforms (storage.capacity)
    capacity: int = 0  # the room storage.capacity leaves for social media, days off counted
    logged: int = 0  # counted by storage.accounting: overlaps once
    social: int = 0

    @property
    def over(self) -> bool:
        return self.effort > self.capacity

    @property
    def social_share(self) -> int | None:
        """The report's social share (storage.accounting), as a whole percentage."""
        share = social_share(self.social, self.logged)
        return None if share is None else whole_percent(share)


class SummaryBar(LinesWidget):
    """Renders WeekTotals: the longest wording that fits, then shorter ones.

    `Posts FB 3 · IG 2  │  Planned 7 h 15 · room 3 h 45 — over by 3 h 30  │  Logged 36 h 05 ·
    social 13 %` at 120 columns; at 80 the posts per platform go first (the cards show them),
    then the social share; the plan against the room (storage.wording.week_plan) stays whole.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {"summary-bar--label", "summary-bar--over"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.totals = WeekTotals()

    def show(self, totals: WeekTotals) -> None:
        self.totals = totals
        self.redraw()

    def build_lines(self, width: int, height: int) -> list[Text]:
        width -= 2  # a margin each side
        # (posts: "full" | "short" | "", separator, with the social share)
        for posts, sep, share in (
            ("full", "  │  ", True),
            ("short", "  │  ", True),
            ("short", " │ ", True),
            ("", "  │  ", True),
            ("", " │ ", True),
            ("", " │ ", False),
        ):
            line = self._line(posts, sep, share)
            if line.cell_len <= width:
                break
        line.truncate(max(1, width), overflow="ellipsis")
        return [Text(" ").append_text(line)]

    def _line(self, posts: str, sep: str, share: bool) -> Text:
        t = self.totals
        label = self.get_component_rich_style("summary-bar--label")
        line = Text(no_wrap=True)
        if posts:
            line.append(_("Posts") + " ", style=label)
            if t.planned:
                for i, (platform, count) in enumerate(t.planned):
                    if i:
                        line.append(" · " if posts == "full" else " ")
                    line.append(platform.tag, style=Style(color=platform.colour, bold=True))
                    line.append(f" {count}")
            else:
                line.append(pgettext("posts", "none"))
            line.append(sep)
        plan, over = wording.week_plan(t.effort, t.capacity)
        line.append(plan)
        if over:
            line.append(over, style=self.get_component_rich_style("summary-bar--over"))
        line.append(sep)
        line.append(_("Logged") + " ", style=label)
        line.append(hours(t.logged))
        if share and t.social_share is not None:
            share_text = wording.percent(t.social_share, digits=0)
            line.append(" · " + _("social {share}").format(share=share_text))
        return line
