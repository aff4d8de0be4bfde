"""Shared harness for the audit-rule tests.

Every rule test module declares two tables, so that a test can fail when a
rule has no case (tests/test_rule_registry.py reads them):

* ``TRIGGERS``: ``(rule_id, document, profile, expected)`` where ``expected``
  lists ``(form, indicator)`` pairs the rule must report (indicator None for
  a form-level finding);
* ``CLEAN``: ``(rule_id, document, profile)`` where the rule must stay silent.

Documents are inline tables with ``|`` between cells (see conftest.parse_doc).
"""

from __future__ import annotations

from jixiao import audit
from jixiao.model import Finding

from conftest import parse_doc


def review_all(document: str, profile: str | None = None) -> list[Finding]:
    """Parse a document and review every form in it."""
    result = parse_doc(document)
    found: list[Finding] = []
    for i, form in enumerate(result.forms):
        found.extend(audit.review(form, i, profile).findings)
    return found


def located(document: str, rule_id: str, profile: str | None = None) -> list[tuple[int, int | None]]:
    """The ``(form, indicator)`` of every finding of one rule."""
    return [(f.form, f.indicator) for f in review_all(document, profile) if f.code == rule_id]


def self_eval(rows: str, funding: str | None = None, total: str = "总分 | | | | | 100 | 100 |",
              title: str = "项目支出绩效自评表", year: str = "(2023年度)", unit: str = "万元",
              department: str = "某市财政局") -> str:
    """A complete project self-evaluation around some indicator rows (weights should sum to 90)."""
    funding = funding or "| 年度资金总额 | 100 | 100 | 95 | 10 | 95.00% | 9.5\n| 其中：当年财政拨款 | 100 | 100 | 95 | — | 95.00% | —"
    return f"""
{title}
{year}
项目名称 | 测试项目
主管部门 | {department} | 实施单位 | 某中心
项目资金 ({unit}) | | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分
{funding}
年度总体目标 | 预期目标 | 实际完成情况
| 完成年度任务 | 已完成
一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施
{rows.strip()}
{total}
"""
