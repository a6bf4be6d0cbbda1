"""Benchmark: analysis time against article length, 4 kB to 1 MB (issue 12, item 3).

    .venv/bin/python bench/bench_length.py [--sizes 4,16,64,256,1024] [--whole-up-to 64]
                                           [--out bench/results/length.json]

Texts are built by concatenating distinct FNC-1 bodies (../shared/data/fnc1/train_bodies.csv,
in file order, blank line between bodies) up to each size in kB.  Each is analysed once with
`analyze_many` as shipped (long bodies in parts of `pipeline.PART_CHARS`), after a warm-up;
wall and CPU seconds and both per kB.  `--whole-up-to` also analyses the sizes up to that
many kB as one spaCy doc (part size above the length), to show what the parts save.
CPU time is the steadier figure on a shared machine.
"""
import argparse
import csv
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def build_text(bodies: list[str], size: int) -> str:
    parts, n = [], 0
    for body in bodies:
        parts.append(body)
        n += len(body) + 2
        if n >= size:
            break
    text = "\n\n".join(parts)
    if len(text) < size:
        raise SystemExit(f"not enough FNC-1 text for {size} characters")
    return text[:size]


def timed(analyze_many, text: str, part_chars: int) -> dict:
    wall, cpu = time.perf_counter(), time.process_time()
    record = next(analyze_many([text], part_chars=part_chars))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    kb = len(text) / 1000
    return {"kB": round(kb, 1), "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
            "wall_s_per_kB": round(wall / kb, 4), "cpu_s_per_kB": round(cpu / kb, 4),
            "claims": len(record.claims)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="4,16,64,256,1024", help="sizes in kB (1 kB = 1,000 characters)")
    ap.add_argument("--whole-up-to", type=int, default=64, help="also analyse sizes up to this many kB whole")
    ap.add_argument("--out", default=str(ROOT / "bench/results/length.json"))
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from claimledger.pipeline import PART_CHARS, analyze_many
    csv.field_size_limit(10 ** 9)
    with open(SHARED / "data/fnc1/train_bodies.csv", encoding="utf-8", newline="") as f:
        bodies = list(dict.fromkeys(row["articleBody"].strip() for row in csv.DictReader(f)))
    next(analyze_many([bodies[0]]))  # warm: model, lexicons, dateparser
    rows = []
    for kb in (int(x) for x in args.sizes.split(",")):
        text = build_text(bodies, kb * 1000)
        row = {"size_kB": kb, "in_parts": timed(analyze_many, text, PART_CHARS)}
        if kb <= args.whole_up_to:
            row["whole"] = timed(analyze_many, text, len(text) + 1)
        rows.append(row)
        print(json.dumps(row), flush=True)
    cpu = [r["in_parts"]["cpu_s_per_kB"] for r in rows]
    result = {"part_chars": PART_CHARS, "source": "FNC-1 train bodies, concatenated in file order",
              "rows": rows, "cpu_s_per_kB_max_over_min": round(max(cpu) / min(cpu), 2)}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "rows"}, indent=1))


if __name__ == "__main__":
    main()
