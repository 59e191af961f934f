"""Every key of the app, named and grouped by view: the footer, help (?), the palette and [keys].

An id is what `[keys]` in the settings file remaps, so one id may name the same action on
several views (`view.previous` on the week, month and summary); each view's list below is its
BINDINGS, in footer order.

Descriptions, tooltips and palette names are English, marked with `N_`: the bindings are built
at import, so whoever shows one translates it then (`description`, `tooltip`, `palette_name`).

The module stays whole, a table longer than most modules: every key of the app in one place is
what a person remapping keys reads through, and what the footer, help and palette read.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingType

from storage.i18n import N_, _

# -- app-wide (CalepinApp)

HELP = Binding("question_mark", "help", N_("Help"), id="app.help", tooltip=N_("List every key"))
# First in every view's list so the footer shows it first (the app binds HELP too, for dialogs).
VIEW_HELP = Binding(
    "question_mark", "app.help", N_("Help"), id="app.help", tooltip=N_("List every key")
)
SHOW_WEEK = Binding(
    "w", "show('week')", N_("Week"), id="app.week", show=False, tooltip=N_("Show the week view")
)
SHOW_LOG = Binding(
    "l", "show('log')", N_("Log"), id="app.log", tooltip=N_("Show the time log of the day")
)
COMMAND_BAR = Binding(
    "i,colon",
    "command_bar",
    N_("Log time"),
    id="app.command_bar",
    show=False,
    tooltip=N_("Log time or start a timer by typing (1h social engage…)"),
)
SHOW_SUMMARY = Binding(
    "r",
    "show('summary')",
    N_("Summary"),
    id="app.summary",
    tooltip=N_("Show the time-use summary for your manager"),
)
SETTINGS = Binding(
    "comma",
    "settings",
    N_("Settings"),
    id="app.settings",
    show=False,
    tooltip=N_("Edit the settings: hours, working days, duties, platforms"),
)
SHOW_MONTH = Binding(
    "m", "show('month')", N_("Month"), id="app.month", tooltip=N_("Show the month view")
)
SHOW_BACKLOG = Binding(
    "b",
    "show('backlog')",
    N_("Backlog"),
    id="app.backlog",
    tooltip=N_("Show the backlog of undated ideas"),
)
UNDO = Binding("u", "undo", N_("Undo"), id="app.undo", tooltip=N_("Undo the last change"))
REDO = Binding(
    "ctrl+y", "redo", N_("Redo"), id="app.redo", show=False, tooltip=N_("Redo what was undone")
)
EXPORT_ICS = Binding(
    "x",
    "export_ics",
    N_("Export"),
    id="app.export",
    show=False,
    tooltip=N_("Export posts to an .ics file for Outlook or Google Calendar"),
)
IMPORT_MEETINGS = Binding(
    "X",
    "import_meetings",
    N_("Import meetings"),
    id="app.import",
    show=False,
    tooltip=N_("Import meetings from an Outlook or Google .ics file into the log"),
)
SYNC = Binding(
    "S",
    "sync",
    N_("Sync"),
    id="app.sync",
    show=False,
    tooltip=N_("Sync the posts with the shared calendar ([sync] in the settings file)"),
)
QUIT = Binding("q", "quit", N_("Quit"), id="app.quit", show=False, tooltip=N_("Quit Calepin"))

# -- the timer, from any view (the log shows these in its footer; the app hides them)

TIMER_BINDINGS: list[BindingType] = [
    *(
        # Named "1 social media" by the screen (TimerActions.name_timer_keys): the duties'
        # fixed order or the settings' [timer] keys, never usage.
        Binding(str(n), f"start_timer({n})", f"Timer on duty {n}", show=False, id=f"timer.duty{n}")
        for n in range(1, 10)
    ),
    Binding("T", "pick_timer", N_("Start timer"), id="timer.pick"),
    Binding("0", "stop_timer", N_("Stop timer"), id="timer.stop"),
    Binding("exclamation_mark", "interruption", N_("Interruption"), id="timer.interruption"),
]

APP_BINDINGS: list[BindingType] = [
    HELP,
    SHOW_WEEK,
    SHOW_LOG,
    COMMAND_BAR,
    SHOW_SUMMARY,
    SETTINGS,
    SHOW_MONTH,
    SHOW_BACKLOG,
    UNDO,
    REDO,
    EXPORT_ICS,
    IMPORT_MEETINGS,
    SYNC,
    QUIT,
    *(replace(b, show=False) for b in TIMER_BINDINGS if isinstance(b, Binding)),
]

# -- a post, on the calendars (week, month, backlog)

NEW_POST = Binding(
    "n", "new_post", N_("New"), id="post.new", tooltip=N_("New post on the selected day")
)
EDIT_POST = Binding(
    "enter,e", "edit_post", N_("Edit"), id="post.edit", tooltip=N_("Edit the selected post")
)
NEXT_STATUS = Binding(
    "s",
    "next_status",
    N_("Status"),
    id="post.status",
    tooltip=N_("Move the post to its next status"),
)
PUBLISH_POST = Binding(
    "p",
    "publish_post",
    N_("Publish"),
    id="post.publish",
    show=False,
    tooltip=N_("Mark the post published (asks for its URL)"),
)
COPY_POST = Binding(
    "c",
    "copy_post",
    N_("Copy"),
    id="post.copy",
    show=False,
    tooltip=N_("Copy the post to other platforms (same group)"),
)
DELETE_POST = Binding(
    "d",
    "delete_post",
    N_("Delete"),
    id="post.delete",
    tooltip=N_("Delete the post (or skip one date of a series)"),
)
FILTER = Binding(
    "slash",
    "filter",
    N_("Filter"),
    id="view.filter",
    tooltip=N_("Filter by platform, status and campaign"),
)
CLEAR_FILTER = Binding(
    "escape",
    "clear_filter",
    N_("Clear filter"),
    id="view.clear",
    show=False,
    tooltip=N_("Clear the filter (or go back to the week)"),
)

POST_BINDINGS: list[BindingType] = [
    NEW_POST,
    EDIT_POST,
    NEXT_STATUS,
    PUBLISH_POST,
    COPY_POST,
    DELETE_POST,
    FILTER,
    CLEAR_FILTER,
]

# -- the week view

WEEK_BINDINGS: list[BindingType] = [
    VIEW_HELP,
    *POST_BINDINGS,
    Binding("left", "cursor(-1, 0)", N_("Previous day"), id="cursor.left", show=False),
    Binding("right", "cursor(1, 0)", N_("Next day"), id="cursor.right", show=False),
    Binding("up", "cursor(0, -1)", N_("Previous post"), id="cursor.up", show=False),
    Binding("down", "cursor(0, 1)", N_("Next post"), id="cursor.down", show=False),
    Binding(
        "left_square_bracket,pageup",
        "week(-1)",
        N_("Prev"),
        id="view.previous",
        tooltip=N_("Show the previous week"),
    ),
    Binding(
        "right_square_bracket,pagedown",
        "week(1)",
        N_("Next"),
        id="view.next",
        tooltip=N_("Show the next week"),
    ),
    Binding(
        "t",
        "today",
        N_("Today"),
        id="view.today",
        show=False,
        tooltip=N_("Go back to this week and today"),
    ),
    Binding(
        "g",
        "goto",
        N_("Go to"),
        id="view.goto",
        show=False,
        tooltip=N_("Go to a date you type (tue, 3 dec, next monday…)"),
    ),
    Binding(
        "w",
        "work_on_post",
        N_("Work on"),
        id="post.work",
        show=False,
        tooltip=N_("Start a timer on the selected post (its platform's duty)"),
    ),
    Binding(
        "shift+left",
        "move(-1, 0)",
        N_("Day earlier"),
        id="post.earlier",
        show=False,
        tooltip=N_("Move the post one day earlier"),
    ),
    Binding(
        "shift+right",
        "move(1, 0)",
        N_("Day later"),
        id="post.later",
        show=False,
        tooltip=N_("Move the post one day later"),
    ),
    Binding(
        "shift+up",
        "move(0, -1)",
        N_("Hour earlier"),
        id="post.hour_earlier",
        show=False,
        tooltip=N_("Move the post one hour earlier"),
    ),
    Binding(
        "shift+down",
        "move(0, 1)",
        N_("Hour later"),
        id="post.hour_later",
        show=False,
        tooltip=N_("Move the post one hour later"),
    ),
]

# -- the month view

MONTH_BINDINGS: list[BindingType] = [
    VIEW_HELP,
    Binding("left", "cursor(-1)", N_("Previous day"), id="cursor.left", show=False),
    Binding("right", "cursor(1)", N_("Next day"), id="cursor.right", show=False),
    Binding("up", "cursor(-7)", N_("Week before"), id="cursor.up", show=False),
    Binding("down", "cursor(7)", N_("Week after"), id="cursor.down", show=False),
    Binding(
        "left_square_bracket,pageup",
        "month(-1)",
        N_("Prev"),
        id="view.previous",
        tooltip=N_("Show the previous month"),
    ),
    Binding(
        "right_square_bracket,pagedown",
        "month(1)",
        N_("Next"),
        id="view.next",
        tooltip=N_("Show the next month"),
    ),
    Binding(
        "enter",
        "open_week",
        N_("Open week"),
        id="month.open",
        tooltip=N_("Open the week of the selected day"),
    ),
    Binding("t", "today", N_("Today"), id="view.today", tooltip=N_("Go back to today")),
    Binding(
        "g", "goto", N_("Go to"), id="view.goto", show=False, tooltip=N_("Go to a date you type")
    ),
    NEW_POST,
    FILTER,
    Binding(
        "escape",
        "clear_filter",
        N_("Back"),
        id="view.clear",
        show=False,
        tooltip=N_("Clear the filter, or go back to the week"),
    ),
]

# -- the backlog

BACKLOG_BINDINGS: list[BindingType] = [
    VIEW_HELP,
    *POST_BINDINGS,
    Binding("up", "cursor(-1)", N_("Previous"), id="cursor.up", show=False),
    Binding("down", "cursor(1)", N_("Next"), id="cursor.down", show=False),
    Binding("home", "cursor(-100000)", N_("First"), id="backlog.home", show=False),
    Binding("end", "cursor(100000)", N_("Last"), id="backlog.end", show=False),
    Binding("pageup", "cursor(-10)", N_("Page up"), id="backlog.pageup", show=False),
    Binding("pagedown", "cursor(10)", N_("Page down"), id="backlog.pagedown", show=False),
    Binding(
        "g",
        "schedule",
        N_("Schedule"),
        id="backlog.schedule",
        tooltip=N_("Give the idea a date: it goes on the calendar"),
    ),
]

# -- the time log (its own undo, redo and command bar, shown in its footer)

LOG_BINDINGS: list[BindingType] = [
    # First, so the footer starts with keys 1–9 and their duties (named by the screen).
    *TIMER_BINDINGS,
    Binding("left_square_bracket", "move_day(-1)", N_("Day before"), id="log.previous"),
    Binding("right_square_bracket", "move_day(1)", N_("Day after"), id="log.next"),
    Binding("t", "today", N_("Today"), id="log.today"),
    Binding("n", "new_entry", N_("New entry"), id="log.new"),
    Binding("e", "edit_entry", N_("Edit"), id="log.edit"),
    Binding("s", "split_entry", N_("Split"), id="log.split"),
    Binding("d", "delete_entry", N_("Delete"), id="log.delete"),
    Binding("u", "undo", N_("Undo"), id="app.undo"),
    Binding("ctrl+y", "redo", N_("Redo"), id="app.redo"),
    Binding("i,colon", "command_bar", N_("Log time"), id="app.command_bar"),
]

# The log's command bar, while typing in it.
COMMAND_BAR_BINDINGS: list[BindingType] = [
    Binding(
        "up",
        "history(-1)",
        N_("Earlier line"),
        id="bar.earlier",
        show=False,
        tooltip=N_("Bring back the line typed before"),
    ),
    Binding(
        "down",
        "history(1)",
        N_("Later line"),
        id="bar.later",
        show=False,
        tooltip=N_("Bring back the line typed after"),
    ),
    Binding(
        "escape",
        "leave",
        N_("Leave the bar"),
        id="bar.leave",
        show=False,
        tooltip=N_("Leave the command bar (the typed line stays)"),
    ),
]

# -- the summary

SUMMARY_BINDINGS: list[BindingType] = [
    VIEW_HELP,
    Binding(
        "left_square_bracket,left",
        "shift(-1)",
        N_("Prev"),
        id="view.previous",
        tooltip=N_("Show the period before"),
    ),
    Binding(
        "right_square_bracket,right",
        "shift(1)",
        N_("Next"),
        id="view.next",
        tooltip=N_("Show the period after"),
    ),
    # The summary is a page longer than a small terminal: these keys read on down it.
    Binding("down", "scroll_body('down')", N_("Scroll down"), id="summary.down", show=False),
    Binding("up", "scroll_body('up')", N_("Scroll up"), id="summary.up", show=False),
    Binding(
        "pagedown,space",
        "scroll_body('page_down')",
        N_("Page down"),
        id="summary.pagedown",
        show=False,
    ),
    Binding("pageup", "scroll_body('page_up')", N_("Page up"), id="summary.pageup", show=False),
    Binding("home", "scroll_body('home')", N_("Top"), id="summary.home", show=False),
    Binding("end", "scroll_body('end')", N_("Bottom"), id="summary.end", show=False),
    Binding("w", "period('week')", N_("Week"), id="summary.week", tooltip=N_("Summarise a week")),
    Binding(
        "m", "period('month')", N_("Month"), id="summary.month", tooltip=N_("Summarise a month")
    ),
    Binding(
        "q",
        "period('quarter')",
        N_("Quarter"),
        id="summary.quarter",
        tooltip=N_("Summarise a quarter"),
    ),
    Binding("y", "period('year')", N_("Year"), id="summary.year", tooltip=N_("Summarise a year")),
    Binding(
        "t", "today", N_("Today"), id="view.today", tooltip=N_("Go back to the current period")
    ),
    Binding(
        "e",
        "export",
        N_("Export"),
        id="summary.export",
        tooltip=N_("Write the report for this period (Markdown, HTML, CSV or JSON)"),
    ),
    Binding(
        "o",
        "mark_off",
        N_("Day off"),
        id="summary.off",
        tooltip=N_("Mark a day or a range of days off: they carry no contracted time"),
    ),
    Binding(
        "f",
        "enter_outcomes",
        N_("Outcomes"),
        id="summary.outcomes",
        tooltip=N_(
            "Enter a platform's figures for a month: reach, engagement, followers, messages"
        ),
    ),
    Binding(
        "escape",
        "back",
        N_("Back"),
        id="view.back",
        show=False,
        tooltip=N_("Go back to the week view"),
    ),
]

# -- the settings screen and its duty and platform lists

SETTINGS_BINDINGS: list[BindingType] = [
    Binding(
        "ctrl+s", "save", N_("Save"), id="settings.save", tooltip=N_("Check and save the settings")
    ),
    Binding(
        "escape",
        "cancel",
        N_("Cancel"),
        id="settings.cancel",
        tooltip=N_("Leave without saving (asks first when something changed)"),
    ),
]

ITEM_LIST_BINDINGS: list[BindingType] = [
    Binding("e", "select", N_("Edit"), id="settings.edit", tooltip=N_("Edit the highlighted item")),
    Binding("a", "add", N_("Add"), id="settings.add", tooltip=N_("Add a duty or platform")),
    Binding(
        "d,delete",
        "remove",
        N_("Remove/restore"),
        id="settings.remove",
        tooltip=N_("Remove the highlighted item on save (again to keep it), or restore it"),
    ),
]

# -- the help screen

HELP_SCREEN_BINDINGS: list[BindingType] = [
    Binding("escape,q,question_mark", "dismiss", N_("Close"), id="help.close"),
]

# Every list above: what a [keys] section may remap is the ids found here.
ALL_BINDINGS: tuple[list[BindingType], ...] = (
    APP_BINDINGS,
    WEEK_BINDINGS,
    MONTH_BINDINGS,
    BACKLOG_BINDINGS,
    LOG_BINDINGS,
    COMMAND_BAR_BINDINGS,
    SUMMARY_BINDINGS,
    SETTINGS_BINDINGS,
    ITEM_LIST_BINDINGS,
    HELP_SCREEN_BINDINGS,
)


# -- the command palette (ctrl+p): each action under a plain name a person would search for

# By (id, action): the footer's label where it is too short to be found on its own ("Prev",
# "Edit"), or where two views' actions would share it (the app's "Week" view and the
# summary's week). Any other binding goes by its footer label ("Summary", "Undo", "Backlog").
PALETTE_NAMES: dict[tuple[str, str], str] = {
    ("app.week", "show('week')"): N_("Week view"),
    ("app.log", "show('log')"): N_("Time log"),
    ("app.month", "show('month')"): N_("Month view"),
    ("app.export", "export_ics"): N_("Export to calendar (.ics)"),
    ("app.import", "import_meetings"): N_("Import meetings (.ics)"),
    ("post.new", "new_post"): N_("New post"),
    ("post.edit", "edit_post"): N_("Edit post"),
    ("post.status", "next_status"): N_("Next status"),
    ("post.publish", "publish_post"): N_("Publish post"),
    ("post.copy", "copy_post"): N_("Copy to other platforms"),
    ("post.delete", "delete_post"): N_("Delete post"),
    ("post.work", "work_on_post"): N_("Work on post (timer)"),
    ("post.earlier", "move(-1, 0)"): N_("Move a day earlier"),
    ("post.later", "move(1, 0)"): N_("Move a day later"),
    ("post.hour_earlier", "move(0, -1)"): N_("Move an hour earlier"),
    ("post.hour_later", "move(0, 1)"): N_("Move an hour later"),
    ("view.previous", "week(-1)"): N_("Previous week"),
    ("view.next", "week(1)"): N_("Next week"),
    ("view.previous", "month(-1)"): N_("Previous month"),
    ("view.next", "month(1)"): N_("Next month"),
    ("view.previous", "shift(-1)"): N_("Previous period"),
    ("view.next", "shift(1)"): N_("Next period"),
    ("view.goto", "goto"): N_("Go to a date"),
    ("view.clear", "clear_filter"): N_("Clear filter"),
    ("view.back", "back"): N_("Back to the week"),
    ("cursor.up", "cursor(-1)"): N_("Previous idea"),
    ("cursor.down", "cursor(1)"): N_("Next idea"),
    ("backlog.home", "cursor(-100000)"): N_("First idea"),
    ("backlog.end", "cursor(100000)"): N_("Last idea"),
    ("backlog.schedule", "schedule"): N_("Schedule idea"),
    ("log.previous", "move_day(-1)"): N_("Day before"),
    ("log.next", "move_day(1)"): N_("Day after"),
    ("log.edit", "edit_entry"): N_("Edit entry"),
    ("log.split", "split_entry"): N_("Split entry"),
    ("log.delete", "delete_entry"): N_("Delete entry"),
    ("summary.week", "period('week')"): N_("Week summary"),
    ("summary.month", "period('month')"): N_("Month summary"),
    ("summary.quarter", "period('quarter')"): N_("Quarter summary"),
    ("summary.year", "period('year')"): N_("Year summary"),
    ("summary.export", "export"): N_("Export report"),
    ("summary.outcomes", "enter_outcomes"): N_("Enter outcomes (reach, engagement …)"),
    ("settings.save", "save"): N_("Save settings"),
    ("settings.cancel", "cancel"): N_("Cancel settings"),
    ("settings.edit", "select"): N_("Edit item"),
    ("settings.add", "add"): N_("Add item"),
    ("help.close", "dismiss"): N_("Close help"),
}


def palette_name(binding: Binding) -> str:
    """The plain name the palette lists `binding`'s action under ("" for none), in the
    language in use.

    Keys 1–9 are named by the duty they start ("Start the timer on events"): the screen
    renames those bindings when the duties change, in the language in use.
    """
    if _named_by_screen(binding):
        return binding.tooltip or binding.description
    return _words(PALETTE_NAMES.get((binding.id or "", binding.action), binding.description))


def description(binding: Binding) -> str:
    """`binding`'s footer word in the language in use (a duty's name on keys 1–9, as typed)."""
    if _named_by_screen(binding):
        return binding.description
    return _words(binding.description)


def tooltip(binding: Binding) -> str:
    """`binding`'s help line in the language in use ("" for none)."""
    if _named_by_screen(binding) or not isinstance(binding.tooltip, str):
        return binding.tooltip  # the screen's words, around a duty's name: never translated
    return _words(binding.tooltip)


def _named_by_screen(binding: Binding) -> bool:
    return (binding.id or "").startswith("timer.duty")


def _words(text: str) -> str:
    # gettext("") is the catalogue's header, not a word.
    return _(text) if text else text


# Textual's own words where Calepin shows them (the palette key in the footer, the palette's
# system commands and its search box), translated where shown like the bindings'.
TEXTUAL_WORDS: frozenset[str] = frozenset(
    {
        N_("palette"),
        N_("Open the command palette"),
        N_("Search for commands…"),
        N_("Theme"),
        N_("Change the current theme"),
        N_("Quit"),
        N_("Quit the application as soon as possible"),
        N_("Keys"),
        N_("Show help for the focused widget and a summary of available keys"),
        N_("Hide the keys and widget help panel"),
        N_("Minimize"),
        N_("Minimize the widget and restore to normal size"),
        N_("Maximize"),
        N_("Maximize the focused widget"),
        N_("Screenshot"),
        N_("Save an SVG 'screenshot' of the current screen"),
    }
)


def textual_words(text: str) -> str:
    """One of Textual's own words (TEXTUAL_WORDS) in the language in use; other text as is."""
    return _(text) if text in TEXTUAL_WORDS else text


def binding_ids() -> set[str]:
    """Every binding id a [keys] section may remap."""
    return {
        binding.id
        for bindings in ALL_BINDINGS
        for binding in bindings
        if isinstance(binding, Binding) and binding.id
    }
