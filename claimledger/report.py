"""The readable report: what ``claimledger analyze`` prints without ``--json``.

Method: a plain-text table fitted to a fixed width (120 columns by default).  Every
cell wraps instead of being cut, so a claim and a speaker's name are always shown
whole; the source and via columns take the width their longest entry needs, up to a
cap, and the claim column takes the rest.  A claim's time and numbers go on a line of
their own under it.  Who speaks is read from the record (docs/OUTPUT.md): a claim
with no source and no cue is the outlet's own voice, "(article)"; one with a cue but
no resolved source is "(speaker unknown)".  The "hedged" footer lists only hedge
words (claimledger/data/lexicons/hedges.tsv, conditionals, evidential adverbs) that
occur in the article's text around the claim, never the cue words of a confirmation
or a denial.
"""
from __future__ import annotations

import re
import textwrap
from .lexicons import hedges as hedge_lexicon
from .record import COARSE_STATUS, Claim, Quantity, Record

WIDTH = 120
ARTICLE_VOICE = "(article)"
SPEAKER_UNKNOWN = "(speaker unknown)"
SOURCE_CAP = 28      # wider names wrap inside the column
VIA_CAP = 18
STATUS_WIDTH = 13    # "hypothetical*"
GAP = "  "
# hedges a claim can carry that are not in the hedge lexicon: conditionals and the
# question mark (DESIGN.md "Status and certainty")
CONDITIONALS = {"if", "unless", "whether", "?", "in case", "provided"}
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
# how far before a claim a hedge on its cue may stand ("X may have said that ...")
CUE_WINDOW = 200


def render_report(record: Record, width: int = WIDTH) -> str:
    """The plain-text report of one record: the article, its headline verdict, the
    cleaning summary, a table of claims, the hedge footer and the sources."""
    a = record.article
    lines = [a.title or "(no headline)",
             f"  id {a.id} · published {a.published or 'unknown'}" + (f" · {a.url}" if a.url else "")]
    if record.headline:
        h = record.headline
        verdict = "OVERSTATED" if h.overstated else "in line with the body"
        lines += _wrap(f"  headline: {h.status}, {verdict}" + (f": {h.reason}" if h.reason else ""), width, "    ")
    if record.removed:
        lines += _wrap(f"  cleaning removed {len(record.removed)} block(s): "
                       + "; ".join(sorted({r.reason for r in record.removed})), width, "    ")
    lines.append("")
    lines += claim_table(record, width)
    lines.append("")
    hedged = [(c.id, shown_hedges(record, c)) for c in record.claims]
    hedged = [(cid, words) for cid, words in hedged if words]
    if hedged:
        lines += _wrap("  * hedged: " + "; ".join(f"{cid} {', '.join(words)}" for cid, words in hedged),
                       width, "    ")
    if record.sources:
        lines += _wrap("  sources: " + "; ".join(
            f"{s.id} {s.name}" + (f" ({s.role})" if s.role else "") + f" [{s.kind}]" for s in record.sources),
            width, "    ")
    return "\n".join(lines)


def claim_table(record: Record, width: int = WIDTH) -> list[str]:
    """The claims as rows of wrapped cells: #, claim, source, via, status; the time
    and the numbers of a claim on an indented line under it."""
    quantities = {q.id: q for q in record.quantities}
    rows = []
    for c in record.claims:
        rows.append((c.id, " ".join(c.text.split()), speaker(record, c),
                     ", ".join(_name(record, v) for v in c.via),
                     c.status + ("*" if shown_hedges(record, c) else ""), details(c, quantities)))
    id_w = max([3] + [len(r[0]) for r in rows])
    src_w = min(SOURCE_CAP, max([len("source")] + [len(r[2]) for r in rows]))
    via_w = min(VIA_CAP, max([len("via")] + [len(r[3]) for r in rows]))
    claim_w = max(20, width - id_w - src_w - via_w - STATUS_WIDTH - 4 * len(GAP))
    widths = [id_w, claim_w, src_w, via_w, STATUS_WIDTH]
    header = _row(["#", "claim", "source", "via", "status"], widths, right_first=True).rstrip()
    out = [header, "-" * min(width, sum(widths) + 4 * len(GAP))]
    for cid, text, who, via, status, detail in rows:
        cells = [[cid], _cell(text, claim_w), _cell(who, src_w), _cell(via, via_w), [status]]
        for k in range(max(len(c) for c in cells)):
            out.append(_row([c[k] if k < len(c) else "" for c in cells], widths, right_first=True).rstrip())
        if detail:
            indent = " " * (id_w + len(GAP))
            out += _wrap(indent + detail, width, indent + "  ")
    return out


def speaker(record: Record, claim: Claim) -> str:
    """Who puts the claim forward, as the record says: a source's name, the
    outlet's own voice (no source, no cue), or an unresolved speaker (a cue whose
    source was not found)."""
    src = record.source(claim.source) if claim.source else None
    if src is not None:
        return src.name
    return SPEAKER_UNKNOWN if claim.cue else ARTICLE_VOICE


def shown_hedges(record: Record, claim: Claim) -> list[str]:
    """The hedge words worth showing for ``claim``: words of the hedge lexicon,
    conditionals and evidential adverbs among ``claim.hedges`` that occur in the
    article around the claim; none for a firm or denied claim, whose "hedges" are
    the cue that confirms or denies."""
    if COARSE_STATUS.get(claim.status) in ("firm", "negated"):
        return []
    text = record.article.text
    window = text[max(0, claim.start - CUE_WINDOW): claim.end + 40].lower().translate(_QUOTES)
    out = []
    for word in claim.hedges:
        w = word.lower().strip().translate(_QUOTES)
        if not w or w in (x.lower() for x in out):
            continue
        # a doubtful claim's status words ("don't know", "claimed") are its hedges;
        # a reported one shows only true hedges ("reportedly"), not its cue ("put")
        doubtful = COARSE_STATUS.get(claim.status) == "doubtful"
        if not ((doubtful or _is_hedge(w)) and _occurs(w, window)):
            continue
        out.append(word)
    return out


def details(claim: Claim, quantities: dict[str, Quantity]) -> str:
    """"when ... · numbers ..." for a claim that has a time or numbers."""
    parts = []
    if claim.time:
        when = claim.time.start or "?"
        if claim.time.end and claim.time.end != claim.time.start:
            when = f"{claim.time.start or '…'}..{claim.time.end}"
        parts.append(f"when {when} ({claim.time.text})" if claim.time.text else f"when {when}")
    nums = [quantity_text(quantities[q]) for q in claim.quantities if q in quantities]
    if nums:
        parts.append("numbers " + ", ".join(nums))
    return " · ".join(parts)


def quantity_text(q: Quantity) -> str:
    """A quantity as bounds: "≥40 containers", "≤~60", "12–15 percent", "~3,000"; a
    fraction shown to four decimals ("~0.3333 mile")."""
    def n(x):
        if float(x).is_integer():
            return f"{int(x):,}"
        short = round(x, 4)         # "a third of a mile": 0.3333, not 0.3333333333333333
        return f"{short:,}" if short else f"{x:,}"
    approx = "~" if q.approximate else ""
    unit = f" {q.unit}" if q.unit else ""
    if q.low is not None and q.high is not None and q.low == q.high:
        return f"{approx}{n(q.low)}{unit}"
    if q.low is not None and q.high is not None:
        return f"{approx}{n(q.low)}–{n(q.high)}{unit}"
    if q.high is not None:
        return f"≤{approx}{n(q.high)}{unit}"
    if q.low is not None:
        return f"≥{approx}{n(q.low)}{unit}"
    return q.text


def _is_hedge(word: str) -> bool:
    lexicon = hedge_lexicon()
    if word in CONDITIONALS:
        return True
    tokens = word.split()
    for tok in tokens:
        for form in (tok, _base(tok)):
            entry = lexicon.get(form)
            if entry and entry[0] != "asserted":
                return True
    return False


def _base(word: str) -> str:
    """A rough base form for matching the lexicon's lemmas ("appears" -> "appear")."""
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ed", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + repl
    return word


def _occurs(word: str, text: str) -> bool:
    if word == "?":
        return "?" in text
    return re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text) is not None


def _cell(text: str, width: int) -> list[str]:
    """``text`` wrapped to ``width``; a word longer than the column is broken after one of
    its hyphens where it has them ("Ministry-of-Emergency-" / "Situations"), else anywhere."""
    long_word = any(len(w) > width for w in text.split())
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=long_word) or [""]


def _row(cells: list[str], widths: list[int], right_first: bool = False) -> str:
    first = f"{cells[0]:>{widths[0]}}" if right_first else f"{cells[0]:<{widths[0]}}"
    return GAP.join([first] + [f"{c:<{w}}" for c, w in zip(cells[1:], widths[1:])])


def _wrap(text: str, width: int, indent: str) -> list[str]:
    return textwrap.wrap(text, width, subsequent_indent=indent, break_on_hyphens=False,
                         drop_whitespace=True) or [""]


def _name(record: Record, sid: str) -> str:
    src = record.source(sid)
    return src.name if src else sid
