"""Synthetic benchmark of the story vector index (claimledger/ledger/vector_index.py).

    .venv/bin/python bench/bench_story_index.py [--sizes 10000,100000,1000000] [--workdir /tmp/story-index]

For each size N: N random unit vectors of 384 dimensions (numpy, seed 0) are added in
batches to a ``VectorIndex`` (usearch HNSW, cosine, the shipped dtype and graph settings)
and saved; then, in a fresh process each (so that resident memory is the index's alone):

* ``view``: the saved file memory-mapped read-only, as readers open it;
* ``load``: the whole index read into memory, as a writer holds it;

each runs 200 timed "articles": one ANN search for the article vector (k = the shipped
``CANDIDATES``) and the exact cosine of those candidates against float32 centroids (the
database's part of an assignment), plus, to compare with claim-level clustering, 20
searches (one article's claims).  Reported: build time, file size, median and p95 ms per
article, and the process's resident memory (VmRSS) after the queries, less that of the
same process before opening the index.  Results: bench/results/story_index.json.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DIMS = 384
BATCH = 50_000


def rss_mb() -> float:
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def unit_vectors(rng, n: int):
    import numpy as np
    vectors = rng.standard_normal((n, DIMS), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors


def build(n: int, path: Path) -> dict:
    import numpy as np

    from claimledger.ledger.vector_index import VectorIndex
    for stale in (path, path.with_name(path.name + ".json")):
        stale.unlink(missing_ok=True)
    rng = np.random.default_rng(0)
    index = VectorIndex(DIMS, path)
    t0 = time.perf_counter()
    for start in range(0, n, BATCH):
        count = min(BATCH, n - start)
        index._index.add(np.arange(start, start + count, dtype=np.uint64), unit_vectors(rng, count))
        print(f"  built {start + count}/{n} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)
    build_s = time.perf_counter() - t0
    index.covered_seq = n
    index.save()
    return {"build_s": round(build_s, 1), "file_mb": round(path.stat().st_size / 2 ** 20, 1)}


def query(path: str, mode: str, repeat: int = 200) -> dict:
    """Run in a fresh process: open the index (view or load), time article assignments."""
    import numpy as np

    from claimledger.ledger.stories import CANDIDATES
    from claimledger.ledger.vector_index import VectorIndex
    rng = np.random.default_rng(1)
    probes = unit_vectors(rng, repeat)
    claims = unit_vectors(rng, 20)
    centroids = unit_vectors(np.random.default_rng(2), 4096)  # stands for the rows fetched from the database
    before = rss_mb()
    t0 = time.perf_counter()
    index = VectorIndex(DIMS, Path(path), view=(mode == "view"))
    open_s = time.perf_counter() - t0
    article_ms, claims_ms = [], []
    for probe in probes:
        t0 = time.perf_counter()
        found = index.search(probe, CANDIDATES)
        exact = centroids[[key % 4096 for key, _ in found]] @ probe
        exact.argmax()
        article_ms.append((time.perf_counter() - t0) * 1000)
    for _ in range(20):
        t0 = time.perf_counter()
        for claim in claims:
            index.search(claim, CANDIDATES)
        claims_ms.append((time.perf_counter() - t0) * 1000)
    article_ms.sort()
    return {"mode": mode, "open_s": round(open_s, 3), "vectors": len(index),
            "article_ms_median": round(statistics.median(article_ms), 3),
            "article_ms_p95": round(article_ms[int(0.95 * len(article_ms))], 3),
            "claims20_ms_median": round(statistics.median(claims_ms), 3),
            "resident_mb": round(rss_mb() - before, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--workdir", default="/tmp/story-index")
    parser.add_argument("--query", nargs=2, metavar=("PATH", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.query:
        print(json.dumps(query(*args.query)))
        return
    from claimledger.ledger import vector_index
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    results = {"dims": DIMS, "dtype": vector_index.DTYPE, "connectivity": vector_index.CONNECTIVITY,
               "expansion_add": vector_index.EXPANSION_ADD, "expansion_search": vector_index.EXPANSION_SEARCH,
               "cpus": os.cpu_count(), "load_avg_1m_at_start": round(os.getloadavg()[0], 2), "sizes": {}}
    for n in (int(s) for s in args.sizes.split(",")):
        path = workdir / f"index_{n}.usearch"
        print(f"size {n}", file=sys.stderr, flush=True)
        entry = build(n, path)
        for mode in ("view", "load"):
            out = subprocess.run([sys.executable, __file__, "--query", str(path), mode],
                                 capture_output=True, text=True, check=True)
            entry[mode] = json.loads(out.stdout.strip().splitlines()[-1])
        results["sizes"][str(n)] = entry
        print(json.dumps({n: entry}), file=sys.stderr, flush=True)
        save(results)  # after each size: a long 1M build that is stopped keeps the smaller ones
    sizes = results["sizes"]
    if "10000" in sizes and "1000000" in sizes:
        for mode in ("view", "load"):
            results[f"ratio_1m_vs_10k_article_ms_{mode}"] = round(
                sizes["1000000"][mode]["article_ms_median"] / sizes["10000"][mode]["article_ms_median"], 2)
    save(results)
    print(json.dumps(results, indent=1))


def save(results: dict) -> None:
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "story_index.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
