"""``claimledger serve``: the web UI and REST API with uvicorn.

Binds 127.0.0.1 by default.  Bound to any other address the server is reachable by others,
so it refuses to start without a token (``--token`` or ``$CLAIMLEDGER_TOKEN``), and writes
then need it.
"""
from __future__ import annotations

import os
import sys

from claimledger.ledger import DEFAULT_DB, ENV_DB

ENV_TOKEN = "CLAIMLEDGER_TOKEN"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "serve", help="web UI and REST API over the ledger",
        description="Serve the web UI (articles with their claims highlighted, sources, stories, search, "
                    "analyze, alerts) and the REST API under /api (OpenAPI at /docs and /openapi.json).")
    p.add_argument("--db", metavar="URL", default=None,
                   help=f"database URL (default: ${ENV_DB} if set, else {DEFAULT_DB})")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default 127.0.0.1; any other needs a token)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--token", default=None,
                   help=f"token that writes (store=true, deletes) must carry as 'Authorization: Bearer TOKEN' "
                        f"(default: ${ENV_TOKEN}); required when --host is not a loopback address")
    p.add_argument("--max-body", type=int, default=2 * 1024 * 1024, metavar="BYTES",
                   help="largest request body accepted; larger gets 413 (default 2 MB)")
    p.set_defaults(func=cmd_serve)


def cmd_serve(args) -> int:
    from importlib.util import find_spec
    missing = [m for m in ("fastapi", "uvicorn", "jinja2", "multipart") if find_spec(m) is None]
    if missing:
        print(f"claimledger: serve needs the 'web' extra (pip install 'claimledger[web]'): "
              f"missing {', '.join(missing)}", file=sys.stderr)
        return 2
    token = args.token or os.environ.get(ENV_TOKEN) or None
    if args.host not in LOOPBACK and not token:
        print(f"claimledger: --host {args.host} makes the ledger reachable by others; give --token "
              f"or set ${ENV_TOKEN} so that writes need it", file=sys.stderr)
        return 2
    if not 0 < args.port < 65536:
        print(f"claimledger: --port must be 1-65535, got {args.port}", file=sys.stderr)
        return 2
    import uvicorn

    from claimledger.ledger.store import resolve_url, sqlite_path
    from claimledger.web.app import create_app
    path = sqlite_path(resolve_url(args.db))
    if path is not None and not os.path.exists(path):
        # a mistyped --db would otherwise look like an empty ledger
        print(f"claimledger: no ledger at {path} yet: a new, empty one is created", file=sys.stderr)
    app = create_app(args.db, token=token, max_body=args.max_body)
    from sqlalchemy.engine import make_url
    shown = make_url(app.state.store.url).render_as_string(hide_password=True)
    print(f"claimledger: serving {shown} on http://{args.host}:{args.port}/ "
          f"(writes {'need the token' if token else 'open: loopback only'}); Ctrl-C stops", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
