"""The `calepin` group: global options, the shared `Env`, error handling, launching the TUI."""

from __future__ import annotations

import datetime as dt
import gc
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from storage.errors import CalepinError, ConfirmationNeeded
from storage.i18n import N_, _
from tui.cli.translated import Group, speak_for_click

speak_for_click()  # click's own words ("Usage:", "Error: …") in the language in use

# The store and the settings load inside `main`, while start-up is not collected; pathlib
# only where a Path is handed out (the quick commands never load it).
if TYPE_CHECKING:
    from pathlib import Path

    from storage import Store
    from storage.settings import Settings

# Sub-commands that live in modules imported only when invoked ("name": "module:attr").
LAZY_COMMANDS = {
    "log": "tui.cli.hours:log",
    "timer": "tui.cli.hours:timer",
    "entries": "tui.cli.hours:entries",
    "entry": "tui.cli.hours:entry",
    "post": "tui.cli.posts:post",
    "platforms": "tui.cli.catalog:platforms",
    "duties": "tui.cli.catalog:duties",
    "campaigns": "tui.cli.catalog:campaigns",
    "export": "tui.cli.io:export",
    "import": "tui.cli.io:import_",
    "demo": "tui.cli.io:demo",
    "backup": "tui.cli.io:backup",
    "check": "tui.cli.io:check",
    "report": "tui.cli.report:report",
    "config": "tui.cli.config:config",
    "search": "tui.cli.search:search",
    "off": "tui.cli.off:off",
    "outcome": "tui.cli.outcomes:outcome",
    "sync": "tui.cli.sync:sync",
}


# ---------------------------------------------------------------- the shared context

F = TypeVar("F", bound=Callable[..., Any])


def read_only(func: F) -> F:
    """Declares a command that only reads: on a database file that does not exist it says so
    and creates nothing (`Env.store` decides). Put it just above the command's `def`."""
    func.calepin_read_only = True  # type: ignore[attr-defined]
    return func


def _reading_only() -> bool:
    """Whether the command running now was declared with `read_only`."""
    ctx = click.get_current_context(silent=True)
    return ctx is not None and getattr(ctx.command.callback, "calepin_read_only", False)


def missing_database(path: str | Path) -> str:
    """What a read-only command says about a database file that does not exist."""
    return _(
        "no database at {path}; the first command that saves something (calepin log …, "
        "calepin post add …) or `calepin` itself creates it; use --db PATH or CALEPIN_DB "
        "to pick another file"
    ).format(path=path)


def default_db_path() -> Path:
    """The user's database: in the platformdirs data folder (`storage.user_dirs`)."""
    from pathlib import Path

    return Path(default_db_file())


def default_db_file() -> str:
    """`default_db_path()` as text: the quick commands never load pathlib (9 % of them)."""
    from storage.user_dirs import user_data_dir

    return os.path.join(user_data_dir(), "calepin.db")


class Env:
    """What every command shares: the database path, the store (opened on first use), now."""

    def __init__(
        self,
        db_path: str | os.PathLike[str] | None,
        *,
        demo: bool = False,
        now_text: str | None = None,
    ):
        self._db_file = os.fspath(db_path) if db_path is not None else None
        self.demo = demo
        self.now_text = now_text
        self._store: Store | None = None
        self._now: dt.datetime | None = None
        self._demo_dir: Path | None = None
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        """The user's config file (time zone, week start …), read on first use."""
        if self._settings is None:
            from storage.settings import Settings, load_settings
            from storage.settings.model import config_file

            # The demo starts from the defaults and never writes the person's settings file.
            self._settings = Settings() if self.demo else load_settings(config_file())
        return self._settings

    @property
    def settings_file(self) -> Path | None:
        """Where the TUI's settings screen saves: a file in the demo's folder for the demo."""
        return self._demo_db().parent / "config.toml" if self.demo else None

    @property
    def week_start_day(self) -> int:
        return self.settings.week_start

    def open_store(self, path: str | os.PathLike[str]) -> Store:
        """A store on `path`; a new database takes the configured zone (else the system's)."""
        from storage import Store

        store = Store.open(path, zone_name=self.settings.timezone)
        store.long_timer = self.settings.long_timer  # [timer] long_timer_hours
        store.keeps_undo = False  # one command per process: its change is never undone here
        return store

    @property
    def db_path(self) -> Path:
        from pathlib import Path

        return Path(self.db_file)

    @property
    def db_file(self) -> str:
        """`db_path` as text, as the quick commands take it."""
        if self.demo:
            return str(self._demo_db())
        if self._db_file is None:
            self._db_file = default_db_file()
        return self._db_file

    def _demo_db(self) -> Path:
        """A throwaway database filled with the demo, made on first use and removed on close."""
        if self._demo_dir is None:
            import tempfile
            from pathlib import Path

            fill_demo = demo_filler()
            self._demo_dir = Path(tempfile.mkdtemp(prefix="calepin-demo-"))
            path = self._demo_dir / "calepin.db"
            with self.open_store(path) as store:
                fill_demo(store, self._now_in(store.zone))
        return self._demo_dir / "calepin.db"

    @property
    def store(self) -> Store:
        """The store, opened on first use; a read-only command never creates the file."""
        if self._store is None:
            path = self.db_file
            self.given_now()  # a bad --now is a usage error before anything else
            if not self.demo and _reading_only() and not os.path.exists(path):
                raise click.ClickException(missing_database(path))
            self._store = self.open_store(path)
            collect_from_here()  # modules loaded, store open: the command's own work begins
        return self._store

    @property
    def now(self) -> dt.datetime:
        """This invocation's clock, in the store's zone (computed once)."""
        if self._now is None:
            self._now = self._now_in(self.store.zone)
        return self._now

    def _now_in(self, zone: dt.tzinfo) -> dt.datetime:
        given = self.given_now()
        if given is None:
            return dt.datetime.now(zone).replace(microsecond=0)
        if given.tzinfo is None:
            return given.replace(tzinfo=zone)
        return given.astimezone(zone)

    def given_now(self) -> dt.datetime | None:
        if not self.now_text:
            return None
        try:
            return dt.datetime.fromisoformat(self.now_text.strip())
        except ValueError:
            raise click.BadParameter(
                _("'{text}' is not an ISO date and time like 2026-11-23T15:00").format(
                    text=self.now_text
                ),
                param_hint="'--now' / CALEPIN_NOW",
            ) from None

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        if self._demo_dir is not None:
            import shutil

            shutil.rmtree(self._demo_dir, ignore_errors=True)
            self._demo_dir = None


pass_env = click.make_pass_decorator(Env)


def demo_filler() -> Callable[[Store, dt.datetime], dict[str, int]]:
    from storage.demo import fill_demo

    return fill_demo


# ---------------------------------------------------------------- the group


class CalepinGroup(Group):
    """Turns our errors into `Error: …` (exit 1) and loads some sub-commands on demand."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ConfirmationNeeded as exc:
            raise click.ClickException(
                _("not saved: {reasons}; add --force to save anyway").format(
                    reasons="; ".join(exc.reasons)
                )
            ) from None
        except CalepinError as exc:
            raise click.ClickException(str(exc)) from None

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = self._get_command(ctx, cmd_name)
        if command is not None:
            # The group's own names first: a bare Context (not made by make_context) says
            # only --help, and the option built here is kept for every later call.
            names = self.context_settings.get("help_option_names", ctx.help_option_names)
            give_help_option(command, names)
        return command

    def _get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None or cmd_name not in LAZY_COMMANDS:
            return command
        module_name, _colon, attr = LAZY_COMMANDS[cmd_name].partition(":")
        import importlib

        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                return None
            raise
        return getattr(module, attr, None)

    def list_commands(self, ctx: click.Context) -> list[str]:
        import importlib.util

        names = set(super().list_commands(ctx))
        for name, target in LAZY_COMMANDS.items():
            try:
                if importlib.util.find_spec(target.partition(":")[0]) is not None:
                    names.add(name)
            except (ImportError, ValueError):
                continue
        return sorted(names)


HELP_TEXT = N_("Show this message and exit.")  # translated with the page (tui.cli.translated)


def give_help_option(command: click.Command, inherited: list[str]) -> None:
    """Build `command`'s help option, and its sub-commands' for a group, with the text written
    here. Left to click, each command in the line run builds it with the text looked up
    through gettext, which imports `locale`: 4 M instructions, 2 % of a quick command.
    The names are the ones click would take (the command's own settings, else its parent's,
    less any an option of the command already uses), so `-h` and `--help` answer as before.
    It fills click's own cache (click 8.1.8 on); an older click builds it as it always did."""
    if getattr(command, "_help_option", False) is not None:  # built, or no such cache
        return
    names = command.context_settings.get("help_option_names", inherited)
    taken = {name for param in command.params for name in (*param.opts, *param.secondary_opts)}
    free = [name for name in names if name not in taken]
    if free and command.add_help_option:
        # As click.help_option makes it (that evaluates its own text first), stored under
        # click's reserved name as click does, clear of a parameter named "help".
        storage = getattr(click.core, "_HELP_OPTION_STORAGE_NAME", None)
        command._help_option = click.Option(  # type: ignore[attr-defined]
            [*free, *([storage] if storage else [])],
            is_flag=True,
            expose_value=False,
            is_eager=True,
            help=HELP_TEXT,
            callback=_show_help,
        )
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            give_help_option(sub, names)


def _show_help(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


class DbFile(click.ParamType):
    """What `click.Path(dir_okay=False)` checks, in its words: an existing folder or an
    unreadable file is refused. click.Path names itself through gettext when it is built,
    at import, which imports `locale` (see `give_help_option`)."""

    name = "file"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        shown = click.format_filename(value)
        if os.path.isdir(value):
            self.fail(_("File {name!r} is a directory.").format(name=shown), param, ctx)
        if os.path.exists(value) and not os.access(value, os.R_OK):
            self.fail(_("File {name!r} is not readable.").format(name=shown), param, ctx)
        return value

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> Any:
        from click.shell_completion import CompletionItem

        return [CompletionItem(incomplete, type="file")]


@click.group(
    cls=CalepinGroup,
    help=N_(
        "Calepin: plan posts and log the hours of a one-person communications office.\n"
        "\n"
        "Without a command, opens the full-screen planner."
    ),
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--db",
    "db_path",
    type=DbFile(),
    envvar="CALEPIN_DB",
    help=N_("The database file (default: calepin.db in your data folder; env CALEPIN_DB)."),
)
@click.option("--demo", is_flag=True, help=N_("Work on a throwaway database filled with a demo."))
@click.option("--now", "now_text", envvar="CALEPIN_NOW", hidden=True)
@click.pass_context
def cli(ctx: click.Context, db_path: str | None, demo: bool, now_text: str | None) -> None:
    env = Env(db_path, demo=demo, now_text=now_text)
    ctx.obj = env
    ctx.call_on_close(env.close)
    if ctx.invoked_subcommand is None:
        _launch_tui(env)


give_help_option(cli, ["--help"])


def _launch_tui(env: Env) -> None:
    collect_from_here()  # the app runs for hours: it collects (and freezes its own start-up)
    from tui.app import run_app

    path = env.db_path
    now = None
    if env.given_now() is not None:
        with env.open_store(path) as store:
            now = env._now_in(store.zone)
    result = run_app(path, now, settings_file=env.settings_file)
    if restarts_for_language(result):
        args, environ = restart_command(env, sys.argv[1:], os.environ)
        env.close()  # execv runs no `finally` and no close callback
        sys.stdout.flush()
        os.execve(sys.executable, args, environ)


# ---------------------------------------------------------------- the language

RESTART_LANGUAGE = "CALEPIN_RESTART_LANGUAGE"
"""The language a demo chose on its settings screen, for the demo started again in it (the
demo's settings file goes with its throwaway folder)."""

_NEVER = object()


def language_setting(path: str | None = None) -> str | None:
    """`[interface] language` of the settings file (the usual one when `path` is None), read
    cheaply before anything else loads; None when the file is missing, broken or silent about
    it (`calepin config show` is where a broken file is reported)."""
    try:
        if path is None:
            from storage.settings.model import config_file

            path = config_file()
        with open(path, "rb") as file:
            data = file.read()
    except (OSError, ValueError):
        return None
    if b"language" not in data:  # most files: no TOML parser to load
        return None
    try:
        import tomllib

        value = tomllib.loads(data.decode("utf-8")).get("interface", {}).get("language")
    except (ValueError, AttributeError):  # TOMLDecodeError and UnicodeDecodeError are both
        return None
    return value if isinstance(value, str) else None


def choose_language(environ: Mapping[str, str] | None = None) -> str:
    """Uses the language of the settings file, else of the locale (storage.i18n.choose),
    before click reads the command line: its help and its errors come in it."""
    from storage import i18n

    environ = os.environ if environ is None else environ
    setting = environ.get(RESTART_LANGUAGE) or language_setting()
    return i18n.set_language(i18n.choose(setting, environ))


def restarts_for_language(result: object) -> bool:
    """Whether the planner closed to open again in the language just chosen on its settings
    screen: what it built and drew at start-up stays in the language it started in."""
    import importlib

    wanted = getattr(importlib.import_module("tui.app"), "RESTART_FOR_LANGUAGE", _NEVER)
    return result is not None and result is not _NEVER and result == wanted


def restart_command(
    env: Env, argv: Sequence[str], environ: Mapping[str, str]
) -> tuple[list[str], dict[str, str]]:
    """The program and environment that run the same command again (os.execve's arguments)."""
    args = [sys.executable, "-m", "tui.cli", *argv]
    again = dict(environ)
    if env.demo and env.settings_file is not None:
        chosen = language_setting(str(env.settings_file))
        if chosen:
            again[RESTART_LANGUAGE] = chosen
    return args, again


# ---------------------------------------------------------------- entry point


def collect_from_here() -> None:
    """Turn the cyclic garbage collector back on after the program's start-up (see `main`),
    setting aside what start-up made (`gc.freeze`): the collections of the command's own
    work, and the one at exit, no longer walk every module and class loaded."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def main(argv: Sequence[str] | None = None) -> NoReturn:
    """The console script: exit 0, 1 (error), 2 (usage) or 130 (interrupted); no tracebacks.

    Run as the program (no `argv`), the cyclic garbage collector waits while the command's
    modules load and its store opens: that makes no garbage worth a collection, yet
    collections during it walked every object loaded so far, again and again, and once more
    at exit (about a tenth of `calepin timer status`). `Env.store` and `_launch_tui` turn
    it back on (`collect_from_here`); the command's own work is collected as usual.
    """
    if argv is None:
        gc.disable()
    choose_language()
    try:
        result = cli.main(args=argv, prog_name="calepin", standalone_mode=False)
        code = result if isinstance(result, int) else 0
        sys.stdout.flush()
    except click.exceptions.Abort as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt | EOFError):
            code = 130
        else:
            click.echo(_("Aborted."), err=True)
            code = 1
    except KeyboardInterrupt:
        code = 130
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    except BrokenPipeError:
        code = _broken_pipe()
    except OSError as exc:
        import errno

        if exc.errno == errno.EPIPE:
            code = _broken_pipe()
        else:
            click.echo(_("Error: {message}").format(message=exc.strerror or exc), err=True)
            code = 1
    except Exception as exc:  # never a traceback for the user; CALEPIN_DEBUG=1 shows it
        if os.environ.get("CALEPIN_DEBUG"):
            raise
        click.echo(
            _("Error: unexpected {kind}: {error} (set CALEPIN_DEBUG=1 for details)").format(
                kind=type(exc).__name__, error=exc
            ),
            err=True,
        )
        code = 1
    if argv is None:
        if "textual" not in sys.modules:  # what the planner loads is not the commands' own
            from tui.cli import module_cache, pattern_cache

            module_cache.save()
            pattern_cache.save()
        _end_program(code)
    sys.exit(code)


def _end_program(code: int) -> None:
    """Exit without the interpreter's teardown, which frees every module and object one by
    one (7 M instructions, 3 % of a quick command) only for the process to end. Only when
    nothing is left to do at exit: no exit handler registered (a library's, coverage's),
    no other thread, and the output written. The store is closed by then (`Env.close`), and
    a committed change is on disk before "Saved" is printed."""
    import atexit

    pending = getattr(atexit, "_ncallbacks", None)
    threading = sys.modules.get("threading")
    if pending is None or pending() or (threading is not None and threading.active_count() > 1):
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return  # the usual exit reports it, or finds nothing to do
    os._exit(code)


def _broken_pipe() -> int:
    # The reader went away (`calepin entries | head`): send the rest nowhere, quietly.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 1
