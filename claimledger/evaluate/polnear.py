"""``claimledger eval polnear DIR``: attribution relations on PolNeAR-style brat folders.

The attribution stage of the pipeline (:func:`claimledger.attribution.extract_attributions`
over :func:`claimledger.nlp.parse`) runs on each ``NAME.txt`` as written (PolNeAR texts
carry no scraper boilerplate, so cleaning, which would move offsets, is not applied);
each relation becomes one line ``{"doc", "source", "cue", "content"}`` with character
offsets into the file read with ``newline=""``.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator, Optional

from . import find_scorer, run_scorer, write_predictions


def predict(text: str) -> list[dict]:
    """Attribution relations of one text as scorer dicts (no ``doc`` key)."""
    from ..nlp import parse
    doc = parse(text)
    atts = doc._.attributions  # set by the claimledger_attribution component
    rows: dict[int, dict] = {}
    for att in atts:
        if att.cue is None:
            continue
        if att.parent is not None and id(att.parent) in rows:
            # PolNeAR keeps a continued quote in the same relation (Content2)
            rows[id(att.parent)]["content"] += [list(c) for c in att.content if c[1] > c[0]]
            continue
        rows[id(att)] = {
            "source": [list(att.source)] if att.source else [],
            "cue": [list(att.cue)],
            "content": [list(c) for c in att.content if c[1] > c[0]],
        }
    return list(rows.values())


def iter_predictions(folder: str) -> Iterator[dict]:
    """Predictions for every ``NAME.txt`` in ``folder`` that has a ``NAME.ann``."""
    for txt in sorted(Path(folder).glob("*.txt")):
        if not txt.with_suffix(".ann").exists():
            continue
        with open(txt, encoding="utf-8", newline="") as f:
            text = f.read()
        for rel in predict(text):
            yield {"doc": txt.stem, **rel}


def main(folder: str, out: Optional[str] = None, scorer: Optional[str] = None) -> int:
    if not Path(folder).is_dir():
        print(f"claimledger: {folder}: not a folder", file=sys.stderr)
        return 2
    preds = list(iter_predictions(folder))
    target = write_predictions(preds, out)
    print(f"{len(preds)} attributions written to {target}", file=sys.stderr)
    path = Path(scorer) if scorer else find_scorer(folder, "score_attributions.py")
    return run_scorer(path, [folder, str(target)])
