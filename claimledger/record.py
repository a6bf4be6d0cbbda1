"""The article record: the `claimledger/1` contract, typed, in one place.

Every producer (CLI, API, store, exports) builds and reads this record.  Offsets are
Python ``str`` character offsets into ``Article.text``, end exclusive.  The JSON form
is exactly ``docs/OUTPUT.md``; ``to_dict``/``from_dict`` round-trip it unchanged.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Optional

SCHEMA = "claimledger/1"

STATUSES = (
    "asserted", "confirmed", "reported", "estimated", "alleged",
    "speculated", "hypothetical", "denied", "uncertain",
)
COARSE_STATUS = {
    "asserted": "firm", "confirmed": "firm",
    "reported": "reported", "estimated": "reported",
    "alleged": "doubtful", "speculated": "doubtful", "hypothetical": "doubtful", "uncertain": "doubtful",
    "denied": "negated",
}
SOURCE_KINDS = ("person", "organization", "government", "media", "group", "unnamed")
CLAIM_KINDS = ("direct", "indirect", "mixed", "unattributed")


def article_id(text: str) -> str:
    """sha256 of the cleaned text, first 16 hex digits (the contract's article id)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Article:
    id: str
    text: str
    title: Optional[str] = None
    published: Optional[str] = None
    url: Optional[str] = None
    language: str = "en"


@dataclass
class Removed:
    text: str
    reason: str


@dataclass
class Source:
    id: str
    name: str
    role: Optional[str] = None
    kind: str = "unnamed"
    mentions: list[str] = field(default_factory=list)


@dataclass
class TimeRef:
    text: str
    start: Optional[str] = None
    end: Optional[str] = None


@dataclass
class Claim:
    id: str
    text: str
    start: int
    end: int
    source: Optional[str] = None
    via: list[str] = field(default_factory=list)
    cue: Optional[str] = None
    kind: str = "unattributed"
    status: str = "asserted"
    certainty: float = 3.0
    hedges: list[str] = field(default_factory=list)
    time: Optional[TimeRef] = None
    quantities: list[str] = field(default_factory=list)


@dataclass
class Quantity:
    id: str
    text: str
    low: Optional[float] = None
    high: Optional[float] = None
    approximate: bool = False
    unit: Optional[str] = None
    claim: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None


@dataclass
class Headline:
    text: str
    status: str = "asserted"
    overstated: bool = False
    reason: Optional[str] = None


@dataclass
class Record:
    article: Article
    removed: list[Removed] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    headline: Optional[Headline] = None
    schema: str = SCHEMA

    # -- JSON form -------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        out = {"schema": d.pop("schema")}
        out.update(d)
        for q in out["quantities"]:
            for k in ("low", "high"):
                if isinstance(q[k], float) and q[k].is_integer():
                    q[k] = int(q[k])
        return out

    def to_json(self, indent: Optional[int] = 1) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Record":
        if d.get("schema") != SCHEMA:
            raise ValueError(f"not a {SCHEMA} record: schema={d.get('schema')!r}")
        claims = []
        for c in d.get("claims", []):
            c = dict(c)
            if c.get("time") is not None:
                c["time"] = TimeRef(**c["time"])
            claims.append(_build(Claim, c))
        head = d.get("headline")
        return cls(
            article=_build(Article, d["article"]),
            removed=[_build(Removed, r) for r in d.get("removed", [])],
            sources=[_build(Source, s) for s in d.get("sources", [])],
            claims=claims,
            quantities=[_build(Quantity, q) for q in d.get("quantities", [])],
            headline=_build(Headline, head) if head else None,
        )

    @classmethod
    def from_json(cls, s: str) -> "Record":
        return cls.from_dict(json.loads(s))

    def source(self, source_id: Optional[str]) -> Optional[Source]:
        return next((s for s in self.sources if s.id == source_id), None)


def _build(cls, d: dict[str, Any]):
    """Build a dataclass from a dict, ignoring keys this version does not know."""
    names = {f.name for f in fields(cls)}
    return cls(**{k: v for k, v in d.items() if k in names})
