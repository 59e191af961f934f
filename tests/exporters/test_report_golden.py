"""Golden files for every report format on a fixed four weeks, plus CSV and HTML safety checks."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from exporters.report import (
    Report,
    build_report,
    render_csv,
    render_html,
    render_json,
    render_markdown,
)
from exporters.spreadsheet import safe_cell
from storage import EntryDraft, EntrySource, PostDraft, Store
from storage.models import OutcomeDraft
from storage.settings import Settings

GOLDEN = Path(__file__).parent / "golden_report"
ZONE = ZoneInfo("America/Toronto")
NOW = dt.datetime(2026, 11, 23, 15, 0, tzinfo=ZONE)
FIRST, LAST = dt.date(2026, 10, 26), dt.date(2026, 11, 22)  # four weeks, DST ends 1 Nov
SETTINGS = Settings(
    job_description=(
        ("social media", 30),
        ("newsletters", 15),
        ("events", 20),
        ("press relations", 10),
        ("web content", 10),
        ("meetings", 10),
        ("planning & strategy", 5),
    )
)
ROTATION = ["newsletters", "events", "press relations", "web content", "planning & strategy"]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZONE)


def fill_golden(store: Store) -> None:
    """A coordinator's four weeks, fixed so every figure in the golden files is stable."""

    def log(duty, day, start, end, activity=None, note="", source=EntrySource.MANUAL, post=None):
        a, b = _at(day, *start), _at(day, *end)
        if b <= a:
            b = _at(day + dt.timedelta(days=1), *end)
        store.add_entry(EntryDraft(duty, a, b, activity, note, post, source))

    posts = {}
    for i, (title, platform, day, status, estimate) in enumerate(
        [
            ("Fall fundraiser launch", "Instagram", dt.date(2026, 10, 27), "published", 90),
            ("Fall fundraiser launch", "Facebook", dt.date(2026, 10, 27), "published", 30),
            ("Volunteer spotlight: Amina", "Instagram", dt.date(2026, 11, 4), "published", 60),
            ("Board report thread", "LinkedIn", dt.date(2026, 11, 6), "published", 45),
            ('=HYPERLINK("x") giveaway', "Facebook", dt.date(2026, 11, 12), "published", 30),
            ("Snow day closures", "X", dt.date(2026, 11, 14), "published", 15),
            ("Giving Tuesday teaser", "Instagram", dt.date(2026, 11, 19), "scheduled", 60),
            ("Annual report video", "YouTube", dt.date(2026, 11, 20), "drafting", 240),
            ("Cancelled webinar promo", "LinkedIn", dt.date(2026, 11, 10), "cancelled", 30),
        ]
    ):
        note = "#highlight 12k people reached, the most shared post of the year" if i == 5 else ""
        posts[i] = store.add_post(
            PostDraft(
                title, platform, date=day, status=status, estimate_minutes=estimate, notes=note
            )
        )
    # Demand the log alone does not show: a post with no estimate (said, never 0.0), two
    # backlog ideas (one estimated), and a post whose own note is a highlight.
    store.add_post(PostDraft("Volunteer week carousel", "Instagram", date=dt.date(2026, 11, 18),
                             status="ready"))  # fmt: skip
    store.add_post(PostDraft("Behind the scenes reel", "Instagram", estimate_minutes=90))
    store.add_post(PostDraft("Member FAQ thread", "LinkedIn"))
    store.add_post(
        PostDraft(
            "Monthly newsletter",
            "Newsletter",
            date=dt.date(2026, 10, 6),
            status="scheduled",
            estimate_minutes=120,
            rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        )
    )
    post_for_day = {
        dt.date(2026, 10, 27): posts[0].id,
        dt.date(2026, 11, 4): posts[2].id,
        dt.date(2026, 11, 6): posts[3].id,
        dt.date(2026, 11, 12): posts[4].id,
        dt.date(2026, 11, 19): posts[6].id,
    }
    day = FIRST
    n = 0
    while day <= LAST:
        if day.weekday() < 5:
            log("social media", day, (9, 0), (9, 30), "monitor", source=EntrySource.TIMER)
            log("social media", day, (9, 30), (11, 0), "create", post=post_for_day.get(day))
            if day.weekday() in (1, 3):
                log("meetings", day, (11, 0), (12, 0), source=EntrySource.IMPORT)
            log(ROTATION[n % len(ROTATION)], day, (13, 0), (15, 0))
            log("social media", day, (15, 0), (16, 30), "engage" if n % 2 else "publish")
            if day.weekday() == 4:
                log("admin & other", day, (16, 30), (17, 0), note="timesheets")
            n += 1
        day += dt.timedelta(days=1)
    # An interruption, evening and weekend work, a DST night, private and highlighted notes.
    log("social media", dt.date(2026, 11, 10), (10, 0), (10, 40), "crisis",
        note="#highlight Water main break: calmed a 300-comment thread")  # fmt: skip
    log(
        "events", dt.date(2026, 11, 12), (18, 30), (21, 0), note="gala setup, talked budget with DG"
    )
    log("social media", dt.date(2026, 11, 14), (10, 0), (12, 0), "crisis",
        note="Snow day #highlight: closures posted on every platform by 10:30")  # fmt: skip
    log("social media", dt.date(2026, 11, 1), (0, 30), (2, 0), "engage",
        note="Halloween night replies")  # fmt: skip
    log("newsletters", dt.date(2026, 11, 17), (7, 30), (9, 0), note="=SUM(A1) draft")
    log("events", dt.date(2026, 11, 19), (22, 0), (0, 30), note="-1 volunteer, @venue call")
    # Outcomes (issue 15): entered per platform per month; what nobody entered stays unknown.
    store.save_outcomes([
        OutcomeDraft("Facebook", "2026-10", reach=8200, engagement=240, followers_gained=12,
                     messages_answered=15),
        OutcomeDraft("Facebook", "2026-11", reach=9100, engagement=310, messages_answered=22),
        OutcomeDraft("Instagram", "2026-11", reach=5400, impressions=12800, engagement=470,
                     followers_gained=31),
        OutcomeDraft("LinkedIn", "2026-11", impressions=3900, engagement=85),
    ])  # fmt: skip


def golden_report(store: Store, *, include_notes: bool = False) -> Report:
    fill_golden(store)
    return build_report(store, FIRST, LAST, now=NOW, settings=SETTINGS, include_notes=include_notes)


RENDER = {
    "report.md": render_markdown,
    "report.html": render_html,
    "report.csv": render_csv,
    "report.json": render_json,
}


@pytest.fixture
def report(store: Store) -> Report:
    return golden_report(store)


@pytest.mark.parametrize("name", sorted(RENDER))
def test_golden_files(report: Report, name: str) -> None:
    text = RENDER[name](report)
    path = GOLDEN / name
    if os.environ.get("CALEPIN_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert text == path.read_bytes().decode("utf-8"), (
        f"{name} changed; review it and rerun with CALEPIN_UPDATE_GOLDEN=1 if intended"
    )


def test_golden_figures(report: Report) -> None:
    # 20 working days: monitor 30 + create 90 + rotation 120 + social 90 = 330 min each,
    # meetings 8 × 60, admin 4 × 30; extras: crisis 40 (inside create: no extra time),
    # events 150 + 150, crisis 120, Halloween 150 (DST night: 00:30 EDT to 02:00 EST), news 90.
    assert report.total_minutes == 20 * 330 + 8 * 60 + 4 * 30 + 150 + 150 + 120 + 150 + 90 == 7860
    social = 20 * (30 + 90 + 90) + 120 + 150
    assert report.social.minutes == social
    assert sum(d.minutes for d in report.duties) == report.total_minutes
    assert round(sum(d.share for d in report.duties), 1) == 100.0
    crisis = next(a for a in report.social.activities if a.activity == "crisis")
    assert crisis.minutes == 40 + 120
    # week 1 has the DST night, week 3 the interruption, the gala evening and the snow day
    assert [w.minutes for w in report.weeks] == [1950, 1800, 2070, 2040]
    assert [w.start for w in report.weeks][1:] == [dt.date(2026, 11, d) for d in (2, 9, 16)]
    assert report.posts.planned == 9 + 2  # cancelled excluded; newsletter on 3 and 17 Nov
    assert report.posts.published == 6
    assert report.highlights[0].note == "Water main break: calmed a 300-comment thread"
    assert report.notes is None


def test_csv_parses_back_and_matches(report: Report) -> None:
    rows = list(csv.reader(io.StringIO(render_csv(report))))
    blocks: list[list[list[str]]] = [[]]
    for row in rows:
        if row:
            blocks[-1].append(row)
        else:
            blocks.append([])
    by_head = {block[0][0]: block for block in blocks}
    duties = by_head["Duty"]
    assert duties[-1][:2] == ["Total", str(report.total_minutes)]
    assert sum(int(r[1]) for r in duties[1:-1]) == report.total_minutes
    assert round(sum(float(r[3]) for r in duties[1:-1]), 1) == 100.0
    entry_rows = by_head["Entry"][1:]
    assert len(entry_rows) == len(report.entries)
    assert sum(int(r[8]) for r in entry_rows) == report.total_minutes
    # notes stay private: only highlights keep theirs
    notes = {r[10] for r in entry_rows} - {""}
    assert all("#highlight" in n for n in notes)


def test_no_csv_cell_can_start_a_formula(store: Store) -> None:
    report = golden_report(store, include_notes=True)
    rows = list(csv.reader(io.StringIO(render_csv(report))))
    cells = [cell for row in rows for cell in row]
    assert "'=SUM(A1) draft" in cells and "'-1 volunteer, @venue call" in cells
    assert '\'=HYPERLINK("x") giveaway' in cells  # a post title in the entry rows
    plain_number = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
    for cell in cells:  # a negative gap (-3.5 h/week) stays a number, never text
        assert plain_number.fullmatch(cell) or not cell.startswith(
            ("=", "+", "-", "@", "\t", "\r")
        ), cell
    assert "-3.5" in cells and "'-3.5" not in cells
    for value in ("=1+1", "+1+1", "-1-1", "-cmd", "@SUM(A1)", "\t=1", "plain", "", None, 5):
        assert not safe_cell(value).startswith(("=", "+", "-", "@", "\t"))


def test_html_is_self_contained(report: Report) -> None:
    page = render_html(report)
    assert "<script" not in page.lower()
    assert "@import" not in page
    assert not re.search(r"url\(", page)
    assert not re.search(r"(?:src|href)\s*=", page, re.IGNORECASE)
    assert not re.search(r"https?://", page)
    assert page.count("<svg") >= 3  # duties, activities, weeks


def test_notes_only_when_asked(store: Store) -> None:
    report = golden_report(store, include_notes=True)
    private = "gala setup, talked budget with DG"
    for render in RENDER.values():
        assert private in render(report)
    quiet = build_report(store, FIRST, LAST, now=NOW, settings=SETTINGS)
    for render in RENDER.values():
        text = render(quiet)
        assert "talked budget" not in text
        assert "Water main break" in text


def test_json_keys_are_the_documented_ones(report: Report) -> None:
    data = json.loads(render_json(report))
    for key in ("period", "total_minutes", "duties", "social", "job_description", "posts",
                "weeks", "out_of_hours", "coverage", "highlights", "outcomes"):  # fmt: skip
        assert key in data
    assert set(data["period"]) >= {"start", "end"}
    assert set(data["duties"][0]) >= {"duty", "minutes", "share"}
    assert set(data["social"]) >= {"minutes", "share", "fte", "activities"}
    assert set(data["social"]["activities"][0]) == {"activity", "minutes", "share"}
