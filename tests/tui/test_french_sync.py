"""The sync's screens in French at 80×24 (issue 17): the conflict and password dialogs, the
settings screen's Sync section and the status line, with no English left and nothing cut.

User text (titles, the server's address, who changed a post) is taken out before looking for
English words (tests/english.py), as in tests/tui/test_french_dialogs.py.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from storage import Store
from storage.i18n import _
from storage.settings import load_settings
from tests.tui.conftest import make_app, screen_text, wait_until
from tests.tui.test_french_dialogs import Host, cut_or_split, french_only, opened
from tests.tui.test_french_dialogs import store_fr as store_fr  # the fixture
from tui.dialogs.sync_conflict import SyncConflictDialog
from tui.dialogs.sync_password import SyncPasswordDialog
from tui.screens.settings import SettingsScreen
from tui.sync_worker import sync_runner

SERVER = "https://cloud.example.org/remote.php/dav"


def _without(text: str, *typed: str) -> str:
    for words in sorted(typed, key=len, reverse=True):
        text = text.replace(words, " ")
    return text


async def test_the_conflict_dialog_in_french(store_fr: Store) -> None:
    differences = [
        (_("Title"), "Bilan du conseil (moi)", "Bilan du conseil (designer)"),
        (_("Dates"), _("as here"), _("changed dates of the series")),
    ]
    theirs_by = _("Theirs changed by {who}").format(who="designer")
    app = Host(SyncConflictDialog("Bilan du conseil", theirs_by, differences, left=2))
    async with app.run_test(size=(80, 24)) as pilot:
        text = await opened(pilot, app)
        shown = _without(text, "Bilan du conseil (moi)", "Bilan du conseil (designer)", "designer")
        assert french_only(shown, store_fr) == [], text
        assert cut_or_split(app) == [], text
        for words in ("Modifiée des deux côtés (1 sur 2)", "échap plus tard", "m La mienne"):
            assert words in text
        await pilot.press("b")
        await wait_until(pilot, lambda: app.results == ["both"], what="keep both")


async def test_the_password_dialog_in_french(store_fr: Store) -> None:
    why = _(
        "no password for {user} at {url}: run `calepin sync --set-password` to keep "
        "it in the system keyring, or set {variable}"
    ).format(user="ana", url=SERVER, variable="CALEPIN_SYNC_PASSWORD")
    who = _("{username} at {server}").format(username="ana", server=SERVER)
    app = Host(SyncPasswordDialog(who, why))
    async with app.run_test(size=(80, 24)) as pilot:
        text = await opened(pilot, app)
        assert french_only(_without(text, SERVER), store_fr) == [], text
        assert cut_or_split(app) == [], text
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: "Tapez le mot de passe" in screen_text(app), what="the refusal"
        )


async def test_the_settings_sync_section_and_status_line_in_french(
    store_fr: Store, tmp_path: Path
) -> None:
    config = tmp_path / "config.toml"
    config.write_text(f'[sync]\nurl = "{SERVER}"\nusername = "ana"\n', encoding="utf-8")
    app = make_app(store_fr, settings=load_settings(config))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        sync_runner(app)._show(_("Sync waits for the password: press S to type it"))
        await wait_until(pilot, lambda: "appuyez sur S" in screen_text(app), what="the line")
        await pilot.press("comma")
        await wait_until(pilot, lambda: isinstance(app.screen, SettingsScreen), what="settings")
        await wait_until(pilot, lambda: bool(app.screen.query("#sync-checks")), what="sync")
        section = app.screen.query_one("#sync_url").parent.parent
        section.scroll_visible(top=True, animate=False)
        await wait_until(pilot, lambda: SERVER in screen_text(app), what="the sync section")
        text = screen_text(app)
        for label in ("Serveur", "Nom d'utilisateur", "Cal. publications", "Nom affiché"):
            assert label in text
        hint = app.screen.query(".settings-hint").results(Static)
        text += "\n".join(str(widget.render()) for widget in hint)
        assert "Un calendrier CalDAV partagé avec votre équipe" in text
        assert french_only(_without(text, SERVER, "ana"), store_fr) == [], text
