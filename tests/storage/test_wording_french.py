"""storage.wording in French: Babel's formats for fr_CA and fr_FR, English untouched."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from babel.dates import format_date, format_time
from babel.numbers import format_decimal

from storage import i18n, wording

DAY = dt.date(2026, 11, 30)


@pytest.fixture(params=["fr_CA", "fr_FR"])
def variant(request):
    yield i18n.set_language(request.param)
    i18n.set_language("en")


def test_clock_times_are_cldrs_short_time_for_every_minute(variant) -> None:
    for minute in range(0, 24 * 60, 7):
        at = dt.time(minute // 60, minute % 60)
        assert wording.clock(at) == format_time(at, "short", locale=variant)


def test_quebec_writes_14_h_30_and_france_14_30(variant) -> None:
    expected = {"fr_CA": ("14 h 30", "14h30"), "fr_FR": ("14:30", "14:30")}[variant]
    at = dt.time(14, 30)
    assert (wording.clock(at), wording.clock_compact(at)) == expected


def test_day_and_month_names_are_babels(variant) -> None:
    assert wording.day_in_full(DAY) == format_date(DAY, "EEEE d MMMM", locale=variant)
    assert wording.day_in_full(DAY) == "lundi 30 novembre"
    assert wording.day_title(DAY) == "Lundi 30 novembre 2026"
    assert wording.month_title(DAY) == "Novembre 2026"
    assert wording.weekday_name("SU", short=True) == "dim."
    assert wording.day_label(DAY, year=True) == "lun. 30 nov. 2026"
    assert wording.week_title(DAY) == "Semaine 49 · 30 nov. – 6 déc. 2026"


def test_numbers_and_percentages_are_babels_for_the_locale(variant) -> None:
    assert wording.hours(74070) == format_decimal(Decimal("1234.5"), "#,##0.0", locale=variant)
    assert wording.hours(74070).replace("\u202f", " ").replace("\u00a0", " ") == "1 234,5"
    assert wording.percent(20.94) == "20,9\u00a0%"
    assert wording.signed(-0.25, 2) == "−0,25"
    assert wording.signed(1.5) == "+1,5"
    assert wording.number(1234) in ("1\u00a0234", "1\u202f234")


def test_a_number_rounds_once_so_french_and_english_agree_on_every_digit(variant) -> None:
    for minutes in range(0, 600):
        french = wording.hours(minutes)
        with i18n.using("en"):
            english = wording.hours(minutes)
        assert french == english.replace(".", ",")


def test_phrases_are_french(variant) -> None:
    first, last = dt.date(2026, 11, 2), DAY
    assert wording.period_phrase(first, last) == "du lun. 2 nov. au lun. 30 nov. 2026"
    assert wording.period_phrase(DAY, DAY) == "le lun. 30 nov. 2026"
    assert wording.period_label(dt.date(2026, 10, 1), dt.date(2026, 12, 31)) == "T4 2026"
    assert wording.effort_text(45, 60) == "45 min sur 1 h prévu"
    assert wording.week_plan(435, 225) == ("Prévu 7 h 15 · marge 3 h 45", " — dépasse de 3 h 30")


def test_english_is_unchanged() -> None:
    assert wording.clock(dt.time(14, 30)) == "14:30"
    assert wording.hours(74070) == "1234.5"
    assert wording.percent(20.94) == "20.9 %"
    assert wording.day_title(DAY) == "Monday 30 November 2026"
    assert wording.week_title(DAY) == "Week 49 · 30 Nov – 6 Dec 2026"


def test_the_kept_cldr_tables_are_babels() -> None:
    from storage.locale.catalogue import cldr_tables
    from storage.locale.cldr import TABLES

    assert cldr_tables() == TABLES  # else: python -m storage.locale.catalogue cldr


def test_numbers_are_written_as_babels_format_decimal(variant) -> None:
    from babel.numbers import format_percent

    values = [0, 5, 12.25, 999.95, 1000, 1234.5, -1234.5, 17300, 1234567.89, -0.04]
    values += [n * 37.3 for n in range(-300, 300, 7)]
    for value in values:
        for digits in (0, 1, 2):
            text = f"{value:.{digits}f}"
            pattern = "#,##0" + ("." + "0" * digits if digits else "")
            assert wording.decimal(value, digits) == format_decimal(
                Decimal(text), pattern, locale=variant
            )
    for value in (0, 20.94, 100, 1234.5):
        expected = format_percent(Decimal(f"{value:.1f}") / 100, "#,##0.0\u00a0%", locale=variant)
        assert wording.percent(value) == expected


def test_a_french_command_never_loads_babel() -> None:
    import subprocess
    import sys

    code = (
        "import sys, datetime as dt; from storage import i18n, wording;"
        "i18n.set_language('fr_CA');"
        "print(wording.day_title(dt.date(2026, 11, 30)), wording.hours(74070), wording.percent(5));"
        "print('babel' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == ["Lundi 30 novembre 2026 1\u00a0234,5 5,0\u00a0%", "False"]


def test_the_first_of_the_month_is_1er_in_french(variant) -> None:
    first = dt.date(2026, 12, 1)
    assert wording.day_in_full(first) == "mardi 1er décembre"
    assert wording.day_label(first) == "mar. 1er déc."
    assert wording.day_span(first, dt.date(2026, 12, 7)) == "1er–7 déc. 2026"
    with i18n.using("en"):
        assert wording.day_label(first) == "Tue 1 Dec"
