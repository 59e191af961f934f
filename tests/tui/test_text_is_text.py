"""User text is text: markup-like titles, notes and names read back literally on every view.

`[/]` once crashed the app (a MarkupError), `[Mairie]` vanished and `[@click=app.quit]` became
a live action. Each string goes in through the store and the dialogs and must come out exactly
as typed: on the week, month, backlog, log and summary views, in the post editor, the entry
form, the confirm dialog and the notifications; in every dropdown (platform, campaign, duty,
linked post) with its overlay open, the filter and copy checklists, the duty pickers, the
choice and overlap dialogs, the import-meetings dialog, the settings screen's lists, the help
screen, the command palette, the footer's tooltips, the summary's panels and the day-off
dialog. What is read back is what the terminal shows (the compositor's lines) or what a widget
renders, never the string handed to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.command import CommandInput, CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Select, SelectionList, TextArea
from textual.widgets._footer import FooterKey
from textual.widgets._tooltip import Tooltip

from storage import EntryDraft, PostDraft, Store
from storage.settings import Settings
from tests.conftest import ZONE_NAME
from tests.tui.conftest import at, day, find, make_app, notifications, put, screen_text
from tui.dialogs.choice import ChoiceDialog
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.copy_to_platforms import CopyToPlatformsDialog
from tui.dialogs.day_off import DayOffDialog
from tui.dialogs.duty_form import DutyDialog
from tui.dialogs.duty_picker import DutyPickerDialog
from tui.dialogs.entry_form import EntryFormDialog
from tui.dialogs.filter import FilterDialog
from tui.dialogs.import_meetings import ImportMeetingsDialog
from tui.dialogs.overlap import OverlapDialog
from tui.dialogs.post_form import PostFormDialog
from tui.dialogs.publish import PublishDialog
from tui.dialogs.split import SplitDialog
from tui.screens.help import HelpScreen
from tui.screens.settings import SettingsScreen

HOSTILE = ("[/]", "[b]x", "[@click=app.quit]", "replied [Mairie] thread")
DUTY = "[Mairie]"
PLATFORM = "[b]x"
CAMPAIGN = "[@click=app.quit]"
SIZE = (160, 50)


def _seed(store: Store) -> None:
    with Store.open(store.path, zone_name=ZONE_NAME) as other:
        other.add_duty(DUTY)
        other.add_platform(PLATFORM, tag="[/]", default_duty=DUTY)
        other.add_campaign(CAMPAIGN, start=day(-7), end=day(20))
        other.add_post(
            PostDraft(
                "[/]",
                PLATFORM,
                day(0),
                dt.time(9),
                campaign=CAMPAIGN,
                body="[b]x",
                notes="replied [Mairie] thread",
            )
        )
        other.add_post(PostDraft("replied [Mairie] thread", PLATFORM, day(1), dt.time(10)))
        other.add_post(PostDraft("[@click=app.quit]", PLATFORM, campaign=CAMPAIGN))  # an idea
        for hour, note in zip((8, 9, 10, 11), HOSTILE, strict=True):
            other.add_entry(EntryDraft(DUTY, at(0, hour), at(0, hour, 45), note=note))
        other.start_timer(DUTY, at(0, 14, 15))  # the timer label names the duty


def _assert_all(text: str, *wanted: str) -> None:
    for item in wanted:
        assert item in text, f"{item!r} not shown literally in:\n{text}"


async def test_markup_like_text_reads_back_literally_everywhere(store: Store) -> None:
    _seed(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # The week: cards, the summary bar's platform tag (with its count of posts).
        _assert_all(screen_text(app), "[/]", "replied [Mairie]")
        bar = next(line for line in screen_text(app).splitlines() if "Logged" in line)
        _assert_all(bar, "[/] 2")

        # The post editor (on the selected post, "[/]") shows title and body as typed; it saves.
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, PostFormDialog)
        assert dialog.query_one("#title", Input).value == "[/]"
        assert dialog.query_one("#body", TextArea).text == "[b]x"
        _assert_all(screen_text(app), "[/]", "[b]x")
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, PostFormDialog)

        await pilot.press("m")
        _assert_all(screen_text(app), "[/]")
        await pilot.press("b")
        _assert_all(screen_text(app), "[@click=app.quit]")

        # The log: every note, the duty; the entry form; delete asks with the duty's name.
        await pilot.press("l")
        _assert_all(screen_text(app), f"⏱ {DUTY}", *HOSTILE)
        listing = app.screen.query_one("#timeline", OptionList)
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        _assert_all("\n".join(prompts), *HOSTILE)
        listing.highlighted = next(i for i, p in enumerate(prompts) if "[/]" in p)
        await pilot.press("e")
        assert isinstance(app.screen, EntryFormDialog)
        _assert_all(screen_text(app), "[/]", DUTY)
        await pilot.press("escape")
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        _assert_all(screen_text(app), f"Delete {DUTY}")
        await pilot.press("y")
        await pilot.press("u")  # undo: the toast quotes what was undone

        await pilot.press("r")
        _assert_all(screen_text(app), DUTY)

        # Back on the week: the timer toast and the delete dialog and toast quote the title.
        await app.run_action("show('week')")
        await pilot.press("w")  # work on the selected post: a timer on its platform's duty
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        _assert_all(screen_text(app), "'[/]'")
        await pilot.press("y")
        toasts = "\n".join(notifications(app))
        _assert_all(toasts, f"Timer started on {DUTY} for [/].", "'[/]'")
        assert app.is_running


# ------------------------------------------------------------------ dropdowns, lists, dialogs

OTHER = "[Mairie]"  # a second platform: the copy dialog lists the platforms a post is not on
OTHER_TAG = "[i]"
SERIES = "[b]x weekly"  # a repeating post: delete asks which, naming it


def _seed_more(store: Store) -> None:
    _seed(store)
    with Store.open(store.path, zone_name=ZONE_NAME) as other:
        other.add_platform(OTHER, tag=OTHER_TAG, default_duty=DUTY)
        other.add_post(PostDraft(SERIES, OTHER, day(2), dt.time(8), rrule="FREQ=WEEKLY;BYDAY=WE"))


async def _until(pilot: Pilot[Any], condition: Callable[[], object], what: str) -> None:
    """Wait (a frame at a time, at most a few seconds) until `condition()` holds."""
    for _ in range(200):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never happened: {what}")


def _text_in(app: App[Any], widget: Widget) -> str:
    """What the terminal shows inside `widget`'s region, line by line (cells, not characters:
    the views behind a dialog also show the names, so only this region counts)."""
    region = widget.region
    strips = app.screen._compositor.render_strips()[region.y : region.bottom]
    return "\n".join(strip.crop(region.x, region.right).text for strip in strips)


async def _open(pilot: Pilot[Any], select: Select[Any]) -> str:
    """Open `select`'s overlay and return what the terminal shows in it."""
    select.focus()
    await pilot.press("enter")
    await _until(pilot, lambda: select.expanded, "the dropdown opened")
    await pilot.pause()
    return _text_in(pilot.app, select.query_one(OptionList))


async def _reveal(pilot: Pilot[Any], listing: OptionList, prompt: str) -> str:
    """Highlight the option that renders as `prompt` (scrolled into view); what is shown."""
    listing.highlighted = _prompts(listing).index(prompt)
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()  # the focus scrolls the screen to the list
    return _text_in(pilot.app, listing)


async def _close(pilot: Pilot[Any], select: Select[Any]) -> None:
    await pilot.press("escape")
    await _until(pilot, lambda: not select.expanded, "the dropdown closed")


def _shown(select: Select[Any]) -> str:
    """What the closed dropdown shows: the rendered label of its current value."""
    from textual.widgets._select import SelectCurrent

    return str(select.query_one(SelectCurrent).query_one("#label").render())


def _prompts(listing: OptionList) -> list[str]:
    """Every option as the list renders it (parsed, if it were parsed: never the raw string)."""
    from textual.visual import visualize

    rendered = []
    for index in range(listing.option_count):
        prompt = listing.get_option_at_index(index).prompt
        rendered.append(str(visualize(listing, prompt, markup=listing._markup)))
    return rendered


async def _leave(pilot: Pilot[Any], app: App[Any], dialog_type: type) -> None:
    """Escape a dialog, answering "discard" if it asks."""
    await pilot.press("escape")
    if isinstance(app.screen, ConfirmDialog):
        await pilot.press("y")
    assert not isinstance(app.screen, dialog_type)


async def post_form_dropdowns_show_platform_and_campaign_literally(
    pilot: Pilot[Any], store: Store, tmp_path: Path
) -> None:
    app = pilot.app
    await pilot.press("e")  # the selected post, "[/]" on "[b]x" in "[@click=app.quit]"
    dialog = app.screen
    assert isinstance(dialog, PostFormDialog)
    platform = dialog.query_one("#platform", Select)
    campaign = dialog.query_one("#campaign", Select)
    assert _shown(platform) == PLATFORM
    assert _shown(campaign) == CAMPAIGN
    _assert_all(_text_in(app, platform), PLATFORM)
    _assert_all(_text_in(app, campaign), CAMPAIGN)

    _assert_all(await _open(pilot, platform), PLATFORM)  # opens on the current one
    overlay = platform.query_one(OptionList)
    _assert_all("\n".join(_prompts(overlay)), PLATFORM, OTHER)
    _assert_all(await _reveal(pilot, overlay, OTHER), OTHER)
    await _reveal(pilot, overlay, PLATFORM)
    await pilot.press(*"[mai")  # type to search still finds a name that looks like markup
    await pilot.press("enter")
    await _until(pilot, lambda: platform.value == OTHER, "typing chose [Mairie]")
    assert _shown(platform) == OTHER

    _assert_all(await _open(pilot, campaign), "none", CAMPAIGN)
    await _close(pilot, campaign)
    assert app.is_running
    await _leave(pilot, app, PostFormDialog)
    assert find(store, "[/]").platform == PLATFORM  # nothing saved


async def entry_form_lists_linked_posts_by_their_titles_literally(
    pilot: Pilot[Any], store: Store, tmp_path: Path
) -> None:
    app = pilot.app
    await pilot.press("l")
    await pilot.press("e")  # the highlighted entry
    dialog = app.screen
    assert isinstance(dialog, EntryFormDialog)
    post = dialog.query_one("#post", Select)
    assert _shown(post) == "no linked post"
    _assert_all(await _open(pilot, post), "[/]", "replied [Mairie] thread")
    overlay = post.query_one(OptionList)
    prompts = _prompts(overlay)
    _assert_all("\n".join(prompts), "[/]", "replied [Mairie] thread")
    _assert_all(await _reveal(pilot, overlay, "[/]"), "[/]")
    await pilot.press("enter")
    await _until(pilot, lambda: not post.expanded, "the dropdown closed")
    assert post.value == find(store, "[/]").id
    assert _shown(post) == "[/]"
    await _leave(pilot, app, EntryFormDialog)
    assert app.is_running


async def filter_dialog_lists_names_literally_and_the_header_says_so(
    pilot: Pilot[Any], store: Store, tmp_path: Path
) -> None:
    app = pilot.app
    await pilot.press("slash")
    dialog = app.screen
    assert isinstance(dialog, FilterDialog)
    platforms = dialog.query_one("#platforms", SelectionList)
    prompts = _prompts(platforms)
    _assert_all("\n".join(prompts), f"{PLATFORM} ([/])", f"{OTHER} ({OTHER_TAG})")
    platforms.focus()
    for prompt in (f"{PLATFORM} ([/])", f"{OTHER} ({OTHER_TAG})"):
        _assert_all(await _reveal(pilot, platforms, prompt), prompt)
        await pilot.press("space")  # tick both

    campaign = dialog.query_one("#campaign", Select)
    _assert_all(await _open(pilot, campaign), "any campaign", CAMPAIGN)
    overlay = campaign.query_one(OptionList)
    _assert_all(await _reveal(pilot, overlay, CAMPAIGN), CAMPAIGN)
    await pilot.press("enter")
    await _until(pilot, lambda: campaign.value == CAMPAIGN, "the campaign chosen")
    assert _shown(campaign) == CAMPAIGN

    dialog.query_one("#words", Input).value = "[Mairie]"  # in the notes of "[/]"
    await pilot.press("ctrl+s")
    assert not isinstance(app.screen, FilterDialog)
    # The week's header describes the filter in the names and tags as typed.
    _assert_all(screen_text(app), f"[/], {OTHER_TAG} · {CAMPAIGN} · “[Mairie]”", "[/]")
    assert app.is_running


async def copy_dialog_lists_the_other_platforms_literally(
    pilot: Pilot[Any], store: Store, tmp_path: Path
) -> None:
    app = pilot.app
    await pilot.press("c")  # copy "[/]" (on "[b]x") to other platforms
    dialog = app.screen
    assert isinstance(dialog, CopyToPlatformsDialog)
    _assert_all(screen_text(app), f"[/] · {PLATFORM}")
    listing = dialog.query_one("#platforms", SelectionList)
    prompts = _prompts(listing)
    assert f"{OTHER} ({OTHER_TAG})" in prompts
    assert not [p for p in prompts if PLATFORM in p]  # not on its own platform
    _assert_all(await _reveal(pilot, listing, f"{OTHER} ({OTHER_TAG})"), OTHER)
    await pilot.press("space", "ctrl+s")
    assert not isinstance(app.screen, CopyToPlatformsDialog)
    assert {p.platform for p in store.all_posts() if p.title == "[/]"} == {PLATFORM, OTHER}
    assert app.is_running


async def duty_pickers_list_duties_literally(
    pilot: Pilot[Any], store: Store, tmp_path: Path
) -> None:
    app = pilot.app
    for key, title in (("T", "Start a timer on"), ("exclamation_mark", "Interruption on")):
        await pilot.press(key)
        dialog = app.screen
        assert isinstance(dialog, DutyPickerDialog)
        listing = dialog.query_one(OptionList)
        prompts = _prompts(listing)
        mairie = next(p for p in prompts if p.endswith(f" {DUTY}"))
        _assert_all(await _reveal(pilot, listing, mairie), f" {DUTY}")
        _assert_all(screen_text(app), title)
        await pilot.press("escape")
    # Picked, the interruption's toast names it.
    await pilot.press("exclamation_mark")
    listing = app.screen.query_one(OptionList)
    listing.highlighted = next(i for i, p in enumerate(_prompts(listing)) if DUTY in p)
    await pilot.press("enter")
    _assert_all("\n".join(notifications(app)), f"Interruption on {DUTY};")
    assert app.is_running


async def choice_and_overlap_dialogs_quote_titles_and_notes(
    pilot: Pilot[Any], store: Store, tmp_path: Path
) -> None:
    app = pilot.app
    # The series: deleting one asks which, naming it.
    await pilot.press("right", "right")  # Wednesday: the weekly "[b]x weekly"
    assert app.screen.selected_post().title == SERIES
    await pilot.press("d")
    assert isinstance(app.screen, ChoiceDialog)
    _assert_all(screen_text(app), f"'{SERIES}' repeats. Delete…")
    await pilot.press("escape")

    await pilot.press("t", "p")  # publish "[/]": the dialog names it and its platform
    assert isinstance(app.screen, PublishDialog)
    _assert_all(screen_text(app), f"[/] · {PLATFORM}")
    await pilot.press("escape")

    await pilot.press("l", "s")  # split the highlighted entry: the dialog names its duty
    assert isinstance(app.screen, SplitDialog)
    _assert_all(screen_text(app), f"{DUTY} 08:00–08:45: split at")
    await pilot.press("escape")

    # An entry over the noted ones: the dialog lists each note it would cut.
    await pilot.press("n")
    form = app.screen
    assert isinstance(form, EntryFormDialog)
    form.query_one("#duty", Input).value = DUTY
    form.query_one("#start", Input).value = "8:30"
    form.query_one("#end", Input).value = "10:30"
    form.query_one("#note", Input).value = "[b]x"
    await pilot.press("ctrl+s")
    assert isinstance(app.screen, OverlapDialog)
    _assert_all(screen_text(app), "“[/]”", "“[b]x”", "“[@click=app.quit]”", DUTY)
    await pilot.press("escape")
    assert app.is_running


def _calendar(path: Path) -> Path:
    """An Outlook-like export: one meeting titled like markup, one with a date nobody can read."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Calepin tests//EN",
        "BEGIN:VEVENT",
        "UID:one",
        "DTSTAMP:20261101T000000Z",
        f"SUMMARY:{CAMPAIGN}",
        "DTSTART:20261123T170000Z",
        "DTEND:20261123T173000Z",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:two",
        "DTSTAMP:20261101T000000Z",
        "SUMMARY:[/]",
        "DTSTART:not a date",
        "DTEND:20261123T173000Z",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    path.write_text("\r\n".join(lines), encoding="utf-8")
    return path


async def import_meetings_offers_duties_and_quotes_event_titles_literally(
    pilot: Pilot[Any], store: Store, tmp_path: Path
) -> None:
    app = pilot.app
    source = _calendar(tmp_path / "calendar.ics")
    await pilot.press("X")
    dialog = app.screen
    assert isinstance(dialog, ImportMeetingsDialog)
    duty = dialog.query_one("#duty", Select)
    assert _shown(duty) == "meetings"
    _assert_all(await _open(pilot, duty), "meetings")
    overlay = duty.query_one(OptionList)
    _assert_all(await _reveal(pilot, overlay, DUTY), DUTY)
    await pilot.press("enter")
    await _until(pilot, lambda: duty.value == DUTY, "the duty chosen")
    assert _shown(duty) == DUTY
    dialog.query_one("#path", Input).value = str(source)
    await pilot.press("ctrl+s")
    await _until(pilot, lambda: not isinstance(app.screen, ImportMeetingsDialog), "imported")
    _assert_all("\n".join(notifications(app)), "imported 1", "“[/]”")
    (meeting,) = [e for e in store.all_entries() if e.external_uid]
    assert (meeting.duty, meeting.note) == (DUTY, CAMPAIGN)

    await pilot.press("l")  # the log shows the meeting's title as its note
    listing = app.screen.query_one("#timeline", OptionList)
    _assert_all("\n".join(_prompts(listing)), CAMPAIGN)
    _assert_all(screen_text(app), CAMPAIGN)
    assert app.is_running


async def settings_lists_and_notes_show_names_literally(
    pilot: Pilot[Any], store: Store, tmp_path: Path
) -> None:
    app = pilot.app
    await pilot.press("comma")
    screen = app.screen
    assert isinstance(screen, SettingsScreen)
    label = screen.query_one("#d" + str(store.duty(DUTY).id) + "-share-label", Label)
    assert str(label.render()) == DUTY
    for list_id, wanted in (("duties", (DUTY,)), ("platforms", (PLATFORM, OTHER))):
        listing = screen.query_one(f"#{list_id}", OptionList)
        prompts = _prompts(listing)
        for name in wanted:
            prompt = next(p for p in prompts if f" {name} " in f" {p}")
            listing.focus()
            _assert_all(await _reveal(pilot, listing, prompt), f"{name} ")
    _assert_all("\n".join(_prompts(screen.query_one("#platforms", OptionList))), "[/]  ")

    # A new duty named like an old one: the note quotes both, as typed.
    screen.query_one("#duties", OptionList).focus()
    await pilot.press("a")
    form = app.screen
    assert isinstance(form, DutyDialog)
    form.query_one("#name", Input).value = "[mairie]"
    await pilot.press("ctrl+s")
    note = str(form.query_one("#name-note").render())
    assert note == "Duty name: '[mairie]' is already used by duty '[Mairie]'"
    _assert_all(screen_text(app), "Duty name: '[mairie]' is already used by duty")
    await _leave(pilot, app, DutyDialog)
    await _leave(pilot, app, SettingsScreen)
    assert app.is_running


Case = Callable[[Pilot[Any], Store, Path], Awaitable[None]]


async def _run_cases(store: Store, tmp_path: Path, *cases: Case) -> None:
    """The cases in turn in one app on `_seed_more`'s data, each from the week with no dialog
    open (starting the app costs more than most cases); a failure names its case. Those that
    save nothing come first in each test, and no case reads what an earlier one saved."""
    _seed_more(store)
    app = make_app(store)
    async with app.run_test(size=SIZE) as pilot:
        for case in cases:
            while len(app.screen_stack) > 1:  # a dialog or screen left open: leave it
                await _leave(pilot, app, type(app.screen))
            if app.current_mode != "week":
                app.show_view("week")
                await _until(pilot, lambda: app.current_mode == "week", "back on the week")
            try:
                await case(pilot, store, tmp_path)
            except AssertionError as error:
                raise AssertionError(f"{case.__name__}: {error}") from error


async def test_dialogs_and_dropdowns_show_names_literally(store: Store, tmp_path: Path) -> None:
    """The post editor's and the entry form's dropdowns, the choice, publish, split and
    overlap dialogs, the settings screen's lists and notes: nothing saved."""
    await _run_cases(
        store,
        tmp_path,
        post_form_dropdowns_show_platform_and_campaign_literally,
        entry_form_lists_linked_posts_by_their_titles_literally,
        choice_and_overlap_dialogs_quote_titles_and_notes,
        settings_lists_and_notes_show_names_literally,
    )


async def test_pickers_import_copy_and_filter_quote_names_literally(
    store: Store, tmp_path: Path
) -> None:
    """The duty pickers, the import of meetings, the copy and filter dialogs: each saves."""
    await _run_cases(
        store,
        tmp_path,
        duty_pickers_list_duties_literally,
        import_meetings_offers_duties_and_quotes_event_titles_literally,
        copy_dialog_lists_the_other_platforms_literally,
        filter_dialog_lists_names_literally_and_the_header_says_so,
    )


async def test_help_palette_footer_and_tooltip_name_the_timer_keys_literally(
    store: Store,
) -> None:
    _seed_more(store)
    with Store.open(store.path, zone_name=ZONE_NAME) as other:
        other.add_duty("[/]")  # Rich markup too: Textual's keys panel crashed on it
    app = make_app(store, settings=Settings(timer_keys=(DUTY, "[/]")))  # keys 1 and 2
    async with app.run_test(size=SIZE, tooltips=True) as pilot:
        await pilot.press("l")  # the log shows the timer keys in its footer
        keys = {k.key: k for k in app.screen.query(FooterKey)}
        _assert_all(str(keys["1"].render()), f"1 {DUTY}")
        _assert_all(str(keys["2"].render()), "2 [/]")
        key = keys["1"]

        await pilot.hover(key)  # its tooltip, as the terminal shows it
        tooltip = app.screen.get_child_by_type(Tooltip)
        await _until(pilot, lambda: tooltip.display, "the tooltip showed")
        assert str(tooltip.render()) == f"Start the timer on {DUTY}"
        # Shown, then drawn: under load the screen was read between the two.
        await _until(pilot, lambda: "Start the timer on" in screen_text(app), "tooltip drawn")
        _assert_all(screen_text(app), f"Start the timer on {DUTY}")
        await pilot.hover("#timeline")

        await pilot.press("question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        shown = str(help_screen.query_one("#help-text").render())
        _assert_all(
            shown,
            f"Start the timer on {DUTY}",
            "Start the timer on [/]",
            f"[/]  {PLATFORM}",
            f"[i]  {OTHER}",
        )
        _assert_all(screen_text(app), f"Start the timer on {DUTY}", "Start the timer on [/]")
        await pilot.press("escape")

        # The palette's "Keys" (Textual's keys panel read the names as markup): our help.
        await app.run_action("app.show_help_panel")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        _assert_all(screen_text(app), "Start the timer on [/]")
        await pilot.press("escape")

        await pilot.press("ctrl+p")
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        await put(pilot, palette.query_one(CommandInput), "timer on", focus=False)
        results = palette.query_one(CommandList)
        await _until(pilot, lambda: results.option_count, "the palette found commands")
        await pilot.pause()
        _assert_all("\n".join(_prompts(results)), f"Start the timer on {DUTY}")
        _assert_all(_text_in(app, results), f"Start the timer on {DUTY}")
        await pilot.press("escape")
        assert app.is_running


async def test_summary_panels_and_day_off_reason_read_back_literally(store: Store) -> None:
    _seed_more(store)
    split = ((DUTY, 60.0), ("social media", 40.0))
    app = make_app(store, settings=Settings(job_description=split))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("r")
        shown = screen_text(app)
        _assert_all(shown, f"{DUTY} ", "Job description against reality")
        assert any(
            line.strip().startswith(DUTY) and "intended 60.0 %" in line
            for line in shown.splitlines()
        ), shown

        await pilot.press("o")
        dialog = app.screen
        assert isinstance(dialog, DayOffDialog)
        dialog.query_one("#reason", Input).value = CAMPAIGN
        dialog.query_one("#days", Input).focus()
        await pilot.press("enter")
        assert not isinstance(app.screen, DayOffDialog)
        _assert_all("\n".join(notifications(app)), f"Marked {day(0)} off ({CAMPAIGN})")
        # The toast as shown, and the capacity panel naming the leave by its reason.
        _assert_all(screen_text(app), f"off ({CAMPAIGN})", f"1 day of leave ({CAMPAIGN})")

        await pilot.press("o")  # the same day again: the note names the reason it has
        assert isinstance(app.screen, DayOffDialog)
        _assert_all(screen_text(app), f"{day(0)} {CAMPAIGN} is already marked off")
        await pilot.press("escape")
        assert app.is_running
