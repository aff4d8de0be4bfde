"""Field accuracy of the reader over every hand-checked gold.

    python bench/accuracy.py [--show N] [--only SUBSTR]

Golds come from four places: the seeds' ``../shared/gold``, the development
set ``../shared/realdocs`` (golds shipped with it), ``tests/realgolds``
(golds written by hand in this project for more realdocs texts) and the
variants of ``tests/variants``. Each document is parsed with the full reader
and compared with ``../shared/tools/formcompare.py``. Prints one line per
document (accuracy, fields, forms and indicators found, crashes) and a total
per group; a document that raises is counted as a crash with no field right.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from jixiao import api
from jixiao.render.contract import document_json, dumps

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@dataclass(frozen=True)
class Case:
    group: str
    name: str
    gold: Path
    text: Path


@dataclass
class Outcome:
    case: Case
    ok: int
    total: int
    forms_found: int
    forms_total: int
    inds_found: int
    inds_total: int
    crashed: bool
    misses: list[str]

    @property
    def accuracy(self) -> float:
        return self.ok / self.total if self.total else 1.0


def formcompare():
    """The shared comparison tool, loaded as a module."""
    path = SHARED / "tools" / "formcompare.py"
    spec = importlib.util.spec_from_file_location("formcompare", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def cases() -> list[Case]:
    """Every gold with the document it describes."""
    out = []
    for gold in sorted((SHARED / "gold").glob("*.gold.json")):
        out.append(Case("seeds", gold.name[:-10], gold, SHARED / "seeds" / (gold.name[:-10] + ".txt")))
    realdocs = SHARED / "realdocs"
    for gold in sorted(realdocs.glob("*.gold.json")):
        out.append(Case("realdocs", gold.name[:-10], gold, realdocs / (gold.name[:-10] + ".txt")))
    for gold in sorted((ROOT / "tests" / "realgolds").glob("*.gold.json")):
        out.append(Case("realdocs", gold.name[:-10], gold, realdocs / (gold.name[:-10] + ".txt")))
    for gold in sorted((ROOT / "tests" / "variants").glob("*.gold.json")):
        out.append(Case("variants", gold.name[:-10], gold, gold.with_name(gold.name[:-10] + ".txt")))
    return [c for c in out if c.text.exists()]


def parsed_json(path: Path) -> dict:
    """The contract JSON the reader gives for a document, forms or not."""
    try:
        result = api.parse_path(path)
    except api.NoFormFound as exc:
        result = exc.result
    return json.loads(dumps(document_json(result.source, list(result.forms), list(result.diagnostics))))


def measure(case: Case, compare=None) -> Outcome:
    """Parse one document and compare it with its gold."""
    compare = compare or formcompare().compare
    gold = json.loads(case.gold.read_text(encoding="utf-8"))
    crashed = False
    try:
        parsed = parsed_json(case.text)
    except Exception:  # a crash is a result of the benchmark, not an end to it
        traceback.print_exc()
        parsed, crashed = {"forms": []}, True
    tally, ff, fn, inf, inn = compare(gold, parsed)
    return Outcome(case, tally.ok, tally.total, ff, fn, inf, inn, crashed, tally.misses)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", type=int, default=0, help="mismatches to print per document")
    ap.add_argument("--only", default="", help="only documents whose name contains this")
    args = ap.parse_args()
    compare = formcompare().compare
    groups: dict[str, list[Outcome]] = {}
    for case in cases():
        if args.only and args.only not in case.name:
            continue
        o = measure(case, compare)
        groups.setdefault(case.group, []).append(o)
        flag = "  CRASH" if o.crashed else ""
        print(f"{case.group:9} {case.name[:58]:58} {o.accuracy:7.2%} ({o.ok}/{o.total})"
              f" forms {o.forms_found}/{o.forms_total} indicators {o.inds_found}/{o.inds_total}{flag}")
        for miss in o.misses[: args.show]:
            print("            " + miss)
    print()
    for group, outs in groups.items():
        ok, total = sum(o.ok for o in outs), sum(o.total for o in outs)
        worst = min(outs, key=lambda o: o.accuracy)
        print(f"{group:9} overall {ok / total if total else 1:7.2%} ({ok}/{total}) over {len(outs)} documents;"
              f" forms {sum(o.forms_found for o in outs)}/{sum(o.forms_total for o in outs)};"
              f" crashes {sum(o.crashed for o in outs)}; lowest {worst.case.name[:40]} {worst.accuracy:.2%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
