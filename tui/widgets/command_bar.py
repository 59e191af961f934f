"""The command bar: type a log line, see what it understood, enter to save."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.message import Message
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Input

from storage import Activity, CalepinError, Duty
from storage.commands import Command, describe
from storage.grammar import parse_command
from storage.i18n import N_, _, ngettext
from tui.bindings import COMMAND_BAR_BINDINGS
from tui.widgets.wrapped import wrap_text

HISTORY_SIZE = 200
# Translated where shown: the French examples are lines the French grammar reads.
PLACEHOLDER = N_("1h30 social engage …  ·  yesterday 2-4pm press  ·  start newsletters  ·  stop")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class NameSuggester(Suggester):
    """Completes the word being typed to a duty or activity name (duties first)."""

    def __init__(self, names: Sequence[str]) -> None:
        super().__init__(use_cache=True, case_sensitive=True)
        seen: set[str] = set()
        self.names: list[tuple[str, str]] = []
        for name in names:
            if name and _fold(name) not in seen:
                seen.add(_fold(name))
                self.names.append((_fold(name), name))

    async def get_suggestion(self, value: str) -> str | None:
        return self.suggest(value)

    def suggest(self, value: str) -> str | None:
        if not value or value[-1].isspace():
            return None
        words = value.split(" ")
        for count in (3, 2, 1):
            if len(words) < count:
                continue
            typed = " ".join(words[-count:])
            folded = _fold(typed)
            if not folded or folded[0].isdecimal():
                continue
            for key, name in self.names:
                if key.startswith(folded) and len(name) > len(typed):
                    return value + name[len(typed) :]
        return None


class CommandInput(Input):
    """The bar's input: a paste of several lines goes to the bar whole, where Input would
    keep the first line and drop the others without a word."""

    def _on_paste(self, event: events.Paste) -> None:
        # Textual runs Input's own handler after this one unless the default is prevented.
        lines = [line.strip() for line in event.text.splitlines() if line.strip()]
        bar = next((a for a in self.ancestors if isinstance(a, CommandBar)), None)
        if len(lines) > 1 and bar is not None:
            event.prevent_default()
            event.stop()
            bar.pasted(lines)


class EchoLine(Widget):
    """The echo, repainted in place: it re-lays out the screen only when its number of lines
    changes. A refusal longer than the line wraps between words (up to MAX_LINES) instead of
    losing its end: the way out ("for a duration write `2 h`…") is usually there."""

    MAX_LINES = 3

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""
        self._lines = 1

    def update(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self._fit()
            self.refresh()

    def on_resize(self) -> None:
        self._fit()

    def _wrapped(self) -> list[str]:
        width = self.size.width
        if width <= 0 or cell_len(self.text) <= width:
            return [self.text]
        lines = wrap_text(self.text, width)
        if len(lines) > self.MAX_LINES:
            lines = lines[: self.MAX_LINES]
            lines[-1] = lines[-1][: max(0, width - 1)] + "…"
        return lines

    def _fit(self) -> None:
        lines = len(self._wrapped())
        if lines != self._lines:
            self._lines = lines
            self.styles.height = lines

    def render(self) -> Text:
        return Text("\n".join(self._wrapped()), no_wrap=True, overflow="ellipsis")


class CommandBar(Widget):
    """An input with an echo line; posts `CommandBar.Submitted` with the parsed command.

    A thin caller: it reads the line for the echo and never saves; its host hands the text
    to `storage.commands`, as `calepin log` does, and calls `saved()` once it is saved. Until
    then the line stays as typed: a question cancelled or a refusal (a note over the limit)
    loses nothing, the line is there to fix.
    """

    DEFAULT_CSS: ClassVar[str] = """
    CommandBar {
        height: auto;
        background: $panel;
        padding: 0 1;
    }
    CommandBar Input {
        border: none;
        height: 1;
        padding: 0;
        background: $panel;
    }
    CommandBar Input:focus {
        border: none;
        background: $boost;
    }
    CommandBar #command-echo {
        height: 1;
        width: 1fr;
        color: $text-muted;
    }
    CommandBar #command-echo.-error {
        color: $error;
    }
    CommandBar #command-echo.-ok {
        color: $success;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = COMMAND_BAR_BINDINGS

    @dataclass
    class Submitted(Message):
        """A line that parsed: `command` is a LogLine, StartTimer or StopTimer; `text` the
        line as the commands layer reads it (a habitual leading ":" dropped)."""

        bar: CommandBar
        command: Command
        text: str

        @property
        def control(self) -> CommandBar:
            return self.bar

    @dataclass
    class LinesPasted(Message):
        """Several lines pasted at once: the host saves what it can (`commands.log_lines`)
        and hands back the rest with `keep`."""

        bar: CommandBar
        lines: list[str]

        @property
        def control(self) -> CommandBar:
            return self.bar

    class Left(Message):
        """Escape was pressed in the bar, or its line was saved: the screen moves the focus
        to its view, where keys are keys again (u undoes, : comes back here)."""

    def __init__(
        self,
        *,
        duties: Sequence[Duty] = (),
        activities: Sequence[Activity] = (),
        now_fn: Callable[[], dt.datetime] | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.duties: list[Duty] = list(duties)
        self.activities: list[Activity] = list(activities)
        self.now_fn: Callable[[], dt.datetime] = now_fn or (lambda: dt.datetime.now().astimezone())
        self.history: list[str] = []
        self._history_at: int | None = None
        self._typed = ""
        # Pasted lines not saved yet, after the one in the input, with their reasons.
        self.waiting: list[tuple[str, str]] = []
        self._kept: tuple[str, str] | None = None  # the kept line shown, and its echo

    def compose(self) -> ComposeResult:
        yield CommandInput(
            placeholder=_(PLACEHOLDER), suggester=self._suggester(), id="command-input"
        )
        yield EchoLine(id="command-echo")

    @property
    def input(self) -> Input:
        return self.query_one("#command-input", Input)

    @property
    def echo(self) -> EchoLine:
        return self.query_one("#command-echo", EchoLine)

    def set_context(
        self,
        duties: Sequence[Duty],
        activities: Sequence[Activity],
        now_fn: Callable[[], dt.datetime] | None = None,
    ) -> None:
        """Give the bar the names it may match (and the clock); no store call while typing."""
        self.duties = list(duties)
        self.activities = list(activities)
        if now_fn is not None:
            self.now_fn = now_fn
        if self.is_mounted:
            self.input.suggester = self._suggester()

    def _suggester(self) -> NameSuggester:
        names = [d.name for d in self.duties if not d.archived]
        names += [a for d in self.duties if not d.archived for a in d.aliases]
        names += [a.name for a in self.activities]
        return NameSuggester(names)

    @staticmethod
    def cleaned(text: str) -> str:
        # A habitual ":" typed on top of the one that opened the bar; ":45" is a duration.
        stripped = text.strip()
        if stripped.startswith(":") and not stripped[1:2].isdigit():
            return stripped[1:].strip()
        return stripped

    def parse(self, text: str) -> Command:
        return parse_command(self.cleaned(text), self.now_fn(), self.duties, self.activities)

    def focus_input(self) -> None:
        self.input.focus()

    def show_echo(self, text: str, kind: str = "") -> None:
        self.echo.update(text)
        self.echo.set_class(kind == "error", "-error")
        self.echo.set_class(kind == "ok", "-ok")

    @on(Input.Changed, "#command-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.update_echo(event.value)

    def update_echo(self, text: str) -> None:
        """Parse `text` (no store call) and show what it means or what is wrong."""
        if self._kept is not None and text == self._kept[0]:
            self.show_echo(self._kept[1], "error")  # why it was kept, until it is edited
            return
        self._kept = None
        if not text.strip():
            self.show_echo("")
            return
        try:
            command = self.parse(text)
        except CalepinError as exc:
            self.show_echo(str(exc), "error")
            return
        self.show_echo(describe(command))

    @on(Input.Submitted, "#command-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        try:
            command = self.parse(text)  # an empty line says what to type
        except CalepinError as exc:
            self.show_echo(str(exc), "error")
            return
        self.remember(text)
        self.show_echo(describe(command))
        self.post_message(self.Submitted(self, command, self.cleaned(text)))

    def saved(self) -> None:
        """The host saved the submitted line: clear it and hand the focus back to the view,
        or show the next pasted line still waiting."""
        if self.waiting:
            self._show_kept()
            return
        self.input.value = ""
        self.show_echo("")
        self.post_message(self.Left())

    def pasted(self, lines: list[str]) -> None:
        """Several lines pasted: handed to the host whole (nothing dropped)."""
        typed = self.input.value.strip()
        self.post_message(self.LinesPasted(self, [typed, *lines] if typed else lines))

    def keep(self, kept: Sequence[tuple[str, str]]) -> None:
        """Lines the host could not save, each with its reason: the first goes in the input,
        to fix or confirm with enter, and the others wait their turn."""
        self.waiting = list(kept)
        if self.waiting:
            self._show_kept()
        else:
            self.saved()

    def _show_kept(self) -> None:
        text, reason = self.waiting.pop(0)
        self.input.value = text
        self.input.cursor_position = len(text)
        echo = _("not saved: {reason}").format(reason=reason)
        if self.waiting:
            count = len(self.waiting)
            more = ngettext("{count} more after this", "{count} more after this", count)
            echo += " · " + more.format(count=count)
        self._kept = (text, echo)
        self.show_echo(self._kept[1], "error")

    def remember(self, text: str) -> None:
        if not self.history or self.history[-1] != text:
            self.history.append(text)
            del self.history[:-HISTORY_SIZE]
        self._history_at = None

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        if self._history_at is None:
            if step > 0:
                return
            self._typed = self.input.value
            at = len(self.history) - 1
        else:
            at = self._history_at + step
        if at >= len(self.history):
            self._history_at = None
            self.input.value = self._typed
        else:
            self._history_at = max(0, at)
            self.input.value = self.history[self._history_at]
        self.input.cursor_position = len(self.input.value)

    def action_leave(self) -> None:
        self.post_message(self.Left())
