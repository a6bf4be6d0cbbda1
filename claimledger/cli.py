"""The ``claimledger`` command: parses arguments, calls the library, prints.

Exit codes: 0 all inputs analysed; 1 some records were skipped (each reported on
stderr with its file and line); 2 bad usage or nothing could be analysed.
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import Iterator, Optional

from . import __version__


def main(argv: Optional[list[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("claimledger: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimledger",
        description="News articles to an auditable ledger of claims: who says what, how firmly, "
                    "with which numbers and when.")
    parser.add_argument("--version", action="version", version=f"claimledger {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add_analyze(sub)
    _add_eval(sub)
    try:
        from .ledger.commands import register
    except ImportError as exc:  # the ledger extra is not installed
        _missing = str(exc)

        def no_ledger(args) -> int:
            print(f"claimledger: the ledger commands need the 'ledger' extra "
                  f"(pip install 'claimledger[ledger]'): {_missing}", file=sys.stderr)
            return 2
        for name in ("ingest", "stats", "claims", "sources", "story", "export"):
            sub.add_parser(name, help="(needs claimledger[ledger])").set_defaults(func=no_ledger)
    else:
        register(sub)
    return parser


# -- analyze ---------------------------------------------------------------------------

def _add_analyze(sub) -> None:
    p = sub.add_parser(
        "analyze", help="analyse articles and print their claim records",
        description="Analyse one or more articles (plain text, HTML, JSON, JSON Lines; '-' reads "
                    "standard input) and print a readable report, or the claimledger/1 record "
                    "with --json / --jsonl.")
    p.add_argument("inputs", nargs="+", metavar="FILE", help="article files, or - for standard input")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true",
                     help="print the record as JSON (a JSON array when there are several)")
    out.add_argument("--jsonl", action="store_true", help="print one record per line")
    p.add_argument("--title", help="the headline (overrides what the input says; '' for none)")
    p.add_argument("--published", metavar="YYYY-MM-DD",
                   help="publication date; relative times resolve against it")
    p.add_argument("--url", help="the article's address")
    p.add_argument("--format", dest="fmt", choices=["txt", "html", "json", "jsonl"],
                   help="input format (default: from the file name, then the content)")
    p.set_defaults(func=run_analyze)


def run_analyze(args) -> int:
    from .ingest import InputError
    from .pipeline import analyze

    if args.published:
        import datetime as dt
        try:
            dt.date.fromisoformat(args.published)
        except ValueError:
            print(f"claimledger: --published must be YYYY-MM-DD, got {args.published!r}", file=sys.stderr)
            return 2
    records, skipped = [], 0
    for item in _articles(args.inputs, args.fmt):
        if isinstance(item, InputError):
            print(f"claimledger: {item}", file=sys.stderr)
            skipped += 1
            continue
        title = args.title if args.title is not None else item.title
        record = analyze(item.text, title=title or None,
                         published=args.published or item.published,
                         url=args.url or item.url)
        if args.jsonl:
            print(record.to_json(indent=None), flush=True)
        elif not args.json:
            print(render_report(record), flush=True)
        records.append(record)
    if args.json and records:
        if len(records) == 1:
            print(records[0].to_json())
        else:
            print(json.dumps([r.to_dict() for r in records], ensure_ascii=False, indent=1))
    if not records:
        if not skipped:
            print("claimledger: no article found in the input", file=sys.stderr)
        return 2
    return 1 if skipped else 0


def _articles(inputs: list[str], fmt: Optional[str]) -> Iterator:
    """Each input's articles, or an InputError for what could not be read."""
    from .ingest import InputError, read_path
    for path in inputs:
        try:
            yield from read_path(path, fmt=fmt)
        except InputError as exc:
            yield exc
        except OSError as exc:
            yield InputError(f"{path}: {exc.strerror or exc}")


# -- readable report ---------------------------------------------------------------------

def render_report(record) -> str:
    """A plain-text report: the article, its headline verdict, then a table of claims."""
    import textwrap
    a = record.article
    lines = [f"{a.title or '(no headline)'}",
             f"  id {a.id} · published {a.published or 'unknown'}" + (f" · {a.url}" if a.url else "")]
    if record.headline:
        h = record.headline
        verdict = "OVERSTATED" if h.overstated else "in line with the body"
        lines.append(f"  headline: {h.status}, {verdict}" + (f": {h.reason}" if h.reason else ""))
    if record.removed:
        lines.append(f"  cleaning removed {len(record.removed)} block(s): "
                     + "; ".join(sorted({r.reason for r in record.removed})))
    lines.append("")
    quantities = {q.id: q for q in record.quantities}
    header = f"{'#':>3}  {'claim':<58}  {'source':<22}  {'status':<12}  {'time':<23}  numbers"
    lines += [header, "-" * len(header)]
    for c in record.claims:
        src = record.source(c.source)
        who = src.name if src else "(article)"
        when = ""
        if c.time:
            when = c.time.start or "?"
            if c.time.end and c.time.end != c.time.start:
                when = f"{c.time.start or '…'}..{c.time.end}"
        nums = ", ".join(_quantity_text(quantities[q]) for q in c.quantities if q in quantities)
        wrapped = textwrap.wrap(" ".join(c.text.split()), 58) or [""]
        status = c.status + ("*" if c.hedges else "")
        lines.append(f"{c.id:>3}  {wrapped[0]:<58}  {who[:22]:<22}  {status:<12}  {when:<23}  {nums}")
        for more in wrapped[1:3]:
            lines.append(f"{'':>3}  {more:<58}")
        if len(wrapped) > 3:
            lines.append(f"{'':>3}  …")
    lines.append("")
    lines.append("  * hedged: " + "; ".join(f"{c.id} {', '.join(c.hedges)}" for c in record.claims if c.hedges)
                 if any(c.hedges for c in record.claims) else "")
    if record.sources:
        lines.append("  sources: " + "; ".join(
            f"{s.id} {s.name}" + (f" ({s.role})" if s.role else "") + f" [{s.kind}]" for s in record.sources))
    return "\n".join(l for l in lines if l is not None)


def _quantity_text(q) -> str:
    def n(x):
        return f"{int(x):,}" if float(x).is_integer() else f"{x:,}"
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


# -- eval --------------------------------------------------------------------------------

def _add_eval(sub) -> None:
    p = sub.add_parser("eval", help="run the pipeline over an evaluation set and score it",
                       description="Evaluate against external annotations. Predictions are written with "
                                   "--out; the scorer's figures are printed when tools/score_*.py is found "
                                   "in a folder above the data.")
    esub = p.add_subparsers(title="datasets", metavar="DATASET")
    pol = esub.add_parser("polnear", help="attribution relations on a PolNeAR folder (NAME.txt + NAME.ann)")
    pol.add_argument("folder", help="folder of NAME.txt + NAME.ann (brat standoff) pairs")
    pol.add_argument("--out", help="write predictions here (JSON Lines) as well")
    pol.set_defaults(func=run_eval_polnear)
    fac = esub.add_parser("factuality", help="event factuality on a MEANTIME-style JSON Lines file")
    fac.add_argument("file", help='JSON Lines: {"id", "text", "events": [{"token", "char_start", "char_end"}]}')
    fac.add_argument("--out", help="write predictions here (JSON Lines) as well")
    fac.set_defaults(func=run_eval_factuality)


def run_eval_polnear(args) -> int:
    from .evaluate import polnear
    return polnear.main(args.folder, args.out)


def run_eval_factuality(args) -> int:
    from .evaluate import factuality
    return factuality.main(args.file, args.out)


if __name__ == "__main__":
    sys.exit(main())
