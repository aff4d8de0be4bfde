"""Every rule's cases: each ``TRIGGERS`` row must report exactly its locations, each ``CLEAN`` row nothing.

The tables live beside each rule family (tests/test_rules_*.py); this module runs them all.
"""

from __future__ import annotations

import importlib

import pytest

from conftest import ROOT
from rules_harness import located

MODULES = [importlib.import_module(p.stem) for p in sorted((ROOT / "tests").glob("test_rules_*.py"))]
TRIGGERS = [row for m in MODULES for row in getattr(m, "TRIGGERS", [])]
CLEAN = [row for m in MODULES for row in getattr(m, "CLEAN", [])]


@pytest.mark.parametrize(("rule_id", "document", "profile", "expected"), TRIGGERS,
                         ids=[f"{t[0]}-{n}" for n, t in enumerate(TRIGGERS)])
def test_rule_triggers(rule_id: str, document: str, profile: str | None, expected: list) -> None:
    assert located(document, rule_id, profile) == expected


@pytest.mark.parametrize(("rule_id", "document", "profile"), CLEAN, ids=[f"{c[0]}-{n}" for n, c in enumerate(CLEAN)])
def test_rule_stays_silent(rule_id: str, document: str, profile: str | None) -> None:
    assert located(document, rule_id, profile) == []
