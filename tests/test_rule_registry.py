"""The rule registry is complete, documented and tested; the profiles load and are guessed."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES
from jixiao import api, audit
from jixiao.audit.registry import REGISTRY
from jixiao.render.rules_doc import markdown
from jixiao.score import profiles

#: The rule IDs of docs/rules.md section (c), plus the rules jixiao added (T16).
EXPECTED = (
    [f"EXEC-{n:02d}" for n in range(1, 11)] + [f"IND-{n:02d}" for n in range(1, 15)]
    + [f"SUM-{n:02d}" for n in range(1, 8)] + [f"HIER-{n:02d}" for n in range(1, 7)]
    + [f"DEPT-{n:02d}" for n in range(1, 4)] + ["TIME-01"] + [f"T{n:02d}" for n in range(1, 17)]
)
RULE_TESTS = sorted(p.stem for p in (ROOT / "tests").glob("test_rules_*.py"))


def _tables() -> tuple[set[str], set[str]]:
    triggers, clean = set(), set()
    for name in RULE_TESTS:
        module = importlib.import_module(name)
        triggers |= {row[0] for row in getattr(module, "TRIGGERS", [])}
        clean |= {row[0] for row in getattr(module, "CLEAN", [])}
    return triggers, clean


def test_every_rule_of_the_spec_is_registered() -> None:
    assert sorted(REGISTRY) == sorted(EXPECTED)
    assert [r.id for r in audit.rules()] == EXPECTED


@pytest.mark.parametrize("rule_id", EXPECTED)
def test_rule_is_documented(rule_id: str) -> None:
    rule = REGISTRY[rule_id]
    assert rule.title and rule.basis and len(rule.description) >= 10
    assert not rule.heuristic or "启发式" in rule.description


@pytest.mark.parametrize("rule_id", EXPECTED)
def test_rule_has_a_triggering_and_a_silent_case(rule_id: str) -> None:
    triggers, clean = _tables()
    assert rule_id in triggers, f"{rule_id} has no TRIGGERS case in {RULE_TESTS}"
    assert rule_id in clean, f"{rule_id} has no CLEAN case in {RULE_TESTS}"


def test_rules_page_is_generated_from_the_registry() -> None:
    page = ROOT / "docs" / "rules.md"
    assert page.read_text(encoding="utf-8") == markdown(), "run: jixiao rules --markdown > docs/rules.md"


@pytest.mark.parametrize("profile_id", profiles.available())
def test_profile_loads_and_names_only_registered_rules(profile_id: str) -> None:
    profile = profiles.load(profile_id)
    assert set(profile.severity) <= set(REGISTRY)
    assert profile.disable <= set(REGISTRY)
    assert profile.get("scoring", "exec_weight") + profile.get("scoring", "indicator_total") == 100


def test_unknown_profile_is_a_clear_error() -> None:
    with pytest.raises(profiles.ProfileError, match="可选"):
        profiles.load("atlantis")


@pytest.mark.parametrize(
    ("seed", "profile_id"),
    [("000_2cccbeb7d8deb71b", "shanghai"), ("002_d1ea110d37c062f0", "tianjin"), ("004_85a6d58304d98c32", "xinjiang")],
)
def test_profile_is_guessed_from_the_form(seed: str, profile_id: str) -> None:
    forms = api.parse_path(SAMPLES / f"{seed}.txt").forms
    assert {profiles.guess(f).id for f in forms} == {profile_id}


def test_twenty_point_forms_are_recognised_by_their_execution_weight() -> None:
    from conftest import only_form

    form, _ = only_form("""
        项目支出绩效自评表
        项目名称 | 某项目 | 主管部门 | 某县农业农村局
        项目资金 (万元) | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
        | 年度资金总额 | 100 | 100 | 90 | 20 | 90% | 18
    """)
    assert profiles.guess(form).id == "twenty-point"


def test_profile_digest_changes_with_its_rules(tmp_path: Path) -> None:
    assert profiles.load("national").digest != profiles.load("shanghai").digest
