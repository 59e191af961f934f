"""The command line in French (issue 16): `--help` of every command, the main errors, the
tables and messages, chosen by the locale or by `[interface] language` before click reads
anything; `report --lang`; the planner started again in a new language.

Every run goes through `main()`, as the `calepin` program does: it is `main` that chooses the
language. What the person typed, duty and platform names, command and option names (which stay
English in both languages) are taken out before looking for English words (tests/english.py).
"""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import click
import pytest

from storage import i18n
from tests.english import english_words
from tui.cli import cli, main
from tui.cli.main import Env, choose_language, restart_command, restarts_for_language

NOW_ARG = "2026-11-23T15:00"  # Monday 23 November 2026, 15:00 in America/Toronto


def _command_paths() -> list[tuple[str, ...]]:
    """Every command and group of the CLI, as the words that name it."""
    ctx = click.Context(cli)

    def walk(command: click.Command, path: tuple[str, ...]) -> list[tuple[str, ...]]:
        found = [path]
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is not None:
                    found += walk(sub, (*path, name))
        return found

    return walk(cli, ())


COMMANDS = _command_paths()
NAMES = {name for path in COMMANDS for name in path}
# Words that are the CLI's own vocabulary in both languages, never a sentence: option names,
# `code`, choices and the command names (`entries`, `search`, `timer` …).
_VOCABULARY = re.compile(r"--?[\w-]+(?:/--?[\w-]+)?|`[^`]*`|\[[\w|]+\]")


def left_in_english(text: str, *typed: str) -> list[str]:
    """The English words of `text` once the CLI's vocabulary and what was typed are out."""
    for words in typed:
        text = text.replace(words, " ")
    text = _VOCABULARY.sub(" ", text)
    return [word for word in english_words(text) if word not in NAMES]


@pytest.fixture
def run(db_path: Path, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """`calepin --db <tmp> --now <NOW> ARGS…` through `main`: (exit code, stdout, stderr)."""

    def invoke(*args: str, db: Path | None = db_path) -> tuple[int, str, str]:
        where = ["--db", str(db)] if db is not None else []
        with pytest.raises(SystemExit) as exited:
            main([*where, "--now", NOW_ARG, *args])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return exited.value.code, out, err

    return invoke


@pytest.fixture
def quebec(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "fr_CA.UTF-8")


@pytest.fixture
def config_file(isolated_home: Path) -> Path:
    """Where `main` reads the settings (XDG_CONFIG_HOME points into the test's home)."""
    path = isolated_home / "config" / "calepin" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(params=["locale", "setting"])
def in_french(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, config_file: Path):
    """French chosen by LANG=fr_CA.UTF-8, or by `[interface] language = "fr"` with an
    English locale."""
    if request.param == "locale":
        monkeypatch.setenv("LANG", "fr_CA.UTF-8")
    else:
        monkeypatch.setenv("LANG", "en_CA.UTF-8")
        config_file.write_text('[interface]\nlanguage = "fr"\n', encoding="utf-8")
    return request.param


# ---------------------------------------------------------------- help


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "calepin")
def test_every_help_page_is_in_french(path: tuple[str, ...], run, in_french) -> None:  # type: ignore[no-untyped-def]
    code, out, _err = run(*path, "--help")
    assert code == 0
    assert out.startswith("Utilisation : calepin")
    assert "Options :" in out and "Affiche ce message et quitte." in out
    assert left_in_english(out) == [], out


def test_the_command_list_and_the_metavars_are_in_french(run, quebec) -> None:  # type: ignore[no-untyped-def]
    _code, out, _err = run("--help")
    assert "Commandes :" in out
    assert "[OPTIONS] [COMMANDE] [ARGS]..." in out
    assert "  log        Consigne du temps comme vous le diriez" in out
    _code, out, _err = run("post", "move", "--help")
    assert out.startswith("Utilisation : calepin post move [OPTIONS] ID QUAND...")
    assert "--on JOUR" in out and "--second / --first" in out
    _code, out, _err = run("report", "--help")
    assert "--month [AAAA-MM]" in out and "--lang [fr|en]" in out


def test_english_help_is_as_it_was(run) -> None:  # type: ignore[no-untyped-def]
    code, out, _err = run("post", "move", "--help")
    assert code == 0
    assert out.startswith("Usage: calepin post move [OPTIONS] ID WHEN...")
    assert "  --on DAY " in out and "Show this message and exit." in out


# ---------------------------------------------------------------- errors


def _log_once(run) -> None:  # type: ignore[no-untyped-def]
    code, _out, _err = run("log", "1h", "social")
    assert code == 0


@pytest.mark.parametrize(
    ("args", "typed", "code"),
    [
        (("log", "99x", "social"), ("99x",), 1),  # a bad duration
        (("log", "1h30", "nosuchduty"), ("nosuchduty",), 1),  # an unknown duty
        (("entries", "--week", "blorp"), ("blorp",), 1),  # a bad date
        (("post", "show", "abc"), ("abc",), 2),  # not an id
        (("report", "--month", "2026-13"), ("2026-13",), 2),
        (("entries", "--bogus"), (), 2),  # click's own words
        (("nosuch",), ("nosuch",), 2),
        (("post", "move", "1"), (), 2),  # a missing argument
        (("export", "ics", "--event-minutes", "0"), (), 2),
        (("timer", "stop", "--at", ""), (), 1),
        (("post", "show", "99999999999999999999999"), (), 1),
    ],
)
def test_errors_are_in_french(args, typed, code, run, in_french) -> None:  # type: ignore[no-untyped-def]
    _log_once(run)
    got, out, err = run(*args)
    assert got == code, err
    assert "Erreur : " in err and "Error" not in err
    assert left_in_english(out + err, *typed) == [], err


def test_a_missing_database_is_said_in_french(tmp_path: Path, run, in_french) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "nowhere.db"
    code, _out, err = run("entries", db=missing)
    assert code == 1
    assert err.startswith(f"Erreur : aucune base de données à {missing};")
    assert left_in_english(err, str(missing)) == [], err
    assert not missing.exists()


def test_a_missing_argument_is_named_in_french(run, quebec) -> None:  # type: ignore[no-untyped-def]
    _code, _out, err = run("post", "move", "1")
    assert err.rstrip().endswith("Erreur : Argument manquant 'QUAND...'.")


# ---------------------------------------------------------------- messages and tables


def test_logging_and_listing_read_in_french(run, quebec) -> None:  # type: ignore[no-untyped-def]
    code, out, _err = run("log", "1h30", "social", "animation", "réponses")
    assert code == 0
    assert out.startswith("Saisie #1 enregistrée : lun. 23 nov. 13 h 30–15 h 00 · 1 h 30 · ")
    _code, out, _err = run("entries", "--week")
    header = out.splitlines()[0].split()
    assert header == ["ID", "JOUR", "HEURE", "DURÉE", "TÂCHE", "NOTE"]
    assert "lun. 2026-11-23" in out  # the day column holds the French weekday whole
    assert out.splitlines()[-1] == "Total 1 h 30 en 1 saisie"
    _code, out, _err = run("timer", "start", "infolettre")
    assert out.startswith("Chrono #2 démarré : lun. 23 nov. 15 h 00 → en cours · ")
    _code, out, _err = run("timer", "status")
    assert out.startswith("En cours #2 : ")
    _code, out, _err = run("timer", "stop")
    assert out.startswith("Non conservé : le chrono de la tâche ")


def test_posts_read_in_french(run, quebec) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("post", "add", "Lancement", "--platform", "Facebook", "--at", "mar 10h")
    assert code == 0 and out == "1\n"
    assert err.startswith("Publication #1 ajoutée : mar. 24 nov. 10 h 00 · Facebook · idée")
    _code, out, _err = run("post", "list")
    assert out.splitlines()[0].split() == ["ID", "DATE", "HEURE", "PLATEFORME", "STATUT", "TITRE"]
    _code, out, _err = run("post", "show", "1")
    assert "\nplateforme Facebook\n" in out and "\nquand      mar. 24 nov. 10 h 00" in out
    _code, out, _err = run("post", "status", "1", "ready")
    assert out == "Publication #1 maintenant prête : Lancement\n"
    _code, out, _err = run("post", "move", "1", "banque")
    assert out.startswith("Publication #1 déplacée : banque d'idées · Facebook")
    for args in (("post", "list"), ("post", "show", "1"), ("search", "lancement"), ("platforms",)):
        _code, out, _err = run(*args)
        assert left_in_english(out, "Lancement") == [], out


def test_counts_agree_in_french(run, quebec) -> None:  # type: ignore[no-untyped-def]
    # French says the singular for 0 and 1, the plural from 2 (Plural-Forms: n > 1).
    for args in (("log", "1h", "social"), ("log", "hier", "10h-12h", "presse")):
        assert run(*args)[0] == 0
    _code, out, _err = run("entries")
    assert out.splitlines()[-1] == "Total 3 h en 2 saisies"
    _code, out, _err = run("off", "2026-12-24..2027-01-02", "vacances")
    assert out == "Congé noté 2026-12-24..2027-01-02 (vacances) : 10 jours (#1).\n"
    _code, out, _err = run("outcome", "add", "Facebook", "2026-11", "--reach", "1200")
    assert out == "Résultats enregistrés pour Facebook 2026-11 : portée 1\u00a0200.\n"


def test_days_off_and_the_empty_lists_read_in_french(run, quebec) -> None:  # type: ignore[no-untyped-def]
    _code, out, _err = run("off", "list")
    assert out == "Aucun congé noté.\n"
    _code, out, _err = run("off", "2026-12-24", "vacances")
    assert out == "Congé noté 2026-12-24 (vacances) : 1 jour (#1).\n"
    _code, out, _err = run("off", "list")
    assert out.splitlines()[0].split() == ["ID", "DÉBUT", "FIN", "JOURS", "MOTIF"]
    for args in (("campaigns",), ("outcome", "list"), ("entries",), ("search", "gala")):
        _code, out, _err = run(*args)
        assert left_in_english(out) == [], out


# ---------------------------------------------------------------- report --lang


def _report(run, *args: str) -> str:  # type: ignore[no-untyped-def]
    code, out, err = run("report", "--week", *args)
    assert code == 0, err
    return out


def test_report_lang_en_from_french(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    _log_once(run)
    english = _report(run)
    monkeypatch.setenv("LANG", "fr_CA.UTF-8")
    french = _report(run)
    assert french != english
    assert _report(run, "--lang", "en") == english
    assert i18n.variant() == "fr_CA"  # the interface's language is back after the report


def test_report_lang_fr_from_english(run, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    _log_once(run)
    from_english = _report(run, "--lang", "fr")
    assert i18n.variant() == "en"
    monkeypatch.setenv("LANG", "fr_CA.UTF-8")
    assert _report(run) == from_english
    assert _report(run, "--lang", "fr") == from_english


@pytest.mark.parametrize(
    ("interface", "environ", "lang", "chosen"),
    [
        ("en", {}, "fr", "fr_CA"),
        ("en", {"LC_ALL": "fr_FR.UTF-8"}, "fr", "fr_FR"),  # France's French from the locale
        ("fr_FR", {}, "fr", None),  # French already: its conventions stay
        ("fr_CA", {}, "FR", None),
        ("fr_FR", {}, "en", "en"),
        ("en", {}, "en", None),
        ("en", {}, None, None),
    ],
)
def test_report_lang_picks_the_french_in_use_or_the_locale_s(
    interface: str,
    environ: dict[str, str],
    lang: str | None,
    chosen: str | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tui.cli.report import report_language

    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    i18n.set_language(interface)
    assert report_language(lang) == chosen


# ---------------------------------------------------------------- which language


@pytest.mark.parametrize(
    ("environ", "setting", "chosen"),
    [
        ({}, None, "en"),
        ({"LANG": "fr_CA.UTF-8"}, None, "fr_CA"),
        ({"LANG": "fr_FR.UTF-8"}, None, "fr_FR"),
        ({"LANG": "en_US.UTF-8", "LANGUAGE": "fr"}, None, "fr_CA"),  # LANGUAGE first …
        ({"LC_ALL": "C", "LANGUAGE": "fr"}, None, "en"),  # … unless the locale is C
        ({"LANG": "en_US.UTF-8", "LC_ALL": "fr_FR.UTF-8"}, None, "fr_FR"),  # LC_ALL over LANG
        ({"LC_MESSAGES": "fr_CA.UTF-8", "LANG": "en_US.UTF-8"}, None, "fr_CA"),
        ({"LANG": "fr_CA.UTF-8"}, "en", "en"),  # the setting over the locale
        ({"LANG": "en_US.UTF-8"}, "fr", "fr_CA"),
        ({"LC_ALL": "fr_FR.UTF-8"}, "fr", "fr_FR"),  # "fr" takes France's from the locale
        ({"LANG": "fr_CA.UTF-8"}, "fr_FR", "fr_FR"),
    ],
)
def test_the_language_is_the_setting_else_the_locale(
    environ: dict[str, str], setting: str | None, chosen: str, config_file: Path
) -> None:
    if setting is not None:
        config_file.write_text(f'[interface]\nlanguage = "{setting}"\n', encoding="utf-8")
    assert choose_language(environ) == chosen
    assert i18n.variant() == chosen


@pytest.mark.parametrize(
    "text",
    [
        '[interface]\nlanguage = "fr\n',  # not TOML
        "[interface]\nlanguage = 3\n",
        '[interface]\nlanguage = "klingon"\n',
        "language\xff".encode("latin-1").decode("latin-1"),
    ],
)
def test_a_broken_settings_file_never_stops_help(text: str, run, quebec, config_file: Path) -> None:  # type: ignore[no-untyped-def]
    config_file.write_text(text, encoding="latin-1")
    code, out, _err = run("--help")
    assert code == 0 and out.startswith("Utilisation : calepin")  # the locale's language


def test_the_settings_file_of_calepin_config_is_the_one_read(
    run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_text('[interface]\nlanguage = "fr"\n', encoding="utf-8")
    _log_once(run)
    monkeypatch.setenv("CALEPIN_CONFIG", str(elsewhere))
    _code, out, _err = run("timer", "status")
    assert out == "Aucun chrono en cours.\n"


def test_english_stays_english(run) -> None:  # type: ignore[no-untyped-def]
    _log_once(run)
    code, out, _err = run("timer", "status")
    assert code == 0 and out == "No timer running.\n"
    assert i18n.variant() == "en"


# ---------------------------------------------------------------- the planner's restart


@pytest.fixture
def fake_app(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    """tui.app with its restart marker, and a run_app that returns what the test says."""
    app = types.ModuleType("tui.app")
    app.RESTART_FOR_LANGUAGE = "restart for language"  # type: ignore[attr-defined]
    app.result = None  # type: ignore[attr-defined]
    app.run_app = lambda *args, **kwargs: app.result  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tui.app", app)
    return app


def test_the_planner_restarts_only_for_a_new_language(fake_app: types.ModuleType) -> None:
    assert restarts_for_language("restart for language")
    assert not restarts_for_language(None)
    assert not restarts_for_language(0)
    assert not restarts_for_language("quit")
    del fake_app.RESTART_FOR_LANGUAGE  # an app that never asks: never restarted
    assert not restarts_for_language(None)
    assert not restarts_for_language("restart for language")


def test_the_restart_runs_the_same_command_again(tmp_path: Path) -> None:
    env = Env(tmp_path / "calepin.db")
    args, environ = restart_command(env, ["--db", "x.db"], {"LANG": "fr_CA.UTF-8"})
    assert args == [sys.executable, "-m", "tui.cli", "--db", "x.db"]
    assert environ == {"LANG": "fr_CA.UTF-8"}


def test_the_demo_restarts_in_the_language_its_settings_chose(tmp_path: Path) -> None:
    env = Env(None, demo=True, now_text=NOW_ARG)
    try:
        assert env.settings_file is not None
        env.settings_file.write_text('[interface]\nlanguage = "fr"\n', encoding="utf-8")
        args, environ = restart_command(env, ["--demo"], {"LANG": "en_CA.UTF-8"})
    finally:
        env.close()
    assert args[-1] == "--demo"
    assert environ == {"LANG": "en_CA.UTF-8", "CALEPIN_RESTART_LANGUAGE": "fr"}
    assert choose_language(environ) == "fr_CA"


def test_the_launcher_execs_the_command_again(
    fake_app: types.ModuleType, run, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    calls: list[tuple[str, list[str], dict[str, str]]] = []

    def execve(path: str, args: list[str], environ: dict[str, str]) -> None:
        calls.append((path, args, environ))
        raise SystemExit(0)  # execve never returns

    monkeypatch.setattr("os.execve", execve)
    monkeypatch.setattr(sys, "argv", ["calepin", "--db", "x.db"])
    fake_app.result = None
    assert run()[0] == 0 and calls == []  # quit: no restart
    fake_app.result = fake_app.RESTART_FOR_LANGUAGE
    assert run()[0] == 0
    assert [(path, args) for path, args, _ in calls] == [
        (sys.executable, [sys.executable, "-m", "tui.cli", "--db", "x.db"])
    ]
