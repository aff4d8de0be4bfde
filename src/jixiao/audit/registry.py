"""The rule registry: every audit check with its ID, title, severity and basis.

A rule is a plain function ``(ctx) -> Iterable[Finding]`` registered with
:func:`rule`. Its ID is the stable code of docs/rules.md section (c); the
profile may change its severity or disable it. The registry is the single
source of the generated rules page (``jixiao rules --markdown``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.model import Finding, Form, FormType, Indicator, Loc, Severity
from jixiao.score.engine import FormScore, IndicatorScore
from jixiao.score.profiles import Profile

SELF_EVALS = frozenset({FormType.PROJECT_SELF_EVAL, FormType.DEPARTMENT_SELF_EVAL})
DECLARATIONS = frozenset({FormType.TARGET_DECLARATION})
DEPARTMENTS = frozenset({FormType.DEPARTMENT_SELF_EVAL})
ALL_FORMS = frozenset(FormType)


@dataclass(frozen=True, slots=True)
class Context:
    """What a rule sees: one form, its index, the profile and the re-scored form."""

    form: Form
    index: int
    profile: Profile
    score: FormScore
    rule: Rule | None = None

    def finding(self, message: str, *, indicator: int | None = None, field: str | None = None,
                found: object = None, expected: object = None, loc: Loc | None = None,
                severity: Severity | None = None, code: str | None = None) -> Finding:
        """A finding of the current rule, located at ``loc`` (default: the indicator's or the form's).

        ``severity`` fixes the level of this particular case (not changed by the profile);
        without it the rule's level, as the profile sets it, applies.
        """
        assert self.rule is not None
        rule_code = code or self.rule.id
        # the profile sets a rule's severity; a case with its own (e.g. display rounding → info) keeps it
        level = severity or self.profile.severity_of(rule_code, self.rule.severity)
        if loc is None and indicator is not None:
            loc = self.form.indicators[indicator].loc
        return Finding(
            code=rule_code,
            severity=level,
            message=message,
            form=self.index,
            indicator=indicator,
            field=field,
            found=_text(found),
            expected=_text(expected),
            loc=loc or self.form.loc,
            profile=self.profile.id,
        )

    def indicators(self) -> Iterator[tuple[int, Indicator, IndicatorScore]]:
        """Every indicator with its reference score."""
        for i, ind in enumerate(self.form.indicators):
            yield i, ind, self.score.indicators[i]

    def tol(self, key: str = "score") -> Decimal:
        """A tolerance of the profile (R6)."""
        return self.profile.dec("tolerance", key)

    def threshold(self, key: str) -> Decimal:
        """A threshold of the profile."""
        return self.profile.dec("thresholds", key)


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    return str(value)


RuleFunc = Callable[[Context], Iterable[Finding]]


def _join_lines(doc: str) -> str:
    """A docstring as one line; Chinese lines join without a space."""
    out = ""
    for line in (ln.strip() for ln in doc.splitlines()):
        if not line:
            continue
        if out and (out[-1].isascii() and line[0].isascii()):
            out += " "
        out += line
    return out


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered audit rule."""

    id: str
    title: str  # 中文标题
    severity: Severity
    basis: str  # 文件号 / 条款 / 来源
    description: str
    forms: frozenset[FormType]
    func: RuleFunc = field(repr=False, compare=False)
    heuristic: bool = False

    def run(self, ctx: Context) -> list[Finding]:
        """Run the rule on one form."""
        if ctx.form.form_type not in self.forms:
            return []
        return list(self.func(Context(ctx.form, ctx.index, ctx.profile, ctx.score, self)))


REGISTRY: dict[str, Rule] = {}


def rule(rule_id: str, title: str, severity: Severity, basis: str, forms: frozenset[FormType] = SELF_EVALS,
         heuristic: bool = False) -> Callable[[RuleFunc], RuleFunc]:
    """Register an audit rule; the function's docstring is its description."""

    def register(func: RuleFunc) -> RuleFunc:
        if rule_id in REGISTRY:
            raise ValueError(f"duplicate rule id {rule_id}")
        description = _join_lines(func.__doc__ or "")
        REGISTRY[rule_id] = Rule(rule_id, title, severity, basis, description, forms, func, heuristic)
        return func

    return register


def rule_sort_key(rule_id: str) -> tuple[int, str, int]:
    """EXEC-01 … EXEC-10, IND-…, SUM-…, HIER-…, DEPT-…, TIME-…, T01 …, in the order of docs/rules.md."""
    order = ["EXEC", "IND", "SUM", "HIER", "DEPT", "TIME", "T"]
    family, _, number = rule_id.partition("-") if "-" in rule_id else (rule_id[:1], "", rule_id[1:])
    digits = "".join(ch for ch in number if ch.isdigit()) or "0"
    return (order.index(family) if family in order else len(order), family, int(digits))
