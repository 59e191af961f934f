"""The HTML report printed by headless Chromium: a month on one A4 and one Letter page, a year on
at most two. Skipped where Chromium or pdfinfo (poppler-utils) is not installed."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from exporters.report import Report, build_report, render_html
from storage import Store
from storage.demo import fill_demo
from storage.settings import Settings
from tests.exporters.test_report_golden import NOW, golden_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or shutil.which("pdfinfo") is None, reason="needs chromium and pdfinfo"
)


def printed_pages(report: Report, size: str, folder: Path) -> int:
    page = re.sub(r"@page \{ size: [^;]+;", f"@page {{ size: {size};", render_html(report))
    assert f"size: {size};" in page
    html, pdf = folder / f"report-{size}.html", folder / f"report-{size}.pdf"
    html.write_text(page, encoding="utf-8")
    assert CHROMIUM is not None
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", html.as_uri()],
        capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    found = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    assert found, info.stdout
    return int(found[1])


@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_months_print_on_one_page(store: Store, tmp_path: Path, size: str) -> None:
    assert printed_pages(golden_report(store), size, tmp_path) == 1
    demo_now = dt.datetime(2026, 12, 6, 17, 0, tzinfo=NOW.tzinfo)
    with Store.open(tmp_path / "demo.db", zone_name="America/Toronto") as demo:
        fill_demo(demo, now=demo_now)  # ten duties, nine platforms, 33 posts in November
        month = build_report(
            demo, dt.date(2026, 11, 1), dt.date(2026, 11, 30), now=demo_now, settings=Settings()
        )
        year = build_report(
            demo, dt.date(2026, 1, 1), dt.date(2026, 12, 31), now=demo_now, settings=Settings()
        )
    assert printed_pages(month, size, tmp_path) == 1
    assert printed_pages(year, size, tmp_path) <= 2
