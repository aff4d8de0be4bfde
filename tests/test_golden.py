"""Golden-file tests over the real seed documents.

Two checks per seed: field accuracy against the hand-checked gold of
``../shared/gold`` (the project's acceptance bar, ≥ 99%), and equality with
our own committed snapshot ``tests/golden/<seed>.expected.json`` so that any
change in output is seen and reviewed (``pytest --update-golden`` rewrites).
"""

from __future__ import annotations

import importlib.util
import json

import pytest

from conftest import ROOT, SAMPLES, SEEDS, SHARED
from jixiao import api
from jixiao.render.contract import document_json, dumps

GOLDEN = ROOT / "tests" / "golden"


def _formcompare():
    path = SHARED / "tools" / "formcompare.py"
    if not path.exists():
        pytest.skip("../shared/tools/formcompare.py is absent: the shared gold files are not beside this checkout")
    spec = importlib.util.spec_from_file_location("formcompare", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def _parsed(seed: str) -> dict:
    result = api.parse_path(SAMPLES / f"{seed}.txt")
    return json.loads(dumps(document_json(result.source, list(result.forms), list(result.diagnostics))))


@pytest.mark.parametrize("seed", SEEDS)
def test_field_accuracy_against_shared_gold(seed: str) -> None:
    formcompare = _formcompare()
    gold_path = SHARED / "gold" / f"{seed}.gold.json"
    if not gold_path.exists():
        pytest.skip(f"no gold file for {seed} in ../shared/gold")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    tally, forms_found, forms_total, _, _ = formcompare.compare(gold, _parsed(seed))
    accuracy = tally.ok / tally.total
    assert forms_found == forms_total
    assert accuracy >= 0.99, "\n".join(tally.misses[:30])


@pytest.mark.parametrize("seed", SEEDS)
def test_output_matches_snapshot(seed: str, update_golden: bool) -> None:
    parsed = _parsed(seed)
    path = GOLDEN / f"{seed}.expected.json"
    if update_golden or not path.exists():
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(dumps(parsed) + "\n", encoding="utf-8")
        if not update_golden:
            pytest.fail(f"snapshot {path.name} was missing and has been written; review and commit it")
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert parsed == expected


def test_seed_set_is_complete() -> None:
    """The bundled samples are exactly the five seeds with gold files."""
    assert len(SEEDS) == 5
    assert sum(len(api.parse_path(SAMPLES / f"{s}.txt").forms) for s in SEEDS) == 31
