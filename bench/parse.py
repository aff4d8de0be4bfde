"""Reader throughput on a corpus built from the seed documents.

    python bench/parse.py [--repeat N]

Builds one document of all five seeds (31 forms) repeated 10× and 40×,
parses each with the full reader (decode → grid → forms) and prints forms/s,
MB/s and the growth ratio t(40×)/t(10×). The issue's bar: ≥ 500 forms/s on
the 40× corpus (1,240 forms) and a ratio ≤ 5 (linear would be 4).
"""

from __future__ import annotations

import argparse
import time

from jixiao import api


def corpus(copies: int) -> bytes:
    """All bundled seeds, concatenated ``copies`` times, as UTF-8 bytes."""
    one = "\n\n".join(p.read_text(encoding="utf-8") for p in api.sample_paths())
    return ("\n\n".join([one] * copies)).encode("utf-8")


def best_time(data: bytes, repeat: int) -> tuple[float, int]:
    """Best wall time of ``repeat`` parses, and the number of forms read."""
    best, forms = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = api.parse_bytes(data, "bench.txt")
        best = min(best, time.perf_counter() - start)
        forms = len(result.forms)
    return best, forms


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    times = {}
    print(f"{'corpus':>8} {'forms':>7} {'MB':>7} {'seconds':>9} {'forms/s':>9} {'MB/s':>7}")
    for copies in (1, 10, 40):
        data = corpus(copies)
        seconds, forms = best_time(data, args.repeat)
        times[copies] = seconds
        mb = len(data) / 1e6
        print(f"{copies:>7}× {forms:>7} {mb:>7.2f} {seconds:>9.3f} {forms / seconds:>9.0f} {mb / seconds:>7.2f}")
    print(f"growth t(40×)/t(10×) = {times[40] / times[10]:.2f} (linear: 4.00)")


if __name__ == "__main__":
    main()
