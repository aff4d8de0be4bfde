"""PDF import speed: pages per second of jixiao's PDF reader.

    python bench/pdf.py [--repeat N]

Exports every bundled seed form to one PDF (official layout, via WeasyPrint),
then times reading it back (PDF → grid → forms). The issue's bar: ≥ 20
pages/s on this 2-core machine.
"""

from __future__ import annotations

import argparse
import time

import pypdfium2

from jixiao import api
from jixiao.ingest.pdf import read_pdf
from jixiao.parse.recognise import recognise
from jixiao.render.pdf import render_pdf


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    forms = [f for p in api.sample_paths() for f in api.parse_path(p).forms]
    data = render_pdf(forms)
    pages = len(pypdfium2.PdfDocument(data))
    best = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = recognise(read_pdf(data, "bench.pdf"))
        best = min(best, time.perf_counter() - start)
    print(f"{pages} pages, {len(result.forms)} forms, {len(data) / 1e6:.2f} MB")
    print(f"read {best:.2f} s: {pages / best:.1f} pages/s, {len(result.forms) / best:.1f} forms/s (bar: ≥ 20 pages/s)")


if __name__ == "__main__":
    main()
