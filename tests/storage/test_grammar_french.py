"""The grammar in French phrases: a French twin of every form the English grammar tests cover
(test_parse_logline, test_parse_durations_times, test_parse_days, test_parse_repeats,
test_weekday_with_date), with the messages in French, on the duties and activities of a
database created in French. Plus the French reading of `10h` (a time of day) against `2h`
(a duration), and English left as it was."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr

from storage import i18n, migrations
from storage.errors import ParseError
from storage.grammar import (
    LogLine,
    StartTimer,
    StopTimer,
    describe_log_line,
    describe_repeat,
    describe_span,
    describe_when,
    parse_command,
    parse_day,
    parse_duration,
    parse_log_line,
    parse_period,
    parse_repeat,
    parse_time,
    parse_time_range,
    parse_when,
)
from storage.models import Activity, Duty

TZ = ZoneInfo("America/Toronto")
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=TZ)  # a Monday, no DST change nearby
TODAY = NOW.date()
DST_NOW = datetime(2026, 11, 2, 9, 0, tzinfo=TZ)  # DST ended on Sunday 1 Nov 2026 at 2:00
START = date(2026, 11, 24)  # a Tuesday


def _french_rows() -> tuple[list[Duty], list[Activity]]:
    """The duties and activities of a database created in French, plus an archived one."""
    duties, activities, _platforms = migrations.default_rows("fr_CA")
    return (
        [
            Duty(i, name, tuple(aliases.split(",")), social=social)
            for i, (name, aliases, social) in enumerate(duties, start=1)
        ]
        + [Duty(11, "balado", ("pod",), archived=True)],
        [
            Activity(i, name, tuple(aliases.split(",")))
            for i, (name, aliases) in enumerate(activities, start=1)
        ],
    )


DUTIES, ACTIVITIES = _french_rows()


@pytest.fixture(autouse=True)
def in_french(french: str) -> Iterator[str]:
    yield french


def at(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=TZ)


def log(text: str, now: datetime = NOW) -> LogLine:
    return parse_log_line(text, now, DUTIES, ACTIVITIES)


def fails(message: str):
    return pytest.raises(ParseError, match=re.escape(message))


# --------------------------------------------------------------------------- log lines


@pytest.mark.parametrize(
    ("text", "start", "end", "duty", "activity", "note"),
    [
        # a lone duration ends now
        ("1h30 social", at(2026, 11, 23, 13, 30), NOW, "médias sociaux", None, ""),
        ("90 social", at(2026, 11, 23, 13, 30), NOW, "médias sociaux", None, ""),
        ("1m social", at(2026, 11, 23, 14, 59), NOW, "médias sociaux", None, ""),
        ("45min infolettre", at(2026, 11, 23, 14, 15), NOW, "infolettres", None, ""),
        ("45 min infolettre", at(2026, 11, 23, 14, 15), NOW, "infolettres", None, ""),
        (":45 web", at(2026, 11, 23, 14, 15), NOW, "contenu web", None, ""),
        ("aujourd'hui 1h social", at(2026, 11, 23, 14), NOW, "médias sociaux", None, ""),
        ("12 heures admin", at(2026, 11, 23, 3), NOW, "administration et autres", None, ""),
        # day + start time + duration
        ("hier 14h 1h presse", at(2026, 11, 22, 14), at(2026, 11, 22, 15), "relations de presse", None, ""),
        ("hier 14h30 45min événements", at(2026, 11, 22, 14, 30), at(2026, 11, 22, 15, 15), "événements", None, ""),
        ("demain 9h 2h réunions", at(2026, 11, 24, 9), at(2026, 11, 24, 11), "réunions", None, ""),
        ("mar 10:00 30 min vidéo", at(2026, 11, 17, 10), at(2026, 11, 17, 10, 30), "vidéo", None, ""),
        ("14 1h social", at(2026, 11, 23, 14), at(2026, 11, 23, 15), "médias sociaux", None, ""),
        ("930 45m social", at(2026, 11, 23, 9, 30), at(2026, 11, 23, 10, 15), "médias sociaux", None, ""),
        ("1:30 1h social", at(2026, 11, 23, 1, 30), at(2026, 11, 23, 2, 30), "médias sociaux", None, ""),
        ("10h 1h30 événements", at(2026, 11, 23, 10), at(2026, 11, 23, 11, 30), "événements", None, ""),
        ("23h30 2h social", at(2026, 11, 23, 23, 30), at(2026, 11, 24, 1, 30), "médias sociaux", None, ""),
        # ranges
        ("14h-16h événements création", at(2026, 11, 23, 14), at(2026, 11, 23, 16), "événements", "création", ""),
        ("de 11h à 13h web", at(2026, 11, 23, 11), at(2026, 11, 23, 13), "contenu web", None, ""),
        ("14:00-16:30 presse", at(2026, 11, 23, 14), at(2026, 11, 23, 16, 30), "relations de presse", None, ""),
        ("vendredi dernier 9h15-10h vidéo", at(2026, 11, 20, 9, 15), at(2026, 11, 20, 10), "vidéo", None, ""),
        ("mar 14h30-16h réu", at(2026, 11, 17, 14, 30), at(2026, 11, 17, 16), "réunions", None, ""),
        ("3 déc 2026 10h-11h admin", at(2026, 12, 3, 10), at(2026, 12, 3, 11), "administration et autres", None, ""),
        ("3 décembre 10-11 admin", at(2026, 12, 3, 10), at(2026, 12, 3, 11), "administration et autres", None, ""),
        ("14h - 16h social", at(2026, 11, 23, 14), at(2026, 11, 23, 16), "médias sociaux", None, ""),
        ("14 h 30 - 16 h social", at(2026, 11, 23, 14, 30), at(2026, 11, 23, 16), "médias sociaux", None, ""),
        ("hier de 9h à 12h plan", at(2026, 11, 22, 9), at(2026, 11, 22, 12), "planification et stratégie", None, ""),
        ("lundi prochain 10h-12h web", at(2026, 11, 30, 10), at(2026, 11, 30, 12), "contenu web", None, ""),
        # duties, activities (the trade's words), notes
        ("1h soc anim répondu", at(2026, 11, 23, 14), NOW, "médias sociaux", "animation", "répondu"),
        ("1h presse listes", at(2026, 11, 23, 14), NOW, "relations de presse", None, "listes"),
        ("1h relations de presse brouillon", at(2026, 11, 23, 14), NOW, "relations de presse", None, "brouillon"),
        ("1h planif revue du trimestre", at(2026, 11, 23, 14), NOW, "planification et stratégie", None, "revue du trimestre"),
        ("1h MÉDIAS SOCIAUX Création  la   publication", at(2026, 11, 23, 14), NOW, "médias sociaux", "création", "la publication"),
        ("1h médias sociaux veille", at(2026, 11, 23, 14), NOW, "médias sociaux", "veille", ""),
        ("1h medias sociaux crise", at(2026, 11, 23, 14), NOW, "médias sociaux", "crise", ""),
        ("1h réunions crise tout le monde", at(2026, 11, 23, 14), NOW, "réunions", "crise", "tout le monde"),
        ("1h reunions", at(2026, 11, 23, 14), NOW, "réunions", None, ""),
        ("1h social modération", at(2026, 11, 23, 14), NOW, "médias sociaux", "animation", ""),
        ("1h social communauté", at(2026, 11, 23, 14), NOW, "médias sociaux", "animation", ""),
        ("1h social messages privés", at(2026, 11, 23, 14), NOW, "médias sociaux", "animation", "privés"),
        ("1h social graphisme", at(2026, 11, 23, 14), NOW, "médias sociaux", "création", ""),
        ("1h social visuels Canva", at(2026, 11, 23, 14), NOW, "médias sociaux", "création", "Canva"),
        ("1h social statistiques", at(2026, 11, 23, 14), NOW, "médias sociaux", "statistiques", ""),
        ("1h formation", at(2026, 11, 23, 14), NOW, "administration et autres", None, ""),
        ("1h social merci à tous", at(2026, 11, 23, 14), NOW, "médias sociaux", None, "merci à tous"),
        ("1h social « brouillon »", at(2026, 11, 23, 14), NOW, "médias sociaux", None, "brouillon"),
        ("1h social publié à 14 h", at(2026, 11, 23, 14), NOW, "médias sociaux", "publication", "à 14 h"),
        ("1h promo", at(2026, 11, 23, 14), NOW, "matériel promotionnel", None, ""),
        ("1h vid", at(2026, 11, 23, 14), NOW, "vidéo", None, ""),
        ("1h év", at(2026, 11, 23, 14), NOW, "événements", None, ""),
        ("1h infolettre publication", at(2026, 11, 23, 14), NOW, "infolettres", "publication", ""),
        # the English names stay aliases
        ("1h30 social media engage", at(2026, 11, 23, 13, 30), NOW, "médias sociaux", "animation", ""),
        ("1h events create", at(2026, 11, 23, 14), NOW, "événements", "création", ""),
    ],
)  # fmt: skip
def test_parse_log_line(
    text: str, start: datetime, end: datetime, duty: str, activity: str | None, note: str
) -> None:
    line = log(text)
    assert (line.start, line.end) == (start, end)
    assert line.start.tzinfo is TZ and line.end.tzinfo is TZ
    assert line.duty.name == duty
    assert (line.activity.name if line.activity else None) == activity
    assert line.note == note
    assert line.minutes == round((end - start).total_seconds() / 60)


def test_yesterday_with_time_is_yesterday_not_today() -> None:
    line = log("hier 14h 1h social")
    assert line.start.date() == date(2026, 11, 22)
    assert line.minutes == 60


@pytest.mark.parametrize(("text", "minutes"), [("1:30 social", 90), ("0:45 social", 45)])
def test_a_lone_colon_duration_is_a_duration(text: str, minutes: int) -> None:
    line = log(text)
    assert line.end == NOW
    assert line.minutes == minutes


# ------------------------------------------------- `10h` is a time of day, `2h` a duration


@pytest.mark.parametrize(
    ("text", "start", "reading"),
    [
        ("10h événements", at(2026, 11, 23, 10), "10h : heure de début"),
        ("10 h événements", at(2026, 11, 23, 10), "10h : heure de début"),
        ("14h30 web", at(2026, 11, 23, 14, 30), "14h30 : heure de début"),
        ("14 h 30 web", at(2026, 11, 23, 14, 30), "14h30 : heure de début"),
        ("6h social", at(2026, 11, 23, 6), "6h : heure de début"),
        ("aujourd'hui 10h web", at(2026, 11, 23, 10), "10h : heure de début"),
        ("2h social", at(2026, 11, 23, 13), ""),
        ("2 h social", at(2026, 11, 23, 13), ""),
        ("1h30 social", at(2026, 11, 23, 13, 30), ""),
        ("1 h 30 social", at(2026, 11, 23, 13, 30), ""),
        ("5h59 social", at(2026, 11, 23, 9, 1), ""),
        ("2 heures social", at(2026, 11, 23, 13), ""),
        ("1,5 h social", at(2026, 11, 23, 13, 30), ""),
        ("90 min social", at(2026, 11, 23, 13, 30), ""),
        ("7h30min social", at(2026, 11, 23, 7, 30), ""),
        ("1 h 30 min social", at(2026, 11, 23, 13, 30), ""),
        ("depuis 10h web", at(2026, 11, 23, 10), ""),
        ("depuis 14:00 web", at(2026, 11, 23, 14), ""),
        ("depuis 2h social", at(2026, 11, 23, 2), ""),
    ],
)
def test_a_lone_hour_before_a_duty_is_a_time_from_six_on(
    text: str, start: datetime, reading: str
) -> None:
    line = log(text)
    assert (line.start, line.end) == (start, NOW)
    assert line.reading == reading
    if reading:  # the echo says which reading it took
        assert describe_log_line(line).endswith(f" · {reading}")


def test_ten_hours_ending_now_is_never_read_from_10h() -> None:
    line = log("10h événements")
    assert line.minutes == 5 * 60  # 10:00 to 15:00, not ten hours
    assert describe_log_line(line) == (
        "lun. 23 nov. 10 h 00–15 h 00 · 5 h · événements · 10h : heure de début"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("16h web", "`16h` est une heure de début, et 16 h 00 n'est pas encore passé"),
        ("16h web", "pour une durée, écrivez `2 h`, `2 heures` ou `120 min`; pour une plage, `16h-18h`"),
        ("hier 10h événements", "pour un autre jour, donnez une plage ou un début et une durée"),
        ("hier 10h événements", "`hier 10h-12h …` ou `hier 10h 2h …`"),
        ("demain 14h30 web", "`demain 14h30-16h …`"),
        ("depuis web", "depuis quand?"),
    ],
)  # fmt: skip
def test_a_time_that_does_not_fit_is_asked_about(text: str, message: str) -> None:
    with fails(message):
        log(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hier 14:00", "peut être une heure de début ou une durée de 14 h"),
        ("14:00 social", "peut être une heure de début ou une durée de 14 h"),
        ("hier 1:30 social", "pour un autre jour, donnez une heure de début ou une plage"),
        ("hier 1h30 social", "pour un autre jour, donnez une heure de début ou une plage"),
        ("mar 90 social", "p. ex. `mar 14h 90"),
        ("2pm social", "combien de temps?"),
        ("2pm social", "(2pm est ici une heure de début)"),
        ("social", "combien de temps? commencez par une durée"),
        ("", "rien à consigner"),
        ("1430 social", "peut être une heure de début ou une durée de 23 h 50"),
        ("9h 45min social", "ambigu : pour une durée, écrivez-la en un mot (`9h45min`); pour une heure de début, `9h00 45min`"),
        ("14:00 16:00 social", "une plage avec un tiret"),
        ("16h-14h social", "finit avant de commencer"),
        ("22h-1h social", "finit avant de commencer"),
        ("25:00 1h social", "n'est pas une heure"),
        ("0 social", "une durée doit être plus grande que zéro"),
        ("25 heures social", "dépasse 24 heures"),
        ("31 févr 10-11 admin", "le 31 février n'existe pas"),
        ("3/12 1h social", "ambigu"),
        ("1h30", "quelle tâche?"),
        ("1h truc", "tâche inconnue `truc`; les tâches sont : médias sociaux, infolettres"),
        ("1h p brouillon", "`p` peut être : matériel promotionnel, planification et stratégie, relations de presse"),
        ("1h pod", "tâche inconnue `pod`"),  # archived
        ("1h 14:00 social", "une heure de début puis une durée"),
        ("1h30m 1h social", "l'ordre est : [jour] [heure] durée-ou-plage tâche"),
        ("1h social \x00 salut", "caractères de contrôle"),
        ("1h social \u202e salut", "contrôle de direction invisible"),
        ("x" * 5001, "plus de 5000 caractères"),
    ],
)  # fmt: skip
def test_parse_log_line_errors(text: str, message: str) -> None:
    with fails(message):
        log(text)


def test_unknown_duty_lists_only_active_duties() -> None:
    with pytest.raises(ParseError) as exc:
        log("1h truc")
    assert "balado" not in str(exc.value)
    assert "administration et autres" in str(exc.value)


# --------------------------------------------------------------------------- DST


def test_dst_fall_back_range_counts_real_minutes() -> None:
    line = log("hier 1h-3h social", now=DST_NOW)
    assert (line.start.hour, line.end.hour, line.minutes) == (1, 3, 180)
    assert describe_log_line(line) == "dim. 1er nov. 01 h 00–03 h 00 · 3 h · médias sociaux"


def test_dst_duration_is_elapsed_time() -> None:
    line = log("hier 0:30 2h social", now=DST_NOW)
    assert line.minutes == 120
    assert (line.end.hour, line.end.minute) == (1, 30)
    assert line.end.utcoffset() != line.start.utcoffset()


def test_dst_lone_duration_ending_now() -> None:
    line = log("1h social", now=DST_NOW)
    assert (line.end, line.minutes) == (DST_NOW, 60)


# --------------------------------------------------------------------------- commands


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("arrêt", StopTimer()),
        ("ARRÊTER", StopTimer()),
        ("stop", StopTimer()),
        ("démarrer social", StartTimer(DUTIES[0], None, "")),
        ("démarrer soc anim réponses", StartTimer(DUTIES[0], ACTIVITIES[2], "réponses")),
        ("démarrer relations de presse", StartTimer(DUTIES[3], None, "")),
        ("démarre presse listes", StartTimer(DUTIES[3], None, "listes")),
    ],
)
def test_parse_command(text: str, expected: object) -> None:
    assert parse_command(text, NOW, DUTIES, ACTIVITIES) == expected


def test_parse_command_falls_back_to_log_line() -> None:
    result = parse_command("1h30 social", NOW, DUTIES, ACTIVITIES)
    assert isinstance(result, LogLine)
    assert result.minutes == 90


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("démarrer", "démarrer quoi? p. ex. `démarrer social animation`; les tâches sont :"),
        ("démarrer truc", "tâche inconnue `truc`"),
        ("arrêt maintenant", "rien ne suit `arrêt`"),
        ("", "rien à consigner"),
    ],
)
def test_parse_command_errors(text: str, message: str) -> None:
    with fails(message):
        parse_command(text, NOW, DUTIES, ACTIVITIES)


# --------------------------------------------------------------------------- describing


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (at(2026, 11, 23, 14), at(2026, 11, 23, 16), "lun. 23 nov. 14 h 00–16 h 00 · 2 h"),
        (at(2026, 11, 23, 14), at(2026, 11, 23, 15, 30), "lun. 23 nov. 14 h 00–15 h 30 · 1 h 30"),
        (at(2026, 11, 23, 9, 15), at(2026, 11, 23, 10), "lun. 23 nov. 09 h 15–10 h 00 · 45 min"),
        (
            at(2026, 11, 23, 23),
            at(2026, 11, 24, 1),
            "lun. 23 nov. 23 h 00 – mar. 24 nov. 01 h 00 · 2 h",
        ),
    ],
)
def test_describe_span(start: datetime, end: datetime, text: str) -> None:
    assert describe_span(start, end) == text


def test_describe_span_in_france_reads_the_24_hour_clock() -> None:
    i18n.set_language("fr_FR")
    assert describe_span(at(2026, 11, 23, 14), at(2026, 11, 23, 16)) == (
        "lun. 23 nov. 14:00–16:00 · 2 h"
    )


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("14h-16h événements création", "lun. 23 nov. 14 h 00–16 h 00 · 2 h · événements / création"),
        (
            "1h soc anim répondu",
            "lun. 23 nov. 14 h 00–15 h 00 · 1 h · médias sociaux / animation · «\u00a0répondu\u00a0»",
        ),
        (
            "hier 9h15-10h presse listes",
            "dim. 22 nov. 09 h 15–10 h 00 · 45 min · relations de presse · «\u00a0listes\u00a0»",
        ),
    ],
)  # fmt: skip
def test_describe_log_line(line: str, text: str) -> None:
    assert describe_log_line(log(line)) == text


# --------------------------------------------------------------------------- durations


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("1h30", 90), ("1 h 30", 90), ("1h30min", 90), ("1 h 30 min", 90), ("90 min", 90),
        ("90", 90), ("1,5 h", 90), ("1,5h", 90), ("1.5h", 90), ("1:30", 90), (":45", 45),
        ("2h", 120), ("2 h", 120), ("2 heures", 120), ("1 heure", 60), ("1m", 1),
        ("45 min", 45), ("1 h 05", 65), ("0,25 h", 15), ("24 h", 1440), ("  30 min ", 30),
    ],
)  # fmt: skip
def test_parse_duration(text: str, minutes: int) -> None:
    assert parse_duration(text) == minutes


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0", "une durée doit être plus grande que zéro"),
        ("0 h", "plus grande que zéro"),
        ("-1h", "plus grande que zéro"),
        ("25 h", "dépasse 24 heures; répartissez-la en plusieurs saisies"),
        ("1441", "dépasse 24 heures"),
        ("1h75", "les minutes vont jusqu'à 59; écrivez 2h15, pas 1h75"),
        ("1:75", "écrivez 2:15, pas 1:75"),
        ("abc", "`abc` n'est pas une durée reconnue; essayez 1h30, 90 min, 90, 1,5 h"),
        ("", "aucune durée donnée"),
        ("1 mois", "n'est pas une durée reconnue"),
    ],
)
def test_parse_duration_errors(text: str, message: str) -> None:
    with fails(message):
        parse_duration(text)


def test_every_duration_in_the_examples_reads() -> None:
    for example in ("1h30", "90 min", "90", "1,5 h", "1:30", "45 min"):
        assert parse_duration(example) > 0


# --------------------------------------------------------------------------- times


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14h", time(14)), ("14h30", time(14, 30)), ("14 h 30", time(14, 30)),
        ("14 h", time(14)), ("9h", time(9)), ("9 h 05", time(9, 5)), ("14:00", time(14)),
        ("1430", time(14, 30)), ("930", time(9, 30)), ("14", time(14)), ("midi", time(12)),
        ("minuit", time(0)), ("2pm", time(14)), ("23 h 59", time(23, 59)),
    ],
)  # fmt: skip
def test_parse_time(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("25:00", "`25:00` n'est pas une heure (heures 0–23, minutes 0–59)"),
        ("14 h 60", "n'est pas une heure"),
        ("24h", "n'est pas une heure"),
        ("13pm", "avec am/pm, l'heure va de 1 à 12"),
        ("l'heure du thé", "n'est pas une heure reconnue; essayez 14h, 14h30"),
        ("", "aucune heure donnée"),
    ],
)
def test_parse_time_errors(text: str, message: str) -> None:
    with fails(message):
        parse_time(text)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("14h-16h30", time(14), time(16, 30)),
        ("9h15-10h", time(9, 15), time(10)),
        ("14 h 30-16 h", time(14, 30), time(16)),
        ("9h–10h", time(9), time(10)),
        ("14:00 – 15:00", time(14), time(15)),
        ("7-15", time(7), time(15)),
        ("11-1pm", time(11), time(13)),
    ],
)
def test_parse_time_range(text: str, start: time, end: time) -> None:
    assert parse_time_range(text) == (start, end)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("16h-14h", "finit avant de commencer; une plage reste dans une même journée"),
        ("10h-10h", "commence et finit à la même heure"),
        ("4-2pm", "n'est pas clair : écrivez 4am-2pm pour un début avant l'aube"),
        ("14h-25h", "n'est pas une heure"),
        ("x-y", "n'est pas une heure reconnue"),
        ("14h", "n'est pas une plage horaire reconnue"),
    ],
)
def test_parse_time_range_errors(text: str, message: str) -> None:
    with fails(message):
        parse_time_range(text)


# --------------------------------------------------------------------------- days


@pytest.mark.parametrize(
    ("text", "prefer", "expected"),
    [
        ("aujourd'hui", "past", date(2026, 11, 23)),
        ("Aujourd’hui", "future", date(2026, 11, 23)),
        ("hier", "future", date(2026, 11, 22)),
        ("demain", "past", date(2026, 11, 24)),
        ("avant-hier", "past", date(2026, 11, 21)),
        ("après-demain", "past", date(2026, 11, 25)),
        ("lundi", "past", date(2026, 11, 23)),
        ("lun", "future", date(2026, 11, 23)),
        ("mardi", "past", date(2026, 11, 17)),
        ("mardi", "future", date(2026, 11, 24)),
        ("mar.", "future", date(2026, 11, 24)),
        ("dimanche", "past", date(2026, 11, 22)),
        ("ven", "past", date(2026, 11, 20)),
        ("jeudi", "future", date(2026, 11, 26)),
        ("vendredi dernier", "future", date(2026, 11, 20)),
        ("lundi dernier", "past", date(2026, 11, 16)),
        ("lundi prochain", "past", date(2026, 11, 30)),
        ("mardi prochain", "past", date(2026, 11, 24)),
        ("prochain mardi", "past", date(2026, 11, 24)),
        ("2026-12-03", "past", date(2026, 12, 3)),
        ("3 déc", "future", date(2026, 12, 3)),
        ("3 déc", "past", date(2026, 12, 3)),
        ("3 décembre", "future", date(2026, 12, 3)),
        ("3 DÉC.", "future", date(2026, 12, 3)),
        ("3 déc 2027", "past", date(2027, 12, 3)),
        ("1er mai", "future", date(2027, 5, 1)),
        ("23 nov", "past", date(2026, 11, 23)),
        ("22 nov.", "future", date(2026, 11, 22)),
        ("29 févr", "future", date(2028, 2, 29)),
    ],
)
def test_parse_day(text: str, prefer: str, expected: date) -> None:
    assert parse_day(text, TODAY, prefer=prefer) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31 févr", "le 31 février n'existe pas; février a au plus 29 jours"),
        ("2026-02-30", "le 30 février n'existe pas"),
        ("2027-02-29", "le 29 février n'existe pas en 2027"),
        ("31 avril", "le 31 avril n'existe pas"),
        ("2026-13-01", "il n'y a pas de mois 13"),
        ("3/12", "ambigu \\(jour/mois ou mois/jour\\?\\); écrivez 2026-12-03"),
        ("déc", "`déc` n'est pas un jour reconnu"),
        ("un jour", "essayez aujourd'hui, hier"),
        ("", "aucun jour donné"),
        ("3 déc 1066", "l'année 1066 est hors limites"),
    ],
)
def test_parse_day_errors(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_day(text, TODAY, prefer="future")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mar 10h", (date(2026, 11, 24), time(10))),
        ("demain 14h30", (date(2026, 11, 24), time(14, 30))),
        ("demain 14 h 30", (date(2026, 11, 24), time(14, 30))),
        ("2026-12-03", (date(2026, 12, 3), None)),
        ("lundi prochain", (date(2026, 11, 30), None)),
        ("3 déc 9h", (date(2026, 12, 3), time(9))),
        ("3 déc 9 h", (date(2026, 12, 3), time(9))),
        ("10h", (date(2026, 11, 23), time(10))),
        ("2026-12-03 14h", (date(2026, 12, 3), time(14))),
        ("14h demain", (date(2026, 11, 24), time(14))),
        ("mardi à 10h", (date(2026, 11, 24), time(10))),
        ("demain à 9 h", (date(2026, 11, 24), time(9))),
        ("ven 14 h", (date(2026, 11, 27), time(14))),
        ("le 3 déc à midi", (date(2026, 12, 3), time(12))),
    ],
)
def test_parse_when(text: str, expected: tuple[date, time | None]) -> None:
    assert parse_when(text, NOW) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31 févr 10h", "le 31 février n'existe pas"),
        ("mar 25h", "n'est pas une heure"),
        ("bof", "`bof` n'est pas une date reconnue; essayez mar 10h"),
        ("", "aucune date donnée"),
    ],
)
def test_parse_when_errors(text: str, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_when(text, NOW)


@pytest.mark.parametrize(
    ("day", "t", "text"),
    [
        (date(2026, 11, 24), time(10), "mar. 24 nov. 10 h 00"),
        (date(2026, 11, 24), None, "mar. 24 nov."),
        (date(2027, 1, 3), time(9, 5), "dim. 3 janv. 09 h 05"),
    ],
)
def test_describe_when(day: date, t: time | None, text: str) -> None:
    assert describe_when(day, t) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dim 1 nov 1h30", (date(2026, 11, 1), time(1, 30))),
        ("dimanche 1 novembre", (date(2026, 11, 1), None)),
        ("dim. 1 nov. 14 h", (date(2026, 11, 1), time(14))),
        ("dim. 1er nov. 14 h", (date(2026, 11, 1), time(14))),
        ("mardi 1er décembre", (date(2026, 12, 1), None)),
        ("lun 2026-11-02 9h", (date(2026, 11, 2), time(9))),
        ("mardi 3 novembre", (date(2026, 11, 3), None)),
    ],
)
def test_a_weekday_before_a_date_is_read(text: str, expected: tuple) -> None:
    assert parse_when(text, datetime(2026, 10, 20, 9, tzinfo=TZ)) == expected


def test_a_weekday_that_does_not_match_its_date_is_refused_naming_both() -> None:
    with fails("le 1er nov. 2026 est un dimanche, pas un mardi"):
        parse_when("mar 1 nov 9h", datetime(2026, 10, 20, 9, tzinfo=TZ))


def test_parse_period_reads_the_pair_and_refuses_one_ending_before_it_starts() -> None:
    sunday = date(2026, 12, 6)
    assert parse_period("20 déc", "5 janv", sunday, prefer="past") == (
        date(2026, 12, 20),
        date(2027, 1, 5),
    )
    assert parse_period("ven", "lun", sunday, prefer="past") == (
        date(2026, 12, 4),
        date(2026, 12, 7),
    )
    with pytest.raises(ParseError, match="la période finit \\(2026-12-05\\) avant de commencer"):
        parse_period("2026-12-20", "hier", sunday, prefer="future")


# --------------------------------------------------------------------------- repeats


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("quotidien", "FREQ=DAILY"),
        ("chaque jour", "FREQ=DAILY"),
        ("tous les 3 jours", "FREQ=DAILY;INTERVAL=3"),
        ("hebdo", "FREQ=WEEKLY"),
        ("chaque semaine", "FREQ=WEEKLY"),
        ("hebdomadaire le jeudi", "FREQ=WEEKLY;BYDAY=TH"),
        ("chaque mardi", "FREQ=WEEKLY;BYDAY=TU"),
        ("tous les mardis et jeudis", "FREQ=WEEKLY;BYDAY=TU,TH"),
        ("tous les jeudis et mardis", "FREQ=WEEKLY;BYDAY=TU,TH"),
        ("chaque lun,mer", "FREQ=WEEKLY;BYDAY=MO,WE"),
        ("chaque lundi, mercredi et vendredi", "FREQ=WEEKLY;BYDAY=MO,WE,FR"),
        ("en semaine", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("chaque jour de semaine", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("toutes les 2 semaines", "FREQ=WEEKLY;INTERVAL=2"),
        ("toutes les 2 semaines le lundi", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO"),
        ("toutes les deux semaines le vendredi", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"),
        ("un mardi sur deux", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
        ("aux deux semaines", "FREQ=WEEKLY;INTERVAL=2"),
        ("mensuel", "FREQ=MONTHLY"),
        ("mensuel le premier jeudi", "FREQ=MONTHLY;BYDAY=1TH"),
        ("mensuel le dernier vendredi", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("mensuel le 15", "FREQ=MONTHLY;BYMONTHDAY=15"),
        ("mensuel le 1er", "FREQ=MONTHLY;BYMONTHDAY=1"),
        ("mensuel le dernier jour", "FREQ=MONTHLY;BYMONTHDAY=-1"),
        ("chaque premier jeudi", "FREQ=MONTHLY;BYDAY=1TH"),
        ("le premier jeudi du mois", "FREQ=MONTHLY;BYDAY=1TH"),
        ("tous les 3 mois", "FREQ=MONTHLY;INTERVAL=3"),
        ("annuel", "FREQ=YEARLY"),
        ("chaque année", "FREQ=YEARLY"),
        (
            "toutes les 2 semaines le mardi jusqu'au 2027-06-30",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270630",
        ),
        ("hebdo jusqu'au 30 juin", "FREQ=WEEKLY;UNTIL=20270630"),
        ("chaque mardi 10 fois", "FREQ=WEEKLY;BYDAY=TU;COUNT=10"),
        ("chaque mardi pendant 10 fois", "FREQ=WEEKLY;BYDAY=TU;COUNT=10"),
        ("chaque mardi x 5", "FREQ=WEEKLY;BYDAY=TU;COUNT=5"),
        ("Chaque Mardi", "FREQ=WEEKLY;BYDAY=TU"),
    ],
)
def test_parse_repeat(text: str, rule: str) -> None:
    assert parse_repeat(text, START) == rule


def test_parse_repeat_occurrences() -> None:
    rule = rrulestr(
        parse_repeat("mensuel le dernier vendredi", START), dtstart=datetime.combine(START, time())
    )
    assert [d.date() for d in list(rule[:4])] == [
        date(2026, 11, 27),
        date(2026, 12, 25),
        date(2027, 1, 29),
        date(2027, 2, 26),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("chaque truc", "`chaque truc` n'est pas une répétition reconnue; essayez hebdo"),
        ("", "aucune répétition donnée"),
        ("hebdo jusqu'au 2026-01-01", "n'arrive jamais : elle finit avant le 2026-11-24"),
        ("chaque mardi jusqu'au 2027-01-01 5 fois", "donnez `jusqu'au JOUR` ou `N fois`"),
        ("mensuel le 32", "un mois a les jours 1 à 31"),
        ("toutes les 0 semaines", "l'intervalle va de 1 à 99"),
        ("hebdo 0 fois", "le nombre de fois va de 1 à 1000"),
        ("quotidien le lundi", "`lundi` n'est pas reconnu"),
        ("hebdo jusqu'au 31 févr", "le 31 février n'existe pas"),
        ("toutes les beaucoup semaines", "à quelle fréquence?"),
    ],
)
def test_parse_repeat_errors(text: str, message: str) -> None:
    with fails(message):
        parse_repeat(text, START)


def test_every_repeat_in_the_examples_reads() -> None:
    for example in (
        "hebdo",
        "chaque mardi",
        "tous les mardis et jeudis",
        "toutes les 2 semaines le lundi",
        "le premier jeudi du mois",
        "mensuel le 15",
        "annuel",
        "hebdo jusqu'au 2027-06-30",
        "hebdo 10 fois",
    ):
        assert parse_repeat(example, START)


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("FREQ=DAILY", "chaque jour"),
        ("FREQ=WEEKLY", "chaque semaine"),
        ("FREQ=WEEKLY;BYDAY=TU", "chaque mar."),
        ("FREQ=WEEKLY;BYDAY=MO,WE,FR", "chaque lun., mer. et ven."),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "chaque jour de semaine"),
        ("FREQ=MONTHLY;BYDAY=1TH", "chaque mois, le premier jeu."),
        ("FREQ=MONTHLY;BYDAY=-1FR", "chaque mois, le dernier ven."),
        ("FREQ=MONTHLY;BYMONTHDAY=15", "chaque mois, le 15"),
        ("FREQ=MONTHLY;BYMONTHDAY=1", "chaque mois, le 1er"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "chaque mois, le dernier jour"),
        ("FREQ=YEARLY", "chaque année"),
        ("FREQ=WEEKLY;UNTIL=20270630T035959Z", "chaque semaine jusqu'au 30 juin 2027"),
        ("RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=1", "chaque mar., une fois"),
        (
            "FREQ=MONTHLY;BYSETPOS=1;BYDAY=MO",
            "répétition personnalisée (FREQ=MONTHLY;BYSETPOS=1;BYDAY=MO)",
        ),
    ],
)
def test_describe_repeat(rule: str, text: str) -> None:
    assert describe_repeat(rule) == text


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("FREQ=DAILY;INTERVAL=3", "tous les 3 jours"),
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270630",
            "toutes les 2 semaines le mar. jusqu'au 30 juin 2027",
        ),
        ("RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=10", "chaque mar., 10 fois"),
        ("FREQ=MONTHLY;INTERVAL=3", "tous les 3 mois"),
    ],
)
def test_describe_repeat_plurals(rule: str, text: str) -> None:
    assert describe_repeat(rule) == text


@pytest.mark.parametrize("rule", ["", "hebdo", "FREQ=HOURLY", "FREQ", "BYDAY=TU"])
def test_describe_repeat_errors(rule: str) -> None:
    with fails("n'est pas une règle de répétition; p. ex. FREQ=WEEKLY;BYDAY=TU"):
        describe_repeat(rule)


@pytest.mark.parametrize(
    "rule", ["FREQ=WEEKLY;BYDAY=TU", "FREQ=MONTHLY;BYDAY=1TH", "FREQ=MONTHLY;BYMONTHDAY=-1"]
)
def test_a_described_repeat_reads_back(rule: str) -> None:
    text = describe_repeat(rule).replace("chaque mois, le ", "mensuel le ")
    text = text.replace("mar.", "mardi").replace("jeu.", "jeudi")
    assert parse_repeat(text, START) == rule


# --------------------------------------------------------------------------- garbage

GARBAGE = [
    "", "   ", "\x00", "1h social \x07 sonnerie", "🙂", "1h 🙂", "x" * 10_000,
    "1h30 social " + "é" * 10_000, "-" * 5000, "'; DROP TABLE entries; --", "chaque " * 500,
    "de de de", "depuis", "depuis depuis 10h", "10 h h h", "1 , 5 h", "de 14h à", "h 30",
    "14 h 30 h 30", "2 heures heures", "1 h 30 min min social", "%s %d {0} {{}}", "{typed}",
]  # fmt: skip


@pytest.mark.parametrize("text", GARBAGE, ids=range(len(GARBAGE)))
def test_garbage_only_raises_parse_error(text: str) -> None:
    calls = [
        lambda: parse_duration(text),
        lambda: parse_time(text),
        lambda: parse_time_range(text),
        lambda: parse_day(text, TODAY, prefer="past"),
        lambda: parse_when(text, NOW),
        lambda: parse_log_line(text, NOW, DUTIES, ACTIVITIES),
        lambda: parse_command(text, NOW, DUTIES, ACTIVITIES),
        lambda: parse_repeat(text, START),
        lambda: describe_repeat(text),
    ]
    for call in calls:
        try:
            call()
        except ParseError as exc:
            assert str(exc)
            assert len(str(exc)) < 700


# --------------------------------------------------------------------------- English as it was


def test_english_reads_10h_as_ten_hours_and_refuses_a_unit_apart() -> None:
    i18n.set_language("en")
    duties = [Duty(1, "events", ("event",))]
    line = parse_log_line("10h events", NOW, duties, [])
    assert (line.minutes, line.end, line.reading) == (600, NOW, "")
    assert describe_log_line(line) == "Mon 23 Nov 05:00–15:00 · 10 h · events"
    with pytest.raises(ParseError, match="could not read `2 h` as a duration"):
        parse_duration("2 h")
