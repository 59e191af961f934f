"""The report's outcomes section: figures per platform beside the social hours, unknown never 0,
hours per 1,000 reached only for whole months; every format parsed back."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from html.parser import HTMLParser

import pytest

from exporters.report.outcomes import (
    build_outcomes,
    outcomes_csv,
    outcomes_html,
    outcomes_json,
    outcomes_markdown,
)
from exporters.spreadsheet import csv_text
from storage import Store
from storage.models import OutcomeDraft

NOV = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
SOCIAL_MINUTES = 450  # 7.5 h


def seed(store: Store) -> None:
    store.save_outcomes(
        [
            OutcomeDraft("Instagram", "2026-11", reach=3000, engagement=150),
            OutcomeDraft("Facebook", "2026-11", reach=12000, messages_answered=9),
            OutcomeDraft("LinkedIn", "2026-11", impressions=4000),
            OutcomeDraft("Facebook", "2026-10", reach=99999),  # another month: left out
        ]
    )


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def test_a_month_per_platform_with_the_hours_per_thousand_reached(store: Store) -> None:
    seed(store)
    o = build_outcomes(store, *NOV, SOCIAL_MINUTES)
    # The platforms' own order (Facebook, Instagram, LinkedIn), not the order entered.
    assert [(r.platform, r.reach, r.impressions, r.engagement) for r in o.platforms] == [
        ("Facebook", 12000, None, None),
        ("Instagram", 3000, None, 150),
        ("LinkedIn", None, 4000, None),
    ]
    assert o.reach == 15000
    assert o.hours_per_thousand_reached == 0.5  # 7.5 h for 15 × 1,000 people
    assert o.lines()[1] == (
        "7.5 h of social media for 15,000 people reached (Facebook, Instagram):"
        " 0.50 h per 1,000 reached."
    )


def test_markdown_table_unknown_is_a_dash(store: Store) -> None:
    seed(store)
    lines = outcomes_markdown(build_outcomes(store, *NOV, SOCIAL_MINUTES))
    assert lines[0] == "## Outcomes"
    table = [line for line in lines if line.startswith("| ")]
    cells = [[c.strip() for c in line.strip("|").split("|")] for line in table]
    assert cells[0] == [
        "Platform", "Reach", "Impressions", "Engagement", "Followers gained", "Messages answered"
    ]  # fmt: skip
    assert cells[1] == ["Facebook", "12,000", "—", "—", "—", "9"]
    assert cells[3] == ["LinkedIn", "—", "4,000", "—", "—", "—"]


def test_html_paragraph(store: Store) -> None:
    seed(store)
    store.add_platform("<b>Radio</b>", tag="radio", colour="#123456")
    store.save_outcome(OutcomeDraft("<b>Radio</b>", "2026-11", reach=5))
    html = outcomes_html(build_outcomes(store, *NOV, SOCIAL_MINUTES))
    assert "<b>Radio</b>" not in html  # user text is text
    parsed = _Text()
    parsed.feed(html)
    assert parsed.text == (
        "Outcomes, November 2026: Facebook reach 12,000, messages answered 9 ·"
        " Instagram reach 3,000, engagement 150 · LinkedIn impressions 4,000 ·"
        " <b>Radio</b> reach 5. 7.5 h of social media for 15,005 people reached"
        " (Facebook, Instagram, <b>Radio</b>): 0.50 h per 1,000 reached."
    )  # what nobody entered is left out, never 0
    assert outcomes_html(build_outcomes(store, dt.date(2027, 1, 1), dt.date(2027, 1, 31), 9)) == ""


def test_csv_rows_per_month_numbers_stay_numbers(store: Store) -> None:
    seed(store)
    rows = outcomes_csv(build_outcomes(store, *NOV, SOCIAL_MINUTES))
    parsed = list(csv.reader(io.StringIO(csv_text(rows))))
    assert parsed[0][:3] == ["Outcome platform", "Month", "Reach"]
    assert parsed[1] == ["Facebook", "2026-11", "12000", "", "", "", "9"]
    assert parsed[-1] == ["Social hours per 1,000 reached", "0.5"]
    assert rows[1][2] == 12000 and rows[-1][1] == 0.5


def test_json_key_per_platform_per_month(store: Store) -> None:
    seed(store)
    data = json.loads(json.dumps(outcomes_json(build_outcomes(store, *NOV, SOCIAL_MINUTES))))
    assert data[0] == {
        "platform": "Facebook",
        "month": "2026-11",
        "reach": 12000,
        "impressions": None,
        "engagement": None,
        "followers_gained": None,
        "messages_answered": 9,
    }
    assert len(data) == 3


def test_a_week_shows_the_month_but_no_ratio(store: Store) -> None:
    seed(store)
    o = build_outcomes(store, dt.date(2026, 11, 16), dt.date(2026, 11, 22), 200)
    assert o.hours_per_thousand_reached is None
    assert o.lines()[-1].startswith("Hours per 1,000 reached: only for whole months")
    assert o.lines()[0].startswith("Figures entered for November 2026")


def test_a_quarter_adds_its_months(store: Store) -> None:
    seed(store)
    o = build_outcomes(store, dt.date(2026, 10, 1), dt.date(2026, 12, 31), 6000)
    facebook = o.platforms[0]
    assert (facebook.platform, facebook.months, facebook.reach) == ("Facebook", 2, 111999)
    assert (o.months[0].platform, o.months[0].month) == ("Facebook", "2026-10")


def test_nothing_entered_says_how(store: Store) -> None:
    o = build_outcomes(store, *NOV, SOCIAL_MINUTES)
    assert o.hours_per_thousand_reached is None
    assert outcomes_json(o) == []
    assert "`calepin outcome add`" in "\n".join(outcomes_markdown(o))


def test_the_month_report_in_every_format(store: Store) -> None:
    """The golden four weeks' November, whole: the ratio appears, from the report's own
    social minutes; JSON lists each platform-month, CSV keeps numbers as numbers."""
    from exporters.report import build_report, render_csv, render_html, render_json, render_markdown
    from tests.exporters.test_report_golden import NOW, SETTINGS, fill_golden

    fill_golden(store)
    report = build_report(store, *NOV, now=NOW, settings=SETTINGS)
    assert report.outcomes is not None
    social = report.social.minutes
    ratio = social / 60 / 14.5  # Facebook 9,100 + Instagram 5,400 reached
    assert report.outcomes.hours_per_thousand_reached == pytest.approx(ratio)
    data = json.loads(render_json(report))
    assert [(o["platform"], o["reach"]) for o in data["outcomes"]] == [
        ("Facebook", 9100),
        ("Instagram", 5400),
        ("LinkedIn", None),
    ]
    markdown = render_markdown(report)
    assert f"{ratio:.2f} h per 1,000 reached" in markdown
    assert "| LinkedIn | — | 3,900 | 85 | — | — |" in markdown
    parsed = _Text()
    parsed.feed(render_html(report))
    assert "Instagram reach 5,400, impressions 12,800, engagement 470, followers gained 31 ·" in (
        parsed.text
    )
    rows = list(csv.reader(io.StringIO(render_csv(report))))
    at = rows.index(["Social hours per 1,000 reached", str(round(ratio, 2))])
    assert rows[at - 1] == ["LinkedIn", "2026-11", "", "3900", "85", "", ""]
