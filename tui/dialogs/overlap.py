"""OverlapDialog: a change that needs a second look (future, long, overlapping, a forgotten
timer) before it is made; its answers are the commands layer's, and `carry_out` asks it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from storage import CalepinError, Store, TimeEntry, commands, wording
from storage.commands import Answer
from storage.i18n import N_, _
from tui.dialogs._base import BaseDialog
from tui.text import literal

KEYS: dict[Answer, str] = {"trim": "t", "split": "s", "save": "y", "last": "l"}
# Translated where shown: _(LABELS[answer]).
LABELS: dict[Answer, str] = {
    "trim": N_("t trim the other entry"),
    "split": N_("s split it around this one"),
    "save": N_("y save"),
    "last": N_("l stop it at its last activity"),
}


class OverlapDialog(BaseDialog[Answer | None]):
    """Say why the change needs a look; answer as offered (save, trim, split, last) or cancel.

    When the entry overlaps others there is no "save anyway": time is never counted twice.
    Under each answer, `effects` lists exactly what it does to the other entries (shortened,
    split, removed, with duty, times and note), as the commands layer worked it out.
    """

    DEFAULT_CSS: ClassVar[str] = """
    OverlapDialog .dialog {
        width: 96;
        max-height: 90%;
    }
    OverlapDialog .effects {
        margin-bottom: 1;
    }
    OverlapDialog #reasons {
        color: $warning;
        margin-bottom: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "answer('trim')", N_("Trim"), show=False),
        Binding("s", "answer('split')", N_("Split"), show=False),
        Binding("y", "answer('save')", N_("Save"), show=False),
        Binding("l", "answer('last')", N_("Stop at the last activity"), show=False),
        Binding("n,escape", "cancel", N_("Cancel"), show=False),
    ]

    def __init__(
        self,
        summary: str,
        reasons: Sequence[str],
        *,
        overlapping: bool = False,
        answers: Sequence[tuple[Answer, str]] | None = None,
        effects: Mapping[Answer, Sequence[str]] | None = None,
    ) -> None:
        super().__init__()
        self.summary = summary
        self.reasons = list(reasons)
        self.overlapping = overlapping
        if answers is None:
            answers = (
                [("trim", _("Trim")), ("split", _("Split"))]
                if overlapping
                else [("save", _("Save"))]
            )
        self.answers = list(answers)
        self.effects = {answer: list(lines) for answer, lines in (effects or {}).items()}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("Check this entry"), classes="dialog-title")
            yield Static(self.summary, id="summary", classes="message", markup=False)
            yield Static(literal("\n".join(f"• {r}" for r in self.reasons)), id="reasons")
            for answer, _label in self.answers:
                lines = self.effects.get(answer)
                if lines:
                    heading = _("{answer}:").format(answer=_(LABELS[answer]))
                    text = "\n".join([heading, *(f"  {line}" for line in lines)])
                    yield Static(text, id=f"effects-{answer}", classes="effects", markup=False)
            keys = " · ".join(_(LABELS[a]) for a, _label in self.answers)
            yield Static(_("{keys} · esc cancel").format(keys=keys), classes="keys")
            with Horizontal(classes="buttons"):
                for index, (answer, label) in enumerate(self.answers):
                    yield Button(
                        label,
                        id=answer,
                        variant="primary" if index == 0 else "default",
                        compact=True,
                    )
                yield Button(_("Cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("Button", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.dismiss(None)
        else:
            self.action_answer(event.button.id)  # type: ignore[arg-type]

    def action_answer(self, answer: Answer) -> None:
        if any(answer == offered for offered, _label in self.answers):
            self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)


# ---------------------------------------------------------------- asking, for any screen or app


def carry_out(
    host: Any,
    store: Store,
    plan: commands.Plan,
    now: dt.datetime,
    done: Callable[[commands.Done | None], None] | None = None,
) -> None:
    """Make the change `plan` describes through the commands layer, as `calepin` does; when
    it needs an answer (future, long, overlapping, a forgotten timer), ask with a dialog and
    call the same command with the answer.

    `host` is the screen or app that pushes the question. `done` gets what was done (None
    when the user cancelled or the store refused, which is notified).
    """

    def go(answer: commands.Answer | None) -> None:
        try:
            result = commands.carry_out(store, plan, now, answer)
        except commands.NeedsAnswer as exc:
            ask(exc.plan)
            return
        except CalepinError as exc:
            host.notify(str(exc), severity="error", title=_("Not saved"))
            result = None
        if done is not None:
            done(result)

    def ask(needs: commands.Plan) -> None:
        def answered(answer: commands.Answer | None) -> None:
            if answer is None:
                host.notify(_("Nothing saved."), title=_("Cancelled"))
                if done is not None:
                    done(None)
            else:
                go(answer)

        summary = needs.understood or plan.understood
        labels = _answer_labels(needs, store)
        effects = {a: commands.effect_lines(needs, a, store.zone) for a, _label in labels}
        host.app.push_screen(
            OverlapDialog(summary, needs.reasons, answers=labels, effects=effects), answered
        )

    go(None)


def _answer_labels(plan: commands.Plan, store: Store) -> list[tuple[commands.Answer, str]]:
    forgotten = plan.forgotten
    last = f"{wording.weekday_time(forgotten.last.astimezone(store.zone))}" if forgotten else ""
    words: dict[commands.Answer, str] = {
        "trim": _("Trim"),
        "split": _("Split"),
        "save": _forced_label(forgotten, store) if forgotten else _("Save"),
        "last": _("Stop it at {time}").format(time=last),
    }
    return [(answer, words[answer]) for answer in plan.answers]


def _forced_label(forgotten: commands.ForgottenTimer, store: Store) -> str:
    """The "save" answer's label: count it all, or stop at the limit (a run over 24 h)."""
    forced = forgotten.forced
    if forced is None or forced > forgotten.timer.start + store.long_timer:
        return _("Count it all")
    limit = wording.weekday_time(forced.astimezone(store.zone))
    return _("Stop it at the limit ({time})").format(time=limit)


def dropped_text(dropped: TimeEntry) -> str:
    """A timer run under a minute, not kept."""
    return _("The {duty} timer ran less than a minute: not kept, nothing saved.").format(
        duty=dropped.duty
    )


def done_text(result: commands.Done) -> str:
    """What a typed line did, in the words of a notification."""
    if result.saved is not None:
        return _("Saved: {line}").format(line=result.plan.understood)
    dropped = f" {dropped_text(result.dropped)}" if result.dropped is not None else ""
    if result.started is not None:
        return _("Timer started on {duty}.").format(duty=result.started.duty) + dropped
    stopped = result.stopped
    if stopped is None:
        return dropped.strip() or _("No timer is running.")
    return _("Stopped {duty} after {duration}.").format(
        duty=stopped.duty, duration=wording.duration(stopped.minutes())
    )
