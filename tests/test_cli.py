"""`claimledger analyze` as a user runs it: formats, output modes, bad input, the seed check.

``cli`` is the installed command in its own process (the piped stdin, the bad inputs and
usage errors); ``cli_here`` runs the same ``main()`` in this process, where spaCy is loaded
once per session instead of once per command (about 3-5 s each)."""
import io
import json
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from claimledger.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "claimledger" / "samples" / "sample_article.txt"


def cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "claimledger.cli", *args], input=stdin,
                          capture_output=True, timeout=300)


def cli_here(*args) -> subprocess.CompletedProcess:
    """``main(args)`` in this process, its exit code and output shaped like ``cli``'s."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = exit_.code
    return subprocess.CompletedProcess(list(args), code, out.getvalue().encode(), err.getvalue().encode())


def test_readable_report_is_the_default():
    done = cli_here("analyze", str(SAMPLE), "--published", "2025-03-14")
    out = done.stdout.decode()
    assert done.returncode == 0
    assert out.startswith("Cargo ship")
    assert "OVERSTATED" in out
    assert "Mark Harbers" in out and "hypothetical" in out


def test_json_record_and_overrides():
    done = cli_here("analyze", str(SAMPLE), "--json", "--published", "2025-03-14", "--url", "https://example.org/a",
                    "--title", "Another headline")
    rec = json.loads(done.stdout)
    assert rec["schema"] == "claimledger/1"
    assert rec["article"]["url"] == "https://example.org/a"
    assert rec["article"]["title"] == "Another headline"
    assert rec["article"]["published"] == "2025-03-14"


def test_stdin_and_formats(tmp_path):
    """The one analysis through the installed command: a piped article, the default report."""
    text = SAMPLE.read_bytes()
    done = cli("analyze", "-", "--published", "2025-03-14", stdin=text)
    out = done.stdout.decode()
    assert done.returncode == 0 and out.startswith("Cargo ship")
    assert "Mark Harbers" in out and "hypothetical" in out
    rec = json.loads(cli_here("analyze", str(SAMPLE), "--json").stdout)
    assert rec["article"]["title"].startswith("Cargo ship")
    html = ("<html><head><title>Port closed after fire</title></head><body><article><h1>Port closed after fire</h1>"
            "<p>The port of Rotterdam was closed on Monday after a fire broke out in a warehouse, the harbour "
            "authority said.</p><p>A spokesman said that nobody had been injured and that the cause of the fire "
            "was not yet known.</p></article></body></html>")
    p = tmp_path / "page.html"
    p.write_text(html, encoding="utf-8")
    rec = json.loads(cli_here("analyze", str(p), "--json").stdout)
    assert "nobody had been injured" in rec["article"]["text"]
    assert any("nobody had been injured" in c["text"] for c in rec["claims"])
    j = tmp_path / "a.json"
    j.write_text(json.dumps({"title": "T", "text": "The mayor said that the bridge would reopen.",
                             "published": "2024-05-02"}), encoding="utf-8")
    rec = json.loads(cli_here("analyze", str(j), "--json").stdout)
    assert rec["article"]["published"] == "2024-05-02"


def test_jsonl_bad_line_is_reported_and_the_rest_go_on(tmp_path):
    p = tmp_path / "many.jsonl"
    p.write_text('{"text": "The minister said that taxes would rise next year."}\n'
                 '{"text": broken\n'
                 '{"text": "Officials confirmed that the airport had reopened."}\n', encoding="utf-8")
    done = cli_here("analyze", str(p), "--jsonl")
    lines = done.stdout.decode().splitlines()
    assert len(lines) == 2
    assert all(json.loads(l)["schema"] == "claimledger/1" for l in lines)
    err = done.stderr.decode()
    assert "many.jsonl:2" in err and "Traceback" not in err
    assert done.returncode == 1


@pytest.mark.parametrize("content,name", [
    (b"", "empty.txt"),
    (b"\x00\x01\x02\x03binary\x00\x00" * 20, "blob.txt"),
    (b"\xff\xfe\xfa\xfb caf\xe9 \x81\x8d\x8f\x90\x9d" * 5, "latin.txt"),
    (b"some text", "notes.docx"),
])
def test_bad_input_is_one_clear_line_and_exit_2(tmp_path, content, name):
    p = tmp_path / name
    p.write_bytes(content)
    done = cli("analyze", str(p))
    err = done.stderr.decode().strip()
    assert done.returncode == 2
    assert len(err.splitlines()) == 1 and err.startswith("claimledger:") and "Traceback" not in err
    assert done.stdout == b""


def test_missing_file_and_bad_date(tmp_path):
    done = cli("analyze", str(tmp_path / "nope.txt"))
    assert done.returncode == 2 and "nope.txt" in done.stderr.decode()
    done = cli("analyze", str(SAMPLE), "--published", "24/10/2024")
    assert done.returncode == 2 and "YYYY-MM-DD" in done.stderr.decode()


def test_seed_article_scores_at_least_090(shared, tmp_path):
    out = tmp_path / "out.json"
    done = cli_here("analyze", str(shared / "seed/000_3a650b3a81bb68ae.txt"), "--json", "--published", "2024-10-24")
    assert done.returncode == 0
    out.write_bytes(done.stdout)
    score = subprocess.run([sys.executable, str(shared / "tools/score_gold.py"), str(shared / "gold/seed.gold.json"),
                            str(out)], capture_output=True, text=True)
    last = score.stdout.strip().splitlines()[-1]
    passed, total = last.split("=")[0].split(":")[1].split("/")
    assert int(passed) / int(total) >= 0.90, score.stdout
