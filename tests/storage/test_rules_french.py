"""The rules' messages in French: the questions before saving, the echo of a typed line, the
timer, series, settings file errors, recurrence, days off and time zones (issue 16).

Each message is read as a person gets it, with what the person typed (duty names, titles,
file keys) taken out before looking for English words.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from storage import EntryDraft, PostDraft, Store, ValidationError, commands, wording
from storage import timesheet as ts
from storage.commands.gaps import gap_part
from storage.contracted import DayOff, check_days_off, check_region, statutory_holidays
from storage.grammar import describe_repeat
from storage.models import EntrySource, Status, source_label, status_label
from storage.recurrence import check_span, normalise, validate
from storage.settings import check_settings, load_settings, zone_change_lines
from storage.timeutil import check_keep, zone
from tests.conftest import NOW, ZONE
from tests.english import english_words

pytestmark = pytest.mark.usefixtures("french")


def at(hour: int, minute: int = 0, days: int = 0) -> dt.datetime:
    return dt.datetime.combine(NOW.date() + dt.timedelta(days=days), dt.time(hour, minute), ZONE)


def french(text: str, *typed: str) -> str:
    """`text` after checking that, once what the person typed is out, no English is left."""
    rest = text
    for words in typed:
        rest = rest.replace(words, " ")
    assert english_words(rest) == [], text
    return text


# ---------------------------------------------------------------- questions before saving


def test_a_forgotten_timer_is_questioned_in_french(store: Store) -> None:
    store.start_timer("social media", at(3))
    found = commands.forgotten_timer(store, NOW)
    assert found is not None
    assert found.reason == (
        "le chrono social media tourne depuis le lun. 23 nov. 03 h 00 (12 h) ; "
        "il ne compte que 10 h tant qu'il n'est pas arrêté"
    )
    french(found.reason, "social media")
    with pytest.raises(commands.NeedsAnswer) as refused:
        commands.stop_timer(store, NOW)
    assert refused.value.plan.reasons == (found.reason,)


def test_the_long_timer_note_of_the_accounting_is_in_french(store: Store) -> None:
    from storage.accounting import long_timer

    store.start_timer("events", at(3, days=-3))
    found = long_timer(store, NOW)
    assert found is not None
    text = found.text(ZONE)
    assert text.startswith("le chrono events tourne depuis le ven. 20 nov. 03 h 00 (84 h) ;")
    french(text, "events")


def test_what_trim_and_split_would_do_reads_in_french(store: Store) -> None:
    store.add_entry(EntryDraft("events", at(9), at(12), note="kiosque"))
    plan = commands.review(store, EntryDraft("social media", at(10), at(11)), NOW)
    assert plan.answers == ("split", "trim")
    assert commands.effect_lines(plan, "split", ZONE) == [
        "scindée : lun. 23 nov. 09 h 00–12 h 00 · 3 h · events · «\u00a0kiosque\u00a0» "
        "→ 09 h 00–10 h 00 et 11 h 00–12 h 00 (note sur les deux)"
    ]
    assert commands.effect_lines(plan, "trim", ZONE) == [
        "raccourcie : lun. 23 nov. 09 h 00–12 h 00 · 3 h · events · «\u00a0kiosque\u00a0» → 09 h 00–10 h 00"
    ]
    covering = commands.review(store, EntryDraft("social media", at(8), at(13)), NOW)
    (line,) = commands.effect_lines(covering, "trim", ZONE)
    assert line.startswith("supprimée : lun. 23 nov. 09 h 00–12 h 00")
    for text in (*commands.effect_lines(plan, "split", ZONE), line):
        french(text, "events", "kiosque")


def test_the_echo_of_the_timer_commands_is_in_french(store: Store) -> None:
    from storage.grammar import StartTimer, StopTimer

    duty = store.duty("newsletters")
    assert commands.describe(StopTimer()) == "arrêter le chrono"
    started = commands.describe(StartTimer(duty, None, "numéro de décembre"))
    assert started == "démarrer le chrono sur newsletters · «\u00a0numéro de décembre\u00a0»"
    running = commands.entry_text(EntryDraft("events", at(14, 30), None), ZONE)
    assert running == "events depuis le lun. 23 nov. 14 h 30"
    french(started + running, "newsletters", "events")


# ---------------------------------------------------------------- the timer


def test_timer_refusals_are_in_french(store: Store) -> None:
    with pytest.raises(ValidationError) as none:
        commands.stop_timer(store, NOW)
    assert str(none.value) == "aucun chrono ne tourne"
    with pytest.raises(ValidationError) as future:
        commands.start_timer(store, "events", NOW, at=at(16))
    assert str(future.value) == (
        "lun. 16 h 00 est dans le futur ; un chrono démarre maintenant ou plus tôt"
    )
    store.add_entry(EntryDraft("events", at(13), at(14)))
    with pytest.raises(ValidationError) as logged:
        commands.start_timer(store, "social media", NOW, at=at(13, 30))
    assert str(logged.value) == (
        "lun. 23 nov. 13 h 00–14 h 00 · 1 h · events est déjà consigné après 13 h 30 ; "
        "démarrez à 14 h 00 ou plus tard"
    )
    commands.start_timer(store, "events", NOW, at=at(14, 30))
    with pytest.raises(ValidationError) as early:
        commands.stop_timer(store, NOW, at=at(14))
    assert str(early.value) == "le chrono a démarré le lun. 23 nov. 14 h 30 ; arrêtez-le après"
    for error in (none, future, logged, early):
        french(str(error.value), "events")


def test_interruptions_and_splits_refuse_in_french(store: Store) -> None:
    commands.interrupt(store, "social media", NOW)
    with pytest.raises(ValidationError) as twice:
        commands.interrupt(store, "events", NOW)
    assert str(twice.value) == "une interruption est déjà en cours ; terminez-la d'abord"
    entry = store.add_entry(EntryDraft("events", at(9), at(10)))
    with pytest.raises(ValidationError) as outside:
        ts.split_entry(store, entry.id, at(11))
    assert str(outside.value) == "scindez à une heure entre 09 h 00 et 10 h 00"
    french(str(twice.value) + str(outside.value))


def test_the_undo_history_names_the_timer_changes_in_french(store: Store) -> None:
    commands.start_timer(store, "events", NOW - dt.timedelta(minutes=30))
    commands.stop_timer(store, NOW)
    assert store.undo() == "arrêter le chrono"
    assert store.undo() == "démarrer le chrono sur events"


# ---------------------------------------------------------------- series


def test_a_series_asks_which_dates_in_french(store: Store) -> None:
    rule = "FREQ=WEEKLY;BYDAY=WE"
    series = store.add_post(PostDraft("Astuce", "X", dt.date(2026, 12, 2), dt.time(10), rrule=rule))
    with pytest.raises(commands.WhichDates) as which:
        commands.set_status(store, series.id, "ready")
    repeat = describe_repeat(rule)
    assert str(which.value) == (
        f"la publication {series.id} se répète {repeat} : "
        "ajoutez --on JOUR pour une date ou --series pour toutes"
    )
    french(str(which.value), repeat, "--on", "--series")
    with pytest.raises(ValidationError) as backlog:
        commands.move_post(store, series.id, None, None, on=dt.date(2026, 12, 9))
    assert str(backlog.value) == (
        "une date d'une série ne peut pas aller dans la banque d'idées ; retirez-la plutôt"
    )
    commands.delete_post(store, series.id, on=dt.date(2026, 12, 9))
    with pytest.raises(ValidationError) as skipped:
        commands.set_status(store, series.id, "ready", on=dt.date(2026, 12, 9))
    assert str(skipped.value) == (
        "«\u00a0Astuce\u00a0» est retirée le mer. 9 déc. 2026 ; remettez d'abord cette date"
    )


def test_the_copies_left_by_a_deletion_are_named_in_french(store: Store) -> None:
    first = store.add_post(PostDraft("Lancement", "X", dt.date(2026, 12, 2), group_id="g1"))
    for platform in ("Facebook", "Instagram"):
        store.add_post(PostDraft("Lancement", platform, dt.date(2026, 12, 2), group_id="g1"))
    assert commands.copies_staying(store, first) == "Les copies sur Facebook et Instagram restent."


# ---------------------------------------------------------------- settings


def test_a_settings_file_error_is_a_french_sentence_with_the_keys_as_written(
    tmp_path: Path,
) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[work]\nhours_per_week = "beaucoup"\n', encoding="utf-8")
    with pytest.raises(ValidationError) as bad:
        load_settings(path)
    assert str(bad.value) == (
        "config.toml : hours_per_week doit être un nombre d'heures entre 1 et 80 "
        "(valeur lue : 'beaucoup')"
    )
    path.write_text("[work]\nhour_per_week = 30\n", encoding="utf-8")
    with pytest.raises(ValidationError) as unknown:
        load_settings(path)
    assert str(unknown.value) == (
        "config.toml : clé inconnue 'hour_per_week' dans [work] ; "
        "vouliez-vous dire 'hours_per_week' ?"
    )
    path.write_text('[job_description]\n"social media" = 40.5\nevents = 50\n', encoding="utf-8")
    with pytest.raises(ValidationError) as split:
        load_settings(path)
    assert str(split.value) == (
        "config.toml : [job_description] les pourcentages doivent totaliser 100 "
        "(ils totalisent 90,5)"
    )
    for error in (bad, unknown, split):
        french(str(error.value), "hours_per_week", "hour_per_week", "job_description")


def test_the_settings_form_reads_its_problems_in_french() -> None:
    _settings, errors = check_settings(
        {"work": {"hours_per_week": 100, "start": "17:00", "end": "09:00"}}
    )
    assert errors == {
        "work.hours_per_week": "doit être un nombre d'heures entre 1 et 80 (valeur lue : 100)",
        "work.hours": "la fin (09 h 00) doit suivre le début (17 h 00)",
    }
    for message in errors.values():
        french(message)


def test_what_applying_the_settings_did_is_in_french() -> None:
    from storage.store.changes import ZoneChange

    change = ZoneChange("UTC", "America/Toronto", "instant", 3, 1, 2)
    assert zone_change_lines(change) == [
        "fuseau horaire déplacé de UTC à America/Toronto : 3 publications gardent leur moment "
        "(1 affiche maintenant une autre date ou heure)",
        "2 publications répétées gardent leur heure d'horloge : les dates d'une série "
        "tombent des deux côtés des changements d'heure",
    ]
    for line in zone_change_lines(change):
        french(line)


def test_the_settings_file_is_commented_in_french_and_its_keys_stay(tmp_path: Path) -> None:
    from storage import i18n
    from storage.settings import Settings, save_settings, settings_toml, written_by_calepin

    text = settings_toml(Settings())
    assert "[work]\nhours_per_week = 35\n" in text
    assert (
        '# holidays = "CA-QC"  (non défini : aucun jour férié ; un pays comme "FR" convient)'
        in (text)
    )
    comments = [line for line in text.splitlines() if line.startswith("#")]
    french("\n".join(line.partition("(")[2] for line in comments if "(" in line))
    path = tmp_path / "config.toml"
    saved = save_settings(Settings(hours_per_week=32.5), path)
    assert path.read_text(encoding="utf-8").startswith("# Paramètres de Calepin.")
    assert load_settings(path) == saved
    i18n.set_language("en")  # the file written in French is not taken for a hand edit
    assert written_by_calepin(load_settings(path))
    path.write_text(path.read_text(encoding="utf-8") + "# mine\n", encoding="utf-8")
    assert not written_by_calepin(load_settings(path))


def test_a_platform_from_the_file_counts_to_the_social_duty_of_a_french_database(
    tmp_path: Path,
) -> None:
    from storage.settings import Settings, apply_to_store
    from storage.settings.model import PlatformSetting

    with Store.open(tmp_path / "fr.db", zone_name="America/Toronto") as opened:
        social = [d.name for d in opened.duties() if d.social]
        assert social[0] == "médias sociaux"  # a database created in French
        lines = apply_to_store(Settings(platforms=(PlatformSetting("Mastodon"),)), opened)
        assert lines == ["plateforme Mastodon ajoutée"]
        assert opened.platform("Mastodon").default_duty == social[0]


def test_a_time_zone_and_a_keep_side_are_refused_in_french() -> None:
    with pytest.raises(ValidationError) as unknown:
        zone("Toronto")
    assert str(unknown.value) == (
        "fuseau horaire inconnu 'Toronto' (vouliez-vous dire America/Toronto ?) ; "
        "utilisez un nom IANA comme America/Toronto"
    )
    with pytest.raises(ValidationError) as keep:
        check_keep("both")
    french(str(unknown.value) + str(keep.value), "'wall'", "'instant'", "'both'", "keep")


# ---------------------------------------------------------------- recurrence, days off, gaps


def test_a_repeat_rule_is_refused_in_french() -> None:
    with pytest.raises(ValidationError) as off_rule:
        validate("FREQ=WEEKLY;BYDAY=TU", dt.date(2026, 12, 2), ZONE)
    assert str(off_rule.value) == (
        "mer. 2 déc. n'est pas un mardi de cette règle : commencez la série le mar. 8 déc."
    )
    with pytest.raises(ValidationError) as both:
        normalise("FREQ=DAILY;COUNT=3;UNTIL=20270101")
    with pytest.raises(ValidationError) as long:
        check_span(dt.date(2020, 1, 1), dt.date(2031, 1, 1))
    for error in (off_rule, both, long):
        french(str(error.value), "COUNT", "UNTIL")


def test_days_off_and_holidays_speak_french() -> None:
    taken = [DayOff(4, dt.date(2026, 12, 24), dt.date(2027, 1, 2), "vacances")]
    with pytest.raises(ValidationError) as overlapping:
        check_days_off(dt.date(2026, 12, 31), dt.date(2026, 12, 31), taken)
    assert str(overlapping.value) == (
        "2026-12-24..2027-01-02 vacances est déjà marqué en congé (#4) ; "
        "retirez-le d'abord avec `calepin off rm 4`"
    )
    with pytest.raises(ValidationError) as region:
        check_region("CA-XX")
    assert str(region.value).startswith("holidays : CA n'a pas de région 'XX' ; ses régions sont")
    french(str(overlapping.value) + str(region.value), "vacances", "calepin off rm", "holidays")
    assert (dt.date(2026, 6, 24), "Fête nationale du Québec") in statutory_holidays("CA-QC", 2026)


def test_holidays_keep_their_english_names_in_english() -> None:
    from storage import i18n

    i18n.set_language("en")
    assert (dt.date(2026, 7, 1), "Canada Day") in statutory_holidays("CA-QC", 2026)


def test_a_gap_answer_that_does_not_fit_is_explained_in_french() -> None:
    with pytest.raises(ValidationError) as outside:
        gap_part("8:00-9:30", at(9), at(11), ZONE)
    assert str(outside.value) == (
        "08 h 00–09 h 30 n'est pas dans le trou 09 h 00–11 h 00 ; "
        "p. ex. 45m, 1h30, une fin comme 10:15 ou une plage comme 9:15-10:00"
    )
    with pytest.raises(ValidationError) as longer:
        gap_part("3h", at(9), at(11), ZONE)
    assert str(longer.value).startswith("3 h dépasse la durée du trou (2 h) ;")
    french(str(outside.value) + str(longer.value))


# ---------------------------------------------------------------- labels


def test_statuses_and_sources_have_french_labels() -> None:
    assert status_label("on_hold") == "en attente"
    assert status_label(Status.READY) == "prête"
    assert [source_label(s) for s in EntrySource] == ["chrono", "manuelle", "importée"]


def test_the_labels_stay_english_in_english() -> None:
    from storage import i18n

    i18n.set_language("en")
    assert status_label("on_hold") == "on hold"
    assert [source_label(s) for s in EntrySource] == ["timer", "manual", "import"]


# ---------------------------------------------------------------- France


def test_france_reads_its_clock_in_the_same_sentences(store: Store) -> None:
    from storage import i18n

    i18n.set_language("fr_FR")  # the autouse fixture puts English back
    entry = store.add_entry(EntryDraft("events", at(9), at(10)))
    with pytest.raises(ValidationError) as outside:
        ts.split_entry(store, entry.id, at(11))
    assert str(outside.value) == "scindez à une heure entre 09:00 et 10:00"
    assert wording.clock(at(9)) == "09:00"
