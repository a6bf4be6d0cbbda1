"""Story linking against the oracle-tuned TF-IDF baseline, and ingest speed with stories.

    .venv/bin/python bench/bench_stories.py [--bodies 300] [--speed-bodies 150] [--speed-pairs 2]
        [--speed-only] [--grid] [--fnc1-calibrate]

Data: the first ``--bodies`` bodies of FNC-1's competition test set that FNC-1 pairs with at
least one headline as related (../shared/data/fnc1/; Pomerleau & Rao 2017).  Two bodies
belong to one story when FNC-1 pairs them with the same headline as related.  In one run:

* **stories**: each body is analysed by the pipeline (cached under ``--cache``), embedded
  (headline + lede, as ingest does) and assigned by the ledger's own ``StoryIndex`` into an
  in-memory SQLite ledger, in file order; the article pairs put in one story are scored
  (precision, recall, F1) against the gold pairs.  ``--grid`` also replays a grid of
  ``LEXICAL_WEIGHT`` x ``JOIN_SCORE`` (the calibration: the shipped values were chosen here);
* **baseline**: TF-IDF cosine over whole bodies (scikit-learn, English stop words), pairs
  linked at or above a threshold, the best threshold chosen on the same gold pairs (an
  oracle: it sees the answers);
* **speed**: ``ingest_paths`` (the code of ``claimledger ingest``; one worker, models loaded
  before timing) over the first ``--speed-bodies`` train bodies into fresh SQLite ledgers,
  with and without stories, ``--speed-pairs`` alternated pairs; CPU seconds of the process
  and wall clock (:func:`ingest_speed`).  ``--speed-only`` runs just this part.

Results: bench/results/stories.json (``--speed-only``: stories_speed.json) and BENCHMARKS.md.
"""
from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "fnc1"
RESULTS = ROOT / "bench" / "results"
sys.path.insert(0, str(ROOT))
csv.field_size_limit(10 ** 9)


def related_bodies(limit: int) -> tuple[list[dict], dict[str, set]]:
    """The first ``limit`` competition-test bodies with a related headline, and each body's
    related headlines."""
    heads: dict[str, set] = {}
    with open(SHARED / "competition_test_stances.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["Stance"] != "unrelated":
                heads.setdefault(row["Body ID"], set()).add(row["Headline"])
    with open(SHARED / "competition_test_bodies.csv", encoding="utf-8") as fh:
        bodies = [r for r in csv.DictReader(fh) if r["Body ID"] in heads][:limit]
    return bodies, heads


def analysed(bodies: list[dict], cache: Path) -> list:
    """Records of the bodies, analysed once and cached as JSON lines keyed by body id."""
    from claimledger.pipeline import analyze
    from claimledger.record import Record
    cache.parent.mkdir(parents=True, exist_ok=True)
    known = {}
    if cache.exists():
        for line in cache.open(encoding="utf-8"):
            item = json.loads(line)
            known[item["id"]] = item["record"]
    with cache.open("a", encoding="utf-8") as out:
        for row in bodies:
            if row["Body ID"] not in known:
                record = analyze(row["articleBody"])
                known[row["Body ID"]] = record.to_dict()
                out.write(json.dumps({"id": row["Body ID"], "record": known[row["Body ID"]]}) + "\n")
    return [Record.from_dict(known[row["Body ID"]]) for row in bodies]


def pair_scores(linked: set, gold: set) -> dict:
    hits = len(linked & gold)
    precision, recall = hits / max(1, len(linked)), hits / max(1, len(gold))
    return {"linked_pairs": len(linked), "precision": round(precision, 3), "recall": round(recall, 3),
            "f1": round(2 * precision * recall / max(1e-9, precision + recall), 3)}


def replay(records, vectors, lexical_weight=None, join=None) -> set:
    """Article pairs linked by the ledger's story assignment (in-memory SQLite, file order)."""
    from claimledger.ledger import stories as S
    from claimledger.ledger.store import ArticleRow, Store
    saved = S.LEXICAL_WEIGHT, S.JOIN_SCORE
    if lexical_weight is not None:
        S.LEXICAL_WEIGHT, S.JOIN_SCORE = lexical_weight, join
    members: dict[int, set] = {}
    try:
        with Store("sqlite://") as store, store.session() as session:
            index = S.StoryIndex(session)
            for i, (record, vector) in enumerate(zip(records, vectors)):
                with session.begin():
                    story, _, _ = index.assign_article(session, S.record_features(record, vector), len(record.claims))
                    members.setdefault(story.id, set()).add(i)
    finally:
        S.LEXICAL_WEIGHT, S.JOIN_SCORE = saved
    return {pair for m in members.values() for pair in itertools.combinations(sorted(m), 2)}


def tfidf_baseline(bodies: list[dict], gold: set) -> dict:
    """Pairwise TF-IDF cosine over whole bodies at the best threshold for these gold pairs."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(r["articleBody"] for r in bodies)
    sims = (matrix @ matrix.T).toarray()
    pairs = list(itertools.combinations(range(len(bodies)), 2))
    best = None
    for threshold in [t / 100 for t in range(5, 96)]:
        linked = {(a, b) for a, b in pairs if sims[a, b] >= threshold}
        scores = {"threshold": threshold, **pair_scores(linked, gold)}
        if best is None or scores["f1"] > best["f1"]:
            best = scores
    return best


def ingest_speed(n: int, pairs: int = 2, workers: int = 1) -> dict:
    """Ingest speed with stories against ``--no-stories`` on the same articles, through the
    code of ``claimledger ingest`` (``ingest_paths`` over a JSON-lines file of the first
    ``n`` train bodies, each run into a fresh SQLite ledger), models loaded and every lazy
    import done before timing.  Runs alternate (no, yes, then yes, no, ...) so that load
    from other work falls on both; the ratio is total time without stories over total time
    with them, in CPU seconds of this process (what the runs themselves cost; with
    ``workers`` > 1 the pool's CPU is not counted, so wall clock only) and in wall clock."""
    from claimledger.ledger.embeddings import get_model
    from claimledger.ledger.ingest_run import EMBED_THREADS, ingest_paths
    from claimledger.ledger.store import Store
    from claimledger.nlp import get_nlp
    with open(SHARED / "train_bodies.csv", encoding="utf-8") as fh:
        rows = list(itertools.islice(csv.DictReader(fh), n))
    get_nlp()
    get_model(threads=EMBED_THREADS)
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "bodies.jsonl"
        with feed.open("w", encoding="utf-8") as out:
            for r in rows:
                out.write(json.dumps({"id": r["Body ID"], "text": r["articleBody"]}) + "\n")
        warm = Path(tmp) / "warm.jsonl"
        warm.write_text("".join(line for line in feed.open(encoding="utf-8").readlines()[:3]), encoding="utf-8")

        def one(path: Path, stories: bool, name: str) -> dict:
            db = Path(tmp) / f"{name}.db"
            with Store(f"sqlite:///{db}") as store:
                t0, c0 = time.perf_counter(), time.process_time()
                summary = ingest_paths(store, [str(path)], workers=workers, stories=stories, progress=False,
                                       report=lambda line: None)
                wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            assert summary.ingested == sum(1 for _ in path.open(encoding="utf-8")), summary.to_dict()
            return {"stories": stories, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
                    "load_avg_1m": round(os.getloadavg()[0], 2)}

        one(warm, True, "warm_yes")
        one(warm, False, "warm_no")
        out = {"articles": len(rows), "workers": workers, "pairs": pairs,
               "load_avg_1m_at_start": round(os.getloadavg()[0], 2), "runs": []}
        for i in range(pairs):
            for stories in ((False, True) if i % 2 == 0 else (True, False)):
                out["runs"].append(one(feed, stories, f"run{i}_{int(stories)}"))
                print(json.dumps(out["runs"][-1]), file=sys.stderr, flush=True)
    out["load_avg_1m_at_end"] = round(os.getloadavg()[0], 2)
    for clock in ("cpu_s", "wall_s"):
        no = sum(r[clock] for r in out["runs"] if not r["stories"])
        yes = sum(r[clock] for r in out["runs"] if r["stories"])
        out[f"ms_per_article_{clock[:-2]}"] = {"no_stories": round(1000 * no / (pairs * len(rows)), 1),
                                               "stories": round(1000 * yes / (pairs * len(rows)), 1)}
        out[f"speed_ratio_{clock[:-2]}"] = round(no / yes, 3)
    return out


def fnc1_calibrate(bodies: list[dict], records: list) -> dict:
    """The relatedness threshold of ``eval fnc1``: the score (story-linking similarity of
    headline and body) that best separates related from unrelated pairs of these bodies
    only (FNC-1's related/unrelated pairing; the agree/disagree/discuss labels are not read)."""
    from claimledger.evaluate import fnc1
    ids = {row["Body ID"] for row in bodies}
    rows = [r for r in fnc1.read_csv(str(SHARED / "competition_test_stances.csv")) if r["Body ID"] in ids]
    body_records = {row["Body ID"]: record for row, record in zip(bodies, records)}
    pairs = [(r["Headline"], r["Body ID"]) for r in rows]
    scores = fnc1.relatedness([h for h, _ in pairs], {}, pairs, body_records)
    related = [r["Stance"] != "unrelated" for r in rows]
    best = None
    for threshold in [t / 100 for t in range(5, 80)]:
        accuracy = sum((s >= threshold) == g for s, g in zip(scores, related)) / len(rows)
        if best is None or accuracy > best["accuracy"]:
            best = {"threshold": threshold, "accuracy": round(accuracy, 4)}
    return {"pairs": len(rows), "related": sum(related), **best, "shipped": fnc1.RELATED_SCORE}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bodies", type=int, default=300)
    parser.add_argument("--speed-bodies", type=int, default=150, help="0 skips the ingest speed part")
    parser.add_argument("--speed-pairs", type=int, default=2,
                        help="alternated pairs of runs (with and without stories) for the speed part")
    parser.add_argument("--speed-only", action="store_true", help="only the ingest speed part")
    parser.add_argument("--grid", action="store_true", help="also replay the calibration grid")
    parser.add_argument("--fnc1-calibrate", action="store_true",
                        help="also choose eval fnc1's relatedness threshold on these bodies' pairs")
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "claimledger-bench" / "fnc1_test_records.jsonl"))
    args = parser.parse_args()
    if args.speed_only:
        speed = ingest_speed(args.speed_bodies, args.speed_pairs)
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "stories_speed.json").write_text(json.dumps(speed, indent=1) + "\n", encoding="utf-8")
        print(json.dumps(speed, indent=1))
        return
    from claimledger.ledger import stories as S
    from claimledger.ledger.embeddings import embed
    bodies, heads = related_bodies(args.bodies)
    t0 = time.perf_counter()
    records = analysed(bodies, Path(args.cache))
    analysis_s = time.perf_counter() - t0
    vectors = embed([S.story_text(r.article.title, r.article.text) for r in records])
    gold = {(a, b) for a, b in itertools.combinations(range(len(bodies)), 2)
            if heads[bodies[a]["Body ID"]] & heads[bodies[b]["Body ID"]]}
    result = {"bodies": len(bodies), "gold_pairs": len(gold), "analysis_s": round(analysis_s, 1),
              "shipped": {"lexical_weight": S.LEXICAL_WEIGHT, "join_score": S.JOIN_SCORE},
              "stories": pair_scores(replay(records, vectors), gold),
              "tfidf_oracle_baseline": tfidf_baseline(bodies, gold)}
    result["stories_f1_minus_baseline"] = round(result["stories"]["f1"] - result["tfidf_oracle_baseline"]["f1"], 3)
    if args.grid:
        grid = []
        for weight in (0.5, 0.6, 0.7, 0.8, 1.0):
            for join in (0.25, 0.3, 0.35, 0.4, 0.45):
                grid.append({"lexical_weight": weight, "join_score": join,
                             **pair_scores(replay(records, vectors, weight, join), gold)})
                print(json.dumps(grid[-1]), file=sys.stderr, flush=True)
        result["grid"] = sorted(grid, key=lambda g: -g["f1"])[:15]
    if args.fnc1_calibrate:
        result["fnc1_relatedness"] = fnc1_calibrate(bodies, records)
    print(json.dumps({k: v for k, v in result.items() if k != "grid"}, indent=1), flush=True)
    if args.speed_bodies:
        result["ingest_speed"] = ingest_speed(args.speed_bodies, args.speed_pairs)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "stories.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
