"""Imports flow one way along the pipeline: read → model → score/audit → render → store → web/CLI."""

from __future__ import annotations

import ast

import pytest

from conftest import ROOT

PACKAGE = ROOT / "src" / "jixiao"
LAYERS = ["model", "ingest", "parse", "score", "audit", "render", "api", "store", "cli", "web", "__main__"]
RANK = {name: (i if name not in ("web", "__main__") else LAYERS.index("cli")) for i, name in enumerate(LAYERS)}


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "jixiao" else None


def _imports(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "jixiao":
                found |= {f"jixiao.{alias.name}" for alias in node.names}
            else:
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_imports_only_its_own_or_lower_layers(path) -> None:
    own = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
    if own not in RANK:
        return
    for module in _imports(path):
        layer = _layer(module)
        if layer in RANK:
            assert RANK[layer] <= RANK[own], f"{path.name} ({own}) imports {module} ({layer}), a higher layer"
