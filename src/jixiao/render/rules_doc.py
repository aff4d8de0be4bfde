"""The rules page (docs/rules.md of this repository), generated from the registry."""

from __future__ import annotations

from jixiao.audit import rules
from jixiao.audit.registry import Rule
from jixiao.model import FormType
from jixiao.score.profiles import available, load

_FORMS = {FormType.PROJECT_SELF_EVAL: "项目自评", FormType.DEPARTMENT_SELF_EVAL: "部门自评",
          FormType.TARGET_DECLARATION: "目标申报"}
_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}


def _forms(rule: Rule) -> str:
    return "、".join(label for form_type, label in _FORMS.items() if form_type in rule.forms)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown() -> str:
    """The whole rules page as Markdown."""
    lines = [
        "# 审核规则 (audit rules)",
        "",
        "<!-- 本页由 `jixiao rules --markdown` 从规则注册表生成，请勿手工修改。 -->",
        "",
        "每条规则的 ID 是审核发现（finding）的稳定代码；级别为默认值，规则配置（profile）可以调整。",
        "标注“启发式”的规则是基于文字的推断，只给出提示或警告。",
        "",
        "| ID | 规则 | 默认级别 | 适用表单 | 依据 | 说明 |",
        "|---|---|---|---|---|---|",
    ]
    for rule in rules():
        title = rule.title + ("（启发式）" if rule.heuristic else "")
        lines.append(f"| {rule.id} | {_cell(title)} | {_SEVERITY[rule.severity.value]} | {_forms(rule)} | "
                     f"{_cell(rule.basis)} | {_cell(rule.description)} |")
    lines += ["", "## 规则配置 (profiles)", "", "| ID | 名称 | 继承 | 级别调整 | 依据 |", "|---|---|---|---|---|"]
    for profile_id in available():
        profile = load(profile_id)
        changes = "、".join(f"{code}→{_SEVERITY[sev.value]}" for code, sev in sorted(profile.severity.items()))
        lines.append(f"| {profile.id} | {profile.name} | {profile.extends or '—'} | {changes or '—'} | {_cell(profile.basis)} |")
    return "\n".join(lines) + "\n"
