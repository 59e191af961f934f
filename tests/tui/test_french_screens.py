"""The main screens in French (Québec's conventions): week, month, log and summary pictures at
120×40 and 80×24, and no English word left on any of them, backlog included.

The data is the snapshot tests' week (tests/tui/conftest.py) as a francophone office would
have typed it: French titles, duty, activity and platform names. Update the pictures with
`pytest tests/tui/test_french_screens.py --snapshot-update` and look at the SVGs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest

from storage import EntryDraft, PostDraft, Store
from storage.migrations import DEFAULT_ACTIVITIES, DEFAULT_DUTIES, FRENCH_NAMES
from tests.conftest import NOW, ZONE_NAME
from tests.english import english_words
from tests.tui.conftest import at, day, make_app, screen_text, wait_until
from tests.tui.test_snapshots import SIZES, keys

# What a new database names in English, as a database created in French names it.
DUTIES = {name: FRENCH_NAMES[name] for name, _aliases, _social in DEFAULT_DUTIES}
ACTIVITIES = {name: FRENCH_NAMES[name] for name, _aliases in DEFAULT_ACTIVITIES}
PLATFORMS = {"Newsletter": "Infolettre", "Website": "Site web"}


def _in_french(store: Store) -> None:
    """Duty, activity and platform names in French (a French database may already have them)."""
    for old, new in DUTIES.items():
        if any(d.name == old for d in store.duties(include_archived=True)):
            store.update_duty(old, new_name=new)
    with store.transaction() as conn:
        for old, new in ACTIVITIES.items():
            # The English name stays an alias, as in a database created in French.
            conn.execute(
                "UPDATE activities SET name = ?, aliases = trim(coalesce(aliases, '') || ',' || ?, ',')"
                " WHERE name = ?",
                (new, old, old),
            )
    for old, new in PLATFORMS.items():
        if any(p.name == old for p in store.platforms(include_archived=True)):
            store.update_platform(old, new_name=new)


def _seed(store: Store) -> None:
    """tests/tui/conftest.py's week, typed in French."""
    _in_french(store)
    store.add_campaign("Foire d'hiver", colour="#D0021B", start=day(-7), end=day(20))
    add = store.add_post
    add(
        PostDraft("Bilan du conseil", "LinkedIn", day(0), None, status="ready", estimate_minutes=45)
    )
    add(
        PostDraft(
            "Vidéo teaser de la foire",
            "Facebook",
            day(0),
            dt.time(10),
            status="drafting",
            campaign="Foire d'hiver",
            estimate_minutes=90,
        )
    )
    add(
        PostDraft(
            "Heures de la bibliothèque", "Instagram", day(1), dt.time(14, 30), status="scheduled"
        )
    )
    add(PostDraft("Infolettre no 48", "Infolettre", day(3), dt.time(8), estimate_minutes=120))
    add(PostDraft("Bilan publié", "X", day(4), dt.time(12), status="published"))
    add(
        PostDraft(
            "Astuce de la semaine",
            "Bluesky",
            day(-5),
            dt.time(9),
            rrule="FREQ=WEEKLY;BYDAY=WE",
            estimate_minutes=15,
        )
    )
    add(PostDraft("Merci du mardi je donne", "Facebook", day(8), dt.time(11)))
    add(PostDraft("Vieille idée", "Threads"))
    add(PostDraft("Coulisses en reel", "Instagram", campaign="Foire d'hiver"))
    store.add_entry(EntryDraft("médias sociaux", at(0, 9), at(0, 11), activity="animation"))
    store.add_entry(EntryDraft("événements", at(0, 11), at(0, 12, 30)))
    store.start_timer("médias sociaux", at(0, 14, 15))
    with store.transaction() as conn:  # when each idea was added: the same every day
        conn.execute("UPDATE posts SET created_at = '2026-11-22T15:00:00Z'")


@pytest.fixture
def seeded_fr(french: str, store: Store) -> Iterator[Store]:
    # Through a second connection, as tests/tui/conftest.py seeds: not in the undo history.
    with Store.open(store.path, zone_name=ZONE_NAME) as other:
        _seed(other)
    yield store


def user_words(store: Store) -> set[str]:
    """The words the person typed, which the screens show as they are (and wrap or cut with
    … where a card is narrow): titles, duty, activity, platform and campaign names."""
    names = [p.title for p in store.all_posts()]
    names += [d.name for d in store.duties(include_archived=True)]
    names += [a.name for a in store.activities()]
    names += [p.name for p in store.platforms(include_archived=True)]
    names += [c.name for c in store.campaigns()]
    return {word.lower() for name in names for word in re.findall(r"[A-Za-zÀ-ÿ']+", name)}


def english_left(text: str, store: Store) -> list[str]:
    typed = user_words(store)
    return [word for word in english_words(text) if word not in typed]


# ---------------------------------------------------------------- pictures


@pytest.mark.parametrize("size", SIZES)
def test_week_in_french(snap_compare, seeded_fr: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(seeded_fr), terminal_size=size, run_before=keys("down"))


@pytest.mark.parametrize("size", SIZES)
def test_month_in_french(snap_compare, seeded_fr: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(seeded_fr), terminal_size=size, run_before=keys("m"))


@pytest.mark.parametrize("size", SIZES)
def test_summary_in_french(snap_compare, seeded_fr: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(seeded_fr), terminal_size=size, run_before=keys("r"))


def _more_duties(store: Store) -> None:
    # Monday morning on more duties: the week's totals wrap between duties at 80 columns.
    for offset, duty in enumerate(["infolettres", "contenu web", "relations de presse"]):
        store.add_entry(EntryDraft(duty, at(0, 1 + 2 * offset), at(0, 2 + 2 * offset, 30)))


@pytest.mark.parametrize("size", SIZES)
def test_log_in_french(snap_compare, seeded_fr: Store, size: tuple[int, int]) -> None:
    _more_duties(seeded_fr)
    assert snap_compare(make_app(seeded_fr), terminal_size=size, run_before=keys("l"))


# ---------------------------------------------------------------- no English left


SCREENS = [
    ("week", ()),
    ("month", ("m",)),
    ("log", ("l",)),
    ("summary", ("r",)),
    ("backlog", ("b",)),
]


@pytest.mark.parametrize("size", SIZES)
async def test_no_english_left(seeded_fr: Store, size: tuple[int, int]) -> None:
    """Each view of SCREENS in turn, in one app per size, reached from the week by its key;
    at 120×40 the same views then show words and numbers the Québec way."""
    _more_duties(seeded_fr)
    app = make_app(seeded_fr)
    shown = {}
    async with app.run_test(size=size) as pilot:
        for mode, presses in SCREENS:
            app.show_view("week")
            await wait_until(pilot, lambda: app.current_mode == "week", what="the week")
            await pilot.press(*presses)
            await wait_until(pilot, lambda m=mode: app.current_mode == m, what=f"the {mode} view")
            await pilot.pause()
            shown[mode] = text = screen_text(app)
            left = english_left(text, seeded_fr)
            assert not left, f"English on the {mode} view: {left}\n{text}"
    if size == (120, 40):
        words_and_numbers_the_quebec_way(shown)


def words_and_numbers_the_quebec_way(shown: dict[str, str]) -> None:
    """Decimal commas, Québec's compact clock in the log's columns, French plurals (in what
    each view showed at 120×40, by mode)."""
    log, summary, month, backlog = (shown[m] for m in ("log", "summary", "month", "backlog"))
    assert "Journal · Lundi 23 novembre 2026 · aujourd'hui" in log
    # The end column is as wide as "en cours", so the durations stay in one column.
    assert re.search(r"09h00–11h00 +2 h  médias sociaux / animation", log)
    assert re.search(r"14h15–en cours +45 min  médias sociaux", log)
    lines = log.splitlines()
    ends = [line.index(" min") for line in lines if "–en cours" in line or "30 min" in line]
    assert len(set(ends)) == 1, ends
    assert re.search(r"Jour {5}8 h 45", log)  # "Jour" padded to "Semaine"
    assert "Part des médias sociaux de la semaine\u00a0: 31\u00a0%" in log
    assert "Bilan · Semaine du lun. 23 nov. 2026" in summary
    assert "2,8 h sur 8,8 h consignées" in summary
    assert re.search(r"médias sociaux +█+ 2,8 h  31,4\u00a0%", summary)
    assert "Novembre 2026 · 7 publications" in month
    assert "Banque d'idées · 2 idées" in backlog
    assert "ajoutée le 22 nov." in backlog


def test_english_stays_as_it_was(seeded: Store) -> None:
    """The same helpers in English write what they always wrote."""
    from tui.screens.log import end_width, running_word

    assert (running_word(), end_width()) == ("now", 5)


def test_questions_and_messages_in_french(seeded_fr: Store) -> None:
    from tests.tui.conftest import find
    from tui.screens.base import delete_question
    from tui.screens.summary import capacity_lines

    post = find(seeded_fr, "Bilan du conseil")
    assert delete_question(seeded_fr, post) == (
        "Supprimer «\u00a0Bilan du conseil\u00a0» sur LinkedIn, lun. 23 nov.\u00a0?"
    )
    idea = find(seeded_fr, "Vieille idée")
    assert delete_question(seeded_fr, idea).endswith("sur Threads, dans la banque d'idées\u00a0?")
    from exporters.report import build_report
    from storage.settings import Settings

    report = build_report(seeded_fr, day(0), day(6), now=NOW, settings=Settings())
    assert report.capacity is not None
    lines = [text for text, _kind in capacity_lines(report.capacity)]
    assert lines[0].startswith("4,2 h consignées sur 7,0 h au contrat à ce jour (61\u00a0%)")
    for text in lines:
        assert not english_left(text, seeded_fr), text


@pytest.fixture
def in_france(french: str) -> Iterator[str]:
    from storage import i18n

    yield i18n.set_language("fr_FR")
    i18n.set_language("en")


async def test_log_in_france_reads_its_clock(in_france: str, store: Store) -> None:
    """France writes 14:15 where Québec writes 14h15; the words are the same."""
    with Store.open(store.path, zone_name=ZONE_NAME) as other:
        _seed(other)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        app.show_view("log")
        await wait_until(pilot, lambda: app.current_mode == "log", what="the log")
        await pilot.pause()
        text = screen_text(app)
    assert re.search(r"09:00–11:00 +2 h  médias sociaux / animation", text)
    assert "14:15–en cours" in text
    assert "Journal · Lundi 23 novembre 2026 · aujourd'hui" in text


@pytest.mark.parametrize("count", [0, 1, 2, 7])
def test_counts_take_the_french_plural(french: str, count: int) -> None:
    """French says "0 idée", "1 idée", "2 idées" (gettext's `plural=(n > 1)`, as every part of
    the catalogue declares): the compiled catalogue must not take CLDR's three French forms,
    whose third (for 2, 7 …) no part has, so the English came back."""
    from storage.i18n import ngettext

    text = ngettext("Backlog · {count} idea", "Backlog · {count} ideas", count)
    noun = "idée" if count <= 1 else "idées"
    assert text.format(count=count) == f"Banque d'idées · {count} {noun}"


async def _summary_text(app, pilot, *presses: str) -> str:
    app.show_view("summary")
    await wait_until(pilot, lambda: app.current_mode == "summary", what="the summary")
    await pilot.press(*presses)
    return screen_text(app)


async def test_summary_states_in_french(seeded_fr: Store) -> None:
    """The job description against reality, a split naming no duty, a period to come: French
    words, French numbers, the columns lined up."""
    from storage.settings import Settings

    split = Settings(job_description=(("médias sociaux", 30), ("événements", 70)))
    app = make_app(seeded_fr, settings=split)
    async with app.run_test(size=(120, 50)) as pilot:
        text = await _summary_text(app, pilot, "end")
    assert "Description de poste et réalité" in text
    assert "événements      voulu 70,0\u00a0%  réel 35,3\u00a0%  −12,1 h par semaine" in text
    assert "médias sociaux  voulu 30,0\u00a0%  réel 64,7\u00a0%  +12,1 h par semaine" in text
    assert not english_left(text, seeded_fr)

    app = make_app(seeded_fr, settings=Settings(job_description=(("tricot", 100),)))
    async with app.run_test(size=(120, 50)) as pilot:
        text = await _summary_text(app, pilot, "end")
    assert "La répartition des paramètres nomme «\u00a0tricot\u00a0», qui n'est pas" in text
    assert not english_left(text.replace("tricot", ""), seeded_fr)

    app = make_app(seeded_fr)
    async with app.run_test(size=(80, 24)) as pilot:
        text = await _summary_text(app, pilot, "right_square_bracket", "right_square_bracket")
    assert "% médias sociaux" in text
    assert "Cette période n'a pas commencé" in text
    assert not english_left(text, seeded_fr)


async def test_a_day_with_nothing_logged_in_french(seeded_fr: Store) -> None:
    app = make_app(seeded_fr)
    async with app.run_test(size=(80, 24)) as pilot:
        app.show_view("log")
        await wait_until(pilot, lambda: app.current_mode == "log", what="the log")
        await pilot.press("left_square_bracket")  # Sunday: nothing logged that day
        text = screen_text(app)
    assert "Journal · Dimanche 22 novembre 2026" in text
    assert "aujourd'hui" not in text.splitlines()[0]
    assert re.search(r"Jour {5}rien de consigné", text)
    assert not english_left(text, seeded_fr)


async def test_week_notifications_and_questions_in_french(seeded_fr: Store) -> None:
    from tests.tui.conftest import notifications

    app = make_app(seeded_fr)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")  # Bilan du conseil: ready → scheduled
        await wait_until(pilot, lambda: notifications(app), what="a notification")
        said = notifications(app)
        await pilot.press("d")
        await wait_until(pilot, lambda: "Garder" in screen_text(app), what="the question")
        asked = screen_text(app)
    assert said == ["«\u00a0Bilan du conseil\u00a0» → programmée"]
    # The dialog wraps the question between words, never inside « Bilan du conseil ».
    assert "Supprimer «\u00a0Bilan du conseil\u00a0» sur LinkedIn," in asked
    assert "lun. 23 nov.\u00a0?" in asked
    assert not english_left(asked, seeded_fr)
