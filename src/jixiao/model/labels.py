"""Canonical 一级/二级指标 names and their aliases (docs/rules.md R9).

Labels are compared after :func:`label_key`: Unicode NFKC folding and removal
of all white space, so ``满意 度指 标`` and ``满意度指标`` are the same label.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: 一级指标 of both hierarchies (R9.1 since 财预〔2021〕101号, R9.2 before it).
LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")

#: 二级指标 of both hierarchies; 成本指标 is a 二级 under 产出 in the old tree.
LEVEL2 = (
    "数量指标",
    "质量指标",
    "时效指标",
    "成本指标",
    "经济成本指标",
    "社会成本指标",
    "生态环境成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "服务对象满意度指标",
)

#: Printed variants mapped to their canonical name (R9.3 and common spellings).
LEVEL1_ALIASES = {
    "项目产出指标": "产出指标",
    "项目效益指标": "效益指标",
    "项目成本指标": "成本指标",
    "项目满意度指标": "满意度指标",
    "服务满意度指标": "满意度指标",
}

LEVEL2_ALIASES = {
    "环境效益指标": "生态效益指标",
    "生态环境效益指标": "生态效益指标",
    "进度指标": "时效指标",
    "时间指标": "时效指标",
    "满意度指标": "服务对象满意度指标",
    "社会公众或服务对象满意度指标": "服务对象满意度指标",
    "服务对象满意度": "服务对象满意度指标",
    "可持续发展指标": "可持续影响指标",
    "可持续效益指标": "可持续影响指标",
    "生态成本指标": "生态环境成本指标",
}

#: The 一级指标 each 二级指标 belongs to (成本指标 is left out: it sits under 产出 in the old tree).
LEVEL2_PARENT = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "经济成本指标": "成本指标",
    "社会成本指标": "成本指标",
    "生态环境成本指标": "成本指标",
    "经济效益指标": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响指标": "效益指标",
    "服务对象满意度指标": "满意度指标",
}

_WS = re.compile(r"\s+")
_WEIGHT_SUFFIX = re.compile(
    r"[（(]\s*(\d+(?:\.\d+)?)(?:\s*[-－~～至]\s*(\d+(?:\.\d+)?))?\s*分?\s*[)）]\s*分?$")

_ALL_KNOWN = frozenset(LEVEL1) | frozenset(LEVEL2) | LEVEL1_ALIASES.keys() | LEVEL2_ALIASES.keys()
_LONG_KNOWN = tuple(k for k in _ALL_KNOWN if k.endswith("指标"))


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    return _WS.sub("", unicodedata.normalize("NFKC", text)).rstrip(":")


def label_key(text: str | None) -> str:
    """Fold a printed label for comparison: NFKC, no white space, no trailing colon."""
    if not text:
        return ""
    return _fold(text) if len(text) <= 64 else _WS.sub("", unicodedata.normalize("NFKC", text)).rstrip(":")


def split_label_weight(text: str) -> tuple[str, str | None]:
    """Split ``产出指标(50分)`` into ``("产出指标", "50")``; other labels pass through.

    A range of weights (``成本指标(0-20)分``) is no weight: ``("成本指标", None)``.
    """
    key = label_key(text)
    m = _WEIGHT_SUFFIX.search(key)
    if m and m.start() > 0:
        return key[: m.start()], (None if m.group(2) else m.group(1))
    return key, None


def is_known(key: str) -> bool:
    """True when ``key`` is a canonical level name or a known alias."""
    return key in _ALL_KNOWN


def is_level1_name(key: str) -> bool:
    """True when ``key`` can only be (or is normally) a 一级指标."""
    return key in LEVEL1 or key in LEVEL1_ALIASES


def is_level2_name(key: str) -> bool:
    """True when ``key`` is a known 二级指标 (canonical or alias)."""
    return key in LEVEL2 or key in LEVEL2_ALIASES


def fragment_levels(key: str) -> set[int]:
    """Levels (1, 2) of the known labels that ``key`` is a proper prefix of.

    A label broken by a page break (``时效`` … ``指标``) leaves such fragments.
    """
    levels: set[int] = set()
    if not key:
        return levels
    for name in _LONG_KNOWN:
        if name != key and name.startswith(key):
            levels.add(1 if is_level1_name(name) and not is_level2_name(name) else 2)
    return levels


def completes(prefix: str, piece: str) -> bool:
    """True when ``prefix + piece`` is a known label or still a prefix of one."""
    joined = prefix + piece
    return is_known(joined) or any(n.startswith(joined) for n in _LONG_KNOWN)


def _complete_fragment(key: str, level: int) -> str:
    """A fragment left incomplete (``时效``) becomes the one label it starts, if unique."""
    if is_known(key):
        return key
    names = LEVEL1 if level == 1 else LEVEL2
    matches = [n for n in names if n.startswith(key)]
    return matches[0] if len(matches) == 1 else key


def canonical_level1(printed: str | None) -> str | None:
    """The canonical 一级指标 for a printed label (unknown labels keep their text)."""
    if printed is None:
        return None
    key = _complete_fragment(split_label_weight(printed)[0], 1)
    return LEVEL1_ALIASES.get(key, key) or None


def canonical_level2(printed: str | None) -> str | None:
    """The canonical 二级指标 for a printed label (unknown labels keep their text)."""
    if printed is None:
        return None
    key = _complete_fragment(split_label_weight(printed)[0], 2)
    return LEVEL2_ALIASES.get(key, key) or None
