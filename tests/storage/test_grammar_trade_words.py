"""The words of the trade: French aliases on the default duties and activities (new files
and, through migration 0011, older ones), a database created in French named in French with
its English names kept as aliases, and the demo and capacity on such a database."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from storage import Store, i18n, migrations
from storage.capacity import ongoing_minutes
from storage.demo import fill_demo
from storage.grammar import parse_log_line

ZONE = "America/Toronto"
NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
TRADE = {
    "modération": "engage",
    "communauté": "engage",
    "animation": "engage",
    "messages": "engage",
    "visuels": "create",
    "graphisme": "create",
    "statistiques": "report",
    "veille": "monitor",
}


def build_at(path: Path, version: int) -> Path:
    """A file as a Calepin that knew only the first `version` migrations left it."""
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("BEGIN")
        conn.execute(f"PRAGMA application_id = {migrations.APPLICATION_ID}")
        migrations.migrate(conn, 0, "2026-01-01T00:00:00Z", to_version=version)
        conn.execute("COMMIT")
    return path


def _line(store: Store, text: str):
    return parse_log_line(text, NOW, store.duties(), store.activities())


# --------------------------------------------------------------------------- new files


@pytest.mark.parametrize(("word", "activity"), TRADE.items())
def test_the_trades_words_name_activities_in_a_new_english_file(
    store: Store, word: str, activity: str
) -> None:
    assert store.activity(word).name == activity
    assert _line(store, f"1h social {word}").activity.name == activity


def test_training_is_admin_and_other(store: Store) -> None:
    assert store.duty("formation").name == "admin & other"
    assert _line(store, "1h formation").duty.name == "admin & other"


def test_a_file_created_in_french_is_named_in_french(tmp_path: Path, french: str) -> None:
    with Store.open(tmp_path / "f.db", zone_name=ZONE) as store:
        assert [d.name for d in store.duties()] == [
            "médias sociaux", "infolettres", "événements", "relations de presse", "contenu web",
            "réunions", "vidéo", "planification et stratégie", "matériel promotionnel",
            "administration et autres",
        ]  # fmt: skip
        assert [a.name for a in store.activities()] == [
            "création", "publication", "animation", "veille", "crise", "statistiques",
        ]  # fmt: skip
        platforms = {p.name: p.default_duty for p in store.platforms()}
        assert platforms["Blogue"] == "contenu web"
        assert platforms["Infolettre"] == "infolettres"
        assert platforms["Site web"] == "contenu web"
        assert platforms["Facebook"] == "médias sociaux"
        # The English names are aliases: `1h30 social`, `--duty meetings` still read.
        assert store.duty("social media").name == "médias sociaux"
        assert store.duty("meetings").name == "réunions"
        assert store.activity("engage").name == "animation"
        assert store.activity("modération").name == "animation"
        assert store.duty("social media").social
        line = _line(store, "1h30 social media engage")
        assert (line.duty.name, line.activity.name) == ("médias sociaux", "animation")
        # a name is never its own alias
        assert all(d.name not in d.aliases for d in store.duties())
        assert all(a.name not in a.aliases for a in store.activities())


def test_a_file_created_in_france_says_newsletter(tmp_path: Path) -> None:
    i18n.set_language("fr_FR")
    with Store.open(tmp_path / "f.db", zone_name="Europe/Paris") as store:
        assert store.duty("infolettre").name == "newsletters"
        assert {p.name for p in store.platforms()} >= {"Blog", "Newsletter", "Site web"}


def test_the_language_later_does_not_rename_a_file(tmp_path: Path, french: str) -> None:
    i18n.set_language("en")
    Store.open(tmp_path / "e.db", zone_name=ZONE).close()
    i18n.set_language("fr")
    with Store.open(tmp_path / "e.db", zone_name=ZONE) as store:
        assert store.duties()[0].name == "social media"


# --------------------------------------------------------------------------- older files


def test_an_older_file_gains_the_aliases_on_its_default_rows_only(tmp_path: Path) -> None:
    path = build_at(tmp_path / "old.db", 10)
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        # as Calepin 0.10 made them, before the trade's words
        conn.execute("UPDATE activities SET aliases = 'engagement,reply' WHERE name = 'engage'")
        conn.execute("UPDATE activities SET aliases = 'creation' WHERE name = 'create'")
        conn.execute("UPDATE activities SET aliases = '' WHERE name = 'report'")
        conn.execute("UPDATE duties SET aliases = 'admin' WHERE name = 'admin & other'")
        # a renamed default row keeps its aliases; a word already taken stays where it is
        conn.execute("UPDATE activities SET name = 'suivi', aliases = '' WHERE name = 'monitor'")
        conn.execute("INSERT INTO activities (name, aliases) VALUES ('design', 'graphisme')")
    with Store.open(path, zone_name=ZONE) as store:
        assert store.activity("engage").aliases == (
            "engagement", "reply", "modération", "communauté", "animation", "messages",
        )  # fmt: skip
        assert store.activity("create").aliases == ("creation", "visuels")
        assert store.activity("graphisme").name == "design"
        assert store.activity("statistiques").name == "report"
        assert store.activity("suivi").aliases == ()
        assert store.duty("formation").name == "admin & other"
        rows = store.connection.execute("SELECT name FROM migrations").fetchall()
        assert ("0011_trade_words",) in rows


def test_an_older_file_created_in_french_names_gains_them_too(tmp_path: Path) -> None:
    path = build_at(tmp_path / "old.db", 10)
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute(
            "UPDATE activities SET name = 'animation', aliases = 'engage' WHERE name = 'engage'"
        )
    with Store.open(path, zone_name=ZONE) as store:
        aliases = store.activity("animation").aliases
        assert "modération" in aliases and "animation" not in aliases


def test_the_migration_adds_nothing_twice(tmp_path: Path) -> None:
    path = build_at(tmp_path / "new.db", migrations.latest())
    with contextlib.closing(sqlite3.connect(path)) as conn:
        before = conn.execute("SELECT name, aliases FROM activities ORDER BY id").fetchall()
        migrations._trade_words(conn)
        migrations._trade_words(conn)
        assert conn.execute("SELECT name, aliases FROM activities ORDER BY id").fetchall() == before


# --------------------------------------------------------------------------- the demo, capacity


def test_the_demo_fills_a_file_created_in_french(tmp_path: Path, french: str) -> None:
    with Store.open(tmp_path / "demo.db", zone_name=ZONE) as store:
        now = dt.datetime(2026, 12, 7, 15, tzinfo=store.zone)
        counts = fill_demo(store, now)
        assert counts["entries"] > 300
        duties = {e.duty for e in store.all_entries()}
        assert "médias sociaux" in duties and "social media" not in duties
        activities = {e.activity for e in store.all_entries()} - {None}
        assert activities <= {
            "création",
            "publication",
            "animation",
            "veille",
            "crise",
            "statistiques",
        }
        assert "Blogue" in {p.platform for p in store.all_posts()}


def test_ongoing_social_work_reads_french_activity_names() -> None:
    assert (
        ongoing_minutes([("animation", False, 30), ("création", False, 45), ("veille", False, 15)])
        == 45
    )
    assert ongoing_minutes([("publication", False, 20), ("publish", False, 20)]) == 0


def test_the_command_bars_echo_says_10h_was_read_as_a_time(tmp_path: Path, french: str) -> None:
    from storage.commands import understand

    with Store.open(tmp_path / "f.db", zone_name=ZONE) as store:
        now = dt.datetime(2026, 11, 23, 15, tzinfo=store.zone)
        plan = understand(store, "10h événements", now)
        assert plan.understood == (
            "lun. 23 nov. 10 h 00–15 h 00 · 5 h · événements · 10h : heure de début"
        )
        assert understand(store, "2h social", now).understood == (
            "lun. 23 nov. 13 h 00–15 h 00 · 2 h · médias sociaux"
        )
