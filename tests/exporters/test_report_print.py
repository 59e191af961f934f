"""The HTML report printed by headless Chromium: a month on one A4 and one Letter page, a year on
at most two. Skipped where Chromium or pdfinfo (poppler-utils) is not installed."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import time
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
PRINT_LIMIT = 120.0  # seconds for Chromium to start or to answer one command
PAGE_NAMES = {"A4": "(A4)", "Letter": "(letter)"}  # as pdfinfo names a page's size


class Chromium:
    """One headless Chromium for all the prints of a test process, driven through its DevTools
    pipe (it reads commands on fd 3 and answers on fd 4, each message ending in a NUL byte).

    Starting Chromium costs about 0.8 s of CPU and a print a tenth of that, so each print no
    longer starts its own. It prints as `--print-to-pdf --no-pdf-header-footer` does (the CSS
    page size, backgrounds, no header or footer): every report these tests print came out with
    the same pages, page size and text both ways.
    """

    def __init__(self) -> None:
        assert CHROMIUM is not None
        self._profile = tempfile.mkdtemp(prefix="calepin-chromium-")
        commands_in, commands = os.pipe()
        answers, answers_out = os.pipe()
        # The shell moves the pipes to fds 3 and 4, where Chromium looks for them.
        self._process = subprocess.Popen(
            ["/bin/sh", "-c", 'exec 3<&0 4>&1 </dev/null >/dev/null; exec "$@"', "sh", CHROMIUM,
             "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             f"--user-data-dir={self._profile}", "about:blank"],
            stdin=commands_in, stdout=answers_out, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        os.close(commands_in)
        os.close(answers_out)
        self._commands, self._answers = commands, answers
        self._unread = b""
        self._last_id = 0
        self._loaded: set[str] = set()  # the loaderIds whose page has loaded
        target = self._call("Target.createTarget", url="about:blank")["targetId"]
        attached = self._call("Target.attachToTarget", targetId=target, flatten=True)
        self._tab = attached["sessionId"]
        self._call("Page.enable", session=self._tab)
        self._call("Page.setLifecycleEventsEnabled", session=self._tab, enabled=True)

    def print_to_pdf(self, page: str, pdf: Path) -> None:
        """Load the page (a URL) and write it printed to `pdf`."""
        loader = self._call("Page.navigate", session=self._tab, url=page)["loaderId"]
        deadline = time.monotonic() + PRINT_LIMIT
        while loader not in self._loaded:
            self._handle(self._message(deadline))
        printed = self._call(
            "Page.printToPDF", session=self._tab,
            printBackground=True, preferCSSPageSize=True, displayHeaderFooter=False,
        )  # fmt: skip
        pdf.write_bytes(base64.b64decode(printed["data"]))

    def close(self) -> None:
        with contextlib.suppress(OSError):  # it may have gone already
            self._send("Browser.close")
        os.close(self._commands)
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        os.close(self._answers)
        shutil.rmtree(self._profile, ignore_errors=True)

    def _send(self, method: str, session: str | None = None, **params: object) -> int:
        self._last_id += 1
        message: dict[str, object] = {"id": self._last_id, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        return self._last_id

    def _call(self, method: str, session: str | None = None, **params: object) -> dict:
        wanted = self._send(method, session, **params)
        deadline = time.monotonic() + PRINT_LIMIT
        while True:
            message = self._message(deadline)
            if message.get("id") == wanted:
                assert "error" not in message, f"{method}: {message['error']}"
                return message["result"]
            self._handle(message)

    def _handle(self, message: dict) -> None:
        if message.get("method") == "Page.lifecycleEvent" and message["params"]["name"] == "load":
            self._loaded.add(message["params"]["loaderId"])

    def _message(self, deadline: float) -> dict:
        while b"\0" not in self._unread:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._answers], [], [], max(left, 0))
            assert ready, f"Chromium did not answer within {PRINT_LIMIT} s"
            chunk = os.read(self._answers, 1 << 20)
            assert chunk, f"Chromium ended (exit status {self._process.wait()})"
            self._unread += chunk
        message, _, self._unread = self._unread.partition(b"\0")
        return json.loads(message)


BROWSER = pytest.StashKey[Chromium]()


def chromium(config: pytest.Config) -> Chromium:
    """This test process's Chromium, started on first use and stopped when pytest ends."""
    if BROWSER not in config.stash:
        config.stash[BROWSER] = Chromium()
        config.add_cleanup(config.stash[BROWSER].close)
    return config.stash[BROWSER]


def printed_pages(report: Report, size: str, folder: Path, config: pytest.Config) -> int:
    """How many pages `report` prints on, its page size set to `size` (A4 or Letter)."""
    page = re.sub(r"@page \{ size: [^;]+;", f"@page {{ size: {size};", render_html(report))
    assert f"size: {size};" in page
    name = f"report-{size}-{len(list(folder.glob('report-*.html')))}"
    html, pdf = folder / f"{name}.html", folder / f"{name}.pdf"
    html.write_text(page, encoding="utf-8")
    chromium(config).print_to_pdf(html.as_uri(), pdf)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    page_size = re.search(r"^Page size:\s+(.*)$", info.stdout, re.MULTILINE)
    assert page_size and page_size[1].endswith(PAGE_NAMES[size]), info.stdout
    found = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    assert found, info.stdout
    return int(found[1])


@pytest.mark.parametrize("size", ["A4", "Letter"])
def test_months_print_on_one_page(
    store: Store, tmp_path: Path, size: str, pytestconfig: pytest.Config
) -> None:
    assert printed_pages(golden_report(store), size, tmp_path, pytestconfig) == 1
    demo_now = dt.datetime(2026, 12, 6, 17, 0, tzinfo=NOW.tzinfo)
    with Store.open(tmp_path / "demo.db", zone_name="America/Toronto") as demo:
        fill_demo(demo, now=demo_now)  # ten duties, nine platforms, 33 posts in November
        month = build_report(
            demo, dt.date(2026, 11, 1), dt.date(2026, 11, 30), now=demo_now, settings=Settings()
        )
        year = build_report(
            demo, dt.date(2026, 1, 1), dt.date(2026, 12, 31), now=demo_now, settings=Settings()
        )
    assert printed_pages(month, size, tmp_path, pytestconfig) == 1
    assert printed_pages(year, size, tmp_path, pytestconfig) <= 2
