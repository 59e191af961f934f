"""Analytics exports (Meta Business Suite, LinkedIn; English and French) read back as outcomes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from exporters.outcomes_csv import import_outcomes, parse_number, read_outcomes_csv
from storage import NotFoundError, Store, ValidationError

FIXTURES = Path(__file__).parent.parent / "fixtures"
TODAY = dt.date(2026, 11, 23)


def read(store: Store, name: str, platform: str | None = None):  # type: ignore[no-untyped-def]
    data = (FIXTURES / f"outcomes-{name}.csv").read_bytes()
    return read_outcomes_csv(data, store, platform=platform, today=TODAY)


def figures(store: Store) -> list[tuple[object, ...]]:
    return [
        (o.platform, o.month, o.reach, o.impressions, o.engagement, o.followers_gained,
         o.messages_answered)
        for o in store.outcomes()
    ]  # fmt: skip


def test_meta_business_suite_one_figure_per_file(store: Store) -> None:
    # sep= line, the title names the figure and the platform; days summed per month.
    plan = read(store, "meta-reach-en")
    assert plan.columns == {"reach": ["Primary"]}
    import_outcomes(store, plan)
    assert figures(store) == [
        ("Facebook", "2026-10", 2000, None, None, None, None),
        ("Facebook", "2026-11", 2290, None, None, None, None),
    ]


def test_french_layout_numbers_bom_and_a_total_row(store: Store) -> None:
    plan = read(store, "meta-fr")
    assert plan.encoding == "utf-8"
    import_outcomes(store, plan)
    # 1 234 + 1 000 (narrow no-break space); 2 500,5 + 1 499,5; "-" is unknown, not 0;
    # the Total line is not a day.
    assert figures(store) == [
        ("Instagram", "2026-11", 2234, 4000, 60, 3, 2),
        ("Instagram", "2026-12", 10, 20, 1, 0, None),
    ]


def test_linkedin_english_adds_the_parts_of_engagement(store: Store) -> None:
    plan = read(store, "linkedin-en", platform="linkedin")
    assert plan.columns["engagement"] == [
        "Clicks (total)",
        "Reactions (total)",
        "Comments (total)",
        "Reposts (total)",
    ]
    import_outcomes(store, plan)
    assert figures(store) == [
        ("LinkedIn", "2026-10", 300, 500, 3, None, None),
        ("LinkedIn", "2026-11", 1300, 3000, 51, None, None),
    ]


def test_linkedin_french_in_windows_1252(store: Store) -> None:
    plan = read(store, "linkedin-fr-cp1252", platform="LinkedIn")
    assert plan.encoding == "cp1252"
    assert plan.columns["reach"] == ["Impressions uniques (naturelles)"]
    import_outcomes(store, plan)
    assert figures(store) == [("LinkedIn", "2026-11", 950, 2000, 57, None, None)]


def test_importing_twice_changes_nothing_and_keeps_other_figures(store: Store) -> None:
    from storage.models import OutcomeDraft

    store.save_outcome(OutcomeDraft("Facebook", "2026-11", messages_answered=14))
    import_outcomes(store, read(store, "meta-reach-en"))
    before = figures(store)
    import_outcomes(store, read(store, "meta-reach-en"))
    assert figures(store) == before
    assert store.outcome("Facebook", "2026-11").messages_answered == 14


def test_one_undo_takes_the_whole_import_back(store: Store) -> None:
    import_outcomes(store, read(store, "meta-fr"), source="outcomes-meta-fr.csv")
    assert store.undo() == "import outcomes from outcomes-meta-fr.csv"
    assert store.outcomes() == []


def test_an_unknown_file_names_the_headers_expected(store: Store) -> None:
    with pytest.raises(ValidationError) as caught:
        read(store, "unknown")
    message = str(caught.value)
    assert "(headers: Name, Colour)" in message
    assert "Reach / Couverture" in message and "New followers / Nouveaux abonnés" in message


def test_no_platform_anywhere_asks_for_one(store: Store) -> None:
    with pytest.raises(ValidationError, match="say it with --platform"):
        read(store, "linkedin-en")


def test_unknown_platform_option(store: Store) -> None:
    with pytest.raises(NotFoundError, match="unknown platform 'Myspace'"):
        read(store, "meta-fr", platform="Myspace")


def test_a_bad_line_is_named_and_nothing_is_imported(store: Store) -> None:
    data = b"Date,Reach\n2026-11-01,12\n2026-11-02,lots\n2026-11-03,-4\n"
    plan = read_outcomes_csv(data, store, platform="Facebook", today=TODAY)
    assert plan.problems == [
        "line 3: 'lots' is not a number",
        "line 4: reach is negative (-4)",
    ]
    with pytest.raises(
        ValidationError, match=r"\(first: line 3: 'lots' is not a number\); nothing"
    ):
        import_outcomes(store, plan)
    assert store.outcomes() == []


@pytest.mark.parametrize(
    ("text", "comma", "value"),
    [("1 234", True, "1234"), ("1 234,5", True, "1234.5"), ("1,234", False, "1234"),
     ("1,234.5", False, "1234.5"), ("1.234,5", True, "1234.5"), ("1.234", True, "1234"),
     ("12,5", True, "12.5"), ("0.25", False, "0.25"), ("-", False, None), ("", True, None)],
)  # fmt: skip
def test_parse_number(text: str, comma: bool, value: str | None) -> None:
    expected = None if value is None else Decimal(value)
    assert parse_number(text, decimal_comma=comma) == expected
