"""Timer keys for any screen or app: 1–9 (named by duty, never reshuffled), T, 0, ! and the
start-up question about a forgotten timer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding

from storage import CalepinError, Duty, Store
from storage import timesheet as ts
from storage.i18n import _
from tui.text import Plain

if TYPE_CHECKING:
    from storage import commands

# The app mixes these actions in: the dialogs, the commands and the grammar they use are
# imported when a key needs them, not before the app's first frame.

Clock = Callable[[], dt.datetime]


def ask_about_long_timer(
    host: Any, store: Store, now: dt.datetime, done: Callable[[], None] | None = None
) -> bool:
    """At start-up: a timer running for over 10 hours asks stop at the last activity, stop
    now, or keep. Returns False (and asks nothing) when no such timer runs.
    """
    from storage import commands, wording
    from tui.dialogs.choice import ChoiceDialog

    forgotten = commands.forgotten_timer(store, now)
    if forgotten is None:
        return False
    last = forgotten.last.astimezone(store.zone)
    forced = (forgotten.forced or now).astimezone(store.zone)
    choices = [
        ("last", _("Stop it at {time} (last activity)").format(time=wording.weekday_time(last))),
        (
            "save",
            _("Stop it now")
            if forced >= now
            else _("Stop it at the limit ({time})").format(time=wording.weekday_time(forced)),
        ),
        ("keep", _("Keep it running (it counts only up to the limit)")),
    ]

    def answered(choice: str | None) -> None:
        if choice in ("last", "save"):
            try:
                commands.stop_timer(store, now, answer=choice)  # type: ignore[arg-type]
            except CalepinError as exc:
                host.notify(str(exc), severity="error")
        if done is not None:
            done()

    message = f"{forgotten.reason[0].upper()}{forgotten.reason[1:]}."
    host.app.push_screen(ChoiceDialog(message, choices), answered)
    return True


class TimerActions:
    """Timer keys for any Screen or App with `store` and `clock`: 1–9, p, x, !.

    Mix in before the Textual class and add `*tui.bindings.TIMER_BINDINGS` to BINDINGS;
    override `timer_changed` to announce the change (`tui.messages`).
    """

    store: Store
    clock: Clock

    def timer_changed(self) -> None:
        """Called after the timer changed here."""

    def _host(self) -> Any:
        return self

    # Whether the footer shows keys 1–9 with their duties (the log does; other views hide them).
    TIMER_KEYS_SHOWN: ClassVar[bool] = False

    def timer_keys(self) -> list[Duty]:
        """The duties on keys 1–9: the settings' [timer] keys first, then the duties' order
        (`timesheet.timer_key_duties`); never reshuffled by usage."""
        settings = getattr(self._host().app, "settings", None)
        pinned = settings.timer_keys if settings is not None else ()
        try:
            return ts.timer_key_duties(self.store, pinned)
        except CalepinError:
            return ts.timer_key_duties(self.store)  # the app said so at start-up

    def name_timer_keys(self) -> None:
        """Give keys 1–9 their duty's name, in the footer and in help (`?`)."""
        host = self._host()
        names = [d.name for d in self.timer_keys()]
        bindings = host._bindings.key_to_bindings
        for key, found in bindings.items():
            bindings[key] = [self._named(b, names) for b in found]
        if self.TIMER_KEYS_SHOWN:  # hidden from the footer, help and the palette read them
            host.refresh_bindings()  # anew each time: no footer to rebuild for nothing

    def _named(self, binding: Binding, names: list[str]) -> Binding:
        if not (binding.id or "").startswith("timer.duty"):
            return binding
        number = int(binding.id[len("timer.duty") :])  # type: ignore[index]
        if number > len(names):
            return replace(binding, description="", tooltip="", show=False)
        name = names[number - 1]
        return replace(
            binding,
            description=name,
            tooltip=Plain(
                _("Start the timer on {duty}").format(duty=name)
            ),  # the footer's tooltip: never markup
            show=self.TIMER_KEYS_SHOWN,
        )

    def action_start_timer(self, number: int) -> None:
        duties = self.timer_keys()
        if 1 <= number <= len(duties):
            self._start_timer(duties[number - 1].name)

    def action_pick_timer(self) -> None:
        from tui.dialogs.duty_picker import DutyPickerDialog

        duties = ts.most_used_duties(self.store, self.clock(), limit=99)

        def picked(name: str | None) -> None:
            if name:
                self._start_timer(name)

        self._host().app.push_screen(DutyPickerDialog(duties, title=_("Start a timer on")), picked)

    def _start_timer(self, duty: str) -> None:
        from storage import commands
        from storage.grammar import StartTimer

        try:
            command = StartTimer(self.store.duty(duty), None, "")
        except CalepinError as exc:
            self._host().notify(str(exc), severity="error")
            return
        self._timer_command(commands.Plan(command, commands.describe(command)))

    def action_stop_timer(self) -> None:
        from storage import commands
        from storage.grammar import StopTimer

        if self.store.running_timer() is None:
            self._host().notify(_("No timer is running."), severity="warning")
            return
        self._timer_command(commands.Plan(StopTimer(), _("stop the timer")))

    def _timer_command(self, plan: commands.Plan) -> None:
        from tui.dialogs.overlap import carry_out, done_text

        def done(result: commands.Done | None) -> None:
            if result is not None:
                self._host().notify(done_text(result))
                self.timer_changed()

        carry_out(self._host(), self.store, plan, self.clock(), done)

    def action_interruption(self) -> None:
        """`!` starts an interruption (pausing the timer); pressed again, ends it."""
        if ts.paused_timer(self.store) is not None:
            try:
                resumed = ts.end_interruption(self.store, self.clock())
            except CalepinError as exc:
                self._host().notify(str(exc), severity="error")
                return
            self._host().notify(
                _("Interruption over; resumed {duty}.").format(duty=resumed.duty)
                if resumed
                else _("Interruption over; no timer to resume.")
            )
            self.timer_changed()
            return
        from tui.dialogs.duty_picker import DutyPickerDialog

        duties = ts.most_used_duties(self.store, self.clock(), limit=99)
        social = [d for d in duties if d.social]
        duties = social + [d for d in duties if not d.social]  # a crisis is usually social

        def picked(name: str | None) -> None:
            if not name:
                return
            try:
                ts.interrupt(self.store, name, self.clock())
            except CalepinError as exc:
                self._host().notify(str(exc), severity="error")
                return
            self._host().notify(
                _("Interruption on {duty}; press ! again to resume.").format(duty=name)
            )
            self.timer_changed()

        self._host().app.push_screen(DutyPickerDialog(duties, title=_("Interruption on")), picked)
