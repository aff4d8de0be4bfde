"""``jixiao check``, ``jixiao score`` and ``jixiao rules`` from the command line."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from conftest import ROOT, SAMPLES
from jixiao.cli import app

runner = CliRunner()
S003 = str(SAMPLES / "003_f974810bc026f243.txt")
S000 = str(SAMPLES / "000_2cccbeb7d8deb71b.txt")


def test_check_prints_located_findings_and_exits_1_on_errors() -> None:
    result = runner.invoke(app, ["check", S003], env={"COLUMNS": "200"})
    assert result.exit_code == 1
    assert "003_f974810bc026f243.txt:9: error EXEC-07" in result.output
    assert "规则：上海市 shanghai，按表中的地区推断" in result.output


def test_check_json_adds_findings_to_the_contract_document() -> None:
    result = runner.invoke(app, ["check", S003, "--json"])
    doc = json.loads(result.output)
    assert len(doc["forms"]) == 7
    keys = {"code", "severity", "form", "indicator", "field", "found", "expected", "message", "line", "profile"}
    assert doc["findings"] and all(keys <= set(f) for f in doc["findings"])
    rate = [f for f in doc["findings"] if f["code"] == "EXEC-01" and f["form"] == 1]
    assert [(f["severity"], f["found"], f["expected"], f["line"]) for f in rate] == [("info", "89.98", "89.97", 27)]


def test_min_severity_filters_what_is_shown() -> None:
    result = runner.invoke(app, ["check", S003, "--json", "--min-severity", "warning"])
    assert {f["severity"] for f in json.loads(result.output)["findings"]} <= {"warning", "error"}


def test_explicit_profile_is_used_and_unknown_profile_exits_2() -> None:
    result = runner.invoke(app, ["check", S000, "--json", "--profile", "national"])
    assert {f["profile"] for f in json.loads(result.output)["findings"]} == {"national"}
    bad = runner.invoke(app, ["check", S000, "--profile", "atlantis"])
    assert bad.exit_code == 2 and "可选" in bad.output


def test_check_exits_0_without_errors(tmp_path) -> None:
    doc = (ROOT / "tests" / "variants" / "02_column_order_weight_before_target.txt")
    result = runner.invoke(app, ["check", str(doc), "--json"])
    findings = json.loads(result.output)["findings"]
    assert result.exit_code == (1 if any(f["severity"] == "error" for f in findings) else 0)


def test_score_shows_printed_and_reference_scores() -> None:
    result = runner.invoke(app, ["score", S000], env={"COLUMNS": "220"})
    assert result.exit_code == 0
    assert "市级持证残疾人基本状况培训人数" in result.output
    assert "9.00" in result.output and "9.8" in result.output
    assert "总分：表中 97.86" in result.output


def test_rules_lists_every_rule() -> None:
    result = runner.invoke(app, ["rules", "--markdown"])
    assert result.exit_code == 0
    assert "| EXEC-01 |" in result.output and "| T16 |" in result.output
