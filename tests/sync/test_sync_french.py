"""The sync in French (issue 17) against a real Radicale: the report's lines (sent, received,
deleted, both sides changed, skipped, in step, dry run) and the errors of the server, the
settings and the password, with no English left and French plurals.

Titles and what another app wrote stay as typed: they are taken out before looking for
English words (tests/english.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from exporters.sync.engine import SyncError, SyncReport, SyncTarget, run_sync
from exporters.sync.password import sync_target as target_of
from storage import Store
from storage.settings import check_settings, load_settings
from tests.conftest import NOW
from tests.english import english_words
from tests.sync.conftest import add, edit, put_object, shared_target, sync, titled

NB = "\u00a0"
LUNCH = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other app//EN\r\nBEGIN:VEVENT\r\n"
    "UID:lunch-42@elsewhere\r\nDTSTAMP:20261120T120000Z\r\nDTSTART:20261202T170000Z\r\n"
    "DTEND:20261202T180000Z\r\nSUMMARY:Team lunch\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def q(title: str) -> str:
    return f"«{NB}{title}{NB}»"


def english_in(report: SyncReport, *typed: str) -> list[str]:
    text = "\n".join(report.lines())
    for words in sorted(typed, key=len, reverse=True):
        text = text.replace(words, " ")
    return english_words(text)


def test_the_report_speaks_french_both_ways(
    french: str, store: Store, other_store: Store, sync_target: SyncTarget
) -> None:
    add(store, "Lancement")
    add(store, "Portes ouvertes")

    looked = sync(store, sync_target, dry_run=True)
    sent = sync(store, sync_target)

    assert looked.lines()[0] == "simulation : rien n'a été écrit d'un côté ni de l'autre"
    assert sent.lines()[0].startswith("2 nouvelles publications envoyées : ")
    assert q("Lancement") in sent.lines()[0] and q("Portes ouvertes") in sent.lines()[0]
    designer = shared_target(sync_target, store)
    received = sync(other_store, designer)
    assert received.lines()[0].startswith("2 nouvelles publications reçues : ")
    assert sync(store, sync_target).lines() == ["déjà à jour : rien à envoyer ni à recevoir"]

    edit(other_store, "Portes ouvertes", title="Portes ouvertes à 10 h")
    sync(other_store, designer)
    assert sync(store, sync_target).lines() == [
        f"1 modification reçue : {q('Portes ouvertes à 10 h')}"
    ]
    edit(store, "Lancement", title="Lancement (la mienne)")
    edit(other_store, "Lancement", title="Lancement (la leur)")
    sync(other_store, designer)
    both = sync(store, sync_target)
    assert both.lines() == [
        "modifiée des deux côtés, les deux gardées : "
        f"{q('Lancement (la mienne)')} (la leur par designer)"
    ]

    store.delete_post(titled(store, "Portes ouvertes à 10 h").id)
    gone = sync(store, sync_target)
    assert gone.lines() == [
        f"1 publication supprimée du calendrier : {q('Portes ouvertes à 10 h')}"
    ]
    gone_there = sync(other_store, designer)
    assert (
        f"1 publication supprimée ici, comme dans le calendrier : {q('Portes ouvertes à 10 h')}"
        in (gone_there.lines())
    )

    put_object(sync_target, store.sync_calendar_urls("posts")[0], "lunch.ics", LUNCH)
    skipped = sync(store, sync_target)
    assert (
        skipped.lines()[0] == "ignoré : Team lunch : laissé dans le calendrier (aucune plateforme)"
    )

    typed = ("Lancement (la mienne)", "Lancement (la leur)", "Portes ouvertes à 10 h", "Team lunch")
    for report in (looked, sent, received, both, gone, gone_there, skipped):
        assert english_in(report, *typed) == [], report.lines()


def test_many_titles_are_counted_in_french(french: str) -> None:
    report = SyncReport(got_changed=("Un", "Deux", "Trois", "Quatre", "Cinq"))

    assert report.lines() == [
        f"5 modifications reçues : {q('Un')}, {q('Deux')}, {q('Trois')} et 2 autres"
    ]


def test_the_server_refusing_says_so_in_french(
    french: str, store: Store, sync_target: SyncTarget
) -> None:
    with pytest.raises(SyncError) as caught:
        run_sync(store, sync_target, "hunter2-wrong", now=NOW)

    message = str(caught.value)
    assert "a refusé la connexion : vérifiez [sync] username et le mot de passe" in message
    assert english_words(message.replace("username", " ")) == [], message


def test_settings_without_a_server_say_what_to_write_in_french(french: str, tmp_path: Path) -> None:
    with pytest.raises(SyncError) as caught:
        target_of(load_settings(tmp_path / "none.toml"))

    message = str(caught.value)
    assert message.startswith("aucun serveur avec lequel synchroniser : ajoutez dans ")
    assert f"{q('Synchroniser avec un calendrier partagé')} dans le README" in message
    without_path = message.replace(str(tmp_path / "none.toml"), " ").replace("username", " ")
    assert english_words(without_path) == [], message


@pytest.mark.parametrize(
    ("table", "said"),
    [
        ({"url": "http://cloud.example.org/dav", "username": "ana"}, "url doit commencer par"),
        ({"url": "cloud", "username": "ana"}, "url doit être l'adresse d'un serveur"),
        ({"url": "https://ana:pw@cloud.example.org/", "username": "ana"}, "ni mot de passe"),
        ({"url": "https://cloud.example.org/"}, "[sync] doit avoir username"),
        (
            {"url": "https://cloud.example.org/", "username": "ana", "password": "pw"},
            "un mot de passe n'est jamais gardé dans les paramètres",
        ),
        (
            {
                "url": "https://cloud.example.org/",
                "username": "ana",
                "posts_calendar": "Calepin",
                "meetings_calendar": "calepin",
            },
            "meetings_calendar doit nommer un autre calendrier",
        ),
        (
            {"url": "https://cloud.example.org/", "username": "ana", "every_minutes": 2.5},
            "un nombre entier de minutes",
        ),
    ],
)
def test_a_wrong_sync_setting_is_refused_in_french(
    french: str, table: dict[str, object], said: str
) -> None:
    _settings, found = check_settings({"sync": table})

    message = " ".join(found.values())
    assert said in message, found
    keys = r"username|posts_calendar|meetings_calendar|every_minutes|url"
    assert english_words(re.sub(keys, " ", message)) == [], message
