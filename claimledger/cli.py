"""The ``claimledger`` command: parses arguments, calls the library, prints.

Exit codes (see claimledger.errors): 0 all inputs analysed; 1 some records were skipped
(each reported on stderr with its file and line); 2 bad usage or nothing could be done;
130 interrupted.  Every expected failure is one ``claimledger: ...`` line on stderr;
``--debug`` (anywhere on the command line) adds the traceback.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Iterator, Optional

from . import __version__
from .errors import EXIT_INTERRUPTED, EXIT_USAGE, describe


class OneLineParser(argparse.ArgumentParser):
    """argparse with a one-line error: ``claimledger: argument --limit: must be at least 1``."""

    def error(self, message: str):
        print(f"claimledger: {message} (see `{self.prog} --help`)", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def main(argv: Optional[list[str]] = None) -> int:
    """Run one command: the error boundary of the whole program."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv or os.environ.get("CLAIMLEDGER_DEBUG") == "1"
    argv = [a for a in argv if a != "--debug"]
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("claimledger: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader went away (| head): stop quietly, and keep Python's exit flush quiet too
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:
        return _report_failure(error, args, debug)


def _report_failure(error: BaseException, args, debug: bool) -> int:
    """One line for the user; the traceback only with --debug."""
    if debug:
        import traceback
        traceback.print_exc()
    db = getattr(args, "db", None) or os.environ.get("CLAIMLEDGER_DB") or (
        "sqlite:///claimledger.db" if hasattr(args, "db") else None)
    described = describe(error, db)
    if described is None:
        first = str(error).strip().splitlines()[0] if str(error).strip() else ""
        message = (f"internal error ({type(error).__name__}{': ' + first[:200] if first else ''}); "
                   "run again with --debug for the traceback and please report it")
        code = EXIT_USAGE
    else:
        message, code = described
    print(f"claimledger: {message}", file=sys.stderr)
    return code


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="claimledger",
        description="News articles to an auditable ledger of claims: who says what, how firmly, "
                    "with which numbers and when.",
        epilog="Exit codes: 0 done; 1 some records skipped (each named on stderr); 2 bad usage or "
               "nothing done; 130 interrupted.  Limits: see README, 'Limits and failure behaviour'.")
    parser.add_argument("--version", action="version", version=f"claimledger {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="show the Python traceback of a failure (accepted anywhere on the line)")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add_analyze(sub)
    _add_eval(sub)
    from .batch.cli import register as register_batch
    register_batch(sub)  # batch (Ray, pyarrow load only when it runs)
    try:
        from .ledger.commands import register
    except ImportError as exc:  # the ledger extra is not installed
        _missing = str(exc)

        def no_ledger(args) -> int:
            print(f"claimledger: the ledger commands need the 'ledger' extra "
                  f"(pip install 'claimledger[ledger]'): {_missing}", file=sys.stderr)
            return 2
        for name in ("ingest", "stats", "claims", "sources", "stories", "story", "restory", "export"):
            sub.add_parser(name, help="(needs claimledger[ledger])").set_defaults(func=no_ledger)
    else:
        register(sub)
        from .ledger.watch import register as register_watch
        from .web.commands import register as register_serve
        register_watch(sub)  # watch, alerts
        register_serve(sub)  # serve (checks for the web extra when run)
    return parser


# -- analyze ---------------------------------------------------------------------------

def _add_analyze(sub) -> None:
    from .arguments import iso_date, web_url
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
    p.add_argument("--published", metavar="YYYY-MM-DD", type=iso_date,
                   help="publication date; relative times resolve against it")
    p.add_argument("--url", type=web_url, help="the article's address (http or https)")
    p.add_argument("--format", dest="fmt", choices=["txt", "html", "json", "jsonl"],
                   help="input format (default: from the file name, then the content)")
    p.set_defaults(func=run_analyze)


def run_analyze(args) -> int:
    """Analyse each input; a record that cannot be analysed (unreadable, not English, no
    article body, nothing left after cleaning) is one error line and does not stop the rest."""
    from .ingest import InputError
    from .language import refusal

    records, skipped = [], 0
    for item in _articles(args.inputs, args.fmt):
        if isinstance(item, InputError):
            print(f"claimledger: {item}", file=sys.stderr)
            skipped += 1
            continue
        reason = refusal(item.text)
        if reason:
            print(f"claimledger: {item.origin or 'input'}: {reason}", file=sys.stderr)
            skipped += 1
            continue
        for warning in item.warnings:
            print(f"claimledger: warning: {warning}", file=sys.stderr)
        from .pipeline import analyze  # spaCy loads only when there is something to analyse
        title = args.title if args.title is not None else item.title
        record = analyze(item.text, title=title or None,
                         published=args.published or item.published,
                         url=args.url or item.url)
        if not record.article.text.strip():
            removed = ", ".join(sorted({r.reason for r in record.removed})) or "nothing readable"
            print(f"claimledger: {item.origin or 'input'}: nothing left to analyse after cleaning "
                  f"(removed: {removed})", file=sys.stderr)
            skipped += 1
            continue
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
    from .errors import describe_os_error
    from .ingest import InputError, read_path
    for path in inputs:
        try:
            yield from read_path(path, fmt=fmt)
        except InputError as exc:
            yield exc
        except OSError as exc:
            yield InputError(describe_os_error(exc, path))


# -- readable report: claimledger/report.py -------------------------------------------

from .report import render_report  # noqa: E402  (kept importable as cli.render_report)


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
    fnc = esub.add_parser("fnc1", help="stance of bodies towards headlines on FNC-1 (zero-shot, from the claims)",
                          description="Predict agree / disagree / discuss / unrelated for each headline-body "
                                      "pair of FNC-1 from the claim record (no training on the labels); "
                                      "print the official FNC score, macro-F1 and per-class F1 when the "
                                      "stances file has a Stance column (read only for scoring).")
    fnc.add_argument("bodies", help="bodies CSV (Body ID, articleBody)")
    fnc.add_argument("stances", help="stances CSV (Headline, Body ID[, Stance])")
    fnc.add_argument("--out", help="write predictions here (CSV: Headline,Body ID,Stance)")
    fnc.add_argument("--cache", help="JSON Lines file of analyses, reused across runs")
    fnc.set_defaults(func=run_eval_fnc1)


def run_eval_polnear(args) -> int:
    from .evaluate import polnear
    return polnear.main(args.folder, args.out)


def run_eval_factuality(args) -> int:
    from .evaluate import factuality
    return factuality.main(args.file, args.out)


def run_eval_fnc1(args) -> int:
    from .evaluate import fnc1
    return fnc1.main(args.bodies, args.stances, args.out, args.cache)


if __name__ == "__main__":
    sys.exit(main())
