"""Every key of the app, named and grouped by view: the footer, help (?), the palette and [keys].

An id is what `[keys]` in the settings file remaps, so one id may name the same action on
several views (`view.previous` on the week, month and summary); each view's list below is its
BINDINGS, in footer order.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingType

# -- app-wide (CalepinApp)

HELP = Binding("question_mark", "help", "Help", id="app.help", tooltip="List every key")
# First in every view's list so the footer shows it first (the app binds HELP too, for dialogs).
VIEW_HELP = Binding("question_mark", "app.help", "Help", id="app.help", tooltip="List every key")
SHOW_WEEK = Binding(
    "w", "show('week')", "Week", id="app.week", show=False, tooltip="Show the week view"
)
SHOW_LOG = Binding("l", "show('log')", "Log", id="app.log", tooltip="Show the time log of the day")
COMMAND_BAR = Binding(
    "i,colon",
    "command_bar",
    "Log time",
    id="app.command_bar",
    show=False,
    tooltip="Log time or start a timer by typing (1h social engage…)",
)
SHOW_SUMMARY = Binding(
    "r",
    "show('summary')",
    "Summary",
    id="app.summary",
    tooltip="Show the time-use summary for your manager",
)
SETTINGS = Binding(
    "comma",
    "settings",
    "Settings",
    id="app.settings",
    show=False,
    tooltip="Edit the settings: hours, working days, duties, platforms",
)
SHOW_MONTH = Binding("m", "show('month')", "Month", id="app.month", tooltip="Show the month view")
SHOW_BACKLOG = Binding(
    "b",
    "show('backlog')",
    "Backlog",
    id="app.backlog",
    tooltip="Show the backlog of undated ideas",
)
UNDO = Binding("u", "undo", "Undo", id="app.undo", tooltip="Undo the last change")
REDO = Binding("ctrl+y", "redo", "Redo", id="app.redo", show=False, tooltip="Redo what was undone")
EXPORT_ICS = Binding(
    "x",
    "export_ics",
    "Export",
    id="app.export",
    show=False,
    tooltip="Export posts to an .ics file for Outlook or Google Calendar",
)
IMPORT_MEETINGS = Binding(
    "X",
    "import_meetings",
    "Import meetings",
    id="app.import",
    show=False,
    tooltip="Import meetings from an Outlook or Google .ics file into the log",
)
QUIT = Binding("q", "quit", "Quit", id="app.quit", show=False, tooltip="Quit Calepin")

# -- the timer, from any view (the log shows these in its footer; the app hides them)

TIMER_BINDINGS: list[BindingType] = [
    *(
        # Named "1 social media" by the screen (TimerActions.name_timer_keys): the duties'
        # fixed order or the settings' [timer] keys, never usage.
        Binding(str(n), f"start_timer({n})", f"Timer on duty {n}", show=False, id=f"timer.duty{n}")
        for n in range(1, 10)
    ),
    Binding("T", "pick_timer", "Start timer", id="timer.pick"),
    Binding("0", "stop_timer", "Stop timer", id="timer.stop"),
    Binding("exclamation_mark", "interruption", "Interruption", id="timer.interruption"),
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
    QUIT,
    *(replace(b, show=False) for b in TIMER_BINDINGS if isinstance(b, Binding)),
]

# -- a post, on the calendars (week, month, backlog)

NEW_POST = Binding("n", "new_post", "New", id="post.new", tooltip="New post on the selected day")
EDIT_POST = Binding(
    "enter,e", "edit_post", "Edit", id="post.edit", tooltip="Edit the selected post"
)
NEXT_STATUS = Binding(
    "s", "next_status", "Status", id="post.status", tooltip="Move the post to its next status"
)
PUBLISH_POST = Binding(
    "p",
    "publish_post",
    "Publish",
    id="post.publish",
    show=False,
    tooltip="Mark the post published (asks for its URL)",
)
COPY_POST = Binding(
    "c",
    "copy_post",
    "Copy",
    id="post.copy",
    show=False,
    tooltip="Copy the post to other platforms (same group)",
)
DELETE_POST = Binding(
    "d",
    "delete_post",
    "Delete",
    id="post.delete",
    tooltip="Delete the post (or skip one date of a series)",
)
FILTER = Binding(
    "slash",
    "filter",
    "Filter",
    id="view.filter",
    tooltip="Filter by platform, status and campaign",
)
CLEAR_FILTER = Binding(
    "escape",
    "clear_filter",
    "Clear filter",
    id="view.clear",
    show=False,
    tooltip="Clear the filter (or go back to the week)",
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
    Binding("left", "cursor(-1, 0)", "Previous day", id="cursor.left", show=False),
    Binding("right", "cursor(1, 0)", "Next day", id="cursor.right", show=False),
    Binding("up", "cursor(0, -1)", "Previous post", id="cursor.up", show=False),
    Binding("down", "cursor(0, 1)", "Next post", id="cursor.down", show=False),
    Binding(
        "left_square_bracket,pageup",
        "week(-1)",
        "Prev",
        id="view.previous",
        tooltip="Show the previous week",
    ),
    Binding(
        "right_square_bracket,pagedown",
        "week(1)",
        "Next",
        id="view.next",
        tooltip="Show the next week",
    ),
    Binding(
        "t", "today", "Today", id="view.today", show=False, tooltip="Go back to this week and today"
    ),
    Binding(
        "g",
        "goto",
        "Go to",
        id="view.goto",
        show=False,
        tooltip="Go to a date you type (tue, 3 dec, next monday…)",
    ),
    Binding(
        "w",
        "work_on_post",
        "Work on",
        id="post.work",
        show=False,
        tooltip="Start a timer on the selected post (its platform's duty)",
    ),
    Binding(
        "shift+left",
        "move(-1, 0)",
        "Day earlier",
        id="post.earlier",
        show=False,
        tooltip="Move the post one day earlier",
    ),
    Binding(
        "shift+right",
        "move(1, 0)",
        "Day later",
        id="post.later",
        show=False,
        tooltip="Move the post one day later",
    ),
    Binding(
        "shift+up",
        "move(0, -1)",
        "Hour earlier",
        id="post.hour_earlier",
        show=False,
        tooltip="Move the post one hour earlier",
    ),
    Binding(
        "shift+down",
        "move(0, 1)",
        "Hour later",
        id="post.hour_later",
        show=False,
        tooltip="Move the post one hour later",
    ),
]

# -- the month view

MONTH_BINDINGS: list[BindingType] = [
    VIEW_HELP,
    Binding("left", "cursor(-1)", "Previous day", id="cursor.left", show=False),
    Binding("right", "cursor(1)", "Next day", id="cursor.right", show=False),
    Binding("up", "cursor(-7)", "Week before", id="cursor.up", show=False),
    Binding("down", "cursor(7)", "Week after", id="cursor.down", show=False),
    Binding(
        "left_square_bracket,pageup",
        "month(-1)",
        "Prev",
        id="view.previous",
        tooltip="Show the previous month",
    ),
    Binding(
        "right_square_bracket,pagedown",
        "month(1)",
        "Next",
        id="view.next",
        tooltip="Show the next month",
    ),
    Binding(
        "enter",
        "open_week",
        "Open week",
        id="month.open",
        tooltip="Open the week of the selected day",
    ),
    Binding("t", "today", "Today", id="view.today", tooltip="Go back to today"),
    Binding("g", "goto", "Go to", id="view.goto", show=False, tooltip="Go to a date you type"),
    NEW_POST,
    FILTER,
    Binding(
        "escape",
        "clear_filter",
        "Back",
        id="view.clear",
        show=False,
        tooltip="Clear the filter, or go back to the week",
    ),
]

# -- the backlog

BACKLOG_BINDINGS: list[BindingType] = [
    VIEW_HELP,
    *POST_BINDINGS,
    Binding("up", "cursor(-1)", "Previous", id="cursor.up", show=False),
    Binding("down", "cursor(1)", "Next", id="cursor.down", show=False),
    Binding("home", "cursor(-100000)", "First", id="backlog.home", show=False),
    Binding("end", "cursor(100000)", "Last", id="backlog.end", show=False),
    Binding("pageup", "cursor(-10)", "Page up", id="backlog.pageup", show=False),
    Binding("pagedown", "cursor(10)", "Page down", id="backlog.pagedown", show=False),
    Binding(
        "g",
        "schedule",
        "Schedule",
        id="backlog.schedule",
        tooltip="Give the idea a date: it goes on the calendar",
    ),
]

# -- the time log (its own undo, redo and command bar, shown in its footer)

LOG_BINDINGS: list[BindingType] = [
    # First, so the footer starts with keys 1–9 and their duties (named by the screen).
    *TIMER_BINDINGS,
    Binding("left_square_bracket", "move_day(-1)", "Day before", id="log.previous"),
    Binding("right_square_bracket", "move_day(1)", "Day after", id="log.next"),
    Binding("t", "today", "Today", id="log.today"),
    Binding("n", "new_entry", "New entry", id="log.new"),
    Binding("e", "edit_entry", "Edit", id="log.edit"),
    Binding("s", "split_entry", "Split", id="log.split"),
    Binding("d", "delete_entry", "Delete", id="log.delete"),
    Binding("u", "undo", "Undo", id="app.undo"),
    Binding("ctrl+y", "redo", "Redo", id="app.redo"),
    Binding("i,colon", "command_bar", "Log time", id="app.command_bar"),
]

# The log's command bar, while typing in it.
COMMAND_BAR_BINDINGS: list[BindingType] = [
    Binding(
        "up",
        "history(-1)",
        "Earlier line",
        id="bar.earlier",
        show=False,
        tooltip="Bring back the line typed before",
    ),
    Binding(
        "down",
        "history(1)",
        "Later line",
        id="bar.later",
        show=False,
        tooltip="Bring back the line typed after",
    ),
    Binding(
        "escape",
        "leave",
        "Leave the bar",
        id="bar.leave",
        show=False,
        tooltip="Leave the command bar (the typed line stays)",
    ),
]

# -- the summary

SUMMARY_BINDINGS: list[BindingType] = [
    VIEW_HELP,
    Binding(
        "left_square_bracket,left",
        "shift(-1)",
        "Prev",
        id="view.previous",
        tooltip="Show the period before",
    ),
    Binding(
        "right_square_bracket,right",
        "shift(1)",
        "Next",
        id="view.next",
        tooltip="Show the period after",
    ),
    # The summary is a page longer than a small terminal: these keys read on down it.
    Binding("down", "scroll_body('down')", "Scroll down", id="summary.down", show=False),
    Binding("up", "scroll_body('up')", "Scroll up", id="summary.up", show=False),
    Binding(
        "pagedown,space", "scroll_body('page_down')", "Page down", id="summary.pagedown", show=False
    ),
    Binding("pageup", "scroll_body('page_up')", "Page up", id="summary.pageup", show=False),
    Binding("home", "scroll_body('home')", "Top", id="summary.home", show=False),
    Binding("end", "scroll_body('end')", "Bottom", id="summary.end", show=False),
    Binding("w", "period('week')", "Week", id="summary.week", tooltip="Summarise a week"),
    Binding("m", "period('month')", "Month", id="summary.month", tooltip="Summarise a month"),
    Binding(
        "q", "period('quarter')", "Quarter", id="summary.quarter", tooltip="Summarise a quarter"
    ),
    Binding("y", "period('year')", "Year", id="summary.year", tooltip="Summarise a year"),
    Binding("t", "today", "Today", id="view.today", tooltip="Go back to the current period"),
    Binding(
        "e",
        "export",
        "Export",
        id="summary.export",
        tooltip="Write the report for this period (Markdown, HTML, CSV or JSON)",
    ),
    Binding(
        "o",
        "mark_off",
        "Day off",
        id="summary.off",
        tooltip="Mark a day or a range of days off: they carry no contracted time",
    ),
    Binding(
        "f",
        "enter_outcomes",
        "Outcomes",
        id="summary.outcomes",
        tooltip="Enter a platform's figures for a month: reach, engagement, followers, messages",
    ),
    Binding(
        "escape",
        "back",
        "Back",
        id="view.back",
        show=False,
        tooltip="Go back to the week view",
    ),
]

# -- the settings screen and its duty and platform lists

SETTINGS_BINDINGS: list[BindingType] = [
    Binding("ctrl+s", "save", "Save", id="settings.save", tooltip="Check and save the settings"),
    Binding(
        "escape",
        "cancel",
        "Cancel",
        id="settings.cancel",
        tooltip="Leave without saving (asks first when something changed)",
    ),
]

ITEM_LIST_BINDINGS: list[BindingType] = [
    Binding("e", "select", "Edit", id="settings.edit", tooltip="Edit the highlighted item"),
    Binding("a", "add", "Add", id="settings.add", tooltip="Add a duty or platform"),
    Binding(
        "d,delete",
        "remove",
        "Remove/restore",
        id="settings.remove",
        tooltip="Remove the highlighted item on save (again to keep it), or restore it",
    ),
]

# -- the help screen

HELP_SCREEN_BINDINGS: list[BindingType] = [
    Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
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
    ("app.week", "show('week')"): "Week view",
    ("app.log", "show('log')"): "Time log",
    ("app.month", "show('month')"): "Month view",
    ("app.export", "export_ics"): "Export to calendar (.ics)",
    ("app.import", "import_meetings"): "Import meetings (.ics)",
    ("post.new", "new_post"): "New post",
    ("post.edit", "edit_post"): "Edit post",
    ("post.status", "next_status"): "Next status",
    ("post.publish", "publish_post"): "Publish post",
    ("post.copy", "copy_post"): "Copy to other platforms",
    ("post.delete", "delete_post"): "Delete post",
    ("post.work", "work_on_post"): "Work on post (timer)",
    ("post.earlier", "move(-1, 0)"): "Move a day earlier",
    ("post.later", "move(1, 0)"): "Move a day later",
    ("post.hour_earlier", "move(0, -1)"): "Move an hour earlier",
    ("post.hour_later", "move(0, 1)"): "Move an hour later",
    ("view.previous", "week(-1)"): "Previous week",
    ("view.next", "week(1)"): "Next week",
    ("view.previous", "month(-1)"): "Previous month",
    ("view.next", "month(1)"): "Next month",
    ("view.previous", "shift(-1)"): "Previous period",
    ("view.next", "shift(1)"): "Next period",
    ("view.goto", "goto"): "Go to a date",
    ("view.clear", "clear_filter"): "Clear filter",
    ("view.back", "back"): "Back to the week",
    ("cursor.up", "cursor(-1)"): "Previous idea",
    ("cursor.down", "cursor(1)"): "Next idea",
    ("backlog.home", "cursor(-100000)"): "First idea",
    ("backlog.end", "cursor(100000)"): "Last idea",
    ("backlog.schedule", "schedule"): "Schedule idea",
    ("log.previous", "move_day(-1)"): "Day before",
    ("log.next", "move_day(1)"): "Day after",
    ("log.edit", "edit_entry"): "Edit entry",
    ("log.split", "split_entry"): "Split entry",
    ("log.delete", "delete_entry"): "Delete entry",
    ("summary.week", "period('week')"): "Week summary",
    ("summary.month", "period('month')"): "Month summary",
    ("summary.quarter", "period('quarter')"): "Quarter summary",
    ("summary.year", "period('year')"): "Year summary",
    ("summary.export", "export"): "Export report",
    ("summary.outcomes", "enter_outcomes"): "Enter outcomes (reach, engagement …)",
    ("settings.save", "save"): "Save settings",
    ("settings.cancel", "cancel"): "Cancel settings",
    ("settings.edit", "select"): "Edit item",
    ("settings.add", "add"): "Add item",
    ("help.close", "dismiss"): "Close help",
}


def palette_name(binding: Binding) -> str:
    """The plain name the palette lists `binding`'s action under ("" for none).

    Keys 1–9 are named by the duty they start ("Start the timer on events"): the screen
    renames those bindings when the duties change.
    """
    if (binding.id or "").startswith("timer.duty"):
        return binding.tooltip or binding.description
    return PALETTE_NAMES.get((binding.id or "", binding.action), binding.description)


def binding_ids() -> set[str]:
    """Every binding id a [keys] section may remap."""
    return {
        binding.id
        for bindings in ALL_BINDINGS
        for binding in bindings
        if isinstance(binding, Binding) and binding.id
    }
