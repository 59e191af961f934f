"""The grammar's folding skips `unicodedata` for ASCII text and gives the same answers."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from storage.grammar.text import _fold, _has_control

ROOT = Path(__file__).resolve().parents[2]


def _fold_by_unicodedata(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text).casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    text = text.replace("–", "-").replace("—", "-").replace("−", "-")
    return " ".join(text.split())


@given(st.text(alphabet=st.characters(max_codepoint=127)) | st.text())
def test_fold_is_the_unicodedata_fold(text: str) -> None:
    assert _fold(text) == _fold_by_unicodedata(text)


@given(st.text(alphabet=st.characters(max_codepoint=127)) | st.text())
def test_control_characters_are_the_cc_category(text: str) -> None:
    expected = any(unicodedata.category(ch) == "Cc" and not ch.isspace() for ch in text)
    assert _has_control(text) is expected


def test_fold_examples() -> None:
    assert _fold("  Réseaux  SOCIAUX ’x` – ") == "reseaux sociaux 'x' -"
    assert _fold("Social  Media") == "social media"


def test_reading_an_ascii_day_does_not_load_unicodedata() -> None:
    code = (
        "import sys, datetime as dt\n"
        "from storage.grammar import parse_day\n"
        "assert parse_day('2026-11-16', dt.date(2026, 11, 23), prefer='past') == dt.date(2026, 11, 16)\n"
        "assert 'unicodedata' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
