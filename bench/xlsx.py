"""Excel reader throughput: an .xlsx of 200+ template forms, read and recognised.

    python bench/xlsx.py [--copies N] [--repeat N] [--profile]

Builds the fixture template of tests/fixtures/make_fixtures_excel.py with its
two self-evaluations repeated ``copies`` times on one sheet (plus the
declaration sheet), then times ``read_xlsx`` and ``recognise`` (best of
``repeat``) and prints forms/s. The bar: ≥ 200 forms/s on a 2-core machine.

Like ``jixiao.api.parse_bytes``, each run pauses the cyclic garbage
collector (a collection between runs keeps them independent).
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import sys
import time
from pathlib import Path

from jixiao.ingest.excel import read_xlsx
from jixiao.parse.recognise import recognise

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "fixtures"))

import make_fixtures_excel as make  # noqa: E402


def workbook(copies: int) -> bytes:
    """The template workbook with ``2 × copies + 1`` forms."""
    return make.write_xlsx(make.template_sheets(copies))


def run(data: bytes) -> tuple[float, float, int]:
    """Seconds to read, seconds to recognise, and the number of forms."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        grid = read_xlsx(data, "bench.xlsx")
        read = time.perf_counter() - start
        start = time.perf_counter()
        forms = len(recognise(grid).forms)
        return read, time.perf_counter() - start, forms
    finally:
        gc.enable()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=110, help="copies of the two self-evaluations (default 110)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true", help="print the top of a cProfile of one run")
    args = ap.parse_args()
    data = workbook(args.copies)
    if args.profile:
        prof = cProfile.Profile()
        prof.runcall(run, data)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    best = min((run(data) for _ in range(args.repeat)), key=lambda t: t[0] + t[1])
    read, rec, forms = best
    total = read + rec
    print(f"{'forms':>6} {'KB':>7} {'read s':>8} {'recognise s':>12} {'total s':>8} {'forms/s':>8}")
    print(f"{forms:>6} {len(data) / 1024:>7.0f} {read:>8.3f} {rec:>12.3f} {total:>8.3f} {forms / total:>8.0f}")
    print(f"bar: ≥ 200 forms/s — {'met' if forms / total >= 200 else 'NOT met'}")


if __name__ == "__main__":
    main()
