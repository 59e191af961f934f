"""The export dialog is built after the first frame and kept (tui/kept.py): `x` refills it,
so each opening starts as a new one would, and an export from the kept dialog is written."""

from __future__ import annotations

from pathlib import Path

import icalendar
from textual.widgets import Button, Checkbox, Input, ProgressBar, Select, Static

from storage import Store
from tests.tui.conftest import MON, make_app, notifications, wait_until
from tui.app import CalepinApp
from tui.dialogs.export import ExportDialog
from tui.kept import kept
from tui.screens.week import WeekScreen

SIZE = (120, 40)


def note(screen: ExportDialog, key: str) -> str:
    widget = screen.query_one(f"#{key}-note", Static)
    return str(widget.render()) if widget.display else ""


async def test_x_refills_the_kept_export_dialog(seeded: Store, tmp_path: Path) -> None:
    app = make_app(seeded)
    app.KEPT_AHEAD = CalepinApp.KEPT_AHEAD  # type: ignore[misc]  # whatever the fixture says
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: kept(app, ExportDialog) is not None, what="kept")
        dialog = kept(app, ExportDialog)
        await pilot.press("x")
        assert app.screen is dialog
        assert app.focused is dialog.query_one("#from", Input)
        dialog.query_one("#from", Input).value = "the 45th of nowhere"
        dialog.query_one("#prep", Checkbox).value = True
        dialog.query_one("#client", Select).value = "outlook"
        target = tmp_path / "posts.ics"
        dialog.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: note(dialog, "from"), what="the date refused")
        assert not target.exists()
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, WeekScreen))

        await pilot.press("x")  # the same widgets, as a new dialog would show them
        assert app.screen is dialog
        assert app.focused is dialog.query_one("#from", Input)
        assert dialog.query_one("#from", Input).value == f"{MON:%Y-%m-%d}"
        assert dialog.query_one("#to", Input).value == "2027-05-23"
        assert dialog.query_one("#path", Input).value == str(Path.home() / "calepin-posts.ics")
        assert not dialog.query_one("#prep", Checkbox).value
        assert dialog.query_one("#client", Select).value == "generic"  # none exported yet
        assert note(dialog, "from") == ""

        dialog.query_one("#client", Select).value = "outlook"
        dialog.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, WeekScreen), what="exported")
        assert f"Exported to {target}" in notifications(app)
        events = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
        assert events

        await pilot.press("x")  # after an export: ready for another, its client remembered
        assert app.screen is dialog
        assert dialog.query_one("#client", Select).value == "outlook"
        assert not dialog.query_one(ProgressBar).display
        assert not dialog.query_one("#run", Button).disabled
        assert dialog.query_one("#path", Input).value == str(Path.home() / "calepin-posts.ics")
