"""The store's messages in French: refusals, damaged files, undo descriptions, search errors.

Each message is checked in French (Québec, the `french` fixture) for the words a person reads
and for English left in it, once the user's text (titles, names, paths) and the commands in
backticks are taken out; a few are checked in English too, unchanged word for word.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from storage import (
    CalepinError,
    DatabaseError,
    EntryDraft,
    NotFoundError,
    PostDraft,
    Status,
    Store,
    ValidationError,
    i18n,
    portable,
    search,
)
from storage.files import FileWriteError, write_atomically
from storage.store.outcomes import figure_label, figure_text, parse_figure
from tests.english import english_words

TORONTO = ZoneInfo("America/Toronto")
NBSP = "\u00a0"


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=TORONTO)


def english_left(message: str, *user_text: str) -> list[str]:
    """English words in `message` once the person's own text and `commands` are out."""
    for text in sorted(user_text, key=len, reverse=True):
        message = message.replace(text, " ")
    return english_words(re.sub(r"`[^`]*`", " ", message))


def refusal(run) -> CalepinError:
    with pytest.raises(CalepinError) as caught:
        run()
    return caught.value


# ---------------------------------------------------------------- refusals


def test_a_post_refused_says_why_in_french(store: Store, french: str) -> None:
    empty = refusal(lambda: store.add_post(PostDraft(title="  ", platform="Facebook")))
    assert str(empty) == "le titre ne peut pas être vide"
    assert empty.field == "title"  # type: ignore[attr-defined]

    control = refusal(lambda: store.add_post(PostDraft(title="Gala\x07", platform="Facebook")))
    assert str(control) == "caractère de contrôle ('\\x07') dans le titre ; retirez-le"

    long = refusal(lambda: store.add_post(PostDraft(title="x" * 1234, platform="Facebook")))
    assert str(long) == f"1{NBSP}234 caractères dans le titre ; la limite est de 300"

    link = refusal(
        lambda: store.add_post(PostDraft(title="Gala", platform="Facebook", link="ftp://x"))
    )
    assert (
        str(link) == f"le lien doit commencer par http:// ou https:// (reçu «{NBSP}ftp://x{NBSP}»)"
    )

    notes = refusal(
        lambda: store.add_post(PostDraft(title="Gala", platform="Facebook", notes="a\u202eb"))
    )
    assert "dans les notes" in str(notes) and "U+202E" in str(notes)
    for error in (empty, control, long, link, notes):
        assert english_left(str(error), "Gala", "ftp://x") == [], str(error)


def test_a_field_named_by_a_dialog_keeps_its_capital(french: str) -> None:
    from storage.store import clean_text

    with pytest.raises(ValidationError) as caught:
        clean_text("a\x01b", "Platform name", limit=80, multiline=False)
    assert str(caught.value).startswith("Caractère de contrôle")
    assert "dans le nom de la plateforme" in str(caught.value)


def test_unknown_names_list_the_known_ones_in_french(store: Store, french: str) -> None:
    platform = refusal(lambda: store.platform("Myspace"))
    assert isinstance(platform, NotFoundError)
    assert str(platform).startswith(
        f"plateforme inconnue «{NBSP}Myspace{NBSP}» ; les plateformes sont"
    )
    campaign = refusal(lambda: store.campaign("Gala"))
    assert "aucune pour l'instant" in str(campaign)
    assert "`campaigns add`" in str(campaign)
    duty = refusal(lambda: store.duty("knitting"))
    names = [d.name for d in store.duties()] + [p.name for p in store.platforms()]
    for error in (platform, campaign, duty):
        assert english_left(str(error), "Myspace", "Gala", "knitting", *names) == [], str(error)


def test_an_unknown_platform_or_campaign_names_its_field_in_any_language(
    store: Store, french: str
) -> None:
    # The post editor puts the message under the field from `.field`, not from the words.
    assert getattr(refusal(lambda: store.platform("Myspace")), "field", None) == "platform"
    assert getattr(refusal(lambda: store.campaign("Gala")), "field", None) == "campaign"


def test_catalog_refusals_in_french(store: Store, french: str) -> None:
    exists = refusal(lambda: store.add_platform("Facebook"))
    assert str(exists) == f"la plateforme «{NBSP}Facebook{NBSP}» existe déjà"
    empty = refusal(lambda: store.add_duty(" "))
    assert str(empty) == "le nom de la tâche ne peut pas être vide"
    colour = refusal(lambda: store.add_campaign("Gala", colour="red"))
    assert str(colour) == f"la couleur s'écrit comme #1877F2 (reçu «{NBSP}red{NBSP}»)"
    default = refusal(lambda: store.remove_duty("social media"))
    assert str(default).startswith(
        f"impossible de retirer la tâche «{NBSP}social media{NBSP}» : c'est la tâche par défaut"
    )
    tag = refusal(lambda: store.update_platform("Facebook", tag="FACEB"))
    names = [p.name for p in store.platforms()] + ["social media", "Facebook", "FACEB", "Gala"]
    for error in (exists, empty, colour, default, tag):
        assert english_left(str(error), *names) == [], str(error)


def test_entry_refusals_and_questions_in_french(store: Store, french: str) -> None:
    backwards = refusal(lambda: store.add_entry(EntryDraft("meetings", at(3, 10), at(3, 9))))
    assert str(backwards) == "la saisie finit avant de commencer"
    store.add_entry(EntryDraft("meetings", at(3, 9), at(3, 11)))
    draft = EntryDraft("events", at(3, 10), at(3, 22))
    reasons = store.entry_concerns(draft, at(3, 12))
    assert reasons[0] == "elle finit dans le futur"
    assert reasons[1] == "elle dure plus de 10 heures"
    assert reasons[2].startswith("elle chevauche #1 meetings le mar. ")
    assert reasons[2].endswith("09 h 00")
    store.start_timer("events", at(4, 9))
    running = refusal(lambda: store.add_entry(EntryDraft("meetings", at(4, 10), None)))
    assert str(running) == "un chrono tourne déjà ; arrêtez-le d'abord"
    forgotten = refusal(lambda: store.stop_timer(at(6, 9)))
    assert str(forgotten).startswith("le chrono tourne depuis mer. 4 nov. 09 h 00")
    for text in (str(backwards), *reasons, str(running), str(forgotten)):
        assert english_left(text, "meetings") == [], text


def test_outcome_figures_in_french(store: Store, french: str) -> None:
    assert figure_label("followers_gained") == "abonnés gagnés"
    assert figure_text(17300) == f"17{NBSP}300"
    assert figure_text(None) == "—"
    words = refusal(lambda: parse_figure("beaucoup", "messages_answered"))
    assert str(words) == (
        f"«{NBSP}messages traités{NBSP}» doit être un nombre entier, p. ex. 1234"
        f" (reçu «{NBSP}beaucoup{NBSP}»)"
    )
    negative = refusal(lambda: parse_figure("-5", "reach"))
    month = refusal(lambda: store.outcome("Facebook", "2026-13"))
    missing = refusal(lambda: store.outcome("Facebook", "2026-11"))
    assert str(missing) == "aucun résultat pour Facebook en 2026-11"
    for error in (words, negative, month, missing):
        assert english_left(str(error), "beaucoup", "Facebook") == [], str(error)


# ---------------------------------------------------------------- undo and redo


def test_undo_descriptions_in_french(store: Store, french: str) -> None:
    post = store.add_post(PostDraft(title="Gala", platform="Facebook", date=dt.date(2026, 12, 3)))
    assert store.undo_label == f"ajouter la publication «{NBSP}Gala{NBSP}»"
    store.move_post(post.id, dt.date(2026, 12, 4), None)
    assert store.undo_label == f"déplacer «{NBSP}Gala{NBSP}» au ven. 4 déc."
    store.move_post(post.id, None, None)
    assert store.undo_label == f"déplacer «{NBSP}Gala{NBSP}» vers la banque d'idées"
    store.set_status(post.id, "ready")
    assert store.undo_label == f"«{NBSP}Gala{NBSP}» → prête"
    assert store.undo() == f"«{NBSP}Gala{NBSP}» → prête"
    assert store.redo_label == f"«{NBSP}Gala{NBSP}» → prête"
    store.duplicate_post(post.id, ["Instagram"])
    assert store.undo_label == f"copier «{NBSP}Gala{NBSP}» vers Instagram"
    store.delete_post(post.id)
    assert store.undo_label == f"supprimer «{NBSP}Gala{NBSP}»"
    store.add_entry(EntryDraft("meetings", at(3, 9), at(3, 10)))
    assert store.undo_label == "consigner meetings"
    store.start_timer("events", at(3, 11))
    assert store.undo_label == "démarrer le chrono sur events"
    store.stop_timer(at(3, 12))
    assert store.undo_label == "arrêter le chrono"
    store.add_days_off(dt.date(2026, 12, 24), dt.date(2026, 12, 26), "Fêtes")
    assert store.undo_label == "marquer du 2026-12-24 au 2026-12-26 en congé"
    store.update_duty("events", new_name="galas")
    assert store.undo_label == "renommer la tâche events en galas"
    store.add_campaign("Printemps")
    assert store.undo_label == "ajouter la campagne Printemps"


def test_a_series_date_described_in_french(store: Store, french: str) -> None:
    series = store.add_post(
        PostDraft(
            title="Infolettre",
            platform="Facebook",
            date=dt.date(2026, 11, 3),
            rrule="FREQ=WEEKLY;COUNT=4",
        )
    )
    store.skip_occurrence(series.id, dt.date(2026, 11, 10))
    assert store.undo_label == f"retirer «{NBSP}Infolettre{NBSP}» le mar. 10 nov."
    store.end_series(series.id, dt.date(2026, 11, 17))
    assert store.undo_label == f"terminer «{NBSP}Infolettre{NBSP}» après le mar. 17 nov."
    off = refusal(lambda: store.skip_occurrence(series.id, dt.date(2026, 11, 11)))
    assert str(off) == f"«{NBSP}Infolettre{NBSP}» ne tombe pas le mer. 11 nov. 2026"
    early = refusal(lambda: store.end_series(series.id, dt.date(2026, 10, 1)))
    assert english_left(str(early)) == [], str(early)


def test_undo_refused_after_a_change_elsewhere_says_so_in_french(store: Store, french: str) -> None:
    post = store.add_post(PostDraft(title="Gala", platform="Facebook"))
    with sqlite3.connect(store.path) as other:  # the command line, meanwhile
        other.execute("UPDATE posts SET title = 'Autre' WHERE id = ?", (post.id,))
    refused = refusal(store.undo)
    assert str(refused) == (
        f"impossible d'annuler «{NBSP}ajouter la publication «{NBSP}Gala{NBSP}»{NBSP}» :"
        " les données ont changé depuis (peut-être en ligne de commande)"
    )
    assert english_left(str(refused), "Gala") == []


# ---------------------------------------------------------------- files


@pytest.fixture
def foreign(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    yield path


def test_files_that_are_not_calepin_databases_in_french(
    tmp_path: Path, foreign: Path, french: str
) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    text = tmp_path / "notes.txt"
    text.write_text("bonjour " * 20)
    newer = tmp_path / "newer.db"
    Store.open(newer).close()
    with sqlite3.connect(newer) as conn:
        conn.execute("PRAGMA user_version = 9999")
    errors = {
        "empty": refusal(lambda: Store.open(empty)),
        "text": refusal(lambda: Store.open(text)),
        "folder": refusal(lambda: Store.open(tmp_path)),
        "foreign": refusal(lambda: Store.open(foreign)),
        "newer": refusal(lambda: Store.open(newer)),
    }
    assert all(isinstance(e, DatabaseError) for e in errors.values())
    assert str(errors["empty"]).startswith(f"{empty} est un fichier vide")
    assert "pas un fichier SQLite" in str(errors["text"])
    assert str(errors["folder"]).startswith(f"{tmp_path} est un dossier")
    assert "d'une autre application" in str(errors["foreign"])
    assert "version plus récente de Calepin (schéma 9999" in str(errors["newer"])
    for error in errors.values():
        assert english_left(str(error), str(tmp_path)) == [], str(error)


def test_a_file_that_cannot_be_written_says_why_in_french(tmp_path: Path, french: str) -> None:
    with pytest.raises(FileWriteError) as caught:
        write_atomically(tmp_path, "x")
    message = str(caught.value)
    assert message == (
        f"impossible d'écrire {tmp_path} : c'est un dossier, pas un fichier ordinaire ;"
        " rien n'a été touché. Donnez un nom de fichier"
    )


def test_a_backup_over_an_existing_file_is_refused_in_french(
    store: Store, tmp_path: Path, french: str
) -> None:
    taken = tmp_path / "taken.db"
    taken.touch()
    refused = refusal(lambda: store.backup(taken))
    assert str(refused) == f"{taken} existe déjà ; choisissez un autre chemin"


def test_import_everything_refused_in_french(store: Store, french: str) -> None:
    dump = portable.dump_tables(store)
    store.add_post(PostDraft(title="Gala", platform="Facebook"))
    full = refusal(lambda: portable.load_tables(store, dump))
    assert str(full).startswith("la base de données contient déjà des publications")
    other = refusal(lambda: portable.load_tables(store, {**dump, "schema_version": 1}))
    assert str(other).startswith("cet export est du schéma 1")
    for error in (full, other):
        assert english_left(str(error)) == [], str(error)


def test_search_words_in_french(store: Store, french: str) -> None:
    too_many = refusal(lambda: search.search(store, " ".join(f"m{i}" for i in range(25))))
    assert str(too_many) == "trop de mots à rechercher (25 ; au plus 20)"
    store.add_campaign("Gala")
    store.add_post(PostDraft(title="Affiche", platform="Facebook", campaign="Gala"))
    (hit,) = search.search(store, "gala")
    assert hit.snippet == "campagne : Gala"


# ---------------------------------------------------------------- the other languages


def test_english_messages_are_unchanged(store: Store) -> None:
    post = store.add_post(PostDraft(title="Gala", platform="Facebook", date=dt.date(2026, 12, 3)))
    store.move_post(post.id, None, None)
    assert store.undo_label == "move 'Gala' to the backlog"
    long = refusal(lambda: store.add_post(PostDraft(title="x" * 1234, platform="Facebook")))
    assert str(long) == "title is 1,234 characters long; the limit is 300"
    assert str(refusal(lambda: store.campaign("Spring"))) == (
        "unknown campaign 'Spring'; campaigns are: none yet (add one with `campaigns add`)"
    )
    assert figure_text(17300) == "17,300"


def test_france_reads_the_same_store_messages(store: Store) -> None:
    i18n.set_language("fr_FR")
    try:
        assert (
            str(refusal(lambda: store.add_duty(""))) == "le nom de la tâche ne peut pas être vide"
        )
        assert figure_text(17300).replace("\u202f", NBSP) == f"17{NBSP}300"
    finally:
        i18n.set_language("en")


# ---------------------------------------------------------------- statuses typed


@pytest.mark.parametrize(
    ("typed", "status"),
    [
        ("prête", Status.READY),
        ("Prêt", Status.READY),
        ("en attente", Status.ON_HOLD),
        ("EN-ATTENTE", Status.ON_HOLD),
        ("publié", Status.PUBLISHED),
        ("annulee", Status.CANCELLED),
        ("en rédaction", Status.DRAFTING),
        ("on hold", Status.ON_HOLD),
    ],
)
def test_a_status_typed_in_french_or_english_is_understood(
    store: Store, typed: str, status: Status
) -> None:
    post = store.add_post(PostDraft(title="Gala", platform="Facebook"))
    assert store.set_status(post.id, typed).status is status


def test_an_unknown_status_lists_the_french_words_in_french(store: Store, french: str) -> None:
    post = store.add_post(PostDraft(title="Gala", platform="Facebook"))
    refused = refusal(lambda: store.set_status(post.id, "bof"))
    assert str(refused) == (
        f"statut inconnu «{NBSP}bof{NBSP}» ; les statuts sont : idée, en rédaction, prête,"
        " programmée, publiée, en attente, annulée"
    )
