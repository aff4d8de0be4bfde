"""Shared fixtures: the seed documents, the shared gold files, inline documents."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from jixiao.ingest.text import read_text
from jixiao.parse.recognise import Recognition, recognise

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "src" / "jixiao" / "samples"
SEEDS = sorted(p.stem for p in SAMPLES.glob("*.txt"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/*.expected.json")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


_BAR = re.compile(r"[ ]*\|[ ]*")


def parse_doc(text: str, source: str = "doc.txt") -> Recognition:
    """Parse an inline document written with ``|`` between cells (read as tabs)."""
    body = "\n".join(_BAR.sub("\t", ln) for ln in textwrap.dedent(text).strip("\n").split("\n"))
    return recognise(read_text(body, source))


def only_form(text: str):
    """Parse an inline document that must hold exactly one form."""
    result = parse_doc(text)
    assert len(result.forms) == 1, [d.message for d in result.diagnostics]
    return result.forms[0], result
