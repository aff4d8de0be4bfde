"""Accuracy over the development set: real form texts with hand-checked golds.

The golds are ``../shared/realdocs/*.gold.json`` and, written by hand in this
project, ``tests/realgolds/*.gold.json``. ``bench/accuracy.py`` prints the
same numbers. Issue 8 asks for ≥ 95% overall and no document below 85%; until
the reader gets there, each document that is not yet read at 95% keeps the
accuracy it has reached (``FLOORS``), so that nothing that reads well today
reads worse tomorrow. Raise a floor when the reader improves; never lower one.
"""

from __future__ import annotations

import importlib.util
import json
import sys

import pytest

from conftest import ROOT, SHARED

_spec = importlib.util.spec_from_file_location("accuracy", ROOT / "bench" / "accuracy.py")
accuracy = importlib.util.module_from_spec(_spec)
sys.modules["accuracy"] = accuracy  # dataclasses look their module up by name
assert _spec.loader is not None
_spec.loader.exec_module(accuracy)

CASES = [c for c in accuracy.cases() if c.group == "realdocs"] if (SHARED / "realdocs").exists() else []

#: Documents not yet read at 95%, with the accuracy they must keep and why.
FLOORS = {
    # run-together document previews and OCR (no cell separators at all)
    "004_ningxia_yinchuan_school_fund_selfeval_2021_ocr": 0.0,
    "009_hunan_hengshan_grain_reserve_selfeval_2020_docpreview": 0.0,
    "021_hubei_huanggang_archives_selfeval_2020_traditional": 0.0,
    # department form with an 8-column funding block (预算安排 / 拨付 / 结余) and a 评分标准 column
    "011_fujian_ningde_seismic_dept_selfeval_2020": 0.25,
    # funding rows print 5 values under 6 headers; scores spanning two rows
    "027_yunnan_linxiang_wildlife_shelter_selfeval_2023": 0.87,
    # 审批表: vertical funding block with 项目/年度 sides, 建设周期 date range
    "029_chongqing_fengjie_emergency_target_2023": 0.68,
    # a notice and an allocation table before the form; 7 value columns, one cell per line
    "002_fujian_anxi_water_special_target_2022": 0.0,
    # non-standard columns, space-separated rows
    "031_chongqing_pengshui_family_planning_selfeval_2024": 0.30,
    # project codes and Excel serial dates in the header
    "032_innermongolia_wuhai_coop_recycling_target_2021": 0.85,
    # merged labels lost in the web copy
    "020_innermongolia_wuchuan_ethnic_farm_target_2021": 0.91,
}
#: The whole development set, field by field.
OVERALL_FLOOR = 0.74


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name[:40])
def test_real_document_is_read_as_its_gold(case) -> None:
    outcome = accuracy.measure(case)
    assert not outcome.crashed
    floor = FLOORS.get(case.name, 0.95)
    assert outcome.accuracy >= floor, f"{outcome.accuracy:.2%} < {floor:.0%}\n" + "\n".join(outcome.misses[:25])
    if floor >= 0.95:
        assert outcome.forms_found == outcome.forms_total


def test_development_set_overall_accuracy() -> None:
    if not CASES:
        pytest.skip("../shared/realdocs is not beside this checkout")
    outcomes = [accuracy.measure(c) for c in CASES]
    ok, total = sum(o.ok for o in outcomes), sum(o.total for o in outcomes)
    assert ok / total >= OVERALL_FLOOR, f"{ok}/{total}"


def test_golds_of_this_project_are_for_real_documents() -> None:
    """Each hand gold in tests/realgolds names a realdocs text and holds what the contract scores."""
    for path in sorted((ROOT / "tests" / "realgolds").glob("*.gold.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        assert (SHARED / "realdocs" / gold["source"]).exists(), path.name
        assert gold["forms"] and all(f.get("notes") for f in gold["forms"]), path.name


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name[:40])
def test_every_real_document_gives_json_with_diagnostics(case) -> None:
    """Read or not, a real document gives its contract JSON; a form-less one says why in diagnostics."""
    doc = accuracy.parsed_json(case.text)
    assert doc["source"] == case.text.name
    assert doc["forms"] or doc["diagnostics"]
