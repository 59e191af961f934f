"""The import-meetings dialog is built after the first frame and kept (tui/kept.py): `X`
refills it, with the duties as they are now, and an import from the kept dialog is logged."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Checkbox, Input, Select, Static

from storage import Store
from tests.tui.conftest import make_app, notifications, wait_until
from tui.app import CalepinApp
from tui.dialogs.import_meetings import ImportMeetingsDialog
from tui.kept import kept
from tui.screens.week import WeekScreen

SIZE = (120, 40)
MEETING = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
    "BEGIN:VEVENT\r\nUID:kept-1@t\r\nDTSTAMP:20261101T000000Z\r\n"
    "DTSTART:20261110T150000Z\r\nDTEND:20261110T160000Z\r\nSUMMARY:Board call\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def note(screen: ImportMeetingsDialog, key: str) -> str:
    widget = screen.query_one(f"#{key}-note", Static)
    return str(widget.render()) if widget.display else ""


async def test_big_x_refills_the_kept_import_dialog(seeded: Store, tmp_path: Path) -> None:
    app = make_app(seeded)
    app.KEPT_AHEAD = CalepinApp.KEPT_AHEAD  # type: ignore[misc]  # whatever the fixture says
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: kept(app, ImportMeetingsDialog) is not None, what="kept")
        dialog = kept(app, ImportMeetingsDialog)
        assert dialog is not None
        await pilot.press("X")
        assert app.screen is dialog
        assert app.focused is dialog.query_one("#path", Input)
        dialog.query_one("#path", Input).value = str(tmp_path / "missing.ics")
        dialog.query_one("#dry-run", Checkbox).value = True
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: note(dialog, "path"), what="the missing file named")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, WeekScreen))

        seeded.add_duty("board relations")  # a duty added since the dialog was built
        await pilot.press("X")  # the same widgets, as a new dialog would show them
        assert app.screen is dialog
        assert app.focused is dialog.query_one("#path", Input)
        assert dialog.query_one("#path", Input).value == ""
        assert not dialog.query_one("#dry-run", Checkbox).value
        assert not dialog.query_one("#run", Button).disabled
        assert note(dialog, "path") == ""
        duty = dialog.query_one("#duty", Select)
        assert duty.value == "meetings"
        duty.value = "board relations"

        calendar = tmp_path / "calendar.ics"
        calendar.write_text(MEETING, encoding="utf-8")
        dialog.query_one("#path", Input).value = str(calendar)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, WeekScreen), what="imported")
        assert any("imported 1" in n for n in notifications(app))
    logged = [e for e in seeded.all_entries() if e.note == "Board call"]
    assert [e.duty for e in logged] == ["board relations"]
