"""False refusals of claimledger.language on English news: every FNC-1 body (train and
competition test) and every genre article of ../shared/data/genres is checked; the refused
ones are listed with their reason.  Results: bench/results/language.json.

    .venv/bin/python bench/bench_language.py [--shared ../shared]
"""
from __future__ import annotations

import argparse
import csv
import json
import time
from pathlib import Path

from claimledger.ingest import RawArticle, read_path
from claimledger.language import refusal_kind

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    args = parser.parse_args()
    shared = Path(args.shared)
    csv.field_size_limit(1 << 30)
    started = time.perf_counter()
    result = {"fnc1": {"bodies": 0, "refused": []}, "genres": {"articles": 0, "refused": []}}
    for name in ("train_bodies.csv", "competition_test_bodies.csv"):
        with open(shared / "data/fnc1" / name, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                result["fnc1"]["bodies"] += 1
                refused = refusal_kind(row["articleBody"].strip())
                if refused:
                    result["fnc1"]["refused"].append({"file": name, "body_id": row["Body ID"], "kind": refused[0],
                                                      "reason": refused[1], "start": row["articleBody"][:80]})
    for path in sorted((shared / "data/genres").glob("*")):
        for item in read_path(path) if path.is_file() else ():
            if isinstance(item, RawArticle):
                result["genres"]["articles"] += 1
                refused = refusal_kind(item.text)
                if refused:
                    result["genres"]["refused"].append({"file": path.name, "kind": refused[0], "reason": refused[1]})
    result["seconds"] = round(time.perf_counter() - started, 1)
    (HERE / "results" / "language.json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    print(f"FNC-1: {len(result['fnc1']['refused'])} of {result['fnc1']['bodies']} bodies refused; "
          f"genres: {len(result['genres']['refused'])} of {result['genres']['articles']} articles refused")
    for entry in result["fnc1"]["refused"] + result["genres"]["refused"]:
        print(" ", entry)


if __name__ == "__main__":
    main()
