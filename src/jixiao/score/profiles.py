"""Rule profiles: regional scoring and audit parameters, as data.

A profile is a TOML file in ``jixiao/profiles``. It may ``extends`` another
and override any value; there is no ``if region == …`` in code. Loading
resolves the chain, validates every key and returns a frozen :class:`Profile`
with a content hash, so that a stored result names exactly the rules that
produced it.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from jixiao.model import Form, Severity

_SECTIONS = {
    "scoring": {
        "exec_weight", "indicator_total", "qual_bands", "reverse_formula", "overachieve_ratio",
        "new_tree_from_year", "cost_cap",
    },
    "tolerance": {"rate", "score", "score_display"},
    "thresholds": {
        "budget_adjust_ratio", "low_rate", "low_rate_priority", "full_share", "level1_deviation",
        "overachieved_share", "overachieved_ratio", "large_budget", "few_indicators",
    },
}
_TOP = {"id", "extends", "name", "basis", "regions", "severity", "disable"}


class ProfileError(ValueError):
    """A profile that does not exist or does not validate."""


@dataclass(frozen=True, slots=True)
class Profile:
    """A resolved rule profile."""

    id: str
    name: str
    basis: str
    extends: str | None
    regions: tuple[str, ...]
    values: dict[str, Any]
    severity: dict[str, Severity]
    disable: frozenset[str]
    digest: str

    def get(self, section: str, key: str) -> Any:
        """A raw value, e.g. ``get("scoring", "exec_weight")``."""
        return self.values[section][key]

    def dec(self, section: str, key: str) -> Decimal:
        """A numeric value as an exact Decimal."""
        return Decimal(str(self.values[section][key]))

    def severity_of(self, code: str, default: Severity) -> Severity:
        """The severity this profile gives a rule."""
        return self.severity.get(code, default)


def available() -> list[str]:
    """The IDs of the bundled profiles."""
    folder = resources.files("jixiao") / "profiles"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml"))


def _raw(profile_id: str) -> dict[str, Any]:
    path = resources.files("jixiao") / "profiles" / f"{profile_id}.toml"
    if not path.is_file():
        raise ProfileError(f"没有名为“{profile_id}”的规则配置；可选：{'、'.join(available())}")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"规则配置 {profile_id}.toml 格式错误：{exc}") from None


def _validate(profile_id: str, data: dict[str, Any]) -> None:
    for key, value in data.items():
        if key in _SECTIONS:
            unknown = set(value) - _SECTIONS[key]
            if unknown:
                raise ProfileError(f"{profile_id}.toml：[{key}] 中有未知的键 {sorted(unknown)}")
        elif key not in _TOP:
            raise ProfileError(f"{profile_id}.toml：未知的键 {key}")
    for code, sev in data.get("severity", {}).items():
        if sev not in {s.value for s in Severity}:
            raise ProfileError(f"{profile_id}.toml：{code} 的级别“{sev}”应为 error/warning/info")


@cache
def load(profile_id: str) -> Profile:
    """Load a bundled profile, resolving ``extends``."""
    chain: list[dict[str, Any]] = []
    seen: set[str] = set()
    current: str | None = profile_id
    while current is not None:
        if current in seen:
            raise ProfileError(f"规则配置 {profile_id} 的继承关系有循环")
        seen.add(current)
        data = _raw(current)
        _validate(current, data)
        chain.append(data)
        current = data.get("extends")
    merged: dict[str, Any] = {s: {} for s in _SECTIONS}
    severity: dict[str, str] = {}
    disable: set[str] = set()
    for data in reversed(chain):
        for section in _SECTIONS:
            merged[section].update(data.get(section, {}))
        severity.update(data.get("severity", {}))
        disable |= set(data.get("disable", []))
    missing = [f"[{s}] {k}" for s, keys in _SECTIONS.items() for k in keys if k not in merged[s]]
    if missing:
        raise ProfileError(f"规则配置 {profile_id} 缺少 {missing}")
    top = chain[0]
    digest = hashlib.sha256(json.dumps([merged, severity, sorted(disable)], sort_keys=True).encode()).hexdigest()
    return Profile(
        id=top["id"], name=top.get("name", top["id"]), basis=top.get("basis", ""), extends=top.get("extends"),
        regions=tuple(top.get("regions", [])), values=merged,
        severity={k: Severity(v) for k, v in severity.items()}, disable=frozenset(disable), digest=digest[:16],
    )


def guess(form: Form) -> Profile:
    """The profile a form most likely follows: its region, else its execution weight, else national."""
    text = " ".join(filter(None, (form.department, form.implementing_unit, form.title, form.project_name,
                                  " ".join(form.extra.values()))))
    for profile_id in available():
        profile = load(profile_id)
        if any(region in text for region in profile.regions):
            return profile
    total = form.funding_total()
    if total is not None and total.weight == 20:
        return load("twenty-point")
    return load("national")
