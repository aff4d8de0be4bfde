"""Workbench store speed: bulk import into SQLite, list queries, concurrent clients.

    python bench/store.py [--forms 10000] [--pg URL]

1. Builds documents by varying the bundled seeds (each copy renames its
   projects, so every document has new content), imports ``--forms`` forms
   into a fresh SQLite file and prints forms/s (bar: 10,000 forms ≤ 60 s).
2. Times 200 list-page queries (filters, sorts, pages) on that store and
   prints p50/p95 (bar: p95 ≤ 100 ms with 10,000 forms).
3. With ``--pg`` (or JIXIAO_TEST_PG), 20 concurrent clients read pages and
   save edits against PostgreSQL; prints requests, conflicts (expected, as
   clients race on the same forms) and errors (bar: no errors).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import threading
import time
from pathlib import Path

from jixiao import api
from jixiao.store.service import ConflictError, FormEdit, FormQuery, Store

SEEDS = [p.read_text(encoding="utf-8") for p in api.sample_paths()]


def documents(forms: int) -> list[tuple[str, bytes]]:
    """Documents of all seed forms, each copy with its project names changed."""
    per_copy = 31
    out = []
    for n in range(-(-forms // per_copy)):
        text = "\n\n".join(SEEDS).replace("项目名称\t", f"项目名称\t第{n}批-").replace("项目名称\n\t", f"项目名称\n\t第{n}批-")
        text = text.replace("部门名称\t\t", f"部门名称\t\t第{n}批-")
        out.append((f"批次{n:05d}.txt", text.encode("utf-8")))
    return out


def bench_import(store: Store, forms: int) -> None:
    docs = documents(forms)
    start = time.perf_counter()
    total = sum(outcome.forms for outcome in store.import_documents(docs))
    seconds = time.perf_counter() - start
    print(f"import: {total} forms in {len(docs)} documents, {seconds:.1f} s, {total / seconds:.0f} forms/s "
          f"(bar: 10,000 forms ≤ 60 s)")


def bench_list(store: Store, rounds: int = 200) -> None:
    """The list page as a browser asks for it (HTML rendered by the web app, in-process)."""
    from fastapi.testclient import TestClient

    from jixiao.web import create_app

    rng = random.Random(7)
    queries = ["", "sort=-score", "year=2024", "severity=error", "q=信息化", "rate_max=90&sort=rate",
               "grade=优&sort=-errors", "form_type=target_declaration&page=3"]
    client = TestClient(create_app(store))
    times = []
    for _ in range(rounds):
        url = f"/forms?{rng.choice(queries)}&page={rng.randint(1, 20)}"
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"list page (HTML): p50 {statistics.median(times):.1f} ms, p95 {p95:.1f} ms over {rounds} requests "
          f"(bar: p95 ≤ 100 ms)")


def bench_concurrency(url: str, clients: int = 20, seconds: float = 10.0) -> None:
    store = Store(url)
    if store.list_forms().total == 0:
        store.import_paths(api.sample_paths())
    ids = [s.id for s in store.list_forms(FormQuery(form_type="project_self_eval", per_page=30)).items]
    counts = {"requests": 0, "conflicts": 0, "errors": 0}
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client(k: int) -> None:
        rng = random.Random(k)
        while time.perf_counter() < stop:
            fid = rng.choice(ids)
            try:
                if rng.random() < 0.7:
                    store.list_forms(FormQuery(page=rng.randint(1, 3), per_page=10))
                    store.form_detail(fid)
                else:
                    version = store.form_detail(fid).version
                    store.update_form(fid, FormEdit(version=version, indicators={0: {"deviation_reason": f"客户端{k}"}}))
                outcome = "requests"
            except ConflictError:
                outcome = "conflicts"
            except Exception as exc:  # noqa: BLE001 — counted, printed
                print("error:", type(exc).__name__, exc)
                outcome = "errors"
            with lock:
                counts[outcome] += 1
                if outcome == "conflicts":
                    counts["requests"] += 1

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"PostgreSQL, {clients} concurrent clients for {seconds:.0f} s: {counts['requests']} requests, "
          f"{counts['conflicts']} conflicts (refused stale saves), {counts['errors']} errors (bar: 0 errors)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--forms", type=int, default=10000)
    ap.add_argument("--pg", default=os.environ.get("JIXIAO_TEST_PG"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        bench_import(store, args.forms)
        bench_list(store)
    if args.pg:
        bench_concurrency(args.pg)
    else:
        print("PostgreSQL: skipped (give --pg URL or set JIXIAO_TEST_PG)")


if __name__ == "__main__":
    main()
