"""`claimledger watch` end to end with the real pipeline: an RSS file whose first three items
confirm that a warehouse fire was arson gains a fourth in which the owner denies it.  The
fourth raises exactly one alert (first denial after confirmations), listed by `alerts --json`
and POSTed to a webhook receiver run here (down on the first try: no crash, retried)."""
from __future__ import annotations

import json
import threading
from pathlib import Path
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from claimledger.cli import main
from claimledger.ledger.watch import parse_every
from test_web_support import free_port

ITEMS = [
    ("2025-05-05", "https://dunmore-gazette.example/fire-1", "Warehouse fire was arson, fire chief confirms",
     "Fire chief Anna Kowalski confirmed on Monday that the fire at the Dunmore warehouse had been started deliberately."),
    ("2025-05-06", "https://valley-news.example/fire-2", "Detective confirms arson at Dunmore warehouse",
     "Detective inspector Mark Ellison confirmed that the fire at the Dunmore warehouse had been started deliberately."),
    ("2025-05-07", "https://county-post.example/fire-3", "Insurer confirms warehouse fire was arson",
     "The insurer Harlow Mutual confirmed that the fire at the Dunmore warehouse had been started deliberately."),
]
DENIAL = ("2025-05-08", "https://dunmore-gazette.example/fire-4", "Owner denies warehouse fire was arson",
          "The warehouse owner, Peter Lang, denied that the fire at the Dunmore warehouse had been started deliberately.")


def rss(items) -> str:
    import email.utils
    import datetime as dt
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid>"
        f"<pubDate>{email.utils.format_datetime(dt.datetime.fromisoformat(day + 'T09:00:00+00:00'))}</pubDate>"
        f"<description><![CDATA[<p>{body}</p>]]></description></item>"
        for day, link, title, body in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Dunmore news</title>'
            f"<link>https://dunmore.example/</link><description>test feed</description>{entries}</channel></rss>")


class Receiver:
    """A webhook receiver on 127.0.0.1: records every JSON body POSTed to it, and serves
    ``feed`` (a file) on GET, as a news site would."""

    def __init__(self, feed: Path):
        self.bodies = []
        received = self.bodies

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                payload = feed.read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_POST(self):
                received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass
        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.feed_url = f"http://127.0.0.1:{self.server.server_address[1]}/news.rss"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def alerts_json(db, capsys) -> list[dict]:
    capsys.readouterr()
    assert main(["alerts", "--json", "--db", db]) == 0
    return json.loads(capsys.readouterr().out)


def test_a_denial_after_three_confirmations_raises_one_alert_delivered_to_the_webhook(tmp_path, capsys):
    feed = tmp_path / "news.rss"
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    feed.write_text(rss(ITEMS), encoding="utf-8")
    assert main(["watch", str(feed), "--once", "--db", db]) == 0
    assert "3 new" in capsys.readouterr().err
    assert alerts_json(db, capsys) == []

    feed.write_text(rss(ITEMS + [DENIAL]), encoding="utf-8")
    down = f"http://127.0.0.1:{free_port()}/hook"  # nobody listens here
    assert main(["watch", str(feed), "--once", "--db", db, "--webhook", down]) == 0
    err = capsys.readouterr().err
    assert "1 new, 3 unchanged" in err and "not delivered" in err and "will retry" in err
    [alert] = alerts_json(db, capsys)
    assert alert["kind"] == "turned" and alert["delivered_at"] is None
    assert "First denial after 3 confirmations" in alert["message"] and "Peter Lang" in alert["message"]
    assert alert["payload"]["position"]["source"] == "Peter Lang"

    with Receiver(feed) as receiver:  # the same feed, now read over http: nothing new in it
        assert main(["watch", receiver.feed_url, "--once", "--db", db, "--webhook", receiver.url]) == 0
    assert "0 new, 4 unchanged" in capsys.readouterr().err
    assert len(receiver.bodies) == 1
    assert receiver.bodies[0]["type"] == "claimledger.alert"
    assert receiver.bodies[0]["alert"]["id"] == alert["id"]
    assert receiver.bodies[0]["alert"]["kind"] == "turned"
    [delivered] = alerts_json(db, capsys)
    assert delivered["id"] == alert["id"] and delivered["delivered_at"]

    # and on the web: /api/alerts and the /alerts page
    from fastapi.testclient import TestClient

    from claimledger.web.app import create_app
    with TestClient(create_app(db)) as web:
        assert [a["id"] for a in web.get("/api/alerts").json()["items"]] == [alert["id"]]
        page = web.get("/alerts").text
        assert "First denial after 3 confirmations" in page and delivered["delivered_at"] in page


@pytest.mark.parametrize("text, seconds", [("30s", 30), ("10m", 600), ("2h", 7200), ("45", 45)])
def test_every_reads_periods(text, seconds):
    assert parse_every(text) == seconds


def test_bad_arguments_are_one_line_and_exit_2(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'ledger.db'}"
    assert main(["watch", str(tmp_path), "--every", "soon", "--db", db]) == 2
    assert capsys.readouterr().err.strip() == "claimledger: --every must be a period such as 30s, 10m or 2h, got 'soon'"
    assert main(["watch", str(tmp_path), "--once", "--webhook", "ftp://x", "--db", db]) == 2
    assert capsys.readouterr().err.startswith("claimledger: --webhook must be an http(s) URL")
