"""brat standoff: ``<article id>.txt`` (the cleaned text) and ``<article id>.ann`` per article.

The annotation scheme follows PolNeAR's attribution triples (source, cue, content) in
brat form:
- ``T`` lines: ``Content`` (each claim, at its offsets), ``Cue`` (the cue as written,
  the occurrence nearest the claim), ``Source`` (the occurrence of one of the source's
  mentions nearest the claim) and ``Quantity``;
- ``A`` lines: ``Status`` and ``Kind`` of each Content;
- ``R`` lines: ``Source`` and ``Cue`` relations from a Content to its Source and Cue.
A span that crosses a newline is written as brat fragments (``start end;start end``),
since a ``.ann`` line cannot hold a newline.  ``annotation.conf`` declares the scheme.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Optional

from claimledger.record import STATUSES, CLAIM_KINDS, Record

ANNOTATION_CONF = """[entities]
Content
Cue
Source
Quantity

[relations]
Source\tArg1:Content, Arg2:Source
Cue\tArg1:Content, Arg2:Cue
Quantity\tArg1:Content, Arg2:Quantity

[events]

[attributes]
Status\tArg:Content, Value:{statuses}
Kind\tArg:Content, Value:{kinds}
""".format(statuses="|".join(STATUSES), kinds="|".join(CLAIM_KINDS))

CUE_WINDOW = 400  # characters either side of a claim searched for its cue


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span split at newlines into non-empty fragments (brat's discontinuous spans)."""
    out = []
    pos = start
    for piece in text[start:end].split("\n"):
        piece_start, piece_end = pos, pos + len(piece)
        # brat fragments should not begin or end in whitespace
        while piece_start < piece_end and text[piece_start].isspace():
            piece_start += 1
        while piece_end > piece_start and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > piece_start:
            out.append((piece_start, piece_end))
        pos += len(piece) + 1
    return out


def nearest(text: str, needle: str, start: int, end: int, window: Optional[int] = None) -> Optional[tuple[int, int]]:
    """The occurrence of ``needle`` (as whole words) nearest the span [start, end)."""
    if not needle or not needle.strip():
        return None
    pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
    lo = 0 if window is None else max(0, start - window)
    hi = len(text) if window is None else min(len(text), end + window)
    outside, inside = [], []
    for match in pattern.finditer(text, lo, hi):
        if match.start() >= start and match.end() <= end:
            # inside the content: its own words, used only when nothing outside matches
            # (a content may wrap around its cue: "The birth, she said, is expected ...")
            inside.append((match.start(), match.end()))
            continue
        distance = start - match.end() if match.end() <= start else match.start() - end
        outside.append((abs(distance), (match.start(), match.end())))
    if outside:
        return min(outside)[1]
    return inside[0] if inside else None


class _Ann:
    """Numbered brat lines for one document."""

    def __init__(self, text: str):
        self.text = text
        self.lines: list[str] = []
        self.t = self.a = self.r = 0
        self.spans: dict[tuple[str, int, int], str] = {}

    def entity(self, label: str, start: int, end: int) -> Optional[str]:
        key = (label, start, end)
        if key in self.spans:
            return self.spans[key]
        pieces = fragments(self.text, start, end)
        if not pieces:
            return None
        self.t += 1
        tid = f"T{self.t}"
        offsets = ";".join(f"{s} {e}" for s, e in pieces)
        surface = " ".join(self.text[s:e] for s, e in pieces)
        self.lines.append(f"{tid}\t{label} {offsets}\t{surface}")
        self.spans[key] = tid
        return tid

    def attribute(self, name: str, target: str, value: str) -> None:
        self.a += 1
        self.lines.append(f"A{self.a}\t{name} {target} {value}")

    def relation(self, label: str, arg1: str, arg2: str) -> None:
        self.r += 1
        self.lines.append(f"R{self.r}\t{label} Arg1:{arg1} Arg2:{arg2}")


def brat_ann(record: Record) -> str:
    """The ``.ann`` text of one record."""
    text = record.article.text
    ann = _Ann(text)
    quantities = {q.id: q for q in record.quantities}
    for claim in record.claims:
        content = ann.entity("Content", claim.start, claim.end)
        if content is None:
            continue
        ann.attribute("Status", content, claim.status)
        ann.attribute("Kind", content, claim.kind)
        source = record.source(claim.source)
        if source is not None:
            forms = sorted(set(source.mentions) | {source.name}, key=len, reverse=True)
            spans = [s for s in (nearest(text, f, claim.start, claim.end) for f in forms) if s]
            if spans:
                s, e = min(spans, key=lambda sp: min(abs(sp[0] - claim.end), abs(claim.start - sp[1])))
                tid = ann.entity("Source", s, e)
                if tid:
                    ann.relation("Source", content, tid)
        if claim.cue:
            span = nearest(text, claim.cue, claim.start, claim.end, CUE_WINDOW)
            tid = ann.entity("Cue", *span) if span else None
            if tid:
                ann.relation("Cue", content, tid)
        for qid in claim.quantities:
            tid = _quantity_entity(ann, quantities.get(qid), claim.start, claim.end)
            if tid:
                ann.relation("Quantity", content, tid)
    for q in record.quantities:
        if not q.claim:
            _quantity_entity(ann, q, 0, len(text))
    return "\n".join(ann.lines) + ("\n" if ann.lines else "")


def _quantity_entity(ann: _Ann, q, start: int, end: int) -> Optional[str]:
    if q is None:
        return None
    if q.start is not None and q.end is not None:
        return ann.entity("Quantity", q.start, q.end)
    index = ann.text.find(q.text, start, end) if q.text else -1
    if index < 0 and q.text:
        index = ann.text.find(q.text)
    return ann.entity("Quantity", index, index + len(q.text)) if index >= 0 else None


def write_brat(records: Iterable[Record], directory: Path) -> int:
    """Write ``.txt``/``.ann`` pairs and ``annotation.conf`` into ``directory``; returns the
    number of documents."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "annotation.conf").write_text(ANNOTATION_CONF, encoding="utf-8")
    n = 0
    for record in records:
        stem = record.article.id
        # newline="" keeps "\r\n" and friends as written: brat offsets count every character
        with open(directory / f"{stem}.txt", "w", encoding="utf-8", newline="") as fh:
            fh.write(record.article.text)
        (directory / f"{stem}.ann").write_text(brat_ann(record), encoding="utf-8")
        n += 1
    return n
