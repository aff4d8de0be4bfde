"""Cost of the audit on top of the reader.

    python bench/check.py [--repeat N]

Parses the 40× seed corpus (1,240 forms), then parses and checks it (every
form re-scored and audited under its guessed profile), and prints both times
and their ratio. The issue's bar: parse+check ≤ 1.5 × parse alone.
"""

from __future__ import annotations

import argparse
import time

from parse import corpus

from jixiao import api


def timed(func, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--copies", type=int, default=40)
    args = ap.parse_args()
    data = corpus(args.copies)
    parse_only = timed(lambda: api.parse_bytes(data, "bench.txt"), args.repeat)
    checked = {}

    def parse_and_check() -> None:
        checked["result"] = api.check(api.parse_bytes(data, "bench.txt"))

    both = timed(parse_and_check, args.repeat)
    result = checked["result"]
    forms = len(result.parsed.forms)
    print(f"forms {forms}, findings {len(result.findings)}")
    print(f"parse        {parse_only:8.3f} s  {forms / parse_only:7.0f} forms/s")
    print(f"parse+check  {both:8.3f} s  {forms / both:7.0f} forms/s")
    print(f"ratio (parse+check)/parse = {both / parse_only:.2f} (bar: ≤ 1.50)")


if __name__ == "__main__":
    main()
