"""click's own words, and the capital words of our metavars, marked for the catalogue.

click looks its messages up through gettext at run time (`tui.cli.translated.speak_for_click`
points that at storage.i18n), but they live in click's source, which our extraction does not
read: they are listed here so that `catalogue check` sees each one translated. Only the ones
a person can meet are listed (not those for a programmer's mistake). Nothing here runs: the
module is read by the extraction, never imported.
"""

from storage.i18n import N_, ngettext

CLICK_WORDS = (
    # help pages
    N_("Usage:"),
    # TRANSLATORS: a heading; click writes its colon right after it (French: "Options :").
    N_("Options"),
    # TRANSLATORS: a heading; click writes its colon right after it.
    N_("Commands"),
    # TRANSLATORS: a heading; click writes its colon right after it.
    N_("Positional arguments"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("env var: {var}"),
    N_("default: {default}"),
    N_("(dynamic)"),
    N_("deprecated"),
    N_("required"),
    # errors
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Aborted!"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("No such option {name!r}."),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing {param_type}"),
    N_("Missing parameter: {param_name}"),
    N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Option {name!r} does not take a value."),
    N_("Argument {name!r} takes {nargs} values."),
    N_("Value must be an iterable."),
    N_("unknown error"),
    N_("Could not open file {filename!r}: {message}"),
    N_("Error: invalid input"),
    N_("Error: The two entered values do not match."),
    N_("Repeat for confirmation"),
    N_("Press any key to continue..."),
    N_("Do you want to continue?"),
    N_("Confirm the action without prompting."),
    # types
    N_("Choose from:\n\t{choices}"),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("{value!r} is not a valid boolean. Recognized values: {states}"),
    N_("{value!r} is not a valid UUID."),
    N_("file"),
    N_("directory"),
    N_("path"),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."),
    N_("{name} {filename!r} is not executable."),
    N_("{editor}: Editing failed"),
    N_("{editor}: Editing failed: {e}"),
)

# The capital words of metavars and usage lines, each translated on its own
# (tui.cli.translated.metavar): `[DAY]`, `ID|DAY`, `DUTY [ACTIVITY] [NOTE]...`, `YYYY-MM`.
METAVAR_WORDS = (
    N_("[OPTIONS]"),
    N_("COMMAND"),
    N_("ARGS"),
    N_("TEXT"),
    N_("INTEGER"),
    N_("RANGE"),
    N_("FILE"),
    N_("FILENAME"),
    N_("DIRECTORY"),
    N_("PATH"),
    N_("WORDS"),
    N_("TITLE"),
    N_("NAME"),
    N_("ID"),
    N_("DAY"),
    N_("DAYS"),
    N_("REASON"),
    N_("TIME"),
    N_("WHEN"),
    N_("DURATION"),
    N_("RULE"),
    N_("DUTY"),
    N_("ACTIVITY"),
    N_("NOTE"),
    N_("STATUS"),
    N_("PLATFORM"),
    N_("MONTH"),
    N_("YYYY"),
    N_("MM"),
    N_("N"),
)


def _plurals(count: int) -> None:  # never called: marks click's plural messages
    ngettext(
        "Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", count
    )
    ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", count)
    ngettext(
        "Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given.", count
    )
    ngettext(
        "Option {name!r} requires an argument.",
        "Option {name!r} requires {nargs} arguments.",
        count,
    )
    ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", count)
    ngettext(
        "{value!r} does not match the format {format}.",
        "{value!r} does not match the formats {formats}.",
        count,
    )
    ngettext(
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
        count,
    )
