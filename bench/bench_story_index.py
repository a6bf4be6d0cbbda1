"""Synthetic benchmark of the story vector index (claimledger/ledger/vector_index.py).

    .venv/bin/python bench/bench_story_index.py [--sizes 10000,100000,1000000]
        [--data embedding|random] [--workdir /tmp/story-index]

One index grows through the sizes: unit vectors of 384 dimensions (numpy, seed 0) are
upserted in batches of at most 50,000 into a ``VectorIndex`` (usearch HNSW, cosine, the
shipped dtype and graph settings, the shipped ``upsert``: all cores, as the ledger's
rebuild from the database); at each size N the index is saved and measured, then grows on
(so a run stopped before 1M keeps the smaller sizes; build time is cumulative).  Two kinds
of vectors (``--data``):

* ``embedding`` (default): Gaussian vectors whose variance along the i-th of 384 randomly
  rotated axes falls as 1/i, so that about 26 directions carry most of it (participation
  ratio (sum 1/i)^2 / sum 1/i^2), the low intrinsic dimension of sentence embeddings, where
  near neighbours exist (median best cosine of a probe 0.49 at 20,000);
* ``random``: i.i.d. unit vectors.  Every pair is near-orthogonal (cosine 0 +- 0.05), so
  the graph has no neighbourhood to follow: the worst case for HNSW, slower to build
  (each insertion walks much more of the graph) and with a recall too low to be useful.

Recall: 200 probes drawn like the data (seed 1); recall@K of the ANN search (K = the
shipped ``CANDIDATES``) against the exact cosine top K over all N float32 vectors, and
how often the exact nearest is the ANN's first.

Then, in a fresh process each (so that resident memory is the index's alone):

* ``view``: the saved file memory-mapped read-only, as readers open it;
* ``load``: the whole index read into memory, as a writer holds it;

each runs 200 timed "articles": one ANN search for the article vector (k = the shipped
``CANDIDATES``) and the exact cosine of those candidates against float32 centroids (the
database's part of an assignment), plus, to compare with claim-level clustering, 20
searches (one article's claims).  Reported: build time (wall and CPU seconds, all
threads), file size, median and p95 ms per article in wall time and in the thread's CPU
time (which other processes' load does not inflate), and the process's resident memory
(VmRSS) after the queries, less that of the same process before opening the index.
Results: bench/results/story_index.json (``--data random``: story_index_random.json).
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


DATA = "embedding"


def unit_vectors(rng, n: int):
    import numpy as np
    vectors = rng.standard_normal((n, DIMS), dtype=np.float32)
    if DATA == "embedding":
        vectors *= np.arange(1, DIMS + 1, dtype=np.float32) ** -0.5
        vectors = vectors @ _rotation()
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors


_ROTATION = []


def _rotation():
    import numpy as np
    if not _ROTATION:
        q, _ = np.linalg.qr(np.random.default_rng(7).standard_normal((DIMS, DIMS)))
        _ROTATION.append(q.astype(np.float32))
    return _ROTATION[0]


def build(sizes: list[int], workdir: Path):
    """Grow one index through ``sizes`` (ascending), yielding (n, path, figures) at each:
    the index is saved there (``index_<data>_<n>.usearch``) and measured, then grows on,
    so that a long run stopped before the largest size keeps the smaller ones."""
    import numpy as np

    from claimledger.ledger.stories import CANDIDATES
    from claimledger.ledger.vector_index import VectorIndex
    rng = np.random.default_rng(0)
    probes = unit_vectors(np.random.default_rng(1), 200)
    best = np.full((len(probes), CANDIDATES), -2.0, dtype=np.float32)  # exact top K so far
    best_keys = np.zeros((len(probes), CANDIDATES), dtype=np.int64)
    index = VectorIndex(DIMS)
    build_s = build_cpu = 0.0
    start = 0
    for n in sizes:
        while start < n:
            count = min(BATCH, n - start)
            vectors = unit_vectors(rng, count)
            keys = np.arange(start, start + count, dtype=np.uint64)
            t0, c0 = time.perf_counter(), time.process_time()
            index.upsert(keys, vectors)
            build_s += time.perf_counter() - t0
            build_cpu += time.process_time() - c0
            sims = np.concatenate([best, probes @ vectors.T], axis=1)
            all_keys = np.concatenate([best_keys, np.broadcast_to(keys.astype(np.int64), (len(probes), count))], axis=1)
            top = np.argsort(-sims, axis=1)[:, :CANDIDATES]
            best, best_keys = np.take_along_axis(sims, top, 1), np.take_along_axis(all_keys, top, 1)
            start += count
            print(f"  built {start} ({build_s:.0f} s, {build_cpu:.0f} cpu-s, "
                  f"load {os.getloadavg()[0]:.1f})", file=sys.stderr, flush=True)
        found = [index.search(probe, CANDIDATES) for probe in probes]
        recall = float(np.mean([len({k for k, _ in f} & set(e.tolist())) / CANDIDATES
                                for f, e in zip(found, best_keys)]))
        top1 = float(np.mean([bool(f) and f[0][0] == e[0] for f, e in zip(found, best_keys)]))
        path = workdir / f"index_{DATA}_{n}.usearch"
        for stale in (path, path.with_name(path.name + ".json")):
            stale.unlink(missing_ok=True)
        index.path = path
        index.covered_seq = n
        index.save()
        yield n, path, {
            "build_s": round(build_s, 1), "build_cpu_s": round(build_cpu, 1),
            "vectors_per_s": round(n / build_s), "load_avg_1m_after_build": round(os.getloadavg()[0], 2),
            "file_mb": round(path.stat().st_size / 2 ** 20, 1),
            f"recall_at_{CANDIDATES}": round(recall, 3), "exact_top1_found_first": round(top1, 3),
            "exact_best_cosine_median": round(float(np.median(best[:, 0])), 3)}


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
    article_ms, article_cpu_ms, claims_ms, claims_cpu_ms = [], [], [], []
    for probe in probes:
        t0, c0 = time.perf_counter(), time.thread_time()
        found = index.search(probe, CANDIDATES)
        exact = centroids[[key % 4096 for key, _ in found]] @ probe
        exact.argmax()
        article_ms.append((time.perf_counter() - t0) * 1000)
        article_cpu_ms.append((time.thread_time() - c0) * 1000)
    for _ in range(20):
        t0, c0 = time.perf_counter(), time.thread_time()
        for claim in claims:
            index.search(claim, CANDIDATES)
        claims_ms.append((time.perf_counter() - t0) * 1000)
        claims_cpu_ms.append((time.thread_time() - c0) * 1000)
    article_ms.sort()
    article_cpu_ms.sort()
    return {"mode": mode, "open_s": round(open_s, 3), "vectors": len(index),
            "article_ms_median": round(statistics.median(article_ms), 3),
            "article_ms_p95": round(article_ms[int(0.95 * len(article_ms))], 3),
            "article_cpu_ms_median": round(statistics.median(article_cpu_ms), 3),
            "article_cpu_ms_p95": round(article_cpu_ms[int(0.95 * len(article_cpu_ms))], 3),
            "claims20_ms_median": round(statistics.median(claims_ms), 3),
            "claims20_cpu_ms_median": round(statistics.median(claims_cpu_ms), 3),
            "resident_mb": round(rss_mb() - before, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--workdir", default="/tmp/story-index")
    parser.add_argument("--data", choices=("embedding", "random"), default="embedding")
    parser.add_argument("--query", nargs=3, metavar=("PATH", "MODE", "DATA"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    global DATA
    if args.query:
        DATA = args.query[2]
        print(json.dumps(query(*args.query[:2])))
        return
    DATA = args.data
    from claimledger.ledger import vector_index
    from claimledger.ledger.vector_index import VectorIndex
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    results = {"dims": DIMS, "dtype": vector_index.DTYPE, "connectivity": vector_index.CONNECTIVITY,
               "expansion_add": vector_index.EXPANSION_ADD, "expansion_search": vector_index.EXPANSION_SEARCH,
               "data": DATA, "cpus": os.cpu_count(),
               "hardware_acceleration": VectorIndex(DIMS)._index.hardware_acceleration,
               "command": " ".join([Path(sys.executable).name] + sys.argv), "load_avg_1m_at_start": round(os.getloadavg()[0], 2), "sizes": {}}
    for n, path, entry in build(sorted(int(size) for size in args.sizes.split(",")), workdir):
        print(f"size {n}", file=sys.stderr, flush=True)
        for mode in ("view", "load"):
            out = subprocess.run([sys.executable, __file__, "--query", str(path), mode, DATA],
                                 capture_output=True, text=True, check=True)
            entry[mode] = json.loads(out.stdout.strip().splitlines()[-1])
        results["sizes"][str(n)] = entry
        print(json.dumps({n: entry}), file=sys.stderr, flush=True)
        save(results, DATA)  # after each size: a long 1M build that is stopped keeps the smaller ones
        path.unlink(missing_ok=True)  # the next size is saved anew (disk: the largest only)
    sizes = results["sizes"]
    if "10000" in sizes and "1000000" in sizes:
        for mode in ("view", "load"):
            results[f"ratio_1m_vs_10k_article_ms_{mode}"] = round(
                sizes["1000000"][mode]["article_ms_median"] / sizes["10000"][mode]["article_ms_median"], 2)
            results[f"ratio_1m_vs_10k_article_cpu_ms_{mode}"] = round(
                sizes["1000000"][mode]["article_cpu_ms_median"] / sizes["10000"][mode]["article_cpu_ms_median"], 2)
    results["load_avg_1m_at_end"] = round(os.getloadavg()[0], 2)
    save(results, DATA)
    print(json.dumps(results, indent=1))


def save(results: dict, data: str) -> None:
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / ("story_index.json" if data == "embedding" else f"story_index_{data}.json")).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
