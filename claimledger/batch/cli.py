"""``claimledger batch``: registered on the CLI by ``register(subparsers)``."""
from __future__ import annotations

import json
import os
import sys


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "batch", help="analyse many articles on worker processes or Ray into a folder (Parquet or JSON Lines)",
        description="Analyse inputs (files, folders, JSON Lines, CSV, WARC, RSS/Atom, HTML, text) on local "
                    "worker processes or a Ray cluster and write the records to --out: Parquet (an articles "
                    "table with each record as JSON, and a flat claims table) or JSON Lines (the records "
                    "'analyze --jsonl' prints). Inputs already in --out are skipped; what cannot be read or "
                    "analysed goes to OUT/errors.jsonl. Load the folder into a ledger with "
                    "'claimledger ingest OUT'. Exit codes: 0 all written, 1 some inputs in errors.jsonl, "
                    "2 bad usage or nothing written, 130 interrupted (re-run to finish).")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders (walked recursively)")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (created; re-runs add to it)")
    p.add_argument("--engine", choices=("local", "ray"), default="local",
                   help="local: worker processes on this machine (default); ray: Ray actors")
    p.add_argument("--address", metavar="ADDRESS",
                   help="with --engine ray: an existing Ray cluster (e.g. ray://head:10001 or auto); "
                        "default: start Ray on this machine")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                   help="worker processes or Ray actors, each loading spaCy once (default: CPU count)")
    p.add_argument("--format", dest="out_format", choices=("parquet", "jsonl"), default="parquet",
                   help="output format (default: parquet)")
    p.add_argument("--input-format", default=None,
                   help="force the input format (txt, html, json, jsonl, csv, tsv, warc, feed); "
                        "default: by extension, then content")
    p.add_argument("--text-column", default=None, help="CSV: the column holding the article text")
    p.add_argument("--id-column", default=None, help="CSV: the column holding a record id (used in origins)")
    p.add_argument("--json", action="store_true", help="print the closing summary as JSON on stdout")
    p.set_defaults(func=cmd_batch)


def cmd_batch(args) -> int:
    from claimledger.batch import BatchError, run_batch
    if args.workers < 1:
        print(f"claimledger: --workers must be 1 or more, got {args.workers}", file=sys.stderr)
        return 2
    try:
        summary = run_batch(args.inputs, args.out, engine=args.engine, workers=args.workers,
                            address=args.address, fmt=args.out_format, input_format=args.input_format,
                            text_column=args.text_column, id_column=args.id_column)
    except BatchError as error:
        print(f"claimledger: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(summary.to_dict(), indent=1))
    if summary.interrupted:
        return 130
    if summary.errors:
        print(f"claimledger: {summary.errors} input(s) not analysed; see {os.path.join(args.out, 'errors.jsonl')}",
              file=sys.stderr)
        return 2 if summary.written + summary.already == 0 else 1
    if summary.written + summary.already + summary.duplicates == 0:
        print("claimledger: no article found in the input", file=sys.stderr)
        return 2
    return 0
