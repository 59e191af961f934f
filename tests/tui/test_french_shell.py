"""The app's shell in French (issue 16): the footer, the palette, the help screen and the
settings screen, whose Language field restarts the app in the language it saves."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.command import CommandInput, CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Select
from textual.widgets._footer import FooterKey

from storage import Store
from storage.settings import Settings, load_settings
from tests.english import english_words
from tests.tui.conftest import make_app, put, screen_text, wait_until
from tests.tui.test_snapshots import SIZES, keys, settle
from tui.app import RESTART_FOR_LANGUAGE
from tui.screens.help import HelpScreen
from tui.screens.settings import SettingsScreen

SIZE = (120, 40)


def config(tmp_path: Path, text: str = "") -> Settings:
    path = tmp_path / "config.toml"
    if text:
        path.write_text(text)
    return load_settings(path)


async def open_settings(pilot) -> SettingsScreen:
    await pilot.press("comma")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, SettingsScreen), what="settings")
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    await wait_until(pilot, lambda: bool(screen._initial), what="the form filled")
    return screen


async def choose_language(pilot, screen: SettingsScreen, label: str) -> None:
    """Pick `label` in the Language field with the keyboard, as a person would."""
    field = screen.query_one("#language", Select)
    field.focus()
    await pilot.press("enter")  # opens the list
    await wait_until(pilot, lambda: field.expanded, what="the list open")
    names = {str(prompt): value for prompt, value in field._options}
    values = list(names.values())
    steps = values.index(names[label]) - values.index(field.value)
    await pilot.press(*(["down"] * steps), "enter")
    await wait_until(pilot, lambda: not field.expanded, what="the list closed")


# ---------------------------------------------------------------- the language field


async def test_saving_another_language_writes_it_and_restarts_the_app(
    seeded: Store, tmp_path: Path
) -> None:
    app = make_app(seeded, settings=config(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        assert "saving another language restarts Calepin in it" in screen_text(app)
        await choose_language(pilot, screen, "Français")
        assert screen.query_one("#language", Select).value == "fr"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.return_value is not None, what="the app's exit")
    assert app.return_value == RESTART_FOR_LANGUAGE
    written = tomllib.loads((tmp_path / "config.toml").read_text())
    assert written["interface"] == {"language": "fr"}
    assert load_settings(tmp_path / "config.toml").language == "fr"


async def test_the_language_in_use_saved_again_needs_no_restart(
    seeded: Store, tmp_path: Path
) -> None:
    # English chosen while the app speaks English (the locale's): saved, the app goes on.
    app = make_app(seeded, settings=config(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await choose_language(pilot, screen, "English")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, SettingsScreen), what="saved")
        assert app.is_running and app.return_value is None
        assert app.settings.language == "en"
    assert 'language = "en"' in (tmp_path / "config.toml").read_text()


async def test_the_settings_screen_shows_the_language_of_the_file(
    seeded: Store, tmp_path: Path
) -> None:
    settings = config(tmp_path, '[interface]\nlanguage = "fr_FR"\n')
    app = make_app(seeded, settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        assert screen.query_one("#language", Select).value == "fr_FR"
        assert "Langue" not in screen_text(app)  # English: the file's choice applies on start
        assert "Français (France)" in screen_text(app)
        assert not screen.changed


async def test_saving_keeps_the_settings_the_screen_does_not_show(
    seeded: Store, tmp_path: Path
) -> None:
    # The screen edits the working time and the lists; it used to write the file without
    # [work] holidays, tracking_since and [timer], as if they had never been set.
    settings = config(
        tmp_path,
        "[work]\n"
        'holidays = "CA-QC"\n'
        "tracking_since = 2026-10-01\n"
        "[timer]\n"
        "long_timer_hours = 8\n"
        'keys = ["events", "social media"]\n',
    )
    app = make_app(seeded, settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, SettingsScreen), what="saved")
    saved = load_settings(tmp_path / "config.toml")
    assert saved.holidays == "CA-QC"
    assert str(saved.tracking_since) == "2026-10-01"
    assert saved.long_timer_hours == 8
    assert saved.timer_keys == ("events", "social media")


# ---------------------------------------------------------------- French words


async def footer_words(pilot) -> list[str]:
    app = pilot.app
    await wait_until(pilot, lambda: screen_text(app).splitlines()[-1].strip(), what="keys")
    keys = app.screen.query(FooterKey)
    return [key.description for key in keys if key.display]


async def the_footer_speaks_french(pilot: Pilot, seeded: Store) -> None:
    app = pilot.app
    shown = await footer_words(pilot)
    assert shown[:6] == ["Aide", "Nouvelle", "Modifier", "Statut", "Supprimer", "Filtrer"]
    assert "palette" in shown
    palette_key = next(k for k in app.screen.query(FooterKey) if k.has_class("-command-palette"))
    assert palette_key.tooltip == "Ouvrir la palette de commandes"
    footer = screen_text(app).splitlines()[-1]
    assert "n Nouvelle" in footer and "esc" not in footer
    assert not english_words(footer)
    await pilot.press("r")
    shown = await footer_words(pilot)
    assert {"Semaine", "Mois", "Trimestre", "Année", "Exporter", "Congé"} <= set(shown)


async def the_palette_speaks_french(pilot: Pilot, seeded: Store) -> None:
    app = pilot.app
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), what="palette")
    palette = app.screen
    assert palette.query_one(CommandInput).placeholder == "Rechercher une commande…"
    search = await put(pilot, palette.query_one(CommandInput), "bilan", focus=False)
    listed = palette.query_one(CommandList)

    def entries() -> list[str]:
        prompts = [listed.get_option_at_index(i).prompt for i in range(listed.option_count)]
        return [str(getattr(p, "renderable", p)) for p in prompts]  # "nothing": centred

    await wait_until(pilot, lambda: "Bilan  r" in [e.split("\n")[0] for e in entries()])
    assert "Bilan  r\nAfficher le bilan du temps pour votre gestionnaire" in entries()
    await put(pilot, search, "zzzzz", focus=False)
    await wait_until(pilot, lambda: entries() == ["Aucun résultat"], what="nothing found")
    await pilot.press("escape")
    await wait_until(pilot, lambda: not isinstance(app.screen, CommandPalette), what="closed")
    # Every entry of the week, Textual's own commands too: no English word left.
    titles = [f"{c.title} {c.help}" for c in app.get_system_commands(app.screen)]
    # Ours replaces Textual's Quit, once translated too.
    assert [t for t in titles if t.startswith("Quitter")] == ["Quitter  ^q q Quitter Calepin"]
    assert not english_words(" ".join(titles).replace("Google", ""))


async def no_english_is_left_in_the_help(pilot: Pilot, seeded: Store) -> None:
    """The help of each view in turn (w, m, b, l, r from the week)."""
    app = pilot.app
    # What the person typed goes as typed: the platforms' and duties' names (keys 1–9).
    user_text = [p.name for p in seeded.platforms()] + [d.name for d in seeded.duties()]
    for view in ("w", "m", "b", "l", "r"):
        await back_to_the_week(pilot)
        await pilot.press(view)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), what="help")
        text = str(app.screen.query_one("#help-text").render())
        assert text.startswith("Touches · "), (view, text)
        assert "Marques de statut" in text and "◕ programmée" in text, (view, text)
        for name in sorted(user_text, key=len, reverse=True):
            text = text.replace(name, "")
        assert not english_words(text), (view, text)


async def the_week_bar_reads_in_french(pilot: Pilot, seeded: Store) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: "Consigné" in screen_text(app), what="the week bar")
    bar = screen_text(app).splitlines()[-2]
    posts, plan, logged = bar.strip().split("  │  ")
    assert posts.startswith("Publications FB 1 IG 1")
    assert plan.startswith("Prévu 2 h 30 · marge")  # storage.wording's words
    assert logged == "Consigné 4 h 15 · médias sociaux 65\u00a0%"


async def back_to_the_week(pilot: Pilot) -> None:
    app = pilot.app
    while len(app.screen_stack) > 1:  # the help, the palette
        await pilot.press("escape")
    if app.current_mode != "week":
        app.show_view("week")
        await wait_until(pilot, lambda: app.current_mode == "week", what="the week")


async def test_the_week_bar_palette_footer_and_help_speak_french(
    seeded: Store, french: str
) -> None:
    """The cases above in turn in one app (starting one costs more than most cases), each
    from the week with nothing over it; a failure names its case."""
    app = make_app(seeded)
    async with app.run_test(size=SIZE) as pilot:
        for case in (
            the_week_bar_reads_in_french,
            the_palette_speaks_french,
            the_footer_speaks_french,
            no_english_is_left_in_the_help,
        ):
            await back_to_the_week(pilot)
            try:
                await case(pilot, seeded)
            except AssertionError as error:
                raise AssertionError(f"{case.__name__}: {error}") from error


# ---------------------------------------------------------------- snapshots in French


@pytest.mark.parametrize("size", SIZES)
def test_settings_in_french(
    snap_compare, seeded: Store, size: tuple[int, int], monkeypatch, french: str
) -> None:
    monkeypatch.setenv("CALEPIN_CONFIG", "/srv/calepin/config.toml")
    assert snap_compare(make_app(seeded), terminal_size=size, run_before=keys("comma"))


@pytest.mark.parametrize("size", SIZES)
def test_help_in_french(snap_compare, seeded: Store, size: tuple[int, int], french: str) -> None:
    async def run(pilot) -> None:
        await pilot.pause()  # the week drawn first: the help's backdrop is its picture
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen), what="help")
        await settle(pilot)

    assert snap_compare(make_app(seeded), terminal_size=size, run_before=run)


async def test_no_english_is_left_on_the_settings_screen(
    seeded: Store, french: str, tmp_path: Path
) -> None:
    app = make_app(seeded, settings=config(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        # The filled form drawn, not the frame before it.
        await wait_until(pilot, lambda: "Langue" in screen_text(app), what="the form drawn")
        top = screen_text(app)
        screen.query_one("#platforms").focus()
        # The list's keys in the footer, and the list scrolled into view and drawn.
        await wait_until(
            pilot,
            lambda: "Retirer/rétablir" in screen_text(app) and "sans limite" in screen_text(app),
            what="the platforms list drawn",
        )
        text = top + screen_text(app)
    assert "Langue" in text and "Plateformes" in text and "sans limite" in text
    assert not english_words(text.replace(str(tmp_path), "")), text


# ---------------------------------------------------------------- widgets' words


def test_a_forgotten_timer_is_flagged_in_french(french: str) -> None:
    import datetime as dt

    from storage import TimeEntry
    from tui.widgets.view_header import timer_text

    start = dt.datetime(2026, 11, 23, 8, tzinfo=dt.UTC)
    timer = TimeEntry(1, "événements", start, None)
    text = timer_text(timer, start + dt.timedelta(hours=12), dt.timedelta(hours=10))
    assert text == (
        "⏱ événements 12:00:00 ⚠ au-delà de 10 h : seules 10 h comptent"
        " · 0 l'arrête à la dernière activité"
    )


def test_the_lists_of_the_settings_screen_read_in_french(french: str) -> None:
    from storage import Duty
    from tui.dialogs.platform_form import PlatformFields
    from tui.screens.settings_plan import Row, duty_line, fields_of, platform_line

    duty = Duty(1, "médias sociaux", social=True)
    row = Row("d1", duty, fields_of(duty), removed=True)
    assert duty_line(row).plain.split() == ["médias", "sociaux", "sociale", "à", "retirer"]
    new = Row("pn1", None, PlatformFields("Mastodon", "MA", "#6364FF", 500, None))
    assert platform_line(new).plain.split()[1:] == [
        "MA", "Mastodon", "500", "car.", "nouvelle", "sans", "tâche", "par", "défaut",
    ]  # fmt: skip
