"""The dialogs in French (Québec's conventions): every word a dialog writes itself is French,
nothing cut, on a database created in French; the post editor's pictures at 120×40 and 80×24.

User text (titles, platform, duty and campaign names) is taken out before looking for English
words (tests/english.py): what is left is the dialog's own wording. Update the pictures with
`pytest tests/tui/test_french_dialogs.py --snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import Select, Static, TextArea

from storage import EntryDraft, PostDraft, Store, i18n
from tests.conftest import NOW, ZONE, ZONE_NAME
from tests.english import english_words
from tests.tui.conftest import at, day, put, screen_text, wait_until
from tests.tui.test_snapshots import SIZES, settle
from tui.dialogs import ConfirmDialog, FilterDialog, PostFilter, PostFormDialog

TUESDAY = dt.date(2026, 11, 24)


@pytest.fixture
def store_fr(french: str, tmp_path: Path) -> Iterator[Store]:
    """A database created in French (French duty, activity and platform names) holding a
    few posts and hours typed in French."""
    with Store.open(tmp_path / "calepin.db", zone_name=ZONE_NAME) as store:
        store.add_campaign("Foire d'hiver", colour="#D0021B", start=day(-7), end=day(20))
        store.add_post(
            PostDraft(
                "Vidéo teaser de la foire",
                "Facebook",
                day(0),
                dt.time(10),
                status="drafting",
                campaign="Foire d'hiver",
                estimate_minutes=90,
                body="Ce soir à 19 h, la foire d'hiver ouvre ses portes !",
                notes="Demander les photos à Sam",
                link="https://exemple.org/foire",
            )
        )
        store.add_post(
            PostDraft(
                "Astuce de la semaine",
                "Bluesky",
                day(-5),
                dt.time(9),
                rrule="FREQ=WEEKLY;BYDAY=WE",
                estimate_minutes=15,
            )
        )
        store.add_post(PostDraft("Vieille idée", "Threads"))
        social = store.duties()[0].name
        store.add_entry(EntryDraft(social, at(0, 9), at(0, 11), activity="animation"))
        store.add_entry(EntryDraft("événements", at(0, 11), at(0, 12, 30)))
        yield store


class Host(App[None]):
    """Pushes one dialog and records what it dismisses with."""

    def __init__(self, dialog: Screen[Any]) -> None:
        super().__init__()
        self.dialog = dialog
        self.results: list[Any] = []

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self.results.append)

    async def show(self, dialog: Screen[Any]) -> None:
        """Close the dialog showing and show `dialog` in its place: one app for many dialogs
        (an app started and a French database made per dialog were most of their CPU)."""
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        self.dialog = dialog
        await self.push_screen(dialog, self.results.append)


def post_form(store: Store, **kwargs: Any) -> PostFormDialog:
    options: dict[str, Any] = {
        "post": None,
        "day": None,
        "platforms": store.platforms(),
        "campaigns": store.campaigns(),
        "now": NOW,
        "validate": store.validate_post,
    }
    options.update(kwargs)
    return PostFormDialog(**options)


def user_words(store: Store) -> list[str]:
    """Everything the person named: it stays as typed, in whatever language."""
    names = [p.title for p in store.all_posts()]
    names += [p.name for p in store.platforms()] + [p.tag for p in store.platforms()]
    names += [d.name for d in store.duties()] + [a.name for a in store.activities()]
    names += [c.name for c in store.campaigns()]
    return sorted(names, key=len, reverse=True)


def french_only(text: str, store: Store) -> list[str]:
    """The English words left once user text and file paths (the test's folders) are out."""
    for name in user_words(store):
        text = text.replace(name, " ")
    return english_words(re.sub(r"\S*/\S*", " ", text))


def _entry_form(store: Store) -> Screen[Any]:
    from tui.dialogs.entry_form import EntryFormDialog

    entry = store.all_entries()[0]
    posts = [(p.id, p.title) for p in store.all_posts()]
    return EntryFormDialog(
        duties=store.duties(),
        activities=store.activities(),
        zone=ZONE,
        today=NOW.date(),
        entry=entry,
        posts=posts,
    )


def _export(store: Store) -> Screen[Any]:
    from tui.dialogs.export import ExportDialog

    return ExportDialog(store, NOW)


def _import(store: Store) -> Screen[Any]:
    from tui.dialogs.import_meetings import ImportMeetingsDialog

    return ImportMeetingsDialog(store, NOW)


def _day_off(store: Store) -> Screen[Any]:
    from tui.dialogs.day_off import DayOffDialog

    return DayOffDialog(TUESDAY, NOW.date(), store.days_off())


def _report(store: Store) -> Screen[Any]:
    from storage.settings import Settings
    from tui.dialogs.report_export import ReportExportDialog

    return ReportExportDialog(store, NOW, Settings(), TUESDAY - dt.timedelta(days=1), TUESDAY)


def _overlap(store: Store) -> Screen[Any]:
    from tui.dialogs.overlap import OverlapDialog

    # The summary, reasons and effects are the commands layer's (tests/storage: in French).
    return OverlapDialog(
        "réunions 10:00-11:00",
        ["chevauche la saisie #1"],
        overlapping=True,
        effects={"trim": ["#1 9:00-10:00"], "split": ["#1 9:00-10:00", "#1 11:00-12:00"]},
    )


def _copy(store: Store) -> Screen[Any]:
    from tui.dialogs import CopyToPlatformsDialog

    post = next(p for p in store.all_posts() if p.estimate_minutes)
    return CopyToPlatformsDialog(post, store.platforms())


def _publish(store: Store) -> Screen[Any]:
    from tui.dialogs import PublishDialog

    return PublishDialog(store.all_posts()[0])


def _schedule(store: Store) -> Screen[Any]:
    from tui.dialogs.schedule import ScheduleDialog

    return ScheduleDialog(store.all_posts()[0].title, NOW)


def _split(store: Store) -> Screen[Any]:
    from tui.dialogs.split import SplitDialog

    return SplitDialog(store.all_entries()[0], ZONE)


def _gap(store: Store) -> Screen[Any]:
    from tui.dialogs.gap_fill import GapFillDialog

    return GapFillDialog(store.duties(), at(0, 12, 30), at(0, 14, 15), ZONE)


def _duty(store: Store) -> Screen[Any]:
    from tui.dialogs.duty_form import DutyDialog, DutyFields

    return DutyDialog(DutyFields("événements", ("événement",)), {})


def _platform(store: Store) -> Screen[Any]:
    from tui.dialogs.platform_form import PlatformDialog

    return PlatformDialog(None, {}, {d.name.casefold(): d.name for d in store.duties()})


def _outcome(store: Store) -> Screen[Any]:
    from tui.dialogs.outcome_form import OutcomeDialog

    return OutcomeDialog([p.name for p in store.platforms()], "2026-11", [])


def _duty_picker(store: Store) -> Screen[Any]:
    from tui.dialogs.duty_picker import DutyPickerDialog

    return DutyPickerDialog(store.duties())


def _choice(store: Store) -> Screen[Any]:
    from tui.dialogs import ChoiceDialog

    return ChoiceDialog("Astuce de la semaine", [("one", "Vieille idée"), ("all", "Vieille idée")])


def _goto(store: Store) -> Screen[Any]:
    from tui.dialogs import GotoDialog

    return GotoDialog(NOW)


DIALOGS: dict[str, Callable[[Store], Screen[Any]]] = {
    "post editor": lambda store: post_form(store, day=TUESDAY, default_time=dt.time(9, 30)),
    "post editor, a post": lambda store: post_form(
        store,
        post=next(p for p in store.all_posts() if p.rrule),
        logged_minutes=20,
    ),
    "entry form": _entry_form,
    "filter": lambda store: FilterDialog(store.platforms(), store.campaigns(), PostFilter()),
    "export": _export,
    "import meetings": _import,
    "day off": _day_off,
    "confirm": lambda store: ConfirmDialog(
        i18n._("Discard changes?"), yes=i18n._("Discard"), no=i18n._("Keep editing")
    ),
    "report export": _report,
    "overlap": _overlap,
    "copy to platforms": _copy,
    "publish": _publish,
    "schedule": _schedule,
    "split": _split,
    "gap fill": _gap,
    "duty form": _duty,
    "platform form": _platform,
    "outcome form": _outcome,
    "duty picker": _duty_picker,
    "choice": _choice,
    "go to": _goto,
}


def _rendered(widget: Static) -> str:
    return " ".join(str(widget.render()).split())


def _rows(app: App[Any], region: Any) -> list[str]:
    """What the terminal shows in a region, row by row."""
    lines = screen_text(app).split("\n")
    return [row[region.x : region.right] for row in lines[region.y : region.bottom]]


def cut_or_split(app: App[Any]) -> list[str]:
    """The dialog's own words shown cut (a line too short) or split inside a word that would
    have fitted on a line (a path longer than the line has to go on the next one)."""
    found = []
    visible = app.screen._compositor.visible_widgets
    for widget in app.screen.query(".dialog-title, .keys, .label, Label, .note, .message"):
        if not isinstance(widget, Static) or widget not in visible:
            continue
        region, clip = visible[widget]
        if clip.intersection(region) != region:
            continue  # scrolled partly out of sight: the scroll, not the words
        wanted = _rendered(widget)
        rows = _rows(app, widget.content_region)
        if "".join(wanted.split()) != "".join("".join(rows).split()):
            found.append(f"{wanted!r} shows as {rows!r}")
            continue
        words = set(wanted.split())
        for above, below in itertools.pairwise(rows):
            if above.strip() and below.strip() and not above[-1:].isspace() and below[:1].strip():
                word = above.split()[-1] + below.split()[0]
                if word in words and len(word) <= len(above):
                    found.append(f"{word!r} split in {rows!r}")
    return found


async def opened(pilot: Any, app: Host) -> str:
    await wait_until(pilot, lambda: app.screen is app.dialog, what="the dialog")
    await pilot.pause()
    return screen_text(app)


async def test_each_dialog_in_french(store_fr: Store) -> None:
    """Each dialog in turn in one app; every one is looked at, then those that failed are
    named with what they showed."""
    problems: dict[str, str] = {}
    names = list(DIALOGS)
    app = Host(DIALOGS[names[0]](store_fr))
    async with app.run_test(size=(80, 24)) as pilot:
        for number, name in enumerate(names):
            if number:
                await app.show(DIALOGS[name](store_fr))
            text = await opened(pilot, app)
            english, cut = french_only(text, store_fr), cut_or_split(app)
            if english or cut:
                problems[name] = f"English {english}, cut or split {cut}:\n{text}"
    assert not problems, "\n\n".join(f"{name}: {said}" for name, said in problems.items())


async def refused(pilot: Any, app: Host, store: Store, *expected: str) -> None:
    """After a refusal: the French words expected, no English, nothing cut."""
    await pilot.pause()
    text = screen_text(app)
    said = [_rendered(w) for w in app.screen.query(Static) if w.display]
    for words in expected:
        assert any(words in line for line in said), text
    assert french_only(text, store) == [], text
    assert cut_or_split(app) == [], text


async def test_post_editor_refusals_in_french(store_fr: Store) -> None:
    app = Host(post_form(store_fr))
    async with app.run_test(size=(120, 40)) as pilot:
        await opened(pilot, app)
        await put(pilot, "when", "n'importe quand")
        await put(pilot, "estimate", "beaucoup")
        platform = app.dialog.query_one("#platform", Select)
        platform.value = "X"
        body = app.dialog.query_one("#body", TextArea)
        body.load_text("é" * 300)
        await pilot.press("ctrl+s")
        await refused(
            pilot,
            app,
            store_fr,
            "le titre ne peut pas être vide",
            "corrigez les champs en rouge",
            "20 de trop pour la limite de X",
        )
        assert app.results == []


async def test_entry_form_refusal_in_french(store_fr: Store) -> None:
    app = Host(_entry_form(store_fr))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        await put(pilot, "start", "11:00")
        await put(pilot, "end", "09:00")
        await pilot.press("ctrl+s")
        await refused(
            pilot,
            app,
            store_fr,
            "À (09:00) ne vient pas après De (11:00)",
            "« finit le lendemain »",
        )
        assert app.results == []


async def test_small_dialogs_refusals_in_french(store_fr: Store, tmp_path: Path) -> None:
    cases: list[tuple[Screen[Any], dict[str, str], str]] = []
    for dialog, typed, expected in [
        (_day_off(store_fr), {"days": ""}, "tapez un jour ou une période"),
        (
            FilterDialog(store_fr.platforms(), store_fr.campaigns(), PostFilter()),
            {"words": " ".join(f"mot{n}" for n in range(30))},
            "au plus",
        ),
        (_import(store_fr), {"path": ""}, "tapez le chemin d'un fichier .ics"),
        (_import(store_fr), {"path": str(tmp_path / "absent.ics")}, "aucun fichier"),
        (_export(store_fr), {"path": str(tmp_path)}, "est un dossier ; ajoutez un nom de fichier"),
        (_platform(store_fr), {"name": "Facebook", "tag": "TROPLONG", "colour": "rouge"},
         "Étiquette : 4 caractères au plus"),
    ]:  # fmt: skip
        cases.append((dialog, typed, expected))
    app = Host(cases[0][0])
    async with app.run_test(size=(80, 24)) as pilot:  # one app, each dialog in turn
        for number, (dialog, typed, expected) in enumerate(cases):
            if number:
                await app.show(dialog)
            await opened(pilot, app)
            for field, text in typed.items():
                await put(pilot, field, text)
            await pilot.press("enter")
            try:
                await refused(pilot, app, store_fr, expected)
            except AssertionError as exc:
                raise AssertionError(f"{type(dialog).__name__}, {typed}: {exc}") from None
            assert app.results == [], f"{type(dialog).__name__}, {typed}"


async def test_copy_asks_for_a_platform_in_french(store_fr: Store) -> None:
    app = Host(_copy(store_fr))
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(pilot, app)
        await pilot.press("ctrl+s")
        await refused(pilot, app, store_fr, "cochez au moins une plateforme (espace)")


def test_the_report_formats_say_email_as_france_does(store_fr: Store) -> None:
    from tui.dialogs.report_export import FORMATS

    labels = [i18n._(label) for label, _format in FORMATS]
    assert "Markdown : à coller dans un courriel" in labels
    i18n.set_language("fr_FR")
    try:
        labels = [i18n._(label) for label, _format in FORMATS]
    finally:
        i18n.set_language("fr")
    assert "Markdown : à coller dans un e-mail" in labels
    assert "HTML : une page à imprimer ou à joindre" in labels  # the rest as in Québec


def test_a_report_file_name_in_french_keeps_its_letters(french: str) -> None:
    from tui.dialogs.report_export import default_name

    assert default_name("Semaine du lun. 7 déc. 2026", "md") == (
        "calepin-rapport-semaine-du-lun-7-dec-2026.md"
    )


# ---------------------------------------------------------------- pictures


@pytest.mark.parametrize("size", SIZES)
def test_post_editor_in_french(snap_compare, store_fr: Store, size: tuple[int, int]) -> None:
    post = next(p for p in store_fr.all_posts() if p.campaign)
    app = Host(post_form(store_fr, post=post, logged_minutes=30))

    async def run_before(pilot: Any) -> None:
        await opened(pilot, app)
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_what_a_typed_line_did_in_french(store_fr: Store) -> None:
    from storage import commands
    from tui.dialogs.overlap import done_text

    timer, _stopped = store_fr.start_timer("réunions", at(0, 14))
    stopped = store_fr.stop_timer(at(0, 15, 30))
    plan = commands.Plan(None, "réunions 14:00-15:30")
    said = [
        done_text(commands.Done(plan, saved=stopped)),
        done_text(commands.Done(plan, started=timer, dropped=timer)),
        done_text(commands.Done(plan, stopped=stopped)),
        done_text(commands.Done(plan)),
    ]
    assert said == [
        "Enregistré : réunions 14:00-15:30",
        "Chrono lancé sur réunions. Le chrono de réunions a tourné moins d'une minute :"
        " non conservé, rien n'est enregistré.",
        "Chrono de réunions arrêté après 1 h 30.",
        "Aucun chrono en cours.",
    ]
    assert [english_words(text) for text in said] == [[]] * 4


async def test_the_app_opens_its_dialogs_in_french(store_fr: Store) -> None:
    """Through the app's own keys: the kept dialogs (built after the first frame) too. Only
    the dialogs these keys open are built ahead (building the views and the settings too was
    most of the CPU), all in one app, each key in turn, back to the week between them."""
    from tests.tui.conftest import make_app
    from tui.dialogs.export import ExportDialog
    from tui.dialogs.import_meetings import ImportMeetingsDialog
    from tui.kept import kept
    from tui.screens.week import WeekScreen

    cases: list[tuple[str, type[Screen[Any]], str]] = [
        ("n", PostFormDialog, "post_form"),
        ("slash", FilterDialog, "filter"),
        ("x", ExportDialog, "export"),
        ("X", ImportMeetingsDialog, "import_meetings"),
    ]
    app = make_app(store_fr, built_ahead=True)
    app.BUILT_AHEAD = ()  # type: ignore[misc]
    app.KEPT_AHEAD = tuple(name for _key, _dialog, name in cases)  # type: ignore[misc]
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(
            pilot,
            lambda: all(kept(app, dialog) is not None for _key, dialog, _name in cases),
            what="the four dialogs built and kept",
        )
        for key, dialog, _name in cases:
            built = kept(app, dialog)
            await pilot.press(key)
            await wait_until(
                pilot, lambda cls=dialog: isinstance(app.screen, cls), what=dialog.__name__
            )
            assert app.screen is built, f"{key} opened another {dialog.__name__}"
            await pilot.pause()
            said = " ".join(_rendered(w) for w in app.screen.query(Static) if w.display)
            assert french_only(said, store_fr) == [], f"{key}: {said}"
            assert cut_or_split(app) == [], key
            await pilot.press("escape")
            await wait_until(
                pilot, lambda: isinstance(app.screen, WeekScreen), what=f"{key}: back to the week"
            )
