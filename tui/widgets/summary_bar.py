"""The week's sums in one line: posts per platform, effort against capacity, hours logged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text

from storage import Platform
from storage.accounting import social_share, whole_percent
from storage.wording import duration
from tui.widgets.lines import LinesWidget


def hours(minutes: float) -> str:
    """``6 h 30``, ``7 h``, ``45 min``, ``0 h`` — short enough for a status line."""
    return duration(minutes, zero="0 h")


@dataclass(frozen=True, slots=True)
class WeekTotals:
    planned: Sequence[tuple[Platform, int]] = ()
    effort: int = 0  # minutes of estimates
    capacity: int = 0  # minutes left for social media after the other duties
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
    """Renders WeekTotals, shortening its words when the terminal is narrow."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"summary-bar--label", "summary-bar--over"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.totals = WeekTotals()

    def show(self, totals: WeekTotals) -> None:
        self.totals = totals
        self.redraw()

    def build_lines(self, width: int, height: int) -> list[Text]:
        width -= 2  # a margin each side
        for short in (False, True):
            line = self._line(short)
            if line.cell_len <= width:
                break
        line.truncate(max(1, width), overflow="ellipsis")
        return [Text(" ").append_text(line)]

    def _line(self, short: bool) -> Text:
        t = self.totals
        label = self.get_component_rich_style("summary-bar--label")
        line = Text(no_wrap=True)
        line.append("Posts " if short else "Planned ", style=label)
        if t.planned:
            for i, (platform, count) in enumerate(t.planned):
                if i:
                    line.append(" " if short else " · ")
                line.append(platform.tag, style=Style(color=platform.colour, bold=True))
                line.append(f" {count}")
        else:
            line.append("none")
        line.append("  │  " if not short else " │ ")
        line.append("Effort " if not short else "Eff ", style=label)
        effort = f"{hours(t.effort)} / {hours(t.capacity)}"
        if t.over:
            line.append(effort, style=self.get_component_rich_style("summary-bar--over"))
            line.append(" over capacity" if not short else " !")
        else:
            line.append(effort + ("" if short else " capacity"))
        line.append("  │  " if not short else " │ ")
        line.append("Logged " if not short else "Log ", style=label)
        line.append(hours(t.logged))
        share = t.social_share
        if share is not None:
            line.append(f" · social {share} %" if not short else f" soc {share}%")
        return line
