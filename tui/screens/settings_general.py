"""The settings screen's general fields (time zone … language), and the words their errors
are put in."""

from __future__ import annotations

from collections.abc import Iterator

from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static

from storage import Store, wording
from storage.i18n import N_, _
from storage.settings import Settings, stored_cancelled_days
from tui.screens.settings_plan import shown_number
from tui.widgets.zone_suggester import ZoneSuggester

# Where check_settings' keys are shown (the note under the matching input), and the field's
# words its message is put in: storage says what is wrong, the screen says where.
# (Translated where shown, as every word below: the tables are built at import.)
GENERAL_NOTES = {
    "calendar.timezone": ("timezone-note", N_("Time zone")),
    "calendar.week_start": ("week_start-note", N_("Week starts on")),
    "work.hours_per_week": ("hours_per_week-note", N_("Hours per week")),
    "work.days": ("days-note", N_("Working days")),
    "work.start": ("hours-note", N_("Start")),
    "work.end": ("hours-note", N_("End")),
    "work.hours": ("hours-note", N_("Working hours")),
    "job_description": ("share-total", N_("Job description")),
    "export.cancelled_days": ("cancelled_days-note", N_("Cancellations")),
    "interface.language": ("language-note", N_("Language")),
}
CANCELLED_HINT = N_("days a deleted post stays cancelled in .ics files; 0 = never")
# [interface] language as the screen offers it: each language named in itself, and the
# locale's ("" here, None in the settings). France's and Québec's French differ in their
# formats (14:30, 14 h 30) and a few words (e-mail, courriel).
LANGUAGES: tuple[tuple[str, str], ...] = (
    ("", N_("The system's")),
    ("en", "English"),
    ("fr", "Français"),
    ("fr_CA", "Français (Québec)"),
    ("fr_FR", "Français (France)"),
)


# The rows' labels, for the width of their column.
_LABELS = (
    N_("Time zone"),
    N_("Week starts on"),
    N_("Hours per week"),
    N_("Working days"),
    N_("Working hours"),
    N_("Cancellations"),
    N_("Language"),
)


def general_rows(store: Store, settings: Settings) -> Iterator[Horizontal]:
    """A labelled row per general field, its note under the input; the labels' column as
    wide as the longest label and a gap (16 cells at least, English's)."""
    s = settings
    width = max(16, *(len(_(label)) + 2 for label in _LABELS))

    def _row(label: str, key: str, widget: Widget) -> Horizontal:
        return _labelled(label, key, widget, width)

    yield _row(
        _("Time zone"),
        "timezone",
        Input(
            store.zone_name,  # the database's home zone, whatever the file says
            id="timezone",
            placeholder=_("{zone} (the database's; empty = keep it)").format(zone=store.zone_name),
            suggester=ZoneSuggester(),
            compact=True,
        ),
    )
    yield _row(
        _("Week starts on"),
        "week_start",
        Select[int](
            [(wording.weekday_name(i), i) for i in range(7)],
            value=s.week_start,
            allow_blank=False,
            id="week_start",
            compact=True,
        ),
    )
    yield _row(
        _("Hours per week"),
        "hours_per_week",
        Input(
            shown_number(s.hours_per_week),
            id="hours_per_week",
            classes="short",
            compact=True,
        ),
    )
    yield _row(
        _("Working days"),
        "days",
        Horizontal(
            *(
                Checkbox(
                    # Seven fit beside the label in 80 columns: no abbreviation's dot.
                    wording.weekday_name(i, short=True).rstrip("."),
                    i in s.working_days,
                    id=f"day-{i}",
                    compact=True,
                )
                for i in range(7)
            ),
            id="days",
        ),
    )
    yield _row(
        _("Working hours"),
        "hours",
        Horizontal(
            Input(f"{s.work_start:%H:%M}", id="start", classes="short", compact=True),
            Label(_("to"), classes="between"),
            Input(f"{s.work_end:%H:%M}", id="end", classes="short", compact=True),
            id="work-hours",
        ),
    )

    yield _row(
        _("Cancellations"),
        "cancelled_days",
        Input(
            str(stored_cancelled_days(store)),  # the database's, as the zone
            id="cancelled_days",
            classes="short",
            compact=True,
        ),
    )
    yield _row(
        _("Language"),
        "language",
        Select[str](
            [(name if code else _(name), code) for code, name in LANGUAGES],
            value=s.language or "",
            allow_blank=False,
            id="language",
            compact=True,
        ),
    )


def _labelled(label: str, key: str, widget: Widget, width: int) -> Horizontal:
    shown = Label(label, classes="label")
    shown.styles.width = width
    return Horizontal(
        shown,
        Vertical(
            widget, Static("", id=f"{key}-note", classes="note", markup=False), classes="field"
        ),
        classes="general-row",
    )
