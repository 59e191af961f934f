"""The manager's report in French, every format, and the exporters' messages in French.

Golden files on the same fixed four weeks as the English ones (test_report_golden), read
back where a program would (CSV with `;` and decimal commas, JSON, HTML); no English sentence
left once the person's own words (duty, activity and platform names, titles, notes) are taken
out; the same process renders English, French, then English again unchanged (nothing of the
report is formatted at import or kept across languages).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from exporters.csv_import import read_posts_csv
from exporters.ics_import import import_meetings
from exporters.outcomes_csv import read_outcomes_csv
from exporters.report import Report, build_report, render_csv, render_json
from storage import PostDraft, Store, ValidationError, i18n
from storage.demo import fill_demo
from storage.settings import Settings
from tests.english import english_words
from tests.exporters.test_report_golden import (
    FIRST,
    LAST,
    NOW,
    RENDER,
    SETTINGS,
    fill_golden,
    golden_report,
)

GOLDEN = Path(__file__).parent / "golden_report"
FRENCH = {name.replace("report.", "report.fr."): render for name, render in RENDER.items()}
FIXTURES = Path(__file__).parents[1] / "fixtures"


def _report(store: Store, *, include_notes: bool = False) -> Report:
    return golden_report(store, include_notes=include_notes)


def user_words(store: Store, report: Report) -> list[str]:
    """What the person typed or named, longest first: taken out before looking for English."""
    words = {d.name for d in store.duties(include_archived=True)}
    words |= {a.name for a in store.activities()}
    words |= {p.name for p in store.platforms(include_archived=True)}
    words |= {p.title for p in store.all_posts()}
    words |= {e.note for e in store.all_entries() if e.note}
    words |= {n.note for n in (*report.highlights, *(report.notes or ()))}
    words |= {name for _day, name in report.coverage.holidays}
    words |= {report.zone}
    return sorted((w for w in words if w), key=len, reverse=True)


def without(text: str, words: list[str]) -> str:
    for word in words:
        text = text.replace(word, " ").replace(word.replace("&", "&amp;"), " ")
    # "minutes" is French too (tests/english.py lists it): "Minutes consignées".
    return re.sub(r"\bminutes\b", " ", text, flags=re.IGNORECASE)


# ---------------------------------------------------------------- golden files


@pytest.mark.parametrize("name", sorted(FRENCH))
def test_french_golden_files(store: Store, french: str, name: str) -> None:
    text = FRENCH[name](_report(store))
    path = GOLDEN / name
    if os.environ.get("CALEPIN_UPDATE_GOLDEN"):
        path.write_bytes(text.encode("utf-8"))
    assert text == path.read_bytes().decode("utf-8"), (
        f"{name} changed; review it and rerun with CALEPIN_UPDATE_GOLDEN=1 if intended"
    )


def test_france_golden_markdown(store: Store, french: str) -> None:
    """France's conventions: a narrow no-break space groups thousands, 24-hour clock."""
    with i18n.using("fr_FR"):
        text = RENDER["report.md"](golden_report(store, include_notes=True))
    path = GOLDEN / "report.fr_FR.md"
    if os.environ.get("CALEPIN_UPDATE_GOLDEN"):
        path.write_bytes(text.encode("utf-8"))
    assert text == path.read_bytes().decode("utf-8")
    assert "| Facebook | 17\u202f300 |" in text and "ven. 30 oct. 16:30" in text


def test_french_report_says_french_numbers_and_dates(store: Store, french: str) -> None:
    report = _report(store)
    text = RENDER["report.md"](report)
    assert text.startswith("# Temps de travail — lun. 26 oct. – dim. 22 nov. 2026\n")
    assert "74,5 h (56,9\u00a0% du total)" in text  # one decimal comma, Babel's %
    assert "0,25 ETP" in text and "0,53" in text
    assert "| Facebook | 17\u00a0300 |" in text  # grouped the French way
    assert "8 publications, estimées à 5,5 h" in text
    assert "du lun. 26 oct. au dim. 22 nov. 2026" in text
    page = RENDER["report.html"](report)
    assert '<html lang="fr">' in page
    assert "à 15 h 00 par Calepin" in page  # Québec's clock


def test_france_writes_its_clock(store: Store) -> None:
    report = golden_report(store, include_notes=True)
    with i18n.using("fr_FR"):
        page = RENDER["report.html"](report)
    assert "à 15:00 par Calepin" in page and "<b>ven. 30 oct. 16:30</b>" in page
    assert '<html lang="fr">' in page


# ---------------------------------------------------------------- read back


def _blocks(text: str) -> dict[str, list[list[str]]]:
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    blocks: list[list[list[str]]] = [[]]
    for row in rows:
        if row:
            blocks[-1].append(row)
        else:
            blocks.append([])
    return {block[0][0]: block for block in blocks}


def test_french_csv_reads_back_as_a_french_spreadsheet(store: Store, french: str) -> None:
    report = golden_report(store, include_notes=True)
    text = render_csv(report)
    by_head = _blocks(text)
    duties = by_head["Tâche"]
    assert duties[0] == ["Tâche", "Minutes", "Heures", "Part %", "Sociale"]
    assert duties[1] == ["social media", "4470", "74,5", "56,9", "oui"]
    assert duties[-1][:4] == ["Total", str(report.total_minutes), "131,0", "100,0"]
    assert round(sum(float(r[3].replace(",", ".")) for r in duties[1:-1]), 1) == 100.0
    entries = by_head["Saisie"][1:]
    assert len(entries) == len(report.entries)
    assert sum(int(r[8]) for r in entries) == report.total_minutes
    assert {r[6] for r in entries} == {"chrono", "clavier", "import"}
    gap = by_head["Tâche (description de poste)"]
    assert ["events", "20,0", "9,9", "-3,5", "-0,10"] in gap  # a negative number stays one
    cells = [cell for rows in by_head.values() for row in rows for cell in row]
    assert "'=SUM(A1) draft" in cells and "'-1 volunteer, @venue call" in cells
    for cell in cells:
        assert not cell.startswith(("=", "+", "@")), cell
        assert not cell.startswith("-") or re.fullmatch(r"-\d+(,\d+)?", cell), cell
    assert by_head["Plateforme (résultats)"][-1] == [
        "Heures sociales par 1\u00a0000 personnes atteintes",
        "",
    ]


def test_french_json_keeps_its_keys(store: Store, french: str) -> None:
    with i18n.using("en"):
        english = json.loads(render_json(_report(store)))
    french = json.loads(render_json(_report_again(store)))
    assert french.pop("language") == "fr_CA"
    assert "language" not in english
    assert _keys(french) == _keys(english)  # keys stay English, nested ones too
    assert french["headline"].startswith("Médias sociaux\u00a0: environ 0,25 ETP nécessaires")
    assert french["period"]["label"] == "lun. 26 oct. – dim. 22 nov. 2026"
    assert french["duties"] == english["duties"]  # figures are numbers in both
    assert [s["source"] for s in french["coverage"]["sources"]] == ["timer", "typed", "imported"]
    assert french["shares_rounding"].startswith("les parts sont arrondies")


def _report_again(store: Store) -> Report:
    return build_report(store, FIRST, LAST, now=NOW, settings=SETTINGS)


def _keys(value: object, path: str = "") -> set[str]:
    if isinstance(value, dict):
        found = set()
        for key, inner in value.items():
            found |= {f"{path}.{key}"} | _keys(inner, f"{path}.{key}")
        return found
    if isinstance(value, list) and value:
        return _keys(value[0], f"{path}[]")
    return set()


class _Page(HTMLParser):
    """Every tag opened and closed in order, and the text a reader sees."""

    VOID = frozenset({"meta", "br", "rect", "line"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.text: list[str] = []
        self.lang = ""
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.lang = dict(attrs).get("lang") or ""
        self.in_style = tag == "style"
        if tag not in self.VOID:
            self.open.append(tag)
        label = dict(attrs).get("aria-label")
        if label:
            self.text.append(label)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False
        if tag in self.VOID:
            return
        assert self.open and self.open[-1] == tag, (self.open[-5:], tag)
        self.open.pop()

    def handle_data(self, data: str) -> None:
        if not self.in_style:
            self.text.append(data)


def test_french_html_is_well_formed_and_french(store: Store, french: str) -> None:
    report = golden_report(store, include_notes=True)
    page = _Page()
    page.feed(RENDER["report.html"](report))
    page.close()
    assert page.lang == "fr" and page.open == []
    text = " ".join(page.text)
    assert "Heures par tâche" in text and "Faits saillants" in text and "ETP reçus" in text


# ---------------------------------------------------------------- no English left


@pytest.mark.parametrize("name", sorted(RENDER))
def test_no_english_left_on_the_french_report(store: Store, french: str, name: str) -> None:
    report = golden_report(store, include_notes=True)
    text = RENDER[name](report)
    if name.endswith(".html"):
        page = _Page()
        page.feed(text)
        text = " ".join(page.text)
    if name.endswith(".json"):
        data = json.loads(text)
        text = (
            " ".join(
                str(data[k] or "")
                for k in ("headline", "shares_rounding", "job_hint", "long_timer")
            )
            + " "
            + data["period"]["label"]
        )
    text = without(text, user_words(store, report))
    text = re.sub(r"`[^`]*`", " ", text)  # commands are typed as they are
    assert english_words(text) == [], text


def test_no_english_left_when_nothing_is_logged_or_split(store: Store, french: str) -> None:
    # A month with posts planned but nothing logged yet, no job description, a long timer.
    fill_golden(store)
    first, last = dt.date(2026, 12, 1), dt.date(2026, 12, 31)
    store.add_post(
        PostDraft("Holiday greetings", "Instagram", date=dt.date(2026, 12, 22), estimate_minutes=60)
    )
    quiet = build_report(store, first, last, now=NOW, settings=Settings())
    words = user_words(store, quiet)
    for name, render in RENDER.items():
        text = without(render(quiet), words)
        text = re.sub(r"`[^`]*`", " ", text)
        if name.endswith(".json"):
            data = json.loads(text)
            text = f"{data['headline']} {data['job_hint'] or ''} {data['period']['label']}"
        if name.endswith(".html"):
            page = _Page()
            page.feed(text)
            text = " ".join(page.text)
        assert english_words(text) == [], (name, text)


# ---------------------------------------------------------------- one process, both languages


def test_languages_switch_inside_one_process(store: Store) -> None:
    """English, French, English: the English output is byte for byte the golden one."""
    report = _report(store)
    before = {name: render(report) for name, render in RENDER.items()}
    with i18n.using("fr"):
        french = {name: render(_report_again(store)) for name, render in RENDER.items()}
    after = {name: render(_report_again(store)) for name, render in RENDER.items()}
    assert before == after
    for name in RENDER:
        assert before[name] == (GOLDEN / name).read_bytes().decode("utf-8")
        assert french[name] != before[name]


def test_built_in_one_language_rendered_in_it(store: Store, french: str) -> None:
    """`calepin report --lang en` inside a French interface: build and render in English."""
    fill_golden(store)
    with i18n.using("en"):
        report = build_report(store, FIRST, LAST, now=NOW, settings=SETTINGS)
        text = RENDER["report.md"](report)
    assert text == (GOLDEN / "report.md").read_bytes().decode("utf-8")


# ---------------------------------------------------------------- the exporters' messages


def test_meeting_import_summary_in_french(store: Store, now: dt.datetime, french: str) -> None:
    outlook = (FIXTURES / "outlook-meetings.ics").read_bytes()
    result = import_meetings(store, outlook, now=now)
    assert result.summary() == (
        "8 importées, 0 inchangée, 4 ignorées (annulée\u00a0: 1, disponible\u00a0: 1,"
        " toute la journée\u00a0: 1, pas encore finie\u00a0: 1)"
    )
    again = import_meetings(store, outlook, now=now, dry_run=True)
    assert again.summary().startswith("0 à importer, 8 inchangées, 4 ignorées (")
    assert english_words(again.summary()) == []


def test_ics_errors_in_french(store: Store, now: dt.datetime, french: str) -> None:
    with pytest.raises(ValidationError) as caught:
        import_meetings(store, b"BEGIN:VCALENDAR", now=now)
    assert str(caught.value) == "ce fichier .ics ne contient aucun calendrier"
    with pytest.raises(ValidationError) as caught:
        import_meetings(store, b"hello, world", now=now)
    assert str(caught.value).startswith("ce n’est pas un fichier .ics lisible (")


def test_csv_import_problems_in_french(store: Store, french: str) -> None:
    data = (
        b"date;heure;plateforme;titre\n"
        b"31/02/2026;10:00;Instagram;Lancement\n"
        b"2026-12-03;10:00;Instagram;\n"
        b"2026-12-04;10:00;Instagram;Rappel\n"
    )
    plan = read_posts_csv(data, store, today=dt.date(2026, 11, 23))
    report = plan.report()
    assert report.splitlines()[-1] == "2 lignes échoueraient\u00a0; rien d’importé"
    assert "ligne 2\u00a0: «\u00a031/02/2026\u00a0» n’est pas une vraie date" in report
    assert "ligne 3\u00a0: ni titre ni message" in report
    assert english_words(without(report, ["Instagram", "Lancement", "Rappel"])) == []
    with pytest.raises(ValidationError) as caught:
        read_posts_csv(b"nom;couleur\nx;y\n", store, today=dt.date(2026, 11, 23))
    assert str(caught.value).startswith("il manque date, plateforme, titre ou message")


def test_outcomes_import_in_french(store: Store, french: str) -> None:
    plan = read_outcomes_csv((FIXTURES / "outcomes-meta-fr.csv").read_bytes(), store)
    assert english_words(plan.summary()) == []
    assert re.fullmatch(r"\d+ lignes lues, \d+ mois-plateformes? sur \d+ mois", plan.summary())
    with pytest.raises(ValidationError) as caught:
        read_outcomes_csv((FIXTURES / "outcomes-unknown.csv").read_bytes(), store)
    message = str(caught.value)
    assert message.startswith("ce n’est pas un export de statistiques que Calepin connaît")


# ---------------------------------------------------------------- printed


@pytest.mark.skipif(
    shutil.which("chromium") is None or shutil.which("pdfinfo") is None,
    reason="needs chromium and pdfinfo",
)
@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_french_month_prints_on_one_page(
    store: Store, tmp_path: Path, french: str, size: str, pytestconfig: pytest.Config
) -> None:
    """French is about a fifth longer: the month still fits one printed page."""
    from tests.exporters.test_report_print import printed_pages

    assert printed_pages(golden_report(store), size, tmp_path, pytestconfig) == 1
    demo_now = dt.datetime(2026, 12, 6, 17, 0, tzinfo=NOW.tzinfo)
    with Store.open(tmp_path / "demo.db", zone_name="America/Toronto") as demo:
        fill_demo(demo, now=demo_now)
        month = build_report(
            demo, dt.date(2026, 11, 1), dt.date(2026, 11, 30), now=demo_now, settings=Settings()
        )
    assert printed_pages(month, size, tmp_path, pytestconfig) == 1


def test_ics_words_people_read_in_their_calendar_in_french(store: Store, french: str) -> None:
    """What Outlook shows of a cancelled post, a prep block and a post's link, in French; the
    protocol's values (STATUS, CATEGORIES) stay as RFC 5545 writes them."""
    import icalendar

    from exporters.ics import IcsOptions, export_ics

    day = dt.date(2027, 1, 12)
    post = store.add_post(
        PostDraft(
            "Portes ouvertes", "Facebook", date=day, estimate_minutes=60, link="https://x.org"
        )
    )
    options = IcsOptions(zone_name="America/Toronto", with_prep=True)
    now = dt.datetime.now(dt.UTC)

    def events() -> dict[str, icalendar.Event]:
        text = export_ics(
            store, dt.date(2027, 1, 1), dt.date(2027, 1, 31), options=options, now=now
        )
        return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(text).walk("VEVENT")}

    shown = events()
    assert str(shown[post.uid]["DESCRIPTION"]) == "Lien\u00a0: https://x.org"
    assert str(shown[f"prep-{post.uid}"]["SUMMARY"]) == "Préparation · [Facebook] Portes ouvertes"
    store.delete_post(post.id)
    gone = events()
    assert str(gone[post.uid]["SUMMARY"]) == "Annulé\u00a0: [Facebook] Portes ouvertes"
    assert str(gone[post.uid]["STATUS"]) == "CANCELLED"
    assert str(gone[f"prep-{post.uid}"]["SUMMARY"]).startswith("Annulé\u00a0: Préparation · ")
