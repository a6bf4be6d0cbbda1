"""Genre development gold set: 32 hand-annotated news excerpts (tests/gold/genres).

Eight genres x four real excerpts from ../shared/data/genres (politics, business, science,
crime and courts, disasters, sports, tabloid, opinion), annotated by reading the texts before
the tool was run on them (issue 8, item 1). The gold files keep only short keys; the texts are
read from ../shared at test time and never copied into the repository.

Each excerpt is analysed exactly as `claimledger analyze FILE --json --published DATE` does it
(read_path -> analyze, in this process so spaCy loads once; one file also goes through the real
CLI to prove the two agree), scored with ../shared/tools/score_gold.py (imported, so the check
here and the scorer cannot disagree), and summarised into bench/results/genre_gold.json:
per article, the average, per-genre averages, per-area sums and a speaker accuracy.

Also runnable as a script, to score predictions made elsewhere (the starting figure was measured
this way on commit d6900bf, see BENCHMARKS.md), where DIR holds NAME.json, the output of
`claimledger analyze ../shared/data/genres/NAME.txt --json --published DATE --url URL`:

    python tests/test_genre_gold.py --predictions DIR --out bench/results/genre_gold_baseline.json

or to analyse in process with the claimledger found on PYTHONPATH (e.g. a worktree of HEAD):

    PYTHONPATH=WORKTREE python tests/test_genre_gold.py --out bench/results/genre_gold.json --label HEAD
"""
import argparse
import datetime
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "gold" / "genres"
SHARED = ROOT.parent / "shared"
TEXTS = SHARED / "data" / "genres"
SCORER = SHARED / "tools" / "score_gold.py"
RESULTS = ROOT / "bench" / "results" / "genre_gold.json"

EXPECTED_ARTICLES = 32
GENRES = ("politics", "business", "science", "crime", "disaster", "sports", "tabloid", "opinion")
KINDS = {"direct", "indirect", "mixed", "unattributed"}
# The average is 0.953 (round 5, 2026-11-30; d6900bf started at 0.802), less a small margin; issue 8's target is 0.90.
SCORE_FLOOR = 0.945
# A README table row: | file | genre | outlet | url | date (note) | ...
README_ROW = re.compile(r"^\|\s*(\d\d-[a-z0-9-]+)\.txt\s*\|\s*(\w+)\s*\|[^|]*\|\s*(\S+)\s*\|\s*(\d{4}-\d{2}-\d{2})")


def gold_paths():
    """The gold files, in file order (NN-genre-slug.gold.json)."""
    return sorted(GOLD_DIR.glob("*.gold.json"))


def stem_of(gold_path):
    return gold_path.name[:-len(".gold.json")]


def genre_of(stem):
    return stem.split("-")[1]


def load_scorer():
    """Import ../shared/tools/score_gold.py as a module (score, Report, fold, COARSE)."""
    spec = importlib.util.spec_from_file_location("score_gold", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def readme_table():
    """Method: parse the genres README table: {stem: (genre, url, date)}."""
    rows = {}
    for line in (TEXTS / "README.md").read_text(encoding="utf-8").splitlines():
        m = README_ROW.match(line)
        if m:
            rows[m.group(1)] = (m.group(2), m.group(3), m.group(4))
    return rows


@pytest.fixture(scope="module")
def genres():
    """Scorer and README table from ../shared; skip the module's tests when it is absent."""
    if not (TEXTS / "README.md").is_file() or not SCORER.is_file():
        pytest.skip("../shared (genre excerpts and scorer) is not beside the checkout")
    return load_scorer(), readme_table()


# -- the gold files ------------------------------------------------------------------------

def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_date(value):
    return isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) and datetime.date.fromisoformat(value)


def gold_problems(gold, text, scorer):
    """Method: every key and fragment occurs in the folded body; labels, ids, dates and numbers are valid."""
    body = scorer.fold(text.split("\n", 1)[1])
    claims, quantities = gold["claims"], gold.get("quantities", [])
    ids = [c["id"] for c in claims] + [q["id"] for q in quantities]
    problems = [f"duplicate id {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    claim_ids = {c["id"] for c in claims}
    for c in claims:
        cid = c["id"]
        if not c.get("keys") or not all(isinstance(k, str) and k.strip() for k in c["keys"]):
            problems.append(f"{cid}: keys must be non-empty strings")
        problems += [f"{cid}: key not in body: {k!r}" for k in c.get("keys", []) if scorer.fold(k) not in body]
        if not c.get("status") or any(s not in scorer.COARSE for s in c["status"]):
            problems.append(f"{cid}: invalid status {c.get('status')!r}")
        if not c.get("kind") or any(k not in KINDS for k in c["kind"]):
            problems.append(f"{cid}: invalid kind {c.get('kind')!r}")
        if not isinstance(c.get("source"), list):
            problems.append(f"{cid}: source must be a list ([] for the article's own voice)")
        if c.get("same_source_as") is not None and c["same_source_as"] not in claim_ids:
            problems.append(f"{cid}: same_source_as unknown id {c['same_source_as']!r}")
        for bound in ("start", "end"):
            problems += [f"{cid}: bad date {v!r}" for v in (c.get("time") or {}).get(bound, []) if not check_date(v)]
    for q in quantities:
        if "alternatives" in q:
            ok = all(alt and all(set(w) == {"low", "high"} and any(is_number(w[b]) for b in w) for w in alt)
                     for alt in q["alternatives"])
        else:
            values = q.get("low", []) + q.get("high", [])
            ok = bool(q.get("low")) and bool(q.get("high")) and all(v is None or is_number(v) for v in values) \
                and any(is_number(v) for v in values)
        if not ok:
            problems.append(f"{q['id']}: malformed low/high")
        if q.get("claim") is not None and q["claim"] not in claim_ids:
            problems.append(f"{q['id']}: claim {q['claim']!r} unknown")
    if not all(isinstance(n, int) for n in gold.get("forbidden_quantities", [])):
        problems.append("forbidden_quantities must be integers")
    for fragment in gold.get("text_must_keep", []) + gold.get("removed_must_include", []):
        if scorer.fold(fragment) not in body:
            problems.append(f"fragment not in body: {fragment!r}")
    if gold.get("headline") is not None and not isinstance(gold["headline"].get("overstated"), bool):
        problems.append("headline.overstated must be true or false")
    return problems


def test_gold_files_are_well_formed(genres):
    """32 gold files, four per genre; keys occur in the texts; dates agree with the genres README."""
    scorer, table = genres
    paths = gold_paths()
    assert len(paths) == EXPECTED_ARTICLES, [p.name for p in paths]
    per_genre = {}
    problems = []
    for path in paths:
        stem = stem_of(path)
        gold = json.loads(path.read_text(encoding="utf-8"))
        assert gold["doc"] == f"genres/{stem}.txt"
        genre, _url, date = table[stem]
        assert genre_of(stem) == genre and genre in GENRES
        assert gold["published"] == date, f"{stem}: published {gold['published']} but the README says {date}"
        per_genre[genre] = per_genre.get(genre, 0) + 1
        text = (TEXTS / f"{stem}.txt").read_text(encoding="utf-8")
        problems += [f"{stem}: {p}" for p in gold_problems(gold, text, scorer)]
    assert per_genre == {g: 4 for g in GENRES}
    assert not problems, "\n".join(problems)


# -- analysing and scoring -----------------------------------------------------------------

def analyze_file(path, published, url):
    """What `claimledger analyze FILE --json --published DATE --url URL` prints, as a dict (in process)."""
    from claimledger.ingest import read_path
    from claimledger.pipeline import analyze
    [item] = list(read_path(str(path)))
    return analyze(item.text, title=item.title, published=published, url=url).to_dict()


def run_cli(path, published, url):
    """The real CLI on one file: its JSON record."""
    done = subprocess.run([sys.executable, "-m", "claimledger.cli", "analyze", str(path), "--json",
                           "--published", published, "--url", url], capture_output=True, text=True, cwd=ROOT,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def score_one(scorer, gold, record):
    """Method: the shared scorer's checks on one record, plus speaker accuracy over attributed gold claims.

    Speaker accuracy (issue 8): of the required gold claims with a named or described source (non-empty
    `source`), the share whose matched predicted claim has a matching source; a claim not found counts
    as wrong. `speaker_of_found` is the same share among the claims that were found."""
    rep = scorer.Report()
    precision, extras, n_gold = scorer.score(gold, record, rep)
    ok = {name: passed for _area, name, passed, _detail in rep.rows}
    attributed = [c["id"] for c in gold["claims"] if c["source"] and not c.get("optional")]
    found = [cid for cid in attributed if ok.get(f"{cid} found")]
    right = [cid for cid in attributed if ok.get(f"{cid} source")]
    areas = {}
    for area, _name, passed, _detail in rep.rows:
        acc = areas.setdefault(area, [0, 0])
        acc[0] += passed
        acc[1] += 1
    passed, total = rep.summary()
    return {"passed": passed, "total": total, "score": round(passed / total, 4),
            "claim_precision": round(precision, 4), "extra_claims": extras, "predicted_claims": len(record.get("claims", [])),
            "areas": areas, "attributed": len(attributed), "attributed_found": len(found),
            "speaker_right": len(right), "speaker_right_of_found": len([c for c in right if c in found]),
            "failures": [f"{area} {name} {detail}".strip() for area, name, passed, detail in rep.rows if not passed]}


def summarize(rows, label):
    """Method: macro average of per-article ratios, per-genre macro averages, micro totals, area sums,
    speaker accuracy (micro over all attributed gold claims)."""
    areas = {}
    for row in rows:
        for area, (p, t) in row["areas"].items():
            acc = areas.setdefault(area, [0, 0])
            acc[0] += p
            acc[1] += t
    per_genre = {}
    for genre in GENRES:
        scores = [r["score"] for r in rows if r["genre"] == genre]
        if scores:
            per_genre[genre] = round(sum(scores) / len(scores), 4)
    attributed = sum(r["attributed"] for r in rows)
    found = sum(r["attributed_found"] for r in rows)
    right = sum(r["speaker_right"] for r in rows)
    return {"gold": "tests/gold/genres", "code": label, "articles": len(rows),
            "average": round(sum(r["score"] for r in rows) / len(rows), 4),
            "micro": round(sum(r["passed"] for r in rows) / sum(r["total"] for r in rows), 4),
            "per_genre": per_genre, "areas": areas,
            "speaker_accuracy": round(right / attributed, 4) if attributed else None,
            "attributed_content_found": round(found / attributed, 4) if attributed else None,
            "speaker_accuracy_of_found": round(sum(r["speaker_right_of_found"] for r in rows) / found, 4) if found else None,
            "attributed_claims": attributed, "per_article": rows}


def score_all(scorer, records):
    """records: {stem: record}; one row per gold file, in file order."""
    rows = []
    for path in gold_paths():
        stem = stem_of(path)
        gold = json.loads(path.read_text(encoding="utf-8"))
        rows.append({"article": stem, "genre": genre_of(stem), **score_one(scorer, gold, records[stem])})
    return rows


def print_table(summary):
    print(f"\n{'article':44} {'score':>6} {'passed':>9} {'prec':>5} {'speaker':>8}")
    for r in summary["per_article"]:
        print(f"{r['article'][:44]:44} {r['score']:>6.3f} {r['passed']:>4}/{r['total']:<4} {r['claim_precision']:>5.2f} "
              f"{r['speaker_right']:>3}/{r['attributed']:<3}")
    print(f"average {summary['average']:.3f}  micro {summary['micro']:.3f}  speaker accuracy "
          f"{summary['speaker_accuracy']}  (content found {summary['attributed_content_found']})")
    print("per genre", summary["per_genre"])
    print("areas", summary["areas"])


@pytest.fixture(scope="module")
def records(genres):
    """Every excerpt analysed once in this process, as the CLI would with its README date and URL."""
    importlib.import_module("claimledger.cli")  # a broken pipeline fails here: it must not skip
    _scorer, table = genres
    out = {}
    for path in gold_paths():
        stem = stem_of(path)
        _genre, url, date = table[stem]
        out[stem] = analyze_file(TEXTS / f"{stem}.txt", date, url)
    return out


def test_in_process_record_is_the_cli_record(genres, records):
    """The in-process analysis used for scoring gives exactly what the real CLI prints (one excerpt)."""
    _scorer, table = genres
    stem = stem_of(gold_paths()[1])
    _genre, url, date = table[stem]
    assert run_cli(TEXTS / f"{stem}.txt", date, url) == records[stem]


def test_genre_gold_scores(genres, records):
    """Score all 32 excerpts, write bench/results/genre_gold.json, check the floor."""
    scorer, _table = genres
    summary = summarize(score_all(scorer, records), "working tree")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print_table(summary)
    assert summary["articles"] == EXPECTED_ARTICLES
    assert summary["average"] >= SCORE_FLOOR


def main(argv=None):
    """Score the genre gold set outside pytest: CLI predictions made elsewhere (--predictions DIR of
    NAME.json), or an in-process analysis with whichever claimledger is importable (PYTHONPATH)."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--predictions", type=Path, help="folder of NAME.json CLI records")
    parser.add_argument("--out", required=True, type=Path, help="summary JSON to write")
    parser.add_argument("--label", default="predictions", help="what code made the records")
    args = parser.parse_args(argv)
    table = readme_table()
    if args.predictions:
        recs = {stem_of(p): json.loads((args.predictions / f"{stem_of(p)}.json").read_text(encoding="utf-8"))
                for p in gold_paths()}
    else:
        import claimledger
        print(f"analysing with {Path(claimledger.__file__).parent}", file=sys.stderr)
        recs = {stem_of(p): analyze_file(TEXTS / f"{stem_of(p)}.txt", table[stem_of(p)][2], table[stem_of(p)][1])
                for p in gold_paths()}
    summary = summarize(score_all(load_scorer(), recs), args.label)
    args.out.write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print_table(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
