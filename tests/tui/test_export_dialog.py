"""Pilot tests for the .ics export and meeting import dialogs: real files, real store."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import icalendar
import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Checkbox, Input, Select, Static

from storage import Store
from storage.demo import fill_demo
from tests.conftest import NOW, ZONE_NAME
from tests.tui.test_dialogs import Host
from tui.dialogs.export import ExportDialog
from tui.dialogs.import_meetings import ImportMeetingsDialog

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture(scope="module")
def demo_database(new_database: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's posts and hours written once (fill_demo: about 90 ms) for the export tests."""
    path = tmp_path_factory.mktemp("demo-database") / "calepin.db"
    path.write_bytes(new_database.read_bytes())
    with Store.open(path, zone_name=ZONE_NAME) as other:
        fill_demo(other, NOW)
    return path


@pytest.fixture
def demo(store: Store, demo_database: Path) -> Store:
    """`store` holding the demo (SQLite's backup of the demo file into the test's database)."""
    with (
        contextlib.closing(sqlite3.connect(demo_database)) as source,
        contextlib.closing(sqlite3.connect(store.path)) as target,
    ):
        source.backup(target)
    return store


def set_input(screen: Screen[Any], selector: str, text: str) -> None:
    screen.query_one(selector, Input).value = text


def note_text(screen: Screen[Any], key: str) -> str:
    widget = screen.query_one(f"#{key}-note", Static)
    return str(widget.render()) if widget.display else ""


async def settle(pilot: Pilot[Any], host: Host) -> None:
    """Wait for the dialog's thread worker and the messages it posts."""
    await host.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_export_writes_a_calendar(demo: Store, now: dt.datetime, tmp_path: Path) -> None:
    target = tmp_path / "out.ics"
    dialog = ExportDialog(demo, now)
    host = Host(dialog)
    async with host.run_test() as pilot:
        assert dialog.query_one("#path", Input).value == str(Path.home() / "calepin-posts.ics")
        set_input(dialog, "#path", str(target))
        dialog.query_one("#prep", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot, host)
    assert host.results == [str(target)]
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    events = calendar.walk("VEVENT")
    assert events
    assert any(str(e["SUMMARY"]).startswith("Prep · ") for e in events)
    assert target.stat().st_mode & 0o777 == 0o600


async def test_export_refuses_a_bad_date(demo: Store, now: dt.datetime, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "out.ics"
    dialog = ExportDialog(demo, now)
    host = Host(dialog)
    async with host.run_test() as pilot:
        set_input(dialog, "#path", str(target))
        set_input(dialog, "#from", "the 45th of nowhere")
        await pilot.press("ctrl+s")
        await settle(pilot, host)
        assert note_text(dialog, "from")
        assert not note_text(dialog, "to")
        set_input(dialog, "#from", "2027-01-10")
        set_input(dialog, "#to", "2027-01-01")
        await pilot.press("ctrl+s")
        await settle(pilot, host)
        assert "before" in note_text(dialog, "to")
        set_input(dialog, "#to", "2027-02-01")
        set_input(dialog, "#path", str(folder / "missing" / "out.ics"))
        await pilot.press("ctrl+s")
        await settle(pilot, host)
        assert "no folder" in note_text(dialog, "path")
        assert host.results == []
    assert list(folder.iterdir()) == []


async def test_import_meetings_then_again(store: Store, now: dt.datetime) -> None:
    source = FIXTURES / "outlook-meetings.ics"
    before = len(store.all_entries())

    host = Host()
    async with host.run_test() as pilot:  # one app, a new dialog each time

        async def run_import() -> str:
            dialog = ImportMeetingsDialog(store, now)
            await host.show(pilot, dialog)
            assert dialog.query_one("#duty", Select).value == "meetings"
            set_input(dialog, "#path", str(source))
            await pilot.click("#run")
            await settle(pilot, host)
            assert len(host.results) == 1, "dialog did not dismiss"
            return host.results[0]

        first = await run_import()
        added = [e for e in store.all_entries() if e.external_uid]
        assert first.startswith(f"imported {len(added)}, unchanged 0")
        assert added and len(store.all_entries()) == before + len(added)
        assert {e.duty for e in added} == {"meetings"}

        second = await run_import()
        assert second.startswith(f"imported 0, unchanged {len(added)}")
        assert len(store.all_entries()) == before + len(added)


async def test_import_dry_run_and_bad_file(store: Store, now: dt.datetime, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ics"
    bad.write_text("this is not a calendar")
    dialog = ImportMeetingsDialog(store, now)
    host = Host(dialog)
    async with host.run_test() as pilot:
        set_input(dialog, "#path", str(tmp_path / "nope.ics"))
        await pilot.press("ctrl+s")
        await settle(pilot, host)
        assert "no file" in note_text(dialog, "path")
        set_input(dialog, "#path", str(bad))
        await pilot.press("ctrl+s")
        await settle(pilot, host)
        assert note_text(dialog, "error")
        assert host.results == []
        set_input(dialog, "#path", str(FIXTURES / "outlook-meetings.ics"))
        dialog.query_one("#dry-run", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot, host)
    assert host.results and host.results[0].startswith("would import ")
    assert not [e for e in store.all_entries() if e.external_uid]


async def test_x_opens_the_export_from_the_week_view(store: Store) -> None:
    from tests.tui.conftest import make_app

    app = make_app(store)  # built on the key (their kept versions: test_*_dialog_kept.py)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("X")
        await pilot.pause()
        assert isinstance(app.screen, ImportMeetingsDialog)


async def test_export_reads_from_and_to_as_a_pair(
    demo: Store, now: dt.datetime, tmp_path: Path
) -> None:
    # on 23 Nov 2026, "10 dec" alone is 10 Dec 2026; after From 2027-01-05 it is 10 Dec 2027
    target = tmp_path / "pair.ics"
    dialog = ExportDialog(demo, now)
    host = Host(dialog)
    async with host.run_test() as pilot:
        set_input(dialog, "#path", str(target))
        set_input(dialog, "#from", "2027-01-05")
        set_input(dialog, "#to", "10 dec")
        await pilot.press("ctrl+s")
        await settle(pilot, host)
    assert host.results == [str(target)]  # written, not refused as "before it starts"


async def test_export_keeps_notes_private_unless_the_box_is_ticked(
    store: Store, now: dt.datetime, tmp_path: Path
) -> None:
    from storage import PostDraft

    store.add_post(PostDraft("Launch", "Instagram", date=now.date(), notes="secret plan"))

    host = Host()
    async with host.run_test() as pilot:  # one app, a new dialog each time

        async def export(tick: bool) -> str:
            target = tmp_path / f"out-{tick}.ics"
            dialog = ExportDialog(store, now)
            await host.show(pilot, dialog)
            assert dialog.query_one("#notes", Checkbox).value is False  # private by default
            set_input(dialog, "#path", str(target))
            dialog.query_one("#notes", Checkbox).value = tick
            await pilot.press("ctrl+s")
            await settle(pilot, host)
            assert host.results == [str(target)], tick
            events = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
            return " ".join(str(e.get("DESCRIPTION", "")) for e in events)

        assert "secret plan" not in await export(False)
        assert "Notes: secret plan" in await export(True)
