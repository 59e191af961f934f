"""Pilot tests for the summary view (`r`): periods, figures, capacity and the report export.

The seeded week 48 (see conftest): social media 9:00–11:00 and a timer from 14:15 (45 min at
NOW, 15:00), events 11:00–12:30. So 255 min logged, 165 social: 64.7 %. Social posts planned
with estimates: LinkedIn 45 + Facebook 90 + one Bluesky occurrence 15 = 150 min; the
Newsletter's 120 min belong to the newsletters duty, not social media.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from textual.widgets import Checkbox, Input, Select

from storage import EntryDraft, PostDraft, Store
from storage.capacity import Capacity
from tests.tui.conftest import at, day, make_app, notifications, screen_text, wait_until
from tui.dialogs.report_export import ReportExportDialog, default_name
from tui.screens.summary import SummaryScreen, capacity_lines


async def open_summary(pilot) -> SummaryScreen:  # type: ignore[no-untyped-def]
    await pilot.press("r")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SummaryScreen)
    return screen


async def test_r_shows_this_weeks_figures_and_room_then_follows_new_hours(seeded: Store) -> None:
    """The figures, the room for social media, then the summary after hours are logged: one
    app (three apps and three first `r` before, the same seeded week)."""
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_summary(pilot)
        text = screen_text(app)
        assert "Summary · Week of Mon 23 Nov 2026" in text
        assert "2.8 h (64.7 % of logged time)" in text
        assert "2.8 h of 4.2 h logged" in text
        # Bars per duty, largest first, with hours and shares adding to 100.
        duty_lines = [line for line in text.splitlines() if "█" in line and " %" in line]
        assert "social media" in duty_lines[0] and "64.7 %" in duty_lines[0]
        assert "events" in duty_lines[1] and "35.3 %" in duty_lines[1]
        # The activity breakdown: 2 h engage, 45 min with no activity given.
        assert "engage" in text and "(none given)" in text
        assert "Reactive: 2.0 h · 73 % (engage, monitor, crisis)" in text
        assert screen.report is not None
        assert sum(d.share for d in screen.report.duties) == 100.0

        # The capacity fits.
        assert screen.capacity == Capacity(
            contracted=2100,
            contracted_so_far=screen.report.coverage.contracted_minutes,
            logged=255,
            other_logged=90,
            other_expected=None,  # nothing logged in the weeks before: no pace to go by
            planned_social=150,
            social_logged=165,
            ongoing_social=120,  # the engage hours: ongoing work, as logged
        )
        assert "Logged 4.2 h of 35.0 h contracted" not in text  # the week has not gone by yet
        assert "contracted so far" in text and "35.0 h in the whole period" in text
        assert "Other duties: 1.5 h logged (no earlier weeks to estimate the rest from)" in text
        assert "Planned social work: 2.5 h (post estimates); fits, 31.0 h to spare" in text

        # The summary follows new hours.
        seeded.add_entry(EntryDraft("events", at(0, 12, 30), at(0, 14)))
        await pilot.press("l")
        await pilot.press("r")
        await pilot.pause()
        assert "2.8 h of 5.8 h logged" in screen_text(app)


async def test_brackets_and_period_keys_change_the_period(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_summary(pilot)
        await pilot.press("left_square_bracket")
        assert (screen.first, screen.last) == (day(-7), day(-1))
        assert "Summary · Week of Mon 16 Nov 2026" in screen_text(app)
        assert "Nothing logged" in screen_text(app)
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert screen.first == day(7)
        await pilot.press("t")
        assert screen.first == day(0)
        await pilot.press("m")
        assert (screen.first, screen.last) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
        assert "Summary · November 2026" in screen_text(app)
        # `q` is the quarter here, not quit.
        await pilot.press("q")
        assert (screen.first, screen.last) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
        assert "Summary · Q4 2026" in screen_text(app)
        assert app.is_running
        await pilot.press("right_square_bracket")
        assert "Summary · Q1 2027" in screen_text(app)
        await pilot.press("y")
        assert "Summary · 2027" in screen_text(app)
        await pilot.press("left_square_bracket")
        assert (screen.first, screen.last) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        assert "2.8 h (64.7 % of logged time)" in screen_text(app)
        # Back to a week: the week of today, since today is in the year shown.
        await pilot.press("w")
        assert (screen.first, screen.last) == (day(0), day(6))
        await pilot.press("escape")
        assert app.current_mode == "week"


async def test_weekly_trend_draws_the_weeks_before(seeded: Store) -> None:
    with Store.open(seeded.path, zone_name=seeded.zone_name) as other:
        # Two weeks ago: 10 h of meetings, of which nothing social.
        for offset in range(-14, -9):
            other.add_entry(EntryDraft("meetings", at(offset, 9), at(offset, 11)))
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_summary(pilot)
        text = screen_text(app)
        hours_line = next(line for line in text.splitlines() if "this week so far" in line)
        social_line = next(line for line in text.splitlines() if "Social %" in line)
        # From the first week with hours (the empty weeks before it draw nothing), oldest
        # first: the 10-hour week is the tallest, two from the end.
        assert "3 weeks from Mon 9 Nov" in text
        sparks = hours_line.split("Hours", 1)[1].strip().split()[0]
        assert len(sparks) == 3 and sparks[-3] == "█" and sparks[-1] == "▄"
        assert "4.2 h this week so far" in hours_line
        assert social_line.strip().endswith("65 % social")


async def test_capacity_warns_when_the_pace_of_other_duties_fills_the_week(seeded: Store) -> None:
    # (Where it fits: the first test above.)
    # Four full weeks of 8 h a day on events before this one: that pace fills the week.
    with Store.open(seeded.path, zone_name=seeded.zone_name) as other:
        for offset in range(-28, 0):
            if day(offset).weekday() < 5:
                other.add_entry(EntryDraft("events", at(offset, 9), at(offset, 17)))
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_summary(pilot)
        assert screen.capacity is not None
        # Monday: today has entries, so it counts whole already; four days are to come.
        assert screen.capacity.other_expected == 480 * 4
        assert screen.capacity.room == 2100 - 90 - 1920
        assert (
            "⚠ Planned social work: 2.5 h (post estimates); does not fit, 1.0 h over"
            in screen_text(app)
        )


def test_capacity_lines_without_estimates() -> None:
    lines = capacity_lines(Capacity(2100, 2100, 0, 0, 0, 0, 0))
    assert lines[0] == ("Logged 0.0 h of 35.0 h contracted (0 %)", "")
    assert lines[-1] == ("Planned social work: no post estimates in this period", "muted")


async def test_capacity_leaves_out_marked_leave(seeded: Store) -> None:
    with Store.open(seeded.path, zone_name=seeded.zone_name) as other:
        other.add_days_off(day(3), day(4), "vacation")  # Thursday and Friday
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_summary(pilot)
        assert screen.capacity is not None
        assert screen.capacity.contracted == 3 * 420  # Monday to Wednesday
        assert "35.0 h in the whole period" not in screen_text(app)
        assert "21.0 h in the whole period" in screen_text(app)


async def test_post_estimates_on_the_newsletter_do_not_count_as_social(seeded: Store) -> None:
    seeded.add_post(PostDraft("Big launch", "Instagram", day(2), None, estimate_minutes=600))
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_summary(pilot)
        assert screen.capacity is not None and screen.capacity.planned_social == 750


async def open_export(pilot) -> ReportExportDialog:  # type: ignore[no-untyped-def]
    await open_summary(pilot)
    await pilot.press("e")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ReportExportDialog)
    return dialog


async def export_to(pilot, dialog: ReportExportDialog, target: Path) -> None:  # type: ignore[no-untyped-def]
    """Type the path, press ctrl+s and wait for the worker that writes the file."""
    dialog.query_one("#path", Input).value = str(target)
    await pilot.press("ctrl+s")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def export_again(pilot) -> ReportExportDialog:  # type: ignore[no-untyped-def]
    """`e` on the summary once more: the dialog opens anew, as the first time."""
    assert isinstance(pilot.app.screen, SummaryScreen)
    await pilot.press("e")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ReportExportDialog)
    return dialog


async def test_e_exports_escape_cancels_and_a_file_is_replaced_only_when_asked(
    seeded: Store, tmp_path: Path
) -> None:
    """Three exports from one summary of the seeded week (three apps before): the chosen
    format, escape, then a file that exists already."""
    from tui.dialogs.confirm import ConfirmDialog

    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        # e exports the report in the chosen format.
        dialog = await open_export(pilot)
        path_input = dialog.query_one("#path", Input)
        assert path_input.value == str(
            Path.home() / default_name("Week of Mon 23 Nov 2026", "html")
        )
        dialog.query_one("#format", Select).value = "json"
        await pilot.pause()
        assert path_input.value.endswith("calepin-report-week-of-mon-23-nov-2026.json")
        target = tmp_path / "week.json"
        await export_to(pilot, dialog, target)
        assert isinstance(app.screen, SummaryScreen)
        data = json.loads(target.read_text(encoding="utf-8"))
        assert data["period"]["start"] == "2026-11-23" and data["period"]["end"] == "2026-11-29"
        assert data["total_minutes"] == 255
        assert [(d["duty"], d["minutes"], d["share"]) for d in data["duties"]] == [
            ("social media", 165, 64.7),
            ("events", 90, 35.3),
        ]
        assert any(f"Report written to {target}" in str(n.message) for n in app._notifications)

        # Escape cancels the export.
        await export_again(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert not list(Path.home().glob("calepin-report-*"))

        # An existing file is replaced only when asked.
        mine = tmp_path / "notes.md"
        mine.write_text("my own notes", encoding="utf-8")
        dialog = await export_again(pilot)
        dialog.query_one("#path", Input).value = str(mine)
        dialog.query_one("#format", Select).value = "csv"  # a typed name follows the format
        await pilot.pause()
        assert dialog.query_one("#path", Input).value == str(tmp_path / "notes.csv")
        dialog.query_one("#format", Select).value = "md"
        await pilot.pause()
        dialog.query_one("#path", Input).focus()
        await pilot.press("enter")  # enter in the path exports too
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert mine.read_text(encoding="utf-8") == "my own notes"
        assert "not replaced" in screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert mine.read_text(encoding="utf-8").startswith("# Time use")


async def test_notes_stay_private_unless_asked_and_a_missing_folder_is_refused(
    seeded: Store, tmp_path: Path
) -> None:
    """Markdown without the notes, then CSV with them after a missing folder: one app (two
    before, on the same data)."""
    seeded.add_entry(EntryDraft("events", at(0, 12, 30), at(0, 13), note="Booked the hall"))
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        # Notes stay private unless asked.
        dialog = await open_export(pilot)
        dialog.query_one("#format", Select).value = "md"
        target = tmp_path / "r.md"
        await export_to(pilot, dialog, target)
        assert "Booked the hall" not in target.read_text(encoding="utf-8")

        # CSV with notes, after refusing a missing folder.
        dialog = await export_again(pilot)
        dialog.query_one("#format", Select).value = "csv"
        await export_to(pilot, dialog, tmp_path / "nowhere" / "r.csv")
        assert "no folder" in screen_text(app)
        assert isinstance(app.screen, ReportExportDialog)
        dialog.query_one("#notes", Checkbox).value = True
        target = tmp_path / "r.csv"
        await export_to(pilot, dialog, target)
        text = target.read_text(encoding="utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[[r[:1] for r in rows].index(["social media"])][:2] == ["social media", "165"]
        assert "Booked the hall" in text


async def test_the_periods_around_are_built_while_the_person_reads(seeded: Store) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_summary(pilot)
        await pilot.press("y")
        await wait_until(
            pilot,
            lambda: {first.year for first, _ in screen._reports} == {2025, 2026, 2027},
            what="the years on either side built",
        )
        # A change to the data drops them: the figures must never be stale. (The years around
        # 2025 may be built again, from the new data, if the key took longer than the pause
        # before prefetching: none of the reports built before the change is kept.)
        before = list(screen._reports.values())
        seeded.add_entry(EntryDraft("events", at(-400, 9), at(-400, 10)))  # in 2025
        await pilot.press("left_square_bracket")
        assert screen.report is not None and screen.report.total_minutes == 60
        assert 2025 in {first.year for first, _ in screen._reports}
        assert not [r for r in screen._reports.values() if any(r is old for old in before)]


async def test_a_new_week_start_realigns_the_weeks(seeded: Store) -> None:
    from dataclasses import replace

    seeded.add_entry(EntryDraft("events", at(-1, 10), at(-1, 11)))  # Sunday 22 Nov
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert "5 h 15" not in screen_text(app)  # Monday's week: 4 h 15
        screen = await open_summary(pilot)
        app._settings_saved(replace(app.settings, week_start=6))  # Sunday, as the screen saves
        await pilot.pause()
        assert (screen.first, screen.last) == (day(-1), day(5))  # Sun 22 – Sat 28 Nov
        await pilot.press("right_square_bracket")
        assert screen.first == day(6)
        await pilot.press("l")
        await pilot.pause()
        assert "5 h 15" in screen_text(app)  # the log's week now holds Sunday too


async def test_the_job_description_is_set_against_reality(seeded: Store) -> None:
    """A split naming no duty at start-up, then a split, then none, as the settings screen
    saves them: one app (three before, on the same data and size)."""
    from dataclasses import replace

    from storage.settings import Settings

    # A split naming no duty leaves the rest of the summary.
    knitting = Settings(job_description=(("social media", 30), ("knitting", 70)))
    app = make_app(seeded, settings=knitting)
    async with app.run_test(size=(120, 50)) as pilot:
        await open_summary(pilot)
        text = screen_text(app)
        assert "2.8 h (64.7 % of logged time)" in text
        assert "The split in the settings names 'knitting', which is no duty here" in text
        assert not [n for n in notifications(app) if "Cannot build" in n]

        # The job description set against reality.
        split = (("social media", 30), ("events", 70))
        app._settings_saved(replace(app.settings, job_description=split))
        await wait_until(pilot, lambda: "intended 70.0 %" in screen_text(app), what="the split")
        text = screen_text(app)
        assert "Job description against reality" in text
        assert "events        intended 70.0 %  actual 35.3 %  −12.1 h a week" in text
        assert "social media  intended 30.0 %  actual 64.7 %  +12.1 h a week" in text
        assert "knitting" not in text

        # No split configured: how to set one, and a split to start from.
        app._settings_saved(replace(app.settings, job_description=()))
        await wait_until(
            pilot, lambda: "No job description split is set" in screen_text(app), what="none"
        )
        text = screen_text(app)
        assert "intended 70.0 %" not in text
        assert "period's log: social media 65 %, events 35 %" in text
        assert not [n for n in notifications(app) if "Cannot build" in n]
