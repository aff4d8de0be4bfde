"""Shared fixtures: the seed documents, the shared gold files, inline documents."""

from __future__ import annotations

import os
import re
import textwrap
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
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


def postgres_url() -> str:
    """The test PostgreSQL server's URL (``make test`` starts one); skip without one, fail in CI."""
    url = os.environ.get("JIXIAO_TEST_PG", "").strip()
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL did not start in CI (scripts/start-postgres.sh printed no URL)")
        pytest.skip("no PostgreSQL server here (set JIXIAO_TEST_PG or run `make test` as root)")
    return url


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards; yields its URL."""
    from sqlalchemy import create_engine, text

    base = postgres_url()
    name = f"t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))  # closes what is still connected
        admin.dispose()


def load_fixture_script(name: str):
    """Import a fixture-generating script of tests/fixtures as a module."""
    import importlib.util
    import sys

    path = ROOT / "tests" / "fixtures" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the script runs
    spec.loader.exec_module(module)
    return module


def cell_texts(row) -> list[str]:
    """The texts of every cell of a grid row (empty ones included)."""
    return [c.text for c in row.cells]


def table_rows(grid, table: int) -> list:
    """The grid rows read from one table (1-based)."""
    return [r for r in grid.rows if r.loc.table == table]


def without_source(value):
    """Contract JSON without its source locations (``source``, ``source_*``): they differ between formats."""
    if isinstance(value, dict):
        return {k: without_source(v) for k, v in value.items() if k != "source" and not k.startswith("source_")}
    if isinstance(value, list):
        return [without_source(v) for v in value]
    return value
