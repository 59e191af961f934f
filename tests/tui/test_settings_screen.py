"""The settings screen (`,`): what it writes to the TOML file and the store, and what it refuses."""

from __future__ import annotations

import tomllib
from dataclasses import replace

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Static

from storage import NotFoundError, Store
from storage.settings import config_path, load_settings
from tests.tui.conftest import make_app, notifications, put, screen_text, wait_until
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.duty_form import DutyDialog
from tui.dialogs.platform_form import PlatformDialog
from tui.screens.log import LogScreen
from tui.screens.settings import SettingsScreen
from tui.widgets.item_list import ItemList


def app_on(store: Store) -> App:
    return make_app(store, settings=load_settings())


async def open_settings(pilot: Pilot) -> SettingsScreen:
    await pilot.press("comma")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def fill(pilot: Pilot, wid: str, text: str) -> None:
    """Put `text` in an input of the current screen in one edit: what the forms do with a
    value is tested here, not typing (the zone's completion is typed, below)."""
    await put(pilot, wid, text)


async def type_into(pilot: Pilot, wid: str, text: str) -> None:
    """Type `text` into an input of the current screen key by key, as a person would."""
    field = pilot.app.screen.query_one(f"#{wid}", Input)
    field.focus()
    field.value = ""
    await pilot.press(*text)


async def toggle(pilot: Pilot, wid: str) -> None:
    pilot.app.screen.query_one(f"#{wid}").focus()
    await pilot.press("space")


def note(pilot: Pilot, wid: str) -> str:
    return str(pilot.app.screen.query_one(f"#{wid}", Static).content)


async def save(pilot: Pilot) -> None:
    await pilot.press("ctrl+s")
    await pilot.pause()


async def open_item(pilot: Pilot, list_id: str, key: str) -> None:
    """Highlight the row of `key` in the duty or platform list and press enter."""
    items = pilot.app.screen.query_one(f"#{list_id}", ItemList)
    items.focus()
    items.highlighted = next(i for i, o in enumerate(items.options) if o.id == key)
    await pilot.press("enter")
    await pilot.pause()


async def press_on(pilot: Pilot, list_id: str, key: str, *keys: str) -> None:
    items = pilot.app.screen.query_one(f"#{list_id}", ItemList)
    items.focus()
    items.highlighted = next(i for i, o in enumerate(items.options) if o.id == key)
    await pilot.press(*keys)
    await pilot.pause()


def duty_key(store: Store, name: str) -> str:
    return f"d{store.duty(name).id}"


def platform_key(store: Store, name: str) -> str:
    return f"p{store.platform(name).id}"


async def test_general_settings_are_written_to_the_file(seeded: Store) -> None:
    app = app_on(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_settings(pilot)
        assert "Settings" in screen_text(app) and str(config_path()) in screen_text(app)
        await type_into(pilot, "timezone", "america/vanc")
        await pilot.pause()
        await pilot.press("right")  # takes the suggested zone
        assert app.screen.query_one("#timezone", Input).value == "America/Vancouver"
        await fill(pilot, "hours_per_week", "32,5")
        await toggle(pilot, "day-4")  # Friday off
        await fill(pilot, "start", "8:30")
        await fill(pilot, "end", "4pm")
        await save(pilot)
        await pilot.press("1")  # a new zone: posts keep their clock time
        await pilot.pause()
        assert not isinstance(app.screen, SettingsScreen)
        assert any("Settings saved" in n for n in notifications(app))
        data = tomllib.loads(config_path().read_text(encoding="utf-8"))
        assert data["calendar"] == {"timezone": "America/Vancouver", "week_start": "monday"}
        assert data["work"] == {
            "hours_per_week": 32.5,
            "days": ["mon", "tue", "wed", "thu"],
            "start": "08:30",
            "end": "16:00",
        }
        assert "job_description" not in data or data["job_description"] == {}
        assert app.settings == load_settings()  # the app shows what the file now says
        assert app.settings.hours_per_week == 32.5
        assert seeded.zone_name == "America/Vancouver"
        assert config_path().stat().st_mode & 0o777 == 0o600


async def test_week_start_reaches_the_app(seeded: Store) -> None:
    app = app_on(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#week_start").value = 6
        await save(pilot)
        assert app.week_start == 6
        assert load_settings().week_start == 6


# (field, bad value, where its message shows, the message)
BAD_VALUES = [
    ("hours_per_week", "0", "hours_per_week-note",
     "Hours per week: must be a number of hours between 1 and 80 (got 0)"),
    ("hours_per_week", "lots", "hours_per_week-note",
     "Hours per week: must be a number of hours between 1 and 80 (got 'lots')"),
    ("end", "8:00", "hours-note", "Working hours: end (08:00) must be after start (09:00)"),
    ("start", "25:00", "hours-note", 'Start: must be a time like "09:00"'),
    ("cancelled_days", "-1", "cancelled_days-note",
     "Cancellations: must be a whole number of days between 0 and 3650 (got -1)"),
    ("cancelled_days", "4000", "cancelled_days-note",
     "Cancellations: must be a whole number of days between 0 and 3650 (got 4000)"),
    ("cancelled_days", "1.5", "cancelled_days-note",
     "Cancellations: must be a whole number of days between 0 and 3650 (got 1.5)"),
]  # fmt: skip


async def test_escape_and_refusals_save_nothing_until_the_split_adds_up(seeded: Store) -> None:
    """Escape with and without changes, then each refusal alone in the form, on one app and
    one build of the screen (each build costs as much as the rest of a case): every case
    starts from the form as it opened, puts back what it changed, and says its name when it
    fails; the messages differ, so a note left from the case before cannot pass for the
    next. Last, the split is fixed and saved."""
    app = app_on(seeded)
    social, events = duty_key(seeded, "social media"), duty_key(seeded, "events")
    async with app.run_test(size=(120, 40)) as pilot:
        case = "escape asks before dropping changes"
        first = await open_settings(pilot)
        await pilot.press("escape")  # nothing changed: leaves at once
        await pilot.pause()
        assert not isinstance(app.screen, SettingsScreen), case
        await open_settings(pilot)
        await fill(pilot, "hours_per_week", "20")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog), case
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen), case
        await pilot.press("escape", "y")
        await pilot.pause()
        assert not isinstance(app.screen, SettingsScreen), case
        assert app.settings.hours_per_week == 35, case
        assert not config_path().exists(), case

        screen = await open_settings(pilot)  # the kept screen, as it opened
        assert screen is first and not screen.changed
        duties_before = [row.key for row in screen.duties]

        case = "view keys are off while the screen is open"
        screen.query_one("#duties", ItemList).focus()
        await pilot.press("m", "q")
        await pilot.pause()
        assert app.screen is screen and app.current_mode == "week", case

        case = "an unknown zone"
        await fill(pilot, "timezone", "Mars/Olympus")
        await save(pilot)
        assert isinstance(app.screen, SettingsScreen), case
        message = note(pilot, "timezone-note")
        assert message.startswith("Time zone: unknown time zone 'Mars/Olympus'"), case
        assert "Time zone: unknown time zone" in screen_text(app), case
        assert "[calendar]" not in screen_text(app), case  # the field's words, not the file's
        assert not config_path().exists(), case
        assert seeded.zone_name == "America/Toronto", case
        await fill(pilot, "timezone", "America/Toronto")

        for wid, text, note_id, message in BAD_VALUES:
            case = f"{text!r} in #{wid}"
            field = app.screen.query_one(f"#{wid}", Input)
            kept = field.value
            await fill(pilot, wid, text)
            await save(pilot)
            assert isinstance(app.screen, SettingsScreen), case
            assert message in note(pilot, note_id), case
            assert not config_path().exists(), case
            await fill(pilot, wid, kept)

        case = "a split value that is not a number"
        await fill(pilot, f"{events}-share", "lots")
        await save(pilot)
        assert "events share: must be a percentage" in note(pilot, f"{events}-share-note"), case
        assert not config_path().exists(), case
        await fill(pilot, f"{events}-share", "")

        case = "no working day"
        for day in range(5):
            await toggle(pilot, f"day-{day}")
        await save(pilot)
        assert note(pilot, "days-note") == "Working days: choose at least one", case
        assert not config_path().exists(), case
        for day in range(5):
            await toggle(pilot, f"day-{day}")

        case = "removing a platform's default duty"
        await press_on(pilot, "duties", duty_key(seeded, "video"), "d")
        await save(pilot)
        assert isinstance(app.screen, SettingsScreen), case
        assert "Platform YouTube: its default duty 'video' is removed" in note(
            pilot, "duties-note"
        ), case
        assert not config_path().exists(), case
        assert not seeded.duty("video").archived, case
        await press_on(pilot, "duties", duty_key(seeded, "video"), "d")  # kept after all

        case = "duty names cannot clash"
        await press_on(pilot, "duties", duty_key(seeded, "video"), "a")
        await fill(pilot, "name", "Events")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DutyDialog), case
        assert note(pilot, "name-note") == (
            "Duty name: 'Events' is already used by duty 'events'"
        ), case
        await fill(pilot, "name", "socials")  # an alias of social media
        await pilot.press("enter")
        await pilot.pause()
        assert "already used by duty 'social media'" in note(pilot, "name-note"), case
        await pilot.press("escape")  # the new duty dropped
        await pilot.pause()
        if isinstance(app.screen, ConfirmDialog):
            await pilot.press("y")
            await pilot.pause()
        assert app.screen is screen, case
        assert [row.key for row in screen.duties] == duties_before, case

        case = "the split must add up to 100"
        assert note(pilot, "share-total") == "not set", case
        await fill(pilot, f"{social}-share", "60")
        await fill(pilot, f"{events}-share", "25")
        assert note(pilot, "share-total") == "adds up to 85 % — must be 100", case
        await save(pilot)
        assert isinstance(app.screen, SettingsScreen), case
        assert note(pilot, "share-total") == (
            "Job description: percentages must add up to 100 (they add up to 85)"
        ), case
        assert "Nothing saved" in note(pilot, "form-error"), case
        assert not config_path().exists(), case

        await fill(pilot, f"{events}-share", "40")
        assert note(pilot, "share-total") == "adds up to 100 %", case
        await save(pilot)
        assert not isinstance(app.screen, SettingsScreen), note(pilot, "form-error")
    settings = load_settings()
    assert settings.job_description == (("social media", 60), ("events", 40))
    # Every case put back what it changed: the rest saved as the screen opened.
    assert settings.timezone in (None, "America/Toronto") and seeded.zone_name == "America/Toronto"
    assert (settings.hours_per_week, settings.working_days) == (35, (0, 1, 2, 3, 4))
    assert not seeded.duty("video").archived


async def test_an_unknown_key_in_the_file_is_named_and_the_file_kept(seeded: Store) -> None:
    path = config_path()
    path.parent.mkdir(parents=True)
    text = "[calendar]\nweekstart = 'monday'\n"
    path.write_text(text, encoding="utf-8")
    app = make_app(seeded)  # as the app runs on defaults when it cannot read the file
    async with app.run_test(size=(120, 40)) as pilot:
        await open_settings(pilot)
        problem = note(pilot, "file-problem")
        assert "unknown key 'weekstart' in [calendar]; did you mean 'week_start'?" in problem
        await fill(pilot, "hours_per_week", "30")
        await save(pilot)
        assert isinstance(app.screen, SettingsScreen)
        assert "unknown key 'weekstart'" in note(pilot, "form-error")
        assert path.read_text(encoding="utf-8") == text


async def test_file_tables_and_keys_are_kept_and_follow_renames(seeded: Store) -> None:
    path = config_path()
    path.parent.mkdir(parents=True)
    path.write_text(
        '[keys]\n"app.summary" = "R"\npost.new = "n,a"\n\n'
        "[[duties]]\nname = 'events'\nsocial = false\n\n"
        "[[duties]]\nname = 'fundraising'\n\n"
        "[[platforms]]\nname = 'Facebook'\ncolour = '#1877F2'\n",
        encoding="utf-8",
    )
    app = app_on(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_settings(pilot)
        await open_item(pilot, "duties", duty_key(seeded, "events"))
        assert isinstance(app.screen, DutyDialog)
        await fill(pilot, "name", "events & fairs")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await open_item(pilot, "platforms", platform_key(seeded, "Facebook"))
        await fill(pilot, "colour", "#000000")
        await pilot.press("enter")
        await pilot.pause()
        await save(pilot)
        assert not isinstance(app.screen, SettingsScreen)
    settings = load_settings()
    assert settings.keys == (("app.summary", "R"), ("post.new", "n,a"))
    # The file's tables follow the screen, so `calepin config apply` does not undo it.
    assert [(d.name, d.social) for d in settings.duties] == [
        ("events & fairs", False),
        ("fundraising", None),
    ]
    assert [(p.name, p.colour) for p in settings.platforms] == [("Facebook", "#000000")]


async def test_duties_are_renamed_added_archived_and_deleted(seeded: Store) -> None:
    events_id = seeded.duty("events").id
    meetings = duty_key(seeded, "meetings")
    app = app_on(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_settings(pilot)
        await open_item(pilot, "duties", meetings)
        await fill(pilot, "name", "meetings & calls")
        await fill(pilot, "aliases", "meeting, calls")
        await pilot.press("enter")
        await pilot.pause()
        label = app.screen.query_one(f"#{meetings}-share-label", Static)
        assert str(label.content) == "meetings & calls"  # the split follows the rename

        await press_on(pilot, "duties", meetings, "a")
        assert isinstance(app.screen, DutyDialog)
        await fill(pilot, "name", "fundraising")
        await toggle(pilot, "social")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "fundraising" in screen_text(app)

        await press_on(pilot, "duties", f"d{events_id}", "d")  # has logged hours
        await press_on(pilot, "duties", duty_key(seeded, "promotional material"), "d")
        assert "to remove" in screen_text(app)
        await save(pilot)
        assert not isinstance(app.screen, SettingsScreen)
        assert any("Archived duty events: it has hours." in n for n in notifications(app))

    renamed = seeded.duty("calls")
    assert (renamed.name, renamed.aliases) == ("meetings & calls", ("meeting", "calls"))
    assert seeded.duty("fundraising").social
    events = seeded.duty("events")
    assert events.id == events_id and events.archived
    with pytest.raises(NotFoundError):
        seeded.duty("promotional material")


async def test_a_duty_renamed_over_the_log_is_named_anew_in_its_footer(seeded: Store) -> None:
    """The log's footer is left alone while the settings cover it, and follows what they
    changed once it shows again."""
    social = duty_key(seeded, "social media")
    app = app_on(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l")
        await wait_until(pilot, lambda: "1 social media" in footer_line(app), what="the log")
        await open_settings(pilot)
        await open_item(pilot, "duties", social)
        await fill(pilot, "name", "socials")
        await pilot.press("enter")
        await pilot.pause()
        await save(pilot)
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, LogScreen) and "1 socials" in footer_line(app),
            what=lambda: f"{type(app.screen).__name__}: {footer_line(app)!r}",
        )


def footer_line(app: App) -> str:
    return screen_text(app).splitlines()[-1]


async def test_duties_can_swap_names(seeded: Store) -> None:
    events, meetings = seeded.duty("events").id, seeded.duty("meetings").id
    app = app_on(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_settings(pilot)
        # Both at once, as two dialogs in a row would leave them.
        rows = {row.key: row for row in screen.duties}
        rows[f"d{events}"].fields = replace(rows[f"d{events}"].fields, name="meetings", aliases=())
        rows[f"d{meetings}"].fields = replace(
            rows[f"d{meetings}"].fields, name="events", aliases=()
        )
        await save(pilot)
        assert not isinstance(app.screen, SettingsScreen), note(pilot, "form-error")
    assert seeded.duty("meetings").id == events
    assert seeded.duty("events").id == meetings


async def test_a_refusal_half_way_saves_nothing(seeded: Store) -> None:
    before = seeded.duty("newsletters").aliases
    app = app_on(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_settings(pilot)
        await fill(pilot, "hours_per_week", "28")
        for name in ("newsletters", "events"):
            await open_item(pilot, "duties", duty_key(seeded, name))
            await fill(pilot, "aliases", f"{name[:4]}x")
            await pilot.press("enter")
            await pilot.pause()
        with Store.open(seeded.path) as cli:  # meanwhile, from the command line
            cli.update_duty("events", new_name="fairs")  # followed: rows know their ids
            cli.add_duty("galas", aliases=["evenx"])  # takes the alias the screen will give
        await save(pilot)
        assert isinstance(app.screen, SettingsScreen)
        message = note(pilot, "form-error")
        assert message.startswith("Nothing saved: ") and "evenx" in message
        assert seeded.duty("newsletters").aliases == before  # rolled back with the rest
        assert not config_path().exists()
        # The edits are still on the screen: the person fixes the cause and saves again.
        await open_item(pilot, "duties", duty_key(seeded, "fairs"))
        await fill(pilot, "aliases", "fairx")
        await pilot.press("enter")
        await pilot.pause()
        await save(pilot)
        assert not isinstance(app.screen, SettingsScreen), note(pilot, "form-error")
    assert seeded.duty("newsletters").aliases == ("newsx",)
    assert seeded.duty("fairs").aliases == ("fairx",)
    assert load_settings().hours_per_week == 28
    # One step for `u`: the whole save.
    assert seeded.undo() == "save the settings"
    assert seeded.duty("newsletters").aliases == before


async def test_platforms_are_edited_added_and_removed(seeded: Store) -> None:
    facebook = platform_key(seeded, "Facebook")
    app = app_on(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_settings(pilot)
        await open_item(pilot, "platforms", facebook)
        assert isinstance(app.screen, PlatformDialog)
        await fill(pilot, "colour", "blue")
        await fill(pilot, "name", "Instagram")
        await fill(pilot, "char_limit", "lots")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlatformDialog)
        assert note(pilot, "colour-note") == ("Colour: must look like \"#1877F2\" (got 'blue')")
        assert note(pilot, "name-note") == (
            "Platform name: 'Instagram' is already used by platform 'Instagram'"
        )
        assert "Character limit: must be a whole number from 1 to 1,000,000 (got 'lots')" in note(
            pilot, "char_limit-note"
        )
        # What the store or the file would refuse is refused here, before anything is saved.
        await fill(pilot, "char_limit", "99999999999999999999999")
        await fill(pilot, "name", "M" * 81)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "from 1 to 1,000,000" in note(pilot, "char_limit-note")
        assert "name is 81 characters long; the limit is 80" in note(pilot, "name-note")
        await fill(pilot, "name", "Facebook")
        await fill(pilot, "colour", "#000000")
        await fill(pilot, "char_limit", "")
        await fill(pilot, "default_duty", "events")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)

        await press_on(pilot, "platforms", facebook, "a")
        await fill(pilot, "name", "Mastodon")
        await fill(pilot, "tag", "MA")
        await fill(pilot, "colour", "#6364FF")
        await fill(pilot, "char_limit", "500")
        await fill(pilot, "default_duty", "social")  # an alias
        await pilot.press("ctrl+s")
        await pilot.pause()

        await press_on(pilot, "platforms", platform_key(seeded, "Threads"), "d")  # has a post
        await press_on(pilot, "platforms", platform_key(seeded, "TikTok"), "d")
        await save(pilot)
        assert not isinstance(app.screen, SettingsScreen), note(pilot, "form-error")

    fb = seeded.platform("Facebook")
    assert (fb.colour, fb.char_limit, fb.default_duty) == ("#000000", None, "events")
    mastodon = seeded.platform("Mastodon")
    assert (mastodon.tag, mastodon.colour, mastodon.char_limit, mastodon.default_duty) == (
        "MA",
        "#6364FF",
        500,
        "social media",
    )
    assert seeded.platform("Threads").archived
    with pytest.raises(NotFoundError):
        seeded.platform("TikTok")


async def test_an_archived_platform_can_be_restored(seeded: Store) -> None:
    seeded.remove_platform("Threads")  # it has a post: archived
    app = app_on(seeded)
    threads = platform_key(seeded, "Threads")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_settings(pilot)
        assert "archived" in screen_text(app)
        await press_on(pilot, "platforms", threads, "d")
        await save(pilot)
    assert not seeded.platform("Threads").archived


async def test_the_demo_saves_its_settings_beside_its_database() -> None:
    from tests.conftest import NOW
    from tui.app import build_app
    from tui.cli import Env

    real = config_path()
    real.parent.mkdir(parents=True, exist_ok=True)
    real.write_text("# mine, with a comment\n[work]\nhours_per_week = 28\n", encoding="utf-8")
    env = Env(None, demo=True, now_text="2026-11-23T15:00")
    try:
        assert env.settings.hours_per_week == 35  # the demo starts from the defaults
        settings = load_settings(env.settings_file)
        store = env.store
        app = build_app(store, settings, NOW)
        # Each view built as its key first shows it, as make_app does (tests/tui/conftest.py):
        # the views and dialogs built ahead were half of this test's CPU.
        app.BUILT_AHEAD = ()  # type: ignore[misc]
        app.KEPT_AHEAD = ()  # type: ignore[misc]
        async with app.run_test(size=(120, 40)) as pilot:
            await open_settings(pilot)
            await fill(pilot, "hours_per_week", "30")
            await save(pilot)
        assert load_settings(env.settings_file).hours_per_week == 30
        assert env.settings_file.parent == env.db_path.parent
        assert real.read_text(encoding="utf-8").startswith("# mine, with a comment")
    finally:
        env.close()


async def test_a_hand_written_file_is_flagged_before_it_is_rewritten(seeded: Store) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# my notes\n[work]\nhours_per_week = 30 # since March\n", encoding="utf-8")
    app = app_on(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_settings(pilot)
        assert "edited by hand" in note(pilot, "file-problem")
        await save(pilot)
        assert "# my notes" not in path.read_text(encoding="utf-8")
        assert load_settings().hours_per_week == 30
        await open_settings(pilot)  # the file read again as the screen opens
        assert note(pilot, "file-problem") == ""  # Calepin's own layout now


async def test_a_duty_named_twice_in_the_split_gets_both_shares(seeded: Store) -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        '[job_description]\nsocial = 20\n"social media" = 30\nevents = 50\n', encoding="utf-8"
    )
    app = app_on(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_settings(pilot)
        assert screen.query_one(f"#{duty_key(seeded, 'social media')}-share", Input).value == "50"
        assert "no such duty" not in screen_text(app)
        await save(pilot)
        assert not isinstance(app.screen, SettingsScreen), note(pilot, "form-error")
    assert dict(load_settings().job_description) == {"social media": 50, "events": 50}


async def test_a_new_zone_asks_what_posts_keep_and_moves_every_post(seeded: Store) -> None:
    from tui.dialogs.choice import ChoiceDialog

    timed = {p.id: p for p in seeded.all_posts() if p.time is not None and not p.is_recurring}
    app = app_on(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_settings(pilot)
        assert app.screen.query_one("#timezone", Input).value == "America/Toronto"
        assert note(pilot, "timezone-note") == "the database's home zone"
        await fill(pilot, "timezone", "Europe/Paris")
        await save(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        labels = [label for _, label in app.screen.choices]
        assert labels[1] == "Their moment: 11:30 in America/Toronto becomes 17:30 in Europe/Paris"
        await pilot.press("escape")  # no answer: nothing saved, said next to the zone
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        assert note(pilot, "timezone-note").startswith("Nothing saved: choose whether posts")
        assert seeded.zone_name == "America/Toronto" and not config_path().exists()
        await save(pilot)
        await pilot.press("2")  # their moment
        await pilot.pause()
        assert not isinstance(app.screen, SettingsScreen)
    assert seeded.zone_name == "Europe/Paris"
    assert {p.timezone for p in seeded.all_posts()} == {"Europe/Paris"}
    for post_id, before in timed.items():
        assert seeded.get_post(post_id).starts_at == before.starts_at
    data = tomllib.loads(config_path().read_text(encoding="utf-8"))
    assert data["calendar"]["timezone"] == "Europe/Paris"


async def test_cancelled_posts_kept_in_calendars_is_a_setting_saved_to_both(
    seeded: Store,
) -> None:
    """Issue 14: how long exports carry a deleted post as cancelled, on the screen; saved to
    the store (which exports read) and to the file, in the same save."""
    from storage.settings import stored_cancelled_days

    app = app_on(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_settings(pilot)
        assert app.screen.query_one("#cancelled_days", Input).value == "90"
        assert "0 = never" in note(pilot, "cancelled_days-note")
        await fill(pilot, "cancelled_days", "0")
        await save(pilot)
        assert not isinstance(app.screen, SettingsScreen), note(pilot, "form-error")
        assert stored_cancelled_days(seeded) == 0
        data = tomllib.loads(config_path().read_text(encoding="utf-8"))
        assert data["export"] == {"cancelled_days": 0}
        screen = await open_settings(pilot)  # the kept screen, refilled
        assert screen.query_one("#cancelled_days", Input).value == "0"


async def test_the_kept_settings_screen_opens_on_what_was_saved_and_drops_what_was_not(
    seeded: Store,
) -> None:
    app = app_on(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        first = await open_settings(pilot)
        await fill(pilot, "hours_per_week", "28")
        await save(pilot)
        again = await open_settings(pilot)
        assert again is first  # refilled, not rebuilt
        assert again.query_one("#hours_per_week", Input).value == "28"
        await fill(pilot, "hours_per_week", "0")
        await save(pilot)  # refused: stays open, in the field's words
        assert note(pilot, "hours_per_week-note").startswith("Hours per week: must be")
        await pilot.press("escape")
        await pilot.pause()
        if isinstance(app.screen, ConfirmDialog):
            await pilot.press("y")
            await pilot.pause()
        screen = await open_settings(pilot)
        assert screen.query_one("#hours_per_week", Input).value == "28"
        assert note(pilot, "hours_per_week-note") == ""
        assert not screen.changed


async def test_the_split_is_filled_from_the_hours_logged(seeded: Store) -> None:
    """Issue 15: a starting job description from the log (storage.accounting's split), to
    adjust; nothing is saved until the screen is."""
    from storage.accounting import suggested_job_split
    from tests.conftest import NOW

    first = seeded.first_entry_day()
    assert first is not None
    expected = dict(suggested_job_split(seeded, first, NOW.date(), now=NOW))
    assert expected and sum(expected.values()) == 100
    app = app_on(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#suggest-split").focus()
        await pilot.press("enter")
        await pilot.pause()
        filled = {
            row.fields.name: screen.query_one(f"#{row.key}-share", Input).value
            for row in screen.duties
        }
        assert {name: int(v) for name, v in filled.items() if v} == expected
        assert note(pilot, "share-total").startswith("adds up to 100 % · from the hours logged")
        assert not config_path().exists()  # not saved yet
        await save(pilot)
        assert not isinstance(app.screen, SettingsScreen), note(pilot, "form-error")
    data = tomllib.loads(config_path().read_text(encoding="utf-8"))
    assert data["job_description"] == expected


async def test_the_kept_settings_screen_is_built_anew_when_the_duties_changed(
    seeded: Store,
) -> None:
    app = app_on(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        first = await open_settings(pilot)
        await pilot.press("escape")
        await pilot.pause()
        seeded.add_duty("fundraising")  # as the command line would, while the app runs
        again = await open_settings(pilot)
        assert again is not first
        names = [str(label.render()) for label in again.query(".share-label").results()]
        assert "fundraising" in names
        await pilot.press("escape")
        await pilot.pause()
        assert await open_settings(pilot) is again  # kept in its turn
