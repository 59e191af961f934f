"""A failure of the sync never shows the password, in whatever form a library quotes it (as
is, in an address, inside a Basic authorization header), nor through CALEPIN_DEBUG's
traceback when the exception it came from quotes it."""

from __future__ import annotations

import base64
import traceback
from pathlib import Path
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from exporters.sync.engine import SyncTarget
from exporters.sync.password import quotes_password, without_password
from tui.cli import cli

PASSWORD = "s3cret/with:odd@chars"
BASIC = base64.b64encode(f"ana:{PASSWORD}".encode()).decode()
TARGET = SyncTarget(url="https://cloud.example.org/remote.php/dav", username="ana")


def failing_run(monkeypatch: pytest.MonkeyPatch, exc: Exception) -> None:
    import exporters.sync.engine

    def fail(*args: object, **kwargs: object) -> None:
        raise exc

    monkeypatch.setattr(exporters.sync.engine, "run_sync", fail)


def run_sync_command(tmp_path: Path, *, debug: bool = False) -> tuple[int, str]:
    config = tmp_path / "config.toml"
    config.write_text(f'[sync]\nurl = "{TARGET.url}"\nusername = "ana"\n', encoding="utf-8")
    env = {"CALEPIN_CONFIG": str(config), "CALEPIN_SYNC_PASSWORD": PASSWORD}
    env["CALEPIN_DEBUG"] = "1" if debug else ""
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "c.db"), "sync"], env=env)
    shown = result.output
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        shown += "".join(traceback.format_exception(result.exception))  # as Python shows it
    return result.exit_code, shown


@pytest.mark.parametrize(
    "quoted",
    [f"Authorization: Basic {BASIC}", f"https://ana:{quote(PASSWORD, safe='')}@cloud/"],
)
def test_the_password_is_blotted_out_in_each_form_a_library_may_quote_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quoted: str
) -> None:
    failing_run(monkeypatch, ValueError(f"bad request: {quoted}"))
    code, shown = run_sync_command(tmp_path)
    assert code == 1 and shown.startswith("Error: the sync stopped: unexpected ValueError")
    assert PASSWORD not in shown and BASIC not in shown and BASIC.rstrip("=") not in shown
    assert quote(PASSWORD, safe="") not in shown


def test_with_debug_an_exception_raised_from_one_quoting_the_password_is_not_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    try:
        try:
            raise ConnectionError(f"proxy said: Authorization: Basic {BASIC}")
        except ConnectionError:
            raise RuntimeError("retries exhausted")  # noqa: B904 (a library's own way)
    except RuntimeError as exc:
        raised = exc
    failing_run(monkeypatch, raised)
    code, shown = run_sync_command(tmp_path, debug=True)
    assert code == 1 and "retries exhausted" in shown
    assert PASSWORD not in shown and BASIC not in shown


def test_with_debug_a_failure_that_does_not_quote_it_shows_its_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing_run(monkeypatch, RuntimeError("plain bug"))
    code, shown = run_sync_command(tmp_path, debug=True)
    assert code == 1 and shown.startswith("Traceback") and "RuntimeError: plain bug" in shown


def test_every_form_is_found_and_blotted_out() -> None:
    text = f"{PASSWORD} {quote(PASSWORD, safe='')} {BASIC} {BASIC.rstrip('=')}"
    assert without_password(text, "ana", PASSWORD).replace("…", "").split() == []
    assert quotes_password(ValueError(BASIC.rstrip("=")), "ana", PASSWORD)
    assert not quotes_password(ValueError("nothing"), "ana", PASSWORD)


def test_the_planner_blots_it_out_by_the_same_rule() -> None:
    from tui.sync_worker import Secret, _scrubbed

    text = f"proxy said: Authorization: Basic {BASIC} for https://ana:{quote(PASSWORD)}@x/"
    shown = _scrubbed(text, Secret(PASSWORD), "ana")
    assert shown == without_password(text, "ana", PASSWORD)
    assert BASIC not in shown and quote(PASSWORD) not in shown
