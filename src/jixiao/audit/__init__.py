"""The audit: run every registered rule over a form and return located findings.

Rule modules are listed here explicitly (no directory scanning), so the set of
rules is visible in one place. A rule that crashes becomes an info finding
naming the rule, not an exception: one bad rule never stops a review.
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.audit.registry import REGISTRY, Context, Rule, rule_sort_key
from jixiao.audit.rules import declaration, execution, hierarchy, indicators, totals  # noqa: F401  (registration)
from jixiao.model import Finding, Form, Severity
from jixiao.score.engine import FormScore, score_form
from jixiao.score.profiles import Profile, guess, load


@dataclass(frozen=True, slots=True)
class Review:
    """One form reviewed: the profile used, the re-scored form and the findings."""

    profile: Profile
    score: FormScore
    findings: tuple[Finding, ...]
    guessed: bool


def rules() -> list[Rule]:
    """Every registered rule, in the order of docs/rules.md."""
    return [REGISTRY[k] for k in sorted(REGISTRY, key=rule_sort_key)]


def review(form: Form, index: int = 0, profile_id: str | None = None) -> Review:
    """Re-score and audit one form under a profile (guessed from the form when not given)."""
    profile = load(profile_id) if profile_id else guess(form)
    score = score_form(form, profile, index)
    ctx = Context(form, index, profile, score)
    findings: list[Finding] = []
    for rule in rules():
        if rule.id in profile.disable:
            continue
        try:
            findings.extend(rule.run(ctx))
        except Exception as exc:  # noqa: BLE001 — a broken rule is reported, never fatal
            findings.append(Finding("internal-rule-error", Severity.INFO,
                                    f"规则 {rule.id} 运行出错（{type(exc).__name__}: {exc}），此项未检查",
                                    index, loc=form.loc, profile=profile.id))
    findings.sort(key=lambda f: (f.line or 0, rule_sort_key(f.code) if f.code in REGISTRY else (99, f.code, 0)))
    return Review(profile, score, tuple(findings), profile_id is None)
